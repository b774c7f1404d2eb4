"""Simulations behind the ridge chapter (not solvers: every fit goes through regkit).

* :func:`design_with_singular_values` builds a design whose singular values (hence
  condition number) are chosen exactly, for the numerical-stability experiment.
* :func:`monte_carlo_df` estimates the effective degrees of freedom of ridge from
  their *definition*, ``df = sum_i Cov(yhat_i, y_i) / sigma^2``, by refitting on
  many noise draws with the design held fixed.
* :func:`collinear_resamples` repeats the article's two-almost-identical-columns
  experiment many times and keeps the least-squares and ridge coefficients.
"""

import numpy as np

from regkit._validation import check_alpha, check_alphas, check_array, check_scalar
from regkit._ridge import ridge, ridge_path

__all__ = ["design_with_singular_values", "monte_carlo_df", "collinear_resamples"]


def design_with_singular_values(n_samples, singular_values, *, seed=0):
    r"""A design matrix ``X = U diag(d) V^T`` with prescribed singular values.

    ``U`` (n, p) has orthonormal columns and ``V`` (p, p) is orthogonal, both
    drawn from the Haar distribution (QR of a Gaussian matrix with the signs
    fixed), so the only structure in ``X`` is its spectrum: its condition number
    is exactly ``max(d) / min(d)`` and that of ``X^T X`` is its square.

    Parameters
    ----------
    n_samples : int, >= len(singular_values)
    singular_values : array_like (p,), each > 0
    seed : int

    Returns
    -------
    X : ndarray (n_samples, p)
    """
    d = check_array(singular_values, "singular_values", ndim=1)
    if np.any(d <= 0):
        raise ValueError("singular_values must all be > 0 (a zero would make X rank deficient)")
    n, p = int(n_samples), d.size
    if n < p:
        raise ValueError(f"n_samples must be >= the number of singular values ({p}), got {n}")
    rng = np.random.default_rng(seed)
    U = _haar_columns(rng, n, p)
    V = _haar_columns(rng, p, p)
    return (U * d) @ V.T


def _haar_columns(rng, n, p):
    """n x p matrix with orthonormal columns, uniformly distributed."""
    Q, R = np.linalg.qr(rng.standard_normal((n, p)))
    # QR alone is biased towards a sign convention; fixing diag(R) > 0 makes it Haar
    return Q * np.sign(np.diag(R))


def monte_carlo_df(X, mean, noise, alphas, *, n_draws=2000, seed=0):
    r"""Effective degrees of freedom of ridge, estimated from their definition.

    With the design fixed and ``y = mean + noise * eps``, ``eps ~ N(0, I)``,

    .. math:: \mathrm{df}(\alpha) = \frac{1}{\sigma^2} \sum_{i=1}^n
              \mathrm{Cov}\big(\hat y_i(\alpha), y_i\big),
              \qquad \hat y(\alpha) = X \hat w(\alpha),

    where :math:`\hat w(\alpha)` minimises :math:`\|y - Xw\|^2 + \alpha\|w\|^2`.
    Each draw is fitted with :func:`regkit.ridge_path` and the covariance is
    the sample covariance over draws; nothing about the hat matrix is used, so
    the estimate checks the trace formula independently.

    Parameters
    ----------
    X : array_like (n_samples, n_features)
    mean : array_like (n_samples,)
        The noiseless response ``E[y]``.
    noise : float > 0
        Noise standard deviation ``sigma``.
    alphas : array_like (n_alphas,), each >= 0
    n_draws : int >= 2
    seed : int

    Returns
    -------
    df : ndarray (n_alphas,)
        The Monte Carlo estimate.
    stderr : ndarray (n_alphas,)
        Its standard error, from the spread of the per-draw terms
        ``sum_i (yhat_i - mean over draws)(y_i - mean over draws) / sigma^2``.
    """
    X = check_array(X, "X", ndim=2)
    mean = check_array(mean, "mean", ndim=1)
    if mean.shape[0] != X.shape[0]:
        raise ValueError(
            f"mean must have one entry per row of X ({X.shape[0]}), got {mean.shape[0]}"
        )
    noise = check_scalar(noise, "noise", low=0.0, low_inclusive=False)
    alphas = check_alphas(alphas)
    if int(n_draws) < 2:
        raise ValueError(f"n_draws must be >= 2 to estimate a covariance, got {n_draws}")
    n_draws = int(n_draws)
    rng = np.random.default_rng(seed)
    Y = mean[None, :] + noise * rng.standard_normal((n_draws, X.shape[0]))
    fitted = np.stack([X @ ridge_path(X, y, alphas) for y in Y])  # (draws, n, alphas)
    # per-draw cross products of the centred fit and response, summed over observations
    terms = np.einsum("kia,ki->ka", fitted - fitted.mean(axis=0), Y - Y.mean(axis=0))
    terms /= noise ** 2
    df = terms.sum(axis=0) / (n_draws - 1)
    stderr = terms.std(axis=0, ddof=1) / np.sqrt(n_draws)
    return df, stderr


def collinear_resamples(n_resamples=200, n_samples=100, *, jitter=0.01, w_true=(1.0, 1.0),
                        noise=1.0, alpha=1.0, seed=0):
    r"""Least squares and ridge on many draws of two almost identical columns.

    Each resample draws ``x1 ~ N(0, 1)``, ``x2 = x1 + jitter * N(0, 1)`` (the
    article's example) and ``y = w_true[0] x1 + w_true[1] x2 + noise * N(0, 1)``,
    centres the columns and the response, and fits both
    :math:`\min_w \|y - Xw\|^2` (``regkit.ridge`` with alpha 0, i.e. least
    squares through the SVD) and :math:`\min_w \|y - Xw\|^2 + \alpha\|w\|^2`.

    Parameters
    ----------
    n_resamples, n_samples : int >= 2 and >= 3
    jitter : float > 0
        How far ``x2`` is from ``x1``; the correlation is about ``1 / sqrt(1 + jitter^2)``.
    w_true : pair of floats
    noise : float >= 0
    alpha : float > 0
    seed : int

    Returns
    -------
    dict with ``"ols"`` and ``"ridge"``: ndarrays (n_resamples, 2) of coefficients.
    """
    n_resamples, n_samples = int(n_resamples), int(n_samples)
    if n_resamples < 2:
        raise ValueError(f"n_resamples must be >= 2, got {n_resamples}")
    if n_samples < 3:
        raise ValueError(f"n_samples must be >= 3, got {n_samples}")
    jitter = check_scalar(jitter, "jitter", low=0.0, low_inclusive=False)
    noise = check_scalar(noise, "noise", low=0.0)
    alpha = check_alpha(alpha)
    if alpha == 0.0:
        raise ValueError("alpha must be > 0: the ridge fit is the point of the comparison")
    w_true = check_array(w_true, "w_true", ndim=1)
    if w_true.shape[0] != 2:
        raise ValueError(f"w_true must have 2 entries, got {w_true.shape[0]}")
    rng = np.random.default_rng(seed)
    out = {"ols": np.empty((n_resamples, 2)), "ridge": np.empty((n_resamples, 2))}
    for r in range(n_resamples):
        x1 = rng.standard_normal(n_samples)
        X = np.column_stack([x1, x1 + jitter * rng.standard_normal(n_samples)])
        y = X @ w_true + noise * rng.standard_normal(n_samples)
        X, y = X - X.mean(axis=0), y - y.mean()
        out["ols"][r] = ridge(X, y, 0.0)
        out["ridge"][r] = ridge(X, y, alpha)
    return out
