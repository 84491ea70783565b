package syna.index.cascade;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import syna.api.InvalidArgumentException;
import syna.api.spi.ProviderParameters;

/**
 * Settings of a Cascade index, validated once by {@link Builder#build()}. Start from a {@link Preset}
 * ({@link #preset(Preset)}) or the defaults ({@link Preset#BALANCED}) and override what you need; they travel to
 * the provider as the index's parameters ({@link #toMap()}, {@link #fromMap(Map)}, where {@code preset=name}
 * sets the base values and the other names override them), so a store sets them once; a query sets its beam
 * with the search effort. Immutable; thread-safe.
 */
public final class CascadeOptions {
    /** Parameter name of {@link #preset()}. */
    public static final String PRESET = "preset";
    /** Parameter name of {@link #bits()}. */
    public static final String BITS = "bits";
    /** Parameter name of {@link #tables()}. */
    public static final String TABLES = "tables";
    /** Parameter name of {@link #probes()}. */
    public static final String PROBES = "probes";
    /** Parameter name of {@link #bucketSize()}. */
    public static final String BUCKET_SIZE = "bucket-size";
    /** Parameter name of {@link #maxDepth()}. */
    public static final String MAX_DEPTH = "max-depth";
    /** Parameter name of {@link #degree()}. */
    public static final String DEGREE = "degree";
    /** Parameter name of {@link #buildBeam()}. */
    public static final String BUILD_BEAM = "build-beam";
    /** Parameter name of {@link #alpha()}. */
    public static final String ALPHA = "alpha";
    /** Parameter name of {@link #efSearch()}. */
    public static final String EF_SEARCH = "ef-search";
    /** Parameter name of {@link #entryPoints()}. */
    public static final String ENTRY_POINTS = "entry-points";
    /** Parameter name of {@link #consolidateFraction()}. */
    public static final String CONSOLIDATE_FRACTION = "consolidate-fraction";
    /** Parameter name of {@link #seed()}. */
    public static final String SEED = "seed";

    /** Most hyperplanes per table (2^bits buckets per table). */
    public static final int MAX_BITS = 16;
    /** Most tables. */
    public static final int MAX_TABLES = 64;
    /** Largest degree. */
    public static final int MAX_DEGREE = 512;
    /** Largest beam, probe count and entry-point count. */
    public static final int MAX_BEAM = 100_000;

    private static final Set<String> NAMES = Set.of(PRESET, BITS, TABLES, PROBES, BUCKET_SIZE, MAX_DEPTH, DEGREE,
            BUILD_BEAM, ALPHA, EF_SEARCH, ENTRY_POINTS, CONSOLIDATE_FRACTION, SEED);
    private static final ProviderParameters PARAMS = new ProviderParameters("cascade");

    /** Named starting points. Append only. */
    public enum Preset {
        /** The defaults: a middle road of build time, memory, recall and speed. */
        BALANCED(8, 8, 4, 64, 6, 32, 48, 1.2, 64, 48),
        /** Least memory and fastest build: degree 16, fewer and coarser tables; for small or memory-bound sets. */
        SMALL(6, 4, 4, 48, 4, 16, 32, 1.2, 48, 32),
        /** For large sets: finer buckets, degree 48, a wider build beam. */
        LARGE(10, 12, 6, 128, 8, 48, 80, 1.2, 96, 64),
        /** Recall first: many tables and probes, degree 48, wide beams. */
        HIGH_RECALL(8, 16, 8, 64, 6, 48, 100, 1.2, 200, 96),
        /** Speed first: few, fine tables, degree 24, a narrow search beam. */
        FAST_SEARCH(10, 4, 2, 64, 6, 24, 48, 1.2, 32, 16);

        final int bits;
        final int tables;
        final int probes;
        final int bucketSize;
        final int maxDepth;
        final int degree;
        final int buildBeam;
        final double alpha;
        final int efSearch;
        final int entryPoints;

        Preset(int bits, int tables, int probes, int bucketSize, int maxDepth, int degree, int buildBeam, double alpha,
                int efSearch, int entryPoints) {
            this.bits = bits;
            this.tables = tables;
            this.probes = probes;
            this.bucketSize = bucketSize;
            this.maxDepth = maxDepth;
            this.degree = degree;
            this.buildBeam = buildBeam;
            this.alpha = alpha;
            this.efSearch = efSearch;
            this.entryPoints = entryPoints;
        }

        /** The name in parameters: lower case ({@code high_recall}). */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The preset named {@code key} (case-insensitive), or {@link InvalidArgumentException}. */
        public static Preset of(String key) {
            for (Preset p : values()) {
                if (p.key().equalsIgnoreCase(key.strip())) {
                    return p;
                }
            }
            TreeSet<String> known = new TreeSet<>();
            for (Preset p : values()) {
                known.add(p.key());
            }
            throw new InvalidArgumentException("unknown cascade preset '" + key + "'; known: " + known);
        }
    }

    private static final CascadeOptions DEFAULTS = builder().build();

    private final Preset preset;
    private final int bits;
    private final int tables;
    private final int probes;
    private final int bucketSize;
    private final int maxDepth;
    private final int degree;
    private final int buildBeam;
    private final double alpha;
    private final int efSearch;
    private final int entryPoints;
    private final double consolidateFraction;
    private final OptionalLong seed;

    private CascadeOptions(Builder b) {
        preset = b.preset;
        bits = b.bits;
        tables = b.tables;
        probes = b.probes;
        bucketSize = b.bucketSize;
        maxDepth = b.maxDepth;
        degree = b.degree;
        buildBeam = b.buildBeam;
        alpha = b.alpha;
        efSearch = b.efSearch;
        entryPoints = b.entryPoints;
        consolidateFraction = b.consolidateFraction;
        seed = b.seed;
    }

    /** A builder with the defaults ({@link Preset#BALANCED}). */
    public static Builder builder() {
        return preset(Preset.BALANCED);
    }

    /** A builder starting from {@code preset}. */
    public static Builder preset(Preset preset) {
        return new Builder().apply(Objects.requireNonNull(preset, "preset"));
    }

    /** The defaults. */
    public static CascadeOptions defaults() {
        return DEFAULTS;
    }

    /** The preset these options started from. */
    public Preset preset() {
        return preset;
    }

    /** Hyperplanes per LSH table: a table has 2^bits buckets. */
    public int bits() {
        return bits;
    }

    /** LSH tables. */
    public int tables() {
        return tables;
    }

    /** Buckets looked up per table and query, in margin order (1: the query's own bucket only). */
    public int probes() {
        return probes;
    }

    /** A bucket-tree leaf with more members than this splits. */
    public int bucketSize() {
        return bucketSize;
    }

    /** Deepest bucket tree (0: buckets never split). */
    public int maxDepth() {
        return maxDepth;
    }

    /** R: most neighbours a node keeps. */
    public int degree() {
        return degree;
    }

    /** L: the beam an insert searches the graph with. */
    public int buildBeam() {
        return buildBeam;
    }

    /** α of the RNG pruning rule (1 keeps the relative neighbourhood graph; larger keeps longer edges). */
    public double alpha() {
        return alpha;
    }

    /** The beam a search uses when the query gives no effort. */
    public int efSearch() {
        return efSearch;
    }

    /** Most bucket members scored as entry points of one search. */
    public int entryPoints() {
        return entryPoints;
    }

    /** Deleted nodes are consolidated once they exceed this fraction of the live ones. */
    public double consolidateFraction() {
        return consolidateFraction;
    }

    /** Seed of the hyperplanes; absent means a fresh random seed per index (stored in its file). */
    public OptionalLong seed() {
        return seed;
    }

    /** These options as provider parameters (the seed left out when absent). */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(PRESET, preset.key());
        m.put(BITS, Integer.toString(bits));
        m.put(TABLES, Integer.toString(tables));
        m.put(PROBES, Integer.toString(probes));
        m.put(BUCKET_SIZE, Integer.toString(bucketSize));
        m.put(MAX_DEPTH, Integer.toString(maxDepth));
        m.put(DEGREE, Integer.toString(degree));
        m.put(BUILD_BEAM, Integer.toString(buildBeam));
        m.put(ALPHA, Double.toString(alpha));
        m.put(EF_SEARCH, Integer.toString(efSearch));
        m.put(ENTRY_POINTS, Integer.toString(entryPoints));
        m.put(CONSOLIDATE_FRACTION, Double.toString(consolidateFraction));
        seed.ifPresent(s -> m.put(SEED, Long.toString(s)));
        return Map.copyOf(m);
    }

    /**
     * Options from provider parameters: {@code preset} first (default balanced), then every other name overrides
     * it; unknown names and bad values give {@link InvalidArgumentException}.
     */
    public static CascadeOptions fromMap(Map<String, String> parameters) {
        PARAMS.requireKnown(parameters, NAMES);
        String p = parameters.get(PRESET);
        Builder b = preset(p == null ? Preset.BALANCED : Preset.of(p));
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            String k = e.getKey();
            String v = e.getValue().strip();
            switch (k) {
                case PRESET -> {
                    // applied first
                }
                case BITS -> b.bits(PARAMS.intValue(k, v));
                case TABLES -> b.tables(PARAMS.intValue(k, v));
                case PROBES -> b.probes(PARAMS.intValue(k, v));
                case BUCKET_SIZE -> b.bucketSize(PARAMS.intValue(k, v));
                case MAX_DEPTH -> b.maxDepth(PARAMS.intValue(k, v));
                case DEGREE -> b.degree(PARAMS.intValue(k, v));
                case BUILD_BEAM -> b.buildBeam(PARAMS.intValue(k, v));
                case ALPHA -> b.alpha(PARAMS.doubleValue(k, v));
                case EF_SEARCH -> b.efSearch(PARAMS.intValue(k, v));
                case ENTRY_POINTS -> b.entryPoints(PARAMS.intValue(k, v));
                case CONSOLIDATE_FRACTION -> b.consolidateFraction(PARAMS.doubleValue(k, v));
                default -> b.seed(PARAMS.longValue(k, v));
            }
        }
        return b.build();
    }




    @Override
    public boolean equals(Object o) {
        return o instanceof CascadeOptions c && c.toMap().equals(toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        return "CascadeOptions[preset=" + preset.key() + ", bits=" + bits + ", tables=" + tables + ", probes=" + probes
                + ", bucketSize=" + bucketSize + ", maxDepth=" + maxDepth + ", degree=" + degree + ", buildBeam="
                + buildBeam + ", alpha=" + alpha + ", efSearch=" + efSearch + ", entryPoints=" + entryPoints
                + ", consolidateFraction=" + consolidateFraction + ", seed="
                + (seed.isPresent() ? Long.toString(seed.getAsLong()) : "random") + "]";
    }

    /** Builder of {@link CascadeOptions}. Not thread-safe; one per thread. */
    public static final class Builder {
        private Preset preset;
        private int bits;
        private int tables;
        private int probes;
        private int bucketSize;
        private int maxDepth;
        private int degree;
        private int buildBeam;
        private double alpha;
        private int efSearch;
        private int entryPoints;
        private double consolidateFraction = 0.1;
        private OptionalLong seed = OptionalLong.empty();

        private Builder() {}

        private Builder apply(Preset p) {
            preset = p;
            bits = p.bits;
            tables = p.tables;
            probes = p.probes;
            bucketSize = p.bucketSize;
            maxDepth = p.maxDepth;
            degree = p.degree;
            buildBeam = p.buildBeam;
            alpha = p.alpha;
            efSearch = p.efSearch;
            entryPoints = p.entryPoints;
            return this;
        }

        /** Hyperplanes per table, in [1, {@value CascadeOptions#MAX_BITS}]. */
        public Builder bits(int n) {
            bits = n;
            return this;
        }

        /** LSH tables, in [1, {@value CascadeOptions#MAX_TABLES}]. */
        public Builder tables(int n) {
            tables = n;
            return this;
        }

        /** Buckets per table and query, in [1, 2^bits]. */
        public Builder probes(int n) {
            probes = n;
            return this;
        }

        /** Bucket-leaf size before a split, in [4, 1,000,000]. */
        public Builder bucketSize(int n) {
            bucketSize = n;
            return this;
        }

        /** Deepest bucket tree, in [0, 32]. */
        public Builder maxDepth(int n) {
            maxDepth = n;
            return this;
        }

        /** Most neighbours per node, in [2, {@value CascadeOptions#MAX_DEGREE}]. */
        public Builder degree(int n) {
            degree = n;
            return this;
        }

        /** Insert beam, in [1, {@value CascadeOptions#MAX_BEAM}]. */
        public Builder buildBeam(int n) {
            buildBeam = n;
            return this;
        }

        /** α of the pruning rule, in [1, 4]. */
        public Builder alpha(double a) {
            alpha = a;
            return this;
        }

        /** Default search beam, in [1, {@value CascadeOptions#MAX_BEAM}]. */
        public Builder efSearch(int n) {
            efSearch = n;
            return this;
        }

        /** Entry points scored per search, in [1, {@value CascadeOptions#MAX_BEAM}]. */
        public Builder entryPoints(int n) {
            entryPoints = n;
            return this;
        }

        /** Tombstone fraction that triggers consolidation, in [0.001, 1]. */
        public Builder consolidateFraction(double f) {
            consolidateFraction = f;
            return this;
        }

        /** Seed of the hyperplanes, for reproducible indexes. */
        public Builder seed(long s) {
            seed = OptionalLong.of(s);
            return this;
        }

        /** Checks every bound and returns the options. */
        public CascadeOptions build() {
            check(BITS, bits, 1, MAX_BITS);
            check(TABLES, tables, 1, MAX_TABLES);
            check(PROBES, probes, 1, 1 << bits);
            check(BUCKET_SIZE, bucketSize, 4, 1_000_000);
            check(MAX_DEPTH, maxDepth, 0, 32);
            check(DEGREE, degree, 2, MAX_DEGREE);
            check(BUILD_BEAM, buildBeam, 1, MAX_BEAM);
            check(ALPHA, alpha, 1, 4);
            check(EF_SEARCH, efSearch, 1, MAX_BEAM);
            check(ENTRY_POINTS, entryPoints, 1, MAX_BEAM);
            check(CONSOLIDATE_FRACTION, consolidateFraction, 0.001, 1);
            return new CascadeOptions(this);
        }

        private static void check(String name, double value, double min, double max) {
            if (!(value >= min && value <= max)) {
                throw new InvalidArgumentException("cascade " + name + " must be in [" + fmt(min) + ", " + fmt(max)
                        + "], got " + fmt(value));
            }
        }

        private static String fmt(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
    }
}
