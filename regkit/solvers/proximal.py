"""Proximal gradient (ISTA) and its accelerated version (FISTA), for any penalty.

Both minimise ``f(w) + pen(w)`` with the smooth part ``f(w) = (1/(2n)) ||y - Xw||^2``,
whose gradient ``-X^T (y - Xw) / n`` is ``L``-Lipschitz with ``L = ||X||_2^2 / n``
(largest singular value squared over ``n``). One iteration is a gradient step followed by
the penalty's proximal operator (soft thresholding for the lasso):

    ISTA:   w_{k+1} = prox_{pen / L}(w_k - grad f(w_k) / L)

FISTA (Beck and Teboulle, 2009) takes the same step from an extrapolated point,

    w_{k+1} = prox_{pen / L}(v_k - grad f(v_k) / L),
    t_{k+1} = (1 + sqrt(1 + 4 t_k^2)) / 2,
    v_{k+1} = w_{k+1} + ((t_k - 1) / t_{k+1}) (w_{k+1} - w_k),

with ``t_0 = 1``, which improves the worst-case rate from O(1/k) to O(1/k^2).
The quadratic part of an elastic-net penalty stays in the prox (its prox is a soft
threshold followed by a division), so ``L`` is the same for every penalty.

Each iteration costs two products with ``X`` (O(np)). Both stop, like coordinate
descent, when the duality gap is at most ``tol * ||y||^2 / n``; ISTA gets its gap almost
for free (it already has the residual at ``w_k``), FISTA checks it every ``gap_every``
iterations.
"""

import warnings

import numpy as np
from scipy.linalg import svdvals

from regkit.certificates import penalty_duality_gap
from regkit.solvers.coordinate_descent import SolverResult, convergence_message

__all__ = ["ista", "fista", "lipschitz_constant"]


def lipschitz_constant(X):
    """``||X||_2^2 / n``: Lipschitz constant of the least-squares gradient (1/(2n) scale)."""
    s = svdvals(X, check_finite=False)
    return float(s[0] ** 2) / X.shape[0] if s.size else 0.0


def _proximal_gradient(design, penalty, *, tol, max_iter, coef_init, accelerated, gap_every,
                       warn):
    X, y = design.X, design.y
    n, p = design.n, design.p
    target = tol * design.yy / n
    w = np.zeros(p) if coef_init is None else np.array(coef_init, dtype=np.float64)
    w[design.col_sq == 0.0] = 0.0
    free = penalty.unpenalized(p)
    basis = design.basis(free) if np.any(free) else None
    L = lipschitz_constant(X)
    if L == 0.0:  # X = 0: nothing to fit, and the penalty is minimised at 0
        return SolverResult(np.zeros(p), 0.0, target, 0, True)
    step = 1.0 / L

    def gap_at(coef, residual):
        return penalty_duality_gap(X, y, coef, penalty, residual=residual, basis=basis)

    v = w.copy()
    t = 1.0
    g = np.inf
    for it in range(1, max_iter + 1):
        R = y - X @ v
        if not accelerated and (it > 1 or coef_init is not None):
            # v == w here: the residual for the gradient is the residual for the gap.
            # A cold start always takes one step (as coordinate descent always sweeps
            # once), so alpha just below alpha_max never returns the zero start.
            g = gap_at(w, R)
            if g <= target:
                return SolverResult(w, g, target, it - 1, True)
        w_new = penalty.prox(v + step * (X.T @ R) / n, step)
        if accelerated:
            t_new = 0.5 * (1.0 + np.sqrt(1.0 + 4.0 * t * t))
            v = w_new + ((t - 1.0) / t_new) * (w_new - w)
            t = t_new
        else:
            v = w_new
        w = w_new
        if accelerated and (it % gap_every == 0 or it == max_iter):
            g = gap_at(w, y - X @ w)
            if g <= target:
                return SolverResult(w, g, target, it, True)
    if not accelerated:
        g = gap_at(w, y - X @ w)
        if g <= target:
            return SolverResult(w, g, target, max_iter, True)
    name = "FISTA" if accelerated else "ISTA"
    if warn:
        # points at the caller of lasso() (through ista/fista and the dispatcher)
        from regkit.exceptions import ConvergenceWarning  # noqa: PLC0415 (loads sklearn.exceptions)
        warnings.warn(convergence_message(name, max_iter, g, target), ConvergenceWarning,
                      stacklevel=5)
    return SolverResult(w, g, target, max_iter, False)


def ista(design, penalty, *, tol=1e-4, max_iter=10000, coef_init=None, warn=True):
    """Proximal gradient descent (ISTA) with constant step ``1 / L``.

    Parameters
    ----------
    design : regkit.solvers.coordinate_descent.Design
    penalty : regkit.penalties.Penalty
    tol : float
        Stop when the duality gap is at most ``tol * ||y||^2 / n``.
    max_iter : int
    coef_init : ndarray (p,), optional
    warn : bool
        Warn ``ConvergenceWarning`` if ``max_iter`` runs out.

    Returns
    -------
    SolverResult
    """
    return _proximal_gradient(design, penalty, tol=tol, max_iter=max_iter, coef_init=coef_init,
                              accelerated=False, gap_every=1, warn=warn)


def fista(design, penalty, *, tol=1e-4, max_iter=10000, coef_init=None, gap_every=10,
          warn=True):
    """Accelerated proximal gradient (FISTA) with the standard momentum sequence.

    Parameters
    ----------
    design : regkit.solvers.coordinate_descent.Design
    penalty : regkit.penalties.Penalty
    tol : float
        Stop when the duality gap is at most ``tol * ||y||^2 / n``.
    max_iter : int
    coef_init : ndarray (p,), optional
    gap_every : int
        Iterations between duality-gap checks (each costs two products with ``X``).
    warn : bool
        Warn ``ConvergenceWarning`` if ``max_iter`` runs out.

    Returns
    -------
    SolverResult
    """
    return _proximal_gradient(design, penalty, tol=tol, max_iter=max_iter, coef_init=coef_init,
                              accelerated=True, gap_every=gap_every, warn=warn)
