package syna.index.hnsw.internal;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import syna.api.spi.Capability;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorIndexConfig;
import syna.api.spi.VectorIndexProvider;
import syna.api.spi.VectorSource;
import syna.index.hnsw.HnswOptions;
import syna.index.hnsw.internal.disk.HnswReader;
import syna.index.hnsw.internal.disk.HnswWriter;
import syna.index.hnsw.internal.graph.HnswGraph;

/** The {@code hnsw} vector index provider; its constructor does nothing. Thread-safe. */
public final class HnswProvider implements VectorIndexProvider {
    /** Provider name. */
    public static final String NAME = HnswWriter.PROVIDER;

    private static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(Capability.DELETE, Capability.FILTER,
            Capability.PERSISTENCE, Capability.INCREMENTAL_INSERT, Capability.CONCURRENT_INSERT));

    /** Creates the provider (ServiceLoader calls this). */
    public HnswProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int formatVersion() {
        return HnswWriter.VERSION;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public VectorIndex create(VectorIndexConfig config, VectorSource source) {
        config.requireMatches(source, NAME);
        HnswOptions options = HnswOptions.fromMap(config.parameters());
        return new HnswIndex(source, options, HnswIndex.seedOf(options), new HnswGraph(options.maxConnections()), 0);
    }

    @Override
    public VectorIndex load(Path file, VectorSource source) {
        HnswReader.Loaded l = HnswReader.read(file, source);
        return new HnswIndex(source, l.options(), l.seed(), l.graph(), l.live(), l.codes());
    }
}
