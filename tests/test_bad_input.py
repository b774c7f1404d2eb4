"""Bad input gives a ValueError that names the argument; running out of iterations warns."""

import re
import warnings

import numpy as np
import pytest

import regkit
from regkit.penalties import L1, L2, ElasticNetPenalty, GroupL1, WeightedL1

RNG = np.random.default_rng(20)
X = RNG.standard_normal((30, 5))
Y = X @ np.array([1.0, -2.0, 0.0, 0.5, 0.0]) + 0.1 * RNG.standard_normal(30)


def _nan_X():
    A = X.copy()
    A[3, 2] = np.nan
    return A


def _inf_y():
    b = Y.copy()
    b[0] = np.inf
    return b


# every entry point that takes (X, y), called with its other arguments valid
ENTRY_POINTS = {
    "lasso": lambda X_, y_: regkit.lasso(X_, y_, 0.1),
    "lasso_fista": lambda X_, y_: regkit.lasso(X_, y_, 0.1, solver="fista"),
    "lasso_lars": lambda X_, y_: regkit.lasso(X_, y_, 0.1, solver="lars"),
    "elastic_net": lambda X_, y_: regkit.elastic_net(X_, y_, 0.1, 0.5),
    "group_lasso": lambda X_, y_: regkit.group_lasso(X_, y_, [0, 0, 1, 1, 2], 0.1),
    "adaptive_lasso": lambda X_, y_: regkit.adaptive_lasso(X_, y_, 0.1),
    "lasso_path": lambda X_, y_: regkit.lasso_path(X_, y_, n_alphas=3),
    "enet_path": lambda X_, y_: regkit.enet_path(X_, y_, n_alphas=3),
    "alpha_grid": lambda X_, y_: regkit.alpha_grid(X_, y_),
    "alpha_max": lambda X_, y_: regkit.alpha_max(X_, y_),
    "duality_gap": lambda X_, y_: regkit.duality_gap(X_, y_, np.zeros(5), 0.1),
    "kkt_violation": lambda X_, y_: regkit.kkt_violation(X_, y_, np.zeros(5), 0.1),
}

BAD_DATA = {
    "nan in X": (_nan_X, lambda: Y, r"X contains NaN or infinity"),
    "inf in y": (lambda: X, _inf_y, r"y contains NaN or infinity"),
    "mismatched lengths": (lambda: X, lambda: Y[:-1], r"X and y have mismatched lengths"),
    "1-D X": (lambda: X[:, 0], lambda: Y, r"X must be 2-D"),
    "2-D y": (lambda: X, lambda: Y[:, None], r"y must be 1-D"),
    "empty X": (lambda: np.empty((0, 5)), lambda: np.empty(0), r"X is empty"),
    "string X": (lambda: X.astype(str), lambda: Y, r"X must be numeric"),
    "object y": (lambda: X, lambda: np.array(["a"] * 30, dtype=object), r"y must be numeric"),
}


@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
@pytest.mark.parametrize("case", sorted(BAD_DATA))
def test_bad_data_names_the_argument(entry, case):
    make_X, make_y, message = BAD_DATA[case]
    with pytest.raises(ValueError, match=message):
        ENTRY_POINTS[entry](make_X(), make_y())


@pytest.mark.parametrize("call, message", [
    (lambda: regkit.lasso(X, Y, -0.1), r"alpha must be non-negative"),
    (lambda: regkit.lasso(X, Y, np.nan), r"alpha must be finite"),
    (lambda: regkit.lasso(X, Y, "big"), r"alpha must be a non-negative real number"),
    (lambda: regkit.lasso(X, Y, [0.1, 0.2]), r"alpha must be a non-negative real number"),
    (lambda: regkit.elastic_net(X, Y, -1.0, 0.5), r"alpha must be non-negative"),
    (lambda: regkit.group_lasso(X, Y, [0] * 5, -1.0), r"alpha must be non-negative"),
    (lambda: regkit.adaptive_lasso(X, Y, -1.0), r"alpha must be non-negative"),
    (lambda: regkit.duality_gap(X, Y, np.zeros(5), -1.0), r"alpha must be non-negative"),
    (lambda: regkit.kkt_violation(X, Y, np.zeros(5), -1.0), r"alpha must be non-negative"),
    (lambda: regkit.lasso_path(X, Y, alphas=[0.1, -0.2]), r"alphas must be non-negative"),
    (lambda: regkit.lasso_path(X, Y, alphas=[0.1, np.nan]), r"alphas contains NaN"),
])
def test_bad_alpha(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("l1_ratio", [-0.1, 1.5, np.nan, "half", None])
@pytest.mark.parametrize("call", [
    lambda r: regkit.elastic_net(X, Y, 0.1, r),
    lambda r: regkit.enet_path(X, Y, l1_ratio=r),
    lambda r: regkit.alpha_grid(X, Y, l1_ratio=r),
    lambda r: regkit.alpha_max(X, Y, r),
    lambda r: regkit.duality_gap(X, Y, np.zeros(5), 0.1, r),
    lambda r: regkit.kkt_violation(X, Y, np.zeros(5), 0.1, r),
    lambda r: ElasticNetPenalty(0.1, r),
])
def test_bad_l1_ratio(call, l1_ratio):
    with pytest.raises(ValueError, match=r"l1_ratio must be"):
        call(l1_ratio)


@pytest.mark.parametrize("groups, message", [
    ([0, 0, 1, 1], r"groups has length 4, expected n_features = 5"),
    ([0, 0, 1, 1, 2, 2], r"groups has length 6, expected n_features = 5"),
    ([[0, 1], [2, 3], [4], [0], [1]], r"groups\[0\] = \[0, 1\] is not a hashable label"),
    ([0, 0, None, 1, 1], r"groups\[2\] is None"),
    ([0.0, 0.0, np.nan, 1.0, 1.0], r"groups\[2\] is nan"),
    (np.zeros((5, 1)), r"groups must be 1-D"),
    ("abcde", r"groups must be a sequence"),
    (None, r"groups must be a sequence"),
    ([], r"groups is empty"),
])
def test_bad_groups(groups, message):
    with pytest.raises(ValueError, match=message) as info:
        regkit.group_lasso(X, Y, groups, 0.1)
    assert "groups that do not partition the columns" in str(info.value)


@pytest.mark.parametrize("weights, message", [
    (np.ones(4), r"weights has length 4, expected n_features = 5"),
    (-np.ones(5), r"weights must be non-negative"),
    (np.array([1, 1, np.nan, 1, 1.0]), r"weights contains NaN"),
    (np.ones((5, 1)), r"weights must be 1-D"),
    (["a"] * 5, r"weights must be real and numeric"),
    (np.ones(0), r"weights is empty"),
])
def test_bad_weights(weights, message):
    with pytest.raises(ValueError, match=message):
        regkit.lasso(X, Y, 0.1, weights=weights)
    with pytest.raises(ValueError, match=message):
        regkit.kkt_violation(X, Y, np.zeros(5), 0.1, weights=weights)


@pytest.mark.parametrize("call, message", [
    (lambda: regkit.lasso(X, Y, 0.1, solver="newton"), r"solver must be one of"),
    (lambda: regkit.lasso(X, Y, 0.1, solver=None), r"solver must be one of"),
    (lambda: regkit.elastic_net(X, Y, 0.1, solver="CD"), r"solver must be one of"),
    (lambda: regkit.group_lasso(X, Y, [0] * 5, 0.1, solver="lars"), r"solver must be one of"),
    (lambda: regkit.adaptive_lasso(X, Y, 0.1, solver="lars"), r"solver must be one of"),
    (lambda: regkit.lasso(X, Y, 0.1, weights=np.ones(5), solver="lars"),
     r"weights are not supported by solver='lars'"),
])
def test_bad_solver(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("call, message", [
    (lambda: regkit.lasso(X, Y, 0.1, max_iter=0), r"max_iter must be a positive integer"),
    (lambda: regkit.lasso(X, Y, 0.1, max_iter=2.5), r"max_iter must be a positive integer"),
    (lambda: regkit.lasso_path(X, Y, max_iter=-1), r"max_iter must be a positive integer"),
    (lambda: regkit.lasso(X, Y, 0.1, tol=-1e-4), r"tol must be >= 0"),
    (lambda: regkit.lasso(X, Y, 0.1, tol=np.inf), r"tol must be finite"),
    (lambda: regkit.lasso(X, Y, 0.1, coef_init=np.zeros(4)), r"coef_init has length 4"),
    (lambda: regkit.lasso(X, Y, 0.1, coef_init=np.full(5, np.nan)), r"coef_init contains NaN"),
    (lambda: regkit.duality_gap(X, Y, np.zeros(3), 0.1), r"coef has length 3"),
    (lambda: regkit.kkt_violation(X, Y, np.zeros((5, 1)), 0.1), r"coef must be 1-D"),
    (lambda: regkit.adaptive_lasso(X, Y, 0.1, gamma=0.0), r"gamma must be > 0"),
    (lambda: regkit.adaptive_lasso(X, Y, 0.1, init="lasso"), r"init must be 'ridge', 'ols'"),
    (lambda: regkit.adaptive_lasso(X, Y, 0.1, init=np.ones(3)), r"init has length 3"),
    (lambda: regkit.adaptive_lasso(X, Y, 0.1, init_alpha=-1.0), r"init_alpha must be"),
    (lambda: regkit.adaptive_lasso(X[:4], Y[:4], 0.1, init="ols"),
     r"init='ols' needs X of full column rank"),
    (lambda: regkit.lasso_path(X, Y, n_alphas=0), r"n_alphas must be a positive integer"),
    (lambda: regkit.alpha_grid(X, Y, eps=0.0), r"eps must be > 0"),
    (lambda: regkit.alpha_grid(X, Y, l1_ratio=0.0), r"l1_ratio=0 has no alpha_max"),
    (lambda: regkit.enet_path(X, Y, l1_ratio=0.0), r"pass alphas explicitly"),
    (lambda: regkit.soft_threshold([1.0, 2.0], -1.0), r"t must be non-negative"),
    (lambda: regkit.soft_threshold([1.0, 2.0], [1.0, np.nan]), r"t must be non-negative"),
    (lambda: regkit.soft_threshold("abc", 1.0), r"z must be real and numeric"),
    (lambda: regkit.soft_threshold([1.0, 2.0], [1.0, 1.0, 1.0]), r"do not broadcast"),
    (lambda: L1(-1.0), r"alpha must be non-negative"),
    (lambda: L2(np.inf), r"alpha must be finite"),
    (lambda: WeightedL1(1.0, [1.0, -1.0]), r"weights must be non-negative"),
    (lambda: GroupL1(1.0, [[1, 2], [3]]), r"not a hashable label"),
    (lambda: GroupL1(1.0, [[1], [2]]), r"groups must be 1-D"),
])
def test_other_bad_arguments(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_enet_path_l1_ratio_zero_works_with_given_alphas():
    alphas, coefs, _ = regkit.enet_path(X, Y, l1_ratio=0.0, alphas=[1.0, 0.1])
    assert np.all(coefs != 0)  # pure L2: nothing is exactly zero


# ------------------------------------------------------------------------- ConvergenceWarning

def _hard_problem():
    # strongly correlated columns: one sweep is far from enough
    rng = np.random.default_rng(21)
    A = rng.standard_normal((50, 20)) + 3.0 * rng.standard_normal((50, 1))
    return A, A @ rng.standard_normal(20) + rng.standard_normal(50)


@pytest.mark.parametrize("call", [
    lambda A, b: regkit.lasso(A, b, 0.01, max_iter=1),
    lambda A, b: regkit.lasso(A, b, 0.01, solver="fista", max_iter=1),
    lambda A, b: regkit.lasso(A, b, 0.01, solver="ista", max_iter=1),
    lambda A, b: regkit.elastic_net(A, b, 0.01, 0.5, max_iter=1),
    lambda A, b: regkit.lasso(A, b, 0.01, weights=np.linspace(0.5, 2, 20), max_iter=1),
    lambda A, b: regkit.group_lasso(A, b, np.arange(20) // 4, 0.01, max_iter=1),
    lambda A, b: regkit.lasso(A, b, 0.0, max_iter=1),
])
def test_convergence_warning_reports_the_gap_reached(call):
    A, b = _hard_problem()
    with pytest.warns(regkit.ConvergenceWarning) as record:
        coef = call(A, b)
    message = str(record[0].message)
    gap = float(re.search(r"duality gap ([0-9.e+-]+)", message).group(1))
    target = float(re.search(r"target ([0-9.e+-]+)", message).group(1))
    assert target == pytest.approx(1e-4 * (b @ b) / len(b), rel=1e-3)
    assert gap > target
    assert np.all(np.isfinite(coef))
    assert issubclass(regkit.ConvergenceWarning, UserWarning)


def test_convergence_warning_gap_is_the_gap_of_the_returned_coef():
    A, b = _hard_problem()
    with pytest.warns(regkit.ConvergenceWarning) as record:
        coef = regkit.lasso(A, b, 0.01, max_iter=1)
    gap = float(re.search(r"duality gap ([0-9.e+-]+)", str(record[0].message)).group(1))
    assert gap == pytest.approx(regkit.duality_gap(A, b, coef, 0.01), rel=1e-3)


def test_lasso_path_warns_per_unconverged_alpha():
    A, b = _hard_problem()
    with pytest.warns(regkit.ConvergenceWarning):
        regkit.lasso_path(A, b, n_alphas=5, max_iter=1)


def test_no_warning_when_converged():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        regkit.lasso(X, Y, 0.1)
        regkit.elastic_net(X, Y, 0.1, solver="fista")
