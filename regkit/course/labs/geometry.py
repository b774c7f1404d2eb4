r"""Constraint regions of the L1, L2 and Lq penalties: small exact solvers for the geometry chapter.

Least squares can be regularized in two forms that give the same family of solutions:

* penalized:   ``argmin_w  f(w) + alpha * P(w)``
* constrained: ``argmin_w  f(w)  subject to  ||w||_q <= t``

with ``f(w) = ||y - Xw||^2``. This module solves the constrained form directly, without
going through a penalized solver, so that the book can check the equivalence instead of
assuming it:

* :func:`l1_constrained`: accelerated projected gradient onto the L1 ball, stopped by the
  Frank-Wolfe gap (a certificate: ``f(w) - f* <= gap``), then polished to round-off by
  solving the KKT system on the support it found.
* :func:`l2_constrained`: the Lagrange multiplier found by a 1-D root search on the SVD.
* :func:`lasso_alpha_from_kkt`, :func:`ridge_alpha_from_kkt`: read the penalized form's
  ``alpha`` off a solution, from its optimality conditions.
* two-dimensional problems ``min (w - c)^T A (w - c)`` over any Lq ball
  (:func:`l1_ball_2d` exactly, by checking vertices and edges; :func:`lq_ball_2d` for any
  ``q > 0``, by a global search along the boundary curve), vectorized over many centres ``c``
  so that simulations of "how often is the solution on a corner" cost milliseconds.
* :func:`bridge_threshold`: the 1-D minimiser of ``(z - w)^2 / 2 + alpha |w|^q``.

For least squares, ``||y - Xw||^2 = (w - c)^T A (w - c) + ||y - X c||^2`` with ``A = X^T X``
and ``c`` the least-squares solution, so the 2-D functions cover every 2-feature design.
"""

import warnings

import numpy as np

from regkit._validation import check_array, check_scalar, check_X_y

__all__ = [
    "lq_norm", "lq_unit_ball", "project_l1_ball", "l1_constrained", "l1_ball_gap",
    "l2_constrained", "lasso_alpha_from_kkt", "ridge_alpha_from_kkt", "ellipse_quadratic",
    "quadratic_loss", "l1_ball_2d", "lq_ball_2d", "bridge_threshold", "random_centres",
    "corner_fraction_2d", "sparsity_simulation",
]


# ---------------------------------------------------------------------------------------
# norms and balls
# ---------------------------------------------------------------------------------------

def _check_q(q):
    return check_scalar(q, "q", low=0.0, low_inclusive=False)


def lq_norm(w, q, axis=-1):
    """``(sum_j |w_j|^q)^(1/q)`` along ``axis`` (a quasi-norm when ``q < 1``)."""
    q = _check_q(q)
    a = np.abs(np.asarray(w, dtype=float))
    if q == 1.0:
        return a.sum(axis=axis)
    return (a ** q).sum(axis=axis) ** (1.0 / q)


def lq_unit_ball(q, t=1.0, n_points=801):
    r"""Points on the boundary ``|w_1|^q + |w_2|^q = t^q``, as a closed curve.

    Parameterized by the angle: ``w(phi) = t u(phi) / ||u(phi)||_q`` with
    ``u = (cos phi, sin phi)``. The four axis points are placed exactly, so that the curve
    passes through the corners ``(+-t, 0)`` and ``(0, +-t)`` of the q <= 1 balls.

    Returns
    -------
    ndarray (n_points, 2), first row equal to the last
    """
    q = _check_q(q)
    t = check_scalar(t, "t", low=0.0)
    n_points = 4 * max(1, (int(n_points) - 1) // 4) + 1  # multiple of 4 segments: axes on the grid
    phi = np.linspace(0.0, 2 * np.pi, n_points)
    pts = _boundary(phi, q, t)
    return pts


def _boundary(phi, q, t):
    """Boundary points at angles ``phi`` (any shape), axis angles snapped to exact corners."""
    u = np.stack([np.cos(phi), np.sin(phi)], axis=-1)
    # cos(pi/2) is 6e-17, not 0: snap coordinates that should vanish
    u[np.abs(u) < 1e-15] = 0.0
    return t * u / lq_norm(u, q)[..., None]


def project_l1_ball(v, t):
    r"""Euclidean projection of ``v`` onto the L1 ball ``{w : ||w||_1 <= t}``.

    The projection is a soft threshold, ``sign(v) max(|v| - theta, 0)``, with ``theta = 0``
    if ``v`` is already inside, otherwise the ``theta > 0`` that makes ``||w||_1 = t``. The
    thresholded L1 norm is piecewise linear and decreasing in ``theta`` with kinks at the
    ``|v_j|``, so sorting ``|v|`` gives ``theta`` exactly in ``O(p log p)``.

    Parameters
    ----------
    v : array_like (p,)
    t : float >= 0

    Returns
    -------
    ndarray (p,)
    """
    v = check_array(v, "v", ndim=1)
    t = check_scalar(t, "t", low=0.0)
    return _project_l1(v, t)


def _project_l1(v, t):
    """project_l1_ball without the input checks (called once per solver iteration)."""
    a = np.abs(v)
    if a.sum() <= t:
        return v.copy()
    if t == 0.0:
        return np.zeros_like(v)
    u = np.sort(a)[::-1]
    excess = np.cumsum(u) - t  # sum of the k largest minus t: k * theta if exactly k survive
    k = np.arange(1, u.size + 1)
    last = np.flatnonzero(u * k > excess)[-1]  # the number of survivors, minus one
    theta = excess[last] / (last + 1)
    return np.sign(v) * np.maximum(a - theta, 0.0) + 0.0  # + 0.0 turns -0.0 into 0.0


# ---------------------------------------------------------------------------------------
# constrained least squares in any dimension
# ---------------------------------------------------------------------------------------

def l1_ball_gap(X, y, w, t):
    r"""Frank-Wolfe gap of ``min ||y - Xw||^2 s.t. ||w||_1 <= t`` at a feasible ``w``.

    For a convex ``f`` and any feasible ``w``,
    ``f(w) - f* <= max_{||s||_1 <= t} grad f(w)^T (w - s) = grad^T w + t ||grad||_inf``,
    so a small gap certifies that ``w`` is nearly optimal.
    """
    X, y = check_X_y(X, y)
    w = check_array(w, "w", ndim=1)
    grad = 2.0 * (X.T @ (X @ w - y))
    return float(grad @ w + t * np.max(np.abs(grad)))


def _polish_l1(G, b, t, w):
    r"""The exact solution on the support and signs of ``w``, if they are the right ones.

    On a support ``S`` with signs ``s`` and an active constraint, the KKT conditions of
    ``min w^T G w - 2 b^T w  s.t. ||w||_1 <= t`` are linear:
    ``2 (G_SS v - b_S) + mu s = 0`` and ``s^T v = t``. Their solution is accepted only if
    it keeps the signs, has ``mu >= 0`` and satisfies ``|2 (b_j - G_j v)| <= mu`` off ``S``.
    """
    S = np.flatnonzero(w)
    if S.size == 0:
        return None
    s = np.sign(w[S])
    G_SS = G[np.ix_(S, S)]
    try:
        Gb = np.linalg.solve(G_SS, b[S])
        Gs = np.linalg.solve(G_SS, s)
    except np.linalg.LinAlgError:
        return None
    if not (np.all(np.isfinite(Gb)) and np.all(np.isfinite(Gs))) or s @ Gs <= 0:
        return None
    mu = 2.0 * (s @ Gb - t) / (s @ Gs)
    v = Gb - 0.5 * mu * Gs
    if mu < 0 or np.any(np.sign(v) != s):
        return None
    full = np.zeros_like(w)
    full[S] = v
    corr = 2.0 * np.abs(b - G @ full)
    if np.any(corr > mu * (1 + 1e-7) + 1e-12 * max(1.0, np.abs(b).max())):
        return None
    return full


def l1_constrained(X, y, t, *, tol=1e-12, max_iter=20000):
    r"""Least squares in an L1 ball: ``argmin_w ||y - Xw||^2  subject to  ||w||_1 <= t``.

    Solved directly (no penalized solver involved): accelerated projected gradient with
    adaptive restart, stopped when the Frank-Wolfe gap (:func:`l1_ball_gap`) is at most
    ``tol * ||y||^2``; then the KKT system on the support found is solved exactly, so the
    non-zero coefficients are accurate to round-off and the zeros are exact zeros.

    Parameters
    ----------
    X : array_like (n, p)
    y : array_like (n,)
    t : float >= 0
        The budget. If the least-squares solution (full column rank) is inside the ball
        it is returned: the constraint is inactive.
    tol : float, default 1e-12
        Relative Frank-Wolfe gap at which the iterations stop.
    max_iter : int, default 20000
        Running out warns :class:`~regkit.exceptions.ConvergenceWarning`.

    Returns
    -------
    w : ndarray (p,)
    """
    X, y = check_X_y(X, y)
    t = check_scalar(t, "t", low=0.0)
    tol = check_scalar(tol, "tol", low=0.0)
    p = X.shape[1]
    if t == 0.0:
        return np.zeros(p)
    G, b = X.T @ X, X.T @ y
    w_ls, _, rank, _ = np.linalg.lstsq(X, y, rcond=None)
    if rank == p and np.abs(w_ls).sum() <= t:
        return w_ls
    return _l1_gram(G, b, t, lip=2.0 * np.linalg.eigvalsh(G)[-1], scale=float(y @ y), tol=tol,
                    max_iter=max_iter)


def _l1_gram(G, b, t, *, lip, scale, tol=1e-12, max_iter=20000):
    """l1_constrained on the Gram form ``w^T G w - 2 b^T w``; ``lip`` = 2 * largest eigenvalue."""
    p = G.shape[0]
    if lip == 0.0:
        return np.zeros(p)  # X = 0: every w fits equally badly
    target = tol * max(scale, np.finfo(float).tiny)
    w = np.zeros(p)
    z, momentum = w.copy(), 1.0
    gap = np.inf
    for it in range(int(max_iter)):
        w_new = _project_l1(z - 2.0 * (G @ z - b) / lip, t)
        # restart the momentum when it points uphill (O'Donoghue & Candes' gradient test)
        if (z - w_new) @ (w_new - w) > 0:
            momentum = 1.0
        next_m = 0.5 * (1.0 + np.sqrt(1.0 + 4.0 * momentum ** 2))
        z = w_new + ((momentum - 1.0) / next_m) * (w_new - w)
        w, momentum = w_new, next_m
        if it % 10 == 0:
            grad = 2.0 * (G @ w - b)
            gap = grad @ w + t * np.max(np.abs(grad))
            if gap <= target:
                break
    else:
        from regkit.exceptions import ConvergenceWarning  # noqa: PLC0415 (loads sklearn.exceptions)
        warnings.warn(
            f"l1_constrained stopped at max_iter={max_iter} with Frank-Wolfe gap {gap:.3e} "
            f"(target {target:.3e})", ConvergenceWarning, stacklevel=3)
    polished = _polish_l1(G, b, t, w)
    if polished is None:
        # a coordinate that is still shrinking towards 0 can hide the true support
        w_pruned = np.where(np.abs(w) > 1e-9 * np.abs(w).max(), w, 0.0)
        polished = _polish_l1(G, b, t, w_pruned)
    return w if polished is None else polished


def lasso_alpha_from_kkt(X, y, coef):
    r"""The lasso ``alpha`` at which ``coef`` is optimal, read off the KKT conditions.

    For ``(1/(2n)) ||y - Xw||^2 + alpha ||w||_1`` the conditions are
    ``X_j^T (y - Xw) / n = alpha sign(w_j)`` where ``w_j != 0`` and
    ``|X_j^T (y - Xw)| / n <= alpha`` elsewhere, so a solution with a non-zero coefficient
    has ``alpha = ||X^T (y - Xw)||_inf / n``. (An all-zero ``coef`` is optimal for every
    ``alpha >= alpha_max``; the value returned is then ``alpha_max``, the smallest of them.)
    """
    X, y = check_X_y(X, y)
    coef = check_array(coef, "coef", ndim=1)
    return float(np.max(np.abs(X.T @ (y - X @ coef))) / X.shape[0])


def ridge_alpha_from_kkt(X, y, coef):
    r"""The ridge ``alpha`` at which ``coef`` is optimal, read off the normal equations.

    For ``||y - Xw||^2 + alpha ||w||^2`` the optimum has ``X^T (y - Xw) = alpha w``; the
    returned value is the least-squares fit of that scalar, ``w^T X^T (y - Xw) / ||w||^2``,
    exact when ``coef`` is a ridge solution.
    """
    X, y = check_X_y(X, y)
    coef = check_array(coef, "coef", ndim=1)
    norm2 = float(coef @ coef)
    if norm2 == 0.0:
        raise ValueError(
            "coef is all zeros: every alpha >= alpha_max gives it, none is singled out")
    return float(coef @ (X.T @ (y - X @ coef)) / norm2)


def l2_constrained(X, y, t, *, return_alpha=False):
    r"""Least squares in an L2 ball: ``argmin_w ||y - Xw||^2  subject to  ||w||_2 <= t``.

    With ``X = U diag(d) V^T`` and ``z = U^T y``, the ridge solution is
    ``w(alpha) = V (d z / (d^2 + alpha))`` and its norm decreases strictly in ``alpha``.
    If the minimum-norm least-squares solution ``w(0)`` is inside the ball it is the answer
    (``alpha = 0``); otherwise the Lagrange multiplier is the root of
    ``||w(alpha)|| = t``, found by Brent's method on a bracket that is known in advance.

    Parameters
    ----------
    X : array_like (n, p)
    y : array_like (n,)
    t : float >= 0
    return_alpha : bool, default False
        Also return the multiplier, i.e. the ``alpha`` of ``||y - Xw||^2 + alpha ||w||^2``.

    Returns
    -------
    w : ndarray (p,)
    alpha : float (if ``return_alpha``); ``inf`` when ``t = 0``
    """
    X, y = check_X_y(X, y)
    t = check_scalar(t, "t", low=0.0)
    U, d, Vt = np.linalg.svd(X, full_matrices=False)
    keep = d > d.max() * max(X.shape) * np.finfo(float).eps  # numerically zero directions
    d, U, Vt = d[keep], U[:, keep], Vt[keep]
    w, alpha = _l2_secular(d ** 2, Vt.T, d * (U.T @ y), t, X.shape[1])
    return (w, alpha) if return_alpha else w


def _l2_secular(d2, V, dz, t, p):
    """Solve ``||w(alpha)|| = t`` with ``w(alpha) = V (dz / (d2 + alpha))`` (see l2_constrained)."""
    from scipy.optimize import brentq

    if t == 0.0 or not np.any(dz):
        return np.zeros(p), (np.inf if t == 0.0 else 0.0)

    def excess(alpha):
        return np.linalg.norm(dz / (d2 + alpha)) - t

    if excess(0.0) <= 0:
        return V @ (dz / d2), 0.0
    # d / (d^2 + a) <= 1 / a * d, so ||w(a)|| <= ||d z|| / a: the root is below ||d z|| / t
    hi = np.linalg.norm(dz) / t
    alpha = brentq(excess, 0.0, hi, xtol=1e-14 * hi, rtol=4 * np.finfo(float).eps, maxiter=500)
    return V @ (dz / (d2 + alpha)), alpha


# ---------------------------------------------------------------------------------------
# two dimensions: (w - c)^T A (w - c) over an Lq ball, vectorized over centres c
# ---------------------------------------------------------------------------------------

def ellipse_quadratic(angle, aspect):
    r"""The 2x2 matrix ``A`` whose level sets ``(w - c)^T A (w - c) = r^2`` are ellipses with
    the long axis at ``angle`` degrees and long/short axis ratio ``aspect``.

    ``A = v v^T + u u^T / aspect^2`` with ``u`` the unit vector at ``angle`` and ``v`` its
    normal: curvature 1 across the ellipses, ``1 / aspect^2`` along them.
    """
    angle = check_scalar(angle, "angle", low=None)
    aspect = check_scalar(aspect, "aspect", low=1.0)
    th = np.deg2rad(angle)
    u = np.array([np.cos(th), np.sin(th)])
    v = np.array([-np.sin(th), np.cos(th)])
    return np.outer(v, v) + np.outer(u, u) / aspect ** 2


def quadratic_loss(w, A, c):
    """``(w - c)^T A (w - c)`` for points ``w`` of shape (..., 2) (broadcast against ``c``)."""
    r = np.asarray(w, dtype=float) - np.asarray(c, dtype=float)
    A = np.asarray(A, dtype=float)
    r1, r2 = r[..., 0], r[..., 1]
    # written out: einsum with broadcast batch axes is several times slower here
    return A[..., 0, 0] * r1 * r1 + (A[..., 0, 1] + A[..., 1, 0]) * r1 * r2 + A[..., 1, 1] * r2 * r2


def _check_2d(A, c, t):
    A = np.asarray(A, dtype=float)
    c = np.asarray(c, dtype=float)
    if A.shape != (2, 2):
        raise ValueError(f"A must have shape (2, 2), got {A.shape}")
    if c.ndim not in (1, 2) or c.shape[-1] != 2:
        raise ValueError(f"c must have shape (2,) or (m, 2), got {c.shape}")
    if not (np.all(np.isfinite(A)) and np.all(np.isfinite(c))):
        raise ValueError("A and c must be finite (no NaN or infinity)")
    if not np.allclose(A, A.T) or np.linalg.eigvalsh(A)[0] <= 0:
        raise ValueError(
            "A must be symmetric positive definite (the loss needs a unique minimiser)")
    t = check_scalar(t, "t", low=0.0, low_inclusive=False)
    return A, c, t


_CORNERS = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])


def _pick(cands, A, c):
    """The candidate (shape (m, k, 2)) with the smallest loss, first one on ties."""
    best = np.argmin(quadratic_loss(cands, A, c[:, None]), axis=1)
    return cands[np.arange(cands.shape[0]), best]


def l1_ball_2d(A, c, t):
    r"""Exact ``argmin (w - c)^T A (w - c)  s.t.  |w_1| + |w_2| <= t``, for one or many ``c``.

    If ``c`` is inside the diamond it is the answer. Otherwise the minimiser is on the
    boundary, which is four vertices and four edges: on the edge from vertex ``P`` to
    ``Q`` the loss is a 1-D quadratic in ``s in [0, 1]`` minimised in closed form and
    clipped. The best of the eight candidates is the solution; a vertex comes out as an
    exact ``(+-t, 0)`` or ``(0, +-t)``.

    Parameters
    ----------
    A : array_like (2, 2), symmetric positive definite
    c : array_like (2,) or (m, 2)
    t : float > 0

    Returns
    -------
    ndarray, the shape of ``c``
    """
    A, c, t = _check_2d(A, c, t)
    single = c.ndim == 1
    cm = np.atleast_2d(c)
    V = t * _CORNERS
    P, D = V, np.roll(V, -1, axis=0) - V        # edges P -> P + D, D = Q - P exactly
    AD = D @ A                                  # (4, 2)
    r = P[None] - cm[:, None]                   # (m, 4, 2)
    s = np.clip(-np.sum(r * AD, axis=-1) / np.sum(D * AD, axis=-1), 0.0, 1.0)
    edge = P[None] + s[..., None] * D[None]
    cands = np.concatenate([np.broadcast_to(V, (cm.shape[0], 4, 2)), edge], axis=1)
    out = _pick(cands, A, cm)
    inside = np.abs(cm).sum(axis=1) <= t
    out[inside] = cm[inside]
    return out[0] if single else out


def _boundary_search(A, cm, t, q, n_grid, n_zoom):
    """Best point of the Lq ball's boundary curve, corners included exactly (see lq_ball_2d)."""
    m = cm.shape[0]
    phi = np.linspace(0.0, 2 * np.pi, int(n_grid), endpoint=False)
    pts = _boundary(phi, q, t)
    # loss up to a constant: w^T A w - 2 c^T A w, one matrix product for all problems
    loss = np.sum((pts @ A) * pts, axis=1)[None] - 2.0 * (cm @ A) @ pts.T
    centre = phi[np.argmin(loss, axis=1)]
    half = 2 * np.pi / n_grid
    offsets = np.linspace(-1.0, 1.0, 33)
    for _ in range(int(n_zoom)):
        grid = centre[:, None] + half * offsets[None]
        loss = quadratic_loss(_boundary(grid, q, t), A, cm[:, None])
        centre = grid[np.arange(m), np.argmin(loss, axis=1)]
        half /= 16.0
    smooth = _boundary(centre, q, t)
    # corners first, so that a tie goes to the exact corner
    cands = np.concatenate([np.broadcast_to(t * _CORNERS, (m, 4, 2)), smooth[:, None]], axis=1)
    return _pick(cands, A, cm)


def lq_ball_2d(A, c, t, q, *, n_grid=2048, n_zoom=6):
    r"""``argmin (w - c)^T A (w - c)  s.t.  |w_1|^q + |w_2|^q <= t^q``, for one or many ``c``.

    Works for every ``q > 0``, including the non-convex balls ``q < 1``. If ``c`` is inside
    the ball it is the answer; otherwise the minimiser lies on the boundary (an interior
    minimiser of a convex quadratic would be ``c`` itself), which is a closed curve
    ``w(phi)`` parameterized by the angle. A global grid of ``n_grid`` angles followed by
    ``n_zoom`` rounds of local refinement (each 16 times finer) finds the best smooth
    boundary point (to about 1e-8 relative: the loss is flat at its minimum, so round-off
    in the loss limits the position); the four corners ``(+-t, 0), (0, +-t)`` are
    compared as exact candidates, so a solution on an axis has an exact zero. ``q = 1`` is
    solved exactly by :func:`l1_ball_2d`.

    Parameters
    ----------
    A : array_like (2, 2), symmetric positive definite
    c : array_like (2,) or (m, 2)
    t : float > 0
    q : float > 0

    Returns
    -------
    ndarray, the shape of ``c``
    """
    q = _check_q(q)
    if q == 1.0:
        return l1_ball_2d(A, c, t)
    A, c, t = _check_2d(A, c, t)
    single = c.ndim == 1
    cm = np.atleast_2d(c)
    out = _boundary_search(A, cm, t, q, n_grid, n_zoom)
    inside = lq_norm(cm, q) <= t
    out[inside] = cm[inside]
    return out[0] if single else out


# ---------------------------------------------------------------------------------------
# one dimension: bridge penalties |w|^q
# ---------------------------------------------------------------------------------------

def bridge_threshold(z, alpha, q):
    r"""The bridge thresholding function ``argmin_w (z - w)^2 / 2 + alpha |w|^q``, elementwise.

    The minimiser has the sign of ``z`` and lies in ``[0, |z|]``. For ``w > 0`` the
    stationarity condition is ``g(w) = w - |z| + alpha q w^(q - 1) = 0``:

    * ``q > 1``: ``g`` increases from ``-|z|`` to ``alpha q |z|^(q-1) > 0``, one root, never 0
      unless ``z = 0`` (shrinkage without selection);
    * ``q = 1``: soft thresholding, ``sign(z) max(|z| - alpha, 0)``;
    * ``q < 1``: ``g`` is convex with ``g(0+) = +inf``; the local minimum of the objective is
      the larger root of ``g`` (if any), and it is kept only if it beats ``w = 0``, which
      makes the function jump from 0 to a non-zero value (hard-threshold-like).

    Roots are found by bisection to round-off, vectorized over ``z``. At an exact tie with
    ``w = 0`` (the jump point when ``q < 1``) the non-zero value is returned.

    Parameters
    ----------
    z : array_like
    alpha : float >= 0
    q : float > 0

    Returns
    -------
    ndarray, the shape of ``z``
    """
    z = np.asarray(z, dtype=float)
    if not np.all(np.isfinite(z)):
        raise ValueError("z contains NaN or infinity")
    alpha = check_scalar(alpha, "alpha", low=0.0)
    q = _check_q(q)
    a = np.abs(z)
    if alpha == 0.0:
        return z.copy()
    if q == 1.0:
        return np.sign(z) * np.maximum(a - alpha, 0.0)
    if q < 1.0:
        # g is smallest at w_min, where g'(w) = 1 - alpha q (1 - q) w^(q - 2) = 0
        lo = np.minimum(np.full_like(a, (alpha * q * (1.0 - q)) ** (1.0 / (2.0 - q))), a)
    else:
        lo = np.zeros_like(a)
    hi = a.copy()

    def g(w):
        with np.errstate(divide="ignore", invalid="ignore"):
            return w - a + alpha * q * np.where(w > 0, w, np.nan) ** (q - 1.0)

    has_root = (a > 0) & ~(g(np.maximum(lo, 1e-300)) > 0) if q < 1.0 else a > 0
    for _ in range(100):  # halves the bracket down to round-off
        mid = 0.5 * (lo + hi)
        gm = g(mid)
        up = gm < 0  # root above mid
        lo = np.where(up, mid, lo)
        hi = np.where(up, hi, mid)
    w = 0.5 * (lo + hi)
    w = np.where(has_root, w, 0.0)
    if q < 1.0:
        objective = 0.5 * (a - w) ** 2 + alpha * w ** q
        w = np.where(objective <= 0.5 * a ** 2, w, 0.0)
    return np.sign(z) * w + 0.0  # + 0.0 turns -0.0 into 0.0


# ---------------------------------------------------------------------------------------
# simulations: how often is the solution sparse?
# ---------------------------------------------------------------------------------------

def random_centres(n, seed=0):
    """``n`` least-squares points in 2-D with uniformly random directions (standard normal)."""
    return np.random.default_rng(seed).standard_normal((int(n), 2))


def corner_fraction_2d(angle, aspect, *, q=1.0, budget=0.5, n_trials=2000, seed=0):
    r"""Fraction of random 2-D problems whose constrained solution has an exact zero.

    The loss is ``(w - c)^T A (w - c)`` with ``A = ellipse_quadratic(angle, aspect)``; the
    centres ``c`` are standard normal (uniform direction) and each gets the budget
    ``t = budget * ||c||_1``, whatever ``q``: the balls compared for one problem then share
    their corners ``(+-t, 0), (0, +-t)`` and differ only in how they bulge between them.

    Returns
    -------
    fraction : float
    """
    budget = check_scalar(budget, "budget", low=0.0, high=1.0, low_inclusive=False,
                          high_inclusive=False)
    A = ellipse_quadratic(angle, aspect)
    c = random_centres(n_trials, seed)
    t = budget * np.abs(c).sum(axis=1)
    # scale each problem to t = 1: the solution scales with c and t together
    w = lq_ball_2d(A, c / t[:, None], 1.0, q)
    return float(np.mean(np.any(w == 0.0, axis=1)))


def _both_balls(X, y, budget):
    """L1- and L2-constrained solutions at ``budget`` times the least-squares norms.

    One eigendecomposition of ``X^T X`` (full column rank: n > p) gives the least-squares
    solution, the step size of the L1 solver and the L2 secular equation, the same results
    as :func:`l1_constrained` and :func:`l2_constrained` with a third of the factorizations.
    """
    G, b = X.T @ X, X.T @ y
    evals, V = np.linalg.eigh(G)
    bt = V.T @ b
    w_ls = V @ (bt / evals)
    w1 = _l1_gram(G, b, budget * np.abs(w_ls).sum(), lip=2.0 * evals[-1], scale=float(y @ y))
    w2, _ = _l2_secular(evals, V, bt, budget * np.linalg.norm(w_ls), X.shape[1])
    return w1, w2


def sparsity_simulation(p, *, n_trials=200, budget=0.5, n_samples=100, rho=0.0, noise=1.0,
                        seed=0):
    r"""Count exact zeros of L1- and L2-constrained least squares on random problems.

    Each trial draws ``X`` (``n_samples`` x ``p``, rows normal with ``corr(x_i, x_j) = rho``
    for ``i != j``), a dense ``w_true ~ N(0, I)`` and ``y = X w_true + noise * eps``; the
    budgets are the same fraction of the least-squares solution's size for both norms:
    ``t_1 = budget ||w_ls||_1`` and ``t_2 = budget ||w_ls||_2``.

    Returns
    -------
    dict with arrays of length ``n_trials``:
        ``l1_zeros``, ``l2_zeros`` (number of exact zeros), ``l2_min_ratio`` (smallest
        ``|w_j|`` of the L2 solution over its largest).
    """
    p, n_samples = int(p), int(n_samples)
    if p < 1:
        raise ValueError(f"p must be a positive integer, got {p}")
    if n_samples <= p:
        raise ValueError(f"n_samples must exceed p (a unique least-squares solution), got "
                         f"n_samples={n_samples}, p={p}")
    budget = check_scalar(budget, "budget", low=0.0, high=1.0, low_inclusive=False,
                          high_inclusive=False)
    rho = check_scalar(rho, "rho", low=0.0, high=1.0, high_inclusive=False)
    rng = np.random.default_rng(seed)
    out = {k: np.zeros(int(n_trials)) for k in ("l1_zeros", "l2_zeros", "l2_min_ratio")}
    with _one_blas_thread():
        for i in range(int(n_trials)):
            _one_trial(rng, out, i, n_samples, p, rho, noise, budget)
    return out


def _one_trial(rng, out, i, n_samples, p, rho, noise, budget):
    """Draw problem i, solve both balls, record the zeros in ``out``."""
    # equicorrelated columns: a shared factor plus independent parts
    X = (np.sqrt(rho) * rng.standard_normal((n_samples, 1))
         + np.sqrt(1.0 - rho) * rng.standard_normal((n_samples, p)))
    y = X @ rng.standard_normal(p) + noise * rng.standard_normal(n_samples)
    w1, w2 = _both_balls(X, y, budget)
    out["l1_zeros"][i] = np.count_nonzero(w1 == 0.0)
    out["l2_zeros"][i] = np.count_nonzero(w2 == 0.0)
    out["l2_min_ratio"][i] = np.abs(w2).min() / np.abs(w2).max()


def _one_blas_thread():
    """Limit BLAS to one thread while solving many tiny problems, when threadpoolctl is there.

    On a 50 x 50 matrix a threaded eigendecomposition spends most of its time synchronizing
    threads (10 times slower than one thread on a busy 2-core machine). threadpoolctl comes
    with scikit-learn; without it nothing changes but the speed.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - optional
        from contextlib import nullcontext

        return nullcontext()
    return threadpool_limits(limits=1, user_api="blas")
