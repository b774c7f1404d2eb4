r"""scikit-learn compatible estimators on top of regkit's solvers.

Every class takes scikit-learn's parameter names with their meanings, so code and
numbers carry over in both directions, and passes
``sklearn.utils.estimator_checks.check_estimator``. The objectives (``n`` samples):

* :class:`Ridge`:       ``||y - Xw - b||^2 + alpha * ||w||^2``
* :class:`Lasso`:       ``(1/(2n)) ||y - Xw - b||^2 + alpha * ||w||_1``
* :class:`ElasticNet`:  ``(1/(2n)) ||y - Xw - b||^2 + alpha * l1_ratio * ||w||_1
  + (alpha * (1 - l1_ratio) / 2) * ||w||^2``
* :class:`LogisticRegression`: ``C * sum_i logloss_i + (1 - l1_ratio)/2 ||w||^2
  + l1_ratio ||w||_1`` (scikit-learn 1.9's parameterization)

The intercept ``b`` is never penalized. For the squared loss it is fitted by
centering: with ``x_mean`` and ``y_mean`` the column and response means, the
penalized problem in ``w`` is solved on ``X - x_mean`` and ``y - y_mean`` and then
``b = y_mean - x_mean @ w`` (minimizing over ``b`` first gives exactly that).

The cross-validated estimators (:class:`RidgeCV`, :class:`LassoCV`,
:class:`ElasticNetCV`) add ``selection_rule``: ``"min"`` picks the alpha with the
smallest mean CV error (glmnet's ``lambda.min``, scikit-learn's choice), ``"1se"`` the
largest alpha whose mean CV error is within one standard error of that minimum
(glmnet's ``lambda.1se``), with ``SE = std over folds (ddof=1) / sqrt(n_folds)``
taken at the minimum. The 1-SE choice trades a little CV error, well inside its noise,
for a simpler (sparser, more shrunk) model.

scikit-learn is imported by this module, and regkit's top level loads it lazily, so
``import regkit`` stays fast.
"""

import numbers

import numpy as np
from scipy.special import expit, log_expit, logsumexp
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.model_selection import check_cv
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from regkit._validation import (
    check_alpha,
    check_alphas,
    check_choice,
    check_int,
    check_l1_ratio,
    check_scalar,
)
from regkit.model_selection import (
    SELECTION_RULES,
    center_data,
    fold_mse,
    fold_standard_error,
    select_alpha,
)
from regkit.penalties import make_penalty
from regkit.paths import alpha_grid, enet_path
from regkit._ridge import ridge, ridge_path
from regkit.solvers.coordinate_descent import Design, coordinate_descent
from regkit.solvers.logistic import logistic_regression

__all__ = [
    "Ridge",
    "Lasso",
    "ElasticNet",
    "RidgeCV",
    "LassoCV",
    "ElasticNetCV",
    "LogisticRegression",
]

# ---------------------------------------------------------------------------
# Shared pieces
# ---------------------------------------------------------------------------

def _check_selection(selection):
    if selection == "random":
        raise ValueError(
            "selection='random' is not implemented: regkit's coordinate descent visits the "
            "coordinates cyclically; use selection='cyclic'"
        )
    if selection != "cyclic":
        raise ValueError(f"selection must be 'cyclic', got {selection!r}")


class _LinearRegressor(RegressorMixin, BaseEstimator):
    """``predict`` and the fit-time validation shared by the squared-loss estimators."""

    def _validated_fit_data(self, X, y):
        X, y = validate_data(self, X, y, dtype=np.float64, y_numeric=True)
        return X, np.asarray(y, dtype=np.float64)

    def _set_coef(self, coef, x_mean, y_mean):
        self.coef_ = coef
        self.intercept_ = float(y_mean - x_mean @ coef) if self.fit_intercept else 0.0

    def predict(self, X):
        """Predict ``X @ coef_ + intercept_``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        return X @ self.coef_ + self.intercept_


# ---------------------------------------------------------------------------
# Ridge
# ---------------------------------------------------------------------------

class Ridge(_LinearRegressor):
    r"""Ridge regression (L2 penalty), solved in closed form by :func:`regkit.ridge`.

    Minimizes

    .. math:: \|y - Xw - b\|_2^2 + \alpha \|w\|_2^2

    over ``w`` and an unpenalized intercept ``b`` (scikit-learn's ``Ridge`` scale: the
    loss is a plain sum of squares, not divided by ``n``, unlike :class:`Lasso`).

    Parameters
    ----------
    alpha : float, default=1.0
        Regularization strength, >= 0. ``alpha = 0`` gives the minimum-norm
        least-squares fit (computed by SVD, never by the normal equations).
    fit_intercept : bool, default=True
        Fit ``b`` by centering X and y (so it is not penalized).
    solver : {"auto", "cholesky", "svd", "dual"}, default="auto"
        Passed to :func:`regkit.ridge` ("dual" factors the n x n kernel matrix:
        cheaper when p > n). scikit-learn's iterative solvers are not offered.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Only when X has string column names.
    """

    def __init__(self, alpha=1.0, *, fit_intercept=True, solver="auto"):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.solver = solver

    def fit(self, X, y):
        """Fit the model; returns self."""
        X, y = self._validated_fit_data(X, y)
        alpha = check_alpha(self.alpha)
        Xc, yc, x_mean, y_mean = center_data(X, y, self.fit_intercept)
        self._set_coef(ridge(Xc, yc, alpha, solver=self.solver), x_mean, y_mean)
        return self


# ---------------------------------------------------------------------------
# Lasso and elastic net
# ---------------------------------------------------------------------------

def _enet_solve(Xc, yc, alpha, l1_ratio, tol, max_iter, coef_init):
    """Coordinate descent with the duality-gap stop; returns regkit's SolverResult."""
    penalty = make_penalty(alpha, l1_ratio)
    return coordinate_descent(Design(Xc, yc), penalty, tol=tol, max_iter=max_iter,
                              coef_init=coef_init)


class _CoordinateDescentRegressor(_LinearRegressor):
    """Fit logic shared by Lasso and ElasticNet (they differ only in ``l1_ratio``)."""

    def _l1_ratio(self):
        return check_l1_ratio(self.l1_ratio)

    def fit(self, X, y):
        """Fit the model by coordinate descent; returns self."""
        X, y = self._validated_fit_data(X, y)
        alpha = check_alpha(self.alpha)
        l1_ratio = self._l1_ratio()
        tol = check_scalar(self.tol, "tol", low=0.0)
        max_iter = check_int(self.max_iter, "max_iter")
        _check_selection(self.selection)
        Xc, yc, x_mean, y_mean = center_data(X, y, self.fit_intercept)
        coef_init = None
        if self.warm_start and getattr(self, "coef_", None) is not None:
            if self.coef_.shape == (X.shape[1],):
                coef_init = self.coef_
        result = _enet_solve(Xc, yc, alpha, l1_ratio, tol, max_iter, coef_init)
        self._set_coef(result.coef, x_mean, y_mean)
        self.n_iter_ = int(result.n_iter)
        self.dual_gap_ = float(result.gap)
        return self


class ElasticNet(_CoordinateDescentRegressor):
    r"""Elastic net: L1 + L2 penalties, by coordinate descent.

    Minimizes

    .. math::

        \frac{1}{2n}\|y - Xw - b\|_2^2 + \alpha\,\rho\,\|w\|_1
        + \frac{\alpha (1 - \rho)}{2}\|w\|_2^2, \qquad \rho = \text{l1\_ratio},

    over ``w`` and an unpenalized intercept ``b`` (scikit-learn's ``ElasticNet``).

    Parameters
    ----------
    alpha : float, default=1.0
        Overall strength, >= 0.
    l1_ratio : float in [0, 1], default=0.5
        1 is the lasso, 0 a pure L2 penalty (ridge with ``alpha_ridge = n * alpha``).
    fit_intercept : bool, default=True
    max_iter : int, default=1000
        Maximum coordinate-descent sweeps; running out warns
        :class:`regkit.ConvergenceWarning` with the duality gap reached.
    tol : float, default=1e-4
        Stop when the duality gap is at most ``tol * ||y_centered||^2 / n``.
    warm_start : bool, default=False
        Start from the previous ``coef_`` (useful along a path of alphas).
    selection : {"cyclic"}, default="cyclic"
        "random" (scikit-learn's alternative) is rejected: not implemented.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    n_iter_ : int
        Coordinate-descent sweeps run.
    dual_gap_ : float
        Duality gap at the solution, on the ``1/(2n)`` objective's scale.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)
    """

    def __init__(self, alpha=1.0, *, l1_ratio=0.5, fit_intercept=True, max_iter=1000,
                 tol=1e-4, warm_start=False, selection="cyclic"):
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.warm_start = warm_start
        self.selection = selection


class Lasso(_CoordinateDescentRegressor):
    r"""Lasso: L1-penalized least squares, by coordinate descent.

    Minimizes

    .. math:: \frac{1}{2n}\|y - Xw - b\|_2^2 + \alpha \|w\|_1

    over ``w`` and an unpenalized intercept ``b`` (scikit-learn's ``Lasso``). For
    ``alpha >= alpha_max = max_j |x_j^T (y - y_mean)| / n`` (centered ``x_j``) the
    solution is exactly zero.

    Parameters
    ----------
    alpha : float, default=1.0
        Regularization strength, >= 0.
    fit_intercept : bool, default=True
    max_iter : int, default=1000
        Maximum coordinate-descent sweeps (warns when reached).
    tol : float, default=1e-4
        Stop when the duality gap is at most ``tol * ||y_centered||^2 / n``.
    warm_start : bool, default=False
    selection : {"cyclic"}, default="cyclic"

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    n_iter_ : int
    dual_gap_ : float
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)
    """

    def __init__(self, alpha=1.0, *, fit_intercept=True, max_iter=1000, tol=1e-4,
                 warm_start=False, selection="cyclic"):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.warm_start = warm_start
        self.selection = selection

    def _l1_ratio(self):
        return 1.0


# ---------------------------------------------------------------------------
# Choosing alpha by cross-validation
# ---------------------------------------------------------------------------

class _EnetCV(_LinearRegressor):
    """K-fold cross-validation along warm-started lasso / elastic-net paths."""

    _tunes_l1_ratio = True  # False for LassoCV, whose l1_ratio is always 1

    def _l1_ratios(self):
        ratios = np.atleast_1d(np.asarray(self.l1_ratio, dtype=object))
        if ratios.ndim != 1 or ratios.size == 0:
            raise ValueError(
                f"l1_ratio must be a float or a non-empty 1-D list, got {self.l1_ratio!r}"
            )
        return [check_l1_ratio(r) for r in ratios]

    def _grid(self, Xc, yc, l1_ratio):
        if isinstance(self.alphas, numbers.Integral) and not isinstance(self.alphas, bool):
            n_alphas = check_int(self.alphas, "alphas")
            eps = check_scalar(self.eps, "eps", low=0.0, low_inclusive=False)
            return alpha_grid(Xc, yc, l1_ratio=l1_ratio, n_alphas=n_alphas, eps=eps)
        return np.sort(check_alphas(self.alphas))[::-1]

    def fit(self, X, y):
        """Cross-validate along the path, then refit on all data at the chosen alpha."""
        X, y = self._validated_fit_data(X, y)
        ratios = self._l1_ratios()
        tol = check_scalar(self.tol, "tol", low=0.0)
        max_iter = check_int(self.max_iter, "max_iter")
        _check_selection(self.selection)
        rule = check_choice(self.selection_rule, "selection_rule", SELECTION_RULES)
        folds = list(check_cv(self.cv).split(X, y))

        # one grid per l1_ratio, from the full data, shared by every fold (as scikit-learn)
        Xc, yc, x_mean, y_mean = center_data(X, y, self.fit_intercept)
        grids = np.array([self._grid(Xc, yc, r) for r in ratios])
        mse = np.empty(grids.shape + (len(folds),))
        for i, ratio in enumerate(ratios):
            def path(Xf, yf, ratio=ratio, grid=grids[i]):
                return enet_path(Xf, yf, l1_ratio=ratio, alphas=grid, tol=tol,
                                 max_iter=max_iter)[1]

            for k, (train, test) in enumerate(folds):
                mse[i, :, k] = fold_mse(X[train], y[train], X[test], y[test],
                                         self.fit_intercept, path)

        mean = mse.mean(axis=-1)
        se = fold_standard_error(mse) if rule == "1se" else None
        row, col = select_alpha(mean, se, grids, rule)
        self.alpha_ = float(grids[row, col])
        if self._tunes_l1_ratio:
            self.l1_ratio_ = ratios[row]
        self.alphas_ = grids[0] if len(ratios) == 1 else grids
        self.mse_path_ = mse[0] if len(ratios) == 1 else mse

        result = _enet_solve(Xc, yc, self.alpha_, ratios[row], tol, max_iter, None)
        self._set_coef(result.coef, x_mean, y_mean)
        self.n_iter_ = int(result.n_iter)
        self.dual_gap_ = float(result.gap)
        return self


class ElasticNetCV(_EnetCV):
    r"""Elastic net with ``alpha`` (and optionally ``l1_ratio``) chosen by k-fold CV.

    For each ``l1_ratio`` and each fold, the elastic net

    .. math::

        \frac{1}{2n}\|y - Xw - b\|_2^2 + \alpha\,\rho\,\|w\|_1
        + \frac{\alpha (1 - \rho)}{2}\|w\|_2^2

    is solved along a decreasing grid of alphas with warm starts
    (:func:`regkit.enet_path`) on the training part (centered with the training
    means) and scored by mean squared error on the held-out part. The chosen
    ``(alpha_, l1_ratio_)`` is then refitted on all the data.

    Parameters
    ----------
    l1_ratio : float or list of float, default=0.5
        Candidate mixing parameters in [0, 1]. With several, the one reaching the
        lowest mean CV error is chosen; ``selection_rule="1se"`` then applies along
        that ``l1_ratio``'s path.
    eps : float, default=1e-3
        ``alpha_min / alpha_max`` of the automatic grid.
    alphas : int or array-like, default=100
        Number of alphas on the automatic geometric grid from ``alpha_max`` (computed
        on all the data) down to ``eps * alpha_max``, or the alphas themselves
        (sorted into decreasing order). ``l1_ratio = 0`` needs explicit alphas.
    fit_intercept : bool, default=True
    max_iter : int, default=1000
    tol : float, default=1e-4
    cv : int, CV splitter or iterable, default=None
        As in scikit-learn: None is 5-fold, an int k is ``KFold(k)`` (no shuffling).
    selection : {"cyclic"}, default="cyclic"
    selection_rule : {"min", "1se"}, default="min"
        ``"min"``: smallest mean CV error. ``"1se"``: the largest alpha whose mean CV
        error is within one standard error (std over folds with ddof=1, divided by
        ``sqrt(n_folds)``) of the minimum (glmnet's ``lambda.1se``).

    Attributes
    ----------
    alpha_ : float
    l1_ratio_ : float
    alphas_ : ndarray of shape (n_alphas,) or (n_l1_ratio, n_alphas)
        Decreasing grid(s) used.
    mse_path_ : ndarray of shape (n_alphas, n_folds) or (n_l1_ratio, n_alphas, n_folds)
        Held-out mean squared error for each alpha and fold.
    coef_, intercept_, n_iter_, dual_gap_ :
        Of the final fit on all the data.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)
    """

    def __init__(self, *, l1_ratio=0.5, eps=1e-3, alphas=100, fit_intercept=True,
                 max_iter=1000, tol=1e-4, cv=None, selection="cyclic", selection_rule="min"):
        self.l1_ratio = l1_ratio
        self.eps = eps
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.cv = cv
        self.selection = selection
        self.selection_rule = selection_rule


class LassoCV(_EnetCV):
    r"""Lasso with ``alpha`` chosen by k-fold cross-validation along a warm-started path.

    Each fold solves

    .. math:: \frac{1}{2n}\|y - Xw - b\|_2^2 + \alpha \|w\|_1

    for every alpha of one shared decreasing grid (:func:`regkit.lasso_path`, each
    solve starting from the previous one) on its training part, and scores the held-out
    part by mean squared error. The chosen ``alpha_`` is refitted on all the data.

    Parameters
    ----------
    eps : float, default=1e-3
    alphas : int or array-like, default=100
        Grid size (geometric, from ``alpha_max`` on all the data down to
        ``eps * alpha_max``) or the alphas themselves.
    fit_intercept : bool, default=True
    max_iter : int, default=1000
    tol : float, default=1e-4
    cv : int, CV splitter or iterable, default=None
        None is 5-fold ``KFold`` without shuffling, as in scikit-learn.
    selection : {"cyclic"}, default="cyclic"
    selection_rule : {"min", "1se"}, default="min"
        ``"min"``: smallest mean CV error (scikit-learn's and glmnet's ``lambda.min``);
        ``"1se"``: the largest alpha within one standard error of it (``lambda.1se``).

    Attributes
    ----------
    alpha_ : float
    alphas_ : ndarray of shape (n_alphas,)
    mse_path_ : ndarray of shape (n_alphas, n_folds)
    coef_, intercept_, n_iter_, dual_gap_ :
        Of the final fit on all the data.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)
    """

    def __init__(self, *, eps=1e-3, alphas=100, fit_intercept=True, max_iter=1000, tol=1e-4,
                 cv=None, selection="cyclic", selection_rule="min"):
        self.eps = eps
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.cv = cv
        self.selection = selection
        self.selection_rule = selection_rule

    _tunes_l1_ratio = False

    def _l1_ratios(self):
        return [1.0]



def _loo_squared_errors(X, y, alphas, fit_intercept):
    r"""Exact leave-one-out squared errors of ridge, (n_samples, n_alphas).

    With the thin SVD ``Xc = U diag(d) V^T`` of the (centered) design and ``c = U^T yc``,
    ridge's hat matrix is ``U diag(s) U^T`` with ``s = d^2 / (d^2 + alpha)``; an
    unpenalized intercept adds ``1/n`` to every leverage (the constant column is
    orthogonal to the centered ones). The LOO residual is ``e_i / (1 - h_ii)`` with
    ``e`` the full-data residual: no refits. Both are formed as sums of non-negative
    parts,

    .. math::

        e = (I - U U^\top) y_c + U\,(f \circ c), \qquad
        1 - h_{ii} = \Big(1 - \tfrac1n - \sum_k U_{ik}^2\Big) + \sum_k U_{ik}^2 f_k,
        \qquad f = \frac{\alpha}{d^2 + \alpha},

    (the ``1/n`` only with an intercept). Rows that the unpenalized fit interpolates
    (always, when ``p >= n``) are computed with alpha divided out of both, so they
    stay accurate for tiny alphas.

    :func:`regkit.ridge_loo` returns the mean of these errors without an intercept;
    here the intercept is refitted in every leave-one-out fold (what leave-one-out
    cross-validation of ``Ridge(fit_intercept=True)`` means, and what scikit-learn's
    ``RidgeCV`` computes), and the per-sample errors are kept for the 1-SE rule.
    """
    n = X.shape[0]
    Xc, yc, _, _ = center_data(X, y, fit_intercept)
    U, d, _ = np.linalg.svd(Xc, full_matrices=False)
    # Keep the numerical range only: a null direction of Xc (e.g. the constant vector,
    # when centering leaves rank n - 1) belongs to the "outside" part, where the
    # intercept's 1/n is already accounted for.
    keep = d > max(Xc.shape) * np.finfo(float).eps * (d[0] if d.size else 0.0)
    U, d = U[:, keep], d[keep]
    c = U.T @ yc
    U2 = U * U
    outside = yc - U @ c  # the part of y no alpha can fit
    # rounding can push this a hair below its true value (0 for full-rank p >= n designs)
    out_lev = np.maximum(1.0 - (1.0 / n if fit_intercept else 0.0) - U2.sum(axis=1), 0.0)
    inv = 1.0 / (d[:, None] ** 2 + alphas[None, :])  # (k, n_alphas)
    resid = outside[:, None] + U @ (alphas * inv * c[:, None])
    one_minus_lev = out_lev[:, None] + U2 @ (alphas * inv)
    # Rows the unpenalized fit interpolates (leverage one: always when p >= n) have
    # outside = out_lev = 0, and both terms above are O(alpha): there the rounding
    # noise of outside and out_lev would dominate. Dividing both by alpha leaves an
    # alpha-free ratio, computed from the range part alone.
    interp = out_lev <= 1e3 * max(X.shape) * np.finfo(float).eps
    resid[interp] = U[interp] @ (inv * c[:, None])
    one_minus_lev[interp] = U2[interp] @ inv
    return (resid / one_minus_lev) ** 2


class RidgeCV(_LinearRegressor):
    r"""Ridge regression with ``alpha`` chosen by exact leave-one-out or k-fold CV.

    Minimizes :math:`\|y - Xw - b\|_2^2 + \alpha \|w\|_2^2` (as :class:`Ridge`) for each
    candidate alpha and keeps the one with the smallest cross-validated mean squared
    error. With ``cv=None`` the leave-one-out errors come in closed form from one SVD
    (``e_i / (1 - H_ii)``, no refits; with ``fit_intercept=False`` this is
    :func:`regkit.ridge_loo`); otherwise each fold is fitted by :func:`regkit.ridge_path`.

    Parameters
    ----------
    alphas : array-like of shape (n_alphas,), default=(0.1, 1.0, 10.0)
        Candidates, > 0 for leave-one-out (as in scikit-learn), >= 0 for k-fold.
    fit_intercept : bool, default=True
    cv : None, int, CV splitter or iterable, default=None
        None: efficient exact leave-one-out. Otherwise k-fold as in scikit-learn
        (an int k is ``KFold(k)``), scored by mean squared error (scikit-learn's RidgeCV
        scores k-fold by R^2 unless ``scoring="neg_mean_squared_error"``).
    store_cv_results : bool, default=False
        With ``cv=None``, keep the per-sample LOO squared errors in ``cv_results_``.
    selection_rule : {"min", "1se"}, default="min"
        ``"1se"``: the largest alpha whose mean error is within one standard error of
        the minimum; the SE is over folds, or over samples for leave-one-out.

    Attributes
    ----------
    alpha_ : float
    best_score_ : float
        Negative mean squared error (LOO or k-fold) at ``alpha_``, as scikit-learn's
        ``best_score_`` with its default LOO scoring.
    mse_path_ : ndarray of shape (n_alphas, n_folds)
        Only for k-fold ``cv``: held-out MSE per alpha (in the order given) and fold.
    cv_results_ : ndarray of shape (n_samples, n_alphas)
        Only with ``cv=None`` and ``store_cv_results=True``.
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)
    """

    def __init__(self, alphas=(0.1, 1.0, 10.0), *, fit_intercept=True, cv=None,
                 store_cv_results=False, selection_rule="min"):
        self.alphas = alphas
        self.fit_intercept = fit_intercept
        self.cv = cv
        self.store_cv_results = store_cv_results
        self.selection_rule = selection_rule

    def fit(self, X, y):
        """Choose ``alpha_`` by cross-validation, then fit on all data; returns self."""
        X, y = self._validated_fit_data(X, y)
        alphas = check_alphas(self.alphas)
        rule = check_choice(self.selection_rule, "selection_rule", SELECTION_RULES)
        if self.cv is None:
            if np.any(alphas <= 0):
                raise ValueError(
                    "alphas must be strictly positive for leave-one-out CV (cv=None), "
                    f"got minimum {alphas.min()}"
                )
            errors = _loo_squared_errors(X, y, alphas, self.fit_intercept).T  # (alphas, n)
            if self.store_cv_results:
                self.cv_results_ = errors.T
        else:
            if self.store_cv_results:
                raise ValueError("store_cv_results=True is only supported with cv=None")
            folds = list(check_cv(self.cv).split(X, y))

            def path(Xf, yf):
                return ridge_path(Xf, yf, alphas)

            errors = np.column_stack([
                fold_mse(X[tr], y[tr], X[te], y[te], self.fit_intercept, path)
                for tr, te in folds
            ])
            self.mse_path_ = errors
        mean = errors.mean(axis=1)
        se = fold_standard_error(errors) if rule == "1se" else None
        _, col = select_alpha(mean[None, :], None if se is None else se[None, :],
                         alphas[None, :], rule)
        self.alpha_ = float(alphas[col])
        self.best_score_ = -float(mean[col])

        Xc, yc, x_mean, y_mean = center_data(X, y, self.fit_intercept)
        self._set_coef(ridge(Xc, yc, self.alpha_), x_mean, y_mean)
        return self


# ---------------------------------------------------------------------------
# Logistic regression
# ---------------------------------------------------------------------------

class LogisticRegression(ClassifierMixin, BaseEstimator):
    r"""L1 / L2 / elastic-net penalized logistic regression (scikit-learn 1.9 semantics).

    Minimizes

    .. math::

        C \sum_{i=1}^n \ell_i(w, b) + \frac{1 - \rho}{2}\|w\|_2^2 + \rho \|w\|_1,
        \qquad \rho = \text{l1\_ratio},

    with :math:`\ell_i` the log-loss (binary) or the multinomial log-loss (three or more
    classes, one coefficient row per class) and an unpenalized intercept. ``l1_ratio=0``
    is L2, ``1`` is L1 (exact zeros), in between the elastic net; ``C = np.inf`` fits no
    penalty. Solved by proximal Newton (IRLS + coordinate descent,
    :func:`regkit.solvers.logistic.logistic_regression`).

    Parameters
    ----------
    C : float, default=1.0
        Inverse regularization strength, > 0.
    l1_ratio : float in [0, 1], default=0.0
    fit_intercept : bool, default=True
    tol : float, default=1e-4
        Stop when the KKT conditions of the averaged objective
        ``(1/n)(sum_i logloss_i + penalty / C)`` hold to ``tol`` (max-abs minimum-norm
        subgradient), the scale on which scikit-learn's lbfgs applies its ``tol``.
    max_iter : int, default=100
        Maximum proximal Newton iterations (each is one IRLS step).
    warm_start : bool, default=False
        Start from the previous fit when the classes and features match.

    scikit-learn's ``penalty`` (deprecated there), ``dual``, ``intercept_scaling``,
    ``class_weight``, ``solver``, ``random_state``, ``verbose`` and ``n_jobs`` are not
    offered; ``sample_weight`` is not supported.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
        One row (log-odds of ``classes_[1]``) for two classes.
    intercept_ : ndarray of shape (1,) or (n_classes,)
    n_iter_ : ndarray of shape (1,)
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)
    """

    def __init__(self, C=1.0, *, l1_ratio=0.0, fit_intercept=True, tol=1e-4, max_iter=100,
                 warm_start=False):
        self.C = C
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.tol = tol
        self.max_iter = max_iter
        self.warm_start = warm_start

    def fit(self, X, y):
        """Fit the model; returns self."""
        X, y = validate_data(self, X, y, dtype=np.float64)
        check_classification_targets(y)
        coef_init = intercept_init = None
        if self.warm_start and hasattr(self, "coef_"):
            same_classes = np.array_equal(np.unique(y), self.classes_)
            if same_classes and self.coef_.shape[1] == X.shape[1]:
                coef_init, intercept_init = self.coef_, self.intercept_
        fit = logistic_regression(
            X, y, self.C, self.l1_ratio, fit_intercept=self.fit_intercept, tol=self.tol,
            max_iter=self.max_iter, coef_init=coef_init, intercept_init=intercept_init,
        )
        self.classes_ = fit.classes
        self.coef_ = fit.coef
        self.intercept_ = fit.intercept
        self.n_iter_ = np.array([fit.n_iter])
        return self

    def decision_function(self, X):
        """Linear predictor ``X @ coef_.T + intercept_``: (n_samples,) for two classes
        (the log-odds of ``classes_[1]``), else (n_samples, n_classes)."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        scores = X @ self.coef_.T + self.intercept_
        return scores[:, 0] if scores.shape[1] == 1 else scores

    def predict_log_proba(self, X):
        """Log class probabilities, columns in the order of ``classes_``."""
        scores = self.decision_function(X)
        if scores.ndim == 1:
            # log sigmoid(-s), log sigmoid(s) without cancellation for large |s|
            return np.column_stack([log_expit(-scores), log_expit(scores)])
        return scores - logsumexp(scores, axis=1, keepdims=True)

    def predict_proba(self, X):
        """Class probabilities (sigmoid or softmax), columns in the order of ``classes_``."""
        scores = self.decision_function(X)
        if scores.ndim == 1:
            # expit(-s) rather than 1 - expit(s): no cancellation for small probabilities
            return np.column_stack([expit(-scores), expit(scores)])
        return np.exp(scores - logsumexp(scores, axis=1, keepdims=True))

    def predict(self, X):
        """Most probable class for each sample."""
        scores = self.decision_function(X)
        if scores.ndim == 1:
            return self.classes_[(scores > 0).astype(int)]
        return self.classes_[np.argmax(scores, axis=1)]


class LogisticRegressionCV(LogisticRegression):
    r"""Logistic regression with ``C`` (and ``l1_ratio``) chosen by cross-validation.

    For each fold and each ``l1_ratio`` the whole grid of ``Cs`` is fitted as one
    warm-started path (:func:`regkit.solvers.logistic.logistic_path`, largest penalty
    first), each fit scored on the held-out fold. The pair with the best mean score is
    kept and, with ``refit=True``, the model is refitted on all the data. The objective
    and its tolerance are :class:`LogisticRegression`'s.

    Parameters (scikit-learn 1.9's names and meanings)
    ----------
    Cs : int or array-like, default=10
        An int k gives ``np.logspace(-4, 4, k)``; otherwise the values, each > 0.
    l1_ratios : array-like, default=(0.0,)
        Elastic-net mixings to try, each in [0, 1] (0: L2, 1: L1).
    fit_intercept : bool, default=True
    cv : None, int, CV splitter or iterable, default=None
        None: 5-fold; an int k: ``StratifiedKFold(k)`` (scikit-learn's ``check_cv`` for a
        classifier).
    scoring : None, str or callable, default=None
        None means accuracy; otherwise a scikit-learn scorer name or ``scorer(est, X, y)``.
    tol : float, default=1e-4
    max_iter : int, default=100
    refit : bool, default=True
        False: no final fit; ``C_``, ``l1_ratio_``, ``coef_`` and ``intercept_`` are the
        averages over folds of each fold's best (as scikit-learn).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    Cs_ : ndarray of shape (n_Cs,)
        The grid, increasing.
    l1_ratios_ : ndarray of shape (n_l1_ratios,)
    scores_ : ndarray of shape (n_folds, n_Cs, n_l1_ratios)
        Held-out score of every fit.
    C_ : float
    l1_ratio_ : float
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
    intercept_ : ndarray of shape (1,) or (n_classes,)
    n_iter_ : ndarray of shape (n_folds, n_Cs, n_l1_ratios)
        Outer iterations of each path fit.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Notes
    -----
    ``scores_``, ``C_`` and ``l1_ratio_`` are plain arrays and floats, not scikit-learn's
    legacy per-class dictionaries and repeated arrays.
    """

    def __init__(self, *, Cs=10, l1_ratios=(0.0,), fit_intercept=True, cv=None, scoring=None,
                 tol=1e-4, max_iter=100, refit=True):
        self.Cs = Cs
        self.l1_ratios = l1_ratios
        self.fit_intercept = fit_intercept
        self.cv = cv
        self.scoring = scoring
        self.tol = tol
        self.max_iter = max_iter
        self.refit = refit

    def _fold_model(self, classes, coef, intercept, n_features):
        """A fitted LogisticRegression holding one path solution (for the scorer)."""
        est = LogisticRegression(fit_intercept=self.fit_intercept)
        est.classes_, est.coef_, est.intercept_ = classes, coef, intercept
        est.n_features_in_ = n_features
        return est

    def fit(self, X, y):
        """Cross-validate the grid, then (``refit=True``) fit on all data; returns self."""
        import warnings  # noqa: PLC0415

        from sklearn.metrics import accuracy_score, get_scorer  # noqa: PLC0415

        from regkit.exceptions import ConvergenceWarning  # noqa: PLC0415
        from regkit.solvers.logistic import _check_Cs, logistic_path  # noqa: PLC0415

        X, y = validate_data(self, X, y, dtype=np.float64)
        check_classification_targets(y)
        Cs = np.sort(_check_Cs(self.Cs))
        ratios = np.atleast_1d(np.asarray(self.l1_ratios, dtype=float))
        if ratios.ndim != 1 or ratios.size == 0:
            raise ValueError(f"l1_ratios must be a non-empty 1-D sequence, got {self.l1_ratios!r}")
        ratios = np.array([check_l1_ratio(r) for r in ratios])
        if not isinstance(self.refit, (bool, np.bool_)):
            raise ValueError(f"refit must be True or False, got {self.refit!r}")
        classes = np.unique(y)
        if classes.size < 2:
            raise ValueError("logistic regression needs samples of at least 2 classes, "
                             f"but y contains only one class: {classes[0]!r}")
        if self.scoring is None or self.scoring == "accuracy":
            def scorer(est, Xt, yt):
                return accuracy_score(yt, est.predict(Xt))
        else:
            scorer = get_scorer(self.scoring)
        folds = list(check_cv(self.cv, y, classifier=True).split(X, y))
        scores = np.empty((len(folds), Cs.size, ratios.size))
        n_iter = np.zeros((len(folds), Cs.size, ratios.size), dtype=np.int64)
        fold_fits = []
        for f, (tr, te) in enumerate(folds):
            per_ratio = []
            for r, ratio in enumerate(ratios):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ConvergenceWarning)
                    path = logistic_path(X[tr], y[tr], Cs, l1_ratio=ratio,
                                         fit_intercept=self.fit_intercept, tol=self.tol,
                                         max_iter=self.max_iter)
                if path.classes.size != classes.size:
                    raise ValueError("a training fold lacks one of the classes; use fewer "
                                     "folds or stratified ones")
                for k in range(Cs.size):
                    est = self._fold_model(classes, path.coefs[k], path.intercepts[k],
                                           X.shape[1])
                    scores[f, k, r] = scorer(est, X[te], y[te])
                n_iter[f, :, r] = path.n_iter
                per_ratio.append(path)
            fold_fits.append(per_ratio)
        self.classes_ = classes
        self.Cs_ = Cs
        self.l1_ratios_ = ratios
        self.scores_ = scores
        self.n_iter_ = n_iter
        if self.refit:
            best = np.argmax(scores.mean(axis=0))  # first of ties: the smallest C
            k, r = np.unravel_index(best, scores.shape[1:])
            self.C_, self.l1_ratio_ = float(Cs[k]), float(ratios[r])
            fit = logistic_regression(X, y, self.C_, self.l1_ratio_,
                                      fit_intercept=self.fit_intercept, tol=self.tol,
                                      max_iter=self.max_iter)
            self.coef_, self.intercept_ = fit.coef, fit.intercept
        else:
            picks = [np.unravel_index(np.argmax(s), s.shape) for s in scores]
            self.C_ = float(np.mean([Cs[k] for k, _ in picks]))
            self.l1_ratio_ = float(np.mean([ratios[r] for _, r in picks]))
            self.coef_ = np.mean([fold_fits[f][r].coefs[k] for f, (k, r) in enumerate(picks)],
                                 axis=0)
            self.intercept_ = np.mean([fold_fits[f][r].intercepts[k]
                                       for f, (k, r) in enumerate(picks)], axis=0)
        return self
