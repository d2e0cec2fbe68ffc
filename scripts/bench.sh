#!/usr/bin/env bash
# bench.sh - build everything in Release and run the benchmark suite: wrapper overhead
# (ping-pong), file transfer, many clients. Each family compares xsock with baselines
# measured in the same run and reports ratios; results in build/bench/results, the
# report in docs/performance.md with its plot docs/performance.png.
# Installs what is missing when run as root. Bounded: about 10 minutes on 2 cores.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
ensure_packages cmake ninja-build gcc valgrind socat netcat-openbsd iperf3 libuv1-dev \
    libevent-dev pkg-config gnuplot-nox python3 util-linux

release=$XSOCK_BUILD/bench
lto=$XSOCK_BUILD/bench-lto
results=$release/results
build() { # build DIR [CMAKE ARGS...]
    local dir=$1; shift
    cmake -S "$XSOCK_ROOT" -B "$dir" -G "$(cmake_generator)" -DCMAKE_BUILD_TYPE=Release \
        -DXSOCK_BUILD_BENCH=ON -DXSOCK_BUILD_TESTS=OFF "$@" >"$dir.log" 2>&1 &&
        cmake --build "$dir" -j "$XSOCK_JOBS" >>"$dir.log" 2>&1 ||
        { tail -n 30 "$dir.log"; die "building $dir failed"; }
}
say "building (Release, and Release with link-time optimisation)"
build "$release"
build "$lto" -DCMAKE_INTERPROCEDURAL_OPTIMIZATION=ON -DXSOCK_BUILD_EXAMPLES=OFF
rm -rf "$results"
mkdir -p "$results"
export BENCH_BIN=$release/bin EXAMPLES_BIN=$release/bin LTO_BIN=$lto/bin

status=0
for family in pingpong file_transfer many_clients; do
    if [ -f "$XSOCK_ROOT/bench/$family.sh" ]; then
        say "benchmark: $family"
        timeout 600 bash "$XSOCK_ROOT/bench/$family.sh" "$results" || { echo "$family failed"; status=1; }
    fi
done

say "report"
python3 "$XSOCK_ROOT/bench/report.py" "$results" "$XSOCK_ROOT/docs/performance.md" \
    "$XSOCK_ROOT/docs/performance.png" || status=1
exit $status
