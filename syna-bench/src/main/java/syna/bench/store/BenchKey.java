package syna.bench.store;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A benchmark key as text and as its UTF-8 bytes, both made before timing starts. Immutable and
 * thread-safe (the array is never written after construction).
 *
 * @param text the key as a string (what Syna takes)
 * @param bytes the key as UTF-8 (what the peers take)
 */
public record BenchKey(String text, byte[] bytes) {

    /** Checks both parts are present. */
    public BenchKey {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(bytes, "bytes");
    }

    /** The key {@code prefix + index}, zero-padded to ten digits as YCSB's {@code user...} keys. */
    public static BenchKey of(String prefix, long index) {
        String text = prefix + String.format("%010d", index);
        return new BenchKey(text, text.getBytes(StandardCharsets.UTF_8));
    }
}
