package syna.index.hnsw.internal;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import syna.api.CorruptFileException;
import syna.api.Vectors;
import syna.api.spi.Capability;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorIndexConfig;
import syna.api.spi.VectorIndexProvider;
import syna.api.spi.VectorSource;
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

    // VECTOR_COPY until the graph reads its vectors from the source (the next step of issue 11).
    private static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(Capability.DELETE, Capability.FILTER,
            Capability.PERSISTENCE, Capability.INCREMENTAL_INSERT, Capability.CONCURRENT_INSERT, Capability.VECTOR_COPY));

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
        VectorPages vectors = new VectorPages(config.dimension(), config.metric(), Vectors.kernels(),
                java.lang.foreign.MemorySegment.NULL, 0);
        HnswGraph graph = new HnswGraph(options.maxConnections(), vectors);
        return new HnswIndex(source, options, HnswIndex.seedOf(options), graph, new IdMap(16, graph::id), null);
    }

    @Override
    public VectorIndex load(Path file, VectorSource source) {
        HnswReader.Loaded l = HnswReader.read(file);
        if (l.dimension() != source.dimension() || l.metric() != source.metric()) {
            l.file().close();
            throw new CorruptFileException(file, 0, "hnsw index of dimension " + l.dimension() + " and metric " + l.metric()
                    + " over a source of dimension " + source.dimension() + " and metric " + source.metric());
        }
        for (int node = 0; node < l.graph().count(); node++) {
            long id = l.graph().id(node);
            if (id < 0 || id >= source.size()) {
                l.file().close();
                throw new CorruptFileException(file, 0, "hnsw index holds ordinal " + id + ", outside the source's [0, "
                        + source.size() + ")");
            }
        }
        return new HnswIndex(source, l.options(), l.seed(), l.graph(), l.idMap(), l.file());
    }
}
