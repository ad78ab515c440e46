package dev.baton.protocol.token;

/** A token that does not verify, with the {@link Reason}. Never contains the token or the key. */
public final class TokenException extends RuntimeException {
    /** Why a token was refused; {@link #code()} is the stable code put in HTTP errors. */
    public enum Reason {
        MISSING("missing_token"),
        MALFORMED("malformed_token"),
        BAD_SIGNATURE("invalid_signature"),
        EXPIRED("token_expired"),
        REVOKED("token_revoked");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public TokenException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
