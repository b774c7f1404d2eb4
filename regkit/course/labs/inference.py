r"""Experiments of the "Inference after selection" chapter.

* :func:`ols_inference`: least-squares coefficients, standard errors and two-sided t-test
  p-values on centred data (the textbook output a naive analyst reads after selection).
* :func:`select_top` : the first ``k`` variables to enter the lasso path.
* :func:`null_rejections`: under a global null (``y`` independent of ``X``), the fraction of
  selected variables whose p-value is below 0.05, when the same data select and test
  (naive) and when one half selects and the other tests (sample splitting).
* :func:`nodewise_precision` and :func:`debiased_lasso`: the desparsified lasso
  (Zhang and Zhang, 2014; van de Geer et al., 2014) with its normal confidence intervals.
"""

import numpy as np
from scipy import stats

import regkit
from regkit._validation import check_int, check_scalar, check_X_y

__all__ = ["ols_inference", "select_top", "null_rejections", "nodewise_precision",
           "debiased_lasso", "lasso_sigma"]


def _center(X, y):
    return X - X.mean(axis=0), y - y.mean()


def ols_inference(X, y):
    """Least squares on centred ``(X, y)`` with an intercept accounted for in the degrees of
    freedom (``n - k - 1``).

    Returns
    -------
    coef, se, pvalues : ndarrays (k,)
    """
    X, y = check_X_y(X, y)
    X, y = _center(X, y)
    n, k = X.shape
    if n - k - 1 < 1:
        raise ValueError(f"X has {k} columns and {n} rows: least squares leaves no residual "
                         "degrees of freedom")
    G_inv = np.linalg.inv(X.T @ X)
    coef = G_inv @ X.T @ y
    resid = y - X @ coef
    sigma2 = resid @ resid / (n - k - 1)
    se = np.sqrt(sigma2 * np.diag(G_inv))
    pvalues = 2.0 * stats.t.sf(np.abs(coef / se), df=n - k - 1)
    return coef, se, pvalues


def select_top(X, y, k):
    """Indices of the first ``k`` variables to become non-zero on the exact lasso path."""
    from regkit.solvers.lars import lars_path

    X, y = check_X_y(X, y)
    k = check_int(k, "k")
    Xc, yc = _center(X, y)
    _, _, coefs = lars_path(Xc, yc, method="lasso", max_iter=4 * k)
    order = []
    for c in coefs.T:
        for j in np.flatnonzero(c):
            if j not in order:
                order.append(int(j))
    return np.array(order[:k])


def null_rejections(n=100, p=50, k=3, *, n_reps=500, level=0.05, seed=0):
    """Rejection rates of ``H0: w_j = 0`` for the ``k`` lasso-selected variables under the
    global null ``y ~ N(0, I)`` independent of ``X ~ N(0, I)``.

    Returns
    -------
    dict with ``naive`` (select and test on all ``n`` rows) and ``split`` (select on the first
    half, test on the second): the fraction of the ``n_reps * k`` tests with p-value below
    ``level``, ideally ``level`` for both; and ``naive_p``, ``split_p``, the p-values.
    """
    n, p, k, n_reps = (check_int(v, name) for v, name in
                       ((n, "n"), (p, "p"), (k, "k"), (n_reps, "n_reps")))
    level = check_scalar(level, "level", low=0.0, high=1.0, low_inclusive=False)
    rng = np.random.default_rng(seed)
    naive, split = [], []
    half = n // 2
    for _ in range(n_reps):
        X = rng.standard_normal((n, p))
        y = rng.standard_normal(n)
        S = select_top(X, y, k)
        naive.extend(ols_inference(X[:, S], y)[2])
        S_half = select_top(X[:half], y[:half], k)
        split.extend(ols_inference(X[half:, S_half], y[half:])[2])
    naive, split = np.array(naive), np.array(split)
    return {"naive": float(np.mean(naive < level)), "split": float(np.mean(split < level)),
            "naive_p": naive, "split_p": split}


def nodewise_precision(X, alpha):
    r"""Approximate inverse of ``Sigma = X^T X / n`` by nodewise lasso regressions.

    Column ``j`` is regressed on the others with ``regkit.lasso(..., alpha)``, giving
    ``gamma_j``; row ``j`` of ``Theta`` is ``(e_j - gamma_j) / tau_j^2`` with
    ``tau_j^2 = ||x_j - X_{-j} gamma_j||^2 / n + alpha ||gamma_j||_1`` (van de Geer et al.).

    Returns
    -------
    Theta : ndarray (p, p)
    """
    X = np.asarray(X, dtype=float)
    n, p = X.shape
    alpha = check_scalar(alpha, "alpha", low=0.0, low_inclusive=False)
    Theta = np.zeros((p, p))
    for j in range(p):
        others = np.delete(np.arange(p), j)
        gamma = regkit.lasso(X[:, others], X[:, j], alpha, tol=1e-8)
        r = X[:, j] - X[:, others] @ gamma
        tau2 = r @ r / n + alpha * np.sum(np.abs(gamma))
        Theta[j, j] = 1.0 / tau2
        Theta[j, others] = -gamma / tau2
    return Theta


def lasso_sigma(X, y, coef):
    """Noise scale from lasso residuals, ``||y - X coef||^2 / (n - ||coef||_0)``, square-rooted."""
    r = y - X @ coef
    return float(np.sqrt(r @ r / (X.shape[0] - np.count_nonzero(coef))))


def debiased_lasso(X, y, alpha, Theta, *, level=0.95, sigma=None):
    r"""Desparsified lasso ``b = w + Theta X^T (y - X w) / n`` with normal confidence intervals
    ``b_j +- z sigma sqrt((Theta Sigma Theta^T)_jj / n)``.

    Parameters
    ----------
    X, y : centred arrays
    alpha : float
        Lasso penalty of the initial fit ``w``.
    Theta : ndarray (p, p)
        From :func:`nodewise_precision` (depends on ``X`` only).
    level : float
    sigma : float, optional
        Noise scale; estimated by :func:`lasso_sigma` when not given.

    Returns
    -------
    b, lower, upper, w : ndarrays (p,)
        The debiased estimate, the interval, and the lasso fit it started from.
    """
    X, y = check_X_y(X, y)
    n = X.shape[0]
    w = regkit.lasso(X, y, alpha, tol=1e-7)
    b = w + Theta @ X.T @ (y - X @ w) / n
    s = lasso_sigma(X, y, w) if sigma is None else sigma
    Sigma = X.T @ X / n
    se = s * np.sqrt(np.einsum("ij,jk,ik->i", Theta, Sigma, Theta) / n)
    z = stats.norm.ppf(0.5 + level / 2.0)
    return b, b - z * se, b + z * se, w
