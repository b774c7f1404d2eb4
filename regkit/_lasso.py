"""The lasso family as functions: lasso, elastic net, group lasso, adaptive lasso.

Objectives follow scikit-learn's scaling (no intercept: center ``X`` and ``y`` first):

* lasso:        ``(1/(2n)) ||y - Xw||^2 + alpha * ||w||_1``
* elastic net:  ``(1/(2n)) ||y - Xw||^2 + alpha * l1_ratio * ||w||_1
  + (alpha * (1 - l1_ratio) / 2) * ||w||^2``
* group lasso:  ``(1/(2n)) ||y - Xw||^2 + alpha * sum_g sqrt(size_g) * ||w_g||_2``

Every function builds a penalty object (:mod:`regkit.penalties`) and hands it to a
solver written once for all penalties: coordinate descent (``"cd"``), proximal gradient
(``"ista"``) or its accelerated version (``"fista"``); the lasso and the elastic net can
also be read off the exact LARS path (``"lars"``).

Defined edge cases
------------------
* ``alpha >= alpha_max``: the solution is exactly zero and is returned at once (within a
  relative ``1e-12`` of ``alpha_max`` too, so that rounding never turns it into ``1e-17``).
* ``alpha = 0``: least squares, by the chosen iterative solver (which warns if it does
  not reach ``tol``); when ``p > n`` or the columns are collinear the least-squares
  solution is not unique and you get one of them (coordinate descent from zero).
* all-zero columns: their coefficient is 0 (they are skipped, never divided by).
* duplicated columns: the lasso solution is not unique (any split of the weight between
  the copies with the same signs is optimal); which copy gets the weight depends on the
  algorithm and the column order (cyclic coordinate descent favours the first copy).
  The elastic net's L2 part makes the solution unique and splits the weight equally.
"""

import warnings

import numpy as np

from regkit._validation import (
    check_alpha,
    check_array,
    check_choice,
    check_int,
    check_l1_ratio,
    check_scalar,
    check_vector,
    check_representable,
    check_X_y,
)
from regkit.certificates import beyond_alpha_max, data_scales, rescale_penalty
from regkit.penalties import make_penalty
from regkit.penalties import MCP, SCAD, GroupL1, check_weights

__all__ = ["lasso", "elastic_net", "group_lasso", "adaptive_lasso", "scad", "mcp"]

SOLVERS = ("cd", "fista", "ista", "lars")
DEFAULT_MAX_ITER = {"cd": 1000, "fista": 10000, "ista": 10000, "lars": None}


def _check_max_iter(max_iter, solver):
    if max_iter is None:
        return DEFAULT_MAX_ITER[solver]
    return check_int(max_iter, "max_iter")


def _zero_solution(design, penalty):
    """True when 0 is known to be optimal without iterating (module docstring)."""
    corr = design.X.T @ design.y
    if not np.any(corr):
        return True  # X^T y = 0: even least squares gives 0
    if np.any(penalty.unpenalized(design.p)):
        return False
    return beyond_alpha_max(penalty.alpha, penalty.alpha_max(design.X, design.y))


def _solve(X, y, penalty, *, solver, tol, max_iter, coef_init):
    """Validate the common arguments, shortcut the all-zero case, run the solver."""
    from regkit.solvers.coordinate_descent import Design, convergence_message, coordinate_descent

    # solve on data scaled to O(1) by exact powers of two (squares of data near 1e160
    # overflow, near 1e-160 underflow), then rescale: w = w' sy / sx
    X, y, sx, sy = check_X_y(X, y, scales=True)
    penalty.check_n_features(X.shape[1])
    tol = check_scalar(tol, "tol", low=0.0)
    max_iter = _check_max_iter(max_iter, solver)
    coef_init = None if coef_init is None else check_vector(coef_init, "coef_init", X.shape[1])
    penalty = rescale_penalty(penalty, sx, sy)
    if coef_init is not None:
        coef_init = coef_init * (sx / sy)
    design = Design.scaled(X, y, sx, sy)
    if _zero_solution(design, penalty):
        return np.zeros(design.p)
    # the solver warns itself on unscaled data; on scaled data the warning is issued here,
    # with the gap and target back in the caller's units (times sy^2)
    kwargs = dict(tol=tol, max_iter=max_iter, coef_init=coef_init, warn=sy == 1.0)
    if solver == "cd":
        res, name = coordinate_descent(design, penalty, **kwargs), "coordinate descent"
    else:
        from regkit.solvers import proximal

        res, name = getattr(proximal, solver)(design, penalty, **kwargs), solver.upper()
    if not res.converged and sy != 1.0:
        from regkit.exceptions import ConvergenceWarning  # noqa: PLC0415 (loads sklearn.exceptions)
        warnings.warn(convergence_message(name, max_iter, res.gap * sy * sy,
                                          res.target * sy * sy),
                      ConvergenceWarning, stacklevel=3)  # the caller of lasso()
    return check_representable(res.coef, "the coefficients", sy / sx)


def _lars_solution(X, y, alpha, l1_ratio):
    """The lasso / elastic net read off the exact LARS-lasso path.

    The elastic net is a lasso on augmented data: with ``b = alpha (1 - l1_ratio)``,
    ``X~ = [X; sqrt(n b) I]`` and ``y~ = [y; 0]`` (``n~ = n + p`` rows),

        (1/(2n)) ||y - Xw||^2 + (b/2) ||w||^2 = (n~ / n) (1/(2 n~)) ||y~ - X~ w||^2,

    so its solution is the lasso on ``(X~, y~)`` at ``alpha~ = n alpha l1_ratio / n~``.
    """
    from regkit.solvers.lars import lars_coef_at, lars_path

    X, y = check_X_y(X, y)
    n, p = X.shape
    if l1_ratio < 1.0:
        ridge_rows = np.sqrt(n * alpha * (1.0 - l1_ratio)) * np.eye(p)
        X = np.vstack([X, ridge_rows])
        y = np.concatenate([y, np.zeros(p)])
        alpha = n * alpha * l1_ratio / (n + p)
    # enough steps to reach any alpha: variables can leave and re-enter along the path
    alphas, _, coefs = lars_path(X, y, method="lasso", max_iter=max(500, 8 * X.shape[1]))
    return np.asarray(lars_coef_at(alphas, coefs, alpha), dtype=float)


def lasso(X, y, alpha, *, weights=None, solver="cd", tol=1e-4, max_iter=None, coef_init=None):
    """Lasso: ``argmin_w (1/(2n)) ||y - Xw||^2 + alpha * ||w||_1`` (no intercept).

    With ``weights`` the penalty is ``alpha * sum_j weights_j * |w_j|`` (weighted lasso).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    alpha : float, >= 0
        See the module docstring for ``alpha = 0`` and ``alpha >= alpha_max``.
    weights : array-like of shape (n_features,), optional
        Non-negative per-coordinate weights; 0 leaves a coordinate unpenalized, ``inf``
        fixes it at 0. Not supported by ``solver="lars"``.
    solver : {"cd", "fista", "ista", "lars"}, default="cd"
        Coordinate descent, accelerated / plain proximal gradient, or interpolation of the
        exact LARS-lasso path (``tol`` and ``max_iter`` are then unused).
    tol : float, default=1e-4
        Stop when the duality gap is at most ``tol * ||y||^2 / n`` (scikit-learn's meaning).
    max_iter : int, optional
        Sweeps (cd, default 1000) or iterations (fista / ista, default 10000). Running out
        warns :class:`~regkit.ConvergenceWarning` with the gap reached.
    coef_init : array-like of shape (n_features,), optional
        Warm start for the iterative solvers.

    Returns
    -------
    coef : ndarray of shape (n_features,)

    Examples
    --------
    >>> import numpy as np
    >>> from regkit import lasso
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> lasso(X, np.array([1.0, 0.0, 1.0]), 0.1)
    array([0.85, 0.  ])
    >>> import numpy as np
    >>> from regkit.datasets import make_correlated_regression
    >>> X, y, w_true = make_correlated_regression(40, 3, n_informative=2, noise=0.5, seed=0)
    >>> w_true  # feature 1 is irrelevant
    array([ 2.,  0., -1.])
    >>> lasso(X, y, 0.1).round(3)  # the irrelevant feature is exactly 0
    array([ 1.984,  0.   , -0.822])
    >>> lasso(X, y, 0.1, solver="lars").round(3)  # another solver, the same answer
    array([ 1.984,  0.   , -0.822])
    >>> lasso(X, y, 0.5, weights=[0.0, 1.0, 1.0]).round(3)  # weight 0: feature 0 unpenalized
    array([ 1.88 ,  0.   , -0.291])
    """
    check_choice(solver, "solver", SOLVERS)
    if weights is not None:
        if solver == "lars":
            raise ValueError(
                "weights are not supported by solver='lars'; use solver='cd', 'fista' or 'ista'"
            )
        check_weights(weights)
    penalty = make_penalty(alpha, 1.0, weights)
    if solver == "lars":
        return _lars_or_zero(X, y, penalty, 1.0)
    return _solve(X, y, penalty, solver=solver, tol=tol, max_iter=max_iter, coef_init=coef_init)


def _lars_or_zero(X, y, penalty, l1_ratio):
    X, y = check_X_y(X, y)
    sx, sy = data_scales(X, y)  # as in _solve
    X, y, penalty = X / sx, y / sy, rescale_penalty(penalty, sx, sy)
    if beyond_alpha_max(penalty.alpha, penalty.alpha_max(X, y)) or not np.any(X.T @ y):
        return np.zeros(X.shape[1])
    l1_ratio = getattr(penalty, "l1_ratio", 1.0)  # the scaled penalty may be pure L1
    coef = _lars_solution(X, y, penalty.alpha, l1_ratio)
    return check_representable(coef, "the coefficients", sy / sx)


def elastic_net(X, y, alpha, l1_ratio=0.5, *, solver="cd", tol=1e-4, max_iter=None,
                coef_init=None):
    r"""Elastic net (no intercept): L1 and squared L2 penalties together.

    .. math:: \min_w \frac{1}{2n}\|y - Xw\|_2^2 + \alpha\,\rho\,\|w\|_1
              + \frac{\alpha (1 - \rho)}{2}\|w\|_2^2, \qquad \rho = \text{l1\_ratio}.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    alpha : float, >= 0
    l1_ratio : float in [0, 1], default=0.5
        1 is the lasso; 0 is a pure L2 penalty (ridge with ``alpha_ridge = n * alpha``).
    solver : {"cd", "fista", "ista", "lars"}, default="cd"
        ``"lars"`` solves the equivalent lasso on augmented data (see ``_lars_solution``).
    tol : float, default=1e-4
        Stop when the duality gap is at most ``tol * ||y||^2 / n``.
    max_iter : int, optional
        As in :func:`lasso`.
    coef_init : array-like of shape (n_features,), optional
        Warm start for the iterative solvers.

    Returns
    -------
    coef : ndarray of shape (n_features,)

    Examples
    --------
    >>> import numpy as np
    >>> from regkit import elastic_net, lasso
    >>> rng = np.random.default_rng(0)
    >>> x = rng.standard_normal(50)
    >>> X = np.column_stack([x, x])  # two copies of one feature
    >>> y = 2.0 * x
    >>> lasso(X, y, 0.1).round(3)  # the lasso puts everything on one copy
    array([1.882, 0.   ])
    >>> elastic_net(X, y, 0.1, l1_ratio=0.5, tol=1e-10).round(3)  # the elastic net shares it
    array([0.943, 0.943])
    >>> np.allclose(elastic_net(X, y, 0.1, l1_ratio=1.0), lasso(X, y, 0.1))
    True
    """
    check_choice(solver, "solver", SOLVERS)
    l1_ratio = check_l1_ratio(l1_ratio)
    penalty = make_penalty(alpha, l1_ratio)
    if solver == "lars":
        return _lars_or_zero(X, y, penalty, l1_ratio)
    return _solve(X, y, penalty, solver=solver, tol=tol, max_iter=max_iter, coef_init=coef_init)


def group_lasso(X, y, groups, alpha, *, solver="cd", tol=1e-4, max_iter=None, coef_init=None):
    """Group lasso: ``argmin_w (1/(2n)) ||y - Xw||^2 + alpha * sum_g sqrt(size_g) ||w_g||_2``.

    Whole groups enter or leave the model together: a group is zero exactly when
    ``||X_g^T R / n||_2 <= alpha * sqrt(size_g)``. Groups of size 1 give the lasso.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    groups : sequence of length n_features
        ``groups[j]`` is the hashable label of column ``j`` (e.g. the name of the
        categorical variable a one-hot column came from).
    alpha : float, >= 0
    solver : {"cd", "fista", "ista"}, default="cd"
        Block coordinate descent (one block soft-thresholding step per group with step
        ``n / ||X_g||_2^2``) or (accelerated) proximal gradient.
    tol : float, default=1e-4
        Stop when the duality gap is at most ``tol * ||y||^2 / n``.
    max_iter : int, optional
        As in :func:`lasso`.
    coef_init : array-like of shape (n_features,), optional

    Returns
    -------
    coef : ndarray of shape (n_features,)

    Examples
    --------
    >>> import numpy as np
    >>> from regkit import group_lasso
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((60, 4))
    >>> y = X[:, 0] - X[:, 1] + 0.3 * rng.standard_normal(60)
    >>> # columns 0-1 form group "a", columns 2-3 (irrelevant) group "b"
    >>> group_lasso(X, y, groups=["a", "a", "b", "b"], alpha=0.1).round(3)
    array([ 0.869, -0.898,  0.   ,  0.   ])
    """
    check_choice(solver, "solver", SOLVERS[:3])
    penalty = GroupL1(alpha, groups)
    return _solve(X, y, penalty, solver=solver, tol=tol, max_iter=max_iter, coef_init=coef_init)


def _initial_fit(X, y, init, init_alpha):
    if isinstance(init, str):
        if init == "ridge":
            from regkit._ridge import ridge

            if init_alpha is None:
                init_alpha = 1e-3 * float(np.mean(np.sum(X * X, axis=0)))
            else:
                init_alpha = check_alpha(init_alpha, "init_alpha")
            if init_alpha == 0.0:
                raise ValueError("init_alpha must be positive for init='ridge' "
                                 "(X has only zero columns or init_alpha=0)")
            return np.asarray(ridge(X, y, init_alpha), dtype=float)
        if init == "ols":
            n, p = X.shape
            coef, _, rank, _ = np.linalg.lstsq(X, y, rcond=None)
            if rank < p:
                raise ValueError(
                    f"init='ols' needs X of full column rank (n > p, no collinear columns); "
                    f"X has rank {rank} < n_features = {p}. Use init='ridge'"
                )
            return coef
        raise ValueError(f"init must be 'ridge', 'ols' or an array of coefficients, got {init!r}")
    coef = check_array(init, "init", ndim=1)
    if coef.shape[0] != X.shape[1]:
        raise ValueError(f"init has length {coef.shape[0]}, expected n_features = {X.shape[1]}")
    return coef


def adaptive_lasso(X, y, alpha, gamma=1.0, *, init="ridge", init_alpha=None, solver="cd",
                   tol=1e-4, max_iter=None, return_weights=False):
    r"""Adaptive lasso (Zou, 2006): a weighted lasso whose weights come from an initial fit.

    .. math:: v_j = \frac{1}{|w^{\mathrm{init}}_j|^\gamma}, \qquad
              \hat w = \arg\min_w \frac{1}{2n}\|y - Xw\|_2^2 + \alpha \sum_j v_j |w_j| ,

    with :math:`w^{\mathrm{init}}` the initial fit (``init``) and :math:`v` the ``weights``.

    Large initial coefficients are penalized little, small ones a lot, which removes
    most of the lasso's shrinkage bias on strong effects. ``w_init_j = 0`` gives an
    infinite weight: that coordinate is fixed at 0.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    alpha : float, >= 0
    gamma : float, > 0, default=1.0
    init : {"ridge", "ols"} or array-like of shape (n_features,), default="ridge"
        ``"ridge"``: ``regkit.ridge(X, y, init_alpha)``, i.e. the minimiser of
        ``||y - Xw||^2 + init_alpha ||w||^2``; defined for any ``n, p``.
        ``"ols"``: least squares; needs ``X`` of full column rank (so ``n > p``).
        An array: your own initial coefficients.
    init_alpha : float, optional
        Ridge strength for ``init="ridge"``. Default ``1e-3 * mean_j ||X_j||^2``: a
        thousandth of a typical squared column norm, so the initial fit is nearly
        least squares where that is well defined and stays defined when ``p > n``.
    solver : {"cd", "fista", "ista"}, default="cd"
    tol : float, default=1e-4
    max_iter : int, optional
    return_weights : bool, default=False
        Also return the weights used.

    Returns
    -------
    coef : ndarray of shape (n_features,)
    weights : ndarray of shape (n_features,)
        Only with ``return_weights=True``.

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.datasets import make_correlated_regression
    >>> X, y, w_true = make_correlated_regression(40, 3, n_informative=2, noise=0.5, seed=0)
    >>> w_true  # feature 1 is irrelevant
    array([ 2.,  0., -1.])
    >>> from regkit import adaptive_lasso, lasso
    >>> lasso(X, y, 0.2).round(3)  # the lasso shrinks the strong effects by about alpha
    array([ 1.837,  0.   , -0.627])
    >>> coef, weights = adaptive_lasso(X, y, 0.2, return_weights=True)
    >>> coef.round(3)  # small weights on strong effects: far less shrinkage
    array([ 1.94 ,  0.   , -0.673])
    >>> weights.round(2)
    array([0.46, 6.64, 1.03])
    """
    X, y = check_X_y(X, y)
    alpha = check_alpha(alpha)
    gamma = check_scalar(gamma, "gamma", low=0.0, low_inclusive=False)
    check_choice(solver, "solver", SOLVERS[:3])
    w_init = _initial_fit(X, y, init, init_alpha)
    with np.errstate(divide="ignore"):
        weights = np.abs(w_init) ** -gamma
    coef = lasso(X, y, alpha, weights=weights, solver=solver, tol=tol, max_iter=max_iter)
    if return_weights:
        return coef, weights
    return coef


def _nonconvex(X, y, penalty, tol, max_iter, coef_init):
    return _solve(X, y, penalty, solver="cd", tol=tol, max_iter=max_iter, coef_init=coef_init)


def scad(X, y, alpha, gamma=3.7, *, tol=1e-4, max_iter=None, coef_init=None):
    """Least squares with the SCAD penalty (Fan and Li, 2001), by coordinate descent::

        coef = a stationary point of (1/(2n)) ||y - Xw||^2 + sum_j P_SCAD(|w_j|; alpha, gamma)

    (see :class:`regkit.penalties.SCAD`). The objective is not convex: the result is the
    stationary point coordinate descent reaches from ``coef_init`` (zero by default; a
    lasso solution or the previous point of a path are the usual starts). It stops when
    the KKT violation is at most ``tol`` times the scale of ``|X_j^T y| / n``.

    Parameters
    ----------
    X : array_like (n, p)
        Every non-zero column needs ``||X_j||^2 / n > 1 / (gamma - 1)`` (standardized
        columns and the default ``gamma`` qualify); otherwise ``ValueError``.
    y : array_like (n,)
    alpha : float, >= 0
    gamma : float, > 2, default 3.7
    tol : float, default 1e-4
    max_iter : int, optional
        Sweeps (default 1000); running out warns ``ConvergenceWarning``.
    coef_init : array_like (p,), optional

    Returns
    -------
    coef : ndarray (p,)

    Examples
    --------
    >>> import numpy as np
    >>> from regkit import lasso, scad
    >>> from regkit.datasets import make_correlated_regression
    >>> X, y, w_true = make_correlated_regression(200, 10, rho=0.0, n_informative=3, seed=0)
    >>> w_true[:4]
    array([2., 0., 0., 0.])
    >>> lasso(X, y, 0.2)[:4].round(3)  # the strong coefficient is pulled in by alpha
    array([1.875, 0.   , 0.   , 0.   ])
    >>> scad(X, y, 0.2)[:4].round(3)   # SCAD stops penalizing it: no bias, same zeros
    array([2.071, 0.   , 0.   , 0.   ])
    """
    return _nonconvex(X, y, SCAD(alpha, gamma), tol, max_iter, coef_init)


def mcp(X, y, alpha, gamma=3.0, *, tol=1e-4, max_iter=None, coef_init=None):
    """Least squares with the minimax concave penalty (Zhang, 2010), by coordinate descent::

        coef = a stationary point of (1/(2n)) ||y - Xw||^2 + sum_j P_MCP(|w_j|; alpha, gamma)

    (see :class:`regkit.penalties.MCP`); same conventions as :func:`scad`. Every non-zero
    column needs ``||X_j||^2 / n > 1 / gamma``.

    Parameters
    ----------
    X : array_like (n, p)
    y : array_like (n,)
    alpha : float, >= 0
    gamma : float, > 1, default 3.0
    tol : float, default 1e-4
    max_iter : int, optional
    coef_init : array_like (p,), optional

    Returns
    -------
    coef : ndarray (p,)

    Examples
    --------
    >>> from regkit import mcp
    >>> from regkit.datasets import make_correlated_regression
    >>> X, y, w_true = make_correlated_regression(200, 10, rho=0.0, n_informative=3, seed=0)
    >>> mcp(X, y, 0.2)[:4].round(3)  # the true coefficients are (2, 0, 0, 0)
    array([2.071, 0.   , 0.   , 0.   ])
    """
    return _nonconvex(X, y, MCP(alpha, gamma), tol, max_iter, coef_init)
