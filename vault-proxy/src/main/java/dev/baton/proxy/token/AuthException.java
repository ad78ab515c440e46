package dev.baton.proxy.token;

import dev.baton.proxy.ProxyException;

/**
 * A refused request: HTTP 401 for missing, forged, expired or revoked credentials, 403 for credentials that
 * do not allow the operation, with a stable code naming the reason. Never contains a credential.
 */
public final class AuthException extends ProxyException {
    public AuthException(int status, String code, String reason) {
        super(status, code, reason);
    }
}
