#!/usr/bin/env bash
# Runs Baton's benchmarks (dev.baton.bench.BenchMain) and prints the figures; see BENCHMARKS.md.
# Builds bench and the modules it needs first (set BENCH_NO_BUILD=1 to skip). Options: --quick,
# --samples N, --tickets N, --no-children. Needs redis-server on the PATH; everything stays on loopback.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -z "${JAVA_HOME:-}" ]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/javac" ]; then export JAVA_HOME="$candidate"; break; fi
  done
fi
if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  (cd "$root" && ./mvnw -B -q -pl bench -am package -DskipTests >&2)
fi
# BENCH_JAVA_OPTS: extra options for this JVM only (not the broker's), e.g. a flight recording.
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Dbaton.log.level=warn -Dbaton.log.format=text ${BENCH_JAVA_OPTS:-} \
  -Dbench.root="$root" -cp "$root/bench/target/bench-0.1.0-SNAPSHOT.jar:$root/bench/target/lib/*" \
  dev.baton.bench.BenchMain "$@"
