package syna.faiss.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import syna.api.DistanceMetric;
import syna.api.InvalidArgumentException;
import syna.api.ProviderConfigurationException;
import syna.api.spi.ArrayVectorSource;
import syna.api.spi.VectorHit;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorIndexConfig;
import syna.faiss.FaissOptions;
import syna.faiss.internal.binding.FaissLibrary;
import syna.faiss.internal.binding.RequiresFaiss;
import syna.tests.Datasets;
import syna.tests.Seeded;

/** What the providers promise beyond the shared suite. */
@Seeded
class FaissProviderTest {
    @Test
    void aMissingShimMakesTheProviderUnavailableSayingWhy() {
        String old = System.getProperty(FaissLibrary.LIBRARY_PROPERTY);
        System.setProperty(FaissLibrary.LIBRARY_PROPERTY, "/no/such/libsynafaiss.so");
        try {
            ProviderConfigurationException e = assertThrows(ProviderConfigurationException.class, FaissProvider.Hnsw::new);
            assertTrue(e.getMessage().contains("faiss-hnsw") && e.getMessage().contains("/no/such/libsynafaiss.so"),
                    e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty(FaissLibrary.LIBRARY_PROPERTY);
            } else {
                System.setProperty(FaissLibrary.LIBRARY_PROPERTY, old);
            }
        }
    }

    @Test
    void optionsRoundTripAndNameTheirBounds() {
        FaissOptions o = FaissOptions.fromMap(Map.of("lists", "64", "nprobe", "4", "train-size", "1000"));
        assertEquals(o, FaissOptions.fromMap(o.toMap()));
        InvalidArgumentException unknown = assertThrows(InvalidArgumentException.class, () -> FaissOptions.fromMap(Map.of("nlist", "4")));
        assertTrue(unknown.getMessage().contains("nlist"));
        InvalidArgumentException bound = assertThrows(InvalidArgumentException.class, () -> FaissOptions.fromMap(Map.of("pq-bits", "0")));
        assertTrue(bound.getMessage().contains("pq-bits") && bound.getMessage().contains("0"), bound.getMessage());
        assertEquals(48, Preset.pqM(FaissOptions.defaults(), 384));
        assertEquals(23, Preset.pqM(FaissOptions.defaults(), 23));
        assertEquals(1024, Preset.lists(FaissOptions.defaults(), 40_000));
        assertEquals("IVF1024,PQ48x8np", Preset.IVF_PQ.factory(FaissOptions.defaults(), 384, 40_000));
    }

    @Test
    @RequiresFaiss
    void ivfSearchesExactlyUntilTrainedThenThroughFaiss(SplittableRandom r) {
        float[][] data = Datasets.uniform(r, 1200, 16);
        ArrayVectorSource source = ArrayVectorSource.of(data, DistanceMetric.EUCLIDEAN);
        VectorIndexConfig config = VectorIndexConfig.of(source, Map.of("train-size", "800", "lists", "8", "nprobe", "1", "threads", "1"));
        try (VectorIndex idx = new FaissProvider.IvfFlat().create(config, source)) {
            int[] first = new int[799];
            for (int i = 0; i < first.length; i++) {
                first[i] = i;
            }
            idx.addAll(first);
            assertTrue(idx.toString().contains("untrained"), idx.toString());
            assertEquals(idx.memoryBytes() < 10_000, true, "nothing in FAISS yet: " + idx.memoryBytes());
            for (int q = 0; q < 10; q++) {
                assertEquals(q, idx.search(data[q], 1).getFirst().ordinal(), "exact before training");
            }
            idx.add(799);
            assertTrue(idx.toString().contains("IVF8,Flat"), idx.toString());
            idx.addAll(new int[] {1000, 1001});
            assertEquals(802, idx.size());
            // nprobe 1 of 8 lists misses some neighbours; effort 8 probes them all and is exact again.
            double one = 0;
            double all = 0;
            for (int q = 0; q < 40; q++) {
                List<VectorHit> exact = syna.api.spi.ExactSearch.search(source, data[1100 + q % 100], 10,
                        syna.api.spi.OrdinalFilter.of(o -> o < 800 || o == 1000 || o == 1001));
                one += overlap(exact, idx.search(data[1100 + q % 100], 10)) / 40;
                all += overlap(exact, idx.search(data[1100 + q % 100], 10, syna.api.spi.SearchOptions.defaults().withEffort(8))) / 40;
            }
            assertEquals(1.0, all, 1e-9);
            assertTrue(one < all, "nprobe 1: " + one);
        }
    }

    private static double overlap(List<VectorHit> a, List<VectorHit> b) {
        return (double) b.stream().filter(h -> a.stream().anyMatch(x -> x.ordinal() == h.ordinal())).count() / a.size();
    }

    @Test
    @RequiresFaiss
    void cosineDistancesAreSynasAndIvfPqMemoryIsItsCodes(SplittableRandom r) {
        float[][] data = Datasets.uniform(r, 3000, 64);
        ArrayVectorSource source = ArrayVectorSource.of(data, DistanceMetric.COSINE);
        long floats = 3000L * 64 * 4;
        try (VectorIndex flat = new FaissProvider.IvfFlat().create(VectorIndexConfig.of(source, Map.of("train-size", "1000", "lists", "8", "threads", "1")), source);
                VectorIndex pq = new FaissProvider.IvfPq().create(VectorIndexConfig.of(source, Map.of("train-size", "1000", "lists", "8", "threads", "1")), source)) {
            int[] all = new int[3000];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            flat.addAll(all);
            pq.addAll(all);
            VectorHit h = flat.search(data[5], 1).getFirst();
            assertEquals(5, h.ordinal());
            assertEquals(0, h.distance(), 1e-5, "1 - cos of a vector with itself");
            assertEquals(source.distance(data[7], flat.search(data[7], 3).get(2).ordinal()), flat.search(data[7], 3).get(2).distance(), 1e-6);
            assertTrue(flat.memoryBytes() >= floats, "IVF-Flat keeps float copies: " + flat.memoryBytes());
            // PQ8 of 64-d: 8 bytes a vector plus 8-byte ids, codebooks and centroids.
            assertTrue(pq.memoryBytes() < floats / 4, "IVF-PQ keeps codes: " + pq.memoryBytes() + " vs " + floats);
        }
    }

    @Test
    @RequiresFaiss
    void aCallersSampleTrainsANewIndexBeforeItsFirstVector(SplittableRandom r, @TempDir Path tmp) throws IOException {
        float[][] data = Datasets.uniform(r, 600, 16);
        float[][] sample = Datasets.uniform(r, 400, 16);
        ArrayVectorSource source = ArrayVectorSource.of(data, DistanceMetric.COSINE);
        for (Path file : List.of(fvecs(tmp.resolve("s.fvecs"), sample), npy(tmp.resolve("s.npy"), sample, 16))) {
            VectorIndexConfig config = VectorIndexConfig.of(source,
                    Map.of("train-sample", file.toString(), "lists", "8", "threads", "1"));
            try (VectorIndex idx = new FaissProvider.IvfFlat().create(config, source)) {
                // Trained at creation: FAISS holds the structure before a single add (train-size is 40,000).
                assertTrue(idx.toString().contains("IVF8,Flat"), idx.toString());
                int[] some = new int[50];
                for (int i = 0; i < some.length; i++) {
                    some[i] = i;
                }
                idx.addAll(some);
                for (int q = 0; q < 50; q += 7) {
                    VectorHit hit = idx.search(data[q], 1, syna.api.spi.SearchOptions.defaults().withEffort(8)).getFirst();
                    assertEquals(q, hit.ordinal(), "every list probed finds the vector itself");
                }
            }
        }
    }

    @Test
    @RequiresFaiss
    void aBadSampleIsATypedErrorNamingTheFile(SplittableRandom r, @TempDir Path tmp) throws IOException {
        float[][] data = Datasets.uniform(r, 100, 16);
        ArrayVectorSource source = ArrayVectorSource.of(data, DistanceMetric.EUCLIDEAN);
        java.util.function.Function<Path, VectorIndex> open = file -> new FaissProvider.IvfFlat().create(
                VectorIndexConfig.of(source, Map.of("train-sample", file.toString(), "lists", "4", "threads", "1")), source);
        Path wrongDim = fvecs(tmp.resolve("d8.fvecs"), Datasets.uniform(r, 50, 8));
        assertThrows(syna.api.DimensionMismatchException.class, () -> open.apply(wrongDim));
        Path npyWrongDim = npy(tmp.resolve("d8.npy"), Datasets.uniform(r, 50, 8), 8);
        assertThrows(syna.api.DimensionMismatchException.class, () -> open.apply(npyWrongDim));
        float[][] nan = Datasets.uniform(r, 50, 16);
        nan[17][3] = Float.NaN;
        Path withNan = fvecs(tmp.resolve("nan.fvecs"), nan);
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> open.apply(withNan));
        assertTrue(e.getMessage().contains("vector 17") && e.getMessage().contains("NaN"), e.getMessage());
        Path whole = fvecs(tmp.resolve("cut.fvecs"), Datasets.uniform(r, 50, 16));
        Path cut = tmp.resolve("cut2.fvecs");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(whole), (int) Files.size(whole) - 5));
        assertThrows(syna.api.CorruptFileException.class, () -> open.apply(cut));
        Path npyCut = tmp.resolve("cut.npy");
        byte[] full = Files.readAllBytes(npy(tmp.resolve("full.npy"), Datasets.uniform(r, 50, 16), 16));
        Files.write(npyCut, java.util.Arrays.copyOf(full, full.length - 4));
        assertThrows(syna.api.CorruptFileException.class, () -> open.apply(npyCut));
        InvalidArgumentException missing = assertThrows(InvalidArgumentException.class,
                () -> open.apply(tmp.resolve("absent.fvecs")));
        assertTrue(missing.getMessage().contains("absent.fvecs"), missing.getMessage());
        Path txt = Files.writeString(tmp.resolve("s.txt"), "1 2 3");
        assertThrows(InvalidArgumentException.class, () -> open.apply(txt));
        Path good = fvecs(tmp.resolve("good.fvecs"), Datasets.uniform(r, 50, 16));
        assertThrows(InvalidArgumentException.class, () -> new FaissProvider.Hnsw().create(
                VectorIndexConfig.of(source, Map.of("train-sample", good.toString())), source),
                "HNSW needs no training: a sample is a mistake, said so");
    }

    private static Path fvecs(Path file, float[][] vectors) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(vectors.length * (4 + 4 * vectors[0].length))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float[] v : vectors) {
            b.putInt(v.length);
            for (float f : v) {
                b.putFloat(f);
            }
        }
        return Files.write(file, b.array());
    }

    /** A 2-D float32 .npy as numpy's np.save writes it (version 1.0, header padded to 64 bytes). */
    private static Path npy(Path file, float[][] vectors, int dim) throws IOException {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + vectors.length + ", " + dim + "), }";
        int pad = 64 - (10 + dict.length() + 1) % 64;
        String header = dict + " ".repeat(pad % 64) + "\n";
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10 + header.length() + 4 * vectors.length * dim)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (float[] v : vectors) {
            for (float f : v) {
                b.putFloat(f);
            }
        }
        return Files.write(file, b.array());
    }
}
