"""Penalized logistic regression: a proximal Newton solver (glmnet-style IRLS + CD).

The objective follows scikit-learn 1.9's ``LogisticRegression`` exactly::

    C * sum_i logloss_i(W, b) + (1 - l1_ratio) / 2 * ||W||_F^2 + l1_ratio * ||W||_1

with an unpenalized intercept ``b``. Two classes use one coefficient vector and
the sigmoid; three or more use one vector per class and the softmax
(multinomial loss, every class penalized, as scikit-learn does).

The algorithm (proximal Newton, as glmnet's IRLS + coordinate descent):

1. At the current fit, replace the log-loss by its second-order Taylor model
   (a weighted least-squares problem: the IRLS step; with K classes the weights
   are the K x K matrices ``diag(p_i) - p_i p_i'``).
2. Minimize that model plus the penalty. The intercept is profiled out exactly
   (a Schur complement; for two classes this is weighted centering of X), so it
   is never penalized and CD never fights the intercept/feature correlation of
   uncentered data. With no L1 part the problem is one linear solve; otherwise
   cyclic coordinate descent on the reduced Hessian.
3. Move towards that minimizer with a backtracking (Armijo) line search on the
   true objective, so every step decreases it.

It stops when the KKT conditions hold to ``tol``: the largest entry of the
minimum-norm subgradient of the averaged objective
``(1/n) * (sum_i logloss_i + penalty / C)`` is at most ``tol``. That is the
same scale on which scikit-learn's lbfgs applies its ``tol`` (projected
gradient of the mean loss plus ``penalty / (C n)``).
"""

import warnings
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp
from scipy import linalg
from scipy.special import expit, logsumexp

from regkit._validation import check_array, check_l1_ratio, check_positive, check_scalar
from regkit.exceptions import ConvergenceWarning

# Below this the IRLS weight p(1 - p) is floored: a point fitted with
# probability ~1 would otherwise get an infinite working response.
_MIN_WEIGHT = 1e-10


@dataclass
class LogisticFit:
    """Result of ``logistic_regression``.

    Attributes
    ----------
    coef : ndarray of shape (1, n_features) or (n_classes, n_features)
        One row for two classes (the log-odds of ``classes[1]``), one row per
        class otherwise.
    intercept : ndarray of shape (1,) or (n_classes,)
        Zero when ``fit_intercept=False``. For three or more classes the
        intercepts are only defined up to a common shift; they are returned
        with zero sum.
    classes : ndarray of shape (n_classes,)
        Sorted class labels.
    n_iter : int
        Outer (proximal Newton) iterations run.
    kkt : float
        Final KKT violation on the averaged scale (compare with ``tol``).
    converged : bool
        Whether a stopping rule was met (``kkt <= tol``, or the ``coef_tol`` rule)
        before ``max_iter``.
    """

    coef: np.ndarray
    intercept: np.ndarray
    classes: np.ndarray
    n_iter: int
    kkt: float
    converged: bool = True


class _Binomial:
    """Two classes: one linear predictor ``eta``, probability ``sigmoid(eta)``.

    ``s`` holds the sample weights (every per-sample loss, gradient and curvature
    is multiplied by its weight).
    """

    def __init__(self, codes, s):
        self.Y = (codes == 1).astype(np.float64)[:, None]
        self.s = s

    def loss(self, eta):
        # log(1 + exp(eta)) - y * eta, without overflow for large |eta|
        return float(self.s @ (np.logaddexp(0.0, eta) - self.Y * eta)[:, 0])

    def probs(self, eta):
        return expit(eta)


class _Multinomial:
    """K >= 3 classes: one predictor per class, probabilities by softmax."""

    def __init__(self, codes, n_classes, s):
        self.Y = np.zeros((codes.size, n_classes))
        self.Y[np.arange(codes.size), codes] = 1.0
        self.s = s

    def loss(self, eta):
        return float(self.s @ (logsumexp(eta, axis=1) - np.sum(self.Y * eta, axis=1)))

    def probs(self, eta):
        return np.exp(eta - logsumexp(eta, axis=1, keepdims=True))


def _penalty(W, lam, l1_ratio):
    """``lam * [(1 - l1_ratio)/2 ||W||^2 + l1_ratio ||W||_1]``."""
    if lam == 0.0:
        return 0.0
    return lam * (0.5 * (1.0 - l1_ratio) * np.sum(W * W) + l1_ratio * np.sum(np.abs(W)))


def _penalty_change(w, dw, lam, l1_ratio):
    """``penalty(w + dw) - penalty(w)``, formed without subtracting two large sums.

    Near the optimum the change is far below the rounding error of the penalty
    itself; computed this way its sign stays right and the line search can act.
    """
    if lam == 0.0:
        return 0.0
    l2_part = 0.5 * (1.0 - l1_ratio) * (2.0 * w @ dw + dw @ dw)
    l1_part = l1_ratio * np.sum(np.abs(w + dw) - np.abs(w))
    return lam * (l2_part + l1_part)


def _kkt_violation(X, family, eta, W, lam, l1_ratio, fit_intercept):
    """Largest entry of the minimum-norm subgradient of ``loss + lam * penalty``.

    For a zero coefficient the subdifferential of ``|w|`` is [-1, 1], so the
    violation is how far the smooth gradient sticks out of ``[-lam r, lam r]``.
    """
    resid = family.s[:, None] * (family.probs(eta) - family.Y)  # d loss / d eta
    grad = X.T @ resid + lam * (1.0 - l1_ratio) * W
    l1 = lam * l1_ratio
    viol = np.where(W != 0.0, np.abs(grad + l1 * np.sign(W)), np.maximum(np.abs(grad) - l1, 0.0))
    worst = float(np.max(viol)) if viol.size else 0.0
    if fit_intercept:
        worst = max(worst, float(np.max(np.abs(resid.sum(axis=0)))))
    return worst


def _ridge_solve(G, q, l2):
    """Solve ``(G + l2 I) v = q`` (minimum-norm least squares when ``l2`` is negligible).

    Without an L2 part (``C = inf``) G may be singular: rank-deficient data, or
    K >= 3 classes, where a common shift of all class coefficients changes nothing.
    A positive ``l2`` below the rounding of G's diagonal (``C = 1e30`` on p > n data or
    with a duplicated column) leaves ``G + l2 I`` singular in floating point too, so
    the Cholesky solve is tried only when ``l2`` is resolvable, and a failure falls
    back to the minimum-norm least-squares step.
    """
    scale = float(np.max(np.abs(np.diag(G)))) if G.size else 0.0
    if l2 > 1e3 * np.finfo(float).eps * max(scale, np.finfo(float).tiny) * G.shape[0]:
        try:
            return linalg.solve(G + l2 * np.eye(G.shape[0]), q, assume_a="pos")
        except (linalg.LinAlgError, ValueError):
            pass
    return linalg.lstsq(G + l2 * np.eye(G.shape[0]), q, cond=1e-12)[0]


def logistic_regression(
    X,
    y,
    C=1.0,
    l1_ratio=0.0,
    *,
    fit_intercept=True,
    tol=1e-4,
    max_iter=100,
    coef_init=None,
    intercept_init=None,
    sample_weight=None,
    coef_tol=None,
):
    r"""Fit penalized logistic regression by proximal Newton (IRLS + coordinate descent).

    Minimizes, over coefficients ``W`` and an unpenalized intercept ``b``,

    .. math::

        C \sum_{i=1}^n s_i \ell_i(W, b) + \frac{1 - r}{2} \|W\|_F^2 + r \|W\|_1,
        \qquad r = \text{l1\_ratio},

    where :math:`s_i` is the weight of sample ``i`` (1 by default) and
    :math:`\ell_i` its log-loss: with two classes
    :math:`\log(1 + e^{\eta_i}) - y_i \eta_i` with :math:`\eta_i = x_i^\top w + b`
    (``y_i = 1`` for ``classes[1]``); with more classes the multinomial loss
    :math:`\log \sum_k e^{\eta_{ik}} - \eta_{i y_i}`. This is scikit-learn 1.9's
    ``LogisticRegression`` objective: ``l1_ratio=0`` is L2, ``1`` is L1.

    Parameters
    ----------
    X : array-like or sparse matrix of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Class labels (any sortable values); at least two distinct classes.
    C : float, default=1.0
        Inverse regularization strength, > 0; ``np.inf`` fits no penalty.
    l1_ratio : float in [0, 1], default=0.0
    fit_intercept : bool, default=True
    tol : float, default=1e-4
        Stop when every entry of the minimum-norm subgradient of
        ``(1/S) * (sum_i s_i logloss_i + penalty / C)`` (``S = sum_i s_i``, ``n``
        without weights) is at most ``tol`` in absolute value (the KKT conditions of
        the problem, on scikit-learn's lbfgs scale).
    max_iter : int, default=100
        Maximum number of outer proximal Newton iterations; 0 returns the starting
        point (zeros, or the warm start) with a ``ConvergenceWarning``.
    coef_init, intercept_init : array-like, optional
        Warm start, shaped like the returned ``coef`` and ``intercept``.
    sample_weight : array-like of shape (n_samples,), optional
        Non-negative weights ``s_i``; integer weights fit what repeating rows would.
    coef_tol : float, optional
        Also stop, converged, after a step that moved no coefficient (nor intercept) by
        more than ``coef_tol`` times the largest one: the rule scikit-learn's sag and
        saga apply to their ``tol`` (per epoch); pass ``tol=0`` to use it alone.

    ``X`` may be a scipy.sparse matrix: it is used as CSC, never densified (the
    Hessian of the coefficients, ``p x p`` per class pair, is dense).

    Returns
    -------
    LogisticFit
        ``coef`` (1 or n_classes, n_features), ``intercept``, ``classes``,
        ``n_iter``, ``kkt``.

    Warns
    -----
    ConvergenceWarning
        If ``max_iter`` iterations end with the KKT violation above ``tol``.

    Notes
    -----
    Two classes with an L1 part (``l1_ratio > 0``, finite C) are solved by the working-set
    proximal Newton solver of :func:`logistic_path` (the Hessian only on the support and
    the coordinates about to enter it, so ``p`` in the thousands is cheap). Otherwise
    each iteration forms the Hessian in the ``K * n_features`` coefficients
    (``K = 1`` for two classes): O(n (K p)^2) time and O((K p)^2) memory, cheap
    for the book's problems (tens to hundreds of features), not meant for
    ``p`` in the tens of thousands. With an intercept the columns are centered
    first (an exact reparameterization, mapped back at the end), and the KKT
    violation is measured in that parameterization; the conditions are the same.
    Separable data with ``C = np.inf`` has no minimizer: the gradient vanishes as
    the coefficients grow, so the solver stops at large coefficients once it is
    below ``tol``, as scikit-learn's lbfgs does.
    """
    X, classes, codes, s, S = _prepare_data(X, y, sample_weight)
    C = check_positive(C, "C", allow_inf=True)
    l1_ratio = check_l1_ratio(l1_ratio)
    tol = check_scalar(tol, "tol", low=0.0)
    max_iter = _check_max_iter(max_iter, low=0)

    n, p = X.shape
    n_blocks = 1 if classes.size == 2 else classes.size
    family = _Binomial(codes, s) if n_blocks == 1 else _Multinomial(codes, n_blocks, s)
    lam = 0.0 if np.isinf(C) else 1.0 / C  # objective divided by C: loss + lam * penalty

    W = np.zeros((p, n_blocks))
    b = np.zeros(n_blocks)
    if coef_init is not None:
        W = check_array(coef_init, "coef_init", ndim=2).T.copy()
        if W.shape != (p, n_blocks):
            raise ValueError(f"coef_init must have shape {(n_blocks, p)}, got {W.T.shape}")
    if intercept_init is not None and fit_intercept:
        b = check_array(intercept_init, "intercept_init", ndim=1).copy()
        if b.shape != (n_blocks,):
            raise ValueError(f"intercept_init must have shape {(n_blocks,)}, got {b.shape}")
    if n_blocks == 1 and l1_ratio > 0.0 and lam > 0.0:
        # two classes with an L1 part: the working-set solver of logistic_path
        y01 = family.Y[:, 0]
        col_norm = _column_norms(X, s, S)
        w = W[:, 0].copy()
        if coef_init is None and intercept_init is None and fit_intercept:
            b0 = _logit_mean(y01, s)
        else:
            b0 = float(b[0])
        with _one_blas_thread():
            b0, n_iter, kkt, settled = _binary_fit(X, y01, s, lam / S, l1_ratio, w, b0,
                                                   fit_intercept, tol, max_iter, col_norm,
                                                   coef_tol)
        converged = kkt <= tol or settled
        if not converged:
            _warn_max_iter(max_iter, kkt, tol)
        return LogisticFit(coef=w[None, :], intercept=np.array([b0 if fit_intercept else 0.0]),
                           classes=classes, n_iter=n_iter, kkt=kkt, converged=converged)

    # Work with centered columns (eta = (X - mean) W + b'): the same model with
    # the intercept shifted to b' = b + mean @ W, which keeps the Hessian well
    # conditioned when columns have large means. Mapped back at the end. A sparse X
    # is not centred (that would densify it): the profiled intercept keeps the step
    # exact either way, centring only helps the conditioning.
    x_mean = (s @ X) / S if fit_intercept and not sp.issparse(X) else np.zeros(p)
    if not sp.issparse(X):
        X = X - x_mean
    b = b + x_mean @ W
    eta = X @ W + b

    n_iter = 0
    kkt = _kkt_violation(X, family, eta, W, lam, l1_ratio, fit_intercept)
    settled = False
    while kkt > tol * S and n_iter < max_iter and not settled:
        n_iter += 1
        before = np.append(W.ravel(), b)
        dW, db = _newton_step(X, family, eta, W, lam, l1_ratio, fit_intercept, kkt)
        eta = _line_search(X, family, eta, W, b, dW, db, lam, l1_ratio)
        kkt = _kkt_violation(X, family, eta, W, lam, l1_ratio, fit_intercept)
        settled = _settled(before, np.append(W.ravel(), b), coef_tol)
    b = b - x_mean @ W

    converged = kkt <= tol * S or settled
    if not converged:
        _warn_max_iter(max_iter, kkt / S, tol)
    if n_blocks > 1 and fit_intercept:
        b -= b.mean()  # softmax is invariant to a common shift; report the zero-sum one
    return LogisticFit(coef=W.T.copy(), intercept=b, classes=classes, n_iter=n_iter, kkt=kkt / S,
                       converged=converged)


def _settled(before, after, coef_tol):
    """sag/saga's rule: no parameter moved by more than ``coef_tol`` times the largest."""
    if coef_tol is None:
        return False
    top = float(np.max(np.abs(after), initial=0.0))
    return top == 0.0 or float(np.max(np.abs(after - before))) <= coef_tol * top


def _check_max_iter(max_iter, low):
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < low:
        kind = "positive" if low == 1 else "non-negative"
        raise ValueError(f"max_iter must be a {kind} integer, got {max_iter!r}")
    return int(max_iter)


def _prepare_data(X, y, sample_weight):
    """Checked ``(X, classes, codes, s, S)``, the rows of zero weight dropped.

    ``X`` stays sparse (CSC, float64) when given sparse, else becomes a C-contiguous
    float64 array; ``s`` are the sample weights (ones when not given), ``S`` their sum:
    the objective's loss is ``sum_i s_i logloss_i`` and ``S`` replaces ``n`` on the
    averaged scale. A zero-weight row contributes nothing, so dropping it is exact
    (and keeps the IRLS working response ``r_i / h_i`` defined).
    """
    if sp.issparse(X):
        if X.ndim != 2 or min(X.shape) == 0:
            raise ValueError(f"X must be a non-empty 2-D matrix, got shape {X.shape}")
        X = sp.csc_matrix(X, dtype=np.float64)
        if not np.all(np.isfinite(X.data)):
            raise ValueError("X contains NaN or infinity")
    else:
        X = check_array(X, "X", ndim=2)
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D with shape (n_samples,), got shape {y.shape}")
    if y.shape[0] != X.shape[0]:
        raise ValueError(
            f"X and y have mismatched lengths: X has {X.shape[0]} rows, y has {y.shape[0]} entries"
        )
    if np.issubdtype(y.dtype, np.number) and not np.all(np.isfinite(y)):
        raise ValueError("y contains NaN or infinity")
    classes, codes = np.unique(y, return_inverse=True)
    if classes.size < 2:
        raise ValueError(
            "logistic regression needs samples of at least 2 classes, "
            f"but y contains only one class: {classes[0]!r}"
        )
    if sample_weight is None:
        s = np.ones(X.shape[0])
    else:
        s = check_array(sample_weight, "sample_weight", ndim=1)
        if s.shape[0] != X.shape[0]:
            raise ValueError(f"sample_weight must have {X.shape[0]} entries (one per row of "
                             f"X), got {s.shape[0]}")
        if np.any(s < 0.0):
            raise ValueError("sample_weight must be non-negative")
        keep = s > 0.0
        if not np.any(keep):
            raise ValueError("sample_weight is zero everywhere: there is nothing to fit")
        if not np.all(keep):
            X, codes, s = X[keep], codes[keep], s[keep]
    return X, classes, codes, s, float(np.sum(s))


def _column_norms(X, s, S):
    """``sqrt(sum_i s_i x_ij^2 / S)`` per column (dense or sparse X)."""
    if sp.issparse(X):
        sq = np.asarray(X.multiply(X).T @ s).ravel()
    else:
        sq = np.einsum("ij,ij,i->j", X, X, s)
    return np.sqrt(sq / S)


def _warn_max_iter(max_iter, kkt, tol):
    warnings.warn(
        f"logistic_regression stopped at max_iter={max_iter} with KKT violation "
        f"{kkt:.3g} > tol={tol:g}; increase max_iter or C may be too large for "
        "(nearly) separable data",
        ConvergenceWarning,
        stacklevel=3,
    )


def _hessian_blocks(family, P):
    """Per-sample Hessian of the (weighted) loss in eta: shape (n, K, K).

    Two classes: ``s p (1 - p)``; K classes: ``s (diag(p_i) - p_i p_i')``.
    """
    if isinstance(family, _Binomial):
        return (family.s[:, None] * np.maximum(P * (1.0 - P), _MIN_WEIGHT))[:, :, None]
    H = -P[:, :, None] * P[:, None, :]
    idx = np.arange(P.shape[1])
    H[:, idx, idx] += P
    return family.s[:, None, None] * H


def _weighted_gram(X, h):
    """``X^T diag(h) X`` as a dense array, for dense or sparse ``X``."""
    if sp.issparse(X):
        return np.asarray((X.T @ X.multiply(h[:, None]).tocsc()).toarray())
    return X.T @ (X * h[:, None])


def _newton_step(X, family, eta, W, lam, l1_ratio, fit_intercept, kkt):
    """Minimize the quadratic model of the objective plus the penalty; return (dW, db).

    With ``d = vec(dW)`` (class-major) the model is
    ``g'd + g_b'db + 1/2 [d; db]' H [d; db] + lam * penalty(W + dW)``. For fixed
    ``d`` the best ``db`` solves ``H_bb db = -(g_b + H_bW d)``; substituting it
    leaves ``1/2 d'Gd + g_red'd + lam * penalty(W + dW)`` with the Schur complement
    ``G = H_WW - H_Wb H_bb^+ H_bW``. That is how the intercept stays unpenalized.
    (``H_bb`` is singular for K >= 3: a common shift of all intercepts changes
    nothing, so its pseudo-inverse picks the smallest such ``db``.)
    """
    n, p = X.shape
    K = W.shape[1]
    P = family.probs(eta)
    R = family.s[:, None] * (P - family.Y)
    Hn = _hessian_blocks(family, P)

    H_WW = np.empty((K * p, K * p))
    H_Wb = np.empty((K * p, K))
    for k in range(K):
        for m in range(k, K):
            h = Hn[:, k, m]
            block = _weighted_gram(X, h)
            H_WW[k * p:(k + 1) * p, m * p:(m + 1) * p] = block
            H_WW[m * p:(m + 1) * p, k * p:(k + 1) * p] = block.T
            H_Wb[k * p:(k + 1) * p, m] = X.T @ h
            H_Wb[m * p:(m + 1) * p, k] = X.T @ h
    g = (X.T @ R).T.ravel()  # class-major, like vec(W.T)
    w = W.T.ravel()
    if fit_intercept:
        H_bb_pinv = linalg.pinvh(Hn.sum(axis=0))
        g_b = R.sum(axis=0)
        G = H_WW - H_Wb @ H_bb_pinv @ H_Wb.T
        g = g - H_Wb @ (H_bb_pinv @ g_b)
    else:
        G = H_WW

    l2 = lam * (1.0 - l1_ratio)
    l1 = lam * l1_ratio
    if l1 == 0.0:
        d = _ridge_solve(G, -g - l2 * w, l2)
    else:
        # the same problem in v = w + d: 1/2 v'Gv - (Gw - g)'v + penalty(v)
        d = _quadratic_enet(G, G @ w - g, w, l2, l1, kkt) - w
    db = -H_bb_pinv @ (g_b + H_Wb.T @ d) if fit_intercept else np.zeros(K)
    return d.reshape(K, p).T, db


def _quadratic_enet(G, q, v, l2, l1, kkt):
    """Minimize ``1/2 v'Gv - q'v + l2/2 ||v||^2 + l1 ||v||_1`` from ``v``.

    The lasso path kernel's Gram-form coordinate descent (``_inner_cd``) solves it: the
    same problem as its ``1/(2m) ||z - A v||^2 + ...`` with ``A'A / m = G`` and
    ``A'z / m = q``; the smallest such ``z`` has ``||z||^2 / m = q' G^+ q``, the constant
    its duality gap needs. The gap target ``1e-3 kkt^2 / curvature`` keeps the model's
    subgradient error near ``kkt / 30`` (``kkt``: the outer violation it must beat).
    """
    from regkit.solvers._path_kernel import _inner_cd  # noqa: PLC0415 (numba, lazily)

    G = np.ascontiguousarray(G)
    cs = np.ascontiguousarray(np.diag(G))
    v = v.copy()
    v[cs == 0.0] = 0.0  # an all-zero column: q_j = 0 there, so 0 is optimal (CD skips it)
    q = np.ascontiguousarray(q, dtype=np.float64)
    yyn = max(float(q @ linalg.lstsq(G, q, cond=1e-12)[0]), 0.0) if q.size else 0.0
    curv = max(float(cs.max()) if cs.size else 0.0, l2, np.finfo(float).tiny)
    target = max(1e-3 * kkt * kkt / curv, 1e-18 * max(yyn, 1.0))
    resid = q - G @ v
    _inner_cd(G, resid, v, q, cs, l1, l2, yyn, target, 1000, 5)
    return v


def _line_search(X, family, eta, W, b, dW, db, lam, l1_ratio):
    """Backtracking (Armijo) along the Newton step; updates W, b in place, returns eta."""
    d_eta = X @ dW + db
    R = family.s[:, None] * (family.probs(eta) - family.Y)
    # Armijo test for composite objectives (Tseng & Yun): the linear decrease of
    # the smooth part plus the exact change of the penalty.
    with np.errstate(all="ignore"):
        decrease = np.sum(R * d_eta) + _penalty_change(W.ravel(), dW.ravel(), lam, l1_ratio)
    if not decrease < 0.0:
        # the model sees no descent (already optimal), or the step overflowed (nan / inf:
        # a badly conditioned model); never take it
        return eta
    f_old = family.loss(eta) + _penalty(W, lam, l1_ratio)
    # Near the optimum the decrease falls below the rounding error of f itself
    # and no Armijo test can be decided; there the full Newton step is taken.
    resolvable = -decrease > 1e-11 * max(abs(f_old), 1.0)
    step = 1.0
    while step > 1e-12:
        eta_new = eta + step * d_eta
        W_new = W + step * dW
        f_new = family.loss(eta_new) + _penalty(W_new, lam, l1_ratio)
        if not resolvable or f_new <= f_old + 1e-4 * step * decrease:
            W[...] = W_new
            b += step * db
            return eta_new
        step *= 0.5
    return eta


# --- binary L1 / elastic-net path: working sets + proximal Newton -----------------------
# For two classes and an L1 part, the objective divided by C n is
#
#     F(w, b) = mean_i logloss_i(w, b) + lam * ((1 - r)/2 ||w||^2 + r ||w||_1),  lam = 1/(C n).
#
# Each outer iteration is one proximal Newton (glmnet IRLS) step restricted to a working
# set W: the support, every coordinate violating its optimality condition, and the zero
# ones closest to violating it (as the lasso path kernel). The quadratic model of the mean
# log-loss with the intercept profiled out (weighted centering with the IRLS weights h) is
# the weighted least-squares problem
#
#     1/(2n) ||z - Xt v||^2 + lam r ||v||_1 + lam (1 - r)/2 ||v||^2,  Xt = sqrt(h)(X_W - xbar_h),
#
# which the lasso path kernel's Gram-form coordinate descent (`_inner_cd`: Anderson
# acceleration, stopped by the subproblem's duality gap) solves; no second CD loop. A
# backtracking line search on F follows, and the full gradient decides: the KKT
# conditions of F to `tol` (the scale of `logistic_regression`), or another step.
# Along a path the Cs go from the largest penalty up, each fit warm-started by the last.

_WS_MIN = 10  # working-set slack beyond the support and the violators


class LogisticPath(NamedTuple):
    """Result of :func:`logistic_path`.

    Attributes
    ----------
    Cs : ndarray of shape (n_Cs,)
        Increasing (largest penalty first), the order of the rows below.
    coefs : ndarray of shape (n_Cs, n_rows, n_features)
        ``n_rows = 1`` for two classes (log-odds of ``classes[1]``), else n_classes.
    intercepts : ndarray of shape (n_Cs, n_rows)
    classes : ndarray
    n_iter : ndarray of shape (n_Cs,)
        KKT evaluations per C: the proximal Newton iterations plus the final check (1: the
        warm start, or the all-zero solution below ``C_min``, was already optimal).
    kkt : ndarray of shape (n_Cs,)
        Final KKT violation per C, on the averaged scale (compare with ``tol``).
    C_min : float
        The largest C at which every coefficient is zero (``inf``-free; 0 if none, i.e.
        ``l1_ratio = 0``); smaller Cs are answered without iterating.
    """

    Cs: np.ndarray
    coefs: np.ndarray
    intercepts: np.ndarray
    classes: np.ndarray
    n_iter: np.ndarray
    kkt: np.ndarray
    C_min: float


def _logit_mean(y01, s):
    """The intercept of the all-zero model: ``logit(weighted mean y)``."""
    m = float(s @ y01 / np.sum(s))
    return float(np.log(m) - np.log1p(-m))


def _binary_c_min(X, y01, s, l1_ratio, fit_intercept):
    """Largest C with the all-zero solution: ``r / max_j |X_j^T s (p0 - y)|`` (sum scale).

    At ``w = 0`` (and the best intercept ``logit(weighted mean y)``, or 0) the KKT
    conditions hold exactly when ``r / C >= |X_j^T s (p0 - y)|`` for every j.
    """
    b0 = _logit_mean(y01, s) if fit_intercept else 0.0
    corr = float(np.max(np.abs(X.T @ (s * (expit(b0) - y01))))) if X.shape[1] else 0.0
    if l1_ratio == 0.0 or corr == 0.0:
        return (0.0 if l1_ratio == 0.0 else np.inf), b0
    return l1_ratio / corr, b0


def _binary_kkt(grad, w, l1, R_mean, fit_intercept):
    """Largest entry of the minimum-norm subgradient of F (``grad``: of the smooth part)."""
    viol = np.where(w != 0.0, np.abs(grad + l1 * np.sign(w)), np.maximum(np.abs(grad) - l1, 0.0))
    worst = float(np.max(viol)) if viol.size else 0.0
    return max(worst, abs(R_mean)) if fit_intercept else worst


def _binary_working_set(w, grad, l1, col_norm):
    """Support, violators, and the ``_WS_MIN`` zero coordinates closest to violating."""
    p = w.shape[0]
    support = w != 0.0
    free = ~support & (col_norm > 0.0)
    score = np.full(p, np.inf)
    score[free] = (l1 - np.abs(grad[free])) / col_norm[free]
    score[support] = -np.inf
    size = min(p, int(np.count_nonzero(support)) + int(np.count_nonzero(score < 0.0))
               + _WS_MIN)
    size = min(size, int(np.count_nonzero(np.isfinite(score) | support)))
    if size >= p:
        return np.flatnonzero(support | free)
    return np.sort(np.argpartition(score, size - 1)[:size])


def _binary_fit(X, y01, s, lam, r, w, b, fit_intercept, tol, max_iter, col_norm,
                coef_tol=None):
    """Minimize F for one C from ``(w, b)`` (updated in place; ``b`` returned).

    ``s`` are the sample weights; the mean over samples is the ``s``-weighted one
    (``n`` below is their sum). Returns ``(b, n_iter, kkt, settled)``, ``settled``: the
    ``coef_tol`` rule of :func:`logistic_regression` stopped it.
    """
    from regkit.solvers._path_kernel import _inner_cd  # noqa: PLC0415 (numba, lazily)

    n = float(np.sum(s))
    l1, l2 = lam * r, lam * (1.0 - r)
    eta = X @ w + b
    n_iter = 0
    settled = False
    while True:
        P = expit(eta)
        R = s * (P - y01)
        grad = X.T @ R / n + l2 * w
        kkt = _binary_kkt(grad, w, l1, R.sum() / n, fit_intercept)
        if kkt <= tol or n_iter >= max_iter or settled:
            return b, n_iter, kkt, settled
        n_iter += 1
        before = np.append(w, b)
        h = s * np.maximum(P * (1.0 - P), _MIN_WEIGHT)
        W = _binary_working_set(w, grad, l1, col_norm)
        XW = X[:, W]
        if sp.issparse(XW):
            XW = XW.toarray()  # the working-set columns only (the support and a few more)
        dw = np.zeros(W.shape[0])
        if W.shape[0]:
            if fit_intercept:
                Rc = R - h * (R.sum() / h.sum())  # weighted centering of R / h, times h
                Xc = XW - (h @ XW) / h.sum()
            else:
                Rc, Xc = R, XW
            sh = np.sqrt(h)
            Xt = Xc * sh[:, None]
            Gw = Xt.T @ Xt / n
            ww = w[W].copy()
            z = Xt @ ww - Rc / sh  # the working response: Xt^T z / n = Gw ww - grad_W
            xw = Xt.T @ z / n
            q = xw - Gw @ ww
            cs = np.ascontiguousarray(np.diag(Gw))
            yyn = float(z @ z) / n
            # the step only needs to be accurate against the current violation: a gap
            # of 1e-3 kkt^2 / curvature keeps the model's subgradient error ~ kkt / 30
            curv = max(float(cs.max()), l2, np.finfo(float).tiny)
            inner = max(1e-3 * kkt * kkt / curv, 1e-18 * max(yyn, 1.0))
            _inner_cd(np.ascontiguousarray(Gw), q, ww, xw, cs, l1, l2, yyn, inner, 1000, 5)
            dw = ww - w[W]
        u = XW @ dw
        # the profiled intercept step: the model's optimum in b for this dw
        db = -(R.sum() + h @ u) / h.sum() if fit_intercept else 0.0
        d_eta = u + db
        found = _binary_line_search(y01, s, eta, w, W, dw, d_eta, R, l1, l2, n)
        if found is None:  # no descent left at rounding level: stop where we are
            return b, n_iter, kkt, settled
        step, eta = found
        b += step * db
        settled = _settled(before, np.append(w, b), coef_tol)


def _binary_line_search(y01, s, eta, w, W, dw, d_eta, R, l1, l2, n):
    """Armijo backtracking on F along ``(dw, d_eta)``; updates ``w[W]`` in place.

    Returns ``(step, eta_new)``, or ``None`` when the model predicts no decrease.
    """
    wW = w[W]

    def pen_change(step):
        new = wW + step * dw
        return (l1 * np.sum(np.abs(new) - np.abs(wW))
                + 0.5 * l2 * np.sum(2.0 * step * wW * dw + (step * dw) ** 2))

    decrease = float(R @ d_eta) / n + pen_change(1.0)
    if not decrease < 0.0:
        return None
    f_old = float(s @ (np.logaddexp(0.0, eta) - y01 * eta)) / n
    resolvable = -decrease > 1e-11 * max(abs(f_old), 1.0)
    step = 1.0
    while step > 1e-12:
        eta_new = eta + step * d_eta
        f_new = float(s @ (np.logaddexp(0.0, eta_new) - y01 * eta_new)) / n
        if not resolvable or f_new - f_old + pen_change(step) <= 1e-4 * step * decrease:
            w[W] = wW + step * dw
            return step, eta_new
        step *= 0.5
    return None


def _check_Cs(Cs):
    """``Cs``: an int k (``np.logspace(-4, 4, k)``, scikit-learn's grid) or positive values."""
    if isinstance(Cs, (int, np.integer)) and not isinstance(Cs, bool):
        if Cs < 1:
            raise ValueError(f"Cs must be a positive integer or an array of C values, got {Cs}")
        return np.logspace(-4, 4, int(Cs))
    arr = check_array(Cs, "Cs", ndim=1)
    if np.any(arr <= 0.0):
        raise ValueError(f"Cs must all be > 0, got minimum {arr.min()}")
    return arr


def logistic_path(X, y, Cs=10, *, l1_ratio=1.0, fit_intercept=True, tol=1e-4, max_iter=100,
                  sample_weight=None):
    r"""Penalized logistic regression along a grid of C, warm-started from the largest penalty.

    Each row solves ``logistic_regression``'s problem (scikit-learn's objective
    ``C * sum_i logloss_i + (1 - r)/2 ||W||^2 + r ||W||_1``) for one C, to the same KKT
    tolerance. The Cs are sorted increasing: the first solutions are the sparsest, and
    each warm-starts the next. Every C at or below ``C_min`` (computed exactly: the largest
    C whose solution is all zeros, ``r / max_j |X_j^T (p0 - y)|`` with ``p0`` the fitted
    base rate) is answered without iterating.

    Two classes with an L1 part (``l1_ratio > 0``) use a working-set proximal Newton
    solver: each step solves glmnet's quadratic (IRLS) model on the support, the
    violators and the coordinates closest to violating, by the lasso path kernel's
    coordinate descent, then the full gradient checks the KKT conditions. Other cases
    (``l1_ratio = 0``, three or more classes) run ``logistic_regression`` per C,
    warm-started.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    Cs : int or array-like, default=10
        An int k gives ``np.logspace(-4, 4, k)`` (scikit-learn's default grid).
    l1_ratio : float in [0, 1], default=1.0
    fit_intercept : bool, default=True
    tol : float, default=1e-4
        KKT tolerance on the averaged scale, as ``logistic_regression``.
    max_iter : int, default=100
        Outer (proximal Newton) iterations per C.

    Returns
    -------
    LogisticPath
        ``Cs`` (increasing), ``coefs`` (n_Cs, 1 or n_classes, n_features), ``intercepts``,
        ``classes``, ``n_iter``, ``kkt``, ``C_min``.

    Warns
    -----
    ConvergenceWarning
        For each C whose fit ends with the KKT violation above ``tol``.

    Examples
    --------
    >>> from sklearn.datasets import load_breast_cancer
    >>> from sklearn.preprocessing import StandardScaler
    >>> from regkit import logistic_path
    >>> X, y = load_breast_cancer(return_X_y=True)
    >>> path = logistic_path(StandardScaler().fit_transform(X), y, Cs=[0.01, 0.1, 1.0])
    >>> (path.coefs != 0).sum(axis=-1).ravel()  # of 30 features: L1 admits more as C grows
    array([ 2,  8, 16])
    """
    X, classes, codes, s, S = _prepare_data(X, y, sample_weight)
    Cs = np.sort(_check_Cs(Cs))
    l1_ratio = check_l1_ratio(l1_ratio)
    tol = check_scalar(tol, "tol", low=0.0)
    max_iter = _check_max_iter(max_iter, low=1)
    if not isinstance(fit_intercept, (bool, np.bool_)):
        raise ValueError(f"fit_intercept must be True or False, got {fit_intercept!r}")
    n, p = X.shape
    n_rows = 1 if classes.size == 2 else classes.size
    coefs = np.zeros((Cs.size, n_rows, p))
    intercepts = np.zeros((Cs.size, n_rows))
    n_iter = np.zeros(Cs.size, dtype=np.int64)
    kkt = np.zeros(Cs.size)

    if n_rows > 1 or l1_ratio == 0.0:
        coef = intercept = None
        for k, C in enumerate(Cs):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                fit = logistic_regression(X, classes[codes], C, l1_ratio,
                                          fit_intercept=fit_intercept, tol=tol,
                                          max_iter=max_iter, coef_init=coef,
                                          intercept_init=intercept, sample_weight=s)
            coef, intercept = fit.coef, fit.intercept
            coefs[k], intercepts[k], n_iter[k], kkt[k] = coef, intercept, fit.n_iter + 1, fit.kkt
        _warn_unconverged(Cs, kkt, tol, max_iter)
        return LogisticPath(Cs, coefs, intercepts, classes, n_iter, kkt, 0.0)

    y01 = (codes == 1).astype(np.float64)
    C_min, b0 = _binary_c_min(X, y01, s, l1_ratio, fit_intercept)
    col_norm = _column_norms(X, s, S)
    w = np.zeros(p)
    b = b0
    with _one_blas_thread():
        for k, C in enumerate(Cs):
            if C <= C_min:
                intercepts[k] = b0
                n_iter[k] = 1  # the exact test against C_min
                continue
            b, n_iter[k], kkt[k], _ = _binary_fit(X, y01, s, 1.0 / (C * S), l1_ratio, w, b,
                                                  fit_intercept, tol, max_iter, col_norm)
            n_iter[k] += 1
            coefs[k, 0] = w
            intercepts[k] = b
    _warn_unconverged(Cs, kkt, tol, max_iter)
    return LogisticPath(Cs, coefs, intercepts, classes, n_iter, kkt, float(C_min))


def _one_blas_thread():
    """Single-threaded BLAS for the solver's many small products (X^T r, the working-set
    Gram block): thread start-up costs more than it saves at these sizes, and on a busy
    machine an oversubscribed BLAS pool made the p > n path 5x slower."""
    try:
        from threadpoolctl import threadpool_limits  # noqa: PLC0415
    except ImportError:  # pragma: no cover (a scikit-learn dependency)
        import contextlib  # noqa: PLC0415

        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _warn_unconverged(Cs, kkt, tol, max_iter):
    for C, v in zip(Cs, kkt):
        if v > tol:
            warnings.warn(
                f"logistic_path stopped at max_iter={max_iter} for C={C:.4g} with KKT "
                f"violation {v:.3g} > tol={tol:g}; increase max_iter, or C may be too large "
                "for (nearly) separable data",
                ConvergenceWarning,
                stacklevel=3,
            )
