r"""The scaling chapter's laboratory: data in natural units, one-hot designs, leaky CV.

Nothing here is a solver. The chapter needs three things that are not in regkit's
public API:

* data whose columns carry real units (square metres, kilometres, dollars), so that
  changing a unit is a one-line experiment (:func:`make_housing_data`), and a lasso fit
  that either works in those units or standardizes first (:func:`lasso_in_units`);
* a categorical variable to one-hot encode with a chosen baseline level
  (:func:`make_neighbourhood_data`, :func:`one_hot`);
* cross-validation written out by hand, so the only difference between the honest
  and the leaky estimate is *which rows* the preprocessing is fitted on
  (:func:`cv_mse`, :func:`scaler_leakage`, :func:`selection_leakage`).

All generators are seeded with ``np.random.default_rng(seed)``.
"""

import numpy as np

from regkit._validation import check_alpha, check_array, check_X_y

__all__ = [
    "HOUSING_FEATURES",
    "HOUSING_UNITS",
    "make_housing_data",
    "standardize",
    "lasso_in_units",
    "make_neighbourhood_data",
    "one_hot",
    "kfold_tests",
    "scaler_data",
    "cv_mse",
    "scaler_leakage",
    "selection_leakage",
]

HOUSING_FEATURES = ("area", "distance", "age", "income", "noise")
HOUSING_UNITS = ("m^2", "km", "years", "$", "dB")

# effect on the price (thousands of dollars) of one standard deviation of each feature;
# "noise" (street noise in decibels) has no effect at all
_HOUSING_EFFECT_PER_SD = np.array([50.0, -25.0, -20.0, 20.0, 0.0])


def make_housing_data(n_samples=200, *, noise=35.0, seed=0):
    """House prices with features in their natural units.

    Columns (see ``HOUSING_FEATURES`` and ``HOUSING_UNITS``): floor area in square
    metres, distance to the city centre in kilometres, age of the building in years,
    median household income of the neighbourhood in dollars, and street noise in
    decibels (which does not affect the price). The features are drawn independently;
    the price, in thousands of dollars, is

    ``y = 350 + sum_j e_j (x_j - mu_j) / sigma_j + noise * eps``

    with population means ``mu_j``, standard deviations ``sigma_j``, standard normal
    ``eps`` and effects per standard deviation ``e = (50, -25, -20, 20, 0)``: in
    standardized terms area matters most, then distance, then age and income equally.

    Returns
    -------
    X : ndarray (n_samples, 5)
    y : ndarray (n_samples,)
    """
    n = int(n_samples)
    if n < 2:
        raise ValueError(f"n_samples must be at least 2, got {n_samples!r}")
    rng = np.random.default_rng(seed)
    mu = np.array([110.0, 8.0, 40.0, 60_000.0, 55.0])
    sigma = np.array([35.0, 4.0, 23.0, 15_000.0, 8.0])
    X = mu + sigma * rng.standard_normal((n, mu.size))
    # physical limits: no flat below 25 m^2 or older than 120 years, distance and income positive
    X[:, 0] = np.maximum(X[:, 0], 25.0)
    X[:, 1] = np.abs(X[:, 1]) + 0.2
    X[:, 2] = np.clip(X[:, 2], 0.0, 120.0)
    X[:, 3] = np.maximum(X[:, 3], 10_000.0)
    y = 350.0 + ((X - mu) / sigma) @ _HOUSING_EFFECT_PER_SD + noise * rng.standard_normal(n)
    return X, y


def standardize(X):
    """Centre each column and divide it by its standard deviation (``ddof=0``).

    Returns
    -------
    Z : ndarray (n, p)
        ``(X - mean) / scale``.
    mean, scale : ndarray (p,)

    Raises
    ------
    ValueError
        If a column is constant (its scale is zero and the division is undefined).
    """
    X = check_array(X, "X", ndim=2)
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    constant = np.flatnonzero(scale == 0)
    if constant.size:
        raise ValueError(f"X has constant columns {constant.tolist()}: cannot standardize them")
    return (X - mean) / scale, mean, scale


def lasso_in_units(X, y, alpha, *, standardize=False, tol=1e-10, coef_init=None):
    r"""Lasso with an unpenalized intercept, in the data's units or after standardizing.

    With ``standardize=False`` it solves

    .. math:: \min_{b, w} \frac{1}{2n}\|y - b - Xw\|_2^2 + \alpha \|w\|_1 ,

    so each coefficient is penalized in whatever units its column is recorded in.
    With ``standardize=True`` it solves the same problem for ``Z = (X - mean) / scale``
    (``scale`` the column standard deviations) and maps the answer back,
    ``w_j = v_j / scale_j``: the penalty is :math:`\alpha \sum_j \text{scale}_j |w_j|`,
    the same for every choice of units. That is what scikit-learn's
    ``make_pipeline(StandardScaler(), Lasso(alpha))`` fits.

    Parameters
    ----------
    X : array_like (n, p)
    y : array_like (n,)
    alpha : float >= 0
        On the ``1/(2n)`` scale, as :func:`regkit.lasso`.
    standardize : bool, default False
    tol : float, default 1e-10
        Duality-gap tolerance passed to :func:`regkit.lasso` (tight, so that unit
        changes are compared on exact solutions).
    coef_init : array_like (p,), optional
        Warm start, in the units of the problem actually solved (standardized
        coefficients when ``standardize=True``).

    Returns
    -------
    coef : ndarray (p,)
        Coefficients in the units of ``X``.
    intercept : float
    solved : ndarray (p,)
        The coefficients of the problem solved (equal to ``coef`` unless standardizing).
    """
    from regkit._lasso import lasso

    X, y = check_X_y(X, y)
    alpha = check_alpha(alpha)
    x_mean, y_mean = X.mean(axis=0), float(y.mean())
    Xc = X - x_mean
    scale = np.ones(X.shape[1])
    if standardize:
        Xc, _, scale = _standardized(X)
    solved = lasso(Xc, y - y_mean, alpha, tol=tol, coef_init=coef_init)
    coef = solved / scale
    return coef, y_mean - float(x_mean @ coef), solved


def _standardized(X):
    # lasso_in_units' argument ``standardize`` shadows the module-level function there
    return standardize(X)


def make_neighbourhood_data(n_samples=400, *, probs=(0.35, 0.25, 0.2, 0.12, 0.08),
                            effects=(0.0, 0.0, 40.0, 40.0, 40.0), noise=30.0, seed=0):
    """Prices in neighbourhoods of different sizes, plus floor area.

    Level ``k`` is drawn with probability ``probs[k]`` and adds ``effects[k]`` thousand
    dollars to the price. With the defaults there are five levels ``A``-``E``: ``A`` and
    ``B`` are alike, and so are ``C``, ``D`` and ``E`` (40 more). The price is
    ``300 + 1.5 * (area - 110) + effects[level] + noise * eps``.

    Returns
    -------
    levels : ndarray (n_samples,) of int
        Level codes ``0 .. len(probs) - 1``.
    area : ndarray (n_samples,)
        Floor area in square metres.
    y : ndarray (n_samples,)
    """
    probs, effects = np.asarray(probs, dtype=float), np.asarray(effects, dtype=float)
    if probs.ndim != 1 or probs.shape != effects.shape:
        raise ValueError("probs and effects must be 1-D and of the same length")
    if np.any(probs < 0) or not np.isclose(probs.sum(), 1.0):
        raise ValueError(f"probs must be non-negative and sum to 1, got {probs.tolist()}")
    n = int(n_samples)
    rng = np.random.default_rng(seed)
    levels = rng.choice(probs.size, size=n, p=probs / probs.sum())
    area = np.maximum(110.0 + 35.0 * rng.standard_normal(n), 25.0)
    y = 300.0 + 1.5 * (area - 110.0) + effects[levels] + noise * rng.standard_normal(n)
    return levels, area, y


def one_hot(codes, n_levels, *, drop=None):
    """Indicator columns of integer codes, optionally without one baseline level.

    Parameters
    ----------
    codes : array_like (n,) of int in ``[0, n_levels)``
    n_levels : int
    drop : int or None
        The baseline level, whose column is left out (its effect is absorbed by the
        intercept and every other coefficient becomes a contrast with it). ``None``
        keeps all ``n_levels`` columns.

    Returns
    -------
    D : ndarray (n, n_levels) or (n, n_levels - 1)
    kept : list of int
        The level of each column.
    """
    codes = np.asarray(codes)
    if codes.ndim != 1 or not np.issubdtype(codes.dtype, np.integer):
        raise ValueError("codes must be a 1-D array of integers")
    if codes.size and (codes.min() < 0 or codes.max() >= n_levels):
        raise ValueError(f"codes must lie in [0, {n_levels}), got range "
                         f"[{codes.min()}, {codes.max()}]")
    if drop is not None and not 0 <= drop < n_levels:
        raise ValueError(f"drop must be a level in [0, {n_levels}) or None, got {drop!r}")
    kept = [k for k in range(n_levels) if k != drop]
    return (codes[:, None] == np.array(kept)[None, :]).astype(float), kept


def kfold_tests(n_samples, n_folds=5, *, seed=0):
    """Test-index arrays of a shuffled K-fold split (every sample tested exactly once)."""
    if not 2 <= n_folds <= n_samples:
        raise ValueError(f"n_folds must be in [2, n_samples={n_samples}], got {n_folds!r}")
    order = np.random.default_rng(seed).permutation(n_samples)
    return [np.sort(part) for part in np.array_split(order, n_folds)]


def cv_mse(X, y, tests, prepare, fit_predict, *, leak=False):
    """Cross-validated mean squared error, with the preprocessing fitted honestly or not.

    Parameters
    ----------
    X, y : arrays (n, p), (n,)
    tests : list of index arrays
        The test fold of each split (e.g. from :func:`kfold_tests`).
    prepare : callable(X, y) -> transform
        Fits the preprocessing (a scaler, a feature screen...) and returns a function
        ``transform(X) -> X'``.
    fit_predict : callable(X_train, y_train, X_test) -> predictions
    leak : bool, default False
        ``False``: ``prepare`` sees only the training rows of each split (the honest
        pipeline). ``True``: ``prepare`` is fitted once on all rows, test rows included,
        before the split: the leak.

    Returns
    -------
    float
        Pooled mean squared error over all test predictions.
    """
    X, y = check_X_y(X, y)
    transform = prepare(X, y) if leak else None
    sse = 0.0
    for test in tests:
        train = np.setdiff1d(np.arange(y.size), test)
        if not leak:
            transform = prepare(X[train], y[train])
        pred = fit_predict(transform(X[train]), y[train], transform(X[test]))
        sse += float(np.sum((y[test] - pred) ** 2))
    return sse / y.size


def _scaler(X, _y):
    mean, scale = X.mean(axis=0), X.std(axis=0)
    return lambda A: (A - mean) / scale


def _screen(k):
    """Keep the ``k`` columns most correlated (in absolute value) with y, then standardize."""
    def prepare(X, y):
        Xc, yc = X - X.mean(axis=0), y - y.mean()
        score = np.abs(Xc.T @ yc) / (np.linalg.norm(Xc, axis=0) * np.linalg.norm(yc))
        keep = np.sort(np.argsort(score)[-k:])
        scale = _scaler(X[:, keep], y)
        return lambda A: scale(A[:, keep])
    return prepare


def _lasso_fit_predict(alpha):
    from regkit._lasso import lasso

    def fit_predict(X_train, y_train, X_test):
        x_mean, y_mean = X_train.mean(axis=0), y_train.mean()
        coef = lasso(X_train - x_mean, y_train - y_mean, alpha, tol=1e-10)
        return y_mean + (X_test - x_mean) @ coef
    return fit_predict


def _ridge_fit_predict(alpha):
    from regkit._ridge import ridge

    def fit_predict(X_train, y_train, X_test):
        x_mean, y_mean = X_train.mean(axis=0), y_train.mean()
        coef = ridge(X_train - x_mean, y_train - y_mean, alpha)
        return y_mean + (X_test - x_mean) @ coef
    return fit_predict


def scaler_data(n_samples=50, n_features=30, *, seed=0):
    """Regression data with columns on very different, heavy-tailed scales.

    An AR(1) design (``rho = 0.5``, five informative columns, noise 2) whose columns
    are multiplied by log-uniform scales between 0.01 and 100, with Student-t
    (3 degrees of freedom) entries so that a few rows move a column's mean and
    standard deviation: the situation in which fitting the scaler on the test rows
    could matter most.
    """
    rng = np.random.default_rng(seed)
    from regkit.datasets import make_correlated_regression

    X, _, w = make_correlated_regression(n_samples, n_features, rho=0.5, n_informative=5,
                                         noise=2.0, seed=seed)
    heavy = rng.standard_t(3, size=X.shape)
    X = X + 0.5 * heavy
    y = X @ w + 2.0 * rng.standard_normal(n_samples)
    X = X * 10.0 ** rng.uniform(-2, 2, size=n_features)
    return X, y


def scaler_leakage(seed, *, n_samples=50, n_features=30, alpha=0.3, n_folds=5):
    """Honest and leaky CV MSE of a standardized lasso on one :func:`scaler_data` draw.

    The leak: the column means and standard deviations are computed on all rows
    before the split. Returns ``(honest_mse, leaky_mse)``.
    """
    X, y = scaler_data(n_samples, n_features, seed=seed)
    tests = kfold_tests(n_samples, n_folds, seed=seed)
    fit = _lasso_fit_predict(alpha)
    return (cv_mse(X, y, tests, _scaler, fit, leak=False),
            cv_mse(X, y, tests, _scaler, fit, leak=True))


def selection_leakage(seed, *, n_samples=50, n_features=1000, k=10, alpha=1.0, n_folds=5):
    """Honest and leaky CV R^2 of ridge on the ``k`` features most correlated with y.

    X and y are independent standard normal noise, so the true R^2 of every model is
    at most 0. The leak: the ``k`` features are screened on all rows before the split;
    the honest version screens inside each training fold. R^2 is reported as
    ``1 - CV MSE / Var(y)``. Returns ``(honest_r2, leaky_r2)``.
    """
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_samples, n_features))
    y = rng.standard_normal(n_samples)
    tests = kfold_tests(n_samples, n_folds, seed=seed)
    fit, prepare, var = _ridge_fit_predict(alpha), _screen(k), y.var()
    return (1.0 - cv_mse(X, y, tests, prepare, fit, leak=False) / var,
            1.0 - cv_mse(X, y, tests, prepare, fit, leak=True) / var)
