package syna.index.cascade.internal;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;
import syna.api.spi.Capability;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorIndexConfig;
import syna.api.spi.VectorIndexProvider;
import syna.api.spi.VectorSource;
import syna.index.cascade.CascadeOptions;
import syna.index.cascade.internal.disk.CascadeReader;
import syna.index.cascade.internal.disk.CascadeWriter;

/** The {@code cascade} vector index provider; its constructor does nothing. Thread-safe. */
public final class CascadeProvider implements VectorIndexProvider {
    /** Provider name. */
    public static final String NAME = CascadeWriter.PROVIDER;

    private static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(Capability.DELETE, Capability.FILTER,
            Capability.PERSISTENCE, Capability.INCREMENTAL_INSERT));

    /** Creates the provider (ServiceLoader calls this). */
    public CascadeProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int formatVersion() {
        return CascadeWriter.VERSION;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public VectorIndex create(VectorIndexConfig config, VectorSource source) {
        config.requireMatches(source, NAME);
        CascadeOptions options = CascadeOptions.fromMap(config.parameters());
        long seed = options.seed().orElseGet(() -> new SplittableRandom().nextLong());
        return CascadeVectorIndex.create(source, options, seed);
    }

    @Override
    public VectorIndex load(Path file, VectorSource source) {
        CascadeReader.Loaded l = CascadeReader.read(file, source);
        return new CascadeVectorIndex(source, l.options(), l.seed(), l.graph(), l.forest(), l.planes());
    }
}
