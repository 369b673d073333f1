# Shared by scripts/demo and scripts/test: install what Plietsch needs on a
# Debian/Ubuntu machine and prepare the virtual environment in .venv.
# Sourced, not executed: it sets VENV_PY for the caller.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
VENV_PY="$VENV/bin/python"

# Build and runtime libraries: pyscard compiles against pcsc-lite; pcscd needs the
# CCID driver (libccid) for USB readers; Qt needs the xcb and EGL libraries for a window.
RUNTIME_DEBS=(libpcsclite-dev swig gcc python3-dev pcscd libccid libegl1 libgl1 libxkbcommon0
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
  libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libdbus-1-3
  libfontconfig1 fonts-dejavu-core)

apt_install() {
  # Installs only what is missing; needs root (CI runs as root) or sudo.
  local missing=()
  for pkg in "$@"; do
    is_installed "$pkg" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      echo "Missing Debian packages: ${missing[*]} (run as root to install them)" >&2
      return 0
    fi
  fi
  echo "Installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

has_candidate() {
  # True when apt knows an installable version of $1 (apt-cache policy: "Candidate: X").
  local candidate
  candidate="$(apt-cache policy "$1" 2>/dev/null | awk '$1 == "Candidate:" { print $2 }')"
  [ -n "$candidate" ] && [ "$candidate" != "(none)" ]
}

ausweisapp_deb() {
  # Prints the Debian package of the AusweisApp: Debian 13 (trixie) ships 2.x as
  # "ausweisapp" (binary AusweisApp), Debian 12 ships 1.x as "ausweisapp2" (binary
  # AusweisApp2); the kiosk runs either. One already installed is kept (a second run
  # changes nothing); with empty package lists (a fresh machine) they are read first.
  local pkg
  for pkg in ausweisapp ausweisapp2; do
    if is_installed "$pkg"; then echo "$pkg"; return 0; fi
  done
  if ! has_candidate ausweisapp && ! has_candidate ausweisapp2; then
    if [ "$(id -u)" -eq 0 ]; then apt-get update -qq >&2 || true
    elif command -v sudo >/dev/null; then sudo apt-get update -qq >&2 || true; fi
  fi
  if has_candidate ausweisapp; then echo ausweisapp; else echo ausweisapp2; fi
}

make_venv() {
  # $1: pip extras spec, e.g. "." or ".[test]"
  if [ ! -x "$VENV_PY" ]; then
    python3 -m venv "$VENV" 2>/dev/null || { apt_install python3-venv; python3 -m venv "$VENV"; }
  fi
  "$VENV_PY" -m pip install -q --upgrade pip >/dev/null
  "$VENV_PY" -m pip install -q -e "$ROOT$1"
}
