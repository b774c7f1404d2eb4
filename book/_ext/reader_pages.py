"""Sphinx extension: the published pages load only what a reader needs, without console noise.

Jupyter Book 1.x wires in three things this book does not use or that misbehave with the pinned
theme; each is fixed here at its source rather than allowlisted in the tests:

* sphinx-thebe (always enabled by Jupyter Book) declares ``const THEBE_JS_URL`` in an inline
  script that ends up twice in every page, a SyntaxError in the console. The book has no Thebe
  button, so its scripts and stylesheet are left out of every page.
* pydata-sphinx-theme's layout writes ``localStorage.mode || "{{ default_mode }}"`` but nothing
  defines ``default_mode`` any more, so the first visit logs "Got invalid theme mode". The page
  context gets ``auto`` (follow the reader's system setting).
* The theme loads ``fontawesome.js`` (1.5 MB) on every page to swap icon ``<i>`` tags for SVG,
  although its stylesheet already draws the same icons from the Font Awesome web fonts. The
  script tag is removed from the written pages and the file from ``_static``, and the theme's
  search scripts (``searchindex.js`` among them) are deferred so they never block first paint.
* Accessibility errors in generated markup: the sidebar's icon-only ``<summary>`` toggles get a
  name, myst-nb's show/hide toggles keep their visible text as their name, and the
  bibliography is a list of list items (its entries carried ``doc-biblioentry``, a role ARIA
  has deprecated and that is not allowed inside a list).
* Hidden code cells (``hide-input``) ship their source inside a ``<template>``, which the browser
  parses but neither styles nor lays out, and ``hidden-code.js`` puts it in the page when a
  reader opens it. A chapter's drawing code is a fifth of its elements (3,000 of 15,000 on
  chapter 2), and every element costs style and layout time at load, before the page responds.
* Figures (``_images/``) are lazy-loaded: a chapter's thirty-odd 2x PNGs are fetched as the
  reader scrolls, not before the first paint.
"""

import hashlib
import pathlib
import re

from sphinx.util import logging

logger = logging.getLogger(__name__)

_THEBE = re.compile(r"THEBE_JS_URL|sphinx-thebe")
_FONTAWESOME_TAG = re.compile(r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>')
_FIGURE_IMG = re.compile(r'<img (alt="[^"]*" src="\.\./_images/)')
_BLOCKING_SEARCH = re.compile(r'<script src="([^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js))"></script>')
_SEARCH_TAG = re.compile(r'\s*<script (?:defer )?src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)"></script>')
# a classic <script src> in <head> without defer/async; documentation_options.js stays
# synchronous because the inline scripts after it assign DOCUMENTATION_OPTIONS.pagename
_SYNC_SCRIPT = re.compile(r'<script ((?:data-[\w-]+="[^"]*" )*)src="(?![^"]*documentation_options\.js)([^"]*)"></script>')
# the small stylesheets that live directly in _static/ (no url() or @import in any of them)
_STATIC_CSS = re.compile(r'\s*<link rel="stylesheet" type="text/css" href="((?:\.\./)*)_static/([\w.-]+\.css)(?:\?v=\w+)?" />')
_THEME_CSS = re.compile(r'<link href="((?:\.\./)*)_static/styles/theme\.css\?digest=\w+" rel="stylesheet" />')


def _page_context(app, pagename, templatename, context, doctree):
    # the layout reads `default_mode` from the page context; no theme option sets it any more
    context.setdefault("default_mode", "auto")

    def keep(asset):
        filename = getattr(asset, "filename", asset) or ""
        body = (getattr(asset, "attributes", {}) or {}).get("body", "")
        return not (_THEBE.search(str(filename)) or _THEBE.search(str(body)))

    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if keep(a)]


# myst-nb's collapsed code source: the <details> of a hide-input cell, up to the cell_input
# div's end (the code inside is escaped, so the first </details> closes it)
_HIDDEN_SOURCE = re.compile(r'(<details class="admonition hide above-input">\s*<summary>.*?</summary>\s*)'
                            r'(<div class="cell_input docutils container">.*?)(</details>)', re.S)
_BIBLIO_ENTRY = re.compile(r'(<div class="citation" id="[^"]*" )role="doc-biblioentry">')
_SIGNATURE_PARAMS = re.compile(r'<dl>\n((?:<dd><em class="sig-param">.*?</dd>\n)+)</dl>')


def _signature_params_as_divs(match):
    lines = match.group(1).replace("<dd>", '<div class="sig-param-line">')
    return '<div class="sig-param-list">\n' + lines.replace("</dd>", "</div>") + "</div>"


def _head_and_body(text):
    head, sep, body = text.partition("</head>")
    return (head, sep + body) if sep else ("", text)


def _bundle_stylesheets(head, out, bundles):
    """One request for the small _static/*.css files instead of nine, in the same order.

    On a phone's connection each render-blocking stylesheet costs a round trip, and a browser
    opens about six connections per host: nine small files cost more than one of their sum.
    """
    found = _STATIC_CSS.findall(head)
    if len(found) < 2:
        return head
    names = tuple(name for _, name in found)
    if names not in bundles:
        text = "".join(f"/* {n} */\n" + (out / "_static" / n).read_text(encoding="utf-8") + "\n" for n in names)
        digest = hashlib.sha1(text.encode()).hexdigest()[:12]
        (out / "_static" / f"bundle-{digest}.css").write_text(text, encoding="utf-8")
        bundles[names] = f"bundle-{digest}.css"
    prefix = found[0][0]
    seen = 0

    # in place of the last of them, so each keeps its place after the theme's own stylesheets
    def replace(match):
        nonlocal seen
        seen += 1
        if seen < len(found):
            return ""
        return f'\n    <link rel="stylesheet" type="text/css" href="{prefix}_static/{bundles[names]}" />'

    return _STATIC_CSS.sub(replace, head)


_ICON_RULE = re.compile(r'((?:\.fa-[\w-]+:before,?)+)\{content:"\\([0-9a-f]{4,5})"\}')
_ICON_CLASS = re.compile(r"\bfa-[a-z0-9-]+")
_PRIVATE_USE_ESCAPE = re.compile(r"\\([ef][0-9a-f]{3})\b")


def _subset_icon_fonts(out):
    """Cut the Font Awesome fonts down to the icons the book shows.

    The theme ships the full solid, regular and brands fonts (275 kB of woff2, fetched at the
    highest priority on every page, ahead of the page's own resources on a slow connection);
    the book shows about thirty icons. Kept: every icon named by an ``fa-*`` class in a page or
    a script, and every icon code point a stylesheet uses directly (admonition and link icons).
    """
    import logging

    from fontTools import subset

    # its INFO lines (every glyph name, per font) would fill the build log
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    static = out / "_static"
    css = {p: p.read_text(encoding="utf-8") for p in static.rglob("*.css")}
    by_class = {}
    for text in css.values():
        for classes, code in _ICON_RULE.findall(text):
            for name in re.findall(r"fa-[\w-]+", classes):
                by_class[name] = int(code, 16)
    used = set()
    for path in list(out.rglob("*.html")) + list(static.rglob("*.js")):
        used.update(_ICON_CLASS.findall(path.read_text(encoding="utf-8", errors="ignore")))
    codes = {by_class[name] for name in used if name in by_class}
    for text in css.values():
        rest = _ICON_RULE.sub("", text)
        # written as escapes ("\f06a") or as the characters themselves (the theme's --pst-icon-*)
        codes.update(int(c, 16) for c in _PRIVATE_USE_ESCAPE.findall(rest))
        codes.update(ord(c) for c in rest if 0xE000 <= ord(c) <= 0xF8FF)
    fonts = static / "vendor" / "fontawesome" / "webfonts"
    for font in sorted(fonts.glob("fa-*")):
        if font.suffix not in (".woff2", ".ttf"):
            continue
        options = subset.Options()
        options.flavor = "woff2" if font.suffix == ".woff2" else None
        options.layout_features = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        face = subset.load_font(str(font), options)
        subsetter.populate(unicodes=codes)
        subsetter.subset(face)
        subset.save_font(face, str(font), options)
    return len(codes)


# pydata-sphinx-theme gives every scrollable block a tab stop with a loop that reads each
# element's scroll size and then sets its tabIndex: a read after a write forces a new layout,
# so on a chapter (hundreds of code blocks and outputs, 15,000 elements) the loop took 0.8 s
# of main-thread time at load (Lighthouse's total blocking time). The same result, with all
# reads first and only the changed tabIndex values written after them, costs one layout.
_SCROLLABLE = ('["pre",".nboutput > .output_area",".cell_output > .output",'
               '".jp-RenderedHTMLCommon",".pst-scrollable-table-container"].join(", ")')
_TAB_INDEX = "e.scrollWidth>e.clientWidth||e.scrollHeight>e.clientHeight?0:-1"
_TAB_STOP_LOOP = f"document.querySelectorAll({_SCROLLABLE}).forEach(e=>{{e.tabIndex={_TAB_INDEX}}})"
_TAB_STOP_BATCHED = (f"Array.from(document.querySelectorAll({_SCROLLABLE}))"
                     f".map(e=>[e,{_TAB_INDEX}]).forEach(([e,t])=>{{e.tabIndex!==t&&(e.tabIndex=t)}})")


def _hidden_sources_as_templates(text, relative):
    text, n = _HIDDEN_SOURCE.subn(r"\1<template>\2</template>\3", text)
    if n:
        prefix = "../" * (len(relative.parts) - 1)
        tag = f'<script defer src="{prefix}_static/hidden-code.js"></script>'
        text = text.replace("</head>", f"    {tag}\n  </head>", 1)
    return text


def _batch_tab_stops(out):
    script = out / "_static" / "scripts" / "pydata-sphinx-theme.js"
    text = script.read_text(encoding="utf-8")
    if text.count(_TAB_STOP_LOOP) != 1:
        # a new theme release: look at its tab-stop code again rather than ship it unread
        logger.warning("reader_pages: pydata-sphinx-theme's tab-stop loop not found; not batched")
        return
    # the source map describes the file as shipped: dropped with the change
    text = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", text.replace(_TAB_STOP_LOOP, _TAB_STOP_BATCHED))
    script.write_text(text, encoding="utf-8")
    (out / "_static" / "scripts" / "pydata-sphinx-theme.js.map").unlink(missing_ok=True)


def _rewrite_pages(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out = pathlib.Path(app.outdir)
    bundles = {}
    for page in out.rglob("*.html"):
        if "_static" in page.parts:
            continue
        text = page.read_text(encoding="utf-8")
        new = _FONTAWESOME_TAG.sub("", text)
        new = _BLOCKING_SEARCH.sub(r'<script defer src="\1"></script>', new)
        if page != out / "search.html":
            # search is a page of its own (search-as-you-type is off): the index and its
            # scripts, 60 kB compressed, are needed there only
            new = _SEARCH_TAG.sub("", new)
        head, body = _head_and_body(new)
        # the theme's small scripts all wait for DOMContentLoaded: deferred, they no longer hold
        # back the first paint, and they still run, in order, before that event
        head = _SYNC_SCRIPT.sub(r'<script defer \1src="\2"></script>', head)
        # theme.css is one line, an @import of basic.css: link basic.css itself, one hop less
        head = _THEME_CSS.sub(r'<link href="\1_static/basic.css" rel="stylesheet" />', head)
        head = _bundle_stylesheets(head, out, bundles)
        new = head + body
        # the sidebar's expand/collapse toggles are icon-only <summary> elements
        new = new.replace('<summary><span class="toctree-toggle" role="presentation">',
                          '<summary aria-label="Show or hide the sections"><span class="toctree-toggle" role="presentation">')
        # myst-nb names every show/hide toggle "Toggle hidden content", which is not the text a
        # reader sees ("Show code cell source"): a speech-input user saying the visible words
        # would not reach it. The visible text (the hidden half is display: none) is its name
        new = new.replace('<summary aria-label="Toggle hidden content">', "<summary>")
        # sphinxcontrib-bibtex marks the bibliography role="list" and each entry with the
        # deprecated role doc-biblioentry: a screen reader then meets a list without items. The
        # entries become its items ("list, 76 items")
        new = _BIBLIO_ENTRY.sub(r'\1role="listitem">', new)
        # figures below the fold load as the reader scrolls (their size is already in the tag)
        new = _FIGURE_IMG.sub(r'<img loading="lazy" decoding="async" \1', new)
        # Sphinx lays out a long signature's parameters, one per line, as a <dl> of bare <dd>s
        # (no <dt>), which is invalid and which screen readers announce as an empty definition
        # list: the same lines as plain blocks
        new = _SIGNATURE_PARAMS.sub(_signature_params_as_divs, new)
        new = _hidden_sources_as_templates(new, page.relative_to(out))
        if new != text:
            page.write_text(new, encoding="utf-8")
    _batch_tab_stops(out)
    for name in ("fontawesome.js", "fontawesome.js.map", "fontawesome.js.LICENSE.txt"):
        (out / "_static" / "scripts" / name).unlink(missing_ok=True)
    _subset_icon_fonts(out)


def setup(app):
    # after sphinx-thebe and the theme have added their assets to the page context
    app.connect("html-page-context", _page_context, priority=900)
    # after the theme's own build-finished step, which rewrites _static/pygments.css with its
    # light and dark colours: the stylesheet bundle must be made from that final file
    app.connect("build-finished", _rewrite_pages, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
