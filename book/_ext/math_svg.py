"""Sphinx extension: every formula typeset at build time, as SVG, so pages need no MathJax.

Typeset in the browser, a chapter's two hundred formulas cost the reader twice: MathJax's
script (260 kB) runs on a phone's CPU before the page responds, and each formula changes size
when it is typeset, so the text jumps (Lighthouse's cumulative layout shift reached 0.44 on
the glossary and the API pages). Here MathJax runs once, in Node, when the book is built
(``tex_to_svg.js``; MathJax comes from the npm registry, ``make`` installs it under
``_build/mathjax``):

* each ``\\(...\\)`` and ``\\[...\\]`` that Sphinx writes into ``span.math`` / ``div.math``
  becomes MathJax's SVG, sized in ``ex`` of the surrounding font, with its MathML kept for
  screen readers; a page carries the glyph outlines it uses once, in a hidden ``<svg>``;
* MathJax's stylesheet for that output goes to ``_static/mathjax-svg.css``, linked by every
  page with a formula;
* a TeX error or an unknown macro is a build warning (``-W`` fails the build), naming the page
  and the formula, where the browser would have shown red text;
* no page loads MathJax: the practice apps (quiz, review and mock interview,
  ``book/static/regkit-static.js``) fetch it themselves the first time a question they show
  has a formula.
"""

import html
import json
import os
import pathlib
import re
import subprocess

from sphinx.util import logging

logger = logging.getLogger(__name__)

ROOT = pathlib.Path(__file__).resolve().parents[2]
MODULES = ROOT / "_build" / "mathjax" / "node_modules"
SCRIPT = pathlib.Path(__file__).with_name("tex_to_svg.js")
CSS_NAME = "mathjax-svg.css"

_INLINE = re.compile(r'(<span class="math notranslate nohighlight">)\\\((.*?)\\\)(</span>)', re.S)
_DISPLAY = re.compile(r'(<div class="math notranslate nohighlight"[^>]*>\s*(?:<span class="eqno">.*?</span>)?)'
                      r'\\\[(.*?)\\\](\s*</div>)', re.S)
_MATHJAX_TAGS = re.compile(r'\s*<script>window\.MathJax = .*?</script>'
                           r'|\s*<script[^>]*src="[^"]*_static/mathjax/tex-chtml\.js"[^>]*></script>')
_BODY_OPEN = re.compile(r"<body[^>]*>")


def _math_nodes(text):
    """Every formula of a page in document order: ``(match, display)``, where a match's
    groups are the opening tag, the TeX source (HTML-escaped) and the closing tag."""
    nodes = [(m, False) for m in _INLINE.finditer(text)] + [(m, True) for m in _DISPLAY.finditer(text)]
    return sorted(nodes, key=lambda node: node[0].start())


def _formulas(text):
    return [{"tex": html.unescape(m.group(2)), "display": display} for m, display in _math_nodes(text)]


def _typeset(pages):
    """``{"css", "pages": [{"svgs", "glyphs", "errors"}]}`` from the Node script."""
    if not (MODULES / "mathjax-full").is_dir():
        raise RuntimeError(f"MathJax is not installed under {MODULES}: run `make book`, which "
                           "installs it from the npm registry")
    request = json.dumps({"pages": [{"formulas": f} for _, f in pages]})
    proc = subprocess.run(["node", str(SCRIPT)], input=request, capture_output=True, text=True,
                          env=dict(os.environ, MATHJAX_MODULES=str(MODULES)), check=False)
    if proc.returncode:
        raise RuntimeError(f"{SCRIPT.name} failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout)


def _replace_in_order(text, svgs):
    """Each formula's source replaced by its SVG, in document order."""
    nodes = _math_nodes(text)
    assert len(nodes) == len(svgs)
    out, last = [], 0
    for (m, display), svg in zip(nodes, svgs):
        out += [text[last:m.start()], m.group(1), _focusable(svg) if display else svg, m.group(3)]
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def _focusable(svg):
    # the theme lets a display formula scroll sideways when it is wider than the column (a
    # phone): a scrolling box must be reachable from the keyboard (MathJax in a browser makes
    # every formula focusable for the same reason)
    return svg.replace("<mjx-container ", '<mjx-container tabindex="0" ', 1)


def _link_stylesheet(text, prefix):
    tag = f'<link rel="stylesheet" type="text/css" href="{prefix}_static/{CSS_NAME}" />'
    return text.replace("</head>", f"    {tag}\n  </head>", 1)


def _typeset_pages(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out = pathlib.Path(app.outdir)
    pages = []
    for page in sorted(out.rglob("*.html")):
        if "_static" in page.parts:
            continue
        text = page.read_text(encoding="utf-8")
        formulas = _formulas(text)
        if formulas or "_static/mathjax/" in text:
            pages.append((page, formulas))
    result = _typeset([p for p in pages if p[1]])
    typeset = iter(result["pages"])
    n_formulas = 0
    for page, formulas in pages:
        text = page.read_text(encoding="utf-8")
        if formulas:
            done = next(typeset)
            for error in done["errors"]:
                logger.warning(f"TeX error in {page.relative_to(out)}: {error}", type="math_svg")
            text = _replace_in_order(text, done["svgs"])
            # the glyph definitions first in the body: every <use> after them finds its target
            text = _BODY_OPEN.sub(lambda m: m.group(0) + done["glyphs"], text, count=1)
            depth = len(page.relative_to(out).parts) - 1
            text = _link_stylesheet(text, "../" * depth)
            n_formulas += len(formulas)
        text = _MATHJAX_TAGS.sub("", text)
        page.write_text(text, encoding="utf-8")
    (out / "_static" / CSS_NAME).write_text(result["css"], encoding="utf-8")
    logger.info(f"math_svg: {n_formulas} formulas typeset as SVG on "
                f"{sum(1 for _, f in pages if f)} pages")


def setup(app):
    # before book/_ext/reader_pages.py (priority 900), which bundles the pages' small
    # stylesheets, this one included
    app.connect("build-finished", _typeset_pages, priority=850)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
