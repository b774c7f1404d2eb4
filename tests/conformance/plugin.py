"""pytest plugin: run scikit-learn's installed linear-model tests with regkit swapped in.

Usage (``make conformance``)::

    python -m pytest -p tests.conformance.plugin --pyargs \
        sklearn.linear_model.tests.test_coordinate_descent ...

Before collection, each scikit-learn test module in :data:`SWAPS` is imported and the
names it imported from scikit-learn (``Lasso``, ``lasso_path``, ...) are rebound to
regkit's, so its tests call regkit. Tests that reach scikit-learn through the module
object instead (``linear_model.lars_path(...)``) see a stand-in for ``linear_model``
that serves regkit's object for each swapped name and scikit-learn's for every other. Nothing is copied into this repository. A test
"reaches regkit" when it calls a swapped class or function (the plugin wraps them to
notice). Failures are matched against :data:`tests.conformance.expected.EXPECTED`, where
every entry carries its reason; the summary table at the end counts, per module, the
runs that reached regkit, those that passed, and the failures by reason, and lists any
failure that no entry explains.
"""

import functools
import importlib
import re
import types
from collections import Counter, defaultdict

import pytest

from tests.conformance.expected import EXPECTED, REASONS

# scikit-learn test module -> {name in that module: regkit public name}
SWAPS = {
    "sklearn.linear_model.tests.test_coordinate_descent": {
        "Lasso": "Lasso", "ElasticNet": "ElasticNet", "LassoCV": "LassoCV",
        "ElasticNetCV": "ElasticNetCV", "lasso_path": "lasso_path", "enet_path": "enet_path",
    },
    "sklearn.linear_model.tests.test_ridge": {"Ridge": "Ridge", "RidgeCV": "RidgeCV"},
    # LassoLarsIC is not swapped for regkit's LassoIC: LassoIC picks alpha on the
    # coordinate-descent lasso path grid, LassoLarsIC on the LARS knots (other alphas)
    "sklearn.linear_model.tests.test_least_angle": {
        "lars_path": "lars_path", "Lasso": "Lasso", "lasso_path": "lasso_path",
    },
    "sklearn.linear_model.tests.test_logistic": {"LogisticRegression": "LogisticRegression"},
}

_state = {"reached": False}
_results = []  # (module, nodeid, reached, outcome, reason)


def _touch(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        _state["reached"] = True
        return func(*args, **kwargs)

    return wrapper


def _instrument(obj):
    """The regkit object, wrapped so that using it marks the running test."""
    if isinstance(obj, type):
        for name in ("__init__", "fit", "predict", "predict_proba", "decision_function",
                     "score", "path"):
            method = obj.__dict__.get(name)
            if method is not None and not getattr(method, "_conformance", False):
                wrapped = _touch(method)
                wrapped._conformance = True
                setattr(obj, name, wrapped)
        return obj
    return _touch(obj)


class _LinearModelStandIn(types.ModuleType):
    """``sklearn.linear_model`` as a test module sees it: the swapped names are regkit's,
    every other attribute (``LassoLars``, ``_least_angle``, ...) is scikit-learn's."""

    def __init__(self, original, swapped):
        super().__init__(original.__name__, original.__doc__)
        self.__dict__.update(swapped)
        self._original = original

    def __getattr__(self, name):  # only called for names not swapped
        return getattr(self._original, name)


def pytest_configure(config):
    import regkit
    import sklearn.linear_model

    for module_name, names in SWAPS.items():
        module = importlib.import_module(module_name)
        swapped = {name: _instrument(getattr(regkit, regkit_name))
                   for name, regkit_name in names.items()}
        for name, obj in swapped.items():
            if hasattr(module, name):
                setattr(module, name, obj)
        if getattr(module, "linear_model", None) is sklearn.linear_model:
            module.linear_model = _LinearModelStandIn(sklearn.linear_model, swapped)


def _expected_reason(nodeid):
    for pattern, reason in EXPECTED.items():
        if re.search(pattern, nodeid):
            return reason
    return None


def pytest_collection_modifyitems(config, items):
    for item in items:
        reason = _expected_reason(item.nodeid)
        if reason is not None:
            item.add_marker(pytest.mark.xfail(reason=reason, strict=False))


def pytest_runtest_setup(item):
    _state["reached"] = False


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call" or (report.when == "setup" and not report.passed):
        module = item.nodeid.split("::")[0].rsplit("/", 1)[-1].removesuffix(".py")
        if report.skipped and not hasattr(report, "wasxfail"):
            kind = "skipped"
        elif hasattr(report, "wasxfail") and _expected_reason(item.nodeid) is None:
            # the scikit-learn test declared its own xfail (pytest.xfail in its body,
            # after every assertion on regkit's numbers before it passed): no verdict,
            # counted like a skip
            kind = "skipped"
        elif hasattr(report, "wasxfail"):
            kind = "xpassed" if report.passed else "xfailed"
        else:
            kind = report.outcome
        crash = getattr(report.longrepr, "reprcrash", None)
        message = crash.message.splitlines()[0][:200] if crash is not None and crash.message else ""
        row = (module, item.nodeid, _state["reached"], kind, getattr(report, "wasxfail", ""),
               message)
        _results.append(row)
        _log(row)


def _log(row):
    """Append one result to _build/conformance.jsonl (usable while a long run goes on)."""
    import json
    import os

    os.makedirs("_build", exist_ok=True)
    with open("_build/conformance.jsonl", "a") as fh:
        fh.write(json.dumps(row) + "\n")


def pytest_sessionstart(session):
    import os

    if os.path.exists("_build/conformance.jsonl"):
        os.remove("_build/conformance.jsonl")


def conformance_table():
    """Per module: runs reaching regkit, passed, failures by reason, unexplained."""
    rows = defaultdict(lambda: {"reached": 0, "passed": 0, "reasons": Counter(),
                                "unexplained": []})
    for module, nodeid, reached, kind, reason, _ in _results:
        if not reached or kind == "skipped":
            continue
        row = rows[module]
        row["reached"] += 1
        if kind in ("passed", "xpassed"):
            row["passed"] += 1
        elif kind == "xfailed":
            row["reasons"][reason.split(":")[0]] += 1
        else:
            row["unexplained"].append(nodeid)
    return rows


def pytest_terminal_summary(terminalreporter):
    rows = conformance_table()
    tr = terminalreporter
    tr.section("regkit conformance (scikit-learn's tests with regkit swapped in)")
    head = f"{'module':<26}{'reach regkit':>13}{'passed':>8}{'share':>7}  failures by reason"
    tr.write_line(head)
    for module in sorted(rows):
        row = rows[module]
        share = row["passed"] / row["reached"] if row["reached"] else 0.0
        reasons = ", ".join(f"{REASONS.get(k, k)}: {v}" for k, v in row["reasons"].most_common())
        if row["unexplained"]:
            reasons += f", UNEXPLAINED: {len(row['unexplained'])}"
        tr.write_line(f"{module:<26}{row['reached']:>13}{row['passed']:>8}{share:>7.0%}  "
                      f"{reasons}")
    for module in sorted(rows):
        for nodeid in rows[module]["unexplained"]:
            tr.write_line(f"unexplained failure: {nodeid}")
    for line in conformance_shortfalls(rows):
        tr.write_line(f"BELOW THE BAR: {line}")


# The acceptance bar of issue #15: in every module at least this share of the runs that reach
# regkit pass; a run below it fails the session (so `make test` notices a regression).
MIN_SHARE = 0.60


def conformance_shortfalls(rows, min_share=MIN_SHARE):
    """The modules whose pass share is below ``min_share``, as readable lines."""
    out = []
    for module in sorted(rows):
        row = rows[module]
        share = row["passed"] / row["reached"] if row["reached"] else 0.0
        if share < min_share:
            out.append(f"{module}: {row['passed']} of {row['reached']} runs that reach regkit "
                       f"pass ({share:.0%} < {min_share:.0%})")
    return out


def pytest_sessionfinish(session, exitstatus):
    if not _results:  # nothing ran (collection error, -k that selects nothing): pytest says so
        return
    shortfalls = conformance_shortfalls(conformance_table())
    if shortfalls:
        session.exitstatus = 1
