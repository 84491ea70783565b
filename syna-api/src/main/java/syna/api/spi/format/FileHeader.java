package syna.api.spi.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import syna.api.CorruptFileException;
import syna.api.FormatVersionException;
import syna.api.InvalidArgumentException;
import syna.api.SynaIOException;
import syna.api.spi.ProviderNames;

/**
 * The header every Syna file starts with; byte layout in {@link syna.api.spi.format the package doc}.
 *
 * @param kind what the file is ({@code log}, {@code vector-index}, ...), a valid provider-style name
 * @param provider name of the provider whose format the body has
 * @param formatVersion that provider's format version, >= 1
 * @param databaseId id of the database the file belongs to (ties index files to their log)
 * @param createdMillis creation time, ms since the epoch
 */
public record FileHeader(String kind, String provider, int formatVersion, UUID databaseId, long createdMillis) {
    /** Size of the header written by this version. */
    public static final int SIZE = 128;

    private static final int MAX_SIZE = 4096;
    private static final byte[] MAGIC = {(byte) 0x89, 'S', 'Y', 'N', 'A', 0x0D, 0x0A, 0x1A};

    /** Validates names and version. */
    public FileHeader {
        ProviderNames.validate(kind);
        ProviderNames.validate(provider);
        if (formatVersion < 1) {
            throw new InvalidArgumentException("format version must be >= 1, got " + formatVersion);
        }
        syna.api.internal.Checks.notNull(databaseId, "databaseId");
    }

    /** A header stamped now. */
    public static FileHeader of(String kind, String provider, int formatVersion, UUID databaseId) {
        return new FileHeader(kind, provider, formatVersion, databaseId, System.currentTimeMillis());
    }

    /** The {@value #SIZE} header bytes. */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC);
        b.putShort((short) SIZE);
        putName(b, kind);
        putName(b, provider);
        b.putInt(formatVersion);
        b.putLong(databaseId.getMostSignificantBits());
        b.putLong(databaseId.getLeastSignificantBits());
        b.putLong(createdMillis);
        byte[] bytes = b.array();
        int crc = Checksums.crc32c(bytes, 0, SIZE - 4);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(SIZE - 4, crc);
        return bytes;
    }

    private static void putName(ByteBuffer b, String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        b.put((byte) n.length);
        b.put(n);
    }

    /** Writes the header at position 0 of {@code ch}. */
    public void writeTo(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(toBytes());
        long pos = 0;
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
        }
    }

    /**
     * Reads and checks the header at position 0 of {@code ch}: magic, length, CRC, names. Returns the
     * header's length in the file through {@link #read(FileChannel, Path)}'s contract: the body starts at
     * {@link #SIZE} for files written by this version.
     */
    public static FileHeader read(FileChannel ch, Path file) {
        try {
            long size = ch.size();
            if (size < MAGIC.length) {
                throw new CorruptFileException(file, 0, "file is " + size + " bytes, too short for a Syna header");
            }
            ByteBuffer first = ByteBuffer.allocate((int) Math.min(SIZE, size)).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, first, 0);
            return parse(first.array(), (int) Math.min(size, MAX_SIZE), ch, file);
        } catch (IOException e) {
            throw new SynaIOException("cannot read header of " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses a header from the start of {@code bytes}; the array must hold the whole header. */
    public static FileHeader parse(byte[] bytes, Path file) {
        return parse(bytes, bytes.length, null, file);
    }

    /** Length in bytes of the header at the start of {@code ch} (after it was read successfully). */
    public static int lengthInFile(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, b, 8);
        return Short.toUnsignedInt(b.getShort(0));
    }

    private static FileHeader parse(byte[] first, int available, FileChannel ch, Path file) {
        if (first.length < MAGIC.length || !Arrays.equals(first, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new CorruptFileException(file, 0, "not a Syna file (bad magic)");
        }
        if (first.length < 10) {
            throw new CorruptFileException(file, 8, "header truncated");
        }
        ByteBuffer b = ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN);
        int len = Short.toUnsignedInt(b.getShort(8));
        if (len < SIZE || len > MAX_SIZE) {
            throw new CorruptFileException(file, 8, "header length " + len + " outside [" + SIZE + ", " + MAX_SIZE + "]");
        }
        if (len > available) {
            throw new CorruptFileException(file, 8, "header length " + len + " but only " + available + " bytes present");
        }
        byte[] all = first;
        if (len > first.length) {
            try {
                ByteBuffer rest = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
                readFully(ch, rest, 0);
                all = rest.array();
            } catch (IOException e) {
                throw new SynaIOException("cannot read header of " + file + ": " + e.getMessage(), e);
            }
        }
        b = ByteBuffer.wrap(all, 0, len).order(ByteOrder.LITTLE_ENDIAN);
        int stored = b.getInt(len - 4);
        int actual = Checksums.crc32c(all, 0, len - 4);
        if (stored != actual) {
            throw new CorruptFileException(file, len - 4, String.format(
                    "header CRC32C mismatch: stored %08x, computed %08x", stored, actual));
        }
        b.position(10);
        String kind = name(b, file, "kind");
        String provider = name(b, file, "provider");
        int version = b.getInt();
        UUID id = new UUID(b.getLong(), b.getLong());
        long created = b.getLong();
        if (version < 1) {
            throw new CorruptFileException(file, b.position() - 28, "format version " + version + " < 1");
        }
        return new FileHeader(kind, provider, version, id, created);
    }

    private static String name(ByteBuffer b, Path file, String what) {
        int at = b.position();
        int n = Byte.toUnsignedInt(b.get());
        if (n < 1 || n > ProviderNames.MAX_LENGTH) {
            throw new CorruptFileException(file, at, what + " length " + n + " outside [1, " + ProviderNames.MAX_LENGTH + "]");
        }
        byte[] raw = new byte[n];
        b.get(raw);
        String s = new String(raw, StandardCharsets.US_ASCII);
        if (!ProviderNames.isValid(s)) {
            throw new CorruptFileException(file, at + 1, "invalid " + what + " name in header");
        }
        return s;
    }

    /**
     * Checks that this header is of {@code kind}, written by {@code provider} in a version up to
     * {@code newestSupported}; throws {@link CorruptFileException} (another kind or provider) or
     * {@link FormatVersionException} (newer version). Returns this header.
     */
    public FileHeader expect(Path file, String expectedKind, String expectedProvider, int newestSupported) {
        if (!kind.equals(expectedKind)) {
            throw new CorruptFileException(file, 11, "expected a '" + expectedKind + "' file, found a '" + kind + "' file");
        }
        if (!provider.equals(expectedProvider)) {
            throw new CorruptFileException(file, 12 + kind.length(),
                    "expected provider '" + expectedProvider + "', found '" + provider + "'");
        }
        if (formatVersion > newestSupported) {
            throw new FormatVersionException(file, provider, formatVersion, newestSupported);
        }
        return this;
    }

    static void readFully(FileChannel ch, ByteBuffer dst, long pos) throws IOException {
        while (dst.hasRemaining()) {
            int n = ch.read(dst, pos);
            if (n < 0) {
                throw new java.io.EOFException("end of file at " + pos);
            }
            pos += n;
        }
    }
}
