r"""scikit-learn compatible estimators on top of regkit's solvers.

Every class takes scikit-learn's parameter names with their meanings, so code and
numbers carry over in both directions, and passes
``sklearn.utils.estimator_checks.check_estimator``. The objectives (``n`` samples,
sample weights ``s_i``, 1 when not given):

* :class:`Ridge`:       ``sum_i s_i (y_i - x_i w - b)^2 + alpha * ||w||^2``
* :class:`Lasso`:       ``(1/(2n)) sum_i s_i (y_i - x_i w - b)^2 + alpha * ||w||_1``
* :class:`ElasticNet`:  ``(1/(2n)) sum_i s_i (y_i - x_i w - b)^2 + alpha * l1_ratio * ||w||_1
  + (alpha * (1 - l1_ratio) / 2) * ||w||^2``
* :class:`LogisticRegression`: ``C * sum_i logloss_i + (1 - l1_ratio)/2 ||w||^2
  + l1_ratio ||w||_1`` (scikit-learn 1.9's parameterization)

For the lasso family the weights are first rescaled to sum to ``n`` (scikit-learn's
convention), so integer weights fit exactly what repeating the rows would; ridge's loss
is a plain weighted sum, which is what repetition gives too.

The intercept ``b`` is never penalized. For the squared loss it is fitted by
centring: with ``x_mean`` and ``y_mean`` the (weighted) column and response means, the
penalized problem in ``w`` is solved on ``X - x_mean`` and ``y - y_mean`` and then
``b = y_mean - x_mean @ w`` (minimizing over ``b`` first gives exactly that). A sparse
``X`` is never centred: the solvers use the means inside their updates
(:mod:`regkit.solvers.coordinate_descent`).

The cross-validated estimators (:class:`RidgeCV`, :class:`LassoCV`,
:class:`ElasticNetCV`) add ``selection_rule``: ``"min"`` picks the alpha with the
smallest mean CV error (glmnet's ``lambda.min``, scikit-learn's choice), ``"1se"`` the
largest alpha whose mean CV error is within one standard error of that minimum
(glmnet's ``lambda.1se``), with ``SE = std over folds (ddof=1) / sqrt(n_folds)``
taken at the minimum. The 1-SE choice trades a little CV error, well inside its noise,
for a simpler (sparser, more shrunk) model.

Beyond scikit-learn (glmnet's options): ``penalty_factor`` (per-feature multipliers of
the penalty), ``lower_bounds`` / ``upper_bounds`` on the coefficients,
:class:`RelaxedLasso` (glmnet's ``relax=TRUE``) and :class:`LassoIC` (alpha chosen by
AIC or BIC along the lasso path).

scikit-learn is imported by this module, and regkit's top level loads it lazily, so
``import regkit`` stays fast.
"""

import numbers

import numpy as np
import scipy.sparse as sp
from scipy.special import expit, log_expit, logsumexp
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.model_selection import check_cv
from sklearn.utils import check_random_state
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import _check_sample_weight, check_is_fitted, validate_data

from regkit._validation import (
    as_real_array,
    check_alpha,
    check_alphas,
    check_bool,
    check_bool_params,
    check_choice,
    check_fit_magnitude,
    check_int,
    check_l1_ratio,
    check_positive,
    check_scalar,
)
from regkit.exceptions import ConvergenceWarning
from regkit.model_selection import (
    SELECTION_RULES,
    fold_standard_error,
    select_alpha,
)
from regkit.penalties import make_penalty
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
    "RelaxedLasso",
    "LassoIC",
    "LogisticRegression",
    "LogisticRegressionCV",
]

# ---------------------------------------------------------------------------
# Shared pieces
# ---------------------------------------------------------------------------

SELECTIONS = ("cyclic", "random")


def _store_params(est, params):
    """The body of every ``__init__``: each parameter stored under its own name, as
    scikit-learn's contract asks (no validation there; ``fit`` validates, ``get_params``
    and ``clone`` read them back)."""
    for name, value in params.items():
        if name != "self":
            setattr(est, name, value)


def _selection_seed(selection, random_state):
    """-1 for cyclic coordinate descent, else a seed for the random visiting order."""
    check_choice(selection, "selection", SELECTIONS)
    if selection == "cyclic":
        return -1
    return int(check_random_state(random_state).randint(2**31 - 1))


def _sample_weight(sample_weight, X):
    """Validated non-negative float64 weights, or None."""
    if sample_weight is None:
        return None
    sw = _check_sample_weight(sample_weight, X, dtype=np.float64, ensure_non_negative=True)
    if not np.any(sw > 0):
        raise ValueError("sample_weight must have at least one positive entry")
    return sw


def _penalty_factor(penalty_factor, p):
    """Per-feature penalty multipliers: None, or a (p,) array >= 0 (``inf`` excludes)."""
    if penalty_factor is None:
        return None
    pf = as_real_array(np.atleast_1d(penalty_factor), "penalty_factor")
    if pf.shape != (p,):
        raise ValueError(f"penalty_factor must have shape (n_features,) = ({p},), got {pf.shape}")
    if np.any(np.isnan(pf)) or np.any(pf < 0):
        raise ValueError("penalty_factor must be non-negative (inf excludes a feature)")
    return pf


def _bound(value, name, p, sign):
    arr = as_real_array(value, name)
    if arr.ndim == 0:
        arr = np.full(p, float(arr))
    if arr.shape != (p,):
        raise ValueError(f"{name} must be a scalar or of shape (n_features,) = ({p},), "
                         f"got {arr.shape}")
    if np.any(np.isnan(arr)) or np.any(sign * arr < 0):
        side = "<= 0" if sign < 0 else ">= 0"
        raise ValueError(f"{name} must be {side} (0 must be feasible, as in glmnet)")
    return arr


def _coef_bounds(est, p):
    """``(lower, upper)`` arrays from ``positive`` / ``lower_bounds`` / ``upper_bounds``,
    or None when the coefficients are free."""
    positive = check_bool(getattr(est, "positive", False), "positive")
    lower_given = getattr(est, "lower_bounds", None)
    upper_given = getattr(est, "upper_bounds", None)
    if not positive and lower_given is None and upper_given is None:
        return None
    lower = np.full(p, -np.inf) if lower_given is None else _bound(lower_given, "lower_bounds",
                                                                   p, -1)
    upper = np.full(p, np.inf) if upper_given is None else _bound(upper_given, "upper_bounds",
                                                                  p, 1)
    if positive:
        lower = np.maximum(lower, 0.0)
    return lower, upper


def _as_float(X):
    """float64 copy or view of a dense or CSR/CSC X (the solvers compute in float64)."""
    if sp.issparse(X):
        return X.astype(np.float64)
    return np.asarray(X, dtype=np.float64)


class _SparseCoefMixin:
    """``sparsify`` / ``densify`` of ``coef_`` (scikit-learn's pair), for every estimator."""

    _y_ndim = 1  # 1: coef_ is 1-D when dense (a regressor fitted on a 1-D y)

    def _dense_coef(self):
        coef = self.coef_
        if sp.issparse(coef):
            coef = coef.toarray()
            if self._y_ndim == 1:
                coef = coef.ravel()
        return coef

    def sparsify(self):
        """Store ``coef_`` as a ``scipy.sparse`` CSR matrix (one row per target or
        class); predictions keep working. Returns self."""
        check_is_fitted(self)
        self.coef_ = sp.csr_matrix(np.atleast_2d(self._dense_coef()))
        return self

    def densify(self):
        """Undo :meth:`sparsify`. Returns self."""
        check_is_fitted(self)
        self.coef_ = self._dense_coef()
        return self


class _LinearRegressor(_SparseCoefMixin, RegressorMixin, BaseEstimator):
    """``predict``, the fit-time validation and ``sparsify`` shared by the squared-loss
    estimators."""

    _multi_output = False  # True: y may be 2-D (n_samples, n_targets)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.target_tags.multi_output = self._multi_output
        tags.target_tags.single_output = True
        return tags

    def _validated_fit_data(self, X, y, sample_weight=None):
        """float64 ``X`` (dense, or CSC), ``y``, validated weights and the output dtype."""
        check_bool_params(self, ("fit_intercept", "warm_start", "store_cv_results"))
        X, y = validate_data(self, X, y, accept_sparse=("csr", "csc"),
                             dtype=[np.float64, np.float32], y_numeric=True,
                             multi_output=self._multi_output)
        check_fit_magnitude(X, y)
        dtype = X.dtype
        X = _as_float(X)
        if sp.issparse(X):
            X = X.tocsc()
        sw = _sample_weight(sample_weight, X)
        return X, np.asarray(y, dtype=np.float64), sw, dtype

    def _set_coef(self, coef, intercept, dtype, y_ndim):
        """``coef`` (n_targets, p), ``intercept`` (n_targets,): stored as scikit-learn does
        (1-D / NumPy scalar for a 1-D ``y``), in the input's float dtype."""
        coef = np.asarray(coef, dtype=dtype)
        intercept = np.asarray(intercept, dtype=dtype)
        if not self.fit_intercept:
            intercept = np.zeros_like(intercept)
        if y_ndim == 1:
            self.coef_ = coef[0]
            self.intercept_ = intercept[0]  # a NumPy scalar, as scikit-learn's
        else:
            self.coef_ = coef
            self.intercept_ = intercept
        self._y_ndim = y_ndim

    def predict(self, X):
        """Predict ``X @ coef_.T + intercept_``.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_targets)
        """
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse=("csr", "csc", "coo"),
                          dtype=[np.float64, np.float32], reset=False)
        coef = self._dense_coef()
        out = X @ coef.T
        return np.asarray(out) + self.intercept_


def _targets(y):
    """``y`` as (n_samples, n_targets)."""
    return y[:, None] if y.ndim == 1 else y


# ---------------------------------------------------------------------------
# Ridge
# ---------------------------------------------------------------------------

RIDGE_SOLVERS = ("auto", "cholesky", "svd", "dual", "lsqr", "sparse_cg", "sag", "saga",
                 "lbfgs")
# p x p implicit Gram matrices up to this size are factored directly for sparse X
_SPARSE_GRAM_MAX_FEATURES = 2000


def _ridge_operator(design):
    """The weighted, centred design as a ``LinearOperator`` (sparse X never densified)."""
    from scipy.sparse.linalg import LinearOperator  # noqa: PLC0415

    def matvec(w):
        return design.ys - design.residual(np.ravel(w))

    return LinearOperator((design.n, design.p), matvec=matvec,
                          rmatvec=lambda r: design.correlations(np.ravel(r)), dtype=np.float64)


def _ridge_gram(design):
    """``A^T A`` of the weighted, centred design (p x p) without forming ``A``."""
    if not design.sparse:
        return design.A.T @ design.A
    Xs, m = design.Xs, design.x_mean
    G = np.asarray((Xs.T @ Xs).toarray())
    G -= np.outer(m, design.xs_s) + np.outer(design.xs_s, m)
    G += design.ss * np.outer(m, m)
    return G


def _ridge_solve(design, alpha, solver, tol, max_iter):
    """``argmin ||ys - A w||^2 + alpha ||w||^2``; returns (coef, n_iter or None)."""
    import scipy.linalg  # noqa: PLC0415
    from scipy.sparse import linalg as spla  # noqa: PLC0415

    if solver in ("auto", "cholesky", "svd", "dual") and not design.sparse:
        return ridge(design.A, design.ys, alpha, solver=solver), None
    if solver == "cholesky":  # sparse X: factor the implicit Gram matrix
        G = _ridge_gram(design)
        G[np.diag_indices_from(G)] += alpha
        try:
            return scipy.linalg.cho_solve(scipy.linalg.cho_factor(G),
                                          design.correlations(design.ys)), None
        except np.linalg.LinAlgError as exc:
            raise ValueError(f"alpha={alpha!r} is too small for solver='cholesky' on this X; "
                             "use solver='lsqr'") from exc
    op = _ridge_operator(design)
    if solver == "lsqr":
        out = spla.lsqr(op, design.ys, damp=np.sqrt(alpha), atol=tol, btol=tol,
                        iter_lim=max_iter)
        return out[0], int(out[2])
    # sparse_cg: conjugate gradients on the normal equations (A^T A + alpha I) w = A^T ys
    normal = spla.LinearOperator((design.p, design.p), dtype=np.float64,
                                 matvec=lambda v: op.rmatvec(op.matvec(v)) + alpha * np.ravel(v))
    counter = [0]

    def count(_):
        counter[0] += 1

    coef, info = spla.cg(normal, design.correlations(design.ys), rtol=tol, atol=0.0,
                         maxiter=max_iter, callback=count)
    if info > 0:
        from regkit.exceptions import ConvergenceWarning  # noqa: PLC0415
        import warnings  # noqa: PLC0415

        warnings.warn(f"sparse_cg did not converge in {info} iterations (tol={tol})",
                      ConvergenceWarning, stacklevel=3)
    return coef, counter[0]


class Ridge(_LinearRegressor):
    r"""Ridge regression (L2 penalty).

    Minimizes

    .. math:: \sum_i s_i (y_i - x_i^\top w - b)^2 + \alpha \|w\|_2^2

    over ``w`` and an unpenalized intercept ``b`` (scikit-learn's ``Ridge`` scale: the
    loss is a plain sum of squares, not divided by ``n``, unlike :class:`Lasso`;
    ``s_i`` are the sample weights, 1 by default).

    Parameters
    ----------
    alpha : float, default=1.0
        Regularization strength, >= 0. ``alpha = 0`` gives the minimum-norm
        least-squares fit (computed by SVD, never by the normal equations).
    fit_intercept : bool, default=True
        Fit ``b`` by centring X and y (implicitly for sparse X), so it is not penalized.
    copy_X : bool, default=True
        scikit-learn's meaning (``False`` allows overwriting X); regkit never writes to
        X, so both values leave X untouched.
    max_iter : int, optional
        Iterations of "lsqr" / "sparse_cg" (default: scipy's).
    tol : float, default=1e-4
        Stopping tolerance of "lsqr" (its ``atol`` and ``btol``) and "sparse_cg" (``rtol``).
    solver : {"auto", "cholesky", "svd", "dual", "lsqr", "sparse_cg"}, default="auto"
        Dense X: "cholesky", "svd", "dual" are :func:`regkit.ridge`'s closed forms
        ("dual" factors the n x n kernel matrix: cheaper when p > n). Sparse X:
        "cholesky" factors the p x p Gram matrix formed from the sparse products, "lsqr"
        (scipy's LSQR with damping ``sqrt(alpha)``) and "sparse_cg" (conjugate gradients
        on the normal equations) only multiply by X and X^T. "auto": the closed forms for
        dense X; for sparse X "cholesky" up to 2000 features, else "lsqr".
        scikit-learn's stochastic "sag" and "saga" name iterative methods for the same
        (strictly convex) problem: regkit computes that solution as "auto" does, to
        rounding rather than to their ``tol``. "lbfgs" is, as in scikit-learn, for
        ``positive=True`` only (then bounded coordinate descent, as "auto").
    positive : bool, default=False
        Constrain the coefficients to be >= 0 (solved by bounded coordinate descent).
    random_state : int, RandomState or None, default=None
        scikit-learn uses it only in its stochastic "sag" / "saga" solvers; every regkit
        solver is deterministic, so it changes nothing.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
    intercept_ : float or ndarray of shape (n_targets,)
    n_iter_ : None or ndarray of shape (n_targets,)
        Iterations of the iterative solvers.
    solver_ : str
        The solver used ("auto" resolved; "sag" / "saga" / "lbfgs" as asked).
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features,)
        Only when X has string column names.

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.datasets import make_correlated_regression
    >>> X, y, w_true = make_correlated_regression(50, 3, n_informative=2, noise=0.5, seed=1)
    >>> y = y + 3.0  # an intercept to fit
    >>> from regkit import Ridge
    >>> model = Ridge(alpha=1.0).fit(X, y)
    >>> model.coef_.round(3)
    array([ 2.064,  0.139, -0.893])
    >>> round(float(model.intercept_), 3)  # not penalized
    2.995
    >>> model.predict(X[:2]).round(3)
    array([ 3.181, -0.08 ])
    """

    _multi_output = True

    def __init__(self, alpha=1.0, *, fit_intercept=True, copy_X=True, max_iter=None, tol=1e-4,
                 solver="auto", positive=False, random_state=None):
        _store_params(self, locals())

    def _resolve_solver(self, design, alpha):
        solver = check_choice(self.solver, "solver", RIDGE_SOLVERS)
        if solver == "lbfgs":
            raise ValueError("solver='lbfgs' is for positive=True only (as in scikit-learn); "
                             "use another solver")
        if solver in ("sag", "saga"):
            solver = "auto"  # the same unique minimizer, computed exactly
        if design.sparse:
            if solver in ("svd", "dual"):
                raise ValueError(f"solver={solver!r} needs a dense X (it factors X itself); "
                                 "use 'cholesky', 'lsqr' or 'sparse_cg' for sparse X")
            if solver == "auto":
                small = design.p <= _SPARSE_GRAM_MAX_FEATURES and alpha > 0
                solver = "cholesky" if small else "lsqr"
        return solver

    def fit(self, X, y, sample_weight=None):
        """Fit the model; returns self.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
        sample_weight : array-like of shape (n_samples,), optional
            Non-negative weights ``s_i`` of the squared errors.
        """
        from regkit.solvers.coordinate_descent import LinearDesign, box_cd  # noqa: PLC0415

        X, y, sw, dtype = self._validated_fit_data(X, y, sample_weight)
        alpha = check_alpha(self.alpha)
        tol = check_scalar(self.tol, "tol", low=0.0)
        max_iter = None if self.max_iter is None else check_int(self.max_iter, "max_iter")
        check_bool(self.copy_X, "copy_X")
        positive = check_bool(self.positive, "positive")
        Y = _targets(y)
        design = LinearDesign(X, Y[:, 0], sw, self.fit_intercept)
        if positive:
            if self.solver not in ("auto", "lbfgs"):
                raise ValueError(f"solver={self.solver!r} does not support positive fitting: "
                                 "use solver='auto' or 'lbfgs' (both run bounded coordinate "
                                 "descent here), or positive=False")
            solver = "cd"
        else:
            solver = self._resolve_solver(design, alpha)
        coefs, intercepts, n_iter = [], [], []
        for k in range(Y.shape[1]):
            d = design.retarget(Y[:, k])
            if positive:
                # ||r||^2 + alpha ||w||^2 = 2n [(1/(2n)) ||r||^2 + (alpha / n) / 2 ||w||^2]
                p = d.p
                res = box_cd(d, np.zeros(p), np.full(p, alpha / d.n), np.zeros(p),
                             np.full(p, np.inf), tol=min(tol, 1e-8),
                             max_iter=10_000 if max_iter is None else max_iter)
                coef, it = res.coef, res.n_iter
            else:
                coef, it = _ridge_solve(d, alpha, solver, tol, max_iter)
            coefs.append(coef)
            intercepts.append(d.intercept(coef))
            n_iter.append(it)
        self._set_coef(np.array(coefs), np.array(intercepts), dtype, y.ndim)
        if y.ndim == 2 and y.shape[1] == 1:
            self.coef_ = self.coef_[0]  # scikit-learn's Ridge: (n_features,) for one column
        self.solver_ = self.solver if self.solver in ("sag", "saga", "lbfgs") else solver
        self.n_iter_ = None if n_iter[0] is None else np.array(n_iter)
        return self


# ---------------------------------------------------------------------------
# Lasso and elastic net
# ---------------------------------------------------------------------------

def _enet_solve(Xc, yc, alpha, l1_ratio, tol, max_iter, coef_init):
    """Coordinate descent with the duality-gap stop; returns regkit's SolverResult."""
    penalty = make_penalty(alpha, l1_ratio)
    return coordinate_descent(Design(Xc, yc), penalty, tol=tol, max_iter=max_iter,
                              coef_init=coef_init)


def _thresholds(alpha, l1_ratio, pf, p):
    """L1 thresholds and quadratic weights per feature (glmnet: the factor scales both)."""
    pf = np.ones(p) if pf is None else pf
    with np.errstate(invalid="ignore"):
        t = np.where(np.isinf(pf), np.inf, alpha * l1_ratio * pf)
        b = np.where(np.isinf(pf), 0.0, alpha * (1.0 - l1_ratio) * pf)
    return t, b


def _use_gram(precompute, design):
    """scikit-learn's ``precompute``: True, False, "auto" (Gram when n > p) or the Gram
    matrix itself (checked against X, then used as True)."""
    if isinstance(precompute, str):
        check_choice(precompute, "precompute", ("auto",))
        return getattr(design, "n_effective", design.n) > design.p
    if isinstance(precompute, (bool, np.bool_)):
        return bool(precompute)
    if precompute is None:
        return False
    G = as_real_array(precompute, "precompute")
    if G.shape != (design.p, design.p):
        raise ValueError(f"precompute: a Gram matrix must have shape ({design.p}, {design.p}), "
                         f"got {G.shape}")
    ref = _ridge_gram(design)
    if not np.allclose(G, ref, rtol=1e-7, atol=1e-10 * max(1.0, np.abs(ref).max())):
        raise ValueError("precompute: the Gram matrix given did not pass validation: it "
                         "does not match X^T X of the (centred, weighted) X passed to fit")
    return True


def _fit_enet(design, alpha, l1_ratio, *, tol, max_iter, coef_init=None, pf=None, bounds=None,
              seed=-1, precompute=False):
    """One elastic-net fit on a :class:`~regkit.solvers.design.LinearDesign`.

    Dense, unweighted-by-feature, unbounded, cyclic problems keep regkit's fast solvers
    (with a Gram matrix when asked); everything else goes to bounded coordinate descent.
    Returns ``(coef, gap, n_iter)``.
    """
    from regkit.solvers.coordinate_descent import box_cd  # noqa: PLC0415

    p = design.p
    simple = not design.sparse and pf is None and bounds is None and seed < 0
    if simple:
        if _use_gram(precompute, design) and alpha * l1_ratio > 0:
            return _gram_solve(design, alpha, l1_ratio, tol, max_iter, coef_init)
        res = _enet_solve(design.A, design.ys, alpha, l1_ratio, tol, max_iter, coef_init)
        return _finite(res.coef), res.gap, res.n_iter
    if precompute is not False and not isinstance(precompute, str) and precompute is not None:
        _use_gram(precompute, design)  # validated; the bounded solver works on X directly
    t, b = _thresholds(alpha, l1_ratio, pf, p)
    lower, upper = bounds if bounds is not None else (np.full(p, -np.inf), np.full(p, np.inf))
    res = box_cd(design, t, b, lower, upper, tol=tol, max_iter=max_iter, coef_init=coef_init,
                 seed=seed)
    return _finite(res.coef), res.gap, res.n_iter


def _fit_enet_sklearn_stop(design, alpha, l1_ratio, *, tol, max_iter, **kw):
    """:func:`_fit_enet` with scikit-learn's stopping rule for its ``tol``.

    scikit-learn's coordinate descent stops after a sweep in which the largest
    coefficient change is below ``tol`` times the largest coefficient *and* the duality
    gap is below ``tol * ||y||^2 / n``. regkit's solvers stop on the gap alone; from
    their answer single sweeps continue (warm-started, each a descent step) until a
    sweep also moves no coefficient by more than ``tol * max|w|``, or ``max_iter``
    sweeps in all. With a small ``tol`` the two rules end far apart on ill-conditioned
    problems (the gap bound allows a coefficient error of order sqrt(gap / curvature)),
    so ``Lasso(tol=...)`` gets what scikit-learn's ``tol`` gives.
    """
    import warnings  # noqa: PLC0415

    coef, gap, n_iter = _fit_enet(design, alpha, l1_ratio, tol=tol, max_iter=max_iter, **kw)
    warm = kw.pop("coef_init", None) is not None
    # a warm start the gap certifies before any sweep is returned as it is (scikit-learn
    # checks the gap before its first sweep too)
    while n_iter < max_iter and not (warm and n_iter == 0):
        top = float(np.max(np.abs(coef), initial=0.0))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)  # max_iter=1 by design
            # tol=-1: no gap can meet it (a gap at rounding level may be <= 0), so the
            # solver always sweeps once
            new, new_gap, sweeps = _fit_enet(design, alpha, l1_ratio, tol=-1.0, max_iter=1,
                                             coef_init=coef, **kw)
        change = float(np.max(np.abs(new - coef), initial=0.0))
        if sweeps == 0:  # the solver did not sweep: nothing left to move
            break
        coef, gap, n_iter = new, new_gap, n_iter + sweeps
        if top == 0.0 or change <= tol * max(top, float(np.max(np.abs(coef), initial=0.0))):
            break
    return coef, gap, n_iter


def _finite(coef):
    """Refuse to return an overflowed solution (X or y near the float range)."""
    if not np.all(np.isfinite(coef)):
        raise ValueError("Coordinate descent iterations resulted in non-finite parameter "
                         "values: X or y is too large in magnitude; rescale them")
    return coef


def _gram_solve(design, alpha, l1_ratio, tol, max_iter, coef_init):
    """One alpha through the compiled path solver with a precomputed Gram matrix."""
    import warnings  # noqa: PLC0415

    from regkit.exceptions import ConvergenceWarning  # noqa: PLC0415
    from regkit.solvers.coordinate_descent import (  # noqa: PLC0415
        convergence_message,
        enet_path_cd,
    )

    res = enet_path_cd(Design(design.A, design.ys), np.array([alpha]), l1_ratio, tol=tol,
                       max_iter=max_iter, coef_init=coef_init, gram=True)
    if res.gaps[0] > res.target:
        warnings.warn(convergence_message("coordinate descent", max_iter, res.gaps[0],
                                          res.target), ConvergenceWarning, stacklevel=3)
    return res.coefs[:, 0], float(res.gaps[0]), int(res.n_iter[0])


def _lasso_design(X, y, sw, fit_intercept):
    """The design of a lasso-family fit: scikit-learn's Lasso / ElasticNet rescale sample
    weights to sum to n_samples. ``n_effective`` (the weights' sum, or n) is the size of
    the equivalent unweighted problem, which decides "auto" Gram use, so that integer
    weights and repeated rows take the same algorithm."""
    from regkit.solvers.design import LinearDesign  # noqa: PLC0415

    n = X.shape[0]
    design = LinearDesign(X, y, None if sw is None else sw * (n / sw.sum()), fit_intercept)
    design.n_effective = float(n if sw is None else sw.sum())
    if not (np.isfinite(design.yy) and np.all(np.isfinite(design.col_sq))):
        raise ValueError("X or y is too large in magnitude: its centred squares overflow, so "
                         "the fit would have non-finite parameter values; rescale them")
    return design


class _CoordinateDescentRegressor(_LinearRegressor):
    """Fit logic shared by Lasso and ElasticNet (they differ only in ``l1_ratio``)."""

    _multi_output = True

    def _l1_ratio(self):
        return check_l1_ratio(self.l1_ratio)

    def fit(self, X, y, sample_weight=None, check_input=True):
        """Fit the model by coordinate descent; returns self.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)
            Sparse X (CSR or CSC) is used as is: never densified, never centred.
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Several targets are fitted independently (one row of ``coef_`` each).
        sample_weight : array-like of shape (n_samples,), optional
            Non-negative weights; rescaled to sum to n_samples, as scikit-learn does.
        check_input : bool, default=True
            Accepted for scikit-learn compatibility; regkit always validates.
        """
        X, y, sw, dtype = self._validated_fit_data(X, y, sample_weight)
        alpha = check_alpha(self.alpha)
        l1_ratio = self._l1_ratio()
        tol = check_scalar(self.tol, "tol", low=0.0)
        max_iter = check_int(self.max_iter, "max_iter")
        check_bool(self.copy_X, "copy_X")
        seed = _selection_seed(self.selection, self.random_state)
        n, p = X.shape
        pf = _penalty_factor(self.penalty_factor, p)
        bounds = _coef_bounds(self, p)
        Y = _targets(y)
        design = _lasso_design(X, Y[:, 0], sw, self.fit_intercept)
        previous = None
        if self.warm_start and getattr(self, "coef_", None) is not None:
            previous = np.atleast_2d(self._dense_coef())
            if previous.shape != (Y.shape[1], p):
                previous = None
        coefs, intercepts, gaps, n_iter = [], [], [], []
        for k in range(Y.shape[1]):
            d = design.retarget(Y[:, k])
            init = None if previous is None else np.asarray(previous[k], dtype=np.float64)
            coef, gap, it = _fit_enet_sklearn_stop(
                d, alpha, l1_ratio, tol=tol, max_iter=max_iter, coef_init=init, pf=pf,
                bounds=bounds, seed=seed, precompute=self.precompute)
            coefs.append(coef)
            intercepts.append(d.intercept(coef))
            gaps.append(gap)
            n_iter.append(it)
        self._set_coef(np.array(coefs), np.array(intercepts), dtype, y.ndim)
        if y.ndim == 1:
            self.n_iter_ = int(n_iter[0])
            self.dual_gap_ = float(gaps[0])
        else:
            self.n_iter_ = np.array(n_iter)
            self.dual_gap_ = np.array(gaps)
        return self

    @property
    def sparse_coef_(self):
        """``coef_`` as a scipy.sparse CSR matrix."""
        return sp.csr_matrix(np.atleast_2d(self._dense_coef()))


_ENET_PARAMS_DOC = """
    fit_intercept : bool, default=True
    precompute : bool, "auto" or array of shape (n_features, n_features), default=False
        Solve with the Gram matrix ``X^T X / n`` formed once (working-set coordinate
        descent on it, ``regkit.solvers.coordinate_descent.enet_path_cd``); "auto":
        when n_samples (the sum of the sample weights, if given) > n_features. An array must equal the Gram matrix of the centred,
        weighted X (it is checked). Ignored by the bounded / sparse solver.
    max_iter : int, default=1000
        Maximum coordinate-descent sweeps; running out warns
        :class:`regkit.ConvergenceWarning` with the duality gap reached.
    copy_X : bool, default=True
        regkit never writes to X; both values leave it untouched.
    tol : float, default=1e-4
        Stop when the duality gap is at most ``tol * ||y_centered||^2 / n``.
    warm_start : bool, default=False
        Start from the previous ``coef_`` (useful along a path of alphas).
    positive : bool, default=False
        Constrain the coefficients to be >= 0.
    random_state : int, RandomState or None, default=None
        Seed of the visiting order when ``selection="random"``.
    selection : {"cyclic", "random"}, default="cyclic"
        Visit the coordinates in order, or in a fresh random order every sweep.
    penalty_factor : array-like of shape (n_features,), optional
        glmnet's ``penalty.factor``: the penalty on ``w_j`` is multiplied by
        ``penalty_factor[j]`` (both its L1 and L2 parts); 0 leaves a feature
        unpenalized, ``inf`` excludes it. Not rescaled (glmnet rescales to sum to p).
    lower_bounds, upper_bounds : float or array-like of shape (n_features,), optional
        glmnet's ``lower.limits`` / ``upper.limits``: box constraints on the
        coefficients, with ``lower <= 0 <= upper``.
"""


class ElasticNet(_CoordinateDescentRegressor):
    __doc__ = r"""Elastic net: L1 + L2 penalties, by coordinate descent.

    Minimizes

    .. math::

        \frac{1}{2n}\sum_i s_i (y_i - x_i^\top w - b)^2 + \alpha\,\rho\,\|w\|_1
        + \frac{\alpha (1 - \rho)}{2}\|w\|_2^2, \qquad \rho = \text{l1\_ratio},

    over ``w`` and an unpenalized intercept ``b`` (scikit-learn's ``ElasticNet``; ``s_i``
    the sample weights rescaled to sum to ``n``).

    Parameters
    ----------
    alpha : float, default=1.0
        Overall strength, >= 0.
    l1_ratio : float in [0, 1], default=0.5
        1 is the lasso, 0 a pure L2 penalty (ridge with ``alpha_ridge = n * alpha``).""" + \
        _ENET_PARAMS_DOC + r"""
    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
    intercept_ : float or ndarray of shape (n_targets,)
    n_iter_ : int or ndarray of shape (n_targets,)
        Coordinate-descent sweeps run.
    dual_gap_ : float or ndarray of shape (n_targets,)
        Duality gap at the solution, on the ``1/(2n)`` objective's scale.
    sparse_coef_ : scipy.sparse CSR matrix
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features,)

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.datasets import make_correlated_regression
    >>> X, y, w_true = make_correlated_regression(50, 3, n_informative=2, noise=0.5, seed=1)
    >>> y = y + 3.0  # an intercept to fit
    >>> from regkit import ElasticNet
    >>> model = ElasticNet(alpha=0.1, l1_ratio=0.5).fit(X, y)
    >>> model.coef_.round(3)
    array([ 1.941,  0.049, -0.729])
    >>> round(model.score(X, y), 3)  # R^2
    0.93
    """

    def __init__(self, alpha=1.0, *, l1_ratio=0.5, fit_intercept=True, precompute=False,
                 max_iter=1000, copy_X=True, tol=1e-4, warm_start=False, positive=False,
                 random_state=None, selection="cyclic", penalty_factor=None,
                 lower_bounds=None, upper_bounds=None):
        _store_params(self, locals())


class Lasso(_CoordinateDescentRegressor):
    __doc__ = r"""Lasso: L1-penalized least squares, by coordinate descent.

    Minimizes

    .. math:: \frac{1}{2n}\sum_i s_i (y_i - x_i^\top w - b)^2 + \alpha \|w\|_1

    over ``w`` and an unpenalized intercept ``b`` (scikit-learn's ``Lasso``). For
    ``alpha >= alpha_max = max_j |x_j^T (y - y_mean)| / n`` (centred ``x_j``) the
    solution is exactly zero.

    Parameters
    ----------
    alpha : float, default=1.0
        Regularization strength, >= 0.""" + _ENET_PARAMS_DOC + r"""
    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
    intercept_ : float or ndarray of shape (n_targets,)
    n_iter_ : int or ndarray of shape (n_targets,)
    dual_gap_ : float or ndarray of shape (n_targets,)
    sparse_coef_ : scipy.sparse CSR matrix
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features,)

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.datasets import make_correlated_regression
    >>> X, y, w_true = make_correlated_regression(50, 3, n_informative=2, noise=0.5, seed=1)
    >>> y = y + 3.0  # an intercept to fit
    >>> from regkit import Lasso
    >>> model = Lasso(alpha=0.1).fit(X, y)
    >>> model.coef_.round(3)  # the irrelevant feature is exactly 0
    array([ 2.022,  0.   , -0.698])
    >>> round(float(model.intercept_), 3)
    3.047
    >>> bool(model.dual_gap_ <= model.tol * np.var(y))  # the stopping certificate
    True
    """

    def __init__(self, alpha=1.0, *, fit_intercept=True, precompute=False, copy_X=True,
                 max_iter=1000, tol=1e-4, warm_start=False, positive=False, random_state=None,
                 selection="cyclic", penalty_factor=None, lower_bounds=None,
                 upper_bounds=None):
        _store_params(self, locals())

    def _l1_ratio(self):
        return 1.0


# ---------------------------------------------------------------------------
# Choosing alpha by cross-validation
# ---------------------------------------------------------------------------

def _enet_path_on(design, alphas, l1_ratio, *, tol, max_iter, pf=None, bounds=None, seed=-1):
    """Coefficients (p, n_alphas) along ``alphas`` (decreasing) for one design, and the
    sweeps run per alpha."""
    from regkit.paths import _path  # noqa: PLC0415
    from regkit.solvers.coordinate_descent import box_path  # noqa: PLC0415

    if not design.sparse and pf is None and bounds is None and seed < 0:
        gram = getattr(design, "n_effective", design.n) > design.p
        out = _path(design.A, design.ys, l1_ratio, alphas, None, None, tol, max_iter, gram=gram)
        return out[1], out[3]
    p = design.p
    lower, upper = bounds if bounds is not None else (np.full(p, -np.inf), np.full(p, np.inf))
    out = box_path(design, alphas, l1_ratio, np.ones(p) if pf is None else pf, lower, upper,
                   tol=tol, max_iter=max_iter, seed=seed)
    return out[0], out[2]


def _weighted_mse(X_test, y_test, coefs, intercepts, sw_test):
    """Held-out mean squared error of every column of ``coefs`` (weighted by ``sw_test``)."""
    resid = y_test[:, None] - (np.asarray(X_test @ coefs) + intercepts)
    return np.average(resid ** 2, axis=0, weights=sw_test)


def _alpha_top(design, l1_ratio, pf, positive=False):
    """The grid's top: ``max_j |A_j^T ys| / (n * l1_ratio * pf_j)`` over penalized j (with
    ``positive``, the signed maximum, clipped at 0: negative correlations never enter)."""
    corr = design.correlations(design.ys) / (design.n * l1_ratio)
    corr = np.maximum(corr, 0.0) if positive else np.abs(corr)
    if pf is not None:
        ok = (pf > 0) & np.isfinite(pf)
        corr = corr[ok] / pf[ok] if np.any(ok) else np.zeros(1)
    return float(np.max(corr))


def _parallel(n_jobs, tasks):
    """Run ``tasks`` (zero-argument callables) with joblib threads (the numba kernels
    release the GIL), in order."""
    from joblib import Parallel, delayed  # noqa: PLC0415

    if n_jobs is None or n_jobs == 1:
        return [task() for task in tasks]
    return Parallel(n_jobs=n_jobs, prefer="threads")(delayed(task)() for task in tasks)


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

    def _grid(self, design, l1_ratio, pf, positive=False):
        if isinstance(self.alphas, numbers.Integral) and not isinstance(self.alphas, bool):
            n_alphas = check_int(self.alphas, "alphas")
            eps = check_scalar(self.eps, "eps", low=0.0, low_inclusive=False)
            if l1_ratio == 0.0:
                raise ValueError(
                    "l1_ratio=0 has no alpha_max (a pure L2 penalty never zeroes the "
                    "solution), so there is no default grid: pass alphas explicitly"
                )
            top = _alpha_top(design, l1_ratio, pf, positive)
            # (numerically) constant y: every alpha gives w = 0; scikit-learn's grid then
            # holds float64's resolution, and so does this one
            resolution = np.finfo(np.float64).resolution
            if top <= resolution:
                return np.full(n_alphas, resolution)
            return np.geomspace(top, top * eps, num=n_alphas)
        return np.sort(check_alphas(self.alphas))[::-1]

    def fit(self, X, y, sample_weight=None):
        """Cross-validate along the path, then refit on all data at the chosen alpha.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), optional
            Weights of the fits (rescaled to sum to the rows fitted, as scikit-learn) and
            of the held-out errors.
        """

        X, y, sw, dtype = self._validated_fit_data(X, y, sample_weight)
        ratios = self._l1_ratios()
        tol = check_scalar(self.tol, "tol", low=0.0)
        max_iter = check_int(self.max_iter, "max_iter")
        check_bool(self.copy_X, "copy_X")
        seed = _selection_seed(self.selection, self.random_state)
        rule = check_choice(self.selection_rule, "selection_rule", SELECTION_RULES)
        n, p = X.shape
        pf = _penalty_factor(getattr(self, "penalty_factor", None), p)
        bounds = _coef_bounds(self, p)
        folds = list(check_cv(self.cv).split(X, y))

        # one grid per l1_ratio, from the full data, shared by every fold (as scikit-learn)
        full = _lasso_design(X, y, sw, self.fit_intercept)
        positive = bounds is not None and bool(np.all(bounds[0] >= 0))
        grids = np.array([self._grid(full, r, pf, positive) for r in ratios])

        def fold_errors(i, train, test):
            d = _lasso_design(X[train], y[train], None if sw is None else sw[train],
                              self.fit_intercept)
            coefs = _enet_path_on(d, grids[i], ratios[i], tol=tol, max_iter=max_iter, pf=pf,
                                  bounds=bounds, seed=seed)[0]
            intercepts = d.y_mean - d.x_mean @ coefs
            return _weighted_mse(X[test], y[test], coefs, intercepts,
                                 None if sw is None else sw[test])

        tasks = [lambda i=i, tr=tr, te=te: fold_errors(i, tr, te)
                 for i in range(len(ratios)) for tr, te in folds]
        results = _parallel(self.n_jobs, tasks)
        mse = np.array(results).reshape(len(ratios), len(folds), -1).transpose(0, 2, 1)

        mean = mse.mean(axis=-1)
        se = fold_standard_error(mse) if rule == "1se" else None
        row, col = select_alpha(mean, se, grids, rule)
        self.alpha_ = float(grids[row, col])
        if self._tunes_l1_ratio:
            self.l1_ratio_ = ratios[row]
        # one grid for every l1_ratio when the alphas were given (as scikit-learn stores it)
        explicit = not isinstance(self.alphas, numbers.Integral)
        self.alphas_ = grids[0] if len(ratios) == 1 or explicit else grids
        self.mse_path_ = mse[0] if len(ratios) == 1 else mse

        # "auto": plain coordinate descent for the refit (the Gram solver's extrapolation
        # amplifies rounding, so integer weights would not reproduce repeated rows exactly)
        precompute = False if isinstance(self.precompute, str) else self.precompute
        if isinstance(self.precompute, str):
            check_choice(self.precompute, "precompute", ("auto",))
        coef, gap, it = _fit_enet(full, self.alpha_, ratios[row], tol=tol, max_iter=max_iter,
                                  pf=pf, bounds=bounds, seed=seed, precompute=precompute)
        self._set_coef(coef[None, :], np.array([full.intercept(coef)]), dtype, 1)
        self.n_iter_ = int(it)
        self.dual_gap_ = float(gap)
        return self


_CV_PARAMS_DOC = """
    fit_intercept : bool, default=True
    precompute : bool, "auto" or array, default="auto"
        For the final fit: True or a Gram array as in :class:`ElasticNet`; "auto" and
        False refit by plain coordinate descent (the CV paths choose their own).
    max_iter : int, default=1000
    tol : float, default=1e-4
    copy_X : bool, default=True
        regkit never writes to X.
    cv : int, CV splitter or iterable, default=None
        As in scikit-learn: None is 5-fold, an int k is ``KFold(k)`` (no shuffling).
    n_jobs : int, default=None
        Folds (and l1_ratios) fitted in parallel by joblib threads.
    positive : bool, default=False
        Coefficients constrained to be >= 0.
    random_state : int, RandomState or None, default=None
        For ``selection="random"``.
    selection : {"cyclic", "random"}, default="cyclic"
    selection_rule : {"min", "1se"}, default="min"
        ``"min"``: smallest mean CV error (scikit-learn's and glmnet's ``lambda.min``);
        ``"1se"``: the largest alpha whose mean CV error is within one standard error
        (std over folds with ddof=1, divided by ``sqrt(n_folds)``) of the minimum
        (glmnet's ``lambda.1se``).
"""


class ElasticNetCV(_EnetCV):
    __doc__ = r"""Elastic net with ``alpha`` (and optionally ``l1_ratio``) chosen by k-fold CV.

    For each ``l1_ratio`` and each fold, the elastic net

    .. math::

        \frac{1}{2n}\sum_i s_i (y_i - x_i^\top w - b)^2 + \alpha\,\rho\,\|w\|_1
        + \frac{\alpha (1 - \rho)}{2}\|w\|_2^2

    is solved along a decreasing grid of alphas with warm starts
    (:func:`regkit.enet_path`) on the training part (centred with the training
    means) and scored by (weighted) mean squared error on the held-out part. The chosen
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
        (sorted into decreasing order). ``l1_ratio = 0`` needs explicit alphas.""" + \
        _CV_PARAMS_DOC + r"""
    Attributes
    ----------
    alpha_ : float
    l1_ratio_ : float
    alphas_ : ndarray of shape (n_alphas,) or (n_l1_ratio, n_alphas)
        Decreasing grid(s) used: one row per l1_ratio when ``alphas`` is an int and
        several l1_ratios are tried (each has its own alpha_max), else the one grid.
    mse_path_ : ndarray of shape (n_alphas, n_folds) or (n_l1_ratio, n_alphas, n_folds)
        Held-out mean squared error for each alpha and fold.
    coef_, intercept_, n_iter_, dual_gap_ :
        Of the final fit on all the data.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features,)

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.datasets import make_correlated_regression
    >>> X, y, w_true = make_correlated_regression(50, 3, n_informative=2, noise=0.5, seed=1)
    >>> y = y + 3.0  # an intercept to fit
    >>> from regkit import ElasticNetCV
    >>> model = ElasticNetCV(l1_ratio=[0.2, 0.5, 1.0], cv=5).fit(X, y)
    >>> model.l1_ratio_, round(model.alpha_, 4)
    (1.0, 0.0094)
    >>> model.coef_.round(3)
    array([ 2.125,  0.102, -0.894])
    >>> model.mse_path_.shape  # (n_l1_ratio, n_alphas, n_folds)
    (3, 100, 5)
    """

    def __init__(self, *, l1_ratio=0.5, eps=1e-3, alphas=100, fit_intercept=True,
                 precompute="auto", max_iter=1000, tol=1e-4, cv=None, copy_X=True,
                 n_jobs=None, positive=False, random_state=None, selection="cyclic",
                 selection_rule="min"):
        _store_params(self, locals())


class LassoCV(_EnetCV):
    __doc__ = r"""Lasso with ``alpha`` chosen by k-fold cross-validation along a warm-started path.

    Each fold solves

    .. math:: \frac{1}{2n}\sum_i s_i (y_i - x_i^\top w - b)^2 + \alpha \|w\|_1

    for every alpha of one shared decreasing grid (:func:`regkit.lasso_path`, each
    solve starting from the previous one) on its training part, and scores the held-out
    part by (weighted) mean squared error. The chosen ``alpha_`` is refitted on all the
    data.

    Parameters
    ----------
    eps : float, default=1e-3
    alphas : int or array-like, default=100
        Grid size (geometric, from ``alpha_max`` on all the data down to
        ``eps * alpha_max``) or the alphas themselves.""" + _CV_PARAMS_DOC + r"""
    Attributes
    ----------
    alpha_ : float
    alphas_ : ndarray of shape (n_alphas,)
    mse_path_ : ndarray of shape (n_alphas, n_folds)
    coef_, intercept_, n_iter_, dual_gap_ :
        Of the final fit on all the data.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features,)

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.datasets import make_correlated_regression
    >>> X, y, w_true = make_correlated_regression(50, 3, n_informative=2, noise=0.5, seed=1)
    >>> y = y + 3.0  # an intercept to fit
    >>> from regkit import LassoCV
    >>> model = LassoCV(cv=5).fit(X, y)
    >>> round(model.alpha_, 4)
    0.0094
    >>> model.coef_.round(3)
    array([ 2.125,  0.102, -0.894])
    >>> model.mse_path_.shape  # (n_alphas, n_folds)
    (100, 5)
    >>> simpler = LassoCV(cv=5, selection_rule="1se").fit(X, y)
    >>> bool(simpler.alpha_ >= model.alpha_)  # the 1-SE rule prefers more shrinkage
    True
    """

    def __init__(self, *, eps=1e-3, alphas=100, fit_intercept=True, precompute="auto",
                 max_iter=1000, tol=1e-4, copy_X=True, cv=None, n_jobs=None, positive=False,
                 random_state=None, selection="cyclic", selection_rule="min"):
        _store_params(self, locals())

    _tunes_l1_ratio = False

    def _l1_ratios(self):
        return [1.0]


# ---------------------------------------------------------------------------
# Ridge with alpha chosen by leave-one-out or k-fold CV
# ---------------------------------------------------------------------------

def _thin_svd(design, mode="svd"):
    """Numerical-range part ``(U, d)`` of the weighted, centred design's thin SVD; with
    ``mode="eigen"`` (always for sparse X) through the p x p Gram matrix (X itself is
    never densified)."""
    if design.sparse or mode == "eigen":
        G = _ridge_gram(design)
        evals, V = np.linalg.eigh(G)
        evals, V = evals[::-1], V[:, ::-1]
        d = np.sqrt(np.maximum(evals, 0.0))
        keep = d > max(design.n, design.p) * np.finfo(float).eps * (d[0] if d.size else 0.0)
        # keep the well-determined directions only: U = A V / d loses accuracy as d -> 0
        keep &= evals > np.sqrt(np.finfo(float).eps) * (evals[0] if evals.size else 0.0)
        V, d = V[:, keep], d[keep]
        # A v = ys - residual(v): the sparse products, centred implicitly
        AV = np.column_stack([design.ys - design.residual(v) for v in V.T]) \
            if V.shape[1] else np.zeros((design.n, 0))
        return AV / d, d
    U, d, _ = np.linalg.svd(design.A, full_matrices=False)
    keep = d > max(design.A.shape) * np.finfo(float).eps * (d[0] if d.size else 0.0)
    return U[:, keep], d[keep]


def _loo_residuals(U, d, design, alphas):
    r"""Exact leave-one-out residuals of ridge on the weighted rows, (n_samples, n_alphas).

    With the thin SVD ``A = U diag(d) V^T`` of the weighted, centred design and
    ``c = U^T ys``, ridge's hat matrix is ``U diag(s) U^T`` with ``s = d^2 / (d^2 + alpha)``;
    an unpenalized intercept adds ``s_i^2 / sum(s^2)`` (``1/n`` unweighted) to the leverage
    of row ``i`` (the direction of the weights' square roots is orthogonal to the centred
    columns). The LOO residual is ``e_i / (1 - h_ii)`` with ``e`` the full-data residual:
    no refits. Both are formed as sums of non-negative parts,

    .. math::

        e = (I - U U^\top) y_s + U\,(f \circ c), \qquad
        1 - h_{ii} = \Big(1 - h^0_i - \sum_k U_{ik}^2\Big) + \sum_k U_{ik}^2 f_k,
        \qquad f = \frac{\alpha}{d^2 + \alpha},

    (``h^0_i`` the intercept's leverage). Rows that the unpenalized fit interpolates
    (always, when ``p >= n``) are computed with alpha divided out of both, so they
    stay accurate for tiny alphas.

    :func:`regkit.ridge_loo` returns the mean of the squares without an intercept;
    here the intercept is refitted in every leave-one-out fold (what leave-one-out
    cross-validation of ``Ridge(fit_intercept=True)`` means, and what scikit-learn's
    ``RidgeCV`` computes).
    """
    ys = design.ys
    c = U.T @ ys
    U2 = U * U
    outside = ys - U @ c  # the part of y no alpha can fit
    lev0 = design.s ** 2 / (design.s @ design.s) if design._fit_intercept else 0.0
    # rounding can push this a hair below its true value (0 for full-rank p >= n designs)
    out_lev = np.maximum(1.0 - lev0 - U2.sum(axis=1), 0.0)
    inv = 1.0 / (d[:, None] ** 2 + alphas[None, :])  # (k, n_alphas)
    resid = outside[:, None] + U @ (alphas * inv * c[:, None])
    one_minus_lev = out_lev[:, None] + U2 @ (alphas * inv)
    # Rows the unpenalized fit interpolates (leverage one: always when p >= n) have
    # outside = out_lev = 0, and both terms above are O(alpha): there the rounding
    # noise of outside and out_lev would dominate. Dividing both by alpha leaves an
    # alpha-free ratio, computed from the range part alone.
    interp = out_lev <= 1e3 * max(design.n, design.p) * np.finfo(float).eps
    resid[interp] = U[interp] @ (inv * c[:, None])
    one_minus_lev[interp] = U2[interp] @ inv
    return resid / one_minus_lev


class _Predictions:
    """Stands for a fitted regressor whose "predictions" are given: lets a scikit-learn
    scorer score leave-one-out predictions."""

    _estimator_type = "regressor"

    def predict(self, X):
        return X

    def __sklearn_tags__(self):
        from sklearn.utils import Tags, TargetTags  # noqa: PLC0415

        tags = Tags(estimator_type="regressor", target_tags=TargetTags(required=True))
        return tags


def _fitted_ridge(coef, intercept, n_features):
    """A :class:`Ridge` holding given coefficients (for scorers that take an estimator)."""
    model = Ridge()
    model.coef_ = coef
    model.intercept_ = intercept
    model.n_features_in_ = n_features
    model._y_ndim = np.ndim(coef)
    return model


class RidgeCV(_LinearRegressor):
    r"""Ridge regression with ``alpha`` chosen by exact leave-one-out or k-fold CV.

    Minimizes :math:`\sum_i s_i (y_i - x_i^\top w - b)^2 + \alpha \|w\|_2^2` (as
    :class:`Ridge`) for each candidate alpha and keeps the best one. With ``cv=None`` the
    leave-one-out errors come in closed form from one SVD (``e_i / (1 - H_ii)``, no
    refits; with ``fit_intercept=False`` this is :func:`regkit.ridge_loo`); otherwise
    each fold is fitted by :func:`regkit.ridge_path`.

    Parameters
    ----------
    alphas : array-like of shape (n_alphas,), default=(0.1, 1.0, 10.0)
        Candidates, > 0 for leave-one-out (as in scikit-learn), >= 0 for k-fold.
    fit_intercept : bool, default=True
    scoring : str, callable or None, default=None
        As in scikit-learn: None scores leave-one-out by the (weighted) squared error and
        k-fold by the estimator's R^2 (averaged over folds); a scorer name or a
        ``scorer(estimator, X, y)`` callable otherwise (for leave-one-out it receives
        the leave-one-out predictions through a stand-in estimator).
    cv : None, int, CV splitter or iterable, default=None
        None: efficient exact leave-one-out. Otherwise k-fold as in scikit-learn
        (an int k is ``KFold(k)``).
    gcv_mode : {None, "auto", "svd", "eigen"}, default=None
        How leave-one-out factors the design: "svd", the thin SVD of the (weighted,
        centred) X; "eigen", the eigendecomposition of its p x p Gram matrix (never forms
        a dense copy of a sparse X). None / "auto": "svd" for dense X, "eigen" for sparse.
    store_cv_results : bool, default=False
        With ``cv=None``, keep the per-sample LOO squared errors (or, with ``scoring``,
        the LOO predictions) in ``cv_results_``.
    alpha_per_target : bool, default=False
        With several targets and ``cv=None``, choose one alpha per target.
    selection_rule : {"min", "1se"}, default="min"
        ``"1se"``: the largest alpha whose mean error is within one standard error of
        the minimum; the SE is over folds, or over samples for leave-one-out (which needs
        ``scoring=None`` there).

    Attributes
    ----------
    alpha_ : float or ndarray of shape (n_targets,)
    best_score_ : float or ndarray of shape (n_targets,)
        Score at ``alpha_``: the negative mean squared LOO error, or the chosen scoring.
    mse_path_ : ndarray of shape (n_alphas, n_folds)
        Only for k-fold ``cv``: held-out MSE per alpha (in the order given) and fold.
    cv_results_ : ndarray of shape (n_samples, n_alphas) or (n_samples, n_targets, n_alphas)
        Only with ``cv=None`` and ``store_cv_results=True``.
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
    intercept_ : float or ndarray of shape (n_targets,)
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features,)

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.datasets import make_correlated_regression
    >>> X, y, w_true = make_correlated_regression(50, 3, n_informative=2, noise=0.5, seed=1)
    >>> y = y + 3.0  # an intercept to fit
    >>> from regkit import RidgeCV
    >>> model = RidgeCV(alphas=[0.1, 1.0, 10.0, 100.0]).fit(X, y)  # exact leave-one-out
    >>> model.alpha_
    0.1
    >>> model.coef_.round(3)
    array([ 2.123,  0.127, -0.918])
    >>> RidgeCV(alphas=[0.1, 1.0, 10.0, 100.0], selection_rule="1se").fit(X, y).alpha_
    1.0
    """

    _multi_output = True

    def __init__(self, alphas=(0.1, 1.0, 10.0), *, fit_intercept=True, scoring=None, cv=None,
                 gcv_mode=None, store_cv_results=False, alpha_per_target=False,
                 selection_rule="min"):
        _store_params(self, locals())

    def _scorer(self):
        if self.scoring is None:
            return None
        from sklearn.metrics import check_scoring  # noqa: PLC0415

        if not (isinstance(self.scoring, str) or callable(self.scoring)):
            raise ValueError(f"scoring must be None, a scorer name or a callable, "
                             f"got {self.scoring!r}")
        return check_scoring(Ridge(), scoring=self.scoring)

    def fit(self, X, y, sample_weight=None):
        """Choose ``alpha_`` by cross-validation, then fit on all data; returns self.

        Parameters
        ----------
        X : array-like or sparse matrix of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
        sample_weight : array-like of shape (n_samples,), optional
        """
        from regkit.solvers.design import LinearDesign  # noqa: PLC0415

        X, y, sw, dtype = self._validated_fit_data(X, y, sample_weight)
        alphas = check_alphas(self.alphas)
        rule = check_choice(self.selection_rule, "selection_rule", SELECTION_RULES)
        per_target = check_bool(self.alpha_per_target, "alpha_per_target")
        store = check_bool(self.store_cv_results, "store_cv_results")
        scorer = self._scorer()
        Y = _targets(y)
        if self.cv is None:
            loss = self._loo_loss(X, Y, sw, alphas, scorer, rule, store, y.ndim)
        else:
            if store:
                raise ValueError("store_cv_results=True is only supported with cv=None")
            if per_target:
                raise ValueError("alpha_per_target=True is only supported with cv=None")
            loss = self._kfold_loss(X, Y, sw, alphas, scorer)
        # loss: (n_targets or 1, n_alphas, n_parts) to minimise
        if not per_target:
            loss = loss.mean(axis=0, keepdims=True)
        chosen, best = [], []
        for row in loss:
            mean = row.mean(axis=1)
            se = fold_standard_error(row) if rule == "1se" else None
            _, col = select_alpha(mean[None, :], None if se is None else se[None, :],
                                  alphas[None, :], rule)
            chosen.append(float(alphas[col]))
            best.append(-float(mean[col]))
        if per_target and Y.shape[1] > 1:
            self.alpha_ = np.array(chosen)
            self.best_score_ = np.array(best)
        else:
            self.alpha_ = chosen[0]
            self.best_score_ = best[0]

        design = LinearDesign(X, Y[:, 0], sw, self.fit_intercept)
        coefs, intercepts = [], []
        for k in range(Y.shape[1]):
            d = design.retarget(Y[:, k])
            alpha = chosen[k] if (per_target and Y.shape[1] > 1) else chosen[0]
            solver = "cholesky" if d.sparse and alpha > 0 else ("lsqr" if d.sparse else "auto")
            # dense: the SVD, as the leave-one-out scores were computed (exact also for an
            # alpha far below the rounding of X^T X, where a Cholesky factor is noise)
            coef, _ = _ridge_solve(d, alpha, solver, 1e-10, None) if d.sparse else \
                (ridge(d.A, d.ys, alpha, solver="svd"), None)
            coefs.append(coef)
            intercepts.append(d.intercept(coef))
        self._set_coef(np.array(coefs), np.array(intercepts), dtype, y.ndim)
        return self

    def _loo_loss(self, X, Y, sw, alphas, scorer, rule, store, y_ndim):
        from regkit.solvers.design import LinearDesign  # noqa: PLC0415

        if np.any(alphas <= 0):
            raise ValueError(
                "alphas must be strictly positive for leave-one-out CV (cv=None), "
                f"got minimum {alphas.min()}"
            )
        if X.shape[0] < 2:
            raise ValueError("leave-one-out CV (cv=None) needs at least 2 samples, got "
                             "n_samples=1")
        mode = check_choice("auto" if self.gcv_mode is None else self.gcv_mode, "gcv_mode",
                            ("auto", "svd", "eigen"))
        resid = None
        if (mode == "auto" and scorer is None and sw is None and not sp.issparse(X)
                and X.shape[1] > X.shape[0]):
            # p > n: one eigendecomposition of the n x n Gram matrix serves every alpha
            # (regkit._ridge.loo_residuals_wide; None when an alpha is too small for it)
            from regkit._ridge import loo_residuals_wide  # noqa: PLC0415

            Xc = X - X.mean(axis=0) if self.fit_intercept else X
            Yc = Y - Y.mean(axis=0) if self.fit_intercept else Y
            wide = [loo_residuals_wide(Xc, Yc[:, k], alphas, self.fit_intercept)
                    for k in range(Y.shape[1])]
            if all(r is not None for r in wide):
                resid = np.stack(wide, axis=1)  # (n, n_targets, n_alphas)
        if resid is None:
            design = LinearDesign(X, Y[:, 0], sw, self.fit_intercept)
            U, d = _thin_svd(design, "svd" if mode == "auto" else mode)
            resid = np.stack([_loo_residuals(U, d, design.retarget(Y[:, k]), alphas)
                              for k in range(Y.shape[1])], axis=1)  # (n, n_targets, n_alphas)
        if scorer is None:
            errors = resid ** 2
            if store:
                self.cv_results_ = errors[:, 0, :] if y_ndim == 1 else errors
            return errors.transpose(1, 2, 0)  # (n_targets, n_alphas, n)
        if rule == "1se":
            raise ValueError("selection_rule='1se' with leave-one-out needs scoring=None "
                             "(a scorer gives no per-sample errors)")
        with np.errstate(divide="ignore", invalid="ignore"):
            # back from the weighted rows to y's scale (zero-weight rows: their own fit)
            scale = np.where(design.s > 0, design.s, 1.0)
            preds = Y[:, :, None] - resid / scale[:, None, None]
        if store:
            self.cv_results_ = preds[:, 0, :] if y_ndim == 1 else preds
        stand_in = _Predictions()
        if self.alpha_per_target:
            scores = [[scorer(stand_in, preds[:, k, a], Y[:, k]) for a in range(len(alphas))]
                      for k in range(Y.shape[1])]
            return -np.array(scores)[:, :, None]
        target = Y[:, 0] if y_ndim == 1 and Y.shape[1] == 1 else Y
        scores = [scorer(stand_in, preds[:, 0, a] if target.ndim == 1 else preds[:, :, a], target)
                  for a in range(len(alphas))]
        return -np.array(scores)[None, :, None]

    def _kfold_loss(self, X, Y, sw, alphas, scorer):
        from regkit.solvers.design import LinearDesign  # noqa: PLC0415
        from sklearn.metrics import r2_score  # noqa: PLC0415

        folds = list(check_cv(self.cv).split(X, Y if Y.shape[1] > 1 else Y[:, 0]))
        one = Y.shape[1] == 1
        loss = np.empty((len(alphas), len(folds)))
        mse = np.empty((len(alphas), len(folds)))
        for f, (tr, te) in enumerate(folds):
            design = LinearDesign(X[tr], Y[tr, 0], None if sw is None else sw[tr],
                                  self.fit_intercept)
            coefs = []  # per target: (p, n_alphas)
            for k in range(Y.shape[1]):
                d = design.retarget(Y[tr, k])
                if d.sparse:
                    path = np.column_stack([
                        _ridge_solve(d, a, "cholesky" if a > 0 else "lsqr", 1e-10, None)[0]
                        for a in alphas])
                else:
                    path = ridge_path(d.A, d.ys, alphas)
                coefs.append((path, d.y_mean - d.x_mean @ path))
            for a in range(len(alphas)):
                W = np.array([c[0][:, a] for c in coefs])  # (n_targets, p)
                b = np.array([c[1][a] for c in coefs])
                pred = np.asarray(X[te] @ W.T) + b
                truth = Y[te]
                mse[a, f] = np.mean((truth - pred) ** 2)
                if scorer is None:
                    loss[a, f] = -r2_score(truth, pred)
                else:
                    model = _fitted_ridge(W[0] if one else W, b[0] if one else b, X.shape[1])
                    loss[a, f] = -scorer(model, X[te], truth[:, 0] if one else truth)
        self.mse_path_ = mse
        return loss[None, :, :]


# ---------------------------------------------------------------------------
# Beyond scikit-learn: the relaxed lasso and information criteria
# ---------------------------------------------------------------------------

def _relaxed_path(design, coefs):
    """Least-squares refits on each support of ``coefs`` (p, n_alphas), unpenalized."""
    refits = np.zeros_like(coefs)
    cache = {}
    for k in range(coefs.shape[1]):
        support = coefs[:, k] != 0
        if not np.any(support):
            continue
        key = support.tobytes()
        if key not in cache:
            # minimum-norm least squares on the support (the centred, weighted columns)
            cache[key] = np.linalg.lstsq(design.columns(support), design.ys, rcond=None)[0]
        refits[support, k] = cache[key]
    return refits


class RelaxedLasso(_LinearRegressor):
    r"""The relaxed lasso (glmnet's ``relax=TRUE``), with ``alpha`` and ``gamma`` chosen by CV.

    For each alpha of a lasso path, the lasso solution :math:`\hat w_\alpha` selects a
    support :math:`S_\alpha`; the relaxed fit refits least squares on that support
    (unpenalized, with the intercept) and blends (glmnet's definition):

    .. math:: \hat w_{\alpha,\gamma} = \gamma\,\hat w_\alpha + (1 - \gamma)\,
              \hat w^{\mathrm{LS}}_{S_\alpha},

    so ``gamma = 1`` is the lasso and ``gamma = 0`` the least-squares refit on the lasso's
    support (Meinshausen's relaxed lasso with its shrinkage removed). ``alpha_`` and
    ``gamma_`` minimise the mean (weighted) held-out squared error over folds.

    Parameters
    ----------
    gammas : array-like, default=(0, 0.25, 0.5, 0.75, 1)
        Candidate blends in [0, 1] (glmnet's default grid).
    eps : float, default=1e-3
    alphas : int or array-like, default=100
        Lasso grid, as in :class:`LassoCV`.
    fit_intercept : bool, default=True
    max_iter : int, default=1000
    tol : float, default=1e-4
    cv : int, CV splitter or iterable, default=None
        None is 5-fold ``KFold``.
    selection_rule : {"min", "1se"}, default="min"
        "1se" applies along alpha at the chosen gamma.

    Attributes
    ----------
    alpha_, gamma_ : float
    alphas_ : ndarray of shape (n_alphas,)
    mse_path_ : ndarray of shape (n_gammas, n_alphas, n_folds)
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    lasso_coef_ : ndarray of shape (n_features,)
        The lasso solution at ``alpha_`` (whose support the refit uses).
    n_iter_ : int
        Coordinate-descent sweeps of the final path (down to ``alpha_``).
    n_features_in_ : int

    Examples
    --------
    >>> from regkit import LassoCV, RelaxedLasso
    >>> from regkit.datasets import make_correlated_regression
    >>> X, y, w_true = make_correlated_regression(100, 10, n_informative=3, seed=0)
    >>> w_true.round(2)
    array([ 2. ,  0. ,  0. ,  0. , -1.5,  0. ,  0. ,  0. ,  0. ,  1. ])
    >>> LassoCV(cv=5).fit(X, y).coef_.round(2)  # two small false positives, shrunk truth
    array([ 2.14,  0.  , -0.06,  0.  , -1.44, -0.03,  0.  ,  0.  ,  0.  ,  0.98])
    >>> RelaxedLasso(cv=5).fit(X, y).coef_.round(2)  # the true support, less shrinkage
    array([ 2.22,  0.  ,  0.  ,  0.  , -1.55,  0.  ,  0.  ,  0.  ,  0.  ,  1.04])
    """

    def __init__(self, *, gammas=(0.0, 0.25, 0.5, 0.75, 1.0), eps=1e-3, alphas=100,
                 fit_intercept=True, max_iter=1000, tol=1e-4, cv=None, selection_rule="min"):
        _store_params(self, locals())

    def fit(self, X, y, sample_weight=None):
        """Cross-validate (alpha, gamma), then refit on all the data; returns self."""

        X, y, sw, dtype = self._validated_fit_data(X, y, sample_weight)
        gammas = check_alphas(self.gammas, "gammas")
        if np.any(gammas > 1):
            raise ValueError(f"gammas must be in [0, 1], got maximum {gammas.max()}")
        tol = check_scalar(self.tol, "tol", low=0.0)
        max_iter = check_int(self.max_iter, "max_iter")
        rule = check_choice(self.selection_rule, "selection_rule", SELECTION_RULES)
        X.shape[0]
        full = _lasso_design(X, y, sw, self.fit_intercept)
        grid = _EnetCV._grid(self, full, 1.0, None)
        folds = list(check_cv(self.cv).split(X, y))
        mse = np.empty((len(gammas), len(grid), len(folds)))
        for f, (tr, te) in enumerate(folds):
            d = _lasso_design(X[tr], y[tr], None if sw is None else sw[tr], self.fit_intercept)
            lasso_coefs = _enet_path_on(d, grid, 1.0, tol=tol, max_iter=max_iter)[0]
            refits = _relaxed_path(d, lasso_coefs)
            for g, gamma in enumerate(gammas):
                coefs = gamma * lasso_coefs + (1.0 - gamma) * refits
                mse[g, :, f] = _weighted_mse(X[te], y[te], coefs, d.y_mean - d.x_mean @ coefs,
                                             None if sw is None else sw[te])
        mean = mse.mean(axis=-1)
        se = fold_standard_error(mse) if rule == "1se" else None
        row, col = select_alpha(mean, se, np.broadcast_to(grid, mean.shape), rule)
        self.gamma_ = float(gammas[row])
        self.alpha_ = float(grid[col])
        self.alphas_ = grid
        self.mse_path_ = mse
        lasso_coefs, n_iter = _enet_path_on(full, grid[:col + 1], 1.0, tol=tol,
                                            max_iter=max_iter)
        self.n_iter_ = int(np.sum(n_iter))
        self.lasso_coef_ = lasso_coefs[:, -1].astype(dtype)
        refit = _relaxed_path(full, lasso_coefs[:, -1:])[:, 0]
        coef = self.gamma_ * lasso_coefs[:, -1] + (1.0 - self.gamma_) * refit
        self._set_coef(coef[None, :], np.array([full.intercept(coef)]), dtype, 1)
        return self


class LassoIC(_LinearRegressor):
    r"""Lasso with ``alpha`` chosen by AIC or BIC along its path (no cross-validation).

    Along a decreasing grid of alphas (:func:`regkit.lasso_path`), each fit is scored by

    .. math:: n \log(2\pi\sigma^2) + \frac{\mathrm{RSS}_\alpha}{\sigma^2} + k\,\mathrm{df}_\alpha,

    with ``k = 2`` (AIC) or ``log n`` (BIC), ``df`` the number of non-zero coefficients
    (an unbiased estimate of the lasso's degrees of freedom, Zou, Hastie and Tibshirani
    2007) and ``sigma^2`` the noise variance: given, or estimated from the least-squares
    fit as ``RSS_OLS / (n - p - fit_intercept)`` (needs ``n > p + fit_intercept``). These
    are scikit-learn's ``LassoLarsIC`` definitions, on a coordinate-descent grid instead
    of the LARS breakpoints.

    Parameters
    ----------
    criterion : {"aic", "bic"}, default="aic"
    eps : float, default=1e-3
    alphas : int or array-like, default=100
    fit_intercept : bool, default=True
    max_iter : int, default=1000
    tol : float, default=1e-4
    noise_variance : float, optional
    positive : bool, default=False

    Attributes
    ----------
    alpha_ : float
    alphas_ : ndarray of shape (n_alphas,)
    criterion_ : ndarray of shape (n_alphas,)
    noise_variance_ : float
    n_iter_ : int
        Coordinate-descent sweeps along the path.
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    n_features_in_ : int

    Examples
    --------
    >>> import numpy as np
    >>> from regkit import LassoIC
    >>> from regkit.datasets import make_correlated_regression
    >>> X, y, w_true = make_correlated_regression(100, 10, n_informative=3, seed=0)
    >>> np.flatnonzero(w_true)
    array([0, 4, 9])
    >>> model = LassoIC(criterion="bic").fit(X, y)  # no cross-validation: one path
    >>> np.flatnonzero(model.coef_)
    array([0, 4, 9])
    """

    def __init__(self, criterion="aic", *, eps=1e-3, alphas=100, fit_intercept=True,
                 max_iter=1000, tol=1e-4, noise_variance=None, positive=False):
        _store_params(self, locals())

    def fit(self, X, y, sample_weight=None):
        """Fit the path and keep the alpha minimising the criterion; returns self."""

        X, y, sw, dtype = self._validated_fit_data(X, y, sample_weight)
        criterion = check_choice(self.criterion, "criterion", ("aic", "bic"))
        tol = check_scalar(self.tol, "tol", low=0.0)
        max_iter = check_int(self.max_iter, "max_iter")
        n, p = X.shape
        bounds = _coef_bounds(self, p)
        design = _lasso_design(X, y, sw, self.fit_intercept)
        positive = bounds is not None and bool(np.all(bounds[0] >= 0))
        grid = _EnetCV._grid(self, design, 1.0, None, positive)
        coefs, n_iter = _enet_path_on(design, grid, 1.0, tol=tol, max_iter=max_iter,
                                      bounds=bounds)
        self.n_iter_ = int(np.sum(n_iter))
        rss = np.array([np.sum(design.residual(c) ** 2) for c in coefs.T])
        df = np.count_nonzero(np.abs(coefs) > np.finfo(float).eps, axis=0)
        if self.noise_variance is None:
            dof = n - p - int(bool(self.fit_intercept))
            if dof <= 0:
                raise ValueError(
                    f"LassoIC estimates the noise variance from least squares, which needs "
                    f"n_samples > n_features + fit_intercept ({n} <= {p + self.fit_intercept}); "
                    "pass noise_variance"
                )
            A = design.columns(np.ones(p, dtype=bool))
            ols = np.linalg.lstsq(A, design.ys, rcond=None)[0]
            r = design.ys - A @ ols
            sigma2 = float(r @ r) / dof
        else:
            sigma2 = check_scalar(self.noise_variance, "noise_variance", low=0.0,
                                  low_inclusive=False)
        factor = 2.0 if criterion == "aic" else np.log(n)
        self.criterion_ = n * np.log(2 * np.pi * sigma2) + rss / sigma2 + factor * df
        best = int(np.argmin(self.criterion_))
        self.noise_variance_ = sigma2
        self.alphas_ = grid
        self.alpha_ = float(grid[best])
        coef = coefs[:, best]
        self._set_coef(coef[None, :], np.array([design.intercept(coef)]), dtype, 1)
        return self


# ---------------------------------------------------------------------------
# Logistic regression
# ---------------------------------------------------------------------------

LOGISTIC_SOLVERS = ("lbfgs", "liblinear", "newton-cg", "newton-cholesky", "sag", "saga")
_PENALTIES = ("l1", "l2", "elasticnet", None)


def _logistic_penalty(est):
    """``(penalty, l1_ratio, C)`` actually fitted, from scikit-learn 1.9's rules.

    ``penalty`` is deprecated there: left at ``"deprecated"`` it follows from
    ``l1_ratio`` (0: "l2", 1: "l1", else "elasticnet") and ``C = inf`` means none; given,
    it decides (``"l1"`` fits ``l1_ratio = 1``, ``"l2"`` 0, ``None`` no penalty) and
    scikit-learn's FutureWarning is raised. Its warnings for inconsistent pairs too.
    """
    import warnings  # noqa: PLC0415

    l1_ratio = est.l1_ratio
    if l1_ratio is not None:
        l1_ratio = check_l1_ratio(l1_ratio)
    if est.penalty == "deprecated":
        if l1_ratio is None:
            warnings.warn("'l1_ratio=None' was deprecated in scikit-learn 1.8 (an error from "
                          "1.10): use a value in [0, 1]; it means 0 (L2) here",
                          FutureWarning, stacklevel=3)
            l1_ratio = 0.0
        penalty = {0.0: "l2", 1.0: "l1"}.get(l1_ratio, "elasticnet")
        C = check_positive(est.C, "C", allow_inf=True)
        if np.isinf(C):
            penalty = None
        return penalty, l1_ratio, C
    if est.penalty not in _PENALTIES:
        raise ValueError(f"penalty must be one of 'l1', 'l2', 'elasticnet' or None; got "
                         f"{est.penalty!r}")
    penalty = est.penalty
    warnings.warn("penalty is deprecated in scikit-learn 1.8 (removed in 1.10): leave it at "
                  "its default and use l1_ratio=0 for 'l2', l1_ratio=1 for 'l1', a value "
                  "in between for 'elasticnet' and C=np.inf for None", FutureWarning,
                  stacklevel=3)
    if penalty != "elasticnet" and l1_ratio is not None and 0.0 < l1_ratio < 1.0:
        warnings.warn(f"l1_ratio parameter is only used when penalty is 'elasticnet'. Got "
                      f"(penalty={penalty})", UserWarning, stacklevel=3)
    if (penalty == "l2" and l1_ratio != 0.0) or (penalty == "l1" and l1_ratio != 1.0):
        warnings.warn(f"Inconsistent values: penalty={penalty} with l1_ratio={est.l1_ratio}. "
                      "penalty is deprecated; use l1_ratio only.", UserWarning, stacklevel=3)
    if penalty == "elasticnet" and l1_ratio is None:
        raise ValueError("l1_ratio must be specified when penalty is elasticnet.")
    if penalty is None:
        if est.C != 1.0:
            warnings.warn("Setting penalty=None will ignore the C and l1_ratio parameters",
                          UserWarning, stacklevel=3)
        return None, 0.0, np.inf
    C = check_positive(est.C, "C", allow_inf=True)
    return penalty, {"l1": 1.0, "l2": 0.0}.get(penalty, l1_ratio), C


def _check_logistic_solver(solver, penalty, dual, n_classes):
    """scikit-learn's solver/penalty/dual compatibility rules (each solver name keeps
    what it accepts there; regkit solves every accepted combination the same way)."""
    check_bool(dual, "dual")
    if solver is None:  # regkit's own choice: every penalty, any number of classes
        if dual:
            raise ValueError("dual=True is liblinear's formulation: pass solver='liblinear'")
        return "prox-newton"
    check_choice(solver, "solver", LOGISTIC_SOLVERS)
    if solver not in ("liblinear", "saga") and penalty not in ("l2", None):
        raise ValueError(f"Solver {solver} supports only 'l2' or None penalties, got "
                         f"{penalty} penalty.")
    if solver != "liblinear" and dual:
        raise ValueError(f"Solver {solver} supports only dual=False, got dual={dual}")
    if penalty == "elasticnet" and solver != "saga":
        raise ValueError(f"Only 'saga' solver supports elasticnet penalty, got solver={solver}.")
    if solver == "liblinear":
        if penalty is None:
            raise ValueError("C=np.inf (penalty=None) is not supported for the liblinear "
                             "solver")
        if dual and penalty != "l2":
            raise ValueError("dual=True is supported only with the L2 penalty (liblinear)")
        if n_classes > 2:
            raise ValueError("The 'liblinear' solver does not support multiclass "
                             "classification (n_classes >= 3): use another solver or "
                             "wrap the estimator in a OneVsRestClassifier")
    return solver


def _liblinear_tol(tol, X, positive, sw, C, l1_ratio):
    """liblinear's ``tol``, as a KKT tolerance on regkit's averaged scale.

    liblinear stops when the gradient (L2: its 2-norm; L1: the 1-norm of the
    minimum-norm subgradient) has fallen to ``eps`` times its value at ``w = 0``, with
    ``eps = tol * max(min(#pos, #neg), 1) / n``. The returned bound on the largest entry
    of regkit's averaged KKT vector (the sum-scale one divided by ``C * sum(s)``)
    implies liblinear's condition, so regkit stops no earlier than liblinear would.
    """
    n, p = X.shape
    n_pos = int(np.count_nonzero(positive))
    eps = tol * max(min(n_pos, n - n_pos), 1) / n
    s = np.ones(n) if sw is None else sw
    g0 = np.asarray(X.T @ (s * (0.5 - positive))).ravel()  # loss gradient at w = 0
    if l1_ratio == 0.0:
        start = float(np.linalg.norm(g0)) / np.sqrt(p)
    else:
        # the minimum-norm subgradient at 0 of C * loss + ||w||_1, divided by C
        start = float(np.sum(np.maximum(np.abs(g0) - 1.0 / C, 0.0))) / p
    return max(eps * start / float(np.sum(s)), np.finfo(float).eps * tol)


def _class_sample_weight(class_weight, classes, y, sample_weight):
    """Sample weights times the class weights (``None`` when neither is given)."""
    if class_weight is None:
        return sample_weight
    from sklearn.utils.class_weight import compute_class_weight  # noqa: PLC0415

    per_class = compute_class_weight(class_weight, classes=classes, y=y,
                                     sample_weight=sample_weight)
    cw = per_class[np.searchsorted(classes, y)]
    return cw if sample_weight is None else sample_weight * cw


class LogisticRegression(_SparseCoefMixin, ClassifierMixin, BaseEstimator):
    r"""L1 / L2 / elastic-net penalized logistic regression (scikit-learn 1.9 semantics).

    Minimizes

    .. math::

        C \sum_{i=1}^n s_i \ell_i(w, b) + \frac{1 - \rho}{2}\|w\|_2^2 + \rho \|w\|_1,
        \qquad \rho = \text{l1\_ratio},

    with :math:`\ell_i` the log-loss (binary) or the multinomial log-loss (three or more
    classes, one coefficient row per class), :math:`s_i` the sample weight times the
    class weight (1 by default) and an unpenalized intercept. ``l1_ratio=0``
    is L2, ``1`` is L1 (exact zeros), in between the elastic net; ``C = np.inf`` fits no
    penalty. Solved by proximal Newton (IRLS + coordinate descent,
    ``logistic_regression`` in ``regkit.solvers.logistic``) whatever ``solver`` names.

    Parameters
    ----------
    penalty : {"l1", "l2", "elasticnet", None}, default="deprecated"
        Deprecated in scikit-learn 1.8, kept with its meaning there: when given it
        decides the penalty (``"l1"``: l1_ratio 1, ``"l2"``: 0, ``None``: ``C = inf``)
        and a ``FutureWarning`` is raised; by default ``l1_ratio`` and ``C`` decide.
    C : float, default=1.0
        Inverse regularization strength, > 0 (``np.inf``: no penalty).
    l1_ratio : float in [0, 1], default=0.0
    dual : bool, default=False
        scikit-learn's liblinear dual formulation; allowed, as there, only with
        ``solver="liblinear"`` and the L2 penalty. Both formulations have the same
        solution, which regkit computes from the primal.
    tol : float, default=1e-4
        Stop when the KKT conditions of the averaged objective
        ``(1/S)(sum_i s_i logloss_i + penalty / C)`` (``S = sum_i s_i``) hold to ``tol``
        (max-abs minimum-norm subgradient), the scale on which scikit-learn's lbfgs
        applies its ``tol``. With a scikit-learn solver name the name's own rule:
        "liblinear": the gradient down to ``tol * max(min(#pos, #neg), 1) / n`` of its
        value at zero (bounded through the KKT vector); "sag" / "saga": stop once a
        step moves no parameter by more than ``tol`` times the largest.
    fit_intercept : bool, default=True
    intercept_scaling : float, default=1
        Used with ``solver="liblinear"`` only, with liblinear's meaning: the intercept
        is the coefficient of a constant feature of this value, penalized like the
        others (``intercept_ = intercept_scaling * w_const``). The other solvers never
        penalize the intercept and ignore it, as scikit-learn does.
    class_weight : dict, "balanced" or None, default=None
        Weights per class, multiplying the sample weights; ``"balanced"`` is
        ``n_samples / (n_classes * bincount(y))`` (sample-weighted counts).
    random_state : None, int or RandomState, default=None
        Accepted for scikit-learn code; no regkit solver draws random numbers (they
        are all deterministic), so it changes nothing, as for scikit-learn's lbfgs.
    solver : None or str, default=None
        One of scikit-learn's names "lbfgs", "liblinear", "newton-cg",
        "newton-cholesky", "sag", "saga", or None: regkit's proximal Newton solver,
        for every penalty and number of classes (``solver_ = "prox-newton"``). A scikit-learn name keeps scikit-learn's rules:
        every solver but "liblinear" and "saga" takes only the L2 penalty (or none),
        "elasticnet" needs "saga", "liblinear" takes two classes only, no ``C = inf``,
        and penalizes the intercept (see ``intercept_scaling``). The fit itself is the
        same proximal Newton solver for all of them: each name has one optimum.
    max_iter : int, default=100
        Maximum proximal Newton iterations (each is one IRLS step); 0 returns the
        starting point (zeros or the warm start) with a ``ConvergenceWarning``.
    verbose : int, default=0
        Accepted for scikit-learn code; the solver prints nothing.
    warm_start : bool, default=False
        Start from the previous fit when the classes and features match.
    n_jobs : None, default=None
        Has no effect (as in scikit-learn 1.8+, which warns when it is set; so does this).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
        One row (log-odds of ``classes_[1]``) for two classes.
    intercept_ : ndarray of shape (1,) or (n_classes,)
    n_iter_ : ndarray of shape (1,)
    solver_ : str
        The solver name asked for, ``"prox-newton"`` for None (all run regkit's
        proximal Newton).
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features,)

    Examples
    --------
    >>> import numpy as np
    >>> from regkit import LogisticRegression
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((100, 3))
    >>> y = (X[:, 0] - X[:, 1] + 0.5 * rng.standard_normal(100) > 0).astype(int)
    >>> l2 = LogisticRegression(C=1.0).fit(X, y)
    >>> l2.coef_.round(3)
    array([[ 2.267, -2.5  , -0.134]])
    >>> l1 = LogisticRegression(C=0.1, l1_ratio=1.0).fit(X, y)
    >>> l1.coef_.round(3)  # the L1 penalty zeroes the irrelevant feature
    array([[ 0.938, -0.957,  0.   ]])
    >>> l1.predict(X[:5]), y[:5]
    (array([1, 1, 1, 0, 0]), array([1, 1, 1, 0, 0]))
    >>> l1.predict_proba(X[:2]).round(3)
    array([[0.393, 0.607],
           [0.31 , 0.69 ]])
    """

    def __init__(self, penalty="deprecated", *, C=1.0, l1_ratio=0.0, dual=False, tol=1e-4,
                 fit_intercept=True, intercept_scaling=1, class_weight=None, random_state=None,
                 solver=None, max_iter=100, verbose=0, warm_start=False, n_jobs=None):
        _store_params(self, locals())

    _y_ndim = 2  # coef_ is (1 or n_classes, n_features)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    def fit(self, X, y, sample_weight=None):
        """Fit the model; returns self.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            A sparse X is used as it is (never densified).
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights; integer weights fit what repeating rows would.
        """
        import warnings  # noqa: PLC0415

        check_bool_params(self, ("fit_intercept", "warm_start"))
        penalty, l1_ratio, C = _logistic_penalty(self)
        if self.n_jobs is not None:
            warnings.warn(f"'n_jobs' has no effect (as in scikit-learn 1.8+); you provided "
                          f"n_jobs={self.n_jobs}, please leave it unspecified",
                          FutureWarning, stacklevel=2)
        X, y = validate_data(self, X, y, accept_sparse=("csr", "csc"),
                             dtype=(np.float64, np.float32))
        check_classification_targets(y)
        classes = np.unique(y)
        solver = _check_logistic_solver(self.solver, penalty, self.dual, classes.size)
        sw = _class_sample_weight(self.class_weight, classes, y, _sample_weight(sample_weight, X))
        coef_init = intercept_init = None
        if self.warm_start and hasattr(self, "coef_"):
            same_classes = np.array_equal(classes, self.classes_)
            if same_classes and self.coef_.shape[1] == X.shape[1]:
                coef_init, intercept_init = self.coef_, self.intercept_
        dtype = X.dtype
        X = _as_float(X)
        liblinear = self.solver == "liblinear" and self.fit_intercept
        if liblinear:
            # liblinear's intercept: a constant feature, penalized like the others
            scale = check_positive(self.intercept_scaling, "intercept_scaling")
            const = np.full((X.shape[0], 1), scale)
            X = sp.hstack([X, const], format="csc") if sp.issparse(X) else np.hstack([X, const])
            if coef_init is not None:
                coef_init = np.hstack([coef_init, intercept_init[:, None] / scale])
        tol = check_scalar(self.tol, "tol", low=0.0)
        coef_tol = None
        if self.solver == "liblinear":
            tol = _liblinear_tol(tol, X, y == classes[1], sw, C, l1_ratio)
        elif self.solver in ("sag", "saga"):
            # their tol: the largest parameter change of a pass relative to the largest
            # parameter (a Newton step's change plays the part of an epoch's)
            tol, coef_tol = 0.0, tol
        with warnings.catch_warnings():
            # re-issued below under the solver's name
            warnings.simplefilter("ignore", ConvergenceWarning)
            fit = logistic_regression(
                X, y, C, l1_ratio, fit_intercept=self.fit_intercept and not liblinear,
                tol=tol, max_iter=self.max_iter, coef_init=coef_init,
                intercept_init=None if liblinear else intercept_init, sample_weight=sw,
                coef_tol=coef_tol,
            )
        if not fit.converged:
            warnings.warn(f"{solver} failed to converge after {fit.n_iter} iterations (KKT "
                          f"violation {fit.kkt:.3g} > {tol:.3g}; coefficient-change tol "
                          f"{coef_tol}). Increase the number "
                          "of iterations (max_iter); C may also be too large for (nearly) "
                          "separable data", ConvergenceWarning, stacklevel=2)
        coef, intercept = fit.coef, fit.intercept
        if liblinear:
            coef, intercept = coef[:, :-1], scale * coef[:, -1]
        self.classes_ = classes
        # float32 data gives float32 coefficients, as scikit-learn's solvers but liblinear
        # do (the fit itself is computed in float64)
        if self.solver == "liblinear":
            dtype = np.float64
        self.coef_ = np.ascontiguousarray(coef, dtype=dtype)
        self.intercept_ = np.asarray(intercept, dtype=dtype)
        self.n_iter_ = np.array([fit.n_iter], dtype=np.int32)
        self.solver_ = solver
        return self

    def decision_function(self, X):
        """Linear predictor ``X @ coef_.T + intercept_``: (n_samples,) for two classes
        (the log-odds of ``classes_[1]``), else (n_samples, n_classes)."""
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse=("csr", "csc"),
                          dtype=(np.float64, np.float32), reset=False)
        scores = np.asarray(X @ self._dense_coef().T) + self.intercept_
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
    warm-started path (:func:`regkit.logistic_path`, largest penalty
    first), each fit scored on the held-out fold. The pair with the best mean score is
    kept and, with ``refit=True``, the model is refitted on all the data. The objective
    and its tolerance are :class:`LogisticRegression`'s. The parameters have scikit-learn
    1.9's names and meanings.

    Parameters
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
    feature_names_in_ : ndarray of shape (n_features,)

    Notes
    -----
    ``scores_``, ``C_`` and ``l1_ratio_`` are plain arrays and floats, not scikit-learn's
    legacy per-class dictionaries and repeated arrays.

    Examples
    --------
    >>> from sklearn.datasets import load_breast_cancer
    >>> from sklearn.preprocessing import StandardScaler
    >>> from regkit import LogisticRegressionCV
    >>> X, y = load_breast_cancer(return_X_y=True)
    >>> X = StandardScaler().fit_transform(X)
    >>> model = LogisticRegressionCV(Cs=5, cv=3, l1_ratios=[1.0]).fit(X, y)
    >>> float(model.C_), int((model.coef_ != 0).sum())  # the chosen C, features kept of 30
    (1.0, 16)
    """

    def __init__(self, *, Cs=10, l1_ratios=(0.0,), fit_intercept=True, cv=None, scoring=None,
                 tol=1e-4, max_iter=100, refit=True):
        _store_params(self, locals())

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

        X, y = validate_data(self, X, y, accept_sparse=("csr", "csc"), dtype=np.float64)
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
