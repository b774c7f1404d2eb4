"""The selection lab: irrepresentable design, exact-path supports, stability selection,
relaxed lasso."""

import numpy as np
import pytest

import regkit
from regkit.course.labs import selection as sel


def test_irrepresentable_design_breaks_the_condition_and_the_lasso_never_recovers():
    X, y, w = sel.irrepresentable_design(n=300, p=30, seed=3)
    assert sel.irrepresentable_constant(X, [0, 1], np.ones(2)) > 1.2  # population value 4/3
    alphas, supports = sel.path_supports(X, y)
    assert frozenset({0, 1}) not in supports
    assert supports[1] == frozenset({2})  # the decoy enters first
    # the adaptive lasso finds exactly {0, 1} somewhere on its path
    am = regkit.alpha_max(X, y)
    found = [set(np.flatnonzero(regkit.adaptive_lasso(X, y, a))) == {0, 1}
             for a in np.geomspace(am, 1e-3 * am, 30)]
    assert sum(found) >= 5


def test_path_supports_agree_with_cd_between_knots():
    X, y, _ = sel.irrepresentable_design(n=100, p=8, seed=1)
    alphas, supports = sel.path_supports(X, y)
    k = len(alphas)
    for i in range(k - 1):
        mid = np.sqrt(alphas[i] * alphas[i + 1]) if alphas[i + 1] > 0 else alphas[i] / 2
        coef = regkit.lasso(X, y, mid, tol=1e-12)
        assert frozenset(np.flatnonzero(np.abs(coef) > 1e-9).tolist()) == supports[k + i]


def test_stability_selection_frequencies_and_bound():
    X, y, w, _ = sel.sparse_design(n=200, p=60, k=3, rho=0.0, snr=3.0, seed=0)
    am = regkit.alpha_max(X, y)
    alphas = np.geomspace(am, 0.1 * am, 10)
    freq, q = sel.stability_selection(X, y, alphas, n_subsamples=20, seed=0)
    assert freq.shape == (60, 10) and np.all((freq >= 0) & (freq <= 1))
    np.testing.assert_allclose(q, freq.sum(axis=0))
    assert np.all(freq[:3, -1] == 1.0)  # strong true features: always selected
    assert np.mean(freq[3:, 0]) < 0.05
    assert sel.stability_bound(6.0, 100, 0.9) == pytest.approx(36 / 80)
    with pytest.raises(ValueError, match="threshold"):
        sel.stability_bound(6.0, 100, 0.4)
    with pytest.raises(ValueError, match="weakness"):
        sel.stability_selection(X, y, alphas, weakness=0.0)


def test_relaxed_lasso_ends_and_cv():
    X, y, w, _ = sel.sparse_design(n=80, p=40, k=4, snr=5.0, seed=2)
    alphas = regkit.alpha_grid(X, y, n_alphas=8, eps=0.05)
    coefs = sel.relaxed_lasso_path(X, y, alphas, [0.0, 0.5, 1.0])
    _, lasso, _ = regkit.lasso_path(X, y, alphas=alphas, tol=1e-10)
    np.testing.assert_allclose(coefs[2], lasso, atol=1e-5)
    k = 5
    S = np.flatnonzero(lasso[:, k])
    ls = np.linalg.lstsq(X[:, S], y, rcond=None)[0]
    np.testing.assert_allclose(coefs[0][S, k], ls, atol=1e-8)
    np.testing.assert_allclose(coefs[1], 0.5 * (coefs[0] + coefs[2]), atol=1e-12)
    r = sel.relaxed_lasso_cv(X, y, n_folds=5)
    assert r["cv_mse"].shape == (5, 30)
    assert r["cv_mse"].min() == pytest.approx(
        r["cv_mse"][list(r["phis"]).index(r["phi"]), list(r["alphas"]).index(r["alpha"])])
    assert set(np.flatnonzero(r["coef"])) >= {0, 1, 2, 3}
