package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RedisServerIT {

  @Test
  void shouldAnswerPingOnItsUri() throws IOException {
    RedisServer redis = RedisServer.shared();

    assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
    assertThat(send(redis.port(), "PING")).isEqualTo("+PONG");
  }

  @Test
  void shouldStoreAndReadAValue() throws IOException {
    RedisServer redis = RedisServer.shared();
    String key = "it:" + UUID.randomUUID();

    assertThat(send(redis.port(), "SET", key, "v1")).isEqualTo("+OK");
    assertThat(send(redis.port(), "GET", key)).isEqualTo("v1");
  }

  @Test
  void shouldComeBackOnTheSamePortWithoutDataAfterRestart() throws IOException {
    try (RedisServer redis = RedisServer.start()) {
      int port = redis.port();
      send(port, "SET", "k", "v");

      redis.restart();

      assertThat(redis.port()).isEqualTo(port);
      assertThat(send(port, "PING")).isEqualTo("+PONG");
      assertThat(send(port, "EXISTS", "k")).isEqualTo(":0");
    }
  }

  @Test
  void shouldStopOnClose() throws IOException {
    RedisServer redis = RedisServer.start();
    int port = redis.port();

    redis.close();

    assertThat(redis.isRunning()).isFalse();
    assertThat(reachable(port)).isFalse();
  }

  @Test
  void shouldIgnoreCloseOnTheSharedInstance() throws IOException {
    RedisServer.shared().close();

    assertThat(send(RedisServer.shared().port(), "PING")).isEqualTo("+PONG");
  }

  /** Sends one RESP command and returns the first line of the reply. */
  static String send(int port, String... args) throws IOException {
    StringBuilder command = new StringBuilder("*").append(args.length).append("\r\n");
    for (String arg : args) {
      command.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
    }
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(command.toString().getBytes(StandardCharsets.UTF_8));
      InputStream in = socket.getInputStream();
      String first = readLine(in);
      return first.startsWith("$") && !first.equals("$-1") ? readLine(in) : first;
    }
  }

  /** Reads one CRLF-terminated line; bulk replies return their payload line. */
  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\r' && c != -1; c = in.read()) {
      line.append((char) c);
    }
    in.read();
    return line.toString();
  }

  static boolean reachable(int port) {
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
