package dev.baton.testkit.internal;

import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.Arrays;

/**
 * Entry point of child JVMs: {@code WatchedMain <parentPid> <mainClass> args...}. Halts the child
 * when the parent process is gone, so a killed test JVM never leaves a broker behind. Not API.
 */
public final class WatchedMain {
  private static final Duration PERIOD = Duration.ofSeconds(1);

  private WatchedMain() {}

  public static void main(String[] args) throws Throwable {
    long parentPid = Long.parseLong(args[0]);
    String mainClass = args[1];
    String[] mainArgs = Arrays.copyOfRange(args, 2, args.length);
    Thread.ofPlatform().daemon().name("baton-parent-watchdog").start(() -> watch(parentPid));
    try {
      Class.forName(mainClass).getMethod("main", String[].class).invoke(null, (Object) mainArgs);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void watch(long parentPid) {
    while (true) {
      try {
        Thread.sleep(PERIOD);
      } catch (InterruptedException e) {
        return;
      }
      boolean alive = ProcessHandle.of(parentPid).map(ProcessHandle::isAlive).orElse(false);
      if (!alive) {
        System.err.println("baton-testkit: parent process " + parentPid + " is gone, halting");
        Runtime.getRuntime().halt(3);
      }
    }
  }
}
