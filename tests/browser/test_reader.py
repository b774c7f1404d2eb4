"""The published book as a reader meets it: navigation at every width, figures, clean text, audits.

Pages are served gzip-compressed (tests/browser/gzip_server.py), as GitHub Pages serves them.
axe-core and Lighthouse come from the npm registry (``make audit-tools``); ``make audit`` prints
the full tables, these tests gate on the checks that do not flake.
"""

import re

import pytest

from audit import AXE_JS, LIGHTHOUSE_CLI, axe_violations, html_path, lighthouse_scores
from conftest import HTML, _missing
from gzip_server import serve
from metrics import PROSE_JS, visible_code_lines
from toc import toc_pages

pytestmark = pytest.mark.browser

PAGES = toc_pages()
# the three pages Lighthouse scores in `make test`: the landing page, a chapter with an explorer,
# and the practice page a reader comes back to
LIGHTHOUSE_PAGES = ["book/00_introduction.md", "book/01_overfitting.ipynb", "book/21_question_bank.ipynb"]
# A script this large in <head> without defer/async holds back the first paint.
BLOCKING_LIMIT = 20_000
# What a page may weigh, compressed, before its first scroll: text, styles, scripts, figures.
PAGE_WEIGHT_LIMIT = 2_500_000
# Reader-first limits (issue 12): the code a reader sees without clicking, per chapter, and the
# prose of one page; a longer chapter is split into pages
VISIBLE_CODE_LIMIT = 150
PROSE_WORDS_LIMIT = 3_500


@pytest.fixture(scope="module")
def gz_url():
    if not (HTML / "index.html").exists():
        _missing(f"the book is not built ({HTML}/index.html missing): run `make book` first")
    server, url = serve(HTML)
    yield url
    server.shutdown()


def _open(page, url, width):
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("page_path", PAGES)
def test_sidebars_open_and_close_on_a_phone(page, gz_url, page_path):
    _open(page, f"{gz_url}/{html_path(page_path)}", 390)
    # nothing pushes the page sideways on a phone (wide code and tables scroll in their own box)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 391, f"{page_path}: the page is {width} px wide at 390 px"
    primary = page.locator(".bd-header-article .primary-toggle")
    assert primary.is_visible(), f"{page_path}: no visible site-navigation button at 390 px"
    primary.click()
    modal = page.locator("#pst-primary-sidebar-modal")
    modal.wait_for(state="visible", timeout=5000)
    assert page.evaluate("() => document.querySelector('#pst-primary-sidebar-modal').open")
    assert modal.locator("a.reference").first.is_visible(), f"{page_path}: sidebar opened empty"
    page.keyboard.press("Escape")
    modal.wait_for(state="hidden", timeout=5000)

    secondary = page.locator(".bd-header-article .secondary-toggle")
    if page.locator(".bd-sidebar-secondary .toc-entry").count():
        assert secondary.is_visible(), f"{page_path}: page has contents but no visible button for them"
        secondary.click()
        contents = page.locator("#pst-secondary-sidebar-modal")
        contents.wait_for(state="visible", timeout=5000)
        assert contents.locator(".toc-entry a").first.is_visible()
        page.keyboard.press("Escape")
        contents.wait_for(state="hidden", timeout=5000)


def test_sidebar_collapses_on_a_desktop(page, gz_url):
    _open(page, f"{gz_url}/book/02_ridge.html", 1400)
    sidebar = page.locator("#pst-primary-sidebar")
    assert sidebar.is_visible()
    page.locator(".bd-header-article .primary-toggle").click()
    sidebar.wait_for(state="hidden", timeout=5000)
    page.locator(".bd-header-article .primary-toggle").click()
    sidebar.wait_for(state="visible", timeout=5000)


# text a reader should never see: TeX that was not typeset, or a test marker
TEXT_LEAKS_JS = r"""() => {
  const root = document.querySelector('article.bd-article');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const leaks = [];
  const skip = 'script, style, mjx-container, .MathJax, pre, code, .jupyter-widgets';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n.textContent;
    const el = n.parentElement;
    if (!el || el.closest('.hidden, [hidden]')) continue;
    if (/NBVAL/.test(t)) { leaks.push('NBVAL: ' + t.trim().slice(0, 80)); continue; }
    if (el.closest(skip)) continue;
    if (/\$|\\[A-Za-z]+/.test(t)) leaks.push(t.trim().slice(0, 80));
  }
  return leaks;
}"""

FIGURES_JS = r"""() => Array.from(document.querySelectorAll('article.bd-article img'))
  .filter(i => !i.closest('.jupyter-widgets') && !i.closest('.headerlink'))
  .map(i => ({src: i.getAttribute('src'), alt: i.getAttribute('alt') || '',
              caption: !!(i.closest('figure') && i.closest('figure').querySelector('figcaption')),
              shown: i.getBoundingClientRect().width, natural: i.naturalWidth}))"""


@pytest.mark.parametrize("page_path", PAGES)
def test_figures_and_text(page, gz_url, page_path):
    _open(page, f"{gz_url}/{html_path(page_path)}", 1400)
    # formulas are SVG from the build (book/_ext/math_svg.py): none may carry a TeX error
    assert page.locator('g[data-mml-node="merror"]').count() == 0, f"{page_path}: TeX errors"
    # lazy figures are asked for now rather than scrolled to, so their intrinsic size is known
    page.evaluate("() => document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })")
    page.wait_for_function("() => Array.from(document.images).every(i => i.complete)", timeout=30000)
    leaks = page.evaluate(TEXT_LEAKS_JS)
    assert not leaks, f"{page_path}: raw markup in rendered text: {leaks[:5]}"
    for img in page.evaluate(FIGURES_JS):
        alt = img["alt"].strip()
        assert alt and not re.search(r"(_images/|\.(png|jpe?g|svg|gif)$|^\.\./)", alt), \
            f"{page_path}: image {img['src']} has alt text {alt!r}"
        if "/_images/" in img["src"] or img["src"].startswith("../_images/"):
            assert img["caption"], f"{page_path}: figure {img['src']} has no caption"
        assert img["shown"] <= img["natural"] + 0.5, \
            f"{page_path}: {img['src']} displayed at {img['shown']} px, larger than its {img['natural']} px"
    # code and outputs fit the column: nothing scrolls sideways at 1400 px
    wide = page.evaluate("""() => Array.from(document.querySelectorAll('.cell_input pre, .cell_output pre'))
        .filter(p => p.offsetParent && p.scrollWidth > p.clientWidth + 1).length""")
    assert wide == 0, f"{page_path}: {wide} code or output blocks scroll sideways at 1400 px"
    # prose first: words of prose (outside code, outputs and math, as `make audit` counts them)
    # and lines of visible code
    words = page.evaluate(PROSE_JS)
    assert words <= PROSE_WORDS_LIMIT, f"{page_path}: {words} words of prose on one page"
    code = visible_code_lines(page_path)
    assert code <= VISIBLE_CODE_LIMIT, f"{page_path}: {code} lines of visible code"


@pytest.mark.parametrize("page_path", PAGES)
def test_weight_and_render_blocking(page, gz_url, page_path):
    sizes = []
    page.on("requestfinished", lambda r: sizes.append(r.sizes()["responseBodySize"]))
    _open(page, f"{gz_url}/{html_path(page_path)}", 1400)
    total = sum(sizes)
    assert total <= PAGE_WEIGHT_LIMIT, f"{page_path}: {total / 1e6:.2f} MB transferred"
    assert not page.evaluate("() => !!document.querySelector('script[src*=\"fontawesome\"]')")
    blocking = page.evaluate("""() => Array.from(document.querySelectorAll('head script[src]'))
        .filter(s => !s.defer && !s.async && s.type !== 'module').map(s => s.src)""")
    big = []
    for src in blocking:
        local = HTML / re.sub(r"^https?://[^/]+/", "", src).split("?")[0]
        if local.exists() and local.stat().st_size > BLOCKING_LIMIT:
            big.append(f"{src} ({local.stat().st_size} bytes)")
    assert not big, f"{page_path}: render-blocking scripts: {big}"


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("page_path", PAGES)
def test_axe_no_serious_violations(page, gz_url, page_path, mode):
    if not AXE_JS.exists():
        _missing("axe-core is not installed: run `make audit-tools`")
    violations = axe_violations(page, f"{gz_url}/{html_path(page_path)}", mode)
    bad = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, f"{page_path} ({mode}): {bad}"


@pytest.mark.parametrize("page_path", LIGHTHOUSE_PAGES)
def test_lighthouse_accessibility_and_best_practices(gz_url, page_path):
    if not LIGHTHOUSE_CLI.exists():
        _missing("Lighthouse is not installed: run `make audit-tools`")
    scores = lighthouse_scores(f"{gz_url}/{html_path(page_path)}")
    assert scores["accessibility"] >= 95, f"{page_path}: {scores}"
    assert scores["best-practices"] >= 95, f"{page_path}: {scores}"


# every icon the page draws with Font Awesome (::before/::after content in its font family)
ICON_CODEPOINTS_JS = r"""() => {
  const out = new Set();
  for (const el of document.querySelectorAll('*')) for (const ps of ['::before', '::after']) {
    const cs = getComputedStyle(el, ps);
    if (!/Awesome/.test(cs.fontFamily) || !cs.content || cs.content === 'none' || cs.content === 'normal') continue;
    for (const ch of cs.content.replace(/^"|"$/g, '')) out.add(ch.codePointAt(0));
  }
  return Array.from(out);
}"""


@pytest.mark.parametrize("page_path", LIGHTHOUSE_PAGES + ["book/02_ridge.ipynb", "book/api/index.md"])
def test_icon_fonts_hold_every_icon_shown(page, gz_url, page_path):
    # the build cuts the Font Awesome fonts down to the icons used (book/_ext/reader_pages.py):
    # an icon left out would show as an empty box
    from fontTools.ttLib import TTFont

    if not (HTML / html_path(page_path)).exists():
        pytest.skip(f"{page_path} is not in this build")
    fonts = sorted((HTML / "_static" / "vendor" / "fontawesome" / "webfonts").glob("*.woff2"))
    assert fonts, "no Font Awesome fonts in the build"
    shipped = set().union(*(TTFont(f).getBestCmap() for f in fonts))
    _open(page, f"{gz_url}/{html_path(page_path)}", 1400)
    shown = page.evaluate(ICON_CODEPOINTS_JS)
    assert shown, f"{page_path}: no icons found (the check would pass vacuously)"
    missing = sorted(hex(c) for c in shown if c not in shipped)
    assert not missing, f"{page_path}: icons missing from the subset fonts: {missing}"
