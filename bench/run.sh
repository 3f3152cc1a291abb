#!/usr/bin/env bash
# Side-by-side benchmark, in one run on this machine, loopback only, bounded in time (~8-9 min):
#   direct (client -> nginx origin), the two-tier Squid chain, and our two-tier chain
#   (edge-proxy -> egress-proxy, policy-service) twice: "ours" (the policy checked at both tiers for
#   every request and tunnel) and "ours-reuse" (a second instance with decision reuse on for
#   REUSE_SECONDS, by default the shipped policy's value; REUSE_SECONDS=0 leaves it out).
# Prints a Markdown table with ratios and writes it to bench/results/<timestamp>.md and latest.md.
# Knobs (environment): see KNOBS below and bench/README.md.
set -euo pipefail

KNOBS=(DURATION WRK_THREADS WRK_CONNECTIONS CLOSE_CONNECTIONS TUNNEL_COUNT TUNNEL_CONCURRENCY TUNNEL_SECONDS
  KEEPALIVE_RUNS BULK_MB BULK_RUNS BULK_MAX_SECONDS HOST_STALL_FACTOR WARMUP_ROUND_SECONDS WARMUP_MAX_SECONDS WARMUP_DOWNLOADS WARMUP_TUNNELS WARMUP_TUNNEL_SECONDS PROXY_EVENT_LOOPS REUSE_SECONDS BENCH_TCP_CC JVM_OPTS PROXY_JVM_OPTS SERVICE_JVM_OPTS JFR_DIR KEEP_WORK MEASURES RESULTS_DIR)
# The command as run, with the knobs that were set, for the report.
COMMAND="sudo"
for knob in "${KNOBS[@]}"; do
  if [[ -n "${!knob+set}" ]]; then
    [[ "$COMMAND" == sudo ]] && COMMAND+=" env"
    COMMAND+=" $knob=$(printf '%q' "${!knob}")"
  fi
done
COMMAND+=" bench/run.sh"

BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"

# Tools first, in the machine's own network namespace: the run's namespace below has loopback only, so
# apt-get could not reach a mirror from there (on a fresh machine the bench failed before it started).
bench_fail() { echo "bench/run.sh: $*" >&2; exit 2; }
for tool in java python3 curl openssl; do command -v "$tool" >/dev/null || bench_fail "$tool is required"; done
missing_tools=()
for tool in squid wrk nginx; do command -v "$tool" >/dev/null || missing_tools+=("$tool"); done
if [[ ${#missing_tools[@]} -gt 0 ]]; then
  [[ $(id -u) == 0 ]] || bench_fail "missing ${missing_tools[*]}: install them (apt-get install -y ${missing_tools[*]})"
  echo "bench/run.sh: installing ${missing_tools[*]} ..." >&2
  apt-get install -y "${missing_tools[@]}" >/dev/null ||
    { apt-get update >/dev/null && apt-get install -y "${missing_tools[@]}" >/dev/null; } ||
    bench_fail "could not install ${missing_tools[*]} with apt-get"
fi

# TCP congestion control of every process in the run (clients, origin, Squid, ours alike). By default the
# run gets a network namespace of its own whose only difference from the machine's is this setting: with
# the machine's bbr on loopback (no fq qdisc there) every sending socket paces itself with high-resolution
# timers, which roughly doubled the kernel CPU per byte of every process here (bench/README.md, "TCP
# congestion control"). A namespace may only default to an unrestricted algorithm, so reno, which on a
# loss-free loopback behaves like the usual cubic. BENCH_TCP_CC=host keeps the machine's namespace.
# Done first, before any knob becomes an array (bash cannot pass arrays on to the run in the namespace).
BENCH_TCP_CC="${BENCH_TCP_CC:-reno}"
if [[ "$BENCH_TCP_CC" != host && -z "${BENCH_NETNS:-}" ]]; then
  [[ $(id -u) == 0 ]] || bench_fail "run as root (a network namespace for BENCH_TCP_CC=$BENCH_TCP_CC; Squid starts as root too)"
  command -v ip >/dev/null || bench_fail "BENCH_TCP_CC=$BENCH_TCP_CC needs ip (iproute2) for a network namespace; BENCH_TCP_CC=host runs without one"
  BENCH_NETNS="egress-bench-$$"
  ip netns add "$BENCH_NETNS" || bench_fail "could not create network namespace $BENCH_NETNS (BENCH_TCP_CC=host runs without one)"
  trap 'ip netns del "$BENCH_NETNS" 2>/dev/null || true' EXIT
  ip -n "$BENCH_NETNS" link set lo up || bench_fail "could not bring up loopback in $BENCH_NETNS"
  ip netns exec "$BENCH_NETNS" sysctl -q -w "net.ipv4.tcp_congestion_control=$BENCH_TCP_CC" ||
    bench_fail "BENCH_TCP_CC=$BENCH_TCP_CC: a network namespace can only default to $(cat /proc/sys/net/ipv4/tcp_allowed_congestion_control) (or BENCH_TCP_CC=host)"
  status=0
  BENCH_NETNS="$BENCH_NETNS" BENCH_HOST_TCP_CC="$(cat /proc/sys/net/ipv4/tcp_congestion_control)" \
    ip netns exec "$BENCH_NETNS" "$0" "$@" || status=$?
  exit "$status"
fi

DURATION="${DURATION:-10}"                     # seconds per wrk measurement
KEEPALIVE_RUNS="${KEEPALIVE_RUNS:-3}"          # keep-alive wrk runs per setup, interleaved rounds; the medians count
WRK_THREADS="${WRK_THREADS:-2}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-32}"       # keep-alive connections
CLOSE_CONNECTIONS="${CLOSE_CONNECTIONS:-16}"   # concurrent Connection: close clients
TUNNEL_COUNT="${TUNNEL_COUNT:-3000}"           # new TLS connections per setup, at most
TUNNEL_CONCURRENCY="${TUNNEL_CONCURRENCY:-16}"
TUNNEL_SECONDS="${TUNNEL_SECONDS:-10}"         # and at most this long
BULK_MB="${BULK_MB:-1024}"                     # size of /big in MiB (>= 256); ~1 s per download
BULK_RUNS="${BULK_RUNS:-16}"                   # downloads per setup, interleaved rounds; the median counts
BULK_MAX_SECONDS="${BULK_MAX_SECONDS:-15}"
HOST_STALL_FACTOR="${HOST_STALL_FACTOR:-1.3}" # a download whose origin needed this x its usual CPU per byte is marked
WARMUP_ROUND_SECONDS="${WARMUP_ROUND_SECONDS:-8}" # warm-up: keep-alive rounds of this length ...
WARMUP_MAX_SECONDS="${WARMUP_MAX_SECONDS:-80}"    # ... until the rate stops rising (<10%), at most this long
WARMUP_DOWNLOADS="${WARMUP_DOWNLOADS:-6}"      # downloads of /big per setup right before each bulk measure, not recorded
# New tunnels before and after the keep-alive rounds: a JFR of a shorter warm-up showed the JVMs' C2
# compiler still the busiest thread of each proxy during the tunnel measurement.
# 12,000 (at most 20 s each time): with 3,000 the proxies' C2 compilers were still busy (55-60 s of
# compile CPU per JVM before they settle) while the tunnels were measured.
WARMUP_TUNNELS="${WARMUP_TUNNELS:-12000}"
WARMUP_TUNNEL_SECONDS="${WARMUP_TUNNEL_SECONDS:-20}"
# Event loop threads per proxy (edge/egress.event-loop-threads): 1, like Squid's one worker per tier;
# on 2 cores shared by 5 busy processes a second loop only adds wake-ups. 0 = one per core.
PROXY_EVENT_LOOPS="${PROXY_EVENT_LOOPS:-1}"
# limits.decision_cache_seconds of ours-reuse: by default what policies/limits/data.yaml ships; 0 = no ours-reuse
SHIPPED_REUSE_SECONDS="$(sed -n 's/^decision_cache_seconds:[[:space:]]*\([0-9][0-9]*\).*/\1/p' "$(dirname "$0")/../policies/limits/data.yaml")"
REUSE_SECONDS="${REUSE_SECONDS:-${SHIPPED_REUSE_SECONDS:-0}}"
# By default also the flags with which the proxies enlarge their splice pipes (as run-local.sh and the images).
read -r -a JVM_OPTS <<<"${JVM_OPTS:--XX:+ExitOnOutOfMemoryError $("$ROOT/k8s/gce/java-native-flags.sh")}"
# The collector and heap flags an image ships with (JDK_JAVA_OPTIONS in <app>/src/main/docker/Dockerfile.jvm):
# young pauses were the latency tail with the JVM's own choice of small heaps.
source "$BENCH/lib/image-java-options.sh"
image_heap_flags() {
  image_java_options "$ROOT" "$1" | tr ' ' '\n' |
    grep -E '^(-Xm[sxn][0-9]+[kmg]|-XX:\+Use[A-Za-z0-9]+GC)$' | tr '\n' ' '
}
# Added after JVM_OPTS for the two proxies (deploy-tests checks that both images carry the same flags).
read -r -a PROXY_JVM_OPTS <<<"${PROXY_JVM_OPTS:-$(image_heap_flags edge-proxy)}"
# Added after JVM_OPTS for the policy-service.
read -r -a SERVICE_JVM_OPTS <<<"${SERVICE_JVM_OPTS:-$(image_heap_flags policy-service)}"
JFR_DIR="${JFR_DIR:-}"
# Which measurements to run (all by default); a subset is for profiling one path quickly.
read -r -a MEASURES <<<"${MEASURES:-keepalive tunnels close bulk-https bulk-http}"
RESULTS_DIR="${RESULTS_DIR:-}"                 # default bench/results (and latest.md there)
for measure in "${MEASURES[@]}"; do
  case "$measure" in keepalive | tunnels | close | bulk-https | bulk-http) ;;
    *) echo "bench/run.sh: unknown measurement in MEASURES: $measure (known: keepalive tunnels close bulk-https bulk-http)" >&2; exit 2 ;;
  esac
done
ORIGIN_HOST="origin.bench.test"

unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY

source "$BENCH/lib/common.sh"
source "$BENCH/lib/upstream.sh"
source "$BENCH/lib/squid.sh"
source "$BENCH/lib/ours.sh"
source "$BENCH/lib/measure.sh"

(( BULK_MB >= 256 )) || die "BULK_MB must be at least 256"
[[ "$REUSE_SECONDS" =~ ^[0-9]+$ ]] && (( REUSE_SECONDS <= 300 )) ||
  die "REUSE_SECONDS must be a whole number of seconds from 0 to 300 (the policy-service caps cache_ttl at policy.max-cache-ttl, 300s), got '$REUSE_SECONDS'"

[[ $(id -u) == 0 ]] || die "run as root: squid is started as root and drops to the proxy user"
ulimit -n 65536 2>/dev/null || true

WORK="$(mktemp -d /tmp/egress-bench.XXXXXX)"
chmod 755 "$WORK"
RESULTS_TSV="$WORK/results.tsv"
FACTS_TSV="$WORK/facts.tsv"
: >"$RESULTS_TSV"
: >"$FACTS_TSV"
cleanup() {
  stop_started
  if [[ -n "${KEEP_WORK:-}" ]]; then log "work dir kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fact() { printf '%s\t%s\n' "$1" "$2" >>"$FACTS_TSV"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

TIMESTAMP="$(date -u +%Y%m%dT%H%M%SZ)"
fact timestamp "$TIMESTAMP"
fact machine "$(hostname), $(uname -sr), $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ {printf "%.0f GiB RAM", $2/1048576}' /proc/meminfo)"
fact load_start "$(loadavg)"
fact versions "$(squid -v | head -1 | sed 's/ Cache: Version//'), $(nginx -v 2>&1 | sed 's/nginx version: //'), $(java -version 2>&1 | head -1), wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}')"
fact host_stall_factor "$HOST_STALL_FACTOR"
fact settings "wrk -t$WRK_THREADS -c$WRK_CONNECTIONS ${DURATION}s (keep-alive: median of $KEEPALIVE_RUNS interleaved rounds; close: -c$CLOSE_CONNECTIONS); tunnels: $TUNNEL_COUNT max / ${TUNNEL_SECONDS}s max at concurrency $TUNNEL_CONCURRENCY (tunnel_client.py); bulk: ${BULK_MB} MiB, median of $BULK_RUNS interleaved rounds; JVM: ${JVM_OPTS[*]} (proxies also ${PROXY_JVM_OPTS[*]}, policy-service also ${SERVICE_JVM_OPTS[*]}); event loops per proxy: $PROXY_EVENT_LOOPS (0 = one per core); Squid: 1 worker each"
fact command "$COMMAND"
if [[ -n "${BENCH_NETNS:-}" ]]; then
  fact network "TCP congestion control $(cat /proc/sys/net/ipv4/tcp_congestion_control) for every process (a network namespace of its own; the machine's default: ${BENCH_HOST_TCP_CC:-?}), loopback only"
else
  fact network "TCP congestion control $(cat /proc/sys/net/ipv4/tcp_congestion_control) for every process (the machine's namespace, BENCH_TCP_CC=host), loopback only"
fi
log "work dir $WORK, load average $(loadavg)"

HOSTS_FILE="$WORK/hosts"
echo "127.0.0.1 $ORIGIN_HOST" >"$HOSTS_FILE"
chmod 644 "$HOSTS_FILE"

# The setups in the order they are measured; the chains are ours and (unless REUSE_SECONDS=0) ours-reuse.
CHAINS=(ours)
(( REUSE_SECONDS > 0 )) && CHAINS+=(ours-reuse)
SETUPS=(direct squid "${CHAINS[@]}")
chain_reuse() { [[ "$1" == ours-reuse ]] && echo "$REUSE_SECONDS" || echo 0; }

start_origin
SETUP_PORT[direct]=""
start_squid_chain
prepare_our_apps
for chain in "${CHAINS[@]}"; do start_our_chain "$chain" "$(chain_reuse "$chain")"; done

fact apps "$APPS_BUILT(copied from */target/quarkus-app; git $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' + uncommitted changes'))"
if (( REUSE_SECONDS > 0 )); then
  shipped_note=""
  [[ "$REUSE_SECONDS" == "${SHIPPED_REUSE_SECONDS:-}" ]] && shipped_note=", as shipped in policies/limits/data.yaml"
  fact reuse "ours: off (every request and tunnel checked at both tiers); ours-reuse: \`limits.decision_cache_seconds: $REUSE_SECONDS\`$shipped_note (edge and egress reuse an allow for identical requests for ${REUSE_SECONDS}s and report each reuse to the policy-service, which counts it and logs a reuse entry)"
else
  fact reuse "ours: off (every request and tunnel checked at both tiers); ours-reuse not run (REUSE_SECONDS=0)"
fi

for setup in "${SETUPS[@]}"; do check_route "$setup" "${SETUP_PORT[$setup]}"; done

mib() { echo $(($(rss_kib "$@") / 1024)); }
sleep 2
idle_breakdown="idle: squid edge $(mib "${SQUID_PIDS[1]}"), squid egress $(mib "${SQUID_PIDS[0]}")"
sampler_groups=()
for setup in squid "${CHAINS[@]}"; do
  # shellcheck disable=SC2086
  record "$setup" rss_idle_mib "$(mib ${SETUP_PIDS[$setup]})"
  sampler_groups+=("$setup:${SETUP_PIDS[$setup]// /,}")
done
for chain in "${CHAINS[@]}"; do
  read -r policy_pid egress_pid edge_pid <<<"${CHAIN_PIDS[$chain]}"
  idle_breakdown+="; $chain: edge-proxy $(mib "$edge_pid"), egress-proxy $(mib "$egress_pid"), policy-service $(mib "$policy_pid")"
  sampler_groups+=("$chain-edge:$edge_pid" "$chain-egress:$egress_pid" "$chain-policy:$policy_pid")
done
idle_breakdown+=" MiB"
start_rss_sampler "${sampler_groups[@]}"

# Warm-up, not recorded: every path once (pools, caches), then keep-alive rounds until the rate
# stops rising. The JVMs need this: for the first ~minute of load their C2 compiler threads take
# most of the CPU (see README); a proxy that runs for days is measured in its steady state.
warm_up() { # name proxy-port
  local name="$1" proxy="$2" began=$SECONDS previous=0 rps line
  TUNNEL_SECONDS="$WARMUP_TUNNEL_SECONDS" run_tunnels "$proxy" "$WARMUP_TUNNELS" >/dev/null || true
  run_wrk "$proxy" "$CLOSE_CONNECTIONS" 3 1 >/dev/null || true
  while (( SECONDS - began < WARMUP_MAX_SECONDS )); do
    line=$(run_wrk "$proxy" "$WRK_CONNECTIONS" "$WARMUP_ROUND_SECONDS" 0 || true)
    rps=$(field "$line" rps)
    log "warm-up $name: ${rps:-?} requests/s"
    awk -v now="${rps:-0}" -v before="$previous" 'BEGIN { exit !(now < before * 1.10) }' && break
    previous=${rps:-0}
  done
  TUNNEL_SECONDS="$WARMUP_TUNNEL_SECONDS" run_tunnels "$proxy" "$WARMUP_TUNNELS" >/dev/null || true
  WARMUP_TOOK["$name"]=$((SECONDS - began))
}
declare -A WARMUP_TOOK
warmup_text=""
for setup in squid "${CHAINS[@]}"; do
  warm_up "$setup" "${SETUP_PORT[$setup]}"
  warmup_text+="${warmup_text:+, }$setup ${WARMUP_TOOK[$setup]}s"
done
fact warmup "$warmup_text (keep-alive rounds of ${WARMUP_ROUND_SECONDS}s until <10% gain, max ${WARMUP_MAX_SECONDS}s; ${WARMUP_TUNNELS} new tunnels before and after (at most ${WARMUP_TUNNEL_SECONDS}s each); close; before each bulk measure ${WARMUP_DOWNLOADS} downloads per setup, not recorded)"

# Each measurement runs for all setups back to back, so a change in background load
# hits all of them alike rather than one setup.
declare -A DECISIONS_BEFORE
for chain in "${CHAINS[@]}"; do DECISIONS_BEFORE[$chain]=$(decisions_logged "$chain"); done
for measure in "${MEASURES[@]}"; do
  case "$measure" in
    keepalive)
      measure_keepalive_all ;;
    tunnels | close)
      for setup in "${SETUPS[@]}"; do "measure_$measure" "$setup" "${SETUP_PORT[$setup]}"; done ;;
    bulk-https | bulk-http)
      measure_bulk "${measure#bulk-}" ;;
  esac
done

# Decision log entries written during the measurements per request, tunnel or download sent:
# ~2 when both tiers ask for every one, far less when the proxies reuse decisions.
decisions_text=""
for chain in "${CHAINS[@]}"; do
  logged=$(($(decisions_logged "$chain") - ${DECISIONS_BEFORE[$chain]}))
  decisions_text+="${decisions_text:+; }$chain $(awk -v d="$logged" -v n="${OPERATIONS[$chain]:-0}" \
    'BEGIN { if (n > 0) printf "%.4g", d / n; else print "?" }') ($logged decisions for ${OPERATIONS[$chain]:-0} requests, tunnels and downloads)"
done
fact decisions "$decisions_text"

peak() { echo $(($(cat "$WORK/rss-peak-$1" 2>/dev/null || echo 0) / 1024)); }
peak_breakdown=""
for setup in squid "${CHAINS[@]}"; do record "$setup" rss_load_mib "$(peak "$setup")"; done
for chain in "${CHAINS[@]}"; do
  peak_breakdown+="${peak_breakdown:+; }$chain: edge-proxy $(peak "$chain-edge"), egress-proxy $(peak "$chain-egress"), policy-service $(peak "$chain-policy")"
done
fact rss_breakdown "$idle_breakdown; peak: $peak_breakdown MiB"
fact load_end "$(loadavg)"

results_dir="${RESULTS_DIR:-$BENCH/results}"
mkdir -p "$results_dir"
report="$results_dir/$TIMESTAMP.md"
python3 "$BENCH/lib/report.py" "$RESULTS_TSV" "$FACTS_TSV" >"$report"
cp "$report" "$results_dir/latest.md"
cat "$report"
log "written $report and $results_dir/latest.md"
