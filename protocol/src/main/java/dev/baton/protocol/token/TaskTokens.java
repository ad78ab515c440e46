package dev.baton.protocol.token;

import dev.baton.protocol.Role;
import dev.baton.protocol.StageKey;
import dev.baton.protocol.config.ConfigException;
import dev.baton.protocol.config.ConfigSource;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints and verifies per-task tokens: {@code bt1.<claims>.<signature>}, base64url claims JSON signed with
 * HMAC-SHA256 under a key only the coordinator and the vault proxy hold. The coordinator mints at dispatch;
 * the proxy verifies and then checks revocation ({@link TokenRevocation}) itself. No I/O.
 *
 * <p>Thread-safe. {@link #verify} throws {@link TokenException} with the reason (malformed, forged or
 * expired); it never returns claims it did not check.
 */
public final class TaskTokens {
    /** The configuration key of the signing key: env {@code BATON_SECRET_TOKEN_KEY}. */
    public static final String KEY_CONFIG = "secret.token-key";
    public static final int MIN_KEY_BYTES = 32;
    static final String PREFIX = "bt1.";
    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;
    private final Clock clock;
    /** A keyed Mac per thread: {@code Mac.getInstance} and {@code init} cost more than the HMAC itself. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    /** @throws IllegalArgumentException if the key is shorter than {@value #MIN_KEY_BYTES} bytes */
    public TaskTokens(String key, Clock clock) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the token signing key must be at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(bytes, HMAC);
        this.clock = clock;
    }

    /**
     * The coordinator's minter, keyed by {@value #KEY_CONFIG} (env {@code BATON_SECRET_TOKEN_KEY}).
     *
     * @throws ConfigException if the key is missing or too short
     */
    public static TaskTokens fromConfig(ConfigSource source) {
        String value = source.required(KEY_CONFIG, "set it to the same random key the vault proxy has, at least "
                + MIN_KEY_BYTES + " bytes (e.g. openssl rand -base64 48)");
        if (value.getBytes(StandardCharsets.UTF_8).length < MIN_KEY_BYTES) {
            throw new ConfigException(KEY_CONFIG, "is too short", "use at least " + MIN_KEY_BYTES + " random bytes");
        }
        return new TaskTokens(value, Clock.systemUTC());
    }

    /** A token for one dispatched stage, with the scopes of its role, valid for {@code ttl}. */
    public String mint(StageKey stage, Duration ttl) {
        return mint(stage.role(), stage.ticketId(), stage.taskId(), TaskScopes.forRole(stage.role()), ttl);
    }

    public String mint(Role role, String ticketId, String taskId, Set<String> scopes, Duration ttl) {
        Instant now = Instant.ofEpochMilli(clock.millis());
        return sign(new TaskClaims(UUID.randomUUID().toString(), role, ticketId, taskId, scopes, now, now.plus(ttl)));
    }

    /** Signs arbitrary claims, e.g. for tests of expired tokens. */
    public String sign(TaskClaims claims) {
        String body = PREFIX + ClaimsJson.encode(claims);
        return body + "." + base64(hmac(body));
    }

    /**
     * The claims of a token this key signed and that has not expired.
     *
     * @throws TokenException MISSING, MALFORMED, BAD_SIGNATURE or EXPIRED
     */
    public TaskClaims verify(String token) {
        if (token == null || token.isBlank()) {
            throw new TokenException(TokenException.Reason.MISSING, "no task token was presented");
        }
        int dot = token.lastIndexOf('.');
        if (!token.startsWith(PREFIX) || dot <= PREFIX.length() || token.length() > 4096) {
            throw new TokenException(TokenException.Reason.MALFORMED, "the task token is not a Baton token");
        }
        String body = token.substring(0, dot);
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new TokenException(TokenException.Reason.MALFORMED, "the task token signature is not base64url");
        }
        if (!MessageDigest.isEqual(signature, hmac(body))) {
            throw new TokenException(TokenException.Reason.BAD_SIGNATURE, "the task token signature is invalid");
        }
        TaskClaims claims = ClaimsJson.decode(body.substring(PREFIX.length()));
        if (!clock.instant().isBefore(claims.expiresAt())) {
            throw new TokenException(TokenException.Reason.EXPIRED, "the task token expired at " + claims.expiresAt());
        }
        return claims;
    }

    private byte[] hmac(String body) {
        return macs.get().doFinal(body.getBytes(StandardCharsets.US_ASCII));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
