"""The online lab: the stream is deterministic, the batch lasso from sufficient statistics is
the lasso on the stacked data, truncated gradient and FTRL-Proximal behave as defined, and the
Spark parameter mapping is the stated algebra."""

import numpy as np
import pytest

import regkit
from regkit.course.labs import online as ol


def _stacked(w, n_chunks, size):
    parts = list(ol.stream(w, n_chunks, size))
    return np.vstack([X for X, _ in parts]), np.concatenate([y for _, y in parts])


def test_stream_is_deterministic_and_stats_are_exact():
    w = ol.make_truth(8, k=3, seed=1)
    X, y = _stacked(w, 3, 50)
    X2, y2 = _stacked(w, 3, 50)
    np.testing.assert_array_equal(X, X2)
    G, xty, yy, n = ol.sufficient_statistics(ol.stream(w, 3, 50))
    np.testing.assert_allclose(G, X.T @ X)
    np.testing.assert_allclose(xty, X.T @ y)
    assert n == 150 and yy == pytest.approx(y @ y)
    np.testing.assert_allclose(ol.batch_lasso_from_stats(G, xty, n, 0.1),
                               regkit.lasso(X, y, 0.1, tol=1e-12), atol=1e-7)


def test_truncated_gradient_without_penalty_is_sgd_and_with_one_is_proximal():
    w = ol.make_truth(5, k=2, seed=2)
    X, y = _stacked(w, 1, 30)
    ref = np.zeros(5)
    for x_i, y_i in zip(X, y):
        ref -= 0.01 * (x_i @ ref - y_i) * x_i
        ref = np.sign(ref) * np.maximum(np.abs(ref) - 0.01 * 0.5, 0.0)
    got = ol.truncated_gradient(ol.stream(w, 1, 30), 5, lr=0.01, l1=0.5)
    np.testing.assert_allclose(got, ref, atol=1e-14)
    with pytest.raises(ValueError, match="lr"):
        ol.truncated_gradient(ol.stream(w, 1, 30), 5, lr=0.0, l1=0.5)


def test_ftrl_first_step_and_sparsity():
    w = ol.make_truth(20, k=3, seed=3)
    # one example: z = g at w = 0, so w_j = -(g_j - sign(g_j) l1) alpha / (beta + |g_j|)
    X, y = next(ol.stream(w, 1, 1))
    got = ol.ftrl_proximal(iter([(X, y)]), 20, alpha=0.5, beta=1.0, l1=0.0)
    g = -y[0] * X[0]
    np.testing.assert_allclose(got, -g * 0.5 / (1.0 + np.abs(g)), atol=1e-12)
    fit = ol.ftrl_proximal(ol.stream(w, 5, 400), 20, alpha=0.5, l1=200.0)
    assert set(np.flatnonzero(fit)) == set(np.flatnonzero(w))


def test_spark_mapping_matches_the_label_scaled_problem():
    rng = np.random.default_rng(4)
    X = rng.standard_normal((60, 6))
    y = 3.0 * (X @ np.array([1.0, -0.5, 0, 0, 0.2, 0])) + rng.standard_normal(60)
    s, r, a = y.std(), 0.3, 0.4
    spark_units = s * regkit.elastic_net(X, y / s, r / s, a, tol=1e-12)
    alpha, l1_ratio = ol.spark_to_regkit(r, a, s)
    np.testing.assert_allclose(regkit.elastic_net(X, y, alpha, l1_ratio, tol=1e-12),
                               spark_units, atol=1e-7)
    assert ol.spark_to_regkit(r, 1.0, s) == (r, 1.0)  # the lasso part is not rescaled
