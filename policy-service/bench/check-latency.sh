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
# TARGETS (default "service echo-vertx echo-netty"; also "service-nowait" = wait-for-write=false,
# "service-before" = the app in BEFORE_APP, e.g. a copy of an older target/quarkus-app,
# "service-tuned" = the service with TUNED_JAVA_OPTS added, e.g. GC settings),
# SERVICE_APP (the app of the other service targets, default policy-service/target/quarkus-app; a copy lets a
# build run meanwhile),
# CLIENT (c = bench/check-load.c on libnghttp2, built here, default; java = CheckLoadClient),
# SERVICE_JAVA_OPTS / ECHO_JAVA_OPTS / CLIENT_JAVA_OPTS (JVM flags; SERVICE defaults to the image's JDK_JAVA_OPTIONS
# in src/main/docker/Dockerfile.jvm, i.e. the shipped GC and heap settings, set it empty for the JVM's defaults;
# ECHO defaults to SERVICE's),
# SERVER_CPUS / CLIENT_CPUS (taskset CPU lists, e.g. 0 and 1; default unpinned),
# NICE (e.g. -20: run servers and client in their own session, i.e. their own scheduler autogroup,
# with that autogroup nice value: with autogroups, plain nice has no effect against other sessions' load),
# RT_PRIORITY (e.g. 10: servers and client under SCHED_RR at that real-time priority, so other load on a
# shared machine cannot delay them; the kernel's RT throttling still leaves 5% of each CPU to the rest),
# DECISION_LOG (file = the services write their decision log to a file in WORK, default; pipe = to stdout, read
# by a separate process that appends it to that file, as a container runtime collects a pod's stdout),
# WORK (scratch dir, default a new temp dir).
# Everything listens on 127.0.0.1 only, on free ports. The C client needs gcc and libnghttp2-dev
# (Debian packages; installed with apt-get when missing and running as root).
set -euo pipefail

if [[ -n ${NICE:-} && -z ${CHECK_LATENCY_SESSION:-} ]]; then
    CHECK_LATENCY_SESSION=1 exec setsid --wait "$0" "$@"
fi
if [[ -n ${NICE:-} ]]; then
    echo "$NICE" >/proc/self/autogroup
fi

cd "$(dirname "$0")/../.."
source bench/lib/image-java-options.sh
RATES=${RATES:-"1000 5000 10000 20000"}
SECONDS_PER_RATE=${SECONDS_PER_RATE:-10}
WARMUP=${WARMUP:-5}
DECISION_LOG=${DECISION_LOG:-file}
[[ $DECISION_LOG == file || $DECISION_LOG == pipe ]] || { echo "DECISION_LOG must be file or pipe, got $DECISION_LOG" >&2; exit 2; }
TARGETS=${TARGETS:-"service echo-vertx echo-netty"}
WORK=${WORK:-$(mktemp -d /tmp/check-latency.XXXXXX)}
mkdir -p "$WORK"
JAR=${SERVICE_APP:-policy-service/target/quarkus-app}/quarkus-run.jar
CP="policy-service/target/test-classes:$(cat policy-service/target/cp.txt)"
[[ -f $JAR ]] || { echo "no $JAR: package policy-service first" >&2; exit 1; }
CLIENT=${CLIENT:-c}
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS-$(image_java_options . policy-service)}
ECHO_JAVA_OPTS=${ECHO_JAVA_OPTS-$SERVICE_JAVA_OPTS}

# on CPUS CMD...: execs CMD pinned to the CPU list (when set); call it in a
# subshell ("&" or parentheses), so the process id stays the one of CMD (CPU accounting, kill)
on() {
    local cpus=$1
    shift
    local prefix=()
    [[ -n $cpus ]] && prefix+=(taskset -c "$cpus")
    [[ -n ${RT_PRIORITY:-} ]] && prefix+=(chrt -r "$RT_PRIORITY")
    exec "${prefix[@]}" "$@"
}

if [[ $CLIENT == c ]]; then
    if ! command -v gcc >/dev/null || [[ ! -f /usr/include/nghttp2/nghttp2.h ]]; then
        [[ $(id -u) == 0 ]] || { echo "CLIENT=c needs gcc and libnghttp2-dev (apt-get install gcc libnghttp2-dev)" >&2; exit 1; }
        apt-get install -y -q gcc libnghttp2-dev >"$WORK/apt.log" 2>&1 \
            || { apt-get update -q >>"$WORK/apt.log" 2>&1 && apt-get install -y -q gcc libnghttp2-dev >>"$WORK/apt.log" 2>&1; } \
            || { echo "cannot install gcc libnghttp2-dev, see $WORK/apt.log" >&2; exit 1; }
    fi
    gcc -O2 -Wall -o "$WORK/check-load" policy-service/bench/check-load.c -lnghttp2
elif [[ $CLIENT != java ]]; then
    echo "CLIENT must be c or java, got $CLIENT" >&2
    exit 1
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
load1() { cut -d' ' -f1 /proc/loadavg; }

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

pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done' EXIT

# start_target NAME: starts it in the background, sets started_port and started_pid
start_target() {
    local name=$1 port http
    port=$(free_port)
    case $name in
        service | service-nowait | service-before | service-tuned)
            http=$(free_port)
            local wait=true jar=$JAR opts=${SERVICE_JAVA_OPTS:-}
            [[ $name == service-nowait ]] && wait=false
            [[ $name == service-tuned ]] && opts+=" ${TUNED_JAVA_OPTS:?service-tuned needs TUNED_JAVA_OPTS}"
            [[ $name == service-before ]] && jar=${BEFORE_APP:?service-before needs BEFORE_APP}/quarkus-run.jar
            mkdir -p "$WORK/$name"
            local log_opts=(-Dpolicy.decision-log.file="$WORK/$name/decisions.log" -Dpolicy.decision-log.stdout=false)
            [[ $DECISION_LOG == pipe ]] && log_opts=()
            # shellcheck disable=SC2086
            local command=(java $opts -Dpolicy.dir=policies -Dpolicy.watch=false "${log_opts[@]}"
                -Dpolicy.decision-log.wait-for-write=$wait $(grpc_props "$(dirname "$jar")" "$port")
                -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$http" -jar "$jar")
            if [[ $DECISION_LOG == pipe ]]; then
                on "${SERVER_CPUS:-}" "${command[@]}" 2>"$WORK/$name.err" > >(cat >"$WORK/$name.out") &
            else
                on "${SERVER_CPUS:-}" "${command[@]}" >"$WORK/$name.out" 2>&1 &
            fi
            ;;
        echo-vertx | echo-netty)
            # shellcheck disable=SC2086
            on "${SERVER_CPUS:-}" java $ECHO_JAVA_OPTS -cp "$CP" com.aibang.egress.policyservice.bench.EchoCheckServer "$port" "${name#echo-}" epoll \
                >"$WORK/$name.out" 2>&1 &
            ;;
        *) echo "unknown target $name" >&2; exit 1 ;;
    esac
    pids+=($!)
    started_port=$port
    started_pid=$!
}

client() {
    if [[ $CLIENT == c ]]; then
        (on "${CLIENT_CPUS:-}" "$WORK/check-load" "127.0.0.1:$1" "$2" "$3" "$4")
    else
        # shellcheck disable=SC2086
        (on "${CLIENT_CPUS:-}" java ${CLIENT_JAVA_OPTS:-} -cp "$CP" com.aibang.egress.policyservice.bench.CheckLoadClient \
            "127.0.0.1:$1" "$2" "$3" "$4" 1)
    fi
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

echo "client $CLIENT, servers on CPUs ${SERVER_CPUS:-any}, client on ${CLIENT_CPUS:-any}, autogroup nice ${NICE:-0} ($(cat /proc/self/autogroup)), SCHED_RR ${RT_PRIORITY:-no}; SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:-} TUNED_JAVA_OPTS=${TUNED_JAVA_OPTS:-} ECHO_JAVA_OPTS=$ECHO_JAVA_OPTS"
echo "| target | offered | load avg (1 min) | achieved | p50 | p99 | p99.9 | round trip p50 / p99 | client lag p99 | server CPU per check | client GC |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
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
        lag=$(sed -n 's/send lag ms (from due to sent): .* p99 \([0-9.]*\) .*p99.9.*/\1 ms/p' <<<"$out")
        # CPU ticks are 10 ms; the run sends rate * (warm-up + measured seconds) checks.
        cpu=$(awk -v d=$((after_cpu - before_cpu)) -v n=$((rate * (SECONDS_PER_RATE + WARMUP))) \
            'BEGIN { printf "%.0f us", d * 10000 / n }')
        echo "| $name | $rate/s | $before_load-$after_load | $achieved/s | $p50 ms | $p99 ms | $p999 ms | $rt50 / $rt99 ms | ${lag:--} | $cpu | $gc |"
    done
done
echo "(client output: $WORK/client.log)"
