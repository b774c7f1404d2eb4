"""The overfitting chapter's laboratory: Legendre features, polynomial ridge, bias-variance simulation."""

import numpy as np
import pytest

from regkit.datasets import make_sine_data, true_sine
from regkit.course.labs.overfitting import (PolynomialRidge, bias_variance, learning_curve, mse,
                               polynomial_features, train_test_errors)


def test_legendre_features_match_numpy_legendre():
    x = np.linspace(0, 1, 11)
    Phi = polynomial_features(x, 6)
    t = 2 * x - 1
    for k in range(1, 7):
        coef = np.zeros(k + 1)
        coef[k] = 1
        np.testing.assert_allclose(Phi[:, k - 1], np.polynomial.legendre.legval(t, coef), atol=1e-12)
    assert polynomial_features(x, 0).shape == (11, 0)


def test_unpenalized_fit_equals_numpy_polyfit():
    x, y = make_sine_data(30, seed=3)
    model = PolynomialRidge(5, alpha=0.0).fit(x, y)
    ref = np.polyval(np.polyfit(x, y, 5), x)
    np.testing.assert_allclose(model.predict(x), ref, atol=1e-8)


def test_intercept_is_not_penalized():
    # a huge penalty flattens the polynomial to the mean of y, not to zero
    x, y = make_sine_data(30, seed=4)
    y = y + 10.0
    model = PolynomialRidge(8, alpha=1e12).fit(x, y)
    np.testing.assert_allclose(model.predict(x), y.mean(), atol=1e-6)


def test_training_error_decreases_with_degree_and_interpolates():
    x, y = make_sine_data(12, seed=0)
    train, test = train_test_errors(x, y, x, y, degrees=range(12))
    assert np.all(np.diff(train) <= 1e-12)
    assert train[-1] < 1e-15 * 1e3  # degree n-1 interpolates n points


def test_bias_variance_decomposition_adds_up():
    settings = [(1, 0.0), (3, 0.0), (6, 0.0)]
    bv = bias_variance(settings, n_train=25, noise=0.3, n_repeats=400, seed=1)
    total = bv["bias2"] + bv["variance"] + bv["noise2"]
    np.testing.assert_allclose(total, bv["expected_error"], rtol=0.03)
    assert bv["bias2"][0] > 10 * bv["bias2"][1]          # a line cannot bend like a sine
    assert bv["variance"][2] > bv["variance"][1]         # more flexible, more variance


def test_penalty_trades_variance_for_bias():
    bv = bias_variance([(12, 1e-3), (12, 1e-1), (12, 10.0)], n_train=20, n_repeats=200, seed=2)
    assert np.all(np.diff(bv["variance"]) < 0)
    assert np.all(np.diff(bv["bias2"]) > 0)


def test_learning_curve_test_error_falls_with_n():
    train, test = learning_curve([15, 60, 240], degree=6, noise=0.3, n_repeats=40, seed=0)
    assert test[0] > test[1] > test[2]
    assert train[0] < 0.09 < test[0]  # training error below the noise floor when n is small
    assert abs(test[-1] - 0.09) < 0.02


@pytest.mark.parametrize("bad, match", [
    (dict(degree=-1), "degree"), (dict(degree=2.5), "degree"), (dict(alpha=-1.0), "alpha"),
])
def test_bad_arguments(bad, match):
    x, y = make_sine_data(10)
    kwargs = {"degree": 3, "alpha": 0.0} | bad
    with pytest.raises(ValueError, match=match):
        PolynomialRidge(**kwargs).fit(x, y)


def test_mse_and_truth():
    assert mse([1.0, 2.0], [1.0, 4.0]) == 2.0
    np.testing.assert_allclose(true_sine([0.25]), [1.0])
