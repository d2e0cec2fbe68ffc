#!/usr/bin/env bash
# Fetch cmocka's source from Debian's source package into a cache folder, without
# touching the system's apt configuration, and print the unpacked directory.
# Used to build cmocka for MinGW (no GitHub access on this workplace).
# Usage: scripts/fetch-cmocka-source.sh [CACHE_DIR]   (default: .cache/cmocka)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${1:-$root/.cache/cmocka}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd) # apt-get takes relative folders as relative to /etc/apt
existing=$(find "$cache" -mindepth 1 -maxdepth 1 -type d -name 'cmocka-*' 2>/dev/null | head -n 1 || true)
if [ -n "$existing" ] && [ -f "$existing/CMakeLists.txt" ]; then
    echo "$existing"
    exit 0
fi
command -v apt-get >/dev/null || { echo "fetch-cmocka: apt-get is needed to fetch Debian's cmocka source" >&2; exit 1; }
command -v dpkg-source >/dev/null || { echo "fetch-cmocka: dpkg-source is needed (package dpkg-dev)" >&2; exit 1; }
# Debian's own suite; on Ubuntu and other derivatives, Debian 12's (the source is the same)
suite=$(. /etc/os-release && if [ "${ID:-}" = debian ]; then echo "${VERSION_CODENAME:-bookworm}"; else echo bookworm; fi)
# the mirror the system already uses for Debian's main archive, if it names one
uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
      grep -oE 'https?://[^ ]*/debian/?( |$)' | head -n 1 | tr -d ' ' || true)
uri=${uri:-http://deb.debian.org/debian}
mkdir -p "$cache/apt/lists/partial" "$cache/apt/cache/archives/partial" "$cache/apt/parts"
cat > "$cache/apt/parts/cmocka-src.sources" <<SRC
Types: deb-src
URIs: $uri
Suites: $suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
apt_opts=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$cache/apt/parts"
          -o "Dir::State::Lists=$cache/apt/lists" -o "Dir::Cache=$cache/apt/cache"
          -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
apt-get "${apt_opts[@]}" -qq update >&2
( cd "$cache" && apt-get "${apt_opts[@]}" -qq source --download-only cmocka >&2 )
dsc=$(ls "$cache"/cmocka_*.dsc | head -n 1)
( cd "$cache" && dpkg-source --no-check -x "$dsc" >&2 )
find "$cache" -mindepth 1 -maxdepth 1 -type d -name 'cmocka-*' | head -n 1
