package dev.baton.protocol.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.protocol.Role;
import dev.baton.protocol.StageKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskTokensTest {
    static final String KEY = "0123456789abcdef0123456789abcdef-test-key";
    static final Instant NOW = Instant.parse("2025-01-01T10:00:00Z");
    final TaskTokens tokens = new TaskTokens(KEY, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldVerifyWhatItMintedWithTheRoleScopes() {
        String token = tokens.mint(new StageKey("t-1", Role.ENGINEER, "task-1", 1, 1), Duration.ofMinutes(30));

        TaskClaims claims = tokens.verify(token);

        assertThat(claims.role()).isEqualTo(Role.ENGINEER);
        assertThat(claims.ticketId()).isEqualTo("t-1");
        assertThat(claims.taskId()).isEqualTo("task-1");
        assertThat(claims.scopes()).contains(TaskScopes.GIT_PUSH, TaskScopes.MODEL);
        assertThat(claims.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
    }

    @Test
    void shouldNotGiveThePmPushScope() {
        TaskClaims claims = tokens.verify(tokens.mint(new StageKey("t-1", Role.PM, "plan", 1, 1), Duration.ofMinutes(1)));
        assertThat(claims.allows(TaskScopes.GIT_PUSH)).isFalse();
    }

    @Test
    void shouldRefuseAnExpiredToken() {
        String token = tokens.mint(Role.PM, "t-1", "plan", Set.of(TaskScopes.MODEL), Duration.ofMinutes(1));
        var later = new TaskTokens(KEY, Clock.fixed(NOW.plus(Duration.ofMinutes(2)), ZoneOffset.UTC));

        assertThatThrownBy(() -> later.verify(token)).isInstanceOfSatisfying(TokenException.class,
                e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.EXPIRED));
    }

    @Test
    void shouldRefuseATokenSignedWithAnotherKey() {
        var other = new TaskTokens("another-key-that-is-long-enough-0123456789", Clock.fixed(NOW, ZoneOffset.UTC));
        String forged = other.mint(Role.ENGINEER, "t-1", "task-1", Set.of(TaskScopes.GIT_PUSH), Duration.ofMinutes(1));

        assertThatThrownBy(() -> tokens.verify(forged)).isInstanceOfSatisfying(TokenException.class,
                e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.BAD_SIGNATURE));
    }

    @Test
    void shouldRefuseATokenWhoseClaimsWereEdited() {
        String pm = tokens.mint(Role.PM, "t-1", "plan", Set.of(TaskScopes.MODEL), Duration.ofMinutes(1));
        String engineer = tokens.mint(Role.ENGINEER, "t-1", "plan", Set.of(TaskScopes.GIT_PUSH), Duration.ofMinutes(1));
        String spliced = engineer.substring(0, engineer.lastIndexOf('.')) + pm.substring(pm.lastIndexOf('.'));

        assertThatThrownBy(() -> tokens.verify(spliced)).isInstanceOfSatisfying(TokenException.class,
                e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.BAD_SIGNATURE));
    }

    @Test
    void shouldCallGarbageMalformedAndNothingMissing() {
        assertThatThrownBy(() -> tokens.verify("hello")).isInstanceOfSatisfying(TokenException.class,
                e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.MALFORMED));
        assertThatThrownBy(() -> tokens.verify("")).isInstanceOfSatisfying(TokenException.class,
                e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.MISSING));
    }

    @Test
    void shouldRevokeOnlyTokensIssuedUpToTheCutoff() {
        assertThat(TokenRevocation.revokes(TokenRevocation.cutoff(NOW), NOW)).isTrue();
        assertThat(TokenRevocation.revokes(TokenRevocation.cutoff(NOW), NOW.plusMillis(1))).isFalse();
        assertThat(TokenRevocation.revokes(null, NOW)).isFalse();
        assertThat(TokenRevocation.revokes("garbage", NOW)).isTrue();
    }

    @Test
    void shouldRefuseAShortKey() {
        assertThatThrownBy(() -> new TaskTokens("short", Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class);
    }
}
