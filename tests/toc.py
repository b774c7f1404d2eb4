"""Read the book's table of contents: which pages and notebooks the book is made of.

Used by the Makefile (``python tests/toc.py --notebooks``) and by the tests, so the
list of notebooks under test is always exactly the list in ``_toc.yml``.
"""

import pathlib
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _files(node):
    if isinstance(node, dict):
        if "file" in node:
            yield node["file"]
        if "root" in node:
            yield node["root"]
        for key in ("parts", "chapters", "sections"):
            for child in node.get(key, []) or []:
                yield from _files(child)
    elif isinstance(node, list):
        for child in node:
            yield from _files(child)


def toc_pages():
    """Every page in _toc.yml, resolved to a path relative to the repository root."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = []
    for stem in _files(toc):
        matches = [ROOT / f"{stem}{ext}" for ext in (".ipynb", ".md") if (ROOT / f"{stem}{ext}").exists()]
        if len(matches) != 1:
            raise FileNotFoundError(f"_toc.yml entry {stem!r} matches {len(matches)} files")
        pages.append(matches[0].relative_to(ROOT).as_posix())
    return pages


def toc_notebooks():
    return [p for p in toc_pages() if p.endswith(".ipynb")]


if __name__ == "__main__":
    items = toc_notebooks() if "--notebooks" in sys.argv else toc_pages()
    print(" ".join(items))
