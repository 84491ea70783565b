package syna.api.spi;

/** An open GPU device. Owners close it; {@code close()} is idempotent. Thread-safe. */
public interface GpuBackend extends AutoCloseable {
    /** Human-readable device name. */
    String deviceName();

    /** Total device memory in bytes. */
    long totalMemoryBytes();

    @Override
    void close();
}
