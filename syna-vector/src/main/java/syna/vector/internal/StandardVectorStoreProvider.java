package syna.vector.internal;

import java.nio.file.Path;
import java.util.Set;
import syna.api.Database;
import syna.api.VectorStore;
import syna.api.VectorStoreOptions;
import syna.api.spi.Capability;
import syna.api.spi.VectorStoreProvider;

/** Provider "standard": the durable (log) and memory-mapped vector stores. Cheap to construct. Thread-safe. */
public final class StandardVectorStoreProvider implements VectorStoreProvider {
    /** Provider name. */
    public static final String NAME = "standard";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int formatVersion() {
        return MmapVectorStoreImpl.FORMAT_VERSION;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.DELETE, Capability.FILTER, Capability.PERSISTENCE, Capability.INCREMENTAL_INSERT);
    }

    @Override
    public VectorStore open(Database database, String name, VectorStoreOptions options) {
        return LogVectorStore.open(SlotVectorStore.notNull(database, "database"), name,
                SlotVectorStore.notNull(options, "vector store options"));
    }

    @Override
    public VectorStore openMapped(Path dir, VectorStoreOptions options) {
        return MmapVectorStoreImpl.open(SlotVectorStore.notNull(dir, "vector store directory"),
                SlotVectorStore.notNull(options, "vector store options"));
    }
}
