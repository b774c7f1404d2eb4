"""The wheel installs and works in a clean virtual environment, with and without the course.

This is what a user of regkit does: build the wheel, ``pip install`` it into a fresh venv
(no system site packages, no PYTHONPATH, run from a directory without the source), then use
the library; then add the ``[course]`` extra and open an explorer. A runtime dependency
missing from ``pyproject.toml`` (numba, scikit-learn, ...) makes the first script fail with
``ModuleNotFoundError``; a course dependency missing from the extra makes the second fail.

Slow (about two minutes on a warm pip cache and a busy machine): pip may fetch numpy, scipy,
scikit-learn, numba, matplotlib and ipywidgets from PyPI; ``requirements.txt`` is passed as
constraints so it picks the pinned, cached versions.
"""

import os
import pathlib
import shutil
import subprocess
import sys
import time
import zipfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

CORE_SCRIPT = r"""
import importlib.util, warnings
import numpy as np
import regkit
from regkit import *  # every name in regkit.__all__ must resolve
assert regkit.__file__.startswith(PREFIX), regkit.__file__  # the installed copy, not the source
for name in regkit.__all__:
    assert name in globals(), name
# the library runs without the course extras
assert importlib.util.find_spec("matplotlib") is None, "matplotlib is installed in the core venv"
assert importlib.util.find_spec("ipywidgets") is None, "ipywidgets is installed in the core venv"
rng = np.random.default_rng(0)
X = rng.standard_normal((60, 5))
y = X @ np.array([2.0, -1.0, 0.0, 0.0, 0.5]) + 0.1 * rng.standard_normal(60)
coef = regkit.lasso(X, y, 0.05)  # coordinate descent: the numba kernels
assert regkit.duality_gap(X, y, coef, 0.05) <= 1e-4 * (y @ y) / len(y)
assert coef[2] == 0.0 and coef[3] == 0.0 and abs(coef[0] - 2.0) < 0.1, coef
model = LassoCV(cv=3).fit(X, y)  # scikit-learn's splitters and base classes
assert model.mse_path_.shape == (100, 3) and model.alpha_ > 0, model.mse_path_.shape
assert np.all(np.abs(model.coef_ - [2.0, -1.0, 0.0, 0.0, 0.5]) < 0.1), model.coef_
print("core ok", regkit.__version__, np.round(coef, 3).tolist(), round(model.alpha_, 5))
"""

COURSE_SCRIPT = r"""
import regkit.course.explorers as explorers
assert explorers.__file__.startswith(PREFIX), explorers.__file__
box = explorers.ridge_explorer()
assert box.numbers.value.strip(), "the numbers panel is empty"
assert box.image.value[:8] == b"\x89PNG\r\n\x1a\n", "the figure is not a PNG"
print("course ok", len(box.numbers.value), "characters of numbers,", len(box.image.value), "PNG bytes")
"""


def _run(cmd, cwd, env=None, timeout=600):
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    # shown with -s (or -rP): where the minutes go
    print(f"{time.perf_counter() - start:6.1f} s  {' '.join(map(str, cmd))[:100]}")
    assert result.returncode == 0, (
        f"{' '.join(map(str, cmd))} failed ({result.returncode}):\n{result.stdout[-3000:]}\n"
        f"{result.stderr[-3000:]}")
    return result.stdout


def _clean_env():
    # nothing from this checkout or the dev venv may leak into the fresh interpreter
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "PYTHONSTARTUP")}
    env["MPLBACKEND"] = "Agg"
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """Build the wheel from a copy of the sources (the build leaves nothing in the checkout)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "regkit", src / "regkit",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(src)], cwd=src,
         env=_clean_env())
    wheels = list(out.glob("regkit-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_contents(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "regkit/course/practice/questions.json" in names
    assert "regkit/solvers/_cd_kernels.py" in names
    assert not any(n.startswith(("tests/", "book/", "benchmarks/")) for n in names)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    requires = [line.split(":", 1)[1].strip() for line in text.splitlines()
                if line.startswith("Requires-Dist:")]
    core = {r.split(">")[0].split("=")[0].split(";")[0].strip() for r in requires if "extra" not in r}
    assert {"numpy", "scipy", "numba", "scikit-learn"} <= core, requires
    assert not {"matplotlib", "ipywidgets"} & core, "course packages must be in the extra only"


def test_fresh_venv_core_then_course(wheel, tmp_path):
    venv = tmp_path / "venv"
    # no pip inside the new venv (ensurepip costs ~15 s here): this interpreter's pip installs
    # into it with --python, which is the same as running the venv's own pip
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp_path,
         env=_clean_env())
    python = venv / "bin" / "python"
    prefix = f"PREFIX = {str(venv)!r}\n"
    # --no-compile: byte-compiling scipy and scikit-learn would be most of the install time
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
           "--no-compile", "-c", str(ROOT / "requirements.txt")]
    env = _clean_env()

    _run(pip + [str(wheel)], cwd=tmp_path, env=env)
    out = _run([str(python), "-c", prefix + CORE_SCRIPT], cwd=tmp_path, env=env)
    assert "core ok" in out

    _run(pip + [f"{wheel}[course]"], cwd=tmp_path, env=env)
    out = _run([str(python), "-c", prefix + COURSE_SCRIPT], cwd=tmp_path, env=env)
    assert "course ok" in out
