// Build-time compiler: the engine's sources as the bytecode of the runtime's own Python.
//
//   node compile_engine.mjs PYODIDE_DIR STDLIB_ZIP DIR
//
// The host Python cannot do it (its bytecode differs from Pyodide's Python 3.14). Every .py
// under DIR gets a sourceless .pyc beside it (line tables, docstrings and asserts kept: a
// traceback from the engine still names its lines), compiled under the file name the
// published zip gives the module. Importing the engine from bytecode instead of source takes
// about a third of the time (measured in node: 55 ms instead of 175 ms), on every visit.
// The runtime boots on the trimmed stdlib (STDLIB_ZIP), which is faster than the full one.
// checklist/authoring/runtime.py runs this once per engine version.

import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

import { bootRuntime } from "./node_runtime.mjs";

const [pyodideDir, stdlibZip, dir] = process.argv.slice(2);
const pyodide = await bootRuntime(pyodideDir, { stdLibURL: stdlibZip });

function* sources(folder) {
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) yield* sources(path);
    else if (name.endsWith(".py")) yield path;
  }
}

const compileOne = pyodide.runPython(`
import marshal, sys
from importlib._bootstrap_external import MAGIC_NUMBER
_stdlib = f"/lib/python{sys.version_info[0]}{sys.version_info[1]}.zip"

def compile_one(source, name):
    code = compile(bytes(source), f"{_stdlib}/{name}", "exec", dont_inherit=True)
    return MAGIC_NUMBER + bytes(12) + marshal.dumps(code)

compile_one
`);
for (const path of sources(dir)) {
  const name = relative(dir, path).split("\\").join("/");
  const pyc = compileOne(new Uint8Array(readFileSync(path)), name);
  writeFileSync(path.slice(0, -3) + ".pyc", pyc.toJs());
  pyc.destroy();
}
compileOne.destroy();
