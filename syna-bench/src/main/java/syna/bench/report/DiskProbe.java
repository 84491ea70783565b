package syna.bench.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;
import syna.bench.store.EngineException;
import syna.bench.workload.Latencies;
import syna.bench.workload.Measurement;

/**
 * The disk's raw sync rate: append 4 KiB and {@code force} it, over and over, on the file system
 * the stores use. Bounds every {@code ALWAYS} figure from above. Thread-safe (stateless).
 */
public final class DiskProbe {
    private static final int BLOCK = 4096;

    private DiskProbe() {}

    /**
     * Appends {@code ops} blocks of 4 KiB to a new file in {@code dir}, each followed by
     * {@code force(metadata)} ({@code true}: fsync, {@code false}: fdatasync), after a short
     * warm-up; stops early after {@code maxNanos}. The file is deleted.
     */
    public static Measurement syncRate(Path dir, boolean metadata, int ops, long maxNanos, long seed) {
        Path file = dir.resolve("fsync-probe-" + (metadata ? "fsync" : "fdatasync"));
        byte[] block = new byte[BLOCK];
        new SplittableRandom(seed).nextBytes(block);
        ByteBuffer buffer = ByteBuffer.allocateDirect(BLOCK);
        Latencies lat = new Latencies(ops);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int i = 0; i < Math.min(50, ops); i++) {
                append(ch, buffer, block, metadata);
            }
            long start = System.nanoTime();
            long end = start;
            while (lat.count() < ops && end - start < maxNanos) {
                long t0 = System.nanoTime();
                append(ch, buffer, block, metadata);
                end = System.nanoTime();
                lat.record(end - t0);
            }
            long[] sorted = Latencies.mergeSorted(List.of(lat));
            return new Measurement(sorted.length, end - start, Latencies.quantileMicros(sorted, 0.5),
                    Latencies.quantileMicros(sorted, 0.99), Latencies.quantileMicros(sorted, 0.999),
                    Latencies.quantileMicros(sorted, 1.0), Double.NaN, 0);
        } catch (IOException e) {
            throw new EngineException("disk probe", "append+force to " + file, e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A leftover probe file in a temp directory is harmless; the run goes on.
            }
        }
    }

    private static void append(FileChannel ch, ByteBuffer buffer, byte[] block, boolean metadata) throws IOException {
        buffer.clear();
        buffer.put(block).flip();
        while (buffer.hasRemaining()) {
            ch.write(buffer);
        }
        ch.force(metadata);
    }
}
