#!/usr/bin/env bash
# Stages what the compose images are built from, and (offline) builds the local base images:
#   docker/services/dist/        launcher jar + launcher/target/lib (run ./mvnw -B -DskipTests package first)
#   docker/services/kafka/lib/   the Kafka broker jars from the same lib dir
#   --offline: also docker/build-images.sh (debootstrap base, sandbox), baton/jre:local (jlinked JDK on the
#              base), baton/redis:local and baton/kafka:local, and writes docker/compose/offline.env with
#              the image variables docker-compose.yml reads.
# Idempotent: images already built from the same inputs are rebuilt cheaply from the layer cache.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SVC="$ROOT/docker/services"
log() { printf '[compose-stage] %s\n' "$*" >&2; }
export DOCKER_BUILDKIT=0

jar="$ROOT/launcher/target/launcher-0.1.0-SNAPSHOT.jar"
[[ -f $jar && -d $ROOT/launcher/target/lib ]] || { log "no $jar: run ./mvnw -B -q -DskipTests package"; exit 1; }
rm -rf "$SVC/dist" "$SVC/kafka/lib"
mkdir -p "$SVC/dist/lib" "$SVC/kafka/lib"
cp "$jar" "$SVC/dist/launcher.jar"
cp "$ROOT"/launcher/target/lib/*.jar "$SVC/dist/lib/"
cp "$ROOT"/launcher/target/lib/*.jar "$SVC/kafka/lib/"   # kafka.Kafka and its dependencies are all there
log "staged $(ls "$SVC/dist/lib" | wc -l) jars, $(ls "$SVC/kafka/lib" | wc -l) for Kafka"

[[ ${1:-} == --offline ]] || exit 0

bash "$ROOT/docker/build-images.sh"
jdk="${BATON_JLINK_JDK:-}"
if [[ -z $jdk ]]; then
  for c in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
    [[ -x $c/bin/jlink ]] && { jdk=$c; break; }
  done
fi
[[ -n $jdk ]] || { log "no JDK 21+ with jlink under /usr/lib/jvm (set BATON_JLINK_JDK)"; exit 1; }
if [[ ! -x $SVC/jre/runtime/bin/java ]]; then
  log "jlink a runtime from $jdk"
  "$jdk/bin/jlink" --add-modules java.se,jdk.unsupported,jdk.compiler,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.httpserver,jdk.management,jdk.naming.dns,jdk.net,jdk.zipfs,jdk.jfr,jdk.localedata,jdk.charsets \
    --strip-debug --no-header-files --no-man-pages --output "$SVC/jre/runtime"
fi
docker build -q --build-arg BASE_IMAGE=baton/debian-base:bookworm -t baton/jre:local "$SVC/jre" >/dev/null
docker build -q --build-arg BASE_IMAGE=baton/debian-base:bookworm -t baton/redis:local "$SVC/redis" >/dev/null
docker build -q --build-arg JRE_IMAGE=baton/jre:local -t baton/kafka:local "$SVC/kafka" >/dev/null
cat >"$ROOT/docker/compose/offline.env" <<ENV
BATON_JDK_IMAGE=baton/jre:local
BATON_JRE_IMAGE=baton/jre:local
BATON_KAFKA_IMAGE=baton/kafka:local
BATON_REDIS_IMAGE=baton/redis:local
ENV
log "built baton/jre:local, baton/redis:local, baton/kafka:local; image settings in docker/compose/offline.env"
