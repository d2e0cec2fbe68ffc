#!/usr/bin/env bash
# file_transfer.sh OUT_DIR - the file transfer family: a 1 GiB file of random bytes goes
# from /dev/shm over loopback TCP to a new file on /dev/shm with
#   xsock        examples file_server --once (sendfile) + file_client (CRC-32 checked)
#   raw-64k      bench_raw_file, read()/send() and recv()/write() of 64 KiB (baseline)
#   tutorial-1k  bench_raw_file with the tutorials' 1 KiB blocks
#   socat        socat -b 131072
#   nc           OpenBSD netcat
#   iperf3       memory to memory, no files: the wire-speed reference (its own figure)
# Both processes of a pair run on one CPU (taskset -c 0), so a pair costs the sum of its
# CPU work and the copies that zero-copy saves show in the time. The variants take turns
# (rounds), so a burst of load from other jobs does not spoil one variant only. Each run
# is timed from the start of the client to its exit, with the CPU time of both sides;
# every output's size is checked and the first of each variant compared with the input
# (cmp). One unpinned run per variant goes to the notes. Writes OUT_DIR/file_transfer.csv
# (the bench/README.md contract, MiB/s, ratio to raw-64k) and OUT_DIR/file_transfer.md.
#
# Environment: BENCH_BIN (bench_raw_file), EXAMPLES_BIN (file_server, file_client),
# BENCH_REPEATS (default 5; the 1 KiB loop does at most 3), BENCH_FILE_MIB (default
# 1024), BENCH_CPU (default 0), BENCH_UNPINNED (1: one unpinned run each, the default).
# Needs python3, taskset, socat, nc (netcat-openbsd), iperf3. 1-2 minutes on 2 cores.
set -uo pipefail

die() { printf 'file_transfer: %s\n' "$*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: file_transfer.sh OUT_DIR"
out_dir=$1
: "${BENCH_BIN:?set BENCH_BIN to the folder of bench_raw_file}"
: "${EXAMPLES_BIN:?set EXAMPLES_BIN to the folder of file_server and file_client}"
repeats=${BENCH_REPEATS:-5}
slow_repeats=$((repeats < 3 ? repeats : 3))
size_mib=${BENCH_FILE_MIB:-1024}
cpu=${BENCH_CPU:-0}
unpinned=${BENCH_UNPINNED:-1}
size=$((size_mib * 1024 * 1024))
raw=$BENCH_BIN/bench_raw_file
for tool in python3 taskset socat nc iperf3 cmp "$raw" "$EXAMPLES_BIN/file_server" \
    "$EXAMPLES_BIN/file_client"; do
    command -v "$tool" >/dev/null || die "missing $tool"
done
mkdir -p "$out_dir" || die "cannot create $out_dir"
rm -f "$out_dir/file_transfer.csv" "$out_dir/file_transfer.md" # no stale results

shm=$(mktemp -d /dev/shm/xsock-file-transfer.XXXXXX) || die "cannot create a folder on /dev/shm"
tmp=$(mktemp -d) || die "cannot create a temporary folder"
cleanup() { # the processes that pair.py started and did not reap, then the files
    local pid
    if [ -f "$tmp/pids" ]; then
        while read -r pid; do
            kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
        done <"$tmp/pids"
    fi
    rm -rf "$shm" "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
input=$shm/input.bin
# variant, pinned|unpinned, wall_s, client_cpu_s, server_cpu_s, ready_s, ready_cpu_s, MiB/s
results=$tmp/results.tsv

# pair.py: start a server, wait until it listens, time a client (wall and CPU).
cat >"$tmp/pair.py" <<'PY'
"""pair.py [--cpu LIST] [--ready portfile:PATH | line:PATH | tcp] [--server-in FILE]
        [--client-out FILE] [--timeout S] [--pids FILE] -- SERVER... -- CLIENT...
Prints "wall_s client_cpu_s server_cpu_s ready_s ready_cpu_s". The server shows that it
listens by
writing its port to PATH, by printing "listening on ADDRESS:PORT" (its stdout goes to
PATH), or (tcp) on a free port chosen here, seen in /proc/net/tcp. "{port}" and
"{portfile}" in the arguments are replaced. wall_s runs from just before the client
starts until it has exited; server_cpu_s counts from the client's start (the server's
startup excluded); ready_s and ready_cpu_s are the server's startup (wall, CPU)."""
import os, re, signal, socket, subprocess, sys, time


class Timeout(Exception):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tcp_listening(port):
    with open("/proc/net/tcp") as f:
        rows = [line.split() for line in list(f)[1:]]
    return any(r[1].endswith(":%04X" % port) and r[3] == "0A" for r in rows)


def proc_cpu(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_cpu(pid):
    _, status, usage = os.wait4(pid, 0)
    return os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime


def wait_ready(kind, path, port, pid):
    while True:
        if os.waitpid(pid, os.WNOHANG)[0] != 0:
            sys.exit("pair.py: the server exited before it listened")
        if kind == "portfile" and os.path.exists(path):
            return int(open(path).read())
        if kind == "line" and os.path.exists(path):
            m = re.search(r"listening on .*:(\d+)\s*$", open(path).read(), re.M)
            if m:
                return int(m.group(1))
        if kind == "tcp" and tcp_listening(port):
            return port
        time.sleep(0.002)


def parse(argv):
    opts, i = {"cpu": "", "ready": "tcp", "timeout": "60"}, 0
    while argv[i] != "--":
        opts[argv[i][2:].replace("-", "_")] = argv[i + 1]
        i += 2
    rest = argv[i + 1:]
    cut = rest.index("--")
    return opts, rest[:cut], rest[cut + 1:]


def start(args, opts, stdin, stdout):
    pin = ["taskset", "-c", opts["cpu"]] if opts["cpu"] else []
    p = subprocess.Popen(pin + args, stdin=stdin, stdout=stdout)
    if opts.get("pids"):
        with open(opts["pids"], "a") as f:
            f.write("%d\n" % p.pid)
    return p


def on_alarm(signum, frame):
    raise Timeout()


def run(opts, server_args, client_args):
    kind, _, path = opts["ready"].partition(":")
    port = free_port() if kind == "tcp" else 0
    fill = lambda args: [a.replace("{port}", str(port)).replace("{portfile}", path) for a in args]
    s_in = open(opts["server_in"], "rb") if opts.get("server_in") else subprocess.DEVNULL
    s_out = open(path, "w") if kind == "line" else subprocess.DEVNULL
    c_out = open(opts["client_out"], "wb") if opts.get("client_out") else subprocess.DEVNULL
    t_start = time.perf_counter()
    server = start(fill(server_args), opts, s_in, s_out)
    procs.append(server.pid)
    port = wait_ready(kind, path, port, server.pid)
    ready = time.perf_counter() - t_start
    server_before = proc_cpu(server.pid)
    t0 = time.perf_counter()
    client = start(fill(client_args), opts, subprocess.DEVNULL, c_out)
    procs.append(client.pid)
    c_status, c_cpu = wait_cpu(client.pid)
    wall = time.perf_counter() - t0
    s_status, s_cpu = wait_cpu(server.pid)
    if c_status != 0 or s_status != 0:
        sys.exit("pair.py: client exit status %d, server %d" % (c_status, s_status))
    return wall, c_cpu, s_cpu - server_before, ready, server_before


procs = []
if __name__ == "__main__":
    opts, server_args, client_args = parse(sys.argv[1:])
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(int(opts["timeout"]))
    try:
        print("%.6f %.6f %.6f %.6f %.6f" % run(opts, server_args, client_args))
    except Timeout:
        for pid in procs:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        sys.exit("pair.py: timed out after %s s" % opts["timeout"])
PY

# pair CPU_LIST PAIR.PY-ARGS...: one timed run (prints pair.py's line).
pair() {
    local pin=$1
    shift
    python3 "$tmp/pair.py" --cpu "$pin" --timeout 60 --pids "$tmp/pids" "$@"
}

# One run of each variant: run_VARIANT CPU_LIST OUT prints pair.py's line.
run_raw() { # run_raw BLOCK CPU_LIST OUT
    rm -f "$tmp/port"
    pair "$2" --ready "portfile:$tmp/port" -- "$raw" send "$input" '{portfile}' --block "$1" \
        -- "$raw" recv 127.0.0.1 '{port}' "$3" --block "$1"
}
run_raw-64k() { run_raw 65536 "$@"; }
run_tutorial-1k() { run_raw 1024 "$@"; }
run_xsock() { # file_client names the file after the server's offer: moved to OUT
    local dir=$shm/xsock.d
    rm -rf "$dir" "$tmp/xsock.log"
    mkdir -p "$dir"
    pair "$1" --ready "line:$tmp/xsock.log" -- "$EXAMPLES_BIN/file_server" --once "$input" \
        127.0.0.1 0 -- "$EXAMPLES_BIN/file_client" --dir "$dir" 127.0.0.1 '{port}' &&
        mv "$dir/$(basename "$input")" "$2"
}
run_socat() {
    pair "$1" -- socat -b 131072 -u "FILE:$input" 'TCP-LISTEN:{port},reuseaddr,bind=127.0.0.1' \
        -- socat -b 131072 -u 'TCP:127.0.0.1:{port}' "CREATE:$2"
}
run_nc() { # the server shuts the socket down at the end of its input (-N)
    pair "$1" --server-in "$input" --client-out "$2" -- nc -N -l 127.0.0.1 '{port}' \
        -- nc -d 127.0.0.1 '{port}'
}
run_iperf3() { # OUT gets iperf3's JSON report
    pair "$1" --client-out "$2" -- iperf3 -s -1 -B 127.0.0.1 -p '{port}' \
        -- iperf3 -c 127.0.0.1 -p '{port}' -n "${size_mib}M" -J
}

# iperf3_rate JSON: the receiver's throughput in MiB/s, after checking what was sent.
iperf3_rate() {
    python3 - "$1" "$size" <<'PY'
import json, sys
end = json.load(open(sys.argv[1]))["end"]
if end["sum_sent"]["bytes"] < int(sys.argv[2]):
    sys.exit("iperf3 sent %d bytes" % end["sum_sent"]["bytes"])
print("%.3f" % (end["sum_received"]["bits_per_second"] / 8 / 1048576))
PY
}

# verify VARIANT OUT COMPARE: a run that did not deliver the whole file does not count.
verify() {
    local got
    [ "$1" = iperf3 ] && return 0
    got=$(stat -c %s "$2" 2>/dev/null) || { echo "no output file" >&2; return 1; }
    [ "$got" -eq "$size" ] || { echo "output has $got bytes, not $size" >&2; return 1; }
    [ "$3" = 0 ] || cmp -s "$input" "$2" || { echo "output differs from the input" >&2; return 1; }
}

# measure VARIANT MODE RUN: one run appended to the results (MODE pinned|unpinned); the
# first pinned run of a variant is also compared with the input. Fails (and the variant
# is left out from then on) if the output is not the input.
measure() {
    local variant=$1 mode=$2 run=$3 line rate out=$shm/out.$1 pin=$cpu compare=0
    [ "$mode" = pinned ] || pin=""
    [ "$mode" = pinned ] && [ "$run" -eq 1 ] && compare=1
    rm -f "$out"
    if ! line=$("run_$variant" "$pin" "$out") || ! verify "$variant" "$out" "$compare"; then
        echo "  $variant ($mode) run $run FAILED" | tee -a "$tmp/failures"
        rm -f "$out"
        return 1
    fi
    if [ "$variant" = iperf3 ]; then
        rate=$(iperf3_rate "$out") || { echo "  iperf3's report unusable" | tee -a "$tmp/failures"; return 1; }
    else
        rate=$(awk -v w="${line%% *}" -v m="$size_mib" 'BEGIN { printf "%.3f", m / w }')
    fi
    rm -f "$out"
    printf '%s\t%s\t%s\t%s\n' "$variant" "$mode" "${line// /$'\t'}" "$rate" >>"$results"
    printf '  %-12s %-8s run %d: %9.1f MiB/s  (wall %s s)\n' "$variant" "$mode" "$run" "$rate" "${line%% *}"
}

# machine facts, measured now: CPU, load, the copy rate of this memory
facts=$tmp/facts
{
    echo "cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) CPUs"
    echo "kernel=$(uname -r)"
    echo "load_start=$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "tcp_rmem=$(tr '\t' ' ' </proc/sys/net/ipv4/tcp_rmem)"
    echo "tcp_wmem=$(tr '\t' ' ' </proc/sys/net/ipv4/tcp_wmem)"
    echo "lo_mtu=$(cat /sys/class/net/lo/mtu 2>/dev/null || echo '?')"
} >"$facts"

start=$(date +%s%N)
echo "file_transfer: creating a $size_mib MiB file of random bytes in $shm"
head -c "$size" /dev/urandom >"$input" || die "cannot write $input"
dd if="$input" of=/dev/null bs=64k 2>"$tmp/dd" >/dev/null
echo "copy_rate=$(awk '/copied/ { print $(NF-1), $NF }' "$tmp/dd")" >>"$facts"

# Rounds: each variant once per round, so a burst of load from other jobs spreads over
# all variants instead of spoiling one of them.
variants=(raw-64k xsock tutorial-1k socat nc iperf3)
# slow_round RUN: whether the 1 KiB loop runs in this round (slow_repeats rounds, spread
# over all of them: 1, 3, 5 of 5).
slow_round() {
    local k
    for ((k = 0; k < slow_repeats; k++)); do
        [ "$slow_repeats" -eq 1 ] && { [ "$1" -eq 1 ]; return; }
        [ "$1" -eq $((1 + (k * (repeats - 1) + (slow_repeats - 1) / 2) / (slow_repeats - 1))) ] && return 0
    done
    return 1
}
declare -A failed=()
for ((run = 1; run <= repeats; run++)); do
    echo "file_transfer: round $run of $repeats (pinned to CPU $cpu)"
    for variant in "${variants[@]}"; do
        [ -n "${failed[$variant]:-}" ] && continue
        [ "$variant" = tutorial-1k ] && ! slow_round "$run" && continue
        measure "$variant" pinned "$run" || failed[$variant]=1
    done
done
if [ "$unpinned" = 1 ]; then
    echo "file_transfer: one unpinned run each"
    for variant in "${variants[@]}"; do
        [ -n "${failed[$variant]:-}" ] || measure "$variant" unpinned 1 || true
    done
fi
echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$facts"
echo "elapsed_s=$((($(date +%s%N) - start) / 1000000000))" >>"$facts"
[ -f "$tmp/failures" ] && cp "$tmp/failures" "$facts.failures"

python3 - "$results" "$facts" "$out_dir" "$size_mib" "$repeats" "$slow_repeats" "$cpu" <<'PY' || die "no report"
import os, statistics, sys
from collections import namedtuple

results, facts_path, out_dir, size_mib, repeats, slow_repeats, cpu = sys.argv[1:]
gib = int(size_mib) / 1024  # the file, in GiB
facts = dict(line.rstrip("\n").split("=", 1) for line in open(facts_path))
failures = open(facts_path + ".failures").read() if os.path.exists(facts_path + ".failures") else ""
Run = namedtuple("Run", "wall client_cpu server_cpu ready ready_cpu rate")
runs = {}  # (variant, "pinned" | "unpinned") -> [Run]
for line in open(results):
    v, mode, *nums = line.split("\t")
    runs.setdefault((v, mode), []).append(Run(*(float(x) for x in nums)))

order = ["raw-64k", "xsock", "tutorial-1k", "socat", "nc", "iperf3"]
pinned = {v: runs[(v, "pinned")] for v in order if (v, "pinned") in runs}
if "raw-64k" not in pinned:
    sys.exit("file_transfer: the baseline raw-64k failed; no results")
med = lambda v, field: statistics.median(getattr(r, field) for r in pinned[v])
rate = {v: med(v, "rate") for v in pinned}
per_gib = lambda v, field: med(v, field) / gib  # CPU seconds per GiB
pair_cpu = {v: per_gib(v, "client_cpu") + per_gib(v, "server_cpu") for v in pinned}
cpu_rate = {v: 1024 / pair_cpu[v] for v in pinned}  # MiB per CPU-second of the pair
base = rate["raw-64k"]

with open(os.path.join(out_dir, "file_transfer.csv"), "w") as f:
    f.write("benchmark,variant,unit,median,min,max,repeats,ratio,baseline\n")
    for v in pinned:
        rs = [r.rate for r in pinned[v]]
        f.write("file_transfer,%s,MiB/s,%.1f,%.1f,%.1f,%d,%.3f,raw-64k\n"
                % (v, rate[v], min(rs), max(rs), len(rs), rate[v] / base))

def ratio(table, a, b):
    return table[a] / table[b] if a in table and b in table else None

def fmt(x):
    return "n/a" if x is None else "%.2fx" % x

best = max((v for v in ("socat", "nc") if v in rate), key=lambda v: rate[v], default=None)
targets = [("xsock >= 1.0x raw-64k", "raw-64k", 1.0),
           ("xsock >= 1.1x the best of socat/nc (%s)" % best, best, 1.1),
           ("xsock >= 4x tutorial-1k", "tutorial-1k", 4.0)]

L = ["# File transfer: %s MiB from /dev/shm to /dev/shm over loopback" % size_mib, ""]
L.append(
    "Median of %s pinned runs (the 1 KiB loop: %s), the variants taking turns (one run "
    "each per round), both processes of a pair on CPU %s (`taskset -c %s`), timed from the "
    "client's start to its exit; higher is better. Pinned, a pair costs the sum of its "
    "sender's and receiver's CPU work, so the copies that zero-copy (`sendfile`) saves show "
    "in the time; unpinned, the two overlap on the two cores and the cheaper side hides "
    "behind the other. Each output's size was checked, the first of each variant compared "
    "with the input (`cmp`). iperf3 moves memory to memory (no files): its figure is its "
    "own receiver throughput. The CPU columns (user + system time of server and client "
    "during the transfer, from wait4 and /proc) hardly move when other jobs share the CPU: "
    "they are the check on the wall-clock figures." % (repeats, slow_repeats, cpu, cpu))
L += ["", "| variant | MiB/s (median) | min - max | spread | vs raw-64k | CPU s/GiB server + client "
      "| MiB per CPU-s (vs raw-64k) | unpinned MiB/s |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
for v in pinned:
    rs = [r.rate for r in pinned[v]]
    up = runs.get((v, "unpinned"))
    L.append("| %s | %.0f | %.0f - %.0f | %.0f%% | %.2f | %.2f + %.2f | %.0f (%.2f) | %s |"
             % (v, rate[v], min(rs), max(rs), 100 * (max(rs) - min(rs)) / rate[v], rate[v] / base,
                per_gib(v, "server_cpu"), per_gib(v, "client_cpu"), cpu_rate[v],
                cpu_rate[v] / cpu_rate["raw-64k"], "%.0f" % up[0].rate if up else "-"))
L += ["", "Ratios of xsock (wall clock): %s raw-64k, %s the best of socat/nc (%s), %s tutorial-1k, "
      "%s iperf3." % (fmt(ratio(rate, "xsock", "raw-64k")), fmt(ratio(rate, "xsock", best)), best,
                      fmt(ratio(rate, "xsock", "tutorial-1k")), fmt(ratio(rate, "xsock", "iperf3"))),
      "", "Targets (wall clock; by CPU time in brackets):"]
for name, other, want in targets:
    value, by_cpu = ratio(rate, "xsock", other), ratio(cpu_rate, "xsock", other)
    L.append("- %s: %s" % (name, "not measured (a variant failed)" if value is None else
                            "%.2fx -> %s (%.2fx)" % (value, "met" if value >= want else "NOT met", by_cpu)))
if failures:
    L.append("- failed runs (left out):\n" + failures.rstrip())
L += ["", "Machine: %s; kernel %s; load average %s at the start, %s at the end (a shared machine: "
      "other jobs ran meanwhile); memory copy rate (dd, /dev/shm to /dev/null, 64 KiB blocks) %s; "
      "tcp_rmem %s, tcp_wmem %s; loopback MTU %s; the family took %s s."
      % (facts["cpu"], facts["kernel"], facts["load_start"], facts["load_end"], facts["copy_rate"],
         facts["tcp_rmem"], facts["tcp_wmem"], facts["lo_mtu"], facts["elapsed_s"]), ""]
if "xsock" in pinned:
    scan = per_gib("xsock", "ready_cpu")  # file_server's startup: one fread + xfer_crc32 pass
    extra = per_gib("xsock", "client_cpu") - per_gib("raw-64k", "client_cpu")
    saved = per_gib("raw-64k", "server_cpu") - per_gib("xsock", "server_cpu")
    L.append(
        "Reading: file_server's side costs %.2f CPU s/GiB against %.2f for the read/send "
        "loop%s. file_client costs %.2f against %.2f for the recv/write loop: %.2f s/GiB "
        "more, and it is the one that also checks a CRC-32 of everything it receives (the "
        "raw pair, socat and nc check nothing). file_server's startup pass over the same "
        "file with the same xfer_crc32 (before it listens, not timed) took %.2f CPU s/GiB "
        "(%.0f MiB per CPU-second, mostly reading the file in).%s"
        % (per_gib("xsock", "server_cpu"), per_gib("raw-64k", "server_cpu"),
           " (sendfile hands the file's pages to TCP instead of copying them)" if saved > 0.02
           else " (no measurable saving)", per_gib("xsock", "client_cpu"),
           per_gib("raw-64k", "client_cpu"), extra, scan, 1024 / scan if scan > 0 else 0,
           " Little of the receiver's extra is the checksum (PCLMULQDQ CRC-32 where the CPU has it): sendfile hands TCP the "
           "file's pages without reading them, so the receiver copies data that no CPU cache "
           "holds and pays back what the sender saved (the same recv/write loop costs more "
           "CPU fed by sendfile than fed by read/send)." if extra > 0 and saved > 0.02 else ""))
if "iperf3" in pinned:
    L.append(
        "iperf3 is the ceiling (%.0f MiB/s, %.2f CPU s/GiB): it reads no file and fills none, "
        "so it pays one copy into and one out of the socket; every file variant also pays "
        "the receiver's page allocation and copy into the new /dev/shm file, which alone "
        "makes the raw receiver cost %.2f CPU s/GiB." % (rate["iperf3"], pair_cpu["iperf3"],
                                                          per_gib("raw-64k", "client_cpu")))
with open(os.path.join(out_dir, "file_transfer.md"), "w") as f:
    f.write("\n".join(L) + "\n")
print("\n".join(L))
PY
[ ! -f "$tmp/failures" ] || die "some runs failed (left out of the results)"
