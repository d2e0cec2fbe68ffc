#!/usr/bin/env bash
# release.sh - the files of a release, made from a tag:
#   OUT/xsock-X.Y.Z.tar.gz         `git archive` of the tag, everything under xsock-X.Y.Z/
#   OUT/xsock-X.Y.Z.tar.gz.sha256  its SHA-256, as `sha256sum -c` reads it (Conan, Meson)
#   OUT/xsock-X.Y.Z.tar.gz.sha512  its SHA-512, likewise (vcpkg_download_distfile)
#   OUT/xsock-X.Y.Z-notes.md       the CHANGELOG.md section "## [X.Y.Z]" of the tag
# The tag must be vX.Y.Z, X.Y.Z the version in the tag's include/xsock.h, and the tag's
# CHANGELOG.md must have that section (the [Unreleased] notes renamed when releasing).
# Nothing is pushed or published; docs/packaging.md says what to do with the files.
#
# Usage: scripts/release.sh [-C REPO] TAG [OUT]   (OUT default: REPO/out/release)
#        scripts/release.sh --self-test           (a temporary tag in a temporary clone)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

die() { printf 'release: %s\n' "$*" >&2; exit 1; }

# digest BITS FILE: the SHA-256 or SHA-512 of FILE in hex.
digest() {
    if command -v "sha$1sum" >/dev/null; then "sha$1sum" "$2" | cut -d' ' -f1
    else shasum -a "$1" "$2" | cut -d' ' -f1; fi
}

# notes_of VERSION < CHANGELOG: the section's lines, without its heading.
notes_of() {
    awk -v v="$1" '
        /^## \[/ { if (found) exit; if (index($0, "## [" v "]") == 1) { found = 1; next } }
        found { print }
        END { if (!found) exit 1 }'
}

release() {
    local repo=$1 tag=$2 out=$3 version header_version notes archive bits
    git -C "$repo" rev-parse -q --verify "refs/tags/$tag" >/dev/null || die "no tag $tag in $repo"
    [[ $tag =~ ^v([0-9]+\.[0-9]+\.[0-9]+)$ ]] || die "tag $tag is not vX.Y.Z"
    version=${BASH_REMATCH[1]}
    header_version=$(git -C "$repo" show "$tag:include/xsock.h" |
        sed -nE 's/^#define XSOCK_VERSION_(MAJOR|MINOR|PATCH) ([0-9]+)$/\2/p' | paste -sd. -)
    [ "$header_version" = "$version" ] ||
        die "tag $tag, but include/xsock.h at the tag says version $header_version"
    notes=$(git -C "$repo" show "$tag:CHANGELOG.md" | notes_of "$version") ||
        die "CHANGELOG.md at $tag has no section '## [$version]' (rename [Unreleased] when releasing)"
    [ -n "$(tr -d '[:space:]' <<<"$notes")" ] || die "the CHANGELOG section of $version is empty"
    mkdir -p "$out"
    archive=$out/xsock-$version.tar.gz
    git -C "$repo" archive --format=tar.gz --prefix="xsock-$version/" -o "$archive" "$tag"
    for bits in 256 512; do
        (cd "$out" && printf '%s  %s\n' "$(digest "$bits" "xsock-$version.tar.gz")" \
            "xsock-$version.tar.gz" >"xsock-$version.tar.gz.sha$bits")
    done
    printf '%s\n' "$notes" | sed -e '/./,$!d' >"$out/xsock-$version-notes.md"
    echo "release: $archive"
    echo "release: sha256 $(cut -d' ' -f1 "$archive.sha256")"
    echo "release: notes $out/xsock-$version-notes.md ($(wc -l <"$out/xsock-$version-notes.md") lines)"
}

# self_test: tag a release in a throwaway clone of this repository's HEAD (the real
# repository gets no tag), make the files, check them, and check the refusals.
self_test() {
    local version clone out got
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    clone=$tmp/repo
    out=$tmp/out
    # (upload-pack runs without our -c settings: it gets its own)
    git "${trust[@]}" clone -q --no-local --upload-pack="git -c safe.directory=* upload-pack" \
        "$root" "$clone"
    version=$(sed -nE 's/^#define XSOCK_VERSION_(MAJOR|MINOR|PATCH) ([0-9]+)$/\2/p' \
        "$clone/include/xsock.h" | paste -sd. -)
    git_c() { git -C "$clone" -c user.name=release-test -c user.email=release-test@invalid "$@"; }
    if ! grep -qF "## [$version]" "$clone/CHANGELOG.md"; then
        # no section for the version yet: refused
        git_c tag -a "v$version" -m "not ready"
        ! (release "$clone" "v$version" "$tmp/bad" >/dev/null 2>&1) ||
            die "self-test: a tag without its CHANGELOG section was released"
        git_c tag -d "v$version" >/dev/null
        # the release commit: [Unreleased] becomes [X.Y.Z] under a new, empty [Unreleased]
        awk -v v="$version" -v d="$(date -u +%Y-%m-%d)" '
            { print }
            /^## \[Unreleased\]$/ && !done { print ""; print "## [" v "] - " d; done = 1 }' \
            "$clone/CHANGELOG.md" >"$tmp/CHANGELOG.md"
        cp "$tmp/CHANGELOG.md" "$clone/CHANGELOG.md"
        git_c commit -q -am "Release $version (self-test)"
    fi
    git_c tag -a "v$version" -m "xsock $version (self-test)"
    release "$clone" "v$version" "$out"
    (cd "$out" && sha256sum -c "xsock-$version.tar.gz.sha256" >/dev/null &&
        sha512sum -c "xsock-$version.tar.gz.sha512" >/dev/null) ||
        die "self-test: the checksums do not verify"
    got=$(tar -tzf "$out/xsock-$version.tar.gz")
    for f in CMakeLists.txt include/xsock.h src/common/socket.c cmake/xsockConfig.cmake.in \
             dist/xsock.c LICENSE CHANGELOG.md; do
        grep -qx "xsock-$version/$f" <<<"$got" || die "self-test: $f is missing from the archive"
    done
    ! grep -qv "^xsock-$version/" <<<"$got" || die "self-test: files outside xsock-$version/"
    [ -s "$out/xsock-$version-notes.md" ] || die "self-test: empty notes"
    grep -q '^### ' "$out/xsock-$version-notes.md" || die "self-test: the notes lack the section's headings"
    ! grep -q '^## ' "$out/xsock-$version-notes.md" || die "self-test: the notes run into another section"
    # the same tag gives the same bytes (a checksum people can pin)
    mkdir -p "$tmp/again"
    release "$clone" "v$version" "$tmp/again" >/dev/null
    cmp -s "$out/xsock-$version.tar.gz" "$tmp/again/xsock-$version.tar.gz" ||
        die "self-test: two archives of one tag differ"
    # refusals: a tag whose version is not the header's, a tag that is not vX.Y.Z
    git_c tag -a "v9.9.9" -m "wrong version"
    ! (release "$clone" v9.9.9 "$tmp/bad" >/dev/null 2>&1) || die "self-test: v9.9.9 was released"
    git_c tag -a "$version" -m "no v"
    ! (release "$clone" "$version" "$tmp/bad" >/dev/null 2>&1) || die "self-test: tag $version was released"
    # the archive builds the library (nothing needed from the git repository)
    tar -xzf "$out/xsock-$version.tar.gz" -C "$tmp"
    cmake -S "$tmp/xsock-$version" -B "$tmp/build" -DXSOCK_BUILD_TESTS=OFF \
        -DXSOCK_BUILD_EXAMPLES=OFF >"$tmp/build.log" 2>&1 &&
        cmake --build "$tmp/build" -j "${XSOCK_JOBS:-2}" >>"$tmp/build.log" 2>&1 ||
        { tail -n 30 "$tmp/build.log"; die "self-test: the archive does not build"; }
    # and the real repository has no new tag
    [ -z "$(git "${trust[@]}" -C "$root" tag -l "v$version" v9.9.9)" ] ||
        die "self-test: a tag leaked into $root"
    echo "release: self-test passed (v$version in a temporary clone)"
}

# The checkout may belong to another user (CI runs scripts/test.sh through sudo): trust
# it (and its .git, wherever that is) for these commands only, as git's safe.directory
# allows on the command line.
trust=(-c "safe.directory=*")
repo=$root
if [ "${1:-}" = "--self-test" ]; then
    self_test
    exit 0
fi
if [ "${1:-}" = "-C" ]; then
    [ $# -ge 2 ] || die "-C needs a folder"
    repo=$(cd "$2" && pwd); shift 2
fi
[ $# -ge 1 ] || die "usage: scripts/release.sh [-C REPO] TAG [OUT] | --self-test"
release "$repo" "$1" "${2:-$repo/out/release}"
