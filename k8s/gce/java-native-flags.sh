#!/usr/bin/env bash
# Prints the JVM flags that open the foreign linker on the given java (default: java on PATH), with
# which the proxies enlarge their splice pipes (fewer syscalls and wake-ups per relayed byte; see
# libs/proxy-core SplicePipes). Java 17-18 need the incubating module, Java 22+ only native access;
# on other versions it prints nothing and the proxies keep the kernel's 64 KiB pipes.
# Used by install.sh (this VM), run-local.sh and bench/; the container images set the Java 17 flags.
set -euo pipefail
java="${1:-java}"
version="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"
case "$version" in
  17 | 18) echo "--add-modules=jdk.incubator.foreign --enable-native-access=ALL-UNNAMED" ;;
  *) if [[ "$version" =~ ^[0-9]+$ ]] && ((version >= 22)); then echo "--enable-native-access=ALL-UNNAMED"; fi ;;
esac
