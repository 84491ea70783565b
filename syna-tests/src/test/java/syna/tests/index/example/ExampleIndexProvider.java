package syna.tests.index.example;

import java.nio.file.Path;
import java.util.Set;
import syna.api.UnsupportedFeatureException;
import syna.api.spi.Capability;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorIndexConfig;
import syna.api.spi.VectorIndexProvider;
import syna.api.spi.VectorSource;

/** The example plugin's provider, name {@code example}. Thread-safe. */
public final class ExampleIndexProvider implements VectorIndexProvider {
    static final String NAME = "example";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int formatVersion() {
        return 1;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.DELETE, Capability.FILTER, Capability.INCREMENTAL_INSERT);
    }

    @Override
    public VectorIndex create(VectorIndexConfig config, VectorSource source) {
        config.requireMatches(source, NAME);
        return new ExampleIndex(source);
    }

    @Override
    public VectorIndex load(Path file, VectorSource source) {
        throw new UnsupportedFeatureException("the example index keeps nothing on disk: cannot load " + file);
    }
}
