"""Coordinate descent for ``(1/(2n)) ||y - Xw||^2 + pen(w)``, written once for every penalty.

One sweep visits the coordinates (or blocks) in order and minimises the objective in
each while holding the others fixed. For a separable penalty with L1 threshold ``t_j``
and quadratic weight ``b_j`` that minimiser is closed-form:

    w_j <- soft_threshold(X_j^T R / n + ||X_j||^2 / n * w_j, t_j) / (||X_j||^2 / n + b_j),

where ``R = y - Xw`` is the residual, kept up to date in place (O(n) per coordinate, so
one sweep costs O(np)). For a block penalty (group lasso) each block takes one proximal
gradient step with its own Lipschitz constant ``||X_g||_2^2 / n`` (block soft
thresholding), which for blocks of size 1 is the exact coordinate update above.

The penalty object decides which kernel runs (``penalty.cd_kind``) and supplies its
thresholds; the kernels are compiled with numba on first use (numba is imported then,
not at ``import regkit``).

Stopping rule, as scikit-learn: stop when the duality gap
(:func:`regkit.certificates.penalty_duality_gap`) is at most ``tol * ||y||^2 / n``. The gap
costs about one sweep, so it is evaluated only when a sweep changed no coefficient by
more than ``tol`` times the largest one, or after ``gap_every`` sweeps without a check,
and at ``max_iter``. The sweeps between checks run inside one compiled call.
"""

import warnings
from typing import NamedTuple

import numpy as np

from regkit.certificates import penalty_duality_gap
from regkit.penalties import range_basis

__all__ = ["coordinate_descent", "enet_path_cd", "Design", "SolverResult"]


class SolverResult(NamedTuple):
    """What a regkit solver returns.

    Attributes
    ----------
    coef : ndarray (p,)
    gap : float
        Duality gap at ``coef`` (``1/(2n)`` scale).
    target : float
        The gap the solver aimed for, ``tol * ||y||^2 / n``.
    n_iter : int
        Sweeps (coordinate descent) or iterations (proximal gradient) run.
    converged : bool
        ``gap <= target``.
    """

    coef: np.ndarray
    gap: float
    target: float
    n_iter: int
    converged: bool


class Design:
    """A validated ``(X, y)`` with what every solve reuses: Fortran-ordered ``X`` (columns
    contiguous for the kernels), ``||X_j||^2 / n`` and ``||y||^2``.

    Paths build it once and solve many times with warm starts. ``X`` is given in either
    contiguous layout; the Fortran copy and ``col_sq`` are made on first use only, because
    the Gram route of :func:`enet_path_cd` (n > p) needs neither: ``X^T X`` is as fast from
    either layout, and copying a 50,000 x 200 matrix costs as much as forming it.
    """

    def __init__(self, X, y):
        self.X_any = np.asarray(X, dtype=np.float64)
        if not (self.X_any.flags.c_contiguous or self.X_any.flags.f_contiguous):
            self.X_any = np.asfortranarray(self.X_any)
        self.y = np.ascontiguousarray(y, dtype=np.float64)
        self.n, self.p = self.X_any.shape
        self.yy = float(self.y @ self.y)
        self._X = None
        self._col_sq = None
        self._bases = {}
        self._group_lipschitz = {}

    @property
    def X(self):
        """``X`` in Fortran order (a copy only if it was given in C order)."""
        if self._X is None:
            self._X = np.asfortranarray(self.X_any)
        return self._X

    @property
    def col_sq(self):
        """``||X_j||^2 / n`` per column."""
        if self._col_sq is None:
            self._col_sq = np.einsum("ij,ij->j", self.X_any, self.X_any) / self.n
        return self._col_sq

    def set_col_sq(self, col_sq):
        """Record ``||X_j||^2 / n`` computed elsewhere (the diagonal of ``X^T X / n``)."""
        if self._col_sq is None:
            self._col_sq = col_sq

    def basis(self, mask):
        """Orthonormal basis of the span of the columns in ``mask`` (cached)."""
        key = mask.tobytes()
        if key not in self._bases:
            self._bases[key] = range_basis(self.X[:, mask])
        return self._bases[key]

    def group_lipschitz(self, indptr, indices):
        """``||X_g||_2^2 / n`` per block (cached): the block step sizes."""
        key = (indptr.tobytes(), indices.tobytes())
        if key not in self._group_lipschitz:
            L = np.empty(indptr.shape[0] - 1)
            for g in range(L.shape[0]):
                cols = indices[indptr[g]:indptr[g + 1]]
                if cols.shape[0] == 1:
                    L[g] = self.col_sq[cols[0]]
                else:
                    L[g] = np.linalg.norm(self.X[:, cols], 2) ** 2 / self.n
            self._group_lipschitz[key] = L
        return self._group_lipschitz[key]


# --- driver ----------------------------------------------------------------------------

def _make_sweeps(design, penalty):
    """Bind the kernel and the penalty's parameters into ``sweeps(w, R, max_sweeps, d_w_tol)``."""
    from regkit.solvers import _sweep_kernels as kernels  # noqa: PLC0415 (numba, lazily)

    X = design.X
    if penalty.cd_kind == "separable":
        t = np.ascontiguousarray(penalty.thresholds(design.p), dtype=np.float64)
        b = np.ascontiguousarray(penalty.quadratic(design.p), dtype=np.float64)
        cols = np.arange(design.p, dtype=np.int64)
        kernel = kernels.sweeps_separable
        return lambda w, R, m, d_w_tol: kernel(X, w, R, design.col_sq, t, b, cols, m, d_w_tol)
    if penalty.cd_kind == "block":
        indptr, indices, thresholds = penalty.blocks()
        lipschitz = design.group_lipschitz(indptr, indices)
        buf = np.empty(int(np.max(np.diff(indptr))))
        kernel = kernels.sweeps_blocks
        thresholds = np.ascontiguousarray(thresholds, dtype=np.float64)
        return lambda w, R, m, d_w_tol: kernel(X, w, R, indptr, indices, thresholds, lipschitz,
                                               buf, m, d_w_tol)
    if penalty.cd_kind == "nonconvex":
        penalty.check_curvature(design.col_sq)
        kernel = kernels.sweeps_nonconvex
        args = (float(penalty.alpha), float(penalty.gamma), int(penalty.kind_code))
        return lambda w, R, m, d_w_tol: kernel(X, w, R, design.col_sq, *args, m, d_w_tol)
    raise ValueError(f"penalty {penalty!r} has unknown cd_kind {penalty.cd_kind!r}")


def kkt_target(design, tol):
    """The stopping level of a non-convex penalty's KKT violation (no duality gap there):
    ``tol * sqrt(||y||^2 / n * max_j ||X_j||^2 / n)``, the scale of ``|X_j^T y| / n``."""
    return tol * float(np.sqrt(design.yy / design.n * np.max(design.col_sq, initial=0.0)))


def convergence_message(solver, n_iter, gap, target):
    """The text of the ConvergenceWarning every regkit solver raises."""
    return (
        f"{solver} did not converge in max_iter={n_iter} iterations: duality gap {gap:.3e} > "
        f"target {target:.3e} (= tol * ||y||^2 / n). Increase max_iter, loosen tol, or "
        "standardize X."
    )


def coordinate_descent(design, penalty, *, tol=1e-4, max_iter=1000, coef_init=None,
                       gap_every=10, warn=True):
    """Minimise ``(1/(2n)) ||y - Xw||^2 + pen(w)`` by cyclic (block) coordinate descent.

    Parameters
    ----------
    design : Design
        The validated data (build with ``Design(X, y)``).
    penalty : regkit.penalties.Penalty
    tol : float
        Stop when the duality gap is at most ``tol * ||y||^2 / n``.
    max_iter : int
        Maximum number of sweeps over the coordinates.
    coef_init : ndarray (p,), optional
        Warm start. When given, the gap is checked before the first sweep, so an
        already-optimal start returns at once.
    gap_every : int
        Evaluate the gap at least every this many sweeps.
    warn : bool
        Warn ``ConvergenceWarning`` if ``max_iter`` runs out.

    Returns
    -------
    SolverResult
        For a non-convex penalty (``penalty.convex`` false: SCAD, MCP) ``gap`` is the
        largest KKT violation and ``target`` is :func:`kkt_target`: the result is a
        stationary point, which one depending on ``coef_init``.
    """
    X, y = design.X, design.y
    n, p = design.n, design.p
    target = tol * design.yy / n
    w = np.zeros(p) if coef_init is None else np.array(coef_init, dtype=np.float64)
    # all-zero columns do not affect the fit; 0 is their (penalized) optimum
    w[design.col_sq == 0.0] = 0.0
    R = y - X @ w if np.any(w) else y.copy()
    free = penalty.unpenalized(p)
    basis = design.basis(free) if np.any(free) else None

    def gap():
        return penalty_duality_gap(X, y, w, penalty, residual=R, basis=basis)

    if not getattr(penalty, "convex", True):
        # SCAD / MCP: no dual problem; certify a stationary point by its KKT violation
        target = kkt_target(design, tol)

        def gap():  # noqa: F811 (the non-convex certificate replaces the gap)
            return float(np.max(penalty.subdiff_distance(w, -(X.T @ R) / n), initial=0.0))

    if coef_init is not None:
        g = gap()
        if g <= target:
            return SolverResult(w, g, target, 0, True)
    sweeps = _make_sweeps(design, penalty)
    g = np.inf
    it = 0
    while it < max_iter:
        # run until the coefficients settle (or gap_every sweeps), then pay for a gap
        it += sweeps(w, R, min(gap_every, max_iter - it), tol)
        # the in-place residual drifts by rounding over many sweeps; refresh it
        R[:] = y - X @ w
        g = gap()
        if g <= target:
            return SolverResult(w, g, target, it, True)
    if warn:
        from regkit.exceptions import ConvergenceWarning  # noqa: PLC0415 (loads sklearn.exceptions)
        message = convergence_message("coordinate descent", max_iter, g, target)
        if not getattr(penalty, "convex", True):
            message = (f"coordinate descent did not converge in max_iter={max_iter} iterations: "
                       f"KKT violation {g:.3e} > target {target:.3e} (non-convex penalty: no "
                       "duality gap). Increase max_iter or loosen tol.")
        warnings.warn(message, ConvergenceWarning, stacklevel=4)  # caller of lasso() etc.
    return SolverResult(w, g, target, max_iter, False)


class PathResult(NamedTuple):
    """What :func:`enet_path_cd` returns: one column / entry per alpha.

    Attributes
    ----------
    coefs : ndarray (p, n_alphas)
    gaps : ndarray (n_alphas,)
        Duality gap reached at each alpha (``1/(2n)`` scale).
    target : float
        ``tol * ||y||^2 / n``.
    n_iter : ndarray (n_alphas,)
        Coordinate-descent sweeps (over working sets) per alpha.
    n_outer : ndarray (n_alphas,)
        Full gap evaluations per alpha (working-set rounds + 1).
    """

    coefs: np.ndarray
    gaps: np.ndarray
    target: float
    n_iter: np.ndarray
    n_outer: np.ndarray


def path_kernel_applies(alphas, l1_ratio):
    """True when :func:`enet_path_cd` can solve this path (every L1 threshold positive)."""
    # the thresholds themselves: alpha * l1_ratio underflows to 0 for subnormal alphas
    return l1_ratio > 0.0 and bool(np.all(np.asarray(alphas) * l1_ratio > 0.0))


def enet_path_cd(design, alphas, l1_ratio, *, tol=1e-4, max_iter=1000, skip=None,
                 coef_init=None, ws_min=10, gram=None, n_anderson=5):
    """Lasso / elastic-net solutions along ``alphas`` (in the given order), warm-started,
    in one compiled call.

    Each column minimises ``(1/(2n)) ||y - Xw||^2 + alpha * l1_ratio * ||w||_1
    + (alpha * (1 - l1_ratio) / 2) * ||w||^2`` to a duality gap of ``tol * ||y||^2 / n``,
    by coordinate descent on working sets with Gram updates (see the comment above
    ``regkit.solvers._path_kernel``).

    Parameters
    ----------
    design : Design
    alphas : ndarray (n_alphas,)
        Every ``alpha * l1_ratio`` must be positive (:func:`path_kernel_applies`).
        Decreasing order makes the warm starts effective.
    l1_ratio : float in (0, 1]
    tol : float
    max_iter : int
        Coordinate-descent sweeps (over a working set) allowed per alpha.
    skip : ndarray of bool (n_alphas,), optional
        Alphas known to give the all-zero solution (at or beyond ``alpha_max``).
    coef_init : ndarray (p,), optional
        Warm start for the first alpha.
    ws_min : int
        Working-set slack: how many coordinates beyond the support and the violators
        (see ``_working_set_size``).
    gram : bool, optional
        Precompute ``X^T X`` (default: when ``n > p``).
    n_anderson : int
        Iterates per Anderson extrapolation (0: none).

    Returns
    -------
    PathResult
        Coefficients, gaps and iteration counts per alpha.
    """
    from regkit.solvers._path_kernel import INNER_FRACTION, enet_path_kernel  # noqa: PLC0415
    y = design.y
    n, p = design.n, design.p
    alphas = np.ascontiguousarray(alphas, dtype=np.float64)
    skip = np.zeros(alphas.shape[0], dtype=np.bool_) if skip is None else np.asarray(skip, bool)
    target = tol * design.yy / n
    use_gram = n > p if gram is None else bool(gram)
    if use_gram:
        # the kernel reads X only to size its buffers on this route: no Fortran copy
        X = design.X_any
        G = X.T @ X  # one BLAS syrk call, from either layout
        G /= n
        design.set_col_sq(np.ascontiguousarray(np.diag(G)))
    else:
        X = design.X
        G = np.empty((0, 0))
    xty = X.T @ y / n
    w = np.zeros(p) if coef_init is None else np.array(coef_init, dtype=np.float64)
    w[design.col_sq == 0.0] = 0.0
    coefs = np.zeros((p, alphas.shape[0]), order="F")
    gaps = np.zeros(alphas.shape[0])
    n_iter = np.zeros(alphas.shape[0], dtype=np.int64)
    n_outer = np.zeros(alphas.shape[0], dtype=np.int64)
    enet_path_kernel(X, y, xty, G, use_gram, design.col_sq, alphas, skip, float(l1_ratio),
                     float(target), int(max_iter), int(ws_min), INNER_FRACTION, n_anderson, w, coefs, gaps, n_iter,
           n_outer)
    return PathResult(np.ascontiguousarray(coefs), gaps, target, n_iter, n_outer)
