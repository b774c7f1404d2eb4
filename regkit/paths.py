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

from regkit._validation import (
    check_alphas,
    check_array,
    check_int,
    check_l1_ratio,
    check_representable,
    check_scalar,
    check_vector,
    check_X_y,
)
from regkit.certificates import beyond_alpha_max, data_scales, rescale_penalty
from regkit.penalties import make_penalty

__all__ = ["alpha_grid", "lasso_path", "enet_path"]


def _grid(X, y, l1_ratio, n_alphas, eps, positive=False):
    import scipy.sparse as sp

    if l1_ratio == 0.0:
        raise ValueError(
            "l1_ratio=0 has no alpha_max (a pure L2 penalty never zeroes the solution), so "
            "there is no default grid: pass alphas explicitly"
        )
    n_alphas = check_int(n_alphas, "n_alphas")
    eps = check_scalar(eps, "eps", low=0.0, low_inclusive=False)
    if sp.issparse(X):
        corr = X.T @ y
        sx = sy = 1.0
    else:
        # on data scaled to O(1) (exact powers of two), so that X^T y cannot overflow
        sx, sy = data_scales(X, y)
        corr = (X / sx).T @ (y / sy)
    # with positive=True a negative correlation never enters: the signed maximum (clipped)
    top = float(max(np.max(corr), 0.0) if positive else np.max(np.abs(corr)))
    top /= X.shape[0] * l1_ratio
    top = check_representable(top * sx, "alpha_max (the top of the alpha grid)", sy)
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
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    l1_ratio : float in (0, 1], default=1.0
        ``l1_ratio = 0`` raises ``ValueError``: there is no ``alpha_max`` to start from.
    n_alphas : int, default=100
    eps : float > 0, default=1e-3
        Ratio of the smallest to the largest alpha.

    Returns
    -------
    alphas : ndarray of shape (n_alphas,), decreasing
        If ``X^T y = 0`` every alpha gives ``w = 0`` and the grid is ``n_alphas`` copies of
        the float machine epsilon.

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.datasets import make_correlated_regression
    >>> X, y, w_true = make_correlated_regression(40, 3, n_informative=2, noise=0.5, seed=0)
    >>> w_true  # feature 1 is irrelevant
    array([ 2.,  0., -1.])
    >>> from regkit import alpha_grid, alpha_max
    >>> grid = alpha_grid(X, y, n_alphas=4, eps=1e-3)
    >>> bool(np.isclose(grid[0], alpha_max(X, y)))
    True
    >>> (grid / grid[0]).round(4)  # geometric, down to eps * alpha_max
    array([1.   , 0.1  , 0.01 , 0.001])
    """
    X, y = check_X_y(X, y)
    return _grid(X, y, check_l1_ratio(l1_ratio), n_alphas, eps)


def _check_path_input(X, y):
    """``(X, y, sx, sy)``: dense ``X`` validated as everywhere, with its power-of-two
    scales (:func:`regkit.certificates.data_scales`); a scipy.sparse ``X`` kept sparse
    (CSC), with scales 1."""
    import scipy.sparse as sp

    if not sp.issparse(X):
        # the solver takes either layout: no copy
        return check_X_y(X, y, order="K", scales=True)
    X = sp.csc_matrix(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(f"X is empty (shape {X.shape})")
    if not np.all(np.isfinite(X.data)):
        raise ValueError("X contains NaN or infinity")
    y = check_array(y, "y", ndim=1)
    if X.shape[0] != y.shape[0]:
        raise ValueError(
            f"X and y have mismatched lengths: X has {X.shape[0]} rows, y has {y.shape[0]} entries"
        )
    return X, y, 1.0, 1.0


def _path(X, y, l1_ratio, alphas, n_alphas, eps, tol, max_iter, gram=None, positive=False,
          coef_init=None):
    """``(alphas, coefs, gaps, n_iter)`` of the lasso / elastic-net path."""
    import scipy.sparse as sp

    from regkit.solvers.coordinate_descent import Design, path_kernel_applies

    X, y, sx, sy = _check_path_input(X, y)
    l1_ratio = check_l1_ratio(l1_ratio)
    tol = check_scalar(tol, "tol", low=0.0)
    if isinstance(max_iter, bool) or not isinstance(max_iter, numbers.Integral) or max_iter < 1:
        raise ValueError(f"max_iter must be a positive integer, got {max_iter!r}")
    if not isinstance(positive, (bool, np.bool_)):
        raise ValueError(f"positive must be True or False, got {positive!r}")
    if isinstance(alphas, numbers.Integral) and not isinstance(alphas, bool):
        n_alphas, alphas = alphas, None  # scikit-learn 1.9: alphas=k is a grid of k values
    if alphas is None:
        alphas = _grid(X, y, l1_ratio, n_alphas, eps, positive)
    else:
        # largest first: warm starts go from sparse to dense solutions
        alphas = np.sort(check_alphas(alphas))[::-1].copy()
    if coef_init is not None:
        coef_init = check_vector(coef_init, "coef_init", X.shape[1])
    if positive or sp.issparse(X):
        return (alphas,) + _bounded_path(X, y, alphas, l1_ratio, positive, tol, int(max_iter),
                                         coef_init)
    # solve on data scaled to O(1) by exact powers of two (see regkit.certificates.
    # rescale_penalty): alpha' = k alpha for one k, and the scaled l1_ratio is the same
    # for every alpha; the coefficients rescale by sy / sx, the gaps by sy^2
    scaled = [rescale_penalty(make_penalty(a, l1_ratio), sx, sy) for a in alphas]
    alphas_s = np.array([pen.alpha for pen in scaled])
    l1_ratio_s = getattr(scaled[0], "l1_ratio", 1.0) if alphas_s[0] > 0 else l1_ratio
    design = Design.scaled(X, y, sx, sy)
    if coef_init is not None:
        coef_init = coef_init * (sx / sy)
    top = make_penalty(alphas_s[0], l1_ratio_s).alpha_max(design.X_any, design.y,
                                                          xty=design.xty)
    unit = sy * sy
    if path_kernel_applies(alphas_s, l1_ratio_s):
        coefs, gaps, n_iter = _compiled_path(design, alphas_s, l1_ratio_s, top, tol,
                                             int(max_iter), unit, gram, coef_init)
    else:
        coefs, gaps, n_iter = _path_by_alpha(design, alphas_s, l1_ratio_s, top, tol,
                                             int(max_iter), unit, coef_init)
    return (alphas, check_representable(coefs, "the coefficients", sy / sx), gaps * unit,
            n_iter)


def _bounded_path(X, y, alphas, l1_ratio, positive, tol, max_iter, coef_init):
    """Sparse X or ``positive=True``: bounded coordinate descent, alpha by alpha
    (:func:`regkit.solvers.coordinate_descent.box_path`; no centring, as every path function)."""
    from regkit.solvers.coordinate_descent import LinearDesign, box_path

    p = X.shape[1]
    design = LinearDesign(X, y, None, fit_intercept=False)
    lower = np.zeros(p) if positive else np.full(p, -np.inf)
    from regkit.exceptions import ConvergenceWarning  # noqa: PLC0415 (loads sklearn.exceptions)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        coefs, gaps, n_iter = box_path(design, alphas, l1_ratio, np.ones(p), lower,
                                       np.full(p, np.inf), tol=tol, max_iter=max_iter,
                                       coef_init=coef_init)
    for w in caught:  # re-raised here so that they point at the caller of lasso_path()
        warnings.warn(w.message, w.category, stacklevel=4)
    return coefs, gaps, n_iter


def _compiled_path(design, alphas, l1_ratio, top, tol, max_iter, unit, gram=None,
                   coef_init=None):
    """The whole path in one compiled call; one ConvergenceWarning per unconverged alpha
    (its gap and target times ``unit``, the scale of the caller's ``||y||^2``)."""
    from regkit.solvers.coordinate_descent import convergence_message, enet_path_cd

    skip = np.array([beyond_alpha_max(a, top) for a in alphas], dtype=bool)
    res = enet_path_cd(design, alphas, l1_ratio, tol=tol, max_iter=max_iter, skip=skip,
                       gram=gram, coef_init=coef_init)
    for gap in res.gaps[(res.gaps > res.target) & ~skip]:
        from regkit.exceptions import ConvergenceWarning  # noqa: PLC0415 (loads sklearn.exceptions)
        warnings.warn(convergence_message("coordinate descent", max_iter, gap * unit,
                                          res.target * unit),
                      ConvergenceWarning, stacklevel=4)  # the caller of lasso_path()
    return res.coefs, res.gaps, res.n_iter


def _path_by_alpha(design, alphas, l1_ratio, top, tol, max_iter, unit, coef_init=None):
    """Alpha by alpha through the general solver (any alpha >= 0, any l1_ratio)."""
    from regkit.solvers.coordinate_descent import convergence_message, coordinate_descent

    penalty = make_penalty(alphas[0], l1_ratio)
    coefs = np.zeros((design.p, alphas.shape[0]))
    gaps = np.zeros(alphas.shape[0])
    n_iter = np.zeros(alphas.shape[0], dtype=np.int64)
    w = np.zeros(design.p) if coef_init is None else coef_init
    for k, alpha in enumerate(alphas):
        # (alpha = 0 is least squares, never "beyond": with l1_ratio = 0 the penalty at
        # alpha = 0 reports alpha_max = 0)
        if alpha > 0 and beyond_alpha_max(alpha, top):
            continue  # exact zeros (gap 0), and w stays the zero warm start
        res = coordinate_descent(design, penalty.with_alpha(alpha), tol=tol,
                                 max_iter=max_iter, coef_init=w, warn=unit == 1.0)
        if not res.converged and unit != 1.0:
            from regkit.exceptions import ConvergenceWarning  # noqa: PLC0415
            warnings.warn(convergence_message("coordinate descent", max_iter, res.gap * unit,
                                              res.target * unit),
                          ConvergenceWarning, stacklevel=4)  # the caller of lasso_path()
        w = res.coef
        coefs[:, k] = w
        gaps[k] = res.gap
        n_iter[k] = res.n_iter
    return coefs, gaps, n_iter


def lasso_path(X, y, *, alphas=None, n_alphas=100, eps=1e-3, tol=1e-4, max_iter=1000,
               positive=False, coef_init=None, return_n_iter=False):
    """Lasso solutions along a decreasing grid of ``alpha``, by warm-started coordinate descent.

    Each column solves ``argmin_w (1/(2n)) ||y - Xw||^2 + alpha * ||w||_1`` to a duality gap
    of ``tol * ||y||^2 / n``, starting from the previous column's solution.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
        Sparse X is solved as is (bounded coordinate descent on its columns).
    y : array-like of shape (n_samples,)
    alphas : array-like or int, optional
        The alphas to use. They are sorted into decreasing order (the order of the returned
        columns). An int k means a grid of k values (scikit-learn 1.9's spelling of
        ``n_alphas``). Default: :func:`alpha_grid` with ``n_alphas`` and ``eps``.
    n_alphas : int, default=100
    eps : float, default=1e-3
    tol : float, default=1e-4
    max_iter : int, default=1000
        Sweeps per alpha; running out warns ``ConvergenceWarning``.
    positive : bool, default False
        Constrain the coefficients to be >= 0.
    coef_init : array_like (p,), optional
        Warm start for the first alpha.
    return_n_iter : bool, default False
        Also return the sweeps run per alpha.

    Returns
    -------
    alphas : ndarray of shape (n_alphas,), decreasing
    coefs : ndarray of shape (n_features, n_alphas)
        ``coefs[:, k]`` is the solution at ``alphas[k]``.
    dual_gaps : ndarray of shape (n_alphas,)
        Duality gap reached at each alpha (``1/(2n)`` scale, as scikit-learn's).
    n_iters : ndarray of shape (n_alphas,)
        Only with ``return_n_iter=True``.

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.datasets import make_correlated_regression
    >>> X, y, w_true = make_correlated_regression(40, 3, n_informative=2, noise=0.5, seed=0)
    >>> w_true  # feature 1 is irrelevant
    array([ 2.,  0., -1.])
    >>> from regkit import lasso, lasso_path
    >>> alphas, coefs, gaps = lasso_path(X, y, n_alphas=5)
    >>> (alphas / alphas[0]).round(4)  # a geometric grid from alpha_max down
    array([1.    , 0.1778, 0.0316, 0.0056, 0.001 ])
    >>> (coefs != 0).sum(axis=0)  # features enter as alpha decreases
    array([0, 2, 2, 3, 3])
    >>> np.allclose(coefs[:, 2], lasso(X, y, alphas[2], tol=1e-10), atol=1e-3)
    True
    """
    out = _path(X, y, 1.0, alphas, n_alphas, eps, tol, max_iter, positive=positive,
                coef_init=coef_init)
    return out if return_n_iter else out[:3]


def enet_path(X, y, *, l1_ratio=0.5, alphas=None, n_alphas=100, eps=1e-3, tol=1e-4,
              max_iter=1000, positive=False, coef_init=None, return_n_iter=False):
    """Elastic-net solutions along a decreasing grid of ``alpha``, warm-started.

    Each column solves ``argmin_w (1/(2n)) ||y - Xw||^2 + alpha * l1_ratio * ||w||_1
    + (alpha * (1 - l1_ratio) / 2) * ||w||^2``.

    Parameters
    ----------
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    l1_ratio : float in [0, 1], default=0.5
        With ``l1_ratio = 0`` pass ``alphas`` (there is no ``alpha_max`` for the grid).
    alphas : array-like or int, optional
        Sorted into decreasing order; an int k is a grid of k values. Default:
        :func:`alpha_grid`.
    n_alphas : int, default=100
    eps : float, default=1e-3
    tol : float, default=1e-4
    max_iter : int, default=1000
    positive : bool, default=False
    coef_init : array-like of shape (n_features,), optional
    return_n_iter : bool, default=False

    Returns
    -------
    alphas : ndarray of shape (n_alphas,), decreasing
    coefs : ndarray of shape (n_features, n_alphas)
    dual_gaps : ndarray of shape (n_alphas,)
    n_iters : ndarray of shape (n_alphas,)
        Only with ``return_n_iter=True``.

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.datasets import make_correlated_regression
    >>> X, y, w_true = make_correlated_regression(40, 3, n_informative=2, noise=0.5, seed=0)
    >>> w_true  # feature 1 is irrelevant
    array([ 2.,  0., -1.])
    >>> from regkit import elastic_net, enet_path
    >>> alphas, coefs, gaps = enet_path(X, y, l1_ratio=0.5, alphas=[1.0, 0.1, 0.01])
    >>> coefs.round(3)  # one column per alpha, in decreasing order of alpha
    array([[ 0.989,  1.943,  2.17 ],
           [ 0.   ,  0.   , -0.13 ],
           [ 0.   , -0.812, -0.958]])
    >>> np.allclose(coefs[:, 1], elastic_net(X, y, 0.1, l1_ratio=0.5, tol=1e-10), atol=1e-3)
    True
    """
    out = _path(X, y, l1_ratio, alphas, n_alphas, eps, tol, max_iter, positive=positive,
                coef_init=coef_init)
    return out if return_n_iter else out[:3]
