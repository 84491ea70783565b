package syna.api.spi;

/**
 * A provider that could not be used: it failed to load or instantiate, has an invalid name, or
 * shares its name with another provider.
 *
 * @param spi simple name of the SPI interface
 * @param provider the provider's class name (or the service-file entry) when known
 * @param description what went wrong and what was done about it
 */
public record ProviderProblem(String spi, String provider, String description) {
    @Override
    public String toString() {
        return spi + " " + provider + ": " + description;
    }
}
