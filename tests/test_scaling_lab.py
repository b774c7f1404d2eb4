"""regkit.course.labs.scaling: unit changes, standardization, one-hot designs and leaky CV."""

import numpy as np
import pytest

import regkit
from regkit.course.labs.scaling import (
    cv_mse,
    kfold_tests,
    lasso_in_units,
    make_housing_data,
    make_neighbourhood_data,
    one_hot,
    scaler_data,
    scaler_leakage,
    selection_leakage,
    standardize,
)

FACTORS = np.array([1e-2, 1e3, 1.0, 1e-3, 10.0])  # one change of units per column


@pytest.fixture(scope="module")
def housing():
    return make_housing_data(200, seed=0)


def test_housing_data_is_seeded_and_in_natural_units(housing):
    X, y = housing
    X2, y2 = make_housing_data(200, seed=0)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    assert not np.array_equal(y, make_housing_data(200, seed=1)[1])
    # prices in the hundreds (thousands of dollars): what the intercept section needs
    assert 300 < y.mean() < 400
    # income in dollars varies thousands of times more than distance in km
    sd = X.std(axis=0)
    assert sd[3] / sd[1] > 1000
    # the per-standard-deviation effects are recovered by least squares (area the largest)
    Z, _, _ = standardize(X)
    ols = np.linalg.lstsq(np.column_stack([np.ones(len(y)), Z]), y, rcond=None)[0][1:]
    np.testing.assert_allclose(ols, [50, -25, -20, 20, 0], atol=8)


def test_standardize_rejects_constant_columns_and_standardizes():
    X = np.column_stack([np.arange(5.0), np.full(5, 3.0)])
    with pytest.raises(ValueError, match="constant"):
        standardize(X)
    Z, mean, scale = standardize(np.column_stack([np.arange(5.0), np.arange(5.0) ** 2]))
    np.testing.assert_allclose(Z.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Z.std(axis=0), 1)
    assert mean[0] == 2.0


def test_standardized_lasso_does_not_depend_on_units(housing):
    X, y = housing
    coef, b, solved = lasso_in_units(X, y, 10.0, standardize=True)
    coef_u, b_u, solved_u = lasso_in_units(X * FACTORS, y, 10.0, standardize=True)
    np.testing.assert_allclose(solved_u, solved, atol=1e-7)
    np.testing.assert_allclose(coef_u * FACTORS, coef, rtol=1e-7, atol=1e-12)
    assert np.array_equal(coef_u != 0, coef != 0)
    assert b_u == pytest.approx(b, rel=1e-9)


def test_lasso_in_units_is_a_reweighted_lasso(housing):
    """Multiplying column j by c_j is the lasso with weight 1/c_j on w_j (original units)."""
    X, y = housing
    coef_u, _, _ = lasso_in_units(X * FACTORS, y, 100.0)
    weighted = regkit.lasso(X - X.mean(axis=0), y - y.mean(), 100.0, weights=1 / FACTORS,
                            tol=1e-12)
    np.testing.assert_allclose(coef_u * FACTORS, weighted, rtol=1e-5, atol=1e-9)
    # and the selected set does change with these units at this alpha
    coef, _, _ = lasso_in_units(X, y, 100.0)
    assert not np.array_equal(coef != 0, coef_u != 0)


def test_lasso_in_units_matches_scikit_learn(housing):
    from sklearn.linear_model import Lasso
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, y = housing
    Xk = X.copy()
    Xk[:, 3] /= 1000  # income in k$: keeps scikit-learn's coordinate descent well scaled
    raw = Lasso(alpha=100.0, tol=1e-12, max_iter=100_000).fit(Xk, y)
    coef, b, _ = lasso_in_units(Xk, y, 100.0)
    np.testing.assert_allclose(coef, raw.coef_, rtol=1e-5, atol=1e-8)
    assert b == pytest.approx(raw.intercept_, rel=1e-8)
    pipe = make_pipeline(StandardScaler(), Lasso(alpha=5.0, tol=1e-12, max_iter=100_000)).fit(X, y)
    _, _, solved = lasso_in_units(X, y, 5.0, standardize=True)
    np.testing.assert_allclose(solved, pipe[-1].coef_, rtol=1e-6, atol=1e-8)


def test_one_hot_codes_and_baseline():
    codes = np.array([0, 2, 1, 2, 0])
    D, kept = one_hot(codes, 3)
    assert kept == [0, 1, 2] and np.array_equal(D.sum(axis=1), np.ones(5))
    assert np.array_equal(D.argmax(axis=1), codes)
    Db, kept_b = one_hot(codes, 3, drop=2)
    assert kept_b == [0, 1]
    assert np.array_equal(Db[codes == 2], np.zeros((2, 2)))
    with pytest.raises(ValueError, match="codes"):
        one_hot(np.array([0, 3]), 3)
    with pytest.raises(ValueError, match="drop"):
        one_hot(codes, 3, drop=5)
    with pytest.raises(ValueError, match="codes"):
        one_hot(np.array([0.0, 1.0]), 2)


def test_neighbourhood_data_effects_are_recoverable():
    levels, area, y = make_neighbourhood_data(4000, seed=3)
    freq = np.bincount(levels, minlength=5) / levels.size
    np.testing.assert_allclose(freq, [0.35, 0.25, 0.2, 0.12, 0.08], atol=0.03)
    D, _ = one_hot(levels, 5, drop=0)
    design = np.column_stack([np.ones(y.size), D, area])
    est = np.linalg.lstsq(design, y, rcond=None)[0]
    np.testing.assert_allclose(est[1:5], [0, 40, 40, 40], atol=5)
    assert est[5] == pytest.approx(1.5, abs=0.1)
    with pytest.raises(ValueError, match="probs"):
        make_neighbourhood_data(10, probs=(0.5, 0.6), effects=(0, 1))


def test_kfold_tests_partition():
    tests = kfold_tests(23, 5, seed=1)
    assert len(tests) == 5
    assert np.array_equal(np.sort(np.concatenate(tests)), np.arange(23))
    with pytest.raises(ValueError, match="n_folds"):
        kfold_tests(3, 5)


def _ols_fit_predict(X_train, y_train, X_test):
    A = np.column_stack([np.ones(len(y_train)), X_train])
    coef = np.linalg.lstsq(A, y_train, rcond=None)[0]
    return coef[0] + X_test @ coef[1:]


def _scaler(X, _y):
    mean, scale = X.mean(axis=0), X.std(axis=0)
    return lambda A: (A - mean) / scale


def test_leaky_cv_is_preprocessing_fitted_on_all_rows():
    X, y = scaler_data(40, 8, seed=2)
    tests = kfold_tests(40, 4, seed=2)
    leaky = cv_mse(X, y, tests, _scaler, _ols_fit_predict, leak=True)
    Z = _scaler(X, y)(X)
    by_hand = cv_mse(Z, y, tests, lambda A, b: (lambda M: M), _ols_fit_predict)
    assert leaky == pytest.approx(by_hand, rel=1e-12)
    # least squares with an intercept is affine-equivariant: scaling cannot change its CV error
    honest = cv_mse(X, y, tests, _scaler, _ols_fit_predict)
    assert honest == pytest.approx(leaky, rel=1e-9)


def test_honest_cv_matches_a_scikit_learn_pipeline():
    from sklearn.linear_model import Lasso
    from sklearn.model_selection import cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, y = scaler_data(50, 30, seed=4)
    tests = kfold_tests(50, 5, seed=4)
    folds = [(np.setdiff1d(np.arange(50), t), t) for t in tests]
    pipe = make_pipeline(StandardScaler(), Lasso(alpha=0.3, tol=1e-12, max_iter=100_000))
    sk = -cross_val_score(pipe, X, y, cv=folds, scoring="neg_mean_squared_error").mean()
    honest, _ = scaler_leakage(4)
    assert honest == pytest.approx(sk, rel=1e-5)  # equal fold sizes: pooled = mean of folds


def test_selection_leakage_is_large_and_scaler_leakage_small():
    sel = np.array([selection_leakage(s) for s in range(6)])
    honest, leaky = sel.mean(axis=0)
    assert honest < 0.05  # pure noise: no model can beat predicting the mean
    assert leaky - honest > 0.4
    assert np.all(sel[:, 1] > sel[:, 0])
    sca = np.array([scaler_leakage(s) for s in range(6)])
    rel = np.abs(sca[:, 1] - sca[:, 0]) / sca[:, 0]
    assert rel.max() < 0.1 and rel.max() > 0  # a real but small difference
