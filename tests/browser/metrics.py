"""Reader-facing numbers of the built book, one row per page: what `make audit` prints.

Visible code lines are counted in the notebook as the published page shows them (non-blank lines
of code cells without a hide/remove tag); prose words are counted in the rendered page, outside
code, outputs and math; the weight is what a browser downloads with gzip, as GitHub Pages serves it.
Usage: ``python tests/browser/metrics.py [--screenshots DIR]``.
"""

import json
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from toc import ROOT, toc_pages  # noqa: E402

HIDDEN_TAGS = {"hide-input", "remove-input", "hide-cell", "remove-cell"}
HTML = ROOT / "_build" / "html"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]

# the prose of a page: the article's text without code, outputs, math or the page's own chrome
PROSE_JS = """() => {
  const main = document.querySelector('article.bd-article') || document.body;
  const copy = main.cloneNode(true);
  copy.querySelectorAll('pre, code, script, style, .cell_output, .output, mjx-container, .math, '
    + '.jupyter-widgets, .headerlink, nav').forEach(e => e.remove());
  return (copy.innerText.match(/[A-Za-z][A-Za-z'\u2019-]*/g) || []).length;
}"""


def visible_code_lines(path):
    """Non-blank lines of code cells a reader sees without clicking (no hide/remove tag)."""
    if not str(path).endswith(".ipynb"):
        return 0
    nb = json.loads((ROOT / path).read_text())
    lines = 0
    for cell in nb["cells"]:
        if cell["cell_type"] != "code" or HIDDEN_TAGS & set(cell.get("metadata", {}).get("tags", [])):
            continue
        lines += sum(1 for line in "".join(cell["source"]).splitlines() if line.strip())
    return lines


def html_path(page):
    return re.sub(r"\.(ipynb|md)$", ".html", page)


def measure(browser, base, page_path, screenshots=None):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    sizes, console = [], []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))

    def done(request):
        try:
            sizes.append(request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"])
        except Exception:
            pass
    page.on("requestfinished", done)
    page.goto(f"{base}/{html_path(page_path)}", wait_until="load")
    page.wait_for_load_state("networkidle")
    words = page.evaluate(PROSE_JS)
    height = page.evaluate("() => document.documentElement.scrollHeight")
    wide = page.evaluate("""() => Array.from(document.querySelectorAll('.cell_input pre, .cell_output pre'))
        .filter(p => p.offsetParent && p.scrollWidth > p.clientWidth + 1).length""")
    if screenshots:
        name = pathlib.Path(page_path).stem
        for width in (1400, 390):
            for mode in ("light", "dark"):
                page.set_viewport_size({"width": width, "height": 900})
                page.evaluate(f"() => document.documentElement.setAttribute('data-theme', '{mode}')")
                page.screenshot(path=f"{screenshots}/{name}-{width}-{mode}.png")
    context.close()
    return {"page": page_path, "kB": round(sum(sizes) / 1024), "requests": len(sizes), "words": words,
            "code": visible_code_lines(page_path), "height": height, "wide_pre": wide,
            "console": len(console), "console_msgs": console[:3]}


def main():
    from playwright.sync_api import sync_playwright
    from gzip_server import serve

    shots = sys.argv[sys.argv.index("--screenshots") + 1] if "--screenshots" in sys.argv else None
    if shots:
        pathlib.Path(shots).mkdir(parents=True, exist_ok=True)
    server, base = serve(HTML)
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        for p in toc_pages():
            rows.append(measure(browser, base, p, shots))
        browser.close()
    server.shutdown()
    print(f"{'page':32} {'kB(gz)':>7} {'req':>4} {'words':>6} {'code':>5} {'height':>7} {'wide':>5} {'console':>7}")
    for r in rows:
        print(f"{r['page']:32} {r['kB']:7} {r['requests']:4} {r['words']:6} {r['code']:5} {r['height']:7} "
              f"{r['wide_pre']:5} {r['console']:7}")
    if "--json" in sys.argv:
        print(json.dumps(rows))


if __name__ == "__main__":
    main()
