package syna.api;

import java.io.Serial;

/** A provider is present but broken, or two providers share one name. Immutable; thread-safe. */
public class ProviderConfigurationException extends SynaException {
    @Serial private static final long serialVersionUID = 1L;

    /** An exception with the given message. */
    public ProviderConfigurationException(String message) {
        super(ErrorCode.PROVIDER_CONFIGURATION, message);
    }

    /** An exception with the given message and cause. */
    public ProviderConfigurationException(String message, Throwable cause) {
        super(ErrorCode.PROVIDER_CONFIGURATION, message, cause);
    }
}
