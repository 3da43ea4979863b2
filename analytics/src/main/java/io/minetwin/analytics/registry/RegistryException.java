package io.minetwin.analytics.registry;

/** The registry cannot do what was asked: a missing version, a corrupt or foreign file; the message says which. */
public final class RegistryException extends RuntimeException {
    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
