package syna.storage.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.Atom;
import syna.api.DatabaseOptions;
import syna.api.Durability;
import syna.api.WriteBatch;

/**
 * The writer's record buffer gives back the memory of a large write instead of keeping it for the life
 * of the database, and hands its bytes to the file in bounded slices (the JDK keeps a temporary direct
 * buffer of each heap write's size per thread, off the heap).
 */
class RecordBufferTest {
    @TempDir
    Path tmp;

    @Test
    void resetShrinksABufferThatGrewPastTheRetainedSize() {
        RecordBuffer b = new RecordBuffer(1 << 16);
        b.putBytes(new byte[100], 0, 100);
        b.reset();
        assertEquals(1 << 16, b.capacity(), "a small buffer keeps its capacity");
        int large = RecordBuffer.RETAINED + (1 << 20);
        b.reserve(large);
        assertTrue(b.capacity() >= large);
        b.putBytes(new byte[large], 0, large);
        assertEquals(large, b.size());
        b.reset();
        assertEquals(0, b.size());
        assertEquals(1 << 16, b.capacity(), "back to the first capacity after a large write");
    }

    @Test
    void aBufferWithinTheRetainedSizeIsKept() {
        RecordBuffer b = new RecordBuffer(1 << 16);
        int medium = RecordBuffer.RETAINED / 2; // the tensor engine's batches of about 1 MiB
        b.putBytes(new byte[medium], 0, medium);
        int cap = b.capacity();
        b.reset();
        assertEquals(cap, b.capacity(), "no allocation per medium-sized write");
    }

    @Test
    void reserveGrowsOnceToTheSizeAsked() {
        RecordBuffer b = new RecordBuffer(1024);
        b.putInt(7);
        b.reserve(10_000_000);
        int cap = b.capacity();
        assertTrue(cap >= 10_000_004, "capacity " + cap);
        b.putBytes(new byte[10_000_000], 0, 10_000_000);
        assertEquals(cap, b.capacity(), "no second growth");
    }

    @Test
    void writeToHandsEveryByteOverInSlices() throws Exception {
        int n = 3 * RecordBuffer.SLICE + 12_345;
        byte[] data = new byte[n];
        new SplittableRandom(5).nextBytes(data);
        RecordBuffer b = new RecordBuffer(64);
        b.putBytes(data, 0, n);
        Path f = tmp.resolve("out");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 0);
            assertEquals(n, b.writeTo(ch, 3));
        }
        byte[] back = Files.readAllBytes(f);
        assertEquals(n + 3, back.length);
        byte[] tail = new byte[n];
        System.arraycopy(back, 3, tail, 0, n);
        assertArrayEquals(data, tail);
    }

    @Test
    void writeFullyOfAHeapSliceWritesFromItsPositionToItsLimit() throws Exception {
        byte[] data = new byte[2 * RecordBuffer.SLICE + 10];
        new SplittableRandom(9).nextBytes(data);
        ByteBuffer part = ByteBuffer.wrap(data, 5, data.length - 10);
        Path f = tmp.resolve("part");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            RecordBuffer.writeFully(ch, part, 0);
        }
        assertEquals(part.limit(), part.position());
        byte[] back = Files.readAllBytes(f);
        assertEquals(data.length - 10, back.length);
        for (int i = 0; i < back.length; i++) {
            if (back[i] != data[5 + i]) {
                throw new AssertionError("byte " + i + " differs");
            }
        }
    }

    @Test
    void aLargeBatchLeavesTheWriterBufferSmallAndReadsBackAfterReopen() {
        DatabaseOptions options = DatabaseOptions.builder(tmp.resolve("db")).durability(Durability.NONE).build();
        List<float[]> vectors = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(3);
        try (LogDatabase db = LogDatabase.open(options, EngineHooks.NONE)) {
            WriteBatch batch = WriteBatch.create();
            for (int i = 0; i < 5_000; i++) { // 5,000 x 384 floats: about 7.7 MB in one unit, over RETAINED
                float[] v = new float[384];
                for (int j = 0; j < v.length; j++) {
                    v[j] = (float) r.nextGaussian();
                }
                vectors.add(v);
                batch.putVector("v" + i, v);
            }
            db.write(batch);
            assertTrue(db.writer().out.capacity() <= RecordBuffer.RETAINED,
                    "writer buffer keeps " + db.writer().out.capacity() + " bytes after the batch");
            assertArrayEquals(vectors.get(4_321), ((Atom.Vector) db.get("v4321").orElseThrow()).value());
        }
        try (LogDatabase db = LogDatabase.open(options, EngineHooks.NONE)) {
            for (int i = 0; i < vectors.size(); i += 499) {
                assertArrayEquals(vectors.get(i), ((Atom.Vector) db.get("v" + i).orElseThrow()).value());
            }
        }
    }
}
