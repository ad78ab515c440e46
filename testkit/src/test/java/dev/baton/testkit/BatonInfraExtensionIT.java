package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@BatonInfra
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BatonInfraExtensionIT {
  static ScriptedModelServer firstModelServer;
  static Path firstFixturesDir;

  @Test
  @Order(1)
  void shouldInjectTheSharedServers(KafkaBroker kafka, RedisServer redis,
      ScriptedModelServer model, GitFixtures git) {
    assertThat(kafka).isSameAs(KafkaBroker.shared());
    assertThat(redis).isSameAs(RedisServer.shared());
    assertThat(model.baseUrl()).startsWith("http://127.0.0.1:");
    GitRepo repo = git.createBare("demo.git", Map.of("a.txt", "a"));
    assertThat(repo.fileAt("main", "a.txt")).hasValue("a");
    firstModelServer = model;
    firstFixturesDir = git.dir();
  }

  @Test
  @Order(2)
  void shouldShareTheModelServerAcrossTestsButNotGitFixtures(ScriptedModelServer model,
      GitFixtures git) {
    assertThat(model).isSameAs(firstModelServer);
    assertThat(git.dir()).isNotEqualTo(firstFixturesDir);
    assertThat(Files.exists(firstFixturesDir)).isFalse();
  }

  @Nested
  class Inner {
    @Test
    void shouldShareTheOuterClassModelServer(ScriptedModelServer model) {
      assertThat(model).isSameAs(firstModelServer);
    }
  }
}
