package syna.index.gwi;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import syna.api.InvalidArgumentException;
import syna.api.spi.ProviderParameters;

/**
 * Settings of a Gravity Well index, validated once by {@link Builder#build()}. They travel to the provider as
 * the index's parameters ({@link #toMap()}, {@link #fromMap(Map)}), so a store sets them once; a query picks
 * its probe count with the search effort, or everything with {@link GwiQuery}. Immutable; thread-safe.
 *
 * <p>Defaults: lists of about 100 vectors, a two-level tree whose branching follows from the list count (about
 * 32 × 32 leaves for 100,000 vectors), trained once 10,000 vectors are indexed (search is exact until then),
 * 10 Lloyd iterations per level, adaptive probing of up to 64 lists with ε = 1 and a patience of 20 lists, a list
 * splits above 1.75× and
 * merges below 0.25× the list size, 8 neighbouring lists checked on a split, rebalancing in the background.
 */
public final class GwiOptions {
    /** Parameter name of {@link #listSize()}. */
    public static final String LIST_SIZE = "list-size";
    /** Parameter name of {@link #branches()}. */
    public static final String BRANCHES = "branches";
    /** Parameter name of {@link #levels()}. */
    public static final String LEVELS = "levels";
    /** Parameter name of {@link #trainSize()}. */
    public static final String TRAIN_SIZE = "train-size";
    /** Parameter name of {@link #sampleSize()}. */
    public static final String SAMPLE_SIZE = "sample-size";
    /** Parameter name of {@link #iterations()}. */
    public static final String ITERATIONS = "iterations";
    /** Parameter name of {@link #nprobe()}. */
    public static final String NPROBE = "nprobe";
    /** Parameter name of {@link #probe()}. */
    public static final String PROBE = "probe";
    /** Parameter name of {@link #epsilon()}. */
    public static final String EPSILON = "epsilon";
    /** Parameter name of {@link #patience()}. */
    public static final String PATIENCE = "patience";
    /** Parameter name of {@link #beam()}. */
    public static final String BEAM = "beam";
    /** Parameter name of {@link #assignBeam()}. */
    public static final String ASSIGN_BEAM = "assign-beam";
    /** Parameter name of {@link #splitFactor()}. */
    public static final String SPLIT_FACTOR = "split-factor";
    /** Parameter name of {@link #mergeFactor()}. */
    public static final String MERGE_FACTOR = "merge-factor";
    /** Parameter name of {@link #reassignNeighbours()}. */
    public static final String REASSIGN_NEIGHBOURS = "reassign-neighbours";
    /** Parameter name of {@link #rebalance()}. */
    public static final String REBALANCE = "rebalance";
    /** Parameter name of {@link #copyVectors()}. */
    public static final String COPY_VECTORS = "copy-vectors";
    /** Parameter name of {@link #seed()}. */
    public static final String SEED = "seed";

    /** Largest list size. */
    public static final int MAX_LIST_SIZE = 1_000_000;
    /** Largest branching. */
    public static final int MAX_BRANCHES = 65_536;
    /** Largest tree depth. */
    public static final int MAX_LEVELS = 4;
    /** Largest probe count, beam and neighbour count. */
    public static final int MAX_PROBE = 1 << 20;

    private static final Set<String> NAMES = Set.of(LIST_SIZE, BRANCHES, LEVELS, TRAIN_SIZE, SAMPLE_SIZE, ITERATIONS,
            NPROBE, PROBE, EPSILON, PATIENCE, BEAM, ASSIGN_BEAM, SPLIT_FACTOR, MERGE_FACTOR, REASSIGN_NEIGHBOURS, REBALANCE, COPY_VECTORS, SEED);
    private static final ProviderParameters PARAMS = new ProviderParameters("gwi");
    private static final GwiOptions DEFAULTS = builder().build();

    /** How a search picks the lists it scans. Append only. */
    public enum Probe {
        /** The {@code nprobe} nearest lists. */
        FIXED,
        /**
         * Query-aware: SPANN's rule (list j only while {@code d(q, c_j) <= d(q, c_1) + ε·|d(q, c_1)|}), at most
         * {@code nprobe}, and an early stop once {@code patience} lists in a row changed nothing in the top k.
         */
        ADAPTIVE;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** When overfull and underfull lists are split and merged. Append only. */
    public enum Rebalance {
        /** On a background thread; inserts only append. */
        BACKGROUND,
        /** On the inserting thread, before the insert returns (deterministic; for tests and bulk loads). */
        INLINE,
        /** Never after training: lists keep their trained centroids (what a static IVF does). */
        OFF;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final int listSize;
    private final int branches;
    private final int levels;
    private final int trainSize;
    private final int sampleSize;
    private final int iterations;
    private final int nprobe;
    private final Probe probe;
    private final double epsilon;
    private final int patience;
    private final int beam;
    private final int assignBeam;
    private final double splitFactor;
    private final double mergeFactor;
    private final int reassignNeighbours;
    private final Rebalance rebalance;
    private final boolean copyVectors;
    private final OptionalLong seed;

    private GwiOptions(Builder b) {
        listSize = b.listSize;
        branches = b.branches;
        levels = b.levels;
        trainSize = b.trainSize;
        sampleSize = b.sampleSize;
        iterations = b.iterations;
        nprobe = b.nprobe;
        probe = b.probe;
        epsilon = b.epsilon;
        patience = b.patience;
        beam = b.beam;
        assignBeam = b.assignBeam;
        splitFactor = b.splitFactor;
        mergeFactor = b.mergeFactor;
        reassignNeighbours = b.reassignNeighbours;
        rebalance = b.rebalance;
        copyVectors = b.copyVectors;
        seed = b.seed;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.listSize = listSize;
        b.branches = branches;
        b.levels = levels;
        b.trainSize = trainSize;
        b.sampleSize = sampleSize;
        b.iterations = iterations;
        b.nprobe = nprobe;
        b.probe = probe;
        b.epsilon = epsilon;
        b.patience = patience;
        b.beam = beam;
        b.assignBeam = assignBeam;
        b.splitFactor = splitFactor;
        b.mergeFactor = mergeFactor;
        b.reassignNeighbours = reassignNeighbours;
        b.rebalance = rebalance;
        b.copyVectors = copyVectors;
        b.seed = seed;
        return b;
    }

    /** The defaults. */
    public static GwiOptions defaults() {
        return DEFAULTS;
    }

    /** Wanted vectors per posting list; the number of leaves follows from it unless {@link #branches()} is set. */
    public int listSize() {
        return listSize;
    }

    /** Children per tree node (B; B^L leaves); 0 means derived from {@link #listSize()} at training. */
    public int branches() {
        return branches;
    }

    /** Tree depth L (1 is a flat inverted file). */
    public int levels() {
        return levels;
    }

    /** Vectors indexed before the index trains; search is exact until then. */
    public int trainSize() {
        return trainSize;
    }

    /** Most vectors k-means trains on (0: 64 per leaf). */
    public int sampleSize() {
        return sampleSize;
    }

    /** Lloyd iterations per k-means. */
    public int iterations() {
        return iterations;
    }

    /** Lists scanned per query (the cap, when probing is adaptive); a search effort overrides it. */
    public int nprobe() {
        return nprobe;
    }

    /** How lists are picked. */
    public Probe probe() {
        return probe;
    }

    /** ε of adaptive probing. */
    public double epsilon() {
        return epsilon;
    }

    /** Adaptive probing stops after this many lists in a row left the top k unchanged (0: never). */
    public int patience() {
        return patience;
    }

    /** Nodes kept per upper level while routing a query (0: from nprobe). */
    public int beam() {
        return beam;
    }

    /** Nodes kept per upper level while routing an insert to its leaf. */
    public int assignBeam() {
        return assignBeam;
    }

    /** A list longer than this times {@link #listSize()} splits. */
    public double splitFactor() {
        return splitFactor;
    }

    /** A list shorter than this times {@link #listSize()} merges (0: never). */
    public double mergeFactor() {
        return mergeFactor;
    }

    /** Lists near a split whose members are checked for reassignment (0: none). */
    public int reassignNeighbours() {
        return reassignNeighbours;
    }

    /** When lists are rebalanced. */
    public Rebalance rebalance() {
        return rebalance;
    }

    /**
     * Whether each list keeps a copy of its vectors in one contiguous block (opt-in: the index then holds the
     * vectors a second time, d·4 bytes each, and a scan reads them in order instead of one source vector per
     * ordinal).
     */
    public boolean copyVectors() {
        return copyVectors;
    }

    /** Seed of sampling and k-means; absent means a fresh random seed per index. */
    public OptionalLong seed() {
        return seed;
    }

    /** The largest list before it splits. */
    public int maxListSize() {
        return (int) Math.max(2, Math.ceil(splitFactor * listSize));
    }

    /** The smallest list before it merges. */
    public int minListSize() {
        return (int) Math.floor(mergeFactor * listSize);
    }

    /** These options as provider parameters (the seed left out when absent). */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(LIST_SIZE, Integer.toString(listSize));
        m.put(BRANCHES, Integer.toString(branches));
        m.put(LEVELS, Integer.toString(levels));
        m.put(TRAIN_SIZE, Integer.toString(trainSize));
        m.put(SAMPLE_SIZE, Integer.toString(sampleSize));
        m.put(ITERATIONS, Integer.toString(iterations));
        m.put(NPROBE, Integer.toString(nprobe));
        m.put(PROBE, probe.key());
        m.put(EPSILON, Double.toString(epsilon));
        m.put(PATIENCE, Integer.toString(patience));
        m.put(BEAM, Integer.toString(beam));
        m.put(ASSIGN_BEAM, Integer.toString(assignBeam));
        m.put(SPLIT_FACTOR, Double.toString(splitFactor));
        m.put(MERGE_FACTOR, Double.toString(mergeFactor));
        m.put(REASSIGN_NEIGHBOURS, Integer.toString(reassignNeighbours));
        m.put(REBALANCE, rebalance.key());
        m.put(COPY_VECTORS, Boolean.toString(copyVectors));
        seed.ifPresent(s -> m.put(SEED, Long.toString(s)));
        return Map.copyOf(m);
    }

    /**
     * Options from provider parameters; missing names take defaults, unknown names and bad values give
     * {@link InvalidArgumentException}.
     */
    public static GwiOptions fromMap(Map<String, String> parameters) {
        PARAMS.requireKnown(parameters, NAMES);
        Builder b = builder();
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            String k = e.getKey();
            String v = e.getValue().strip();
            switch (k) {
                case LIST_SIZE -> b.listSize(PARAMS.intValue(k, v));
                case BRANCHES -> b.branches(PARAMS.intValue(k, v));
                case LEVELS -> b.levels(PARAMS.intValue(k, v));
                case TRAIN_SIZE -> b.trainSize(PARAMS.intValue(k, v));
                case SAMPLE_SIZE -> b.sampleSize(PARAMS.intValue(k, v));
                case ITERATIONS -> b.iterations(PARAMS.intValue(k, v));
                case NPROBE -> b.nprobe(PARAMS.intValue(k, v));
                case PROBE -> b.probe(PARAMS.enumValue(Probe.class, k, v));
                case EPSILON -> b.epsilon(PARAMS.doubleValue(k, v));
                case PATIENCE -> b.patience(PARAMS.intValue(k, v));
                case BEAM -> b.beam(PARAMS.intValue(k, v));
                case ASSIGN_BEAM -> b.assignBeam(PARAMS.intValue(k, v));
                case SPLIT_FACTOR -> b.splitFactor(PARAMS.doubleValue(k, v));
                case MERGE_FACTOR -> b.mergeFactor(PARAMS.doubleValue(k, v));
                case REASSIGN_NEIGHBOURS -> b.reassignNeighbours(PARAMS.intValue(k, v));
                case REBALANCE -> b.rebalance(PARAMS.enumValue(Rebalance.class, k, v));
                case COPY_VECTORS -> b.copyVectors(PARAMS.booleanValue(k, v));
                default -> b.seed(PARAMS.longValue(k, v));
            }
        }
        return b.build();
    }






    @Override
    public boolean equals(Object o) {
        return o instanceof GwiOptions g && g.toMap().equals(toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        return "GwiOptions[listSize=" + listSize + ", branches=" + (branches == 0 ? "auto" : Integer.toString(branches))
                + ", levels=" + levels + ", trainSize=" + trainSize + ", sampleSize="
                + (sampleSize == 0 ? "auto" : Integer.toString(sampleSize)) + ", iterations=" + iterations + ", nprobe="
                + nprobe + ", probe=" + probe.key() + ", epsilon=" + epsilon + ", patience=" + patience + ", beam="
                + (beam == 0 ? "auto" : Integer.toString(beam)) + ", assignBeam=" + assignBeam + ", splitFactor="
                + splitFactor + ", mergeFactor=" + mergeFactor + ", reassignNeighbours=" + reassignNeighbours
                + ", rebalance=" + rebalance.key() + ", copyVectors=" + copyVectors + ", seed="
                + (seed.isPresent() ? Long.toString(seed.getAsLong()) : "random") + "]";
    }

    /** Builder of {@link GwiOptions}. Not thread-safe; one per thread. */
    public static final class Builder {
        private int listSize = 100;
        private int branches;
        private int levels = 2;
        private int trainSize = 10_000;
        private int sampleSize;
        private int iterations = 10;
        private int nprobe = 64;
        private Probe probe = Probe.ADAPTIVE;
        private double epsilon = 1.0;
        private int patience = 20;
        private int beam;
        private int assignBeam = 3;
        private double splitFactor = 1.75;
        private double mergeFactor = 0.25;
        private int reassignNeighbours = 8;
        private Rebalance rebalance = Rebalance.BACKGROUND;
        private boolean copyVectors;
        private OptionalLong seed = OptionalLong.empty();

        private Builder() {}

        /** Wanted vectors per list, in [4, {@value GwiOptions#MAX_LIST_SIZE}]; default 100. */
        public Builder listSize(int n) {
            this.listSize = n;
            return this;
        }

        /** Children per node, 0 (default: from the list size) or [2, {@value GwiOptions#MAX_BRANCHES}]. */
        public Builder branches(int b) {
            this.branches = b;
            return this;
        }

        /** Tree depth, in [1, {@value GwiOptions#MAX_LEVELS}]; default 2. */
        public Builder levels(int l) {
            this.levels = l;
            return this;
        }

        /** Vectors before training, at least 1; default 10,000. */
        public Builder trainSize(int n) {
            this.trainSize = n;
            return this;
        }

        /** Most vectors trained on, 0 (default: 64 per leaf) or more. */
        public Builder sampleSize(int n) {
            this.sampleSize = n;
            return this;
        }

        /** Lloyd iterations per k-means, in [1, 200]; default 10. */
        public Builder iterations(int n) {
            this.iterations = n;
            return this;
        }

        /** Lists per query (cap when adaptive), in [1, {@value GwiOptions#MAX_PROBE}]; default 64. */
        public Builder nprobe(int n) {
            this.nprobe = n;
            return this;
        }

        /** Fixed or adaptive probing; default adaptive. */
        public Builder probe(Probe p) {
            this.probe = Objects.requireNonNull(p, "probe");
            return this;
        }

        /** ε of adaptive probing, in [0, 1000]; default 1. */
        public Builder epsilon(double e) {
            this.epsilon = e;
            return this;
        }

        /** Lists in a row without a change to the top k that end adaptive probing, in [0, 1,000,000]; default 20. */
        public Builder patience(int n) {
            this.patience = n;
            return this;
        }

        /** Query beam per upper level, 0 (default: from nprobe) or [1, {@value GwiOptions#MAX_PROBE}]. */
        public Builder beam(int b) {
            this.beam = b;
            return this;
        }

        /** Insert beam per upper level, in [1, 1024]; default 3. */
        public Builder assignBeam(int b) {
            this.assignBeam = b;
            return this;
        }

        /** Split above this times the list size, in [1.25, 64]; default 1.75. */
        public Builder splitFactor(double f) {
            this.splitFactor = f;
            return this;
        }

        /** Merge below this times the list size, in [0, split factor / 3]; default 0.25. */
        public Builder mergeFactor(double f) {
            this.mergeFactor = f;
            return this;
        }

        /** Neighbouring lists checked on a split, in [0, 1024]; default 8. */
        public Builder reassignNeighbours(int n) {
            this.reassignNeighbours = n;
            return this;
        }

        /** When lists rebalance; default background. */
        public Builder rebalance(Rebalance r) {
            this.rebalance = Objects.requireNonNull(r, "rebalance");
            return this;
        }

        /** Keep each list's vectors in one contiguous block (a second copy of the vectors); default false. */
        public Builder copyVectors(boolean copy) {
            this.copyVectors = copy;
            return this;
        }

        /** Seed of sampling and k-means, for reproducible indexes. */
        public Builder seed(long seed) {
            this.seed = OptionalLong.of(seed);
            return this;
        }

        /** Checks every bound and returns the options. */
        public GwiOptions build() {
            check(LIST_SIZE, listSize, 4, MAX_LIST_SIZE);
            if (branches != 0) {
                check(BRANCHES, branches, 2, MAX_BRANCHES);
            }
            check(LEVELS, levels, 1, MAX_LEVELS);
            check(TRAIN_SIZE, trainSize, 1, Integer.MAX_VALUE);
            check(SAMPLE_SIZE, sampleSize, 0, Integer.MAX_VALUE);
            check(ITERATIONS, iterations, 1, 200);
            check(NPROBE, nprobe, 1, MAX_PROBE);
            check(EPSILON, epsilon, 0, 1000);
            check(PATIENCE, patience, 0, 1_000_000);
            check(BEAM, beam, 0, MAX_PROBE);
            check(ASSIGN_BEAM, assignBeam, 1, 1024);
            check(SPLIT_FACTOR, splitFactor, 1.25, 64);
            check(MERGE_FACTOR, mergeFactor, 0, splitFactor / 3);
            check(REASSIGN_NEIGHBOURS, reassignNeighbours, 0, 1024);
            if (branches != 0 && Math.pow(branches, levels) > 1 << 24) {
                throw new InvalidArgumentException("gwi branches^levels must be at most " + (1 << 24) + ", got "
                        + branches + "^" + levels);
            }
            return new GwiOptions(this);
        }

        private static void check(String name, double value, double min, double max) {
            if (!(value >= min && value <= max)) {
                throw new InvalidArgumentException("gwi " + name + " must be in [" + fmt(min) + ", " + fmt(max)
                        + "], got " + fmt(value));
            }
        }

        private static String fmt(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
    }
}
