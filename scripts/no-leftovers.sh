#!/usr/bin/env bash
# no-leftovers.sh CMD...: run CMD (a script that starts servers, such as demo.sh), then
# check that no process it started is still running. Every process CMD starts inherits
# a marker in its environment, so one that left CMD's process group or session (a
# daemon, Wine's wineserver) is found as well. Exits with CMD's status if it failed,
# 1 if a process survived (listed), else 0.
set -uo pipefail
[ $# -gt 0 ] || { echo "usage: no-leftovers.sh CMD..." >&2; exit 2; }
tag="xsock-$$-$RANDOM$RANDOM"

# survivors: "PID COMMAND LINE" of each running process that carries the marker.
survivors() {
    local env pid
    for env in /proc/[0-9]*/environ; do
        pid=${env#/proc/}
        pid=${pid%/environ}
        [ "$pid" != $$ ] || continue
        grep -qzx "XSOCK_LEFTOVER_TAG=$tag" "$env" 2>/dev/null || continue
        grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null && continue # exited, unreaped
        echo "$pid $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)"
    done
}

XSOCK_LEFTOVER_TAG=$tag "$@"
status=$?
left=$(survivors)
if [ -n "$left" ]; then
    echo "no-leftovers.sh: processes started by '$*' still run after it exited:" >&2
    echo "$left" | sed 's/^/  /' >&2
    # stop them, so that the check itself leaves nothing behind either
    # shellcheck disable=SC2046 # one word per process id
    kill $(echo "$left" | cut -d' ' -f1) 2>/dev/null
    exit 1
fi
[ "$status" -eq 0 ] || { echo "no-leftovers.sh: '$*' failed (status $status)" >&2; exit "$status"; }
echo "no-leftovers.sh: '$*' exited $status and left no process behind"
