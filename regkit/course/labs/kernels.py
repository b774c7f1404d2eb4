r"""Experiments of the "Kernels and high dimensions" chapter.

* :func:`rbf_kernel`, :func:`kernel_ridge` and :func:`gp_posterior`: kernel ridge regression in
  its dual form and the Gaussian-process posterior (mean and variance), written separately so
  the chapter can show they agree.
* :func:`min_norm_risk`: test error of minimum-norm least squares and of ridge as the number
  of features crosses the number of samples (double descent).
* :func:`ridge_risk_curve`: the exact expected test error of ridge on an isotropic design, for
  a grid of penalties, averaged over designs; its minimiser is compared with ``p sigma^2 / r^2``.
"""

import numpy as np

from regkit._validation import check_int, check_scalar

__all__ = ["rbf_kernel", "kernel_ridge", "gp_posterior", "min_norm_risk", "ridge_risk_curve"]


def rbf_kernel(A, B, length_scale=1.0):
    """Gaussian (RBF) kernel matrix ``exp(-||a - b||^2 / (2 length_scale^2))``."""
    A = np.atleast_2d(np.asarray(A, dtype=float))
    B = np.atleast_2d(np.asarray(B, dtype=float))
    length_scale = check_scalar(length_scale, "length_scale", low=0.0, low_inclusive=False)
    sq = np.sum(A * A, axis=1)[:, None] + np.sum(B * B, axis=1)[None, :] - 2.0 * A @ B.T
    return np.exp(-np.maximum(sq, 0.0) / (2.0 * length_scale ** 2))


def kernel_ridge(K, y, lam):
    r"""Dual coefficients ``a = (K + lam I)^{-1} y`` of kernel ridge regression, the minimiser of
    ``||y - f||^2 + lam ||f||_H^2`` over the RKHS; predictions are ``K(x_new, X) @ a``."""
    K = np.asarray(K, dtype=float)
    lam = check_scalar(lam, "lam", low=0.0, low_inclusive=False)
    return np.linalg.solve(K + lam * np.eye(K.shape[0]), np.asarray(y, dtype=float))


def gp_posterior(K, K_star, k_star_star, y, noise_var):
    r"""Posterior mean and variance of a zero-mean Gaussian process at new points, by Cholesky.

    ``mean = K_*^T (K + noise_var I)^{-1} y``, ``var = k_** - diag(K_*^T (K + noise_var I)^{-1} K_*)``
    (Rasmussen and Williams, 2006, algorithm 2.1).

    Parameters
    ----------
    K : (n, n) prior covariance of the training points
    K_star : (n, m) covariance between training and new points
    k_star_star : (m,) prior variance at the new points
    y : (n,)
    noise_var : float, > 0
    """
    noise_var = check_scalar(noise_var, "noise_var", low=0.0, low_inclusive=False)
    L = np.linalg.cholesky(K + noise_var * np.eye(K.shape[0]))
    alpha = np.linalg.solve(L.T, np.linalg.solve(L, y))
    v = np.linalg.solve(L, K_star)
    return K_star.T @ alpha, k_star_star - np.sum(v * v, axis=0)


def min_norm_risk(n, ps, *, p_max=None, snr=5.0, lam=None, n_reps=20, seed=0):
    r"""Test error of regression on the first ``p`` of ``p_max`` isotropic features, ``p in ps``.

    The truth uses all ``p_max`` features with equal energy (``||w||^2 = snr``, noise variance
    1), so a model with fewer features misses part of the signal. For each ``p`` the fit is the
    minimum-norm least-squares solution (``pinv``; the interpolating one when ``p >= n``), or
    ridge ``||y - Xw||^2 + lam ||w||^2`` if ``lam`` is given. The test error is exact:
    ``||w_hat - w||^2 + 1`` for isotropic features.

    Returns
    -------
    ndarray (len(ps),): mean test error over ``n_reps`` draws.
    """
    n, n_reps = check_int(n, "n"), check_int(n_reps, "n_reps")
    p_max = max(ps) if p_max is None else check_int(p_max, "p_max")
    rng = np.random.default_rng(seed)
    out = np.zeros(len(ps))
    for _ in range(n_reps):
        X = rng.standard_normal((n, p_max))
        w = rng.standard_normal(p_max)
        w *= np.sqrt(snr) / np.linalg.norm(w)
        y = X @ w + rng.standard_normal(n)
        for i, p in enumerate(ps):
            Xp = X[:, :p]
            if lam is None:
                coef = np.linalg.pinv(Xp) @ y
            else:
                coef = np.linalg.solve(Xp.T @ Xp + lam * np.eye(p), Xp.T @ y)
            err = np.sum((coef - w[:p]) ** 2) + np.sum(w[p:] ** 2) + 1.0
            out[i] += err / n_reps
    return out


def ridge_risk_curve(n, p, lams, *, r2=1.0, sigma2=1.0, n_reps=20, seed=0):
    r"""Monte Carlo test error of ridge on an isotropic design, for each penalty in ``lams``.

    Each replication draws ``X`` (n, p) with ``N(0, 1)`` entries, a truth ``w`` with
    ``||w||^2 = r2`` in a uniformly random direction, noise of variance ``sigma2``, and fits
    ``regkit.ridge_path`` (objective ``||y - Xw||^2 + lam ||w||^2``) for all ``lams`` from one
    factorization. For isotropic features the test error of ``w_hat`` is exactly
    ``sigma2 + ||w_hat - w||^2``.

    Returns
    -------
    ndarray (len(lams),): mean test error over ``n_reps`` replications.
    """
    import regkit

    n, p, n_reps = check_int(n, "n"), check_int(p, "p"), check_int(n_reps, "n_reps")
    rng = np.random.default_rng(seed)
    lams = np.asarray(lams, dtype=float)
    out = np.zeros(lams.size)
    for _ in range(n_reps):
        X = rng.standard_normal((n, p))
        w = rng.standard_normal(p)
        w *= np.sqrt(r2) / np.linalg.norm(w)
        y = X @ w + np.sqrt(sigma2) * rng.standard_normal(n)
        coefs = regkit.ridge_path(X, y, lams)
        out += np.sum((coefs - w[:, None]) ** 2, axis=0) / n_reps
    return sigma2 + out
