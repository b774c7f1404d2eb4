"""Internal links and anchors of the built HTML book all resolve.

Every relative href (and src of a script, stylesheet or image) in every built page must point at
a file that exists, and every #fragment must name an element id in the target page.
"""

import html.parser
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
