"""logistic_path, the working-set proximal Newton solver behind L1 / elastic-net
LogisticRegression, and LogisticRegressionCV (issue #18; #16 item 2).

References: scikit-learn's liblinear (L1, no intercept: liblinear penalizes an intercept)
at a tight tol, and the KKT conditions themselves, computed here independently of the
solver (they certify the minimizer when the intercept is fitted or the penalty mixed).
"""

import warnings

import numpy as np
import pytest
from scipy.special import expit
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.utils.estimator_checks import parametrize_with_checks

import regkit
from regkit.estimators import LogisticRegressionCV
from regkit.exceptions import ConvergenceWarning
from regkit.solvers.logistic import logistic_path, logistic_regression


@pytest.fixture(scope="module")
def cancer():
    X, y = load_breast_cancer(return_X_y=True)
    return (X - X.mean(0)) / X.std(0), y.astype(float)


@pytest.fixture(scope="module")
def wide():
    """p > n, a sparse truth."""
    rng = np.random.default_rng(0)
    n, p = 120, 600
    X = rng.standard_normal((n, p))
    w = np.zeros(p)
    w[:8] = rng.standard_normal(8) * 2
    y = (rng.random(n) < expit(X @ w + 0.4)).astype(float)
    return X, y


def _kkt(X, y, C, l1_ratio, w, b, fit_intercept):
    """Max minimum-norm subgradient of mean logloss + (penalty / C) / n."""
    n = X.shape[0]
    R = expit(X @ w + b) - y
    lam = 1.0 / (C * n)
    g = X.T @ R / n + lam * (1 - l1_ratio) * w
    l1 = lam * l1_ratio
    viol = np.where(w != 0, np.abs(g + l1 * np.sign(w)), np.maximum(np.abs(g) - l1, 0.0))
    return max(viol.max(), abs(R.mean()) if fit_intercept else 0.0)


def test_path_matches_liblinear(cancer):
    X, y = cancer
    path = logistic_path(X, y, Cs=1.0 + np.zeros(1), fit_intercept=False)
    Cs = path.C_min * np.logspace(0, 2, 8)
    path = logistic_path(X, y, Cs=Cs, fit_intercept=False, tol=1e-10)
    assert np.all(path.kkt <= 1e-10)
    for k in (1, 4, 7):
        ref = SkLogisticRegression(C=Cs[k], l1_ratio=1.0, solver="liblinear", tol=1e-12,
                                   max_iter=100_000, fit_intercept=False).fit(X, y)
        np.testing.assert_allclose(path.coefs[k, 0], ref.coef_[0], atol=1e-6)
        assert np.array_equal(path.coefs[k, 0] != 0, ref.coef_[0] != 0)


@pytest.mark.parametrize("l1_ratio", [1.0, 0.5])
@pytest.mark.parametrize("data", ["cancer", "wide"])
def test_path_kkt_with_intercept(request, data, l1_ratio):
    X, y = request.getfixturevalue(data)
    Cs = np.logspace(-2, 1, 12)
    path = logistic_path(X, y, Cs=Cs, l1_ratio=l1_ratio, tol=1e-9)
    for k, C in enumerate(path.Cs):
        w, b = path.coefs[k, 0], path.intercepts[k, 0]
        assert _kkt(X, y, C, l1_ratio, w, b, True) <= 1e-9
    # sparse at the top of the penalty, denser further down
    nnz = np.count_nonzero(path.coefs[:, 0], axis=1)
    assert nnz[0] < nnz[-1]


def test_c_min_is_exact(wide):
    X, y = wide
    C_min = logistic_path(X, y, Cs=[1.0]).C_min
    path = logistic_path(X, y, Cs=[C_min * (1 - 1e-9), C_min * (1 + 1e-3)], tol=1e-10)
    assert np.all(path.coefs[0] == 0)
    np.testing.assert_allclose(path.intercepts[0, 0], np.log(y.mean() / (1 - y.mean())))
    assert np.count_nonzero(path.coefs[1]) >= 1  # just above C_min something enters


def test_estimator_uses_the_path_solver(wide):
    X, y = wide
    path = logistic_path(X, y, Cs=[0.05, 0.3], tol=1e-10)
    fit = logistic_regression(X, y, 0.3, 1.0, tol=1e-10)
    np.testing.assert_allclose(fit.coef, path.coefs[1], atol=1e-8)
    np.testing.assert_allclose(fit.intercept, path.intercepts[1], atol=1e-8)
    est = regkit.LogisticRegression(C=0.3, l1_ratio=1.0, tol=1e-10).fit(X, y)
    np.testing.assert_allclose(est.coef_, path.coefs[1], atol=1e-8)


def test_multiclass_and_l2_paths_fall_back():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((90, 4))
    y = np.argmax(X[:, :3] + 0.5 * rng.standard_normal((90, 3)), axis=1)
    path = logistic_path(X, y, Cs=[0.1, 1.0], l1_ratio=0.0, tol=1e-8)
    assert path.coefs.shape == (2, 3, 4) and path.intercepts.shape == (2, 3)
    fit = logistic_regression(X, y, 1.0, 0.0, tol=1e-8)
    np.testing.assert_allclose(path.coefs[1], fit.coef, atol=1e-6)


@pytest.mark.parametrize("bad, match", [
    (dict(Cs=[1.0, -1.0]), "Cs must all be > 0"),
    (dict(Cs=0), "Cs must be a positive integer"),
    (dict(l1_ratio=1.5), "l1_ratio"),
    (dict(tol=-1.0), "tol"),
    (dict(max_iter=0), "max_iter"),
    (dict(fit_intercept="no"), "fit_intercept"),
])
def test_bad_input(cancer, bad, match):
    X, y = cancer
    with pytest.raises(ValueError, match=match):
        logistic_path(X, y, **bad)


def test_item_02_huge_C_p_gt_n_and_duplicated_column():
    # #16 item 2: with C = 1e30 the L2 part 1/C is below the rounding of the Hessian, whose
    # p > n or duplicated-column Gram matrix is singular: the old positive-definite solve
    # raised LinAlgError. scikit-learn fits both.
    rng = np.random.default_rng(2)
    X = rng.standard_normal((15, 40))
    y = (X[:, 0] + 0.3 * rng.standard_normal(15) > 0).astype(int)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # separable: no minimizer
        est = regkit.LogisticRegression(C=1e30).fit(X, y)
    assert np.all(np.isfinite(est.coef_)) and est.score(X, y) == 1.0

    X = rng.standard_normal((200, 4))
    y = (rng.random(200) < expit(X @ [1.0, -1.0, 0.5, 0.0])).astype(int)
    Xd = np.column_stack([X, X[:, 0]])  # a duplicated column
    ours = regkit.LogisticRegression(C=1e30, tol=1e-10).fit(Xd, y)
    ref = SkLogisticRegression(C=1e30, tol=1e-12, max_iter=10_000).fit(Xd, y)
    np.testing.assert_allclose(ours.predict_proba(Xd), ref.predict_proba(Xd), atol=1e-6)
    # the minimum-norm step splits the weight equally between the two copies
    np.testing.assert_allclose(ours.coef_[0, 0], ours.coef_[0, 4], rtol=1e-8)


def test_cv_matches_sklearn_liblinear(cancer):
    X, y = cancer
    Cs = np.logspace(-2, 0, 4)
    cv = StratifiedKFold(3)
    ours = LogisticRegressionCV(Cs=Cs, l1_ratios=(1.0,), cv=cv, fit_intercept=False,
                                tol=1e-10).fit(X, y)
    errors = []
    for k, C in enumerate(Cs):
        for f, (tr, te) in enumerate(cv.split(X, y)):
            ref = SkLogisticRegression(C=C, l1_ratio=1.0, solver="liblinear", tol=1e-10,
                                       max_iter=100_000, fit_intercept=False).fit(X[tr], y[tr])
            errors.append(abs(ours.scores_[f, k, 0] - ref.score(X[te], y[te])))
    assert max(errors) == 0.0
    assert ours.C_ == Cs[np.argmax(ours.scores_[:, :, 0].mean(0))]
    ref = SkLogisticRegression(C=ours.C_, l1_ratio=1.0, solver="liblinear", tol=1e-12,
                               max_iter=100_000, fit_intercept=False).fit(X, y)
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-6)


def test_cv_grid_and_refit_false(wide):
    X, y = wide
    est = LogisticRegressionCV(Cs=[1.0, 0.01, 0.1], l1_ratios=[0.5, 1.0], cv=3, refit=False,
                               scoring="neg_log_loss").fit(X, y)
    assert est.scores_.shape == (3, 3, 2) and est.n_iter_.shape == (3, 3, 2)
    np.testing.assert_allclose(est.Cs_, [0.01, 0.1, 1.0])
    assert np.all(est.scores_ <= 0)  # log-loss scores are negative
    assert est.coef_.shape == (1, X.shape[1])


# cv=3 in each: check_sparsify_coefficients (run now that the CV estimator has sparsify)
# fits 3 samples per class, too few for the default 5 stratified folds
@parametrize_with_checks([LogisticRegressionCV(cv=3),
                          LogisticRegressionCV(Cs=4, l1_ratios=[0.5, 1.0], cv=3),
                          LogisticRegressionCV(Cs=3, cv=3, refit=False, l1_ratios=(1.0,))])
def test_sklearn_contract(estimator, check):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        check(estimator)
