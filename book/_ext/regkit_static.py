"""Sphinx extension: practice without a kernel on the static book.

At build time it

1. replaces every saved ipywidgets output of a notebook with a placeholder
   ``<div class="regkit-app" data-app=...>`` that ``_static/regkit-static.js`` turns into a
   working player (explorers) or app (quiz, spaced-repetition review, mock interview). The
   cell's source says which: its last line calls an explorer factory of
   ``regkit.course.explorers.__all__`` with no arguments, or ``quiz(...)``,
   ``review(...)``, ``mock_interview(...)`` with literal keyword arguments. A saved widget
   that matches none of them is reported as a warning (so ``-W`` fails the build) rather than
   left on the page looking live;
2. drops the saved widget state and the ipywidgets html-manager from every page: no widget
   is rendered by it any more, and the state (PNG bytes of the saved figures) was most of a
   chapter's weight;
3. writes the explorers' states under ``_static/explorers`` with
   :func:`regkit.course.static_export.export_explorers` (cached in ``_build/static-export``
   until a Python file of ``regkit/`` outside ``practice/`` changes) and the question bank
   under ``_static/practice`` with :func:`regkit.course.practice.static_data.export_bank`;
4. adds the script and its stylesheet only to pages that hold a player or an app.
"""

import ast
import hashlib
import html
import json
import pathlib
import shutil

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
APPS = {"quiz": ("chapter", "difficulty", "seed"),
        "review": ("chapter", "difficulty", "progress_path", "today"),
        "mock_interview": ("chapter", "difficulty", "seconds", "seed")}
ROOT = pathlib.Path(__file__).resolve().parents[2]
CACHE = ROOT / "_build" / "static-export"


def _explorer_names():
    from regkit.course import explorers

    return set(explorers.__all__)


def _last_call(source):
    """(function name, literal keyword arguments, positional count) of the cell's last expression."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        body = ast.parse("\n".join(lines)).body
    except SyntaxError:
        return None
    if not body or not isinstance(body[-1], ast.Expr) or not isinstance(body[-1].value, ast.Call):
        return None
    call = body[-1].value
    if not isinstance(call.func, ast.Name):
        return None
    kwargs = {}
    for kw in call.keywords:
        try:
            kwargs[kw.arg] = ast.literal_eval(kw.value)
        except ValueError:
            return None
    return call.func.id, kwargs, len(call.args)


def placeholder(source):
    """The placeholder for a cell whose saved widget is replaced, or None if none fits."""
    found = _last_call(source)
    if found is None:
        return None
    name, kwargs, n_args = found
    if name in _explorer_names():
        if n_args or kwargs:  # the frames are rendered from the no-argument explorer only
            return None
        attrs = {"app": "explorer", "explorer": name}
    elif name in APPS and not n_args and set(kwargs) <= set(APPS[name]):
        attrs = {"app": "mock" if name == "mock_interview" else name}
        attrs.update({k: str(v) for k, v in kwargs.items() if v is not None})
        if name == "mock_interview" and kwargs.get("seed") is not None:
            # the page opens on the question the widget draws with this seed, drawn here by
            # the Python code rather than by a copy of numpy's generator in JavaScript
            from regkit.course.practice.mock_widget import draw_question

            attrs["first"] = draw_question(kwargs["seed"], kwargs.get("chapter"), kwargs.get("difficulty"))["id"]
    else:
        return None
    data = " ".join(f'data-{k}="{html.escape(v)}"' for k, v in attrs.items())
    return (f'<div class="regkit-app" {data}><p class="regkit-noscript">This interactive '
            "part needs JavaScript; run the notebook in JupyterLab to use the live version.</p></div>")


def replace_widgets(app, doctree, docname):
    for cell in list(doctree.findall(nodes.container)):
        if cell.get("nb_element") != "cell_code":
            continue
        raws = [r for r in cell.findall(nodes.raw) if WIDGET_VIEW in r.astext()]
        if not raws:
            continue
        source = "".join(b.astext() for part in cell.children if part.get("nb_element") == "cell_code_source"
                         for b in part.findall(nodes.literal_block))
        div = placeholder(source)
        if div is None:
            logger.warning(f"{docname}: a saved widget has no static player (cell ending "
                           f"{source.strip().splitlines()[-1]!r}); it would look live and do nothing",
                           location=raws[0])
            continue
        raws[0].replace_self(nodes.raw("", div, format="html"))
        for extra in raws[1:]:
            extra.parent.remove(extra)


def _source_digest():
    h = hashlib.sha1()
    # the question bank is exported on every build (it is cheap), so editing it or the
    # practice modules does not re-render the explorers
    for path in sorted((ROOT / "regkit").rglob("*.py")):
        if "__pycache__" not in path.parts and "practice" not in path.parts:
            h.update(path.relative_to(ROOT).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def export_static(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    target = pathlib.Path(app.outdir) / "_static"
    ensure_explorer_export(log=logger.info)
    shutil.rmtree(target / "explorers", ignore_errors=True)
    shutil.copytree(CACHE / "explorers", target / "explorers")
    from regkit.course.practice.static_data import export_bank

    export_bank(target, book_dir=ROOT / "book")


def ensure_explorer_export(log=print):
    """Render the explorers' states into the cache unless it matches the current sources."""
    from regkit.course.static_export import export_explorers

    digest, stamp = _source_digest(), CACHE / ".source-digest"
    if stamp.exists() and stamp.read_text() == digest:
        return
    log("regkit_static: rendering the explorers' states (cached until regkit/ changes)")
    shutil.rmtree(CACHE, ignore_errors=True)
    report = export_explorers(CACHE / "explorers", log=log)
    (CACHE / "report.json").write_text(json.dumps(report, indent=1))
    stamp.write_text(digest)


def page_resources(app, pagename, templatename, context, doctree):
    # myst-nb registers the saved widget state and the html-manager per page; no widget
    # is rendered by them any more, so they are dropped before myst-nb adds them
    env = app.env
    js_files = getattr(env, "nb_metadata", {}).get(pagename, {}).get("js_files", {})
    for key in [k for k in js_files if k.startswith("ipywidgets")]:
        del js_files[key]
    if doctree is not None and any('class="regkit-app"' in r.astext() for r in doctree.findall(nodes.raw)):
        app.add_js_file("regkit-static.js", defer="defer")
        app.add_css_file("regkit-static.css")


def setup(app):
    app.connect("doctree-resolved", replace_widgets)
    app.connect("html-page-context", page_resources, priority=400)
    app.connect("build-finished", export_static)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
