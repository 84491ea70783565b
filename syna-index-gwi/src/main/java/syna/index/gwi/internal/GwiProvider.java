package syna.index.gwi.internal;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;
import syna.api.spi.Capability;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorIndexConfig;
import syna.api.spi.VectorIndexProvider;
import syna.api.spi.VectorSource;
import syna.index.gwi.GwiOptions;
import syna.index.gwi.internal.disk.GwiReader;
import syna.index.gwi.internal.disk.GwiWriter;

/** The {@code gwi} vector index provider; its constructor does nothing. Thread-safe. */
public final class GwiProvider implements VectorIndexProvider {
    /** Provider name. */
    public static final String NAME = GwiWriter.PROVIDER;

    private static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(Capability.DELETE, Capability.FILTER,
            Capability.PERSISTENCE, Capability.INCREMENTAL_INSERT));

    /** Creates the provider (ServiceLoader calls this). */
    public GwiProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int formatVersion() {
        return GwiWriter.VERSION;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public VectorIndex create(VectorIndexConfig config, VectorSource source) {
        config.requireMatches(source, NAME);
        GwiOptions options = GwiOptions.fromMap(config.parameters());
        long seed = options.seed().orElseGet(() -> new SplittableRandom().nextLong());
        return new GwiVectorIndex(new GravityWell(source, options, seed, label()));
    }

    @Override
    public VectorIndex load(Path file, VectorSource source) {
        GwiReader.Loaded l = GwiReader.read(file, source);
        return new GwiVectorIndex(GravityWell.restored(source, l.options(), l.seed(), label(), l.tree(), l.postings(),
                l.branching(), l.trainings()));
    }

    private static String label() {
        return Integer.toHexString(new SplittableRandom().nextInt() & 0xFFFFF);
    }
}
