#!/usr/bin/env bash
# demo.sh - the main job: build xsock and its examples, then show them working over
# loopback: a tcp_server and a tcp_client exchanging lines, a file transfer with its
# checksum verified, and (when MinGW-w64 and Wine are there) the Windows tcp_client.exe
# talking to the Linux server. Installs what is missing when run as root.
# Prints a readable transcript; exits 0 only if everything worked.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

ensure_packages cmake ninja-build gcc
# The Windows part is shown when MinGW-w64 and Wine are there (installed as root).
[ "$(id -u)" -ne 0 ] || ensure_packages mingw-w64 wine wine64 ca-certificates

work=$(mktemp -d)
wine_started=0
pids=() # every server this script starts, stopped by stop_servers and at exit
# stop_servers: stop the servers still running and wait until they are gone.
stop_servers() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
    pids=()
}
cleanup() {
    stop_servers
    if [ "$wine_started" = 1 ]; then # the Windows part started Wine: stop it
        wine_stop
        wineserver -w >/dev/null 2>&1 || true # gone, with the Windows processes
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
ok=0
bad=0
check() { # check NAME CONDITION-COMMAND...
    if "${@:2}"; then echo "  [ok] $1"; ok=$((ok + 1)); else echo "  [FAILED] $1"; bad=$((bad + 1)); fi
}

# start_server OUTFILE CMD...: run a server in the background and set $port from its
# "listening on" line. Called directly, never as $(start_server ...): in a subshell the
# PID it records would never reach stop_servers, and the server would outlive the demo.
start_server() {
    local out=$1 i
    shift
    port=""
    "$@" >"$out" 2>&1 &
    pids+=($!)
    for i in $(seq 1 100); do
        port=$(head -n 1 "$out" 2>/dev/null | tr -d '\r' | sed -n 's/^listening on .*:\([0-9]*\)$/\1/p')
        [ -n "$port" ] && return 0
        kill -0 "$!" 2>/dev/null || break
        sleep 0.1
    done
    cat "$out"
    die "server $1 did not start"
}

say "building (Linux, gcc, Release)"
linux=$XSOCK_BUILD/demo-linux
cmake -S "$XSOCK_ROOT" -B "$linux" -G "$(cmake_generator)" -DCMAKE_BUILD_TYPE=Release \
    -DXSOCK_BUILD_TESTS=OFF >"$work/cmake.log" 2>&1 &&
    cmake --build "$linux" -j "$XSOCK_JOBS" >>"$work/cmake.log" 2>&1 ||
    { tail -n 30 "$work/cmake.log"; die "build failed"; }
bin=$linux/bin

say "tcp_server and tcp_client over 127.0.0.1"
start_server "$work/server.out" "$bin/tcp_server" 127.0.0.1 0
echo "  server: $(head -n 1 "$work/server.out")"
printf 'hola, servidor\nsecond line\n' | "$bin/tcp_client" 127.0.0.1 "$port" >"$work/client.out" 2>&1
sed 's/^/  client| /' "$work/client.out"
sleep 0.3
sed 's/^/  server| /' "$work/server.out"
check "the client got the welcome and both echoes" \
    grep -qx "second line" "$work/client.out"
check "the server printed each line with the client's address" \
    grep -q "^> \[127.0.0.1:[0-9]*\]: hola, servidor$" "$work/server.out"
stop_servers

say "file transfer: 5 MiB of random bytes, checksum verified"
head -c $((5 * 1024 * 1024)) /dev/urandom >"$work/payload.bin"
mkdir -p "$work/received"
start_server "$work/fserver.out" "$bin/file_server" --once "$work/payload.bin" 127.0.0.1 0
"$bin/file_client" --dir "$work/received" 127.0.0.1 "$port" 2>&1 | tr -d '\r' | sed 's/^/  client| /'
check "the received file is byte-identical" cmp -s "$work/payload.bin" "$work/received/payload.bin"
stop_servers
echo "  sha256 sent:     $(sha256sum <"$work/payload.bin" | cut -c1-64)"
echo "  sha256 received: $(sha256sum <"$work/received/payload.bin" 2>/dev/null | cut -c1-64)"

if command -v x86_64-w64-mingw32-gcc >/dev/null && command -v wine >/dev/null; then
    say "the Windows tcp_client.exe (MinGW-w64, under Wine) and the Linux server"
    win=$XSOCK_BUILD/demo-mingw
    cmake -S "$XSOCK_ROOT" -B "$win" -G "$(cmake_generator)" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_TOOLCHAIN_FILE="$XSOCK_ROOT/cmake/mingw-x86_64.cmake" -DXSOCK_BUILD_TESTS=OFF \
        >"$work/cmake-win.log" 2>&1 && cmake --build "$win" -j "$XSOCK_JOBS" >>"$work/cmake-win.log" 2>&1 ||
        { tail -n 30 "$work/cmake-win.log"; die "MinGW build failed"; }
    wine_started=1
    wine_start
    start_server "$work/server2.out" "$bin/tcp_server" --once 127.0.0.1 0
    printf 'hello from Windows\n' | wine "$win/bin/tcp_client.exe" 127.0.0.1 "$port" 2>&1 |
        tr -d '\r' >"$work/winclient.out"
    sed 's/^/  tcp_client.exe| /' "$work/winclient.out"
    sleep 0.3
    sed 's/^/  server| /' "$work/server2.out"
    check "the Windows client's line reached the Linux server and came back" \
        grep -qx "hello from Windows" "$work/winclient.out"
    stop_servers
else
    say "MinGW-w64 or Wine missing: the Windows part is skipped"
fi

say "demo: $ok checks passed, $bad failed"
[ "$bad" -eq 0 ]
