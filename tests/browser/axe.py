"""axe.py - the accessibility check of the browser suite: axe-core (installed by scripts/deps.sh
test into build/npm/, or AXE_JS) injected into the page through WebDriver, run on the whole
document; every violation is a failure, printed with its rule, impact and elements.

Use: `from axe import axe_violations, axe_report` in any tests/browser/t*.py; after d.get(url),
`check(f"{page} axe", *axe_report(page, axe_violations(d)))`."""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AXE_JS = os.environ.get("AXE_JS", os.path.join(ROOT, "build", "npm", "node_modules", "axe-core",
                                               "axe.min.js"))
_source = None

# axe.run is asynchronous: the last argument execute_async_script passes is its callback.
_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']})
   .then(r => done({version: axe.version, violations: r.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160)}))}))}))
   .catch(e => done({error: String(e)}));
"""


def axe_source():
    """The text of axe.min.js; a clear error when it is not installed."""
    global _source
    if _source is None:
        if not os.path.isfile(AXE_JS):
            raise RuntimeError(f"axe-core is not installed ({AXE_JS}): run scripts/deps.sh test")
        with open(AXE_JS, encoding="utf-8") as f:
            _source = f.read()
    return _source


def axe_violations(d):
    """Run axe-core on the page d shows; returns its list of violations (rule id, impact, help,
    nodes). Raises RuntimeError when axe could not run (not injected, or it failed)."""
    d.set_script_timeout(60)
    d.execute_script(axe_source())
    r = d.execute_async_script(_RUN)
    if not isinstance(r, dict) or "violations" not in r:
        raise RuntimeError(f"axe-core did not run: {r!r}"[:300])
    return r["violations"]


def axe_report(page, violations):
    """(ok, detail) for check(): ok when there is no violation; detail lists each one."""
    lines = []
    for v in violations:
        nodes = "; ".join(f"{n['target']} {n['html']}" for n in v["nodes"][:5])
        lines.append(f"\n  {page}: {v['id']} ({v['impact']}, {len(v['nodes'])} element(s)): "
                     f"{v['help']} -- {nodes}")
    return not violations, "".join(lines)
