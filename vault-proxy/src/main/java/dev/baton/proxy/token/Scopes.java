package dev.baton.proxy.token;

/** The operations a caller's credentials may allow. */
public final class Scopes {
    /** Model calls through {@code /v1/chat/completions} and {@code /v1/models}. */
    public static final String MODEL = "model";

    private Scopes() {}
}
