package syna.storage.internal;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import syna.api.CorruptFileException;
import syna.api.SynaException;
import syna.api.ValueType;
import syna.api.spi.format.Checksums;
import syna.api.spi.format.FileHeader;
import syna.api.spi.format.SealedFile;
import syna.api.spi.format.SealedFiles;
import syna.api.spi.format.SealedOutput;

/**
 * The checkpoint file {@code data.log.ckpt}: the key index of one log as it was at an offset of
 * that log, so an open loads it and scans only the records after that offset. A sealed file
 * ({@link SealedFiles}: header kind {@value #KIND}, provider "log", version {@value #VERSION}, the
 * database id; body; footer with the body's CRC32C), written to {@code data.log.ckpt.tmp}, forced,
 * renamed and the directory forced. Body, little-endian:
 * <pre>
 * u32  format version of the log it describes
 * u32  CRC32C of the log's header bytes but its last 4 (the log's identity: database id, creation time)
 * u64  end: the log offset the checkpoint covers, a unit boundary; [header, end) was forced first
 * u32  tail length t (0..4096), u32 CRC32C of the log bytes [end - t, end): the log still holds them
 * u32  highest namespace id ever defined (ids are never reused)
 * u16  codec count c; c times: u8 length, codec provider name (ASCII), in id order
 * u32  space count s (the user keys first, id 0, name ""; then namespaces by ascending id)
 * s times:
 *   u32 id, u16 name length, name (UTF-8), u64 key count n
 *   n times: u16 key length k (1..65535), key (UTF-8), u8 flags (0x01: entry times out of order),
 *            varint entry count (at least 1), then per entry, oldest first:
 *            u8 type tag (ValueType: 0 null, 1 float64, 2 int64, 3 text, 4 bytes, 5 vector),
 *            varint zig-zag(time - previous time), varint zig-zag(offset - previous offset)
 *            (both previous values start at 0; offset = the record holding the entry),
 *            and for float64 and int64 the 8 value bits
 * </pre>
 * Text, bytes and vector values are not in the file: the entry's offset finds them in the log.
 * Stateless.
 */
final class CheckpointFile {
    /** Header kind of a checkpoint. */
    static final String KIND = "log-checkpoint";
    /** Newest (and only) checkpoint format version. */
    static final int VERSION = 1;
    /** Bytes before the covered end whose CRC ties the checkpoint to the log's content. */
    static final int TAIL_CHECK = 4096;

    private CheckpointFile() {}

    /** What {@link Checkpointer} captured: the spaces of one generation and the end they are taken at. */
    record Snapshot(Generation generation, long end, List<Space> spaces, int maxNamespaceId, List<String> codecs) {}

    /** A checkpoint that was loaded and checked against the log. */
    record Loaded(Spaces spaces, CodecTable codecs, long end, long keys) {}

    /** A checkpoint that cannot be applied to the log; the reason is logged and the file set aside. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean missing;

        Rejected(String reason, Throwable cause) {
            this(reason, cause, false);
        }

        private Rejected(String reason, Throwable cause, boolean missing) {
            super(reason, cause, false, false);
            this.missing = missing;
        }

        /** Whether there is no checkpoint file at all (rather than one that cannot be used). */
        boolean missing() {
            return missing;
        }
    }

    /**
     * CRC32C of the log's header bytes before its own CRC, the log's identity (database id and creation
     * time). Not over the stored CRC too: a CRC over data followed by its own CRC is the same constant
     * for every header.
     */
    static int headerCrc(FileChannel log, int headerLength) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(headerLength);
        readFully(log, b, 0);
        return Checksums.crc32c(b.array(), 0, headerLength - 4);
    }

    /** CRC32C of the log bytes {@code [end - length, end)}. */
    static int tailCrc(FileChannel log, long end, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        readFully(log, b, end - length);
        return Checksums.crc32c(b.array(), 0, length);
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + b.position());
            if (n < 0) {
                throw new java.io.EOFException("end of file at offset " + (pos + b.position()));
            }
        }
    }

    static int tailLength(long end, long logStart) {
        return (int) Math.min(TAIL_CHECK, end - logStart);
    }

    // ---- writing ------------------------------------------------------------------------------

    /**
     * Writes the checkpoint of {@code s} atomically through {@code opener}; returns its size in bytes.
     * The log up to {@code s.end()} must already be forced.
     */
    static long write(LogFiles files, SealedFiles.ChannelOpener opener, UUID databaseId, Snapshot s, int logHeaderCrc,
            int tailLength, int tailCrc) {
        long[] size = new long[1];
        SealedFiles.write(files.checkpoint, FileHeader.of(KIND, LogStorageEngineProvider.NAME, VERSION, databaseId),
                out -> size[0] = body(out, s, logHeaderCrc, tailLength, tailCrc), opener);
        return size[0] + FileHeader.SIZE + SealedFiles.FOOTER_SIZE;
    }

    private static long body(SealedOutput sealed, Snapshot s, int logHeaderCrc, int tailLength, int tailCrc)
            throws IOException {
        Out out = new Out(sealed);
        out.u32(s.generation().formatVersion());
        out.u32(logHeaderCrc);
        out.u64(s.end());
        out.u32(tailLength);
        out.u32(tailCrc);
        out.u32(s.maxNamespaceId());
        out.u16(s.codecs().size());
        for (String c : s.codecs()) {
            byte[] n = c.getBytes(StandardCharsets.US_ASCII);
            out.u8(n.length);
            out.bytes(n, 0, n.length);
        }
        out.u32(s.spaces().size());
        long end = s.end();
        for (Space space : s.spaces()) {
            out.u32(space.id);
            byte[] name = space.name.getBytes(StandardCharsets.UTF_8);
            out.u16(name.length);
            out.bytes(name, 0, name.length);
            // Two passes over the keys there now, counting and then writing those with entries
            // before end: those entries were published before end was taken and never change, and
            // keys added meanwhile have entries past end only.
            int n = space.index.size();
            long[] count = new long[1];
            space.index.forEachEntry(n, new KeyIndex.EntryVisitor() {
                @Override
                public void one(String key, long time, byte tag, long bits, long offset) {
                    count[0] += offset < end ? 1 : 0;
                }

                @Override
                public void many(String key, HistoryView v) {
                    count[0] += v.countBefore(end) > 0 ? 1 : 0;
                }
            });
            out.u64(count[0]);
            long[] written = new long[1];
            space.index.forEachEntry(n, new KeyIndex.EntryVisitor() {
                @Override
                public void one(String key, long time, byte tag, long bits, long offset) throws IOException {
                    if (offset < end) {
                        keyName(out, key);
                        out.u8(0); // sorted
                        out.varint(1);
                        entry(out, tag, time, offset, bits);
                        written[0]++;
                    }
                }

                @Override
                public void many(String key, HistoryView v) throws IOException {
                    if (v.countBefore(end) > 0) {
                        key(out, key, v, end);
                        written[0]++;
                    }
                }
            });
            if (written[0] != count[0]) {
                throw new IllegalStateException("checkpoint of " + space + ": counted " + count[0] + " keys, wrote "
                        + written[0]);
            }
        }
        out.flush();
        return sealed.position();
    }

    private static void keyName(Out out, String key) throws IOException {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        out.u16(k.length);
        out.bytes(k, 0, k.length);
    }

    /** One entry, its time and offset as deltas from the previous entry's (0 for the first). */
    private static void entry(Out out, byte tag, long dTs, long dOffset, long bits) throws IOException {
        out.ensure(1 + 10 + 10 + 8);
        out.u8(tag);
        out.varint(VarInts.zigZag(dTs));
        out.varint(VarInts.zigZag(dOffset));
        if (tag == ValueType.FLOAT64.tag() || tag == ValueType.INT64.tag()) {
            out.u64(bits);
        }
    }

    private static void key(Out out, String key, HistoryView v, long end) throws IOException {
        int n = v.countBefore(end);
        keyName(out, key);
        boolean sorted = true;
        for (int i = 1; i < n && sorted; i++) {
            sorted = v.time(i) >= v.time(i - 1);
        }
        out.u8(sorted ? 0 : 1);
        out.varint(n);
        long prevTs = 0;
        long prevOffset = 0;
        for (int i = 0; i < n; i++) {
            long ts = v.time(i);
            long offset = v.offset(i);
            entry(out, v.tagAt(i), ts - prevTs, offset - prevOffset, v.bitsAt(i));
            prevTs = ts;
            prevOffset = offset;
        }
    }

    /** A little-endian byte buffer in front of a {@link SealedOutput}. Not thread-safe. */
    private static final class Out {
        private final SealedOutput sealed;
        private final byte[] buf = new byte[1 << 16];
        private int n;

        Out(SealedOutput sealed) {
            this.sealed = sealed;
        }

        void ensure(int bytes) throws IOException {
            if (buf.length - n < bytes) {
                flush();
            }
        }

        void flush() throws IOException {
            sealed.writeBytes(buf, 0, n);
            n = 0;
        }

        void u8(int v) throws IOException {
            ensure(1);
            buf[n++] = (byte) v;
        }

        void u16(int v) throws IOException {
            ensure(2);
            buf[n++] = (byte) v;
            buf[n++] = (byte) (v >>> 8);
        }

        void u32(int v) throws IOException {
            ensure(4);
            RecordBuffer.INT.set(buf, n, v);
            n += 4;
        }

        void u64(long v) throws IOException {
            ensure(8);
            for (int i = 0; i < 8; i++) {
                buf[n++] = (byte) (v >>> (8 * i));
            }
        }

        void varint(long v) throws IOException {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[n++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[n++] = (byte) v;
        }

        void bytes(byte[] b, int off, int len) throws IOException {
            if (len > buf.length - n) {
                flush();
                sealed.writeBytes(b, off, len);
                return;
            }
            System.arraycopy(b, off, buf, n, len);
            n += len;
        }
    }

    // ---- loading ------------------------------------------------------------------------------

    /**
     * Loads {@code files.checkpoint} and checks it describes {@code log} (database id, format
     * version, header, the bytes before its end); throws {@link Rejected} with the reason when it is
     * missing, damaged or of another log.
     *
     * @param logStart offset of the first record (the log's header length)
     * @param logSize the log's size now
     */
    static Loaded load(LogFiles files, FileChannel log, UUID databaseId, int logVersion, int logHeaderCrc,
            long logStart, long logSize) throws Rejected {
        Path file = files.checkpoint;
        if (!Files.exists(file)) {
            throw new Rejected("no checkpoint " + file, null, true);
        }
        try (SealedFile sealed = SealedFiles.open(file, KIND, LogStorageEngineProvider.NAME, VERSION)) {
            if (!sealed.header().databaseId().equals(databaseId)) {
                throw new Rejected("checkpoint of database " + sealed.header().databaseId() + ", the log is of "
                        + databaseId, null);
            }
            In in = new In(sealed.body(), file);
            int version = in.u32();
            if (version != logVersion) {
                throw new Rejected("checkpoint of a format-" + version + " log, the log is format " + logVersion, null);
            }
            if (in.u32() != logHeaderCrc) {
                throw new Rejected("checkpoint of another log file (header CRC differs: a compaction or a new log"
                        + " replaced it)", null);
            }
            long end = in.u64();
            int tailLength = in.u32();
            int tailCrc = in.u32();
            if (end < logStart || end > logSize) {
                throw new Rejected("checkpoint covers the log up to offset " + end + ", the log holds [" + logStart
                        + ", " + logSize + ")", null);
            }
            if (tailLength != tailLength(end, logStart) || tailCrc(log, end, tailLength) != tailCrc) {
                throw new Rejected("the log's bytes before offset " + end + " are not the ones the checkpoint was"
                        + " taken over", null);
            }
            return spaces(in, end, logStart, file);
        } catch (SynaException | IOException | IllegalStateException e) {
            throw new Rejected("checkpoint " + file + " is unreadable: " + e.getMessage(), e);
        }
    }

    private static Loaded spaces(In in, long end, long logStart, Path file) throws IOException {
        int maxId = in.u32();
        CodecTable codecs = new CodecTable();
        int c = in.u16();
        for (int i = 0; i < c; i++) {
            codecs.register(i, in.string(in.u8(), StandardCharsets.US_ASCII));
        }
        int count = in.u32();
        if (count < 1 || count > maxId + 1) {
            throw in.corrupt(count + " key spaces with namespace ids up to " + maxId);
        }
        Space user = null;
        List<Space> namespaces = new ArrayList<>();
        long keys = 0;
        int lastId = -1;
        Scratch scratch = new Scratch();
        for (int s = 0; s < count; s++) {
            int id = in.u32();
            String name = in.string(in.u16(), StandardCharsets.UTF_8);
            if (s == 0 ? id != Space.USER || !name.isEmpty() : id <= lastId || id > maxId || name.isEmpty()) {
                throw in.corrupt("key space " + s + " has id " + id + " and name '" + name + "'");
            }
            lastId = id;
            long n = in.u64();
            if (n < 0 || n > Integer.MAX_VALUE) {
                throw in.corrupt("key space " + id + " claims " + n + " keys");
            }
            Space space = new Space(id, name, new KeyIndex((int) n));
            long live = 0;
            long entries = 0;
            for (long k = 0; k < n; k++) {
                String key = in.string(in.u16(), StandardCharsets.UTF_8);
                if (key.isEmpty()) {
                    throw in.corrupt("empty key in key space " + id);
                }
                int m = entries(in, scratch, end, logStart);
                byte last = scratch.types[m - 1];
                if (m == 1) {
                    space.index.load(key, scratch.ts[0], last, scratch.bits[0], scratch.offsets[0]);
                } else {
                    space.index.load(key, scratch.view(m));
                }
                live += last != ValueType.NULL.tag() ? 1 : 0;
                entries += m;
            }
            String twice = space.index.index();
            if (twice != null) {
                throw in.corrupt("key '" + twice + "' twice in key space " + id);
            }
            space.count(live, entries); // once: the counters are volatile
            keys += n;
            if (s == 0) {
                user = space;
            } else {
                namespaces.add(space);
            }
        }
        if (!in.atEnd()) {
            throw in.corrupt("bytes after the last key space");
        }
        return new Loaded(new Spaces(user, namespaces, maxId), codecs, end, keys);
    }

    /** Reusable arrays for one key's entries while they are read. */
    private static final class Scratch {
        long[] ts = new long[16];
        byte[] types = new byte[16];
        long[] bits = new long[16];
        long[] offsets = new long[16];

        boolean unsorted;

        /**
         * The first {@code n} entries as a view of their own arrays: the index keeps it until the
         * key is written again (see {@link KeyIndex}).
         */
        HistoryView view(int n) {
            return new HistoryView(n, java.util.Arrays.copyOf(ts, n), java.util.Arrays.copyOf(types, n),
                    java.util.Arrays.copyOf(bits, n), java.util.Arrays.copyOf(offsets, n),
                    HistoryView.numericLatest(types[n - 1], bits[n - 1]), !unsorted);
        }

        void ensure(int n) {
            if (ts.length < n) {
                int cap = Math.max(n, ts.length * 2);
                ts = new long[cap];
                types = new byte[cap];
                bits = new long[cap];
                offsets = new long[cap];
            }
        }
    }

    /** Reads one key's entries into {@code sc}; returns how many. */
    private static int entries(In in, Scratch sc, long end, long logStart) throws IOException {
        boolean unsorted = switch (in.u8()) {
            case 0 -> false;
            case 1 -> true;
            default -> throw in.corrupt("unknown key flags");
        };
        long n = in.varint();
        if (n < 1 || n > Integer.MAX_VALUE - 8 || n > in.remaining() / 3) { // an entry takes at least 3 bytes
            throw in.corrupt("key with " + n + " entries");
        }
        int count = (int) n;
        sc.ensure(count);
        long ts = 0;
        long offset = 0;
        for (int i = 0; i < count; i++) {
            int tag = in.u8();
            ts += VarInts.unZigZag(in.varint());
            long next = offset + VarInts.unZigZag(in.varint());
            if (next < logStart || next >= end || next < offset || tag > ValueType.VECTOR.tag()) {
                throw in.corrupt("entry " + i + " of type " + tag + " at log offset " + next
                        + " (covered: [" + logStart + ", " + end + "))");
            }
            offset = next;
            sc.ts[i] = ts;
            sc.types[i] = (byte) tag;
            sc.offsets[i] = offset;
            sc.bits[i] = tag == ValueType.FLOAT64.tag() || tag == ValueType.INT64.tag() ? in.u64() : 0;
        }
        sc.unsorted = unsorted;
        return count;
    }

    /** Reads the mapped body through a heap window (fast byte access, no 2 GiB limit). Not thread-safe. */
    private static final class In {
        private static final int WINDOW = 1 << 20;
        private final MemorySegment body;
        private final Path file;
        private final byte[] buf = new byte[WINDOW];
        /** Body offset of {@code buf[0]}. */
        private long base;
        private int pos;
        private int limit;

        In(MemorySegment body, Path file) {
            this.body = body;
            this.file = file;
        }

        CorruptFileException corrupt(String what) {
            return new CorruptFileException(file, FileHeader.SIZE + base + pos, "checkpoint: " + what);
        }

        long remaining() {
            return body.byteSize() - base - pos;
        }

        boolean atEnd() {
            return remaining() == 0;
        }

        /** Makes {@code n} bytes (at most the window) readable at {@code pos}. */
        private void need(int n) {
            if (limit - pos >= n) {
                return;
            }
            long left = body.byteSize() - base - pos;
            if (left < n) {
                throw corrupt("ends early (" + n + " bytes needed, " + left + " left)");
            }
            int keep = limit - pos;
            System.arraycopy(buf, pos, buf, 0, keep);
            base += pos;
            pos = 0;
            int more = (int) Math.min(buf.length - keep, body.byteSize() - base - keep);
            MemorySegment.copy(body, ValueLayout.JAVA_BYTE, base + keep, buf, keep, more);
            limit = keep + more;
        }

        int u8() {
            need(1);
            return buf[pos++] & 0xFF;
        }

        int u16() {
            need(2);
            int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8;
            pos += 2;
            return v;
        }

        int u32() {
            need(4);
            int v = (int) RecordBuffer.INT.get(buf, pos);
            pos += 4;
            return v;
        }

        long u64() {
            need(8);
            long v = 0;
            for (int i = 7; i >= 0; i--) {
                v = v << 8 | (buf[pos + i] & 0xFF);
            }
            pos += 8;
            return v;
        }

        long varint() {
            if (limit - pos < 10) {
                need((int) Math.min(10, remaining()));
            }
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= limit) {
                    throw corrupt("varint runs past the end");
                }
                int b = buf[pos++];
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw corrupt("varint longer than 10 bytes");
        }

        String string(int length, java.nio.charset.Charset cs) {
            need(length);
            String s = new String(buf, pos, length, cs);
            pos += length;
            return s;
        }
    }
}
