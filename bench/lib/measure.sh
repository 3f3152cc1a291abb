# Measurements for bench/run.sh. Each takes a setup name and the proxy port ("" = direct to the
# origin) and appends records (see record in common.sh). Sourced. Needs SETUP_PIDS (setup -> pids),
# BENCH, ORIGIN_*, CA_FILE, DURATION, WRK_THREADS, WRK_CONNECTIONS, CLOSE_CONNECTIONS, TUNNEL_COUNT,
# TUNNEL_CONCURRENCY, TUNNEL_SECONDS, BULK_MB, BULK_RUNS, BULK_MAX_SECONDS.

# The processes making up a setup (none for direct), for CPU accounting.
setup_pids() { # setup
  echo "${SETUP_PIDS[$1]:-}"
}

# Requests, tunnels and downloads sent through each setup by the measurements (not the warm-up),
# the denominator of "decisions logged per request".
declare -A OPERATIONS
count_operations() { # setup count
  OPERATIONS[$1]=$(( ${OPERATIONS[$1]:-0} + ${2:-0} ))
}

# Records the setup's CPU per operation (us) between two readings; nothing for direct.
record_cpu() { # setup metric ticks-before operations
  local pids
  pids=$(setup_pids "$1")
  [[ -n "$pids" ]] || return 0
  # shellcheck disable=SC2086
  record "$1" "$2" "$(cpu_us_per "$3" "$(cpu_ticks $pids)" "$4")"
}

# Value of key=value in a line of "WRK k=v k=v ..." output.
field() { # line key
  sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"
}

# Sets ROUTE to the curl arguments reaching ORIGIN_HOST:port through the setup.
curl_route() { # proxy-port port
  if [[ -n "$1" ]]; then
    ROUTE=(-x "http://127.0.0.1:$1")
  else
    ROUTE=(--noproxy '*' --resolve "$ORIGIN_HOST:$2:127.0.0.1")
  fi
}

origin_port() { # scheme
  if [[ "$1" == https ]]; then echo "$ORIGIN_HTTPS_PORT"; else echo "$ORIGIN_HTTP_PORT"; fi
}

# Fails the run unless both /small over HTTP and over HTTPS come back 200 through the setup.
check_route() { # setup proxy-port
  local setup="$1" proxy="$2" scheme port code
  for scheme in http https; do
    port=$(origin_port "$scheme")
    curl_route "$proxy" "$port"
    for _ in $(seq 1 40); do
      code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 --cacert "$CA_FILE" \
        "${ROUTE[@]}" "$scheme://$ORIGIN_HOST:$port/small" || true)
      [[ "$code" == 200 ]] && break
      sleep 0.5
    done
    [[ "$code" == 200 ]] || die "$setup: $scheme://$ORIGIN_HOST:$port/small answered '$code' (not 200)"
  done
  log "$setup: HTTP and HTTPS through the setup answer 200"
}

run_wrk() { # proxy-port connections seconds close(0|1)
  local proxy="$1" connections="$2" seconds="$3" close="$4" url target
  if [[ -n "$proxy" ]]; then
    url="http://127.0.0.1:$proxy"
    target="http://$ORIGIN_HOST:$ORIGIN_HTTP_PORT/small"
  else
    url="http://127.0.0.1:$ORIGIN_HTTP_PORT"
    target="/small"
  fi
  BENCH_TARGET="$target" BENCH_HOST="$ORIGIN_HOST:$ORIGIN_HTTP_PORT" BENCH_CLOSE="$close" \
    wrk -t "$WRK_THREADS" -c "$connections" -d "${seconds}s" --timeout 5s \
    -s "$BENCH/lib/wrk-request.lua" "$url" | grep '^WRK '
}

record_wrk() { # setup prefix line
  local setup="$1" prefix="$2" line="$3" errors requests note=""
  errors=$(field "$line" errors)
  requests=$(field "$line" requests)
  if [[ -z "$requests" ]]; then
    record "$setup" "${prefix}_rps" "-" "wrk produced no result"
    return
  fi
  [[ "$errors" != 0 ]] && note="$errors errors of $requests ($(sed 's/^WRK .*errors=[0-9]* //' <<<"$line"))"
  record "$setup" "${prefix}_rps" "$(field "$line" rps)" "$note"
  record "$setup" "${prefix}_p50_ms" "$(field "$line" p50_ms)"
  record "$setup" "${prefix}_p99_ms" "$(field "$line" p99_ms)"
}

# CPU ticks of each process of one of our chains: "policy-service egress-proxy edge-proxy".
chain_process_ticks() { # setup
  local pid out=""
  for pid in ${CHAIN_PIDS[$1]}; do out+="$(cpu_ticks "$pid") "; done
  echo "$out"
}

# Adds to the associative array named first, under "<setup>-<app>", each of our apps' CPU ticks since the
# reading given (chain_process_ticks's output, same order as CHAIN_PIDS).
add_process_ticks() { # array-name setup ticks-before
  local -n sums="$1"
  local -a before after
  local app i=0
  read -r -a before <<<"$3"
  read -r -a after <<<"$(chain_process_ticks "$2")"
  for app in policy egress edge; do
    sums[$2-$app]=$(( ${sums[$2-$app]:-0} + after[i] - before[i] ))
    i=$((i + 1))
  done
}

# Milliseconds of CPU per 100 MB from clock ticks and bytes.
ms_per_100mb() { # ticks bytes
  awk -v t="$1" -v n="$2" -v hz="$CLK_TCK" 'BEGIN { if (n > 0) printf "%.1f", t / hz * 1e3 / (n / 1e8); else print "-" }'
}

# The setup at a position (0-based) of an interleaved round (1-based): the order rotates by one each round.
setup_in_round() { # round position
  echo "${SETUPS[$(( ($2 + $1 - 1) % ${#SETUPS[@]} ))]}"
}

# Keep-alive rate and latency of every setup: KEEPALIVE_RUNS wrk runs each, in interleaved rounds whose order
# rotates; rate, p50 and p99 are each the median over a setup's runs, CPU per request sums them all. One run
# per setup left each p99 to its own 10 s of background load: the p99 ratio of five runs read 0.76-1.18x
# (session 9).
measure_keepalive_all() {
  local round position setup line requests before by_process app
  local -A rps=() p50=() p99=() total=() errors=() ticks=() lines=()
  for round in $(seq 1 "$KEEPALIVE_RUNS"); do
    for position in "${!SETUPS[@]}"; do
      setup=$(setup_in_round "$round" "$position")
      by_process=""
      before=$(cpu_ticks $(setup_pids "$setup"))
      [[ -n "${CHAIN_PIDS[$setup]:-}" ]] && by_process=$(chain_process_ticks "$setup")
      line=$(run_wrk "${SETUP_PORT[$setup]}" "$WRK_CONNECTIONS" "$DURATION" 0)
      log "$setup keep-alive (round $round): $line"
      ticks[$setup]=$(( ${ticks[$setup]:-0} + $(cpu_ticks $(setup_pids "$setup")) - before ))
      [[ -n "$by_process" ]] && add_process_ticks ticks "$setup" "$by_process"
      requests=$(field "$line" requests)
      [[ -n "$requests" ]] || continue
      rps[$setup]+=" $(field "$line" rps)"
      p50[$setup]+=" $(field "$line" p50_ms)"
      p99[$setup]+=" $(field "$line" p99_ms)"
      total[$setup]=$(( ${total[$setup]:-0} + requests ))
      errors[$setup]=$(( ${errors[$setup]:-0} + $(field "$line" errors) ))
      lines[$setup]="$line"
    done
  done
  for setup in "${SETUPS[@]}"; do
    if [[ -z "${total[$setup]:-}" ]]; then
      record "$setup" keepalive_rps "-" "wrk produced no result"
      continue
    fi
    # One line in wrk's format with the medians and the sums, for record_wrk (its notes quote the last run's
    # error breakdown).
    record_wrk "$setup" keepalive "WRK requests=${total[$setup]} rps=$(median ${rps[$setup]}) \
p50_ms=$(median ${p50[$setup]}) p99_ms=$(median ${p99[$setup]}) errors=${errors[$setup]} \
$(sed 's/^WRK .*errors=[0-9]* //' <<<"${lines[$setup]}")"
    count_operations "$setup" "${total[$setup]}"
    [[ -n "$(setup_pids "$setup")" ]] && record "$setup" keepalive_cpu_us "$(cpu_us_per 0 "${ticks[$setup]}" "${total[$setup]}")"
    [[ -n "${CHAIN_PIDS[$setup]:-}" ]] || continue
    for app in policy egress edge; do
      record "$setup" "keepalive_cpu_us_$app" "$(cpu_us_per 0 "${ticks[$setup-$app]}" "${total[$setup]}")"
    done
  done
}

measure_close() { # setup proxy-port
  local line before
  before=$(cpu_ticks $(setup_pids "$1"))
  line=$(run_wrk "$2" "$CLOSE_CONNECTIONS" "$DURATION" 1)
  log "$1 connection-close: $line"
  record_wrk "$1" close "$line"
  count_operations "$1" "$(field "$line" requests)"
  record_cpu "$1" close_cpu_us "$before" "$(field "$line" requests)"
}

run_tunnels() { # proxy-port count
  local proxy_args=()
  [[ -n "$1" ]] && proxy_args=(--proxy-port "$1")
  python3 "$BENCH/tunnel_client.py" --host "$ORIGIN_HOST" --port "$ORIGIN_HTTPS_PORT" \
    "${proxy_args[@]}" --cafile "$CA_FILE" --count "$2" --concurrency "$TUNNEL_CONCURRENCY" \
    --max-seconds "$TUNNEL_SECONDS"
}

measure_tunnels() { # setup proxy-port
  local json values note="" before
  before=$(cpu_ticks $(setup_pids "$1"))
  json=$(run_tunnels "$2" "$TUNNEL_COUNT")
  log "$1 new TLS connections: $json"
  values=$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["per_second"], d["p50_ms"], d["p99_ms"], d["ok"], d["failed"], d["client_cpu_ms_per_request"])' "$json")
  read -r rate p50 p99 ok failed cpu <<<"$values"
  [[ "$failed" != 0 ]] && note="$failed failed of $((ok + failed)): $(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["first_error"])' "$json")"
  record "$1" tunnels_per_s "$rate" "$note"
  record "$1" tunnels_p50_ms "$p50"
  record "$1" tunnels_p99_ms "$p99"
  record "$1" tunnels_client_cpu_ms "$cpu"
  record_cpu "$1" tunnels_cpu_us "$before" "$((ok + failed))"
  count_operations "$1" "$((ok + failed))"
}

# One download of /big through the setup (proxy-port "" = direct); sets DL_RATE (MB/s), DL_BYTES and
# DL_NOTE (empty when the whole file came back with 200).
download_big() { # setup proxy-port scheme
  local setup="$1" scheme="$3" port out code size seconds
  port=$(origin_port "$scheme")
  curl_route "$2" "$port"
  out=$(curl -s -o /dev/null --max-time "$BULK_MAX_SECONDS" --cacert "$CA_FILE" \
    -w '%{http_code} %{size_download} %{time_total}' \
    "${ROUTE[@]}" "$scheme://$ORIGIN_HOST:$port/big" || true)
  read -r code size seconds <<<"$out"
  DL_BYTES=${size:-0}
  DL_RATE=$(awk -v b="$DL_BYTES" -v s="${seconds:-0}" 'BEGIN { if (s > 0) printf "%.1f", b / s / 1e6; else print 0 }')
  DL_NOTE=""
  if [[ "$code" != 200 ]]; then
    DL_NOTE="status $code"
  elif (( DL_BYTES != BULK_MB * 1024 * 1024 )); then
    DL_NOTE="cut at ${BULK_MAX_SECONDS}s after $DL_BYTES bytes"
  fi
  log "$setup bulk $scheme: status=$code bytes=$DL_BYTES seconds=$seconds -> $DL_RATE MB/s"
}

# The median of the given numbers.
median() { # numbers...
  tr ' ' '\n' <<<"$*" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Bulk rate of every setup as the median of BULK_RUNS downloads taken in interleaved rounds (direct,
# Squid, ours, ours-reuse, then Squid, ours, ours-reuse, direct, ...): one download lasts well under a
# second, so a burst of background load would otherwise land on one setup's samples only. CPU per 100 MB sums each setup's
# own downloads. Every sample goes into the report's notes.
measure_bulk() { # scheme
  local scheme="$1" setup round before pids warmup by_process app
  local -A samples=() ticks=() bytes=() notes=()
  # Steady state first, not recorded: WARMUP_DOWNLOADS of this kind per setup right before the rounds.
  # The keep-alive and tunnel measures ran since the chains' warm-up, and the JIT recompiles the splice
  # paths once bulk comes back: with these downloads in the chains' warm-up instead (session 8), our first
  # five CONNECT rounds ran at 0.74-0.90x direct and the last three at 0.91-0.99x (session 9).
  # They count as operations (they may be logged as decisions), not as samples or CPU.
  log "bulk $scheme: $WARMUP_DOWNLOADS warm-up downloads per setup (not recorded)"
  for setup in "${SETUPS[@]}"; do
    for warmup in $(seq 1 "$WARMUP_DOWNLOADS"); do
      download_big "$setup" "${SETUP_PORT[$setup]}" "$scheme"
    done
    count_operations "$setup" "$WARMUP_DOWNLOADS"
  done
  local -A origin=()
  local origin_before position
  for round in $(seq 1 "$BULK_RUNS"); do
    # The order rotates each round, so no setup always follows the same one: with a fixed order (direct, Squid,
    # ours, ours-reuse) ours-reuse, always right after ours, drew 7 of the 9 host-stall marks of four runs
    # (session 9).
    for position in "${!SETUPS[@]}"; do
      setup=$(setup_in_round "$round" "$position")
      pids=$(setup_pids "$setup")
      # shellcheck disable=SC2086
      before=$(cpu_ticks $pids)
      by_process=""
      [[ -n "${CHAIN_PIDS[$setup]:-}" ]] && by_process=$(chain_process_ticks "$setup")
      origin_before=$(cpu_ns "$NGINX_PID")
      download_big "$setup" "${SETUP_PORT[$setup]}" "$scheme"
      origin[$setup]+="${origin[$setup]:+ }$(awk -v ns=$(( $(cpu_ns "$NGINX_PID") - origin_before )) -v n="$DL_BYTES" \
        'BEGIN { if (n > 0) printf "%.1f", ns / 1e6 / (n / 1e8); else print 0 }')"
      # shellcheck disable=SC2086
      ticks[$setup]=$(( ${ticks[$setup]:-0} + $(cpu_ticks $pids) - before ))
      [[ -n "$by_process" ]] && add_process_ticks ticks "$setup" "$by_process"
      bytes[$setup]=$(( ${bytes[$setup]:-0} + DL_BYTES ))
      samples[$setup]+="${samples[$setup]:+ }$DL_RATE"
      [[ -n "$DL_NOTE" ]] && notes[$setup]="$DL_NOTE"
    done
  done
  # A download for which nginx needed far more CPU per byte than it usually does for the same setup is one the
  # host stalled (README: bulk); it stays in the median, marked with "*" in the sample list. Each setup against its
  # own median, not direct's: on the AMD EPYC host of session 10 nginx needed ~1.05-1.2x (Squid) and ~1.3-1.5x (ours) direct's
  # CPU per byte through any relay, spliced or not, in every download, and direct's yardstick marked nearly every
  # chain sample. Not for plain HTTP: nginx's sendfile costs more when the reader is slow, so the marks would
  # measure the reader. The medians per setup are reported for both kinds.
  local limit="" usual_origin=""
  local -A usual_of=()
  [[ "$scheme" == https ]] && limit="$HOST_STALL_FACTOR"
  for setup in "${SETUPS[@]}"; do
    usual_of[$setup]=$(median ${origin[$setup]})
    usual_origin+="${usual_origin:+, }$setup ${usual_of[$setup]}"
  done
  local sample_text=""
  for setup in "${SETUPS[@]}"; do
    record "$setup" "bulk_${scheme}_mb_s" "$(median ${samples[$setup]})" "${notes[$setup]:-}"
    count_operations "$setup" "$BULK_RUNS"
    sample_text+="${sample_text:+; }$setup $(paste -d' ' <(tr ' ' '\n' <<<"${samples[$setup]}") \
      <(tr ' ' '\n' <<<"${origin[$setup]}") | awk -v usual="${usual_of[$setup]}" -v limit="$limit" \
      '{ printf "%s%s%s", (NR > 1 ? ", " : ""), $1, (limit != "" && $2 > usual * limit ? "*" : "") }')"
    [[ -n "$(setup_pids "$setup")" ]] || continue
    record "$setup" "bulk_${scheme}_cpu_ms" "$(ms_per_100mb "${ticks[$setup]}" "${bytes[$setup]}")"
    [[ -n "${CHAIN_PIDS[$setup]:-}" ]] || continue
    for app in policy egress edge; do
      record "$setup" "bulk_${scheme}_cpu_ms_$app" "$(ms_per_100mb "${ticks[$setup-$app]:-0}" "${bytes[$setup]}")"
    done
  done
  fact "bulk_${scheme}_samples" "$sample_text"
  fact "bulk_${scheme}_origin_ms" "$usual_origin"
}
