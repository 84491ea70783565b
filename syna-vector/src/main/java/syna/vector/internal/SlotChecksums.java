package syna.vector.internal;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.UUID;
import syna.api.CorruptFileException;
import syna.api.spi.format.Checksums;
import syna.api.spi.format.FileHeader;
import syna.api.spi.format.InterruptSafeChannel;
import syna.api.spi.format.SealedFiles;

/**
 * The {@code checksums.syna} file of a memory-mapped store (format 2): the shared header (kind
 * {@code mmap-checksums}, the store's id) and then one CRC32C (u32, little-endian) per slot, in slot order, of
 * the slot's {@code dimension * 4} bytes as stored. Entries of slots a checkpoint committed never change (slots
 * are copy-on-write); a checkpoint appends the entries of its new slots before its superblock, so entries past
 * the superblock's slot count belong to a checkpoint that did not finish (or whose superblock was lost) and are
 * cut at open. Not thread-safe: the store's write lock guards it.
 */
final class SlotChecksums implements AutoCloseable {
    static final String KIND = "mmap-checksums";
    static final int VERSION = 1;
    private static final int CHUNK = 1 << 16;

    private final Path file;
    private final FileChannel ch;
    /** Entries in the file (committed, or appended by a checkpoint in progress). */
    private long stored;
    /** CRCs of slots written since the last checkpoint, for slots {@code stored, stored + 1, ...}. */
    private int[] pending = new int[256];
    private int pendingCount;

    private SlotChecksums(Path file, FileChannel ch, long stored) {
        this.file = file;
        this.ch = ch;
        this.stored = stored;
    }

    /** CRC32C of the stored bytes of one slot. */
    static int of(MemorySegment slot, long offset, long bytes) {
        return Checksums.crc32c(slot, offset, bytes);
    }

    /** Creates an empty file for the store {@code id}. */
    static SlotChecksums create(Path file, UUID id, String provider) throws IOException {
        FileChannel ch = InterruptSafeChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        FileHeader.of(KIND, provider, VERSION, id).writeTo(ch);
        ch.force(true);
        return new SlotChecksums(file, ch, 0);
    }

    /**
     * Writes the file afresh (temp file, then rename) with the CRCs of slots {@code [0, used)} read from
     * {@code vectors}: the upgrade of a format-1 store, whose slots had none.
     */
    static SlotChecksums rebuild(Path file, UUID id, String provider, PagedVectors vectors, long used) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            FileHeader.of(KIND, provider, VERSION, id).writeTo(out);
            ByteBuffer b = ByteBuffer.allocate(4 * CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            long pos = FileHeader.SIZE;
            long bytes = 4L * vectors.dimension();
            for (long s = 0; s < used; s++) {
                b.putInt(of(vectors.vector((int) s), 0, bytes));
                if (!b.hasRemaining() || s == used - 1) {
                    b.flip();
                    while (b.hasRemaining()) {
                        pos += out.write(b, pos);
                    }
                    b.clear();
                }
            }
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        SealedFiles.syncDirectory(file.getParent());
        return open(file, id, provider, used);
    }

    /**
     * Opens the file of the store {@code id} whose committed state has {@code used} slots: it must hold at least
     * that many entries ({@link CorruptFileException} otherwise); entries past them are cut.
     */
    static SlotChecksums open(Path file, UUID id, String provider, long used) throws IOException {
        if (!Files.exists(file)) {
            throw new CorruptFileException(file, 0, "slot checksums file is missing (a format-2 store keeps one beside"
                    + " vectors.syna); restore it from the backup the store came from");
        }
        FileChannel ch = InterruptSafeChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        boolean ok = false;
        try {
            FileHeader h = FileHeader.read(ch, file).expect(file, KIND, provider, VERSION);
            if (!h.databaseId().equals(id)) {
                throw new CorruptFileException(file, 16, "checksums file belongs to another store (id " + h.databaseId()
                        + ", vectors file has " + id + ")");
            }
            long entries = (ch.size() - FileHeader.SIZE) / 4;
            if (entries < used) {
                throw new CorruptFileException(file, ch.size(), "holds the checksums of " + entries + " slots, the last"
                        + " checkpoint wrote " + used);
            }
            SlotChecksums c = new SlotChecksums(file, ch, entries);
            ok = true;
            return c;
        } finally {
            if (!ok) {
                ch.close();
            }
        }
    }

    /** Entries in the file past {@code used}: slots of a checkpoint that did not finish or whose superblock was lost. */
    long beyond(long used) {
        return Math.max(0, stored - used);
    }

    /** Cuts the file back to {@code used} entries (at open, after {@link #beyond} was reported). */
    void truncate(long used) throws IOException {
        if (stored > used) {
            ch.truncate(FileHeader.SIZE + 4 * used);
            ch.force(true);
            stored = used;
        }
    }

    /** Records the CRC of the next slot written (slot {@code stored + pending}). */
    void add(int crc) {
        if (pendingCount == pending.length) {
            pending = Arrays.copyOf(pending, pending.length * 2);
        }
        pending[pendingCount++] = crc;
    }

    /** The CRC of {@code slot}, from memory if not checkpointed yet, else from the file. */
    int get(long slot) throws IOException {
        if (slot >= stored) {
            return pending[(int) (slot - stored)];
        }
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        readFully(b, FileHeader.SIZE + 4 * slot);
        return b.getInt(0);
    }

    /** Reads the CRCs of slots {@code [from, from + n)} (n at most {@link #chunk()}) into {@code dst}. */
    void read(long from, int n, int[] dst) throws IOException {
        int fromFile = (int) Math.max(0, Math.min(n, stored - from));
        if (fromFile > 0) {
            ByteBuffer b = ByteBuffer.allocate(4 * fromFile).order(ByteOrder.LITTLE_ENDIAN);
            readFully(b, FileHeader.SIZE + 4 * from);
            b.asIntBuffer().get(dst, 0, fromFile);
        }
        for (int i = fromFile; i < n; i++) {
            dst[i] = pending[(int) (from + i - stored)];
        }
    }

    /** Slots {@link #read} takes at once. */
    static int chunk() {
        return CHUNK;
    }

    /** Appends the CRCs of the slots written since the last checkpoint and forces them (before the superblock). */
    void commit() throws IOException {
        if (pendingCount == 0) {
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(4 * pendingCount).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(pending, 0, pendingCount);
        long pos = FileHeader.SIZE + 4 * stored;
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
        ch.force(true);
        stored += pendingCount;
        pendingCount = 0;
        if (pending.length > (1 << 20)) {
            pending = new int[256];
        }
    }

    private void readFully(ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                throw new CorruptFileException(file, pos, "checksums file ends early");
            }
            pos += n;
        }
        b.flip();
    }

    /** The file. */
    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
