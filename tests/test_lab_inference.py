"""The inference lab: OLS p-values against statsmodels-free references, selection order,
the null simulation, and the debiased lasso's algebra and coverage."""

import numpy as np
import pytest
from scipy import stats

from regkit.course.labs import inference as inf


def test_ols_inference_matches_scipy_linregress_for_one_column():
    rng = np.random.default_rng(0)
    x = rng.standard_normal(40)
    y = 0.3 * x + rng.standard_normal(40) + 5.0
    coef, se, pv = inf.ols_inference(x[:, None], y)
    ref = stats.linregress(x, y)
    assert coef[0] == pytest.approx(ref.slope)
    assert se[0] == pytest.approx(ref.stderr)
    assert pv[0] == pytest.approx(ref.pvalue)
    with pytest.raises(ValueError, match="degrees of freedom"):
        inf.ols_inference(rng.standard_normal((5, 4)), y[:5])


def test_select_top_follows_the_lasso_path():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((100, 10))
    y = 3 * X[:, 4] + 2 * X[:, 7] + 1 * X[:, 1] + 0.1 * rng.standard_normal(100)
    np.testing.assert_array_equal(inf.select_top(X, y, 3), [4, 7, 1])


def test_naive_tests_reject_too_often_and_splitting_does_not():
    r = inf.null_rejections(n=60, p=30, k=2, n_reps=150, seed=1)
    assert r["naive"] > 0.3
    assert abs(r["split"] - 0.05) < 0.04  # 300 tests: sd of the rate about 0.013
    assert r["naive_p"].shape == (300,)


def test_debiased_lasso_algebra_and_coverage():
    rng = np.random.default_rng(2)
    n, p = 150, 30
    X = rng.standard_normal((n, p))
    X -= X.mean(axis=0)
    Theta = inf.nodewise_precision(X, 0.5 * np.sqrt(np.log(p) / n))
    # Theta approximately inverts Sigma on this well-conditioned design
    assert np.max(np.abs(Theta @ (X.T @ X / n) - np.eye(p))) < 0.4
    w = np.zeros(p)
    w[:3] = [1.5, -1.0, 0.5]
    hits = []
    for _ in range(60):
        y = X @ w + rng.standard_normal(n)
        y -= y.mean()
        b, lo, hi, lasso = inf.debiased_lasso(X, y, 2 * np.sqrt(np.log(p) / n), Theta)
        np.testing.assert_allclose(b, lasso + Theta @ X.T @ (y - X @ lasso) / n)
        hits.append((lo <= w) & (w <= hi))
    assert 0.9 < np.mean(hits) < 0.99
