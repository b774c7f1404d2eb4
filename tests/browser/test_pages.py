"""Every page of the built book opened in headless chromium, offline.

For each page in _toc.yml: it loads, every image loads, math was typeset at build time, every
saved widget became a working player or practice app, nothing is fetched from outside localhost,
and the console shows no errors and no warnings at all (no allowlist: the stock build's three
messages, THEBE_JS_URL declared twice, the invalid theme mode and the favicon 404,
are fixed at their source in book/_ext/reader_pages.py and _config.yml).
"""

import re

import pytest

from toc import toc_pages

pytestmark = pytest.mark.browser

def _html_path(page):
    return re.sub(r"\.(ipynb|md)$", ".html", page)


PAGES = toc_pages()


@pytest.mark.parametrize("page_path", PAGES)
def test_page_renders_offline(page, book_url, page_path):
    messages = []
    # the location matters: a 404's message text does not name the missing file
    page.on("console", lambda m: messages.append((m.type, f"{m.text} [{m.location.get('url', '')}]")))
    page.on("pageerror", lambda e: messages.append(("pageerror", str(e))))
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.url))

    response = page.goto(f"{book_url}/{_html_path(page_path)}", wait_until="load")
    assert response is not None and response.ok, f"{page_path}: HTTP {response and response.status}"
    page.wait_for_load_state("networkidle")

    # math: every formula was typeset at build time (book/_ext/math_svg.py), an SVG in each
    # math node and no TeX error among them; no page loads MathJax (the practice apps fetch it
    # when a question has a formula, and the question bank has none today)
    n_math = page.locator(".math").count()
    typeset = page.locator(".math > mjx-container > svg").count()
    assert typeset == n_math, f"{page_path}: {typeset} typeset of {n_math} math nodes"
    assert page.locator('g[data-mml-node="merror"]').count() == 0, f"{page_path}: TeX errors"
    assert page.locator('script[src*="_static/mathjax/"]').count() == 0, f"{page_path}: loads MathJax"

    # saved widgets: each one was replaced at build time by a player or a practice app
    # (book/_ext/regkit_static.py); every one of them starts once scrolled to
    assert page.locator("script[type='application/vnd.jupyter.widget-view+json']").count() == 0
    apps = page.locator(".regkit-app")
    for k in range(apps.count()):
        apps.nth(k).scroll_into_view_if_needed()
        page.wait_for_function("el => el.dataset.ready === 'true'", arg=apps.nth(k).element_handle(), timeout=30000)
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => Array.from(document.querySelectorAll('.regkit-app img')).every(i => i.complete)",
                           timeout=30000)
    # an explorer's frame has twice the pixels of the box it is shown in: sharp on a 2x screen
    for natural, shown in page.evaluate(
            "() => Array.from(document.querySelectorAll('.rk-frame'))"
            ".map(i => [i.naturalWidth, i.getBoundingClientRect().width])"):
        assert natural >= 2 * shown - 1, f"{page_path}: a {natural} px frame shown {shown:.0f} px wide"

    # images (figures and widget images): each one loaded with a real size; lazy figures are
    # asked for now rather than scrolled to
    page.evaluate("() => document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => Array.from(document.images).every(i => i.complete)", timeout=30000)
    broken = page.evaluate(
        "() => Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"
    )
    assert not broken, f"{page_path}: images failed to load: {broken}"


    assert not page.blocked_requests, f"{page_path}: requests left localhost: {page.blocked_requests}"
    errors = [(t, m) for t, m in messages if t in ("error", "pageerror", "warning")]
    assert not errors, f"{page_path}: console errors or warnings: {errors}"
    assert not failed, f"{page_path}: failed requests {failed}"
