package syna.index.hnsw.internal;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import syna.api.Vectors;
import syna.api.spi.Capability;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorIndexConfig;
import syna.api.spi.VectorIndexProvider;
import syna.index.hnsw.HnswOptions;
import syna.index.hnsw.internal.disk.HnswReader;
import syna.index.hnsw.internal.disk.HnswWriter;
import syna.index.hnsw.internal.graph.HnswGraph;
import syna.index.hnsw.internal.graph.IdMap;
import syna.index.hnsw.internal.graph.VectorPages;

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
    public VectorIndex create(VectorIndexConfig config) {
        HnswOptions options = HnswOptions.fromMap(config.parameters());
        VectorPages vectors = new VectorPages(config.dimension(), config.metric(), Vectors.kernels(),
                java.lang.foreign.MemorySegment.NULL, 0);
        HnswGraph graph = new HnswGraph(options.maxConnections(), vectors);
        return new HnswIndex(config.dimension(), config.metric(), options, HnswIndex.seedOf(options), graph,
                new IdMap(16, graph::id), null);
    }

    @Override
    public VectorIndex load(Path file) {
        HnswReader.Loaded l = HnswReader.read(file);
        return new HnswIndex(l.dimension(), l.metric(), l.options(), l.seed(), l.graph(), l.idMap(), l.file());
    }
}
