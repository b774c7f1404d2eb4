"""Penalized logistic regression: regkit's proximal Newton solver against references.

References: scikit-learn's lbfgs (L2, multinomial), liblinear (L1), and an independent
smooth reformulation solved by scipy's L-BFGS-B (elastic net). Data are unstandardized
with an intercept: column means ~10 and scales from 1 to 100.
"""

import warnings

import numpy as np
import pytest
from scipy import optimize
from scipy.special import expit, logsumexp
from sklearn.linear_model import LogisticRegression as SkLogisticRegression

import regkit
from regkit.exceptions import ConvergenceWarning
from regkit.solvers.logistic import logistic_regression


def _rel(a, b):
    """Norm-wise relative difference max|a - b| / max|b|."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b)) / np.max(np.abs(b)))


@pytest.fixture(scope="module")
def binary_data():
    """Unstandardized binary problem: column means ~10, scales 1..100."""
    rng = np.random.default_rng(0)
    n, p = 300, 6
    scales = np.logspace(0, 2, p)
    Z = rng.standard_normal((n, p))
    X = 10.0 + Z * scales
    w_true = rng.standard_normal(p) * 1.5
    y = (rng.random(n) < expit(Z @ w_true + 0.3)).astype(int)
    return X, y


def _objective(X, y, C, l1_ratio, coef, intercept):
    """scikit-learn 1.9's objective for two classes (y in {0, 1})."""
    eta = X @ coef + intercept
    loss = np.sum(np.logaddexp(0.0, eta) - y * eta)
    return C * loss + 0.5 * (1 - l1_ratio) * coef @ coef + l1_ratio * np.sum(np.abs(coef))


@pytest.mark.parametrize("C", [0.01, 1.0, 100.0])
def test_l2_matches_sklearn_lbfgs(binary_data, C):
    X, y = binary_data
    ours = regkit.LogisticRegression(C=C, l1_ratio=0.0, tol=1e-10).fit(X, y)
    ref = SkLogisticRegression(C=C, l1_ratio=0.0, tol=1e-12, max_iter=100_000).fit(X, y)
    assert _rel(ours.coef_, ref.coef_) < 1e-4
    assert _rel(ours.intercept_, ref.intercept_) < 1e-4
    assert np.max(np.abs(ours.predict_proba(X) - ref.predict_proba(X))) < 1e-6
    # the proximal Newton solver needs few IRLS steps even on badly scaled columns
    assert ours.n_iter_[0] <= 15


@pytest.mark.parametrize("C", [0.01, 0.1, 1.0])
def test_l1_matches_sklearn_liblinear(binary_data, C):
    X, y = binary_data
    ours = regkit.LogisticRegression(C=C, l1_ratio=1.0, tol=1e-12).fit(X, y)
    # liblinear penalizes the intercept as a weight on a constant column of value
    # intercept_scaling; a huge column makes that penalty negligible (1e6 is the
    # largest value at which liblinear still converges tightly on this data)
    ref = SkLogisticRegression(C=C, l1_ratio=1.0, solver="liblinear", tol=1e-14,
                               max_iter=1_000_000, intercept_scaling=1e6).fit(X, y)
    assert _rel(ours.coef_, ref.coef_) < 1e-4
    # liblinear's intercept is the least accurate number it returns (the huge column
    # slows its convergence: the error grows with intercept_scaling); the exact,
    # unpenalized intercept is checked to 1e-6 against the smooth reference below
    assert _rel(ours.intercept_, ref.intercept_) < 3e-4
    np.testing.assert_array_equal(ours.coef_ == 0, ref.coef_ == 0)
    w_ref, b_ref = _enet_reference(X, y, C, 1.0)
    assert _rel(ours.coef_[0], w_ref) < 1e-6
    assert abs(ours.intercept_[0] - b_ref) < 1e-6 * abs(b_ref)


def test_l1_gives_exact_zeros(binary_data):
    X, y = binary_data
    coef = regkit.LogisticRegression(C=0.01, l1_ratio=1.0, tol=1e-12).fit(X, y).coef_
    assert 0 < np.sum(coef == 0.0) < coef.size
    # an L2 fit of the same data has no exact zeros
    assert np.all(regkit.LogisticRegression(C=0.01).fit(X, y).coef_ != 0.0)


def test_l1_all_zero_threshold(binary_data):
    """With an intercept, w = 0 is optimal iff C * ||Xc^T (y - mean y)||_inf <= 1."""
    X, y = binary_data
    C0 = 1.0 / np.max(np.abs((X - X.mean(axis=0)).T @ (y - y.mean())))
    below = logistic_regression(X, y, 0.999 * C0, 1.0, tol=1e-12)
    assert np.all(below.coef == 0.0)
    # the intercept alone then fits the base rate: logit(mean y)
    np.testing.assert_allclose(below.intercept, np.log(y.mean() / (1 - y.mean())), rtol=1e-10)
    above = logistic_regression(X, y, 1.01 * C0, 1.0, tol=1e-12)
    assert np.sum(above.coef != 0.0) == 1


def _enet_reference(X, y, C, l1_ratio):
    """Solve the elastic-net logistic problem by L-BFGS-B on w = u - v, u, v >= 0.

    Splitting removes the kink of |w|: r * ||w||_1 = r * sum(u + v) at the optimum.
    """
    n, p = X.shape

    def fun(z):
        u, v, b = z[:p], z[p:2 * p], z[-1]
        w = u - v
        eta = X @ w + b
        g_eta = C * (expit(eta) - y)
        g_w = X.T @ g_eta + (1 - l1_ratio) * w
        value = (C * np.sum(np.logaddexp(0.0, eta) - y * eta)
                 + 0.5 * (1 - l1_ratio) * w @ w + l1_ratio * np.sum(u + v))
        return value, np.concatenate([g_w + l1_ratio, -g_w + l1_ratio, [g_eta.sum()]])

    bounds = [(0.0, None)] * (2 * p) + [(None, None)]
    res = optimize.minimize(fun, np.zeros(2 * p + 1), jac=True, method="L-BFGS-B",
                            bounds=bounds, options=dict(maxiter=100_000, ftol=1e-15, gtol=1e-12))
    return res.x[:p] - res.x[p:2 * p], res.x[-1]


@pytest.mark.parametrize("C, l1_ratio", [(0.05, 0.6), (1.0, 0.3), (0.02, 0.9)])
def test_elastic_net_matches_independent_reference(C, l1_ratio):
    rng = np.random.default_rng(3)
    n, p = 150, 5
    X = 1.0 + rng.standard_normal((n, p)) * np.linspace(0.5, 3.0, p)
    y = (rng.random(n) < expit(X @ np.array([1.0, -0.5, 0.0, 0.0, 0.3]) - 1.0)).astype(int)
    w_ref, b_ref = _enet_reference(X, y, C, l1_ratio)
    fit = logistic_regression(X, y, C, l1_ratio, tol=1e-12)
    assert _rel(fit.coef[0], w_ref) < 1e-6
    assert abs(fit.intercept[0] - b_ref) < 1e-6 * max(1.0, abs(b_ref))
    # our objective is no worse than the reference's
    ours = _objective(X, y, C, l1_ratio, fit.coef[0], fit.intercept[0])
    assert ours <= _objective(X, y, C, l1_ratio, w_ref, b_ref) + 1e-10


def test_kkt_certificate_holds_at_solution(binary_data):
    """Recompute the optimality conditions from scratch at the returned solution."""
    X, y = binary_data
    C, r = 0.05, 0.5
    fit = logistic_regression(X, y, C, r, tol=1e-9)
    w, b = fit.coef[0], fit.intercept[0]
    resid = expit(X @ w + b) - y
    grad = C * X.T @ resid + (1 - r) * w
    n = X.shape[0]
    nz = w != 0
    # scale: the averaged objective (1/n)(loss + penalty / C) = objective / (n C)
    assert np.max(np.abs(grad[nz] + r * np.sign(w[nz]))) / (n * C) <= 1e-9
    assert np.all(np.abs(grad[~nz]) <= r + 1e-12)
    assert abs(resid.sum()) / n <= 1e-9
    assert fit.kkt <= 1e-9


def test_unpenalized_matches_sklearn(binary_data):
    X, y = binary_data
    ours = regkit.LogisticRegression(C=np.inf, tol=1e-10).fit(X, y)
    ref = SkLogisticRegression(C=np.inf, tol=1e-12, max_iter=100_000).fit(X, y)
    assert _rel(ours.coef_, ref.coef_) < 1e-4
    assert _rel(ours.intercept_, ref.intercept_) < 1e-4


@pytest.fixture(scope="module")
def multiclass_data():
    rng = np.random.default_rng(1)
    n, p, K = 400, 5, 4
    X = rng.standard_normal((n, p))
    eta = X @ rng.standard_normal((p, K))
    P = np.exp(eta - logsumexp(eta, axis=1, keepdims=True))
    y = np.array([rng.choice(K, p=row) for row in P])
    return X, np.array(["a", "b", "c", "d"])[y]


@pytest.mark.parametrize("C", [0.1, 10.0])
def test_multinomial_l2_matches_sklearn(multiclass_data, C):
    X, y = multiclass_data
    ours = regkit.LogisticRegression(C=C, tol=1e-10).fit(X, y)
    ref = SkLogisticRegression(C=C, tol=1e-12, max_iter=100_000).fit(X, y)
    np.testing.assert_array_equal(ours.classes_, ref.classes_)
    assert ours.coef_.shape == (4, 5) and ours.intercept_.shape == (4,)
    assert _rel(ours.coef_, ref.coef_) < 1e-4
    # softmax is shift invariant: compare the identifiable, zero-sum intercepts
    assert _rel(ours.intercept_, ref.intercept_ - ref.intercept_.mean()) < 1e-4
    assert np.max(np.abs(ours.predict_proba(X) - ref.predict_proba(X))) < 1e-6
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


def test_multinomial_l1_zeros_and_kkt(multiclass_data):
    X, y = multiclass_data
    fit = logistic_regression(X, y, 0.03, 1.0, tol=1e-10)
    assert fit.kkt <= 1e-10
    assert 0 < np.sum(fit.coef == 0.0) < fit.coef.size


def test_multinomial_unstandardized_reaches_lower_objective_than_lbfgs():
    """On badly scaled columns lbfgs stops early; the Newton solver gets closer."""
    rng = np.random.default_rng(1)
    n, p, K = 400, 5, 3
    scales = np.logspace(0, 2, p)
    Z = rng.standard_normal((n, p))
    X = 10.0 + Z * scales
    eta = Z @ rng.standard_normal((p, K))
    y = np.array([rng.choice(K, p=row) for row in np.exp(eta - logsumexp(eta, 1, keepdims=True))])

    def objective(W, b):
        e = X @ W.T + b
        return np.sum(logsumexp(e, axis=1) - e[np.arange(n), y]) + 0.5 * np.sum(W * W)

    ours = regkit.LogisticRegression(C=1.0, tol=1e-10).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = SkLogisticRegression(C=1.0, tol=1e-12, max_iter=100_000).fit(X, y)
    assert objective(ours.coef_, ours.intercept_) <= objective(ref.coef_, ref.intercept_)
    assert np.max(np.abs(ours.predict_proba(X) - ref.predict_proba(X))) < 1e-4


def test_estimator_methods_are_consistent(binary_data):
    X, y = binary_data
    labels = np.where(y == 1, "spam", "ham")
    clf = regkit.LogisticRegression(C=0.5).fit(X, labels)
    np.testing.assert_array_equal(clf.classes_, ["ham", "spam"])
    scores = clf.decision_function(X)
    proba = clf.predict_proba(X)
    assert scores.shape == (X.shape[0],) and proba.shape == (X.shape[0], 2)
    np.testing.assert_allclose(proba[:, 1], expit(scores), rtol=1e-12)
    np.testing.assert_allclose(np.exp(clf.predict_log_proba(X)), proba, rtol=1e-12)
    np.testing.assert_array_equal(clf.predict(X), np.where(scores > 0, "spam", "ham"))
    assert 0.7 < clf.score(X, labels) <= 1.0


def test_warm_start_reuses_the_solution(binary_data):
    X, y = binary_data
    clf = regkit.LogisticRegression(C=1.0, l1_ratio=0.5, tol=1e-8, warm_start=True).fit(X, y)
    first = clf.coef_.copy()
    clf.fit(X, y)
    assert clf.n_iter_[0] == 0  # already optimal: the KKT check passes at the start
    np.testing.assert_array_equal(clf.coef_, first)


def test_max_iter_warns_with_kkt_value(binary_data):
    X, y = binary_data
    with pytest.warns(ConvergenceWarning, match="KKT violation"):
        fit = logistic_regression(X, y, 1.0, 1.0, tol=1e-14, max_iter=1)
    assert fit.n_iter == 1


def test_fit_intercept_false_has_no_intercept(binary_data):
    X, y = binary_data
    clf = regkit.LogisticRegression(fit_intercept=False, tol=1e-10).fit(X, y)
    ref = SkLogisticRegression(fit_intercept=False, tol=1e-12, max_iter=100_000).fit(X, y)
    np.testing.assert_array_equal(clf.intercept_, [0.0])
    assert _rel(clf.coef_, ref.coef_) < 1e-4


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(C=0.0), "C must be a positive real"),
        (dict(C=-1.0), "C must be a positive real"),
        (dict(C=float("nan")), "C must be a positive real"),
        (dict(C="big"), "C must be a positive real"),
        (dict(l1_ratio=1.5), "l1_ratio must be in"),
        (dict(tol=-1.0), "tol must be"),
        (dict(max_iter=-1), "max_iter must be a non-negative integer"),
    ],
)
def test_bad_parameters_raise(binary_data, kwargs, match):
    X, y = binary_data
    args = dict(C=1.0, l1_ratio=0.0)
    args.update({k: kwargs[k] for k in ("C", "l1_ratio") if k in kwargs})
    rest = {k: v for k, v in kwargs.items() if k not in ("C", "l1_ratio")}
    with pytest.raises(ValueError, match=match):
        logistic_regression(X, y, args["C"], args["l1_ratio"], **rest)


def test_bad_data_raise():
    X = np.arange(12.0).reshape(6, 2)
    with pytest.raises(ValueError, match="only one class"):
        logistic_regression(X, np.ones(6), 1.0)
    with pytest.raises(ValueError, match="mismatched lengths"):
        logistic_regression(X, np.array([0, 1, 0]), 1.0)
    X_nan = X.copy()
    X_nan[0, 0] = np.nan
    with pytest.raises(ValueError, match="X contains NaN"):
        logistic_regression(X_nan, np.array([0, 1] * 3), 1.0)
    with pytest.raises(ValueError, match="coef_init must have shape"):
        logistic_regression(X, np.array([0, 1] * 3), 1.0, coef_init=np.zeros((1, 3)))


# --- scikit-learn's parameters (issue #15) -----------------------------------------------

@pytest.fixture(scope="module")
def small_multi():
    """A standardized 3-class problem with zeros (for the sparse versions) and weights."""
    rng = np.random.default_rng(7)
    n, p = 90, 5
    X = rng.standard_normal((n, p))
    X[rng.random((n, p)) < 0.4] = 0.0
    y = np.argmax(X @ rng.standard_normal((p, 3)) + rng.standard_normal((n, 3)), axis=1)
    sw = rng.integers(0, 4, n).astype(float)
    return X, y, sw


@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("l1_ratio", [0.0, 0.5, 1.0])
def test_integer_weights_equal_repeated_rows_and_sparse_equals_dense(small_multi, n_classes,
                                                                     l1_ratio):
    import scipy.sparse as sp

    X, y, sw = small_multi
    y = y if n_classes == 3 else (y > 0).astype(int)
    est = dict(C=0.5, l1_ratio=l1_ratio, tol=1e-12)
    weighted = regkit.LogisticRegression(**est).fit(X, y, sample_weight=sw)
    repeated = regkit.LogisticRegression(**est).fit(np.repeat(X, sw.astype(int), axis=0),
                                                    np.repeat(y, sw.astype(int)))
    sparse = regkit.LogisticRegression(**est).fit(sp.csr_matrix(X), y, sample_weight=sw)
    np.testing.assert_allclose(weighted.coef_, repeated.coef_, atol=1e-10)
    np.testing.assert_allclose(weighted.intercept_, repeated.intercept_, atol=1e-10)
    np.testing.assert_allclose(sparse.coef_, weighted.coef_, atol=1e-10)
    np.testing.assert_allclose(sparse.intercept_, weighted.intercept_, atol=1e-10)
    np.testing.assert_allclose(sparse.predict_proba(sp.csr_matrix(X)),
                               weighted.predict_proba(X), atol=1e-10)


@pytest.mark.parametrize("class_weight", ["balanced", {0: 3.0, 1: 0.5, 2: 1.0}])
def test_class_weight_matches_sklearn(small_multi, class_weight):
    X, y, sw = small_multi
    ours = regkit.LogisticRegression(C=0.8, class_weight=class_weight, tol=1e-12).fit(
        X, y, sample_weight=sw)
    ref = SkLogisticRegression(C=0.8, class_weight=class_weight, tol=1e-14,
                               max_iter=100_000).fit(X, y, sample_weight=sw)
    # lbfgs stops on its own criteria near 1e-7 here; regkit's objective is no worse
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-6)
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-5)
    from sklearn.utils.class_weight import compute_class_weight

    classes = np.unique(y)
    s = sw * compute_class_weight(class_weight, classes=classes, y=y, sample_weight=sw)[y]

    def objective(est):
        logp = np.log(est.predict_proba(X))[np.arange(y.size), y]
        return -0.8 * s @ logp + 0.5 * np.sum(est.coef_ ** 2)

    assert objective(ours) <= objective(ref) + 1e-12 * abs(objective(ref))


@pytest.mark.parametrize("l1_ratio", [0.0, 1.0])
def test_liblinear_penalizes_the_intercept_as_liblinear(binary_data, l1_ratio):
    X, y = binary_data
    X = (X - X.mean(axis=0)) / X.std(axis=0) + 1.0  # mean 1: the intercept matters
    for scaling in (0.5, 3.0):
        ours = regkit.LogisticRegression(C=0.3, l1_ratio=l1_ratio, solver="liblinear",
                                         intercept_scaling=scaling, tol=1e-12).fit(X, y)
        ref = SkLogisticRegression(C=0.3, l1_ratio=l1_ratio, solver="liblinear",
                                   intercept_scaling=scaling, tol=1e-14,
                                   max_iter=1_000_000).fit(X, y)
        np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-6)
        np.testing.assert_allclose(ours.intercept_, ref.intercept_, atol=1e-6)
        assert ours.solver_ == "liblinear" and ours.coef_.dtype == np.float64


@pytest.mark.parametrize("kwargs, match", [
    (dict(solver="lbfgs", l1_ratio=1.0), "supports only 'l2' or None"),
    (dict(solver="liblinear", l1_ratio=0.5), "Only 'saga' solver supports elasticnet"),
    (dict(solver="liblinear", C=np.inf), "not supported for the liblinear"),
    (dict(solver="newton-cg", dual=True), "supports only dual=False"),
    (dict(solver="liblinear", dual=True, l1_ratio=1.0), "dual=True is supported only"),
    (dict(solver="newton"), "solver must be one of"),
])
def test_solver_rules_as_sklearn(binary_data, kwargs, match):
    X, y = binary_data
    with pytest.raises(ValueError, match=match):
        regkit.LogisticRegression(**kwargs).fit(X, y)


def test_liblinear_refuses_multiclass(small_multi):
    X, y, _ = small_multi
    with pytest.raises(ValueError, match="does not support multiclass"):
        regkit.LogisticRegression(solver="liblinear").fit(X, y)


def test_max_iter_zero_returns_the_start_with_a_warning(small_multi):
    X, y, _ = small_multi
    with pytest.warns(ConvergenceWarning, match="lbfgs failed to converge"):
        est = regkit.LogisticRegression(solver="lbfgs", max_iter=0).fit(X, y)
    assert np.all(est.coef_ == 0.0) and np.all(est.intercept_ == 0.0)
    assert est.n_iter_[0] == 0


def test_penalty_parameter_decides_with_a_future_warning(binary_data):
    X, y = binary_data
    with pytest.warns(FutureWarning, match="penalty is deprecated"):
        l1 = regkit.LogisticRegression(penalty="l1", C=0.05, l1_ratio=1.0,
                                       solver="saga", tol=1e-10).fit(X, y)
    plain = regkit.LogisticRegression(C=0.05, l1_ratio=1.0, tol=1e-10).fit(X, y)
    np.testing.assert_allclose(l1.coef_, plain.coef_, atol=1e-12)


def test_float32_kept_and_sparsify(small_multi):
    import scipy.sparse as sp

    X, y, _ = small_multi
    est = regkit.LogisticRegression(C=0.1, l1_ratio=1.0, tol=1e-10).fit(X.astype(np.float32), y)
    assert est.coef_.dtype == np.float32
    dense = est.decision_function(X)
    est.sparsify()
    assert sp.issparse(est.coef_)
    np.testing.assert_allclose(est.decision_function(X), dense, rtol=1e-6)
    assert isinstance(est.densify().coef_, np.ndarray)


@pytest.mark.parametrize("l1_ratios", [(0.0,), (1.0,), (0.0, 0.5)])
def test_logistic_regression_cv_sparse_equals_dense(small_multi, l1_ratios):
    import scipy.sparse as sp

    X, y, _ = small_multi
    y = (y > 0).astype(int)
    est = dict(Cs=5, l1_ratios=l1_ratios, cv=3, tol=1e-12)
    dense = regkit.LogisticRegressionCV(**est).fit(X, y)
    sparse = regkit.LogisticRegressionCV(**est).fit(sp.csc_matrix(X), y)
    assert sparse.C_ == dense.C_ and sparse.l1_ratio_ == dense.l1_ratio_
    np.testing.assert_allclose(sparse.coef_, dense.coef_, atol=1e-10)
    np.testing.assert_allclose(sparse.intercept_, dense.intercept_, atol=1e-10)
