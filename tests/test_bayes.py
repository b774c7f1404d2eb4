"""The Bayesian module: closed-form Gaussian posterior, Laplace MAP, Gibbs sampler.

Monte Carlo checks compare the sampler with numerical integration of the exact
1-D posterior (scipy.integrate.quad) within a few Monte Carlo standard errors,
estimated by batch means (the draws of a Gibbs chain are correlated).
"""

import numpy as np
import pytest
from scipy import integrate

import regkit
from regkit import bayes


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    n, p = 40, 5
    X = rng.standard_normal((n, p)) * np.array([1.0, 2.0, 0.5, 1.0, 3.0])
    y = X @ np.array([1.5, 0.0, -2.0, 0.0, 0.2]) + 0.8 * rng.standard_normal(n)
    return X, y


def _batch_se(draws, n_batches=50):
    """Monte Carlo standard error of the mean of a correlated chain (batch means)."""
    means = draws.reshape(n_batches, -1).mean(axis=1)
    return means.std(ddof=1) / np.sqrt(n_batches)


@pytest.mark.parametrize("noise_var, prior_var", [(1.0, 1.0), (0.64, 0.05), (4.0, 100.0)])
def test_gaussian_posterior_mean_is_ridge(data, noise_var, prior_var):
    X, y = data
    mean, cov = bayes.gaussian_posterior(X, y, noise_var, prior_var)
    np.testing.assert_allclose(mean, regkit.ridge(X, y, noise_var / prior_var), rtol=1e-10)
    # covariance: inverse of the posterior precision X'X / sigma^2 + I / tau^2
    precision = X.T @ X / noise_var + np.eye(X.shape[1]) / prior_var
    np.testing.assert_allclose(cov @ precision, np.eye(X.shape[1]), atol=1e-10)
    np.testing.assert_array_equal(cov, cov.T)


def test_gaussian_posterior_maximizes_log_posterior(data):
    """The gradient of the unnormalized log posterior vanishes at the mean."""
    X, y = data
    mean, _ = bayes.gaussian_posterior(X, y, 0.5, 2.0)
    h = 1e-6
    grad = np.array([
        (bayes.log_posterior_gaussian(mean + h * e, X, y, 0.5, 2.0)
         - bayes.log_posterior_gaussian(mean - h * e, X, y, 0.5, 2.0)) / (2 * h)
        for e in np.eye(X.shape[1])
    ])
    assert np.max(np.abs(grad)) < 1e-5


def test_gaussian_posterior_when_p_exceeds_n():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((5, 12))
    y = rng.standard_normal(5)
    mean, cov = bayes.gaussian_posterior(X, y, 1.0, 0.5)
    np.testing.assert_allclose(mean, regkit.ridge(X, y, 2.0), rtol=1e-10)
    # directions X cannot see keep the prior variance exactly
    null = np.linalg.svd(X)[2][5:]
    np.testing.assert_allclose(null @ cov @ null.T, 0.5 * np.eye(7), atol=1e-12)


@pytest.mark.parametrize("noise_var, prior_scale", [(1.0, 0.05), (0.64, 0.5), (2.0, 0.01)])
def test_laplace_map_is_lasso(data, noise_var, prior_scale):
    X, y = data
    n = X.shape[0]
    w_map = bayes.laplace_map(X, y, noise_var, prior_scale)
    alpha = noise_var / (n * prior_scale)
    np.testing.assert_allclose(
        w_map, regkit.lasso(X, y, alpha, tol=1e-12, max_iter=100_000), rtol=1e-8, atol=1e-12
    )
    # it maximizes the log posterior: the lasso KKT conditions hold at that alpha
    assert regkit.kkt_violation(X, y, w_map, alpha) < 1e-6 * alpha


def test_laplace_map_beats_perturbations(data):
    X, y = data
    w_map = bayes.laplace_map(X, y, 1.0, 0.05)
    best = bayes.log_posterior_laplace(w_map, X, y, 1.0, 0.05)
    rng = np.random.default_rng(2)
    moves = 1e-3 * rng.standard_normal((200, X.shape[1]))
    assert np.all(bayes.log_posterior_laplace(w_map + moves, X, y, 1.0, 0.05) < best)


def test_laplace_map_threshold_in_one_dimension():
    """p = 1: the MAP is 0 exactly when |x'y| / sigma^2 <= 1 / b."""
    rng = np.random.default_rng(3)
    x = rng.standard_normal(30)
    y = 0.2 * x + rng.standard_normal(30)
    X = x[:, None]
    b_edge = 1.0 / abs(x @ y)  # sigma^2 = 1
    assert bayes.laplace_map(X, y, 1.0, 0.99 * b_edge)[0] == 0.0
    assert bayes.laplace_map(X, y, 1.0, 1.01 * b_edge)[0] != 0.0


def _posterior_moments_1d(x, y, noise_var, prior_scale):
    """Mean and std of the exact 1-D posterior by quadrature."""
    X = x[:, None]

    def log_post(w):
        return float(bayes.log_posterior_laplace(np.array([w]), X, y, noise_var, prior_scale))

    peak = log_post(bayes.laplace_map(X, y, noise_var, prior_scale)[0])
    lo, hi = -10.0, 10.0

    def moment(k):
        return integrate.quad(lambda w: w**k * np.exp(log_post(w) - peak), lo, hi,
                              points=[0.0], limit=200, epsabs=1e-13)[0]

    z = moment(0)
    mean = moment(1) / z
    return mean, np.sqrt(moment(2) / z - mean**2)


def _one_dim_problem(slope, seed, n=20):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n)
    return x, slope * x + rng.standard_normal(n)


@pytest.mark.parametrize("slope, prior_scale", [(0.3, 0.1), (1.0, 0.5)])
def test_sampler_matches_quadrature_in_one_dimension(slope, prior_scale):
    x, y = _one_dim_problem(slope, seed=0)
    mean, std = _posterior_moments_1d(x, y, 1.0, prior_scale)
    draws = bayes.laplace_posterior_samples(x[:, None], y, 1.0, prior_scale, 20_000, seed=0)[:, 0]
    se_mean = _batch_se(draws)
    se_std = _batch_se(np.abs(draws - draws.mean()) ** 2) / (2 * draws.std())  # delta method
    assert abs(draws.mean() - mean) < 4 * se_mean
    assert abs(draws.std() - std) < 4 * se_std
    # the error bars are small enough for the comparison to mean something
    assert se_mean < 0.02 * std


def test_posterior_mean_is_not_sparse_while_map_is():
    """p = 1 with the MAP exactly at 0: the posterior mean is clearly not 0."""
    x, y = _one_dim_problem(0.3, seed=0)
    X = x[:, None]
    assert bayes.laplace_map(X, y, 1.0, 0.1)[0] == 0.0
    mean, _ = _posterior_moments_1d(x, y, 1.0, 0.1)
    draws = bayes.laplace_posterior_samples(X, y, 1.0, 0.1, 20_000, seed=0)[:, 0]
    assert np.all(draws != 0.0)
    # quadrature: nonzero, with the sign of the data's pull x'y
    assert np.sign(mean) == np.sign(x @ y) and abs(mean) > 0.03
    # the sampler agrees and its mean is many standard errors away from 0
    assert abs(draws.mean()) > 20 * _batch_se(draws)


def test_posterior_mean_not_sparse_in_several_dimensions(data):
    X, y = data
    w_map = bayes.laplace_map(X, y, 1.0, 0.02)
    zero = w_map == 0.0
    assert zero.any() and not zero.all()
    draws = bayes.laplace_posterior_samples(X, y, 1.0, 0.02, 10_000, seed=4)
    post_mean = draws.mean(axis=0)
    se = np.array([_batch_se(draws[:, j]) for j in range(X.shape[1])])
    assert np.all(post_mean != 0.0)
    # where the MAP is exactly 0, the posterior mean is shrunk toward 0 but not to it:
    # for each such coordinate, its distance from 0 exceeds 3 standard errors
    assert np.all(np.abs(post_mean[zero]) > 3 * se[zero])
    # where the MAP is nonzero, mean and mode lie on the same side of 0
    assert np.all(np.sign(post_mean[~zero]) == np.sign(w_map[~zero]))


def test_sampler_is_deterministic_and_shaped(data):
    X, y = data
    a = bayes.laplace_posterior_samples(X, y, 1.0, 0.1, 50, seed=7, burn_in=10, thin=3)
    b = bayes.laplace_posterior_samples(X, y, 1.0, 0.1, 50, seed=7, burn_in=10, thin=3)
    c = bayes.laplace_posterior_samples(X, y, 1.0, 0.1, 50, seed=8, burn_in=10, thin=3)
    assert a.shape == (50, X.shape[1])
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    # thinning keeps every third sweep of the same chain
    full = bayes.laplace_posterior_samples(X, y, 1.0, 0.1, 150, seed=7, burn_in=10, thin=1)
    np.testing.assert_array_equal(a, full[::3])


def test_wide_prior_sampler_approaches_least_squares(data):
    """A very wide Laplace prior is nearly flat: the posterior is N(w_ols, s^2 (X'X)^-1)."""
    X, y = data
    draws = bayes.laplace_posterior_samples(X, y, 0.5, 1e3, 4000, seed=5, burn_in=200)
    w_ols = np.linalg.lstsq(X, y, rcond=None)[0]
    sd = np.sqrt(np.diag(0.5 * np.linalg.inv(X.T @ X)))
    se = np.array([_batch_se(draws[:, j], 40) for j in range(X.shape[1])])
    assert np.all(np.abs(draws.mean(axis=0) - w_ols) < 4 * se)
    np.testing.assert_allclose(draws.std(axis=0), sd, rtol=0.1)


@pytest.mark.parametrize("scale", [0.3, 2.0])
def test_log_priors_are_normalized(scale):
    lap = integrate.quad(lambda w: np.exp(bayes.laplace_log_prior(w, scale)), -np.inf, np.inf,
                         points=None)[0]
    gau = integrate.quad(lambda w: np.exp(bayes.gaussian_log_prior(w, scale)), -np.inf, np.inf)[0]
    assert abs(lap - 1.0) < 1e-8 and abs(gau - 1.0) < 1e-8
    # the Laplace(0, b) variance is 2 b^2
    var = integrate.quad(lambda w: w * w * np.exp(bayes.laplace_log_prior(w, scale)),
                         -np.inf, np.inf)[0]
    assert abs(var - 2 * scale**2) < 1e-7


def test_log_likelihood_on_a_grid(data):
    X, y = data
    grid = np.stack([np.zeros(X.shape[1]), np.ones(X.shape[1])])
    values = bayes.log_likelihood(grid, X, y, 2.0)
    n = X.shape[0]
    for w, v in zip(grid, values):
        expected = -0.5 * n * np.log(2 * np.pi * 2.0) - np.sum((y - X @ w) ** 2) / 4.0
        assert v == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda X, y: bayes.gaussian_posterior(X, y, 0.0, 1.0), "noise_var must be a positive"),
        (lambda X, y: bayes.gaussian_posterior(X, y, 1.0, -1.0), "prior_var must be a positive"),
        (lambda X, y: bayes.laplace_map(X, y, 1.0, 0.0), "prior_scale must be a positive"),
        (lambda X, y: bayes.laplace_posterior_samples(X, y, 1.0, 1.0, 0, seed=0),
         "n_samples must be a positive integer"),
        (lambda X, y: bayes.laplace_posterior_samples(X, y, 1.0, 1.0, 5, seed=0, thin=0),
         "thin must be a positive integer"),
        (lambda X, y: bayes.laplace_posterior_samples(X, y, 1.0, 1.0, 5, seed=0, burn_in=-1),
         "burn_in must be a non-negative integer"),
        (lambda X, y: bayes.gaussian_posterior(X, y[:-1], 1.0, 1.0), "mismatched lengths"),
        (lambda X, y: bayes.log_likelihood(np.zeros(2), X, y, 1.0), "last dimension"),
    ],
)
def test_bad_input_raises(data, call, match):
    X, y = data
    with pytest.raises(ValueError, match=match):
        call(X, y)
