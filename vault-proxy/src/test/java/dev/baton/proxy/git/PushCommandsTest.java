package dev.baton.proxy.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.protocol.Role;
import dev.baton.proxy.ProxyException;
import dev.baton.proxy.token.Caller;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PushCommandsTest {
    static final String A = "a".repeat(40);
    static final String B = "b".repeat(40);

    static byte[] push(String... lines) {
        StringBuilder body = new StringBuilder();
        for (String line : lines) {
            body.append(String.format("%04x", line.length() + 4)).append(line);
        }
        return body.append("0000PACK").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadUpdatesCapabilitiesAndWhereThePackStarts() {
        byte[] body = push(A + " " + B + " refs/heads/baton/t-1\0report-status side-band-64k\n");

        PushCommands commands = PushCommands.parse(body);

        assertThat(commands.updates()).containsExactly(new PushCommands.Update(A, B, "refs/heads/baton/t-1"));
        assertThat(commands.capabilities()).contains("report-status", "side-band-64k");
        assertThat(new String(body, commands.packOffset(), 4, StandardCharsets.UTF_8)).isEqualTo("PACK");
    }

    @Test
    void shouldAllowOnlyTheTokensTicketBranchAndNoDelete() {
        Caller engineer = new Caller(Role.ENGINEER, "t-1", "task-1", Set.of("git:push"));

        assertThat(PushPolicy.refusal(engineer, PushCommands.parse(push(A + " " + B + " refs/heads/baton/t-1\n"))))
                .isEmpty();
        assertThat(PushPolicy.refusal(engineer, PushCommands.parse(push(A + " " + B + " refs/heads/main\n"))))
                .hasValueSatisfying(reason -> assertThat(reason).contains("may push only to refs/heads/baton/t-1"));
        assertThat(PushPolicy.refusal(engineer, PushCommands.parse(push(A + " " + PushCommands.ZERO
                + " refs/heads/baton/t-1\n")))).hasValueSatisfying(reason -> assertThat(reason).contains("deleting"));
        assertThat(PushPolicy.refusal(engineer, PushCommands.parse(push(A + " " + B + " refs/heads/baton/t-1\n",
                A + " " + B + " refs/heads/baton/t-10\n")))).isPresent();
    }

    @Test
    void shouldRefuseABodyThatIsNotAPush() {
        assertThatThrownBy(() -> PushCommands.parse("hello".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProxyException.class);
        assertThatThrownBy(() -> PushCommands.parse("0000".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProxyException.class);
    }
}
