#!/usr/bin/env bash
# check-doc-facts.sh - facts in the documentation that the code can give must agree
# with the code:
#   - every XSOCK_* build option (option() or a CACHE variable in CMakeLists.txt and
#     cmake/*.cmake) is named in README.md;
#   - a count of exported functions in README.md or docs/*.md ("N `xsock_*` functions",
#     "N public functions", "N exported functions") is the number of XSOCK_API
#     functions in include/xsock.h (the same list scripts/test.sh checks the shared
#     libraries' export tables against). Better: write no such number.
# Exits non-zero with every disagreement listed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bad=0

options=$(cat CMakeLists.txt cmake/*.cmake |
          grep -oE 'option\(XSOCK_[A-Z0-9_]+|set\(XSOCK_[A-Z0-9_]+ [^)]*CACHE' |
          grep -oE 'XSOCK_[A-Z0-9_]+' | sort -u)
for opt in $options; do
    if ! grep -F "\`$opt\`" README.md >/dev/null; then
        echo "check-doc-facts: the option $opt is not listed in README.md"; bad=1
    fi
done

functions=$(grep -E '^XSOCK_API ' include/xsock.h | grep -oE 'xsock_[a-z0-9_]+\(' | sort -u | wc -l)
functions=$((functions))
while IFS=: read -r file line text; do
    [ -n "$file" ] || continue
    n=$(grep -oE '[0-9]+ +(`xsock_\*` |public |exported )functions' <<<"$text" | grep -oE '^[0-9]+')
    for k in $n; do
        if [ "$k" -ne "$functions" ]; then
            echo "check-doc-facts: $file:$line says $k functions; include/xsock.h declares $functions"
            bad=1
        fi
    done
done < <(grep -nE '[0-9]+ +(`xsock_\*` |public |exported )functions' README.md docs/*.md /dev/null || true)

[ "$bad" -eq 0 ] && echo "check-doc-facts: ${functions} API functions; $(wc -w <<<"$options") options, all in README.md"
exit "$bad"
