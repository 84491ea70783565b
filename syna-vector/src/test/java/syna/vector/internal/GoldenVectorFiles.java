package syna.vector.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import syna.api.Atom;
import syna.api.Database;
import syna.api.DistanceMetric;
import syna.api.Durability;
import syna.api.Syna;
import syna.api.VectorStoreOptions;
import syna.api.spi.ArrayVectorSource;
import syna.api.spi.Providers;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorIndexConfig;
import syna.api.spi.VectorIndexProvider;

/**
 * Writes the golden files of the vector formats of {@code syna.vector} (and of the {@code flat}
 * index of {@code syna.api}): run once with a target directory to produce
 * {@code src/test/resources/golden/}, and called by {@link GoldenVectorFormatsTest} to write the same
 * content afresh. Everything is a function of fixed seeds. A test utility, not a test.
 */
public final class GoldenVectorFiles {
    /** Dimension of every golden vector. */
    static final int DIM = 8;
    /** Ids of the flat index: 100..119, then 105 deleted. */
    static final int FLAT_FIRST = 100;
    static final int FLAT_COUNT = 20;
    static final long FLAT_DELETED = 105;
    /** Mmap store: keys m0..m9, checkpoint, m10..m12, m4 replaced by vector 40, m7 deleted, checkpoint. */
    static final int MMAP_CAPACITY = 16;
    /** Log vector store "golden" in a database: keys s0..s11, s5 deleted (a free slot), flat index saved. */
    static final String LOG_STORE = "golden";
    static final int LOG_COUNT = 12;

    private GoldenVectorFiles() {}

    /** Vector {@code i}: seeded, every component a multiple of 1/64 in [-1, 1), so exact in float and decimal. */
    static float[] vector(int i) {
        SplittableRandom r = new SplittableRandom(0x5EED_0000L + i);
        float[] v = new float[DIM];
        for (int j = 0; j < DIM; j++) {
            v[j] = (r.nextInt(128) - 64) / 64f;
        }
        return v;
    }

    static VectorStoreOptions mmapOptions() {
        return VectorStoreOptions.builder(DIM).metric(DistanceMetric.EUCLIDEAN).initialCapacity(MMAP_CAPACITY).build();
    }

    static VectorStoreOptions logStoreOptions() {
        return VectorStoreOptions.builder(DIM).metric(DistanceMetric.DOT_PRODUCT).index("flat").indexThreshold(4).build();
    }

    /** The flat index's vectors by ordinal (= id): zeros below {@link #FLAT_FIRST}. */
    static ArrayVectorSource flatSource() {
        ArrayVectorSource s = ArrayVectorSource.zeros(FLAT_FIRST + FLAT_COUNT, DIM, DistanceMetric.EUCLIDEAN);
        for (int i = 0; i < FLAT_COUNT; i++) {
            s.set(FLAT_FIRST + i, vector(FLAT_FIRST + i));
        }
        return s;
    }

    /** Writes the flat index file {@code file}. */
    static void writeFlat(Path file) {
        VectorIndexProvider flat = Providers.get(VectorIndexProvider.class, "flat");
        ArrayVectorSource source = flatSource();
        try (VectorIndex idx = flat.create(VectorIndexConfig.of(source, Map.of()), source)) {
            for (int i = 0; i < FLAT_COUNT; i++) {
                idx.add(FLAT_FIRST + i);
            }
            idx.delete((int) FLAT_DELETED);
            idx.save(file);
        }
    }

    /** Writes the memory-mapped store into {@code dir} (vectors.syna, keys.syna, lock). */
    static void writeMmap(Path dir) {
        try (MmapVectorStoreImpl s = MmapVectorStoreImpl.open(dir, mmapOptions())) {
            List<String> keys = new ArrayList<>();
            List<float[]> vs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                keys.add("m" + i);
                vs.add(vector(i));
            }
            s.insertBatch(keys, vs);
            s.checkpoint();
            for (int i = 10; i < 13; i++) {
                s.insert("m" + i, vector(i));
            }
            s.insert("m4", vector(40));
            s.delete("m7");
            s.checkpoint();
        }
    }

    /** Writes a database with the log vector store {@value #LOG_STORE} into {@code dir}, its index saved. */
    static void writeLogStore(Path dir) {
        try (Database db = Syna.builder(dir).durability(Durability.ALWAYS).open();
                LogVectorStore s = LogVectorStore.open(db, LOG_STORE, logStoreOptions())) {
            for (int i = 0; i < LOG_COUNT; i++) {
                s.insert("s" + i, vector(200 + i), Map.of("i", Atom.of((long) i)));
            }
            s.delete("s5");
            if (!s.awaitIndex(java.time.Duration.ofMinutes(1))) { // built in the background
                throw new IllegalStateException("the index of the golden store did not catch up: " + s.indexStatus());
            }
            s.checkpoint(); // saves the index: it covers every vector
        }
    }

    /** Writes every golden vector file under {@code args[0]} (normally {@code src/test/resources/golden}). */
    public static void main(String[] args) throws IOException {
        // Today's versions; the version-1 files were written by the first version of this class and are kept.
        Path root = Path.of(args[0]);
        Files.createDirectories(root.resolve("flat-v2"));
        writeFlat(root.resolve("flat-v2/index.flat"));
        writeMmap(root.resolve("mmap-v2"));
        Files.deleteIfExists(root.resolve("mmap-v2/lock"));
        writeLogStore(root.resolve("logvs-v2"));
        Files.deleteIfExists(root.resolve("logvs-v2/LOCK"));
    }
}
