"""Elastic net and its path against scikit-learn, ridge and its own optimality conditions."""

import numpy as np
import pytest

import regkit
from regkit.datasets import load_diabetes, make_correlated_regression

sklm = pytest.importorskip("sklearn.linear_model")

TIGHT = 1e-14
SOLVERS = ["cd", "fista", "ista", "lars"]


def _well_conditioned():
    rng = np.random.default_rng(10)
    X = rng.standard_normal((70, 12))
    return X, X @ np.linspace(-1.0, 1.0, 12) + 0.3 * rng.standard_normal(70)


def _ar1():
    X, y, _ = make_correlated_regression(90, 25, rho=0.9, n_informative=5, seed=11)
    return X, y


def _wide():
    X, y, _ = make_correlated_regression(35, 80, rho=0.6, n_informative=4, seed=12)
    return X, y


def _diabetes():
    X, y, _ = load_diabetes()
    return X, y - y.mean()


DATASETS = {"well": _well_conditioned, "ar1": _ar1, "wide": _wide, "diabetes": _diabetes}


@pytest.fixture(scope="module", params=sorted(DATASETS))
def data(request):
    return request.param, DATASETS[request.param]()


def _sk_enet(X, y, alpha, l1_ratio):
    model = sklm.ElasticNet(alpha=alpha, l1_ratio=l1_ratio, fit_intercept=False, tol=TIGHT,
                            max_iter=10**6)
    return model.fit(X, y).coef_


def _rel_diff(w, ref):
    return np.max(np.abs(w - ref)) / max(np.max(np.abs(ref)), 1e-12)


def _enet_kkt(X, y, w, alpha, l1_ratio):
    """Optimality conditions of the elastic net written out (max violation)."""
    u = X.T @ (y - X @ w) / len(y) - alpha * (1 - l1_ratio) * w
    t = alpha * l1_ratio
    return np.max(np.where(w != 0, np.abs(u - t * np.sign(w)), np.maximum(np.abs(u) - t, 0)))


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("l1_ratio", [0.1, 0.5, 1.0])
def test_elastic_net_matches_sklearn(data, solver, l1_ratio):
    name, (X, y) = data
    alpha = 0.05 * regkit.alpha_max(X, y, l1_ratio)
    ref = _sk_enet(X, y, alpha, l1_ratio)
    w = regkit.elastic_net(X, y, alpha, l1_ratio, solver=solver, tol=TIGHT, max_iter=300000)
    assert _rel_diff(w, ref) <= 1e-6, (name, solver, l1_ratio, _rel_diff(w, ref))
    assert _enet_kkt(X, y, w, alpha, l1_ratio) <= 1e-7 * max(1.0, np.max(np.abs(X.T @ y)) / len(y))
    assert regkit.kkt_violation(X, y, w, alpha, l1_ratio) == pytest.approx(
        _enet_kkt(X, y, w, alpha, l1_ratio), abs=1e-12)


@pytest.mark.parametrize("l1_ratio", [0.1, 0.5, 1.0])
def test_enet_path_matches_sklearn(data, l1_ratio):
    _, (X, y) = data
    alphas, coefs, _ = regkit.enet_path(X, y, l1_ratio=l1_ratio, n_alphas=25, eps=1e-2, tol=TIGHT,
                                     max_iter=10**5)
    np.testing.assert_allclose(alphas, regkit.alpha_grid(X, y, l1_ratio=l1_ratio, n_alphas=25,
                                                         eps=1e-2))
    _, sk_coefs, _ = sklm.enet_path(X, y, l1_ratio=l1_ratio, alphas=alphas, tol=TIGHT,
                                    max_iter=10**6)
    assert _rel_diff(coefs, sk_coefs) <= 1e-6
    assert not np.any(coefs[:, 0])  # the grid starts at alpha_max


def test_path_sorts_given_alphas_and_matches_single_fits():
    X, y = _ar1()
    given = np.array([0.01, 0.3, 0.05, 0.1])
    alphas, coefs, _ = regkit.enet_path(X, y, l1_ratio=0.7, alphas=given, tol=1e-12)
    np.testing.assert_array_equal(alphas, np.sort(given)[::-1])
    for k, a in enumerate(alphas):
        np.testing.assert_allclose(coefs[:, k], regkit.elastic_net(X, y, a, 0.7, tol=1e-12),
                                   atol=1e-7)


def test_duality_gap_equals_sklearn_dual_gap():
    X, y = _ar1()
    alpha = 0.02 * regkit.alpha_max(X, y, 0.3)
    with pytest.warns(Warning):
        model = sklm.ElasticNet(alpha=alpha, l1_ratio=0.3, fit_intercept=False, tol=1e-12,
                                max_iter=2).fit(X, y)
    gap = regkit.duality_gap(X, y, model.coef_, alpha, 0.3)
    assert gap > 1e-6
    assert gap == pytest.approx(model.dual_gap_, rel=1e-9)


@pytest.mark.parametrize("solver", SOLVERS)
def test_l1_ratio_zero_is_ridge(solver):
    # (1/(2n)) ||y - Xw||^2 + (alpha/2) ||w||^2 has the minimiser of ||y - Xw||^2 + n alpha ||w||^2
    for X, y in [_well_conditioned(), _wide()]:
        n, p = X.shape
        alpha = 0.3
        ref = np.linalg.solve(X.T @ X + n * alpha * np.eye(p), X.T @ y)
        w = regkit.elastic_net(X, y, alpha, 0.0, solver=solver, tol=TIGHT, max_iter=200000)
        assert _rel_diff(w, ref) <= 1e-6, solver
        np.testing.assert_allclose(regkit.ridge(X, y, n * alpha), ref, rtol=1e-8, atol=1e-12)
        # the pure-L2 gap (conjugate form) certifies it too
        assert regkit.duality_gap(X, y, w, alpha, 0.0) <= 1e-10 * (y @ y) / n
        assert regkit.duality_gap(X, y, np.zeros(p), alpha, 0.0) > 1e-3


def test_pure_l2_gap_bounds_suboptimality():
    X, y = _well_conditioned()
    n, p = X.shape
    alpha = 0.3
    ref = np.linalg.solve(X.T @ X + n * alpha * np.eye(p), X.T @ y)

    def obj(w):
        return 0.5 * np.sum((y - X @ w) ** 2) / n + 0.5 * alpha * w @ w

    assert regkit.duality_gap(X, y, ref, alpha, 0.0) == pytest.approx(0.0, abs=1e-12)
    rng = np.random.default_rng(13)
    for _ in range(10):
        w = ref + 0.2 * rng.standard_normal(p)
        assert regkit.duality_gap(X, y, w, alpha, 0.0) >= obj(w) - obj(ref) - 1e-12


@pytest.mark.parametrize("solver", SOLVERS)
def test_duplicated_columns_split_equally(solver):
    # the L2 part makes the solution unique: copies share the weight equally (grouping effect)
    X, y = _well_conditioned()
    Xd = np.column_stack([X, X[:, 2], X[:, 2]])
    w = regkit.elastic_net(Xd, y, 0.05, 0.5, solver=solver, tol=TIGHT, max_iter=200000)
    assert w[2] != 0
    np.testing.assert_allclose(w[[-2, -1]], [w[2], w[2]], rtol=1e-6)


def test_enet_alpha_max_scales_with_l1_ratio():
    X, y = _ar1()
    lasso_max = regkit.alpha_max(X, y)
    for r in [0.1, 0.5]:
        amax = regkit.alpha_max(X, y, r)
        assert amax == pytest.approx(lasso_max / r, rel=1e-14)
        assert not np.any(regkit.elastic_net(X, y, amax, r))
        assert np.any(regkit.elastic_net(X, y, 0.99 * amax, r, tol=1e-10))
    assert regkit.alpha_max(X, y, 0.0) == np.inf
    assert regkit.alpha_max(X, np.zeros(len(y)), 0.0) == 0.0


def test_more_l2_means_more_nonzeros_on_correlated_design():
    X, y = _ar1()
    alpha = 0.1 * regkit.alpha_max(X, y)
    counts = [np.count_nonzero(regkit.elastic_net(X, y, alpha / r, r, tol=1e-10))
              for r in [1.0, 0.5, 0.1]]
    assert counts[0] < counts[2]
