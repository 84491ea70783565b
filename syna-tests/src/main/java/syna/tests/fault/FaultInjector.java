package syna.tests.fault;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Decides which write fails and remembers which bytes were forced. One injector per simulated
 * process lifetime: configure it, hand {@link #open} to the engine, run a workload, then
 * {@link #powerLoss()} if the scenario calls for it and reopen the files without the injector.
 * Thread-safe.
 */
public final class FaultInjector {
    private long failAtWrite = Long.MAX_VALUE;
    private int tearBytes;
    private long writes;
    private boolean crashed;
    private final Map<Path, Long> forced = new HashMap<>();

    private FaultInjector() {}

    /** An injector that injects nothing until told to. */
    public static FaultInjector create() {
        return new FaultInjector();
    }

    /**
     * Makes the {@code n}-th write (1-based, counted over all channels) the crash: it stores only its
     * first {@code tearBytes} bytes (0 for none) and throws; every later write or force throws too.
     */
    public synchronized FaultInjector crashAtWrite(long n, int tearBytes) {
        if (n < 1 || tearBytes < 0) {
            throw new IllegalArgumentException("crashAtWrite(n >= 1, tearBytes >= 0), got " + n + ", " + tearBytes);
        }
        this.failAtWrite = n;
        this.tearBytes = tearBytes;
        return this;
    }

    /** Opens {@code path} like {@link FileChannel#open(Path, OpenOption...)}, wrapped with faults. */
    public FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException {
        FileChannel real = FileChannel.open(path, options);
        Path key = path.toAbsolutePath().normalize();
        synchronized (this) {
            if (crashed && (options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND))) {
                real.close();
                throw new IOException("injected crash: process is dead, cannot open " + path);
            }
            forced.put(key, real.size());
        }
        return new FaultyFileChannel(this, key, real);
    }

    /** Writes seen so far. */
    public synchronized long writes() {
        return writes;
    }

    /** Whether the crash happened. */
    public synchronized boolean crashed() {
        return crashed;
    }

    /**
     * Power loss: cuts each file this injector opened back to its length at its last force (or at
     * open). Call after the engine was abandoned; files that no longer exist are skipped.
     */
    public synchronized void powerLoss() throws IOException {
        crashed = true;
        for (Map.Entry<Path, Long> e : forced.entrySet()) {
            if (!e.getKey().toFile().exists()) {
                continue;
            }
            try (FileChannel ch = FileChannel.open(e.getKey(), StandardOpenOption.WRITE)) {
                if (ch.size() > e.getValue()) {
                    ch.truncate(e.getValue());
                }
            }
        }
    }

    /**
     * Called before each write of {@code length} bytes: returns how many bytes may be written (the
     * full length, or the torn prefix), or throws when the process is already dead.
     */
    synchronized int beforeWrite(Path file, int length) throws IOException {
        if (crashed) {
            throw new IOException("injected crash: write to " + file + " after the crash");
        }
        writes++;
        if (writes == failAtWrite) {
            crashed = true;
            return Math.min(tearBytes, length);
        }
        return length;
    }

    synchronized void beforeForce(Path file) throws IOException {
        if (crashed) {
            throw new IOException("injected crash: force of " + file + " after the crash");
        }
    }

    synchronized void afterForce(Path file, long size) {
        forced.merge(file, size, Math::max);
    }

    synchronized void truncated(Path file, long size) {
        forced.computeIfPresent(file, (k, v) -> Math.min(v, size));
    }

    synchronized boolean isCrashed() {
        return crashed;
    }
}
