#!/usr/bin/env bash
# Builds (once) a Debian trixie root file system with trixie's `ausweisapp` 2.x in it, so the
# tests can run a real AusweisApp 2.x on this Debian 12 machine (bookworm only has 1.26.2).
#
#   scripts/ausweisapp-trixie-root.sh            build it unless it is there; print its path
#   scripts/ausweisapp-trixie-root.sh --rebuild  throw the old one away first
#
# Needs root (debootstrap, chroot). The root is cached outside the repository at
# $PLIETSCH_TRIXIE_ROOT (default /var/cache/plietsch/trixie-ausweisapp), shared by every
# checkout on the machine; a lock keeps two concurrent builds apart, and the root is built
# beside its final place and renamed into it only when complete, so a reader never sees a
# half-built one. tests/eid/conftest.py finds it at the same path.
set -euo pipefail

ROOT_DIR="${PLIETSCH_TRIXIE_ROOT:-/var/cache/plietsch/trixie-ausweisapp}"
MIRROR="${PLIETSCH_TRIXIE_MIRROR:-http://deb.debian.org/debian}"
READY="$ROOT_DIR/.plietsch-ready"
LOCK="$(dirname "$ROOT_DIR")/.$(basename "$ROOT_DIR").lock"

if [ "${1:-}" = "--rebuild" ]; then REBUILD=1; else REBUILD=0; fi

if [ "$REBUILD" = 0 ] && [ -f "$READY" ]; then
  echo "$ROOT_DIR"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "building the trixie AusweisApp root needs root (debootstrap, chroot)" >&2
  exit 1
fi
if ! command -v debootstrap >/dev/null; then
  echo "debootstrap is missing: apt-get install debootstrap" >&2
  exit 1
fi

mkdir -p "$(dirname "$ROOT_DIR")"
exec 9>"$LOCK"
flock 9  # another checkout may be building it right now: wait for it
if [ "$REBUILD" = 0 ] && [ -f "$READY" ]; then
  echo "$ROOT_DIR"
  exit 0
fi

WORK="$ROOT_DIR.building.$$"
cleanup() { rm -rf --one-file-system "$WORK"; }
trap cleanup EXIT
rm -rf --one-file-system "$ROOT_DIR".building.*
echo "building the trixie root with ausweisapp in $ROOT_DIR (about a minute)" >&2
debootstrap --variant=minbase trixie "$WORK" "$MIRROR" >"$WORK.log" 2>&1 \
  || { tail -n 30 "$WORK.log" >&2; rm -f "$WORK.log"; exit 1; }
rm -f "$WORK.log"
cp /etc/resolv.conf "$WORK/etc/resolv.conf" 2>/dev/null || true
# no daemons may start inside the chroot while packages install
printf '#!/bin/sh\nexit 101\n' >"$WORK/usr/sbin/policy-rc.d"
chmod +x "$WORK/usr/sbin/policy-rc.d"
chroot "$WORK" apt-get update -qq
DEBIAN_FRONTEND=noninteractive chroot "$WORK" \
  apt-get install -y -qq --no-install-recommends ausweisapp ca-certificates >/dev/null
chroot "$WORK" apt-get clean
VERSION="$(chroot "$WORK" dpkg-query -W -f='${Version}' ausweisapp)"
echo "ausweisapp $VERSION" >"$WORK/.plietsch-ready"
rm -rf --one-file-system "$ROOT_DIR"
mv "$WORK" "$ROOT_DIR"
trap - EXIT
echo "trixie root ready: ausweisapp $VERSION" >&2
echo "$ROOT_DIR"
