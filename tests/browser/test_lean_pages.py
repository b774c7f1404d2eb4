"""The build's two ways of making a page lighter draw and behave exactly as before.

A chapter's elements are what its load time grows with (style and layout, before the page
responds): two build steps remove most of them.

* ``book/_ext/tex_to_svg.js`` dissolves MathJax's per-token ``<g>`` wrappers, moving each one's
  offset onto its children. The drawings must be the same: every construct the book uses is
  typeset both ways and the two pictures compared pixel by pixel.
* ``book/_ext/reader_pages.py`` ships a hidden code cell's source in a ``<template>``, and
  ``book/static/hidden-code.js`` puts it in the page when the reader opens the cell. Opened, the
  cell must hold the notebook's code, highlighted, with a working copy button, as it did.
"""

import io
import json
import sys

import pytest

from conftest import HTML, ROOT
from toc import toc_pages

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import math_svg  # noqa: E402

pytestmark = pytest.mark.browser

# every construct the chapters use: scripts at two levels, accents, fractions, roots, big and
# stretchy delimiters, operators with limits, matrices, cases, aligned rows, braces, colour, text
FORMULAS = [
    (r"\hat\beta_{\text{ridge}} = (X^\top X + \lambda I)^{-1} X^\top y", True),
    (r"\min_{w}\ \tfrac{1}{2n}\Vert y - Xw\Vert_2^2 + \alpha \Vert w \Vert_1", True),
    (r"\operatorname{arg\,min}_{w \in \mathbb{R}^p} \frac{1}{2}\sum_{i=1}^{n} (y_i - x_i^\top w)^2", True),
    (r"S_{\alpha/L}\Big(w_k + \frac{1}{nL} X^\top (y - Xw_k)\Big)", True),
    (r"\sqrt{\frac{\sigma^2}{n}\,\log p}\;\propto\; \bar{x}, \tilde{w}, \widehat{\theta}, \overline{ab}", False),
    (r"\begin{bmatrix} 1 & \rho \\ \rho & 1 \end{bmatrix}^{-1} = \frac{1}{1-\rho^2}"
     r"\begin{bmatrix} 1 & -\rho \\ -\rho & 1 \end{bmatrix}", True),
    (r"w_j = \begin{cases} z_j - \lambda & z_j > \lambda \\ 0 & |z_j| \le \lambda \\ "
     r"z_j + \lambda & z_j < -\lambda \end{cases}", True),
    (r"\begin{aligned} p(w \mid y) &\propto p(y \mid w)\, p(w) \\ &= \exp\!\Big(-\tfrac{1}{2\sigma^2}"
     r"\Vert y - Xw \Vert^2\Big) \prod_j e^{-|w_j|/b} \end{aligned}", True),
    (r"\underbrace{\sigma^2}_{\text{noise}} + \underbrace{\text{bias}^2}_{\ge 0} + \text{variance}", True),
    (r"\left(\sum_{j=1}^{p} |w_j|^q\right)^{1/q} \xrightarrow{q \to 0} \Vert w \Vert_0", True),
    (r"\binom{p}{k} \gg n, \quad \partial |w_j| = [-1, 1] \text{ at } w_j = 0", False),
    (r"\left(\begin{smallmatrix} a & b \\ c & d \end{smallmatrix}\right) \mapsto \color{red}{x}_i^2", False),
    (r"\int_0^\infty e^{-t}\, dt = \lim_{T\to\infty} \big[ -e^{-t} \big]_0^T = 1", True),
]


def _typeset(monkeypatch, flatten):
    monkeypatch.setenv("MATHJAX_FLATTEN", "1" if flatten else "0")
    result = math_svg._typeset([(None, [{"tex": tex, "display": d} for tex, d in FORMULAS])])
    page = result["pages"][0]
    assert page["errors"] == []
    return result["css"], page


def _html(css, page):
    rows = "".join(f'<div class="f">{svg}</div>' for svg in page["svgs"])
    return (f"<!doctype html><html><head><style>{css} body{{margin:0;font-size:20px;background:#fff}}"
            f".f{{padding:8px;width:max-content}}</style></head><body>{page['glyphs']}{rows}</body></html>")


def test_flattened_formulas_draw_as_mathjax_does(browser, monkeypatch):
    from PIL import Image, ImageChops

    css, reference = _typeset(monkeypatch, flatten=False)
    _, flat = _typeset(monkeypatch, flatten=True)

    def count(svgs, tag):
        return sum(s.split("<mjx-assistive-mml")[0].count(f"<{tag}") for s in svgs)

    # the point of it: most wrappers gone, every glyph and rule still there
    assert count(flat["svgs"], "g") < 0.5 * count(reference["svgs"], "g")
    for tag in ("use", "rect", "path", "text", "line"):
        assert count(flat["svgs"], tag) == count(reference["svgs"], tag), tag

    page = browser.new_page(viewport={"width": 1000, "height": 800}, device_scale_factor=2)
    shots = []
    for version in (reference, flat):
        page.set_content(_html(css, version))
        shots.append([Image.open(io.BytesIO(f.screenshot())).convert("L")
                      for f in page.locator(".f").all()])
    page.close()
    for (tex, _), a, b in zip(FORMULAS, *shots):
        assert a.size == b.size, tex
        histogram = ImageChops.difference(a, b).histogram()  # pixels per grey-level difference
        largest = max(level for level, n in enumerate(histogram) if n)
        changed = sum(histogram[9:])
        # anti-aliasing may round a pixel's edge differently; a moved or missing glyph changes
        # dozens of pixels by far more than this
        assert largest < 64 and changed <= 4, (tex, largest, changed)


def _hidden_sources(notebook):
    nb = json.loads((ROOT / notebook).read_text())
    return ["".join(c["source"]) for c in nb["cells"]
            if c["cell_type"] == "code" and "hide-input" in c.get("metadata", {}).get("tags", [])]


NOTEBOOKS = [p for p in toc_pages() if p.endswith(".ipynb") and _hidden_sources(p)]


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_hidden_code_opens_as_the_notebook_wrote_it(page, book_url, notebook):
    sources = _hidden_sources(notebook)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{book_url}/{notebook[:-len('.ipynb')]}.html", wait_until="load")
    cells = page.locator("details.hide.above-input")
    assert cells.count() == len(sources)
    # at load the sources are templates: no code element inside a closed cell
    assert page.locator("details.hide.above-input pre").count() == 0
    assert page.locator("details.hide.above-input > template").count() == len(sources)

    for k, source in enumerate(sources):
        cell = cells.nth(k)
        summary = cell.locator("summary")
        if summary.is_visible():
            summary.click()
        else:  # inside a closed solution or proof: opened as its own click would
            cell.evaluate("d => { d.open = true; }")
        pre = cell.locator("div.highlight pre")
        pre.wait_for(state="attached")
        assert pre.text_content().rstrip() == source.rstrip()
        assert pre.locator("span").count() > 0  # highlighted, as a visible cell is
        target = cell.locator(".copybtn").get_attribute("data-clipboard-target")
        assert target == "#" + pre.get_attribute("id")
        # code wider than a phone scrolls sideways and is reachable by keyboard, as the theme does
        wide = pre.evaluate("e => e.scrollWidth > e.clientWidth")
        assert pre.evaluate("e => e.tabIndex") == (0 if wide else -1)
    assert page.locator("details.hide.above-input > template").count() == 0
    # each opened block has an id of its own, which nothing else on the page has
    ids = page.eval_on_selector_all("[id]", "els => els.map(e => e.id)")
    opened = [i for i in ids if i.startswith("hidden-code-")]
    assert len(opened) == len(set(opened)) == page.locator("details.hide.above-input div.highlight pre").count()
