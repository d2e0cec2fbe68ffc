#!/usr/bin/env python3
"""report.py RESULTS_DIR REPORT.md PLOT.png - turn the benchmark families' CSV files and
notes into docs/performance.md (machine, command, a table per benchmark, the notes) and
a bar chart of the ratios against each baseline (gnuplot)."""
import csv
import glob
import os
import platform
import subprocess
import sys
import time

FAMILIES = ["pingpong", "file_transfer", "many_clients"]


def machine():
    def run(*cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
        except OSError:
            return "?"
    model = "?"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return [f"- CPU: {model}, {os.cpu_count()} logical CPUs",
            f"- Kernel: {platform.system()} {platform.release()}",
            f"- Compiler: {run('gcc', '--version').splitlines()[0]}",
            f"- Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"]


def read_rows(results):
    rows = {}
    for family in FAMILIES:
        path = os.path.join(results, f"{family}.csv")
        if os.path.exists(path):
            rows[family] = list(csv.DictReader(open(path)))
    return rows


def table(rows):
    out = ["| benchmark | variant | median | min | max | unit | runs | ratio | vs |",
           "|---|---|---:|---:|---:|---|---:|---:|---|"]
    for r in rows:
        out.append(f"| {r['benchmark']} | {r['variant']} | {r['median']} | {r['min']} | "
                   f"{r['max']} | {r['unit']} | {r['repeats']} | {r['ratio']} | {r['baseline']} |")
    return out


def plot(rows, png):
    data = [(f"{r['benchmark']}: {r['variant']}", float(r["ratio"]))
            for family in rows.values() for r in family
            if r["variant"] != r["baseline"] and not r["unit"].startswith("instructions")]
    if not data:
        return False
    dat = png + ".dat"
    with open(dat, "w") as f:
        for i, (label, ratio) in enumerate(data):
            f.write(f'{i} {ratio} "{label}"\n')
    script = f"""
set terminal pngcairo noenhanced size 1100,{200 + 26 * len(data)} font ",10"
set output "{png}"
set title "xsock against baselines measured in the same run (ratio, higher is better)"
set style fill solid 0.6
set boxwidth 0.6
set yrange [-1:{len(data)}]
set xrange [0:*]
set ytics nomirror
set grid x
set arrow from 1, graph 0 to 1, graph 1 nohead dt 2
unset key
plot "{dat}" using (0.5*$2):1:(0.5*$2):(0.3):ytic(3) with boxxyerror, \\
     "{dat}" using 2:1:(sprintf("%.2f", $2)) with labels left offset 0.5,0
"""
    done = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
    os.remove(dat)
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
    return done.returncode == 0


def main():
    results, report, png = sys.argv[1:4]
    rows = read_rows(results)
    lines = ["# Performance", "",
             "Measured by `bash scripts/bench.sh` (Release builds; every number compares xsock",
             "with a baseline measured in the same run). The machine is shared and noisy:",
             "instruction counts come from callgrind (exact); rates are medians of repeats",
             "with the two processes of a pair pinned to one CPU, min-max given as spread.",
             "", "## Machine", ""] + machine()
    if plot(rows, png):
        lines += ["", f"![ratios against the baselines]({os.path.basename(png)})"]
    for family in FAMILIES:
        if family not in rows:
            continue
        lines += ["", f"## {family.replace('_', ' ')}", ""] + table(rows[family])
        notes = os.path.join(results, f"{family}.md")
        if os.path.exists(notes):
            lines += [""] + open(notes).read().rstrip().splitlines()
    with open(report, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"report: {report}")


if __name__ == "__main__":
    main()
