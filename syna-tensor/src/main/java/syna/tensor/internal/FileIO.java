package syna.tensor.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import syna.api.CorruptFileException;
import syna.api.InvalidArgumentException;
import syna.api.SynaIOException;
import syna.tensor.TensorReader;
import syna.tensor.TensorWriter;

/**
 * Streaming between stored tensors and files: exports go to a temporary sibling that replaces the
 * target only when whole; imports read the file in off-heap pieces. Thread-safe (stateless).
 */
final class FileIO {
    /** Bytes per piece of an import. */
    static final int PIECE = 4 << 20;

    private FileIO() {}

    /** What an export writes, given the open channel of the temporary file. */
    interface Body {
        void write(FileChannel ch) throws IOException;
    }

    /** Writes {@code file} through {@code body} into a temporary sibling, then moves it into place. */
    static void writeAtomically(Path file, Body body) {
        if (file == null) {
            throw new InvalidArgumentException("file to export to must not be null");
        }
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                body.write(ch);
                ch.force(false);
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(tmp, e);
            throw new SynaIOException("cannot write " + abs + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(tmp, e);
            throw e;
        }
    }

    private static void deleteQuietly(Path tmp, Exception e) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException suppressed) {
            e.addSuppressed(suppressed);
        }
    }

    static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Appends every byte of the tensor {@code reader} reads to {@code ch}. */
    static void copyOut(TensorReader reader, FileChannel ch) throws IOException {
        for (MemorySegment piece; (piece = reader.next()) != null; ) {
            writeFully(ch, piece.asByteBuffer());
        }
    }

    /**
     * Feeds {@code length} bytes of {@code ch} from {@code offset} to {@code writer}, reversing the
     * bytes of each {@code swapWidth}-byte element on the way when it is above 1 (big-endian files).
     */
    static void copyIn(Path file, FileChannel ch, long offset, long length, TensorWriter writer, int swapWidth)
            throws IOException {
        int piece = (int) Math.min(PIECE, Math.max(1, length));
        if (swapWidth > 1) {
            piece -= piece % swapWidth;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = ChunkIO.allocate(arena, piece);
            long at = 0;
            while (at < length) {
                int n = (int) Math.min(piece, length - at);
                ByteBuffer bb = buf.asSlice(0, n).asByteBuffer();
                while (bb.hasRemaining()) {
                    if (ch.read(bb, offset + at + bb.position()) < 0) {
                        throw new CorruptFileException(file, offset + at + bb.position(), "file ends "
                                + (length - at - bb.position()) + " bytes before the " + length + " data bytes its header"
                                + " promises");
                    }
                }
                if (swapWidth > 1) {
                    swap(buf.asSlice(0, n), swapWidth);
                }
                writer.write(buf.asSlice(0, n));
                at += n;
            }
        }
    }

    private static void swap(MemorySegment s, int width) {
        for (long i = 0; i < s.byteSize(); i += width) {
            for (int a = 0, b = width - 1; a < b; a++, b--) {
                byte x = s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i + a);
                s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i + a, s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i + b));
                s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i + b, x);
            }
        }
    }

    /** Opens {@code file} for reading, as a typed error when it cannot be. */
    static FileChannel openRead(Path file) {
        if (file == null) {
            throw new InvalidArgumentException("file to import must not be null");
        }
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new SynaIOException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads {@code n} bytes at {@code offset}; a short file is a {@link CorruptFileException}. */
    static byte[] readExactly(Path file, FileChannel ch, long offset, int n, String what) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b, offset + b.position()) < 0) {
                throw new CorruptFileException(file, offset + b.position(), "file ends inside the " + what + " ("
                        + n + " bytes from offset " + offset + ")");
            }
        }
        return b.array();
    }
}
