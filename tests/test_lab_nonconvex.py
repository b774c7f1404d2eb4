"""The non-convex lab: exhaustive best subset against brute reasoning, warm-started paths,
CV along a path."""

import numpy as np
import pytest

import regkit
from regkit.course.labs import nonconvex as nc


def test_best_subset_counts_and_finds_the_true_pair():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((60, 8))
    y = 2 * X[:, 2] - 1.5 * X[:, 5] + 0.1 * rng.standard_normal(60)
    best, n_fits = nc.best_subset(X, y)
    assert n_fits == 2 ** 8 - 1
    assert best[2][1] == (2, 5)
    rss = [best[k][0] for k in range(1, 9)]
    assert all(a >= b - 1e-9 for a, b in zip(rss, rss[1:]))  # nested optimum never worsens
    full = np.linalg.lstsq(X, y, rcond=None)[0]
    assert best[8][0] == pytest.approx(float(np.sum((y - X @ full) ** 2)))
    assert nc.best_subset(X, y, max_size=2)[1] == 8 + 28


def test_penalty_path_matches_single_fits_and_lasso():
    rng = np.random.default_rng(1)
    X, y = nc.standardize(rng.standard_normal((80, 10)), rng.standard_normal(80))
    y = y + 2 * X[:, 0]
    am = regkit.alpha_max(X, y)
    alphas = np.geomspace(am, 0.05 * am, 6)
    lasso = nc.penalty_path(X, y, alphas, "lasso")
    np.testing.assert_allclose(lasso[:, -1], regkit.lasso(X, y, alphas[-1], tol=1e-12),
                               atol=1e-5)
    mcp = nc.penalty_path(X, y, alphas, "mcp")
    assert not np.any(mcp[:, 0])  # alpha_max: zero
    # MCP shrinks the strong coefficient less than the lasso
    assert abs(mcp[0, -1]) > abs(lasso[0, -1])
    with pytest.raises(ValueError, match="kind"):
        nc.penalty_path(X, y, alphas, "l0")


def test_cv_penalty_path_returns_the_minimum():
    rng = np.random.default_rng(2)
    X = 3.0 * rng.standard_normal((90, 12))
    y = X[:, 0] - X[:, 1] + rng.standard_normal(90)
    Xs, ys = nc.standardize(X, y)
    am = regkit.alpha_max(Xs, ys)
    alphas = np.geomspace(am, 0.01 * am, 15)
    r = nc.cv_penalty_path(X, y, alphas, "scad")
    assert r["alpha"] == alphas[np.argmin(r["cv_mse"])]
    np.testing.assert_allclose(r["coef"][:2], [1.0, -1.0], atol=0.15)  # on the scale of X
