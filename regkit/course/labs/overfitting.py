"""Polynomial regression with a ridge penalty: the overfitting chapter's laboratory.

The features are Legendre polynomials of ``x`` mapped to ``[-1, 1]``. Raw powers
``x, x^2, ..., x^15`` are so collinear that least squares on them is decided by
rounding errors; the Legendre basis spans the same functions and keeps the
normal equations well conditioned, so what we see is overfitting, not numerics.

Every fit goes through :func:`regkit.ridge` on centred features (the intercept
is never penalized), so ``alpha = 0`` is ordinary least squares (minimum-norm
when the design is rank deficient).
"""

import numpy as np

from regkit._validation import check_alpha, check_array


def polynomial_features(x, degree, *, x_range=(0.0, 1.0)):
    """Legendre features ``P_1(t), ..., P_degree(t)`` with ``t`` the affine image of ``x`` in [-1, 1].

    Parameters
    ----------
    x : array-like (n,)
    degree : int >= 0
        Number of columns; degree 0 gives an (n, 0) matrix (intercept-only model).
    x_range : (low, high)
        Interval mapped onto [-1, 1]; use the same one for training and test inputs.

    Returns
    -------
    ndarray (n, degree)
    """
    x = check_array(x, "x", ndim=1)
    if isinstance(degree, bool) or int(degree) != degree or degree < 0:
        raise ValueError(f"degree must be a non-negative integer, got {degree!r}")
    low, high = x_range
    if not high > low:
        raise ValueError(f"x_range must be (low, high) with high > low, got {x_range!r}")
    t = 2.0 * (x - low) / (high - low) - 1.0
    # three-term recurrence (k+1) P_{k+1} = (2k+1) t P_k - k P_{k-1}
    cols = []
    p_prev, p_cur = np.ones_like(t), t
    for k in range(1, int(degree) + 1):
        cols.append(p_cur)
        p_prev, p_cur = p_cur, ((2 * k + 1) * t * p_cur - k * p_prev) / (k + 1)
    return np.column_stack(cols) if cols else np.empty((t.shape[0], 0))


class PolynomialRidge:
    """Polynomial of a given degree fitted by ridge on Legendre features, intercept unpenalized.

    Minimises ``||y - b - Phi w||^2 + alpha ||w||^2`` over the intercept ``b`` and
    the weights ``w``, where ``Phi`` holds the Legendre features of ``x``.

    Parameters
    ----------
    degree : int
    alpha : float >= 0
    x_range : (low, high)
    """

    def __init__(self, degree, alpha=0.0, *, x_range=(0.0, 1.0)):
        self.degree = degree
        self.alpha = check_alpha(alpha)
        self.x_range = x_range

    def fit(self, x, y):
        from regkit._ridge import ridge

        y = check_array(y, "y", ndim=1)
        Phi = polynomial_features(x, self.degree, x_range=self.x_range)
        if Phi.shape[0] != y.shape[0]:
            raise ValueError(f"x and y have mismatched lengths: {Phi.shape[0]} and {y.shape[0]}")
        self.feature_mean_ = Phi.mean(axis=0)
        self.intercept_ = y.mean()
        if Phi.shape[1] == 0:
            self.coef_ = np.zeros(0)
        else:
            self.coef_ = ridge(Phi - self.feature_mean_, y - self.intercept_, self.alpha)
        return self

    def predict(self, x):
        Phi = polynomial_features(x, self.degree, x_range=self.x_range)
        return self.intercept_ + (Phi - self.feature_mean_) @ self.coef_


def mse(y, y_hat):
    """Mean squared error."""
    return float(np.mean((np.asarray(y) - np.asarray(y_hat)) ** 2))


def train_test_errors(x_train, y_train, x_test, y_test, *, degrees=None, alphas=None,
                      degree=None, alpha=0.0):
    """Training and test MSE along a complexity axis: a list of degrees, or a list of alphas.

    Give ``degrees`` (with a fixed ``alpha``) or ``alphas`` (with a fixed ``degree``).

    Returns
    -------
    train, test : ndarray, one entry per degree or alpha
    """
    if (degrees is None) == (alphas is None):
        raise ValueError("give exactly one of degrees or alphas")
    settings = ([(d, alpha) for d in degrees] if degrees is not None
                else [(degree, a) for a in alphas])
    train, test = [], []
    for d, a in settings:
        model = PolynomialRidge(d, a).fit(x_train, y_train)
        train.append(mse(y_train, model.predict(x_train)))
        test.append(mse(y_test, model.predict(x_test)))
    return np.array(train), np.array(test)


def bias_variance(settings, *, n_train=25, noise=0.3, n_repeats=200, n_grid=200, seed=0,
                  signal=None):
    """Estimate squared bias, variance and expected test error by simulation.

    The design is fixed, as in the classical analysis: the ``n_train`` inputs are drawn
    once (uniform on [0, 1]) and every simulated training set re-draws only the noise,
    ``y = f(x) + noise * eps`` (``f`` the sine of :func:`regkit.datasets.true_sine`
    unless ``signal`` is given). For each ``(degree, alpha)`` in ``settings`` we fit
    ``n_repeats`` times and predict on ``n_grid`` points spanning the training inputs
    (interpolation only: outside them a high-degree polynomial is meaningless). With
    ``f_hat`` the fits,

    * ``bias2``   = mean over the grid of ``(E[f_hat(x)] - f(x))^2``, estimated without the
      upward bias ``Var/n_repeats`` that the plain plug-in estimate carries (so it can
      come out slightly negative when the true bias is tiny)
    * ``variance`` = mean over the grid of ``Var[f_hat(x)]`` (unbiased, ``ddof=1``)
    * ``expected_error`` = mean over repeats and grid of ``(y_new - f_hat(x))^2`` on fresh noisy
      targets, which should equal ``bias2 + variance + noise^2`` up to Monte Carlo error.

    Returns
    -------
    dict of ndarrays keyed by ``bias2``, ``variance``, ``noise2``, ``expected_error``.
    """
    from regkit.datasets import true_sine

    f = true_sine if signal is None else signal
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(0.0, 1.0, size=n_train))
    grid = np.linspace(x[0], x[-1], n_grid)
    f_grid = f(grid)
    out = {"bias2": [], "variance": [], "noise2": [], "expected_error": []}
    # the same noise draws for every setting: differences between settings are then
    # not blurred by different random numbers
    eps = rng.standard_normal((n_repeats, n_train))
    eps_new = rng.standard_normal((n_repeats, n_grid))
    for degree, alpha in settings:
        preds = np.empty((n_repeats, n_grid))
        for r in range(n_repeats):
            model = PolynomialRidge(degree, alpha).fit(x, f(x) + noise * eps[r])
            preds[r] = model.predict(grid)
        mean_pred = preds.mean(axis=0)
        var = preds.var(axis=0, ddof=1)
        # (mean_pred - f)^2 overestimates bias^2 by var / n_repeats on average; remove that,
        # or a high-variance model would look biased merely because the simulation is finite
        out["bias2"].append(np.mean((mean_pred - f_grid) ** 2 - var / n_repeats))
        out["variance"].append(np.mean(var))
        out["noise2"].append(noise ** 2)
        y_new = f_grid + noise * eps_new
        out["expected_error"].append(np.mean((y_new - preds) ** 2))
    return {k: np.array(v) for k, v in out.items()}


def learning_curve(sizes, *, degree, alpha=0.0, noise=0.3, n_repeats=100, n_test=500, seed=0):
    """Mean training and test MSE of one model as the training set grows.

    Each repeat draws a training set of the given size and scores the fit on ``n_test``
    fresh points drawn from the range its training inputs cover (outside that range a
    polynomial extrapolates, which is a different failure from overfitting).

    Returns
    -------
    train, test : ndarray (len(sizes),), averaged over ``n_repeats`` draws
    """
    from regkit.datasets import make_sine_data

    rng = np.random.default_rng(seed)
    train, test = [], []
    for n in sizes:
        tr, te = [], []
        for _ in range(n_repeats):
            x, y = make_sine_data(int(n), noise=noise, seed=int(rng.integers(2**31)))
            x_test, y_test = make_sine_data(n_test, noise=noise, seed=int(rng.integers(2**31)),
                                            x_range=(x[0], x[-1]))
            model = PolynomialRidge(degree, alpha).fit(x, y)
            tr.append(mse(y, model.predict(x)))
            te.append(mse(y_test, model.predict(x_test)))
        train.append(np.mean(tr))
        test.append(np.mean(te))
    return np.array(train), np.array(test)
