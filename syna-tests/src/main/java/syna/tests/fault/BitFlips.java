package syna.tests.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Damage at rest, for integrity tests: flips bits of a file in place (each flip forced to the disk) and
 * copies a closed database directory so damage goes into the copy. A test writes data, closes it,
 * {@link #copyDirectory copies} it, flips bits at offsets it knows (a record's start, a chunk's body)
 * or at {@link #flipRandom random} ones, and then checks that reading or verifying the copy names
 * each damaged place. Not thread-safe against a writer of the same file.
 */
public final class BitFlips {
    private BitFlips() {}

    /**
     * Flips bit {@code bit} (0 = least significant) of the byte at {@code offset} of {@code file}.
     *
     * @return the byte's value before the flip
     * @throws IllegalArgumentException for an offset outside the file or a bit outside 0..7
     */
    public static int flip(Path file, long offset, int bit) {
        if (bit < 0 || bit > 7) {
            throw new IllegalArgumentException("bit must be in 0..7, got " + bit);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (offset < 0 || offset >= ch.size()) {
                throw new IllegalArgumentException("offset " + offset + " is outside " + file + " (" + ch.size()
                        + " bytes)");
            }
            ByteBuffer b = ByteBuffer.allocate(1);
            while (b.hasRemaining()) {
                if (ch.read(b, offset) < 0) {
                    throw new IOException("end of " + file + " at " + offset);
                }
            }
            int before = b.get(0) & 0xFF;
            b.put(0, (byte) (before ^ (1 << bit))).rewind();
            while (b.hasRemaining()) {
                ch.write(b, offset);
            }
            ch.force(true);
            return before;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot flip a bit of " + file + " at " + offset, e);
        }
    }

    /** Flips bit 4 of the byte at {@code offset} of {@code file} (a change no CRC misses); see {@link #flip(Path, long, int)}. */
    public static int flip(Path file, long offset) {
        return flip(file, offset, 4);
    }

    /**
     * Flips one random bit in each of {@code count} distinct random bytes of {@code file} in
     * {@code [from, to)}, drawn from {@code random}.
     *
     * @return the flipped offsets, ascending
     * @throws IllegalArgumentException when the range is outside the file or holds fewer than {@code count} bytes
     */
    public static List<Long> flipRandom(Path file, long from, long to, int count, Random random) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (from < 0 || to > size || from >= to || count < 0 || count > to - from) {
            throw new IllegalArgumentException("cannot flip " + count + " bytes in [" + from + ", " + to + ") of "
                    + file + " (" + size + " bytes)");
        }
        java.util.TreeSet<Long> offsets = new java.util.TreeSet<>();
        while (offsets.size() < count) {
            offsets.add(from + random.nextLong(to - from));
        }
        for (long o : offsets) {
            flip(file, o, random.nextInt(8));
        }
        return new ArrayList<>(offsets);
    }

    /**
     * Copies the directory {@code source} (a closed database, with its side files and subfolders) to
     * {@code target}, which must not exist; lock files are copied like any other.
     *
     * @return {@code target}
     */
    public static Path copyDirectory(Path source, Path target) {
        if (Files.exists(target)) {
            throw new IllegalArgumentException(target + " exists; copy into a fresh path");
        }
        try (Stream<Path> all = Files.walk(source)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " to " + target, e);
        }
        return target;
    }
}
