# The reference: a two-tier Squid chain like today's production.
#   tier 1: cache_peer parent (tier 2) + never_direct allow all
#   tier 2: goes direct, names resolved from a hosts file (127.0.0.1 for the bench origin)
# Both with src and dstdomain ACLs, caching off for the bench objects (cache deny all),
# one worker each (Squid's default), access logs on (daemon module, like a default install).
# Sourced. Needs WORK, ORIGIN_HOST, ORIGIN_HTTP_PORT, ORIGIN_HTTPS_PORT, HOSTS_FILE;
# sets SQUID_EDGE_PORT, SQUID_EGRESS_PORT, SQUID_PIDS (egress, edge) and SETUP_PORT/SETUP_PIDS[squid].

write_squid_conf() { # name port [parent-port]
  local name="$1" port="$2" parent="${3:-}" dir="$WORK/squid-$1"
  mkdir -p "$dir"
  cat >"$dir/squid.conf" <<CONF
http_port 127.0.0.1:$port
visible_hostname bench-squid-$name
pid_filename $dir/squid.pid
cache_log $dir/cache.log
access_log daemon:$dir/access.log squid
coredump_dir $dir
cache_effective_user proxy
max_filedescriptors 65536
shutdown_lifetime 1 seconds
hosts_file $HOSTS_FILE

acl bench_src src 127.0.0.1/32
acl bench_dst dstdomain $ORIGIN_HOST
acl bench_ports port $ORIGIN_HTTP_PORT $ORIGIN_HTTPS_PORT
http_access deny !bench_ports
http_access allow bench_src bench_dst
http_access deny all

cache deny all
CONF
  if [[ -n "$parent" ]]; then
    cat >>"$dir/squid.conf" <<CONF
cache_peer 127.0.0.1 parent $parent 0 no-query no-digest default name=tier2
never_direct allow all
CONF
  fi
  chown -R proxy:proxy "$dir"
}

start_squid() { # name port
  local name="$1" port="$2" dir="$WORK/squid-$1"
  squid -k parse -f "$dir/squid.conf" >"$dir/parse.log" 2>&1 || { cat "$dir/parse.log" >&2; die "squid $name: bad config"; }
  # -N: stay in the foreground as one process, so the pid we hold is squid itself.
  spawn "$dir/stdout.log" squid -N -f "$dir/squid.conf"
  SQUID_PIDS+=("$LAST_PID")
  wait_for_port "squid-$name" "$port" "$LAST_PID" "$dir/cache.log" 30
}

start_squid_chain() {
  SQUID_PIDS=()
  read -r SQUID_EDGE_PORT SQUID_EGRESS_PORT <<<"$(free_ports 2)"
  write_squid_conf egress "$SQUID_EGRESS_PORT"
  write_squid_conf edge "$SQUID_EDGE_PORT" "$SQUID_EGRESS_PORT"
  start_squid egress "$SQUID_EGRESS_PORT"
  start_squid edge "$SQUID_EDGE_PORT"
  SETUP_PORT[squid]="$SQUID_EDGE_PORT"
  SETUP_PIDS[squid]="${SQUID_PIDS[*]}"
  log "squid chain: tier 1 127.0.0.1:$SQUID_EDGE_PORT -> tier 2 127.0.0.1:$SQUID_EGRESS_PORT ($(squid -v | head -1))"
}
