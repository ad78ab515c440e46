package dev.baton.proxy.git;

import dev.baton.proxy.ProxyException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The ref updates at the start of a {@code git-receive-pack} request (pkt-lines up to the first flush), the
 * client's capabilities, and where the pack data starts. Immutable.
 */
record PushCommands(List<Update> updates, Set<String> capabilities, int packOffset) {
    static final String ZERO = "0".repeat(40);

    /** One {@code <old> <new> <ref>} command. */
    record Update(String oldId, String newId, String ref) {
        boolean isDelete() {
            return newId.equals(ZERO);
        }

        boolean isCreate() {
            return oldId.equals(ZERO);
        }
    }

    /** @throws ProxyException 400 if the body does not start with valid pkt-line commands */
    static PushCommands parse(byte[] body) {
        List<Update> updates = new ArrayList<>();
        Set<String> capabilities = Set.of();
        int at = 0;
        while (true) {
            if (at + 4 > body.length) {
                throw invalid("the push ends before its command list does");
            }
            int length = hex(body, at);
            if (length == 0) {
                at += 4;
                break;
            }
            if (length < 4 || at + length > body.length) {
                throw invalid("a pkt-line length is out of range");
            }
            String line = new String(body, at + 4, length - 4, StandardCharsets.UTF_8);
            int nul = line.indexOf('\0');
            if (nul >= 0) {
                capabilities = Set.copyOf(Arrays.asList(line.substring(nul + 1).trim().split(" ")));
                line = line.substring(0, nul);
            }
            String[] parts = line.strip().split(" ");
            if (parts.length != 3 || parts[0].length() != 40 || parts[1].length() != 40) {
                throw invalid("a ref update is not '<old> <new> <ref>'");
            }
            updates.add(new Update(parts[0], parts[1], parts[2]));
            at += length;
        }
        if (updates.isEmpty()) {
            throw invalid("the push updates no ref");
        }
        if (capabilities.contains("push-options")) {
            at = skipSection(body, at);
        }
        return new PushCommands(List.copyOf(updates), capabilities, at);
    }

    private static int skipSection(byte[] body, int at) {
        while (at + 4 <= body.length) {
            int length = hex(body, at);
            if (length == 0) {
                return at + 4;
            }
            if (length < 4) {
                throw invalid("a pkt-line length is out of range");
            }
            at += length;
        }
        throw invalid("the push options do not end");
    }

    private static int hex(byte[] body, int at) {
        try {
            return Integer.parseInt(new String(body, at, 4, StandardCharsets.US_ASCII), 16);
        } catch (NumberFormatException e) {
            throw invalid("a pkt-line length is not hex");
        }
    }

    private static ProxyException invalid(String why) {
        return new ProxyException(400, "invalid_push", "not a git push: " + why);
    }
}
