package syna.api;

import java.io.Serial;
import java.util.List;

/**
 * A provider named by the caller, a system property or a file on disk is not on the module path.
 * The message names the provider, the module to add and the names that are available, for example:
 * {@code no VectorIndexProvider named 'hnsw': add module syna.index.hnsw to the module path
 * (available: [flat])}.
 */
public class ProviderNotFoundException extends SynaException {
    @Serial private static final long serialVersionUID = 1L;

    private final String spi;
    private final String name;
    private final String module;
    private final List<String> available;

    /** No provider of {@code spi} named {@code name}; {@code module} is the module that would provide it. */
    public ProviderNotFoundException(String spi, String name, String module, List<String> available) {
        super(ErrorCode.PROVIDER_NOT_FOUND, message(spi, name, module, available));
        this.spi = spi;
        this.name = name;
        this.module = module;
        this.available = List.copyOf(available);
    }

    private static String message(String spi, String name, String module, List<String> available) {
        return "no " + spi + " named '" + name + "': add module " + module
                + " to the module path (available: " + available + ")";
    }

    /** Simple name of the SPI interface, e.g. {@code VectorIndexProvider}. */
    public String spi() {
        return spi;
    }

    /** The provider name that was asked for. */
    public String providerName() {
        return name;
    }

    /** The module that provides it (a known Syna module, or a description for unknown names). */
    public String module() {
        return module;
    }

    /** Names of the providers of this SPI that are available, sorted. */
    public List<String> available() {
        return available;
    }
}
