package syna.api.spi.format;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import syna.api.CorruptFileException;
import syna.api.SynaIOException;

/**
 * Writes and opens sealed files: header, body, footer, written once to a temporary file, fsynced and
 * renamed into place, so a reader sees the old file or the whole new one. Thread-safe.
 */
public final class SealedFiles {
    /** Footer size in bytes. */
    public static final int FOOTER_SIZE = 24;

    private static final byte[] FOOTER_MAGIC = {'S', 'Y', 'N', 'A', 'E', 'N', 'D', 0};

    private SealedFiles() {}

    /** Writes the body of a sealed file. */
    @FunctionalInterface
    public interface BodyWriter {
        /** Writes the body to {@code out}. */
        void write(SealedOutput out) throws IOException;
    }

    /** Opens the channel a sealed file is written through (a fault-injecting one in crash tests). */
    @FunctionalInterface
    public interface ChannelOpener {
        /** Opens {@code path} with {@code options}. */
        FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException;
    }

    /** Writes {@code target} atomically with {@code header}, the body and a footer. */
    public static void write(Path target, FileHeader header, BodyWriter body) {
        write(target, header, body, FileChannel::open);
    }

    /**
     * Writes {@code target} atomically (temporary file {@code target.tmp}, force, rename, force the
     * directory) with {@code header}, the body and a footer, opening the temporary file with
     * {@code opener}.
     */
    public static void write(Path target, FileHeader header, BodyWriter body, ChannelOpener opener) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = opener.open(tmp, EnumSet.of(StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))) {
            ByteBuffer h = ByteBuffer.wrap(header.toBytes());
            while (h.hasRemaining()) {
                ch.write(h);
            }
            SealedOutput out = new SealedOutput(ch);
            body.write(out);
            out.flush();
            ByteBuffer f = ByteBuffer.allocate(FOOTER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            f.put(FOOTER_MAGIC).putLong(out.length()).putInt(out.crc());
            f.putInt(Checksums.crc32c(f.array(), 0, 20));
            f.flip();
            while (f.hasRemaining()) {
                ch.write(f);
            }
            ch.force(true);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new SynaIOException("cannot write " + target + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
        try {
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(dir);
        } catch (IOException e) {
            throw new SynaIOException("cannot move " + tmp + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens {@code file}, checks header ({@link FileHeader#expect}), footer and body CRC, and maps it
     * read-only. Damage of any kind gives {@link CorruptFileException} with the offset.
     */
    public static SealedFile open(Path file, String kind, String provider, int newestSupported) {
        Arena arena = Arena.ofShared();
        boolean ok = false;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            FileHeader header = FileHeader.read(ch, file).expect(file, kind, provider, newestSupported);
            int headerLen = FileHeader.lengthInFile(ch);
            long size = ch.size();
            if (size < headerLen + FOOTER_SIZE) {
                throw new CorruptFileException(file, size, "file truncated: " + size + " bytes, no room for a footer");
            }
            ByteBuffer f = ByteBuffer.allocate(FOOTER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            FileHeader.readFully(ch, f, size - FOOTER_SIZE);
            byte[] fb = f.array();
            long footerAt = size - FOOTER_SIZE;
            if (!Arrays.equals(fb, 0, 8, FOOTER_MAGIC, 0, 8)) {
                throw new CorruptFileException(file, footerAt, "missing footer (file truncated or not sealed)");
            }
            if (f.getInt(20) != Checksums.crc32c(fb, 0, 20)) {
                throw new CorruptFileException(file, footerAt + 20, "footer CRC32C mismatch");
            }
            long bodyLen = f.getLong(8);
            if (bodyLen != size - headerLen - FOOTER_SIZE) {
                throw new CorruptFileException(file, footerAt + 8, "footer says body is " + bodyLen
                        + " bytes, file holds " + (size - headerLen - FOOTER_SIZE));
            }
            MemorySegment all = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            MemorySegment body = all.asSlice(headerLen, bodyLen);
            int crc = Checksums.crc32c(body, 0, bodyLen);
            if (crc != f.getInt(16)) {
                throw new CorruptFileException(file, headerLen, String.format(
                        "body CRC32C mismatch: stored %08x, computed %08x", f.getInt(16), crc));
            }
            ok = true;
            return new SealedFile(file, header, arena, body);
        } catch (IOException e) {
            throw new SynaIOException("cannot open " + file + ": " + e.getMessage(), e);
        } finally {
            if (!ok) {
                arena.close();
            }
        }
    }

    /** Forces a directory's entries (new, renamed or deleted files) to disk; a no-op where unsupported. */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some platforms cannot open or force a directory; there the rename is as durable as it gets.
            if (Files.isDirectory(dir) && System.getProperty("os.name", "").startsWith("Windows")) {
                return;
            }
            throw e;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the temp file is rewritten next time
        }
    }
}
