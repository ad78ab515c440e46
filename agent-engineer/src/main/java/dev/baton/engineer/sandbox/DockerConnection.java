package dev.baton.engineer.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.baton.engineer.sandbox.internal.UnixSocketHttpClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A docker-java client plus the raw transport under it (exec output is streamed through the transport on the
 * caller's virtual thread; docker-java's own streaming would start a platform thread per call). Thread-safe.
 */
public final class DockerConnection implements AutoCloseable {
    private final String host;
    private final DockerHttpClient http;
    private final DockerClient client;

    private DockerConnection(String host, DockerHttpClient http, DockerClient client) {
        this.host = host;
        this.http = http;
        this.client = client;
    }

    /**
     * Connects to {@code host} ({@code unix:///var/run/docker.sock}, {@code tcp://127.0.0.1:2375}) and pings it.
     *
     * @throws SandboxException naming the host and the fix when the engine does not answer
     */
    public static DockerConnection connect(String host) {
        URI uri = URI.create(host);
        DockerHttpClient http = "unix".equals(uri.getScheme())
                ? new UnixSocketHttpClient(Path.of(uri.getPath()))
                : new ZerodepDockerHttpClient.Builder().dockerHost(uri).connectionTimeout(Duration.ofSeconds(5))
                        .responseTimeout(Duration.ofMinutes(5)).build();
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
        var connection = new DockerConnection(host, http, DockerClientImpl.getInstance(config, http));
        try {
            connection.client.pingCmd().exec();
        } catch (RuntimeException e) {
            connection.close();
            throw new SandboxException("cannot reach the Docker engine at " + host + " (" + e.getMessage()
                    + "): start dockerd, or point DOCKER_HOST / BATON_SANDBOX_DOCKER_HOST at a running engine", e);
        }
        return connection;
    }

    /** Fails with the build command when {@code image} is not present locally (sandboxes never pull). */
    public void requireImage(String image) {
        try {
            client.inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            throw new SandboxException("the sandbox image " + image + " is not on the Docker engine at " + host
                    + ": build it with docker/build-images.sh (sandboxes never pull images)");
        }
    }

    public DockerClient client() {
        return client;
    }

    public DockerHttpClient http() {
        return http;
    }

    public String host() {
        return host;
    }

    @Override
    public void close() {
        try {
            client.close();
            http.close();
        } catch (IOException ignored) {
            // closing a client holds no state worth reporting
        }
    }
}
