"""The interview chapter's experiments, each checked against an independent reference."""

import numpy as np
import pytest

import regkit
from regkit.course.labs.interview import (
    bootstrap_selection,
    cd_sweep_work,
    dropout_loss_mc,
    dropout_penalty,
    dropout_ridge,
    gd_coef,
    gd_filter,
    mean_jaccard,
    ridge_risk,
    train_linear,
)


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((30, 4)) * np.array([0.5, 1.0, 2.0, 3.0])
    y = X @ np.array([1.0, 0.0, -1.0, 0.5]) + 0.3 * rng.standard_normal(30)
    return X, y


# --- selection stability ----------------------------------------------------------------

def test_bootstrap_selection_reproduces_the_resamples_it_claims():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((20, 3))
    y = X[:, 0] + 0.1 * rng.standard_normal(20)
    seen = []

    def fit(Xb, yb):
        seen.append((Xb.copy(), yb.copy()))
        return np.array([1.0, 0.0, -2.0])

    masks = bootstrap_selection(X, y, fit, n_boot=3, seed=5)
    np.testing.assert_array_equal(masks, np.tile([True, False, True], (3, 1)))
    # the resamples are the rows drawn by default_rng(seed), centred
    rows = np.random.default_rng(5).integers(0, 20, 20)
    Xb, yb = X[rows], y[rows]
    np.testing.assert_allclose(seen[0][0], Xb - Xb.mean(axis=0))
    np.testing.assert_allclose(seen[0][1], yb - yb.mean())
    assert not np.allclose(seen[0][0], seen[1][0])


def test_bootstrap_selection_with_lasso_drops_a_pure_noise_feature_often():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((80, 3))
    y = 3 * X[:, 0] + rng.standard_normal(80)
    alpha = 0.3 * regkit.alpha_max(X - X.mean(0), y - y.mean())
    freq = bootstrap_selection(X, y, lambda A, b: regkit.lasso(A, b, alpha), n_boot=40).mean(0)
    assert freq[0] == 1.0
    assert freq[1] < 0.5 and freq[2] < 0.5


def test_mean_jaccard_by_hand():
    masks = np.array([[1, 1, 0], [1, 0, 0], [0, 0, 0], [0, 0, 0]], dtype=bool)
    # pairs: (0,1)=1/2, (0,2)=0, (0,3)=0, (1,2)=0, (1,3)=0, (2,3)=1 (two empty sets)
    assert mean_jaccard(masks) == pytest.approx((0.5 + 1.0) / 6)
    assert mean_jaccard(np.ones((3, 4), dtype=bool)) == 1.0


def test_bad_inputs_name_the_argument(data):
    X, y = data
    with pytest.raises(ValueError, match="n_boot"):
        bootstrap_selection(X, y, lambda A, b: np.zeros(4), n_boot=0)
    with pytest.raises(ValueError, match="fit"):
        bootstrap_selection(X, y, "lasso")
    with pytest.raises(ValueError, match="shape"):
        bootstrap_selection(X, y, lambda A, b: np.zeros(3), n_boot=2)
    with pytest.raises(ValueError, match="masks"):
        mean_jaccard(np.ones((1, 3), dtype=bool))
    with pytest.raises(ValueError, match="rate"):
        dropout_penalty(X, np.ones(4), 1.0)
    with pytest.raises(ValueError, match="w has length"):
        dropout_loss_mc(X, y, np.ones(3), 0.5)
    with pytest.raises(ValueError, match="n_steps"):
        gd_coef(X, y, 0.01, -1)
    with pytest.raises(ValueError, match="step"):
        gd_coef(X, y, 0.0, 5)
    with pytest.raises(ValueError, match="optimizer"):
        train_linear(X, y, 0.1, optimizer="rmsprop")
    with pytest.raises(ValueError, match="lam"):
        train_linear(X, y, -0.1)
    with pytest.raises(ValueError, match="noise"):
        ridge_risk(X, np.ones(4), 0.0, [1.0])
    with pytest.raises(ValueError, match="w_true"):
        ridge_risk(X, np.ones(3), 1.0, [1.0])
    with pytest.raises(ValueError, match="alpha"):
        cd_sweep_work(X, y, np.zeros(4), -1.0)


# --- ridge risk ---------------------------------------------------------------------------

def test_ridge_risk_matches_the_exact_bias_and_variance(data):
    X, _ = data
    w = np.array([1.0, -2.0, 0.5, 0.0])
    alphas = np.array([0.0, 1.0, 30.0])
    sim = ridge_risk(X, w, 0.8, alphas, n_repeats=3000, seed=3)
    G = X.T @ X
    for k, a in enumerate(alphas):
        A = np.linalg.inv(G + a * np.eye(4))
        bias2 = np.sum((A @ G @ w - w) ** 2)
        var = 0.8 ** 2 * np.trace(A @ G @ A)
        assert sim["variance"][k] == pytest.approx(var, rel=0.08)
        assert sim["bias2"][k] == pytest.approx(bias2, abs=0.05 * var + 0.02 * bias2 + 1e-3)
        assert sim["mse"][k] == pytest.approx(bias2 + var, rel=0.08)
    # least squares is unbiased; a large penalty is biased
    assert abs(sim["bias2"][0]) < 0.05 * sim["variance"][0]
    assert sim["bias2"][2] > 0.1


# --- dropout ------------------------------------------------------------------------------

def test_dropout_monte_carlo_agrees_with_the_adaptive_l2_formula(data):
    X, y = data
    w = np.array([0.7, -0.2, 0.4, 1.1])
    for rate in (0.2, 0.5):
        mean, se = dropout_loss_mc(X, y, w, rate, n_draws=20_000, seed=4)
        exact = np.sum((y - X @ w) ** 2) + dropout_penalty(X, w, rate)
        assert se > 0
        assert abs(mean - exact) < 4 * se
        assert se < 0.02 * dropout_penalty(X, w, rate)  # precise enough to tell the penalty apart


def test_dropout_penalty_is_quadratic_and_column_weighted():
    X = np.array([[1.0, 3.0], [1.0, 0.0]])
    # c = 0.25 / 0.75 = 1/3; column energies 2 and 9
    assert dropout_penalty(X, np.array([1.0, 0.0]), 0.25) == pytest.approx(2 / 3)
    assert dropout_penalty(X, np.array([0.0, 1.0]), 0.25) == pytest.approx(3.0)
    assert dropout_penalty(X, np.array([0.0, 2.0]), 0.25) == pytest.approx(12.0)
    assert dropout_penalty(X, np.array([5.0, 5.0]), 0.0) == 0.0


def test_dropout_ridge_zeroes_the_gradient_of_the_expected_loss(data):
    X, y = data
    rate = 0.3
    w = dropout_ridge(X, y, rate)
    c = rate / (1 - rate)
    grad = -2 * X.T @ (y - X @ w) + 2 * c * np.sum(X ** 2, axis=0) * w
    assert np.max(np.abs(grad)) < 1e-9 * np.max(np.abs(X.T @ y))
    assert np.all(w != 0)
    np.testing.assert_allclose(dropout_ridge(X, y, 0.0), np.linalg.lstsq(X, y, rcond=None)[0],
                               rtol=1e-9)


def test_dropout_ridge_gives_a_zero_column_a_zero_coefficient(data):
    X, y = data
    X = X.copy()
    X[:, 1] = 0.0
    w = dropout_ridge(X, y, 0.4)
    assert w[1] == 0.0 and np.all(np.isfinite(w))


# --- early stopping -----------------------------------------------------------------------

def test_gd_coef_equals_the_explicit_iteration(data):
    X, y = data
    step = 0.9 / np.linalg.norm(X, 2) ** 2
    w, iterates = np.zeros(4), {}
    for t in range(1, 201):
        w = w + step * X.T @ (y - X @ w)
        iterates[t] = w.copy()
    ts = [1, 7, 50, 200]
    closed = gd_coef(X, y, step, ts)
    for k, t in enumerate(ts):
        np.testing.assert_allclose(closed[:, k], iterates[t], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(gd_coef(X, y, step, 7), iterates[7], rtol=1e-9)
    np.testing.assert_array_equal(gd_coef(X, y, step, 0), np.zeros(4))
    # converges to least squares
    np.testing.assert_allclose(gd_coef(X, y, step, 100_000), np.linalg.lstsq(X, y, rcond=None)[0],
                               rtol=1e-8)


def test_gd_filter_limits():
    d2 = np.array([4.0, 1.0, 0.01])
    np.testing.assert_array_equal(gd_filter(d2, 0.1, 0), np.zeros(3))
    np.testing.assert_allclose(gd_filter(d2, 0.1, 1), 0.1 * d2)
    np.testing.assert_allclose(gd_filter(d2, 0.1, 10_000)[:2], [1.0, 1.0])
    with pytest.raises(ValueError, match="n_steps"):
        gd_filter(d2, 0.1, 2.5)


# --- optimizers ---------------------------------------------------------------------------

def test_sgd_l2_and_weight_decay_are_the_same_iteration(data):
    X, y = data
    a = train_linear(X, y, 0.3, optimizer="sgd", decoupled=False, lr=0.05, n_steps=300)
    b = train_linear(X, y, 0.3, optimizer="sgd", decoupled=True, lr=0.05, n_steps=300)
    assert np.max(np.abs(a - b)) < 1e-12 * np.max(np.abs(a))


def test_adam_with_l2_reaches_ridge_but_adamw_does_not(data):
    X, y = data
    n, lam = X.shape[0], 0.5
    target = regkit.ridge(X, y, n * lam)
    adam_l2 = train_linear(X, y, lam, optimizer="adam", decoupled=False, lr=0.02, n_steps=4000)
    adamw = train_linear(X, y, lam, optimizer="adam", decoupled=True, lr=0.02, n_steps=4000)
    np.testing.assert_allclose(adam_l2, target, atol=1e-6)
    assert np.max(np.abs(adamw - target)) > 0.1
    # AdamW's limit respects |w_j| <= 1 / lam (its implicit box), and is not the ridge point
    assert np.max(np.abs(adamw)) <= 1 / lam + 1e-3


# --- coordinate descent work ----------------------------------------------------------------

def test_cd_sweep_matches_a_reference_sweep_and_counts_work(data):
    X, y = data
    n, p = X.shape
    alpha = 0.1
    w0 = np.array([0.2, 0.3, -0.1, 0.0])
    w, work = cd_sweep_work(X, y, w0, alpha)
    ref = w0.copy()
    for j in range(p):
        r = y - X @ ref + X[:, j] * ref[j]
        z = X[:, j] @ r / n
        ref[j] = np.sign(z) * max(abs(z) - alpha, 0) / (X[:, j] @ X[:, j] / n)
    np.testing.assert_allclose(w, ref, rtol=1e-12)
    assert n * p <= work <= 2 * n * p
    # many sweeps converge to regkit's lasso solution
    for _ in range(500):
        w, _ = cd_sweep_work(X, y, w, alpha)
    np.testing.assert_allclose(w, regkit.lasso(X, y, alpha, tol=1e-12), atol=1e-8)


def test_cd_sweep_work_grows_with_n():
    rng = np.random.default_rng(6)
    works = []
    for n in (50, 200):
        X = rng.standard_normal((n, 5))
        y = X[:, 0] + rng.standard_normal(n)
        works.append(cd_sweep_work(X, y, np.zeros(5), 0.01)[1])
    assert works[1] == 4 * works[0]  # every coordinate moves from zero: 2 n p each time
