"""Every public name of the library has a runnable Examples section, and it passes.

The public names are ``regkit.__all__`` (functions, estimators, the warning class) and the
``__all__`` of the public submodules the API reference documents. Each example runs in a
fresh namespace, so it imports what it uses exactly as a reader copying it would.
"""

import doctest
import importlib
import inspect
import pathlib
import re

import pytest

import regkit

ROOT = pathlib.Path(__file__).resolve().parents[1]
SUBMODULES = ["regkit.bayes", "regkit.penalties", "regkit.model_selection", "regkit.datasets"]


def public_names():
    """(dotted name, object) of every public function and class, in documentation order."""
    names = [(f"regkit.{n}", getattr(regkit, n)) for n in regkit.__all__
             if n not in regkit._SUBMODULES]
    seen = {id(obj) for _, obj in names}
    for mod_name in SUBMODULES:
        module = importlib.import_module(mod_name)
        for n in module.__all__:
            obj = getattr(module, n)
            # constants (e.g. SELECTION_RULES) carry no docstring of their own
            if (inspect.isfunction(obj) or inspect.isclass(obj)) and id(obj) not in seen:
                names.append((f"{mod_name}.{n}", obj))
                seen.add(id(obj))
    return names


NAMES = public_names()


def test_the_list_is_complete():
    # guards the collection itself: an empty or truncated list would make the tests below vacuous
    # (24 names at the top level, 8 in bayes, 7 in penalties, 4 + 4 helpers when this was written)
    names = {n for n, _ in NAMES}
    assert len(NAMES) >= 47, sorted(names)
    assert {"regkit.lasso", "regkit.LassoCV", "regkit.bayes.laplace_map", "regkit.penalties.L1",
            "regkit.model_selection.select_alpha", "regkit.datasets.load_diabetes"} <= names


@pytest.mark.parametrize("name, obj", NAMES, ids=[n for n, _ in NAMES])
def test_docstring_examples_run(name, obj):
    finder = doctest.DocTestFinder(recurse=False)
    tests = [t for t in finder.find(obj, name, globs={}) if t.examples]
    assert tests, f"{name} has no Examples section with a doctest"
    assert "Examples\n" in obj.__doc__ and "--------" in obj.__doc__, (
        f"{name}: examples belong in a numpydoc 'Examples' section")
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    report = []
    for test in tests:
        runner.run(test, out=report.append)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, "".join(report)
    assert result.attempted >= 2, f"{name}: an example should show a result, not only imports"


def test_every_public_name_is_in_the_api_reference():
    pages = "\n".join(p.read_text() for p in sorted((ROOT / "book" / "api").glob("*.md")))
    # a whole name: regkit.lasso must not be found inside regkit.lasso_path
    missing = [name for name, _ in NAMES if not re.search(re.escape(name) + r"\b", pages)]
    assert not missing, f"not in book/api/*.md: {missing}"
