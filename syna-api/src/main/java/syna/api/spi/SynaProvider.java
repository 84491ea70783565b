package syna.api.spi;

import java.util.Set;

/**
 * What every provider has: a stable name, a format version and its optional features. Providers are
 * found with {@link java.util.ServiceLoader}; their no-argument constructor must be cheap and must
 * not touch files or native code. Implementations are thread-safe.
 */
public interface SynaProvider {

    /**
     * Stable name, written into files that need this provider: lower-case ASCII letters, digits and
     * {@code -}, starting with a letter, at most 32 characters (see {@link ProviderNames}).
     */
    String name();

    /** The newest format version this provider writes and reads; positive. */
    int formatVersion();

    /** Optional features this provider has. */
    Set<Capability> capabilities();
}
