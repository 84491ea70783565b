package syna.index.hnsw;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import syna.api.InvalidArgumentException;
import syna.api.spi.ProviderParameters;
import syna.api.spi.VectorIndexConfig;

/**
 * Settings of an HNSW index, validated once by {@link Builder#build()}. They travel to the provider as
 * {@link VectorIndexConfig#parameters()} ({@link #toMap()}, {@link #fromMap(Map)}). Immutable; thread-safe.
 *
 * <p>Defaults are those the original documented: M = 16 (so 32 links on the base layer), efConstruction =
 * 200, efSearch = 100.
 */
public final class HnswOptions {
    /** Parameter name of {@link #maxConnections()}. */
    public static final String M = "m";
    /** Parameter name of {@link #efConstruction()}. */
    public static final String EF_CONSTRUCTION = "ef-construction";
    /** Parameter name of {@link #efSearch()}. */
    public static final String EF_SEARCH = "ef-search";
    /** Parameter name of {@link #seed()}. */
    public static final String SEED = "seed";
    /** Parameter name of {@link #buildThreads()}. */
    public static final String BUILD_THREADS = "build-threads";

    /** Parameter name of {@link #quantization()}: {@code none} or {@code int8}. */
    public static final String QUANTIZATION = "quantization";
    /** Parameter name of {@link #rerank()}. */
    public static final String RERANK = "rerank";

    /** Smallest and largest M. */
    public static final int MIN_M = 2;
    /** Largest M. */
    public static final int MAX_M = 512;
    /** Largest efConstruction and efSearch. */
    public static final int MAX_EF = 100_000;
    /** Largest number of build threads. */
    public static final int MAX_BUILD_THREADS = 1024;
    /** Largest re-ranking factor. */
    public static final int MAX_RERANK = 100;
    /** Default re-ranking factor. */
    public static final int DEFAULT_RERANK = 3;

    /**
     * What the graph search scores. Append only: the ordinal is saved in the index file.
     */
    public enum Quantization {
        /** The store's float32 vectors. */
        NONE,
        /**
         * Per-dimension int8 codes held by the index (dimension bytes per node, off-heap), scored with an int8 dot
         * product against the quantized query; the best {@code k · rerank} of its ef results are measured again on
         * the floats.
         */
        INT8;

        /** The parameter value: {@code none} or {@code int8}. */
        public String parameter() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Quantization parse(String value) {
            for (Quantization q : values()) {
                if (q.parameter().equals(value)) {
                    return q;
                }
            }
            throw new InvalidArgumentException("hnsw " + QUANTIZATION + " must be one of none, int8, got '" + value
                    + "'");
        }
    }

    private static final Set<String> NAMES = Set.of(M, EF_CONSTRUCTION, EF_SEARCH, SEED, BUILD_THREADS,
            QUANTIZATION, RERANK);
    private static final ProviderParameters PARAMS = new ProviderParameters("hnsw");
    private static final HnswOptions DEFAULTS = builder().build();

    private final int maxConnections;
    private final int efConstruction;
    private final int efSearch;
    private final OptionalLong seed;
    private final int buildThreads;
    private final Quantization quantization;
    private final int rerank;

    private HnswOptions(Builder b) {
        this.maxConnections = b.maxConnections;
        this.efConstruction = b.efConstruction;
        this.efSearch = b.efSearch;
        this.seed = b.seed;
        this.buildThreads = b.buildThreads;
        this.quantization = b.quantization;
        this.rerank = b.rerank;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults. */
    public static HnswOptions defaults() {
        return DEFAULTS;
    }

    /** M: links per node on the upper layers; the base layer keeps up to 2·M. */
    public int maxConnections() {
        return maxConnections;
    }

    /** Links per node on the base layer (2·M, the paper's M_max0). */
    public int maxConnectionsBase() {
        return 2 * maxConnections;
    }

    /** efConstruction: size of the candidate list while inserting. */
    public int efConstruction() {
        return efConstruction;
    }

    /** efSearch: size of the candidate list while searching when the query gives no effort. */
    public int efSearch() {
        return efSearch;
    }

    /** Seed of the level draw; absent means a fresh random seed per index. */
    public OptionalLong seed() {
        return seed;
    }

    /** Threads {@code addAll} uses; 0 means all available processors. */
    public int buildThreads() {
        return buildThreads;
    }

    /** What the graph search scores: the floats, or int8 codes re-ranked on the floats. */
    public Quantization quantization() {
        return quantization;
    }

    /**
     * Re-ranking factor of a quantized search: the best {@code k · rerank} of the code search's ef results (all of
     * them when ef is smaller) are measured again on the floats and the best k of those returned. A query's effort
     * (ef) sets how wide the code search looks, as without quantization; {@code rerank} how many of its results
     * the floats re-order. Without quantization it has no effect.
     */
    public int rerank() {
        return rerank;
    }

    /** These options as provider parameters (only the seed is left out when absent). */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(M, Integer.toString(maxConnections));
        m.put(EF_CONSTRUCTION, Integer.toString(efConstruction));
        m.put(EF_SEARCH, Integer.toString(efSearch));
        seed.ifPresent(s -> m.put(SEED, Long.toString(s)));
        m.put(BUILD_THREADS, Integer.toString(buildThreads));
        m.put(QUANTIZATION, quantization.parameter());
        m.put(RERANK, Integer.toString(rerank));
        return Map.copyOf(m);
    }

    /**
     * Options from provider parameters; missing names take defaults, unknown names and bad values give
     * {@link InvalidArgumentException}.
     */
    public static HnswOptions fromMap(Map<String, String> parameters) {
        PARAMS.requireKnown(parameters, NAMES);
        Builder b = builder();
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            switch (k) {
                case M -> b.maxConnections(PARAMS.intValue(k, v));
                case EF_CONSTRUCTION -> b.efConstruction(PARAMS.intValue(k, v));
                case EF_SEARCH -> b.efSearch(PARAMS.intValue(k, v));
                case BUILD_THREADS -> b.buildThreads(PARAMS.intValue(k, v));
                case QUANTIZATION -> b.quantization(Quantization.parse(v));
                case RERANK -> b.rerank(PARAMS.intValue(k, v));
                default -> b.seed(PARAMS.longValue(k, v));
            }
        }
        return b.build();
    }


    @Override
    public boolean equals(Object o) {
        return o instanceof HnswOptions h && h.maxConnections == maxConnections && h.efConstruction == efConstruction
                && h.efSearch == efSearch && h.seed.equals(seed) && h.buildThreads == buildThreads
                && h.quantization == quantization && h.rerank == rerank;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxConnections, efConstruction, efSearch, seed, buildThreads, quantization, rerank);
    }

    @Override
    public String toString() {
        return "HnswOptions[maxConnections=" + maxConnections + ", maxConnectionsBase=" + maxConnectionsBase()
                + ", efConstruction=" + efConstruction + ", efSearch=" + efSearch + ", seed="
                + (seed.isPresent() ? Long.toString(seed.getAsLong()) : "random") + ", buildThreads="
                + (buildThreads == 0 ? "all" : Integer.toString(buildThreads)) + ", quantization="
                + quantization.parameter() + ", rerank=" + rerank + "]";
    }

    /** Builder of {@link HnswOptions}. Not thread-safe; one per thread. */
    public static final class Builder {
        private int maxConnections = 16;
        private int efConstruction = 200;
        private int efSearch = 100;
        private OptionalLong seed = OptionalLong.empty();
        private int buildThreads;
        private Quantization quantization = Quantization.NONE;
        private int rerank = DEFAULT_RERANK;

        private Builder() {}

        /** M, in [{@value HnswOptions#MIN_M}, {@value HnswOptions#MAX_M}]; default 16. */
        public Builder maxConnections(int m) {
            this.maxConnections = m;
            return this;
        }

        /** efConstruction, in [1, {@value HnswOptions#MAX_EF}]; default 200. */
        public Builder efConstruction(int ef) {
            this.efConstruction = ef;
            return this;
        }

        /** efSearch, in [1, {@value HnswOptions#MAX_EF}]; default 100. */
        public Builder efSearch(int ef) {
            this.efSearch = ef;
            return this;
        }

        /** Seed of the level draw, for reproducible graphs. */
        public Builder seed(long seed) {
            this.seed = OptionalLong.of(seed);
            return this;
        }

        /** Threads {@code addAll} uses, in [0, {@value HnswOptions#MAX_BUILD_THREADS}]; 0 (default) means all. */
        public Builder buildThreads(int threads) {
            this.buildThreads = threads;
            return this;
        }

        /** What the graph search scores; default {@link Quantization#NONE}. */
        public Builder quantization(Quantization quantization) {
            this.quantization = Objects.requireNonNull(quantization, "quantization");
            return this;
        }

        /** Re-ranking factor, in [1, {@value HnswOptions#MAX_RERANK}]; default {@value HnswOptions#DEFAULT_RERANK}. */
        public Builder rerank(int factor) {
            this.rerank = factor;
            return this;
        }

        /** Checks every bound and returns the options. */
        public HnswOptions build() {
            check(M, maxConnections, MIN_M, MAX_M);
            check(EF_CONSTRUCTION, efConstruction, 1, MAX_EF);
            check(EF_SEARCH, efSearch, 1, MAX_EF);
            check(BUILD_THREADS, buildThreads, 0, MAX_BUILD_THREADS);
            check(RERANK, rerank, 1, MAX_RERANK);
            return new HnswOptions(this);
        }

        private static void check(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new InvalidArgumentException(
                        "hnsw " + name + " must be in [" + min + ", " + max + "], got " + value);
            }
        }
    }
}
