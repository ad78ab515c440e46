#!/usr/bin/env bash
# Generates the compose deployment's secrets into docker/compose/secrets/ (never committed), once:
#   users.acl              Redis ACL (docker/redis/users.acl with fresh passwords), for the redis container
#   proxy.properties       vault proxy secrets file (token_key, provider_key), 0600, owned by uid 10001
#   coordinator.json       coordinator config file (secret.token-key, coordinator.operator-token), 0400, uid 10001
#   <service>.env          BATON_REDIS_URI with that service's own Redis user, for pm/engineer/reviewer
#   compose.env            variables docker-compose.yml interpolates (pass with --env-file), plus
#                          docker/compose/offline.env when present (local images)
#   operator-token         the coordinator's operator token, 0600
# Environment: BATON_PROVIDER_KEY (the upstream API key; a dummy for the scripted model),
#   BATON_COORDINATOR_OPERATOR_TOKEN (default: random). --force regenerates everything.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$HERE/secrets"
[[ ${1:-} == --force ]] && rm -rf "$OUT"
rand() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
if [[ ! -f $OUT/compose.env ]]; then
  mkdir -p "$OUT"; chmod 700 "$OUT"
  acl="$(cat "$ROOT/docker/redis/users.acl")"
  declare -A pw
  for user in PROBE COORDINATOR PROXY PM ENGINEER REVIEWER; do
    pw[$user]="$(rand)"
    acl="${acl//@@$user@@/${pw[$user]}}"
  done
  printf '%s\n' "$acl" | grep -v '^#' >"$OUT/users.acl"
  token_key="$(rand)"
  operator="${BATON_COORDINATOR_OPERATOR_TOKEN:-bop-$(rand | cut -c1-40)}"
  umask 077
  printf 'token_key=%s\nprovider_key=%s\n' "$token_key" "${BATON_PROVIDER_KEY:-sk-demo-$(rand | cut -c1-24)}" >"$OUT/proxy.properties"
  printf '{"secret":{"token-key":"%s"},"coordinator":{"operator-token":"%s"}}\n' "$token_key" "$operator" >"$OUT/coordinator.json"
  printf '%s\n' "$operator" >"$OUT/operator-token"
  for svc in coordinator proxy pm engineer reviewer; do
    u="${svc^^}"
    printf 'BATON_REDIS_URI=redis://%s:%s@redis:6379\n' "$svc" "${pw[$u]}" >"$OUT/$svc.env"
  done
  {
    echo "REDIS_PROBE_PASSWORD=${pw[PROBE]}"
    echo "DOCKER_GID=$(stat -c %g /var/run/docker.sock 2>/dev/null || echo 0)"
  } >"$OUT/compose.env"
  # the redis container (uid 999) reads the ACL; the proxy and coordinator (uid 10001) their files
  chown 999:999 "$OUT/users.acl" 2>/dev/null || chmod 644 "$OUT/users.acl"
  chmod 600 "$OUT/users.acl" "$OUT/proxy.properties"
  chmod 400 "$OUT/coordinator.json"
  chown 10001:10001 "$OUT/proxy.properties" "$OUT/coordinator.json" 2>/dev/null || true
  chmod 644 "$OUT"/*.env
  chmod 711 "$OUT"
  echo "[gen-secrets] wrote $OUT" >&2
fi
# the local image settings may appear later (docker/compose/stage.sh --offline): refresh them each time
sed -i '/^BATON_.*_IMAGE=/d' "$OUT/compose.env"
[[ -f $HERE/offline.env ]] && cat "$HERE/offline.env" >>"$OUT/compose.env"
exit 0
