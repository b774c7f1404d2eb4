"""Coordinate descent for ``(1/(2n)) ||y - Xw||^2 + pen(w)``, written once for every penalty.

One sweep visits the coordinates (or blocks) in order and minimises the objective in
each while holding the others fixed. For a separable penalty with L1 threshold ``t_j``
and quadratic weight ``b_j`` that minimiser is closed-form:

    w_j <- soft_threshold(X_j^T R / n + ||X_j||^2 / n * w_j, t_j) / (||X_j||^2 / n + b_j),

where ``R = y - Xw`` is the residual, kept up to date in place (O(n) per coordinate, so
one sweep costs O(np)). For a block penalty (group lasso) each block takes one proximal
gradient step with its own Lipschitz constant ``||X_g||_2^2 / n`` (block soft
thresholding), which for blocks of size 1 is the exact coordinate update above.

This is regkit's one coordinate-descent driver. The sweep itself is written once
(:mod:`regkit.solvers._cd_kernels`) for the two data layouts of
:mod:`regkit.solvers.design` (dense, and CSC centred implicitly); the penalty picks the
compiled step (``penalty.cd_step``: soft thresholding, bounded, group, MCP, SCAD) and
supplies its parameters. The kernels are compiled with numba on first use (numba is
imported then, not at ``import regkit``). The same driver, with
:class:`~regkit.penalties.BoundedElasticNet`, solves the estimators' bounded, weighted and
sparse problems (:func:`box_cd`, :func:`box_path`); the warm-started dense lasso / enet
paths have their own compiled working-set solver on the Gram layout (:func:`enet_path_cd`).

Stopping rule, as scikit-learn: stop when the duality gap
(:func:`regkit.certificates.penalty_duality_gap`) is at most ``tol * ||y||^2 / n``. The gap
costs about one sweep, so it is evaluated only when a sweep changed no coefficient by
more than ``tol`` times the largest one, or after ``gap_every`` sweeps without a check,
and at ``max_iter``. The sweeps between checks run inside one compiled call.
"""

import warnings
from typing import NamedTuple

import numpy as np

from regkit.certificates import bounded_duality_gap, penalty_duality_gap
from regkit.penalties import BoundedElasticNet
from regkit.solvers.design import Design, LinearDesign

__all__ = ["coordinate_descent", "box_cd", "box_path", "enet_path_cd", "Design", "LinearDesign",
           "SolverResult"]


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


# --- driver ----------------------------------------------------------------------------

_STEP_KINDS = {"soft": 0, "box": 1, "mcp": 2, "scad": 3, "group": 4}  # _cd_kernels' kinds


def _make_sweeps(design, penalty):
    """Bind the one compiled sweep to the design's layout and the penalty's step:
    ``sweeps(w, R_kernel, state, max_sweeps, d_w_tol, seed)``."""
    from regkit.solvers import _cd_kernels as kernels  # noqa: PLC0415 (numba, lazily)

    p = design.p
    kind = _STEP_KINDS.get(penalty.cd_step)
    if kind is None:
        raise ValueError(f"penalty {penalty!r} has unknown cd_step {penalty.cd_step!r}")
    if kind == kernels.GROUP:
        indptr, indices, t = penalty.blocks()
        L = design.group_lipschitz(indptr, indices)
        size = int(np.max(np.diff(indptr)))
        b, lower, upper = np.zeros(t.shape[0]), np.zeros(t.shape[0]), np.zeros(t.shape[0])
    else:
        indptr, indices = np.arange(p + 1, dtype=np.int64), np.arange(p, dtype=np.int64)
        L, size = design.col_sq, 1
        t, b = penalty.thresholds(p), penalty.quadratic(p)
        lower, upper = penalty.bounds(p)
        if not penalty.convex:
            penalty.check_curvature(design.col_sq)
    blocks = (indptr, indices, np.ascontiguousarray(L, dtype=np.float64))
    params = tuple(np.ascontiguousarray(a, dtype=np.float64) for a in (t, b, lower, upper))
    params += (float(getattr(penalty, "gamma", 0.0)),)
    layout, buf, sweeps = design.layout(), np.empty(size), kernels.SWEEPS[kind]
    return lambda w, R, state, m, d_w_tol, seed: sweeps(layout, blocks, params, w, R, state,
                                                         buf, m, d_w_tol, seed)


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


def _certificate(design, penalty, tol, basis):
    """``(gap(w, R), target)``: the duality gap and ``tol * ||y||^2 / n`` or, for a
    non-convex penalty, the largest KKT violation and :func:`kkt_target`."""
    n = design.n
    if not penalty.convex:
        return (lambda w, R: float(np.max(penalty.subdiff_distance(w, -design.correlations(R) / n),
                                          initial=0.0))), kkt_target(design, tol)
    if penalty.cd_step == "box":
        return (lambda w, R: bounded_duality_gap(design, w, R, penalty, basis)), \
            tol * design.yy / n
    return (lambda w, R: penalty_duality_gap(design.X, design.y, w, penalty, residual=R,
                                             basis=basis)), tol * design.yy / n


def coordinate_descent(design, penalty, *, tol=1e-4, max_iter=1000, coef_init=None,
                       gap_every=10, warn=True, basis=None, seed=-1, check_start=None):
    """Minimise ``(1/(2n)) ||y - Xw||^2 + pen(w)`` by (block) coordinate descent.

    Parameters
    ----------
    design : Design or LinearDesign
        The validated data (dense; :class:`LinearDesign` also weighted, centred, sparse).
    penalty : regkit.penalties.Penalty
        Its ``cd_step`` picks the compiled step; a non-dense design takes
        :class:`~regkit.penalties.BoundedElasticNet` (see :func:`box_cd`).
    tol : float
        Stop when the duality gap is at most ``tol * ||y||^2 / n``.
    max_iter : int
        Maximum number of sweeps over the coordinates; 0 returns the start.
    coef_init : ndarray (p,), optional
        Warm start (clipped to the penalty's bounds).
    gap_every : int
        Evaluate the gap at least every this many sweeps.
    warn : bool
        Warn ``ConvergenceWarning`` if ``max_iter`` runs out.
    basis : ndarray, optional
        Orthonormal basis of the unpenalized columns' span (computed when needed).
    seed : int
        ``-1``: cyclic order; otherwise each sweep visits the coordinates in a random order
        drawn from this seed (scikit-learn's ``selection="random"``).
    check_start : bool, optional
        Evaluate the gap before the first sweep, so an already-optimal start returns at
        once (default: when ``coef_init`` is given).

    Returns
    -------
    SolverResult
        For a non-convex penalty (``penalty.convex`` false: SCAD, MCP) ``gap`` is the
        largest KKT violation and ``target`` is :func:`kkt_target`: the result is a
        stationary point, which one depending on ``coef_init``.
    """
    p = design.p
    w = np.zeros(p) if coef_init is None else np.array(coef_init, dtype=np.float64)
    w = np.clip(w, *penalty.bounds(p))
    # all-zero columns do not affect the fit; 0 is their (penalized) optimum, as it is of a
    # coordinate with an infinite threshold
    w[design.col_sq == 0.0] = 0.0
    if penalty.cd_step != "group":
        w[~np.isfinite(penalty.thresholds(p))] = 0.0
    if basis is None:
        free = penalty.unpenalized(p)
        basis = design.basis(free) if np.any(free) else None
    gap, target = _certificate(design, penalty, tol, basis)
    R, R_kernel, state = design.kernel_residual(w)
    g = np.inf
    if (coef_init is not None) if check_start is None else check_start:
        g = gap(w, R)
        if (g <= target and target > 0.0) or max_iter == 0:
            return SolverResult(w, g, target, 0, g <= target)
    sweeps = _make_sweeps(design, penalty)
    it = calls = 0
    while it < max_iter:
        chunk = min(gap_every, max_iter - it)
        calls += 1
        # a new random stream per compiled call, so the chunks between gap checks differ
        ran = sweeps(w, R_kernel, state, chunk, tol,
                     -1 if seed < 0 else (seed + 7919 * calls) % (2**31 - 1))
        it += ran
        # tol=0: a gap of 0 is below rounding, so stop only at an exact fixed point (a
        # sweep that moved nothing) or at max_iter
        settled = ran < chunk or tol > 0.0
        # the in-place residual drifts by rounding over many sweeps; refresh it
        R, R_kernel, state = design.kernel_residual(w)
        g = gap(w, R)
        if g <= target and settled:
            return SolverResult(w, g, target, it, True)
    if warn:
        from regkit.exceptions import ConvergenceWarning  # noqa: PLC0415 (loads sklearn.exceptions)
        message = convergence_message("coordinate descent", max_iter, g, target)
        if not penalty.convex:
            message = (f"coordinate descent did not converge in max_iter={max_iter} iterations: "
                       f"KKT violation {g:.3e} > target {target:.3e} (non-convex penalty: no "
                       "duality gap). Increase max_iter or loosen tol.")
        warnings.warn(message, ConvergenceWarning, stacklevel=4)  # caller of lasso() etc.
    return SolverResult(w, g, target, max_iter, False)


def box_cd(design, t, b, lower, upper, **kwargs):
    """Minimise ``(1/(2n)) ||ys - A w||^2 + sum_j t_j |w_j| + (b_j / 2) w_j^2`` subject to
    ``lower_j <= w_j <= upper_j`` over a :class:`LinearDesign` (dense or sparse): the
    solver behind the estimators' ``positive=``, bounds, ``penalty_factor=``, sample
    weights and sparse input.

    :func:`coordinate_descent` with :class:`~regkit.penalties.BoundedElasticNet`, the
    gap checked before the first sweep; ``kwargs`` are its keywords.
    """
    kwargs.setdefault("check_start", True)
    return coordinate_descent(design, BoundedElasticNet(t, b, lower, upper), **kwargs)


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
        penalty = BoundedElasticNet(t, b, lower, upper)
        if k == 0:
            free = penalty.unpenalized(design.p)
            basis = design.basis(free) if np.any(free) else None
        if design.sparse:
            res = _working_set_cd(design, penalty, tol=tol, max_iter=max_iter, coef_init=w,
                                  basis=basis, seed=seed)
        else:
            res = coordinate_descent(design, penalty, tol=tol, max_iter=max_iter, coef_init=w,
                                     basis=basis, seed=seed, check_start=True)
        w = res.coef
        coefs[:, k] = w
        gaps[k] = res.gap
        n_iter[k] = res.n_iter
    return coefs, gaps, n_iter


def _working_set_cd(design, penalty, *, tol, max_iter, coef_init, basis, seed, ws_min=100):
    """:func:`box_cd` on working sets: coordinate descent on the support and the worst KKT
    violators only, grown until the duality gap of the whole problem is at most
    ``tol * ||ys||^2 / n``. For sparse designs with many columns, where a full sweep visits
    every column and most stay at zero along a path.

    Each round solves the problem restricted to the working set ``W`` (its gap to half the
    target), then checks the whole problem. If no coordinate outside ``W`` violates its
    optimality condition (``A_j^T R / n`` beyond ``t_j`` in a direction its bounds allow),
    the whole problem's dual point is the restricted one and its gap is the restricted
    gap, so the rounds end; otherwise ``W`` at least doubles with the worst violators.
    """
    p, n = design.p, design.n
    t, b = penalty.thresholds(p), penalty.quadratic(p)
    lower, upper = penalty.bounds(p)
    w = np.zeros(p) if coef_init is None else np.clip(coef_init, lower, upper)
    w[(design.col_sq == 0.0) | ~np.isfinite(t)] = 0.0
    target = tol * design.yy / n
    always = (t == 0) & (b == 0)  # the unpenalized columns stay in every working set
    size = 0
    it = 0
    while True:
        R = design.residual(w)
        g = bounded_duality_gap(design, w, R, penalty, basis)
        if g <= target or it >= max_iter:
            break
        c = design.correlations(R) / n
        with np.errstate(invalid="ignore"):
            excess = np.maximum(np.where(upper > 0, c - t, -np.inf),
                                np.where(lower < 0, -c - t, -np.inf))
        excess[(w != 0) | always] = np.inf
        excess[design.col_sq == 0.0] = -np.inf
        n_in = int(np.count_nonzero(excess > 0))
        if n_in == 0:
            break  # only the restricted gap is left, and it did not converge: max_iter
        size = min(p, max(n_in, 2 * size, ws_min))
        cols = np.sort(np.argpartition(-excess, size - 1)[:size]) if size < p else np.arange(p)
        cols = cols[excess[cols] > -np.inf] if size < p else cols
        sub = design.subset(cols)
        sub_pen = BoundedElasticNet(t[cols], b[cols], lower[cols], upper[cols])
        res = coordinate_descent(sub, sub_pen, tol=tol / 2, max_iter=max_iter - it,
                                 coef_init=w[cols], seed=seed, check_start=True, warn=False)
        it += max(res.n_iter, 1)
        w = np.zeros(p)
        w[cols] = res.coef
    if g > target:
        from regkit.exceptions import ConvergenceWarning  # noqa: PLC0415 (loads sklearn.exceptions)
        warnings.warn(convergence_message("coordinate descent", max_iter, g, target),
                      ConvergenceWarning, stacklevel=4)
    return SolverResult(w, g, target, it, g <= target)


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
    # the Gram route reads X_any, whose X^T y the path's alpha_max already formed
    xty = (design.xty if use_gram else X.T @ y) / n
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
