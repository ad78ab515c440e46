#!/usr/bin/env bash
# CI check of the compose deployment, offline (base images built locally, nothing pulled):
#  1. stages the Maven artifacts, builds the local base images, generates secrets, brings the stack up
#  2. runs one ticket end to end with the scripted model (coordinator API on 127.0.0.1, operator token)
#  3. docker inspect: every Baton container has memory/CPU/pids limits, read-only root, all capabilities
#     dropped (the engineer: only CHOWN, DAC_OVERRIDE, FOWNER added), no-new-privileges, a non-root user
#     (the engineer: root, see docker-compose.yml)
#  4. from inside agent containers: other agents' ports, the internet and another role's Redis keys are
#     unreachable; through the engine guard a privileged container and a host bind mount are refused
#  5. scales agent-engineer to 3: six tickets, all DELIVERED, done by more than one replica
#  6. docker-compose down -v (also on failure)
# Needs: ./mvnw -B -q -DskipTests package first, docker-compose 1.29+, debootstrap (docker/build-images.sh).
# Bounded: every wait has a deadline. Uses loopback and the project's own networks only.
# Environment: BATON_CI_PORT (coordinator port on 127.0.0.1, 18080), COMPOSE_PROJECT_NAME (batonci),
#   BATON_CI_KEEP=1 leaves the stack up at the end, BATON_CI_REUSE=1 runs the checks against such a stack.
# Rewrites docker/compose/secrets (gen-secrets.sh --force).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export DOCKER_BUILDKIT=0 COMPOSE_PROJECT_NAME="${COMPOSE_PROJECT_NAME:-batonci}"
PORT="${BATON_CI_PORT:-18080}"
export BATON_COORDINATOR_PORT="$PORT"
log() { printf '[compose-ci] %s\n' "$*" >&2; }
fail() { log "FAIL: $*"; exit 1; }
ENVF=docker/compose/secrets/compose.env
dc() { docker-compose --env-file "$ENVF" -f docker-compose.yml -f docker/compose/ci.yml "$@"; }
cleanup() {
  local rc=$?
  [[ ${BATON_CI_KEEP:-} == 1 ]] && { log "BATON_CI_KEEP=1: leaving the stack up (docker-compose -p $COMPOSE_PROJECT_NAME down -v)"; exit $rc; }
  if [[ $rc -ne 0 ]]; then
    log "logs of the failed run (tail):"
    dc logs --tail=40 2>&1 | grep -v "Picked up" | tail -150 >&2 || true
  fi
  dc down -v --remove-orphans >/dev/null 2>&1 || true
  docker ps -aq --filter label=dev.baton.sandbox=true | xargs -r docker rm -f >/dev/null 2>&1 || true
  exit $rc
}
command -v docker-compose >/dev/null || fail "docker-compose is not installed (apt-get install -y docker-compose)"

if [[ ${BATON_CI_REUSE:-} == 1 ]]; then   # re-run the checks against a stack left up by BATON_CI_KEEP=1
  trap cleanup EXIT
else
log "staging artifacts and building local images"
bash docker/compose/stage.sh --offline
bash docker/compose/gen-secrets.sh --force   # fresh passwords and keys for each run
mkdir -p "${BATON_SANDBOX_ROOT:-/var/lib/baton/sandboxes}"
[[ ${BATON_CI_KEEP:-} == 1 ]] || dc down -v --remove-orphans >/dev/null 2>&1 || true
trap cleanup EXIT
dc build service-image >/dev/null
dc up -d >/dev/null 2>&1
fi

wait_healthy() {   # wait_healthy SECONDS: every running container of the project healthy
  local deadline=$((SECONDS + $1)) bad
  while ((SECONDS < deadline)); do
    bad="$(docker ps --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME" --format '{{.Names}} {{.Status}}' | grep -v '(healthy)' || true)"
    [[ -z $bad ]] && return 0
    sleep 3
  done
  fail "not healthy after $1 s: $bad"
}
wait_healthy 300
log "stack healthy"

# fixture repository on the repos volume, owned by the agents' uid
docker run --rm --network none -u 0:0 -v "${COMPOSE_PROJECT_NAME}_repos:/srv/repos" -e HOME=/tmp \
  --entrypoint bash baton/service:dev -c '
    set -e; rm -rf /srv/repos/demo.git; git init -q --bare --shared=world -b main /srv/repos/demo.git
    git clone -q /srv/repos/demo.git /tmp/w 2>/dev/null; cd /tmp/w
    printf "# demo\n" >README.md; git add README.md
    git -c user.name=ci -c user.email=ci@baton commit -qm init; git push -q origin HEAD:main
    printf "[safe]\n\tdirectory = *\n" >/srv/repos/gitconfig; chmod -R a+rX /srv/repos   # root-owned: the engineer (root) pushes, pm/reviewer (10001) read with safe.directory'

TOKEN="$(cat docker/compose/secrets/operator-token)"
API="http://127.0.0.1:$PORT/api"
submit() {   # submit ID
  curl -fsS -m 10 -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"id\":\"$1\",\"repo\":\"/srv/repos/demo.git\",\"title\":\"compose ci $1\",\"description\":\"write notes\"}" \
    "$API/tickets" >/dev/null
}
state() { curl -fsS -m 10 -H "Authorization: Bearer $TOKEN" "$API/tickets/$1" | sed -n 's/.*"state":"\([A-Z_]*\)".*/\1/p' | head -1; }
await_delivered() {   # await_delivered SECONDS ID…
  local deadline=$((SECONDS + $1)); shift
  local pending=("$@") next s
  while ((${#pending[@]} > 0)); do
    ((SECONDS < deadline)) || fail "not DELIVERED in time: ${pending[*]} (last state: $(state "${pending[0]}"))"
    next=()
    for id in "${pending[@]}"; do
      s="$(state "$id" || true)"
      case "$s" in
        DELIVERED) ;;
        FAILED|CANCELLED|BLOCKED_BUDGET|HALTED) fail "ticket $id ended $s" ;;
        *) next+=("$id") ;;
      esac
    done
    pending=("${next[@]+"${next[@]}"}")
    ((${#pending[@]} == 0)) || sleep 3
  done
}

run_id="$(date +%s)"
log "one ticket end to end"
submit "ci-$run_id-1"
await_delivered 240 "ci-$run_id-1"
log "ticket ci-$run_id-1 DELIVERED"

log "docker inspect: limits, read-only root, capabilities, user"
for svc in vault-proxy coordinator agent-pm agent-engineer agent-reviewer engine-guard scripted-model; do
  for c in $(dc ps -q "$svc"); do
    read -r mem cpus pids ro caps add nnp user < <(docker inspect -f '{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}} {{.HostConfig.PidsLimit}} {{.HostConfig.ReadonlyRootfs}} {{json .HostConfig.CapDrop}} {{json .HostConfig.CapAdd}} {{json .HostConfig.SecurityOpt}} {{.Config.User}}' "$c")
    ((mem > 0 && cpus > 0 && pids > 0)) || fail "$svc: limits memory=$mem nanocpus=$cpus pids=$pids"
    [[ $ro == true ]] || fail "$svc: root filesystem is writable"
    [[ $caps == '["ALL"]' ]] || fail "$svc: CapDrop=$caps, want ALL"
    [[ $nnp == *no-new-privileges* ]] || fail "$svc: no no-new-privileges ($nnp)"
    if [[ $svc == agent-engineer ]]; then
      [[ $add == '["CHOWN","DAC_OVERRIDE","FOWNER"]' ]] || fail "$svc: CapAdd=$add"
    else
      [[ $add == null ]] || fail "$svc: CapAdd=$add"
      [[ -n $user && ${user%%:*} != 0 && ${user%%:*} != root ]] || fail "$svc: runs as '$user'"
    fi
    [[ "$(docker exec "$c" id -u)" == "${user%%:*}" ]] || fail "$svc: process uid differs from $user"
    docker exec "$c" sh -c 'touch /opt/x 2>/dev/null' && fail "$svc: could write /opt"
    log "  $svc (${c:0:12}): mem=$mem nanocpus=$cpus pids=$pids read-only cap-drop=ALL cap-add=$add user=$user"
  done
done

log "segmentation from inside agent-pm"
pm="$(dc ps -q agent-pm | head -1)"
probe() {   # probe CONTAINER HOST PORT: 0 if a TCP connection opens within 3 s
  docker exec "$1" timeout 4 bash -c "exec 3<>/dev/tcp/$2/$3" >/dev/null 2>&1
}
probe "$pm" vault-proxy 8090 || fail "agent-pm cannot reach the vault proxy"
probe "$pm" kafka 9092 || fail "agent-pm cannot reach Kafka"
for target in agent-engineer:8081 agent-reviewer:8081 scripted-model:8000 engine-guard:2375 1.1.1.1:443 8.8.8.8:53; do
  probe "$pm" "${target%:*}" "${target#*:}" && fail "agent-pm reached $target"
  log "  agent-pm cannot reach $target"
done
eng="$(dc ps -q agent-engineer | head -1)"
probe "$eng" 1.1.1.1 443 && fail "agent-engineer reached the internet"
probe "$eng" scripted-model 8000 && fail "agent-engineer reached the model directly"
log "  agent-engineer cannot reach the internet nor the model"

log "Redis ACL: the pm user cannot touch another role's keys"
pm_uri="$(sed -n 's/^BATON_REDIS_URI=//p' docker/compose/secrets/pm.env)"
pm_pass="${pm_uri#redis://pm:}"; pm_pass="${pm_pass%@*}"
rc() { docker exec "$(dc ps -q redis)" redis-cli --no-auth-warning --user "$1" --pass "$2" "${@:3}" 2>&1; }
[[ "$(rc pm "$pm_pass" SET 'baton:ticket:{x}:stage:pm/t/r0/a1' v)" == OK ]] || fail "pm cannot write its own stage key"
for cmd in "GET baton:ticket:{ci-$run_id-1}" "GET baton:ticket:{x}:stage:engineer/t/r0/a1" "SET baton:budget:{pm} x" \
           "GET baton:revoked:all" "KEYS *" "FLUSHALL"; do
  set -f; out="$(rc pm "$pm_pass" $cmd)"; set +f   # no glob expansion of "KEYS *"
  [[ $out == *NOPERM* ]] || fail "pm: '$cmd' answered '$out', want NOPERM"
  log "  pm: $cmd -> NOPERM"
done
[[ "$(rc default '' PING)" == *PONG* ]] && fail "the default user is enabled"

log "engine guard: refusals seen from agent-engineer"
guard_req() {   # guard_req METHOD PATH BODY: prints the status line
  docker exec -i "$eng" bash -c 'exec 3<>/dev/tcp/engine-guard/2375; body="$3"
    printf "%s %s HTTP/1.1\r\nHost: guard\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" "$1" "$2" "${#body}" "$body" >&3
    head -c 600 <&3 | tr -d "\r"' _ "$@"
}
good='"Image":"baton/sandbox:dev","User":"10002:10002","Labels":{"dev.baton.sandbox":"true"}'
hc='"NetworkMode":"none","ReadonlyRootfs":true,"CapDrop":["ALL"],"SecurityOpt":["no-new-privileges"],"Memory":67108864,"NanoCpus":100000000,"PidsLimit":16'
ws="${BATON_SANDBOX_ROOT:-/var/lib/baton/sandboxes}/ci-probe/workspace:/workspace"
expect_refused() {   # expect_refused WHAT BODY
  local out; out="$(guard_req POST /v1.41/containers/create "$2")"
  [[ $out == "HTTP/1.1 403"* ]] || fail "guard let through $1: $(head -1 <<<"$out")"
  log "  refused $1: $(grep -o 'engine-guard: [^"]*' <<<"$out" | head -1)"
}
expect_refused "a privileged container" "{$good,\"HostConfig\":{$hc,\"Privileged\":true,\"Binds\":[\"$ws\"]}}"
expect_refused "a host bind mount" "{$good,\"HostConfig\":{$hc,\"Binds\":[\"/:/workspace\"]}}"
expect_refused "the docker socket" "{$good,\"HostConfig\":{$hc,\"Binds\":[\"/var/run/docker.sock:/workspace\"]}}"
expect_refused "host network" "{$good,\"HostConfig\":{${hc/\"none\"/\"host\"},\"Binds\":[\"$ws\"]}}"
expect_refused "an added capability" "{$good,\"HostConfig\":{$hc,\"CapAdd\":[\"SYS_ADMIN\"],\"Binds\":[\"$ws\"]}}"
expect_refused "another image" "{\"Image\":\"baton/service:dev\",\"User\":\"10002\",\"Labels\":{\"dev.baton.sandbox\":\"true\"},\"HostConfig\":{$hc,\"Binds\":[\"$ws\"]}}"
out="$(guard_req GET /v1.41/containers/json '')"
[[ $out == "HTTP/1.1 403"* ]] || fail "guard lists containers without the sandbox label filter"
cid="$(dc ps -q coordinator | head -1)"
out="$(guard_req POST "/v1.41/containers/$cid/exec" '{"Cmd":["id"]}')"
[[ $out == "HTTP/1.1 403"* ]] || fail "guard allowed exec in the coordinator"
log "  refused listing all containers and exec into a non-sandbox container"

log "scale-out: 3 engineer replicas, 6 tickets"
dc up -d --no-recreate --scale agent-engineer=3 >/dev/null 2>&1
wait_healthy 240
ids=()
for i in 1 2 3 4 5 6; do ids+=("ci-$run_id-s$i"); submit "ci-$run_id-s$i"; done
await_delivered 600 "${ids[@]}"
replicas=0
for c in $(dc ps -q agent-engineer); do
  n="$(docker logs "$c" 2>&1 | grep -c "ci-$run_id-s" || true)"
  log "  $(docker inspect -f '{{.Name}}' "$c"): $n log lines about the six tickets"
  ((n > 0)) && replicas=$((replicas + 1))
done
((replicas > 1)) || fail "the six tickets were all handled by one engineer replica"
log "six tickets DELIVERED across $replicas engineer replicas"
log "OK"
