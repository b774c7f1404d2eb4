"""regkit's scikit-learn compatible estimators: API checks and agreement with scikit-learn.

Agreement is checked on unstandardized data with an intercept (column means ~10,
scales from 1 to 100), at tight tolerances, so that the comparison tests the
solution and not the stopping rule.
"""

import warnings

import numpy as np
import pytest
from sklearn import linear_model as sk
from sklearn.model_selection import GridSearchCV, KFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

import regkit
from regkit.estimators import (
    ElasticNet,
    ElasticNetCV,
    Lasso,
    LassoCV,
    LassoIC,
    LogisticRegression,
    RelaxedLasso,
    Ridge,
    RidgeCV,
)
from regkit.exceptions import ConvergenceWarning

# ---------------------------------------------------------------------------
# scikit-learn's estimator contract
# ---------------------------------------------------------------------------

ESTIMATORS = [
    Ridge(),
    Lasso(),
    ElasticNet(),
    RidgeCV(),
    LassoCV(),
    ElasticNetCV(),
    LogisticRegression(),
    # the non-default branches must honour the contract too
    RidgeCV(cv=3, selection_rule="1se"),
    LassoCV(cv=3, alphas=10, selection_rule="1se"),
    ElasticNetCV(l1_ratio=[0.3, 0.9], cv=3, alphas=8),
    LogisticRegression(l1_ratio=1.0, C=10.0),
    # scikit-learn's parameters and regkit's additions, through the same contract
    Lasso(positive=True),
    ElasticNet(selection="random", random_state=0),
    Lasso(penalty_factor=None, lower_bounds=-1.0, upper_bounds=2.0),
    Ridge(positive=True),
    Ridge(solver="lsqr", tol=1e-10),
    RidgeCV(scoring="r2"),
    RidgeCV(cv=3, scoring="neg_mean_absolute_error"),
    LassoCV(cv=3, alphas=10, positive=True),
    RelaxedLasso(cv=3, alphas=10),
    LassoIC(criterion="bic", alphas=10, noise_variance=1.0),
]


def _expected_failed_checks(estimator):
    # One excuse, the one scikit-learn grants its own Ridge: n_iter_ is None for the
    # closed-form solvers (there are no iterations), yet Ridge has max_iter (for "lsqr"
    # and "sparse_cg"), so the check expects n_iter_ >= 1.
    if type(estimator) is Ridge and estimator.solver == "auto" and not estimator.positive:
        return {"check_non_transformer_estimators_n_iter":
                "n_iter_ is None for closed-form solvers (scikit-learn excuses its Ridge too)"}
    return {}


@parametrize_with_checks(ESTIMATORS, expected_failed_checks=_expected_failed_checks)
def test_sklearn_contract(estimator, check):
    with warnings.catch_warnings():
        # the checks fit tiny, odd datasets with default tolerances on purpose
        warnings.simplefilter("ignore", ConvergenceWarning)
        check(estimator)


def test_lazy_top_level_names_are_these_classes():
    assert regkit.Lasso is Lasso and regkit.LogisticRegression is LogisticRegression


# ---------------------------------------------------------------------------
# Agreement with scikit-learn
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def data():
    """Unstandardized regression data: column means ~10, scales 1..100, true intercept 5."""
    rng = np.random.default_rng(0)
    n, p = 120, 8
    scales = np.logspace(0, 2, p)
    X = 10.0 + rng.standard_normal((n, p)) * scales
    beta = np.array([3.0, -2.0, 0.0, 0.0, 1.5, 0.0, 0.0, 0.5]) / scales
    y = 5.0 + X @ beta + rng.standard_normal(n)
    return X, y


def _rel(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b)) / np.max(np.abs(b)))


def _assert_same_fit(ours, ref, X, rtol=1e-6):
    assert _rel(ours.coef_, ref.coef_) < rtol
    assert abs(ours.intercept_ - ref.intercept_) < rtol * max(1.0, abs(ref.intercept_))
    assert _rel(ours.predict(X), ref.predict(X)) < rtol


@pytest.mark.parametrize("alpha", [0.0, 0.01, 1.0, 1e4])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_ridge_matches_sklearn(data, alpha, fit_intercept):
    X, y = data
    ours = Ridge(alpha=alpha, fit_intercept=fit_intercept).fit(X, y)
    ref = sk.Ridge(alpha=alpha, fit_intercept=fit_intercept).fit(X, y)
    _assert_same_fit(ours, ref, X)


@pytest.mark.parametrize("alpha", [1e-3, 0.05, 0.5])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_lasso_matches_sklearn(data, alpha, fit_intercept):
    X, y = data
    ours = Lasso(alpha=alpha, fit_intercept=fit_intercept, tol=1e-12, max_iter=100_000).fit(X, y)
    ref = sk.Lasso(alpha=alpha, fit_intercept=fit_intercept, tol=1e-12,
                   max_iter=100_000).fit(X, y)
    _assert_same_fit(ours, ref, X)
    np.testing.assert_array_equal(ours.coef_ == 0, ref.coef_ == 0)


def test_lasso_has_exact_zeros(data):
    X, y = data
    coef = Lasso(alpha=0.5, tol=1e-12, max_iter=100_000).fit(X, y).coef_
    assert 0 < np.sum(coef == 0.0) < coef.size


@pytest.mark.parametrize("l1_ratio", [0.0, 0.3, 0.9])
def test_elastic_net_matches_sklearn(data, l1_ratio):
    X, y = data
    ours = ElasticNet(alpha=0.05, l1_ratio=l1_ratio, tol=1e-12, max_iter=100_000).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scikit-learn warns about l1_ratio=0
        ref = sk.ElasticNet(alpha=0.05, l1_ratio=l1_ratio, tol=1e-12,
                            max_iter=100_000).fit(X, y)
    _assert_same_fit(ours, ref, X)


def test_intercept_is_not_penalized(data):
    """Shifting y shifts only the intercept; shifting X's columns only the intercept too."""
    X, y = data
    shift = np.linspace(-50, 50, X.shape[1])
    for est in (Ridge(alpha=10.0), Lasso(alpha=0.1, tol=1e-12, max_iter=100_000)):
        base = est.fit(X, y)
        coef, b = base.coef_.copy(), base.intercept_
        moved = est.fit(X + shift, y + 1000.0)
        np.testing.assert_allclose(moved.coef_, coef, rtol=1e-8, atol=1e-12)
        assert moved.intercept_ == pytest.approx(b + 1000.0 - shift @ coef, rel=1e-9)


def test_lasso_above_alpha_max_is_all_zero(data):
    X, y = data
    Xc = X - X.mean(axis=0)
    top = regkit.alpha_max(Xc, y - y.mean())
    fit = Lasso(alpha=1.0001 * top).fit(X, y)
    assert np.all(fit.coef_ == 0.0) and fit.intercept_ == pytest.approx(y.mean(), rel=1e-12)
    assert np.any(Lasso(alpha=0.99 * top, tol=1e-10).fit(X, y).coef_ != 0.0)


def test_lasso_dual_gap_certificate(data):
    X, y = data
    fit = Lasso(alpha=0.05, tol=1e-6).fit(X, y)
    yc = y - y.mean()
    assert fit.dual_gap_ <= 1e-6 * (yc @ yc) / len(y)
    assert fit.dual_gap_ == pytest.approx(
        regkit.duality_gap(X - X.mean(axis=0), yc, fit.coef_, 0.05), rel=1e-10, abs=1e-15)
    assert fit.n_iter_ >= 1


def test_lasso_warm_start_uses_previous_solution(data):
    X, y = data
    est = Lasso(alpha=0.05, tol=1e-8, warm_start=True).fit(X, y)
    cold_iters, coef = est.n_iter_, est.coef_.copy()
    est.fit(X, y)
    assert est.n_iter_ == 0 < cold_iters  # the gap certifies the start: no sweep needed
    np.testing.assert_array_equal(est.coef_, coef)


def test_lasso_max_iter_warns(data):
    X, y = data
    with pytest.warns(ConvergenceWarning, match="duality gap"):
        Lasso(alpha=1e-3, tol=1e-14, max_iter=2).fit(X, y)


# ---------------------------------------------------------------------------
# Cross-validated estimators
# ---------------------------------------------------------------------------


def test_lasso_cv_min_matches_sklearn(data):
    X, y = data
    ours = LassoCV(cv=5, tol=1e-10, max_iter=100_000).fit(X, y)
    ref = sk.LassoCV(cv=KFold(5), tol=1e-10, max_iter=100_000).fit(X, y)
    # same automatic grid, same folds: the same path errors and the same choice
    assert _rel(ours.alphas_, ref.alphas_) < 1e-12
    assert ours.mse_path_.shape == ref.mse_path_.shape == (100, 5)
    assert _rel(ours.mse_path_, ref.mse_path_) < 1e-6
    assert ours.alpha_ == pytest.approx(ref.alpha_, rel=1e-12)
    _assert_same_fit(ours, ref, X)


def test_lasso_cv_given_alphas_and_splitter(data):
    X, y = data
    alphas = np.geomspace(1e-3, 1.0, 25)
    cv = KFold(4, shuffle=True, random_state=0)
    ours = LassoCV(alphas=alphas, cv=cv, tol=1e-10, max_iter=100_000).fit(X, y)
    ref = sk.LassoCV(alphas=alphas, cv=cv, tol=1e-10, max_iter=100_000).fit(X, y)
    np.testing.assert_array_equal(ours.alphas_, np.sort(alphas)[::-1])
    assert _rel(ours.mse_path_, ref.mse_path_) < 1e-6
    assert ours.alpha_ == ref.alpha_


def test_elastic_net_cv_with_l1_ratio_list_matches_sklearn(data):
    X, y = data
    ratios = [0.2, 0.7, 1.0]
    ours = ElasticNetCV(l1_ratio=ratios, cv=5, tol=1e-10, max_iter=100_000).fit(X, y)
    ref = sk.ElasticNetCV(l1_ratio=ratios, cv=KFold(5), tol=1e-10, max_iter=100_000).fit(X, y)
    assert ours.alphas_.shape == (3, 100) and ours.mse_path_.shape == (3, 100, 5)
    assert _rel(ours.alphas_, ref.alphas_) < 1e-12
    assert _rel(ours.mse_path_, ref.mse_path_) < 1e-6
    assert (ours.alpha_, ours.l1_ratio_) == (pytest.approx(ref.alpha_, rel=1e-12), ref.l1_ratio_)


def _one_se_by_hand(alphas, mse_path):
    mean = mse_path.mean(axis=1)
    best = np.argmin(mean)
    se = mse_path[best].std(ddof=1) / np.sqrt(mse_path.shape[1])
    return max(a for a, m in zip(alphas, mean) if m <= mean[best] + se)


@pytest.mark.parametrize("cv", [5, KFold(10, shuffle=True, random_state=1)])
def test_one_se_rule_by_hand(data, cv):
    X, y = data
    rng = np.random.default_rng(5)
    # add pure-noise columns so that the 1-SE rule has something to drop
    Xn = np.hstack([X, 10.0 + 5.0 * rng.standard_normal((X.shape[0], 6))])
    fit_min = LassoCV(cv=cv, tol=1e-8).fit(Xn, y)
    fit_1se = LassoCV(cv=cv, tol=1e-8, selection_rule="1se").fit(Xn, y)
    np.testing.assert_array_equal(fit_min.mse_path_, fit_1se.mse_path_)
    assert fit_1se.alpha_ == _one_se_by_hand(fit_1se.alphas_, fit_1se.mse_path_)
    assert fit_1se.alpha_ > fit_min.alpha_
    assert np.sum(fit_1se.coef_ != 0) <= np.sum(fit_min.coef_ != 0)


def test_elastic_net_cv_one_se_stays_on_best_l1_ratio(data):
    X, y = data
    fit = ElasticNetCV(l1_ratio=[0.5, 1.0], cv=5, selection_rule="1se", tol=1e-8).fit(X, y)
    row = [0.5, 1.0].index(fit.l1_ratio_)
    assert fit.mse_path_.mean(axis=2).min() == fit.mse_path_[row].mean(axis=1).min()
    assert fit.alpha_ == _one_se_by_hand(fit.alphas_[row], fit.mse_path_[row])


def test_ridge_cv_loo_matches_sklearn(data):
    X, y = data
    alphas = np.geomspace(1e-3, 1e4, 40)
    ours = RidgeCV(alphas=alphas).fit(X, y)
    ref = sk.RidgeCV(alphas=alphas).fit(X, y)
    assert ours.alpha_ == ref.alpha_
    assert ours.best_score_ == pytest.approx(ref.best_score_, rel=1e-8)
    _assert_same_fit(ours, ref, X)


@pytest.mark.parametrize("shape", [(60, 8), (15, 40)])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_ridge_cv_loo_equals_brute_force_refits(shape, fit_intercept):
    """Exact LOO: the shortcut equals n refits (each re-estimating the intercept),
    also when p > n and alpha is tiny, where the fit nearly interpolates."""
    rng = np.random.default_rng(7)
    n, p = shape
    X = 5.0 + rng.standard_normal((n, p)) * np.linspace(1.0, 20.0, p)
    y = X[:, 0] + rng.standard_normal(n)
    alphas = np.array([1e-8, 0.1, 10.0, 1000.0])
    fit = RidgeCV(alphas=alphas, fit_intercept=fit_intercept, store_cv_results=True).fit(X, y)
    brute = np.empty((n, alphas.size))
    for i in range(n):
        keep = np.arange(n) != i
        for k, a in enumerate(alphas):
            model = Ridge(alpha=a, fit_intercept=fit_intercept).fit(X[keep], y[keep])
            brute[i, k] = (y[i] - model.predict(X[i:i + 1])[0]) ** 2
    np.testing.assert_allclose(fit.cv_results_, brute, rtol=1e-8)


def test_ridge_cv_without_intercept_is_ridge_loo(data):
    X, y = data
    alphas = np.geomspace(1e-2, 1e3, 12)
    fit = RidgeCV(alphas=alphas, fit_intercept=False, store_cv_results=True).fit(X, y)
    np.testing.assert_allclose(fit.cv_results_.mean(axis=0), regkit.ridge_loo(X, y, alphas),
                               rtol=1e-9)
    ref = sk.RidgeCV(alphas=alphas, fit_intercept=False).fit(X, y)
    assert fit.alpha_ == ref.alpha_


def test_ridge_cv_kfold_matches_sklearn_mse_scoring(data):
    X, y = data
    alphas = np.geomspace(1e-3, 1e4, 30)
    ours = RidgeCV(alphas=alphas, cv=5, scoring="neg_mean_squared_error").fit(X, y)
    ref = sk.RidgeCV(alphas=alphas, cv=KFold(5), scoring="neg_mean_squared_error").fit(X, y)
    assert ours.mse_path_.shape == (30, 5)
    assert ours.alpha_ == ref.alpha_
    assert ours.best_score_ == pytest.approx(ref.best_score_, rel=1e-8)


def test_ridge_cv_one_se_by_hand(data):
    X, y = data
    alphas = np.geomspace(1e-3, 1e4, 30)
    mse = "neg_mean_squared_error"
    fit = RidgeCV(alphas=alphas, cv=5, selection_rule="1se", scoring=mse).fit(X, y)
    assert fit.alpha_ == _one_se_by_hand(alphas, fit.mse_path_)
    assert fit.alpha_ >= RidgeCV(alphas=alphas, cv=5, scoring=mse).fit(X, y).alpha_


# ---------------------------------------------------------------------------
# Working inside scikit-learn's tools
# ---------------------------------------------------------------------------


def test_grid_search_over_pipeline_matches_sklearn(data):
    X, y = data
    grid = {"lasso__alpha": np.geomspace(1e-3, 1.0, 12)}
    cv = KFold(5, shuffle=True, random_state=0)
    ours = GridSearchCV(make_pipeline(StandardScaler(), Lasso(tol=1e-10, max_iter=100_000)),
                        grid, cv=cv).fit(X, y)
    ref = GridSearchCV(make_pipeline(StandardScaler(), sk.Lasso(tol=1e-10, max_iter=100_000)),
                       grid, cv=cv).fit(X, y)
    assert ours.best_params_ == ref.best_params_
    np.testing.assert_allclose(ours.cv_results_["mean_test_score"],
                               ref.cv_results_["mean_test_score"], rtol=1e-8)
    assert _rel(ours.predict(X), ref.predict(X)) < 1e-8


def test_cross_val_score_matches_sklearn(data):
    X, y = data
    cv = KFold(4, shuffle=True, random_state=2)
    ours = cross_val_score(ElasticNet(alpha=0.05, tol=1e-10, max_iter=100_000), X, y, cv=cv,
                           scoring="neg_mean_squared_error")
    ref = cross_val_score(sk.ElasticNet(alpha=0.05, tol=1e-10, max_iter=100_000), X, y, cv=cv,
                          scoring="neg_mean_squared_error")
    assert ours.shape == (4,)
    np.testing.assert_allclose(ours, ref, rtol=1e-8)
    clf_scores = cross_val_score(LogisticRegression(C=0.1), X, y > np.median(y), cv=cv)
    assert np.all(clf_scores > 0.7)


# ---------------------------------------------------------------------------
# Bad input: a clear ValueError naming the argument
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "est, match",
    [
        (Ridge(alpha=-1.0), "alpha must be non-negative"),
        (Lasso(alpha=-0.1), "alpha must be non-negative"),
        (ElasticNet(l1_ratio=1.5), "l1_ratio must be in"),
        (Lasso(selection="shuffled"), "selection must be one of 'cyclic', 'random'"),
        (Lasso(max_iter=0), "max_iter must be a positive integer"),
        (Lasso(tol=-1.0), "tol must be"),
        (LassoCV(selection_rule="2se"), "selection_rule must be"),
        (LassoCV(alphas=[0.1, -1.0]), "alphas must be non-negative"),
        (LassoCV(alphas=0), "alphas must be a positive integer"),
        (ElasticNetCV(l1_ratio=0.0), "l1_ratio=0 has no alpha_max"),
        (ElasticNetCV(l1_ratio=[0.5, 2.0]), "l1_ratio must be in"),
        (RidgeCV(alphas=[0.0, 1.0]), "strictly positive for leave-one-out"),
        (RidgeCV(cv=3, store_cv_results=True), "only supported with cv=None"),
        (RidgeCV(selection_rule="max"), "selection_rule must be"),
        (LogisticRegression(C=-1.0), "C must be a positive real"),
        (LogisticRegression(l1_ratio=-0.5), "l1_ratio must be in"),
    ],
)
def test_bad_parameters_raise_value_error(data, est, match):
    X, y = data
    target = y > np.median(y) if isinstance(est, LogisticRegression) else y
    with pytest.raises(ValueError, match=match):
        est.fit(X, target)


def test_bad_data_raise_value_error(data):
    X, y = data
    X_nan = X.copy()
    X_nan[3, 2] = np.nan
    for est in (Ridge(), Lasso(), LassoCV(cv=3), LogisticRegression()):
        target = y > np.median(y) if isinstance(est, LogisticRegression) else y
        with pytest.raises(ValueError, match="NaN"):
            est.fit(X_nan, target)
        with pytest.raises(ValueError, match="inconsistent numbers of samples"):
            est.fit(X, target[:-1])
    with pytest.raises(ValueError, match="Unknown label type"):
        LogisticRegression().fit(X, y)
