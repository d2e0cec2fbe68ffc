#!/usr/bin/env bash
# many_clients_wine.sh OUT_DIR - the Windows tcp_server under Wine against the load
# generator of many_clients.sh (bench_loadgen, native, over loopback). Variants:
#   afd     WINE_BIN/tcp_server.exe: xsock_poller on AFD poll requests completed on an
#           I/O completion port (xsock_poller_method "afd")
#   select  WINE_BIN/tcp_server_fallback.exe: the same program and library forced onto
#           the whole-set select() fallback by the test library's fault layer
# Cases as in many_clients.sh: clients-10 (10 connections, all active), clients-100
# (100, all active), clients-1000-idle990 (1,000 connections, 10 active). Cost per message
# = the server process's CPU time plus wineserver's over the timed phase (under Wine every
# socket call and every wait is a round trip to wineserver, a process of its own), from
# /proc/PID/schedstat (bench_loadgen --server-pid and --helper-pid).
# Needs wine and a prefix (WINEPREFIX, default BUILD/wine-prefix); it runs its own
# wineserver for that prefix (so that its CPU time is this benchmark's alone) and stops it
# at the end. Writes OUT_DIR/many_clients_wine.csv and OUT_DIR/many_clients_wine.md.
set -euo pipefail
out=${1:?usage: many_clients_wine.sh OUT_DIR}
bench=${BENCH_BIN:?BENCH_BIN must name the folder of bench_loadgen}
winebin=${WINE_BIN:?WINE_BIN must name a MinGW build folder with tcp_server.exe}
repeats=${BENCH_REPEATS:-3}
msgs10=${MANY_CLIENTS_WINE_MSGS_10:-1000}
msgs100=${MANY_CLIENTS_WINE_MSGS_100:-200}
msgs1000=${MANY_CLIENTS_WINE_MSGS_1000:-1000}
export WINEPREFIX=${WINEPREFIX:?WINEPREFIX must name the Wine prefix to use} WINEDEBUG=-all \
    WINEDLLOVERRIDES="mscoree,mshtml="
die() { echo "many_clients_wine.sh: $*" >&2; exit 1; }
for exe in "$bench/bench_loadgen" "$winebin/tcp_server.exe" "$winebin/tcp_server_fallback.exe"; do
    [ -e "$exe" ] || die "$exe is missing"
done
mkdir -p "$out"
tmp=$(mktemp -d)
cleanup() {
    local live
    live=$(jobs -pr)
    # shellcheck disable=SC2086 # one word per process id
    [ -z "$live" ] || { kill $live 2>/dev/null; wait $live 2>/dev/null; } || true
    wineserver -k 2>/dev/null || true # this prefix's server only
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 4096 ]; then
    ulimit -n 4096 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fi

wineserver -k 2>/dev/null || true
wineserver -f -p30 >"$tmp/wineserver.log" 2>&1 &
wsp=$!
wineboot </dev/null >/dev/null 2>&1 || true

variants=(afd select)
declare -A exe=([afd]="$winebin/tcp_server.exe" [select]="$winebin/tcp_server_fallback.exe")
declare -A pid port
for v in "${variants[@]}"; do
    wine "${exe[$v]}" --quiet 127.0.0.1 0 </dev/null >"$tmp/$v.out" 2>"$tmp/$v.err" &
    pid[$v]=$!
    for _ in $(seq 1 500); do
        grep '^listening on ' "$tmp/$v.out" >/dev/null 2>&1 && break
        kill -0 "${pid[$v]}" 2>/dev/null || break
        sleep 0.02
    done
    # Windows programs end lines with \r\n.
    port[$v]=$(tr -d '\r' <"$tmp/$v.out" | sed -n 's/^listening on .*:\([0-9][0-9]*\)$/\1/p' | head -n 1)
    [ -n "${port[$v]}" ] || { cat "$tmp/$v.err" >&2; die "$v did not start"; }
done

field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<" $2"; }
median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g |
    awk '{v[NR]=$1} END {m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "%.2f", m}'; }
span() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk 'NR==1 {a=$1} {b=$1} END {printf "%.2f-%.2f", a, b}'; }

# A warm-up run per server (discarded): Wine loads and maps its DLLs on first use.
for v in "${variants[@]}"; do
    "$bench/bench_loadgen" 127.0.0.1 "${port[$v]}" 100 100 20 --skip-welcome --timeout 120 \
        >/dev/null || die "warm-up against $v failed"
done
sleep 0.5

cases=("clients-10 10 10 $msgs10" "clients-100 100 100 $msgs100"
    "clients-1000-idle990 1000 10 $msgs1000")
declare -A cost srv hlp rate
for _ in $(seq 1 "$repeats"); do
    for c in "${cases[@]}"; do
        read -r name conns active msgs <<<"$c"
        for v in "${variants[@]}"; do
            line=$("$bench/bench_loadgen" 127.0.0.1 "${port[$v]}" "$conns" "$active" "$msgs" \
                --skip-welcome --timeout 120 --server-pid "${pid[$v]}" --helper-pid "$wsp") ||
                die "load generator failed against $v ($name)"
            k="$name/$v"
            s=$(field server_cpu_us_per_msg "$line") h=$(field helper_cpu_us_per_msg "$line")
            srv[$k]="${srv[$k]:-} $s"
            hlp[$k]="${hlp[$k]:-} $h"
            cost[$k]="${cost[$k]:-} $(awk -v a="$s" -v b="$h" 'BEGIN {printf "%.3f", a + b}')"
            rate[$k]="${rate[$k]:-} $(field rate "$line")"
            sleep 0.5 # let the server close the connections
        done
    done
done

csv=$out/many_clients_wine.csv
echo "benchmark,variant,unit,median,min,max,repeats" >"$csv"
for c in "${cases[@]}"; do
    read -r name _ <<<"$c"
    for v in "${variants[@]}"; do
        k="$name/$v"
        echo "$name,$v,us per message (server + wineserver CPU),$(median "${cost[$k]}"),$(span "${cost[$k]}" | tr - ,),$repeats" >>"$csv"
        echo "$name,$v,msgs/s,$(median "${rate[$k]}"),$(span "${rate[$k]}" | tr - ,),$repeats" >>"$csv"
    done
done
m() { median "${cost[$1]}"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
a10=$(m clients-10/afd) a2=$(m clients-1000-idle990/afd) a1=$(m clients-100/afd)
s10=$(m clients-10/select) s2=$(m clients-1000-idle990/select) s1=$(m clients-100/select)
{
    echo "### Many clients, the Windows server under Wine"
    echo
    echo "- Servers: tcp_server.exe (MinGW build) on xsock_poller: afd = AFD poll requests"
    echo "  on an I/O completion port; select = the same program forced onto the select()"
    echo "  fallback. The load generator is the native bench_loadgen, over loopback."
    echo "- Cost per message: server process + wineserver CPU time over the timed phase,"
    echo "  median of $repeats (min-max). Counts: clients-10 = 10 x $msgs10 round trips,"
    echo "  clients-100 = 100 x $msgs100, clients-1000-idle990 = 1,000 connections, 10 of"
    echo "  them x $msgs1000. Not pinned (Wine's threads and wineserver share the 2 CPUs)."
    for c in "${cases[@]}"; do
        read -r name _ <<<"$c"
        printf -- "- %s:" "$name"
        for v in "${variants[@]}"; do
            k="$name/$v"
            printf " %s %s us (%s; server %s + wineserver %s), %s msgs/s;" "$v" "$(m "$k")" \
                "$(span "${cost[$k]}")" "$(median "${srv[$k]}")" "$(median "${hlp[$k]}")" \
                "$(median "${rate[$k]}")"
        done | sed 's/;$//'
        echo "."
    done
    echo "- afd at 1,000/10 over afd at 10/10: $(ratio "$a2" "$a10") (target <= 1.2: O(ready));"
    echo "  select: $(ratio "$s2" "$s10"). At 1,000/10 afd over select: $(ratio "$a2" "$s2")"
    echo "  (target < 1). At 100/100 afd over select: $(ratio "$a1" "$s1")."
} >"$out/many_clients_wine.md"
cat "$csv"
echo
cat "$out/many_clients_wine.md"
