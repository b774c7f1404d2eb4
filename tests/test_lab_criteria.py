"""The criteria lab: noise injection converges to (generalized) ridge, lasso df by simulation,
Cp/AIC/BIC formulas, ridge evidence against a dense Gaussian log-density."""

import numpy as np
import pytest
from scipy.stats import multivariate_normal

import regkit
from regkit.course.labs import criteria as cr
from regkit.course.labs.selection import sparse_design


def _data():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 4))
    return X, X @ np.array([1.0, -1.0, 0.5, 0.0]) + rng.standard_normal(40)


def test_noise_injection_tends_to_ridge():
    X, y = _data()
    target = regkit.ridge(X, y, 40 * 0.25)
    few = np.max(np.abs(cr.noisy_copies_fit(X, y, 0.25 * np.eye(4), 20) - target))
    many = np.max(np.abs(cr.noisy_copies_fit(X, y, 0.25 * np.eye(4), 5000) - target))
    assert many < few / 5 and many < 5e-3
    M = np.diag([4.0, 0.0, 1.0, 0.0])
    np.testing.assert_allclose(cr.generalized_ridge(X, y, 2.0 * np.eye(4)),
                               regkit.ridge(X, y, 2.0), atol=1e-12)
    with pytest.raises(ValueError, match="copies"):
        cr.noisy_copies_fit(X, y, M, 0)


def test_lasso_df_is_the_number_of_nonzeros():
    X, y, w, s = sparse_design(n=50, p=20, k=4, rho=0.2, snr=3.0, seed=1)
    df, nnz = cr.lasso_df_monte_carlo(X, X @ w, s, 0.2 * regkit.alpha_max(X, y), n_reps=200)
    assert df == pytest.approx(nnz, abs=1.0)


def test_criteria_formulas():
    X, y = _data()
    X, y = X - X.mean(axis=0), y - y.mean()
    alphas = regkit.alpha_grid(X, y, n_alphas=5)
    c = cr.lasso_criteria(X, y, alphas, 1.0)
    k = 3
    coef = c["coefs"][:, k]
    rss = np.sum((y - X @ coef) ** 2)
    assert c["rss"][k] == pytest.approx(rss)
    assert c["df"][k] == np.count_nonzero(coef)
    assert c["cp"][k] == pytest.approx(rss / 40 + 2 * c["df"][k] / 40)
    assert c["bic"][k] - c["aic"][k] == pytest.approx((np.log(40) - 2) * c["df"][k])


def test_ridge_evidence_matches_the_gaussian_density():
    X, y = _data()
    for a in (0.5, 5.0):
        M = np.eye(40) + X @ X.T / a
        s2 = y @ np.linalg.solve(M, y) / 40
        ref = multivariate_normal(np.zeros(40), s2 * M).logpdf(y)
        assert cr.ridge_log_evidence(X, y, [a])[0] == pytest.approx(ref, rel=1e-10)
