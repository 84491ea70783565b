package syna.index.gwi.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import syna.api.DimensionMismatchException;
import syna.api.InvalidArgumentException;
import syna.api.spi.ExactSearch;
import syna.api.spi.OrdinalFilter;
import syna.api.spi.SearchOptions;
import syna.api.spi.VectorHit;
import syna.api.spi.VectorSource;
import syna.index.gwi.GwiIndex;
import syna.index.gwi.GwiOptions;
import syna.index.gwi.GwiQuery;
import syna.index.gwi.GwiStats;
import syna.index.gwi.internal.disk.GwiWriter;
import syna.index.gwi.internal.util.TopK;

/**
 * The {@code gwi} {@link syna.api.spi.VectorIndex}: argument checks and SPI shapes around a {@link GravityWell}.
 * Concurrent reads, one writer; thread-safe.
 */
public final class GwiVectorIndex implements GwiIndex {
    private final GravityWell engine;
    private final VectorSource source;

    GwiVectorIndex(GravityWell engine) {
        this.engine = engine;
        this.source = engine.source();
    }

    /** The engine (tests look inside). */
    GravityWell engine() {
        return engine;
    }

    @Override
    public String providerName() {
        return GwiProvider.NAME;
    }

    @Override
    public VectorSource source() {
        return source;
    }

    @Override
    public GwiOptions options() {
        return engine.options();
    }

    private void checkOrdinal(int ordinal) {
        if (ordinal < 0 || ordinal >= source.size()) {
            throw new InvalidArgumentException("ordinal " + ordinal + " outside the source's [0, " + source.size() + ")");
        }
    }

    private void checkQuery(float[] query) {
        if (query == null) {
            throw new InvalidArgumentException("query vector is null");
        }
        if (query.length != source.dimension()) {
            throw new DimensionMismatchException("query dimension " + query.length + " != index dimension "
                    + source.dimension());
        }
    }

    @Override
    public void add(int ordinal) {
        checkOrdinal(ordinal);
        engine.add(ordinal);
    }

    @Override
    public void addAll(int[] ordinals) {
        for (int o : ordinals) {
            checkOrdinal(o);
        }
        engine.addAll(ordinals);
    }

    @Override
    public boolean delete(int ordinal) {
        if (ordinal < 0) {
            throw new InvalidArgumentException("ordinal " + ordinal + " is negative");
        }
        return engine.delete(ordinal);
    }

    @Override
    public boolean contains(int ordinal) {
        return ordinal >= 0 && engine.contains(ordinal);
    }

    @Override
    public int size() {
        return engine.size();
    }

    @Override
    public List<VectorHit> search(float[] query, int k, SearchOptions options) {
        GwiOptions o = engine.options();
        int nprobe = options.effort() == 0 ? o.nprobe() : Math.min(options.effort(), GwiOptions.MAX_PROBE);
        return search(query, k, new GwiQuery(nprobe, o.probe(), o.epsilon(), o.patience()), options.filter());
    }

    @Override
    public List<VectorHit> search(float[] query, int k, GwiQuery probe, OrdinalFilter filter) {
        ExactSearch.checkK(k);
        checkQuery(query);
        if (probe == null || filter == null) {
            throw new InvalidArgumentException("probe and filter must be given");
        }
        boolean adaptive = probe.probe() == GwiOptions.Probe.ADAPTIVE;
        long[] found = engine.search(query, k, probe.nprobe(), adaptive, probe.epsilon(), adaptive ? probe.patience() : 0,
                filter);
        List<VectorHit> hits = new ArrayList<>(found.length);
        for (long p : found) {
            hits.add(new VectorHit(TopK.ordinal(p), TopK.distance(p)));
        }
        return hits;
    }

    @Override
    public void train(int[] sample) {
        if (sample == null || sample.length == 0) {
            throw new InvalidArgumentException("a training sample needs at least one ordinal");
        }
        for (int o : sample) {
            checkOrdinal(o);
        }
        engine.train(sample.clone());
    }

    @Override
    public boolean trained() {
        return engine.trained();
    }

    @Override
    public GwiStats stats() {
        GravityWell.Counters c = engine.counters();
        return new GwiStats(c.trained(), c.size(), c.leaves(), c.largestList(), c.meanList(), c.searches(),
                c.centroidDistances(), c.vectorDistances(), c.trainings(), c.trainNanos(), c.trainDistances(),
                c.insertDistances(), c.splits(), c.merges(), c.reassigned(), c.rebalanceNanos(), c.rebalanceDistances(),
                c.rerouted(), c.suspects(), c.memoryBytes());
    }

    @Override
    public boolean awaitRebalanced(Duration timeout) throws InterruptedException {
        return engine.awaitIdle(Math.max(0, timeout.toMillis()));
    }

    @Override
    public void save(Path file) {
        engine.read((tree, postings, branching) -> {
            GwiWriter.write(file, source.dimension(), source.metric(), engine.options(), engine.seed(),
                    engine.trainingsLocked(), branching, tree, postings);
            return null;
        });
    }

    @Override
    public long memoryBytes() {
        return engine.memoryBytes();
    }

    @Override
    public void close() {
        engine.close();
    }

    @Override
    public String toString() {
        return "GwiVectorIndex[" + engine.options() + "]";
    }
}
