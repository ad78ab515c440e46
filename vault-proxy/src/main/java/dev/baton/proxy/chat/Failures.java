package dev.baton.proxy.chat;

import dev.baton.proxy.ProxyException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/** Maps what can go wrong on the way to an upstream onto the error the agent gets. */
public final class Failures {
    private Failures() {}

    public static ProxyException toProxyException(Throwable failure) {
        if (failure instanceof ProxyException known) {
            return known;
        }
        if (failure instanceof TimeoutException) {
            return new ProxyException(504, "upstream_timeout", "the model provider did not answer in time");
        }
        if (failure instanceof ConnectException || failure instanceof UnknownHostException) {
            return new ProxyException(502, "upstream_unavailable",
                    "the model provider cannot be reached: " + failure.getClass().getSimpleName());
        }
        return new ProxyException(502, "upstream_error",
                "the call to the model provider failed: " + failure.getClass().getSimpleName());
    }
}
