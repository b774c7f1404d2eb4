r"""Small solvers behind the "Beyond linear regression" chapter.

None of these is a regkit estimator; each is the shortest correct method for one penalty the
chapter computes and then plots:

* :func:`tv_denoise` and :func:`fused_lasso_signal`: one-dimensional total-variation denoising
  (the fused lasso with ``X = I``) by accelerated projected gradient on the dual.
* :func:`svt` and :func:`soft_impute`: singular value soft thresholding, the proximal operator
  of the nuclear norm, and matrix completion built on it.
* :func:`project_rows` and :func:`max_norm_regression`: max-norm constraints (each row of a
  weight matrix in an L2 ball) enforced by projected gradient.
"""

import numpy as np

from regkit._validation import check_alpha, check_array, check_int, check_scalar
from regkit.penalties import soft_threshold

__all__ = [
    "tv_denoise",
    "tv_objective",
    "fused_lasso_signal",
    "svt",
    "soft_impute",
    "project_rows",
    "max_norm_regression",
]



# ---------------------------------------------------------------------------
# Fused lasso / total variation in one dimension
# ---------------------------------------------------------------------------

def _diff_T(u):
    # D^T u for the forward-difference matrix D (rows e_{i+1} - e_i): (D^T u)_j = u_{j-1} - u_j
    return -np.diff(u, prepend=0.0, append=0.0)


def tv_objective(y, x, lam):
    r"""Value of :math:`\tfrac12\|y - x\|_2^2 + \lambda \sum_{i} |x_{i+1} - x_i|`."""
    y = np.asarray(y, dtype=float)
    x = np.asarray(x, dtype=float)
    return float(0.5 * np.sum((y - x) ** 2) + lam * np.sum(np.abs(np.diff(x))))


def tv_denoise(y, lam, *, tol=1e-8, max_iter=50_000, return_gap=False):
    r"""One-dimensional total-variation denoising (the fused lasso with ``X = I``).

    .. math:: \hat x = \arg\min_x \tfrac12\|y - x\|_2^2 + \lambda \sum_{i=1}^{n-1} |x_{i+1} - x_i| .

    Solved on the dual, :math:`\min_{\|u\|_\infty \le \lambda} \tfrac12\|y - D^\top u\|_2^2` with
    ``D`` the forward-difference matrix, by FISTA with step :math:`1/4` (:math:`\|D\|_2^2 \le 4`);
    the primal point is :math:`x = y - D^\top u`. Stops when the duality gap is at most
    ``tol * max(||y||^2, 1)``. The solution is piecewise constant: runs of equal values.

    Parameters
    ----------
    y : array_like (n,)
        The noisy signal, ``n >= 2``.
    lam : float >= 0
    tol : float > 0
    max_iter : int >= 1
    return_gap : bool
        Also return the final duality gap.

    Returns
    -------
    x : ndarray (n,)
    gap : float
        Only with ``return_gap=True``.
    """
    y = check_array(y, "y", ndim=1)
    if y.size < 2:
        raise ValueError(f"y must have at least 2 entries, got {y.size}")
    lam = check_alpha(lam, "lam")
    tol = check_scalar(tol, "tol", low=0.0, low_inclusive=False)
    max_iter = check_int(max_iter, "max_iter", 1)
    u = np.zeros(y.size - 1)
    v, t = u.copy(), 1.0
    scale = max(float(y @ y), 1.0)
    gap = np.inf
    for it in range(max_iter):
        # dual gradient is -D x(v); step 1/4 then clip to the box |u_i| <= lam
        u_new = np.clip(v + 0.25 * np.diff(y - _diff_T(v)), -lam, lam)
        t_new = 0.5 * (1.0 + np.sqrt(1.0 + 4.0 * t * t))
        v = u_new + (t - 1.0) / t_new * (u_new - u)
        u, t = u_new, t_new
        if it % 20 == 0 or it == max_iter - 1:
            x = y - _diff_T(u)
            dual = 0.5 * float(y @ y) - 0.5 * float(x @ x)
            gap = tv_objective(y, x, lam) - dual
            if gap <= tol * scale:
                break
    x = y - _diff_T(u)
    return (x, float(gap)) if return_gap else x


def fused_lasso_signal(y, lam1, lam2, **kwargs):
    r"""The fused lasso signal approximator.

    .. math:: \arg\min_x \tfrac12\|y - x\|_2^2 + \lambda_1 \|x\|_1
              + \lambda_2 \sum_i |x_{i+1} - x_i| ,

    computed as soft thresholding (at :math:`\lambda_1`) of the total-variation solution at
    :math:`\lambda_2`: for this problem the two proximal operators compose exactly
    (Friedman, Hastie, Hoefling and Tibshirani, 2007). Keyword arguments go to
    :func:`tv_denoise`.
    """
    lam1 = check_alpha(lam1, "lam1")
    return np.asarray(soft_threshold(tv_denoise(y, lam2, **kwargs), lam1), dtype=float)


# ---------------------------------------------------------------------------
# Nuclear norm
# ---------------------------------------------------------------------------

def svt(M, tau):
    r"""Singular value soft thresholding, the proximal operator of :math:`\tau\|\cdot\|_*`.

    .. math:: \operatorname{svt}(M, \tau) = \arg\min_Z \tfrac12\|M - Z\|_F^2 + \tau\|Z\|_*
              = U \operatorname{diag}\big(\max(d - \tau, 0)\big) V^\top ,

    where :math:`M = U \operatorname{diag}(d) V^\top` and :math:`\|Z\|_*` is the sum of the
    singular values: the lasso's soft thresholding applied to the spectrum.

    Parameters
    ----------
    M : array_like (m, k)
    tau : float >= 0

    Returns
    -------
    Z : ndarray (m, k)
    rank : int
        Number of singular values that survive.
    """
    M = check_array(M, "M", ndim=2)
    tau = check_alpha(tau, "tau")
    U, d, Vt = np.linalg.svd(M, full_matrices=False)
    d_new = np.asarray(soft_threshold(d, tau))
    rank = int(np.count_nonzero(d_new))
    return (U[:, :rank] * d_new[:rank]) @ Vt[:rank], rank


def soft_impute(M, mask, lam, *, tol=1e-6, max_iter=2000, Z_init=None):
    r"""Nuclear-norm matrix completion by iterated singular value thresholding (Soft-Impute).

    .. math:: \hat Z = \arg\min_Z \tfrac12 \sum_{(i,j)\,\text{observed}} (M_{ij} - Z_{ij})^2
              + \lambda \|Z\|_* .

    Each step fills the missing entries with the current guess and applies
    :func:`svt`: :math:`Z \leftarrow \operatorname{svt}(P_\Omega(M) + P_\Omega^\perp(Z), \lambda)`
    (Mazumder, Hastie and Tibshirani, 2010), a proximal gradient step with step 1, so the
    objective never increases. Stops when the relative change of ``Z`` is below ``tol``.

    Parameters
    ----------
    M : array_like (m, k)
        Values at unobserved positions are ignored (they may be anything finite).
    mask : array_like of bool (m, k)
        True where ``M`` is observed.
    lam : float >= 0
    tol : float > 0
    max_iter : int >= 1
    Z_init : array_like (m, k), optional
        Warm start (e.g. the solution at a larger ``lam``).

    Returns
    -------
    Z : ndarray (m, k)
    rank : int
    """
    M = check_array(M, "M", ndim=2)
    mask = np.asarray(mask)
    if mask.shape != M.shape or mask.dtype != bool:
        raise ValueError(f"mask must be a boolean array of shape {M.shape}, "
                         f"got dtype {mask.dtype} shape {mask.shape}")
    lam = check_alpha(lam, "lam")
    tol = check_scalar(tol, "tol", low=0.0, low_inclusive=False)
    max_iter = check_int(max_iter, "max_iter", 1)
    Z = np.zeros_like(M) if Z_init is None else check_array(Z_init, "Z_init", ndim=2).copy()
    if Z.shape != M.shape:
        raise ValueError(f"Z_init must have shape {M.shape}, got {Z.shape}")
    rank = 0
    for _ in range(max_iter):
        Z_new, rank = svt(np.where(mask, M, Z), lam)
        change = np.linalg.norm(Z_new - Z) / max(np.linalg.norm(Z), 1e-12)
        Z = Z_new
        if change < tol:
            break
    return Z, rank


# ---------------------------------------------------------------------------
# Max-norm constraints
# ---------------------------------------------------------------------------

def project_rows(W, c):
    r"""Euclidean projection of each row of ``W`` onto the ball :math:`\{w : \|w\|_2 \le c\}`.

    A row with norm at most ``c`` is returned unchanged; a longer one is rescaled to norm ``c``.
    """
    W = check_array(W, "W", ndim=2)
    c = check_scalar(c, "c", low=0.0, low_inclusive=False)
    norms = np.linalg.norm(W, axis=1, keepdims=True)
    return W * np.minimum(1.0, c / np.maximum(norms, np.finfo(float).tiny))


def max_norm_regression(X, Y, c, *, n_steps=2000):
    r"""Multi-output least squares with a max-norm constraint on every unit's weights.

    .. math:: \min_W \frac{1}{2n}\|Y - X W^\top\|_F^2
              \quad\text{subject to}\quad \|W_{k\cdot}\|_2 \le c \ \text{for every row } k,

    by projected gradient descent (step :math:`n / \|X\|_2^2`, then :func:`project_rows`), as a
    network trained with max-norm does after each update. Row ``k`` holds the incoming weights
    of output unit ``k``. The problem is convex, and it separates over rows.

    Parameters
    ----------
    X : array_like (n, p)
    Y : array_like (n, k)
    c : float > 0
    n_steps : int >= 1

    Returns
    -------
    W : ndarray (k, p)
    """
    X = check_array(X, "X", ndim=2)
    Y = check_array(Y, "Y", ndim=2)
    if X.shape[0] != Y.shape[0]:
        raise ValueError(f"X and Y have mismatched lengths: {X.shape[0]} and {Y.shape[0]} rows")
    c = check_scalar(c, "c", low=0.0, low_inclusive=False)
    n_steps = check_int(n_steps, "n_steps", 1)
    n = X.shape[0]
    step = n / np.linalg.norm(X, 2) ** 2
    W = np.zeros((Y.shape[1], X.shape[1]))
    for _ in range(n_steps):
        grad = (X @ W.T - Y).T @ X / n
        W = project_rows(W - step * grad, c)
    return W
