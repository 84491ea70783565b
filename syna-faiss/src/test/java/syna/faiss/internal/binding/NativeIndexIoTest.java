package syna.faiss.internal.binding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.SynaException;
import syna.api.SynaIOException;
import syna.faiss.FaissException;
import syna.tests.Seeded;

/** FAISS's serialized form through the shim: files, streams, memory, and damaged bytes. */
@Seeded
@RequiresFaiss
class NativeIndexIoTest {
    static final int D = 16;
    static final String[] FACTORIES = {"Flat", "IVF8,Flat", "HNSW8,Flat", "OPQ4,IVF8,PQ4np", "IVF8,SQ8"};

    static NativeIndex built(String factory, SplittableRandom r) {
        NativeIndex index = NativeIndex.create(factory, D, FaissMetric.L2);
        // Fewer rows than FAISS asks for to train PQ4's 256 centroids per sub-quantizer (it warns on stderr):
        // OPQ training is slow in a generic build, and these tests check bytes, not recall.
        float[] base = NativeIndexTest.data(r, 2000, D);
        index.train(base, 0);
        index.add(base, null, 0);
        return index;
    }

    static byte[] bytes(NativeIndex index) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        index.write(out);
        return out.toByteArray();
    }

    @Test
    void fileStreamAndMemoryRoundTripsGiveTheSameIndex(SplittableRandom r, @TempDir Path dir) throws IOException {
        float[] queries = NativeIndexTest.data(r, 10, D);
        for (String factory : FACTORIES) {
            try (NativeIndex index = built(factory, r)) {
                SearchParams p = index.kind().ivf() ? SearchParams.defaults().withNprobe(4) : SearchParams.defaults();
                SearchResult expected = index.search(queries, 5, p);
                Path file = dir.resolve(factory.replace(',', '_') + ".faiss");
                index.write(file);
                byte[] streamed = bytes(index);
                assertArrayEquals(Files.readAllBytes(file), streamed, factory + ": stream and file hold the same bytes");
                assertEquals(streamed.length, index.serializedSize());
                try (NativeIndex fromFile = NativeIndex.read(file);
                        Arena arena = Arena.ofConfined();
                        NativeIndex fromMemory = NativeIndex.read(arena.allocate(streamed.length).copyFrom(MemorySegment.ofArray(streamed)), factory);
                        NativeIndex fromHeap = NativeIndex.read(MemorySegment.ofArray(streamed), factory)) {
                    for (NativeIndex copy : new NativeIndex[] {fromFile, fromMemory, fromHeap}) {
                        assertEquals(index.size(), copy.size());
                        assertEquals(index.kind(), copy.kind());
                        assertEquals(D, copy.dimension());
                        SearchResult got = copy.search(queries, 5, p);
                        assertArrayEquals(expected.labels(), got.labels(), factory);
                        assertArrayEquals(expected.distances(), got.distances(), factory);
                    }
                }
            }
        }
    }

    @Test
    void aStreamLargerThanOneChunkArrivesWhole(SplittableRandom r) {
        // 40,000 x 16 floats = 2.5 MB: several 1 MiB chunks plus FAISS's small header writes.
        try (NativeIndex index = NativeIndex.create("Flat", D, FaissMetric.L2)) {
            index.add(NativeIndexTest.data(r, 40_000, D), null, 0);
            byte[] b = bytes(index);
            assertEquals(index.serializedSize(), b.length);
            assertTrue(b.length > 2_560_000);
            try (NativeIndex back = NativeIndex.read(MemorySegment.ofArray(b), "flat")) {
                assertEquals(40_000, back.size());
            }
        }
    }

    @Test
    void damagedBytesAreTypedErrors(SplittableRandom r) {
        for (String factory : FACTORIES) {
            byte[] good;
            try (NativeIndex index = built(factory, r)) {
                good = bytes(index);
            }
            // Every truncation point in the first 64 bytes, then a sample through the rest.
            for (int cut = 0; cut < good.length; cut += cut < 64 ? 1 : 1 + r.nextInt(Math.max(1, good.length / 40))) {
                byte[] truncated = Arrays.copyOf(good, cut);
                SynaException e = assertThrows(SynaException.class, () -> NativeIndex.read(MemorySegment.ofArray(truncated), "cut"),
                        factory + " cut at " + cut);
                assertInstanceOf(FaissException.class, e);
            }
            byte[] trailing = Arrays.copyOf(good, good.length + 3);
            FaissException t = assertThrows(FaissException.class, () -> NativeIndex.read(MemorySegment.ofArray(trailing), "trailing"));
            assertTrue(t.getMessage().contains("ends after " + good.length), t.getMessage());
            byte[] garbage = good.clone();
            garbage[0] ^= 0x5A;
            garbage[1] ^= 0x33;
            assertThrows(FaissException.class, () -> NativeIndex.read(MemorySegment.ofArray(garbage), "garbage"));
        }
        assertThrows(FaissException.class, () -> NativeIndex.read(Path.of("/nonexistent/index.faiss")));
    }

    @Test
    void aFailingStreamIsAnIoErrorWithItsCause(SplittableRandom r) {
        try (NativeIndex index = built("IVF8,Flat", r)) {
            IOException boom = new IOException("disk full");
            OutputStream failing = new OutputStream() {
                private int written;

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (written + len > 1000) {
                        throw boom;
                    }
                    written += len;
                }
            };
            SynaIOException e = assertThrows(SynaIOException.class, () -> index.write(failing));
            assertTrue(e.getCause() == boom, "cause kept: " + e.getCause());
            RuntimeException unchecked = new IllegalStateException("sink broke");
            OutputStream throwsUnchecked = new OutputStream() {
                @Override
                public void write(int b) {
                    throw unchecked;
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    throw unchecked;
                }
            };
            SynaIOException u = assertThrows(SynaIOException.class, () -> index.write(throwsUnchecked));
            assertTrue(u.getCause() == unchecked);
            // The index is still fine after the failed writes.
            assertEquals(2000, index.size());
            assertEquals(index.serializedSize(), bytes(index).length);
        }
    }
}
