#!/usr/bin/env bash
# wine.sh - one Wine session for the Windows tests: started detached from every pipe,
# watched while a test runs, and stopped with a verdict.
#
#   wine.sh start [OWNER]    create the prefix if needed, start wineserver and Wine's
#                            services detached (stdin/stdout/stderr not inherited), unless
#                            they already run. Idempotent; safe to call concurrently. A
#                            named OWNER begins a session; without one (or "e2e") the open
#                            session goes on. Exit 3 if the wineserver it had to replace
#                            had aborted.
#   wine.sh run EXE ARGS...  start if needed, then run EXE under Wine. If wineserver dies
#                            while EXE runs, say so at once with the end of its log, kill
#                            the stuck Windows processes and fail (exit 125): never a
#                            silent hang until the test's timeout.
#   wine.sh status           the wineserver of the prefix, and any abort in the session.
#   wine.sh stop [OWNER]     stop the session if OWNER started it (any if none given);
#                            fail if a wineserver aborted at any time in the session.
#
# WINEPREFIX (required) names the prefix; the wineserver log is "$WINEPREFIX.wineserver.log".
# Why: Wine's services started by a test's first program inherit that test's output pipes
# and keep them open (ctest and the e2e harness then wait forever), and Wine 8's wineserver
# can abort on an assertion, after which its Windows processes never exit.
set -u

die() { printf 'wine.sh: %s\n' "$*" >&2; exit 2; }
[ -n "${WINEPREFIX:-}" ] || die "WINEPREFIX is not set"
export WINEPREFIX WINEDEBUG=${WINEDEBUG:--all} WINEDLLOVERRIDES=${WINEDLLOVERRIDES:-mscoree,mshtml=}
WINE=${XSOCK_WINE:-$(command -v wine || command -v wine64)} || die "wine is not installed"
WINEBOOT=$(command -v wineboot) || die "wineboot is not installed"
LOG=$WINEPREFIX.wineserver.log
OWNER_FILE=$WINEPREFIX.owner
# an idle wineserver exits this many seconds after its last client
PERSIST=${XSOCK_WINE_PERSIST:-30}

# The running wineserver of this prefix: wineserver works in /tmp/.../server-DEV-INODE of
# the prefix folder, so its working directory names the prefix. Prints the pid or nothing.
server_pid() {
    local id p cwd
    [ -d "$WINEPREFIX" ] || return 0
    id=$(stat -L -c '%d %i' "$WINEPREFIX" | { read -r d i; printf 'server-%x-%x' "$d" "$i"; })
    for p in /proc/[0-9]*; do
        case $(readlink "$p/exe" 2>/dev/null) in */wineserver*) ;; *) continue ;; esac
        cwd=$(readlink "$p/cwd" 2>/dev/null) || continue
        [ "${cwd##*/}" = "$id" ] && { echo "${p#/proc/}"; return 0; }
    done
}

# Wine processes of this prefix other than wineserver (a test's, or Wine's services).
prefix_processes() {
    local p exe
    for p in /proc/[0-9]*; do
        exe=$(readlink "$p/exe" 2>/dev/null) || continue
        case $exe in */wine64-preloader | */wine-preloader | */wine64 | */wine) ;; *) continue ;; esac
        tr '\0' '\n' <"$p/environ" 2>/dev/null | grep -qxF "WINEPREFIX=$WINEPREFIX" &&
            echo "${p#/proc/}"
    done
}

# The log since the last line matching the marker pattern $1.
log_since() {
    [ -f "$LOG" ] || return 0
    awk -v m="$1" '$0 ~ m { n = 0; delete l } { l[n++] = $0 } END { for (i = 0; i < n; i++) print l[i] }' "$LOG"
}
# The log of the session: since the last session start (every wineserver of it).
log_since_start() { log_since '^== session started'; }
# The log of the current (or last) wineserver only.
log_of_server() { log_since '^== (session|wineserver) (re)?started'; }

ABORT='Assertion|Segmentation fault|Aborted'
aborted() { log_since_start | grep -E "$ABORT"; }

with_lock() {
    exec 9>"$WINEPREFIX.lock" || die "cannot create $WINEPREFIX.lock"
    flock -w 300 9 || die "timed out waiting for $WINEPREFIX.lock"
}

start() {
    local owner=${1:-} pid
    mkdir -p "$(dirname "$WINEPREFIX")"
    with_lock
    [ -n "$(server_pid)" ] && return 0
    # wineserver is gone (never started, idle exit, or died): Windows processes left
    # connected to a dead server hang forever; end them before a new one starts.
    for pid in $(prefix_processes); do kill -KILL "$pid" 2>/dev/null; done
    local previous
    previous=$(log_of_server | grep -E "$ABORT" | tail -n 1)
    if [ ! -f "$WINEPREFIX/system.reg" ]; then
        mkdir -p "$WINEPREFIX"
        "$WINEBOOT" -i </dev/null >/dev/null 2>>"$LOG" 9>&- || true
        wineserver -w 2>/dev/null 9>&-
    fi
    # A named owner (ctest's fixture, test.sh) begins a session; the implicit starts of
    # `run` and of the e2e harness continue the open one.
    if [ -f "$OWNER_FILE" ] && { [ -z "$owner" ] || [ "$owner" = restart ] || [ "$owner" = e2e ]; }; then
        printf '== wineserver restarted %s by %s ==\n' "$(date -u +%FT%TZ)" "${owner:-wine.sh}" >>"$LOG"
    else
        printf '== session started %s by %s ==\n' "$(date -u +%FT%TZ)" "${owner:-wine.sh}" >>"$LOG"
        printf '%s\n' "${owner:-}" >"$OWNER_FILE"
    fi
    # (not holding the lock: fd 9 closed for everything started here)
    setsid wineserver -f "-p$PERSIST" </dev/null >/dev/null 2>>"$LOG" 9>&- &
    for _ in $(seq 100); do [ -n "$(server_pid)" ] && break; sleep 0.05; done
    [ -n "$(server_pid)" ] || { tail -n 5 "$LOG" >&2; die "wineserver did not start"; }
    # Wine's services, started now so that no test's pipes are inherited by them.
    setsid "$WINEBOOT" </dev/null >/dev/null 2>&1 9>&- || true
    if [ -n "$previous" ]; then
        echo "wine.sh: the previous wineserver of this session had aborted: $previous" >&2
        return 3
    fi
}

status() {
    local pid
    pid=$(server_pid)
    if [ -n "$pid" ]; then
        echo "wineserver $pid is running for $WINEPREFIX"
    else
        echo "no wineserver is running for $WINEPREFIX"
    fi
    if [ -n "$(aborted)" ]; then
        echo "wineserver aborted in this session; its log ($LOG) ends:"
        log_since_start | tail -n 8
    fi
}

# Kill the Windows program (and its children) when the watched wineserver dies.
watch_server() {
    local server=$1 child=$2 marker=$3
    while kill -0 "$server" 2>/dev/null; do
        kill -0 "$child" 2>/dev/null || return 0
        sleep 0.25
    done
    kill -0 "$child" 2>/dev/null || return 0
    echo died >"$marker"
    pkill -KILL -P "$child" 2>/dev/null
    kill -KILL "$child" 2>/dev/null
}

run() {
    local server child watcher rc marker
    [ $# -ge 1 ] || die "usage: wine.sh run EXE [ARGS...]"
    start restart >/dev/null 2>&1 # a previous abort is reported by the session's stop
    exec 9>&- # release the lock for the others
    server=$(server_pid)
    marker=$(mktemp)
    "$WINE" "$@" 9>&- &
    child=$!
    trap 'kill -TERM "$child" 2>/dev/null' TERM INT
    watch_server "$server" "$child" "$marker" 9>&- &
    watcher=$!
    { wait "$child"; } 2>/dev/null # (no "Killed" job notice)
    rc=$?
    kill "$watcher" 2>/dev/null
    wait "$watcher" 2>/dev/null
    if [ -s "$marker" ]; then
        printf '\nwine.sh: wineserver %s died while %s ran: the program was killed, not timed out.\n' \
            "$server" "$(basename "$1")" >&2
        printf 'wine.sh: the end of its log (%s):\n' "$LOG" >&2
        log_of_server | tail -n 8 | sed 's/^/    /' >&2
        rm -f "$marker"
        exit 125
    fi
    rm -f "$marker"
    exit "$rc"
}

stop() {
    local owner=${1:-} pid bad
    with_lock
    if [ -n "$owner" ] && [ -f "$OWNER_FILE" ] &&
        ! grep -qxE "($owner|restart|e2e|)" "$OWNER_FILE"; then
        return 0 # someone else's session: leave it running
    fi
    pid=$(server_pid)
    bad=$(aborted)
    if [ -n "$pid" ]; then
        wineserver -k 2>/dev/null
        for _ in $(seq 100); do [ -e "/proc/$pid" ] || break; sleep 0.1; done
    fi
    for pid in $(prefix_processes); do kill -KILL "$pid" 2>/dev/null; done
    rm -f "$OWNER_FILE"
    if [ -n "$bad" ]; then
        echo "wine.sh: wineserver aborted during this session; the end of its log ($LOG):" >&2
        log_since_start | tail -n 8 | sed 's/^/    /' >&2
        return 1
    fi
}

cmd=${1:-}
shift || true
case $cmd in
start) start "$@" ;;
run) run "$@" ;;
status) status ;;
stop) stop "$@" ;;
pid) server_pid ;;
*) die "usage: wine.sh start|run|status|stop|pid (see the comment at the top)" ;;
esac
