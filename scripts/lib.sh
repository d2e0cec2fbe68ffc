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

# Wine, started once per run with its services detached from our pipes (otherwise
# ctest can hang on the output pipe that Wine's services keep open).
wine_start() {
    export WINEPREFIX=${WINEPREFIX:-$XSOCK_BUILD/wine-prefix} WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
    if [ ! -f "$WINEPREFIX/system.reg" ]; then
        mkdir -p "$WINEPREFIX"
        wineboot -i </dev/null >/dev/null 2>&1 || true
        wineserver -w
    fi
    wineserver -p30
    wineboot </dev/null >/dev/null 2>&1 || true
}

wine_stop() { [ -n "${WINEPREFIX:-}" ] && wineserver -k >/dev/null 2>&1 || true; }

# cmocka's source for MinGW builds (Debian's source package, cached under build/).
cmocka_source() { "$XSOCK_ROOT/scripts/fetch-cmocka-source.sh" "$XSOCK_BUILD/cmocka-src"; }
