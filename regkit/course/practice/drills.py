"""Auto-graded coding drills: write the function, let :func:`check` grade it.

Four drills, each the core of a chapter::

    soft_threshold(z, t)            elementwise sign(z) max(|z| - t, 0)
    ridge_closed_form(X, y, alpha)  argmin ||y - Xw||^2 + alpha ||w||^2   (no intercept)
    lasso_cd_sweep(X, y, w, alpha)  ONE cyclic coordinate-descent sweep on
                                    (1/(2n)) ||y - Xw||^2 + alpha ||w||_1
    ridge_loo_mse(X, y, alpha)      exact leave-one-out MSE of ridge (no intercept)

``check(name, fn)`` runs ``fn`` on hidden cases generated from fixed seeds (zero
columns, p > n, alpha = 0 where defined, non-zero starting points, scalars...),
compares with a reference computed here, and returns a :class:`DrillResult`.
A failure says what went wrong and gives a hint. Typical mistakes are recognized
by comparing the output with known-wrong variants (hard thresholding, a Jacobi
sweep, in-sample residuals, ...). The reference code is never shown.
"""

import html
import numbers
import sys
import warnings
from dataclasses import dataclass, field

import numpy as np

# relative tolerance for "same answer"; loose enough for inv() instead of solve()
_RTOL = 1e-6
# a ridge answer passes if its normal-equation residual is within this many units of
# rounding of its own dtype (see _backward_stable)
_BACKWARD_EPS = 50.0
# seconds one hidden case may take in the learner's function
_TIMEOUT = 10.0
# a wrong variant is only used for a diagnosis if it differs from the reference
# by more than this, otherwise the case cannot tell the two apart
_DISTINCT = 1e-4


@dataclass(frozen=True)
class DrillResult:
    """Outcome of :func:`check`.

    Attributes
    ----------
    name : str
        The drill.
    passed : bool
        True when every hidden case was answered correctly.
    message : str
        What happened; on failure, which case failed, what was wrong and a hint.
    cases_passed, cases_total : int
        Progress through the hidden cases (grading stops at the first failure).
    hint : str
        The hint alone ("" when passed).
    """

    name: str
    passed: bool
    message: str
    cases_passed: int
    cases_total: int
    hint: str = ""

    def __bool__(self):
        return self.passed

    def __str__(self):
        return self.message

    def _repr_html_(self):
        colour, mark = ("#1a7f37", "&#10004;") if self.passed else ("#b42318", "&#10008;")
        status = (
            f"all {self.cases_total} hidden cases passed"
            if self.passed
            else f"{self.cases_passed} of {self.cases_total} hidden cases passed"
        )
        body = html.escape(self.message).replace("\n", "<br>")
        return (
            f'<div style="border-left: 4px solid {colour}; padding: 0.4em 0.8em; margin: 0.4em 0;">'
            f'<b style="color: {colour};">{mark} {html.escape(self.name)}</b>: {status}'
            f'<div style="margin-top: 0.3em;">{body}</div></div>'
        )


@dataclass
class _Case:
    description: str
    args: tuple
    meta: dict = field(default_factory=dict)


@dataclass
class _Drill:
    name: str
    signature: str
    statement: str
    make_cases: object  # () -> list of _Case
    reference: object  # (*args) -> ndarray or float
    variants: list  # [(function, hint)], most specific first
    exception_hint: object  # (exc, case) -> str
    fallback: object  # (case, out, expected) -> (problem, hint)
    arg_names: tuple


# ---------------------------------------------------------------- helpers
def _close(a, b, rtol=_RTOL):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape or not np.all(np.isfinite(a)):
        return False
    scale = max(1.0, float(np.max(np.abs(b))) if b.size else 1.0)
    return bool(np.max(np.abs(a - b), initial=0.0) <= rtol * scale)


def _rel_diff(a, b):
    scale = max(1.0, float(np.max(np.abs(b))))
    return float(np.max(np.abs(np.asarray(a, dtype=float) - b))) / scale


def _quiet(func, *args):
    """Run ``func`` with numpy warnings silenced; None if it raises or gives non-finite output."""
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            out = np.asarray(func(*args), dtype=float)
    except Exception:
        return None
    return out if np.all(np.isfinite(out)) else None


def _design(rng, n, p, *, correlated=True):
    """Columns on different scales, not centered, the first two correlated."""
    X = rng.standard_normal((n, p))
    if correlated and p > 1:
        X[:, 1] = 0.8 * X[:, 0] + 0.6 * X[:, 1]
    X *= rng.uniform(0.5, 3.0, size=p)
    X += rng.uniform(-1.0, 1.0, size=p)
    return X


def _response(rng, X, offset=2.0):
    w_true = rng.standard_normal(X.shape[1])
    return X @ w_true + 0.5 * rng.standard_normal(X.shape[0]) + offset


# ---------------------------------------------------------------- soft_threshold
def _ref_soft_threshold(z, t):
    z = np.asarray(z, dtype=float)
    out = np.sign(z) * np.maximum(np.abs(z) - t, 0.0)
    return float(out) if out.ndim == 0 else out


def _soft_threshold_cases():
    rng = np.random.default_rng(20240101)
    regimes = np.array([-3.0, -1.2, -0.5, -0.2, 0.0, 0.1, 0.5, 0.8, 2.5, -0.7, 1.7])
    cases = [
        _Case("a 1-D array mixing |z| < t, |z| = t and |z| > t, t = 0.5", (regimes, 0.5)),
        _Case("a scalar z = 2.0 with t = 0.5", (2.0, 0.5)),
        _Case("a scalar z = -0.3 with t = 0.5", (-0.3, 0.5)),
        _Case("a scalar z = -3.0 with t = 1.0", (-3.0, 1.0)),
        _Case("a 2-D array of shape (3, 4), t = 1.0", (rng.normal(0.0, 2.0, (3, 4)), 1.0)),
        _Case("t = 0 (nothing to shrink)", (rng.normal(0.0, 1.0, 6), 0.0)),
        _Case("t larger than every |z|", (rng.uniform(-1.0, 1.0, 7), 5.0)),
        _Case("an integer array, t = 1.5", (np.array([-4, -2, -1, 0, 1, 2, 6]), 1.5)),
        _Case("50 random values, t = 0.7", (rng.normal(0.0, 1.5, 50), 0.7)),
    ]
    return cases


def _soft_threshold_fallback(case, out, expected):
    z = np.asarray(case.args[0], dtype=float)
    t = case.args[1]
    out = np.broadcast_to(out, z.shape)
    inside = np.abs(z) <= t
    if np.any(out[inside] != 0.0):
        return ("some values with |z| <= t did not come out as exactly 0",
                "values with |z| < t should be exactly 0 (and |z| = t gives 0 too)")
    outside = ~inside
    if np.any(np.sign(out[outside]) != np.sign(z[outside])):
        return ("some outputs with |z| > t have the wrong sign",
                "the result keeps the sign of z: negative inputs stay negative, only closer to 0")
    return ("values with |z| > t are not shrunk by the right amount",
            "every value with |z| > t should move towards 0 by exactly t")


def _soft_threshold_exception_hint(exc, case):
    text = str(exc)
    if "truth value of an array" in text:
        return ("Python's if/max/min work on single numbers; for arrays use numpy's elementwise "
                "functions (np.abs, np.sign, np.maximum, np.where)")
    if np.ndim(case.args[0]) == 0:
        return "your function must also accept a plain Python number for z (np.asarray helps)"
    return "your function must work elementwise on numpy arrays of any shape"


_SOFT_VARIANTS = [
    (lambda z, t: np.where(np.abs(z) > t, z, 0.0),
     "inputs with |z| > t come out unchanged: did you forget to subtract t? "
     "Keeping large values as they are is hard thresholding, not soft thresholding"),
    (lambda z, t: np.asarray(z, dtype=float) - t * np.sign(z),
     "values with |z| < t should be exactly 0: you shift them past zero so they change sign"),
    (lambda z, t: np.maximum(np.asarray(z, dtype=float) - t, 0.0),
     "negative inputs are all sent to 0: soft thresholding is odd, S(-z, t) = -S(z, t)"),
    (lambda z, t: np.maximum(np.abs(z) - t, 0.0),
     "the output lost the sign of z: negative inputs must stay negative"),
    (lambda z, t: np.asarray(z, dtype=float) - t,
     "you subtract t from every value, negative ones included: shrink towards zero instead"),
    (lambda z, t: np.asarray(z, dtype=float) / (1.0 + t),
     "that is proportional (L2-style) shrinkage: soft thresholding subtracts t and sets small "
     "values to exactly 0"),
]


# ---------------------------------------------------------------- ridge_closed_form
def _ref_ridge(X, y, alpha):
    p = X.shape[1]
    return np.linalg.solve(X.T @ X + alpha * np.eye(p), X.T @ y)


def _penalized_cases(seed, specs):
    """Cases ``(X, y, alpha)`` drawn in turn from one seed. ``specs``: one
    ``(description, n, p, alpha, zero_column, meta)`` per case, ``zero_column`` the column
    set to 0 (or None)."""
    rng = np.random.default_rng(seed)
    cases = []
    for description, n, p, alpha, zero_column, meta in specs:
        X = _design(rng, n, p)
        if zero_column is not None:
            X[:, zero_column] = 0.0
        cases.append(_Case(description, (X, _response(rng, X), alpha), dict(meta)))
    return cases


def _ridge_cases():
    return _penalized_cases(20240202, [
        ("n = 30, p = 5, alpha = 1.0", 30, 5, 1.0, None, {}),
        ("n = 40, p = 8 with correlated columns, alpha = 0.1", 40, 8, 0.1, None, {}),
        ("more features than samples: n = 6, p = 10, alpha = 0.5", 6, 10, 0.5, None, {}),
        ("n = 20, p = 4 with an all-zero column, alpha = 2.0", 20, 4, 2.0, 2,
         {"zero_column": 2}),
        ("alpha = 0 on a full-rank X (n = 25, p = 3)", 25, 3, 0.0, None, {}),
        ("strong penalty: n = 15, p = 6, alpha = 100", 15, 6, 100.0, None, {}),
        ("a single feature: X of shape (3, 1), alpha = 0.3", 3, 1, 0.3, None, {}),
    ])


def _centered(solver):
    def run(X, y, *rest):
        return solver(X - X.mean(axis=0), y - y.mean(), *rest)
    return run


_RIDGE_VARIANTS = [
    (lambda X, y, a: np.linalg.solve(X.T @ X + a, X.T @ y),
     "did you add alpha to the diagonal (alpha I)? Adding the number alpha to a matrix adds it to "
     "every entry"),
    (lambda X, y, a: np.linalg.lstsq(X, y, rcond=None)[0],
     "your result ignores alpha: it matches the unregularized least-squares fit"),
    (lambda X, y, a: np.linalg.solve(X.T @ X - a * np.eye(X.shape[1]), X.T @ y),
     "the penalty makes the matrix larger on its diagonal; you subtracted alpha instead of adding "
     "it"),
    (lambda X, y, a: np.linalg.pinv(X.T @ X) @ (X.T @ y + a),
     "alpha is on the wrong side: it belongs in the matrix you solve with, not added to the "
     "right-hand side"),
    (lambda X, y, a: np.linalg.pinv(X.T @ X) @ (X.T @ y) / (1.0 + a),
     "w_ols / (1 + alpha) is ridge only for an orthonormal design (X^T X = I); it is wrong for "
     "general X"),
    (lambda X, y, a: np.linalg.solve(X.T @ X + 2 * a * np.eye(X.shape[1]), X.T @ y),
     "your alpha is off by a factor 2: the objective is ||y - Xw||^2 + alpha ||w||^2, with no 1/2 "
     "on either term"),
    (lambda X, y, a: np.linalg.solve(X.T @ X + 0.5 * a * np.eye(X.shape[1]), X.T @ y),
     "your alpha is off by a factor 2: the objective is ||y - Xw||^2 + alpha ||w||^2, with no 1/2 "
     "on either term"),
    (lambda X, y, a: np.linalg.solve(X.T @ X + X.shape[0] * a * np.eye(X.shape[1]), X.T @ y),
     "your alpha looks scaled by n: this drill uses the plain sum of squares (like scikit-learn's "
     "Ridge), "
     "not the lasso's 1/(2n) scaling"),
    (_centered(lambda X, y, a: np.linalg.solve(X.T @ X + a * np.eye(X.shape[1]), X.T @ y)),
     "you centered X and y (an intercept): this drill fits no intercept, use the data as given"),
]


def _ridge_gradient(X, y, w, alpha):
    return -2.0 * X.T @ (y - X @ w) + 2.0 * alpha * w


def _ridge_fallback(case, out, expected):
    X, y, alpha = case.args
    grad = np.linalg.norm(_ridge_gradient(X, y, out, alpha))
    zero_col = case.meta.get("zero_column")
    if zero_col is not None and abs(out[zero_col]) > 1e-8:
        return (f"the coefficient of the all-zero column {zero_col} is {out[zero_col]:.3g}",
                "a feature that is identically zero cannot explain anything; with alpha > 0 its "
                "coefficient must be 0")
    return (f"your coefficients do not minimize the objective: its gradient at your w has "
            f"norm {grad:.3g} "
            f"(relative difference to the expected coefficients {_rel_diff(out, expected):.2g})",
            "set the gradient of ||y - Xw||^2 + alpha ||w||^2 to zero and solve the resulting "
            "linear system")


def _linear_algebra_hint(exc, case):
    text = str(exc).lower()
    if "singular" in text:
        return ("the matrix you solve with is singular here (p > n or a zero column), yet the "
                "penalized problem has a unique solution: did you add alpha to the diagonal "
                "(alpha I)?")
    if "shape" in text or "dimension" in text or "align" in text or "broadcast" in text:
        X = case.args[0]
        return (f"a shape mismatch: X has shape {X.shape} (n, p) and y has shape ({X.shape[0]},); "
                "check which products need a transpose")
    return "make sure the function works for any n, p (including p > n and p = 1)"


# ---------------------------------------------------------------- lasso_cd_sweep
def _st(z, t):
    return np.sign(z) * max(abs(z) - t, 0.0)


def _ref_cd_sweep(X, y, w, alpha):
    n = X.shape[0]
    w = np.array(w, dtype=float)
    residual = y - X @ w
    for j in range(X.shape[1]):
        curvature = X[:, j] @ X[:, j] / n
        old = w[j]
        if curvature == 0.0:
            w[j] = 0.0
        else:
            rho = X[:, j] @ residual / n + curvature * old
            w[j] = _st(rho, alpha) / curvature
        residual -= X[:, j] * (w[j] - old)
    return w


def _cd_variant(*, order=None, jacobi=False, own=True, curvature=True, loss_scale="n",
                threshold=1.0, soft=True, penalized=True):
    """A coordinate sweep with one deliberate mistake, used only to diagnose answers."""
    def sweep(X, y, w, alpha):
        n, p = X.shape
        scale = n if loss_scale == "n" else 1.0
        w_start = np.array(w, dtype=float)
        w_new = w_start.copy()
        for j in (range(p) if order is None else order(p)):
            current = w_start if jacobi else w_new
            c = X[:, j] @ X[:, j] / scale
            r = y - X @ current
            rho = X[:, j] @ r / scale + (c * current[j] if own else 0.0)
            t = threshold * alpha if penalized else 0.0
            if soft:
                z = _st(rho, t)
            else:
                z = rho if abs(rho) > t else 0.0
            w_new[j] = z / c if curvature else z
        return w_new
    return sweep


def _many_sweeps(k):
    def run(X, y, w, alpha):
        for _ in range(k):
            w = _ref_cd_sweep(X, y, w, alpha)
        return w
    return run


_CD_VARIANTS = [
    (_cd_variant(jacobi=True),
     "your update looks like a Jacobi sweep: each coordinate must use the already-updated "
     "earlier coordinates (w[0..j-1] from this sweep), not the values from the start of the sweep"),
    (_cd_variant(order=lambda p: range(p - 1, -1, -1)),
     "you swept the coordinates backwards: update them in the order 0, 1, ..., p-1"),
    (_cd_variant(own=False),
     "your partial residual leaves out coordinate j's own contribution: the one-dimensional "
     "problem "
     "for w_j uses the residual of all the other features, i.e. with feature j's current term "
     "added back"),
    (_cd_variant(curvature=False),
     "did you divide by the column's curvature ||X_j||^2 / n? The drill's columns are not "
     "standardized"),
    (_cd_variant(loss_scale="one"),
     "your update solves the problem with loss (1/2)||y - Xw||^2: this drill divides the loss by "
     "n, "
     "which changes the threshold by a factor n"),
    (_cd_variant(threshold=2.0),
     "your threshold is off by a factor 2: for the loss (1/(2n))||y - Xw||^2 the soft threshold "
     "is alpha itself"),
    (_cd_variant(threshold=0.5),
     "your threshold is off by a factor 2: for the loss (1/(2n))||y - Xw||^2 the soft threshold "
     "is alpha itself"),
    (_cd_variant(soft=False),
     "coordinates that survive are not shrunk: the one-dimensional lasso solution subtracts the "
     "threshold (soft thresholding), it does not keep the unpenalized value (hard thresholding)"),
    (_cd_variant(penalized=False),
     "your update ignores alpha: it is a coordinate step for plain least squares"),
    (_many_sweeps(2),
     "you did two sweeps: the drill asks for exactly one pass over the coordinates"),
    (_many_sweeps(1000),
     "your output looks like a converged lasso solution: the drill asks for exactly ONE sweep"),
]


def _cd_cases():
    rng = np.random.default_rng(20240303)
    cases = []
    X = _design(rng, 20, 5)
    cases.append(_Case("n = 20, p = 5, a non-zero starting w, alpha = 0.1",
                       (X, _response(rng, X), rng.standard_normal(5), 0.1)))
    X = _design(rng, 30, 6)
    cases.append(_Case("n = 30, p = 6, starting from w = 0, alpha = 0.05",
                       (X, _response(rng, X), np.zeros(6), 0.05)))
    X = _design(rng, 8, 12)
    cases.append(_Case("more features than samples: n = 8, p = 12, non-zero start, alpha = 0.2",
                       (X, _response(rng, X), rng.standard_normal(12), 0.2)))
    X = _design(rng, 15, 5)
    X[:, 3] = 0.0
    w0 = rng.standard_normal(5)
    w0[3] = 0.7
    cases.append(_Case("n = 15, p = 5 with an all-zero column (its starting value is 0.7), "
                       "alpha = 0.1",
                       (X, _response(rng, X), w0, 0.1), {"zero_column": 3}))
    X = _design(rng, 25, 4)
    cases.append(_Case("alpha = 0 (a plain least-squares sweep), n = 25, p = 4, non-zero start",
                       (X, _response(rng, X), rng.standard_normal(4), 0.0)))
    X = _design(rng, 10, 1)
    cases.append(_Case("a single feature: n = 10, p = 1, start 0.5, alpha = 0.3",
                       (X, _response(rng, X), np.array([0.5]), 0.3)))
    X = _design(rng, 12, 4)
    y = _response(rng, X)
    big = 2.0 * np.max(np.abs(X.T @ y)) / 12
    cases.append(_Case("a large alpha (twice alpha_max), n = 12, p = 4, non-zero start",
                       (X, y, rng.standard_normal(4), float(big))))
    return cases


def _cd_fallback(case, out, expected):
    zero_col = case.meta.get("zero_column")
    if zero_col is not None and out[zero_col] != 0.0 and np.allclose(
        np.delete(out, zero_col), np.delete(expected, zero_col), rtol=_RTOL, atol=_RTOL
    ):
        return (f"the coefficient of the all-zero column {zero_col} is {out[zero_col]:.3g}",
                "an all-zero column gives 0/0 in the update: its coefficient should be set to 0 "
                "(with no data, the penalty alone decides)")
    atol = _RTOL * max(1.0, float(np.max(np.abs(expected))))
    wrong = np.flatnonzero(~np.isclose(out, expected, rtol=_RTOL, atol=atol))
    first = int(wrong[0])
    if first == 0:
        where = "already the first coordinate (j = 0) differs"
        hint = ("w_0 must minimize the objective over w_0 alone with the other coordinates at "
                "their "
                "starting values; check the one-dimensional update (partial residual, threshold, "
                "curvature)")
    else:
        where = (f"coordinates 0..{first - 1} match, coordinate j = {first} is the first "
                 "that differs")
        hint = (f"w_{first} must minimize the objective over w_{first} alone, with the earlier "
                "coordinates "
                "at their new values and the later ones at their starting values")
    return (f"{where} (relative difference {_rel_diff(out, expected):.2g})", hint)


def _cd_exception_hint(exc, case):
    if "truth value of an array" in str(exc):
        return ("each coordinate update works on one number at a time; the soft threshold of a "
                "scalar needs no array logic")
    return _linear_algebra_hint(exc, case)


# ---------------------------------------------------------------- ridge_loo_mse
def _hat_matrix(X, alpha):
    p = X.shape[1]
    return X @ np.linalg.solve(X.T @ X + alpha * np.eye(p), X.T)


def _ref_ridge_loo(X, y, alpha):
    H = _hat_matrix(X, alpha)
    loo = (y - H @ y) / (1.0 - np.diag(H))
    return float(np.mean(loo ** 2))


def _loo_from(hat, errors, average=np.mean):
    """A (possibly wrong) leave-one-out estimate from a hat-matrix rule and an error rule."""
    def run(X, y, alpha):
        H = hat(X, alpha)
        return average(errors(y - H @ y, np.diag(H), H))
    return run


def _loo_error(residual, leverage, H):
    return (residual / (1.0 - leverage)) ** 2


_LOO_VARIANTS = [
    (_loo_from(_hat_matrix, lambda r, h, H: r ** 2),
     "your errors look like in-sample residuals: leave-one-out divides each residual by 1 - H_ii"),
    (_loo_from(_hat_matrix, lambda r, h, H: r ** 2 / (1.0 - h)),
     "divide each residual by 1 - H_ii before squaring: you divided the squared residual "
     "only once"),
    (_loo_from(_hat_matrix, lambda r, h, H: (r / (1.0 - np.trace(H) / len(r))) ** 2),
     "that is generalized cross-validation (GCV), which uses the average leverage tr(H)/n; "
     "exact leave-one-out uses each sample's own H_ii"),
    (_loo_from(_hat_matrix, lambda r, h, H: (r / (1.0 + h)) ** 2),
     "the leave-one-out residual is larger than the in-sample one: divide by 1 - H_ii, "
     "not 1 + H_ii"),
    (_loo_from(lambda X, a: X @ np.linalg.pinv(X), _loo_error),
     "your hat matrix ignores alpha: H is built from the ridge fit, not from least squares"),
    (_loo_from(_hat_matrix, _loo_error, average=np.sum),
     "return the mean over the n samples, not the sum"),
    (_loo_from(_hat_matrix, _loo_error, average=lambda e: np.sum(e) / (len(e) - 1)),
     "average over all n samples: divide by n, not n - 1"),
    (lambda X, y, a: np.sqrt(_ref_ridge_loo(X, y, a)),
     "return the mean squared error, not its square root"),
    (lambda X, y, a: _ref_ridge_loo(X, y, a) / 2,
     "return the plain mean of the squared leave-one-out errors, without a factor 1/2"),
    (_centered(_ref_ridge_loo),
     "you centered X and y (an intercept): this drill fits ridge without an intercept on the "
     "data as given"),
    (_loo_from(lambda X, a: X @ np.linalg.solve(X.T @ X + a, X.T), _loo_error),
     "did you add alpha to the diagonal (alpha I)? Adding the number alpha to a matrix adds it "
     "to every entry"),
]


def _loo_cases():
    return _penalized_cases(20240404, [
        ("n = 20, p = 4, alpha = 1.0", 20, 4, 1.0, None, {}),
        ("n = 15, p = 10, alpha = 0.3", 15, 10, 0.3, None, {}),
        ("more features than samples: n = 8, p = 15, alpha = 2.0", 8, 15, 2.0, None, {}),
        ("n = 12, p = 4 with an all-zero column, alpha = 0.5", 12, 4, 0.5, 1, {}),
        ("alpha = 0 on a full-rank X (n = 30, p = 3)", 30, 3, 0.0, None, {}),
        ("a single feature: n = 25, p = 1, alpha = 5.0", 25, 1, 5.0, None, {}),
    ])


def _loo_fallback(case, out, expected):
    return (f"your value {float(out):.6g} is not the exact leave-one-out MSE "
            f"(relative difference {_rel_diff(out, expected):.2g})",
            "by definition: refit without sample i, predict y_i, square the error, average over i; "
            "your shortcut must reproduce that number (compare with a brute-force loop on a small "
            "case)")


# ---------------------------------------------------------------- registry
DRILLS = {
    "soft_threshold": _Drill(
        name="soft_threshold",
        signature="soft_threshold(z, t)",
        statement=("Return sign(z) * max(|z| - t, 0) elementwise, for a scalar z (return a scalar) "
                   "or an array of any shape (return the same shape); t >= 0 is a scalar."),
        make_cases=_soft_threshold_cases,
        reference=_ref_soft_threshold,
        variants=_SOFT_VARIANTS,
        exception_hint=_soft_threshold_exception_hint,
        fallback=_soft_threshold_fallback,
        arg_names=("z", "t"),
    ),
    "ridge_closed_form": _Drill(
        name="ridge_closed_form",
        signature="ridge_closed_form(X, y, alpha)",
        statement=("Return the p coefficients minimizing ||y - Xw||^2 + alpha * ||w||^2 "
                   "(no intercept), "
                   "for X of shape (n, p), y of shape (n,), alpha >= 0 (alpha = 0 only with "
                   "full-rank X)."),
        make_cases=_ridge_cases,
        reference=_ref_ridge,
        variants=_RIDGE_VARIANTS,
        exception_hint=_linear_algebra_hint,
        fallback=_ridge_fallback,
        arg_names=("X", "y", "alpha"),
    ),
    "lasso_cd_sweep": _Drill(
        name="lasso_cd_sweep",
        signature="lasso_cd_sweep(X, y, w, alpha)",
        statement=("Perform ONE cyclic sweep of coordinate descent on "
                   "(1/(2n)) ||y - Xw||^2 + alpha * ||w||_1, "
                   "starting from w and updating coordinates 0, 1, ..., p-1 in order, each one "
                   "using the "
                   "latest values of the others. Return the new w without modifying the input w. "
                   "An all-zero column gets coefficient 0."),
        make_cases=_cd_cases,
        reference=_ref_cd_sweep,
        variants=_CD_VARIANTS,
        exception_hint=_cd_exception_hint,
        fallback=_cd_fallback,
        arg_names=("X", "y", "w", "alpha"),
    ),
    "ridge_loo_mse": _Drill(
        name="ridge_loo_mse",
        signature="ridge_loo_mse(X, y, alpha)",
        statement=("Return the exact leave-one-out mean squared error of ridge regression "
                   "without intercept "
                   "(objective ||y - Xw||^2 + alpha * ||w||^2): the average over i of the squared "
                   "error on "
                   "sample i of the ridge fit on all other samples. Brute force is allowed; a "
                   "shortcut is faster."),
        make_cases=_loo_cases,
        reference=_ref_ridge_loo,
        variants=_LOO_VARIANTS,
        exception_hint=_linear_algebra_hint,
        fallback=_loo_fallback,
        arg_names=("X", "y", "alpha"),
    ),
}


def drill_names():
    """Names accepted by :func:`check`, in the book's order."""
    return list(DRILLS)


def describe(name):
    """The task statement of a drill, as shown to the learner."""
    drill = _get(name)
    return f"{drill.signature}\n\n{drill.statement}"


def _get(name):
    if not isinstance(name, str) or name not in DRILLS:
        raise ValueError(f"name must be one of {drill_names()}, got {name!r}")
    return DRILLS[name]


# ---------------------------------------------------------------- grading
def _fresh(args):
    return tuple(np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args)


class _LearnerError(Exception):
    """An exception raised by the learner's function in the sandbox: its type name and text."""

    def __init__(self, type_name, text):
        super().__init__(text)
        self.type_name = type_name


class _Opaque:
    """Stands for a non-numeric return value, of which only the type name is known."""

    def __init__(self, type_name):
        self.type_name = type_name


class _SandboxFailure(Exception):
    """The sandbox could not answer: (problem, hint) for the learner."""


def _dumps_by_value(cloudpickle, fn):
    """Pickle ``fn`` with the module that defines it by value (not re-imported in the child).

    Functions from a notebook (``__main__``) are pickled by value anyway; for one defined
    in a module, its module-level helpers travel with it, so the child does not import
    that module (nor whatever it imports, e.g. the grader).
    """
    module = sys.modules.get(getattr(fn, "__module__", None) or "")
    by_value = module is not None and module.__name__ != "__main__" \
        and not module.__name__.startswith(("numpy", "scipy", "builtins"))
    if by_value:
        try:
            cloudpickle.register_pickle_by_value(module)
        except ValueError:
            by_value = False
    try:
        return cloudpickle.dumps(fn)
    finally:
        if by_value:
            cloudpickle.unregister_pickle_by_value(module)


class _Sandbox:
    """The learner's function running in a child Python process (see ``_sandbox``).

    The child gets the pickled function and each case's arguments, nothing else; a case
    that runs longer than ``timeout`` seconds has the child killed.
    """

    # starting the interpreter and importing numpy is not the learner's time
    START_TIMEOUT = 120.0

    def __init__(self, fn, timeout):
        import os
        import pickle
        import subprocess
        from multiprocessing.connection import Client

        import cloudpickle  # functions defined in a notebook cell are pickled by value

        import regkit

        self.timeout = timeout
        self.proc = self.conn = None
        try:
            payload = _dumps_by_value(cloudpickle, fn)
        except Exception as exc:
            raise _SandboxFailure(
                f"your function could not be sent to the grader ({type(exc).__name__}: {exc})",
                "define it with def in a cell of its own, using only numpy and plain Python "
                "values from outside it") from exc
        authkey = os.urandom(32)
        env = dict(os.environ)
        root = os.path.dirname(os.path.dirname(os.path.abspath(regkit.__file__)))
        env["PYTHONPATH"] = os.pathsep.join([root] + [p for p in [env.get("PYTHONPATH")] if p])
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from regkit.course.practice._sandbox import main; main()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        try:
            self.proc.stdin.write(pickle.dumps((list(sys.path), authkey, payload)))
            self.proc.stdin.close()
            address = self.proc.stdout.readline().decode().strip()
            if not address:
                raise OSError("the grader's process did not start")
            self.conn = Client(address, authkey=authkey)
        except OSError as exc:
            self.close()
            raise _SandboxFailure(
                f"the grader could not start its sandbox ({exc})",
                "this is not your code's fault: run the cell again") from exc
        reply = self._receive(self.START_TIMEOUT)
        if reply is None or reply[0] != "ready":
            detail = reply[1] if reply is not None and reply[0] == "load_failed" else \
                "no answer from the grader's process"
            self.close()
            raise _SandboxFailure(
                f"your function could not be loaded by the grader ({detail})",
                "define it with def in a cell of its own, using only numpy and plain Python "
                "values from outside it")

    def _receive(self, timeout):
        try:
            if self.conn.poll(timeout):
                return self.conn.recv()
        except (EOFError, OSError):
            pass
        return None

    def call(self, args):
        """(output, exception, modified argument indices) for one case."""
        self.conn.send(_fresh(args))
        reply = self._receive(self.timeout)
        if reply is None:
            alive = self.proc.poll() is None
            self.close()
            if alive:
                raise _SandboxFailure(
                    f"your function did not finish within {self.timeout:g} seconds",
                    "look for a loop that never ends (a while loop whose condition never "
                    "changes) or for work that grows much faster than the input")
            raise _SandboxFailure(
                "your function ended the grader's process",
                "do not call os._exit or anything that stops the interpreter; return a value")
        if reply[3]:
            sys.stdout.write(reply[3])  # what the learner printed, shown as usual
        if reply[0] == "raised":
            return None, _LearnerError(reply[1], reply[2]), []
        result, modified = reply[1], reply[2]
        out = {"none": None, "array": result[-1], "object": _Opaque(result[-1])}[result[0]]
        return out, None, modified

    def close(self):
        """Stop the child: politely when it is idle, by killing it otherwise."""
        if self.proc is None:
            return
        if self.conn is not None:
            try:
                self.conn.send(None)
            except (OSError, ValueError):
                pass
        try:
            self.proc.wait(1.0)
        except Exception:  # subprocess.TimeoutExpired: busy in the learner's code
            self.proc.kill()
            self.proc.wait(10.0)
        if self.conn is not None:
            self.conn.close()
        self.proc.stdout.close()
        self.proc = self.conn = None


def _as_float_array(out):
    try:
        arr = np.asarray(out, dtype=float)
    except (TypeError, ValueError):
        return None
    return arr


def _shape_problem(drill, case, arr, expected):
    if arr.shape == np.shape(expected):
        return None
    if drill.name == "soft_threshold":
        if np.ndim(expected) == 0:
            return (f"for a scalar z your function returned shape {arr.shape}",
                    "return a single number when z is a number")
        return (f"expected an array of shape {np.shape(expected)}, got shape {arr.shape}",
                "the output must have the same shape as z")
    if drill.name == "ridge_loo_mse":
        n = case.args[0].shape[0]
        if arr.shape == (n,):
            return ("you returned n values instead of one number",
                    "return a single number: the mean of the squared leave-one-out errors")
        return (f"expected a single number, got shape {arr.shape}", "return a single float")
    n, p = case.args[0].shape
    if arr.shape == (n,) and n != p:
        return (f"you returned {n} values (one per sample); expected {p} coefficients",
                "return the coefficient vector w, not the fitted values Xw")
    if arr.size == p:
        return (f"expected a 1-D array of shape ({p},), got shape {arr.shape}",
                "return a flat vector (use .ravel() if you built a column)")
    return (f"expected shape ({p},), got shape {arr.shape}",
            "return one coefficient per column of X")


def _diagnose(drill, case, arr, expected):
    for variant, hint in drill.variants:
        wrong = _quiet(variant, *_fresh(case.args))
        if wrong is None or wrong.shape != arr.shape or _close(wrong, expected, _DISTINCT):
            continue
        if _close(arr, wrong):
            diff = _rel_diff(arr, expected)
            return (f"wrong result (relative difference {diff:.2g}), and it matches "
                    "a typical mistake", hint)
    return drill.fallback(case, arr, expected)


def _judge(drill, case, out, exc, modified, expected):
    """None when the answer is right, else (problem, hint)."""
    if exc is not None:
        kind = getattr(exc, "type_name", type(exc).__name__)
        return (f"your function raised {kind}: {exc}", drill.exception_hint(exc, case))
    if modified:
        names = ", ".join(drill.arg_names[k] for k in modified)
        return (f"your function modified its input {names} in place",
                "work on a copy: the caller's arrays must be left untouched")
    if out is None:
        return ("your function returned None", "did you forget the return statement?")
    arr = None if isinstance(out, _Opaque) else _as_float_array(out)
    if arr is None:
        kind = getattr(out, "type_name", type(out).__name__)
        return (f"your function returned a {kind}, which is not a numeric array",
                "return a float or a numpy array of floats")
    problem = _shape_problem(drill, case, arr, expected)
    if problem is not None:
        return problem
    if not np.all(np.isfinite(arr)):
        zero_col = case.meta.get("zero_column")
        if zero_col is not None:
            return ("your output contains NaN or infinity",
                    f"column {zero_col} of X is all zeros: dividing by its squared norm gives 0/0; "
                    "handle that column explicitly (its coefficient is 0)")
        return ("your output contains NaN or infinity",
                "look for a division by zero or an overflow")
    if drill.name == "soft_threshold":
        exact = np.asarray(expected) == 0.0
        if np.all(np.abs(arr[exact]) < 1e-12) and np.any(arr[exact] != 0.0):
            return ("values that should be 0 are tiny but not exactly 0",
                    "values with |z| < t should be exactly 0, not just close to it")
    if _close(arr, expected) or _backward_stable(drill, case, out):
        return None
    return _diagnose(drill, case, arr, expected)


def _backward_stable(drill, case, out):
    """True when a ridge answer solves the normal equations to its own precision.

    A correct solve in float32 differs from the float64 reference by about
    ``cond(X^T X + alpha I) * 1e-7``, more than ``_RTOL``; what a correct solve in any
    precision guarantees is a small relative residual of the normal equations,
    ``||(X^T X + alpha I) w - X^T y|| <= c eps (||X^T X + alpha I|| ||w|| + ||X^T y||)``.
    """
    if drill.name != "ridge_closed_form" or np.asarray(out).dtype.kind != "f":
        return False
    X, y, alpha = case.args
    w = np.asarray(out, dtype=float)
    A = X.T @ X + alpha * np.eye(X.shape[1])
    b = X.T @ y
    residual = np.linalg.norm(A @ w - b)
    scale = np.linalg.norm(A, 2) * np.linalg.norm(w) + np.linalg.norm(b)
    return bool(residual <= _BACKWARD_EPS * np.finfo(np.asarray(out).dtype).eps * scale)


def _sentence(text):
    return text if text.endswith((".", "?", "!")) else text + "."


def check(name, fn, *, timeout=_TIMEOUT):
    """Grade a learner's implementation of a drill on hidden cases.

    The function runs in a separate Python process that receives only each case's
    arguments and sends back only the result: it cannot see the expected answers or the
    other cases, nor change how it is graded, and an endless loop or ``sys.exit()``
    in it fails the case with a message instead of hanging or stopping the notebook.
    What it prints is shown as usual.

    Parameters
    ----------
    name : str
        One of ``"soft_threshold"``, ``"ridge_closed_form"``, ``"lasso_cd_sweep"``,
        ``"ridge_loo_mse"`` (see :func:`describe`).
    fn : callable
        The learner's function, with the drill's signature.
    timeout : float, default 10
        Seconds each hidden case may take.

    Returns
    -------
    DrillResult
        ``.passed`` is True when every hidden case matches the reference within a
        relative tolerance of 1e-6 (soft thresholding must give exact zeros; a ridge
        answer computed in lower precision, e.g. float32, passes when it solves the
        normal equations to that precision), inputs were not modified and no exception
        was raised. ``.message`` explains the first failure with a hint; it never
        contains the reference implementation.

    Raises
    ------
    ValueError
        If ``name`` is not a drill, ``fn`` is not callable or ``timeout`` is not a
        positive number.
    """
    drill = _get(name)
    if not callable(fn):
        raise ValueError(
            f"fn must be a callable implementing {drill.signature}, got {type(fn).__name__}")
    if isinstance(timeout, bool) or not isinstance(timeout, numbers.Real) or not timeout > 0 \
            or not np.isfinite(timeout):
        raise ValueError(f"timeout must be a positive number of seconds, got {timeout!r}")
    cases = drill.make_cases()

    def failed(k, problem, hint):
        message = (f"Hidden case {k + 1} of {len(cases)} ({cases[k].description}): "
                   f"{_sentence(problem)}\nHint: {_sentence(hint)}")
        return DrillResult(name, False, message, k, len(cases), hint)

    try:
        sandbox = _Sandbox(fn, float(timeout))
    except _SandboxFailure as exc:
        return failed(0, *exc.args)
    try:
        for k, case in enumerate(cases):
            try:
                out, exc, modified = sandbox.call(case.args)
            except _SandboxFailure as failure:
                return failed(k, *failure.args)
            expected = drill.reference(*_fresh(case.args))
            verdict = _judge(drill, case, out, exc, modified, expected)
            if verdict is not None:
                return failed(k, *verdict)
    finally:
        sandbox.close()
    message = f"All {len(cases)} hidden cases passed for {drill.signature}. Well done."
    return DrillResult(name, True, message, len(cases), len(cases))
