// Does a Pyodide memory snapshot hold the answers of a request? The worker takes its
// snapshot before the first request (docs/assets/planner/worker.mjs); this shows why that
// matters: a snapshot taken after one request holds the reader's text.
//
//   node tests/parity/snapshot_probe.mjs REPO_ROOT STDLIB_ZIP PROBE
//
// Boots the runtime on the published zip as the worker does (the engine imported), takes a
// snapshot, runs one request whose client name is PROBE, takes another, and prints
// {"before": n, "after": m, "size": bytes}: how many times PROBE appears in each.

import { readFileSync } from "node:fs";
import { join } from "node:path";

import { bootRuntime } from "../../checklist/authoring/node_runtime.mjs";

const [root, stdlib, probe] = process.argv.slice(2);
const pyodide = await bootRuntime(join(root, "node_modules", "pyodide"),
  { stdLibURL: stdlib, _makeSnapshot: true });
const engine = pyodide.pyimport("checklist.api");

function occurrences(bytes) {
  const needle = Buffer.from(probe, "utf-8");
  let found = 0;
  for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + 1)) found += 1;
  return found;
}

const before = Buffer.from(pyodide.makeMemorySnapshot());
const scenario = JSON.parse(readFileSync(join(root, "tests", "scenarios", "01-open-ended-direct.json"), "utf-8"));
engine.run(JSON.stringify({
  answers: { ...scenario.answers, client: { ...scenario.answers.client, name: probe } },
  strings: readFileSync(join(root, "locales", "en", "plan.toml"), "utf-8"),
  exports: ["md"],
}));
const after = Buffer.from(pyodide.makeMemorySnapshot());
process.stdout.write(JSON.stringify({ before: occurrences(before), after: occurrences(after), size: before.length }) + "\n");
