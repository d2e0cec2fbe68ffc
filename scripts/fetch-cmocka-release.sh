#!/usr/bin/env bash
# fetch-cmocka-release.sh DIR - download cmocka's release archive (the version and
# SHA-256 that cmake/XsockCmocka.cmake pins), check it, unpack it into DIR and print the
# source folder, for -DFETCHCONTENT_SOURCE_DIR_CMOCKA=<folder>. For the GitHub jobs
# (macOS, MSVC, MSYS2, MinGW under Wine) and any machine without apt-get; here,
# scripts/fetch-cmocka-source.sh takes the same source from Debian's source package.
#
# Each place is tried in turn, each with curl's retries; an archive whose SHA-256 differs
# is refused (and removed) whatever its origin. Only curl and cmake are needed (cmake
# computes the hash and unpacks the .tar.xz on every platform).
# XSOCK_CMOCKA_URLS (space-separated) replaces the list, e.g. with a file:// mirror.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
die() { printf 'fetch-cmocka-release: %s\n' "$*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: scripts/fetch-cmocka-release.sh DIR"
pins=$root/cmake/XsockCmocka.cmake
sha=$(grep -oE 'URL_HASH SHA256=[0-9a-f]{64}' "$pins" | cut -d= -f2)
version=$(grep -oE 'cmocka-[0-9]+\.[0-9]+\.[0-9]+\.tar\.xz' "$pins" | head -n 1 |
          sed -E 's/^cmocka-//; s/\.tar\.xz$//')
[ -n "$sha" ] && [ -n "$version" ] || die "no pinned version and SHA-256 in $pins"
# the same places as XsockCmocka.cmake's URL list
default_urls=$(sed -nE 's/^ *(URL +)?(https:[^ ]*cmocka[-_][0-9.]+(\.orig)?\.tar\.xz) *$/\2/p' "$pins")
urls=${XSOCK_CMOCKA_URLS:-$default_urls}
[ -n "$urls" ] || die "no download address in $pins"
command -v curl >/dev/null || die "curl is needed"
command -v cmake >/dev/null || die "cmake is needed"

mkdir -p "$1"
dir=$(cd "$1" && pwd)
src=$dir/cmocka-$version
archive=$dir/cmocka-$version.tar.xz
native() { if command -v cygpath >/dev/null; then cygpath -m "$1"; else printf '%s\n' "$1"; fi; }

if [ -f "$src/CMakeLists.txt" ]; then native "$src"; exit 0; fi

hash_of() { (cd "$dir" && cmake -E sha256sum "$(basename "$1")") | cut -d' ' -f1; }
got=""
for url in $urls; do
    rm -f "$archive"
    echo "fetch-cmocka-release: $url" >&2
    if curl --fail --silent --show-error --location --connect-timeout 20 --max-time 300 \
        --retry 4 --retry-delay 5 --retry-connrefused -o "$archive" "$url"; then
        got=$(hash_of "$archive")
        [ "$got" = "$sha" ] && break
        echo "fetch-cmocka-release: SHA-256 $got from $url, expected $sha: refused" >&2
    fi
    got=""
done
[ -n "$got" ] || { rm -f "$archive"; die "no place gave cmocka $version with SHA-256 $sha"; }
rm -rf "$src"
(cd "$dir" && cmake -E tar xf "$(basename "$archive")")
[ -f "$src/CMakeLists.txt" ] || die "the archive did not unpack into $src"
native "$src"
