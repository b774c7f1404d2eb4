"""regkit.course.labs.geometry: constrained least squares over L1, L2 and Lq balls.

The constrained solvers are checked against independent routes to the same answer: the
penalized solvers (regkit and scikit-learn) at the multiplier read off the KKT conditions,
the exact 2-D vertex/edge enumeration, closed forms for orthonormal designs and for the
bridge thresholding function, and brute-force searches along the ball's boundary.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import regkit
from regkit.course.labs import geometry as g


def _problem(n, p, seed, rho=0.0):
    rng = np.random.default_rng(seed)
    X = np.sqrt(rho) * rng.standard_normal((n, 1)) + np.sqrt(1 - rho) * rng.standard_normal((n, p))
    y = X @ rng.standard_normal(p) + rng.standard_normal(n)
    return X, y


# --- the L1 ball ----------------------------------------------------------------------------

@settings(max_examples=60, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), p=st.integers(1, 12), t=st.floats(0.01, 5.0))
def test_projection_onto_l1_ball_satisfies_the_variational_inequality(seed, p, t):
    v = 3.0 * np.random.default_rng(seed).standard_normal(p)
    w = g.project_l1_ball(v, t)
    assert np.abs(w).sum() <= t * (1 + 1e-12)
    if np.abs(v).sum() <= t:
        np.testing.assert_array_equal(w, v)
        return
    assert np.abs(w).sum() == pytest.approx(t, rel=1e-12)
    # w is the projection iff <v - w, u - w> <= 0 for every u in the ball; the maximum over
    # the ball of the linear function is attained at a vertex +-t e_j
    r = v - w
    assert t * np.abs(r).max() <= r @ w + 1e-10 * (1 + np.abs(v).max())


def test_l1_constrained_equals_penalized_lasso_at_the_kkt_alpha():
    from sklearn.linear_model import Lasso

    for n, p, seed in [(60, 8, 0), (100, 30, 1), (30, 60, 2)]:
        X, y = _problem(n, p, seed, rho=0.3)
        w_ls = np.linalg.lstsq(X, y, rcond=None)[0]
        for frac in (0.1, 0.4, 0.8):
            t = frac * (np.abs(w_ls).sum() if n > p else 4.0)
            w = g.l1_constrained(X, y, t)
            assert np.abs(w).sum() == pytest.approx(t, rel=1e-10)
            assert g.l1_ball_gap(X, y, w, t) <= 1e-9 * (y @ y)
            alpha = g.lasso_alpha_from_kkt(X, y, w)
            mine = regkit.lasso(X, y, alpha, tol=1e-14, max_iter=200_000)
            ref = Lasso(alpha=alpha, fit_intercept=False, tol=1e-14, max_iter=200_000)
            ref = ref.fit(X, y).coef_
            np.testing.assert_allclose(w, mine, atol=1e-8)
            np.testing.assert_allclose(w, ref, atol=1e-8)
            np.testing.assert_array_equal(w == 0, mine == 0)


def test_l1_constrained_alpha_decreases_as_the_budget_grows():
    X, y = _problem(80, 10, 3)
    w_ls = np.linalg.lstsq(X, y, rcond=None)[0]
    ts = np.linspace(0.05, 0.95, 10) * np.abs(w_ls).sum()
    alphas = [g.lasso_alpha_from_kkt(X, y, g.l1_constrained(X, y, t)) for t in ts]
    assert np.all(np.diff(alphas) < 0)
    assert alphas[0] < regkit.alpha_max(X, y)


def test_l1_constrained_with_orthonormal_design_is_the_projection_of_least_squares():
    rng = np.random.default_rng(4)
    Q, _ = np.linalg.qr(rng.standard_normal((40, 6)))
    y = rng.standard_normal(40)
    # ||y - Qw||^2 = ||w - Q^T y||^2 + const: the constrained solution is a Euclidean projection
    for t in (0.2, 0.7, 1.5):
        np.testing.assert_allclose(g.l1_constrained(Q, y, t), g.project_l1_ball(Q.T @ y, t),
                                   atol=1e-12)


def test_l1_constrained_inactive_budget_returns_least_squares_and_zero_budget_zeros():
    X, y = _problem(50, 4, 5)
    w_ls = np.linalg.lstsq(X, y, rcond=None)[0]
    np.testing.assert_allclose(g.l1_constrained(X, y, 2 * np.abs(w_ls).sum()), w_ls, atol=1e-12)
    np.testing.assert_array_equal(g.l1_constrained(X, y, 0.0), np.zeros(4))


def test_l1_constrained_in_two_dimensions_matches_vertex_edge_enumeration():
    for seed in range(5):
        X, y = _problem(40, 2, 10 + seed, rho=0.6)
        A, c = X.T @ X, np.linalg.lstsq(X, y, rcond=None)[0]
        for t in (0.2, 0.5, 1.0):
            w = g.l1_constrained(X, y, t)
            exact = g.l1_ball_2d(A, c, t)
            np.testing.assert_allclose(w, exact, atol=1e-10)
            np.testing.assert_array_equal(w == 0, exact == 0)


# --- the L2 ball ----------------------------------------------------------------------------

def test_l2_constrained_is_ridge_at_the_root_multiplier():
    for n, p, seed in [(60, 8, 0), (20, 40, 1)]:
        X, y = _problem(n, p, seed)
        for t in (0.1, 0.5, 1.0):
            w, alpha = g.l2_constrained(X, y, t, return_alpha=True)
            assert np.linalg.norm(w) == pytest.approx(t, rel=1e-10)
            np.testing.assert_allclose(w, regkit.ridge(X, y, alpha), atol=1e-10)
            assert g.ridge_alpha_from_kkt(X, y, w) == pytest.approx(alpha, rel=1e-8)
    X, y = _problem(60, 3, 2)
    w_ls = np.linalg.lstsq(X, y, rcond=None)[0]
    w, alpha = g.l2_constrained(X, y, 2 * np.linalg.norm(w_ls), return_alpha=True)
    np.testing.assert_allclose(w, w_ls, atol=1e-12)
    assert alpha == 0.0


# --- two dimensions, any q ------------------------------------------------------------------

def _brute_force(A, c, t, q, n=400_001):
    pts = g.lq_unit_ball(q, t, n_points=n)
    return pts[np.argmin(g.quadratic_loss(pts, A, c))]


@pytest.mark.parametrize("q", [0.5, 0.75, 1.5, 2.0, 4.0])
def test_lq_ball_2d_beats_a_dense_boundary_search(q):
    rng = np.random.default_rng(int(10 * q))
    for _ in range(6):
        A = g.ellipse_quadratic(rng.uniform(0, 180), rng.uniform(1, 6))
        c = 2.5 * rng.standard_normal(2)
        t = 0.6 * np.abs(c).sum()
        w = g.lq_ball_2d(A, c, t, q)
        assert g.lq_norm(w, q) <= t * (1 + 1e-12)
        best = g.quadratic_loss(_brute_force(A, c, t, q), A, c)
        assert g.quadratic_loss(w, A, c) <= best * (1 + 1e-12)


def test_lq_ball_2d_at_q2_is_the_l2_constrained_solution():
    X, y = _problem(40, 2, 7, rho=0.5)
    A, c = X.T @ X, np.linalg.lstsq(X, y, rcond=None)[0]
    for t in (0.3, 0.9):
        np.testing.assert_allclose(g.lq_ball_2d(A, c, t, 2.0), g.l2_constrained(X, y, t), atol=1e-6)


def test_boundary_search_at_q1_agrees_with_the_exact_diamond_solver():
    A = g.ellipse_quadratic(30, 3)
    c = g.random_centres(3000, seed=1)
    t = 0.5 * np.abs(c).sum(axis=1)
    # scale every problem to t = 1, as corner_fraction_2d does
    search = g._boundary_search(A, c / t[:, None], 1.0, 1.0, 2048, 6)
    exact = g.l1_ball_2d(A, c / t[:, None], 1.0)
    np.testing.assert_array_equal(search == 0, exact == 0)
    np.testing.assert_allclose(search, exact, atol=1e-6)


def test_circle_loss_corner_rule_and_probability():
    c = g.random_centres(4000, seed=2)
    t = 0.5 * np.abs(c).sum(axis=1)
    w = g.l1_ball_2d(np.eye(2), c / t[:, None], 1.0)
    corner = np.any(w == 0, axis=1)
    # the projection of c onto the diamond is a vertex iff ||c_1| - |c_2|| >= t
    np.testing.assert_array_equal(corner, np.abs(np.abs(c[:, 0]) - np.abs(c[:, 1])) >= t)
    for s in (0.25, 0.5, 0.75):
        p = 1 - 4 / np.pi * np.arctan(s)
        frac = g.corner_fraction_2d(0.0, 1.0, budget=s, n_trials=20_000, seed=3)
        assert abs(frac - p) <= 4 * np.sqrt(p * (1 - p) / 20_000)


def test_diagonal_ellipses_hit_corners_exactly_as_often_as_circles():
    # A with eigenvectors (1, 1) and (1, -1) maps the vertices' normal cones onto themselves
    ref = g.corner_fraction_2d(45.0, 1.0, n_trials=5000, seed=4)
    for aspect in (2.0, 8.0):
        assert g.corner_fraction_2d(45.0, aspect, n_trials=5000, seed=4) == ref
        assert g.corner_fraction_2d(135.0, aspect, n_trials=5000, seed=4) == ref
    assert g.corner_fraction_2d(20.0, 8.0, n_trials=5000, seed=4) > ref + 0.05


def test_smooth_balls_never_give_zeros_and_spiky_ones_do():
    for q in (1.5, 2.0, 4.0):
        assert g.corner_fraction_2d(20.0, 3.0, q=q, n_trials=2000) == 0.0
    fractions = [g.corner_fraction_2d(20.0, 3.0, q=q, n_trials=2000) for q in (1.0, 0.75, 0.5)]
    assert 0.0 < fractions[0] <= fractions[1] <= fractions[2]


def test_lq_unit_ball_lies_on_the_sphere_and_passes_through_the_corners():
    for q in (0.5, 1.0, 2.0, 4.0):
        pts = g.lq_unit_ball(q, 1.5, n_points=401)
        np.testing.assert_allclose(g.lq_norm(pts, q), 1.5, rtol=1e-12)
        for corner in ([1.5, 0.0], [0.0, 1.5], [-1.5, 0.0], [0.0, -1.5]):
            assert np.any(np.all(pts == corner, axis=1))


# --- one dimension: bridge thresholding -----------------------------------------------------

def test_bridge_threshold_closed_forms():
    z = np.linspace(-4, 4, 81)
    np.testing.assert_allclose(g.bridge_threshold(z, 0.7, 1.0), regkit.soft_threshold(z, 0.7),
                               atol=0)
    np.testing.assert_allclose(g.bridge_threshold(z, 0.7, 2.0), z / (1 + 2 * 0.7), rtol=1e-12)


@pytest.mark.parametrize("q", [0.3, 0.5, 0.8])
def test_bridge_threshold_jumps_at_the_analytic_threshold_for_q_below_one(q):
    alpha = 0.9
    # at the jump, w > 0 is stationary and ties with w = 0 (see the chapter for the algebra)
    w_bar = (2 * alpha * (1 - q)) ** (1 / (2 - q))
    tau = w_bar + alpha * q * w_bar ** (q - 1)
    below, above = g.bridge_threshold(np.array([tau * (1 - 1e-6), tau * (1 + 1e-6)]), alpha, q)
    assert below == 0.0
    assert above == pytest.approx(w_bar, rel=1e-2)


@pytest.mark.parametrize("q", [0.3, 0.5, 0.8, 1.5, 3.0])
def test_bridge_threshold_minimises_the_objective(q):
    alpha = 0.6
    z = np.linspace(-3, 3, 31)
    w = g.bridge_threshold(z, alpha, q)
    grid = np.linspace(-3.5, 3.5, 700_001)
    for zi, wi in zip(z, w):
        obj = 0.5 * (zi - wi) ** 2 + alpha * abs(wi) ** q
        brute = np.min(0.5 * (zi - grid) ** 2 + alpha * np.abs(grid) ** q)
        assert obj <= brute + 1e-12


# --- the simulation -------------------------------------------------------------------------

def test_sparsity_simulation_l2_never_zero_l1_often():
    res = g.sparsity_simulation(8, n_trials=30, seed=1)
    assert np.all(res["l2_zeros"] == 0)
    assert np.all(res["l2_min_ratio"] > 0)
    assert np.all(res["l1_zeros"] <= 7)  # t > 0 keeps at least one coefficient
    assert np.mean(res["l1_zeros"] > 0) > 0.5


# --- bad input ------------------------------------------------------------------------------

@pytest.mark.parametrize("call, word", [
    (lambda: g.project_l1_ball([1.0, 2.0], -1.0), "t"),
    (lambda: g.project_l1_ball([[1.0]], 1.0), "v"),
    (lambda: g.l1_constrained(np.ones((3, 2)), np.ones(3), -0.5), "t"),
    (lambda: g.l1_constrained(np.ones((3, 2)), np.array([1.0, np.nan, 0.0]), 1.0), "y"),
    (lambda: g.l2_constrained(np.ones((3, 2)), np.ones(4), 1.0), "mismatched"),
    (lambda: g.lq_ball_2d(np.eye(2), [1.0, 1.0], 1.0, 0.0), "q"),
    (lambda: g.lq_ball_2d(np.array([[1.0, 2.0], [2.0, 1.0]]), [1.0, 1.0], 1.0, 2.0),
     "positive definite"),
    (lambda: g.l1_ball_2d(np.eye(2), [1.0, 1.0, 1.0], 1.0), "c"),
    (lambda: g.l1_ball_2d(np.eye(3), [1.0, 1.0], 1.0), "A"),
    (lambda: g.l1_ball_2d(np.eye(2), [1.0, 1.0], 0.0), "t"),
    (lambda: g.ellipse_quadratic(10.0, 0.5), "aspect"),
    (lambda: g.bridge_threshold([1.0], -1.0, 0.5), "alpha"),
    (lambda: g.corner_fraction_2d(0.0, 1.0, budget=1.0), "budget"),
    (lambda: g.ridge_alpha_from_kkt(np.eye(2), np.ones(2), np.zeros(2)), "coef"),
    (lambda: g.sparsity_simulation(0), "p"),
    (lambda: g.sparsity_simulation(10, n_samples=10), "n_samples"),
])
def test_bad_input_raises_value_error_naming_the_problem(call, word):
    with pytest.raises(ValueError, match=word):
        call()
