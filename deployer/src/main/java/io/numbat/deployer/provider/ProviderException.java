package io.numbat.deployer.provider;

/** A provider could not do what it was asked; the message names the provider, the node and the host. */
public class ProviderException extends RuntimeException {
    public ProviderException(String message) {
        super(message);
    }

    public ProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
