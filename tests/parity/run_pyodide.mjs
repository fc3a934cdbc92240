// Run the engine inside Pyodide (the browser's runtime) on every parity request and print
// the responses as JSON: [[name, response], ...]. The pytest side compares them byte for
// byte with CPython's (tests/engine/test_parity.py).
//
//   node tests/parity/run_pyodide.mjs [REPO_ROOT] [STDLIB_ZIP]
//
// With STDLIB_ZIP (what the site publishes: checklist/authoring/runtime.py), the runtime
// boots on the trimmed, compiled standard library and the engine comes from that same zip,
// as in the planner's worker (a lock that lists no package).
// The runtime comes from node_modules/pyodide (npm package, offline). The checklist/
// sources (without checklist/authoring, which is CPython-only), the scenarios, fixtures,
// locales and tests/parity/parity_requests.py are copied into Pyodide's file system.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { bootRuntime } from "../../checklist/authoring/node_runtime.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(process.argv[2] ?? join(here, "..", ".."));
const pyodideDir = join(root, "node_modules", "pyodide");

const MOUNT = "/repo";

function* walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name === "__pycache__" || name === "authoring") continue;
      yield* walk(path);
    } else {
      yield path;
    }
  }
}

function copyInto(pyodide, files) {
  for (const path of files) {
    const target = `${MOUNT}/${relative(root, path).split("\\").join("/")}`;
    pyodide.FS.mkdirTree(target.slice(0, target.lastIndexOf("/")));
    pyodide.FS.writeFile(target, readFileSync(path));
  }
}

const [stdlib] = process.argv.slice(3);
const pyodide = await bootRuntime(pyodideDir, { stdLibURL: stdlib });
const files = [
  ...(stdlib ? [] : [...walk(join(root, "checklist"))].filter((path) => path.endsWith(".py"))),
  ...[...walk(join(root, "tests", "scenarios"))].filter((path) => path.endsWith(".json")),
  ...[...walk(join(root, "tests", "engine", "fixtures"))].filter((path) => path.endsWith(".json")),
  ...[...walk(join(root, "locales"))].filter((path) => path.endsWith(".toml")),
  join(root, "tests", "parity", "parity_requests.py"),
];
copyInto(pyodide, files);

const output = pyodide.runPython(`
import sys
sys.path[:0] = ["${MOUNT}", "${MOUNT}/tests/parity"]
sys.dont_write_bytecode = True
from pathlib import Path
import parity_requests
parity_requests.run_all(Path("${MOUNT}"))
`);
process.stdout.write(output + "\n");
const version = pyodide.runPython("import sys; sys.version.split()[0]");
const origin = pyodide.runPython("import checklist; checklist.__file__");
// An error raised through stdlib code (compiled without line numbers) reaches JavaScript
// with its own last line, which is what the worker reports (worker.mjs).
let traceback = "no error";
try {
  pyodide.runPython("import json; json.loads('{')");
} catch (error) {
  traceback = String(error.message).trim().split("\n").pop();
}
process.stderr.write(`traceback: ${traceback}\n`);
process.stderr.write(`pyodide ${pyodide.version}, Python ${version}, engine ${origin}\n`);
