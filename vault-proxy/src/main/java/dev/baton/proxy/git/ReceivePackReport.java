package dev.baton.proxy.git;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a push the way a git server does, so {@code git push} prints the reason: a report-status with
 * {@code ng <ref> <reason>} for every update (inside side-band 1 when negotiated, with the reason also on
 * side-band 2, shown as {@code remote: ...}); a plain 403 if the client asked for no report.
 */
final class ReceivePackReport {
    private ReceivePackReport() {}

    static void refuse(HttpServerResponse response, PushCommands commands, String reason) {
        String oneLine = reason.replace('\n', ' ');
        if (!commands.capabilities().contains("report-status") && !commands.capabilities().contains("report-status-v2")) {
            response.setStatusCode(403).putHeader("Content-Type", "text/plain").end("baton: push_refused: " + oneLine + "\n");
            return;
        }
        Buffer report = pkt("unpack ok\n");
        for (PushCommands.Update update : commands.updates()) {
            report.appendBuffer(pkt("ng " + update.ref() + " " + oneLine + "\n"));
        }
        report.appendString("0000");
        Buffer body;
        if (commands.capabilities().contains("side-band-64k") || commands.capabilities().contains("side-band")) {
            body = Buffer.buffer().appendBuffer(band(2, Buffer.buffer("baton: " + oneLine + "\n")))
                    .appendBuffer(band(1, report)).appendString("0000");
        } else {
            body = report;
        }
        response.setStatusCode(200).putHeader("Content-Type", "application/x-git-receive-pack-result")
                .putHeader("Cache-Control", "no-cache").end(body);
    }

    private static Buffer pkt(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return Buffer.buffer(String.format("%04x", bytes.length + 4)).appendBytes(bytes);
    }

    private static Buffer band(int channel, Buffer data) {
        Buffer out = Buffer.buffer();
        int max = 65515;
        for (int at = 0; at < data.length(); at += max) {
            Buffer piece = data.getBuffer(at, Math.min(data.length(), at + max));
            out.appendString(String.format("%04x", piece.length() + 5)).appendByte((byte) channel).appendBuffer(piece);
        }
        return out;
    }
}
