"""Internal links and anchors of the built HTML book all resolve.

Every relative href (and src of a script, stylesheet or image) in every built page must point at
a file that exists, and every #fragment must name an element id in the target page.
"""

import html.parser
import re
import pathlib
import urllib.parse

import pytest

from conftest import HTML, _missing


class _Collector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.links = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "name" in attrs:
            self.ids.add(attrs["name"])
        for key in ("href", "src"):
            if attrs.get(key):
                self.links.append((tag, attrs[key]))


def _parse(path, cache={}):
    if path not in cache:
        c = _Collector()
        c.feed(path.read_text(encoding="utf-8", errors="replace"))
        cache[path] = c
    return cache[path]


def _pages():
    return sorted(p for p in HTML.rglob("*.html") if "_static" not in p.parts and "_sources" not in p.parts)


def test_internal_links_and_anchors_resolve():
    if not (HTML / "index.html").exists():
        _missing("the book is not built: run `make book` first")
    pages = _pages()
    assert len(pages) >= 3
    broken, checked = [], 0
    for page in pages:
        for tag, link in _parse(page).links:
            url = urllib.parse.urlsplit(link)
            if url.scheme or link.startswith(("//", "mailto:", "javascript:", "data:")):
                continue  # external: not checked offline
            target = page if not url.path else (page.parent / urllib.parse.unquote(url.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.exists():
                broken.append(f"{page.relative_to(HTML)}: {link} (missing file)")
                continue
            if url.fragment and target.suffix == ".html" and url.fragment not in _parse(target).ids:
                broken.append(f"{page.relative_to(HTML)}: {link} (missing anchor)")
    assert checked > 100, f"only {checked} internal links found: is the book built?"
    assert not broken, "broken internal links:\n" + "\n".join(broken[:50])


class _Text(html.parser.HTMLParser):
    """Visible prose of a page: text outside <pre>, <code>, <script> and <style>."""

    SKIP = {"pre", "code", "script", "style", "textarea"}

    def __init__(self):
        super().__init__()
        self.depth, self.chunks = 0, []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.chunks.append(data)


def test_no_unrendered_markup_in_prose():
    """Display math that MyST did not parse ($$ glued to a text line) and roles or directives
    that leaked as literal text show up in a page's prose; none may."""
    if not (HTML / "index.html").exists():
        _missing("the book is not built: run `make book` first")
    leaks = []
    for page in _pages():
        parser = _Text()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        text = "".join(parser.chunks)
        for pattern in (r"\$\$", r"\{(doc|cite|ref|term|eq)\}`", r"^:::\{", r"```\{"):
            for m in re.finditer(pattern, text, flags=re.M):
                leaks.append(f"{page.relative_to(HTML)}: {text[max(0, m.start() - 40):m.end() + 40]!r}")
    assert not leaks, "unrendered markup:\n" + "\n".join(leaks[:30])


def test_every_chapter_and_practice_page_links_the_glossary():
    # glossary terms are linked at their first use in each chapter and practice page (the
    # {term} role), so a reader can look a word up from where it appears
    if not (HTML / "index.html").exists():
        _missing(f"the book is not built ({HTML}/index.html missing): run `make book` first")
    # every chapter page (1-18, continuation pages such as 03b included) and the practice
    # pages 21-23; the question-bank format appendix (24) is file-format reference
    pages = sorted(p for p in (HTML / "book").glob("[0-2][0-9]*_*.html")
                   if p.name[:2] in {f"{k:02d}" for k in (*range(1, 19), 21, 22, 23)})
    assert len(pages) >= 25, [p.name for p in pages]
    unlinked = [p.name for p in pages
                if not any(t == "a" and re.match(r"(\.\./book/)?glossary\.html#term-", href)
                           for t, href in _parse(p).links)]
    assert not unlinked, f"pages without a glossary link: {unlinked}"
