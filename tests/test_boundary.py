"""The library / course boundary: the core never imports the course, matplotlib or ipywidgets.

Two checks, because each catches what the other can miss: an import-time check in a fresh
interpreter where the forbidden packages cannot be imported at all (catches top-level and
transitive imports), and a static read of every core module's source (catches imports
inside functions that a quick run would not reach).
"""

import ast
import pathlib
import subprocess
import sys
import textwrap

import regkit

ROOT = pathlib.Path(regkit.__file__).parent
FORBIDDEN = ("regkit.course", "matplotlib", "ipywidgets", "IPython")


def core_modules():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] == "course":
            continue
        yield path, ".".join(("regkit",) + rel.with_suffix("").parts).removesuffix(".__init__")


def imported_names(path):
    """Every module name an import statement in ``path`` names, wherever it stands."""
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}: relative import; the core uses absolute imports")


def test_no_core_module_names_the_course_or_a_plotting_package():
    offenders = [
        f"{name} imports {imported}"
        for path, name in core_modules()
        for imported in imported_names(path)
        if any(imported == f or imported.startswith(f + ".") for f in FORBIDDEN)
    ]
    assert not offenders, offenders


def test_the_static_check_sees_an_import_inside_a_function(tmp_path):
    # the check above must be able to fail: a function-level import is found
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from regkit.course.labs import ridge\n")
    assert "regkit.course.labs" in set(imported_names(bad))


def test_core_imports_and_solves_with_the_course_packages_unimportable():
    script = textwrap.dedent(f"""
        import importlib, sys
        FORBIDDEN = {FORBIDDEN!r}

        class Block:
            def find_spec(self, name, path=None, target=None):
                if any(name == f or name.startswith(f + ".") for f in FORBIDDEN):
                    raise ImportError(f"blocked for the boundary test: {{name}}")
                return None

        sys.meta_path.insert(0, Block())
        import numpy as np
        import regkit
        from regkit import *  # noqa: F403
        names = {[name for _, name in core_modules()]!r}
        for name in names:
            importlib.import_module(name)
        for name in regkit.__all__:
            getattr(regkit, name)
        rng = np.random.default_rng(0)
        X = rng.normal(size=(40, 8)); y = X[:, 0] + 0.1 * rng.normal(size=40)
        coef = regkit.lasso(X, y, 0.05)
        est = regkit.LassoCV(cv=3).fit(X, y)
        assert abs(coef[0] - 0.95) < 0.1 and est.coef_[0] > 0.8, (coef, est.coef_)
        try:
            importlib.import_module("regkit.course.labs.ridge")
        except ImportError:
            print("course blocked")
        print("core ok")
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.split() == ["course", "blocked", "core", "ok"]
