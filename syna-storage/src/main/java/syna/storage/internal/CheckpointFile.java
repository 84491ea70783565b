package syna.storage.internal;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 *   u32 id, u16 name length, name (UTF-8), u64 key count n, u32 keys a block B ({@link KeyIndex#PAGE})
 *   u32 c: 0, or the key index's hash table: c (a power of two, at least 2n) x u32 slot, each 0 or
 *            key number + 1 with hash bits above ({@link KeyIndex#enter}); absent past
 *            {@value #MAX_STORED_SLOTS} slots, where the open builds it
 *   ceil(n / B) blocks of B keys (the last one of the rest), k keys each, key numbers from k0:
 *     u64 key bytes b (k..65535 k)
 *     k x u16 key length (1..65535)
 *     k x u32 key hash (String.hashCode of the key)
 *     k x u64 time, k x u64 bits (float64 and int64 values; else 0) of a key with one entry
 *     k x u64 place of a key with one entry: type tag (ValueType: 0 null, 1 float64, 2 int64, 3 text,
 *            4 bytes, 5 vector) in the top byte, the offset of the record holding it below; or all
 *            ones: a key with several entries (time and bits 0)
 *     u32 m, m times, by ascending key number: u32 key number (in [k0, k0 + k)), u8 flags (0x01:
 *            entry times out of order), varint entry count (at least 2), then per entry, oldest
 *            first: u8 type tag, varint zig-zag(time - previous time), varint zig-zag(offset -
 *            previous offset) (both previous values start at 0), and for float64 and int64 the 8
 *            value bits
 *     the keys' UTF-8 bytes back to back (b bytes)
 * </pre>
 * An open copies each column of a block into a page of the index as it is ({@link
 * KeyIndex#loaded}): no key string, no decoding, no hashing (issue 15: format 1, key by key with
 * varint entries, decoded and hashed a million keys in 130-330 ms). A block is what the writer
 * gathers before writing it, so one pass over the index writes them all. Format 1, still read: per
 * space u32 id, name, u64 n, then per key u16 key length, key, u8 flags, varint entry count (at
 * least 1), the entries as above.
 * Text, bytes and vector values are not in the file: the entry's offset finds them in the log.
 * Stateless.
 */
final class CheckpointFile {
    /** Header kind of a checkpoint. */
    static final String KIND = "log-checkpoint";
    /** Newest (and only) checkpoint format version. */
    static final int VERSION = 2;
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
        for (Space space : s.spaces()) {
            out.u32(space.id);
            byte[] name = space.name.getBytes(StandardCharsets.UTF_8);
            out.u16(name.length);
            out.bytes(name, 0, name.length);
            columns(out, space.index, s.end());
        }
        out.flush();
        return sealed.position();
    }

    /**
     * One pass over the first {@code n} keys of an index, visiting those with entries before {@code
     * end} in order, numbered from 0 ({@code w}): {@link #single} for a key with one entry before
     * end (from its columns, or the first entry of its history when later ones were written since),
     * {@link #several} for more. Every pass sees the same keys the same way: entries before end were
     * published before end was taken and never change, and keys added since have none.
     */
    private abstract static class Pass implements KeyIndex.EntryVisitor {
        final long end;
        int w;
        int several;

        Pass(long end) {
            this.end = end;
        }

        /** Runs the pass over the first {@code n} keys; returns the keys it visited. */
        final int run(KeyIndex index, int n) throws IOException {
            index.forEachEntry(n, this);
            return w;
        }

        @Override
        public final void one(int e, long time, byte tag, long bits, long offset) throws IOException {
            if (offset < end) {
                single(e, time, tag, bits, offset);
                w++;
            }
        }

        @Override
        public final void many(int e, HistoryView v) throws IOException {
            int c = v.countBefore(end);
            if (c == 1) {
                single(e, v.time(0), v.tagAt(0), v.bitsAt(0), v.offset(0));
            } else if (c > 1) {
                several(e, v, c);
                several++;
            }
            w += c > 0 ? 1 : 0;
        }

        /** Key {@code w}, entry {@code e} of the index, with one entry before end (offset -1: see {@link #several}). */
        abstract void single(int e, long time, byte tag, long bits, long offset) throws IOException;

        /** Key {@code w} with {@code count} entries before end: by default its columns, no entry in them. */
        void several(int e, HistoryView v, int count) throws IOException {
            single(e, 0, (byte) 0, 0, -1);
        }
    }

    /** Most slots a checkpoint stores (a bigger table is built by the open, sparing the writer its memory). */
    static final int MAX_STORED_SLOTS = 1 << 26;

    /** The place column's value of a key with several entries (listed after the columns). */
    private static final long SEVERAL = -1L;

    /**
     * The keys of one space with entries before {@code end}, in format 2: the hash table, then
     * blocks of {@link KeyIndex#PAGE} keys, each its columns, its keys with several entries and its
     * key bytes (see the class comment). One pass over the index for the blocks (a block's columns
     * are gathered, about 2 MiB, then written), one to count and, unless the index's own table
     * serves, one to build the table: writing holds no copy of the index.
     */
    private static void columns(Out out, KeyIndex index, long end) throws IOException {
        int n = index.size();
        int keys = new Pass(end) {
            @Override
            void single(int e, long time, byte tag, long bits, long offset) {}
        }.run(index, n);
        out.u64(keys);
        out.u32(KeyIndex.PAGE);
        if (KeyIndex.slotCapacity(keys) > MAX_STORED_SLOTS) {
            out.u32(0);
        } else {
            // The index's own table when it holds exactly these keys (numbered alike: the keys visited
            // are the first ones), as at close; else one built for them (keys added since end left out).
            int[] slots = index.slotsOf(keys);
            if (slots == null || slots.length > MAX_STORED_SLOTS) {
                // Every key visited (the common case): their hashes straight from the hash column,
                // without reading each key's value again (a cache miss a key when values are cached).
                slots = KeyIndex.buildSlots(keys, keys == n ? hash -> {
                    for (int e = 0; e < n; e++) {
                        hash.accept(index.keyHash(e));
                    }
                } : hash -> check(new Pass(end) {
                    @Override
                    void single(int e, long time, byte tag, long bits, long offset) {
                        hash.accept(index.keyHash(e));
                    }
                }.run(index, n), keys));
            }
            out.u32(slots.length);
            out.ints(slots, slots.length);
        }
        Blocks blocks = new Blocks(out, index, end, Math.min(keys, KeyIndex.PAGE));
        check(blocks.run(index, n), keys);
        blocks.write();
    }

    /** Most key bytes of a block gathered before it is written. */
    private static final int MAX_GATHERED = 16 << 20;

    /** The pass that gathers and writes the blocks of one space (see {@link #columns}). */
    private static final class Blocks extends Pass {
        private final Out out;
        private final KeyIndex index;
        private final int[] entry;
        private final short[] lengths;
        private final int[] hashes;
        private final long[] times;
        private final long[] bits;
        private final long[] places;
        private final int[] severalKey;
        private final HistoryView[] severalView;
        private final int[] severalCount;
        private int start; // key number of the block's first key
        private int severalInBlock;
        private long keyBytes;
        /** The block's key bytes, gathered while they fit ({@link #MAX_GATHERED}); else written from the index. */
        private byte[] gathered = new byte[1 << 16];
        private boolean overflowed;

        Blocks(Out out, KeyIndex index, long end, int size) {
            super(end);
            this.out = out;
            this.index = index;
            entry = new int[size];
            lengths = new short[size];
            hashes = new int[size];
            times = new long[size];
            bits = new long[size];
            places = new long[size];
            severalKey = new int[size];
            severalView = new HistoryView[size];
            severalCount = new int[size];
        }

        @Override
        void single(int e, long time, byte tag, long b, long offset) throws IOException {
            if (w - start == entry.length) {
                write();
            }
            int j = w - start;
            int len;
            if (!overflowed && keyBytes + 0xFFFF <= MAX_GATHERED) {
                int at = (int) keyBytes;
                if (gathered.length - at < 0xFFFF) {
                    gathered = Arrays.copyOf(gathered, Math.min(MAX_GATHERED, 2 * gathered.length + 0xFFFF));
                }
                len = index.writeKey(e, (k, off, l) -> System.arraycopy(k, off, gathered, at, l));
            } else {
                overflowed = true;
                len = index.keyLength(e);
            }
            entry[j] = e;
            lengths[j] = (short) len;
            hashes[j] = index.keyHash(e);
            times[j] = time;
            bits[j] = b;
            places[j] = offset < 0 ? SEVERAL : KeyIndex.place(offset, tag);
            keyBytes += len;
        }

        @Override
        void several(int e, HistoryView v, int count) throws IOException {
            if (w - start == entry.length) {
                write();
            }
            severalKey[severalInBlock] = w;
            severalView[severalInBlock] = v;
            severalCount[severalInBlock++] = count;
            single(e, 0, (byte) 0, 0, -1);
        }

        /** Writes the keys gathered since the last block, if any. */
        void write() throws IOException {
            int count = w - start;
            if (count == 0) {
                return;
            }
            out.u64(keyBytes);
            out.shorts(lengths, count);
            out.ints(hashes, count);
            out.longs(times, count);
            out.longs(bits, count);
            out.longs(places, count);
            out.u32(severalInBlock);
            for (int i = 0; i < severalInBlock; i++) {
                out.u32(severalKey[i]);
                entries(out, severalView[i], severalCount[i]);
                severalView[i] = null;
            }
            if (overflowed) {
                for (int j = 0; j < count; j++) {
                    index.writeKey(entry[j], out::bytes);
                }
            } else {
                out.bytes(gathered, 0, (int) keyBytes);
            }
            start = w;
            severalInBlock = 0;
            keyBytes = 0;
            overflowed = false;
        }
    }

    private static void check(int visited, int expected) {
        if (visited != expected) {
            throw new IllegalStateException("checkpoint pass visited " + visited + " keys, " + expected + " expected");
        }
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

    /** The first {@code n} entries of {@code v}: flags, count, then each entry as deltas. */
    private static void entries(Out out, HistoryView v, int n) throws IOException {
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

        private final MemorySegment window = MemorySegment.ofArray(buf);

        /** The first {@code count} values of {@code a}, u16 each. */
        void shorts(short[] a, int count) throws IOException {
            array(a, U16, count);
        }

        /** The first {@code count} values of {@code a}, u32 each. */
        void ints(int[] a, int count) throws IOException {
            array(a, U32, count);
        }

        /** The first {@code count} values of {@code a}, u64 each. */
        void longs(long[] a, int count) throws IOException {
            array(a, U64, count);
        }

        /** The first {@code count} elements of the primitive array {@code a}, each as {@code layout}. */
        private void array(Object a, ValueLayout layout, int count) throws IOException {
            int size = (int) layout.byteSize();
            for (int i = 0; i < count; ) {
                ensure(size);
                int k = Math.min(count - i, (buf.length - n) / size);
                MemorySegment.copy(a, i, window, layout, n, k);
                n += size * k;
                i += k;
            }
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
            return spaces(in, end, logStart, file, sealed.header().formatVersion());
        } catch (SynaException | IOException | IllegalStateException e) {
            throw new Rejected("checkpoint " + file + " is unreadable: " + e.getMessage(), e);
        }
    }

    private static Loaded spaces(In in, long end, long logStart, Path file, int version) throws IOException {
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
            long[] counts = new long[2]; // live keys, entries
            Space space = new Space(id, name, version == 1 ? keysV1(in, (int) n, id, scratch, end, logStart, counts)
                    : columns(in, (int) n, id, scratch, end, logStart, counts));
            String twice = space.index.index();
            if (twice != null) {
                throw in.corrupt("key '" + twice + "' twice in key space " + id);
            }
            space.count(counts[0], counts[1]); // once: the counters are volatile
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

    /** The keys of one space in checkpoint format 1: key by key, each with its entries. */
    private static KeyIndex keysV1(In in, int n, int id, Scratch scratch, long end, long logStart, long[] counts)
            throws IOException {
        KeyIndex index = new KeyIndex(n);
        for (int k = 0; k < n; k++) {
            int length = in.u16();
            if (length == 0) {
                throw in.corrupt("empty key in key space " + id);
            }
            in.bytes(scratch.key, length); // copied: reading the entries may refill the window
            int m = entries(in, scratch, end, logStart);
            byte last = scratch.types[m - 1];
            if (m == 1) {
                index.load(scratch.key, 0, length, scratch.ts[0], last, scratch.bits[0], scratch.offsets[0]);
            } else {
                index.load(scratch.key, 0, length, scratch.view(m));
            }
            counts[0] += last != ValueType.NULL.tag() ? 1 : 0;
            counts[1] += m;
        }
        return index;
    }

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /**
     * The keys of one space in checkpoint format 2: the hash table, then block by block each column
     * copied into a page of the index in one piece and checked as it is copied, the block's keys
     * with several entries, its key bytes as pages of keys. No key string, no decoding, no hashing.
     */
    private static KeyIndex columns(In in, int n, int id, Scratch scratch, long end, long logStart, long[] counts)
            throws IOException {
        if (n > KeyIndex.MAX_KEYS) {
            throw in.corrupt("key space " + id + " claims " + n + " keys");
        }
        int blockKeys = in.u32();
        if (blockKeys != KeyIndex.PAGE) {
            throw in.corrupt("blocks of " + blockKeys + " keys in key space " + id + " (this build reads "
                    + KeyIndex.PAGE + ")");
        }
        int cap = in.u32();
        int[] slots = null;
        if (cap != 0) {
            if (cap < 0 || cap > 1 << 30) {
                throw in.corrupt(cap + " slots for " + n + " keys");
            }
            slots = new int[cap];
            MemorySegment.copy(in.section(4L * cap), U32, 0, slots, 0, cap);
            String wrong = KeyIndex.checkSlots(slots, n);
            if (wrong != null) {
                throw in.corrupt("table of key space " + id + ": " + wrong);
            }
        }
        long[] live = new long[1];
        long[] entries = {0};
        // Columns are copied in bulk to arrays before a loop reads them: a first open runs the loops
        // before the JIT compiles them, and a segment read per element then costs ~10x more.
        KeyIndex.ColumnFiller filler = new KeyIndex.ColumnFiller() {
            final short[] lens = new short[Math.min(n, KeyIndex.PAGE)];
            final long[] where = new long[lens.length];
            final int[] several = new int[lens.length];
            final HistoryView[] views = new HistoryView[lens.length];

            @Override
            public void fill(int from, int count, Object[] v, int[] h, long[] t, long[] b, long[] p, long[] ka,
                    List<byte[]> keyPages) throws IOException {
                long keyBytes = in.u64();
                if (keyBytes < count || keyBytes > 0xFFFFL * count) {
                    throw in.corrupt(count + " keys of " + keyBytes + " bytes in key space " + id);
                }
                MemorySegment.copy(in.section(2L * count), U16, 0, lens, 0, count);
                MemorySegment.copy(in.section(4L * count), U32, 0, h, 0, count);
                MemorySegment.copy(in.section(8L * count), U64, 0, t, 0, count);
                MemorySegment.copy(in.section(8L * count), U64, 0, b, 0, count);
                MemorySegment.copy(in.section(8L * count), U64, 0, where, 0, count);
                int m = in.u32();
                if (m < 0 || m > count) {
                    throw in.corrupt(m + " keys with several entries of " + count + " in a block of key space " + id);
                }
                for (int i = 0; i < m; i++) {
                    several[i] = in.u32();
                    if (several[i] < from || several[i] >= from + count || (i > 0 && several[i] <= several[i - 1])) {
                        throw in.corrupt("key " + several[i] + " listed with several entries in the block of keys ["
                                + from + ", " + (from + count) + "), not ascending or outside it");
                    }
                    int c = CheckpointFile.entries(in, scratch, end, logStart);
                    if (c < 2) {
                        throw in.corrupt("key " + several[i] + " listed with " + c + " entries");
                    }
                    views[i] = scratch.view(c);
                    live[0] += scratch.types[c - 1] != ValueType.NULL.tag() ? 1 : 0;
                    entries[0] += c;
                }
                MemorySegment keys = in.section(keyBytes);
                // The block's key bytes as pages: one, unless they pass the most a page holds (a key
                // never spans two).
                int page = keyPages.size();
                if (keyBytes <= KeyIndex.MAX_KEY_PAGE) {
                    keyPages.add(copy(keys, 0, keyBytes));
                } else {
                    long pageStart = 0;
                    long at = 0;
                    for (int j = 0; j < count; j++) {
                        int len = Short.toUnsignedInt(lens[j]);
                        if (at + len - pageStart > KeyIndex.MAX_KEY_PAGE) {
                            keyPages.add(copy(keys, pageStart, at - pageStart));
                            pageStart = at;
                        }
                        at += len;
                    }
                    if (at != keyBytes) {
                        throw in.corrupt("key lengths add up to " + at + " bytes, the block has " + keyBytes);
                    }
                    keyPages.add(copy(keys, pageStart, at - pageStart));
                }
                int pageOffset = 0;
                long total = 0;
                int listed = 0;
                for (int j = 0; j < count; j++) {
                    int k = from + j;
                    int len = Short.toUnsignedInt(lens[j]);
                    if (len == 0) {
                        throw in.corrupt("empty key in key space " + id);
                    }
                    if (pageOffset + len > keyPages.get(page).length) {
                        if (page + 1 == keyPages.size()) {
                            throw in.corrupt("key lengths add up to more than the " + keyBytes + " bytes of a block");
                        }
                        page++;
                        pageOffset = 0;
                    }
                    ka[j] = KeyIndex.keyAt(page, pageOffset, len);
                    pageOffset += len;
                    total += len;
                    long place = where[j];
                    if (place == SEVERAL) {
                        if (listed == m || several[listed] != k) {
                            throw in.corrupt("key " + k + " of key space " + id + " has several entries, not listed");
                        }
                        v[2 * j + 1] = views[listed];
                        views[listed++] = null;
                        continue;
                    }
                    int tag = (int) (place >>> 56);
                    long offset = place & ((1L << 56) - 1);
                    if (offset < logStart || offset >= end || tag > ValueType.VECTOR.tag()) {
                        throw in.corrupt("key " + k + " of key space " + id + ": type " + tag + " at log offset "
                                + offset + " (covered: [" + logStart + ", " + end + "))");
                    }
                    p[j] = place;
                    if (tag <= ValueType.INT64.tag()) { // null, float64, int64: the value is in the columns
                        v[2 * j + 1] = HistoryView.numericLatest((byte) tag, b[j]);
                    }
                    if (tag != ValueType.NULL.tag()) {
                        live[0]++;
                    }
                    entries[0]++;
                }
                if (listed != m) {
                    throw in.corrupt(m + " keys listed with several entries, " + listed + " in the block's columns");
                }
                if (total != keyBytes) {
                    throw in.corrupt("key lengths add up to " + total + " bytes, the block has " + keyBytes);
                }
            }
        };
        KeyIndex index = KeyIndex.loaded(n, slots, filler);
        counts[0] += live[0];
        counts[1] += entries[0];
        return index;
    }

    private static byte[] copy(MemorySegment from, long offset, long length) {
        byte[] b = new byte[(int) length];
        MemorySegment.copy(from, ValueLayout.JAVA_BYTE, offset, b, 0, b.length);
        return b;
    }

    /** Reusable arrays for one key's entries while they are read. */
    private static final class Scratch {
        final byte[] key = new byte[0xFFFF];
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

        /** The next {@code length} bytes into {@code to}, from 0. */
        void bytes(byte[] to, int length) {
            need(length);
            System.arraycopy(buf, pos, to, 0, length);
            pos += length;
        }

        /** The next {@code length} bytes of the body as a slice of the file, skipped. */
        MemorySegment section(long length) {
            long at = base + pos;
            if (length < 0 || length > body.byteSize() - at) {
                throw corrupt("ends early (" + length + " bytes needed, " + (body.byteSize() - at) + " left)");
            }
            base = at + length;
            pos = 0;
            limit = 0;
            return body.asSlice(at, length);
        }

        String string(int length, java.nio.charset.Charset cs) {
            need(length);
            String s = new String(buf, pos, length, cs);
            pos += length;
            return s;
        }
    }
}
