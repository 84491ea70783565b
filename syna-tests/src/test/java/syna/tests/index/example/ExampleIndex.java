package syna.tests.index.example;

import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import syna.api.ClosedException;
import syna.api.InvalidArgumentException;
import syna.api.UnsupportedFeatureException;
import syna.api.spi.ExactSearch;
import syna.api.spi.OrdinalFilter;
import syna.api.spi.SearchOptions;
import syna.api.spi.VectorHit;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorSource;

/**
 * What a plugin outside this repository writes, at its smallest: one index class (this: the set of ordinals it
 * was given, searched exactly over the store's vectors), its provider ({@link ExampleIndexProvider}) and one test
 * ({@link ExampleIndexConformanceTest}). Thread-safe (synchronized).
 */
final class ExampleIndex implements VectorIndex {
    private final VectorSource source;
    private final BitSet held = new BitSet();
    private boolean closed;

    ExampleIndex(VectorSource source) {
        this.source = source;
    }

    @Override
    public String providerName() {
        return ExampleIndexProvider.NAME;
    }

    @Override
    public VectorSource source() {
        return source;
    }

    @Override
    public synchronized void add(int ordinal) {
        open();
        if (ordinal < 0 || ordinal >= source.size()) {
            throw new InvalidArgumentException("ordinal " + ordinal + " outside [0, " + source.size() + ")");
        }
        held.set(ordinal);
    }

    @Override
    public synchronized boolean delete(int ordinal) {
        open();
        boolean had = ordinal >= 0 && held.get(ordinal);
        held.clear(Math.max(0, ordinal));
        return had;
    }

    @Override
    public synchronized boolean contains(int ordinal) {
        open();
        return ordinal >= 0 && held.get(ordinal);
    }

    @Override
    public synchronized int size() {
        open();
        return held.cardinality();
    }

    @Override
    public synchronized List<VectorHit> search(float[] query, int k, SearchOptions options) {
        open();
        BitSet accepted = (BitSet) held.clone();
        if (options.filtered()) {
            for (int o = accepted.nextSetBit(0); o >= 0; o = accepted.nextSetBit(o + 1)) {
                if (!options.filter().accepts(o)) {
                    accepted.clear(o);
                }
            }
        }
        return ExactSearch.search(source, query, k, OrdinalFilter.of(accepted));
    }

    @Override
    public void save(Path file) {
        throw new UnsupportedFeatureException("the example index keeps nothing on disk: cannot save " + file);
    }

    @Override
    public synchronized long memoryBytes() {
        return 16 + held.size() / 8;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private void open() {
        if (closed) {
            throw new ClosedException("example index is closed");
        }
    }
}
