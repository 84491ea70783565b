package syna.api.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import syna.api.ProviderNotFoundException;
import syna.api.internal.ProviderRegistry;

/**
 * Finds providers. Lookup is deterministic and explains itself: an explicit name (builder or
 * {@code -Dsyna.storage}, {@code -Dsyna.vectorstore}, {@code -Dsyna.index}, {@code -Dsyna.codec}, {@code -Dsyna.vectorization},
 * {@code -Dsyna.gpu}), else {@link java.util.ServiceLoader}, else the built-in default ({@code flat},
 * {@code none}, {@code scalar}), else {@link ProviderNotFoundException} naming the module to add.
 * Each SPI is scanned once. Thread-safe.
 */
public final class Providers {
    private Providers() {}

    /** The provider of {@code spi} named {@code name}; {@link ProviderNotFoundException} when absent. */
    public static <P extends SynaProvider> P get(Class<P> spi, String name) {
        return ProviderRegistry.get().require(spi, name);
    }

    /** The provider of {@code spi} named {@code name}, if present. */
    public static <P extends SynaProvider> Optional<P> find(Class<P> spi, String name) {
        return ProviderRegistry.get().find(spi, name);
    }

    /** Chooses a provider of {@code spi}: explicit name, system property, preferred default, only one. */
    public static <P extends SynaProvider> P select(Class<P> spi, Optional<String> explicit) {
        return ProviderRegistry.get().select(spi, explicit);
    }

    /** Every usable provider of {@code spi} by name, sorted by name. */
    public static <P extends SynaProvider> Map<String, P> all(Class<P> spi) {
        return ProviderRegistry.get().providers(spi);
    }

    /** Names of the usable providers of {@code spi}, sorted. */
    public static List<String> names(Class<? extends SynaProvider> spi) {
        return List.copyOf(ProviderRegistry.get().providers(spi).keySet());
    }

    /** Providers that failed to load, had invalid names or duplicated a name, for every SPI. */
    public static List<ProviderProblem> problems() {
        return ProviderRegistry.get().problems();
    }

    /** The exception for a provider of {@code spi} named {@code name} that is not present. */
    public static ProviderNotFoundException notFound(Class<? extends SynaProvider> spi, String name) {
        return ProviderRegistry.get().notFound(spi, name);
    }
}
