"""SCAD and MCP: thresholding rules against their closed forms and a brute-force 1-D
minimisation, coordinate descent's stationary points (KKT, coordinatewise optimality),
the orthogonal-design solution, and bad input."""

import numpy as np
import pytest

import regkit
from regkit.penalties import MCP, SCAD
from regkit.solvers import _cd_kernels
from regkit.solvers._cd_kernels import threshold_nonconvex

PENALTIES = [MCP(0.7, 3.0), MCP(0.4, 1.5), SCAD(0.7, 3.7), SCAD(0.3, 2.5)]


def _pen_fast(pen, t):
    a, g = pen.alpha, pen.gamma
    if isinstance(pen, MCP):
        return np.where(t <= g * a, a * t - t * t / (2 * g), 0.5 * g * a * a)
    mid = (2 * g * a * t - t * t - a * a) / (2 * (g - 1))
    return np.where(t <= a, a * t, np.where(t <= g * a, mid, 0.5 * a * a * (g + 1)))


def test_value_matches_elementwise_formula():
    w = np.linspace(-4, 4, 41)
    for pen in PENALTIES:
        assert pen.value(w) == pytest.approx(np.sum(_pen_fast(pen, np.abs(w))), rel=1e-12)
        # continuous at the knots alpha and gamma * alpha
        for knot in (pen.alpha, pen.gamma * pen.alpha):
            assert pen.value([knot - 1e-9]) == pytest.approx(pen.value([knot + 1e-9]), abs=1e-8)


def test_threshold_closed_forms_on_unit_curvature():
    z = np.linspace(-5, 5, 1001)
    a, g = 0.7, 3.0
    firm = np.where(np.abs(z) <= a, 0.0,
                    np.where(np.abs(z) <= g * a, np.sign(z) * (np.abs(z) - a) * g / (g - 1), z))
    np.testing.assert_allclose(MCP(a, g).threshold(z), firm, atol=1e-12)
    g = 3.7  # Fan and Li (2001), eq. (2.8)
    fan_li = np.where(np.abs(z) <= 2 * a, np.sign(z) * np.maximum(np.abs(z) - a, 0),
                      np.where(np.abs(z) <= g * a, ((g - 1) * z - np.sign(z) * g * a) / (g - 2), z))
    np.testing.assert_allclose(SCAD(a, g).threshold(z), fan_li, atol=1e-12)


@pytest.mark.parametrize("pen", PENALTIES, ids=repr)
@pytest.mark.parametrize("v", [1.0, 0.8, 2.5])
def test_threshold_is_the_1d_minimiser(pen, v):
    if v <= pen.min_curvature():
        pytest.skip("the 1-D problem is not convex at this curvature (checked below)")
    for z in [-4.1, -2.0, -0.9, -0.3, 0.0, 0.5, 0.75, 1.3, 2.2, 3.0, 6.0]:
        grid = np.linspace(-8, 8, 160_001)
        vals = 0.5 * v * grid ** 2 - z * grid + _pen_fast(pen, np.abs(grid))
        w0 = grid[np.argmin(vals)]
        fine = np.linspace(w0 - 2e-4, w0 + 2e-4, 40_001)
        best = fine[np.argmin(0.5 * v * fine ** 2 - z * fine + _pen_fast(pen, np.abs(fine)))]
        got = float(pen.threshold(z, v))
        assert got == pytest.approx(best, abs=1e-6), (z, got, best)
        assert threshold_nonconvex(z, v, pen.alpha, pen.gamma,
                               _cd_kernels.MCP if pen.cd_step == "mcp" else _cd_kernels.SCAD) == \
            pytest.approx(got, abs=1e-14)


def test_prox_is_threshold_at_curvature_one_over_step():
    z = np.linspace(-3, 3, 61)
    for pen in PENALTIES:
        step = 0.5
        np.testing.assert_allclose(pen.prox(z, step), pen.threshold(z / step, 1 / step))


def _standardized(n=200, p=30, rho=0.5, seed=0):
    X, y, w = regkit.datasets.make_correlated_regression(n, p, rho=rho, n_informative=5,
                                                         noise=1.0, seed=seed)
    X = X - X.mean(axis=0)
    X /= np.sqrt(np.mean(X ** 2, axis=0))
    return X, y - y.mean(), w


@pytest.mark.parametrize("fit,pen_cls", [(regkit.scad, SCAD), (regkit.mcp, MCP)])
def test_cd_reaches_a_coordinatewise_minimum(fit, pen_cls):
    X, y, _ = _standardized()
    n = X.shape[0]
    alpha = 0.1 * regkit.alpha_max(X, y)
    coef = fit(X, y, alpha, tol=1e-10)
    pen = pen_cls(alpha)
    grad = -X.T @ (y - X @ coef) / n
    assert np.max(pen.subdiff_distance(coef, grad)) < 1e-8 * np.abs(X.T @ y).max() / n * 10
    # no single-coordinate move (brute force over a grid around each coordinate) lowers it
    def objective(w):
        r = y - X @ w
        return 0.5 * r @ r / n + pen.value(w)
    base = objective(coef)
    for j in range(X.shape[1]):
        for step in np.linspace(-1, 1, 41):
            w = coef.copy()
            w[j] += step
            assert objective(w) >= base - 1e-12
    assert 0 < np.sum(coef != 0) < X.shape[1]


def test_orthogonal_design_solution_is_the_threshold():
    rng = np.random.default_rng(3)
    n, p = 100, 8
    Q, _ = np.linalg.qr(rng.standard_normal((n, p)))
    X = np.sqrt(n) * Q  # X^T X / n = I
    w = np.array([3.0, -2.0, 1.0, 0.5, 0.2, 0.0, 0.0, -4.0])
    y = X @ w + 0.3 * rng.standard_normal(n)
    z = X.T @ y / n
    for fit, pen in ((regkit.scad, SCAD(0.4)), (regkit.mcp, MCP(0.4))):
        np.testing.assert_allclose(fit(X, y, 0.4, tol=1e-12), pen.threshold(z), atol=1e-10)
    # unbiased on large coefficients (equal to least squares), the lasso is not
    big = np.abs(z) > 3.7 * 0.4
    np.testing.assert_allclose(regkit.scad(X, y, 0.4, tol=1e-12)[big], z[big], atol=1e-10)
    lasso = regkit.lasso(X, y, 0.4, tol=1e-12)
    np.testing.assert_allclose(np.abs(z[big]) - np.abs(lasso[big]), 0.4, atol=1e-8)


def test_large_gamma_mcp_is_the_lasso():
    X, y, _ = _standardized(seed=1)
    alpha = 0.2 * regkit.alpha_max(X, y)
    np.testing.assert_allclose(regkit.mcp(X, y, alpha, gamma=1e8, tol=1e-12),
                               regkit.lasso(X, y, alpha, tol=1e-12), atol=1e-6)


def test_alpha_max_gives_zero_and_below_does_not():
    X, y, _ = _standardized(seed=2)
    a_max = SCAD(1.0).alpha_max(X, y)
    assert a_max == pytest.approx(regkit.alpha_max(X, y))
    for fit in (regkit.scad, regkit.mcp):
        assert not np.any(fit(X, y, a_max))
        assert np.any(fit(X, y, 0.95 * a_max))


def test_bad_input():
    X, y, _ = _standardized(seed=4)
    with pytest.raises(ValueError, match="gamma"):
        SCAD(0.1, gamma=2.0)
    with pytest.raises(ValueError, match="gamma"):
        MCP(0.1, gamma=0.5)
    with pytest.raises(ValueError, match="alpha"):
        regkit.mcp(X, y, -1.0)
    # columns too small for the concavity: the coordinate problem would not be convex
    with pytest.raises(ValueError, match="gamma=3.0 is too small"):
        regkit.mcp(0.3 * X, y, 0.01)
    with pytest.raises(NotImplementedError, match="no duality gap"):
        MCP(0.1).dual_norm(np.ones(3))
    with pytest.raises(ValueError, match="y"):
        regkit.scad(X, y[:-1], 0.1)


def test_nonconvergence_warns_with_the_kkt_violation():
    X, y, _ = _standardized(seed=5)
    with pytest.warns(regkit.ConvergenceWarning, match="KKT violation"):
        regkit.mcp(X, y, 0.01 * regkit.alpha_max(X, y), tol=1e-14, max_iter=2)
