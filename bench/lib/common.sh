# Shared helpers for bench/run.sh: process bookkeeping, ports, waiting, RSS, result records.
# Sourced, not run. Expects WORK (temp dir) and RESULTS_TSV to be set by run.sh.

STARTED_PIDS=()
# Per setup (direct, squid, ours, ours-reuse): the port clients send to ("" = the origin itself)
# and the pids of the setup's processes (space-separated; none for direct).
declare -A SETUP_PORT SETUP_PIDS

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

die() {
  log "ERROR: $*"
  exit 1
}

# Starts a command in the background with its output in a log file; echoes nothing, sets LAST_PID.
spawn() { # logfile command...
  local logfile="$1"
  shift
  "$@" >"$logfile" 2>&1 &
  LAST_PID=$!
  STARTED_PIDS+=("$LAST_PID")
}

# Stops exactly the processes this run started (and squid's own children via squid's shutdown).
stop_started() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    local alive=0
    for pid in "${STARTED_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [[ $alive == 0 ]] && return 0
    sleep 0.2
  done
  for pid in "${STARTED_PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
}

# Prints N distinct free TCP ports on 127.0.0.1 (all bound at once, so they differ).
free_ports() { # count
  python3 - "$1" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
}

wait_for_port() { # name port pid logfile [seconds]
  local name="$1" port="$2" pid="$3" logfile="$4" seconds="${5:-90}"
  local tries=$((seconds * 5))
  for _ in $(seq 1 "$tries"); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$logfile" >&2
      die "$name exited during startup (log: $logfile)"
    fi
    sleep 0.2
  done
  tail -n 30 "$logfile" >&2
  die "$name did not open port $port in ${seconds}s (log: $logfile)"
}

# The given pids and all their descendants.
process_tree() { # pids...
  local pid child
  for pid in "$@"; do
    [[ -d /proc/$pid ]] || continue
    echo "$pid"
    for child in $(pgrep -P "$pid" 2>/dev/null); do process_tree "$child"; done
  done
}

# Sum of VmRSS (KiB) over the given pids and their descendants.
rss_kib() { # pids...
  local total=0 pid kib
  for pid in $(process_tree "$@"); do
    kib=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    total=$((total + ${kib:-0}))
  done
  echo "$total"
}

# VmRSS (KiB) of one process into REPLY (0 once it is gone), with bash builtins only: no fork.
vmrss_kib() { # pid
  local key value rest
  REPLY=0
  {
    while read -r key value rest; do
      if [[ "$key" == VmRSS: ]]; then REPLY="$value"; return 0; fi
    done
  } 2>/dev/null <"/proc/$1/status" || true
}

# Samples the RSS of each named process group every 0.5 s and keeps the maximum in
# $WORK/rss-peak-<name>. Groups: "name:pid,pid,...". Sets RSS_SAMPLER_PID.
# It runs during every measurement, so it must cost next to nothing: each group's process tree is
# resolved once here (Squid's kids exist by now) and a sample reads /proc with builtins. Session 9
# measured the earlier sampler (pgrep and awk per process and sample, ~70 forks/s): ~0.2 s CPU per
# second, which made direct HTTPS bulk 7% slower and our chain's ratio to direct 2.6 points lower.
start_rss_sampler() { # group...
  local -a names=() members=()
  local group pids
  for group in "$@"; do
    pids="${group#*:}"
    names+=("${group%%:*}")
    # shellcheck disable=SC2086
    members+=("$(process_tree ${pids//,/ } | tr '\n' ' ')")
  done
  (
    declare -A peak=()
    while true; do
      for i in "${!names[@]}"; do
        total=0
        for pid in ${members[$i]}; do
          vmrss_kib "$pid"
          total=$((total + REPLY))
        done
        if (( total > ${peak[$i]:-0} )); then
          peak[$i]=$total
          echo "$total" >"$WORK/rss-peak-${names[$i]}"
        fi
      done
      sleep 0.5
    done
  ) &
  RSS_SAMPLER_PID=$!
  STARTED_PIDS+=("$RSS_SAMPLER_PID")
}

# One result: setup, metric key, value (may be "-"), optional note.
record() { # setup metric value [note]
  printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:-}" >>"$RESULTS_TSV"
}

# CPU time (clock ticks, user + system) used so far by the given pids and their descendants.
cpu_ticks() { # pids...
  local total=0 pid ticks
  for pid in $(process_tree "$@"); do
    ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || true)
    total=$((total + ${ticks:-0}))
  done
  echo "$total"
}
CLK_TCK="$(getconf CLK_TCK)"

# CPU time (ns) of the given processes and their descendants, every thread, from schedstat: clock ticks
# (10 ms) are too coarse for nginx's ~30 ms per plain-HTTP download.
cpu_ns() { # pids...
  local files=() pid
  for pid in $(process_tree "$@"); do files+=("/proc/$pid"/task/*/schedstat); done
  awk '{ total += $1 } END { printf "%.0f\n", total }' "${files[@]}" 2>/dev/null || true
}

# Microseconds of CPU per operation, from two cpu_ticks readings and an operation count.
cpu_us_per() { # ticks-before ticks-after operations
  awk -v b="$1" -v a="$2" -v n="$3" -v hz="$CLK_TCK" 'BEGIN { if (n > 0) printf "%.0f", (a - b) / hz * 1e6 / n; else print "-" }'
}
