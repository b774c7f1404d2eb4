"""LAR and LARS-lasso paths (regkit.solvers.lars) against scikit-learn and the KKT conditions."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regkit.datasets import load_diabetes
from regkit.solvers.lars import lars_coef_at, lars_path


def _diabetes():
    X, y, _ = load_diabetes()
    return X, y - y.mean()


def _gaussian(n, p, seed):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    w = rng.standard_normal(p) * (rng.random(p) < 0.5)
    return X, X @ w + rng.standard_normal(n)


DESIGNS = {
    "diabetes": _diabetes,
    "n_gt_p": lambda: _gaussian(60, 15, 1),
    # seed 31: no LAR coefficient changes sign, so scikit-learn's LAR is exact here (see below)
    "p_gt_n": lambda: _gaussian(15, 40, 31),
    # seed 2: a lasso coefficient reaches zero and leaves the active set
    "small_with_drop": lambda: _gaussian(12, 5, 2),
}


def _sklearn_lars_path(X, y, method):
    from sklearn.linear_model import lars_path as sk_lars_path

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a degeneracy warning would make the reference suspect
        return sk_lars_path(X, y, method=method)


def _correlations(X, y, coef):
    return X.T @ (y - X @ coef) / X.shape[0]


def _assert_lasso_kkt(X, y, alpha, coef, tol):
    """|X^T r / n| <= alpha everywhere; = alpha with the sign of w_j where w_j != 0."""
    corr = _correlations(X, y, coef)
    assert np.max(np.abs(corr)) <= alpha + tol
    nz = coef != 0
    assert np.all(np.abs(np.abs(corr[nz]) - alpha) <= tol)
    if alpha > tol:  # at alpha = 0 the correlations vanish and carry no sign
        assert np.all(np.sign(corr[nz]) == np.sign(coef[nz]))


def _drops(coefs):
    """(knot, variable) pairs where a non-zero coefficient becomes exactly zero."""
    return [(k, j) for k in range(coefs.shape[1] - 1) for j in range(coefs.shape[0])
            if coefs[j, k] != 0 and coefs[j, k + 1] == 0]


# --------------------------------------------------------------------------- vs scikit-learn

@pytest.mark.parametrize("design", DESIGNS)
@pytest.mark.parametrize("method", ["lar", "lasso"])
def test_matches_sklearn_lars_path(design, method):
    X, y = DESIGNS[design]()
    alphas, active, coefs = lars_path(X, y, method=method)
    ref_alphas, ref_active, ref_coefs = _sklearn_lars_path(X, y, method)
    assert alphas.shape == ref_alphas.shape
    assert coefs.shape == ref_coefs.shape == (X.shape[1], alphas.size)
    assert active == [int(j) for j in ref_active]
    assert np.max(np.abs(alphas - ref_alphas)) < 1e-10 * alphas[0]
    assert np.max(np.abs(coefs - ref_coefs)) < 1e-8 * np.max(np.abs(ref_coefs))


def test_lasso_drop_step_happens():
    for design in ("diabetes", "small_with_drop"):
        X, y = DESIGNS[design]()
        alphas, active, coefs = lars_path(X, y, method="lasso")
        drops = _drops(coefs)
        assert drops, design
        # LAR on the same data has no drop, and fewer knots
        lar_alphas, _, lar_coefs = lars_path(X, y, method="lar")
        assert alphas.size > lar_alphas.size
        assert not _drops(lar_coefs)
        # the dropped variable's correlation is back strictly inside the boundary
        k, j = drops[0]
        w = lars_coef_at(alphas, coefs, 0.5 * (alphas[k + 1] + alphas[k + 2]))
        assert w[j] == 0.0
        assert abs(_correlations(X, y, w)[j]) < 0.5 * (alphas[k + 1] + alphas[k + 2])


def test_diabetes_drop_is_variable_6_hdl():
    """On the diabetes data the lasso modification drops one variable: s3 (hdl), index 6.

    This is the track Efron et al. (2004, Figure 1) point to as the only
    visible difference between the LARS and lasso paths.
    """
    X, y = _diabetes()
    alphas, _, coefs = lars_path(X, y, method="lasso")
    assert [j for _, j in _drops(coefs)] == [6]


@pytest.mark.parametrize("design", ["diabetes", "n_gt_p", "p_gt_n"])
def test_coef_at_matches_coordinate_descent_lasso(design):
    from sklearn.linear_model import Lasso

    X, y = DESIGNS[design]()
    alphas, _, coefs = lars_path(X, y, method="lasso")
    mids = (alphas[:-1] + alphas[1:]) / 2
    for alpha in np.concatenate([mids[mids > 0.02 * alphas[0]], [alphas[1], 1.5 * alphas[0]]]):
        ref = Lasso(alpha=alpha, fit_intercept=False, tol=1e-12, max_iter=200_000).fit(X, y).coef_
        coef = lars_coef_at(alphas, coefs, alpha)
        assert np.max(np.abs(coef - ref)) < 1e-7 * max(1.0, np.max(np.abs(ref)))


# --------------------------------------------------------------------------- optimality

@settings(max_examples=40, deadline=None, derandomize=True)
@given(n=st.integers(2, 25), p=st.integers(1, 25), seed=st.integers(0, 2**16),
       correlated=st.booleans())
def test_lasso_path_satisfies_kkt_at_every_knot_and_between(n, p, seed, correlated):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    if correlated and p > 1:
        X[:, 1:] += 0.8 * X[:, :1]  # strongly correlated columns: drops are frequent
    y = rng.standard_normal(n)
    alphas, active, coefs = lars_path(X, y, method="lasso")
    tol = 1e-9 * (np.max(np.abs(X.T @ y)) / n + 1.0)
    assert np.all(np.diff(alphas) < 0)
    assert np.all(np.isfinite(coefs))
    for k, alpha in enumerate(alphas):
        _assert_lasso_kkt(X, y, alpha, coefs[:, k], tol)
    for alpha in (alphas[:-1] + alphas[1:]) / 2:  # the path is exact between knots too
        _assert_lasso_kkt(X, y, alpha, lars_coef_at(alphas, coefs, alpha), tol)
    assert alphas[-1] == 0.0
    assert len(active) <= min(n, p)
    assert set(np.flatnonzero(coefs[:, -1])) <= set(active)  # dropped variables sit at exactly 0


@settings(max_examples=30, deadline=None, derandomize=True)
@given(n=st.integers(2, 20), p=st.integers(1, 30), seed=st.integers(0, 2**16))
def test_lar_keeps_active_correlations_equal_and_maximal(n, p, seed):
    """LAR's defining property: every active |correlation| equals max |correlation| = alpha.

    It holds even when a LAR coefficient changes sign (no drop in LAR), the
    case where scikit-learn 1.9's lars_path(method="lar") leaves it (it flips
    the sign used for the direction and reports alphas that increase).
    """
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    y = rng.standard_normal(n)
    alphas, active, coefs = lars_path(X, y, method="lar")
    tol = 1e-9 * (np.max(np.abs(X.T @ y)) / n + 1.0)
    assert np.all(np.diff(alphas) < 0)
    entered = []
    for k, alpha in enumerate(alphas):
        corr = np.abs(_correlations(X, y, coefs[:, k]))
        assert abs(corr.max() - alpha) <= tol
        entered += [j for j in np.flatnonzero(coefs[:, k]) if j not in entered]
        assert np.all(np.abs(corr[entered] - alpha) <= tol)
    assert sorted(active) == sorted(entered)  # LAR never removes a variable


def test_lar_with_sign_change_in_p_greater_than_n():
    rng = np.random.default_rng(1)
    X, y = rng.standard_normal((20, 50)), rng.standard_normal(20)
    alphas, active, coefs = lars_path(X, y, method="lar")
    sign_changes = [(k, j) for k in range(coefs.shape[1] - 1) for j in range(coefs.shape[0])
                    if coefs[j, k] * coefs[j, k + 1] < 0]
    assert sign_changes  # the case this test is about
    assert len(active) == 20 and alphas[-1] == 0.0
    assert np.max(np.abs(X @ coefs[:, -1] - y)) < 1e-10 * np.max(np.abs(y))
    for k, alpha in enumerate(alphas):
        corr = np.abs(_correlations(X, y, coefs[:, k]))
        assert abs(corr.max() - alpha) < 1e-12
        assert np.all(np.abs(corr[np.flatnonzero(coefs[:, k])] - alpha) < 1e-12)


# --------------------------------------------------------------------------- edge cases

@pytest.mark.parametrize("method", ["lar", "lasso"])
def test_zero_and_duplicated_columns(method):
    """A zero column never enters; of two identical columns only one ever enters.

    Which copy enters first is decided by rounding (the two tie exactly), so
    the test accepts either, and checks that the pair carries the weight the
    single column carries without the copy.
    """
    X, y = DESIGNS["n_gt_p"]()
    Xd = np.column_stack([X, np.zeros(X.shape[0]), X[:, 2]])
    alphas, active, coefs = lars_path(Xd, y, method=method)
    ref_alphas, ref_active, ref_coefs = lars_path(X, y, method=method)
    assert np.all(np.isfinite(coefs))
    assert np.all(coefs[-2] == 0.0) and 15 not in active
    assert np.all(coefs[2] == 0.0) or np.all(coefs[-1] == 0.0)
    assert [2 if j == 16 else j for j in active] == ref_active
    np.testing.assert_allclose(alphas, ref_alphas, rtol=1e-12, atol=1e-14)
    merged = coefs[:15].copy()
    merged[2] += coefs[-1]
    assert np.max(np.abs(merged - ref_coefs)) < 1e-12 * np.max(np.abs(ref_coefs))


@pytest.mark.parametrize("method", ["lar", "lasso"])
def test_p_greater_than_n_interpolates_with_at_most_n_active(method):
    X, y = _gaussian(10, 30, 8)
    X[:, 5] = X[:, 3]
    X[:, 7] = 0.0
    alphas, active, coefs = lars_path(X, y, method=method)
    assert len(active) == 10
    assert alphas[-1] == 0.0
    assert np.max(np.abs(X @ coefs[:, -1] - y)) < 1e-10 * np.max(np.abs(y))
    assert np.all(coefs[7] == 0.0)
    assert np.count_nonzero(coefs[:, -1]) <= 10


def test_rank_deficient_n_greater_than_p_ends_at_least_squares():
    X, y = DESIGNS["n_gt_p"]()
    X = np.column_stack([X, X[:, 0] + X[:, 1]])  # rank 15 of 16 columns
    alphas, active, coefs = lars_path(X, y, method="lasso")
    assert len(active) == 15 and alphas[-1] == 0.0
    ols = np.linalg.lstsq(X, y, rcond=None)[0]
    assert np.max(np.abs(X @ coefs[:, -1] - X @ ols)) < 1e-10 * np.max(np.abs(y))


def test_uncorrelated_response_gives_the_single_zero_knot():
    X = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    y = np.array([0.0, 0.0, 5.0])  # orthogonal to both columns
    alphas, active, coefs = lars_path(X, y, method="lasso")
    np.testing.assert_array_equal(alphas, [0.0])
    assert active == [] and coefs.shape == (2, 1) and np.all(coefs == 0)


def test_first_knot_is_alpha_max():
    X, y = _diabetes()
    alphas, active, coefs = lars_path(X, y, method="lasso")
    assert alphas[0] == pytest.approx(np.max(np.abs(X.T @ y)) / X.shape[0], rel=1e-14)
    assert np.all(coefs[:, 0] == 0) and active[0] == int(np.argmax(np.abs(X.T @ y)))


def test_max_iter_truncates_and_coef_at_refuses_beyond():
    X, y = _diabetes()
    full_alphas, _, full_coefs = lars_path(X, y, method="lasso")
    alphas, active, coefs = lars_path(X, y, max_iter=4, method="lasso")
    # as scikit-learn: four steps, four variables moved (the fifth reached the boundary only)
    assert alphas.size == 5 and len(active) == 4
    assert set(active) == set(np.flatnonzero(coefs[:, -1]))
    np.testing.assert_allclose(alphas, full_alphas[:5], rtol=1e-13)
    with pytest.raises(ValueError, match="below the last knot"):
        lars_coef_at(alphas, coefs, alphas[-1] / 2)
    zero_alphas, zero_active, zero_coefs = lars_path(X, y, max_iter=0, method="lasso")
    assert zero_alphas.size == 1 and zero_active == []
    np.testing.assert_allclose(zero_alphas, full_alphas[:1], rtol=1e-15)


def test_coef_at_interpolates_linearly_and_hits_knots():
    X, y = _diabetes()
    alphas, _, coefs = lars_path(X, y, method="lasso")
    for k in range(alphas.size):
        np.testing.assert_array_equal(lars_coef_at(alphas, coefs, alphas[k]), coefs[:, k])
    a = 0.25 * alphas[3] + 0.75 * alphas[4]
    np.testing.assert_allclose(lars_coef_at(alphas, coefs, a),
                               0.25 * coefs[:, 3] + 0.75 * coefs[:, 4], rtol=1e-12, atol=1e-12)
    assert np.all(lars_coef_at(alphas, coefs, 10 * alphas[0]) == 0)


# --------------------------------------------------------------------------- bad input

GOOD_X = np.array([[1.0, 2.0], [3.0, -1.0], [0.5, 0.0], [2.0, 1.0]])
GOOD_Y = np.array([1.0, -2.0, 0.5, 3.0])


@pytest.mark.parametrize("X, y, message", [
    (np.array([[np.nan, 1.0]]), np.array([1.0]), "X contains NaN"),
    (GOOD_X, np.array([1.0, np.inf, 0.0, 0.0]), "y contains NaN"),
    (GOOD_X[:, 0], GOOD_Y, "X must be 2-D"),
    (GOOD_X, GOOD_Y[:3], "mismatched lengths"),
    (np.empty((0, 3)), np.empty(0), "X is empty"),
    (np.array([["a", "b"]]), np.array([1.0]), "X must be numeric"),
])
def test_bad_X_or_y_raises(X, y, message):
    with pytest.raises(ValueError, match=message):
        lars_path(X, y)


@pytest.mark.parametrize("kwargs, message", [
    ({"method": "lars"}, r"method must be one of 'lasso', 'lar'"),
    ({"method": None}, r"method must be one of"),
    ({"max_iter": -1}, r"max_iter must be a non-negative integer"),
    ({"max_iter": 2.5}, r"max_iter must be a non-negative integer"),
    ({"max_iter": True}, r"max_iter must be a non-negative integer"),
    ({"eps": 0.0}, r"eps must be > 0"),
    ({"eps": -1e-3}, r"eps must be > 0"),
    ({"eps": "tiny"}, r"eps must be a real number"),
])
def test_bad_options_raise(kwargs, message):
    with pytest.raises(ValueError, match=message):
        lars_path(GOOD_X, GOOD_Y, **kwargs)


def test_default_method_is_sklearns_lar():
    X, y = _diabetes()
    for a, b in zip(lars_path(X, y), lars_path(X, y, method="lar")):
        np.testing.assert_array_equal(a, b)


def test_coef_at_bad_input_raises():
    alphas, _, coefs = lars_path(GOOD_X, GOOD_Y, method="lasso")
    with pytest.raises(ValueError, match="alpha must be non-negative"):
        lars_coef_at(alphas, coefs, -0.1)
    with pytest.raises(ValueError, match="coefs must have one column per knot"):
        lars_coef_at(alphas, coefs[:, :-1], 0.1)
    with pytest.raises(ValueError, match="alphas must be non-increasing"):
        lars_coef_at(alphas[::-1], coefs, 0.1)
    with pytest.raises(ValueError, match="coefs must be 2-D"):
        lars_coef_at(alphas, coefs[0], 0.1)
    with pytest.raises(ValueError, match="alphas contains NaN"):
        lars_coef_at(np.full_like(alphas, np.nan), coefs, 0.1)


def test_long_path_with_many_drops_matches_sklearn():
    # a correlated p > n design whose lasso path has many drop events: exercises the
    # incremental Cholesky factor (one row per entry, Givens rotations per drop)
    from regkit.datasets import make_correlated_regression

    X, y, _ = make_correlated_regression(100, 1000, rho=0.9, n_informative=10, seed=0)
    X, y = X - X.mean(axis=0), y - y.mean()
    alphas, active, coefs = lars_path(X, y, method="lasso")
    sk_alphas, sk_active, sk_coefs = _sklearn_lars_path(X, y, "lasso")
    support = coefs != 0
    drops = int(np.sum(support[:, :-1] & ~support[:, 1:]))
    assert drops >= 10
    np.testing.assert_allclose(alphas, sk_alphas, rtol=1e-8, atol=1e-10)  # last knot: 0 vs ~1e-12
    assert active == list(sk_active)
    np.testing.assert_allclose(coefs, sk_coefs, atol=1e-8 * np.abs(sk_coefs).max())


# --- scikit-learn's parameters (issue #15) -----------------------------------------------

def _centred_diabetes():
    from sklearn.datasets import load_diabetes

    X, y = load_diabetes(return_X_y=True)
    return X - X.mean(axis=0), y - y.mean()


@pytest.mark.parametrize("method", ["lar", "lasso"])
def test_precomputed_gram_and_xy_give_the_same_path(method):
    X, y = _centred_diabetes()
    plain = lars_path(X, y, method=method)
    given = lars_path(X, y, Gram=X.T @ X, Xy=X.T @ y, method=method)
    without_x = lars_path(None, y, Gram=X.T @ X, Xy=X.T @ y, method=method)
    for out in (given, without_x):
        np.testing.assert_allclose(out[0], plain[0], rtol=1e-12)
        assert out[1] == plain[1]
        np.testing.assert_allclose(out[2], plain[2], atol=1e-9)


@pytest.mark.parametrize("method", ["lar", "lasso"])
def test_alpha_min_ends_on_the_path(method):
    from sklearn.linear_model import lars_path as sk_lars_path

    X, y = _centred_diabetes()
    full = lars_path(X, y, method=method)
    alpha_min = 0.5 * (full[0][3] + full[0][4])
    alphas, active, coefs = lars_path(X, y, method=method, alpha_min=alpha_min)
    assert alphas[-1] == alpha_min and alphas.size == 5
    ref = sk_lars_path(X, y, method=method, alpha_min=alpha_min)
    np.testing.assert_allclose(alphas, ref[0], rtol=1e-12)
    np.testing.assert_allclose(coefs, ref[2], atol=1e-8)
    # the last knot is the path's point at alpha_min (linear between knots)
    np.testing.assert_allclose(coefs[:, -1], 0.5 * (full[2][:, 3] + full[2][:, 4]), atol=1e-8)


def test_positive_path_satisfies_the_constrained_kkt_conditions():
    X, y = _centred_diabetes()
    n = X.shape[0]
    alphas, _, coefs = lars_path(X, y, method="lasso", positive=True)
    assert coefs.min() >= 0.0
    for k, alpha in enumerate(alphas):
        w = coefs[:, k]
        c = X.T @ (y - X @ w) / n
        # w >= 0 lasso: c_j = alpha where w_j > 0, c_j <= alpha where w_j = 0
        np.testing.assert_allclose(c[w > 0], alpha, atol=1e-8 * max(alpha, 1.0))
        assert np.all(c[w == 0] <= alpha + 1e-8)
    with pytest.raises(ValueError, match="Positive constraint not supported for 'lar'"):
        lars_path(X, y, method="lar", positive=True)


def test_return_path_false_and_n_iter():
    X, y = _centred_diabetes()
    alphas, active, coefs, n_iter = lars_path(X, y, method="lasso", return_n_iter=True)
    alpha, active_last, coef = lars_path(X, y, method="lasso", return_path=False)
    assert alpha == alphas[-1] and active_last == active
    np.testing.assert_array_equal(coef, coefs[:, -1])
    assert n_iter == alphas.size - 1


def test_precomputed_input_errors():
    X, y = _centred_diabetes()
    with pytest.raises(ValueError, match="X and Gram cannot both be unspecified"):
        lars_path(None, y, Xy=X.T @ y)
    with pytest.raises(ValueError, match="Xy .* must be given"):
        lars_path(None, y, Gram=X.T @ X)
    with pytest.raises(ValueError, match="Gram must have shape"):
        lars_path(X, y, Gram=np.eye(3))
