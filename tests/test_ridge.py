"""Ridge in closed form (regkit._ridge) against scikit-learn and brute force.

References used here are independent of the code under test: scikit-learn's
``Ridge(solver="svd")``, ``numpy.linalg.solve`` / ``lstsq`` on the normal
equations, explicit hat matrices and leave-one-out refits.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regkit.datasets import load_diabetes, make_correlated_regression
from regkit._ridge import ridge, ridge_df, ridge_gcv, ridge_loo, ridge_path

SOLVERS = ["auto", "cholesky", "svd", "dual"]
ALPHAS = [1e-3, 0.1, 1.0, 10.0, 1e3]


def _well_conditioned():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((100, 8))
    return X, X @ rng.standard_normal(8) + 0.5 * rng.standard_normal(100)


def _ar1():
    X, y, _ = make_correlated_regression(80, 30, rho=0.9, seed=1)
    return X, y


def _wide():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((30, 80))
    return X, rng.standard_normal(30)


def _diabetes():
    X, y, _ = load_diabetes()
    return X, y - y.mean()


DESIGNS = {"well_conditioned": _well_conditioned, "ar1_rho0.9": _ar1, "p_gt_n": _wide,
           "diabetes": _diabetes}


def _sklearn_ridge(X, y, alpha):
    from sklearn.linear_model import Ridge

    return Ridge(alpha=alpha, fit_intercept=False, solver="svd").fit(X, y).coef_


def _normal_equations(X, y, alpha):
    """Reference ridge without any SVD: primal or dual normal equations."""
    n, p = X.shape
    if p > n:
        return X.T @ np.linalg.solve(X @ X.T + alpha * np.eye(n), y)
    return np.linalg.solve(X.T @ X + alpha * np.eye(p), X.T @ y)


def _hat(X, alpha):
    if alpha == 0:
        return X @ np.linalg.pinv(X)
    return X @ np.linalg.solve(X.T @ X + alpha * np.eye(X.shape[1]), X.T)


def _rel_err(a, b):
    return np.max(np.abs(a - b)) / np.max(np.abs(b))


# --------------------------------------------------------------------------- ridge

@pytest.mark.parametrize("design", DESIGNS)
@pytest.mark.parametrize("solver", SOLVERS)
def test_ridge_matches_sklearn(design, solver):
    X, y = DESIGNS[design]()
    for alpha in ALPHAS:
        coef = ridge(X, y, alpha, solver=solver)
        ref = _sklearn_ridge(X, y, alpha)
        assert coef.shape == (X.shape[1],)
        assert _rel_err(coef, ref) < 1e-6, (design, solver, alpha)


@pytest.mark.parametrize("solver", SOLVERS)
def test_ridge_satisfies_normal_equations(solver):
    """Optimality: the gradient X^T (y - X w) - alpha w vanishes."""
    X, y = _ar1()
    alpha = 0.3
    coef = ridge(X, y, alpha, solver=solver)
    grad = X.T @ (y - X @ coef) - alpha * coef
    assert np.max(np.abs(grad)) < 1e-9 * np.max(np.abs(X.T @ y))


@settings(max_examples=30, deadline=None, derandomize=True)
@given(n=st.integers(1, 12), p=st.integers(1, 12), log_alpha=st.floats(-3, 3),
       seed=st.integers(0, 2**16), solver=st.sampled_from(SOLVERS))
def test_ridge_gradient_is_zero_property(n, p, log_alpha, seed, solver):
    rng = np.random.default_rng(seed)
    X, y = rng.standard_normal((n, p)), rng.standard_normal(n)
    alpha = 10.0 ** log_alpha
    coef = ridge(X, y, alpha, solver=solver)
    grad = X.T @ (y - X @ coef) - alpha * coef
    scale = np.linalg.norm(X, 2) * np.linalg.norm(y) + 1.0
    assert np.max(np.abs(grad)) < 1e-10 * scale


# --------------------------------------------------------------------------- alpha = 0

@pytest.mark.parametrize("design", ["rank_deficient", "p_gt_n", "full_rank"])
@pytest.mark.parametrize("solver", ["auto", "svd"])
def test_alpha_zero_is_minimum_norm_least_squares(design, solver):
    rng = np.random.default_rng(3)
    if design == "rank_deficient":
        X = rng.standard_normal((40, 5))
        X = np.column_stack([X, X[:, 0] + X[:, 1], 2 * X[:, 3]])  # rank 5 of 7 columns
    elif design == "p_gt_n":
        X = rng.standard_normal((10, 25))
    else:
        X = rng.standard_normal((40, 6))
    y = rng.standard_normal(X.shape[0])
    ref = np.linalg.lstsq(X, y, rcond=None)[0]
    assert _rel_err(ridge(X, y, 0.0, solver=solver), ref) < 1e-10
    assert _rel_err(ridge_path(X, y, [0.0])[:, 0], ref) < 1e-10


def test_alpha_zero_is_the_limit_of_small_alpha():
    rng = np.random.default_rng(4)
    X = rng.standard_normal((10, 25))
    y = rng.standard_normal(10)
    # the error of ridge vs its limit is O(alpha / d_min^2)
    assert _rel_err(ridge(X, y, 1e-9), ridge(X, y, 0.0)) < 1e-6


@pytest.mark.parametrize("solver", ["cholesky", "dual"])
def test_alpha_zero_with_a_normal_equations_solver_raises(solver):
    X, y = _well_conditioned()
    with pytest.raises(ValueError, match=rf"solver='{solver}'.*alpha > 0"):
        ridge(X, y, 0.0, solver=solver)


def test_cholesky_breakdown_raises_or_falls_back():
    """Exact duplicate columns: X^T X + 1e-300 I is singular in floating point."""
    X = np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]])
    y = np.array([1.0, 2.0, 2.5])
    with pytest.raises(ValueError, match=r"alpha=1e-300.*solver='cholesky'"):
        ridge(X, y, 1e-300, solver="cholesky")
    # "auto" falls back to the SVD, which gives the minimum-norm solution (shared weight)
    coef = ridge(X, y, 1e-300, solver="auto")
    assert _rel_err(coef, np.linalg.lstsq(X, y, rcond=None)[0]) < 1e-12


# --------------------------------------------------------------------------- special columns

# alpha = 0 only with the solvers that accept it (the others raise, tested above)
@pytest.mark.parametrize("solver, alpha", [(s, 0.5) for s in SOLVERS] + [("auto", 0.0), ("svd", 0.0)])
def test_zero_column_gets_exactly_zero(solver, alpha):
    X, y = _well_conditioned()
    Xz = np.insert(X, 3, 0.0, axis=1)
    coef = ridge(Xz, y, alpha, solver=solver)
    assert coef[3] == 0.0
    # the other coefficients are those of the problem without the column
    assert _rel_err(np.delete(coef, 3), ridge(X, y, alpha, solver="svd")) < 1e-10
    path = ridge_path(Xz, y, [0.0, alpha, 10.0])
    assert np.all(path[3] == 0.0)


def test_all_zero_design_gives_zero_coefficients():
    X = np.zeros((5, 3))
    y = np.arange(5.0)
    assert np.all(ridge(X, y, 1.0) == 0.0)
    assert np.all(ridge_path(X, y, [0.0, 1.0]) == 0.0)
    # H = 0: LOO residual is y itself, GCV is mean(y^2), df is 0
    assert np.allclose(ridge_loo(X, y, [0.0, 1.0]), np.mean(y ** 2))
    assert np.allclose(ridge_gcv(X, y, [0.0, 1.0]), np.mean(y ** 2))
    assert ridge_df(X, 1.0) == 0.0


@pytest.mark.parametrize("solver", ["auto", "svd", "cholesky", "dual"])
def test_duplicated_columns_share_the_weight(solver):
    """Copies get equal halves; together they act like one column with alpha / 2.

    With ``w_a + w_b = v`` the penalty ``alpha (w_a^2 + w_b^2)`` is smallest at
    ``w_a = w_b = v / 2``, where it equals ``(alpha / 2) v^2``.
    """
    X, y = _well_conditioned()
    alpha = 2.0
    Xd = np.column_stack([X, X[:, 1]])
    coef = ridge(Xd, y, alpha, solver=solver)
    assert abs(coef[1] - coef[-1]) < 1e-10 * abs(coef[1])
    # merging the copies gives the problem where only column 1's penalty is halved
    penalty = np.full(X.shape[1], alpha)
    penalty[1] = alpha / 2
    reduced = np.linalg.solve(X.T @ X + np.diag(penalty), X.T @ y)
    merged = coef[:-1].copy()
    merged[1] += coef[-1]
    assert _rel_err(merged, reduced) < 1e-10
    assert _rel_err(merged, ridge(X, y, alpha)) > 1e-6  # ... which is not plain ridge


def test_duplicated_columns_share_at_alpha_zero():
    X, y = _well_conditioned()
    Xd = np.column_stack([X, X[:, 1]])
    coef = ridge(Xd, y, 0.0)
    ols = np.linalg.lstsq(X, y, rcond=None)[0]
    assert abs(coef[1] - coef[-1]) < 1e-10 * abs(coef[1])
    assert abs(coef[1] + coef[-1] - ols[1]) < 1e-10 * abs(ols[1])


# --------------------------------------------------------------------------- path

@pytest.mark.parametrize("design", DESIGNS)
def test_ridge_path_matches_loop_of_ridge(design):
    X, y = DESIGNS[design]()
    alphas = np.array([1e3, 10.0, 0.5, 1e-2, 0.0])
    coefs = ridge_path(X, y, alphas)
    assert coefs.shape == (X.shape[1], alphas.size)
    for k, alpha in enumerate(alphas):
        assert _rel_err(coefs[:, k], ridge(X, y, alpha)) < 1e-9
        if alpha > 0:
            assert _rel_err(coefs[:, k], _normal_equations(X, y, alpha)) < 1e-8


def test_ridge_path_shrinks_the_norm_monotonically():
    X, y = _ar1()
    alphas = np.geomspace(1e4, 1e-3, 25)
    norms = np.linalg.norm(ridge_path(X, y, alphas), axis=0)
    assert np.all(np.diff(norms) > 0)  # smaller alpha, larger coefficients


# --------------------------------------------------------------------------- LOO / GCV

def _brute_force_loo(X, y, alpha):
    """Refit without row i, n times; alpha = 0 uses the minimum-norm least-squares refit."""
    errors = []
    for i in range(X.shape[0]):
        keep = np.arange(X.shape[0]) != i
        if alpha == 0:
            w = np.linalg.lstsq(X[keep], y[keep], rcond=None)[0]
        else:
            w = _normal_equations(X[keep], y[keep], alpha)
        errors.append(y[i] - X[i] @ w)
    return np.mean(np.square(errors))


@pytest.mark.parametrize("shape", [(40, 6), (15, 40), (12, 12)])
def test_ridge_loo_matches_brute_force_refits(shape):
    rng = np.random.default_rng(5)
    X = rng.standard_normal(shape)
    y = X @ rng.standard_normal(shape[1]) + rng.standard_normal(shape[0])
    alphas = np.array([0.0, 1e-4, 0.1, 1.0, 10.0, 1e3])
    loo = ridge_loo(X, y, alphas)
    brute = np.array([_brute_force_loo(X, y, a) for a in alphas])
    # (12, 12) at alpha = 0 interpolates: the leverage-one branch is exercised there too
    assert np.max(np.abs(loo - brute) / brute) < 1e-8


def test_ridge_loo_on_diabetes_matches_brute_force():
    X, y = _diabetes()
    alphas = np.array([0.0, 0.01, 1.0])
    loo = ridge_loo(X, y, alphas)
    brute = np.array([_brute_force_loo(X, y, a) for a in alphas])
    assert np.max(np.abs(loo - brute) / brute) < 1e-9


def test_ridge_loo_with_a_leverage_one_row():
    """A column that is non-zero in one row only gives that row H_ii = 1 at alpha = 0.

    The shortcut e_i / (1 - H_ii) is 0/0 there; the refit without row i makes
    that column all zeros, so its minimum-norm coefficient is 0.
    """
    rng = np.random.default_rng(6)
    X = rng.standard_normal((25, 4))
    spike = np.zeros(25)
    spike[7] = 3.0
    X = np.column_stack([X, spike])
    y = rng.standard_normal(25)
    alphas = np.array([0.0, 1e-6, 0.5])
    loo = ridge_loo(X, y, alphas)
    brute = np.array([_brute_force_loo(X, y, a) for a in alphas])
    assert np.all(np.isfinite(loo))
    assert np.max(np.abs(loo - brute) / brute) < 1e-7


def test_ridge_gcv_matches_hat_matrix_formula():
    for X, y in (_well_conditioned(), _ar1(), _wide(), _diabetes()):
        n = X.shape[0]
        alphas = np.array([1e-3, 0.1, 1.0, 100.0])
        expected = []
        for alpha in alphas:
            H = _hat(X, alpha)
            expected.append(np.mean((y - H @ y) ** 2) / (1 - np.trace(H) / n) ** 2)
        assert np.max(np.abs(ridge_gcv(X, y, alphas) / expected - 1)) < 1e-8


def test_ridge_gcv_at_alpha_zero():
    X, y = _well_conditioned()  # n > p: plain formula with H the projection
    H = _hat(X, 0.0)
    n = X.shape[0]
    expected = np.mean((y - H @ y) ** 2) / (1 - np.trace(H) / n) ** 2
    assert abs(ridge_gcv(X, y, [0.0])[0] / expected - 1) < 1e-10
    # p > n: the fit interpolates, the score at 0 is the limit alpha -> 0+
    X, y = _wide()
    g0, g_small = ridge_gcv(X, y, [0.0, 1e-7])
    assert np.isfinite(g0) and abs(g0 / g_small - 1) < 1e-5


def test_ridge_loo_is_at_least_the_training_error():
    X, y = _ar1()
    alphas = np.geomspace(1e-2, 1e3, 12)
    train = [np.mean((y - X @ w) ** 2) for w in ridge_path(X, y, alphas).T]
    assert np.all(ridge_loo(X, y, alphas) > train)


# --------------------------------------------------------------------------- degrees of freedom

@pytest.mark.parametrize("design", DESIGNS)
def test_ridge_df_matches_trace_of_hat_matrix(design):
    X, _ = DESIGNS[design]()
    for alpha in [1e-3, 0.3, 5.0, 200.0]:
        assert abs(ridge_df(X, alpha) - np.trace(_hat(X, alpha))) < 1e-9 * X.shape[1]
    assert ridge_df(X, 0.0) == pytest.approx(np.linalg.matrix_rank(X), abs=1e-12)


def test_ridge_df_decreases_from_rank_to_zero():
    rng = np.random.default_rng(7)
    X = rng.standard_normal((30, 6))
    X = np.column_stack([X, X[:, 0] - X[:, 2]])  # 7 columns, rank 6
    alphas = np.concatenate([[0.0], np.geomspace(1e-4, 1e8, 40)])
    df = ridge_df(X, alphas)
    assert isinstance(df, np.ndarray) and df.shape == alphas.shape
    assert df[0] == pytest.approx(6.0, abs=1e-12)  # rank, not p = 7
    assert np.all(np.diff(df) < 0)
    assert df[-1] < 1e-4
    assert isinstance(ridge_df(X, 1.0), float)


def test_ridge_df_p_greater_than_n_starts_at_n():
    X, _ = _wide()
    assert ridge_df(X, 0.0) == pytest.approx(X.shape[0], abs=1e-12)


# --------------------------------------------------------------------------- bad input

GOOD_X, GOOD_Y = np.arange(12.0).reshape(6, 2) % 5, np.arange(6.0)


def _bad_xy_cases():
    nan_X = GOOD_X.copy()
    nan_X[0, 0] = np.nan
    inf_y = GOOD_Y.copy()
    inf_y[2] = np.inf
    return [
        (nan_X, GOOD_Y, r"X contains NaN"),
        (GOOD_X, inf_y, r"y contains NaN or inf"),
        (GOOD_X[:, 0], GOOD_Y, r"X must be 2-D"),
        (GOOD_X, GOOD_Y[:4], r"mismatched lengths"),
        (np.empty((0, 2)), np.empty(0), r"X is empty"),
        (GOOD_X.astype(str), GOOD_Y, r"X must be numeric"),
        (GOOD_X, GOOD_Y.reshape(-1, 1), r"y must be 1-D"),
    ]


@pytest.mark.parametrize("X, y, message", _bad_xy_cases())
@pytest.mark.parametrize("call", [
    lambda X, y: ridge(X, y, 1.0),
    lambda X, y: ridge_path(X, y, [1.0]),
    lambda X, y: ridge_loo(X, y, [1.0]),
    lambda X, y: ridge_gcv(X, y, [1.0]),
], ids=["ridge", "ridge_path", "ridge_loo", "ridge_gcv"])
def test_bad_X_or_y_raises(call, X, y, message):
    with pytest.raises(ValueError, match=message):
        call(X, y)


@pytest.mark.parametrize("alpha", [-1.0, np.nan, np.inf, "1", None, True])
def test_bad_alpha_raises(alpha):
    with pytest.raises(ValueError, match="alpha"):
        ridge(GOOD_X, GOOD_Y, alpha)
    with pytest.raises(ValueError, match="alpha"):
        ridge_df(GOOD_X, alpha)


@pytest.mark.parametrize("alphas", [[1.0, -0.5], [np.nan], [], [[1.0]]])
@pytest.mark.parametrize("func", [ridge_path, ridge_loo, ridge_gcv])
def test_bad_alphas_raise(func, alphas):
    with pytest.raises(ValueError, match="alphas"):
        func(GOOD_X, GOOD_Y, alphas)


def test_bad_alphas_in_ridge_df_raise():
    with pytest.raises(ValueError, match="alpha must be non-negative"):
        ridge_df(GOOD_X, [1.0, -2.0])
    with pytest.raises(ValueError, match="X must be 2-D"):
        ridge_df(GOOD_Y, 1.0)


@pytest.mark.parametrize("solver", ["lsqr", "Cholesky", None, ""])
def test_unknown_solver_lists_the_valid_ones(solver):
    with pytest.raises(ValueError, match=r"solver must be one of 'auto', 'cholesky', 'svd', 'dual'"):
        ridge(GOOD_X, GOOD_Y, 1.0, solver=solver)
