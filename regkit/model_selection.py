"""Model selection along a regularization path: K-fold error, the one-standard-error rule.

The estimators with ``CV`` in their name (:mod:`regkit.estimators`) are built from these
pieces; they are public so that a path computed by hand can be scored the same way
(:func:`select_alpha` shows the two rules on a small example).
"""

import numpy as np

__all__ = ["SELECTION_RULES", "center_data", "fold_mse", "fold_standard_error", "select_alpha"]

# glmnet's lambda.min and lambda.1se
SELECTION_RULES = ("min", "1se")


def center_data(X, y, fit_intercept):
    """Centered copies of X and y and the means removed (zeros without an intercept).

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.model_selection import center_data
    >>> X = np.array([[1.0, 2.0], [3.0, 6.0]])
    >>> y = np.array([1.0, 3.0])
    >>> Xc, yc, x_mean, y_mean = center_data(X, y, fit_intercept=True)
    >>> Xc
    array([[-1., -2.],
           [ 1.,  2.]])
    >>> yc
    array([-1.,  1.])
    >>> x_mean
    array([2., 4.])
    >>> y_mean
    2.0
    """
    if not fit_intercept:
        return X, y, np.zeros(X.shape[1]), 0.0
    x_mean = X.mean(axis=0)
    y_mean = float(y.mean())
    return X - x_mean, y - y_mean, x_mean, y_mean


def select_alpha(mean_err, se, alphas, rule):
    """Index (row, column) of the chosen model in ``mean_err`` (n_l1_ratio, n_alphas).

    ``"min"``: the first minimum (rows, then alphas in the order given).
    ``"1se"``: within the minimum's row, the largest alpha whose mean error is at
    most the minimum plus its standard error.

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.model_selection import select_alpha
    >>> alphas = np.array([[1.0, 0.5, 0.1]])
    >>> mean_mse = np.array([[3.0, 2.05, 2.0]])
    >>> se = np.array([[0.1, 0.1, 0.1]])
    >>> select_alpha(mean_mse, se, alphas, "min")  # (row, column) of the smallest error
    (0, 2)
    >>> select_alpha(mean_mse, se, alphas, "1se")  # the largest alpha within one SE of it
    (0, 1)
    """
    row, col = np.unravel_index(np.argmin(mean_err), mean_err.shape)
    if rule == "1se":
        within = np.flatnonzero(mean_err[row] <= mean_err[row, col] + se[row, col])
        col = within[np.argmax(alphas[row, within])]
    return int(row), int(col)


def fold_standard_error(errors):
    """Standard error of the mean over the last axis (folds or samples), ddof=1.

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.model_selection import fold_standard_error
    >>> errors = np.array([[1.0, 2.0, 3.0], [2.0, 2.0, 2.0]])  # (n_alphas, n_folds)
    >>> fold_standard_error(errors).round(4)  # std (ddof=1) / sqrt(n_folds)
    array([0.5774, 0.    ])
    """
    n_folds = errors.shape[-1]
    if n_folds < 2:
        raise ValueError(
            "selection_rule='1se' needs at least 2 CV folds to estimate a standard error"
        )
    return errors.std(axis=-1, ddof=1) / np.sqrt(n_folds)


def fold_mse(X_train, y_train, X_test, y_test, fit_intercept, coefs_of):
    """Test MSE of every column of coefficients fitted on one training fold.

    ``coefs_of(Xc, yc)`` returns (p, n_alphas) coefficients for centered training
    data; the intercepts use the training means only (no information from the test fold).

    Examples
    --------
    >>> import numpy as np
    >>> from regkit import ridge_path
    >>> from regkit.model_selection import fold_mse
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((40, 3))
    >>> y = 1.0 + X @ np.array([2.0, -1.0, 0.0]) + 0.5 * rng.standard_normal(40)
    >>> train, test = np.arange(30), np.arange(30, 40)
    >>> errors = fold_mse(X[train], y[train], X[test], y[test], True,
    ...                   lambda Xc, yc: ridge_path(Xc, yc, [0.1, 10.0, 1000.0]))
    >>> errors.round(3)  # held-out MSE for each alpha
    array([0.388, 0.432, 4.601])
    """
    Xc, yc, x_mean, y_mean = center_data(X_train, y_train, fit_intercept)
    coefs = coefs_of(Xc, yc)
    intercepts = y_mean - x_mean @ coefs
    pred = X_test @ coefs + intercepts
    return np.mean((y_test[:, None] - pred) ** 2, axis=0)
