package syna.faiss.internal;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import syna.api.InvalidArgumentException;
import syna.api.ProviderConfigurationException;
import syna.api.spi.Capability;
import syna.api.spi.VectorIndex;
import syna.api.spi.VectorIndexConfig;
import syna.api.spi.VectorIndexProvider;
import syna.api.spi.VectorSource;
import syna.faiss.FaissOptions;
import syna.faiss.internal.binding.FaissLibrary;

/**
 * The FAISS index providers: {@code faiss} (any {@code index_factory} string) and the presets
 * {@code faiss-hnsw}, {@code faiss-ivf-flat}, {@code faiss-ivf-pq}. Capabilities: deletes (IVF removes ids;
 * other structures keep tombstones), filters (FAISS's id selector where the structure applies one, else
 * filtering its results; exact search for selective filters and as the fallback), persistence, incremental
 * insert; {@code NATIVE} and {@code VECTOR_COPY} (FAISS keeps its own copy or codes of the vectors). The
 * constructor only checks that the native shim is present (no loading), so a module built without FAISS shows
 * up in {@code Providers.problems()} with the reason. Thread-safe.
 */
public abstract class FaissProvider implements VectorIndexProvider {
    private static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(Capability.DELETE, Capability.FILTER,
            Capability.PERSISTENCE, Capability.INCREMENTAL_INSERT, Capability.NATIVE, Capability.VECTOR_COPY));

    private final Preset preset;

    FaissProvider(Preset preset) {
        this.preset = preset;
        if (FaissLibrary.locate() instanceof FaissLibrary.Location.Missing(String reason)) {
            throw new ProviderConfigurationException("provider " + preset.providerName + " is unavailable: " + reason);
        }
    }

    @Override
    public String name() {
        return preset.providerName;
    }

    @Override
    public int formatVersion() {
        return FaissFile.VERSION;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public VectorIndex create(VectorIndexConfig config, VectorSource source) {
        config.requireMatches(source, name());
        FaissOptions options = FaissOptions.fromMap(config.parameters());
        if (preset != Preset.GENERIC && !options.factory().isEmpty()) {
            throw new InvalidArgumentException("parameter 'factory' is for provider faiss; " + name() + " builds "
                    + preset.factory(options, source.dimension(), options.trainSize()));
        }
        preset.factory(options, source.dimension(), options.trainSize()); // validates (factory present, pq-m divides)
        FaissLibrary.load();
        return new FaissVectorIndex(name(), preset, options, source);
    }

    @Override
    public VectorIndex load(Path file, VectorSource source) {
        FaissLibrary.load();
        return FaissFile.read(file, source, name(), preset);
    }

    /** Provider {@code faiss}: the {@code factory} parameter's structure. */
    public static final class Generic extends FaissProvider {
        /** ServiceLoader's constructor. */
        public Generic() {
            super(Preset.GENERIC);
        }
    }

    /** Provider {@code faiss-hnsw}: {@code HNSW<m>,Flat}. */
    public static final class Hnsw extends FaissProvider {
        /** ServiceLoader's constructor. */
        public Hnsw() {
            super(Preset.HNSW);
        }
    }

    /** Provider {@code faiss-ivf-flat}: {@code IVF<lists>,Flat}. */
    public static final class IvfFlat extends FaissProvider {
        /** ServiceLoader's constructor. */
        public IvfFlat() {
            super(Preset.IVF_FLAT);
        }
    }

    /** Provider {@code faiss-ivf-pq}: {@code IVF<lists>,PQ<m>x<bits>np}. */
    public static final class IvfPq extends FaissProvider {
        /** ServiceLoader's constructor. */
        public IvfPq() {
            super(Preset.IVF_PQ);
        }
    }
}
