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
(:func:`regkit.diagnostics.penalty_duality_gap`) is at most ``tol * ||y||^2 / n``. The gap
costs about one sweep, so it is evaluated only when a sweep changed no coefficient by
more than ``tol`` times the largest one, or after ``gap_every`` sweeps without a check,
and at ``max_iter``. The sweeps between checks run inside one compiled call.
"""

import warnings
from typing import NamedTuple

import numpy as np

from ..diagnostics import penalty_duality_gap
from ..exceptions import ConvergenceWarning
from ..penalties import range_basis

__all__ = ["coordinate_descent", "Design", "SolverResult"]


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

    Paths build it once and solve many times with warm starts.
    """

    def __init__(self, X, y):
        self.X = np.asfortranarray(X, dtype=np.float64)
        self.y = np.ascontiguousarray(y, dtype=np.float64)
        self.n, self.p = self.X.shape
        self.col_sq = np.einsum("ij,ij->j", self.X, self.X) / self.n
        self.yy = float(self.y @ self.y)
        self._bases = {}
        self._group_lipschitz = {}

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


# --- numba kernels -------------------------------------------------------------------
# Plain functions here, compiled on first use by _kernels(): numba costs ~0.5 s to import.
# They are self-contained (no calls to other Python functions) so each compiles alone.

def _sweeps_separable(X, w, R, col_sq, t, b, cols, max_sweeps, d_w_tol):
    """Cyclic passes over ``cols`` until a pass changes no coefficient by more than
    ``d_w_tol`` times the largest one, or ``max_sweeps`` passes; returns the passes run."""
    n = X.shape[0]
    for sweep in range(max_sweeps):
        d_w_max = 0.0
        w_max = 0.0
        for k in range(cols.shape[0]):
            j = cols[k]
            if col_sq[j] == 0.0:  # an all-zero column never moves (and never divides by 0)
                continue
            w_j = w[j]
            dot = 0.0
            for i in range(n):
                dot += X[i, j] * R[i]
            z = dot / n + col_sq[j] * w_j
            excess = abs(z) - t[j]
            new = 0.0
            if excess > 0.0:
                new = (excess if z > 0.0 else -excess) / (col_sq[j] + b[j])
            if new != w_j:
                delta = new - w_j
                for i in range(n):
                    R[i] -= delta * X[i, j]
                w[j] = new
                if abs(delta) > d_w_max:
                    d_w_max = abs(delta)
            if abs(new) > w_max:
                w_max = abs(new)
        if d_w_max <= d_w_tol * w_max:
            return sweep + 1
    return max_sweeps


def _sweeps_blocks(X, w, R, indptr, indices, thresholds, lipschitz, buf, max_sweeps, d_w_tol):
    """Passes of block proximal-gradient updates (block soft thresholding), stopping
    like :func:`_sweeps_separable`; returns the passes run."""
    n = X.shape[0]
    for sweep in range(max_sweeps):
        d_w_max = 0.0
        w_max = 0.0
        for g in range(indptr.shape[0] - 1):
            L = lipschitz[g]
            if L == 0.0:
                continue
            start = indptr[g]
            stop = indptr[g + 1]
            norm2 = 0.0
            for k in range(start, stop):
                j = indices[k]
                dot = 0.0
                for i in range(n):
                    dot += X[i, j] * R[i]
                z = w[j] + dot / (n * L)
                buf[k - start] = z
                norm2 += z * z
            norm = norm2 ** 0.5
            scale = 0.0
            if norm > thresholds[g] / L:
                scale = 1.0 - thresholds[g] / (L * norm)
            for k in range(start, stop):
                j = indices[k]
                new = scale * buf[k - start]
                delta = new - w[j]
                if delta != 0.0:
                    for i in range(n):
                        R[i] -= delta * X[i, j]
                    w[j] = new
                    if abs(delta) > d_w_max:
                        d_w_max = abs(delta)
                if abs(new) > w_max:
                    w_max = abs(new)
        if d_w_max <= d_w_tol * w_max:
            return sweep + 1
    return max_sweeps


_KERNELS = {}
# Reassociation lets LLVM vectorize the dot-product reductions (4x fewer dependent adds);
# no "nnan"/"ninf": an infinite threshold (weight inf) must keep its IEEE meaning.
_FASTMATH = {"reassoc", "contract"}


def _kernels():
    if not _KERNELS:
        import numba  # noqa: PLC0415  (lazy on purpose)

        jit = numba.njit(cache=True, nogil=True, fastmath=_FASTMATH)
        _KERNELS["separable"] = jit(_sweeps_separable)
        _KERNELS["block"] = jit(_sweeps_blocks)
    return _KERNELS


# --- driver ----------------------------------------------------------------------------

def _make_sweeps(design, penalty):
    """Bind the kernel and the penalty's parameters into ``sweeps(w, R, max_sweeps, d_w_tol)``."""
    kernels = _kernels()
    X = design.X
    if penalty.cd_kind == "separable":
        t = np.ascontiguousarray(penalty.thresholds(design.p), dtype=np.float64)
        b = np.ascontiguousarray(penalty.quadratic(design.p), dtype=np.float64)
        cols = np.arange(design.p, dtype=np.int64)
        kernel = kernels["separable"]
        return lambda w, R, m, d_w_tol: kernel(X, w, R, design.col_sq, t, b, cols, m, d_w_tol)
    if penalty.cd_kind == "block":
        indptr, indices, thresholds = penalty.blocks()
        lipschitz = design.group_lipschitz(indptr, indices)
        buf = np.empty(int(np.max(np.diff(indptr))))
        kernel = kernels["block"]
        thresholds = np.ascontiguousarray(thresholds, dtype=np.float64)
        return lambda w, R, m, d_w_tol: kernel(X, w, R, indptr, indices, thresholds, lipschitz,
                                               buf, m, d_w_tol)
    raise ValueError(f"penalty {penalty!r} has unknown cd_kind {penalty.cd_kind!r}")


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
        warnings.warn(convergence_message("coordinate descent", max_iter, g, target),
                      ConvergenceWarning, stacklevel=4)  # the caller of lasso() / lasso_path()
    return SolverResult(w, g, target, max_iter, False)

