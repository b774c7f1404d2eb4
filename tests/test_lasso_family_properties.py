"""Property tests: optimality certificates hold at every returned solution of random problems.

Problems are drawn by hypothesis (shapes, correlation, column scales, all-zero and
duplicated columns, p > n) and generated from a drawn seed with ``default_rng``;
``derandomize=True`` makes every run draw the same examples.
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import regkit
from regkit.penalties import GroupL1, WeightedL1

SETTINGS = settings(max_examples=50, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])

KINDS = ["plain", "correlated", "scaled", "zero_column", "duplicated", "wide"]


@st.composite
def problems(draw):
    kind = draw(st.sampled_from(KINDS))
    n = draw(st.integers(5, 40))
    p = draw(st.integers(1, 20)) if kind != "wide" else draw(st.integers(n + 1, 2 * n + 5))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    X = rng.standard_normal((n, p))
    if kind == "correlated":
        X = X + 2.0 * rng.standard_normal((n, 1))  # a shared factor: corr ~ 0.8
    elif kind == "scaled":
        X = X * 10.0 ** rng.uniform(-2, 2, p)  # columns in very different units
    w = rng.standard_normal(p) * (rng.random(p) < 0.5)
    y = X @ w + rng.standard_normal(n)
    if kind == "zero_column":
        X[:, rng.integers(p)] = 0.0
    elif kind == "duplicated" and p > 1:
        X[:, -1] = X[:, 0]
    return X, y


def _target(y, tol):
    return tol * (y @ y) / y.shape[0]


def _kkt_scale(X, y):
    # a KKT violation has units of X^T y / n; this bounds every |X_j^T y| / n
    return np.max(np.linalg.norm(X, axis=0)) * np.linalg.norm(y) / X.shape[0]


@SETTINGS
@given(problems(), st.floats(0.01, 1.5), st.sampled_from([1.0, 0.5, 0.1]),
       st.sampled_from(["cd", "fista", "ista"]))
def test_returned_solution_meets_the_gap_target(prob, frac, l1_ratio, solver):
    X, y = prob
    alpha = frac * regkit.alpha_max(X, y, l1_ratio)
    tol = 1e-6
    w = regkit.elastic_net(X, y, alpha, l1_ratio, solver=solver, tol=tol, max_iter=10**6)
    gap = regkit.duality_gap(X, y, w, alpha, l1_ratio)
    assert -1e-12 * _target(y, 1.0) <= gap <= _target(y, tol) * (1 + 1e-9)


@SETTINGS
@given(problems(), st.floats(0.01, 1.5), st.sampled_from([1.0, 0.5, 0.1]))
def test_kkt_violation_small_at_tight_solution(prob, frac, l1_ratio):
    X, y = prob
    alpha = frac * regkit.alpha_max(X, y, l1_ratio)
    w = regkit.elastic_net(X, y, alpha, l1_ratio, tol=1e-12, max_iter=10**5)
    assert regkit.kkt_violation(X, y, w, alpha, l1_ratio) <= 1e-5 * _kkt_scale(X, y)


@SETTINGS
@given(problems(), st.floats(0.01, 1.0), st.integers(0, 2**32 - 1))
def test_weighted_lasso_kkt_and_gap(prob, frac, seed):
    X, y = prob
    rng = np.random.default_rng(seed)
    weights = rng.uniform(0.1, 3.0, X.shape[1])
    weights[rng.random(X.shape[1]) < 0.15] = np.inf
    amax = WeightedL1(1.0, weights).alpha_max(X, y)
    alpha = frac * amax if amax > 0 else 0.1
    w = regkit.lasso(X, y, alpha, weights=weights, tol=1e-12, max_iter=10**5)
    assert np.all(w[np.isinf(weights)] == 0)
    assert regkit.kkt_violation(X, y, w, alpha, weights=weights) <= 1e-5 * _kkt_scale(X, y)
    assert regkit.duality_gap(X, y, w, alpha, weights=weights) <= _target(y, 1e-12) * 1.0001


@SETTINGS
@given(problems(), st.integers(0, 2**32 - 1))
def test_weak_duality_gap_bounds_suboptimality(prob, seed):
    X, y = prob
    n = X.shape[0]
    alpha = 0.1 * regkit.alpha_max(X, y)
    w_star = regkit.lasso(X, y, alpha, tol=1e-13, max_iter=10**5)

    def objective(w):
        return 0.5 * np.sum((y - X @ w) ** 2) / n + alpha * np.sum(np.abs(w))

    w = w_star + np.random.default_rng(seed).standard_normal(X.shape[1])
    slack = 1e-12 * _target(y, 1.0)
    assert regkit.duality_gap(X, y, w, alpha) >= objective(w) - objective(w_star) - slack


@SETTINGS
@given(problems())
def test_l1_norm_along_lasso_path_never_increases_with_alpha(prob):
    X, y = prob
    alphas, coefs, _ = regkit.lasso_path(X, y, n_alphas=15, eps=1e-2, tol=1e-12, max_iter=10**5)
    if regkit.alpha_max(X, y) == 0:  # X^T y = 0 (e.g. X = 0): documented constant grid, w = 0
        assert np.all(alphas == np.finfo(float).eps) and not np.any(coefs)
        return
    assert np.all(np.diff(alphas) < 0)
    norms = np.sum(np.abs(coefs), axis=0)  # alphas decrease along axis 1
    assert np.all(np.diff(norms) >= -1e-6 * max(norms.max(), 1e-12))


@SETTINGS
@given(problems(), st.sampled_from(["cd", "fista", "ista", "lars"]),
       st.sampled_from([1.0, 0.5]))
def test_zero_at_alpha_max_nonzero_just_below(prob, solver, l1_ratio):
    X, y = prob
    amax = regkit.alpha_max(X, y, l1_ratio)
    for alpha in [amax, 1.5 * amax]:
        w = regkit.elastic_net(X, y, alpha, l1_ratio, solver=solver)
        assert not np.any(w)
    # monotone methods: from 0 they never come back to 0 (with X^T y = 0, w = 0 is optimal)
    if solver in ("cd", "ista", "lars") and amax > 0:
        w = regkit.elastic_net(X, y, amax * (1 - 1e-6), l1_ratio, solver=solver)
        assert np.any(w)


@SETTINGS
@given(problems(), st.floats(0.05, 1.2), st.integers(1, 4), st.integers(0, 2**32 - 1))
def test_group_lasso_kkt_on_random_groups(prob, frac, n_groups, seed):
    X, y = prob
    groups = np.random.default_rng(seed).integers(n_groups, size=X.shape[1])
    pen = GroupL1(1.0, groups)
    alpha = frac * pen.alpha_max(X, y)
    w = regkit.group_lasso(X, y, groups, alpha, tol=1e-12, max_iter=10**5)
    u = X.T @ (y - X @ w) / X.shape[0]
    for g in np.unique(groups):
        idx = groups == g
        t = alpha * np.sqrt(idx.sum())
        norm = np.linalg.norm(w[idx])
        if norm == 0:
            violation = max(np.linalg.norm(u[idx]) - t, 0.0)
        else:
            violation = np.linalg.norm(u[idx] - t * w[idx] / norm)
        assert violation <= 1e-5 * _kkt_scale(X, y)
    if frac >= 1.0:
        assert not np.any(w)


@pytest.fixture(autouse=True)
def _no_convergence_warnings():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", regkit.ConvergenceWarning)
        yield
