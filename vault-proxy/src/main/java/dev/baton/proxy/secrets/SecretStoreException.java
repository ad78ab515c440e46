package dev.baton.proxy.secrets;

/** A secret store that cannot be used: says which file or variable and what to do. Never holds a value. */
public final class SecretStoreException extends RuntimeException {
    public SecretStoreException(String message) {
        super(message);
    }
}
