"""Ridge regression in closed form: one solve, whole paths, exact LOO and GCV.

Every function here works with the ridge objective on scikit-learn's scale,
with no intercept (centre ``X`` and ``y`` first)::

    ||y - X w||^2 + alpha * ||w||^2

whose minimiser is ``w = (X^T X + alpha I)^{-1} X^T y``. Write the thin
singular value decomposition ``X = U diag(d) V^T``. Then

* the coefficients are ``w = V diag(d / (d^2 + alpha)) U^T y``,
* the hat matrix ``H = X (X^T X + alpha I)^{-1} X^T = U diag(d^2 / (d^2 + alpha)) U^T``,
* the effective degrees of freedom are ``tr H = sum_j d_j^2 / (d_j^2 + alpha)``.

So one factorisation serves every alpha: the path, the leave-one-out errors,
GCV and the degrees of freedom only rescale the factors ``d^2 / (d^2 + alpha)``.

Conventions shared by all functions (the "defined results" of the design):

* ``alpha = 0`` means the minimum-norm least-squares solution, i.e. the limit
  of ridge as ``alpha -> 0+``. Singular values at or below
  ``max(n, p) * eps * d_max`` count as zero, the cut-off ``numpy.linalg.lstsq``
  uses, so rank-deficient and ``p > n`` designs have a defined answer.
* A column of zeros gets the coefficient exactly 0 (it is removed before
  solving, since it changes neither the fit nor, for ``alpha > 0``, anything else).
* Duplicated columns share the weight equally: the objective is symmetric in
  the copies and strictly convex for ``alpha > 0`` (and the minimum-norm
  solution is symmetric for ``alpha = 0``), so each copy gets the same value,
  up to rounding.
"""

from typing import NamedTuple

import numpy as np
import scipy.linalg

from regkit._validation import (
    check_alpha,
    check_alphas,
    check_array,
    check_choice,
    check_representable,
    check_X_y,
    pow2_scale,
)

__all__ = ["ridge", "ridge_path", "ridge_loo", "ridge_gcv", "ridge_df"]

SOLVERS = ("auto", "cholesky", "svd", "dual")


# ---------------------------------------------------------------------------
# The shared factorisation
# ---------------------------------------------------------------------------

class _Spectrum(NamedTuple):
    """The numerically non-zero part of ``X = U diag(d) V^T``.

    ``U`` is (n, r), ``d`` (r,) in decreasing order and all > 0, ``Vt`` (r, p),
    where r is the numerical rank of ``X``.
    """

    U: np.ndarray
    d: np.ndarray
    Vt: np.ndarray


def _spectrum(X):
    """Factor ``X`` once so that every alpha reuses the same ``U, d, V``.

    The thin SVD is at the same time the eigendecomposition of both Gram
    matrices, ``X^T X = V diag(d^2) V^T`` and ``X X^T = U diag(d^2) U^T``, and
    costs O(n p min(n, p)) like an eigendecomposition of the smaller one. It is
    taken from ``X`` itself rather than from a Gram matrix because forming
    ``X^T X`` squares the condition number: with ``U = X V / d`` recovered from
    the eigenvectors of ``X^T X``, ``U^T U`` is off the identity by about
    ``eps * cond(X)^2`` (1e-10 already for a 12 x 12 Gaussian matrix with
    condition number 6e3), and the leave-one-out shortcut divides by
    ``1 - H_ii``, which is exactly where that error lands.

    Singular values at or below ``max(n, p) * eps * d_max`` count as zero, the
    cut-off ``numpy.linalg.lstsq`` uses.

    Returns
    -------
    _Spectrum
    """
    U, d, Vt = np.linalg.svd(X, full_matrices=False)
    keep = d > _rank_cutoff(d, *X.shape)
    return _Spectrum(U[:, keep], d[keep], Vt[keep])


def _rank_cutoff(d, n, p):
    """Singular values at or below this count as zero (numpy.linalg.lstsq's default)."""
    return max(n, p) * np.finfo(float).eps * (d[0] if d.size else 0.0)


def _path_from_spectrum(spec, y, alphas):
    """Coefficients ``V diag(d / (d^2 + a)) U^T y`` for every ``a`` in ``alphas``: (p, n_alphas)."""
    Uty = spec.U.T @ y
    # d > 0 after the rank cut, so alpha = 0 gives 1/d: the minimum-norm solution
    gain = spec.d[:, None] / (spec.d[:, None] ** 2 + alphas[None, :])
    return spec.Vt.T @ (gain * Uty[:, None])


def _nonzero_columns(X):
    """Boolean mask of the columns that are not identically zero."""
    return np.any(X != 0.0, axis=0)


# ---------------------------------------------------------------------------
# One alpha: ridge
# ---------------------------------------------------------------------------

def ridge(X, y, alpha, *, solver="auto"):
    r"""Ridge regression coefficients (no intercept).

    Minimises

    .. math:: \|y - Xw\|_2^2 + \alpha \|w\|_2^2 ,

    scikit-learn's ``Ridge(alpha, fit_intercept=False)`` objective.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    alpha : float >= 0
        Regularization strength. ``alpha = 0`` returns the minimum-norm
        least-squares solution ``X^+ y`` (singular values at or below
        ``max(n, p) * eps * d_max`` treated as zero, as ``numpy.linalg.lstsq``
        does); it is never solved through the normal equations, which are
        singular or badly conditioned exactly when the answer is delicate.
    solver : {"auto", "cholesky", "svd", "dual"}
        * ``"cholesky"``: Cholesky factorisation of ``X^T X + alpha I`` (p x p);
          when ``p > n`` that of ``X X^T + alpha I`` (n x n) instead, as ``"dual"``.
        * ``"svd"``: thin SVD, ``w = V diag(d / (d^2 + alpha)) U^T y``.
        * ``"dual"``: Cholesky of ``X X^T + alpha I`` (n x n), ``w = X^T c`` with
          ``(X X^T + alpha I) c = y``; the cheap choice when ``p > n``.
        * ``"auto"``: ``"svd"`` when ``alpha == 0``, else ``"dual"`` when
          ``p > n``, else ``"cholesky"``; if the Cholesky factorisation breaks
          down (alpha tiny against a singular Gram matrix) it falls back to ``"svd"``.

        ``"cholesky"`` and ``"dual"`` need ``alpha > 0``: asked for explicitly
        with ``alpha = 0`` (or with an alpha so small the factorisation fails)
        they raise ``ValueError`` rather than silently switching method.

    Returns
    -------
    coef : ndarray of shape (n_features,)
        A column of zeros gets exactly 0; duplicated columns get equal values.

    Raises
    ------
    ValueError
        Bad ``X``/``y`` (NaN, inf, wrong shape, empty, non-numeric, mismatched
        lengths), negative ``alpha``, an unknown ``solver``, or ``alpha = 0``
        with ``solver="cholesky"``/``"dual"``.

    Examples
    --------
    >>> import numpy as np
    >>> from regkit import ridge
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> y = np.array([1.0, 2.0, 3.0])
    >>> ridge(X, y, alpha=1.0)
    array([0.875, 1.375])
    >>> # the same as solving the normal equations (X^T X + alpha I) w = X^T y
    >>> np.allclose(ridge(X, y, 1.0), np.linalg.solve(X.T @ X + np.eye(2), X.T @ y))
    True
    >>> # alpha = 0 is the minimum-norm least-squares fit
    >>> np.allclose(ridge(X, y, 0.0), np.linalg.lstsq(X, y, rcond=None)[0])
    True
    """
    X, y = check_X_y(X, y)
    alpha = check_alpha(alpha)
    solver = check_choice(solver, "solver", SOLVERS)
    if alpha == 0.0 and solver in ("cholesky", "dual"):
        raise ValueError(
            f"solver={solver!r} needs alpha > 0 (X^T X may be singular at alpha=0); "
            "use solver='svd' or 'auto' for the minimum-norm least-squares solution"
        )
    coef = np.zeros(X.shape[1])
    keep = _nonzero_columns(X)
    if not keep.any():
        return coef
    # On X / sx, y / sx (sx an exact power of two near max|X|) the objective is
    # ||y/sx - (X/sx) w||^2 + (alpha / sx^2) ||w||^2 up to the factor sx^2: the same w, and
    # X^T X no longer over- or underflows. y is never squared, so it needs no scale of its
    # own (one would make w' = w sx / sy underflow when a huge alpha shrinks w).
    sx = pow2_scale(X)
    alpha_s = min(alpha / sx / sx, np.finfo(float).max)
    with np.errstate(over="ignore"):
        ys = y / sx
    ys = check_representable(ys, "y / max|X| (the scaled right-hand side)")
    coef[keep] = _solve_one(X[:, keep] / sx, ys, alpha_s, solver, alpha)
    return check_representable(coef, "the coefficients")


def _solve_one(X, y, alpha, solver, alpha_given):
    n, p = X.shape
    if solver == "svd":
        return _ridge_svd(X, y, alpha)
    if solver == "auto":
        if alpha == 0.0:
            return _ridge_svd(X, y, alpha)
        try:
            w = _ridge_dual(X, y, alpha) if p > n else _ridge_cholesky(X, y, alpha)
            return _accurate(w, X, y, alpha)
        except np.linalg.LinAlgError:
            return _ridge_svd(X, y, alpha)
    # "cholesky" with p > n factors the n x n kernel instead of the p x p Gram matrix
    # (the same normal equations, by the push-through identity; scikit-learn does the same)
    primal = solver == "cholesky" and p <= n
    try:
        w = _ridge_cholesky(X, y, alpha) if primal else _ridge_dual(X, y, alpha)
        return _accurate(w, X, y, alpha)
    except np.linalg.LinAlgError as exc:
        raise ValueError(
            f"alpha={alpha_given!r} is too small for solver={solver!r}: the regularized Gram matrix "
            "is not numerically positive definite; use solver='svd'"
        ) from exc


# a factorisation whose answer leaves a larger relative residual in the normal equations
# than this has broken down (see _accurate)
_RESIDUAL_RTOL = 1e-10


def _accurate(w, X, y, alpha):
    """``w``, unless it misses the normal equations ``(X^T X + alpha I) w = X^T y``.

    Cholesky succeeds on matrices that are positive definite only up to rounding (alpha
    far below ``eps * ||X||^2``), and the dual form with ``n > p`` then returns ``X^T c``
    with a huge ``c``: the answer can be far off although no error was raised. The
    residual, relative to ``(||X||_F^2 + alpha) ||w|| + ||X^T y||``, is at rounding level
    for an accurate answer; above ``_RESIDUAL_RTOL`` this raises ``LinAlgError`` (the
    caller falls back to the SVD or reports that alpha is too small).
    """
    xty = X.T @ y
    residual = np.linalg.norm(X.T @ (X @ w) + alpha * w - xty)
    scale = (np.sum(X * X) + alpha) * np.linalg.norm(w) + np.linalg.norm(xty)
    if not residual <= _RESIDUAL_RTOL * scale:
        raise np.linalg.LinAlgError("the factorisation is not accurate at this alpha")
    return w


def _ridge_cholesky(X, y, alpha):
    """Normal equations ``(X^T X + alpha I) w = X^T y``, p x p."""
    gram = X.T @ X
    gram[np.diag_indices_from(gram)] += alpha
    return scipy.linalg.cho_solve(scipy.linalg.cho_factor(gram), X.T @ y)


def _ridge_dual(X, y, alpha):
    """Dual form ``w = X^T (X X^T + alpha I)^{-1} y``, n x n: cheaper when p > n."""
    kernel = X @ X.T
    kernel[np.diag_indices_from(kernel)] += alpha
    return X.T @ scipy.linalg.cho_solve(scipy.linalg.cho_factor(kernel), y)


def _ridge_svd(X, y, alpha):
    return _path_from_spectrum(_spectrum(X), y, np.array([alpha]))[:, 0]


# ---------------------------------------------------------------------------
# Many alphas from one factorisation
# ---------------------------------------------------------------------------

def ridge_path(X, y, alphas):
    r"""Ridge coefficients for many alphas from one thin SVD.

    With ``X = U diag(d) V^T``, the minimiser of
    :math:`\|y - Xw\|_2^2 + \alpha \|w\|_2^2` is

    .. math:: w(\alpha) = V \,\mathrm{diag}\!\left(\frac{d}{d^2 + \alpha}\right) U^T y ,

    so after one SVD each alpha costs only O(r (n + p)).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    alphas : array-like of shape (n_alphas,), each >= 0
        In any order; ``alpha = 0`` gives the minimum-norm least-squares solution.

    Returns
    -------
    coefs : ndarray of shape (n_features, n_alphas)
        Column k solves the problem for ``alphas[k]``; zero columns of ``X`` get
        exactly 0, duplicated columns equal values.

    Examples
    --------
    >>> import numpy as np
    >>> from regkit import ridge, ridge_path
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> y = np.array([1.0, 2.0, 3.0])
    >>> coefs = ridge_path(X, y, [0.0, 1.0, 100.0])
    >>> coefs.round(3)  # one column per alpha: shrinking towards 0
    array([[1.   , 0.875, 0.039],
           [2.   , 1.375, 0.049]])
    >>> np.allclose(coefs[:, 1], ridge(X, y, 1.0))
    True
    """
    X, y = check_X_y(X, y)
    alphas = check_alphas(alphas)
    coefs = np.zeros((X.shape[1], alphas.size))
    keep = _nonzero_columns(X)
    if keep.any():
        sx = pow2_scale(X)  # as in ridge()
        alphas_s = np.minimum(alphas / sx / sx, np.finfo(float).max)
        with np.errstate(over="ignore"):
            ys = check_representable(y / sx, "y / max|X| (the scaled right-hand side)")
        coefs[keep] = _path_from_spectrum(_spectrum(X[:, keep] / sx), ys, alphas_s)
        coefs = check_representable(coefs, "the coefficients")
    return coefs


def ridge_df(X, alpha):
    r"""Effective degrees of freedom of ridge regression.

    .. math::
        \mathrm{df}(\alpha) = \mathrm{tr}\left[X (X^T X + \alpha I)^{-1} X^T\right]
                            = \sum_j \frac{d_j^2}{d_j^2 + \alpha},

    with ``d_j`` the singular values of ``X``. (The source article prints the
    trace with a misplaced parenthesis, ``tr[X(X^T X + λI)^(-1 X^T]``; the
    inverse applies to ``X^T X + λI`` only.) It decreases from ``rank(X)`` at
    ``alpha = 0`` (not ``p``: a rank-deficient or ``p > n`` design has fewer
    than ``p`` degrees of freedom) towards 0 as ``alpha -> inf``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    alpha : float or array-like of floats, each >= 0

    Returns
    -------
    df : float for a scalar ``alpha``, else ndarray shaped like ``alpha`` (1-D)

    Examples
    --------
    >>> import numpy as np
    >>> from regkit import ridge_df
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((10, 3))
    >>> ridge_df(X, 0.0)  # the rank of X at alpha = 0
    3.0
    >>> ridge_df(X, [1.0, 10.0, 1e6]).round(3)  # falls towards 0 as alpha grows
    array([2.357, 1.029, 0.   ])
    >>> ridge_df(np.column_stack([X, X[:, 0]]), 0.0)  # a duplicated column adds no freedom
    3.0
    """
    X = check_array(X, "X", ndim=2)
    scalar = np.ndim(alpha) == 0
    alphas = np.array([check_alpha(alpha)]) if scalar else check_alphas(alpha, name="alpha")
    # singular values of X / sx (a power of two near max|X|): d^2 neither overflows nor
    # underflows, and d^2 / (d^2 + alpha) = d'^2 / (d'^2 + alpha / sx^2)
    sx = pow2_scale(X)
    d = np.linalg.svd(X / sx, compute_uv=False)
    d2 = d[d > _rank_cutoff(d, *X.shape)][:, None] ** 2
    alphas = np.minimum(alphas / sx / sx, np.finfo(float).max)
    df = np.sum(d2 / (d2 + alphas[None, :]), axis=0)
    return float(df[0]) if scalar else df


# ---------------------------------------------------------------------------
# Leave-one-out and generalized cross-validation
# ---------------------------------------------------------------------------

class _HatParts(NamedTuple):
    """What the LOO and GCV formulas need, computed once for all alphas.

    With ``U`` (n, r) spanning the range of ``X`` and ``P = U U^T``:
    ``c = U^T y``; ``out_res = (I - P) y``, the part of ``y`` no alpha can fit;
    ``out_lev = diag(I - P)``; ``lev_one`` marks rows with leverage one at
    ``alpha = 0`` (``out_lev`` is zero up to rounding).
    """

    U: np.ndarray
    d2: np.ndarray
    c: np.ndarray
    out_res: np.ndarray
    out_lev: np.ndarray
    lev_one: np.ndarray


def _hat_parts(X, y, gram_eigen=None):
    n, p = X.shape
    spec = _row_space(X, gram_eigen) if p > n else None
    if spec is None:
        spec = _spectrum(X)
    c = spec.U.T @ y
    out_res = y - spec.U @ c
    out_lev = np.clip(1.0 - np.einsum("ik,ik->i", spec.U, spec.U), 0.0, 1.0)
    # below this, diag(I - P) is rounding noise of the singular vectors, not a real value
    lev_one = out_lev <= 1e3 * max(n, p) * np.finfo(float).eps
    return _HatParts(spec.U, spec.d ** 2, c, out_res, out_lev, lev_one)


# eigh of X X^T gives d^2 with an absolute error of about eps * d_max^2: below this ratio
# d_min^2 / d_max^2 the relative error of the smallest ones would exceed ~1e-10
_ROW_GRAM_MIN_RATIO = 1e-6


def _row_space(X, gram_eigen=None):
    """``U`` and ``d`` from the eigendecomposition of ``X X^T`` when ``p > n``, or ``None``.

    For a wide ``X`` the n x n Gram matrix is much cheaper than the thin SVD (which also
    builds the (n, p) factor ``V^T`` that LOO and GCV never use), and its eigenvectors are
    orthonormal to working precision. Squaring the condition number costs accuracy in the
    small ``d^2`` only, so this is used when every ``d_k^2 >= 1e-6 d_max^2`` (full row
    rank, well conditioned); otherwise ``None`` sends the caller to :func:`_spectrum`.
    """
    # LAPACK syevd, increasing order (reused when the caller already has it)
    lam, U = np.linalg.eigh(X @ X.T) if gram_eigen is None else gram_eigen
    if lam[-1] <= 0.0 or lam[0] < _ROW_GRAM_MIN_RATIO * lam[-1]:
        return None
    # decreasing order, as _spectrum
    return _Spectrum(U[:, ::-1], np.sqrt(lam[::-1]), None)


def _gram_eigen(X):
    """All n eigenpairs of ``K = X X^T`` (``p > n``): ``(lam, U)``, ``lam`` increasing, >= 0.

    For ``alpha > 0`` every LOO and GCV quantity is a function of the resolvent
    ``(K + alpha I)^{-1} = U diag(1 / (lam + alpha)) U^T``, whatever the rank of ``X``
    (centred data has rank ``n - 1``). eigh returns ``U`` orthonormal to working precision
    and each ``lam_k`` with an absolute error of about ``eps * lam_max``, so
    ``1 / (lam_k + alpha)`` is accurate to ``eps * lam_max / alpha`` relative: see
    :func:`_resolvent_alphas`.
    """
    lam, U = np.linalg.eigh(X @ X.T)  # X X^T by one BLAS syrk; LAPACK syevd
    return np.maximum(lam, 0.0), U  # negative values are rounding of zero eigenvalues


def _resolvent_alphas(lam, alphas):
    """Mask of the alphas the resolvent route answers to ~1e-10 relative accuracy:
    ``alpha >= 1e-6 lam_max`` (and ``alpha > 0``; for X = 0 every positive alpha)."""
    return (alphas > 0.0) & (alphas >= _ROW_GRAM_MIN_RATIO * lam[-1])


def _resolvent_loo_residuals(lam, U, y, alphas, fit_intercept=False):
    r"""LOO residuals ``(n, n_alphas)`` from the eigendecomposition of ``K = X X^T``.

    Since ``I - H = alpha (K + alpha I)^{-1}``, the LOO residual
    ``[(I - H) y]_i / (I - H)_{ii}`` is ``[(K + aI)^{-1} y]_i / [(K + aI)^{-1}]_{ii}``:
    ``alpha`` cancels, and no leverage is computed as one minus something near one.
    With an unpenalized intercept (``X``, ``y`` centred, so the constant vector is in the
    null space of ``K``), ``I - H = P alpha (K + alpha I)^{-1}`` with ``P = I - 11^T/n``,
    which subtracts ``1 / (n alpha)`` from each diagonal entry (and nothing from the
    numerator, ``y`` being centred).
    """
    weight = 1.0 / (lam[:, None] + alphas[None, :])  # (n, n_alphas)
    c = U.T @ y
    num = U @ (weight * c[:, None])
    den = (U * U) @ weight
    if fit_intercept:
        den -= 1.0 / (U.shape[0] * alphas[None, :])
    return num / den


def _loo_mse(parts, alphas):
    r"""Mean squared leave-one-out residual ``y_i - x_i^T w_{(-i)}(alpha)`` for every alpha.

    ``I - H = (I - P) + U diag(f) U^T`` with ``f = alpha / (d^2 + alpha)``, so
    the shortcut ``e_i / (1 - H_ii)`` reads
    ``[out_res + U (f c)]_i / [out_lev + (U*U) f]_i``: every term is
    non-negative in the denominator, nothing cancels. Stacking ``f`` for all alphas as
    columns turns both into one matrix product each.

    A row with leverage one at ``alpha = 0`` (always the case when ``p >= n``
    and ``X`` has full row rank) has ``out_res_i = out_lev_i = 0``, so
    ``alpha`` factors out of both numerator and denominator:

    .. math:: r_i = \frac{[U \,\mathrm{diag}(1/(d^2+\alpha))\, c]_i}
                         {[(U \circ U)\, (1/(d^2+\alpha))]_i}
                  = \frac{[(X X^T + \alpha I)^{-1} y]_i}{[(X X^T + \alpha I)^{-1}]_{ii}} ,

    which stays finite at ``alpha = 0``. That value is the limit ``alpha -> 0+``
    and equals the brute-force refit with the minimum-norm least-squares
    solution on the other n - 1 rows.
    """
    d2, c, one = parts.d2[:, None], parts.c[:, None], parts.lev_one
    a = alphas[None, :]
    sq_sum = np.zeros(alphas.shape[0])
    if not np.all(one):
        U = parts.U[~one]
        filt = a / (d2 + a)  # d2 > 0 after the rank cut
        res = ((parts.out_res[~one, None] + U @ (filt * c))
               / (parts.out_lev[~one, None] + (U * U) @ filt))
        sq_sum += np.einsum("ik,ik->k", res, res)
    if np.any(one):
        U = parts.U[one]
        weight = 1.0 / (d2 + a)
        res = (U @ (weight * c)) / ((U * U) @ weight)
        sq_sum += np.einsum("ik,ik->k", res, res)
    return sq_sum / parts.U.shape[0]


def ridge_loo(X, y, alphas):
    r"""Exact leave-one-out mean squared error of ridge for each alpha.

    For each alpha, the mean over i of :math:`(y_i - x_i^T \hat w_{(-i)})^2`,
    where :math:`\hat w_{(-i)}` minimises
    :math:`\sum_{k \ne i} (y_k - x_k^T w)^2 + \alpha \|w\|_2^2`. No refit is
    needed: the LOO residual is

    .. math:: y_i - x_i^T \hat w_{(-i)} = \frac{e_i}{1 - H_{ii}},
              \qquad H = X (X^T X + \alpha I)^{-1} X^T,\quad e = y - H y ,

    and every alpha is evaluated from one factorisation,
    ``H = U diag(d^2/(d^2+alpha)) U^T``: the thin SVD ``X = U diag(d) V^T`` (the
    eigendecomposition of ``X X^T`` computed without forming it), or, when ``p > n``
    and ``X`` is well conditioned (every ``d_k^2 >= 1e-6 d_max^2``), the
    eigendecomposition of the n x n matrix ``X X^T`` itself, which is far cheaper.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    alphas : array-like of shape (n_alphas,), each >= 0

    Returns
    -------
    mse : ndarray of shape (n_alphas,)

    Notes
    -----
    ``alpha = 0`` is defined as the limit ``alpha -> 0+``, which equals
    leave-one-out with minimum-norm least-squares refits. Rows with
    ``H_ii = 1`` at ``alpha = 0`` (every row when ``p >= n`` and ``X`` has full
    row rank: the fit interpolates) would make the shortcut 0/0; for them the
    residual is computed as ``[(X X^T)^+ y]_i / [(X X^T)^+]_ii`` instead, the
    same limit. Leverages within ``1000 * max(n, p) * eps`` of one count as
    exactly one, and singular values at or below ``max(n, p) * eps * d_max``
    count as zero.

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.datasets import make_correlated_regression
    >>> X, y, w_true = make_correlated_regression(20, 3, n_informative=2, noise=0.5, seed=0)
    >>> w_true  # feature 1 is irrelevant
    array([ 2.,  0., -1.])
    >>> from regkit import ridge, ridge_loo
    >>> loo = ridge_loo(X, y, [0.1, 10.0])
    >>> loo.round(3)
    array([0.334, 1.354])
    >>> # brute force: refit without row i, predict row i
    >>> def brute(alpha):
    ...     errors = [y[i] - X[i] @ ridge(np.delete(X, i, 0), np.delete(y, i), alpha) for i in range(20)]
    ...     return np.mean(np.square(errors))
    >>> np.allclose(loo, [brute(0.1), brute(10.0)])
    True
    """
    X, y = check_X_y(X, y)
    alphas = check_alphas(alphas)
    n, p = X.shape
    if p <= n:
        return _loo_mse(_hat_parts(X, y), alphas)
    # p > n: every alpha > 0 (not tiny against lam_max) from the n x n eigendecomposition,
    # whatever the rank; the rest (alpha = 0, tiny alphas) from the thin SVD
    lam, U = _gram_eigen(X)
    fast = _resolvent_alphas(lam, alphas)
    out = np.empty(alphas.shape[0])
    if np.any(fast):
        res = _resolvent_loo_residuals(lam, U, y, alphas[fast])
        out[fast] = np.einsum("ik,ik->k", res, res) / n
    if not np.all(fast):
        out[~fast] = _loo_mse(_hat_parts(X, y, gram_eigen=(lam, U)), alphas[~fast])
    return out


def ridge_gcv(X, y, alphas):
    r"""Generalized cross-validation score of ridge for each alpha.

    .. math:: \mathrm{GCV}(\alpha) = \frac{\frac1n \|y - H y\|^2}{(1 - \mathrm{tr}(H)/n)^2},
              \qquad H = X (X^T X + \alpha I)^{-1} X^T ,

    i.e. the LOO shortcut with every leverage ``H_ii`` replaced by their mean
    ``df / n``. All alphas come from one thin SVD of ``X`` (see :func:`ridge_loo`).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    alphas : array-like of shape (n_alphas,), each >= 0

    Returns
    -------
    gcv : ndarray of shape (n_alphas,)

    Notes
    -----
    When ``rank(X) = n`` (e.g. ``p >= n``) the fit at ``alpha = 0``
    interpolates and the formula is 0/0. Writing ``1 - H = U diag(alpha / (d^2 + alpha)) U^T``
    and cancelling alpha gives
    ``n * sum_k (c_k / (d_k^2 + alpha))^2 / (sum_k 1 / (d_k^2 + alpha))^2``
    with ``c = U^T y``, which is used for every alpha in that case and is
    finite at ``alpha = 0`` (the limit ``alpha -> 0+``).

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.datasets import make_correlated_regression
    >>> X, y, w_true = make_correlated_regression(20, 3, n_informative=2, noise=0.5, seed=0)
    >>> w_true  # feature 1 is irrelevant
    array([ 2.,  0., -1.])
    >>> from regkit import ridge_df, ridge_gcv, ridge_path
    >>> gcv = ridge_gcv(X, y, [0.1, 10.0, 1000.0])
    >>> gcv.round(3)  # smallest near the best alpha, large when ridge shrinks too much
    array([0.35 , 1.189, 4.946])
    >>> # the definition: training MSE over (1 - df / n)^2
    >>> fit_mse = np.mean((y[:, None] - X @ ridge_path(X, y, [10.0])) ** 2)
    >>> bool(np.isclose(gcv[1], fit_mse / (1 - ridge_df(X, 10.0) / 20) ** 2))
    True
    """
    X, y = check_X_y(X, y)
    alphas = check_alphas(alphas)
    n, p = X.shape
    out = np.empty(alphas.shape[0])
    fast = np.zeros(alphas.shape[0], dtype=bool)
    gram_eigen = None
    if p > n:
        # as in ridge_loo: for alpha > 0, I - H = alpha U diag(1/(lam + alpha)) U^T over
        # all n eigenvectors of X X^T, so the alpha-free form below holds at any rank
        lam, U = gram_eigen = _gram_eigen(X)
        fast = _resolvent_alphas(lam, alphas)
        if np.any(fast):
            out[fast] = _alpha_free_gcv(lam, U.T @ y, alphas[fast], n)
        if np.all(fast):
            return out
    out[~fast] = _gcv_from_parts(_hat_parts(X, y, gram_eigen=gram_eigen), alphas[~fast], n)
    return out


def _alpha_free_gcv(d2, c, alphas, n):
    """``n sum_k (c_k w_k)^2 / (sum_k w_k)^2`` with ``w_k = 1 / (d2_k + alpha)``, per alpha.

    The ratio does not change when every ``w_k`` is multiplied by the same number: they are
    taken relative to the largest, so each is in (0, 1] and neither the squares nor the sums
    over- or underflow (``d2`` near 1e-300 with ``alpha`` near 1e300 or 5e-324 gave 0/0).
    """
    denom = d2[:, None] + alphas[None, :]
    weight = denom.min(axis=0) / denom
    return n * np.sum((weight * c[:, None]) ** 2, axis=0) / np.sum(weight, axis=0) ** 2


def _gcv_from_parts(parts, alphas, n):
    """GCV for every alpha from the thin factorisation (see :func:`ridge_gcv`)."""
    d2, c = parts.d2[:, None], parts.c[:, None]
    if d2.shape[0] == n:  # interpolating at alpha = 0: use the alpha-free form
        return _alpha_free_gcv(parts.d2, parts.c, alphas, n)
    filt = alphas[None, :] / (d2 + alphas[None, :])
    residual = parts.out_res[:, None] + parts.U @ (filt * c)  # y - H y, one column per alpha
    one_minus_df_over_n = (n - d2.shape[0] + filt.sum(axis=0)) / n
    return np.mean(residual ** 2, axis=0) / one_minus_df_over_n ** 2


def loo_residuals_wide(Xc, yc, alphas, fit_intercept):
    """LOO residuals ``(n, n_alphas)`` of ridge for ``p > n``, or ``None`` if not applicable.

    For ``RidgeCV``'s leave-one-out: ``Xc``, ``yc`` centred when ``fit_intercept`` (the
    intercept is then refitted in every fold). Answers from one eigendecomposition of the
    n x n matrix ``Xc Xc^T`` (see :func:`_resolvent_loo_residuals`) when ``p > n`` and every
    alpha passes :func:`_resolvent_alphas`; otherwise ``None`` (use the thin SVD).
    """
    n, p = Xc.shape
    if p <= n:
        return None
    lam, U = _gram_eigen(Xc)
    if not np.all(_resolvent_alphas(lam, alphas)):
        return None
    return _resolvent_loo_residuals(lam, U, yc, alphas, fit_intercept)
