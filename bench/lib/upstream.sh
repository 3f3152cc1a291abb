# The origin for bench/run.sh: nginx on 127.0.0.1 serving /small (1 KiB) and /big (BULK_MB MiB,
# a sparse file streamed with sendfile/ssl writes, never held in memory) over HTTP and HTTPS.
# One worker process, access log off: the origin should be the cheapest hop of every setup.
# Sourced. Needs WORK, ORIGIN_HOST, BULK_MB; sets ORIGIN_HTTP_PORT, ORIGIN_HTTPS_PORT, CA_FILE, NGINX_PID.

make_certificates() {
  local dir="$WORK/tls"
  mkdir -p "$dir"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
    -subj "/CN=bench CA" -keyout "$dir/ca.key" -out "$dir/ca.pem" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -subj "/CN=$ORIGIN_HOST" -keyout "$dir/origin.key" -out "$dir/origin.csr" 2>/dev/null
  printf 'subjectAltName=DNS:%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$ORIGIN_HOST" >"$dir/ext.cnf"
  openssl x509 -req -in "$dir/origin.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 2 -extfile "$dir/ext.cnf" -out "$dir/origin.pem" 2>/dev/null
  CA_FILE="$dir/ca.pem"
}

start_origin() {
  local dir="$WORK/nginx"
  mkdir -p "$dir/www" "$dir/tmp"
  head -c 1024 /dev/zero | tr '\0' 'x' >"$dir/www/small"
  truncate -s "${BULK_MB}M" "$dir/www/big"
  make_certificates
  read -r ORIGIN_HTTP_PORT ORIGIN_HTTPS_PORT <<<"$(free_ports 2)"
  cat >"$dir/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
worker_rlimit_nofile 65536;
events { worker_connections 16384; }
http {
  access_log off;
  client_body_temp_path $dir/tmp;
  proxy_temp_path $dir/tmp;
  fastcgi_temp_path $dir/tmp;
  uwsgi_temp_path $dir/tmp;
  scgi_temp_path $dir/tmp;
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 10000000;
  keepalive_timeout 120s;
  root $dir/www;
  server {
    listen 127.0.0.1:$ORIGIN_HTTP_PORT reuseport backlog=4096;
    server_name $ORIGIN_HOST;
  }
  server {
    listen 127.0.0.1:$ORIGIN_HTTPS_PORT ssl reuseport backlog=4096;
    server_name $ORIGIN_HOST;
    ssl_certificate $WORK/tls/origin.pem;
    ssl_certificate_key $WORK/tls/origin.key;
    # Every new tunnel must pay a full handshake.
    ssl_session_cache off;
    ssl_session_tickets off;
  }
}
CONF
  spawn "$dir/stdout.log" nginx -p "$dir" -c "$dir/nginx.conf"
  NGINX_PID=$LAST_PID
  wait_for_port nginx "$ORIGIN_HTTP_PORT" "$NGINX_PID" "$dir/error.log" 20
  wait_for_port nginx "$ORIGIN_HTTPS_PORT" "$NGINX_PID" "$dir/error.log" 20
  log "origin: nginx http=127.0.0.1:$ORIGIN_HTTP_PORT https=127.0.0.1:$ORIGIN_HTTPS_PORT (/small 1 KiB, /big ${BULK_MB} MiB)"
}
