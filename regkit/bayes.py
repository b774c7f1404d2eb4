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

from regkit._validation import as_real_array, check_int, check_positive, check_X_y

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
    n, p = X.shape
    # In the thin SVD X = U diag(d) V^T (k = min(n, p) singular values) the posterior is
    # diagonal: along v_k the precision is d_k^2 / sigma^2 + 1 / tau^2, and along the
    # directions X cannot see (p > n) it is the prior's, 1 / tau^2. No p x p system is
    # solved, so a vague prior (1 / tau^2 below rounding) or p >> n cannot break it, and
    # the cost is O(n p min(n, p)) plus forming the p x p output.
    U, d, Vt = np.linalg.svd(X, full_matrices=False)
    ratio = noise_var / prior_var
    with np.errstate(over="ignore", divide="ignore"):
        var = 1.0 / (d * d / noise_var + 1.0 / prior_var)
        # d / (d^2 + ratio), written so that d^2 cannot overflow
        gain = np.where(d > 0, 1.0 / (d + ratio / np.where(d > 0, d, 1.0)), 0.0)
    mean = Vt.T @ (gain * (U.T @ y))
    cov = (Vt.T * var) @ Vt
    if p > n:
        unseen = -(Vt.T @ Vt)  # I - V V^T, the projector onto null(X); its diagonal
        # 1 - ||V_i||^2 is >= 0 exactly, not always after rounding
        unseen[np.diag_indices(p)] = np.maximum(1.0 - np.sum(Vt * Vt, axis=0), 0.0)
        cov += prior_var * unseen
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
    array([ 0.68, -0.02, -0.13])
    """
    X, y = check_X_y(X, y)
    noise_var = check_positive(noise_var, "noise_var")
    prior_scale = _check_prior_scale(prior_scale)
    n_samples = check_int(n_samples, "n_samples", 1)
    burn_in = check_int(burn_in, "burn_in", 0)
    thin = check_int(thin, "thin", 1)
    rng = _check_seed(seed)
    lam = 1.0 / prior_scale
    draw = _WeightDraw(X, y, noise_var)

    # Start at the ridge posterior mean whose Gaussian prior has the Laplace prior's
    # variance 2 b^2: close to the bulk of the posterior, so burn-in is short.
    w = draw(np.full(X.shape[1], lam * lam / 2.0), None)

    out = np.empty((n_samples, X.shape[1]))
    total = burn_in + n_samples * thin
    for sweep in range(total):
        inv_s = _inverse_gaussian(lam, np.abs(w), rng)
        w = draw(inv_s, rng)
        kept = sweep - burn_in
        if kept >= 0 and kept % thin == 0:
            out[kept // thin] = w
    if not np.all(np.isfinite(out)):
        raise ValueError(
            f"prior_scale={prior_scale!r} is too vague for these data: the posterior along "
            "directions X does not determine (p > n, zero or collinear columns) is too wide "
            "to sample in float64; use a smaller prior_scale or rescale X and y"
        )
    return out


def _check_prior_scale(prior_scale):
    """A Laplace scale ``b`` with ``1 / b^2`` and ``b^2`` both normal float64 numbers."""
    b = check_positive(prior_scale, "prior_scale")
    if not 1e-150 <= b <= 1e150:
        raise ValueError(
            f"prior_scale must be between 1e-150 and 1e150, got {prior_scale!r}: the Gibbs "
            "sampler works with 1 / prior_scale^2, which over- or underflows float64 beyond "
            "that; rescale X and y instead (w scales like y / X)"
        )
    return b


def _check_seed(seed):
    """``numpy.random.default_rng(seed)``, with a ``ValueError`` naming ``seed``."""
    if isinstance(seed, np.random.Generator):
        return seed
    try:
        return np.random.default_rng(seed)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"seed must be a non-negative integer, a sequence of them, a SeedSequence or a "
            f"numpy Generator, got {seed!r} ({exc})"
        ) from exc


def _inverse_gaussian(lam, abs_w, rng):
    r"""Draws of ``1/s_j ~ InverseGaussian(mean = lam / |w_j|, shape = lam^2)``.

    Michael, Schucany and Haas (1976): with ``nu ~ N(0, 1)``, ``c = nu^2 / (2 lam)``, the
    smaller root is ``x1 = lam / (|w| + c + sqrt(c) sqrt(c + 2|w|))``, kept with probability
    ``lam / (lam + |w| x1)``, else ``lam^2 / (w^2 x1)``. This is their formula
    ``mu + mu^2 nu^2 / (2 shape) - (mu / (2 shape)) sqrt(4 mu shape nu^2 + mu^2 nu^4)``
    rewritten without the cancellation, so ``|w_j| = 0`` (mean infinite) gives the limit
    ``lam^2 / nu^2`` instead of a division by zero or 0.
    """
    nu2 = rng.standard_normal(abs_w.shape[0]) ** 2
    u = rng.random(abs_w.shape[0])
    c = nu2 / (2.0 * lam)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        x1 = lam / (abs_w + c + np.sqrt(c) * np.sqrt(c + 2.0 * abs_w))
        x2 = lam * lam / (abs_w * abs_w * x1)
    small = u * (lam + abs_w * x1) <= lam
    return np.where(small | ~np.isfinite(x2), x1, x2)


class _WeightDraw:
    r"""Draws from ``N(A^-1 X^T y / sigma^2, A^-1)``, ``A = X^T X / sigma^2 + diag(inv_s)``.

    ``p <= n``: Cholesky of the p x p matrix ``A = L L^T``; ``mean + L^-T z`` has
    covariance ``A^-1``. ``p > n``, or when ``A`` is not numerically positive definite
    (a vague prior against collinear columns): the n x n form of Bhattacharya, Chakraborty
    and Mallick (2016) with ``Phi = X / sigma``, ``D = diag(s)``: draw ``u ~ N(0, D)``,
    ``delta ~ N(0, I_n)``, solve ``(Phi D Phi^T + I) a = y / sigma - (Phi u + delta)``;
    then ``u + D Phi^T a`` has the same distribution, at O(n^2 p) per draw.
    """

    def __init__(self, X, y, noise_var):
        self.n, self.p = X.shape
        sigma = np.sqrt(noise_var)
        self.phi = X / sigma
        self.alpha = y / sigma
        self.gram = self.phi.T @ self.phi if self.p <= self.n else None
        self.xty = self.phi.T @ self.alpha
        self.diag = np.diag_indices(self.p)

    def __call__(self, inv_s, rng):
        if self.gram is not None:
            A = self.gram.copy()
            A[self.diag] += inv_s
            try:
                L = linalg.cholesky(A, lower=True)
            except linalg.LinAlgError:
                return self._n_by_n(inv_s, rng)
            mean = linalg.cho_solve((L, True), self.xty)
            if rng is None:
                return mean
            z = rng.standard_normal(self.p)
            return mean + linalg.solve_triangular(L, z, lower=True, trans="T")
        return self._n_by_n(inv_s, rng)

    def _n_by_n(self, inv_s, rng):
        with np.errstate(divide="ignore", over="ignore"):
            s = 1.0 / inv_s
        if rng is None:
            u, delta = np.zeros(self.p), np.zeros(self.n)
        else:
            u = np.sqrt(s) * rng.standard_normal(self.p)
            delta = rng.standard_normal(self.n)
        K = (self.phi * s) @ self.phi.T
        K[np.diag_indices(self.n)] += 1.0
        try:
            a = linalg.cho_solve(linalg.cho_factor(K), self.alpha - (self.phi @ u + delta))
        except (linalg.LinAlgError, ValueError):  # ValueError: inf or NaN from a huge s
            return np.full(self.p, np.nan)  # reported by the caller, naming prior_scale
        return u + s * (self.phi.T @ a)


def _check_w(w):
    """Coefficients at which to evaluate a density: real numbers, +-inf allowed, no NaN."""
    w = as_real_array(w, "w")
    if np.any(np.isnan(w)):
        raise ValueError("w contains NaN")
    return w


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
    w = _check_w(w)
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
    w = _check_w(w)
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
    w = _check_w(w)
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

