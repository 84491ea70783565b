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
 * <p>Two sizes of map. The file is cut into windows of {@link #WINDOW} bytes, window {@code i}
 * starting at {@code i * WINDOW} and reaching {@link #SLACK} bytes into the next one, so a record of
 * up to {@code SLACK} bytes that starts in a window lies wholly inside it; a window is mapped once the
 * file holds all of it, and then serves every read in it. Before that, while the writer appends to
 * it, reads are served by <em>pieces</em> of {@link #PIECE} bytes (plus the same slack), each mapped
 * on the first read in it: a full piece is mapped once, so the pages a hot key's recent records sit on
 * are faulted in once, not again on every remap of a large tail map. Only the last, partial piece is
 * mapped again, when a read needs bytes appended after its end, and at most once per {@link
 * #RETRY_NANOS}; reads in between, and records longer than {@code SLACK}, take the caller's positional
 * read. When a window is mapped whole, its pieces are dropped.
 *
 * <p>Readers never lock: the window and piece tables are replaced whole, and a miss that must wait
 * for the retry interval returns without locking or a system call. Maps belong to {@link
 * Arena#ofAuto()}: one a reader still holds stays valid, and the collector unmaps it when no reader
 * does, so a compaction that retires the file or a close racing a read never leaves a reader on
 * unmapped memory. Appends never change mapped bytes, and the log is cut only by an open (before any
 * map) or a compaction's rename (a new file).
 */
final class LogMap {
    /** Bytes a window starts apart. */
    static final long WINDOW = 1L << 28;
    /** Bytes a piece starts apart; a window holds a whole number of pieces. */
    static final long PIECE = 1L << 20;
    /** Bytes a window or piece reaches past its successor's start: the longest record a map read serves. */
    static final long SLACK = 1L << 16;
    /** Least time between two maps of the same partial piece. */
    static final long RETRY_NANOS = 20_000_000L;

    private final FileChannel channel;
    private final long window;
    private final long piece;
    private final long slack;
    private final long retryNanos;
    /** Whole windows by number; null where not mapped. */
    private volatile MemorySegment[] windows = new MemorySegment[0];
    /** Pieces of windows not mapped whole: {@code maps[k]} is piece number {@code first + k}, or null. */
    private record Pieces(long first, MemorySegment[] maps) {
        MemorySegment get(long p) {
            long k = p - first;
            return k >= 0 && k < maps.length ? maps[(int) k] : null;
        }

        /** These pieces with piece {@code p} mapped by {@code m}. */
        Pieces with(long p, MemorySegment m) {
            if (maps.length == 0) {
                return new Pieces(p, new MemorySegment[] {m});
            }
            long lo = Math.min(first, p);
            long hi = Math.max(first + maps.length, p + 1);
            MemorySegment[] next = new MemorySegment[(int) (hi - lo)];
            System.arraycopy(maps, 0, next, (int) (first - lo), maps.length);
            next[(int) (p - lo)] = m;
            return new Pieces(lo, next);
        }

        /** These pieces without pieces {@code [from, to)}, leading and trailing empty slots trimmed. */
        Pieces without(long from, long to) {
            MemorySegment[] next = maps.clone();
            for (long p = Math.max(from, first); p < Math.min(to, first + maps.length); p++) {
                next[(int) (p - first)] = null;
            }
            int lo = 0;
            int hi = next.length;
            while (lo < hi && next[lo] == null) {
                lo++;
            }
            while (hi > lo && next[hi - 1] == null) {
                hi--;
            }
            return new Pieces(first + lo, Arrays.copyOfRange(next, lo, hi));
        }
    }

    private volatile Pieces pieces = new Pieces(0, new MemorySegment[0]);
    /** {@link System#nanoTime()} of the last map of a partial piece. */
    private volatile long partialAt;
    /** A map of the written part of a window not yet mapped whole: serves {@link #span} reads. */
    private record Tail(long window, MemorySegment map) {}

    private volatile Tail tail;
    /** {@link System#nanoTime()} of the last map of a tail. */
    private volatile long tailAt;

    LogMap(FileChannel channel) {
        this(channel, WINDOW, PIECE, SLACK, RETRY_NANOS);
    }

    /** Maps with other sizes (tests: windows of a few KiB); {@code window} a multiple of {@code piece}. */
    LogMap(FileChannel channel, long window, long piece, long slack, long retryNanos) {
        if (piece <= 0 || window < piece || window % piece != 0 || slack <= 0 || slack > piece || retryNanos < 0) {
            throw new IllegalArgumentException(
                    "window " + window + ", piece " + piece + ", slack " + slack + ", retry " + retryNanos + " ns");
        }
        this.channel = channel;
        this.window = window;
        this.piece = piece;
        this.slack = slack;
        this.retryNanos = retryNanos;
        this.partialAt = System.nanoTime() - retryNanos;
    }

    /** The longest record a map read serves. */
    long slack() {
        return slack;
    }

    /**
     * A segment whose byte 0 is file offset {@code offset} and which holds at least {@code length}
     * bytes; null when those bytes are not mapped (read them with the channel).
     */
    MemorySegment at(long offset, long length) {
        if (length > slack || offset < 0 || length < 0) {
            return null;
        }
        long i = offset / window;
        MemorySegment[] w = windows;
        if (i < w.length && w[(int) i] != null) {
            return w[(int) i].asSlice(offset - i * window); // a whole window holds any record starting in it
        }
        long p = offset / piece;
        MemorySegment m = pieces.get(p);
        if (m != null) {
            long rel = offset - p * piece;
            if (rel + length <= m.byteSize()) {
                return m.asSlice(rel);
            }
            if (System.nanoTime() - partialAt < retryNanos) {
                return null; // a partial piece, mapped again only after the retry interval
            }
        }
        return map(offset, length);
    }

    /**
     * A segment of exactly the {@code length} bytes at file offset {@code offset}, of any length: the
     * read of a large value without a copy. Served by the whole window the bytes lie in (mapped now if
     * the file holds it), else by a map of the written part of that window, mapped again for bytes
     * appended after it at most once per {@link #RETRY_NANOS} (the first map of a window's tail is
     * made at once); null when the bytes cross a window's
     * slack, are not written yet, or wait for that interval (read them with the channel).
     */
    MemorySegment span(long offset, long length) {
        if (offset < 0 || length < 0) {
            return null;
        }
        long i = offset / window;
        long wStart = i * window;
        if (offset + length > wStart + window + slack) {
            return null; // crosses into the next window past the slack: no single map holds it
        }
        MemorySegment[] w = windows;
        if (i < w.length && w[(int) i] != null) {
            return w[(int) i].asSlice(offset - wStart, length);
        }
        Tail t = tail;
        if (t != null && t.window() == i && offset + length <= wStart + t.map().byteSize()) {
            return t.map().asSlice(offset - wStart, length);
        }
        return mapSpan(offset, length);
    }

    private synchronized MemorySegment mapSpan(long offset, long length) {
        try {
            long size = channel.size();
            if (size < offset + length) {
                return null;
            }
            long i = offset / window;
            long wStart = i * window;
            if (size >= wStart + window + slack) {
                MemorySegment m = map(wStart, 0); // maps the window whole (or finds it mapped)
                MemorySegment[] w = windows;
                if (m != null && i < w.length && w[(int) i] != null) {
                    return w[(int) i].asSlice(offset - wStart, length);
                }
                return null;
            }
            Tail t = tail;
            if (t != null && t.window() == i && offset + length <= wStart + t.map().byteSize()) {
                return t.map().asSlice(offset - wStart, length);
            }
            if (t != null && t.window() == i && System.nanoTime() - tailAt < retryNanos) {
                return null; // this window's tail was mapped a moment ago: not again before the interval
            }
            MemorySegment m = channel.map(FileChannel.MapMode.READ_ONLY, wStart, size - wStart, Arena.ofAuto());
            tail = new Tail(i, m);
            tailAt = System.nanoTime();
            return m.asSlice(offset - wStart, length);
        } catch (IOException | UnsupportedOperationException | IllegalStateException e) {
            return null; // a closed channel, or a file system without maps: the positional read answers
        }
    }

    private synchronized MemorySegment map(long offset, long length) {
        try {
            long size = channel.size();
            if (size < offset + length) {
                return null; // not written yet (or a length past the end: the caller's read reports it)
            }
            long i = offset / window;
            long wStart = i * window;
            if (size >= wStart + window + slack) {
                MemorySegment[] w = windows;
                MemorySegment m = i < w.length ? w[(int) i] : null;
                if (m == null) {
                    m = channel.map(FileChannel.MapMode.READ_ONLY, wStart, window + slack, Arena.ofAuto());
                    MemorySegment[] next = Arrays.copyOf(w, (int) Math.max(w.length, i + 1));
                    next[(int) i] = m;
                    windows = next;
                    pieces = pieces.without(wStart / piece, (wStart + window) / piece);
                    Tail t = tail;
                    if (t != null && t.window() == i) {
                        tail = null; // the window serves its spans now
                    }
                }
                return m.asSlice(offset - wStart);
            }
            long p = offset / piece;
            long pStart = p * piece;
            long end = Math.min(size, pStart + piece + slack);
            MemorySegment old = pieces.get(p);
            if (old == null || old.byteSize() < end - pStart) {
                MemorySegment m = channel.map(FileChannel.MapMode.READ_ONLY, pStart, end - pStart, Arena.ofAuto());
                pieces = pieces.with(p, m);
                old = m;
                if (end < pStart + piece + slack) {
                    partialAt = System.nanoTime();
                }
            }
            long rel = offset - pStart;
            return rel + length <= old.byteSize() ? old.asSlice(rel) : null;
        } catch (IOException | UnsupportedOperationException | IllegalStateException e) {
            return null; // a closed channel, or a file system without maps: the positional read answers
        }
    }

    /** Pieces mapped now (tests). */
    int piecesMapped() {
        int n = 0;
        for (MemorySegment m : pieces.maps()) {
            n += m == null ? 0 : 1;
        }
        return n;
    }
}
