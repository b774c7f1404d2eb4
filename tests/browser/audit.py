"""Accessibility and performance audits of the built book: axe-core and Lighthouse.

Both tools come from the npm registry, pinned in the Makefile (``make audit-tools`` installs them
under ``_build/audit``). Pages are served gzip-compressed, as GitHub Pages serves them.
``python tests/browser/audit.py --all`` prints the tables for every page (``make audit``);
the tests import :func:`axe_violations` and :func:`lighthouse_scores`.
"""

import json
import os
import pathlib
import re
import signal
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from toc import ROOT, toc_pages  # noqa: E402

AUDIT = ROOT / "_build" / "audit" / "node_modules"
AXE_JS = AUDIT / "axe-core" / "axe.min.js"
LIGHTHOUSE_CLI = AUDIT / "lighthouse" / "cli" / "index.js"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --no-first-run --disable-dev-shm-usage")


def html_path(page):
    return re.sub(r"\.(ipynb|md)$", ".html", page)


def axe_violations(page, url, mode, width=1400):
    """axe-core violations (a list of dicts) of ``url`` in light or dark mode at ``width`` px."""
    page.set_viewport_size({"width": width, "height": 900})
    # the theme reads the stored mode before first paint, as it does for a returning reader
    page.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.length, example: v.nodes[0] ? v.nodes[0].target.join(' ') : ''}));
    }""")
    return result


def lighthouse_scores(url, timeout=300):
    """Lighthouse (mobile preset, the default) category scores 0-100 for ``url``."""
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    cmd = ["node", str(LIGHTHOUSE_CLI), url, "--quiet", "--output=json", "--output-path=stdout",
           "--only-categories=performance,accessibility,best-practices",
           f"--chrome-flags={CHROME_FLAGS}"]
    # its own process group, so a timeout also ends the chromium Lighthouse started
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    if proc.returncode:
        raise RuntimeError(f"lighthouse failed on {url}: {stderr[-2000:]}")
    report = json.loads(stdout)
    scores = {k: round(100 * (v["score"] or 0)) for k, v in report["categories"].items()}
    failing = sorted(a["id"] for a in report["audits"].values()
                     if a.get("score") is not None and a["score"] < 0.9 and a.get("scoreDisplayMode") == "binary")
    scores["failing"] = failing
    return scores


def main():
    from playwright.sync_api import sync_playwright

    from gzip_server import serve
    from conftest import CHROMIUM_ARGS

    # --html DIR audits another build (e.g. of an older commit) with the same tools
    html = pathlib.Path(sys.argv[sys.argv.index("--html") + 1]) if "--html" in sys.argv else ROOT / "_build" / "html"
    server, base = serve(html)
    pages = [p for p in toc_pages() if (html / html_path(p)).exists()]
    print(f"{'page':40} {'perf':>5} {'a11y':>5} {'best':>5}  failing binary audits")
    for p in pages:
        try:
            s = lighthouse_scores(f"{base}/{html_path(p)}")
        except (subprocess.TimeoutExpired, RuntimeError) as e:
            print(f"{p:40} lighthouse did not finish: {str(e)[:100]}", flush=True)
            continue
        print(f"{p:40} {s['performance']:5} {s['accessibility']:5} {s['best-practices']:5}  {' '.join(s['failing'])}",
              flush=True)
    print()
    print(f"{'page':40} {'mode':5} {'width':>5} {'serious+critical':>16}  rules")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        for p in pages:
            for mode in ("light", "dark"):
                for width in (390, 1400):
                    context = browser.new_context()
                    v = axe_violations(context.new_page(), f"{base}/{html_path(p)}", mode, width)
                    context.close()
                    bad = [x for x in v if x["impact"] in ("serious", "critical")]
                    print(f"{p:40} {mode:5} {width:5} {len(bad):16}  "
                          + " ".join(f"{x['id']}({x['impact']},{x['nodes']})" for x in v), flush=True)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
