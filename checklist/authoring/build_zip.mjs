// Build-time: the zip the planner's worker boots on, made in one node process.
//
//   node build_zip.mjs PYODIDE_DIR JOB_JSON
//
// JOB_JSON (written by checklist/authoring/runtime.py):
//   {"engine": ENGINE_ZIP, "stdlib": STDLIB_ZIP, "out": OUT_ZIP,
//    "modules": [...] | null, "corpus": [[request JSON, ok], ...]}
// ENGINE_ZIP holds the engine's sources as published (checklist/..., no authoring tools).
// STDLIB_ZIP is the compiled standard-library part: when it exists (made before for the same
// runtime and module list), the runtime boots on it, which is fast, and only the engine is
// compiled; otherwise this script writes it.
//
// Boots the real runtime (node_modules/pyodide) the way the worker does (node_runtime.mjs):
// on STDLIB_ZIP, or on the full standard library. When "modules" is null, traces which
// standard-library modules the worker imports: the engine goes on sys.path, checklist.api and every engine module but the
// command line are imported, every request of the corpus is run (each must give the "ok" it
// is listed with: a corpus that no longer makes plans would trace too little), and one
// Python error crosses into JavaScript (the traceback path). Then, from the list (traced or
// given), writes OUT_ZIP with:
// - each of those stdlib modules as a sourceless .pyc compiled by the runtime's own Python
//   3.14 (the host Python's bytecode differs): -OO, no line table (a fifth less to send; a
//   stdlib traceback shows no line number);
// - the engine, each module compiled the same way but keeping line tables and asserts (an
//   engine traceback names its lines; importing bytecode takes a third of the time of
//   importing source) and class docstrings (dataclasses would otherwise work out a signature
//   for each at import), without module and function docstrings (11 KB less to send: nothing
//   reads them), other files as they are.
// Entries are stored, not deflated (the host compresses the whole file, or serves the .br
// and .gz the build writes beside it: 30 % fewer bytes than deflating each entry), with
// fixed dates: the same inputs give the same bytes. Prints {"modules": [...]} (the list
// used) as JSON on stdout.

import { existsSync, readFileSync, writeFileSync } from "node:fs";

import { bootRuntime } from "./node_runtime.mjs";

const [pyodideDir, jobFile] = process.argv.slice(2);
const job = JSON.parse(readFileSync(jobFile, "utf-8"));
const compiled = job.modules !== null && existsSync(job.stdlib);
const pyodide = await bootRuntime(pyodideDir, compiled ? { stdLibURL: job.stdlib } : {});
pyodide.FS.writeFile("/engine.zip", readFileSync(job.engine));
if (compiled) pyodide.FS.writeFile("/tmp/stdlib.zip", readFileSync(job.stdlib));

let modules = job.modules;
if (modules === null) {
  pyodide.runPython("import sys; sys.path.insert(0, '/engine.zip')");
  const api = pyodide.pyimport("checklist.api");
  // Every engine module (the rules sets are imported by name), but not the command line.
  pyodide.runPython(`
import importlib, pkgutil, checklist
for _module in pkgutil.walk_packages(checklist.__path__, "checklist."):
    if _module.name.rsplit(".", 1)[-1] not in {"cli", "__main__"}:
        importlib.import_module(_module.name)
`);
  for (const [index, [request, ok]] of job.corpus.entries()) {
    const response = JSON.parse(api.run(request));
    if (response.ok !== ok) {
      const problems = JSON.stringify(response.errors).slice(0, 400);
      throw new Error(`corpus request ${index}: expected ok=${ok}, got ${response.ok} ${problems}`);
    }
  }
  try {
    pyodide.runPython("raise ValueError('traced')");
  } catch { /* the error path is what was wanted */ }
  modules = pyodide.runPython(`
import sys
_stdlib = f"/lib/python{sys.version_info[0]}{sys.version_info[1]}.zip"
sorted({
    module.__spec__.origin[len(_stdlib) + 1:]
    for module in list(sys.modules.values())
    if getattr(getattr(module, "__spec__", None), "origin", None)
    and module.__spec__.origin.startswith(_stdlib + "/")
})
`).toJs();
}

pyodide.globals.set("_modules", pyodide.toPy(modules));
pyodide.globals.set("_compiled", compiled);
pyodide.runPython(`
import importlib.util, marshal, sys, zipfile
_stdlib = f"/lib/python{sys.version_info[0]}{sys.version_info[1]}.zip"
_DATE = (1980, 1, 1, 0, 0, 0)

def _lean(code):
    consts = tuple(_lean(const) if hasattr(const, "co_code") else const for const in code.co_consts)
    return code.replace(co_linetable=b"", co_consts=consts)

def _pyc(code):
    return importlib.util.MAGIC_NUMBER + bytes(12) + marshal.dumps(code)

def _without_docstrings(source, filename):
    import ast
    tree = ast.parse(source, filename)
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        first = node.body[0] if node.body else None
        if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)):
            node.body = node.body[1:] or [ast.copy_location(ast.Pass(), first)]
    return tree

if not _compiled:
    with zipfile.ZipFile(_stdlib) as _source, \\
            zipfile.ZipFile("/tmp/stdlib.zip", "w", zipfile.ZIP_STORED) as _out:
        for _name in _modules:
            # optimize=2 (-OO): no docstrings, no asserts.
            _code = compile(_source.read(_name), f"{_stdlib}/{_name}", "exec",
                            dont_inherit=True, optimize=2)
            _out.writestr(zipfile.ZipInfo(_name[:-3] + ".pyc", _DATE), _pyc(_lean(_code)))

# Names are ASCII: reading them as UTF-8 needs no cp437 codec (not in the trimmed stdlib).
with zipfile.ZipFile("/tmp/stdlib.zip", metadata_encoding="utf-8") as _part, \\
        zipfile.ZipFile("/engine.zip", metadata_encoding="utf-8") as _engine, \\
        zipfile.ZipFile("/tmp/out.zip", "w", zipfile.ZIP_STORED) as _out:
    for _info in _part.infolist():
        _out.writestr(zipfile.ZipInfo(_info.filename, _DATE), _part.read(_info))
    for _name in _engine.namelist():
        _data = _engine.read(_name)
        if _name.endswith(".py"):
            _file = f"{_stdlib}/{_name}"
            _data = _pyc(compile(_without_docstrings(_data, _file), _file, "exec",
                                 dont_inherit=True))
            _name = _name[:-3] + ".pyc"
        if _name in _out.NameToInfo:
            raise ValueError(f"the engine and the stdlib both have {_name}")
        _out.writestr(zipfile.ZipInfo(_name, _DATE), _data)
`);
if (!compiled) writeFileSync(job.stdlib, pyodide.FS.readFile("/tmp/stdlib.zip"));
writeFileSync(job.out, pyodide.FS.readFile("/tmp/out.zip"));
process.stdout.write(JSON.stringify({ modules }) + "\n");
