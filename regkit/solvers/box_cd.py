"""Elastic-net coordinate descent with per-feature penalties and bounds, on dense or sparse X.

Minimises, over ``w`` (``n`` rows, sample weights already folded into the rows),

    (1/(2n)) ||ys - A w||^2 + sum_j t_j |w_j| + sum_j (b_j / 2) w_j^2,
    subject to lower_j <= w_j <= upper_j,

where ``A`` is the (weighted, centred) design. This is the solver behind the estimators'
``positive=``, ``lower_bounds=``/``upper_bounds=``, ``penalty_factor=`` and sparse input;
the plain dense problems keep the faster solvers of
:mod:`regkit.solvers.coordinate_descent`.

Sample weights ``sw`` (on the scale the estimator wants) enter as row scalings by
``s = sqrt(sw)``; with an intercept the columns are centred at their weighted means.
A sparse ``X`` is never centred or densified: see :mod:`regkit.solvers._sparse_kernels`.

Stopping rule, as everywhere in regkit: the duality gap at most ``tol * ||ys||^2 / n``.
The dual point is ``theta = scale * R / n`` (``R`` projected off the span of the
unpenalized, unbounded columns), and the conjugate of each coordinate's penalty plus
bound indicator, ``g_j*(v) = max_{lower_j <= w <= upper_j} v w - t_j |w| - (b_j/2) w^2``,
is computed in closed form; ``scale <= 1`` keeps it finite on unbounded sides.
"""

import copy
import warnings

import numpy as np
import scipy.sparse as sp

from regkit.penalties import project_out, range_basis
from regkit.solvers.coordinate_descent import SolverResult, convergence_message

__all__ = ["LinearDesign", "box_cd", "box_path"]


class LinearDesign:
    """Weighted, implicitly centred ``(X, y)`` for :func:`box_cd`.

    Parameters
    ----------
    X : ndarray or scipy.sparse matrix (n, p)
    y : ndarray (n,)
    sample_weight : ndarray (n,), optional
        Row weights (> = 0) on the scale of the objective above (the estimators rescale
        them first, e.g. to sum to ``n`` as scikit-learn's Lasso does).
    fit_intercept : bool
        Centre at the weighted means (explicitly for dense ``X``, implicitly for sparse).
    """

    def __init__(self, X, y, sample_weight=None, fit_intercept=True):
        n, p = X.shape
        self.n, self.p = n, p
        sw = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        self.s = np.sqrt(sw)
        self.sparse = sp.issparse(X)
        self._fit_intercept = bool(fit_intercept)
        total = float(sw.sum())
        if fit_intercept:
            if self.sparse:
                self.x_mean = np.asarray(X.T @ sw).ravel() / total
            else:
                self.x_mean = sw @ X / total
            self.y_mean = float(sw @ y / total)
        else:
            self.x_mean = np.zeros(p)
            self.y_mean = 0.0
        self.ys = self.s * (y - self.y_mean)
        self.yy = float(self.ys @ self.ys)
        if self.sparse:
            Xs = sp.csc_matrix(sp.diags(self.s) @ X, dtype=np.float64)
            Xs.sort_indices()
            self.Xs = Xs
            self.ss = total
            self.xs_s = np.asarray(Xs.T @ self.s).ravel()
            sq = np.asarray(Xs.multiply(Xs).sum(axis=0)).ravel()
            m = self.x_mean
            self.col_sq = np.maximum(sq - 2 * m * self.xs_s + m * m * self.ss, 0.0) / n
        else:
            self.A = np.asfortranarray(self.s[:, None] * (X - self.x_mean), dtype=np.float64)
            self.col_sq = np.einsum("ij,ij->j", self.A, self.A) / n

    def retarget(self, y):
        """The same design with another response (multi-output fits share the X work)."""
        other = copy.copy(self)
        total = self.s @ self.s
        if self._fit_intercept:
            other.y_mean = float((self.s * self.s) @ y / total)
        other.ys = self.s * (y - other.y_mean)
        other.yy = float(other.ys @ other.ys)
        return other

    def residual(self, w):
        """``ys - A w``."""
        if self.sparse:
            return self.ys - self.Xs @ w + (self.x_mean @ w) * self.s
        return self.ys - self.A @ w

    def correlations(self, R):
        """``A^T R``."""
        if self.sparse:
            return self.Xs.T @ R - self.x_mean * (self.s @ R)
        return self.A.T @ R

    def columns(self, mask):
        """The centred, weighted columns in ``mask`` as a dense (n, k) array."""
        if self.sparse:
            cols = self.Xs[:, np.flatnonzero(mask)].toarray()
            return cols - self.s[:, None] * self.x_mean[mask]
        return self.A[:, mask]

    def intercept(self, w):
        """The unpenalized intercept that goes with ``w``."""
        return self.y_mean - self.x_mean @ w


def box_gap(design, w, R, t, b, lower, upper, basis=None):
    """Duality gap of the bounded elastic net at ``w`` with residual ``R`` (module docstring)."""
    n = design.n
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


def _free_basis(design, t, b):
    free = (t == 0) & (b == 0)
    return range_basis(design.columns(free)) if np.any(free) else None


def box_cd(design, t, b, lower, upper, *, tol=1e-4, max_iter=1000, coef_init=None,
           gap_every=10, warn=True, basis=None, seed=-1):
    """Minimise the bounded elastic net of the module docstring by cyclic coordinate descent.

    Parameters
    ----------
    design : LinearDesign
    t, b : ndarray (p,)
        L1 thresholds (``inf`` fixes a coordinate at 0) and quadratic weights.
    lower, upper : ndarray (p,)
        Bounds with ``lower <= 0 <= upper`` (``-inf``/``inf`` for none).
    tol : float
        Stop when the duality gap is at most ``tol * ||ys||^2 / n``.
    max_iter : int
        Maximum sweeps; 0 returns the start (zeros or ``coef_init``, clipped to the bounds).
    coef_init : ndarray (p,), optional
    warn : bool
        Warn ``ConvergenceWarning`` when ``max_iter`` runs out.
    basis : ndarray, optional
        Orthonormal basis of the unpenalized columns' span (computed when needed).
    seed : int
        ``-1``: cyclic order; otherwise each sweep visits the coordinates in a random order
        drawn from this seed (scikit-learn's ``selection="random"``).

    Returns
    -------
    SolverResult
    """
    from regkit.solvers import _sparse_kernels as kernels  # noqa: PLC0415 (numba, lazily)

    n, p = design.n, design.p
    t = np.ascontiguousarray(t, dtype=np.float64)
    b = np.ascontiguousarray(b, dtype=np.float64)
    lower = np.ascontiguousarray(lower, dtype=np.float64)
    upper = np.ascontiguousarray(upper, dtype=np.float64)
    target = tol * design.yy / n
    w = np.zeros(p) if coef_init is None else np.array(coef_init, dtype=np.float64)
    w = np.clip(w, lower, upper)
    w[(design.col_sq == 0.0) | ~np.isfinite(t)] = 0.0
    if basis is None:
        basis = _free_basis(design, t, b)
    R = design.residual(w)
    g = box_gap(design, w, R, t, b, lower, upper, basis)
    if (g <= target and target > 0.0) or max_iter == 0:
        return SolverResult(w, g, target, 0, g <= target)
    calls = [0]

    def next_seed():
        # a new stream per compiled call, so the chunks between gap checks differ
        if seed < 0:
            return -1
        calls[0] += 1
        return (seed + 7919 * calls[0]) % (2**31 - 1)

    if design.sparse:
        Xs = design.Xs
        state = np.array([design.x_mean @ w, 0.0])
        Rt = design.ys - Xs @ w
        state[1] = design.s @ Rt

        def sweeps(m):
            return kernels.sweeps_csc_box(Xs.data, Xs.indices, Xs.indptr, n, design.x_mean,
                                          design.s, design.xs_s, design.ss, w, Rt, state,
                                          design.col_sq, t, b, lower, upper, m, tol,
                                          next_seed())
    else:
        def sweeps(m):
            return kernels.sweeps_dense_box(design.A, w, R, design.col_sq, t, b, lower, upper,
                                            m, tol, next_seed())
    it = 0
    while it < max_iter:
        chunk = min(gap_every, max_iter - it)
        ran = sweeps(chunk)
        it += ran
        # tol=0: a gap of 0 is below rounding, so stop only at an exact fixed point (a
        # sweep that moved nothing) or at max_iter
        settled = ran < chunk or tol > 0.0
        # recompute the residual from w: the in-place updates drift by rounding
        R = design.residual(w)
        if design.sparse:
            Rt[:] = R - (design.x_mean @ w) * design.s
            state[:] = (design.x_mean @ w, design.s @ Rt)
        g = box_gap(design, w, R, t, b, lower, upper, basis)
        if g <= target and settled:
            return SolverResult(w, g, target, it, True)
    if warn:
        from regkit.exceptions import ConvergenceWarning  # noqa: PLC0415 (loads sklearn.exceptions)
        warnings.warn(convergence_message("coordinate descent", max_iter, g, target),
                      ConvergenceWarning, stacklevel=4)
    return SolverResult(w, g, target, max_iter, False)


def box_path(design, alphas, l1_ratio, penalty_factor, lower, upper, *, tol=1e-4,
             max_iter=1000, coef_init=None, seed=-1):
    """Warm-started :func:`box_cd` along ``alphas`` (in the order given).

    At ``alpha`` the thresholds are ``alpha * l1_ratio * penalty_factor`` and the
    quadratic weights ``alpha * (1 - l1_ratio) * penalty_factor`` (glmnet's convention:
    the factor scales both parts).

    Returns
    -------
    coefs : ndarray (p, n_alphas)
    gaps : ndarray (n_alphas,)
    n_iter : ndarray (n_alphas,)
    """
    pf = np.asarray(penalty_factor, dtype=np.float64)
    coefs = np.zeros((design.p, len(alphas)))
    gaps = np.zeros(len(alphas))
    n_iter = np.zeros(len(alphas), dtype=np.int64)
    w = None if coef_init is None else np.asarray(coef_init, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        t1 = np.where(np.isinf(pf), np.inf, l1_ratio * pf)
        b1 = np.where(np.isinf(pf), 0.0, (1.0 - l1_ratio) * pf)
    basis = None
    for k, alpha in enumerate(alphas):
        with np.errstate(invalid="ignore"):
            t = np.where(np.isinf(t1), np.inf, alpha * t1)
        b = alpha * b1
        if k == 0:
            basis = _free_basis(design, t, b)
        res = box_cd(design, t, b, lower, upper, tol=tol, max_iter=max_iter, coef_init=w,
                     basis=basis, seed=seed)
        w = res.coef
        coefs[:, k] = w
        gaps[k] = res.gap
        n_iter[k] = res.n_iter
    return coefs, gaps, n_iter
