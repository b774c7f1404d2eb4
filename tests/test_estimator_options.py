"""The scikit-learn options of issue #15 and regkit's glmnet-style additions, each checked
against scikit-learn, brute force (repeated rows, per-target fits) or an independent
solver (scipy's L-BFGS-B on the split-variable form of the bounded lasso)."""

import warnings

import numpy as np
import pytest
import scipy.optimize
import scipy.sparse as sp
from sklearn import linear_model as sk
from sklearn.model_selection import KFold

import regkit
from regkit.estimators import (
    ElasticNet,
    ElasticNetCV,
    Lasso,
    LassoCV,
    LassoIC,
    RelaxedLasso,
    Ridge,
    RidgeCV,
)

TIGHT = dict(tol=1e-14, max_iter=100_000)
# Sparse and dense X run different algorithms, which stop at a duality gap; a gap of
# 1e-15 can still leave 1e-9 in the coefficients of an ill-conditioned problem. So these
# run to max_iter with tol=0 (coordinate descent converges linearly: 2000 sweeps of 8
# coordinates reach the limit of rounding), and the ConvergenceWarning is expected.
EXACT = dict(tol=0.0, max_iter=2000)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(3)
    n, p = 40, 8
    X = rng.standard_normal((n, p)) * rng.uniform(0.5, 3, p) + rng.uniform(-2, 5, p)
    X[rng.random((n, p)) < 0.4] = 0.0  # make the sparse versions really sparse
    w = np.array([2.0, -1.5, 0, 0, 1.0, 0, 0, 0.5])
    y = X @ w + 3.0 + rng.standard_normal(n)
    sw = rng.integers(0, 4, n).astype(float)
    sw[:3] = [0, 2, 3]
    return X, y, sw


def _max_diff(a, b):
    return float(np.max(np.abs(np.asarray(a, float) - np.asarray(b, float))))


# --- 1. sample weights -------------------------------------------------------------------

WEIGHTED = [
    lambda: Ridge(alpha=3.0),
    lambda: Lasso(alpha=0.05, **TIGHT),
    lambda: ElasticNet(alpha=0.05, l1_ratio=0.4, **TIGHT),
    lambda: Lasso(alpha=0.05, positive=True, **TIGHT),
]


@pytest.mark.parametrize("make", WEIGHTED)
@pytest.mark.parametrize("sparse", [False, True])
def test_integer_weights_equal_repeated_rows(data, make, sparse):
    X, y, sw = data
    reps = sw.astype(int)
    Xw = sp.csr_matrix(X) if sparse else X
    Xr = np.repeat(X, reps, axis=0)
    weighted = make().fit(Xw, y, sample_weight=sw)
    repeated = make().fit(sp.csr_matrix(Xr) if sparse else Xr, np.repeat(y, reps))
    assert _max_diff(weighted.coef_, repeated.coef_) < 1e-10
    assert abs(weighted.intercept_ - repeated.intercept_) < 1e-9


@pytest.mark.parametrize("ours, ref", [
    (Ridge(alpha=3.0), sk.Ridge(alpha=3.0)),
    (Lasso(alpha=0.05, **TIGHT), sk.Lasso(alpha=0.05, **TIGHT)),
    (ElasticNet(alpha=0.05, l1_ratio=0.4, **TIGHT), sk.ElasticNet(alpha=0.05, l1_ratio=0.4,
                                                                  **TIGHT)),
])
def test_weighted_fits_match_sklearn(data, ours, ref):
    X, y, sw = data
    sw = sw + 0.37  # non-integer weights: scikit-learn's rescaling to sum n matters
    ours.fit(X, y, sample_weight=sw)
    ref.fit(X, y, sample_weight=sw)
    assert _max_diff(ours.coef_, ref.coef_) < 1e-8
    assert abs(ours.intercept_ - ref.intercept_) < 1e-8


def test_weighted_lasso_cv_matches_sklearn(data):
    X, y, sw = data
    cv = KFold(4, shuffle=True, random_state=0)
    ours = LassoCV(cv=cv, alphas=20, **TIGHT).fit(X, y, sample_weight=sw + 0.5)
    ref = sk.LassoCV(cv=cv, alphas=20, **TIGHT).fit(X, y, sample_weight=sw + 0.5)
    np.testing.assert_allclose(ours.alphas_, ref.alphas_, rtol=1e-10)
    np.testing.assert_allclose(ours.mse_path_, ref.mse_path_, rtol=1e-7)
    assert ours.alpha_ == pytest.approx(ref.alpha_, rel=1e-12)
    assert _max_diff(ours.coef_, ref.coef_) < 1e-8


def test_weighted_ridge_cv_loo_matches_sklearn(data):
    X, y, sw = data
    alphas = np.geomspace(1e-2, 1e3, 12)
    ours = RidgeCV(alphas=alphas).fit(X, y, sample_weight=sw + 0.5)
    ref = sk.RidgeCV(alphas=alphas).fit(X, y, sample_weight=sw + 0.5)
    assert ours.alpha_ == ref.alpha_
    assert ours.best_score_ == pytest.approx(ref.best_score_, rel=1e-8)
    assert _max_diff(ours.coef_, ref.coef_) < 1e-9


# --- 2. sparse X -------------------------------------------------------------------------

SPARSE_ESTIMATORS = [
    lambda: Ridge(alpha=2.0, solver="cholesky"),
    lambda: Ridge(alpha=2.0, solver="lsqr", tol=1e-15, max_iter=10_000),
    lambda: Ridge(alpha=2.0, solver="sparse_cg", tol=1e-15, max_iter=10_000),
    lambda: Ridge(alpha=2.0, positive=True, tol=1e-14),
    lambda: Lasso(alpha=0.05, **EXACT),
    lambda: ElasticNet(alpha=0.05, l1_ratio=0.3, **EXACT),
    lambda: Lasso(alpha=0.05, positive=True, **EXACT),
    lambda: LassoCV(cv=3, alphas=15, **EXACT),
    lambda: ElasticNetCV(cv=3, alphas=15, l1_ratio=[0.2, 0.8], **EXACT),
    lambda: RidgeCV(alphas=np.geomspace(1e-2, 1e3, 9)),
    lambda: RidgeCV(alphas=np.geomspace(1e-2, 1e3, 9), cv=3),
    lambda: RelaxedLasso(cv=3, alphas=10, **EXACT),
    lambda: LassoIC(alphas=15, **EXACT),
]


@pytest.mark.parametrize("make", SPARSE_ESTIMATORS)
@pytest.mark.parametrize("fmt", [sp.csr_matrix, sp.csc_matrix])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.filterwarnings("ignore::regkit.exceptions.ConvergenceWarning")
def test_sparse_equals_dense(data, make, fmt, fit_intercept, weighted):
    X, y, sw = data
    kw = {"sample_weight": sw + 0.25} if weighted else {}
    dense = make().set_params(fit_intercept=fit_intercept).fit(X, y, **kw)
    Xs = fmt(X)
    before = Xs.copy()
    sparse = make().set_params(fit_intercept=fit_intercept).fit(Xs, y, **kw)
    assert _max_diff(sparse.coef_, dense.coef_) < 1e-10
    assert abs(sparse.intercept_ - dense.intercept_) < 1e-10
    assert _max_diff(sparse.predict(Xs), dense.predict(X)) < 1e-9
    assert (Xs != before).nnz == 0  # never modified (nor centred) in place


def test_sparse_lasso_matches_sklearn(data):
    X, y, _ = data
    ours = Lasso(alpha=0.03, **TIGHT).fit(sp.csc_matrix(X), y)
    ref = sk.Lasso(alpha=0.03, **TIGHT).fit(sp.csc_matrix(X), y)
    assert _max_diff(ours.coef_, ref.coef_) < 1e-10


# --- 3. positive, bounds, penalty factors ------------------------------------------------

@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
def test_positive_matches_sklearn(data, l1_ratio):
    X, y, _ = data
    ours = ElasticNet(alpha=0.1, l1_ratio=l1_ratio, positive=True, **TIGHT).fit(X, y)
    ref = sk.ElasticNet(alpha=0.1, l1_ratio=l1_ratio, positive=True, **TIGHT).fit(X, y)
    assert np.all(ours.coef_ >= 0) and np.any(ours.coef_ == 0)
    assert _max_diff(ours.coef_, ref.coef_) < 1e-8  # both stop at a duality gap


def test_positive_lasso_cv_and_path_match_sklearn(data):
    X, y, _ = data
    cv = KFold(3)
    ours = LassoCV(cv=cv, alphas=12, positive=True, **TIGHT).fit(X, y)
    ref = sk.LassoCV(cv=cv, alphas=12, positive=True, **TIGHT).fit(X, y)
    np.testing.assert_allclose(ours.mse_path_, ref.mse_path_, rtol=1e-7)
    assert ours.alpha_ == pytest.approx(ref.alpha_, rel=1e-12)
    Xc, yc = X - X.mean(0), y - y.mean()
    a, coefs, gaps = regkit.lasso_path(Xc, yc, alphas=12, positive=True, tol=1e-14)
    a_ref, coefs_ref, _ = sk.lasso_path(Xc, yc, alphas=a, positive=True, tol=1e-14,
                                        max_iter=100_000)
    assert _max_diff(coefs, coefs_ref) < 1e-9 and np.all(coefs >= 0)
    assert gaps.shape == (12,) and np.all(gaps < 1e-12)


def _bounded_lasso_reference(X, y, alpha, pf, lower, upper):
    """min (1/2n)||y - X(u - v)||^2 + alpha pf.(u + v), 0 <= u <= upper, 0 <= v <= -lower,
    with scipy's L-BFGS-B (an independent solver of the same problem, no intercept)."""
    n, p = X.shape

    def f(z):
        u, v = z[:p], z[p:]
        r = y - X @ (u - v)
        g = -X.T @ r / n
        return 0.5 * r @ r / n + alpha * pf @ (u + v), np.concatenate([g + alpha * pf,
                                                                      -g + alpha * pf])

    bounds = [(0, ub) for ub in upper] + [(0, -lb) for lb in lower]
    res = scipy.optimize.minimize(f, np.zeros(2 * p), jac=True, method="L-BFGS-B",
                                  bounds=bounds, options=dict(ftol=1e-16, gtol=1e-12,
                                                              maxiter=100_000))
    return res.x[:p] - res.x[p:]


def test_bounds_and_penalty_factor_match_independent_solver(data):
    X, y, _ = data
    X.shape[1]
    pf = np.array([1.0, 0.5, 2.0, 1.0, 0.0, 1.0, 3.0, 1.0])
    lower = np.array([-1.0, -0.5, -np.inf, -np.inf, -np.inf, -0.1, -np.inf, -np.inf])
    upper = np.array([1.5, np.inf, np.inf, 0.2, np.inf, np.inf, np.inf, 0.3])
    ours = Lasso(alpha=0.05, fit_intercept=False, penalty_factor=pf, lower_bounds=lower,
                 upper_bounds=upper, **TIGHT).fit(X, y)
    ref = _bounded_lasso_reference(X, y, 0.05, pf, lower, upper)
    assert np.all(ours.coef_ >= lower) and np.all(ours.coef_ <= upper)
    assert np.any(ours.coef_ == upper) or np.any(ours.coef_ == lower)  # a bound is active
    assert _max_diff(ours.coef_, ref) < 1e-6
    assert ours.dual_gap_ < 1e-12 * (y @ y)


def test_penalty_factor_equals_rescaled_columns(data):
    # sum_j pf_j |w_j| with pf_j > 0: the lasso on X_j / pf_j, coefficients divided by pf_j
    X, y, _ = data
    pf = np.linspace(0.5, 2.0, X.shape[1])
    ours = Lasso(alpha=0.04, penalty_factor=pf, **TIGHT).fit(X, y)
    ref = sk.Lasso(alpha=0.04, **TIGHT).fit(X / pf, y)
    assert _max_diff(ours.coef_, ref.coef_ / pf) < 1e-10
    assert abs(ours.intercept_ - ref.intercept_) < 1e-9
    enet = ElasticNet(alpha=0.04, l1_ratio=1.0, penalty_factor=pf, **TIGHT).fit(X, y)
    assert _max_diff(enet.coef_, ours.coef_) < 1e-12
    excluded = Lasso(alpha=0.04, penalty_factor=np.r_[np.inf, pf[1:]], **TIGHT).fit(X, y)
    assert excluded.coef_[0] == 0.0


# --- 4. multi-output ---------------------------------------------------------------------

@pytest.mark.parametrize("ours, ref", [
    (Ridge(alpha=2.0), sk.Ridge(alpha=2.0)),
    (Lasso(alpha=0.05, **TIGHT), sk.Lasso(alpha=0.05, **TIGHT)),
    (ElasticNet(alpha=0.05, **TIGHT), sk.ElasticNet(alpha=0.05, **TIGHT)),
])
def test_multi_output_matches_sklearn_and_per_target_fits(data, ours, ref):
    X, y, _ = data
    Y = np.column_stack([y, -2 * y + X[:, 2], X[:, 5]])
    ours.fit(X, Y)
    ref.fit(X, Y)
    assert ours.coef_.shape == (3, X.shape[1]) and ours.intercept_.shape == (3,)
    assert _max_diff(ours.coef_, ref.coef_) < 1e-10
    for k in range(3):
        single = type(ours)(**ours.get_params()).fit(X, Y[:, k])
        assert _max_diff(single.coef_, ours.coef_[k]) < 1e-12
    assert ours.predict(X).shape == (X.shape[0], 3)


# --- 5. paths return (alphas, coefs, dual_gaps) -----------------------------------------

def test_paths_return_dual_gaps_like_sklearn(data):
    X, y, _ = data
    Xc, yc = X - X.mean(0), y - y.mean()
    alphas, coefs, gaps = regkit.enet_path(Xc, yc, l1_ratio=0.6, n_alphas=10, tol=1e-3)
    for a, c, g in zip(alphas, coefs.T, gaps):
        assert g == pytest.approx(regkit.duality_gap(Xc, yc, c, a, 0.6), rel=1e-6, abs=1e-14)
    *_, n_iter = regkit.lasso_path(Xc, yc, n_alphas=5, return_n_iter=True)
    assert n_iter.shape == (5,)


# --- 7. precompute, selection="random" ---------------------------------------------------

def test_precompute_and_random_selection_reach_the_same_solution(data):
    X, y, _ = data
    base = Lasso(alpha=0.03, **TIGHT).fit(X, y)
    gram = Lasso(alpha=0.03, precompute=True, **TIGHT).fit(X, y)
    Xc = X - X.mean(0)
    given = Lasso(alpha=0.03, precompute=Xc.T @ Xc, **TIGHT).fit(X, y)
    rand = Lasso(alpha=0.03, selection="random", random_state=4, **TIGHT).fit(X, y)
    for other in (gram, given, rand):
        assert _max_diff(other.coef_, base.coef_) < 1e-10
    again = Lasso(alpha=0.03, selection="random", random_state=4, **TIGHT).fit(X, y)
    assert rand.n_iter_ == again.n_iter_
    with pytest.raises(ValueError, match="does not match"):
        Lasso(alpha=0.03, precompute=np.eye(X.shape[1])).fit(X, y)


def test_n_jobs_gives_the_same_cv(data):
    X, y, _ = data
    one = ElasticNetCV(cv=4, alphas=10, l1_ratio=[0.3, 0.7]).fit(X, y)
    two = ElasticNetCV(cv=4, alphas=10, l1_ratio=[0.3, 0.7], n_jobs=2).fit(X, y)
    np.testing.assert_array_equal(one.mse_path_, two.mse_path_)


# --- 8. RidgeCV scoring ------------------------------------------------------------------

def test_ridge_cv_default_scores_like_sklearn(data):
    X, y, _ = data
    alphas = np.geomspace(1e-3, 1e4, 25)
    for cv in (4, KFold(5, shuffle=True, random_state=1)):
        ours = RidgeCV(alphas=alphas, cv=cv).fit(X, y)
        ref = sk.RidgeCV(alphas=alphas, cv=cv).fit(X, y)
        assert ours.alpha_ == ref.alpha_
        assert ours.best_score_ == pytest.approx(ref.best_score_, rel=1e-10)
    for scoring in ("r2", "neg_mean_absolute_error"):
        ours = RidgeCV(alphas=alphas, scoring=scoring).fit(X, y)
        ref = sk.RidgeCV(alphas=alphas, scoring=scoring).fit(X, y)
        assert ours.alpha_ == ref.alpha_
        assert ours.best_score_ == pytest.approx(ref.best_score_, rel=1e-8)


def test_ridge_cv_alpha_per_target_matches_sklearn(data):
    X, y, _ = data
    Y = np.column_stack([y, X[:, 1] + 0.1 * y])
    alphas = np.geomspace(1e-3, 1e4, 25)
    ours = RidgeCV(alphas=alphas, alpha_per_target=True).fit(X, Y)
    ref = sk.RidgeCV(alphas=alphas, alpha_per_target=True).fit(X, Y)
    np.testing.assert_array_equal(ours.alpha_, ref.alpha_)
    np.testing.assert_allclose(ours.best_score_, ref.best_score_, rtol=1e-8)
    assert _max_diff(ours.coef_, ref.coef_) < 1e-9


# --- 9, 10. dtypes and small conventions --------------------------------------------------

@pytest.mark.parametrize("est", [Ridge(), Lasso(alpha=0.01), ElasticNet(alpha=0.01)])
def test_float32_kept_and_intercept_is_numpy_scalar(data, est):
    X, y, _ = data
    fit = est.fit(X.astype(np.float32), y.astype(np.float32))
    assert fit.coef_.dtype == np.float32
    assert isinstance(fit.intercept_, np.floating) and np.ndim(fit.intercept_) == 0
    ref = type(est)(**est.get_params()).fit(X, y)
    assert isinstance(ref.intercept_, np.float64)


def test_sparsify_keeps_predictions(data):
    X, y, _ = data
    fit = Lasso(alpha=0.1).fit(X, y)
    before = fit.predict(X)
    fit.sparsify()
    assert sp.issparse(fit.coef_)
    np.testing.assert_allclose(fit.predict(X), before, rtol=1e-14)
    assert fit.densify().coef_.shape == (X.shape[1],)
    assert Ridge().fit(X, y).solver_ == "cholesky" or Ridge().fit(X, y).solver_ == "auto"


# --- 11. relaxed lasso and information criteria ------------------------------------------

def test_relaxed_lasso_matches_hand_computation_with_sklearn(data):
    X, y, _ = data
    cv = KFold(4)
    gammas = (0.0, 0.5, 1.0)
    fit = RelaxedLasso(gammas=gammas, alphas=12, cv=cv, **TIGHT).fit(X, y)
    # the same CV, by hand: scikit-learn's Lasso and LinearRegression on each support
    mse = np.zeros((3, 12))
    for tr, te in cv.split(X):
        for k, a in enumerate(fit.alphas_):
            las = sk.Lasso(alpha=a, **TIGHT).fit(X[tr], y[tr])
            S = las.coef_ != 0
            ols_coef, ols_b = np.zeros(X.shape[1]), y[tr].mean()
            if S.any():
                ols = sk.LinearRegression().fit(X[tr][:, S], y[tr])
                ols_coef[S], ols_b = ols.coef_, ols.intercept_
            for g, gamma in enumerate(gammas):
                pred = gamma * las.predict(X[te]) + (1 - gamma) * (X[te] @ ols_coef + ols_b)
                mse[g, k] += np.mean((y[te] - pred) ** 2) / 4
    np.testing.assert_allclose(fit.mse_path_.mean(axis=-1), mse, rtol=1e-7)
    g, k = np.unravel_index(np.argmin(mse), mse.shape)
    assert fit.gamma_ == gammas[g] and fit.alpha_ == fit.alphas_[k]
    las = sk.Lasso(alpha=fit.alpha_, **TIGHT).fit(X, y)
    S = las.coef_ != 0
    ols = sk.LinearRegression().fit(X[:, S], y)
    expected = fit.gamma_ * las.coef_
    expected[S] += (1 - fit.gamma_) * ols.coef_
    assert _max_diff(fit.coef_, expected) < 1e-8


@pytest.mark.parametrize("criterion", ["aic", "bic"])
def test_lasso_ic_matches_the_definition_and_sklearn_noise_variance(data, criterion):
    X, y, _ = data
    n = X.shape[0]
    fit = LassoIC(criterion=criterion, alphas=30, **TIGHT).fit(X, y)
    ref = sk.LassoLarsIC(criterion=criterion).fit(X, y)
    assert fit.noise_variance_ == pytest.approx(ref.noise_variance_, rel=1e-10)
    crit = []
    for a in fit.alphas_:
        las = sk.Lasso(alpha=a, **TIGHT).fit(X, y)
        rss = np.sum((y - las.predict(X)) ** 2)
        df = np.count_nonzero(las.coef_)
        factor = 2.0 if criterion == "aic" else np.log(n)
        crit.append(n * np.log(2 * np.pi * ref.noise_variance_) + rss / ref.noise_variance_
                    + factor * df)
    np.testing.assert_allclose(fit.criterion_, crit, rtol=1e-9)
    assert fit.alpha_ == fit.alphas_[int(np.argmin(crit))]


# --- bad input for the new parameters ----------------------------------------------------

@pytest.mark.parametrize("est, match", [
    (Lasso(penalty_factor=[1.0, 2.0]), "penalty_factor must have shape"),
    (Lasso(penalty_factor=-np.ones(8)), "penalty_factor must be non-negative"),
    (Lasso(lower_bounds=0.5), "lower_bounds must be <= 0"),
    (Lasso(upper_bounds=-0.5), "upper_bounds must be >= 0"),
    (Lasso(positive="yes"), "positive must be True or False"),
    (Lasso(precompute="always"), "precompute must be one of"),
    (Ridge(solver="sgd"), "solver must be one of"),
    (Ridge(solver="lbfgs"), "is for positive=True only"),
    (Ridge(positive=True, solver="svd"), "does not support positive fitting"),
    (RidgeCV(cv=3, alpha_per_target=True), "only supported with cv=None"),
    (RelaxedLasso(gammas=[0.5, 1.5]), "gammas must be in"),
    (LassoIC(criterion="cp"), "criterion must be one of"),
])
def test_new_parameters_reject_bad_values(data, est, match):
    X, y, _ = data
    with pytest.raises(ValueError, match=match):
        est.fit(X, y)


def test_bad_sample_weight_raises(data):
    X, y, _ = data
    with pytest.raises(ValueError, match="Negative values in data passed to `sample_weight`"):
        Lasso().fit(X, y, sample_weight=-np.ones(len(y)))
    with pytest.raises(ValueError, match="at least one non-zero|at least one positive"):
        Ridge().fit(X, y, sample_weight=np.zeros(len(y)))
    with pytest.raises(ValueError, match="n_samples=1|at least 2 samples"):
        RidgeCV(scoring="r2").fit(X[:1], y[:1])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Ridge(solver="sparse_cg", tol=1e-6).fit(sp.csr_matrix(X), y)


def test_convergence_warning_is_sklearns_and_import_stays_lazy():
    import subprocess
    import sys

    from sklearn.exceptions import ConvergenceWarning as SklearnConvergenceWarning

    assert issubclass(regkit.ConvergenceWarning, SklearnConvergenceWarning)
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((20, 30)), rng.standard_normal(20)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", SklearnConvergenceWarning)  # the usual filter
        Lasso(alpha=1e-4, max_iter=1).fit(X, y)
        regkit.lasso_path(X, y, n_alphas=3, max_iter=1, positive=True)
    # a solver that converges never loads scikit-learn (its package init costs ~1.5 s)
    code = ("import sys, numpy as np, regkit; X = np.eye(4); regkit.lasso(X, X[:, 0], 0.1); "
            "regkit.lasso_path(X, X[:, 0], n_alphas=3); print('sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("gcv_mode", ["svd", "eigen"])
def test_ridge_cv_gcv_modes_match_sklearn(data, gcv_mode):
    X, y, sw = data
    alphas = np.geomspace(1e-2, 1e3, 10)
    ours = RidgeCV(alphas=alphas, gcv_mode=gcv_mode, store_cv_results=True).fit(
        X, y, sample_weight=sw + 0.5)
    ref = sk.RidgeCV(alphas=alphas, gcv_mode=gcv_mode, store_cv_results=True).fit(
        X, y, sample_weight=sw + 0.5)
    np.testing.assert_allclose(ours.cv_results_, ref.cv_results_, rtol=1e-8, atol=1e-12)
    assert ours.alpha_ == ref.alpha_


@pytest.mark.parametrize("solver", ["sag", "saga"])
def test_ridge_sag_names_give_the_unique_solution(data, solver):
    # scikit-learn's stochastic solvers approximate the one ridge minimizer; regkit
    # computes it exactly under either name (checked against scikit-learn at tight tol)
    from sklearn.linear_model import Ridge as SkRidge

    X, y, _ = data
    ours = Ridge(alpha=2.0, solver=solver).fit(X, y)
    ref = SkRidge(alpha=2.0, solver="svd").fit(X, y)
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-10, atol=1e-12)
    assert ours.solver_ == solver
    positive = Ridge(alpha=2.0, positive=True, solver="lbfgs").fit(X, y)
    ref_pos = SkRidge(alpha=2.0, positive=True, solver="lbfgs", tol=1e-10).fit(X, y)
    np.testing.assert_allclose(positive.coef_, ref_pos.coef_, atol=1e-5)
