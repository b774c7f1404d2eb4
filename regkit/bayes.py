r"""The Bayesian view of ridge and lasso: priors, posteriors, MAP estimates, sampling.

Model: ``y = X w + noise`` with ``noise ~ N(0, noise_var * I)``, so the likelihood is

.. math:: p(y \mid w) \propto \exp\!\left(-\frac{\|y - Xw\|^2}{2\sigma^2}\right),
          \qquad \sigma^2 = \text{noise\_var}.

* Gaussian prior ``w ~ N(0, prior_var * I)``: the posterior is Gaussian (closed form,
  :func:`gaussian_posterior`); its mean and mode are ridge with
  ``alpha = noise_var / prior_var`` on scikit-learn's ridge scale ``||y - Xw||^2 + alpha ||w||^2``.
* Laplace prior, iid ``w_j ~ Laplace(0, b)`` with density ``exp(-|w_j| / b) / (2b)``:
  the posterior mode is the lasso with ``alpha = noise_var / (n * b)`` on scikit-learn's
  lasso scale (:func:`laplace_map`); the posterior itself has no closed form and is
  sampled by Gibbs (:func:`laplace_posterior_samples`). Its mean is *not* sparse: only
  the mode sits exactly at zero, which is the book's correction of "the Laplace prior
  has more mass at zero, hence sparsity".

The noise variance and the prior scale are fixed, known numbers throughout (no
hyperpriors), so every formula maps one-to-one onto a regularization strength.
"""

import numpy as np
from scipy import linalg

from regkit._validation import check_int, check_positive, check_X_y

__all__ = [
    "gaussian_posterior",
    "laplace_map",
    "laplace_posterior_samples",
    "gaussian_log_prior",
    "laplace_log_prior",
    "log_likelihood",
    "log_posterior_gaussian",
    "log_posterior_laplace",
]


def gaussian_posterior(X, y, noise_var, prior_var):
    r"""Exact posterior of ``w`` under a Gaussian prior: returns ``(mean, cov)``.

    With prior ``N(0, tau^2 I)`` (``tau^2 = prior_var``) and likelihood
    ``N(Xw, sigma^2 I)`` (``sigma^2 = noise_var``), Bayes' rule multiplies two
    Gaussians in ``w``:

    .. math::

        \Sigma = \left(\frac{X^\top X}{\sigma^2} + \frac{I}{\tau^2}\right)^{-1}, \qquad
        \mu = \Sigma \frac{X^\top y}{\sigma^2}
            = \left(X^\top X + \frac{\sigma^2}{\tau^2} I\right)^{-1} X^\top y .

    So the posterior mean (which is also its mode) is ridge regression,
    ``regkit.ridge(X, y, alpha=noise_var / prior_var)``, whose objective is
    ``||y - Xw||^2 + alpha ||w||^2``: ``alpha`` is the ratio of the noise variance to
    the prior variance. A vaguer prior (larger ``prior_var``) or cleaner data (smaller
    ``noise_var``) means less shrinkage.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    noise_var : float > 0
        Variance ``sigma^2`` of the Gaussian noise.
    prior_var : float > 0
        Variance ``tau^2`` of each coefficient under the prior.

    Returns
    -------
    mean : ndarray of shape (n_features,)
    cov : ndarray of shape (n_features, n_features)

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.datasets import make_correlated_regression
    >>> X, y, _ = make_correlated_regression(30, 3, n_informative=2, coef_scale=0.5, seed=2)
    >>> from regkit import ridge
    >>> from regkit.bayes import gaussian_posterior
    >>> mean, cov = gaussian_posterior(X, y, noise_var=1.0, prior_var=0.5)
    >>> np.allclose(mean, ridge(X, y, alpha=1.0 / 0.5))  # the posterior mean is ridge
    True
    >>> np.sqrt(np.diag(cov)).round(3)  # posterior standard deviations
    array([0.219, 0.235, 0.195])
    """
    X, y = check_X_y(X, y)
    noise_var = check_positive(noise_var, "noise_var")
    prior_var = check_positive(prior_var, "prior_var")
    p = X.shape[1]
    # Factor the scaled precision X'X + (sigma^2/tau^2) I = sigma^2 * Sigma^-1 once;
    # it is positive definite for any X because prior_var is finite.
    precision = X.T @ X
    precision[np.diag_indices(p)] += noise_var / prior_var
    factor = linalg.cho_factor(precision)
    mean = linalg.cho_solve(factor, X.T @ y)
    cov = noise_var * linalg.cho_solve(factor, np.eye(p))
    return mean, 0.5 * (cov + cov.T)


def laplace_map(X, y, noise_var, prior_scale, *, tol=1e-10, max_iter=100_000):
    r"""Posterior mode (MAP) of ``w`` under iid Laplace priors: a lasso.

    With prior density :math:`\prod_j \frac{1}{2b} e^{-|w_j|/b}` (``b = prior_scale``)
    and likelihood ``N(Xw, sigma^2 I)``, the negative log posterior is, up to a constant,

    .. math:: \frac{1}{2\sigma^2}\|y - Xw\|^2 + \frac{1}{b}\|w\|_1 .

    Multiplying by the positive constant :math:`\sigma^2 / n` does not move the minimizer
    and gives scikit-learn's lasso objective

    .. math:: \frac{1}{2n}\|y - Xw\|^2 + \frac{\sigma^2}{n b}\|w\|_1,

    so the MAP estimate is ``regkit.lasso(X, y, alpha=noise_var / (n * prior_scale))``.
    The ``1/n`` comes from scikit-learn's ``1/(2n)`` loss scaling, not from the prior.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    noise_var : float > 0
    prior_scale : float > 0
        Scale ``b`` of the Laplace prior (its standard deviation is ``b * sqrt(2)``).
    tol, max_iter :
        Passed to :func:`regkit.lasso` (a tight default: the MAP is a point estimate
        the book compares across methods).

    Returns
    -------
    w_map : ndarray of shape (n_features,)

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.datasets import make_correlated_regression
    >>> X, y, _ = make_correlated_regression(30, 3, n_informative=2, coef_scale=0.5, seed=2)
    >>> from regkit import lasso
    >>> from regkit.bayes import laplace_map
    >>> w_map = laplace_map(X, y, noise_var=1.0, prior_scale=0.1)
    >>> w_map.round(3)  # the mode of the posterior is sparse
    array([ 0.667,  0.   , -0.045])
    >>> np.allclose(w_map, lasso(X, y, 1.0 / (30 * 0.1), tol=1e-10))
    True
    """
    from regkit._lasso import lasso

    X, y = check_X_y(X, y)
    noise_var = check_positive(noise_var, "noise_var")
    prior_scale = check_positive(prior_scale, "prior_scale")
    alpha = noise_var / (X.shape[0] * prior_scale)
    return lasso(X, y, alpha, tol=tol, max_iter=max_iter)


def laplace_posterior_samples(
    X, y, noise_var, prior_scale, n_samples, *, seed, burn_in=1000, thin=1
):
    r"""Draws from the posterior of ``w`` under iid Laplace priors, by Gibbs sampling.

    The Laplace prior is a scale mixture of Gaussians (Andrews & Mallows 1974):

    .. math::

        \frac{1}{2b} e^{-|w|/b} = \int_0^\infty \mathcal N(w \mid 0, s)\,
        \frac{\lambda^2}{2} e^{-\lambda^2 s / 2}\, ds, \qquad \lambda = 1/b,

    i.e. ``w_j | s_j ~ N(0, s_j)`` with ``s_j ~ Exponential(rate = lambda^2 / 2)``.
    Adding the latent variances ``s`` makes both conditionals standard
    (Park & Casella 2008, here with the noise variance and the prior scale fixed):

    .. math::

        w \mid s, y &\sim \mathcal N\!\left(A^{-1} X^\top y / \sigma^2,\; A^{-1}\right),
        \qquad A = X^\top X / \sigma^2 + \mathrm{diag}(1 / s), \\
        1/s_j \mid w_j &\sim \text{InverseGaussian}\!\left(\text{mean} = \lambda / |w_j|,\;
        \text{shape} = \lambda^2\right).

    The second line follows from
    :math:`p(s_j \mid w_j) \propto s_j^{-1/2} e^{-w_j^2/(2 s_j) - \lambda^2 s_j / 2}`:
    in ``u = 1/s_j`` this is :math:`u^{-3/2} e^{-w_j^2 u / 2 - \lambda^2 / (2u)}`, the
    inverse-Gaussian kernel. The chain alternates the two draws; ``w`` is recorded.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    noise_var : float > 0
        Noise variance ``sigma^2`` (fixed).
    prior_scale : float > 0
        Laplace scale ``b`` (fixed).
    n_samples : int >= 1
        Number of draws returned.
    seed : int or numpy.random.Generator
        Seeds ``numpy.random.default_rng``; the same seed gives the same draws.
    burn_in : int >= 0, default=1000
        Sweeps discarded before recording.
    thin : int >= 1, default=1
        Keep every ``thin``-th sweep after the burn-in.

    Returns
    -------
    samples : ndarray of shape (n_samples, n_features)
        Successive draws are correlated (a Markov chain): use effective sample sizes,
        or batch means, for Monte Carlo error bars.

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.datasets import make_correlated_regression
    >>> X, y, _ = make_correlated_regression(30, 3, n_informative=2, coef_scale=0.5, seed=2)
    >>> from regkit.bayes import laplace_map, laplace_posterior_samples
    >>> draws = laplace_posterior_samples(X, y, 1.0, 0.1, 2000, seed=0, burn_in=200)
    >>> draws.shape
    (2000, 3)
    >>> laplace_map(X, y, 1.0, 0.1).round(2)  # the mode: one coefficient exactly 0
    array([ 0.67,  0.  , -0.05])
    >>> draws.mean(axis=0).round(2)  # the posterior mean: none is 0
    array([ 0.68, -0.03, -0.13])
    """
    X, y = check_X_y(X, y)
    noise_var = check_positive(noise_var, "noise_var")
    prior_scale = check_positive(prior_scale, "prior_scale")
    n_samples = check_int(n_samples, "n_samples", 1)
    burn_in = check_int(burn_in, "burn_in", 0)
    thin = check_int(thin, "thin", 1)
    rng = np.random.default_rng(seed)
    lam = 1.0 / prior_scale
    gram = X.T @ X / noise_var
    xty = X.T @ y / noise_var
    p = X.shape[1]
    diag = np.diag_indices(p)

    # Start at the ridge posterior mean whose Gaussian prior has the Laplace prior's
    # variance 2 b^2: close to the bulk of the posterior, so burn-in is short.
    inv_s = np.full(p, 1.0 / (2.0 * prior_scale**2))
    w = _draw_w(gram, xty, inv_s, diag, None)

    out = np.empty((n_samples, p))
    total = burn_in + n_samples * thin
    for sweep in range(total):
        # |w_j| = 0 has probability zero; the floor only guards the division
        inv_s = rng.wald(lam / np.maximum(np.abs(w), 1e-300), lam**2)
        w = _draw_w(gram, xty, inv_s, diag, rng)
        kept = sweep - burn_in
        if kept >= 0 and kept % thin == 0:
            out[kept // thin] = w
    return out


def _draw_w(gram, xty, inv_s, diag, rng):
    """One draw from ``N(A^-1 xty, A^-1)``, ``A = gram + diag(inv_s)`` (the mean if rng is None).

    With ``A = L L'``, ``mean = A^-1 xty`` and ``mean + L'^-1 z`` (``z`` standard normal)
    has covariance ``L'^-1 L^-1 = A^-1``.
    """
    A = gram.copy()
    A[diag] += inv_s
    L = linalg.cholesky(A, lower=True)
    mean = linalg.cho_solve((L, True), xty)
    if rng is None:
        return mean
    return mean + linalg.solve_triangular(L, rng.standard_normal(xty.shape[0]), lower=True,
                                          trans="T")


def gaussian_log_prior(w, prior_var):
    r"""Log density of iid ``N(0, prior_var)`` priors, summed over the last axis of ``w``.

    :math:`\sum_j \left[-\tfrac12 \log(2\pi\tau^2) - w_j^2 / (2\tau^2)\right]`.
    ``w`` may be a scalar, a vector (p,) or a grid (..., p).

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.bayes import gaussian_log_prior
    >>> round(float(gaussian_log_prior(0.0, 1.0)), 4)  # log of 1 / sqrt(2 pi)
    -0.9189
    >>> gaussian_log_prior(np.array([[0.0, 0.0], [1.0, 1.0]]), 1.0).round(4)  # one value per row
    array([-1.8379, -2.8379])
    """
    w = np.asarray(w, dtype=float)
    prior_var = check_positive(prior_var, "prior_var")
    terms = -0.5 * np.log(2.0 * np.pi * prior_var) - w**2 / (2.0 * prior_var)
    return terms if w.ndim == 0 else np.sum(terms, axis=-1)


def laplace_log_prior(w, prior_scale):
    r"""Log density of iid ``Laplace(0, prior_scale)`` priors, summed over the last axis.

    :math:`\sum_j \left[-\log(2b) - |w_j| / b\right]`. ``w`` as in :func:`gaussian_log_prior`.

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.bayes import laplace_log_prior
    >>> round(float(laplace_log_prior(0.0, 0.25)), 4)  # log(1 / (2 b)) at the peak
    0.6931
    >>> laplace_log_prior(np.array([[0.0, 0.0], [1.0, -1.0]]), 0.25).round(4)
    array([ 1.3863, -6.6137])
    """
    w = np.asarray(w, dtype=float)
    prior_scale = check_positive(prior_scale, "prior_scale")
    terms = -np.log(2.0 * prior_scale) - np.abs(w) / prior_scale
    return terms if w.ndim == 0 else np.sum(terms, axis=-1)


def log_likelihood(w, X, y, noise_var):
    r"""Gaussian log likelihood :math:`-\tfrac n2 \log(2\pi\sigma^2) - \|y - Xw\|^2/(2\sigma^2)`.

    ``w`` is (p,) or a stack (..., p) of coefficient vectors (e.g. a grid for a contour
    plot); the result has the stack's shape.

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.bayes import log_likelihood
    >>> X = np.eye(2)
    >>> y = np.array([1.0, 2.0])
    >>> # a perfect fit leaves only the normalizing constant -(n/2) log(2 pi sigma^2)
    >>> round(float(log_likelihood(np.array([1.0, 2.0]), X, y, noise_var=1.0)), 4)
    -1.8379
    >>> log_likelihood(np.array([[1.0, 2.0], [0.0, 0.0]]), X, y, 1.0).round(4)  # a stack of w
    array([-1.8379, -4.3379])
    """
    X, y = check_X_y(X, y)
    noise_var = check_positive(noise_var, "noise_var")
    w = np.asarray(w, dtype=float)
    if w.shape[-1:] != (X.shape[1],):
        raise ValueError(f"w must have last dimension n_features={X.shape[1]}, got shape {w.shape}")
    resid = y - w @ X.T  # (..., n)
    n = X.shape[0]
    sum_sq = np.sum(resid**2, axis=-1)
    return -0.5 * n * np.log(2.0 * np.pi * noise_var) - sum_sq / (2.0 * noise_var)


def log_posterior_gaussian(w, X, y, noise_var, prior_var):
    """Unnormalized log posterior under the Gaussian prior: log likelihood + log prior.

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.datasets import make_correlated_regression
    >>> X, y, _ = make_correlated_regression(30, 3, n_informative=2, coef_scale=0.5, seed=2)
    >>> from regkit.bayes import gaussian_posterior, log_posterior_gaussian
    >>> mean, _ = gaussian_posterior(X, y, 1.0, 0.5)
    >>> at_mean = log_posterior_gaussian(mean, X, y, 1.0, 0.5)
    >>> nearby = log_posterior_gaussian(mean + 0.05, X, y, 1.0, 0.5)
    >>> bool(at_mean > nearby)  # the posterior mean is also the mode
    True
    """
    return log_likelihood(w, X, y, noise_var) + gaussian_log_prior(w, prior_var)


def log_posterior_laplace(w, X, y, noise_var, prior_scale):
    """Unnormalized log posterior under the Laplace prior: log likelihood + log prior.

    Its maximizer is :func:`laplace_map`.

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.datasets import make_correlated_regression
    >>> X, y, _ = make_correlated_regression(30, 3, n_informative=2, coef_scale=0.5, seed=2)
    >>> from regkit.bayes import laplace_map, log_posterior_laplace
    >>> w_map = laplace_map(X, y, 1.0, 0.1)
    >>> at_map = log_posterior_laplace(w_map, X, y, 1.0, 0.1)
    >>> steps = 0.01 * np.vstack([np.eye(3), -np.eye(3)])
    >>> bool(np.all(log_posterior_laplace(w_map + steps, X, y, 1.0, 0.1) < at_map))
    True
    """
    return log_likelihood(w, X, y, noise_var) + laplace_log_prior(w, prior_scale)

