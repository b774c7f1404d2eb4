"""Regularization paths for the lasso and the elastic net, with warm starts.

A path solves the problem for a decreasing sequence of ``alpha`` values, each solve
starting from the previous solution. Neighbouring solutions are close, so each solve
needs only a few coordinate-descent sweeps: a whole path of 100 alphas typically costs
a few times one solve at the smallest alpha. The default grid is geometric from
``alpha_max`` (the first all-zero solution) down to ``eps * alpha_max``, as in
scikit-learn.

Whenever every alpha has a positive L1 part, the whole path runs in one compiled call
(:func:`regkit.solvers.coordinate_descent.enet_path_cd`: working sets, Gram updates,
Anderson extrapolation); a path with ``alpha = 0`` or ``l1_ratio = 0`` goes alpha by
alpha through the general :func:`~regkit.solvers.coordinate_descent.coordinate_descent`.
Both stop each alpha at the same duality gap, ``tol * ||y||^2 / n``.
"""

import numbers
import warnings

import numpy as np

from regkit._validation import check_alphas, check_int, check_l1_ratio, check_scalar, check_X_y
from regkit.certificates import beyond_alpha_max
from regkit.penalties import make_penalty
from regkit.exceptions import ConvergenceWarning

__all__ = ["alpha_grid", "lasso_path", "enet_path"]


def _grid(X, y, l1_ratio, n_alphas, eps):
    if l1_ratio == 0.0:
        raise ValueError(
            "l1_ratio=0 has no alpha_max (a pure L2 penalty never zeroes the solution), so "
            "there is no default grid: pass alphas explicitly"
        )
    n_alphas = check_int(n_alphas, "n_alphas")
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
    from regkit.solvers.coordinate_descent import Design, path_kernel_applies

    X, y = check_X_y(X, y, order="K")  # the solver takes either layout: no copy
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
    top = make_penalty(alphas[0], l1_ratio).alpha_max(X, y)
    solve = _compiled_path if path_kernel_applies(alphas, l1_ratio) else _path_by_alpha
    return alphas, solve(design, alphas, l1_ratio, top, tol, int(max_iter))


def _compiled_path(design, alphas, l1_ratio, top, tol, max_iter):
    """The whole path in one compiled call; one ConvergenceWarning per unconverged alpha."""
    from regkit.solvers.coordinate_descent import convergence_message, enet_path_cd

    skip = np.array([beyond_alpha_max(a, top) for a in alphas], dtype=bool)
    res = enet_path_cd(design, alphas, l1_ratio, tol=tol, max_iter=max_iter, skip=skip)
    for gap in res.gaps[(res.gaps > res.target) & ~skip]:
        warnings.warn(convergence_message("coordinate descent", max_iter, gap, res.target),
                      ConvergenceWarning, stacklevel=4)  # the caller of lasso_path()
    return res.coefs


def _path_by_alpha(design, alphas, l1_ratio, top, tol, max_iter):
    """Alpha by alpha through the general solver (any alpha >= 0, any l1_ratio)."""
    from regkit.solvers.coordinate_descent import coordinate_descent

    penalty = make_penalty(alphas[0], l1_ratio)
    coefs = np.zeros((design.p, alphas.shape[0]))
    w = np.zeros(design.p)
    for k, alpha in enumerate(alphas):
        if beyond_alpha_max(alpha, top):
            continue  # exact zeros, and w stays the zero warm start
        res = coordinate_descent(design, penalty.with_alpha(alpha), tol=tol,
                                 max_iter=max_iter, coef_init=w)
        w = res.coef
        coefs[:, k] = w
    return coefs


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
