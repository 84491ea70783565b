package syna.api.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import syna.api.ProviderNotFoundException;
import syna.api.spi.CodecProvider;
import syna.api.spi.GpuBackendProvider;
import syna.api.spi.ProviderNames;
import syna.api.spi.ProviderProblem;
import syna.api.spi.StorageEngineProvider;
import syna.api.spi.SynaProvider;
import syna.api.spi.VectorIndexProvider;
import syna.api.spi.VectorKernelsProvider;
import syna.api.spi.VectorStoreProvider;

/**
 * The one place that calls {@link ServiceLoader}. Each SPI is loaded once, on first use; each
 * provider is instantiated in its own {@code try}, so a broken plugin is reported (logged and kept in
 * {@link #problems()}) without hiding the others. Duplicate names keep the first provider in a
 * deterministic order (built-ins, then by module and class name) and are reported. Thread-safe.
 */
public final class ProviderRegistry {
    private static final System.Logger LOG = System.getLogger(ProviderRegistry.class.getName());
    private static final int MAX_ERRORS = 64;

    /** What the registry knows about each SPI: its property, default preference and module hints. */
    record Spi(Class<? extends SynaProvider> type, String property, List<String> preference, Map<String, String> modules) {}

    private static final Map<Class<?>, Spi> SPIS = Map.of(
            StorageEngineProvider.class,
            new Spi(StorageEngineProvider.class, "syna.storage", List.of("log"), Map.of("log", "syna.storage")),
            VectorStoreProvider.class,
            new Spi(VectorStoreProvider.class, "syna.vectorstore", List.of("standard"), Map.of("standard", "syna.vector")),
            VectorIndexProvider.class,
            new Spi(VectorIndexProvider.class, "syna.index", List.of("hnsw", "flat"), Map.of(
                    "hnsw", "syna.index.hnsw", "gwi", "syna.index.gwi", "cascade", "syna.index.cascade",
                    "faiss", "syna.faiss", "flat", "syna.api")),
            CodecProvider.class,
            new Spi(CodecProvider.class, "syna.codec", List.of("none"), Map.of("lz4", "syna.codec.lz4", "none", "syna.api")),
            VectorKernelsProvider.class,
            new Spi(VectorKernelsProvider.class, "syna.vectorization", List.of("simd", "scalar"),
                    Map.of("simd", "syna.simd", "scalar", "syna.api")),
            GpuBackendProvider.class,
            new Spi(GpuBackendProvider.class, "syna.gpu", List.of("cuda"), Map.of("cuda", "syna.gpu.cuda")));

    private static final ProviderRegistry DEFAULT = new ProviderRegistry(BuiltIns.all());

    private final Map<Class<?>, Loaded<?>> loaded = new ConcurrentHashMap<>();
    private final List<SynaProvider> builtIns;

    private record Loaded<P>(Map<String, P> byName, List<ProviderProblem> problems) {}

    ProviderRegistry(List<SynaProvider> builtIns) {
        this.builtIns = List.copyOf(builtIns);
    }

    /** The registry of this module's layer (and the thread context class loader). */
    public static ProviderRegistry get() {
        return DEFAULT;
    }

    /** Providers of {@code spi} by name, sorted by name. */
    public <P extends SynaProvider> Map<String, P> providers(Class<P> spi) {
        return load(spi).byName();
    }

    /** The provider named {@code name}, if present. */
    public <P extends SynaProvider> Optional<P> find(Class<P> spi, String name) {
        return Optional.ofNullable(providers(spi).get(name));
    }

    /** The provider named {@code name}, or {@link ProviderNotFoundException}. */
    public <P extends SynaProvider> P require(Class<P> spi, String name) {
        P p = providers(spi).get(name);
        if (p == null) {
            throw notFound(spi, name);
        }
        return p;
    }

    /**
     * Chooses a provider: the explicit name, else the SPI's system property, else the first of the
     * SPI's preferred names that is present, else the only provider present, else
     * {@link ProviderNotFoundException} for the first preferred name.
     */
    public <P extends SynaProvider> P select(Class<P> spi, Optional<String> explicit) {
        Spi info = info(spi);
        if (explicit.isPresent()) {
            return require(spi, explicit.get());
        }
        String fromProperty = System.getProperty(info.property());
        if (fromProperty != null && !fromProperty.isBlank()) {
            return require(spi, fromProperty.strip());
        }
        Map<String, P> all = providers(spi);
        for (String preferred : info.preference()) {
            P p = all.get(preferred);
            if (p != null) {
                return p;
            }
        }
        if (all.size() == 1) {
            return all.values().iterator().next();
        }
        throw notFound(spi, info.preference().getFirst());
    }

    /** The system property that names the provider of {@code spi}. */
    public String property(Class<? extends SynaProvider> spi) {
        return info(spi).property();
    }

    /** Problems found while loading every SPI loaded so far plus all known SPIs. */
    public List<ProviderProblem> problems() {
        List<ProviderProblem> out = new ArrayList<>();
        for (Spi s : SPIS.values().stream().sorted(Comparator.comparing(s -> s.type().getSimpleName())).toList()) {
            out.addAll(load(s.type()).problems());
        }
        return out;
    }

    /** The exception for a missing provider, naming the module to add and what is available. */
    public ProviderNotFoundException notFound(Class<? extends SynaProvider> spi, String name) {
        String module = info(spi).modules().get(name);
        if (module == null) {
            module = "a module that provides " + spi.getName() + " named '" + name + "'";
        }
        return new ProviderNotFoundException(spi.getSimpleName(), name, module, List.copyOf(providers(spi).keySet()));
    }

    private static Spi info(Class<? extends SynaProvider> spi) {
        Spi info = SPIS.get(spi);
        if (info == null) {
            throw new IllegalArgumentException("not a Syna SPI: " + spi.getName());
        }
        return info;
    }

    @SuppressWarnings("unchecked")
    private <P extends SynaProvider> Loaded<P> load(Class<P> spi) {
        info(spi);
        return (Loaded<P>) loaded.computeIfAbsent(spi, k -> scan(spi));
    }

    private <P extends SynaProvider> Loaded<P> scan(Class<P> spi) {
        List<ProviderProblem> problems = new ArrayList<>();
        List<P> found = new ArrayList<>();
        for (SynaProvider b : builtIns) {
            if (spi.isInstance(b)) {
                found.add(spi.cast(b));
            }
        }
        List<P> discovered = new ArrayList<>();
        // Both lookups usually see the same module providers: each provider type is tried once, so a
        // broken one is instantiated and reported once, not once per lookup.
        Set<Class<?>> tried = new HashSet<>();
        Module self = ProviderRegistry.class.getModule();
        if (self.isNamed() && self.getLayer() != null) {
            collect(spi, ServiceLoader.load(self.getLayer(), spi), discovered, problems, tried);
        }
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        collect(spi, ServiceLoader.load(spi, tccl != null ? tccl : ProviderRegistry.class.getClassLoader()),
                discovered, problems, tried);
        discovered.sort(Comparator.comparing((P p) -> String.valueOf(p.getClass().getModule().getName()))
                .thenComparing(p -> p.getClass().getName()));
        found.addAll(discovered);

        Map<String, P> byName = new TreeMap<>();
        Map<Class<?>, Boolean> seenClasses = new LinkedHashMap<>();
        for (P p : found) {
            if (seenClasses.putIfAbsent(p.getClass(), Boolean.TRUE) != null) {
                continue; // the same provider found through both the layer and the class loader
            }
            String name;
            try {
                name = p.name();
            } catch (RuntimeException | LinkageError e) {
                problems.add(report(spi, p.getClass().getName(), "name() threw " + e, e));
                continue;
            }
            if (!ProviderNames.isValid(name)) {
                problems.add(report(spi, p.getClass().getName(), "invalid name '" + name
                        + "' (use 1 to 32 characters of a-z, 0-9 and '-', starting with a letter); ignored", null));
                continue;
            }
            P first = byName.putIfAbsent(name, p);
            if (first != null) {
                problems.add(report(spi, p.getClass().getName(), "duplicate name '" + name + "': "
                        + describe(first) + " and " + describe(p) + "; using " + describe(first), null));
            }
        }
        if (!byName.isEmpty()) {
            LOG.log(Level.DEBUG, () -> spi.getSimpleName() + " providers: " + byName.keySet());
        }
        return new Loaded<>(java.util.Collections.unmodifiableMap(byName), List.copyOf(problems));
    }

    private static <P extends SynaProvider> void collect(
            Class<P> spi, ServiceLoader<P> loader, List<P> out, List<ProviderProblem> problems, Set<Class<?>> tried) {
        Iterator<ServiceLoader.Provider<P>> it = loader.stream().iterator();
        int errors = 0;
        while (errors < MAX_ERRORS) {
            ServiceLoader.Provider<P> candidate;
            try {
                if (!it.hasNext()) {
                    return;
                }
                candidate = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                errors++;
                problems.add(report(spi, "?", "could not be located: " + e.getMessage(), e));
                continue;
            }
            if (!tried.add(candidate.type())) {
                continue;
            }
            try {
                out.add(candidate.get());
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                errors++;
                Throwable root = e.getCause() != null ? e.getCause() : e;
                problems.add(report(spi, candidate.type().getName(), "failed to load, skipped: " + root, e));
            }
        }
    }

    private static String describe(SynaProvider p) {
        Module m = p.getClass().getModule();
        return p.getClass().getName() + " (" + (m.isNamed() ? "module " + m.getName() : "class path") + ")";
    }

    private static ProviderProblem report(Class<?> spi, String provider, String what, Throwable cause) {
        ProviderProblem problem = new ProviderProblem(spi.getSimpleName(), provider, what);
        LOG.log(Level.WARNING, "Syna " + problem, cause);
        return problem;
    }
}
