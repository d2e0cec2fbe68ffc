#!/usr/bin/env bash
# soak.sh - run the MinGW build's tests under Wine (unit and end-to-end, as ctest runs
# them) many times in a row while a CPU-heavy job runs beside them, to show that they do
# not fail at random on a busy machine. Prints each run's result, every failure with the
# last lines of its output, and ends with "N passed, N failed" (runs). Exits non-zero if
# any run failed.
#
# Usage: scripts/soak.sh [RUNS] [CTEST ARGS...]   (default 20 runs; e.g. -L unit, -R e2e_)
# Environment: XSOCK_BUILD (default build/), XSOCK_SOAK_HOGS (busy loops beside, default 1).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

runs=${1:-20}
shift || true
case $runs in '' | *[!0-9]*) die "usage: scripts/soak.sh [RUNS] [CTEST ARGS...]" ;; esac
hogs=${XSOCK_SOAK_HOGS:-1}
dir=$XSOCK_BUILD/soak-mingw
logs=$XSOCK_BUILD/soak-logs

ensure_packages cmake ninja-build mingw-w64 wine wine64 dpkg-dev ca-certificates \
    debian-archive-keyring python3
src=$(cmocka_source) || die "could not fetch cmocka's source"
wine_prefix
say "soak: build (MinGW x86_64) in $dir"
cmake -S "$XSOCK_ROOT" -B "$dir" -G "$(cmake_generator)" -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_TOOLCHAIN_FILE="$XSOCK_ROOT/cmake/mingw-x86_64.cmake" \
    -DFETCHCONTENT_SOURCE_DIR_CMOCKA="$src" >"$dir.configure.log" 2>&1 ||
    { tail -n 30 "$dir.configure.log"; die "configure failed"; }
cmake --build "$dir" -j "$XSOCK_JOBS" >"$dir.build.log" 2>&1 ||
    { tail -n 30 "$dir.build.log"; die "build failed"; }

hog_pids=()
stop_hogs() { for p in "${hog_pids[@]}"; do kill "$p" 2>/dev/null; done; hog_pids=(); }
trap 'stop_hogs; wine_stop >/dev/null 2>&1' EXIT
# The CPU-heavy neighbour: busy loops that end by themselves at the latest after 3 hours.
for _ in $(seq "$hogs"); do
    timeout 10800 bash -c 'while :; do :; done' &
    hog_pids+=($!)
done

mkdir -p "$logs"
good=0
bad=0
for i in $(seq "$runs"); do
    log=$logs/run-$i.log
    started=$SECONDS
    # ctest starts and stops the Wine session itself (the wine fixture), and fails a test
    # whose wineserver died instead of waiting for its timeout.
    (cd "$dir" && ctest --output-on-failure --timeout 300 "$@") >"$log" 2>&1
    rc=$?
    summary=$(grep -E "tests passed, [0-9]+ tests? failed" "$log" | tail -n 1)
    if [ "$rc" -eq 0 ] && [ -n "$summary" ]; then
        good=$((good + 1))
        echo "run $i: ok ($((SECONDS - started)) s): $summary"
    else
        bad=$((bad + 1))
        echo "run $i: FAILED ($((SECONDS - started)) s, exit $rc): ${summary:-no summary}"
        grep -E '\(Failed\)|\(Timeout\)|\(SEGFAULT\)|\*\*\*' "$log" | sed 's/^/    /'
        echo "    --- the last lines of its output ($log):"
        grep -vE '^ *(Start|[0-9]+/[0-9]+ Test) ' "$log" | tail -n 25 | sed 's/^/    | /'
    fi
done
stop_hogs
echo "soak: $runs runs of the MinGW tests under Wine beside $hogs busy loop(s)"
echo "$good passed, $bad failed"
[ "$bad" -eq 0 ]
