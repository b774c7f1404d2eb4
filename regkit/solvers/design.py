"""The data a coordinate-descent solve works on, in the two layouts the sweep reads.

* :class:`Design`: a plain dense ``(X, y)`` (the functional API: no weights, no centring).
* :class:`LinearDesign`: ``(X, y)`` with sample weights folded into the rows and,
  with an intercept, the columns centred at their weighted means: explicitly for a dense
  ``X``, implicitly for a sparse one (never densified, see
  :mod:`regkit.solvers._cd_kernels`).

Both give the driver (:func:`regkit.solvers.coordinate_descent.coordinate_descent`) the same
few things: ``n``, ``p``, ``ys`` and ``yy = ||ys||^2``, ``col_sq = ||A_j||^2 / n``, the
residual ``ys - A w``, the correlations ``A^T R``, the kernel's layout tuple and its
residual state, and a cached basis of a set of columns' span.
"""

import copy

import numpy as np
import scipy.sparse as sp

from regkit.penalties import range_basis

__all__ = ["Design", "LinearDesign"]


class _Bases:
    """Orthonormal bases of column subsets' spans, cached by mask (unpenalized columns)."""

    def basis(self, mask):
        """Orthonormal basis of the span of the columns in ``mask`` (cached)."""
        cache = self.__dict__.setdefault("_bases", {})
        key = mask.tobytes()
        if key not in cache:
            cache[key] = range_basis(self.columns(mask))
        return cache[key]

    def kernel_residual(self, w):
        """``(R, R_kernel, state)``: the residual at ``w``, the array the sweep updates and its
        scalar state (the same array and zeros for a dense layout)."""
        R = self.residual(w)
        return R, R, np.zeros(2)


class Design(_Bases):
    """A validated dense ``(X, y)`` with what every solve reuses: Fortran-ordered ``X``
    (columns contiguous for the kernels), ``||X_j||^2 / n`` and ``||y||^2``.

    Paths build it once and solve many times with warm starts. ``X`` is given in either
    contiguous layout; the Fortran copy and ``col_sq`` are made on first use only, because
    the Gram route of :func:`~regkit.solvers.coordinate_descent.enet_path_cd` (n > p) needs
    neither: ``X^T X`` is as fast from either layout, and copying a 50,000 x 200 matrix
    costs as much as forming it.
    """

    sparse = False

    def __init__(self, X, y):
        self.X_any = np.asarray(X, dtype=np.float64)
        if not (self.X_any.flags.c_contiguous or self.X_any.flags.f_contiguous):
            self.X_any = np.asfortranarray(self.X_any)
        self.y = np.ascontiguousarray(y, dtype=np.float64)
        self.n, self.p = self.X_any.shape
        self.yy = float(self.y @ self.y)
        self._X = None
        self._col_sq = None
        self._xty = None
        self._group_lipschitz = {}

    @classmethod
    def scaled(cls, X, y, sx, sy):
        """The design of ``(X / sx, y / sy)`` (powers of two from
        :func:`regkit.certificates.data_scales`); at scales 1, of ``X`` itself, not a copy."""
        return cls(X, y) if (sx, sy) == (1.0, 1.0) else cls(X / sx, y / sy)

    @property
    def X(self):
        """``X`` in Fortran order (a copy only if it was given in C order)."""
        if self._X is None:
            self._X = np.asfortranarray(self.X_any)
        return self._X

    @property
    def ys(self):
        """The response (no weights here)."""
        return self.y

    @property
    def col_sq(self):
        """``||X_j||^2 / n`` per column."""
        if self._col_sq is None:
            self._col_sq = np.einsum("ij,ij->j", self.X_any, self.X_any) / self.n
        return self._col_sq

    @property
    def xty(self):
        """``X^T y`` (cached: the path's ``alpha_max`` and its solver both need it)."""
        if self._xty is None:
            self._xty = self.X_any.T @ self.y
        return self._xty

    def set_col_sq(self, col_sq):
        """Record ``||X_j||^2 / n`` computed elsewhere (the diagonal of ``X^T X / n``)."""
        if self._col_sq is None:
            self._col_sq = col_sq

    def layout(self):
        """The sweep's layout tuple."""
        return (self.X,)

    def residual(self, w):
        """``y - X w``."""
        return self.y - self.X @ w if np.any(w) else self.y.copy()

    def correlations(self, R):
        """``X^T R``."""
        return self.X.T @ R

    def columns(self, mask):
        """The columns in ``mask``."""
        return self.X[:, mask]

    def group_lipschitz(self, indptr, indices):
        """``||X_g||_2^2 / n`` per block (cached): the block step sizes."""
        key = (indptr.tobytes(), indices.tobytes())
        if key not in self._group_lipschitz:
            L = np.empty(indptr.shape[0] - 1)
            for g in range(L.shape[0]):
                cols = indices[indptr[g]:indptr[g + 1]]
                if cols.shape[0] == 1:
                    L[g] = self.col_sq[cols[0]]
                else:
                    L[g] = np.linalg.norm(self.X[:, cols], 2) ** 2 / self.n
            self._group_lipschitz[key] = L
        return self._group_lipschitz[key]


class LinearDesign(_Bases):
    """Weighted, implicitly centred ``(X, y)``: the design of the estimators' bounded,
    feature-weighted, sample-weighted and sparse fits.

    Minimising over it means ``(1/(2n)) ||ys - A w||^2 + pen(w)`` with ``A`` the weighted,
    centred design.

    Parameters
    ----------
    X : ndarray or scipy.sparse matrix (n, p)
    y : ndarray (n,)
    sample_weight : ndarray (n,), optional
        Row weights (> = 0) on the scale of the objective above (the estimators rescale
        them first, e.g. to sum to ``n`` as scikit-learn's Lasso does); they enter as row
        scalings by ``s = sqrt(sample_weight)``.
    fit_intercept : bool
        Centre at the weighted means (explicitly for dense ``X``, implicitly for sparse).
    """

    def __init__(self, X, y, sample_weight=None, fit_intercept=True):
        n, p = X.shape
        self.n, self.p = n, p
        sw = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        self.s = np.sqrt(sw)
        self.sparse = sp.issparse(X)
        self._fit_intercept = bool(fit_intercept)
        total = float(sw.sum())
        if fit_intercept:
            if self.sparse:
                self.x_mean = np.asarray(X.T @ sw).ravel() / total
            else:
                self.x_mean = sw @ X / total
            self.y_mean = float(sw @ y / total)
        else:
            self.x_mean = np.zeros(p)
            self.y_mean = 0.0
        self.ys = self.s * (y - self.y_mean)
        self.yy = float(self.ys @ self.ys)
        if self.sparse:
            Xs = sp.csc_matrix(sp.diags(self.s) @ X, dtype=np.float64)
            Xs.sort_indices()
            self.Xs = Xs
            self.ss = total
            self.xs_s = np.asarray(Xs.T @ self.s).ravel()
            sq = np.asarray(Xs.multiply(Xs).sum(axis=0)).ravel()
            m = self.x_mean
            self.col_sq = np.maximum(sq - 2 * m * self.xs_s + m * m * self.ss, 0.0) / n
        else:
            self.A = np.asfortranarray(self.s[:, None] * (X - self.x_mean), dtype=np.float64)
            self.col_sq = np.einsum("ij,ij->j", self.A, self.A) / n

    def retarget(self, y):
        """The same design with another response (multi-output fits share the X work)."""
        other = copy.copy(self)
        total = self.s @ self.s
        if self._fit_intercept:
            other.y_mean = float((self.s * self.s) @ y / total)
        other.ys = self.s * (y - other.y_mean)
        other.yy = float(other.ys @ other.ys)
        return other

    def layout(self):
        """The sweep's layout tuple: dense ``(A,)`` or the implicitly centred CSC parts."""
        if self.sparse:
            Xs = self.Xs
            return (Xs.data, Xs.indices, Xs.indptr, self.x_mean, self.xs_s, float(self.ss))
        return (self.A,)

    def kernel_residual(self, w):
        if not self.sparse:
            return super().kernel_residual(w)
        R = self.residual(w)
        c = self._mean_dot(w)
        Rt = R - c * self.s
        return R, Rt, np.array([c, self.s @ Rt])

    def residual(self, w):
        """``ys - A w``."""
        if self.sparse:
            return self.ys - self.Xs @ w + self._mean_dot(w) * self.s
        return self.ys - self.A @ w

    def _mean_dot(self, w):
        """``x_mean . w`` over the non-zero ``w_j`` only: along a sparse path ``w`` has few,
        and a BLAS dot over all p columns can cost milliseconds on a loaded machine."""
        nz = np.flatnonzero(w)
        return float(self.x_mean[nz] @ w[nz])

    def correlations(self, R):
        """``A^T R``."""
        if self.sparse:
            return self.Xs.T @ R - self.x_mean * (self.s @ R)
        return self.A.T @ R

    def columns(self, mask):
        """The centred, weighted columns in ``mask`` as a dense (n, k) array."""
        if self.sparse:
            cols = self.Xs[:, np.flatnonzero(mask)].toarray()
            return cols - self.s[:, None] * self.x_mean[mask]
        return self.A[:, mask]

    def subset(self, cols):
        """The same design restricted to the columns ``cols`` (a working set): the
        residual of ``w`` supported on ``cols`` is the same in both."""
        sub = copy.copy(self)
        sub.__dict__.pop("_bases", None)
        sub.p = cols.shape[0]
        sub.x_mean, sub.col_sq = self.x_mean[cols], self.col_sq[cols]
        if self.sparse:
            sub.Xs, sub.xs_s = self.Xs[:, cols], self.xs_s[cols]
        else:
            sub.A = self.A[:, cols]
        return sub

    def intercept(self, w):
        """The unpenalized intercept that goes with ``w``."""
        return self.y_mean - self.x_mean @ w
