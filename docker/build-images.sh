#!/usr/bin/env bash
# Builds the local Docker images Baton needs, without pulling from a registry:
#   baton/debian-base:bookworm  Debian base made by debootstrap (docker/base/build-base.sh)
#   baton/sandbox:dev           the engineer sandbox (docker/sandbox/Dockerfile)
#   baton/tiny:latest           the base image re-tagged, for Testcontainers' "tiny image"
#
# Idempotent: the base is skipped if it exists; the sandbox build is skipped if
# baton/sandbox:dev already carries the current Dockerfile's sha256 and base
# image id in its labels.
#
# Usage: docker/build-images.sh [--force]
#   --force   rebuild the base (unless BATON_BASE_IMAGE is set) and the sandbox
# Environment:
#   BATON_BASE_IMAGE     use this base image instead of building one with
#                        debootstrap (e.g. debian:bookworm-slim, pulled if absent)
#   BATON_SANDBOX_IMAGE  sandbox tag (default baton/sandbox:dev)
#   BATON_TINY_IMAGE     tiny image tag (default baton/tiny:latest)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DEFAULT_BASE=baton/debian-base:bookworm
BASE_IMAGE="${BATON_BASE_IMAGE:-$DEFAULT_BASE}"
SANDBOX_IMAGE="${BATON_SANDBOX_IMAGE:-baton/sandbox:dev}"
TINY_IMAGE="${BATON_TINY_IMAGE:-baton/tiny:latest}"
FORCE=0
for arg in "$@"; do
  case "$arg" in
    --force) FORCE=1 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "build-images: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

export DOCKER_BUILDKIT=0   # classic builder: no buildx needed
log() { printf '[build-images] %s\n' "$*" >&2; }
elapsed() { printf '%ds' $((SECONDS - $1)); }
size_of() { docker image inspect --format '{{.Size}}' "$1" | awk '{printf "%.1f MB", $1/1e6}'; }
t_start=$SECONDS

docker info >/dev/null 2>&1 || { log "cannot talk to the Docker daemon (is dockerd running?)"; exit 1; }

# (a) base image ---------------------------------------------------------------
t=$SECONDS
if [[ -z ${BATON_BASE_IMAGE:-} ]]; then
  base_args=()
  [[ $FORCE -eq 1 ]] && base_args+=(--force)
  BATON_BASE_TAG="$BASE_IMAGE" "$HERE/base/build-base.sh" "${base_args[@]}"
elif ! docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  log "pulling $BASE_IMAGE"
  docker pull "$BASE_IMAGE"
fi
base_id="$(docker image inspect --format '{{.Id}}' "$BASE_IMAGE")"
log "base $BASE_IMAGE ($base_id, $(size_of "$BASE_IMAGE")) [$(elapsed "$t")]"

# (b) sandbox image --------------------------------------------------------------
t=$SECONDS
context="$HERE/sandbox"
sha="$(sha256sum "$context/Dockerfile" | cut -d' ' -f1)"
have_sha="$(docker image inspect --format '{{ index .Config.Labels "dev.baton.dockerfile-sha" }}' "$SANDBOX_IMAGE" 2>/dev/null || true)"
have_base="$(docker image inspect --format '{{ index .Config.Labels "dev.baton.base-image-id" }}' "$SANDBOX_IMAGE" 2>/dev/null || true)"
if [[ $FORCE -eq 0 && $have_sha == "$sha" && $have_base == "$base_id" ]]; then
  log "$SANDBOX_IMAGE is up to date (dockerfile-sha ${sha:0:12}), skipping"
else
  old_id="$(docker image inspect --format '{{.Id}}' "$SANDBOX_IMAGE" 2>/dev/null || true)"
  log "building $SANDBOX_IMAGE from $BASE_IMAGE (dockerfile-sha ${sha:0:12})"
  docker build \
    --build-arg "BASE_IMAGE=$BASE_IMAGE" \
    --build-arg "BASE_IMAGE_ID=$base_id" \
    --build-arg "DOCKERFILE_SHA=$sha" \
    -t "$SANDBOX_IMAGE" \
    "$context"
  # drop the image this build replaced, if nothing else uses it (never forced)
  if [[ -n $old_id && $old_id != "$(docker image inspect --format '{{.Id}}' "$SANDBOX_IMAGE")" ]]; then
    docker rmi "$old_id" >/dev/null 2>&1 || true
  fi
fi
log "sandbox $SANDBOX_IMAGE ($(size_of "$SANDBOX_IMAGE")) [$(elapsed "$t")]"

# (c) tiny image for Testcontainers (needs only sh) ------------------------------
old_tiny="$(docker image inspect --format '{{.Id}}' "$TINY_IMAGE" 2>/dev/null || true)"
docker tag "$BASE_IMAGE" "$TINY_IMAGE"
if [[ -n $old_tiny && $old_tiny != "$base_id" ]]; then
  docker rmi "$old_tiny" >/dev/null 2>&1 || true   # previous base, if now unused
fi
log "tagged $BASE_IMAGE as $TINY_IMAGE"

log "done [total $(elapsed "$t_start")]"
