package syna.storage.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Read-only memory maps of one log file, so that a get reads its record from the page cache without a
 * system call and without a copy of the value on the heap (issue 15: the latest values of text and
 * bytes are no longer kept per key on the heap).
 *
 * <p>The file is mapped in windows of {@link #WINDOW} bytes, window {@code i} starting at {@code i *
 * WINDOW} and reaching {@link #SLACK} bytes into the next one, so a record of up to {@code SLACK}
 * bytes that starts in a window lies wholly inside it. A window is mapped once the file covers it;
 * the last, partial window is mapped up to the file's end and mapped again when a read needs bytes
 * appended after that, at most once per {@link #REMAP_STEP} bytes of growth (reads in between take
 * the caller's positional read, as do records longer than {@code SLACK}). Readers never lock: the
 * window table is replaced whole. Maps belong to {@link Arena#ofAuto()}: one a reader still holds stays
 * valid, and the collector unmaps it when no reader does, so a compaction that retires the file or a
 * close racing a read never leaves a reader on unmapped memory. Appends never change mapped bytes,
 * and the log is cut only by an open (before any map) or a compaction's rename (a new file).
 */
final class LogMap {
    /** Bytes a window starts apart. */
    static final long WINDOW = 1L << 28;
    /** Bytes a window reaches past its successor's start: the longest record a window read serves. */
    static final long SLACK = 1L << 16;
    /** Growth of the file after which the last window is mapped again for a read beyond its end. */
    static final long REMAP_STEP = 1L << 20;

    private final FileChannel channel;
    private final long window;
    private final long slack;
    private final long remapStep;
    private volatile MemorySegment[] windows = new MemorySegment[0];
    /** File size at the last attempt to map the tail window past its end (no retry below + REMAP_STEP). */
    private long triedAt = -1;

    LogMap(FileChannel channel) {
        this(channel, WINDOW, SLACK, REMAP_STEP);
    }

    /** Maps with other sizes (tests: windows of a few KiB); {@code slack} at most {@code window}. */
    LogMap(FileChannel channel, long window, long slack, long remapStep) {
        if (window <= 0 || slack <= 0 || slack > window || remapStep <= 0) {
            throw new IllegalArgumentException("window " + window + ", slack " + slack + ", remap step " + remapStep);
        }
        this.channel = channel;
        this.window = window;
        this.slack = slack;
        this.remapStep = remapStep;
    }

    /** The longest record a window read serves. */
    long slack() {
        return slack;
    }

    /**
     * The mapped segment whose byte 0 is file offset {@code windowStart(offset)}, holding {@code
     * [offset, offset + length)}; null when those bytes are not mapped yet (read them with the channel).
     */
    MemorySegment window(long offset, long length) {
        if (length > slack || offset < 0) {
            return null;
        }
        int i = (int) (offset / window);
        MemorySegment[] w = windows;
        if (i < w.length && w[i] != null && offset - start(i) + length <= w[i].byteSize()) {
            return w[i];
        }
        return map(i, offset + length);
    }

    /** File offset of byte 0 of the window holding {@code offset}. */
    long base(long offset) {
        return offset / window * window;
    }

    private long start(int i) {
        return i * window;
    }

    private synchronized MemorySegment map(int i, long end) {
        MemorySegment[] w = windows;
        if (i < w.length && w[i] != null && end - start(i) <= w[i].byteSize()) {
            return w[i];
        }
        try {
            long size = channel.size();
            if (size < end) {
                return null; // not written yet (or the caller's length runs past the end: its read reports it)
            }
            long full = start(i) + window + slack;
            if (size < full) { // the tail window: map what there is, again only after REMAP_STEP of growth
                if (triedAt >= 0 && size < triedAt + remapStep && i < w.length && w[i] != null) {
                    return null;
                }
                triedAt = size;
            }
            long to = Math.min(size, full);
            MemorySegment m = channel.map(FileChannel.MapMode.READ_ONLY, start(i), to - start(i), Arena.ofAuto());
            MemorySegment[] next = Arrays.copyOf(w, Math.max(w.length, i + 1));
            next[i] = m;
            windows = next;
            return m;
        } catch (IOException | UnsupportedOperationException | IllegalStateException e) {
            return null; // a closed channel, or a file system without maps: the positional read answers
        }
    }
}
