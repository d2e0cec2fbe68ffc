#!/usr/bin/env bash
# many_clients.sh OUT_DIR - many clients: the xsock tcp_server example (a poll-driven
# echo server on xsock_poll) against a raw epoll echo server and echo servers on libuv
# and libevent, driven by bench_loadgen (64-byte request/response, one in flight per
# connection, bounded counts, loopback):
#   clients-100           100 connections, all active
#   clients-1000-idle990  1,000 connections, 10 active, 990 idle but open
#  1. messages per second: server and load generator both pinned to CPU 0, variants
#     interleaved in each of BENCH_REPEATS repeats, median (min-max); also the server's
#     CPU time per message (/proc/PID/schedstat), sampled by the load generator.
#  2. user-space instructions per message of the server, xsock against epoll, with
#     callgrind (the difference between two message counts, so start-up and the
#     1,000 accepts cancel out), with the event-loop rounds per message, to price the
#     scan of idle sockets.
# Programs: BENCH_BIN/bench_{loadgen,epoll_echo,uv_echo,event_echo},
# EXAMPLES_BIN/tcp_server. Writes OUT_DIR/many_clients.csv and OUT_DIR/many_clients.md.
# About 1.5 minutes on 2 cores.
set -euo pipefail
out=${1:?usage: many_clients.sh OUT_DIR}
bench=${BENCH_BIN:?BENCH_BIN must name the folder of bench_loadgen}
examples=${EXAMPLES_BIN:-$bench}
repeats=${BENCH_REPEATS:-5}
msgs100=${MANY_CLIENTS_MSGS_100:-500}     # round trips per active connection, 100/100
msgs1000=${MANY_CLIENTS_MSGS_1000:-2000}  # round trips per active connection, 1000/10
cpu_server=${BENCH_SERVER_CPU:-0}
cpu_client=${BENCH_CLIENT_CPU:-0}
mkdir -p "$out"
tmp=$(mktemp -d)
cleanup() { # the servers still running are this shell's background jobs
    local live
    live=$(jobs -pr)
    # shellcheck disable=SC2086 # one word per process id
    [ -z "$live" ] || { kill $live 2>/dev/null; wait $live 2>/dev/null; } || true
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
die() { echo "many_clients.sh: $*" >&2; exit 1; }

for exe in "$bench/bench_loadgen" "$bench/bench_epoll_echo" "$examples/tcp_server"; do
    [ -x "$exe" ] || die "$exe is missing (build with -DXSOCK_BUILD_BENCH=ON)"
done
# 1,000 client sockets in the load generator and 1,000 in the server, plus a few.
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 4096 ]; then
    ulimit -n 4096 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fi
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge 1100 ] ||
    die "need 1,100 file descriptors, ulimit -n is $(ulimit -n)"

# The variants: name and command (each takes [--once] ADDRESS PORT).
variants=(xsock epoll)
declare -A cmd=([xsock]="$examples/tcp_server --quiet" [epoll]="$bench/bench_epoll_echo")
skipped=()
if [ -x "$bench/bench_uv_echo" ]; then
    variants+=(libuv); cmd[libuv]="$bench/bench_uv_echo"
else
    skipped+=("libuv (bench_uv_echo not built: libuv1-dev and pkg-config missing?)")
fi
if [ -x "$bench/bench_event_echo" ]; then
    variants+=(libevent); cmd[libevent]="$bench/bench_event_echo"
else
    skipped+=("libevent (bench_event_echo not built: libevent-dev and pkg-config missing?)")
fi

# start_server NAME WRAPPER... -- ARGS...: start it in the background; sets $server_pid
# and $server_port (from its "listening on ADDRESS:PORT" line).
start_server() {
    local name=$1 i
    shift
    local wrap=()
    while [ "$1" != -- ]; do wrap+=("$1"); shift; done
    shift
    # shellcheck disable=SC2086 # cmd[...] holds a program and its options
    "${wrap[@]}" ${cmd[$name]} "$@" 127.0.0.1 0 >"$tmp/$name.out" 2>"$tmp/$name.err" &
    server_pid=$!
    for i in $(seq 1 250); do
        grep -q '^listening on ' "$tmp/$name.out" 2>/dev/null && break
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.02
    done
    server_port=$(sed -n 's/^listening on .*:\([0-9][0-9]*\)$/\1/p' "$tmp/$name.out" | head -n 1)
    [ -n "$server_port" ] || { cat "$tmp/$name.err" >&2; die "$name did not start"; }
}
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<" $2"; }
stats() { # "v1 v2 ..." -> median,min,max
    tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g |
        awk '{v[NR]=$1} END {m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "%.0f,%.0f,%.0f", m, v[1], v[NR]}'
}
median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g |
    awk '{v[NR]=$1} END {m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "%.2f", m}'; }

# 1. Rates. One server per variant for the whole run (pinned), the cases and variants
# interleaved in each repeat so that the machine's drift hits all of them alike.
declare -A pid port rate cpu sys ccpu
for v in "${variants[@]}"; do
    start_server "$v" taskset -c "$cpu_server" --
    pid[$v]=$server_pid
    port[$v]=$server_port
done
cases=("clients-100 100 100 $msgs100" "clients-1000-idle990 1000 10 $msgs1000")
for _ in $(seq 1 "$repeats"); do
    for c in "${cases[@]}"; do
        read -r name conns active msgs <<<"$c"
        for v in "${variants[@]}"; do
            line=$(taskset -c "$cpu_client" "$bench/bench_loadgen" 127.0.0.1 "${port[$v]}" \
                "$conns" "$active" "$msgs" --skip-welcome --timeout 60 --server-pid "${pid[$v]}") ||
                die "load generator failed against $v ($name)"
            k="$name/$v"
            rate[$k]="${rate[$k]:-} $(field rate "$line")"
            cpu[$k]="${cpu[$k]:-} $(field server_cpu_us_per_msg "$line")"
            sys[$k]="${sys[$k]:-} $(field server_sys_share "$line")"
            ccpu[$k]="${ccpu[$k]:-} $(field client_cpu_us_per_msg "$line")"
            [ "$conns" -lt 1000 ] || sleep 0.1 # let the server close the 1,000
        done
    done
done
for v in "${variants[@]}"; do kill "${pid[$v]}" 2>/dev/null || true; wait "${pid[$v]}" 2>/dev/null || true; done

# 2. Instructions (callgrind, not pinned: only the server's own count matters).
# cg NAME CONNS ACTIVE MSGS: total instructions and event-loop rounds of one server run.
cg() {
    local v=$1 conns=$2 active=$3 msgs=$4 f="$tmp/cg.$1.$2.$4" wait_fn
    start_server "$v" timeout 120 valgrind --tool=callgrind --compress-strings=no \
        --callgrind-out-file="$f" -- --once
    "$bench/bench_loadgen" 127.0.0.1 "$server_port" "$conns" "$active" "$msgs" \
        --skip-welcome --timeout 100 >/dev/null || die "load generator failed against callgrind $v"
    wait "$server_pid" || die "$v under callgrind failed"
    [ "$v" = xsock ] && wait_fn=xsock_poll || wait_fn=epoll_wait
    awk -v fn="$wait_fn" '/^(summary|totals):/ && !ir {ir=$2}
        /^cfn=/ {cur=substr($0, 5)} /^calls=/ && cur==fn {split($0, a, "[= ]"); calls+=a[2]}
        END {print ir, calls}' "$f"
}
# per_msg V CONNS ACTIVE M1 M2: "instructions rounds" per message, from runs of M1, M2.
per_msg() {
    local a b
    a=$(cg "$1" "$2" "$3" "$4")
    b=$(cg "$1" "$2" "$3" "$5")
    awk -v a="$a" -v b="$b" -v n=$(($3 * ($5 - $4))) 'BEGIN {split(a, x, " "); split(b, y, " ");
        printf "%.0f %.4f", (y[1] - x[1]) / n, (y[2] - x[2]) / n}'
}
declare -A ins rounds
for v in xsock epoll; do
    read -r ins["clients-100/$v"] rounds["clients-100/$v"] <<<"$(per_msg "$v" 100 100 50 100)"
    read -r ins["clients-1000-idle990/$v"] rounds["clients-1000-idle990/$v"] <<<"$(per_msg "$v" 1000 10 200 400)"
done

# CSV: rates; then the same runs as messages per second of server CPU time (higher is
# better, and far less sensitive to the other load of a shared machine); instructions.
csv=$out/many_clients.csv
echo "benchmark,variant,unit,median,min,max,repeats,ratio,baseline" >"$csv"
per_cpu_s() { local x out=""; for x in $1; do out="$out $(awk -v u="$x" 'BEGIN {printf "%.0f", 1e6 / u}')"; done; echo "$out"; }
declare -A eff
for c in "${cases[@]}"; do
    read -r name _ <<<"$c"
    for v in "${variants[@]}"; do
        # shellcheck disable=SC2034 # read through the namerefs of rows and ratio_of
        eff[$name/$v]=$(per_cpu_s "${cpu[$name/$v]}")
    done
done
rows() { # rows BENCHMARK UNIT ARRAY-NAME CASE
    local -n values=$3
    local base s ratio v
    base=$(stats "${values[$4/epoll]}" | cut -d, -f1)
    for v in "${variants[@]}"; do
        s=$(stats "${values[$4/$v]}")
        ratio=$(awk -v a="${s%%,*}" -v b="$base" 'BEGIN {printf "%.3f", a / b}')
        echo "$1,$v,$2,$s,$repeats,$ratio,epoll" >>"$csv"
    done
}
for c in "${cases[@]}"; do
    read -r name _ <<<"$c"
    rows "$name" msgs/s rate "$name"
done
for c in "${cases[@]}"; do
    read -r name _ <<<"$c"
    rows "$name-server-cpu" "msgs per server CPU-second" eff "$name"
done
for name in clients-100 clients-1000-idle990; do
    for v in xsock epoll; do
        i=${ins[$name/$v]}
        ratio=$(awk -v a="$i" -v b="${ins[$name/epoll]}" 'BEGIN {printf "%.3f", a / b}')
        echo "$name-instructions,$v,instructions per message (server user space),$i,$i,$i,1,$ratio,epoll" >>"$csv"
    done
done

# Notes
ratio_of() { # ratio_of ARRAY-NAME CASE VARIANT: median over epoll's median
    local -n values=$1
    awk -v a="$(stats "${values[$2/$3]}" | cut -d, -f1)" \
        -v b="$(stats "${values[$2/epoll]}" | cut -d, -f1)" 'BEGIN {printf "%.3f", a / b}'
}
cm() { median "${cpu[$1]}"; }
x100=${ins[clients-100/xsock]} e100=${ins[clients-100/epoll]}
x1k=${ins[clients-1000-idle990/xsock]} e1k=${ins[clients-1000-idle990/epoll]}
r100=${rounds[clients-100/xsock]} r1k=${rounds[clients-1000-idle990/xsock]}
cx100=$(cm clients-100/xsock) ce100=$(cm clients-100/epoll)
cx1k=$(cm clients-1000-idle990/xsock) ce1k=$(cm clients-1000-idle990/epoll)
# Sockets xsock_poll hands the kernel per message, (clients + listener) x rounds per
# message (callgrind's count of xsock_poll calls; a round serves every ready client).
# The cost of one: the extra over epoll at 1000/10, less the extra at 100/100 (the
# example's per-message work), over the extra sockets per message.
read -r fds100 fds1k per_fd_user per_fd_ns <<<"$(awk -v a="$x100" -v b="$x1k" -v r1="$r100" \
    -v r2="$r1k" -v x="$cx1k" -v e="$ce1k" -v x1="$cx100" -v e1="$ce100" 'BEGIN {
    n1 = 101 * r1; n2 = 1001 * r2
    printf "%.1f %.0f %.0f %.0f", n1, n2, (b - a) / (n2 - n1), ((x - e) - (x1 - e1)) * 1000 / (n2 - n1)}')"
scan_us=$(awk -v x="$cx1k" -v e="$ce1k" -v x1="$cx100" -v e1="$ce100" 'BEGIN {printf "%.1f", (x - e) - (x1 - e1)}')
sys1k=$(awk -v s="$(median "${sys[clients-1000-idle990/xsock]}")" 'BEGIN {printf "%.0f%%", s * 100}')
r_rate=$(ratio_of rate clients-100 xsock)
r_cpu=$(ratio_of eff clients-100 xsock)
# The rate ratio the CPU times predict (server + load generator per message, both on
# one CPU): what the rates give when nothing else runs there. The verdict uses it,
# since five rates on a busy shared machine can be off by more than the 2% at stake.
r_pred=$(awk -v sx="$cx100" -v se="$ce100" -v cx="$(median "${ccpu[clients-100/xsock]}")" \
    -v ce="$(median "${ccpu[clients-100/epoll]}")" 'BEGIN {printf "%.3f", (se + ce) / (sx + cx)}')
met=$(awk -v r="$r_pred" 'BEGIN {print (r >= 0.98) ? "met" : "not met"}')
{
    echo "### Many clients (echo, 64-byte request/response, one in flight per connection)"
    echo
    echo "- Pinning: every server on CPU $cpu_server and the load generator on CPU $cpu_client"
    echo "  (taskset), as the issue asks (all on one CPU): a rate is then the inverse of the"
    echo "  whole CPU cost of a message, server plus load generator, whatever the other CPU"
    echo "  of the shared machine is doing. The load generator's share is about the same"
    echo "  against every server, so rate ratios understate the servers' own differences;"
    echo "  the *-server-cpu rows (messages per second of server CPU time, user + system,"
    echo "  from /proc/PID/schedstat over the timed phase) show those alone, and are much"
    echo "  steadier than rates when the machine is busy."
    echo "- Counts: clients-100 = 100 connections x $msgs100 round trips; clients-1000-idle990 ="
    echo "  1,000 connections (welcome lines read), 10 of them x $msgs1000 round trips. $repeats"
    echo "  interleaved repeats; median (min-max)."
    if [ ${#skipped[@]} -gt 0 ]; then
        for s in "${skipped[@]}"; do echo "- Skipped: $s."; done
    fi
    for c in "${cases[@]}"; do
        read -r name _ <<<"$c"
        printf -- "- %s, server CPU per message (median):" "$name"
        for v in "${variants[@]}"; do printf " %s %s us," "$v" "$(cm "$name/$v")"; done | sed 's/,$//'
        echo "."
    done
    echo "- Target at 100 connections (xsock >= 0.98 x epoll): $met. From CPU time per"
    echo "  message (server + load generator, one CPU) xsock's rate is $r_pred x epoll's; the"
    echo "  server alone is $r_cpu x as efficient. The measured rate ratio, $r_rate, moves with the"
    echo "  other load on the machine (see min-max) by more than the 2% at stake."
    echo "- Server user-space instructions per message (callgrind, the difference of two"
    echo "  message counts): clients-100 xsock $x100, epoll $e100; clients-1000-idle990"
    echo "  xsock $x1k, epoll $e1k. The xsock server ran $r100 and $r1k xsock_poll rounds per"
    echo "  message, handing the kernel about $fds100 and $fds1k sockets per message: about"
    echo "  $per_fd_user user-space instructions per socket per round (filling the pollfd"
    echo "  array, clearing revents, and in serve_client the flush and idle checks and the"
    echo "  drop_stalled scan, for every client every round)."
    echo "- Cost of scanning the 990 idle sockets: the xsock server spends $cx1k us of CPU"
    echo "  per message at clients-1000-idle990 against epoll's $ce1k us; less its extra"
    echo "  at clients-100 ($cx100 against $ce100 us: the example's own per-message work),"
    echo "  about $scan_us us per message, i.e. about $per_fd_ns ns per socket per round, mostly"
    echo "  in the kernel ($sys1k of the xsock server's CPU time is system time): poll(2)"
    echo "  checks every socket and queues and removes a wait on each, every call. epoll's"
    echo "  cost per message does not grow with idle connections."
    echo "- Removing it takes O(ready) readiness, i.e. registering each socket once instead"
    echo "  of handing all of them over every round: a persistent registration API in xsock"
    echo "  (add / modify / remove a socket, wait returning only the ready ones) on epoll"
    echo "  (Linux), kqueue (BSD, macOS) and AFD polling on an IOCP (Windows, as wepoll does;"
    echo "  WSAPoll scans like poll), with examples/common/server.c serving only the sockets"
    echo "  reported ready and checking idle timeouts from a timer rather than reading the"
    echo "  clock per client per round. xsock_poll cannot avoid the scan: its contract is a"
    echo "  full array in, a full array out, each call."
} >"$out/many_clients.md"
cat "$csv"
echo
cat "$out/many_clients.md"
