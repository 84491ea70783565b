package syna.bench.ann;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The TEXMEX {@code .fvecs} / {@code .ivecs} formats: per vector a little-endian int32 dimension, then that
 * many float32 (or int32) values. Thread-safe (stateless).
 */
public final class Vecs {
    private Vecs() {}

    /** Reads all vectors of an {@code .fvecs} file (at most {@code limit}). */
    public static float[][] readFvecs(Path p, int limit) throws IOException {
        List<float[]> out = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 20)) {
            DataInputStream d = new DataInputStream(in);
            byte[] four = new byte[4];
            while (out.size() < limit) {
                try {
                    d.readFully(four);
                } catch (EOFException e) {
                    break;
                }
                int dim = ByteBuffer.wrap(four).order(ByteOrder.LITTLE_ENDIAN).getInt();
                byte[] raw = new byte[4 * dim];
                d.readFully(raw);
                float[] v = new float[dim];
                ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
                out.add(v);
            }
        }
        return out.toArray(new float[0][]);
    }

    /** Reads all rows of an {@code .ivecs} file. */
    public static int[][] readIvecs(Path p) throws IOException {
        List<int[]> out = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 20)) {
            DataInputStream d = new DataInputStream(in);
            byte[] four = new byte[4];
            while (true) {
                try {
                    d.readFully(four);
                } catch (EOFException e) {
                    break;
                }
                int dim = ByteBuffer.wrap(four).order(ByteOrder.LITTLE_ENDIAN).getInt();
                byte[] raw = new byte[4 * dim];
                d.readFully(raw);
                int[] v = new int[dim];
                ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(v);
                out.add(v);
            }
        }
        return out.toArray(new int[0][]);
    }

    /** Writes vectors as {@code .fvecs}. */
    public static void writeFvecs(Path p, float[][] vs) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(p), 1 << 20)) {
            for (float[] v : vs) {
                ByteBuffer b = ByteBuffer.allocate(4 + 4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                b.putInt(v.length);
                b.asFloatBuffer().put(v);
                out.write(b.array());
            }
        }
    }

    /** Writes rows as {@code .ivecs}. */
    public static void writeIvecs(Path p, int[][] vs) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(p), 1 << 20)) {
            for (int[] v : vs) {
                ByteBuffer b = ByteBuffer.allocate(4 + 4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                b.putInt(v.length);
                b.asIntBuffer().put(v);
                out.write(b.array());
            }
        }
    }
}
