# Our chain: policy-service <- egress-proxy (tier 2) <- edge-proxy (tier 1), the packaged jars,
# with the policy checked at both tiers for every request and tunnel.
# Sourced. Needs ROOT, WORK, ORIGIN_HOST, HOSTS_FILE, JVM_OPTS (array), JFR_DIR (may be empty);
# sets OUR_EDGE_PORT, OUR_EGRESS_PORT, OUR_PIDS, POLICY_PID, EGRESS_PID, EDGE_PID.

APPS=(policy-service egress-proxy edge-proxy)

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
write_bench_policy() {
  local dir="$WORK/policy" file rel
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
  BENCH_POLICY_DIR="$dir"
}

jfr_opts() { # app
  [[ -n "$JFR_DIR" ]] || return 0
  echo "-XX:StartFlightRecording=filename=$JFR_DIR/$1.jfr,settings=profile,dumponexit=true"
}

start_our_chain() {
  local dir="$WORK/ours" grpc http_policy http_egress http_edge
  mkdir -p "$dir"
  build_jars_if_missing
  snapshot_apps
  write_bench_policy
  read -r OUR_EDGE_PORT OUR_EGRESS_PORT grpc http_policy http_egress http_edge <<<"$(free_ports 6)"
  OUR_PIDS=()

  spawn "$dir/policy-service.log" java "${JVM_OPTS[@]}" $(jfr_opts policy-service) \
    -Dpolicy.dir="$BENCH_POLICY_DIR" -Dpolicy.watch=false \
    -Dpolicy.decision-log.file="$dir/decisions.log" \
    -Dquarkus.grpc.server.host=127.0.0.1 -Dquarkus.grpc.server.port="$grpc" \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$http_policy" \
    -jar "$APP_DIR/policy-service/quarkus-run.jar"
  POLICY_PID=$LAST_PID
  OUR_PIDS+=("$LAST_PID")
  wait_for_port policy-service "$grpc" "$LAST_PID" "$dir/policy-service.log"

  spawn "$dir/egress-proxy.log" java "${JVM_OPTS[@]}" $(jfr_opts egress-proxy) \
    -Degress.listen.host=127.0.0.1 -Degress.listen.port="$OUR_EGRESS_PORT" \
    -Degress.hosts-file="$HOSTS_FILE" \
    -Dquarkus.grpc.clients.policy.host=127.0.0.1 -Dquarkus.grpc.clients.policy.port="$grpc" \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$http_egress" \
    -jar "$APP_DIR/egress-proxy/quarkus-run.jar"
  EGRESS_PID=$LAST_PID
  OUR_PIDS+=("$LAST_PID")
  wait_for_port egress-proxy "$OUR_EGRESS_PORT" "$LAST_PID" "$dir/egress-proxy.log"

  spawn "$dir/edge-proxy.log" java "${JVM_OPTS[@]}" $(jfr_opts edge-proxy) \
    -Dedge.listen.host=127.0.0.1 -Dedge.listen.port="$OUR_EDGE_PORT" \
    -Dedge.parent.host=127.0.0.1 -Dedge.parent.port="$OUR_EGRESS_PORT" \
    -Dedge.shutdown.drain-timeout=1s \
    -Dedge.identities.\"127.0.0.1/32\".namespace=bench \
    -Dedge.identities.\"127.0.0.1/32\".service-account=bench \
    -Dquarkus.grpc.clients.policy.host=127.0.0.1 -Dquarkus.grpc.clients.policy.port="$grpc" \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$http_edge" \
    -jar "$APP_DIR/edge-proxy/quarkus-run.jar"
  EDGE_PID=$LAST_PID
  OUR_PIDS+=("$LAST_PID")
  wait_for_port edge-proxy "$OUR_EDGE_PORT" "$LAST_PID" "$dir/edge-proxy.log"
  log "our chain: edge 127.0.0.1:$OUR_EDGE_PORT -> egress 127.0.0.1:$OUR_EGRESS_PORT, policy-service gRPC 127.0.0.1:$grpc"
}
