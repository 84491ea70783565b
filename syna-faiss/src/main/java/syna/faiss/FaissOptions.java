package syna.faiss;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import syna.api.InvalidArgumentException;

/**
 * Settings of a FAISS index, as {@code VectorIndexConfig} parameters (all optional; 0 means "choose"):
 *
 * <ul>
 *   <li>{@code factory}: FAISS {@code index_factory} string (provider {@code faiss} only, required there),
 *       e.g. {@code "OPQ16,IVF1024,PQ16np"};
 *   <li>{@code lists} (IVF presets): inverted lists; 0: a power of two near train-size / 39;
 *   <li>{@code pq-m}, {@code pq-bits} ({@code faiss-ivf-pq}): sub-quantizers (0: the smallest divisor of the
 *       dimension at or above dimension / 8) and bits per code (8);
 *   <li>{@code m}, {@code ef-construction}, {@code ef-search} ({@code faiss-hnsw}): 16, 100, 64;
 *   <li>{@code nprobe}: lists probed when a search gives no effort; 0: lists / 16, at least 8;
 *   <li>{@code train-size}: vectors held before a structure that needs training is trained on them; until
 *       then searches are exact; default 40,000;
 *   <li>{@code train-sample}: a file of vectors the caller chose to train on ({@code .fvecs}, or a 2-D
 *       little-endian float32 {@code .npy}); a new index that needs training is trained on it when it is
 *       created, so FAISS searches from the first vector (the file is read once; a saved index does not
 *       need it again). Wrong dimension, non-finite values or a damaged file are typed errors;
 *   <li>{@code rerank}: candidates fetched per wanted hit and re-measured exactly from the store's vectors;
 *       0: 4 for product quantization, else 1;
 *   <li>{@code threads}: OpenMP threads for training and adding; 0: all cores.
 * </ul>
 *
 * @param factory the index_factory string, or empty
 * @param lists IVF lists, or 0
 * @param pqM PQ sub-quantizers, or 0
 * @param pqBits bits per PQ code, 1 to 16
 * @param m HNSW links per node
 * @param efConstruction HNSW build beam
 * @param efSearch HNSW search beam when a search gives no effort
 * @param nprobe IVF lists probed when a search gives no effort, or 0
 * @param trainSize vectors to train on
 * @param rerank candidates per hit, or 0
 * @param threads build threads, or 0
 * @param trainSample path of the caller's training sample, or empty
 */
public record FaissOptions(String factory, int lists, int pqM, int pqBits, int m, int efConstruction, int efSearch,
        int nprobe, int trainSize, int rerank, int threads, String trainSample) {
    private static final Set<String> NAMES = Set.of("factory", "lists", "pq-m", "pq-bits", "m", "ef-construction",
            "ef-search", "nprobe", "train-size", "rerank", "threads", "train-sample");

    /** Validates every bound, naming it. */
    public FaissOptions {
        Objects.requireNonNull(factory, "factory");
        check("lists", lists, 0, 1 << 20);
        check("pq-m", pqM, 0, 4096);
        check("pq-bits", pqBits, 1, 16);
        check("m", m, 2, 512);
        check("ef-construction", efConstruction, 1, 1 << 16);
        check("ef-search", efSearch, 1, 1 << 16);
        check("nprobe", nprobe, 0, 1 << 20);
        check("train-size", trainSize, 1, Integer.MAX_VALUE);
        check("rerank", rerank, 0, 1024);
        check("threads", threads, 0, 4096);
        Objects.requireNonNull(trainSample, "trainSample");
        if (trainSample.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidArgumentException("faiss parameter 'train-sample' must be a path without control characters");
        }
    }

    private static void check(String name, int v, int min, int max) {
        if (v < min || v > max) {
            throw new InvalidArgumentException("faiss parameter '" + name + "' must be in [" + min + ", " + max + "], got " + v);
        }
    }

    /** The defaults. */
    public static FaissOptions defaults() {
        return new FaissOptions("", 0, 0, 8, 16, 100, 64, 0, 40_000, 0, 0, "");
    }

    /** Parses {@code VectorIndexConfig} parameters; unknown names and bad numbers are {@link InvalidArgumentException}s. */
    public static FaissOptions fromMap(Map<String, String> p) {
        Objects.requireNonNull(p, "parameters");
        for (String k : p.keySet()) {
            if (!NAMES.contains(k)) {
                throw new InvalidArgumentException("unknown faiss parameter '" + k + "'; known: " + new java.util.TreeSet<>(NAMES));
            }
        }
        FaissOptions d = defaults();
        return new FaissOptions(p.getOrDefault("factory", d.factory).strip(), i(p, "lists", d.lists), i(p, "pq-m", d.pqM),
                i(p, "pq-bits", d.pqBits), i(p, "m", d.m), i(p, "ef-construction", d.efConstruction),
                i(p, "ef-search", d.efSearch), i(p, "nprobe", d.nprobe), i(p, "train-size", d.trainSize),
                i(p, "rerank", d.rerank), i(p, "threads", d.threads), p.getOrDefault("train-sample", d.trainSample).strip());
    }

    private static int i(Map<String, String> p, String name, int def) {
        String v = p.get(name);
        if (v == null) {
            return def;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("faiss parameter '" + name + "' must be an integer, got '" + v + "'", e);
        }
    }

    /** Every setting by its parameter name (sorted); {@code fromMap(toMap())} gives these options back. */
    public Map<String, String> toMap() {
        Map<String, String> m2 = new TreeMap<>();
        if (!factory.isEmpty()) {
            m2.put("factory", factory);
        }
        m2.put("lists", Integer.toString(lists));
        m2.put("pq-m", Integer.toString(pqM));
        m2.put("pq-bits", Integer.toString(pqBits));
        m2.put("m", Integer.toString(m));
        m2.put("ef-construction", Integer.toString(efConstruction));
        m2.put("ef-search", Integer.toString(efSearch));
        m2.put("nprobe", Integer.toString(nprobe));
        m2.put("train-size", Integer.toString(trainSize));
        m2.put("rerank", Integer.toString(rerank));
        m2.put("threads", Integer.toString(threads));
        if (!trainSample.isEmpty()) {
            m2.put("train-sample", trainSample);
        }
        return m2;
    }
}
