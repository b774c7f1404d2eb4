r"""Experiments of the "Non-convex penalties" chapter.

* :func:`best_subset`: exact best-subset least squares by exhaustive search, with the number of
  fits it needed (``2^p - 1`` over all sizes): the combinatorial baseline.
* :func:`penalty_path`: lasso, SCAD or MCP solutions along a decreasing ``alpha`` grid, each
  warm-started from the previous one (``regkit.lasso`` / ``regkit.scad`` / ``regkit.mcp``).
* :func:`cv_penalty_path`: K-fold CV error of such a path, and the refit at the best ``alpha``.
"""

from itertools import combinations

import numpy as np

import regkit
from regkit._validation import check_choice, check_int, check_X_y

__all__ = ["best_subset", "penalty_path", "cv_penalty_path", "standardize"]

FITS = {"lasso": regkit.lasso, "scad": regkit.scad, "mcp": regkit.mcp}


def standardize(X, y):
    """Centred ``y`` and centred columns with ``||X_j||^2 / n = 1`` (what SCAD/MCP's ``gamma``
    is calibrated for)."""
    X = np.asarray(X, dtype=float) - np.mean(X, axis=0)
    return X / np.sqrt(np.mean(X * X, axis=0)), np.asarray(y, dtype=float) - np.mean(y)


def best_subset(X, y, max_size=None):
    """Least squares on every subset of columns up to ``max_size``; the best per size.

    Returns
    -------
    best : dict size -> (rss, tuple of columns)
    n_fits : int
        Least-squares fits done, ``sum_{k <= max_size} C(p, k)`` (``2^p - 1`` for all sizes).
    """
    X, y = check_X_y(X, y)
    p = X.shape[1]
    max_size = p if max_size is None else check_int(max_size, "max_size")
    best, n_fits = {}, 0
    for k in range(1, min(max_size, p) + 1):
        for cols in combinations(range(p), k):
            sub = X[:, cols]
            coef = np.linalg.lstsq(sub, y, rcond=None)[0]
            r = y - sub @ coef
            rss = float(r @ r)
            n_fits += 1
            if k not in best or rss < best[k][0]:
                best[k] = (rss, cols)
    return best, n_fits


def penalty_path(X, y, alphas, kind="mcp", **kwargs):
    """Solutions of ``kind`` in {"lasso", "scad", "mcp"} along ``alphas`` (decreasing),
    warm-started; extra keyword arguments (``gamma``) go to the solver.

    Returns
    -------
    coefs : ndarray (p, n_alphas)
    """
    check_choice(kind, "kind", tuple(FITS))
    fit = FITS[kind]
    X, y = check_X_y(X, y)
    coefs = np.zeros((X.shape[1], len(alphas)))
    w = None
    for k, a in enumerate(alphas):
        w = fit(X, y, a, tol=1e-6, coef_init=w, max_iter=5000, **kwargs)
        coefs[:, k] = w
    return coefs


def cv_penalty_path(X, y, alphas, kind="mcp", *, n_folds=5, seed=0, **kwargs):
    """K-fold CV mean squared error along ``alphas`` and the full-data fit at its minimum.

    Each fold is re-standardized on its training rows (columns scaled to
    ``||X_j||^2 / n = 1``) and the coefficients mapped back, so the penalty sees the scale it
    is calibrated for.

    Returns
    -------
    dict with ``cv_mse`` (n_alphas,), ``alpha`` and ``coef`` (on the scale of ``X``).
    """
    X, y = check_X_y(X, y)
    n = X.shape[0]
    folds = np.random.default_rng(seed).permutation(n) % n_folds
    mse = np.zeros(len(alphas))
    for f in range(n_folds):
        tr = folds != f
        mx, my = X[tr].mean(axis=0), y[tr].mean()
        sx = np.sqrt(np.mean((X[tr] - mx) ** 2, axis=0))
        coefs = penalty_path((X[tr] - mx) / sx, y[tr] - my, alphas, kind, **kwargs) / sx[:, None]
        pred = (X[~tr] - mx) @ coefs + my
        mse += np.mean((y[~tr, None] - pred) ** 2, axis=0) / n_folds
    k = int(np.argmin(mse))
    Xs, ys = standardize(X, y)
    sx = np.sqrt(np.mean((X - X.mean(axis=0)) ** 2, axis=0))
    coef = penalty_path(Xs, ys, alphas[:k + 1], kind, **kwargs)[:, -1] / sx
    return {"cv_mse": mse, "alpha": alphas[k], "coef": coef}
