"""Input checks shared by every public function.

Each check raises ``ValueError`` naming the argument and the problem, so a user
never gets a silent wrong answer from bad input.
"""

import numbers

import numpy as np


def check_array(a, name, *, ndim, order="C", finite=True):
    """Return ``a`` as a C-contiguous float64 array after checking it.

    Rejects non-numeric dtypes, the wrong number of dimensions, empty arrays and
    NaN or infinite entries. With ``order="K"`` a Fortran-contiguous float64 array is
    returned as it is (no copy): for callers that work from either layout. ``finite=False``
    leaves the NaN/infinity test to the caller (:func:`check_X_y` with ``scales=True``).
    """
    if type(a).__module__.startswith("scipy.sparse"):
        # np.asarray would wrap the matrix in a 0-d object array ("dtype object")
        raise TypeError(
            f"{name} must be a dense array: this function does not accept scipy.sparse "
            f"input (got {type(a).__name__}); pass {name}.toarray()"
        )
    try:
        arr = np.asarray(a)
    except Exception as exc:  # ragged lists and the like
        raise ValueError(f"{name} could not be converted to an array: {exc}") from exc
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_)
    ):
        raise ValueError(f"{name} must be numeric, got dtype {arr.dtype}")
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise ValueError(f"{name} must be real-valued, got dtype {arr.dtype}")
    if arr.ndim != ndim:
        shape = "(n_samples, n_features)" if ndim == 2 else "(n_samples,)"
        hint = " (use X.reshape(-1, 1) for a single feature)" if ndim == 2 and arr.ndim == 1 else ""
        raise ValueError(
            f"{name} must be {ndim}-D with shape {shape}, got {arr.ndim}-D shape {arr.shape}{hint}"
        )
    if arr.size == 0:
        raise ValueError(f"{name} is empty (shape {arr.shape})")
    if not (order == "K" and arr.dtype == np.float64 and arr.flags.f_contiguous):
        arr = np.ascontiguousarray(arr, dtype=np.float64)
    # a finite sum proves every entry finite (one NaN or inf makes it NaN or inf), at a
    # fraction of the cost of isfinite over the whole array; an overflowing sum of finite
    # entries falls through to the exact test
    if finite and not np.isfinite(arr.sum()) and not np.all(np.isfinite(arr)):
        _raise_not_finite(arr, name)
    return arr


def _raise_not_finite(arr, name):
    bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
    raise ValueError(f"{name} contains NaN or infinity ({bad} entries)")


def check_X_y(X, y, *, order="C", scales=False):
    """Validate a design matrix and a response of matching length (``order``: see
    :func:`check_array`).

    With ``scales=True`` returns ``(X, y, sx, sy)``, the powers of two of
    :func:`pow2_scale` as well: X's finiteness test and its scale then share one pair of
    passes (max and min are NaN or infinite exactly when an entry is), which matters when
    X is large and the solve after it is fast (a Gram-route path on n >> p data).
    """
    X = check_array(X, "X", ndim=2, order=order, finite=not scales)
    y = check_array(y, "y", ndim=1)
    if X.shape[0] != y.shape[0]:
        raise ValueError(
            f"X and y have mismatched lengths: X has {X.shape[0]} rows, y has {y.shape[0]} entries"
        )
    if not scales:
        return X, y
    top = _abs_max(X)
    if not np.isfinite(top):
        _raise_not_finite(X, "X")
    return X, y, _pow2_of(top), pow2_scale(y)


def check_scalar(value, name, *, low=0.0, high=None, low_inclusive=True, high_inclusive=True):
    """Validate a real scalar in an interval and return it as float."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    if low is not None and (value < low or (value == low and not low_inclusive)):
        op = ">=" if low_inclusive else ">"
        raise ValueError(f"{name} must be {op} {low}, got {value}")
    if high is not None and (value > high or (value == high and not high_inclusive)):
        op = "<=" if high_inclusive else "<"
        raise ValueError(f"{name} must be {op} {high}, got {value}")
    return value


def check_alpha(alpha, name="alpha"):
    """A regularization strength: a finite real number >= 0."""
    if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real):
        raise ValueError(f"{name} must be a non-negative real number, got {alpha!r}")
    if alpha < 0:
        raise ValueError(f"{name} must be non-negative, got {alpha}")
    return check_scalar(alpha, name, low=0.0)


def check_alphas(alphas, name="alphas"):
    """A 1-D array of non-negative, finite regularization strengths."""
    arr = check_array(np.atleast_1d(alphas), name, ndim=1)
    if np.any(arr < 0):
        raise ValueError(f"{name} must be non-negative, got minimum {arr.min()}")
    return arr


def check_l1_ratio(l1_ratio):
    """The elastic-net mixing parameter, in [0, 1]."""
    if isinstance(l1_ratio, bool) or not isinstance(l1_ratio, numbers.Real):
        raise ValueError(f"l1_ratio must be a real number in [0, 1], got {l1_ratio!r}")
    if not 0.0 <= l1_ratio <= 1.0:
        raise ValueError(f"l1_ratio must be in [0, 1], got {l1_ratio}")
    return float(l1_ratio)


def check_int(value, name, low=1):
    """A count: an integer (not a bool) >= ``low``, returned as int."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
        what = {0: "a non-negative integer", 1: "a positive integer"}.get(low, f"an integer >= {low}")
        raise ValueError(f"{name} must be {what}, got {value!r}")
    return int(value)


def check_positive(value, name, *, allow_inf=False):
    """A real number > 0 (``inf`` allowed only when ``allow_inf``), returned as float."""
    ok = (not isinstance(value, bool) and isinstance(value, numbers.Real) and value > 0
          and (allow_inf or np.isfinite(value)))
    if not ok:
        what = "a positive real number (np.inf for none)" if allow_inf else "a positive, finite real number"
        raise ValueError(f"{name} must be {what}, got {value!r}")
    return float(value)


def check_bool(value, name):
    """A boolean flag: ``True``/``False`` or a numpy bool, returned as bool.

    Strings, numbers and arrays are refused: ``fit_intercept="no"`` is truthy and would
    silently mean the opposite of what it says.
    """
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def check_bool_params(estimator, names):
    """:func:`check_bool` on each of ``names`` that ``estimator`` has as a parameter."""
    for name in names:
        if hasattr(estimator, name):
            check_bool(getattr(estimator, name), name)


def check_fit_magnitude(X, y):
    """Refuse data whose sums of squares overflow float64 (``ValueError`` naming X or y).

    The estimators center the data and form squared norms; near the float maximum those
    overflow to inf and the fit would end in NaN (scikit-learn refuses such data too).
    """
    bound = np.sqrt(np.finfo(float).max / (4.0 * X.shape[0] * max(X.shape[1], 1)))
    for arr, name in ((X, "X"), (y, "y")):
        data = arr.data if hasattr(arr, "tocsc") else arr  # a sparse matrix: its stored values
        top = float(np.max(np.abs(data))) if data.size else 0.0
        if top > bound:
            raise ValueError(
                f"{name} has entries up to {top:.3g}: too large for this estimator (its sums "
                f"of squares overflow float64 above about {bound:.3g}); rescale {name}, e.g. "
                "with sklearn.preprocessing.StandardScaler"
            )


def check_choice(value, name, allowed):
    """One of the strings in ``allowed``."""
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}; got {value!r}")
    return value


def check_vector(a, name, length, what="n_features"):
    """A finite 1-D array of the given length (coefficients, warm starts; ``what`` names
    the length in the error, e.g. ``"n_samples"`` for a vector over the rows of X)."""
    a = check_array(a, name, ndim=1)
    if a.shape[0] != length:
        raise ValueError(f"{name} has length {a.shape[0]}, expected {what} = {length}")
    return a


def as_real_array(a, name):
    """``a`` as a float64 array of any shape; infinities allowed, non-real dtypes refused."""
    arr = np.asarray(a)
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_)
    ) or np.issubdtype(arr.dtype, np.complexfloating):
        raise ValueError(f"{name} must be real and numeric, got dtype {arr.dtype}")
    return arr.astype(np.float64)


# data with max|entry| inside [2^-250, 2^250] (about 1e-75 to 1e75) are used as given:
# their squares and sums of squares stay well inside float64's range
_SAFE_EXPONENT = 250


def pow2_scale(a):
    """1.0 for data of moderate size, else a power of two in ``(max|a| / 2, max|a|]``.

    Dividing by a power of two is exact (short of the subnormal range), so solvers can
    work on ``a / scale``, whose entries are at most 1 in absolute value and whose squares
    neither overflow nor underflow (data near 1e160 or 1e-160), and rescale the answer.
    Data whose largest entry lies between about 1e-75 and 1e75 are not rescaled.
    """
    return _pow2_of(_abs_max(a))


def _abs_max(a):
    # max and -min: the same number as max(abs(a)) without an array the size of a (an
    # n x p copy costs more than the two passes); NaN if an entry is NaN
    return float(max(np.max(a), -np.min(a)))


def _pow2_of(top):
    if top == 0.0:
        return 1.0
    exponent = int(np.frexp(top)[1]) - 1
    if abs(exponent) <= _SAFE_EXPONENT:
        return 1.0
    return float(np.ldexp(1.0, exponent))


def check_representable(value, what, factor=1.0):
    """``value * factor`` (a rescaled answer), or ``ValueError`` naming X and y if it overflows."""
    with np.errstate(over="ignore"):
        value = value * factor
    if not np.all(np.isfinite(value)):
        raise ValueError(
            f"X and y are too large for {what} to be represented in float64 (it exceeds "
            f"{np.finfo(float).max:.3g}); rescale X and y (the solution rescales with them)"
        )
    return value
