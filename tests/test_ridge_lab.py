"""The ridge chapter's simulations: each checked against an independent formula."""

import numpy as np
import pytest

import regkit
from regkit.course.labs.ridge import collinear_resamples, design_with_singular_values, monte_carlo_df


def test_design_has_exactly_the_requested_singular_values():
    d = np.logspace(0, -6, 7)
    X = design_with_singular_values(40, d, seed=3)
    assert X.shape == (40, 7)
    np.testing.assert_allclose(np.linalg.svd(X, compute_uv=False), d, rtol=1e-9)
    np.testing.assert_allclose(np.linalg.cond(X), 1e6, rtol=1e-6)


def test_design_is_seeded_and_not_axis_aligned():
    d = np.array([3.0, 2.0, 1.0])
    X1 = design_with_singular_values(10, d, seed=0)
    np.testing.assert_array_equal(X1, design_with_singular_values(10, d, seed=0))
    assert not np.allclose(X1, design_with_singular_values(10, d, seed=1))
    # a random rotation spreads every column over all rows: no column is a scaled basis vector
    assert np.all(np.count_nonzero(np.abs(X1) > 1e-3, axis=0) > 5)


def test_monte_carlo_df_agrees_with_trace_formula():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((30, 6)) @ np.diag([3.0, 2.0, 1.0, 0.5, 0.3, 0.1])
    alphas = np.array([0.0, 1.0, 10.0, 100.0])
    df, se = monte_carlo_df(X, X @ np.ones(6), 0.7, alphas, n_draws=1500, seed=1)
    exact = regkit.ridge_df(X, alphas)
    assert np.all(se > 0)
    # within 4 standard errors of the trace formula, and the estimate is precise enough to matter
    assert np.all(np.abs(df - exact) < 4 * se)
    assert np.all(se < 0.15 * exact + 0.05)
    # at alpha = 0 the fit is a projection on a rank-6 space: df = 6
    assert abs(df[0] - 6) < 4 * se[0]


def test_monte_carlo_df_rejects_a_plausible_wrong_formula():
    """The simulation separates the trace formula from a guess that assumes uniform shrinkage."""
    rng = np.random.default_rng(2)
    X = rng.standard_normal((40, 5))
    alpha = 40.0
    df, se = monte_carlo_df(X, np.zeros(40), 1.0, [alpha], n_draws=1500, seed=4)
    # df = p / (1 + alpha) is right only for orthonormal columns (X^T X = I), not here
    wrong = 5 / (1 + alpha)
    assert abs(df[0] - wrong) > 10 * se[0]
    assert abs(df[0] - regkit.ridge_df(X, alpha)) < 4 * se[0]


def test_collinear_resamples_ols_explodes_ridge_is_stable():
    out = collinear_resamples(100, 80, jitter=0.01, alpha=1.0, seed=5)
    ols, rdg = out["ols"], out["ridge"]
    assert ols.shape == rdg.shape == (100, 2)
    assert np.all(ols.var(axis=0) > 100 * rdg.var(axis=0))
    # the sum w1 + w2 is well determined for both: only the split is unstable
    assert abs(np.var(ols.sum(axis=1)) / np.var(rdg.sum(axis=1)) - 1) < 0.5
    # ridge splits the weight between the near-copies
    split_ridge = np.median(np.abs(rdg[:, 0] - rdg[:, 1]))
    assert split_ridge < 0.1
    assert np.median(np.abs(ols[:, 0] - ols[:, 1])) > 50 * split_ridge
    # least squares flips a sign in a large share of resamples even though both true weights are +1
    assert np.mean((ols < 0).any(axis=1)) > 0.3


def test_collinear_resamples_matches_direct_fit_for_the_first_draw():
    out = collinear_resamples(2, 30, jitter=0.1, alpha=2.0, seed=9)
    rng = np.random.default_rng(9)
    x1 = rng.standard_normal(30)
    X = np.column_stack([x1, x1 + 0.1 * rng.standard_normal(30)])
    y = X @ np.ones(2) + rng.standard_normal(30)
    X, y = X - X.mean(axis=0), y - y.mean()
    np.testing.assert_allclose(out["ols"][0], np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-8)
    np.testing.assert_allclose(out["ridge"][0], np.linalg.solve(X.T @ X + 2.0 * np.eye(2), X.T @ y),
                               rtol=1e-10)


@pytest.mark.parametrize("call, name", [
    (lambda: design_with_singular_values(3, [1.0, 0.0]), "singular_values"),
    (lambda: design_with_singular_values(1, [1.0, 2.0]), "n_samples"),
    (lambda: monte_carlo_df(np.ones((4, 2)), np.ones(3), 1.0, [1.0]), "mean"),
    (lambda: monte_carlo_df(np.ones((4, 2)), np.ones(4), 0.0, [1.0]), "noise"),
    (lambda: monte_carlo_df(np.ones((4, 2)), np.ones(4), 1.0, [-1.0]), "alphas"),
    (lambda: monte_carlo_df(np.ones((4, 2)), np.ones(4), 1.0, [1.0], n_draws=1), "n_draws"),
    (lambda: collinear_resamples(jitter=0.0), "jitter"),
    (lambda: collinear_resamples(alpha=0.0), "alpha"),
    (lambda: collinear_resamples(w_true=[1.0, 2.0, 3.0]), "w_true"),
    (lambda: collinear_resamples(n_resamples=1), "n_resamples"),
])
def test_bad_input_names_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()
