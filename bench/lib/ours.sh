# Our chain: policy-service <- egress-proxy (tier 2) <- edge-proxy (tier 1), the packaged jars.
# Started once per setup: "ours" checks the policy at both tiers for every request and tunnel;
# "ours-reuse" is a second instance (own ports, work dir, policy dir) whose policy data sets
# limits.decision_cache_seconds, so the proxies reuse allow decisions for identical requests.
# Sourced. Needs ROOT, WORK, ORIGIN_HOST, HOSTS_FILE, PROXY_EVENT_LOOPS, JVM_OPTS, PROXY_JVM_OPTS and SERVICE_JVM_OPTS (arrays), JFR_DIR (may be empty),
# SETUP_PORT and SETUP_PIDS (associative arrays); start_our_chain fills them and CHAIN_PIDS,
# CHAIN_DECISION_LOG for its setup.

APPS=(policy-service egress-proxy edge-proxy)
declare -A CHAIN_PIDS CHAIN_DECISION_LOG

build_jars_if_missing() {
  local app missing=0
  for app in "${APPS[@]}"; do
    [[ -f "$ROOT/$app/target/quarkus-app/quarkus-run.jar" ]] || missing=1
  done
  if [[ $missing == 1 ]]; then
    log "building the packaged apps (./mvnw -B -q package -DskipTests -pl policy-service,egress-proxy,edge-proxy -am) ..."
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests -pl policy-service,egress-proxy,edge-proxy -am) || die "build failed"
  fi
}

# Runs copies of the packaged apps, so a rebuild in the tree during the run cannot change or
# break what is measured. Sets APP_DIR.
snapshot_apps() {
  local app
  APP_DIR="$WORK/apps"
  for app in "${APPS[@]}"; do
    mkdir -p "$APP_DIR/$app"
    cp -r "$ROOT/$app/target/quarkus-app/." "$APP_DIR/$app/" || die "could not copy $app/target/quarkus-app"
    [[ -f "$APP_DIR/$app/quarkus-run.jar" ]] || die "$app/target/quarkus-app is incomplete (a build running?)"
  done
  APPS_BUILT=""
  for app in "${APPS[@]}"; do
    APPS_BUILT+="$app $(date -u -r "$ROOT/$app/target/quarkus-app/app" +%Y-%m-%dT%H:%MZ) "
  done
  log "apps copied from */target/quarkus-app (built: $APPS_BUILT)"
}

# The shipped policy logic (every .rego except tests) with bench data: one namespace "bench"
# allowed to reach the origin, the origin declared internal (it resolves to loopback, which tier 2's
# SSRF guard refuses otherwise), and rate limits far above what the bench sends (still counted).
# A reuse of more than 0 seconds adds limits.decision_cache_seconds (decisions carry cache_ttl).
write_bench_policy() { # dir reuse-seconds
  local dir="$1" reuse="$2" file rel
  mkdir -p "$dir"
  while IFS= read -r file; do
    rel="${file#"$ROOT/policies/"}"
    mkdir -p "$dir/$(dirname "$rel")"
    cp "$file" "$dir/$rel"
  done < <(find "$ROOT/policies" -name '*.rego' ! -name '*_test.rego')
  mkdir -p "$dir/allowlists" "$dir/limits"
  cat >"$dir/allowlists/data.yaml" <<YAML
namespaces:
  bench:
    destinations:
      - host: $ORIGIN_HOST
        ports: [$ORIGIN_HTTP_PORT, $ORIGIN_HTTPS_PORT]
tier1_source_cidrs:
  - 127.0.0.1/32
internal_destinations:
  - host: $ORIGIN_HOST
    ports: [$ORIGIN_HTTP_PORT, $ORIGIN_HTTPS_PORT]
exit_blocklist: []
YAML
  cat >"$dir/limits/data.yaml" <<YAML
rate:
  default:
    source_per_minute: 1000000000
    source_destination_per_minute: 1000000000
  namespaces: {}
YAML
  if (( reuse > 0 )); then
    echo "decision_cache_seconds: $reuse" >>"$dir/limits/data.yaml"
  fi
}

jfr_opts() { # setup app
  [[ -n "$JFR_DIR" ]] || return 0
  echo "-XX:StartFlightRecording=filename=$JFR_DIR/$1-$2.jfr,settings=profile,dumponexit=true"
}

# Builds the jars when missing and copies them; once per run, shared by both instances.
prepare_our_apps() {
  build_jars_if_missing
  snapshot_apps
}

# Starts one instance of the three apps on free ports under $WORK/<setup>, with the bench policy
# in $WORK/<setup>/policy. Pids in order: policy-service, egress-proxy, edge-proxy.
start_our_chain() { # setup reuse-seconds
  local setup="$1" reuse="$2" dir="$WORK/$1" edge egress grpc http_policy http_egress http_edge pids=()
  mkdir -p "$dir"
  write_bench_policy "$dir/policy" "$reuse"
  read -r edge egress grpc http_policy http_egress http_edge <<<"$(free_ports 6)"
  CHAIN_DECISION_LOG[$setup]="$dir/decisions.log"

  spawn "$dir/policy-service.log" java "${JVM_OPTS[@]}" "${SERVICE_JVM_OPTS[@]}" $(jfr_opts "$setup" policy-service) \
    -Dpolicy.dir="$dir/policy" -Dpolicy.watch=false \
    -Dpolicy.decision-log.file="$dir/decisions.log" \
    -Dpolicy.grpc.host=127.0.0.1 -Dpolicy.grpc.port="$grpc" \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$http_policy" \
    -jar "$APP_DIR/policy-service/quarkus-run.jar"
  pids+=("$LAST_PID")
  wait_for_port "$setup policy-service" "$grpc" "$LAST_PID" "$dir/policy-service.log"

  spawn "$dir/egress-proxy.log" java "${JVM_OPTS[@]}" "${PROXY_JVM_OPTS[@]}" $(jfr_opts "$setup" egress-proxy) \
    -Degress.listen.host=127.0.0.1 -Degress.listen.port="$egress" \
    -Degress.event-loop-threads="$PROXY_EVENT_LOOPS" \
    -Degress.hosts-file="$HOSTS_FILE" -Degress.allowed-source-cidrs=127.0.0.1/32 \
    -Dquarkus.grpc.clients.policy.host=127.0.0.1 -Dquarkus.grpc.clients.policy.port="$grpc" \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$http_egress" \
    -jar "$APP_DIR/egress-proxy/quarkus-run.jar"
  pids+=("$LAST_PID")
  wait_for_port "$setup egress-proxy" "$egress" "$LAST_PID" "$dir/egress-proxy.log"

  spawn "$dir/edge-proxy.log" java "${JVM_OPTS[@]}" "${PROXY_JVM_OPTS[@]}" $(jfr_opts "$setup" edge-proxy) \
    -Dedge.listen.host=127.0.0.1 -Dedge.listen.port="$edge" \
    -Dedge.event-loop-threads="$PROXY_EVENT_LOOPS" \
    -Dedge.parent.host=127.0.0.1 -Dedge.parent.port="$egress" \
    -Dedge.shutdown.drain-timeout=1s \
    -Dedge.identities.\"127.0.0.1/32\".namespace=bench \
    -Dedge.identities.\"127.0.0.1/32\".service-account=bench \
    -Dquarkus.grpc.clients.policy.host=127.0.0.1 -Dquarkus.grpc.clients.policy.port="$grpc" \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$http_edge" \
    -jar "$APP_DIR/edge-proxy/quarkus-run.jar"
  pids+=("$LAST_PID")
  wait_for_port "$setup edge-proxy" "$edge" "$LAST_PID" "$dir/edge-proxy.log"

  SETUP_PORT[$setup]="$edge"
  SETUP_PIDS[$setup]="${pids[*]}"
  CHAIN_PIDS[$setup]="${pids[*]}"
  log "$setup: edge 127.0.0.1:$edge -> egress 127.0.0.1:$egress, policy-service gRPC 127.0.0.1:$grpc (decision reuse: $( ((reuse > 0)) && echo "${reuse}s" || echo off))"
}

# Lines in the setup's decision log (one per decision the policy-service made).
decisions_logged() { # setup
  local file="${CHAIN_DECISION_LOG[$1]}"
  [[ -f "$file" ]] && wc -l <"$file" || echo 0
}
