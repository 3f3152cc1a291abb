#!/usr/bin/env bash
# Starts the whole chain on this machine with embedded defaults:
#   policy-service (gRPC 127.0.0.1:9191) <- egress-proxy (tier 2, 127.0.0.1:3129, connects directly)
#                                         <- edge-proxy   (tier 1, 127.0.0.1:3128, parent = local egress)
# using the sample policies in policies/ plus the local-development allowlist in dev/policies/.
# Ctrl-C stops all three. Every port can be changed through the environment (see below).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")" && pwd)"
cd "$ROOT"

EDGE_PORT="${EDGE_PORT:-3128}"
EGRESS_PORT="${EGRESS_PORT:-3129}"
POLICY_GRPC_PORT="${POLICY_GRPC_PORT:-9191}"
POLICY_HTTP_PORT="${POLICY_HTTP_PORT:-8181}"
EDGE_HTTP_PORT="${EDGE_HTTP_PORT:-8281}"
EGRESS_HTTP_PORT="${EGRESS_HTTP_PORT:-8282}"
RUN_DIR="${RUN_DIR:-$ROOT/.run}"
# Freshly started JVMs answer their first checks slowly; production keeps the 500ms default.
POLICY_DEADLINE="${POLICY_DEADLINE:-3s}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# The proxies enlarge their splice pipes through the foreign linker when the JVM allows it.
read -r -a JAVA_NATIVE_FLAGS <<<"$("$ROOT/k8s/gce/java-native-flags.sh" "$JAVA")"

apps=(policy-service egress-proxy edge-proxy)
need_build=0
for app in "${apps[@]}"; do
  [[ -f "$app/target/quarkus-app/quarkus-run.jar" ]] || need_build=1
done
if [[ "${1:-}" == "--build" || $need_build == 1 ]]; then
  echo "run-local: building the apps (./mvnw -B -q package -DskipTests) ..."
  ./mvnw -B -q package -DskipTests -pl policy-service,egress-proxy,edge-proxy -am
fi

mkdir -p "$RUN_DIR"
pids=()
stopped=0
stop_all() {
  [[ $stopped == 1 ]] && return
  stopped=1
  # Whoever stops us may have closed our output already (a closed terminal or pipe; Java's Process.destroy()
  # closes it right after SIGTERM): a failed message must not end the script before the services are stopped.
  trap '' PIPE
  set +e
  echo
  echo "run-local: stopping ..."
  # Reverse start order, each one gone before the next: the proxies send their last decision-reuse
  # reports to the policy-service as they stop, so it must still be listening.
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
  echo "run-local: stopped."
}
trap 'stop_all; exit 0' INT TERM
trap stop_all EXIT

wait_for_port() { # name port pid
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; then return 0; fi
    if ! kill -0 "$3" 2>/dev/null; then
      echo "run-local: $1 exited during startup; last lines of $RUN_DIR/$1.log:" >&2
      tail -n 30 "$RUN_DIR/$1.log" >&2
      exit 1
    fi
    sleep 0.2
  done
  echo "run-local: $1 did not open port $2 in 60s (see $RUN_DIR/$1.log)" >&2
  exit 1
}

start() { # app readiness-port -Dprops...
  local app="$1" port="$2"
  shift 2
  "$JAVA" "${JAVA_NATIVE_FLAGS[@]}" "$@" -jar "$app/target/quarkus-app/quarkus-run.jar" >"$RUN_DIR/$app.log" 2>&1 &
  pids+=($!)
  wait_for_port "$app" "$port" "$!"
  echo "run-local: $app is up (log: $RUN_DIR/$app.log)"
}

start policy-service "$POLICY_GRPC_PORT" \
  -Dpolicy.dir="$ROOT/policies,$ROOT/dev/policies" \
  -Dpolicy.decision-log.file="$RUN_DIR/decisions.log" \
  -Dpolicy.grpc.host=127.0.0.1 -Dpolicy.grpc.port="$POLICY_GRPC_PORT" \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$POLICY_HTTP_PORT"

start egress-proxy "$EGRESS_PORT" \
  -Degress.listen.host=127.0.0.1 -Degress.listen.port="$EGRESS_PORT" \
  -Degress.policy.deadline="$POLICY_DEADLINE" \
  -Degress.allowed-source-cidrs=127.0.0.0/8,::1/128 \
  -Dquarkus.grpc.clients.policy.host=127.0.0.1 -Dquarkus.grpc.clients.policy.port="$POLICY_GRPC_PORT" \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$EGRESS_HTTP_PORT"

start edge-proxy "$EDGE_PORT" \
  -Dedge.listen.host=127.0.0.1 -Dedge.listen.port="$EDGE_PORT" \
  -Dedge.parent.host=127.0.0.1 -Dedge.parent.port="$EGRESS_PORT" \
  -Dedge.shutdown.drain-timeout=2s -Dedge.policy.deadline="$POLICY_DEADLINE" \
  -Dedge.identities.\"127.0.0.1/32\".namespace=local-dev \
  -Dedge.identities.\"127.0.0.1/32\".service-account=developer \
  -Dquarkus.grpc.clients.policy.host=127.0.0.1 -Dquarkus.grpc.clients.policy.port="$POLICY_GRPC_PORT" \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$EDGE_HTTP_PORT"

cat <<MSG

The chain is running. Point a client at the edge proxy (tier 1):

  export HTTP_PROXY=http://127.0.0.1:$EDGE_PORT HTTPS_PROXY=http://127.0.0.1:$EDGE_PORT NO_PROXY=
  python3 -m http.server 8000 --bind 127.0.0.1 &      # any local upstream
  curl -x http://127.0.0.1:$EDGE_PORT http://localhost:8000/   # allowed for namespace local-dev
  curl -x http://127.0.0.1:$EDGE_PORT https://example.com/     # 403: not in the allowlist

Decisions: $RUN_DIR/decisions.log   Logs: $RUN_DIR/*.log   Stop: Ctrl-C
MSG
wait -n "${pids[@]}" || true
echo "run-local: a service stopped unexpectedly; see $RUN_DIR/*.log" >&2
exit 1
