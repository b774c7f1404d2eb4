"""Lasso, weighted / adaptive / group lasso, paths and certificates against references.

References are scikit-learn (coordinate descent at a tight tolerance), numpy least
squares, and optimality conditions written out here from their definitions.
"""

import numpy as np
import pytest

import regkit
from regkit.datasets import load_diabetes, make_correlated_regression
from regkit.penalties import GroupL1, soft_threshold

sklm = pytest.importorskip("sklearn.linear_model")

TIGHT = 1e-14  # gap tolerance for both libraries: coefficients then agree to ~1e-9
SOLVERS = ["cd", "fista", "ista", "lars"]


def _well_conditioned():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((80, 15))
    w = np.zeros(15)
    w[[0, 3, 7, 11]] = [2.0, -1.5, 1.0, 0.5]
    return X, X @ w + 0.5 * rng.standard_normal(80)


def _ar1():
    X, y, _ = make_correlated_regression(100, 30, rho=0.8, n_informative=6, seed=1)
    return X, y


def _wide():
    X, y, _ = make_correlated_regression(40, 100, rho=0.5, n_informative=5, seed=2)
    return X, y


def _diabetes():
    X, y, _ = load_diabetes()
    return X, y - y.mean()


DATASETS = {"well": _well_conditioned, "ar1": _ar1, "wide": _wide, "diabetes": _diabetes}


@pytest.fixture(scope="module", params=sorted(DATASETS))
def data(request):
    return request.param, DATASETS[request.param]()


def _sk_lasso(X, y, alpha, **kw):
    model = sklm.Lasso(alpha=alpha, fit_intercept=False, tol=TIGHT, max_iter=10**6, **kw)
    return model.fit(X, y).coef_


def _rel_diff(w, ref):
    return np.max(np.abs(w - ref)) / max(np.max(np.abs(ref)), 1e-12)


def _objective(X, y, w, alpha, weights=None):
    c = np.ones(X.shape[1]) if weights is None else weights
    return 0.5 * np.sum((y - X @ w) ** 2) / X.shape[0] + alpha * np.sum(c * np.abs(w))


# --------------------------------------------------------------------------- vs scikit-learn

@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("frac", [0.3, 0.05])
def test_lasso_matches_sklearn(data, solver, frac):
    name, (X, y) = data
    alpha = frac * np.max(np.abs(X.T @ y)) / X.shape[0]
    ref = _sk_lasso(X, y, alpha)
    w = regkit.lasso(X, y, alpha, solver=solver, tol=TIGHT, max_iter=300000)
    assert _rel_diff(w, ref) <= 1e-6, (name, solver, _rel_diff(w, ref))
    # same support, not just close numbers
    assert np.array_equal(np.abs(ref) > 1e-8, np.abs(w) > 1e-8)


def test_lasso_path_matches_sklearn(data):
    _, (X, y) = data
    alphas, coefs, _ = regkit.lasso_path(X, y, n_alphas=30, eps=1e-2, tol=TIGHT, max_iter=10**5)
    sk_alphas, sk_coefs, _ = sklm.lasso_path(X, y, alphas=alphas, tol=TIGHT, max_iter=10**6)
    assert np.array_equal(alphas, sk_alphas)
    assert _rel_diff(coefs, sk_coefs) <= 1e-6


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_alpha_grid_matches_sklearn_default_grid(data):
    _, (X, y) = data
    sk_alphas, _, _ = sklm.lasso_path(X, y, alphas=25, eps=1e-3, max_iter=5)
    np.testing.assert_allclose(regkit.alpha_grid(X, y, n_alphas=25, eps=1e-3), sk_alphas,
                               rtol=1e-12)


def test_duality_gap_equals_sklearn_dual_gap():
    # scikit-learn reports its gap divided by n: the same scale, so tol means the same
    X, y = _ar1()
    alpha = 0.02 * regkit.alpha_max(X, y)
    with pytest.warns(Warning):
        model = sklm.Lasso(alpha=alpha, fit_intercept=False, tol=1e-12, max_iter=3).fit(X, y)
    gap = regkit.duality_gap(X, y, model.coef_, alpha)
    assert gap > 1e-6  # far from optimal, so the comparison is not 0 == 0
    assert gap == pytest.approx(model.dual_gap_, rel=1e-9)


# --------------------------------------------------------------------------- certificates

def test_alpha_max_is_the_first_zero_solution(data):
    _, (X, y) = data
    amax = regkit.alpha_max(X, y)
    assert amax == pytest.approx(np.max(np.abs(X.T @ y)) / X.shape[0], rel=1e-14)
    for solver in SOLVERS:
        assert not np.any(regkit.lasso(X, y, amax, solver=solver))
        assert not np.any(regkit.lasso(X, y, 2 * amax, solver=solver))
    assert not np.any(_sk_lasso(X, y, amax))
    below = regkit.lasso(X, y, 0.999 * amax, tol=1e-10)
    assert np.count_nonzero(below) >= 1
    # the first coordinate to enter is the one with the largest correlation
    assert np.argmax(np.abs(below)) == np.argmax(np.abs(X.T @ y))


def test_gap_bounds_suboptimality_and_vanishes_at_optimum():
    X, y = _ar1()
    alpha = 0.05 * regkit.alpha_max(X, y)
    w_star = regkit.lasso(X, y, alpha, tol=TIGHT)
    p_star = _objective(X, y, w_star, alpha)
    assert regkit.duality_gap(X, y, w_star, alpha) <= TIGHT * (y @ y) / len(y) * 1.0001
    assert regkit.kkt_violation(X, y, w_star, alpha) < 1e-9
    rng = np.random.default_rng(3)
    for _ in range(20):
        w = w_star + 0.1 * rng.standard_normal(X.shape[1]) * (rng.random(X.shape[1]) < 0.5)
        gap = regkit.duality_gap(X, y, w, alpha)
        # weak duality: the gap is an upper bound on the suboptimality
        assert gap >= _objective(X, y, w, alpha) - p_star - 1e-12
        assert regkit.kkt_violation(X, y, w, alpha) > 1e-4


def test_kkt_violation_definition_by_hand():
    X, y = _well_conditioned()
    alpha = 0.1
    w = np.zeros(X.shape[1])
    w[0] = 1.0
    w[3] = -0.5
    u = X.T @ (y - X @ w) / len(y)
    expected = np.where(w != 0, np.abs(u - alpha * np.sign(w)), np.maximum(np.abs(u) - alpha, 0))
    assert regkit.kkt_violation(X, y, w, alpha) == pytest.approx(expected.max(), rel=1e-12)


def test_soft_threshold_values():
    z = np.array([-3.0, -1.0, -0.2, 0.0, 0.7, 2.5])
    np.testing.assert_array_equal(soft_threshold(z, 1.0), [-2.0, 0.0, 0.0, 0.0, 0.0, 1.5])
    assert soft_threshold(-0.5, 1.0) == 0.0 and not np.signbit(soft_threshold(-0.5, 1.0))
    assert soft_threshold(4.0, 0.0) == 4.0
    np.testing.assert_array_equal(soft_threshold([1.0, -5.0], [2.0, 1.0]), [0.0, -4.0])
    assert regkit.soft_threshold is soft_threshold
    # it is the prox of t|.|: the minimiser of (w - z)^2 / 2 + t |w| on a fine grid
    grid = np.linspace(-4, 4, 80001)
    for zi in z:
        brute = grid[np.argmin(0.5 * (grid - zi) ** 2 + 1.0 * np.abs(grid))]
        assert abs(soft_threshold(zi, 1.0) - brute) <= 1e-4


# --------------------------------------------------------------------------- edge cases

def test_zero_column_gets_zero_and_changes_nothing():
    X, y = _well_conditioned()
    Xz = np.insert(X, 4, 0.0, axis=1)
    alpha = 0.05
    ref = regkit.lasso(X, y, alpha, tol=1e-12)
    for solver in SOLVERS:
        w = regkit.lasso(Xz, y, alpha, solver=solver, tol=1e-12, max_iter=100000)
        assert w[4] == 0.0
        np.testing.assert_allclose(np.delete(w, 4), ref, atol=1e-7)


def test_duplicated_column_weight_sum_is_unique_split_is_not():
    X, y = _well_conditioned()
    Xd = np.column_stack([X, X[:, 0]])
    alpha = 0.05
    ref = regkit.lasso(X, y, alpha, tol=1e-12)
    splits = {}
    for solver in SOLVERS:
        w = regkit.lasso(Xd, y, alpha, solver=solver, tol=1e-12, max_iter=100000)
        # the fit and the total weight on the copies are unique ...
        assert w[0] + w[-1] == pytest.approx(ref[0], abs=1e-7)
        assert np.sign(w[0]) * np.sign(w[-1]) >= 0
        np.testing.assert_allclose(w[1:-1], ref[1:], atol=1e-7)
        splits[solver] = w[0] / ref[0]
    # ... the split is not: cyclic CD puts (nearly) all of it on the copy it visits first,
    # proximal gradient moves both copies identically from zero and splits it evenly
    assert splits["cd"] > 0.99
    assert splits["ista"] == pytest.approx(0.5, abs=1e-6)
    assert splits["fista"] == pytest.approx(0.5, abs=1e-6)


def test_alpha_zero_is_least_squares_when_n_greater_than_p():
    X, y = _well_conditioned()
    w = regkit.lasso(X, y, 0.0, tol=1e-14, max_iter=10000)
    np.testing.assert_allclose(w, np.linalg.lstsq(X, y, rcond=None)[0], atol=1e-8)


def test_alpha_zero_p_greater_than_n_interpolates():
    X, y = _wide()
    w = regkit.lasso(X, y, 0.0, tol=1e-10, max_iter=100000)
    # not unique, but every solution fits the data (up to tol)
    assert np.sum((y - X @ w) ** 2) / (y @ y) <= 2 * 1e-10 * 1.01


def test_warm_start_at_optimum_returns_it():
    X, y = _ar1()
    alpha = 0.1 * regkit.alpha_max(X, y)
    w = regkit.lasso(X, y, alpha, tol=1e-12)
    again = regkit.lasso(X, y, alpha, tol=1e-10, coef_init=w, max_iter=1)
    np.testing.assert_array_equal(again, w)


# --------------------------------------------------------------------------- weighted lasso

def test_weighted_lasso_equals_rescaled_columns():
    # alpha sum_j c_j |w_j| with v_j = c_j w_j is a plain lasso on the columns X_j / c_j
    X, y = _ar1()
    c = np.random.default_rng(4).uniform(0.3, 3.0, X.shape[1])
    alpha = 0.05 * regkit.alpha_max(X, y)
    ref = _sk_lasso(X / c, y, alpha) / c
    for solver in ["cd", "fista", "ista"]:
        w = regkit.lasso(X, y, alpha, weights=c, solver=solver, tol=TIGHT, max_iter=300000)
        assert _rel_diff(w, ref) <= 1e-6, solver


def test_weighted_lasso_zero_and_infinite_weights():
    X, y = _ar1()
    p = X.shape[1]
    c = np.ones(p)
    c[[2, 9]] = 0.0  # unpenalized
    c[[5, 20]] = np.inf  # fixed at zero
    alpha = 0.2 * regkit.alpha_max(X, y)
    # reference: drop the fixed columns; the unpenalized ones absorb what they can of y,
    # the penalized ones solve a lasso on what is left (everything projected), then the
    # unpenalized ones are the least-squares fit of the rest
    keep = np.isfinite(c)
    free, pen = (c == 0), (c == 1)
    Q, _ = np.linalg.qr(X[:, free])
    proj = lambda A: A - Q @ (Q.T @ A)  # noqa: E731
    ref = np.zeros(p)
    ref[pen] = _sk_lasso(proj(X[:, pen]), proj(y), alpha)
    ref[free] = np.linalg.lstsq(X[:, free], y - X[:, pen] @ ref[pen], rcond=None)[0]
    assert np.all(ref[~keep] == 0)
    for solver in ["cd", "fista", "ista"]:
        w = regkit.lasso(X, y, alpha, weights=c, solver=solver, tol=TIGHT, max_iter=300000)
        assert w[5] == 0.0 and w[20] == 0.0
        assert _rel_diff(w, ref) <= 1e-6, solver
        assert regkit.kkt_violation(X, y, w, alpha, weights=c) < 1e-8
        assert regkit.duality_gap(X, y, w, alpha, weights=c) <= TIGHT * (y @ y) / len(y) * 1.01


def test_weighted_alpha_max_with_unpenalized_coordinates():
    X, y = _ar1()
    c = np.ones(X.shape[1])
    c[0] = 0.0
    from regkit.penalties import WeightedL1

    amax = WeightedL1(1.0, c).alpha_max(X, y)
    w = regkit.lasso(X, y, amax * 1.0001, weights=c, tol=1e-12)
    assert np.count_nonzero(w) == 1 and w[0] == pytest.approx(
        (X[:, 0] @ y) / (X[:, 0] @ X[:, 0]), rel=1e-6)
    assert np.count_nonzero(regkit.lasso(X, y, amax * 0.99, weights=c, tol=1e-12)) >= 2


# --------------------------------------------------------------------------- adaptive lasso

def test_adaptive_lasso_weights_as_documented_and_kkt():
    X, y = _ar1()
    alpha = 0.02
    init_alpha = 1e-3 * np.mean(np.sum(X ** 2, axis=0))
    w_ridge = np.linalg.solve(X.T @ X + init_alpha * np.eye(X.shape[1]), X.T @ y)
    for gamma in [1.0, 2.0]:
        coef, weights = regkit.adaptive_lasso(X, y, alpha, gamma, tol=1e-12, return_weights=True)
        np.testing.assert_allclose(weights, np.abs(w_ridge) ** -gamma, rtol=1e-8)
        # optimality of the weighted problem, written out
        u = X.T @ (y - X @ coef) / len(y)
        t = alpha * weights
        nz = coef != 0
        assert np.all(np.abs(u[nz] - t[nz] * np.sign(coef[nz])) < 1e-7)
        assert np.all(np.abs(u[~nz]) <= t[~nz] + 1e-7)


def test_adaptive_lasso_is_less_biased_than_lasso_on_strong_effects():
    X, y, w_true = make_correlated_regression(200, 20, rho=0.3, n_informative=4, noise=0.5,
                                              seed=7)
    alpha = 0.1
    ada = regkit.adaptive_lasso(X, y, alpha, init="ols", tol=1e-10)
    las = regkit.lasso(X, y, alpha, tol=1e-10)
    strong = w_true != 0
    assert np.sum((ada[strong] - w_true[strong]) ** 2) < np.sum((las[strong] - w_true[strong]) ** 2)
    assert np.count_nonzero(ada[~strong]) <= np.count_nonzero(las[~strong])


def test_adaptive_lasso_init_options():
    X, y = _well_conditioned()
    ols = np.linalg.lstsq(X, y, rcond=None)[0]
    _, w_ols = regkit.adaptive_lasso(X, y, 0.05, init="ols", return_weights=True)
    np.testing.assert_allclose(w_ols, 1 / np.abs(ols), rtol=1e-8)
    init = np.ones(X.shape[1])
    init[[1, 2]] = 0.0  # infinite weights: fixed at zero even if they would enter
    coef, weights = regkit.adaptive_lasso(X, y, 1e-4, init=init, return_weights=True)
    assert np.all(np.isinf(weights[[1, 2]])) and np.all(coef[[1, 2]] == 0.0)
    assert np.count_nonzero(regkit.lasso(X, y, 1e-4)[[1, 2]]) == 2
    # with unit initial coefficients it is the plain lasso
    np.testing.assert_allclose(
        regkit.adaptive_lasso(X, y, 0.05, init=np.ones(X.shape[1]), tol=1e-12),
        regkit.lasso(X, y, 0.05, tol=1e-12), atol=1e-9)


def test_adaptive_lasso_ridge_init_works_when_p_greater_than_n():
    X, y = _wide()
    coef = regkit.adaptive_lasso(X, y, 0.05, tol=1e-8)
    assert 0 < np.count_nonzero(coef) < X.shape[0]


# --------------------------------------------------------------------------- group lasso

def _group_kkt(X, y, w, groups, alpha):
    """Worst violation of the group-lasso optimality conditions, written out per group."""
    u = X.T @ (y - X @ w) / len(y)
    worst = 0.0
    labels = list(dict.fromkeys(groups))
    for lab in labels:
        idx = np.array([j for j, g in enumerate(groups) if g == lab])
        t = alpha * np.sqrt(len(idx))
        wg = w[idx]
        if np.linalg.norm(wg) == 0:
            worst = max(worst, np.linalg.norm(u[idx]) - t)
        else:
            worst = max(worst, np.linalg.norm(u[idx] - t * wg / np.linalg.norm(wg)))
    return worst


@pytest.mark.parametrize("solver", ["cd", "fista", "ista"])
def test_group_lasso_kkt_per_group(solver):
    X, y, _ = make_correlated_regression(120, 14, rho=0.6, n_informative=4, seed=5)
    # interleaved labels of mixed types and sizes 1..5
    groups = ["a", "b", "a", 3, 3, 3, "b", "c", "c", "c", "c", "c", 7, "a"]
    alpha_top = GroupL1(1.0, groups).alpha_max(X, y)
    for frac in [0.6, 0.2, 0.05]:
        w = regkit.group_lasso(X, y, groups, frac * alpha_top, solver=solver, tol=1e-13,
                               max_iter=200000)
        assert _group_kkt(X, y, w, groups, frac * alpha_top) < 1e-7
        # groups are in or out as a whole
        for lab in set(groups):
            idx = [j for j, g in enumerate(groups) if g == lab]
            assert np.all(w[idx] != 0) or np.all(w[idx] == 0)
    assert not np.any(regkit.group_lasso(X, y, groups, alpha_top, solver=solver))


def test_group_lasso_some_groups_zero_some_not():
    X, y, _ = make_correlated_regression(100, 12, rho=0.2, n_informative=2, seed=6)
    groups = np.repeat(np.arange(4), 3)
    alpha = 0.5 * GroupL1(1.0, groups).alpha_max(X, y)
    w = regkit.group_lasso(X, y, groups, alpha, tol=1e-12)
    norms = [np.linalg.norm(w[groups == g]) for g in range(4)]
    assert 0 < sum(n > 0 for n in norms) < 4


def test_group_lasso_size_one_groups_is_lasso(data):
    _, (X, y) = data
    alpha = 0.05 * regkit.alpha_max(X, y)
    ref = _sk_lasso(X, y, alpha)
    w = regkit.group_lasso(X, y, list(range(X.shape[1])), alpha, tol=TIGHT, max_iter=10**5)
    assert _rel_diff(w, ref) <= 1e-6


def test_group_lasso_label_order_does_not_matter():
    X, y, _ = make_correlated_regression(80, 9, seed=8)
    groups = [0, 1, 2, 0, 1, 2, 0, 1, 2]
    perm = np.argsort(groups, kind="stable")
    w = regkit.group_lasso(X, y, groups, 0.1, tol=1e-13)
    w_sorted = regkit.group_lasso(X[:, perm], y, np.array(groups)[perm], 0.1, tol=1e-13)
    np.testing.assert_allclose(w[perm], w_sorted, atol=1e-9)
