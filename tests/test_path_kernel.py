"""The compiled path kernel (working sets, Gram updates, Anderson steps) against references.

Every branch of enet_path_cd is forced explicitly (Gram on and off, tiny working sets that
must grow, cold and warm starts, skipped alphas) and each column is checked three ways: its
duality gap against the target, its KKT violation, and its coefficients against scikit-learn
solved to a much tighter tolerance.
"""

import numpy as np
import pytest
import sklearn.linear_model as sklm

from regkit.datasets import load_diabetes, make_correlated_regression
from regkit.certificates import alpha_max, duality_gap, kkt_violation
from regkit.paths import alpha_grid
from regkit.solvers.coordinate_descent import Design, enet_path_cd


def _problems():
    X1, y1, _ = make_correlated_regression(150, 40, rho=0.7, n_informative=6, seed=3)
    X2, y2, _ = make_correlated_regression(40, 300, rho=0.5, n_informative=8, seed=4)
    X3, y3, _ = load_diabetes()
    return {"tall": (X1, y1), "wide": (X2, y2), "diabetes": (X3, y3 - y3.mean())}


PROBLEMS = _problems()


def _reference(X, y, alphas, l1_ratio):
    _, coefs, _ = sklm.enet_path(X, y, l1_ratio=l1_ratio, alphas=alphas, tol=1e-12, max_iter=100_000)
    return coefs


@pytest.mark.parametrize("name", sorted(PROBLEMS))
@pytest.mark.parametrize("gram", [True, False])
@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
@pytest.mark.parametrize("ws_min", [1, 10])
def test_every_branch_reaches_the_gap_and_matches_sklearn(name, gram, l1_ratio, ws_min):
    X, y = PROBLEMS[name]
    alphas = alpha_grid(X, y, l1_ratio=l1_ratio, n_alphas=30, eps=1e-2)
    tol = 1e-10
    res = enet_path_cd(Design(X, y), alphas, l1_ratio, tol=tol, max_iter=10_000, gram=gram,
                       ws_min=ws_min)
    target = tol * (y @ y) / X.shape[0]
    assert res.target == pytest.approx(target)
    assert np.all(res.gaps <= target)
    ref = _reference(X, y, alphas, l1_ratio)
    scale = np.abs(ref).max()
    assert np.abs(res.coefs - ref).max() <= 1e-5 * scale
    for k, a in enumerate(alphas):
        # the reported gap is the real one, recomputed independently
        gap = duality_gap(X, y, res.coefs[:, k], a, l1_ratio)
        assert gap <= target * (1 + 1e-6) + 1e-14
        assert kkt_violation(X, y, res.coefs[:, k], a, l1_ratio) <= 1e-4 * a


def test_skipped_alphas_are_exact_zeros_and_the_rest_unaffected():
    X, y = PROBLEMS["tall"]
    top = alpha_max(X, y)
    alphas = np.array([2 * top, 1.0001 * top, 0.5 * top, 0.1 * top])
    skip = alphas >= top
    res = enet_path_cd(Design(X, y), alphas, 1.0, tol=1e-10, skip=skip)
    assert np.all(res.coefs[:, :2] == 0.0)
    full = enet_path_cd(Design(X, y), alphas[2:], 1.0, tol=1e-10)
    np.testing.assert_allclose(res.coefs[:, 2:], full.coefs, atol=1e-8)


def test_warm_start_changes_work_not_answer():
    X, y = PROBLEMS["wide"]
    alphas = alpha_grid(X, y, n_alphas=5, eps=0.05)[-1:]
    design = Design(X, y)
    cold = enet_path_cd(design, alphas, 1.0, tol=1e-10)
    warm = enet_path_cd(design, alphas, 1.0, tol=1e-10, coef_init=cold.coefs[:, 0])
    np.testing.assert_allclose(warm.coefs, cold.coefs, atol=1e-7)
    assert warm.n_iter[0] <= cold.n_iter[0]


def test_duplicated_and_zero_columns_stay_finite_and_optimal():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((60, 8))
    X = np.column_stack([X, X[:, 0], np.zeros(60)])
    y = X[:, :3] @ np.array([1.5, -1.0, 0.5]) + 0.1 * rng.standard_normal(60)
    alphas = alpha_grid(X, y, n_alphas=20, eps=1e-2)
    for gram in (True, False):
        res = enet_path_cd(Design(X, y), alphas, 1.0, tol=1e-10, gram=gram)
        assert np.all(np.isfinite(res.coefs))
        assert np.all(res.coefs[-1] == 0.0)  # the zero column never enters
        # the duplicate pair carries a unique total weight even though the split is not unique
        ref = _reference(X, y, alphas, 1.0)
        np.testing.assert_allclose(res.coefs[0] + res.coefs[8], ref[0] + ref[8], atol=1e-6)
