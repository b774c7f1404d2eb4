"""Fuzz suite: every public function and estimator on hostile but valid-looking input.

Hypothesis draws shapes (n = 1, p = 1, p > n), dtypes (float32/64, int, bool), scales
from 1e-150 to 1e150 for X and y independently, duplicated and all-zero columns, and
repeated or extreme alphas (from the smallest subnormal to 1e300, and multiples of
alpha_max). Each call must either

* return finite numbers that satisfy the problem's optimality conditions (duality gap
  or KKT violation for the lasso family, the normal equations for ridge), or
* raise ``ValueError`` / ``TypeError`` whose message names an argument,

and must never return NaN, hang (per-test timeout) or modify its inputs.

Derandomized (a fixed sequence of examples), so a failure reproduces on every run.
"""

import contextlib
import copy
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import regkit as rk
from regkit import bayes
from regkit.certificates import data_scales, penalty_duality_gap, rescale_penalty
from regkit.penalties import GroupL1

FUZZ = settings(derandomize=True, max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])
SCALES = [1e-150, 1e-60, 1e-8, 1.0, 1e8, 1e60, 1e150]
DTYPES = ["float64", "float32", "int", "bool"]
TOL = 1e-4


# ---------------------------------------------------------------- strategies
@st.composite
def problems(draw, max_n=7, max_p=7, min_n=1):
    """(X, y): shapes, dtypes, scales, duplicated and zero columns."""
    n = draw(st.integers(min_n, max_n))
    p = draw(st.integers(1, max_p))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    X = rng.standard_normal((n, p))
    y = X @ rng.standard_normal(p) + 0.5 * rng.standard_normal(n)
    if p > 1 and draw(st.booleans()):
        j, k = draw(st.integers(0, p - 1)), draw(st.integers(0, p - 1))
        X[:, j] = X[:, k]  # a duplicated column (or j == k: unchanged)
    if draw(st.booleans()):
        X[:, draw(st.integers(0, p - 1))] = 0.0
    if draw(st.integers(0, 9)) == 0:
        y = np.zeros(n)
    X = _as_dtype(X, draw(st.sampled_from(DTYPES)), draw(st.sampled_from(SCALES)))
    y = _as_dtype(y, draw(st.sampled_from(["float64", "float32", "int"])),
                  draw(st.sampled_from(SCALES)))
    return X, y


def _as_dtype(a, dtype, scale):
    if dtype == "int":
        return np.round(3 * a).astype(np.int64)
    if dtype == "bool":
        return a > 0
    if dtype == "float32":  # its range is 1e-38 to 3e38: extreme scales would give inf
        scale = min(max(scale, 1e-30), 1e30)
    return (a * scale).astype(dtype)


# alphas relative to alpha_max (their meaning does not depend on the data's units), and
# absolute extremes
REL_ALPHAS = [0.0, 1e-3, 0.1, 0.5, 1.0, 2.0, 1e3]
ABS_ALPHAS = [5e-324, 1e-300, 1e300]


@st.composite
def alphas_for(draw, X, y, l1_ratio=1.0):
    """One alpha: a multiple of alpha_max, or an extreme absolute value."""
    if draw(st.integers(0, 3)) == 0:
        return draw(st.sampled_from(ABS_ALPHAS))
    try:
        top = rk.alpha_max(X, y, l1_ratio)
    except ValueError:
        top = 1.0  # alpha_max itself overflows: any alpha is "small"
    if top == 0.0:
        top = 1.0
    with np.errstate(over="ignore"):
        alpha = min(draw(st.sampled_from(REL_ALPHAS)) * top, 1e300)
    return alpha


# ---------------------------------------------------------------- checks
ARG_WORDS = ("X", "y", "alpha", "l1_ratio", "groups", "weights", "prior", "noise", "seed",
             "coef", "w", "sample", "split", "class", "init", "gamma", "eps", "solver")


@contextlib.contextmanager
def unchanged(*inputs):
    """The inputs are not modified by the call inside the block."""
    before = copy.deepcopy(inputs)
    yield
    for old, new in zip(before, inputs):
        np.testing.assert_array_equal(np.asarray(new), np.asarray(old))


def call(fn, *args, **kwargs):
    """Run ``fn``: (result, converged) or (None, None) for a ValueError / TypeError naming
    an argument; inputs must not change and a result must hold no NaN."""
    with unchanged(*args), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            out = fn(*args, **kwargs)
        except (ValueError, TypeError) as exc:
            text = str(exc)
            assert any(_names(text, word) for word in ARG_WORDS), f"unclear error: {text!r}"
            return None, None
    converged = not any(issubclass(w.category, rk.ConvergenceWarning) for w in caught)
    for part in out if isinstance(out, tuple) else (out,):
        if isinstance(part, (list, np.ndarray, float, int, np.floating)):
            assert not np.any(np.isnan(np.asarray(part, dtype=float))), f"NaN from {fn}"
    return out, converged


def _names(text, word):
    import re

    return re.search(rf"(?<![A-Za-z_]){re.escape(word)}", text) is not None


def gap_target(y):
    y = np.asarray(y, dtype=float)
    return TOL * float(y @ y) / y.shape[0]


def assert_gap(X, y, coef, alpha, l1_ratio=1.0, weights=None):
    """The duality gap at ``coef`` meets the solver's own stopping rule (up to rounding)."""
    try:
        gap = rk.duality_gap(X, y, coef, alpha, l1_ratio, weights=weights)
    except ValueError as exc:
        assert "X and y" in str(exc)  # the gap itself is not representable
        return
    y64 = np.asarray(y, dtype=float)
    scale = float(np.max(np.abs(y64))) ** 2 if np.any(y64) else 0.0
    assert gap <= 1.01 * gap_target(y) + 1e-10 * scale, (gap, gap_target(y))


def assert_ridge_normal_equations(X, y, coef, alpha):
    """``(X^T X + alpha I) w = X^T y`` to a small backward error, checked on data scaled to
    O(1) (the residual of unscaled data near 1e150 overflows)."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    sx = np.max(np.abs(X)) or 1.0
    sy = np.max(np.abs(y)) or 1.0
    Xs, ys, ws = X / sx, y / sy, coef * (sx / sy)
    A = Xs.T @ Xs + (alpha / sx / sx) * np.eye(X.shape[1])
    if not np.all(np.isfinite(A)):
        return  # alpha / sx^2 overflows: w = 0 up to rounding
    residual = np.linalg.norm(A @ ws - Xs.T @ ys)
    # w itself is rounded to float64: an exact w below the smallest subnormal is 0
    quantum = 5e-324 * (sx / sy) * np.sqrt(X.shape[1])
    bound = (1e-8 * (np.linalg.norm(A, 2) * np.linalg.norm(ws) + np.linalg.norm(Xs.T @ ys))
             + np.linalg.norm(A, 2) * quantum)
    if not np.any(X):
        bound = 0.0
    assert residual <= bound + 1e-300, (residual, bound)


# ---------------------------------------------------------------- the lasso family
@pytest.mark.timeout(120)
@FUZZ
@given(data=st.data(), solver=st.sampled_from(["cd", "fista", "lars"]))
def test_lasso(data, solver):
    X, y = data.draw(problems())
    alpha = data.draw(alphas_for(X, y))
    coef, converged = call(rk.lasso, X, y, alpha, solver=solver, max_iter=None)
    if coef is not None and converged and solver != "lars":
        assert_gap(X, y, coef, alpha)
    if coef is not None and solver == "lars" and alpha > 0:
        assert_gap(X, y, coef, alpha)


@pytest.mark.timeout(120)
@FUZZ
@given(data=st.data(), l1_ratio=st.sampled_from([0.0, 1e-3, 0.5, 1.0]))
def test_elastic_net(data, l1_ratio):
    X, y = data.draw(problems())
    alpha = data.draw(alphas_for(X, y, max(l1_ratio, 1e-3)))
    coef, converged = call(rk.elastic_net, X, y, alpha, l1_ratio)
    if coef is not None and converged:
        assert_gap(X, y, coef, alpha, l1_ratio)


@pytest.mark.timeout(120)
@FUZZ
@given(data=st.data())
def test_group_lasso(data):
    X, y = data.draw(problems())
    p = X.shape[1]
    groups = data.draw(st.lists(st.integers(0, 2), min_size=p, max_size=p))
    alpha = data.draw(alphas_for(X, y))
    coef, converged = call(rk.group_lasso, X, y, groups, alpha)
    if coef is None or not converged:
        return
    # the gap on the exactly rescaled data, as regkit.duality_gap computes it
    X64, y64 = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    sx, sy = data_scales(X64, y64)
    gap = penalty_duality_gap(X64 / sx, y64 / sy, coef * (sx / sy),
                              rescale_penalty(GroupL1(alpha, groups), sx, sy))
    assert gap <= 1.01 * TOL * float((y64 / sy) @ (y64 / sy)) / len(y64) + 1e-10


@pytest.mark.timeout(120)
@FUZZ
@given(data=st.data())
def test_adaptive_lasso(data):
    X, y = data.draw(problems())
    alpha = data.draw(alphas_for(X, y))
    out, converged = call(rk.adaptive_lasso, X, y, alpha, return_weights=True)
    if out is not None and converged:
        coef, weights = out
        assert_gap(X, y, coef, alpha, weights=weights)


@pytest.mark.timeout(120)
@FUZZ
@given(data=st.data(), l1_ratio=st.sampled_from([0.0, 0.5, 1.0]), repeat=st.booleans())
def test_paths(data, l1_ratio, repeat):
    X, y = data.draw(problems())
    alphas = [data.draw(alphas_for(X, y, max(l1_ratio, 1e-3))) for _ in range(3)]
    if repeat:
        alphas = [alphas[0], alphas[0]] + alphas[1:]
    fn = rk.lasso_path if l1_ratio == 1.0 else rk.enet_path
    kwargs = {} if l1_ratio == 1.0 else {"l1_ratio": l1_ratio}
    out, converged = call(fn, X, y, alphas=alphas, **kwargs)
    if out is not None and converged:
        got_alphas, coefs, gaps = out
        assert np.all(np.diff(got_alphas) <= 0)
        assert np.all(np.isfinite(gaps))
        for k, alpha in enumerate(got_alphas):
            assert_gap(X, y, coefs[:, k], alpha, l1_ratio)
    if l1_ratio > 0:
        out, _ = call(fn, X, y, n_alphas=4, **kwargs)  # the default grid
        if out is not None:
            assert np.all(np.isfinite(out[0])) and np.all(np.isfinite(out[1]))


@pytest.mark.timeout(120)
@FUZZ
@given(data=st.data(), method=st.sampled_from(["lasso", "lar"]))
def test_lars_path(data, method):
    X, y = data.draw(problems())
    out, _ = call(rk.lars_path, X, y, method=method)
    if out is None:
        return
    alphas, active, coefs = out
    assert np.all(np.isfinite(alphas)) and np.all(np.isfinite(coefs))
    assert np.all(np.diff(alphas) < 0)
    if method == "lasso" and alphas[0] > 0:
        for k in range(len(alphas)):
            try:
                viol = rk.kkt_violation(X, y, coefs[:, k], alphas[k])
            except ValueError as exc:
                assert "X and y" in str(exc)
                continue
            assert viol <= 1e-6 * alphas[0], (k, viol, alphas[0])


@pytest.mark.timeout(120)
@FUZZ
@given(data=st.data(), l1_ratio=st.sampled_from([0.0, 0.3, 1.0]))
def test_certificates(data, l1_ratio):
    X, y = data.draw(problems())
    top, _ = call(rk.alpha_max, X, y, l1_ratio)
    if top is not None:
        assert top >= 0 and (np.isfinite(top) or l1_ratio == 0.0)
    if l1_ratio > 0:
        grid, _ = call(rk.alpha_grid, X, y, l1_ratio=l1_ratio, n_alphas=3)
        if grid is not None:
            assert np.all(np.isfinite(grid)) and np.all(grid > 0)
    alpha = data.draw(alphas_for(X, y, max(l1_ratio, 1e-3)))
    coef = np.zeros(X.shape[1])
    gap, _ = call(rk.duality_gap, X, y, coef, alpha, l1_ratio)
    viol, _ = call(rk.kkt_violation, X, y, coef, alpha, l1_ratio)
    for value in (gap, viol):
        assert value is None or (np.isfinite(value) and value >= -1e-12 * abs(value) - 1e-300)
    if top is not None and np.isfinite(top) and l1_ratio > 0 and viol is not None:
        # zero is optimal exactly from alpha_max on
        assert call(rk.kkt_violation, X, y, coef, top * 1.000001, l1_ratio)[0] in (None, 0.0)


# ---------------------------------------------------------------- ridge
@pytest.mark.timeout(120)
@FUZZ
@given(data=st.data(), solver=st.sampled_from(["auto", "cholesky", "svd", "dual"]))
def test_ridge(data, solver):
    X, y = data.draw(problems())
    alpha = data.draw(st.sampled_from([0.0, 5e-324, 1e-8, 1.0, 1e8, 1e300]))
    coef, _ = call(rk.ridge, X, y, alpha, solver=solver)
    if coef is not None:
        assert_ridge_normal_equations(X, y, coef, alpha)


@pytest.mark.timeout(120)
@FUZZ
@given(data=st.data())
def test_ridge_path_loo_gcv_df(data):
    X, y = data.draw(problems(min_n=2))
    alphas = data.draw(st.lists(st.sampled_from([5e-324, 1e-8, 1.0, 1e8, 1e300]),
                                min_size=1, max_size=3))
    coefs, _ = call(rk.ridge_path, X, y, alphas)
    if coefs is not None:
        for k, alpha in enumerate(alphas):
            assert_ridge_normal_equations(X, y, coefs[:, k], alpha)
    # ridge_gcv with alpha and d^2 far apart is the known NaN of test_ridge_gcv_far_scales
    # (xfail): it is fuzzed on moderate scales only
    moderate = [a for a in alphas if 1e-8 <= a <= 1e8] or [1.0]
    x_top = float(np.max(np.abs(X)))
    gcv_ok = 1e-8 <= x_top <= 1e8
    for fn, grid in ((rk.ridge_loo, alphas), (rk.ridge_gcv, moderate)):
        if fn is rk.ridge_gcv and not gcv_ok:
            continue
        scores, _ = call(fn, X, y, grid)
        if scores is not None:
            assert np.all(np.asarray(scores) >= 0)
    df, _ = call(rk.ridge_df, X, alphas)
    if df is not None:
        rank = np.linalg.matrix_rank(np.asarray(X, dtype=float) / (np.max(np.abs(X)) or 1))
        assert np.all(df >= 0) and np.all(df <= rank + 1e-9)


@pytest.mark.parametrize("alpha", [1e300, 5e-324])
def test_ridge_gcv_far_scales(alpha):
    # the alpha-free form's weights 1 / (d^2 + alpha) once under- or overflowed when squared
    # (0/0); GCV is invariant to scaling X by s and alpha by s^2, so the answer is that of the
    # same problem at scale 1: ||y||^2 / n for alpha >> d^2, the alpha -> 0+ limit for alpha << d^2
    X = np.array([[1.3e-151, -1.3e-151], [6.4e-151, 1.0e-151]])
    y = np.array([1.0, 2.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gcv = rk.ridge_gcv(X, y, [alpha])
    expected = rk.ridge_gcv(X * 1e151, y, [1e300 if alpha > 1 else 0.0])
    np.testing.assert_allclose(gcv, expected, rtol=1e-7)


@pytest.mark.timeout(60)
@FUZZ
@given(z=st.lists(st.sampled_from([-np.inf, -1e300, -2.0, -0.0, 0.0, 5e-324, 1.5, 1e300,
                                   np.inf]), min_size=1, max_size=6),
       t=st.sampled_from([0.0, 5e-324, 1.0, 1e300, np.inf]))
def test_soft_threshold(z, t):
    z = np.array(z)
    out, _ = call(rk.soft_threshold, z, t)
    expected = np.where(np.abs(z) <= t, 0.0, np.sign(z) * (np.abs(z) - t))
    np.testing.assert_array_equal(out, expected)


# ---------------------------------------------------------------- estimators
ESTIMATORS = {
    "Ridge": lambda: rk.Ridge(alpha=1.0),
    "Lasso": lambda: rk.Lasso(alpha=0.1),
    "ElasticNet": lambda: rk.ElasticNet(alpha=0.1, l1_ratio=0.3),
    "RidgeCV": lambda: rk.RidgeCV(),
    "LassoCV": lambda: rk.LassoCV(cv=2, alphas=4),
    "ElasticNetCV": lambda: rk.ElasticNetCV(cv=2, alphas=4, l1_ratio=[0.5, 1.0]),
}


@pytest.mark.timeout(180)
@settings(FUZZ, max_examples=30)
@given(data=st.data(), name=st.sampled_from(sorted(ESTIMATORS)),
       fit_intercept=st.booleans())
def test_regression_estimators(data, name, fit_intercept):
    X, y = data.draw(problems(min_n=1))
    est = ESTIMATORS[name]().set_params(fit_intercept=fit_intercept)
    fitted, _ = call(est.fit, X, y)
    if fitted is None:
        return
    assert np.all(np.isfinite(fitted.coef_)) and np.isfinite(fitted.intercept_)
    pred, _ = call(fitted.predict, X)
    assert pred is None or np.all(np.isfinite(pred))


@pytest.mark.timeout(120)
@settings(FUZZ, max_examples=30)
@given(data=st.data(), l1_ratio=st.sampled_from([0.0, 1.0]))
def test_logistic_regression(data, l1_ratio):
    # scales up to 1e8 only: beyond, see test_logistic_regression_extreme_scale
    X, _ = data.draw(problems(min_n=2))
    X = np.asarray(X) if np.max(np.abs(X)) <= 1e8 else np.sign(X) * np.minimum(np.abs(X), 1.0)
    labels = data.draw(st.lists(st.integers(0, 1), min_size=X.shape[0], max_size=X.shape[0]))
    y = np.array(labels)
    fitted, _ = call(rk.LogisticRegression(C=1.0, l1_ratio=l1_ratio).fit, X, y)
    if fitted is not None:
        assert np.all(np.isfinite(fitted.coef_)) and np.all(np.isfinite(fitted.intercept_))
        proba, _ = call(fitted.predict_proba, X)
        assert proba is None or np.allclose(proba.sum(axis=1), 1.0)


def test_logistic_regression_extreme_scale():
    # raised LinAlgError (a singular Newton system) before the working-set solver of issue 18
    X = np.array([[1.25730221e59, -1.32104863e59], [6.40422650e59, 1.04900117e59]])
    fitted = rk.LogisticRegression().fit(X, np.array([0, 1]))
    assert np.all(np.isfinite(fitted.coef_))


# ---------------------------------------------------------------- bayes
@pytest.mark.timeout(120)
@FUZZ
@given(data=st.data(), noise_var=st.sampled_from([1e-8, 1.0, 1e8]),
       prior=st.sampled_from([1e-100, 1e-3, 1.0, 1e3, 1e100, 1e300]))
def test_bayes(data, noise_var, prior):
    X, y = data.draw(problems())
    out, _ = call(bayes.gaussian_posterior, X, y, noise_var, prior)
    if out is not None:
        mean, cov = out
        assert np.all(np.isfinite(mean)) and np.all(np.isfinite(cov))
        np.testing.assert_array_equal(cov, cov.T)
        assert np.all(np.diag(cov) >= 0)
    w_map, converged = call(bayes.laplace_map, X, y, noise_var, prior, max_iter=2000)
    if w_map is not None and converged:
        assert_gap(X, y, w_map, noise_var / (X.shape[0] * prior))
    samples, _ = call(bayes.laplace_posterior_samples, X, y, noise_var, prior, 3,
                      seed=0, burn_in=3)
    if samples is not None:
        assert samples.shape == (3, X.shape[1]) and np.all(np.isfinite(samples))
    w = np.zeros(X.shape[1])
    for fn, args in [(bayes.gaussian_log_prior, (w, prior)),
                     (bayes.laplace_log_prior, (w, prior)),
                     (bayes.log_likelihood, (w, X, y, noise_var)),
                     (bayes.log_posterior_gaussian, (w, X, y, noise_var, prior)),
                     (bayes.log_posterior_laplace, (w, X, y, noise_var, prior))]:
        value, _ = call(fn, *args)
        assert value is None or not np.isnan(value)


def test_found_by_fuzzing_enet_path_pure_l2_at_alpha_zero():
    # enet_path(l1_ratio=0, alphas=[0]) returned zeros: the pure L2 penalty at alpha = 0
    # reports alpha_max = 0, and alpha = 0 counted as "beyond alpha_max"
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((10, 3)), rng.standard_normal(10)
    coefs = rk.enet_path(X, y, l1_ratio=0.0, alphas=[0.0])[1]
    np.testing.assert_allclose(coefs[:, 0], np.linalg.lstsq(X, y, rcond=None)[0], atol=1e-3)


def test_found_by_fuzzing_posterior_variances_are_not_negative():
    # the null-space projector's diagonal 1 - ||v_i||^2 rounded below 0
    rng = np.random.default_rng(2)
    n, p = rng.integers(1, 4), rng.integers(4, 7)
    X = rng.standard_normal((n, p)) * 1e59
    X[:, 0] = 0.0
    cov = bayes.gaussian_posterior(X, rng.standard_normal(n), 1e-8, 1e-100)[1]
    assert np.all(np.diag(cov) >= 0)


@pytest.mark.parametrize("alpha", [1e-300, 5e-324])
def test_found_by_fuzzing_gap_certificate_at_tiny_alpha(alpha):
    # at the exact least-squares solution (alpha ~ 0, n > p) the rescaled residual was
    # shrunk to a useless dual point: gap = the primal value, a false ConvergenceWarning
    X = np.array([[0.12573022], [-0.13210486]])
    y = np.array([1.3297054, -3.52437633])
    w = np.linalg.lstsq(X, y, rcond=None)[0]
    assert rk.duality_gap(X, y, w, alpha) <= 1e-12
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_allclose(rk.group_lasso(X, y, [0], alpha), w, rtol=1e-8)


def test_every_public_function_is_fuzzed():
    """A new public name must be added here (and fuzzed above)."""
    fuzzed = {"soft_threshold", "ridge", "ridge_path", "ridge_loo", "ridge_gcv", "ridge_df",
              "lasso", "elastic_net", "group_lasso", "adaptive_lasso", "lasso_path",
              "enet_path", "alpha_grid", "lars_path", "alpha_max", "duality_gap",
              "kkt_violation", "Ridge", "Lasso", "ElasticNet", "RidgeCV", "LassoCV",
              "ElasticNetCV", "LogisticRegression", "ConvergenceWarning",
              # added with issues 15, 17 and 18, fuzzed in test_newer_public_names
              "scad", "mcp", "logistic_path", "LogisticRegressionCV", "RelaxedLasso", "LassoIC"}
    assert set(rk._LAZY) == fuzzed
    assert set(bayes.__all__) == {
        "gaussian_posterior", "laplace_map", "laplace_posterior_samples",
        "gaussian_log_prior", "laplace_log_prior", "log_likelihood",
        "log_posterior_gaussian", "log_posterior_laplace"}


NEWER = {
    "scad": lambda X, y, a: rk.scad(X, y, a),
    "mcp": lambda X, y, a: rk.mcp(X, y, a),
    "RelaxedLasso": lambda X, y, a: rk.RelaxedLasso(cv=2, alphas=4).fit(X, y).coef_,
    "LassoIC": lambda X, y, a: rk.LassoIC(criterion="bic").fit(X, y).coef_,
}


@pytest.mark.timeout(180)
@settings(FUZZ, max_examples=25)
@given(data=st.data(), name=st.sampled_from(sorted(NEWER)))
def test_newer_public_names(data, name):
    """The names added after the audit: a finite answer or an error naming the argument."""
    X, y = data.draw(problems(min_n=2))
    alpha = data.draw(alphas_for(X, y))
    out, _ = call(NEWER[name], X, y, alpha)
    assert out is None or np.all(np.isfinite(out))


@pytest.mark.timeout(180)
@settings(FUZZ, max_examples=20)
@given(data=st.data(), cv=st.booleans())
def test_logistic_path_and_cv(data, cv):
    X, _ = data.draw(problems(min_n=4))
    X = np.asarray(X) if np.max(np.abs(X)) <= 1e8 else np.sign(X) * np.minimum(np.abs(X), 1.0)
    y = np.array(data.draw(st.lists(st.integers(0, 1), min_size=X.shape[0],
                                    max_size=X.shape[0])))
    if cv:
        fitted, _ = call(rk.LogisticRegressionCV(Cs=3, cv=2, l1_ratios=[1.0]).fit, X, y)
        assert fitted is None or np.all(np.isfinite(fitted.coef_))
    else:
        path, _ = call(rk.logistic_path, X, y, Cs=[0.1, 1.0, 10.0])
        assert path is None or np.all(np.isfinite(path.coefs))
