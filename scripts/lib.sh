# lib.sh - helpers shared by scripts/test.sh and scripts/demo.sh. Source it.
# shellcheck shell=bash

XSOCK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
XSOCK_BUILD=${XSOCK_BUILD:-$XSOCK_ROOT/build}
XSOCK_JOBS=${XSOCK_JOBS:-$(nproc 2>/dev/null || echo 2)}

say() { printf '\n==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ensure_packages PKG...: install the Debian packages that are missing (as root), or
# stop with the list to install.
ensure_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep "install ok installed" >/dev/null ||
            missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        die "missing packages: ${missing[*]} (run this script as root to install them, or: sudo apt-get install ${missing[*]})"
    fi
    command -v apt-get >/dev/null || die "missing packages: ${missing[*]}, and no apt-get to install them"
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null || die "apt-get update failed"
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
        die "apt-get install ${missing[*]} failed"
}

# The generator: Ninja when present, else Make.
cmake_generator() { command -v ninja >/dev/null && echo Ninja || echo "Unix Makefiles"; }

# Wine: one session per run, started by tests/wine/wine.sh with its services detached
# from our pipes (otherwise a test can hang on the pipe that Wine's services keep open).
# ctest starts and stops its own session (a fixture) when none is running.
wine_prefix() {
    export WINEPREFIX=${WINEPREFIX:-$XSOCK_BUILD/wine-prefix} WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
}
wine_start() { wine_prefix; bash "$XSOCK_ROOT/tests/wine/wine.sh" start "${1:-scripts}"; }
# wine_stop [OWNER]: stop the session; fails if wineserver aborted during it.
wine_stop() { [ -n "${WINEPREFIX:-}" ] || return 0; bash "$XSOCK_ROOT/tests/wine/wine.sh" stop "${1:-}"; }

# cmocka's source for MinGW builds (Debian's source package, cached under build/).
cmocka_source() { "$XSOCK_ROOT/scripts/fetch-cmocka-source.sh" "$XSOCK_BUILD/cmocka-src"; }
