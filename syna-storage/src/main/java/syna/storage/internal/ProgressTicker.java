package syna.storage.internal;

import syna.api.Progress;

/**
 * Passes a long operation's progress to a {@link Progress} at its start, about every 100 ms, and at its
 * end: {@link #tick} is cheap enough to call per record or per key (one clock read every 256 calls).
 * Not thread-safe; one per operation, on the thread doing the work.
 */
final class ProgressTicker {
    private static final long EVERY_NANOS = 100_000_000L;

    private final Progress progress;
    private final String phase;
    private final long total;
    private long last;
    private int calls;

    /** Reports {@code 0 / total} at once. */
    ProgressTicker(Progress progress, String phase, long total) {
        this.progress = progress;
        this.phase = phase;
        this.total = Math.max(0, total);
        progress.update(phase, 0, this.total);
        last = System.nanoTime();
    }

    /** {@code done} units so far; reported when 100 ms have passed since the last report. */
    void tick(long done) {
        if ((++calls & 255) != 0) {
            return;
        }
        long now = System.nanoTime();
        if (now - last >= EVERY_NANOS) {
            last = now;
            progress.update(phase, Math.min(done, total), total);
        }
    }

    /** The work is done: reports {@code total / total}. */
    void finish() {
        progress.update(phase, total, total);
    }
}
