#!/usr/bin/env bash
# Check latency of the packaged policy-service next to a constant-answer gRPC baseline, measured by
# the same load client in the same run, one markdown row per target and offered rate.
#
#   ./mvnw -B -q -f policy-service/pom.xml package -DskipTests
#   ./mvnw -B -q -f policy-service/pom.xml test-compile dependency:build-classpath \
#       -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
#   policy-service/bench/check-latency.sh                      # from the repository root
#
# Environment: RATES (default "1000 5000 10000 20000"), SECONDS_PER_RATE (10), WARMUP (5, per run),
# TARGETS (default "service echo-vertx echo-netty"; also "service-nowait" = wait-for-write=false),
# SERVICE_JAVA_OPTS / CLIENT_JAVA_OPTS (JVM flags), WORK (scratch dir, default a new temp dir).
# Everything listens on 127.0.0.1 only, on free ports.
set -euo pipefail

cd "$(dirname "$0")/../.."
RATES=${RATES:-"1000 5000 10000 20000"}
SECONDS_PER_RATE=${SECONDS_PER_RATE:-10}
WARMUP=${WARMUP:-5}
TARGETS=${TARGETS:-"service echo-vertx echo-netty"}
WORK=${WORK:-$(mktemp -d /tmp/check-latency.XXXXXX)}
mkdir -p "$WORK"
JAR=policy-service/target/quarkus-app/quarkus-run.jar
CP="policy-service/target/test-classes:$(cat policy-service/target/cp.txt)"
[[ -f $JAR ]] || { echo "no $JAR: package policy-service first" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
load1() { cut -d' ' -f1 /proc/loadavg; }

pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done' EXIT

# start_target NAME: starts it in the background, sets started_port and started_pid
start_target() {
    local name=$1 port http
    port=$(free_port)
    case $name in
        service | service-nowait)
            http=$(free_port)
            local wait=true
            [[ $name == service-nowait ]] && wait=false
            # shellcheck disable=SC2086
            java ${SERVICE_JAVA_OPTS:-} -Dpolicy.dir=policies -Dpolicy.watch=false \
                -Dpolicy.decision-log.file="$WORK/$name/decisions.log" -Dpolicy.decision-log.stdout=false \
                -Dpolicy.decision-log.wait-for-write=$wait \
                -Dquarkus.grpc.server.host=127.0.0.1 -Dquarkus.grpc.server.port="$port" \
                -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$http" \
                -jar "$JAR" >"$WORK/$name.out" 2>&1 &
            ;;
        echo-vertx | echo-netty)
            java -cp "$CP" com.aibang.egress.policyservice.bench.EchoCheckServer "$port" "${name#echo-}" epoll \
                >"$WORK/$name.out" 2>&1 &
            ;;
        *) echo "unknown target $name" >&2; exit 1 ;;
    esac
    pids+=($!)
    started_port=$port
    started_pid=$!
}

client() {
    # shellcheck disable=SC2086
    java ${CLIENT_JAVA_OPTS:-} -cp "$CP" com.aibang.egress.policyservice.bench.CheckLoadClient "127.0.0.1:$1" "$2" "$3" "$4" 1
}

declare -A port_of pid_of
for name in $TARGETS; do
    start_target "$name"
    port_of[$name]=$started_port
    pid_of[$name]=$started_pid
done
for name in $TARGETS; do
    for _ in $(seq 60); do
        client "${port_of[$name]}" 10 1 0 >/dev/null 2>&1 && break
        sleep 1
    done
    client "${port_of[$name]}" 5000 15 0 >/dev/null # JIT warm-up, not reported
done

echo "| target | offered | load avg (1 min) | achieved | p50 | p99 | p99.9 | round trip p50 / p99 | server CPU per check | client GC |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for rate in $RATES; do
    for name in $TARGETS; do
        before_load=$(load1)
        before_cpu=$(cpu_ticks "${pid_of[$name]}")
        out=$(client "${port_of[$name]}" "$rate" "$SECONDS_PER_RATE" "$WARMUP")
        after_cpu=$(cpu_ticks "${pid_of[$name]}")
        after_load=$(load1)
        echo "$out" >>"$WORK/client.log"
        achieved=$(sed -n 's/.*= \([0-9]*\) checks\/s.*/\1/p' <<<"$out")
        gc=$(sed -n 's/.*client GC \([0-9]*\) ms.*/\1 ms/p' <<<"$out")
        read -r p50 p99 p999 < <(sed -n 's/latency ms (from due): p50 \([0-9.]*\) .* p99 \([0-9.]*\) .* p99.9 \([0-9.]*\) .*/\1 \2 \3/p' <<<"$out")
        read -r rt50 rt99 < <(sed -n 's/round trip ms (from sent): p50 \([0-9.]*\) .* p99 \([0-9.]*\) .*p99.9.*/\1 \2/p' <<<"$out")
        # CPU ticks are 10 ms; the run sends rate * (warm-up + measured seconds) checks.
        cpu=$(awk -v d=$((after_cpu - before_cpu)) -v n=$((rate * (SECONDS_PER_RATE + WARMUP))) \
            'BEGIN { printf "%.0f us", d * 10000 / n }')
        echo "| $name | $rate/s | $before_load-$after_load | $achieved/s | $p50 ms | $p99 ms | $p999 ms | $rt50 / $rt99 ms | $cpu | $gc |"
    done
done
echo "(client output: $WORK/client.log)"
