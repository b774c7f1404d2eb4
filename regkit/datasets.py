"""Seeded synthetic data and offline real data for the book and the tests.

Every generator takes a ``seed`` and returns the same arrays for the same seed,
so a number printed in a chapter is reproducible anywhere.
"""

import numpy as np

from regkit._validation import check_scalar

__all__ = ["make_correlated_regression", "make_sine_data", "true_sine", "load_diabetes"]


def make_correlated_regression(n_samples=100, n_features=20, *, rho=0.5, n_informative=5,
                               noise=1.0, coef_scale=1.0, seed=0):
    """Linear data whose columns follow an AR(1) correlation ``corr(x_i, x_j) = rho^|i-j|``.

    The ``n_informative`` non-zero true coefficients sit at evenly spaced
    positions with alternating signs and magnitudes between 1 and 2 (times
    ``coef_scale``); the response is ``y = X w_true + noise * eps`` with standard
    normal ``eps``.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    w_true : ndarray of shape (n_features,)

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.datasets import make_correlated_regression
    >>> X, y, w_true = make_correlated_regression(n_samples=2000, n_features=6, rho=0.8,
    ...                                           n_informative=3, seed=0)
    >>> X.shape, y.shape
    ((2000, 6), (2000,))
    >>> w_true
    array([ 2. ,  0. , -1.5,  0. ,  0. ,  1. ])
    >>> round(float(np.corrcoef(X[:, 0], X[:, 1])[0, 1]), 1)  # neighbouring columns: rho
    0.8
    """
    n_samples, n_features = int(n_samples), int(n_features)
    if n_samples < 1 or n_features < 1:
        raise ValueError(f"n_samples and n_features must be >= 1, got {n_samples}, {n_features}")
    rho = check_scalar(rho, "rho", low=-1.0, high=1.0, low_inclusive=False, high_inclusive=False)
    if not 0 <= n_informative <= n_features:
        raise ValueError(f"n_informative must be in [0, n_features], got {n_informative}")
    rng = np.random.default_rng(seed)
    # AR(1) recursion: each column is rho * previous + innovation, unit variance throughout
    Z = rng.standard_normal((n_samples, n_features))
    X = np.empty_like(Z)
    X[:, 0] = Z[:, 0]
    scale = np.sqrt(1.0 - rho ** 2)
    for j in range(1, n_features):
        X[:, j] = rho * X[:, j - 1] + scale * Z[:, j]
    w_true = np.zeros(n_features)
    if n_informative:
        idx = np.linspace(0, n_features - 1, n_informative).round().astype(int)
        signs = np.where(np.arange(n_informative) % 2 == 0, 1.0, -1.0)
        w_true[idx] = coef_scale * signs * np.linspace(2.0, 1.0, n_informative)
    y = X @ w_true + noise * rng.standard_normal(n_samples)
    return X, y, w_true


def make_sine_data(n_samples=30, *, noise=0.3, seed=0, x_range=(0.0, 1.0)):
    """Noisy samples of ``sin(2 pi x)`` on a uniform random grid: the overfitting chapter's data.

    Returns
    -------
    x : ndarray of shape (n_samples,), sorted
    y : ndarray of shape (n_samples,)

    Examples
    --------
    >>> from regkit.datasets import make_sine_data, true_sine
    >>> x, y = make_sine_data(n_samples=5, noise=0.3, seed=0)
    >>> x.round(3)  # sorted inputs in [0, 1)
    array([0.017, 0.041, 0.27 , 0.637, 0.813])
    >>> (y - true_sine(x)).round(3)  # the noise
    array([ 0.108,  0.391,  0.284, -0.211, -0.38 ])
    """
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(*x_range, size=int(n_samples)))
    y = true_sine(x) + noise * rng.standard_normal(x.shape[0])
    return x, y


def true_sine(x):
    """The noiseless signal behind :func:`make_sine_data`.

    Examples
    --------
    >>> from regkit.datasets import true_sine
    >>> true_sine([0.0, 0.25, 0.75]).round(3)
    array([ 0.,  1., -1.])
    """
    return np.sin(2 * np.pi * np.asarray(x, dtype=float))


def load_diabetes(*, standardize=False):
    """scikit-learn's diabetes data (442 patients, 10 features), shipped with scikit-learn (offline).

    scikit-learn stores the features already centred and scaled so each column
    has Euclidean norm 1. With ``standardize=True`` each column is rescaled to
    unit variance instead.

    Returns
    -------
    X : ndarray of shape (442, 10)
    y : ndarray of shape (442,)
    feature_names : list of str

    Examples
    --------
    >>> from regkit.datasets import load_diabetes
    >>> X, y, names = load_diabetes(standardize=True)
    >>> X.shape, names[:3]
    ((442, 10), ['age', 'sex', 'bmi'])
    >>> X.std(axis=0).round(3)[:3]
    array([1., 1., 1.])
    """
    from sklearn.datasets import load_diabetes as _load  # heavy import, only when asked

    data = _load()
    X = np.asarray(data.data, dtype=float)
    if standardize:
        X = (X - X.mean(axis=0)) / X.std(axis=0)
    return X, np.asarray(data.target, dtype=float), list(data.feature_names)
