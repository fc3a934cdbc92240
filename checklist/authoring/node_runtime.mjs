// Boot the npm runtime (node_modules/pyodide) in node the way the planner's worker boots it:
// an inline lock that lists no package (the worker's own, checklist/authoring/runtime.py
// `empty_lock`), and optionally the published stdlib zip (and other loadPyodide options).
// Used by build_zip.mjs and tests/parity/*.mjs.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export async function bootRuntime(pyodideDir, { stdLibURL, ...options } = {}) {
  const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, "pyodide.mjs")).href);
  const { info } = JSON.parse(readFileSync(join(pyodideDir, "pyodide-lock.json"), "utf-8"));
  return loadPyodide({
    indexURL: pyodideDir + "/",
    ...(stdLibURL ? { stdLibURL } : {}),
    lockFileContents: JSON.stringify({ info, packages: {} }),
    stdout: () => {},
    stderr: () => {},
    ...options,
  });
}
