"""axe-core in the browser tests: every page a test opens is checked, and a violation fails it.

axe-core comes from the npm registry (`tests/e2e/package.json`, pinned by its lock file);
`make test` installs it with `npm ci` (scripts/ensure-e2e-packages). Nothing is fetched from
a CDN while the tests run.

How it gets into the page. The site's CSP says `script-src 'self'`: an inline `<script>`
(what Playwright's `add_script_tag(content=...)` adds) is refused, and a context made with
`bypass_csp=True` would also let through any inline script the application itself slipped
in, so the tests would stop catching those. So axe's source goes in through the DevTools
protocol, which CSP does not govern: as an init script of the browser context (evaluated in
every new document before the page's own scripts) and, for a page that lacks it, through
`page.evaluate`. The page keeps its real policy.

When it runs — every document, without the test asking:
- in the page: on `load` (or on `beforeunload`, if the document is left after it was parsed
  but before it loaded; one left while still parsing is let go unchecked) and after every
  htmx swap settles, axe runs and reports its violations to Python through
  a binding (`sapatAxeReport`);
- in Python: every request of the context passes a route handler; a main-frame navigation
  that would leave a document whose check has not reported yet is held until it has (the old
  document keeps running while the request waits), so a test that clicks on quickly cannot
  outrun the check. (Evaluating in the page from a route handler would deadlock: Playwright
  does not evaluate in a frame with a navigation pending.)
- when the test ends, the documents still open are checked as they are then.
`axe_check(page)` checks the page as it is right now (an error summary, an opened menu) and
fails at once.
"""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
ENSURE = HERE.parents[1] / "scripts" / "ensure-e2e-packages"

# axe's default rules: WCAG 2.0–2.2 A and AA and its best practices (e.g. "all content is
# inside a landmark"). Nothing is switched off.
RUN_OPTIONS = {"resultTypes": ["violations"]}

# What axe looks at: the whole document, except the API reference that Swagger UI and ReDoc
# draw into the two API docs pages (/api/v1/docs/, /api/v1/redoc/). That markup is theirs,
# not Sapat's; the pages around it (language, main landmark, heading) are checked.
CONTEXT = {"exclude": [["#swagger-ui"], ["redoc"]]}

# Rules tolerated while their fixes land elsewhere: written to
# test-artifacts/axe-tolerated.txt instead of failing the test. Empty: every rule fails a
# test at once. Keep it empty.
TOLERATED: set[str] = set()
TOLERATED_LOG = HERE.parents[1] / "test-artifacts" / "axe-tolerated.txt"

_source: str | None = None
_source_lock = threading.Lock()


def axe_source() -> str:
    """axe.min.js as installed from the lock file; installs it first when it is missing."""
    global _source
    with _source_lock:
        if _source is None:
            if not AXE_JS.exists():
                # `make test` has run this already; a bare `pytest` on a fresh checkout gets
                # the same install (the script takes a lock: xdist workers wait in turn).
                done = subprocess.run([str(ENSURE)], capture_output=True, text=True)
                if done.returncode != 0 or not AXE_JS.exists():
                    raise RuntimeError(
                        "axe-core is not installed for the browser tests and "
                        f"{ENSURE.name} could not install it:\n{done.stdout}{done.stderr}"
                    )
            _source = AXE_JS.read_text(encoding="utf-8")
        return _source


# Shared by the in-page runner and `violations()`: axe's results, cut to what a report needs.
_SUMMARY = """(results) => results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({
        target: n.target.join(" "), html: n.html.slice(0, 200), summary: n.failureSummary || "",
    })),
}))"""

# axe refuses a second run while one is going ("Axe is already running"): the in-page
# runner and `violations()` queue their runs through this one chain on the page.
_ONE_AT_A_TIME = """
window.sapatAxeOne = window.sapatAxeOne || (() => {
  let chain = Promise.resolve();
  return (context, options) => {
    const next = chain.then(() => window.axe.run(context, options));
    chain = next.catch(() => {});
    return next;
  };
})();
"""

# Runs in every top-level document of a watched context, before the page's scripts.
_RUNNER = """
(() => {
  if (window.top !== window) return;
  const summary = %(summary)s;
  const options = %(options)s;
  const context = %(context)s;
  const busy = () => window.sapatAxeBusy && window.sapatAxeBusy();
  const report = (found, error) => window.sapatAxeReport &&
    window.sapatAxeReport(location.href, found, error || "", !again);
  let running = null, again = false;
  const run = () => {
    if (running) { again = true; return; }
    busy();
    running = (async () => {
      do {
        again = false;
        // Only the site's HTML documents: not about:blank, a JSON answer or an error page.
        if (document.contentType !== "text/html" || !location.protocol.startsWith("http")) {
          report([]);
          continue;
        }
        try { report(summary(await window.sapatAxeOne(context, options))); }
        catch (error) { report([], String(error)); }
      } while (again);
      running = null;
    })();
  };
  window.sapatAxeRun = run;
  busy();
  let started = false, parsed = document.readyState !== "loading";
  document.addEventListener("DOMContentLoaded", () => { parsed = true; });
  const first = () => { if (!started) { started = true; run(); } };
  if (document.readyState === "complete") first();
  else window.addEventListener("load", first, {once: true});
  // Leaving a document before its `load` (a click as soon as the element is there, on a
  // loaded machine) stops its loading: `load` never comes. `beforeunload` fires before the
  // navigation's request (which waits for the report): the check runs then — if the page
  // was parsed and its scripts ran; one left while still parsing was never whole on screen
  // and is let go unchecked.
  window.addEventListener("beforeunload", () => {
    if (started) return;
    if (parsed) first();
    else { started = true; report([]); }
  });
  document.addEventListener("htmx:afterSettle", run);
})();
"""


def _runner() -> str:
    import json

    return (
        axe_source()
        + "\n;"
        + _ONE_AT_A_TIME
        + _RUNNER
        % {"summary": _SUMMARY, "options": json.dumps(RUN_OPTIONS), "context": json.dumps(CONTEXT)}
    )


def violations(page) -> list[dict]:
    """Run axe on the page's current document; its violations (an empty list when none)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    if not page.evaluate("() => typeof window.sapatAxeOne !== 'undefined'"):
        page.evaluate(_ONE_AT_A_TIME)
    return page.evaluate(
        f"async ([context, options]) => ({_SUMMARY})(await window.sapatAxeOne(context, options))",
        [CONTEXT, RUN_OPTIONS],
    )


def describe(url: str, found: list[dict], where: str = "") -> str:
    """A list a person can act on: rule, impact, what to fix, and the elements."""
    lines = [f"axe-core: {sum(len(v['nodes']) for v in found)} violation(s) on {url}{where}"]
    for v in found:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:8]:
            lines.append(f"      at {node['target']}")
            lines.append(f"         {node['html']}")
            summary = " ".join(node["summary"].split())
            if summary:
                lines.append(f"         {summary[:300]}")
        if len(v["nodes"]) > 8:
            lines.append(f"      … and {len(v['nodes']) - 8} more element(s)")
    return "\n".join(lines)


def _where(page) -> str:
    size = page.viewport_size or {}
    return f" ({size.get('width', '?')} px wide)"


def _failing(url: str, found: list[dict], where: str) -> list[dict]:
    """The violations that fail a test; the tolerated ones are logged (see TOLERATED)."""
    tolerated = [v for v in found if v["id"] in TOLERATED]
    if tolerated:
        TOLERATED_LOG.parent.mkdir(parents=True, exist_ok=True)
        with TOLERATED_LOG.open("a", encoding="utf-8") as log:
            log.write(describe(url, tolerated, where) + "\n\n")
    return [v for v in found if v["id"] not in TOLERATED]


def axe_check(page) -> None:
    """Fail now, with a readable list, if the page as it is shows any axe violation."""
    where = _where(page)
    found = _failing(page.url, violations(page), where)
    if found:
        raise AssertionError(describe(page.url, found, where))


class Watch:
    """axe's findings in one browser context while a test ran, and the navigations it held."""

    def __init__(self):
        self.reports: list[str] = []
        self.checked: list[str] = []
        self.errors: list[str] = []
        self._busy: set = set()  # pages whose current document has not reported yet
        self._held: dict = {}  # page -> navigations waiting for that report

    # Bindings, called by the in-page runner.
    def busy(self, source) -> None:
        self._busy.add(source["page"])

    def report(self, source, url: str, found: list[dict], error: str, last: bool) -> None:
        page = source["page"]
        self.checked.append(url)
        if error:
            self.errors.append(f"axe-core could not run on {url}: {error}")
        found = _failing(url, found, _where(page))
        if found:
            self.reports.append(describe(url, found, _where(page)))
        if not last:  # the document changed while axe ran: another run follows
            return
        self._busy.discard(page)
        for route in self._held.pop(page, []):
            route.fallback()

    def route(self, route, request) -> None:
        frame = request.frame
        if (
            request.is_navigation_request()
            and frame.parent_frame is None
            and frame.page in self._busy
        ):
            self._held.setdefault(frame.page, []).append(route)
            return
        route.fallback()

    def finish(self, pages) -> str:
        """Check the documents still open; every finding of the test, as one text."""
        for page in pages:
            if page.is_closed() or not page.url.startswith("http"):
                continue
            # As the person sees it: parsed, and the page's own scripts run.
            page.wait_for_load_state("domcontentloaded")
            if page.evaluate("() => document.contentType") != "text/html":
                continue
            found = _failing(page.url, violations(page), _where(page))
            self.checked.append(page.url)
            if found:
                self.reports.append(describe(page.url, found, _where(page)))
        return "\n\n".join(dict.fromkeys(self.errors + self.reports))


def watch(context) -> Watch:
    """Check every document of `context` (see the module's docstring)."""
    w = Watch()
    context.expose_binding("sapatAxeBusy", w.busy)
    context.expose_binding("sapatAxeReport", w.report)
    context.add_init_script(_runner())
    context.route("**/*", w.route)
    return w
