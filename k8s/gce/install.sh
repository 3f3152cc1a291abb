#!/usr/bin/env bash
# Installs or upgrades tier 2 (egress-proxy) on a Debian/Ubuntu GCE VM. Run as root from an
# unpacked release bundle (see k8s/README.md, "Tier 2 on the GCE VM"):
#   egress-proxy-<version>/quarkus-app/   the packaged app (egress-proxy/target/quarkus-app)
#   egress-proxy-<version>/gce/           this directory
# Idempotent: re-running with a new bundle upgrades; the environment file is kept if present.
set -euo pipefail

BUNDLE="$(cd "$(dirname "$0")/.." && pwd)"
VERSION="${1:-$(basename "$BUNDLE")}"
PREFIX=/opt/egress-proxy
CONF=/etc/egress-proxy
UNIT=/etc/systemd/system/egress-proxy.service

[[ "$(id -u)" == 0 ]] || { echo "install.sh: run as root" >&2; exit 1; }
[[ -f "$BUNDLE/quarkus-app/quarkus-run.jar" ]] || { echo "install.sh: $BUNDLE/quarkus-app/quarkus-run.jar missing" >&2; exit 1; }

if ! command -v java >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless ca-certificates
fi

# Each version in its own directory; the "quarkus-app" symlink is switched atomically.
install -d -m 0755 "$PREFIX/releases"
rm -rf "$PREFIX/releases/$VERSION"
cp -a "$BUNDLE/quarkus-app" "$PREFIX/releases/$VERSION"
chmod -R a+rX,go-w "$PREFIX/releases/$VERSION"
ln -sfn "releases/$VERSION" "$PREFIX/quarkus-app.new"
mv -T "$PREFIX/quarkus-app.new" "$PREFIX/quarkus-app"

install -d -m 0755 "$CONF"
if [[ ! -f "$CONF/egress-proxy.env" ]]; then
  install -m 0644 "$BUNDLE/gce/egress-proxy.env" "$CONF/egress-proxy.env"
  echo "install.sh: wrote $CONF/egress-proxy.env - set QUARKUS_GRPC_CLIENTS_POLICY_HOST before traffic arrives"
fi
# Regenerated on every install: the flags depend on the java version now installed.
echo "JAVA_NATIVE_FLAGS=$(bash "$BUNDLE/gce/java-native-flags.sh" /usr/bin/java)" >"$CONF/java.env"
chmod 0644 "$CONF/java.env"
install -m 0644 "$BUNDLE/gce/egress-proxy.service" "$UNIT"
systemd-analyze verify "$UNIT"

systemctl daemon-reload
systemctl enable egress-proxy.service
# A restart drains: SIGTERM, then open tunnels get TimeoutStopSec to finish. For zero dropped
# tunnels run two VMs behind the edge's parent pool and upgrade one at a time (k8s/README.md).
systemctl restart egress-proxy.service
for _ in $(seq 1 60); do
  if curl -fsS http://127.0.0.1:8282/q/health/ready >/dev/null 2>&1; then
    echo "install.sh: egress-proxy $VERSION is ready"
    exit 0
  fi
  sleep 1
done
echo "install.sh: egress-proxy did not become ready; see journalctl -u egress-proxy" >&2
exit 1
