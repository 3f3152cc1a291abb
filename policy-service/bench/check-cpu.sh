#!/usr/bin/env bash
# CPU, context switches and allocation per Check of one server, by thread group: starts it, warms it up, sends
# a fixed number of checks with the C load client and reads /proc/<pid>/task/*/schedstat (CPU ns) and
# *_ctxt_switches before and after; allocation = heap growth + what young GCs freed (-Xlog:gc).
# Per-thread CPU time is far less distorted by other load on a shared machine than latency.
#
#   policy-service/bench/check-cpu.sh APP [RATE=10000] [SECONDS=10]        # from the repository root
#
# APP: a quarkus-app directory (e.g. policy-service/target/quarkus-app or a copy of an older one), or
# echo-vertx / echo-netty (EchoCheckServer, needs test-classes and target/cp.txt, see check-latency.sh).
# Environment: WARM (warm-up seconds at 5,000/s, default 40: C2 is still busy after 20-30 s), JAVA_OPTS (default: the
# image's JDK_JAVA_OPTIONS from src/main/docker/Dockerfile.jvm; empty = the JVM's defaults),
# WAIT (policy.decision-log.wait-for-write, default true), WORK (scratch dir). Loopback only, free ports.
set -euo pipefail
APP=$1 RATE=${2:-10000} SECS=${3:-10}
cd "$(dirname "$0")/../.."
source bench/lib/image-java-options.sh
JAVA_OPTS=${JAVA_OPTS-$(image_java_options . policy-service)}
WORK=${WORK:-$(mktemp -d /tmp/check-cpu.XXXXXX)}
mkdir -p "$WORK"
LOAD=$WORK/check-load
gcc -O2 -Wall -o "$LOAD" policy-service/bench/check-load.c -lnghttp2
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port) http=$(free_port)
# The gRPC address properties of the app in $1 for port $2: policy.grpc.* from session 7 on (own grpc-java server);
# builds before it (e.g. a BEFORE_APP copy) know only the Quarkus gRPC server's quarkus.grpc.server.*, and refuse
# unknown policy.* properties.
grpc_props() {
    if unzip -l "$1"/app/*.jar 2>/dev/null | grep 'grpc/PolicyGrpcServer.class' >/dev/null; then
        echo "-Dpolicy.grpc.host=127.0.0.1 -Dpolicy.grpc.port=$2"
    else
        echo "-Dquarkus.grpc.server.host=127.0.0.1 -Dquarkus.grpc.server.port=$2"
    fi
}
# shellcheck disable=SC2086
if [[ $APP == echo-* ]]; then
    java ${JAVA_OPTS:-} -Xlog:gc:file="$WORK/gc.log" -cp "policy-service/target/test-classes:$(cat policy-service/target/cp.txt)" \
        com.aibang.egress.policyservice.bench.EchoCheckServer "$port" "${APP#echo-}" epoll >"$WORK/server.out" 2>&1 &
else
    java ${JAVA_OPTS:-} -Xlog:gc:file="$WORK/gc.log" -Dpolicy.dir=policies -Dpolicy.watch=false \
        -Dpolicy.decision-log.file="$WORK/decisions.log" -Dpolicy.decision-log.stdout=false \
        -Dpolicy.decision-log.wait-for-write="${WAIT:-true}" $(grpc_props "$APP" "$port") \
        -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$http" \
        -jar "$APP/quarkus-run.jar" >"$WORK/server.out" 2>&1 &
fi
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 60); do "$LOAD" "127.0.0.1:$port" 10 1 0 >/dev/null 2>&1 && break; sleep 1; done
"$LOAD" "127.0.0.1:$port" 5000 "${WARM:-40}" 0 >/dev/null

# one line per thread: id, name, CPU ns, context switches
threads() {
    for task in /proc/$pid/task/*; do
        echo "${task##*/} $(tr ' ' _ <"$task/comm") $(cut -d' ' -f1 "$task/schedstat") \
            $(awk '/^voluntary_ctxt/ { v = $2 } /^nonvoluntary_ctxt/ { n = $2 } END { print v + n }' "$task/status")"
    done | sort
}
heap_kb() { jcmd "$pid" GC.heap_info | awk '/total/ { for (i = 1; i <= NF; i++) if ($i == "used") { sub(/K/, "", $(i + 1)); print $(i + 1); exit } }'; }
heap_before=$(heap_kb) gc_lines=$(wc -l <"$WORK/gc.log")
threads >"$WORK/before"
"$LOAD" "127.0.0.1:$port" "$RATE" "$SECS" 0 >"$WORK/client.out"
threads >"$WORK/after"
heap_after=$(heap_kb)
checks=$((RATE * SECS))
echo "$APP: $checks checks at $RATE/s, load average $(cut -d' ' -f1-3 /proc/loadavg), $(grep -o 'p99 [0-9.]*' "$WORK/client.out" | head -1) ms"
# thread groups: names without trailing numbers, except event loops (one serves the connection)
join "$WORK/before" "$WORK/after" | awk -v n="$checks" '{
        group = $2; if (group !~ /eventloo/) { sub(/[-#_]*[0-9]+$/, "", group) }
        cpu[group] += $6 - $3; cs[group] += $7 - $4; total += $6 - $3; switches += $7 - $4 }
    END { for (g in cpu) if (cpu[g] / n > 300) printf "  %-24s %6.1f us CPU %6.3f switches per check\n", g, cpu[g] / n / 1000, cs[g] / n
          printf "  %-24s %6.1f us CPU %6.3f switches per check\n", "(all threads)", total / n / 1000, switches / n }' | sort -k2 -n -r
freed_mb=$(awk -v from="$gc_lines" 'NR > from && /Pause Young/' "$WORK/gc.log" | sed -n 's/.* \([0-9]*\)M->\([0-9]*\)M.*/\1 \2/p' \
    | awk '{ s += $1 - $2 } END { print s + 0 }')
awk -v a="$heap_before" -v b="$heap_after" -v g="$freed_mb" -v n="$checks" \
    'BEGIN { printf "  allocation %.1f KB per check (young GCs freed %d MB)\n", ((b - a) / 1024 + g) * 1024 / n, g }'
