"""Optimality certificates for the lasso family: alpha_max, the duality gap, the KKT violation.

All quantities live on scikit-learn's scale, the primal objective being

    P(w) = (1/(2n)) ||y - Xw||^2 + pen(w),

with ``pen`` the lasso, elastic-net, weighted-lasso or group-lasso penalty of
:mod:`regkit.penalties`.

The duality gap, derived
------------------------
Write the penalty as ``h(w) + sum_j (b_j/2) w_j^2`` with ``h`` a norm (weighted L1 or a
sum of group norms). Move the quadratic part into the smooth term by stacking rows:
``X~ = [X; diag(sqrt(n b))]``, ``y~ = [y; 0]``, so that

    P(w) = (1/(2n)) ||y~ - X~ w||^2 + h(w).

The Fenchel dual of this lasso-type problem is

    D(theta~) = y~ . theta~ - (n/2) ||theta~||^2    subject to    h°(X~^T theta~) <= 1,

where ``h°`` is the dual norm (``max_j |u_j| / t_j`` for a weighted L1 norm with
thresholds ``t_j``; coordinates with no penalty at all need ``X_j^T theta = 0``).
At the optimum ``theta~* = (y~ - X~ w*) / n``, so a feasible dual point is the
rescaled residual

    theta~ = s * (R, -sqrt(n b) w) / n,    R = y - Xw,
    s = min(1, 1 / h°(X^T R / n - b w)),

after projecting ``R`` onto the orthogonal complement of the unpenalized columns.
Substituting,

    D = s (R . y) / n - s^2 ||R||^2 / (2n) - (s^2 / 2) sum_j b_j w_j^2,

and ``gap = P(w) - D(theta~) >= P(w) - P(w*) >= 0``, zero exactly at the optimum.
This is scikit-learn's duality gap divided by ``n`` (scikit-learn works with ``n`` times
this objective), so ``gap <= tol * ||y||^2 / n`` is scikit-learn's ``tol`` criterion.

A pure L2 penalty (``h = 0``, all ``b_j > 0``) has no ``h°`` to rescale with; its dual uses
the conjugate of the quadratic instead:
``gap = (||R||^2 - R . y) / n + sum_j b_j w_j^2 / 2 + sum_j (X_j^T R / n)^2 / (2 b_j)``.
"""

import numpy as np

from regkit._validation import (
    check_l1_ratio,
    check_representable,
    check_vector,
    check_X_y,
    pow2_scale,
)
from regkit.penalties import (
    ElasticNetPenalty,
    check_weights,
    make_penalty,
    project_out,
    range_basis,
)

__all__ = ["alpha_max", "duality_gap", "kkt_violation", "penalty_duality_gap"]


# alpha_max is computed with one rounding, the solvers' thresholds with another; within
# this relative margin of alpha_max the exact answer is taken to be the all-zero one
# (its duality gap there is at most ~1e-24 * ||y||^2 / n)
ALPHA_MAX_RTOL = 1e-12


def beyond_alpha_max(alpha, top):
    """True when ``alpha`` is at least ``top`` (= alpha_max) up to ``ALPHA_MAX_RTOL``."""
    return alpha >= top * (1.0 - ALPHA_MAX_RTOL)


def data_scales(X, y):
    """Powers of two ``(sx, sy)`` near ``max|X|`` and ``max|y|``: see :func:`rescale_penalty`."""
    return pow2_scale(X), pow2_scale(y)


def rescale_penalty(penalty, sx, sy):
    """The penalty of the same problem posed on ``(X / sx, y / sy)``.

    With ``X' = X / sx``, ``y' = y / sy`` and ``w' = w sx / sy`` the objective is
    ``sy^2`` times ``(1/(2n)) ||y' - X'w'||^2 + pen'(w')``, where every L1-type term
    (lasso, weighted, group) has ``alpha' = alpha / (sx sy)`` and the L2 term
    ``alpha' (1 - l1_ratio') = alpha (1 - l1_ratio) / sx^2``. The scaled data have entries
    of order one, so no square over- or underflows (data near 1e160 or 1e-160).
    """
    # an alpha that overflows is far beyond alpha_max (the scaled data are O(1)): the
    # float maximum has the same all-zero solution
    big = np.finfo(float).max
    if isinstance(penalty, ElasticNetPenalty):
        l1 = min(penalty.alpha * penalty.l1_ratio / sx / sy, big)
        l2 = min(penalty.alpha * (1.0 - penalty.l1_ratio) / sx / sx, big)
        total = min(l1 + l2, big)
        return make_penalty(total, min(l1 / total, 1.0) if total > 0 else penalty.l1_ratio)
    return penalty.with_alpha(min(penalty.alpha / sx / sy, big))


def alpha_max(X, y, l1_ratio=1.0):
    """Smallest ``alpha`` whose lasso / elastic-net solution is all zeros.

    ``alpha_max = max_j |X_j^T y| / (n * l1_ratio)``: at ``w = 0`` the gradient of the
    loss is ``-X^T y / n`` and zero is optimal exactly when every entry fits in the
    L1 subdifferential ``[-alpha * l1_ratio, alpha * l1_ratio]`` (the L2 part has zero
    gradient at 0). Grids of ``alpha`` are set relative to it.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    l1_ratio : float in [0, 1], default=1.0
        With ``l1_ratio = 0`` (pure L2) no finite ``alpha`` zeroes the solution and
        ``inf`` is returned (``0.0`` if ``X^T y = 0``).

    Returns
    -------
    float

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.datasets import make_correlated_regression
    >>> X, y, w_true = make_correlated_regression(40, 3, n_informative=2, noise=0.5, seed=0)
    >>> w_true  # feature 1 is irrelevant
    array([ 2.,  0., -1.])
    >>> from regkit import alpha_max, lasso
    >>> top = alpha_max(X, y)
    >>> round(top, 4)
    2.2382
    >>> bool(np.all(lasso(X, y, top) == 0))  # at alpha_max every coefficient is 0
    True
    >>> int(np.count_nonzero(lasso(X, y, 0.99 * top)))  # just below it, one enters
    1
    """
    X, y = check_X_y(X, y)
    l1_ratio = check_l1_ratio(l1_ratio)
    sx, sy = data_scales(X, y)
    top = float(np.max(np.abs((X / sx).T @ (y / sy)))) / X.shape[0]
    if l1_ratio == 0.0:
        return np.inf if top > 0 else 0.0
    return float(check_representable(top / l1_ratio, "alpha_max", sx * sy))


def penalty_duality_gap(X, y, coef, penalty, *, residual=None, basis=None):
    """Duality gap ``P(w) - D(theta)`` of ``(1/(2n)) ||y - Xw||^2 + pen(w)`` for any penalty.

    See the module docstring for the derivation. Inputs are assumed validated
    (solvers call this in their loops).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    coef : ndarray of shape (n_features,)
    penalty : regkit.penalties.Penalty
    residual : ndarray of shape (n_samples,), optional
        ``y - X @ coef`` if already known.
    basis : ndarray of shape (n_samples, r), optional
        Orthonormal basis of the unpenalized columns' span; computed when needed and
        not given.

    Returns
    -------
    float
        Non-negative up to rounding; 0 exactly at the optimum.
    """
    n, p = X.shape
    R = y - X @ coef if residual is None else residual
    b = penalty.quadratic(p)
    pen_value = penalty.value(coef)
    primal = 0.5 * (R @ R) / n + pen_value
    free = penalty.unpenalized(p)
    l1 = _has_l1(penalty, p)
    if not np.any(l1) and np.all(b > 0):
        # pure L2: the conjugate of the quadratic replaces the rescaling
        u = X.T @ R / n
        return float((R @ R - R @ y) / n + 0.5 * np.sum(b * coef * coef)
                     + 0.5 * np.sum(u * u / b))
    if np.any(~l1 & (b > 0)):
        # a coordinate with only an L2 part next to L1 ones: no penalty in regkit builds this
        raise NotImplementedError("duality gap for a partly-L1, partly-pure-L2 penalty")
    if np.any(free):
        if basis is None:
            basis = range_basis(X[:, free])
        R = project_out(basis, R)
    u = X.T @ R / n - b * coef
    dn = penalty.dual_norm(u)
    s = 1.0 if dn <= 1.0 else 1.0 / dn
    dual = s * (R @ y) / n - 0.5 * s * s * ((R @ R) / n + np.sum(b * coef * coef))
    if s < _SHRUNK_DUAL:
        dual = max(dual, _least_squares_dual(X, y))
    return float(primal - dual)


# below this rescaling the residual is a poor dual point (see _least_squares_dual)
_SHRUNK_DUAL = 1e-3


def _least_squares_dual(X, y):
    """The dual value of ``theta = y_perp / n``, ``y_perp`` the part of y outside range(X).

    ``X^T theta = 0``, so this point is feasible for every penalty, and its dual value is
    ``||y_perp||^2 / (2n)``, the least-squares minimum: a lower bound on the optimum.
    When alpha is tiny next to the residual correlations left by rounding (e.g. 1e-300),
    the rescaled residual ``s R`` has ``s`` near 0 and its dual value near 0, so the gap
    would stay at the primal value even at the exact solution; this bound closes it
    (costs one SVD of X, paid only in that regime).
    """
    r = project_out(range_basis(X), y)
    return float(r @ r) / (2.0 * X.shape[0])


def bounded_duality_gap(design, coef, residual, penalty, basis=None):
    """Duality gap of :class:`~regkit.penalties.BoundedElasticNet` at ``coef``.

    The dual point is ``theta = scale * R / n`` (``R`` projected off the span of the
    unpenalized, unbounded columns), and the conjugate of each coordinate's penalty plus
    bound indicator, ``g_j*(v) = max_{lower_j <= w <= upper_j} v w - t_j |w| - (b_j/2) w^2``,
    is computed in closed form; ``scale <= 1`` keeps it finite on unbounded sides.

    Parameters
    ----------
    design : regkit.solvers.design.Design or LinearDesign
        Gives ``n``, ``ys``, ``yy`` and the correlations ``A^T R`` (dense or sparse).
    coef, residual : ndarray
        ``w`` and ``ys - A w``.
    penalty : regkit.penalties.BoundedElasticNet
    basis : ndarray, optional
        Orthonormal basis of the unpenalized columns' span (none: no such column).
    """
    n, p = design.n, design.p
    w, R = coef, residual
    t, b = penalty.thresholds(p), penalty.quadratic(p)
    lower, upper = penalty.bounds(p)
    aw = np.abs(w)
    with np.errstate(invalid="ignore"):
        l1 = np.sum(np.where(aw > 0, t * aw, 0.0))
    primal = 0.5 * (R @ R) / n + l1 + 0.5 * np.sum(b * w * w)
    Rd = project_out(basis, R)
    v = design.correlations(Rd) / n
    free = (t == 0) & (b == 0)
    v[free] = 0.0  # exactly 0 after the projection, up to rounding
    lin = b == 0
    scale = 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        up = lin & (v > t) & ~np.isfinite(upper)
        down = lin & (v < -t) & ~np.isfinite(lower)
        if np.any(up):
            scale = min(scale, float(np.min(t[up] / v[up])))
        if np.any(down):
            scale = min(scale, float(np.min(t[down] / -v[down])))
    sv = scale * v
    with np.errstate(divide="ignore", invalid="ignore"):
        ridge_part = np.clip(np.sign(sv) * np.maximum(np.abs(sv) - t, 0.0) / b, lower, upper)
        lin_part = np.where((sv > t) & np.isfinite(upper), upper,
                            np.where((sv < -t) & np.isfinite(lower), lower, 0.0))
        w_star = np.where(lin, lin_part, ridge_part)
        w_star = np.where(np.isfinite(t), w_star, 0.0)
        conj = sv * w_star - np.where(w_star != 0, t * np.abs(w_star), 0.0) - 0.5 * b * w_star ** 2
    r2 = design.ys - scale * Rd
    dual = 0.5 * (design.yy - r2 @ r2) / n - float(np.sum(conj))
    return float(primal - dual)


def _has_l1(penalty, p):
    if penalty.cd_step == "group":
        return np.full(p, penalty.alpha > 0)
    return penalty.thresholds(p) > 0


def duality_gap(X, y, coef, alpha, l1_ratio=1.0, *, weights=None):
    r"""Fenchel duality gap of the lasso / elastic net at ``coef``, on the ``1/(2n)`` scale.

    For the objective

    .. math:: P(w) = \frac{1}{2n}\|y - Xw\|_2^2 + \alpha\,\rho\,\|w\|_1
              + \frac{\alpha (1 - \rho)}{2}\|w\|_2^2, \qquad \rho = \text{l1\_ratio}

    (``alpha * sum_j weights_j |w_j|`` as L1 part when ``weights`` is given) this returns
    ``P(w) - D(theta)`` with ``theta`` the rescaled residual, made dual-feasible (module
    docstring). The gap bounds the suboptimality, ``P(w) - P(w*) <= gap``, and is 0 exactly
    at the optimum, which makes it a stopping certificate: regkit's (and scikit-learn's)
    ``tol`` stops coordinate descent when ``gap <= tol * ||y||^2 / n``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    coef : array-like of shape (n_features,)
    alpha : float, >= 0
    l1_ratio : float in [0, 1], default=1.0
    weights : array-like of shape (n_features,), optional
        Non-negative L1 weights (lasso only); 0 = unpenalized, ``inf`` = fixed at 0.

    Returns
    -------
    float

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.datasets import make_correlated_regression
    >>> X, y, w_true = make_correlated_regression(40, 3, n_informative=2, noise=0.5, seed=0)
    >>> w_true  # feature 1 is irrelevant
    array([ 2.,  0., -1.])
    >>> from regkit import duality_gap, lasso
    >>> coef = lasso(X, y, 0.1, tol=1e-8)
    >>> bool(duality_gap(X, y, coef, 0.1) <= 1e-8 * (y @ y) / len(y))  # certified optimal
    True
    >>> round(duality_gap(X, y, np.zeros(3), 0.1), 3)  # w = 0 is far from optimal
    2.244
    """
    X, y = check_X_y(X, y)
    coef = check_vector(coef, "coef", X.shape[1])
    penalty = make_penalty(alpha, l1_ratio, weights)
    penalty.check_n_features(X.shape[1])
    # on data scaled to O(1) (exact powers of two) the gap is sy^2 times the scaled gap
    sx, sy = data_scales(X, y)
    gap = penalty_duality_gap(X / sx, y / sy, coef * (sx / sy), rescale_penalty(penalty, sx, sy))
    return float(check_representable(gap * sy, "the duality gap", sy))


def kkt_violation(X, y, coef, alpha, l1_ratio=1.0, weights=None):
    r"""Largest violation of the optimality (KKT) conditions at ``coef``.

    With ``R = y - Xw`` and ``t_j = alpha * l1_ratio * weights_j``, ``b = alpha (1 - l1_ratio)``,
    ``w`` is optimal iff for every ``j``

    .. math::

        X_j^\top R / n - b w_j = t_j \operatorname{sign}(w_j) \quad \text{if } w_j \ne 0,
        \qquad |X_j^\top R / n| \le t_j \quad \text{if } w_j = 0.

    This returns the largest distance of ``X^T R / n`` to that set, i.e. the max over
    coordinates of the distance of ``-grad`` to the subdifferential of the penalty; it is
    0 exactly at the optimum and has the units of ``alpha``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    coef : array-like of shape (n_features,)
    alpha : float, >= 0
    l1_ratio : float in [0, 1], default=1.0
    weights : array-like of shape (n_features,), optional
        Non-negative L1 weights (lasso only).

    Returns
    -------
    float

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.datasets import make_correlated_regression
    >>> X, y, w_true = make_correlated_regression(40, 3, n_informative=2, noise=0.5, seed=0)
    >>> w_true  # feature 1 is irrelevant
    array([ 2.,  0., -1.])
    >>> from regkit import kkt_violation, lasso
    >>> coef = lasso(X, y, 0.1, tol=1e-10)
    >>> bool(kkt_violation(X, y, coef, 0.1) < 1e-6)
    True
    >>> round(kkt_violation(X, y, np.zeros(3), 0.1), 3)  # in units of alpha
    2.138
    """
    X, y = check_X_y(X, y)
    coef = check_vector(coef, "coef", X.shape[1])
    penalty = make_penalty(alpha, l1_ratio, weights)
    if weights is not None:
        check_weights(weights, X.shape[1])
    # in units of alpha, i.e. of X^T y: sx sy times the violation on the scaled data
    sx, sy = data_scales(X, y)
    Xs, ys, ws = X / sx, y / sy, coef * (sx / sy)
    grad = -Xs.T @ (ys - Xs @ ws) / X.shape[0]
    violation = np.max(rescale_penalty(penalty, sx, sy).subdiff_distance(ws, grad))
    return float(check_representable(violation * sx, "the KKT violation", sy))

