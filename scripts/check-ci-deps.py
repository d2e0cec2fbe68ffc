#!/usr/bin/env python3
"""check-ci-deps.py - the GitHub jobs' rules for reliability, checked on the text of
.github/workflows/ci.yml (actionlint checks the syntax, this the policy):

  - a job that builds cmocka from source (XSOCK_CMOCKA_FROM_SOURCE=ON) fetches it first
    with scripts/fetch-cmocka-release.sh (pinned SHA-256, retries, two places) and
    hands the folder to CMake (FETCHCONTENT_SOURCE_DIR_CMOCKA): no configure-time
    download from one place;
  - every apt-get update/install retries (Acquire::Retries);
  - a job that runs the Windows tests under Wine runs them one at a time (no
    --parallel/-j for ctest), with a --timeout, and ends the Wine session with
    tests/wine/wine.sh stop (ctest's wine fixture starts it detached from its pipes).

Usage: scripts/check-ci-deps.py [FILE]   Exits 1 with each violation listed.
"""
import re
import sys

path = sys.argv[1] if len(sys.argv) > 1 else ".github/workflows/ci.yml"
text = open(path).read()
body = text.split("\njobs:\n", 1)[1]
jobs = re.split(r"(?m)^  ([A-Za-z0-9_-]+):\n", body)[1:]
problems = []


def logical_lines(job):
    """Lines with YAML folded/continued commands joined (a command may span lines)."""
    return re.sub(r"\\\n\s*", " ", job).splitlines()


for name, job in zip(jobs[::2], jobs[1::2]):
    if "XSOCK_CMOCKA_FROM_SOURCE=ON" in job:
        if "scripts/fetch-cmocka-release.sh" not in job:
            problems.append(f"{name}: builds cmocka from source without scripts/fetch-cmocka-release.sh")
        if "FETCHCONTENT_SOURCE_DIR_CMOCKA" not in job:
            problems.append(f"{name}: cmocka is downloaded at configure time (no FETCHCONTENT_SOURCE_DIR_CMOCKA)")
    for line in logical_lines(job):
        if re.search(r"\bapt-get\b.*\b(update|install)\b", line) and "Acquire::Retries" not in line:
            problems.append(f"{name}: apt-get without retries: {line.strip()}")
    if "mingw-x86_64.cmake" in job and re.search(r"\bctest\b(?!.*\s-N\b)", job):
        for line in logical_lines(job):
            if re.search(r"\bctest\b", line) and " -N" not in line:
                if re.search(r"--parallel|\s-j\s*\d|\s-j\b", line):
                    problems.append(f"{name}: Windows tests under Wine in parallel: {line.strip()}")
                if "--timeout" not in line:
                    problems.append(f"{name}: Windows tests under Wine without --timeout: {line.strip()}")
        if "tests/wine/wine.sh stop" not in job:
            problems.append(f"{name}: the Wine session is not ended by tests/wine/wine.sh stop")

for p in problems:
    print(f"check-ci-deps: {path}: {p}")
if not problems:
    print(f"check-ci-deps: {path}: {len(jobs) // 2} jobs follow the rules")
sys.exit(1 if problems else 0)
