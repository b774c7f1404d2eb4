"""ridge_loo / ridge_gcv on p > n data through the n x n eigendecomposition (issue #18).

Centred wide data has rank n - 1: the route must be exact there too, so every answer is
checked against leave-one-out refits done the slow way.
"""

import numpy as np
import pytest

import regkit
from regkit._ridge import _gcv_from_parts, _hat_parts, loo_residuals_wide


def _brute_loo(X, y, alpha, fit_intercept):
    """LOO residuals by n explicit refits (the intercept refitted in each fold)."""
    out = np.empty(y.shape[0])
    for i in range(y.shape[0]):
        keep = np.arange(y.shape[0]) != i
        Xt, yt = X[keep], y[keep]
        xm = Xt.mean(0) if fit_intercept else np.zeros(X.shape[1])
        ym = yt.mean() if fit_intercept else 0.0
        Xt, yt = Xt - xm, yt - ym
        w = np.linalg.solve(Xt.T @ Xt + alpha * np.eye(X.shape[1]), Xt.T @ yt)
        out[i] = y[i] - (X[i] - xm) @ w - ym
    return out


@pytest.fixture
def wide():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((25, 60))
    y = X[:, 0] - X[:, 1] + 0.5 * rng.standard_normal(25)
    return X, y


ALPHAS = np.array([0.05, 1.0, 20.0, 500.0])


@pytest.mark.parametrize("centre", [False, True])
def test_ridge_loo_wide_matches_refits(wide, centre):
    X, y = wide
    if centre:  # rank n - 1: the case the old "well conditioned" test sent to the SVD
        X, y = X - X.mean(0), y - y.mean()
    expected = [np.mean(_brute_loo(X, y, a, False) ** 2) for a in ALPHAS]
    np.testing.assert_allclose(regkit.ridge_loo(X, y, ALPHAS), expected, rtol=1e-8)


def test_ridge_loo_wide_mixed_alphas_uses_both_routes(wide):
    X, y = wide
    X, y = X - X.mean(0), y - y.mean()
    alphas = np.array([0.0, 1e-12, 1.0])  # 0 and a tiny alpha go through the SVD
    got = regkit.ridge_loo(X, y, alphas)
    assert np.all(np.isfinite(got))
    np.testing.assert_allclose(got[2], np.mean(_brute_loo(X, y, 1.0, False) ** 2), rtol=1e-8)
    np.testing.assert_allclose(got[:2], _hat_parts_loo(X, y, alphas[:2]), rtol=1e-8)


def _hat_parts_loo(X, y, alphas):
    from regkit._ridge import _loo_mse
    return _loo_mse(_hat_parts(X, y), alphas)


@pytest.mark.parametrize("centre", [False, True])
def test_ridge_gcv_wide_matches_svd_route(wide, centre):
    X, y = wide
    if centre:
        X, y = X - X.mean(0), y - y.mean()
    svd = _gcv_from_parts(_hat_parts(X, y), ALPHAS, X.shape[0])
    np.testing.assert_allclose(regkit.ridge_gcv(X, y, ALPHAS), svd, rtol=1e-9)


def test_loo_residuals_wide_with_intercept_matches_refits(wide):
    X, y = wide
    Xc, yc = X - X.mean(0), y - y.mean()
    got = loo_residuals_wide(Xc, yc, ALPHAS, True)
    expected = np.column_stack([_brute_loo(X, y, a, True) for a in ALPHAS])
    np.testing.assert_allclose(got, expected, rtol=1e-8)
    assert loo_residuals_wide(Xc.T, Xc[0], ALPHAS, True) is None  # p <= n: not this route


def test_ridge_loo_wide_zero_design():
    X = np.zeros((4, 9))
    y = np.array([1.0, -2.0, 0.5, 3.0])
    np.testing.assert_allclose(regkit.ridge_loo(X, y, [1.0, 2.0]), [np.mean(y ** 2)] * 2)
