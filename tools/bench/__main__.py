"""How fast the planner shows a plan, measured against a bare Pyodide boot (issues 13, 26).

    make bench                       # or: .venv/bin/python -m tools.bench [--runs 5] ...

Builds the site into .cache/bench/site (never the published site/), adds a page made only
for the benchmark (`__bench__/bare.html`: a module worker that runs `loadPyodide()` and
`1+1` on the *unmodified* npm runtime, copied to `__bench__/pyodide/` with the same
immutable cache rule and precompressed copies as the site's runtime), serves it on loopback
with tools/preview.py's handler (the site's `_headers`; the build's `.br` and `.gz` files, as
a host that serves precompressed files), once without compression and once with brotli, and
drives headless Debian chromium with Playwright. Each run (n ≥ 5, interleaved, order
alternating):

- bare boot and planner first plan, cold (fresh persistent profile) and warm (a second tab
  of the same profile, once the first has kept its memory snapshot: a Playwright incognito
  context re-downloads the wasm every time); "planner warm" is Python's plan (restored from
  the snapshot), "planner warm shown" the kept plan that shows before it;
- recompute: one edit (`input` event) → plan updated, several edits per run; "recompute
  worker" is the part spent between the page's request and the worker's answer (the rest is
  the page's own work);
- offline: the network cut, a third tab opens the planner (counts only with a service worker);
- the phone profile (CDP: 1.6 Mbps down, 150 ms RTT, 4× CPU on the page), brotli, cold first
  plan; guide FCP. CDP cannot slow a worker's CPU, so Python runs at full speed there: the
  estimate adds 3× the time the worker was busy in the loopback cold first plan (from its
  creation to its "ready", plus its first plan), nothing else.
- the build: `mkdocs build --strict` of the project (warm: its .cache), and of a copy of the
  project without .cache ("cold": the engine's zip made again, pages compressed again unless
  their bodies are in the shared cache that `make setup` fills).

Bytes per page (raw / gzip / brotli) are summed from the files each page requested until its
plan (or 1+1) was there, as a host that serves precompressed files sends them (the build's
`.gz` / `.br` when present). Prints min / median / p95 / max and paired ratios and writes JSON
(.cache/bench/*.json; the schema only grows: each stat has n, failed, min, median, p95, max).
It measures this machine at this moment: the ratios, taken side by side, are what to compare.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from tools.preview import PreviewHandler, make_server

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / ".cache" / "bench"
NPM_RUNTIME = ROOT / "node_modules" / "pyodide"
BARE_RUNTIME_FILES = (
    "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json",
)
SCENARIO = ROOT / "tests" / "scenarios" / "01-open-ended-direct.json"
PLANNER = "/planner/"
GUIDE_PAGES = ("/", "/en/")
PHONE = {"latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 0.75e6 / 8}
PHONE_CPU = 4
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
TIMEOUT_S = 120

BARE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bare Pyodide boot (benchmark only)</title>
<script type="module" src="bare.js"></script></head>
<body><p id="state">booting</p></body></html>
"""
BARE_JS = """// Benchmark only: the unmodified runtime, loadPyodide() and 1+1 in a module worker.
const worker = new Worker(new URL("bare-worker.mjs", import.meta.url), { type: "module" });
worker.onmessage = (event) => {
  window.__bench = { ready: performance.now(), result: event.data };
  document.getElementById("state").textContent = "ready";
};
"""
BARE_WORKER = """import { loadPyodide } from "./pyodide/pyodide.mjs";
const pyodide = await loadPyodide();
self.postMessage(pyodide.runPython("1+1"));
"""

# Runs in every page before its own scripts (CDP, so the page's CSP does not apply): the
# benchmark's answers, the moment the planner first shows a plan, and when the planner's
# worker was created, said "ready" and answered each request (its busy time, and the
# recompute split between worker and page).
INIT_SCRIPT = """
(() => {
  if (location.pathname.endsWith("/planner/") && !localStorage.getItem("fin-de-mission")) {
    const state = { version: 3, answers: ANSWERS, ticked: {} };
    localStorage.setItem("fin-de-mission", JSON.stringify(state));
  }
  window.__bench = window.__bench || {};
  const bench = window.__bench;
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(...args) {
      super(...args);
      bench.created ??= performance.now();
      const sent = new Map();
      bench.answers = [];
      const post = this.postMessage.bind(this);
      this.postMessage = (message, ...rest) => {
        if (message && message.type === "run") sent.set(message.id, performance.now());
        return post(message, ...rest);
      };
      this.addEventListener("message", (event) => {
        const data = event.data || {};
        if (data.type === "ready" && !bench.workerReady) {
          bench.workerReady = performance.now();
          bench.start = data.start;
        }
        if (data.type === "result" && sent.has(data.id)) {
          bench.answers.push(performance.now() - sent.get(data.id));
        }
      });
    }
  };
  new MutationObserver(() => {
    const status = document.getElementById("fdm-status");
    const plan = document.getElementById("fdm-plan");
    // shown: a plan is on screen (the kept one on a repeat visit); ready: Python's plan.
    if (!window.__bench.shown && plan && !plan.hidden) window.__bench.shown = performance.now();
    const ready = status && status.dataset.state === "ready" && plan && !plan.hidden;
    if (!window.__bench.ready && ready) {
      window.__bench.ready = performance.now();
    }
  }).observe(document, { subtree: true, attributes: true,
                         attributeFilter: ["data-state", "hidden"] });
})();
"""

# One edit: milliseconds from the input event to the plan's DOM updated, and the worker's
# part of it (request posted → answer received).
EDIT = """async (value) => {
  const input = document.getElementById("q-contract-notice");
  const plan = document.getElementById("fdm-plan");
  const answered = window.__bench.answers.length;
  return await new Promise((resolve) => {
    let start = 0;
    const observer = new MutationObserver(() => {
      observer.disconnect();
      const worker = window.__bench.answers.slice(answered).pop();
      resolve([performance.now() - start, worker ?? null]);
    });
    observer.observe(plan, { subtree: true, childList: true, characterData: true });
    input.value = String(value);
    start = performance.now();
    input.dispatchEvent(new Event("input", { bubbles: true }));
    setTimeout(() => { observer.disconnect(); resolve([null, null]); }, 5000);
  });
}"""

# The planner's memory snapshot in Cache Storage (worker.mjs): its size once kept, or null.
SNAPSHOT = """async () => {
  const cache = await caches.open("planner-snapshot");
  const [request] = await cache.keys();
  if (!request) return null;
  return (await (await cache.match(request)).arrayBuffer()).byteLength;
}"""


# --- Site and servers ------------------------------------------------------------------------


def build(site: Path, project: Path = ROOT) -> float:
    started = time.perf_counter()
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "mkdocs"), "build", "--strict", "--quiet", "-d", str(site),
         "--config-file", str(project / "mkdocs.yml")],
        cwd=project, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return time.perf_counter() - started


# What a fresh copy of the project holds (as tests/conftest.py's copy_project): no .cache.
PROJECT_PARTS = ("mkdocs.yml", "pyproject.toml", "docs", "hooks", "locales", "overrides",
                 "checklist")


def cold_build() -> float:
    """`mkdocs build --strict` of a copy of the project without .cache (node_modules linked,
    with what `make setup` keeps there)."""
    with tempfile.TemporaryDirectory(prefix="fdm-cold-") as folder:
        project = Path(folder) / "project"
        project.mkdir()
        for part in PROJECT_PARTS:
            if (ROOT / part).is_dir():
                shutil.copytree(ROOT / part, project / part,
                                ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(ROOT / part, project / part)
        (project / "node_modules").symlink_to(ROOT / "node_modules")
        return build(Path(folder) / "site", project)


def add_bare_page(site: Path) -> None:
    from checklist.authoring.precompress import cache_dir, precompress

    bench = site / "__bench__"
    (bench / "pyodide").mkdir(parents=True, exist_ok=True)
    for name in BARE_RUNTIME_FILES:
        shutil.copyfile(NPM_RUNTIME / name, bench / "pyodide" / name)
    (bench / "bare.html").write_text(BARE_HTML, encoding="utf-8")
    (bench / "bare.js").write_text(BARE_JS, encoding="utf-8")
    (bench / "bare-worker.mjs").write_text(BARE_WORKER, encoding="utf-8")
    # The same precompressed copies as the site's runtime (kept by content: made once).
    precompress({bench / "pyodide" / name: True for name in BARE_RUNTIME_FILES},
                cache=cache_dir(ROOT), node=shutil.which("node") or "node")
    with (site / "_headers").open("a", encoding="utf-8") as headers:
        headers.write(
            "\n# Benchmark only (tools/bench): the unmodified runtime, cached like the site's.\n"
            "/__bench__/pyodide/*\n  Cache-Control: public, max-age=31536000, immutable\n"
            "/__bench__/bare*\n  Cache-Control: no-cache\n"
        )


def serve(site: Path, encoding: str) -> Any:
    """A preview server on an ephemeral loopback port, as a host that serves the build's
    precompressed files: identity (nothing compressed), gzip or br (what Chromium asks)."""
    server = make_server(site, bind="127.0.0.1", port=0, quiet=True)
    handler: type[PreviewHandler] = server.RequestHandlerClass  # type: ignore[assignment]
    accepted = {"identity": "identity", "gzip": "gzip", "br": None}[encoding]
    if accepted is not None:

        class Encoding(handler):  # type: ignore[valid-type,misc]
            def _respond(self, *, send_body: bool) -> None:
                del self.headers["Accept-Encoding"]
                self.headers["Accept-Encoding"] = accepted
                super()._respond(send_body=send_body)

        server.RequestHandlerClass = Encoding
    # A tab closed mid-download (the service worker still keeping files) is not an error here.
    plain_error = server.handle_error

    def handle_error(request: Any, address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            plain_error(request, address)

    server.handle_error = handle_error  # type: ignore[method-assign,assignment]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def base_url(server: Any) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


# --- Browser ---------------------------------------------------------------------------------


class Browser:
    def __init__(self, playwright: Any, answers: dict[str, Any]) -> None:
        self.playwright = playwright
        self.init_script = INIT_SCRIPT.replace("ANSWERS", json.dumps(answers))
        self.executable = shutil.which("chromium")
        if not self.executable:
            sys.exit("bench: Debian's chromium is needed (make test installs it)")

    def profile(self) -> Any:
        """A fresh persistent profile (its HTTP cache survives from tab to tab)."""
        user_dir = tempfile.mkdtemp(prefix="fdm-bench-")
        context = self.playwright.chromium.launch_persistent_context(
            user_dir, executable_path=self.executable, headless=True, args=CHROMIUM_ARGS,
        )
        context.add_init_script(self.init_script)
        context._bench_dir = user_dir
        context._bench_requests = []
        # The page's own requests (a service worker's "keep" fetches come after the plan).
        context.on("request", lambda request: request.service_worker is None
                   and context._bench_requests.append(request.url))
        return context

    @staticmethod
    def close(context: Any) -> None:
        context.close()
        shutil.rmtree(context._bench_dir, ignore_errors=True)


def wait_ready(page: Any, seconds: float = TIMEOUT_S) -> float | None:
    """Milliseconds from navigation start to the page's ready mark (bare: 1+1, planner: plan)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready = page.evaluate("window.__bench && window.__bench.ready")
        if ready:
            return float(ready)
        page.wait_for_timeout(50)
    return None


def visit(context: Any, url: str, *, phone: bool = False) -> tuple[Any, float | None]:
    """Open `url` in a new tab: the tab and the milliseconds to its ready mark."""
    page = context.new_page()
    if phone:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, **PHONE})
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": PHONE_CPU})
    page.goto(url, wait_until="commit", timeout=TIMEOUT_S * 1000)
    return page, wait_ready(page)


def recompute(page: Any, edits: int) -> list[tuple[float | None, float | None]]:
    times = []
    for index in range(edits):
        page.wait_for_timeout(300)
        total, worker = page.evaluate(EDIT, 31 + 7 * index)
        times.append((total, worker))
    return times


def worker_busy(page: Any) -> float | None:
    """Milliseconds the planner's worker worked for its first plan: from its creation to its
    "ready", plus its first answer (on loopback, downloads take next to nothing)."""
    bench = page.evaluate("window.__bench")
    if not bench.get("created") or not bench.get("workerReady") or not bench.get("answers"):
        return None
    return float(bench["workerReady"] - bench["created"] + bench["answers"][0])


def wait_snapshot(page: Any, seconds: float = 60) -> int | None:
    """The size of the memory snapshot the planner keeps after its first plan, once kept."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        size = page.evaluate(SNAPSHOT)
        if size:
            return int(size)
        page.wait_for_timeout(100)
    return None


def offline_plan(context: Any, url: str) -> bool:
    """A third tab with the network cut: does the planner still show a plan?"""
    context.set_offline(True)
    try:
        page = context.new_page()
        page.goto(url, wait_until="commit", timeout=15000)
        return wait_ready(page, seconds=20) is not None
    except Exception:
        return False
    finally:
        context.set_offline(False)


def guide_fcp(context: Any, url: str) -> float | None:
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, **PHONE})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": PHONE_CPU})
    page.goto(url, wait_until="load", timeout=TIMEOUT_S * 1000)
    for _ in range(50):
        fcp = page.evaluate(
            "(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || null")
        if fcp:
            return float(fcp)
        page.wait_for_timeout(100)
    return None


# --- Bytes -----------------------------------------------------------------------------------


def page_bytes(site: Path, urls: list[str], origin: str) -> dict[str, int]:
    """Raw / gzip / brotli bytes of the distinct same-origin files a page requested, as a host
    that serves the build's precompressed files sends them (a file without its `.gz` / `.br`
    goes as it is)."""
    totals = {"raw": 0, "gzip": 0, "br": 0, "files": 0, "other_origin": 0}
    for url in dict.fromkeys(urls):
        if not url.startswith(origin):
            totals["other_origin"] += 1
            continue
        path = url[len(origin):].split("?", 1)[0].split("#", 1)[0]
        file = site / path.lstrip("/")
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            continue
        size = file.stat().st_size
        totals["files"] += 1
        totals["raw"] += size
        for coding, suffix in (("gzip", ".gz"), ("br", ".br")):
            sibling = file.with_name(file.name + suffix)
            totals[coding] += sibling.stat().st_size if sibling.is_file() else size
    return totals


# --- Report ----------------------------------------------------------------------------------


def summary(values: list[float | None]) -> dict[str, Any]:
    got = sorted(value for value in values if value is not None)
    if not got:
        return {"n": 0, "failed": len(values)}
    # p95 by nearest rank: with 5 values it is the largest, with 25 the 24th.
    p95 = got[max(0, math.ceil(0.95 * len(got)) - 1)]
    return {"n": len(got), "failed": len(values) - len(got), "min": got[0],
            "median": statistics.median(got), "p95": p95, "max": got[-1]}


def ratios(top: list[float | None], bottom: list[float | None]) -> list[float | None]:
    return [a / b if a and b else None for a, b in zip(top, bottom, strict=True)]


def fmt(stats: dict[str, Any], unit: str) -> str:
    if not stats.get("n"):
        return "failed"
    scale = {"s": 1000, "ms": 1, "x": 1}[unit]
    digits = {"s": 2, "ms": 0, "x": 2}[unit]
    cells = [f"{stats[key] / scale:.{digits}f}" for key in ("min", "median", "p95", "max")]
    failed = f"  ({stats['failed']} failed)" if stats["failed"] else ""
    return f"{cells[0]:>8} {cells[1]:>8} {cells[2]:>8} {cells[3]:>8} {unit}{failed}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__.split(
        "\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--phone-runs", type=int, default=5)
    parser.add_argument("--edits", type=int, default=5, help="recomputes measured per run")
    parser.add_argument("--encodings", default="identity,br",
                        help="loopback runs: identity, gzip and/or br (comma-separated)")
    parser.add_argument("--no-build", action="store_true", help="reuse .cache/bench/site")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    site = OUT / "site"
    results: dict[str, Any] = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                               "runs": args.runs, "series": {}}
    if not args.no_build:
        results["build_cold_s"] = cold_build()
        print(f"cold build: {results['build_cold_s']:.2f} s (a copy without .cache)", flush=True)
        shutil.rmtree(site, ignore_errors=True)
        results["build_s"] = build(site)
        print(f"build: {results['build_s']:.2f} s (mkdocs build --strict)", flush=True)
        add_bare_page(site)
    answers = json.loads(SCENARIO.read_text(encoding="utf-8"))["answers"]
    encodings = [name.strip() for name in args.encodings.split(",") if name.strip()]
    servers = {name: serve(site, name) for name in {*encodings, "br"}}
    series: dict[str, list[float | None]] = results["series"]

    def record(name: str, value: float | None) -> None:
        series.setdefault(name, []).append(value)

    with sync_playwright() as playwright:
        browser = Browser(playwright, answers)
        # Bytes: what each page requested until its plan (or 1+1) was there.
        byte_counts = {}
        origin = base_url(servers["br"])
        for label, path in [("planner", PLANNER), ("bare", "/__bench__/bare.html"),
                            *((f"guide {page}", page) for page in GUIDE_PAGES)]:
            context = browser.profile()
            page = context.new_page()
            page.goto(origin + path, wait_until="load")
            if label in {"planner", "bare"}:
                wait_ready(page)
            else:
                page.wait_for_timeout(1500)
            byte_counts[label] = page_bytes(site, list(context._bench_requests), origin)
            Browser.close(context)
        results["bytes"] = byte_counts

        for run in range(args.runs):
            order = [("bare", "/__bench__/bare.html"), ("planner", PLANNER)]
            if run % 2:
                order.reverse()
            for encoding in encodings:
                origin = base_url(servers[encoding])
                for label, path in order:
                    context = browser.profile()
                    page, cold = visit(context, origin + path)
                    record(f"{label} cold {encoding}", cold)
                    if label == "planner":
                        record(f"planner worker busy {encoding}", worker_busy(page))
                        # The next visit starts from the snapshot this one keeps.
                        size = wait_snapshot(page)
                        results.setdefault("snapshot_bytes", []).append(size)
                    page.close()
                    page, warm = visit(context, origin + path)
                    record(f"{label} warm {encoding}", warm)
                    if label == "planner":
                        start = page.evaluate("window.__bench.start")
                        results.setdefault("warm_start", []).append(start)
                        # The kept plan on screen, before Python's (the same plan).
                        shown = page.evaluate("window.__bench && window.__bench.shown")
                        record(f"planner warm shown {encoding}", float(shown) if shown else None)
                        for total, worker in recompute(page, args.edits):
                            record(f"recompute {encoding}", total)
                            record(f"recompute worker {encoding}", worker)
                        if encoding == encodings[0]:
                            results.setdefault("offline", []).append(
                                offline_plan(context, origin + path))
                    Browser.close(context)
            print(f"run {run + 1}/{args.runs} done", flush=True)

        origin = base_url(servers["br"])
        for run in range(args.phone_runs):
            context = browser.profile()
            _, value = visit(context, origin + PLANNER, phone=True)
            record("phone planner cold br", value)
            Browser.close(context)
            for page_path in GUIDE_PAGES:
                # A fresh profile each: the first page would otherwise warm the second's cache.
                context = browser.profile()
                record(f"phone guide FCP {page_path}", guide_fcp(context, origin + page_path))
                Browser.close(context)
            print(f"phone run {run + 1}/{args.phone_runs} done", flush=True)

    for server in servers.values():
        server.shutdown()
        server.server_close()

    stats = {name: summary(values) for name, values in series.items()}
    for encoding in encodings:
        for kind, planner in (("cold", "cold"), ("warm", "warm"), ("warm", "warm shown")):
            key = f"ratio planner/bare {planner} {encoding}"
            series[key] = ratios(series[f"planner {planner} {encoding}"],
                                 series[f"bare {kind} {encoding}"])
            stats[key] = summary(series[key])
    # CDP slows the page's CPU, not the worker's: the estimate adds what the worker's own work
    # (boot and first plan, measured on loopback where downloads take next to nothing) would
    # take PHONE_CPU times slower — and nothing else (the network and the page are already
    # slowed in the phone figure).
    phone = stats.get("phone planner cold br", {})
    busy = stats.get("planner worker busy br") or stats.get(
        f"planner worker busy {encodings[0]}", {})
    if phone.get("n") and busy.get("n"):
        extra = (PHONE_CPU - 1) * busy["median"]
        stats[f"phone planner cold br, worker CPU x{PHONE_CPU} (estimate)"] = {
            key: phone[key] + extra for key in ("min", "median", "p95", "max")
        } | {"n": phone["n"], "failed": phone["failed"]}
    results["stats"] = stats

    width = max(36, *(len(name) for name in stats))
    print(f"\n{'measure':<{width}} {'min':>8} {'median':>8} {'p95':>8} {'max':>8}")
    for name, stat in stats.items():
        unit = ("x" if name.startswith("ratio")
                else "ms" if "recompute" in name or "FCP" in name else "s")
        print(f"{name:<{width}} {fmt(stat, unit)}")
    print(f"\n{'bytes per page':<20} {'raw':>12} {'gzip':>12} {'brotli':>12} {'files':>6}")
    for label, count in results["bytes"].items():
        print(f"{label:<20} {count['raw']:>12,} {count['gzip']:>12,} {count['br']:>12,} "
              f"{count['files']:>6}")
    if "offline" in results:
        print(f"\noffline second visit shows a plan: {sum(results['offline'])}/"
              f"{len(results['offline'])}")
    if "warm_start" in results:
        restored = results["warm_start"].count("snapshot")
        sizes = [size for size in results["snapshot_bytes"] if size]
        kept = f", kept snapshot {statistics.median(sizes) / 1e6:.1f} MB" if sizes else ""
        print(f"warm visits restored from the memory snapshot: {restored}/"
              f"{len(results['warm_start'])}{kept}")
    if "build_s" in results:
        print(f"build: {results['build_s']:.2f} s warm, {results['build_cold_s']:.2f} s cold")
    print(f"note: CDP cannot throttle a worker's CPU; the estimate adds {PHONE_CPU - 1}x the "
          "worker's busy time")
    print("      in the loopback cold first plan to the phone figure.")
    output: Path = args.json or OUT / f"bench-{results['date'].replace(':', '')}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"JSON: {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
