"""Regularization paths for the lasso and the elastic net, with warm starts.

A path solves the problem for a decreasing sequence of ``alpha`` values, each solve
starting from the previous solution. Neighbouring solutions are close, so each solve
needs only a few coordinate-descent sweeps: a whole path of 100 alphas typically costs
a few times one solve at the smallest alpha. The default grid is geometric from
``alpha_max`` (the first all-zero solution) down to ``eps * alpha_max``, as in
scikit-learn.
"""

import numbers

import numpy as np

from ._validation import check_alphas, check_l1_ratio, check_scalar, check_X_y
from .diagnostics import beyond_alpha_max, make_penalty

__all__ = ["alpha_grid", "lasso_path", "enet_path"]


def _check_n_alphas(n_alphas):
    if isinstance(n_alphas, bool) or not isinstance(n_alphas, numbers.Integral) or n_alphas < 1:
        raise ValueError(f"n_alphas must be a positive integer, got {n_alphas!r}")
    return int(n_alphas)


def _grid(X, y, l1_ratio, n_alphas, eps):
    if l1_ratio == 0.0:
        raise ValueError(
            "l1_ratio=0 has no alpha_max (a pure L2 penalty never zeroes the solution), so "
            "there is no default grid: pass alphas explicitly"
        )
    n_alphas = _check_n_alphas(n_alphas)
    eps = check_scalar(eps, "eps", low=0.0, low_inclusive=False)
    top = float(np.max(np.abs(X.T @ y))) / (X.shape[0] * l1_ratio)
    if top == 0.0:
        # X^T y = 0: every alpha gives w = 0, so any grid will do; keep it positive
        return np.full(n_alphas, np.finfo(float).eps)
    return np.geomspace(top, top * eps, num=n_alphas)


def alpha_grid(X, y, *, l1_ratio=1.0, n_alphas=100, eps=1e-3):
    """Geometric grid of ``n_alphas`` values from ``alpha_max`` down to ``eps * alpha_max``.

    ``alpha_max = max_j |X_j^T y| / (n * l1_ratio)`` is the smallest alpha whose solution
    is all zeros, so the grid spans the interesting range whatever the units of ``X``
    and ``y`` (the reason "start with alpha = 1" means nothing).

    Parameters
    ----------
    X : array_like (n, p)
    y : array_like (n,)
    l1_ratio : float in (0, 1], default 1.0
        ``l1_ratio = 0`` raises ``ValueError``: there is no ``alpha_max`` to start from.
    n_alphas : int, default 100
    eps : float > 0, default 1e-3
        Ratio of the smallest to the largest alpha.

    Returns
    -------
    alphas : ndarray (n_alphas,), decreasing
        If ``X^T y = 0`` every alpha gives ``w = 0`` and the grid is ``n_alphas`` copies of
        the float machine epsilon.
    """
    X, y = check_X_y(X, y)
    return _grid(X, y, check_l1_ratio(l1_ratio), n_alphas, eps)


def _path(X, y, l1_ratio, alphas, n_alphas, eps, tol, max_iter):
    from .solvers.coordinate_descent import Design, coordinate_descent

    X, y = check_X_y(X, y)
    l1_ratio = check_l1_ratio(l1_ratio)
    tol = check_scalar(tol, "tol", low=0.0)
    if isinstance(max_iter, bool) or not isinstance(max_iter, numbers.Integral) or max_iter < 1:
        raise ValueError(f"max_iter must be a positive integer, got {max_iter!r}")
    if alphas is None:
        alphas = _grid(X, y, l1_ratio, n_alphas, eps)
    else:
        # largest first: warm starts go from sparse to dense solutions
        alphas = np.sort(check_alphas(alphas))[::-1].copy()
    design = Design(X, y)
    penalty = make_penalty(alphas[0], l1_ratio)
    top = penalty.alpha_max(X, y)
    coefs = np.zeros((design.p, alphas.shape[0]))
    w = np.zeros(design.p)
    for k, alpha in enumerate(alphas):
        if beyond_alpha_max(alpha, top):
            continue  # exact zeros, and w stays the zero warm start
        res = coordinate_descent(design, penalty.with_alpha(alpha), tol=tol,
                                 max_iter=int(max_iter), coef_init=w)
        w = res.coef
        coefs[:, k] = w
    return alphas, coefs


def lasso_path(X, y, *, alphas=None, n_alphas=100, eps=1e-3, tol=1e-4, max_iter=1000):
    """Lasso solutions along a decreasing grid of ``alpha``, by warm-started coordinate descent.

    Each column solves ``argmin_w (1/(2n)) ||y - Xw||^2 + alpha * ||w||_1`` to a duality gap
    of ``tol * ||y||^2 / n``, starting from the previous column's solution.

    Parameters
    ----------
    X : array_like (n, p)
    y : array_like (n,)
    alphas : array_like, optional
        The alphas to use. They are sorted into decreasing order (the order of the returned
        columns). Default: :func:`alpha_grid` with ``n_alphas`` and ``eps``.
    n_alphas : int, default 100
    eps : float, default 1e-3
    tol : float, default 1e-4
    max_iter : int, default 1000
        Sweeps per alpha; running out warns ``ConvergenceWarning``.

    Returns
    -------
    alphas : ndarray (n_alphas,), decreasing
    coefs : ndarray (p, n_alphas)
        ``coefs[:, k]`` is the solution at ``alphas[k]``.
    """
    return _path(X, y, 1.0, alphas, n_alphas, eps, tol, max_iter)


def enet_path(X, y, *, l1_ratio=0.5, alphas=None, n_alphas=100, eps=1e-3, tol=1e-4,
              max_iter=1000):
    """Elastic-net solutions along a decreasing grid of ``alpha``, warm-started.

    Each column solves ``argmin_w (1/(2n)) ||y - Xw||^2 + alpha * l1_ratio * ||w||_1
    + (alpha * (1 - l1_ratio) / 2) * ||w||^2``.

    Parameters
    ----------
    X : array_like (n, p)
    y : array_like (n,)
    l1_ratio : float in [0, 1], default 0.5
        With ``l1_ratio = 0`` pass ``alphas`` (there is no ``alpha_max`` for the grid).
    alphas : array_like, optional
        Sorted into decreasing order. Default: :func:`alpha_grid`.
    n_alphas : int, default 100
    eps : float, default 1e-3
    tol : float, default 1e-4
    max_iter : int, default 1000

    Returns
    -------
    alphas : ndarray (n_alphas,), decreasing
    coefs : ndarray (p, n_alphas)
    """
    return _path(X, y, l1_ratio, alphas, n_alphas, eps, tol, max_iter)
