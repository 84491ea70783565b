package syna.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The kernel's dirty and under-writeback page-cache bytes ({@code /proc/meminfo}). A sync-bound
 * workload that starts while gigabytes from an earlier workload are still being written back
 * measures the writeback, not the engine: the first run of this benchmark showed ALWAYS figures
 * 15x lower for the engines that happened to go first. Thread-safe (stateless).
 */
public final class DirtyPages {
    private DirtyPages() {}

    /** Dirty + Writeback bytes now, empty where {@code /proc/meminfo} is unreadable (not Linux). */
    public static OptionalLong bytes() {
        try {
            long kb = 0;
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("Dirty:") || line.startsWith("Writeback:")) {
                    kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return OptionalLong.of(kb * 1024);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Waits, polling every 50 ms, until at most {@code limit} bytes are dirty or {@code maxMillis}
     * passed; returns the dirty bytes left (0 when unknown).
     */
    public static long awaitBelow(long limit, long maxMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        while (true) {
            OptionalLong now = bytes();
            if (now.isEmpty() || now.getAsLong() <= limit || System.nanoTime() > deadline) {
                return now.orElse(0);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }
}
