"""The beyond-linear chapter's small solvers, each checked against an independent reference."""

import numpy as np
import pytest
from scipy.optimize import minimize

from regkit.course.labs.beyond import (
    fused_lasso_signal,
    max_norm_regression,
    project_rows,
    soft_impute,
    svt,
    tv_denoise,
    tv_objective,
)


def _steps(n=60, seed=0):
    rng = np.random.default_rng(seed)
    truth = np.repeat([0.0, 2.0, -1.0, 1.0], n // 4)
    return truth + 0.5 * rng.standard_normal(truth.size)


# --- total variation / fused lasso ------------------------------------------------------

def test_tv_denoise_matches_bounded_dual_solved_by_lbfgsb():
    y = _steps(40)
    lam = 1.5
    x, gap = tv_denoise(y, lam, tol=1e-12, return_gap=True)

    def dual(u):
        r = y + np.diff(u, prepend=0.0, append=0.0)           # y - D^T u
        return 0.5 * r @ r, -np.diff(r)                        # value, gradient -D r

    ref = minimize(dual, np.zeros(y.size - 1), jac=True, method="L-BFGS-B",
                   bounds=[(-lam, lam)] * (y.size - 1), options={"ftol": 1e-15, "gtol": 1e-12})
    x_ref = y + np.diff(ref.x, prepend=0.0, append=0.0)
    assert gap <= 1e-12 * (y @ y)
    np.testing.assert_allclose(x, x_ref, atol=1e-5)
    assert tv_objective(y, x, lam) <= tv_objective(y, x_ref, lam) + 1e-9


def test_tv_denoise_is_piecewise_constant_and_constant_for_large_lambda():
    y = _steps(80, seed=3)
    x = tv_denoise(y, 4.0, tol=1e-12)
    n_levels = np.sum(np.abs(np.diff(x)) > 1e-6) + 1
    assert 4 <= n_levels <= 10                      # 80 noisy values -> a handful of levels
    # lambda_max = max |cumsum of (y - mean)|: beyond it the fit is the constant mean
    lam_max = np.abs(np.cumsum(y - y.mean())[:-1]).max()
    np.testing.assert_allclose(tv_denoise(y, 1.01 * lam_max, tol=1e-14), y.mean(), atol=1e-6)
    assert np.ptp(tv_denoise(y, 0.9 * lam_max, tol=1e-14)) > 1e-3


def test_fused_lasso_signal_beats_a_generic_minimizer():
    rng = np.random.default_rng(4)
    y = np.array([0.1, 0.2, 2.0, 2.2, 1.9, -0.1, -0.3, 0.05])
    lam1, lam2 = 0.3, 0.4
    x = fused_lasso_signal(y, lam1, lam2, tol=1e-14)

    def objective(z):
        return tv_objective(y, z, lam2) + lam1 * np.abs(z).sum()

    best = min((minimize(objective, y + 0.1 * rng.standard_normal(y.size), method="Powell",
                         options={"xtol": 1e-10, "ftol": 1e-14, "maxiter": 200_000})
                for _ in range(5)), key=lambda r: r.fun)
    assert objective(x) <= best.fun + 1e-9
    np.testing.assert_allclose(x, best.x, atol=1e-3)
    assert np.sum(x == 0) >= 2                      # the L1 part gives exact zeros


# --- nuclear norm ------------------------------------------------------------------------

def test_svt_satisfies_the_prox_optimality_conditions():
    rng = np.random.default_rng(5)
    M = rng.standard_normal((8, 6))
    tau = 1.2
    Z, rank = svt(M, tau)
    d = np.linalg.svd(M, compute_uv=False)
    assert rank == np.sum(d > tau)
    np.testing.assert_allclose(np.linalg.svd(Z, compute_uv=False)[:rank], d[:rank] - tau)
    # M - Z = tau * (U1 V1^T + W) with ||W||_2 <= 1: spectral norm of (M - Z) / tau is 1
    assert np.linalg.norm((M - Z) / tau, 2) <= 1 + 1e-10
    U, _, Vt = np.linalg.svd(Z)
    np.testing.assert_allclose(U[:, :rank].T @ (M - Z) @ Vt[:rank].T, tau * np.eye(rank), atol=1e-10)


def test_soft_impute_full_mask_is_svt_and_recovers_a_low_rank_matrix():
    rng = np.random.default_rng(6)
    M = rng.standard_normal((30, 2)) @ rng.standard_normal((2, 25))
    Z_full, r_full = soft_impute(M, np.ones(M.shape, bool), 0.5)
    Z_svt, r_svt = svt(M, 0.5)
    np.testing.assert_allclose(Z_full, Z_svt, atol=1e-10)
    assert r_full == r_svt == 2
    mask = rng.random(M.shape) < 0.6
    Z, rank = soft_impute(M, mask, 0.05, tol=1e-9, max_iter=5000)
    rel = np.linalg.norm((Z - M)[~mask]) / np.linalg.norm(M[~mask])
    assert rank == 2 and rel < 0.05


def test_soft_impute_rejects_bad_mask():
    with pytest.raises(ValueError, match="mask"):
        soft_impute(np.ones((3, 3)), np.ones((3, 2), bool), 0.1)
    with pytest.raises(ValueError, match="lam"):
        soft_impute(np.ones((3, 3)), np.ones((3, 3), bool), -1.0)


# --- max-norm ----------------------------------------------------------------------------

def test_project_rows_keeps_short_rows_and_shrinks_long_ones():
    W = np.array([[3.0, 4.0], [0.3, 0.4], [0.0, 0.0]])
    P = project_rows(W, 1.0)
    np.testing.assert_allclose(P, [[0.6, 0.8], [0.3, 0.4], [0.0, 0.0]])
    with pytest.raises(ValueError, match="c"):
        project_rows(W, 0.0)


def test_max_norm_regression_matches_a_constrained_solver():
    rng = np.random.default_rng(7)
    X = rng.standard_normal((50, 3))
    W_true = np.array([[3.0, -2.0, 1.0], [0.2, 0.1, -0.3]])
    Y = X @ W_true.T + 0.1 * rng.standard_normal((50, 2))
    c = 1.5
    W = max_norm_regression(X, Y, c, n_steps=5000)
    for k in range(2):
        ref = minimize(lambda w: 0.5 * np.mean((Y[:, k] - X @ w) ** 2), np.zeros(3), method="SLSQP",
                       constraints=[{"type": "ineq", "fun": lambda w: c ** 2 - w @ w}],
                       options={"ftol": 1e-14, "maxiter": 1000})
        np.testing.assert_allclose(W[k], ref.x, atol=1e-5)
    assert np.linalg.norm(W[0]) == pytest.approx(c)       # active: the long row sits on the ball
    assert np.linalg.norm(W[1]) < c - 0.5                  # inactive: the short row is least squares


def test_bad_inputs_raise_named_errors():
    with pytest.raises(ValueError, match="lam"):
        tv_denoise([1.0, 2.0, 3.0], -0.1)
    with pytest.raises(ValueError, match="y"):
        tv_denoise([1.0], 0.1)
    with pytest.raises(ValueError, match="tau"):
        svt(np.eye(2), -1.0)
    with pytest.raises(ValueError, match="mismatched"):
        max_norm_regression(np.ones((3, 2)), np.ones((4, 1)), 1.0)
