"""regkit: ridge, lasso, elastic net and friends, written to be read.

The solver package of the course book "L1 vs L2 regularization". Every solver is
implemented here (scikit-learn appears only in tests and in the book, as the
reference to compare with). Objectives follow scikit-learn's scaling exactly:

* ridge:        ``||y - Xw||^2 + alpha * ||w||^2``
* lasso:        ``(1/(2n)) ||y - Xw||^2 + alpha * ||w||_1``
* elastic net:  ``(1/(2n)) ||y - Xw||^2 + alpha * l1_ratio * ||w||_1
  + (alpha * (1 - l1_ratio) / 2) * ||w||^2``

Functions take ``X`` (n, p) and ``y`` (n,) and fit no intercept (center first);
the estimators in :mod:`regkit.estimators` handle the intercept. The course material
(labs, explorers, practice) lives in :mod:`regkit.course`, which needs the extras
``pip install regkit[course]``; nothing in the library imports it.

Names are resolved lazily, so ``import regkit`` stays fast: numba, matplotlib
and scikit-learn are imported only by the modules that need them, when used.
"""

from importlib import import_module

__version__ = "0.1.0"

# public name -> module that defines it
_LAZY = {
    "soft_threshold": "regkit.penalties",
    "ridge": "regkit._ridge",
    "ridge_path": "regkit._ridge",
    "ridge_loo": "regkit._ridge",
    "ridge_gcv": "regkit._ridge",
    "ridge_df": "regkit._ridge",
    "lasso": "regkit._lasso",
    "elastic_net": "regkit._lasso",
    "group_lasso": "regkit._lasso",
    "adaptive_lasso": "regkit._lasso",
    "scad": "regkit._lasso",
    "mcp": "regkit._lasso",
    "lasso_path": "regkit.paths",
    "enet_path": "regkit.paths",
    "alpha_grid": "regkit.paths",
    "lars_path": "regkit.solvers.lars",
    "alpha_max": "regkit.certificates",
    "duality_gap": "regkit.certificates",
    "kkt_violation": "regkit.certificates",
    "Ridge": "regkit.estimators",
    "Lasso": "regkit.estimators",
    "ElasticNet": "regkit.estimators",
    "RidgeCV": "regkit.estimators",
    "LassoCV": "regkit.estimators",
    "ElasticNetCV": "regkit.estimators",
    "RelaxedLasso": "regkit.estimators",
    "LassoIC": "regkit.estimators",
    "LogisticRegression": "regkit.estimators",
    "LogisticRegressionCV": "regkit.estimators",
    "logistic_path": "regkit.solvers.logistic",
    "ConvergenceWarning": "regkit.exceptions",
}

# the library's public submodules; the course (regkit.course) is imported by name only,
# since it needs the optional extras (pip install regkit[course])
_SUBMODULES = {
    "bayes", "certificates", "datasets", "estimators", "exceptions", "model_selection",
    "paths", "penalties", "solvers",
}

__all__ = sorted(_LAZY) + sorted(_SUBMODULES)


def __getattr__(name):
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value  # cache: later look-ups skip __getattr__
        return value
    if name in _SUBMODULES or name == "course":
        return import_module(f"regkit.{name}")
    raise AttributeError(f"module 'regkit' has no attribute {name!r}")


def __dir__():
    return __all__
