#!/usr/bin/env bash
# CI check of the compose deployment, offline (base images built locally, nothing pulled):
#  1. stages the Maven artifacts, builds the local base images, generates secrets, brings the stack up with the
#     CI overlay (docker/compose/ci.yml: the test repository on a git server only the vault proxy reaches)
#  2. runs one ticket end to end with the scripted model, cloned and pushed through the proxy's git relay, and
#     checks the delivered branch on the git server
#  3. docker inspect of every container of the stack, no exception: memory/CPU/pids limits, read-only root, all
#     capabilities dropped and none added, no-new-privileges, a non-root user; PID 1 holds no capability
#  4. secrets: the provider key and the git credential only in the vault proxy, the token key only there and in
#     the coordinator (environments, command lines, /run/secrets of every process of every container)
#  5. segmentation, probed from inside the containers: agents reach only Kafka, Redis and the proxy (no other
#     agent, no coordinator, no git server, not the host, not the internet); the coordinator only Kafka and
#     Redis; only api-gateway publishes a port, on 127.0.0.1
#  6. Redis ACLs with each agent's own credentials: another role's keys, tickets, budgets, KEYS, FLUSHALL are
#     NOPERM; the default user is off
#  7. the engine guard, from agent-engineer: a privileged container, a host bind mount, a symlink out of the
#     workspace root, the socket, host network, an added capability, another image or user, exec as root are
#     refused, a malformed request is a 400; a sandbox-shaped create is accepted
#  8. Redis persistence: a key written before `restart redis` and the delivered ticket are there after it
#  9. three engineer replicas, once their consumer group has settled: six tickets whose keys fall on every partition,
#     all DELIVERED, worked on by all three replicas, six branches pushed
# 10. docker-compose down -v and the sandboxes and workspaces of this run removed (also on failure)
# Needs: ./mvnw -B -q -DskipTests package first, docker-compose 1.29+, debootstrap (docker/build-images.sh), root
# (it creates the workspace root owned by uid 10001). Bounded: every wait has a deadline.
# Environment: BATON_CI_PORT (coordinator port on 127.0.0.1, 18080), COMPOSE_PROJECT_NAME (batonci), BATON_TAG
#   (service image tag, dev), BATON_SANDBOX_ROOT (/var/lib/baton/ci-<project>/sandboxes, removed at the end),
#   BATON_CI_KEEP=1 leaves the stack up at the end, BATON_CI_REUSE=1 runs the checks against such a stack.
# Rewrites docker/compose/secrets (gen-secrets.sh --force).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export DOCKER_BUILDKIT=0 COMPOSE_PROJECT_NAME="${COMPOSE_PROJECT_NAME:-batonci}"
PORT="${BATON_CI_PORT:-18080}"
export BATON_COORDINATOR_PORT="$PORT"
CI_DIR="/var/lib/baton/ci-$COMPOSE_PROJECT_NAME"
export BATON_SANDBOX_ROOT="${BATON_SANDBOX_ROOT:-$CI_DIR/sandboxes}"
SECRETS=docker/compose/secrets
log() { printf '[compose-ci %3ds] %s\n' "$SECONDS" "$*" >&2; }
fail() { log "FAIL: $*"; exit 1; }
dc() { docker-compose --env-file "$SECRETS/compose.env" -f docker-compose.yml -f docker/compose/ci.yml "$@"; }
remove_sandboxes() {   # the sandbox containers whose workspace is under this run's root, then the root
  docker ps -aq --filter label=dev.baton.sandbox=true | while read -r c; do
    [[ "$(docker inspect -f '{{index .Config.Labels "dev.baton.workspace"}}' "$c" 2>/dev/null)" == "$BATON_SANDBOX_ROOT"/* ]] &&
      docker rm -f "$c" >/dev/null 2>&1
  done || true
  rm -rf "$BATON_SANDBOX_ROOT"
  rmdir "$CI_DIR" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  stop_listener
  [[ ${BATON_CI_KEEP:-} == 1 ]] && { log "BATON_CI_KEEP=1: leaving the stack up (docker-compose -p $COMPOSE_PROJECT_NAME down -v)"; exit $rc; }
  if [[ $rc -ne 0 ]]; then
    log "logs of the failed run (tail):"
    dc logs --tail=40 2>&1 | grep -v "Picked up" | tail -150 >&2 || true
  fi
  dc down -v --remove-orphans >/dev/null 2>&1 || true
  remove_sandboxes
  exit $rc
}
stop_listener() { [[ -z ${listener:-} ]] || kill "$listener" 2>/dev/null || true; }
command -v docker-compose >/dev/null || fail "docker-compose is not installed (apt-get install -y docker-compose)"

if [[ ${BATON_CI_REUSE:-} == 1 ]]; then   # re-run the checks against a stack left up by BATON_CI_KEEP=1
  trap cleanup EXIT
else
  log "staging artifacts and building local images"
  bash docker/compose/stage.sh --offline
  bash docker/compose/gen-secrets.sh --force   # fresh passwords and keys for each run
  # the git server's credential: the server and the proxy's secrets file, nothing else
  git_credential="ci:$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  printf 'GIT_SERVER_CREDENTIAL=%s\n' "$git_credential" >"$SECRETS/git-server.env"
  printf 'git_credential_demo=%s\n' "$git_credential" >>"$SECRETS/proxy.properties"
  dc down -v --remove-orphans >/dev/null 2>&1 || true
  remove_sandboxes
  # the engineer (uid 10001, no capability) creates the task workspaces here; the engine bind-mounts them
  install -d -o 10001 -g 10001 -m 0700 "$BATON_SANDBOX_ROOT"
  trap cleanup EXIT
  dc build service-image >/dev/null
  dc up -d >/dev/null 2>&1
fi

project_containers() { docker ps -q --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME"; }
ids() {   # ids SERVICE: the running containers of SERVICE (docker ps: much faster than docker-compose ps)
  docker ps -q --no-trunc --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME" \
    --filter "label=com.docker.compose.service=$1"
}
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

TOKEN="$(cat "$SECRETS/operator-token")"
API="http://127.0.0.1:$PORT/api"
submit() {   # submit ID: a ticket on the git server's repository, reached through the relay as "demo"
  curl -fsS -m 10 -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"id\":\"$1\",\"repo\":\"demo\",\"title\":\"compose ci $1\",\"description\":\"write notes\"}" \
    "$API/tickets" >/dev/null
}
state() { curl -fs -m 10 -H "Authorization: Bearer $TOKEN" "$API/tickets/$1" | sed -n 's/.*"state":"\([A-Z_]*\)".*/\1/p' | head -1; }
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
git_server() { docker exec "$(ids git-server)" git --git-dir /tmp/repos/demo.git "$@"; }
check_branch() {   # check_branch ID: baton/ID on the git server holds a commit for that ticket
  local body
  body="$(git_server log -1 --format=%B "refs/heads/baton/$1" 2>/dev/null)" || fail "no branch baton/$1 on the git server"
  [[ $body == *"Baton-Ticket: $1"* ]] || fail "baton/$1 on the git server does not hold the ticket's commit: $body"
}

run_id="$(date +%s)"
log "one ticket end to end, through the git relay"
submit "ci-$run_id-1"
await_delivered 240 "ci-$run_id-1"
check_branch "ci-$run_id-1"
log "ticket ci-$run_id-1 DELIVERED; branch baton/ci-$run_id-1 on the git server: $(git_server rev-parse --short "refs/heads/baton/ci-$run_id-1")"

log "docker inspect: limits, read-only root, capabilities, user of every container"
for c in $(project_containers); do
  name="$(docker inspect -f '{{.Name}}' "$c")"; name="${name#/}"
  read -r mem cpus pids ro caps add nnp user < <(docker inspect -f '{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}} {{.HostConfig.PidsLimit}} {{.HostConfig.ReadonlyRootfs}} {{json .HostConfig.CapDrop}} {{json .HostConfig.CapAdd}} {{json .HostConfig.SecurityOpt}} {{.Config.User}}' "$c")
  ((mem > 0 && cpus > 0 && pids > 0)) || fail "$name: limits memory=$mem nanocpus=$cpus pids=$pids"
  [[ $ro == true ]] || fail "$name: root filesystem is writable"
  [[ $caps == '["ALL"]' ]] || fail "$name: CapDrop=$caps, want [\"ALL\"]"
  [[ $add == null || $add == '[]' ]] || fail "$name: CapAdd=$add"
  [[ $nnp == *no-new-privileges* ]] || fail "$name: no no-new-privileges ($nnp)"
  [[ -n $user && ${user%%:*} != 0 && ${user%%:*} != root ]] || fail "$name: runs as '$user'"
  status="$(docker exec "$c" cat /proc/1/status)"
  uid="$(awk '/^Uid:/ {print $2}' <<<"$status")"
  [[ $uid != 0 ]] || fail "$name: PID 1 runs as root"
  for field in CapPrm CapEff CapBnd; do
    [[ "$(awk -v f="$field:" '$1 == f {print $2}' <<<"$status")" == 0000000000000000 ]] || fail "$name: PID 1 has $field $(grep "^$field" <<<"$status")"
  done
  [[ "$(awk '$1 == "NoNewPrivs:" {print $2}' <<<"$status")" == 1 ]] || fail "$name: PID 1 may gain privileges"
  if docker exec "$c" sh -c 'touch /opt/x 2>/dev/null || touch /x 2>/dev/null'; then fail "$name: could write its root filesystem"; fi
  log "  $name: mem=$mem nanocpus=$cpus pids=$pids read-only cap-drop=ALL caps=0 no-new-privileges uid=$uid"
done

log "secrets: only where they belong"
proxy_c="$(ids vault-proxy)"
provider_key="$(sed -n 's/^provider_key=//p' "$SECRETS/proxy.properties")"
token_key="$(sed -n 's/^token_key=//p' "$SECRETS/proxy.properties")"
git_secret="$(sed -n 's/^git_credential_demo=//p' "$SECRETS/proxy.properties")"
for c in $(project_containers); do
  svc="$(docker inspect -f '{{index .Config.Labels "com.docker.compose.service"}}' "$c")"
  # what a process of the container sees: every environment and command line, the secrets directory
  seen="$(docker inspect -f '{{json .Config.Env}} {{json .Mounts}}' "$c"; docker exec "$c" sh -c \
    'cat /proc/[0-9]*/environ /proc/[0-9]*/cmdline 2>/dev/null | tr "\0" "\n"; cat /run/secrets/* 2>/dev/null' || true)"
  [[ $svc == vault-proxy ]] || [[ $seen != *"$provider_key"* ]] || fail "$svc holds the provider key"
  [[ $svc == vault-proxy || $svc == git-server ]] || [[ $seen != *"${git_secret#*:}"* ]] || fail "$svc holds the git credential"
  [[ $svc == vault-proxy || $svc == coordinator ]] || [[ $seen != *"$token_key"* ]] || fail "$svc holds the token key"
done
[[ "$(docker exec "$proxy_c" cat /run/secrets/proxy.properties)" == *"$provider_key"* ]] || fail "control: the proxy does not hold the provider key"
log "  the provider key and the git credential only in vault-proxy (and the git server), the token key only there and in the coordinator"

log "segmentation, probed from inside the containers"
# a listener on every address of the host, to show which containers can reach the host's own services
host_port=$((20000 + RANDOM % 20000))
python3 -c 'import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", int(sys.argv[1]))); s.listen(64); time.sleep(900)' "$host_port" &
listener=$!
host_targets=()
for ip in $(hostname -I) $(docker network inspect -f '{{range .IPAM.Config}}{{.Gateway}} {{end}}' \
    $(docker network ls -q --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME")); do
  [[ $ip == *.* ]] && host_targets+=("$ip:$host_port")
done
svc_of() { docker inspect -f '{{index .Config.Labels "com.docker.compose.service"}}' "$1"; }
open_ports() {   # open_ports CONTAINER HOST:PORT…: the targets a TCP connection opens to within 3 s, probed in parallel
  docker exec "$1" bash -c 'for t in "$@"; do
      (timeout 3 bash -c "exec 3<>/dev/tcp/${t%:*}/${t##*:}" 2>/dev/null && echo "$t") &
    done; wait' _ "${@:2}"
}
addresses() {   # addresses SERVICE:PORT…: every address of every container of SERVICE, with PORT
  local target t ip
  for target in "$@"; do
    for t in $(ids "${target%:*}"); do
      for ip in $(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' "$t"); do
        echo "$ip:${target#*:}"
      done
    done
  done
}
reaches() {   # reaches CONTAINER HOST:PORT…
  local c="$1" open t; shift
  open="$(open_ports "$c" "$@")"
  for t in "$@"; do grep -qxF "$t" <<<"$open" || fail "$(svc_of "$c") cannot reach $t"; done
}
cut_off() {   # cut_off CONTAINER SERVICE:PORT…: no address of those services answers, nor the host, nor the internet
  local c="$1" open; shift
  open="$(open_ports "$c" $(addresses "$@") "${host_targets[@]}" 1.1.1.1:443 8.8.8.8:53)"
  [[ -z $open ]] || fail "$(svc_of "$c") reached $(tr '\n' ' ' <<<"$open")"
}
pm="$(ids agent-pm | head -1)"; rev="$(ids agent-reviewer | head -1)"; eng="$(ids agent-engineer | head -1)"
coord="$(ids coordinator)"; gw="$(ids api-gateway)"; proxy="$(ids vault-proxy)"
for agent in "$pm" "$rev" "$eng"; do
  reaches "$agent" kafka:9092 redis:6379 vault-proxy:8090
  cut_off "$agent" agent-pm:8081 agent-reviewer:8081 agent-engineer:8081 coordinator:8080 api-gateway:8080 \
    scripted-model:8000 git-server:8000 $([[ $agent == "$eng" ]] || echo engine-guard:2375)
  log "  $(svc_of "$agent"): Kafka, Redis, the proxy; no other agent, coordinator, model, git server, host, internet"
done
reaches "$eng" engine-guard:2375
reaches "$coord" kafka:9092 redis:6379
cut_off "$coord" vault-proxy:8090 agent-pm:8081 agent-engineer:8081 scripted-model:8000 engine-guard:2375 git-server:8000
log "  coordinator: Kafka and Redis; no proxy, agent, model, engine guard, git server, host, internet"
# api-gateway and vault-proxy sit on a bridge with a route out, and this host's network may accept any TCP
# connection: for them only the service's own answer counts (Redis PING, Kafka ApiVersions, Baton's /healthz)
speaks() {   # speaks CONTAINER HOST:PORT…: the targets whose real service answers, probed in parallel
  docker exec "$1" bash -c 'check() {
      exec 3<>"/dev/tcp/${1%:*}/${1##*:}" || return 1
      case ${1##*:} in
        6379) printf "PING\r\n" >&3; IFS= read -r -t 2 r <&3; [[ $r == -NOAUTH* || $r == +PONG* ]] ;;
        9092) printf "\0\0\0\014\0\022\0\0\0\0\0\001\0\002hc" >&3
              [[ $(head -c 10 <&3 | od -An -tx1 | tr -d " \n") == ????????000000010000 ]] ;;
        *) printf "GET /healthz HTTP/1.0\r\nHost: x\r\n\r\n" >&3; head -c 4000 <&3 | grep -qaE "\"status\"|engine-guard" ;;
      esac
    }
    for t in "$@"; do (timeout 3 bash -c "$(declare -f check); check $t" 2>/dev/null && echo "$t") & done; wait' _ "${@:2}"
}
[[ "$(speaks "$gw" coordinator:8080)" == coordinator:8080 ]] || fail "api-gateway cannot reach the coordinator"
open="$(speaks "$gw" $(addresses kafka:9092 redis:6379 vault-proxy:8090 agent-pm:8081 engine-guard:2375))"
[[ -z $open ]] || fail "api-gateway reaches $open"
log "  api-gateway: the coordinator's port, nothing else of the stack"
[[ "$(speaks "$proxy" kafka:9092 redis:6379 | sort | tr '\n' ' ')" == "kafka:9092 redis:6379 " ]] ||
  fail "vault-proxy cannot reach Kafka and Redis"
reaches "$proxy" git-server:8000 scripted-model:8000
open="$(speaks "$proxy" $(addresses coordinator:8080 engine-guard:2375 agent-pm:8081))"
[[ -z $open ]] || fail "vault-proxy reaches $open"
log "  vault-proxy: the git server, the model, Kafka, Redis; not the coordinator, the engine guard nor an agent"
published="$(for c in $(project_containers); do docker inspect -f '{{index .Config.Labels "com.docker.compose.service"}} {{range $p, $b := .NetworkSettings.Ports}}{{range $b}}{{.HostIp}}:{{.HostPort}} {{end}}{{end}}' "$c"; done | awk 'NF > 1')"
[[ $published == "api-gateway 127.0.0.1:$PORT " || $published == "api-gateway 127.0.0.1:$PORT" ]] ||
  fail "published ports other than api-gateway on 127.0.0.1:$PORT: $published"
log "  published: $published"

log "Redis ACLs, with each agent's own credentials"
redis_as() {   # redis_as CONTAINER COMMAND: AUTH as the container's own user (its BATON_REDIS_URI), then COMMAND
  docker exec "$1" bash -c 'u="${BATON_REDIS_URI#redis://}"; cred="${u%@*}"
    exec 3<>/dev/tcp/redis/6379 || exit 1
    printf "AUTH %s %s\r\n%s\r\n" "${cred%%:*}" "${cred#*:}" "$1" >&3
    IFS= read -r -t 3 auth <&3; IFS= read -r -t 3 reply <&3
    printf "%s %s\n" "$auth" "$reply" | tr -d "\r"' _ "$2"
}
for agent in "$pm" "$eng" "$rev"; do
  role="$(svc_of "$agent")"; role="${role#agent-}"
  out="$(redis_as "$agent" "SET baton:ticket:{ci-$run_id}:stage:$role/t/r0/a1 v")"
  [[ $out == "+OK +OK" ]] || fail "$role cannot write its own stage key: $out"
  other=pm; [[ $role == pm ]] && other=engineer
  set -f   # no glob expansion of "KEYS *"
  for cmd in "GET baton:ticket:{ci-$run_id}:stage:$other/t/r0/a1" "GET baton:ticket:{ci-$run_id-1}" \
             "SET baton:budget:{$role} x" "GET baton:revoked:all" "KEYS *" "FLUSHALL" "CONFIG GET *"; do
    out="$(redis_as "$agent" "$cmd")"
    [[ $out == "+OK -NOPERM"* ]] || fail "$role: '$cmd' answered '$out', want NOPERM"
  done
  set +f
  log "  $role: own stage key OK; another role's keys, tickets, budgets, revocations, KEYS, FLUSHALL, CONFIG: NOPERM"
done
out="$(docker exec "$pm" bash -c 'exec 3<>/dev/tcp/redis/6379; printf "PING\r\n" >&3; IFS= read -r -t 3 r <&3; echo "$r"')"
[[ $out == -NOAUTH* ]] || fail "the default user answers: $out"
out="$(docker exec "$pm" bash -c 'exec 3<>/dev/tcp/redis/6379; printf "AUTH default x\r\n" >&3; IFS= read -r -t 3 r <&3; echo "$r"')"
[[ $out == -WRONGPASS* ]] || fail "AUTH default answered: $out"
log "  no credentials: NOAUTH; the default user: ${out%$'\r'}"

log "engine guard, from inside agent-engineer"
guard_req() {   # guard_req METHOD PATH BODY: prints the answer's head and start
  docker exec -i "$eng" bash -c 'exec 3<>/dev/tcp/engine-guard/2375; body="$3"
    printf "%s %s HTTP/1.1\r\nHost: guard\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" "$1" "$2" "${#body}" "$body" >&3
    head -c 2000 <&3 | tr -d "\r"' _ "$@"
}
wsdir="$BATON_SANDBOX_ROOT/ci-probe-$run_id/workspace"
docker exec "$eng" bash -c "mkdir -p '$wsdir' && ln -sfn / '$BATON_SANDBOX_ROOT/ci-link-$run_id'"
good="\"Image\":\"${BATON_SANDBOX_IMAGE:-baton/sandbox:dev}\",\"User\":\"10002:10002\",\"Labels\":{\"dev.baton.sandbox\":\"true\",\"dev.baton.workspace\":\"$wsdir\"}"
hc='"NetworkMode":"none","ReadonlyRootfs":true,"CapDrop":["ALL"],"SecurityOpt":["no-new-privileges"],"Memory":67108864,"NanoCpus":100000000,"PidsLimit":16'
bind="\"Binds\":[\"$wsdir:/workspace\"]"
expect_refused() {   # expect_refused WHAT REASON METHOD PATH BODY
  local out; out="$(guard_req "$3" "$4" "$5")"
  [[ $out == "HTTP/1.1 403"* ]] || fail "guard let through $1: $(head -1 <<<"$out")"
  [[ $out == *"$2"* ]] || fail "guard refused $1 for another reason than '$2': $out"
  log "  refused $1: $(grep -o 'engine-guard: [^"]*' <<<"$out" | head -1)"
}
create=/v1.41/containers/create
expect_refused "a privileged container" "privileged mode is not allowed" POST $create "{$good,\"HostConfig\":{$hc,\"Privileged\":true,$bind}}"
expect_refused "a host bind mount" "not under the workspace root" POST $create "{$good,\"HostConfig\":{$hc,\"Binds\":[\"/:/workspace\"]}}"
expect_refused "a symlink out of the workspace root" "is a symlink" POST $create "{$good,\"HostConfig\":{$hc,\"Binds\":[\"$BATON_SANDBOX_ROOT/ci-link-$run_id:/workspace\"]}}"
expect_refused "the docker socket" "not under the workspace root" POST $create "{$good,\"HostConfig\":{$hc,\"Binds\":[\"/var/run/docker.sock:/workspace\"]}}"
expect_refused "host network" "NetworkMode must be none" POST $create "{$good,\"HostConfig\":{${hc/\"none\"/\"host\"},$bind}}"
expect_refused "an added capability" "added capabilities are not allowed" POST $create "{$good,\"HostConfig\":{$hc,\"CapAdd\":[\"SYS_ADMIN\"],$bind}}"
expect_refused "another image" "image must be" POST $create "{${good/baton\/sandbox:dev/baton\/service:dev},\"HostConfig\":{$hc,$bind}}"
expect_refused "a root user" "User must be 10002:10002" POST $create "{${good/10002:10002/0:0},\"HostConfig\":{$hc,$bind}}"
expect_refused "listing all containers" "needs the filter" GET /v1.41/containers/json ''
expect_refused "exec in the coordinator" "is not a Baton sandbox" POST "/v1.41/containers/$coord/exec" '{"Cmd":["id"],"User":"10001:10001"}'
[[ "$(guard_req POST $create '{"Image": ')" == "HTTP/1.1 400"* ]] || fail "guard did not answer 400 to a malformed body"
log "  answered 400 to a malformed body"
out="$(guard_req POST $create "{$good,\"HostConfig\":{$hc,$bind}}")"
[[ $out == "HTTP/1.1 201"* ]] || fail "guard refused a sandbox-shaped create: $out"
probe_id="$(grep -o '"Id":"[0-9a-f]*"' <<<"$out" | cut -d'"' -f4)"
expect_refused "exec as root in a sandbox" "exec User must be 10001:10001" POST "/v1.41/containers/$probe_id/exec" '{"Cmd":["id"],"User":"0"}'
[[ "$(guard_req DELETE "/v1.41/containers/$probe_id?force=1" '')" == "HTTP/1.1 204"* ]] || fail "guard did not remove its probe sandbox"
log "  accepted and removed a sandbox-shaped container (${probe_id:0:12})"

log "Redis persistence: restart Redis"
out="$(redis_as "$pm" "SET baton:ticket:{ci-$run_id}:stage:pm/persist/r0/a1 kept")"
[[ $out == "+OK +OK" ]] || fail "pm cannot write: $out"
sleep 2   # appendfsync everysec
dc restart redis >/dev/null 2>&1
wait_healthy 120
out="$(redis_as "$pm" "GET baton:ticket:{ci-$run_id}:stage:pm/persist/r0/a1")"
[[ $out == "+OK \$4" ]] || fail "the key written before the restart is gone: $out"
[[ "$(state "ci-$run_id-1")" == DELIVERED ]] || fail "ticket ci-$run_id-1 is no longer DELIVERED after the Redis restart"
log "  the key and the delivered ticket survived the restart (appendonly, fsync every second)"

log "scale-out: 3 engineer replicas, 6 tickets"
kafka_groups() {   # kafka_groups ARGS…: dev.baton.compose.KafkaGroups in a throwaway container on the control network
  docker run --rm --network "${COMPOSE_PROJECT_NAME}_control" --read-only --tmpfs /tmp --cap-drop ALL \
    --security-opt no-new-privileges -u 10001:10001 -e BATON_KAFKA_BOOTSTRAP=kafka:9092 \
    -e JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xmx64m -XX:-UsePerfData" "baton/service:${BATON_TAG:-dev}" \
    dev.baton.compose.KafkaGroups "$@" 2>/dev/null
}
dc up -d --no-recreate --scale agent-engineer=3 >/dev/null 2>&1
wait_healthy 240
# healthy means polling, not yet assigned: wait until the group has settled with a partition for each replica
deadline=$((SECONDS + 120))
until members="$(kafka_groups members baton-engineer)" && [[ ${members,,} == "state stable"* ]] &&
    (($(awk 'NR > 1 && NF == 2' <<<"$members" | wc -l) == 3)); do
  ((SECONDS < deadline)) || fail "the engineer group did not settle on 3 members with partitions: $members"
  sleep 3
done
partitions="$(awk 'NR > 1 {print $2}' <<<"$members" | tr ',' '\n' | sort -u | wc -l)"
log "  group baton-engineer: $(awk 'NR > 1 {printf "%s[%s] ", $1, $2}' <<<"$members")"
# ticket ids are the work orders' Kafka keys: draw six random ones that fall on every partition, so that every
# replica has work (similar ids can hash to one partition: then one replica would do all of it, by design)
for _ in $(seq 1 20); do
  tickets=()
  for _ in 1 2 3 4 5 6; do tickets+=("ci-$run_id-$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')"); done
  (($(kafka_groups partition "$partitions" "${tickets[@]}" | awk '{print $2}' | sort -u | wc -l) == partitions)) && break
done
for id in "${tickets[@]}"; do submit "$id"; done
await_delivered 600 "${tickets[@]}"
for id in "${tickets[@]}"; do check_branch "$id"; done
replicas=0; pattern="stage ($(IFS='|'; echo "${tickets[*]}"))/engineer/.* ended"
for c in $(ids agent-engineer); do
  n="$(docker logs "$c" 2>&1 | grep -cE "$pattern" || true)"
  log "  $(docker inspect -f '{{.Name}}' "$c"): $n engineer stages of the six tickets"
  ((n > 0)) && replicas=$((replicas + 1))
done
((replicas == 3)) || fail "the six tickets, on all $partitions partitions, were worked on by $replicas engineer replicas, not 3"
log "six tickets DELIVERED, worked on by all 3 engineer replicas; six branches on the git server"
log "OK"
