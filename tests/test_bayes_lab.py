"""regkit.course.labs.bayes: one-coefficient posteriors on a grid, checked against independent references.

References: the closed-form Gaussian posterior (regkit.bayes.gaussian_posterior), adaptive
quadrature (scipy.integrate.quad) of the unnormalized Laplace posterior, the soft-thresholding
formula for the one-dimensional lasso, and the Gibbs sampler.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate

from regkit import bayes
from regkit.course.labs import bayes as bl


def _quad_moments(z, s2, b):
    """Mean and sd of exp(-(w - z)^2 / (2 s2) - |w| / b) by adaptive quadrature.

    The integrand is scaled by its value at the mode (the soft threshold of z at s2 / b)
    and integrated over mode +- 40 s, split at the mode, the kink and +-60 b.
    """
    mode = np.sign(z) * max(abs(z) - s2 / b, 0.0)

    def log_f(w):
        return -((w - z) ** 2) / (2 * s2) - abs(w) / b

    def f(w, k):
        return w**k * np.exp(log_f(w) - log_f(mode))

    s = np.sqrt(s2)
    lo, hi = mode - 40 * s, mode + 40 * s
    # extra cuts at the kink and at +-60 b: a narrow prior makes a spike of width ~b at 0
    inner = {c for c in (0.0, -60 * b, 60 * b) if lo < c < hi}
    cuts = sorted({lo, hi, mode} | inner)
    def integral(k):
        # the integrand peaks at 1 with width >= min(s, b): an absolute tolerance on that
        # scale stops quad from chasing relative accuracy in the underflowing tails
        tol = 1e-14 * min(s, b) * (abs(mode) + s) ** k
        opts = dict(epsabs=tol, epsrel=1e-12, limit=500)
        pieces = zip(cuts, cuts[1:])
        return sum(integrate.quad(f, lo, hi, args=(k,), **opts)[0] for lo, hi in pieces)

    m0, m1, m2 = integral(0), integral(1), integral(2)
    mean = m1 / m0
    return mean, np.sqrt(m2 / m0 - mean**2)


@pytest.fixture
def data():
    return bl.one_dim_data(25, w_true=0.4, noise=1.0, seed=3)


def test_one_dim_data_is_nested_and_follows_the_model():
    X10, y10 = bl.one_dim_data(10, w_true=0.7, noise=0.5, seed=1)
    X30, y30 = bl.one_dim_data(30, w_true=0.7, noise=0.5, seed=1)
    assert X10.shape == (10, 1) and y10.shape == (10,)
    np.testing.assert_array_equal(X30[:10], X10)
    np.testing.assert_array_equal(y30[:10], y10)
    X0, y0 = bl.one_dim_data(30, w_true=0.7, noise=0.0, seed=1)
    np.testing.assert_allclose(y0, 0.7 * X0[:, 0])


def test_least_squares_1d(data):
    X, y = data
    z, s2 = bl.least_squares_1d(X, y, 2.0)
    coef, *_ = np.linalg.lstsq(X, y, rcond=None)
    assert z == pytest.approx(coef[0], rel=1e-12)
    assert s2 == pytest.approx(2.0 / np.sum(X**2), rel=1e-12)


@pytest.mark.parametrize("prior_var", [0.01, 0.3, 10.0])
def test_gaussian_grid_matches_closed_form(data, prior_var):
    X, y = data
    res = bl.grid_posterior(X, y, 1.5, "gaussian", prior_var, np.linspace(-3, 3, 7))
    mean, cov = bayes.gaussian_posterior(X, y, 1.5, prior_var)
    assert res.mode == pytest.approx(mean[0], abs=1e-12)
    assert res.mean == pytest.approx(mean[0], abs=1e-9)
    assert res.sd == pytest.approx(np.sqrt(cov[0, 0]), rel=1e-8)
    assert res.alpha == pytest.approx(1.5 / prior_var)
    # the returned posterior density is the exact Gaussian one
    var = cov[0, 0]
    expected = np.exp(-((res.grid - mean[0]) ** 2) / (2 * var)) / np.sqrt(2 * np.pi * var)
    np.testing.assert_allclose(res.posterior, expected, rtol=1e-8, atol=1e-300)


@pytest.mark.parametrize("prior_scale", [0.02, 0.1, 1.0, 20.0])
def test_laplace_grid_matches_quadrature_and_soft_threshold(data, prior_scale):
    X, y = data
    res = bl.grid_posterior(X, y, 1.0, "laplace", prior_scale, np.linspace(-2, 2, 5))
    mean, sd = _quad_moments(res.z, res.s2, prior_scale)
    assert res.mean == pytest.approx(mean, abs=1e-8)
    assert res.sd == pytest.approx(sd, rel=1e-6)
    # mode of exp(-(w - z)^2 / (2 s^2) - |w| / b) is the soft threshold of z at s^2 / b
    threshold = res.s2 / prior_scale
    assert res.mode == pytest.approx(np.sign(res.z) * max(abs(res.z) - threshold, 0.0), abs=1e-7)
    assert res.alpha == pytest.approx(1.0 / (X.shape[0] * prior_scale))


def test_map_is_zero_but_mean_is_not_inside_the_dead_zone(data):
    X, y = data
    z, s2 = bl.least_squares_1d(X, y, 1.0)
    b = 0.9 * s2 / abs(z)  # threshold s2 / b just above |z|
    res = bl.grid_posterior(X, y, 1.0, "laplace", b, [0.0])
    assert res.mode == 0.0
    assert abs(res.mean) > 1e-3 and np.sign(res.mean) == np.sign(z)


@pytest.mark.parametrize("prior", bl.PRIORS)
def test_densities_are_normalized_and_mode_is_the_peak(data, prior):
    X, y = data
    grid = np.linspace(-6, 6, 240_001)
    res = bl.grid_posterior(X, y, 1.0, prior, 0.2, grid)
    for dens in (res.prior, res.likelihood, res.posterior):
        assert np.trapezoid(dens, grid) == pytest.approx(1.0, abs=1e-6)
    assert grid[np.argmax(res.posterior)] == pytest.approx(res.mode, abs=2 * (grid[1] - grid[0]))
    assert np.trapezoid(grid * res.posterior, grid) == pytest.approx(res.mean, abs=1e-6)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    z=st.floats(-5.0, 5.0),
    log_s2=st.floats(-4.0, 1.0),
    log_b=st.floats(-3.0, 2.0),
)
def test_closed_form_laplace_mean_matches_quadrature(z, log_s2, log_b):
    s2, b = 10.0**log_s2, 10.0**log_b
    mean, _ = _quad_moments(z, s2, b)
    got = bl.laplace_posterior_mean_1d(z, s2, b)
    assert got == pytest.approx(mean, abs=1e-9 * max(1.0, abs(z)))


def test_closed_form_laplace_mean_limits_and_symmetry():
    z = np.array([-40.0, -1.0, -0.01, 0.0, 0.01, 1.0, 40.0])
    m = bl.laplace_posterior_mean_1d(z, 0.04, 0.2)
    np.testing.assert_allclose(m, -m[::-1], atol=1e-15)  # odd in z
    assert m[3] == 0.0
    # far in the tail the posterior sits on one side: mean = z - sign(z) s^2 / b
    assert m[-1] == pytest.approx(40.0 - 0.04 / 0.2, rel=1e-12)
    # the mean shrinks towards zero but never past it, and is never exactly zero for z != 0
    nonzero = z != 0
    assert np.all(np.sign(m[nonzero]) == np.sign(z[nonzero]))
    assert np.all(np.abs(m) <= np.abs(z))
    # a very wide prior leaves the likelihood alone
    assert bl.laplace_posterior_mean_1d(0.7, 0.04, 1e6) == pytest.approx(0.7, abs=1e-6)


def test_sampler_agrees_with_closed_form_mean():
    X, y = bl.one_dim_data(20, w_true=0.3, noise=1.0, seed=0)
    z, s2 = bl.least_squares_1d(X, y, 1.0)
    draws = bayes.laplace_posterior_samples(X, y, 1.0, 0.1, 20_000, seed=0)[:, 0]
    batches = draws.reshape(50, -1).mean(axis=1)
    se = batches.std(ddof=1) / np.sqrt(50)
    assert abs(draws.mean() - bl.laplace_posterior_mean_1d(z, s2, 0.1)) < 4 * se


def test_prior_param_from_sd_gives_that_sd():
    for prior in bl.PRIORS:
        param = bl.prior_param_from_sd(prior, 0.3)
        grid = np.linspace(-5, 5, 200_001)
        X, y = bl.one_dim_data(5, seed=0)
        dens = bl.grid_posterior(X, y, 1.0, prior, param, grid).prior
        assert np.sqrt(np.trapezoid(grid**2 * dens, grid)) == pytest.approx(0.3, rel=1e-5)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda X, y: bl.grid_posterior(np.hstack([X, X]), y, 1.0, "gaussian", 1.0, [0.0]),
         "one column"),
        (lambda X, y: bl.grid_posterior(X, y, 1.0, "cauchy", 1.0, [0.0]), "prior"),
        (lambda X, y: bl.grid_posterior(X, y, 1.0, "laplace", 0.0, [0.0]), "param"),
        (lambda X, y: bl.grid_posterior(X, y, -1.0, "laplace", 1.0, [0.0]), "noise_var"),
        (lambda X, y: bl.grid_posterior(X, y, 1.0, "laplace", 1.0, []), "grid"),
        (lambda X, y: bl.grid_posterior(X, y, 1.0, "laplace", 1.0, [np.nan]), "grid"),
        (lambda X, y: bl.least_squares_1d(np.zeros_like(X), y, 1.0), "all-zero"),
        (lambda X, y: bl.laplace_posterior_mean_1d(0.1, 0.0, 1.0), "s2"),
        (lambda X, y: bl.laplace_posterior_mean_1d(np.inf, 1.0, 1.0), "z"),
        (lambda X, y: bl.prior_param_from_sd("gaussian", -1.0), "sd"),
        (lambda X, y: bl.one_dim_data(0), "n"),
    ],
)
def test_bad_input_raises(data, call, match):
    with pytest.raises(ValueError, match=match):
        call(*data)
