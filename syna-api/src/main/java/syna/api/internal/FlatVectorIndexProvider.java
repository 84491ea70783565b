package syna.api.internal;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import syna.api.spi.Capability;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorIndexConfig;
import syna.api.spi.VectorIndexProvider;

/** The built-in {@code flat} index: exact brute-force search. Thread-safe. */
public final class FlatVectorIndexProvider implements VectorIndexProvider {
    /** The provider name. */
    public static final String NAME = "flat";

    static final int FORMAT_VERSION = 1;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int formatVersion() {
        return FORMAT_VERSION;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.DELETE, Capability.FILTER, Capability.PERSISTENCE, Capability.INCREMENTAL_INSERT);
    }

    @Override
    public VectorIndex create(VectorIndexConfig config) {
        return new FlatVectorIndex(config);
    }

    @Override
    public VectorIndex load(Path file) {
        return FlatVectorIndex.load(file);
    }
}
