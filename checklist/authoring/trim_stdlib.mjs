// Build-time tracer: which standard-library modules does the planner's worker really import?
//
//   node trim_stdlib.mjs PYODIDE_DIR ENGINE_ZIP REPO_ROOT OUT_ZIP
//
// Boots the real runtime (node_modules/pyodide) the way docs/assets/planner/worker.mjs does
// (a lock that lists no package; the engine on sys.path from a zip, as in the published
// stdlib zip), imports checklist.api and every engine module but the command line, runs
// every scenario of tests/scenarios (when present) in each language with every export, and
// lets one Python error cross into JavaScript (the traceback path). Every module then in
// sys.modules that came from the runtime's python_stdlib.zip is compiled by the runtime's
// own Python 3.14 (so the bytecode matches the interpreter the browser runs, whatever the
// host Python is) and written as a sourceless .pyc (-OO, no line table) to OUT_ZIP, deflated
// (level 9): hosts do not compress application/zip, so the zip must be small by itself.
// checklist/authoring/runtime.py runs this once per runtime version and set of engine imports.

import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { bootRuntime } from "./node_runtime.mjs";

const [pyodideDir, engineZip, root, outZip] = process.argv.slice(2);
const pyodide = await bootRuntime(pyodideDir);
pyodide.FS.writeFile("/engine.zip", readFileSync(engineZip));
pyodide.runPython("import sys; sys.path.insert(0, '/engine.zip')");
const engine = pyodide.pyimport("checklist.api");
pyodide.runPython("import sys; sys.version.split()[0]");

// Every engine module (the rules sets are imported by name), but not the command line.
pyodide.runPython(`
import importlib, pkgutil, checklist
for _module in pkgutil.walk_packages(checklist.__path__, "checklist."):
    if _module.name.rsplit(".", 1)[-1] not in {"cli", "__main__"}:
        importlib.import_module(_module.name)
`);
const read = (...parts) => readFileSync(join(root, ...parts), "utf-8");
// The scenarios, where the project has them (a copy of the site sources may not).
const scenarios = existsSync(join(root, "tests", "scenarios"))
  ? readdirSync(join(root, "tests", "scenarios")).filter((name) => name.endsWith(".json")).sort() : [];
for (const lang of scenarios.length ? ["fr", "en"] : []) {
  const checklist = JSON.parse(read("tests", "engine", "fixtures", lang === "fr" ? "checklist.json" : `checklist.${lang}.json`));
  const strings = read("locales", lang, "plan.toml");
  for (const name of scenarios) {
    const { answers } = JSON.parse(read("tests", "scenarios", name));
    engine.run(JSON.stringify({ answers, checklist, strings, jurisdiction: "fr",
      exports: ["md", "ics", "json"], base_url: "https://example.org/" }));
  }
  engine.run(JSON.stringify({ answers: { today: "2026-02-30" }, strings }));
}
engine.run("{nope");
try {
  pyodide.runPython("raise ValueError('traced')");
} catch { /* the error path is what was wanted */ }

const count = pyodide.runPython(`
import sys
_stdlib = f"/lib/python{sys.version_info[0]}{sys.version_info[1]}.zip"
_used = sorted({
    module.__spec__.origin[len(_stdlib) + 1:]
    for module in list(sys.modules.values())
    if getattr(getattr(module, "__spec__", None), "origin", None)
    and module.__spec__.origin.startswith(_stdlib + "/")
})
import importlib.util, marshal, zipfile

def _lean(code):
    # No line table (a fifth less to send); a stdlib traceback then shows no line number.
    consts = tuple(_lean(const) if hasattr(const, "co_code") else const for const in code.co_consts)
    return code.replace(co_linetable=b"", co_consts=consts)

with zipfile.ZipFile(_stdlib) as _source, zipfile.ZipFile("/tmp/stdlib.zip", "w") as _out:
    for _name in _used:
        # optimize=2 (-OO): no docstrings, no asserts.
        _code = _lean(compile(_source.read(_name), f"{_stdlib}/{_name}", "exec", dont_inherit=True, optimize=2))
        _entry = zipfile.ZipInfo(_name[:-3] + ".pyc", (1980, 1, 1, 0, 0, 0))
        _out.writestr(_entry, importlib.util.MAGIC_NUMBER + bytes(12) + marshal.dumps(_code),
                      compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
len(_used)
`);
writeFileSync(outZip, pyodide.FS.readFile("/tmp/stdlib.zip"));
process.stdout.write(`${count}\n`);
