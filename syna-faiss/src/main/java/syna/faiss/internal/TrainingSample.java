package syna.faiss.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import syna.api.CorruptFileException;
import syna.api.DimensionMismatchException;
import syna.api.DistanceMetric;
import syna.api.InvalidArgumentException;
import syna.api.SynaIOException;

/**
 * A caller's training sample ({@code train-sample}): vectors read from an {@code .fvecs} file (each vector
 * an int32 dimension and that many float32s, little-endian) or a 2-D little-endian float32 {@code .npy}
 * (C order), into native memory, normalised for cosine as the index's own vectors are. Every length is
 * checked against the file's size before memory is taken, so a damaged header cannot ask for more.
 * Stateless.
 */
final class TrainingSample {
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,?\\s*\\)");

    /** The vectors of a sample and how many there are. */
    record Vectors(MemorySegment data, int count) {}

    private TrainingSample() {}

    /** Reads {@code file} into {@code arena}: vectors of {@code dim} floats, all finite. */
    static Vectors read(Path file, int dim, DistanceMetric metric, Arena arena) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment map = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            Vectors v;
            if (name.endsWith(".fvecs")) {
                v = fvecs(file, map, dim, arena);
            } else if (name.endsWith(".npy")) {
                v = npy(file, map, dim, arena);
            } else {
                throw new InvalidArgumentException("train-sample " + file + ": use an .fvecs or a float32 .npy file");
            }
            check(file, v, dim, metric);
            return v;
        } catch (NoSuchFileException e) {
            throw new InvalidArgumentException("train-sample " + file + " does not exist", e);
        } catch (IOException e) {
            throw new SynaIOException("cannot read train-sample " + file + ": " + e.getMessage(), e);
        }
    }

    private static Vectors fvecs(Path file, MemorySegment map, int dim, Arena arena) {
        long size = map.byteSize();
        long record = 4L + 4L * dim;
        if (size < 4) {
            throw new CorruptFileException(file, 0, "an .fvecs sample needs at least one vector");
        }
        int first = map.get(INT, 0);
        if (first != dim) {
            throw new DimensionMismatchException("train-sample " + file + " holds vectors of dimension " + first
                    + ", the index has " + dim);
        }
        if (size % record != 0) {
            throw new CorruptFileException(file, size - size % record,
                    "file size " + size + " is not a whole number of " + record + "-byte vectors of dimension " + dim);
        }
        long n = size / record;
        if (n > Integer.MAX_VALUE) {
            throw new InvalidArgumentException("train-sample " + file + " holds more than 2^31 vectors");
        }
        MemorySegment out = arena.allocate(ValueLayout.JAVA_FLOAT, n * dim);
        for (long i = 0; i < n; i++) {
            int d = map.get(INT, i * record);
            if (d != dim) {
                throw new CorruptFileException(file, i * record, "vector " + i + " says dimension " + d + ", not " + dim);
            }
            for (int j = 0; j < dim; j++) {
                out.setAtIndex(ValueLayout.JAVA_FLOAT, i * dim + j, map.get(FLOAT, i * record + 4 + 4L * j));
            }
        }
        return new Vectors(out, (int) n);
    }

    private static Vectors npy(Path file, MemorySegment map, int dim, Arena arena) {
        long size = map.byteSize();
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
        if (size < 10 || MemorySegment.mismatch(MemorySegment.ofArray(magic), 0, 6, map, 0, 6) != -1) {
            throw new CorruptFileException(file, 0, "not an .npy file (no \\x93NUMPY magic)");
        }
        int major = map.get(ValueLayout.JAVA_BYTE, 6);
        long headerLen;
        long at;
        if (major == 1) {
            headerLen = Short.toUnsignedInt(map.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 8));
            at = 10;
        } else if (major == 2 || major == 3) {
            if (size < 12) {
                throw new CorruptFileException(file, 8, "truncated .npy header");
            }
            headerLen = Integer.toUnsignedLong(map.get(INT, 8));
            at = 12;
        } else {
            throw new CorruptFileException(file, 6, ".npy version " + major + " is not 1, 2 or 3");
        }
        if (at + headerLen > size) {
            throw new CorruptFileException(file, at, ".npy header of " + headerLen + " bytes runs past the end");
        }
        String header = new String(map.asSlice(at, headerLen).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shape.find()) {
            throw new CorruptFileException(file, at, "cannot read the .npy header " + header.strip());
        }
        if (!descr.group(1).equals("<f4")) {
            throw new InvalidArgumentException("train-sample " + file + " holds " + descr.group(1)
                    + "; save it as little-endian float32 (numpy: a.astype('<f4'))");
        }
        if (fortran.group(1).equals("True")) {
            throw new InvalidArgumentException("train-sample " + file + " is in Fortran order; save a C-ordered array");
        }
        long rows = Long.parseLong(shape.group(1));
        long cols = Long.parseLong(shape.group(2));
        if (cols != dim) {
            throw new DimensionMismatchException("train-sample " + file + " has shape (" + rows + ", " + cols
                    + "), the index has dimension " + dim);
        }
        long data = at + headerLen;
        if (rows > Integer.MAX_VALUE || size - data != rows * cols * 4) {
            throw new CorruptFileException(file, data, "shape (" + rows + ", " + cols + ") needs " + rows * cols * 4
                    + " bytes of data, the file has " + (size - data));
        }
        MemorySegment out = arena.allocate(ValueLayout.JAVA_FLOAT, rows * cols);
        for (long i = 0; i < rows * cols; i++) {
            out.setAtIndex(ValueLayout.JAVA_FLOAT, i, map.get(FLOAT, data + 4 * i));
        }
        return new Vectors(out, (int) rows);
    }

    /** Rejects an empty sample and non-finite values; normalises for cosine. */
    private static void check(Path file, Vectors v, int dim, DistanceMetric metric) {
        if (v.count() == 0) {
            throw new InvalidArgumentException("train-sample " + file + " holds no vectors");
        }
        MemorySegment x = v.data();
        for (long i = 0; i < v.count(); i++) {
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                float f = x.getAtIndex(ValueLayout.JAVA_FLOAT, i * dim + j);
                if (!Float.isFinite(f)) {
                    throw new InvalidArgumentException("train-sample " + file + ": vector " + i + " has " + f
                            + " at component " + j);
                }
                norm += (double) f * f;
            }
            if (metric == DistanceMetric.COSINE && norm > 0) {
                float inv = (float) (1 / Math.sqrt(norm));
                for (int j = 0; j < dim; j++) {
                    long idx = i * dim + j;
                    x.setAtIndex(ValueLayout.JAVA_FLOAT, idx, x.getAtIndex(ValueLayout.JAVA_FLOAT, idx) * inv);
                }
            }
        }
    }
}
