r"""One coefficient, two priors: the Bayesian chapter's grid computations.

With a single feature ``x`` (the one column of ``X``) and noise variance :math:`\sigma^2`,
the likelihood of the coefficient ``w`` is, as a function of ``w``, a Gaussian centred
at the least-squares estimate

.. math:: z = \frac{x^\top y}{x^\top x}, \qquad
          s^2 = \frac{\sigma^2}{x^\top x}
          \quad (\text{its variance}),

so every posterior in this module is "a Gaussian bump times a prior" and can be computed
on a grid of ``w`` values to any accuracy. The chapter uses these grids to draw prior,
likelihood and posterior together, and to check the Gibbs sampler of
:func:`regkit.bayes.laplace_posterior_samples`. The posterior *mode* always comes from
:mod:`regkit.bayes` (ridge / lasso), never from the grid.
"""

from typing import NamedTuple

import numpy as np
from scipy.integrate import simpson
from scipy.special import erfcx, log_ndtr, logsumexp

from regkit import bayes
from regkit._validation import check_scalar, check_X_y

__all__ = [
    "PRIORS",
    "GridPosterior",
    "one_dim_data",
    "least_squares_1d",
    "prior_param_from_sd",
    "grid_posterior",
    "laplace_posterior_mean_1d",
]

PRIORS = ("gaussian", "laplace")

# Half-width of the quadrature window around the mode, in units of s: the negative log
# posterior is (1/s^2)-strongly convex for both priors, so the density there is below
# exp(-12^2 / 2) = e^-72 times its peak.
_HALF_WIDTH = 12.0
_N_QUAD = 4001


class GridPosterior(NamedTuple):
    """Densities of a one-coefficient problem on a grid, and the posterior's summaries.

    ``prior``, ``likelihood`` (normalized as a density in ``w``) and ``posterior`` are
    evaluated at ``grid``; ``mode`` is exact (ridge or lasso), ``mean`` and ``sd`` come
    from quadrature on a fine window around the mode; ``alpha`` is the equivalent
    penalty on regkit's scale (ridge's ``||y - Xw||^2 + alpha w^2`` or lasso's
    ``(1/(2n)) ||y - Xw||^2 + alpha |w|``); ``z`` and ``s2`` describe the likelihood.
    """

    grid: np.ndarray
    prior: np.ndarray
    likelihood: np.ndarray
    posterior: np.ndarray
    mode: float
    mean: float
    sd: float
    alpha: float
    z: float
    s2: float


def one_dim_data(n=20, w_true=0.5, noise=1.0, seed=0):
    """``y = w_true * x + noise * eps`` with standard normal ``x`` and ``eps``.

    Returns ``X`` of shape (n, 1) and ``y`` (n,), ready for :mod:`regkit.bayes`.
    The first ``n`` rows are the same for every ``n`` with the same seed, so a larger
    ``n`` adds data points rather than drawing a new data set.
    """
    n = int(n)
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    rng = np.random.default_rng(seed)
    # draw a fixed pool, then take its head: data sets for different n are nested
    pool = max(n, 1000)
    x = rng.standard_normal(pool)[:n]
    eps = rng.standard_normal(pool)[:n]
    return x[:, None], w_true * x + noise * eps


def _single_column(X, y):
    X, y = check_X_y(X, y)
    if X.shape[1] != 1:
        raise ValueError(
            f"X must have exactly one column for a one-coefficient problem, got {X.shape[1]}"
        )
    return X, y


def least_squares_1d(X, y, noise_var):
    """``(z, s2)``: the least-squares estimate of the one coefficient and its variance."""
    X, y = _single_column(X, y)
    noise_var = check_scalar(noise_var, "noise_var", low=0.0, low_inclusive=False)
    xx = float(X[:, 0] @ X[:, 0])
    if xx == 0.0:
        raise ValueError("X must not be an all-zero column: the likelihood does not depend on w")
    return float(X[:, 0] @ y) / xx, noise_var / xx


def prior_param_from_sd(prior, sd):
    """The :mod:`regkit.bayes` parameter of a prior with standard deviation ``sd``.

    Gaussian: ``prior_var = sd^2``. Laplace(0, b) has variance ``2 b^2``, so
    ``prior_scale = sd / sqrt(2)``.
    """
    prior = _check_prior(prior)
    sd = check_scalar(sd, "sd", low=0.0, low_inclusive=False)
    return sd**2 if prior == "gaussian" else sd / np.sqrt(2.0)


def _check_prior(prior):
    if prior not in PRIORS:
        raise ValueError(f"prior must be one of {PRIORS}, got {prior!r}")
    return prior


def _log_prior(prior, w, param):
    # regkit.bayes sums over the last axis (the coefficients): one coefficient per grid point
    w = np.asarray(w, dtype=float)[..., None]
    if prior == "gaussian":
        return bayes.gaussian_log_prior(w, param)
    return bayes.laplace_log_prior(w, param)


def grid_posterior(X, y, noise_var, prior, param, grid):
    r"""Prior, likelihood and posterior of a one-coefficient model, on a grid.

    The posterior is :math:`p(w \mid y) \propto p(y \mid w)\, p(w)` with the Gaussian
    likelihood of :func:`regkit.bayes.log_likelihood` and the prior
    :func:`regkit.bayes.gaussian_log_prior` (``param = prior_var``) or
    :func:`regkit.bayes.laplace_log_prior` (``param = prior_scale``). Its normalizing
    constant, mean and standard deviation are computed by quadrature on a
    fine window of half-width :math:`12 s` around the mode, so the densities returned
    on ``grid`` are true densities even where ``grid`` does not cover the posterior.

    Parameters
    ----------
    X : array_like (n, 1)
    y : array_like (n,)
    noise_var : float > 0
    prior : {"gaussian", "laplace"}
    param : float > 0
        ``prior_var`` for the Gaussian prior, ``prior_scale`` (b) for the Laplace prior.
    grid : array_like (g,)
        Values of ``w`` at which to return the three densities (e.g. for a plot).

    Returns
    -------
    GridPosterior
    """
    X, y = _single_column(X, y)
    prior = _check_prior(prior)
    noise_var = check_scalar(noise_var, "noise_var", low=0.0, low_inclusive=False)
    param = check_scalar(param, "param", low=0.0, low_inclusive=False)
    grid = np.asarray(grid, dtype=float)
    if grid.ndim != 1 or grid.size == 0 or not np.all(np.isfinite(grid)):
        raise ValueError("grid must be a non-empty 1-D array of finite values")
    z, s2 = least_squares_1d(X, y, noise_var)
    n = X.shape[0]
    if prior == "gaussian":
        mode = float(bayes.gaussian_posterior(X, y, noise_var, param)[0][0])
        alpha = noise_var / param
    else:
        mode = float(bayes.laplace_map(X, y, noise_var, param)[0])
        alpha = noise_var / (n * param)

    def log_post(w):
        # log p(y | w) as a function of w is -(w - z)^2 / (2 s^2) + const; the constant
        # cancels in the normalization, and this form avoids an (g, n) residual matrix
        return -((w - z) ** 2) / (2.0 * s2) + _log_prior(prior, w, param)

    s = np.sqrt(s2)
    quad = _window(mode - _HALF_WIDTH * s, mode + _HALF_WIDTH * s)
    lq = log_post(quad)
    peak = lq.max()
    log_norm = peak + np.log(_integrate(np.exp(lq - peak), quad))
    post_q = np.exp(lq - log_norm)
    mean = float(_integrate(quad * post_q, quad))
    sd = float(np.sqrt(_integrate((quad - mean) ** 2 * post_q, quad)))

    likelihood = np.exp(-((grid - z) ** 2) / (2.0 * s2)) / np.sqrt(2.0 * np.pi * s2)
    return GridPosterior(
        grid=grid,
        prior=np.exp(_log_prior(prior, grid, param)),
        likelihood=likelihood,
        posterior=np.exp(log_post(grid) - log_norm),
        mode=mode,
        mean=mean,
        sd=sd,
        alpha=float(alpha),
        z=z,
        s2=s2,
    )


def _window(lo, hi):
    """About ``_N_QUAD`` equally spaced nodes on [lo, hi], with 0 an exact node if inside."""
    if not lo < 0.0 < hi:
        return np.linspace(lo, hi, _N_QUAD)
    k = int(np.clip(round(_N_QUAD * -lo / (hi - lo)), 2, _N_QUAD - 2))
    return np.concatenate([np.linspace(lo, 0.0, k + 1), np.linspace(0.0, hi, _N_QUAD - k + 1)[1:]])


def _integrate(values, nodes):
    """Simpson's rule on each side of w = 0 (a node whenever the window straddles it).

    The Laplace prior has a kink at 0; integrating across it would cost the rule its
    order (the error would be of order h^2 times the jump in slope), while each side
    is smooth.
    """
    if nodes[0] < 0.0 < nodes[-1]:
        k = int(np.flatnonzero(nodes == 0.0)[0])
        return simpson(values[: k + 1], x=nodes[: k + 1]) + simpson(values[k:], x=nodes[k:])
    return simpson(values, x=nodes)


def _inverse_mills(t):
    """phi(t) / Phi(t) for the standard normal, accurate for very negative t."""
    return np.sqrt(2.0 / np.pi) / erfcx(-t / np.sqrt(2.0))


def laplace_posterior_mean_1d(z, s2, b):
    r"""Exact posterior mean of ``w`` for a ``N(z, s2)`` likelihood and a Laplace(0, b) prior.

    The posterior :math:`\propto \exp(-(w - z)^2 / (2 s^2) - |w| / b)` is, on each side
    of zero, a truncated Gaussian: completing the square gives centres
    :math:`m_\pm = z \mp s^2 / b` and side weights
    :math:`W_+ \propto e^{-z/b}\,\Phi(m_+/s)`, :math:`W_- \propto e^{z/b}\,\Phi(-m_-/s)`.
    With the truncated-normal means
    :math:`m_+ + s\,\varphi(m_+/s)/\Phi(m_+/s)` and
    :math:`m_- - s\,\varphi(m_-/s)/\Phi(-m_-/s)`, the mean is their
    :math:`W`-weighted average. Logs of :math:`\Phi` and the scaled complementary error
    function keep it accurate far in the tails.

    Parameters
    ----------
    z : float or array_like
        Least-squares estimate(s) (the likelihood's centre).
    s2 : float > 0
        Variance of the likelihood in ``w``.
    b : float > 0
        Scale of the Laplace prior.

    Returns
    -------
    mean : float or ndarray, same shape as ``z``
    """
    s2 = check_scalar(s2, "s2", low=0.0, low_inclusive=False)
    b = check_scalar(b, "b", low=0.0, low_inclusive=False)
    z = np.asarray(z, dtype=float)
    if not np.all(np.isfinite(z)):
        raise ValueError("z must be finite")
    s = np.sqrt(s2)
    m_pos, m_neg = z - s2 / b, z + s2 / b
    log_phi_pos, log_phi_neg = log_ndtr(m_pos / s), log_ndtr(-m_neg / s)
    log_w = np.stack([-z / b + log_phi_pos, z / b + log_phi_neg])
    weights = np.exp(log_w - logsumexp(log_w, axis=0))
    # m_+ + s phi(t)/Phi(t) cancels badly for t = m_+/s << 0 (both terms ~ |m_+|): the
    # inverse Mills ratio phi(t)/Phi(t) = sqrt(2/pi) / erfcx(-t/sqrt(2)) keeps full precision
    mean_pos = m_pos + s * _inverse_mills(m_pos / s)
    mean_neg = m_neg - s * _inverse_mills(-m_neg / s)
    out = weights[0] * mean_pos + weights[1] * mean_neg
    return float(out) if out.ndim == 0 else out
