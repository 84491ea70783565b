package syna.api;

import java.io.Serial;
import java.util.List;

/**
 * A provider named by the caller, a system property or a file on disk is not on the module path or
 * class path. The message names the provider, the module to add with its Maven artifact, and the
 * names that are available, for example: {@code no VectorIndexProvider named 'hnsw': add module
 * syna.index.hnsw (Maven io.syna:syna-index-hnsw) to the module path or class path (available:
 * [flat])}. Immutable; thread-safe.
 */
public class ProviderNotFoundException extends SynaException {
    @Serial private static final long serialVersionUID = 1L;

    /** Simple name of the SPI interface. */
    private final String spi;
    /** The provider name asked for. */
    private final String name;
    /** The module that would provide it. */
    private final String module;
    /** Names of the providers present. */
    private final List<String> available;

    /**
     * No provider of {@code spi} named {@code name}.
     *
     * @param spi simple name of the SPI interface
     * @param name the provider name asked for
     * @param module the module that would provide it: a Syna module name ({@code syna.storage}), whose
     *     Maven artifact the message names, or a description for unknown names
     * @param available names of the providers of this SPI that are present
     */
    public ProviderNotFoundException(String spi, String name, String module, List<String> available) {
        super(ErrorCode.PROVIDER_NOT_FOUND, message(spi, name, module, available));
        this.spi = spi;
        this.name = name;
        this.module = module;
        this.available = List.copyOf(available);
    }

    private static String message(String spi, String name, String module, List<String> available) {
        String artifact = artifactOf(module);
        return "no " + spi + " named '" + name + "': add module " + module
                + (artifact.isEmpty() ? "" : " (Maven " + artifact + ")")
                + " to the module path or class path (available: " + available + ")";
    }

    /** {@code io.syna:syna-index-hnsw} for module {@code syna.index.hnsw}; empty for a module not of Syna. */
    private static String artifactOf(String module) {
        return module.matches("syna(\\.[a-z0-9]+)+") ? "io.syna:" + module.replace('.', '-') : "";
    }

    /**
     * The SPI.
     *
     * @return simple name of the SPI interface, e.g. {@code VectorIndexProvider}
     */
    public String spi() {
        return spi;
    }

    /**
     * The provider name that was asked for.
     *
     * @return the name
     */
    public String providerName() {
        return name;
    }

    /**
     * The module that provides it.
     *
     * @return a known Syna module, or a description for unknown names
     */
    public String module() {
        return module;
    }

    /**
     * The Maven coordinates of {@link #module()}.
     *
     * @return {@code groupId:artifactId}, e.g. {@code io.syna:syna-storage}; empty when the module is not
     *     one of Syna's
     */
    public String artifact() {
        return artifactOf(module);
    }

    /**
     * What is there instead.
     *
     * @return names of the providers of this SPI that are available, sorted
     */
    public List<String> available() {
        return available;
    }
}
