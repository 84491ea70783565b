package syna.api.internal;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import syna.api.spi.Capability;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorIndexConfig;
import syna.api.spi.VectorIndexProvider;
import syna.api.spi.VectorSource;

/** The built-in {@code flat} index: exact search over the ordinals it was given. Thread-safe. */
public final class FlatVectorIndexProvider implements VectorIndexProvider {
    /** The provider name. */
    public static final String NAME = "flat";

    /** Version 2 lists ordinals only; version 1 files (ids and a copy of the vectors) still load. */
    static final int FORMAT_VERSION = 2;

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
    public VectorIndex create(VectorIndexConfig config, VectorSource source) {
        config.requireMatches(source, NAME);
        return new FlatVectorIndex(source);
    }

    @Override
    public VectorIndex load(Path file, VectorSource source) {
        return FlatVectorIndex.load(file, source);
    }
}
