#!/usr/bin/env bash
# Provides a private Docker engine and a locally built Java 17 base image for the container tests
# in deploy-tests/, on a machine where no image can be pulled.
#
#   eval "$(bash .ci/docker-setup.sh)"     start (idempotent); prints `export ...` lines on success
#   bash .ci/docker-setup.sh --stop        stop the engine this script started (by its PID)
#
# * dockerd runs on its own socket, data and exec directories, with no bridge and no firewall
#   changes, so it never touches the host's network; containers use host networking only.
# * The base image is a `debootstrap --variant=minbase bookworm` root with openjdk-17-jre-headless
#   and ca-certificates, imported with `docker import`. Its root tarball is cached under
#   /var/cache so later runs on the same machine skip debootstrap (the engine's data directory
#   survives too, so usually the image is simply still there).
# * Never fails the caller: on any problem it explains on stderr, prints no exports and exits 0;
#   the container tests then skip with a message saying what is missing. When it succeeds it also
#   exports DEPLOY_TESTS_REQUIRE_DOCKER=true, so the container tests can no longer skip silently.
#
# Also installs systemd-analyze (package systemd) for the unit check in deploy-tests.
set -uo pipefail

STATE_DIR="${EGRESS_DOCKER_STATE_DIR:-/run/egress-ci-docker}"
SOCKET="$STATE_DIR/docker.sock"
PIDFILE="$STATE_DIR/dockerd.pid"
EXEC_ROOT="$STATE_DIR/exec"
LOG="$STATE_DIR/dockerd.log"
ENV_FILE="$STATE_DIR/env"
DATA_ROOT="${EGRESS_DOCKER_DATA_ROOT:-/var/lib/egress-ci-docker}"
CACHE_DIR="${EGRESS_DOCKER_CACHE_DIR:-/var/cache/egress-ci}"
SUITE=bookworm
BASE_IMAGE="egress-ci/jre17-base:$SUITE"
BASE_TARBALL="$CACHE_DIR/jre17-base-$SUITE-rootfs.tar.gz"
# Docker API version the engine of Debian bookworm (docker.io 20.10) speaks; Testcontainers 2.x
# asks for 1.44 unless told otherwise.
API_VERSION_FALLBACK=1.41

log() { echo "docker-setup: $*" >&2; }
docker_cli() { DOCKER_HOST="unix://$SOCKET" docker "$@"; }
engine_answers() { [[ -S "$SOCKET" ]] && docker_cli version --format '{{.Server.APIVersion}}' >/dev/null 2>&1; }

stop_engine() {
  if [[ ! -f "$PIDFILE" ]]; then
    log "no dockerd started by this script is running"
    return 0
  fi
  local pid
  pid="$(cat "$PIDFILE")"
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping dockerd (pid $pid)"
    kill -TERM "$pid"
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      log "dockerd (pid $pid) did not stop in 30s; killing it"
      kill -KILL "$pid" 2>/dev/null
    fi
  fi
  rm -f "$PIDFILE" "$ENV_FILE"
  return 0
}

install_missing() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v docker >/dev/null 2>&1 || missing+=(docker.io)
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
  ((${#missing[@]})) || return 0
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # The packaged docker service must not start: it would create a bridge and iptables rules.
  local guard=""
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    guard=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' >"$guard" && chmod +x "$guard"
  fi
  local rc=0
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >&2 || rc=$?
  [[ -n "$guard" ]] && rm -f "$guard"
  return $rc
}

start_engine() {
  mkdir -p "$STATE_DIR" "$EXEC_ROOT" "$DATA_ROOT"
  if engine_answers; then
    log "dockerd already answers on $SOCKET"
    return 0
  fi
  if [[ -f "$PIDFILE" ]] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
    log "dockerd (pid $(cat "$PIDFILE")) is running but does not answer; restarting it"
    stop_engine
  fi
  rm -f "$SOCKET" "$PIDFILE"
  log "starting dockerd on $SOCKET (data $DATA_ROOT, log $LOG)"
  # setsid: the engine must outlive this script and not receive the caller's terminal signals.
  setsid dockerd \
    --host "unix://$SOCKET" \
    --data-root "$DATA_ROOT" \
    --exec-root "$EXEC_ROOT" \
    --pidfile "$PIDFILE" \
    --bridge=none --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false \
    </dev/null >"$LOG" 2>&1 &
  for _ in $(seq 1 300); do
    engine_answers && return 0
    sleep 0.2
  done
  log "dockerd did not answer within 60s; last lines of $LOG:"
  tail -n 20 "$LOG" >&2
  return 1
}

# Builds the minimal Debian root with a Java 17 runtime and caches it as a tarball.
build_base_tarball() {
  local mirror work
  mirror="${DEBIAN_MIRROR:-$(debian_mirror)}"
  work="$(mktemp -d /var/tmp/egress-base.XXXXXX)"
  log "debootstrap --variant=minbase $SUITE from $mirror (takes about a minute)"
  if ! debootstrap --variant=minbase "$SUITE" "$work/root" "$mirror" >"$work/debootstrap.log" 2>&1; then
    log "debootstrap failed; last lines:"; tail -n 20 "$work/debootstrap.log" >&2
    rm -rf "$work"; return 1
  fi
  # The Java certificate store is generated by a postinst that runs java, which needs /proc.
  mount -t proc proc "$work/root/proc"
  printf '#!/bin/sh\nexit 101\n' >"$work/root/usr/sbin/policy-rc.d"
  chmod +x "$work/root/usr/sbin/policy-rc.d"
  local ok=0
  chroot "$work/root" /bin/sh -c 'export DEBIAN_FRONTEND=noninteractive;
      apt-get update -qq && apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless ca-certificates' \
      >"$work/apt.log" 2>&1 || ok=1
  umount "$work/root/proc"
  if ((ok != 0)); then
    log "installing Java into the base root failed; last lines:"; tail -n 20 "$work/apt.log" >&2
    rm -rf "$work"; return 1
  fi
  rm -f "$work/root/usr/sbin/policy-rc.d"
  rm -rf "$work/root/var/cache/apt/archives/"*.deb "$work/root/var/lib/apt/lists/"* \
         "$work/root/usr/share/doc" "$work/root/usr/share/man" "$work/root/usr/share/locale"
  mkdir -p "$CACHE_DIR"
  tar --numeric-owner -C "$work/root" -czf "$BASE_TARBALL.tmp" . && mv "$BASE_TARBALL.tmp" "$BASE_TARBALL"
  local rc=$?
  rm -rf "$work"
  return $rc
}

# The Debian mirror apt already uses on this machine (deb822 or one-line sources).
debian_mirror() {
  local uri
  uri="$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -n1)"
  [[ -z "$uri" ]] && uri="$(grep -h '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | grep -v security | head -n1)"
  echo "${uri:-http://deb.debian.org/debian}"
}

ensure_base_image() {
  if docker_cli image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    log "base image $BASE_IMAGE present"
    return 0
  fi
  if [[ ! -s "$BASE_TARBALL" ]]; then
    build_base_tarball || return 1
  else
    log "using cached base root $BASE_TARBALL"
  fi
  log "importing $BASE_IMAGE"
  docker_cli import \
    --change 'ENV LANG=C.UTF-8' \
    --change 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' \
    --change 'CMD ["/bin/bash"]' \
    "$BASE_TARBALL" "$BASE_IMAGE" >/dev/null
}

print_exports() {
  local api
  api="$(docker_cli version --format '{{.Server.APIVersion}}' 2>/dev/null || echo "$API_VERSION_FALLBACK")"
  cat >"$ENV_FILE" <<ENV
DOCKER_HOST=unix://$SOCKET
DOCKER_API_VERSION=$api
DOCKER_BUILDKIT=0
TESTCONTAINERS_RYUK_DISABLED=true
TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
DEPLOY_TESTS_BASE_IMAGE=$BASE_IMAGE
DEPLOY_TESTS_REQUIRE_DOCKER=true
ENV
  sed 's/^/export /' "$ENV_FILE"
  log "ready: DOCKER_HOST=unix://$SOCKET, base image $BASE_IMAGE (also written to $ENV_FILE)"
}

main() {
  if [[ "${1:-}" == "--stop" ]]; then
    stop_engine
    return 0
  fi
  if [[ "$(id -u)" != 0 ]]; then
    log "needs root (starts dockerd, runs debootstrap); the container tests will skip"
    return 0
  fi
  install_missing || { log "could not install the needed packages; the container tests will skip"; return 0; }
  start_engine || { log "no Docker engine; the container tests will skip"; return 0; }
  ensure_base_image || { log "no base image; the container tests will skip"; return 0; }
  print_exports
}

main "$@"
exit 0
