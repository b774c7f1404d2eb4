r"""Experiments of the "Robustness, and choosing lambda without cross-validation" chapter.

* :func:`noisy_copies_fit`: least squares on many copies of ``X`` with input noise added,
  against the generalized ridge ``(X^T X + n Sigma)^{-1} X^T y`` it converges to.
* :func:`lasso_df_monte_carlo`: the degrees of freedom ``sum_i cov(yhat_i, y_i) / sigma^2``
  of the lasso at a fixed ``alpha``, by simulation, next to the mean number of non-zeros.
* :func:`lasso_criteria`: Cp (SURE), AIC and BIC along a lasso path with ``df = #non-zeros``.
* :func:`ridge_log_evidence`: the log marginal likelihood of ridge's Gaussian model for each
  ``alpha``, with the noise variance profiled out.
"""

import numpy as np

import regkit
from regkit._validation import check_int, check_scalar, check_X_y

__all__ = ["noisy_copies_fit", "generalized_ridge", "lasso_df_monte_carlo", "lasso_criteria",
           "ridge_log_evidence"]


def generalized_ridge(X, y, penalty_matrix):
    """Minimiser of ``||y - Xw||^2 + w^T M w`` for a positive semi-definite ``M``."""
    X, y = check_X_y(X, y)
    return np.linalg.solve(X.T @ X + np.asarray(penalty_matrix, dtype=float), X.T @ y)


def noisy_copies_fit(X, y, noise_cov, copies, *, seed=0):
    r"""Least squares on ``copies`` stacked copies of ``(X + E_c, y)``, rows of ``E_c`` drawn
    from ``N(0, noise_cov)``.

    The averaged loss ``(1/copies) sum_c ||y - (X + E_c) w||^2`` has expectation
    ``||y - Xw||^2 + n w^T noise_cov w``, so as ``copies`` grows the fit tends to
    ``generalized_ridge(X, y, n * noise_cov)`` (ridge with ``alpha = n s^2`` for isotropic
    noise of variance ``s^2``; Bishop, 1995).
    """
    X, y = check_X_y(X, y)
    copies = check_int(copies, "copies")
    n, p = X.shape
    rng = np.random.default_rng(seed)
    L = np.linalg.cholesky(np.asarray(noise_cov, dtype=float) + 1e-300 * np.eye(p))
    # accumulate the normal equations instead of stacking copies * n rows
    G = np.zeros((p, p))
    b = np.zeros(p)
    for _ in range(copies):
        Xc = X + rng.standard_normal((n, p)) @ L.T
        G += Xc.T @ Xc
        b += Xc.T @ y
    return np.linalg.solve(G, b)


def lasso_df_monte_carlo(X, mu, sigma, alpha, *, n_reps=500, seed=0):
    r"""Degrees of freedom of the lasso at ``alpha`` by simulation, ``y = mu + sigma * noise``.

    ``df = sum_i cov(yhat_i, y_i) / sigma^2`` (Efron, 2004), estimated from ``n_reps`` draws;
    Zou, Hastie and Tibshirani (2007) show ``E[#non-zeros]`` is an unbiased estimate of it.

    Returns
    -------
    df : float
    mean_nonzeros : float
    """
    X = np.asarray(X, dtype=float)
    sigma = check_scalar(sigma, "sigma", low=0.0, low_inclusive=False)
    rng = np.random.default_rng(seed)
    Y = mu[None, :] + sigma * rng.standard_normal((n_reps, len(mu)))
    fits = np.empty_like(Y)
    nnz = np.empty(n_reps)
    for r in range(n_reps):
        coef = regkit.lasso(X, Y[r], alpha, tol=1e-10)
        fits[r] = X @ coef
        nnz[r] = np.count_nonzero(coef)
    cov = np.sum((fits - fits.mean(axis=0)) * (Y - Y.mean(axis=0)), axis=0) / (n_reps - 1)
    return float(np.sum(cov) / sigma ** 2), float(nnz.mean())


def lasso_criteria(X, y, alphas, sigma2):
    r"""Cp (SURE), AIC and BIC along the lasso path on ``alphas`` with ``df = #non-zeros``.

    ``Cp = RSS / n + 2 sigma2 df / n`` (an unbiased estimate of the in-sample prediction
    error), ``AIC = n log(RSS / n) + 2 df``, ``BIC = n log(RSS / n) + log(n) df``.

    Returns
    -------
    dict of arrays (n_alphas,): ``rss``, ``df``, ``cp``, ``aic``, ``bic``; and ``coefs``.
    """
    X, y = check_X_y(X, y)
    sigma2 = check_scalar(sigma2, "sigma2", low=0.0, low_inclusive=False)
    n = X.shape[0]
    _, coefs, _ = regkit.lasso_path(X, y, alphas=alphas, tol=1e-8)
    rss = np.sum((y[:, None] - X @ coefs) ** 2, axis=0)
    df = np.count_nonzero(coefs, axis=0).astype(float)
    return {"rss": rss, "df": df, "cp": rss / n + 2.0 * sigma2 * df / n,
            "aic": n * np.log(rss / n) + 2.0 * df, "bic": n * np.log(rss / n) + np.log(n) * df,
            "coefs": coefs}


def ridge_log_evidence(X, y, alphas):
    r"""Log marginal likelihood of ``y ~ N(0, s2 (I + X X^T / alpha))`` for each ``alpha``.

    This is ridge's model, ``w ~ N(0, (s2 / alpha) I)`` and noise variance ``s2``, whose
    posterior mean is ``regkit.ridge(X, y, alpha)``; the noise variance is set to its maximiser
    ``s2 = y^T (I + X X^T / alpha)^{-1} y / n`` (MacKay, 1992, for the evidence framework).
    """
    X, y = check_X_y(X, y)
    n = X.shape[0]
    U, d, _ = np.linalg.svd(X, full_matrices=False)
    uy = U.T @ y
    rest = float(y @ y - uy @ uy)  # the part of y outside the column space of X
    out = []
    for a in np.asarray(alphas, dtype=float):
        ev = 1.0 + d ** 2 / a
        quad = float(np.sum(uy ** 2 / ev)) + rest
        s2 = quad / n
        out.append(-0.5 * n * np.log(2 * np.pi * s2) - 0.5 * np.sum(np.log(ev)) - 0.5 * n)
    return np.array(out)
