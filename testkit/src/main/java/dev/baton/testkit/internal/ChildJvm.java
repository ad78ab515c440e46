package dev.baton.testkit.internal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * Builds the command line of a child JVM that runs a main class from this JVM's own classpath,
 * under {@link WatchedMain} so that it dies with its parent. Not API.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * The command: same {@code java} binary, the given JVM options, the classpath in an argument
   * file (a test classpath easily exceeds what a readable command line should hold).
   */
  public static List<String> command(Path argFile, List<String> jvmOptions, String mainClass,
      List<String> args) {
    writeArgFile(argFile);
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(jvmOptions);
    command.add("@" + argFile);
    command.add(WatchedMain.class.getName());
    command.add(Long.toString(ProcessHandle.current().pid()));
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  static String javaBinary() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /**
   * This JVM's classpath, with manifest-only jars (surefire/failsafe booter jars) expanded and
   * module-path entries appended, so the child sees every class the parent sees.
   */
  static List<String> classpath() {
    Set<String> entries = new LinkedHashSet<>();
    for (String entry : split(System.getProperty("java.class.path"))) {
      entries.add(entry);
      entries.addAll(manifestClassPath(Path.of(entry)));
    }
    entries.addAll(split(System.getProperty("jdk.module.path")));
    return List.copyOf(entries);
  }

  private static void writeArgFile(Path argFile) {
    String classpath = String.join(File.pathSeparator, classpath());
    String quoted = "\"" + classpath.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    try {
      Files.writeString(argFile, "-cp " + quoted + System.lineSeparator(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + argFile, e);
    }
  }

  private static List<String> split(String pathList) {
    if (pathList == null || pathList.isBlank()) {
      return List.of();
    }
    return List.of(pathList.split(File.pathSeparator)).stream().filter(s -> !s.isBlank()).toList();
  }

  private static List<String> manifestClassPath(Path entry) {
    if (!entry.toString().endsWith(".jar") || !Files.isRegularFile(entry)) {
      return List.of();
    }
    try (JarFile jar = new JarFile(entry.toFile())) {
      var manifest = jar.getManifest();
      String value = manifest == null ? null
          : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
      if (value == null || value.isBlank()) {
        return List.of();
      }
      URI base = entry.toAbsolutePath().getParent().toUri();
      List<String> result = new ArrayList<>();
      for (String url : value.trim().split("\\s+")) {
        result.add(Path.of(base.resolve(url)).toString());
      }
      return result;
    } catch (IOException | IllegalArgumentException e) {
      return List.of();
    }
  }
}
