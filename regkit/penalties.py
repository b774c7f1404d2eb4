"""Penalties for the lasso family, each a small object the solvers are written against.

A penalty here has the form

    pen(w) = h(w) + sum_j (b_j / 2) * w_j^2

where ``h`` is positively homogeneous (a weighted L1 norm or a sum of group
norms) and the quadratic part is separable. Every penalty knows

* its value, ``value(w)``;
* its proximal operator, ``prox(z, step) = argmin_w ||w - z||^2 / (2 step) + pen(w)``;
* how far ``-grad`` is from its subdifferential at ``w``, ``subdiff_distance(w, grad)``
  (the KKT violation of ``min_w f(w) + pen(w)`` when ``grad`` is the gradient of ``f``);
* ``alpha_max(X, y)``, the smallest ``alpha`` whose solution of
  ``(1/(2n)) ||y - Xw||^2 + pen(w)`` has every L1-penalized coordinate at zero;
* what the solvers need: the dual norm of ``h`` (for the duality gap), the quadratic
  weights ``b_j`` (moved into the smooth term), and which coordinate-descent step applies
  (``cd_step``, one of the steps of :mod:`regkit.solvers._cd_kernels`): ``"soft"``
  (soft-threshold at ``thresholds(p)`` then divide by ``||X_j||^2 / n + b_j``), ``"box"``
  (the same, clipped to ``bounds(p)``), ``"group"`` (block soft thresholding), ``"mcp"``
  or ``"scad"``.

So adding a penalty means adding one class (and at most one step kind): coordinate
descent, ISTA/FISTA and the duality gap do not change ("only the penalty changed").

The non-convex penalties SCAD and MCP (``convex = False``)
follow the same interface except the duality gap, which a non-convex problem does not
have: coordinate descent applies their closed-form one-dimensional minimiser
(:meth:`SCAD.threshold`, :meth:`MCP.threshold`) and certifies a stationary point by
the KKT violation instead.
"""

import numbers

import numpy as np

from regkit._validation import as_real_array, check_alpha, check_l1_ratio, check_scalar

__all__ = ["soft_threshold", "Penalty", "L1", "L2", "ElasticNetPenalty", "WeightedL1", "GroupL1",
           "SCAD", "MCP", "make_penalty"]


def soft_threshold(z, t):
    """Soft thresholding, the proximal operator of ``t * |.|``, elementwise.

    ``soft_threshold(z, t) = sign(z) * max(|z| - t, 0)``, the minimiser of
    ``(1/2) (w - z)^2 + t |w|``: values within ``t`` of zero become exactly zero,
    the others move ``t`` towards zero.

    Parameters
    ----------
    z : float or array-like
        Values to threshold.
    t : float or array-like, broadcastable against ``z``
        Thresholds, ``t >= 0``. ``t = inf`` maps everything to 0.

    Returns
    -------
    float or ndarray
        A float when both inputs are scalars, otherwise an array of the broadcast shape.

    Examples
    --------
    >>> from regkit import soft_threshold
    >>> soft_threshold([-3.0, -0.5, 0.0, 2.0], 1.0)
    array([-2.,  0.,  0.,  1.])
    """
    z_arr = as_real_array(z, "z")
    t_arr = as_real_array(t, "t")
    if np.any(np.isnan(z_arr)):
        raise ValueError("z contains NaN")
    if np.any(np.isnan(t_arr)) or np.any(t_arr < 0):
        raise ValueError(f"t must be non-negative (and not NaN), got minimum {np.min(t_arr)}")
    try:
        # |z| <= t gives exactly 0, also for z = t = inf (where |z| - t would be NaN)
        with np.errstate(invalid="ignore"):
            shrunk = np.where(np.abs(z_arr) <= t_arr, 0.0, np.abs(z_arr) - t_arr)
        out = np.sign(z_arr) * shrunk
    except ValueError as exc:
        raise ValueError(f"z and t have shapes that do not broadcast: {exc}") from exc
    out = out + 0.0  # turns the -0.0 that sign(z) * 0 gives for negative z into 0.0
    if out.ndim == 0:
        return float(out)
    return out


def range_basis(A):
    """Orthonormal basis (n, r) of the column space of ``A`` (n, k), rank-revealing.

    The duality gap uses it to project the dual point onto the orthogonal complement
    of the unpenalized columns, where the dual problem asks it to live.
    """
    if A.shape[1] == 0:
        return np.zeros((A.shape[0], 0))
    U, s, _ = np.linalg.svd(A, full_matrices=False)
    if s.size == 0 or s[0] == 0.0:
        return np.zeros((A.shape[0], 0))
    rank = int(np.sum(s > s[0] * max(A.shape) * np.finfo(float).eps))
    return U[:, :rank]


def project_out(basis, v):
    """``v`` minus its orthogonal projection onto the span of ``basis``."""
    if basis is None or basis.shape[1] == 0:
        return v
    return v - basis @ (basis.T @ v)


class Penalty:
    """Interface shared by all penalties (see the module docstring).

    Subclasses set ``alpha`` and ``cd_step`` and implement the methods below.

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.penalties import L1, Penalty, make_penalty
    >>> pen = make_penalty(0.5)
    >>> isinstance(pen, Penalty), pen
    (True, L1(alpha=0.5))
    >>> pen.value(np.array([1.0, -2.0]))
    1.5
    >>> pen.prox(np.array([1.0, -0.2]), step=1.0)  # soft thresholding at step * alpha
    array([0.5, 0. ])
    >>> pen.subdiff_distance(np.zeros(2), np.array([0.3, 0.8]))  # KKT violation at w = 0
    array([0. , 0.3])
    """

    cd_step = "soft"
    convex = True

    def value(self, w):
        """Penalty value at ``w``."""
        raise NotImplementedError

    def prox(self, z, step):
        """Proximal operator ``argmin_w ||w - z||^2 / (2 step) + pen(w)``."""
        raise NotImplementedError

    def subdiff_distance(self, w, grad):
        """Per-coordinate distance of ``-grad`` to the subdifferential of ``pen`` at ``w``."""
        raise NotImplementedError

    def alpha_max(self, X, y):
        """Smallest ``alpha`` at which every penalized coordinate of the solution is 0."""
        raise NotImplementedError

    def dual_norm(self, u):
        """Dual norm of the homogeneous part ``h``, over the coordinates ``h`` penalizes.

        A dual point ``theta`` is feasible when ``dual_norm(X^T theta - b * w) <= 1``
        (and ``X_j^T theta = 0`` on unpenalized coordinates).
        """
        raise NotImplementedError

    def quadratic(self, p):
        """Weights ``b_j`` (length ``p``) of the separable quadratic part."""
        return np.zeros(p)

    def bounds(self, p):
        """``(lower, upper)`` per coordinate (none: ``-inf``, ``inf``)."""
        return np.full(p, -np.inf), np.full(p, np.inf)

    def unpenalized(self, p):
        """Boolean mask of coordinates with no penalty at all (``h_j = 0`` and ``b_j = 0``)."""
        raise NotImplementedError

    def check_n_features(self, p):
        """Raise ``ValueError`` if the penalty cannot apply to ``p`` coefficients."""

    def with_alpha(self, alpha):
        """The same penalty with another ``alpha`` (used along paths)."""
        raise NotImplementedError

    def __repr__(self):
        return f"{type(self).__name__}(alpha={self.alpha!r})"


class _Separable(Penalty):
    """``pen(w) = alpha * sum_j c_j |w_j| + sum_j (b_j / 2) w_j^2``: one coordinate at a time.

    Subclasses define ``l1_weights(p)`` (the ``c_j``, possibly ``inf``) and ``quadratic(p)``.
    """

    def l1_weights(self, p):
        raise NotImplementedError

    def thresholds(self, p):
        """Per-coordinate L1 thresholds ``t_j = alpha * c_j`` (``inf`` fixes ``w_j = 0``)."""
        # solvers ask for these at every gap check; a penalty never changes, so keep them
        cached = self.__dict__.get("_thresholds")
        if cached is not None and cached.shape[0] == p:
            return cached
        c = self.l1_weights(p)
        # alpha = 0 with an infinite weight would give nan; the coordinate stays fixed at 0
        with np.errstate(invalid="ignore"):
            t = np.where(c == np.inf, np.inf, self.alpha * c)
        t.flags.writeable = False
        self._thresholds = t
        return t

    def value(self, w):
        w = np.asarray(w, dtype=float)
        t = self.thresholds(w.shape[0])
        b = self.quadratic(w.shape[0])
        absw = np.abs(w)
        # 0 * inf is 0 here: a coordinate fixed at zero costs nothing
        with np.errstate(invalid="ignore"):
            l1 = np.sum(np.where(absw > 0, t * absw, 0.0))
        return float(l1 + 0.5 * np.sum(b * w * w))

    def prox(self, z, step):
        z = np.asarray(z, dtype=float)
        t = self.thresholds(z.shape[0])
        b = self.quadratic(z.shape[0])
        return soft_threshold(z, step * t) / (1.0 + step * b)

    def subdiff_distance(self, w, grad):
        w = np.asarray(w, dtype=float)
        grad = np.asarray(grad, dtype=float)
        t = self.thresholds(w.shape[0])
        b = self.quadratic(w.shape[0])
        u = -grad - b * w
        # at w_j != 0 the subdifferential is the point t_j sign(w_j) + b_j w_j,
        # at w_j = 0 it is the interval [-t_j, t_j]
        with np.errstate(invalid="ignore"):
            off = np.abs(u - t * np.sign(w))
            at_zero = np.maximum(np.abs(u) - t, 0.0)
        return np.where(w != 0, off, at_zero)

    def dual_norm(self, u):
        u = np.asarray(u, dtype=float)
        t = self.thresholds(u.shape[0])
        pos = t > 0
        if not np.any(pos):
            return 0.0
        return float(np.max(np.abs(u[pos]) / t[pos]))

    def unpenalized(self, p):
        return (self.thresholds(p) == 0) & (self.quadratic(p) == 0)

    def alpha_max(self, X, y, xty=None):
        """See :meth:`Penalty.alpha_max`; ``xty``, when given, is ``X^T y`` already
        computed (used when no column is unpenalized)."""
        X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
        n, p = X.shape
        self.check_n_features(p)
        c = self.l1_weights(p)
        b = self.quadratic(p)
        free = (c == 0) & (b == 0)
        if np.any(free):
            # the free columns absorb what they can of y before the penalized ones start
            corr = np.abs(X.T @ project_out(range_basis(X[:, free]), y)) / n
        else:
            corr = np.abs(X.T @ y if xty is None else xty) / n
        l1 = (c > 0) & np.isfinite(c)
        if not np.any(l1):
            if np.any(b > 0) and np.any(corr[b > 0] > 0):
                return np.inf  # a pure L2 penalty never zeroes a coefficient
            return 0.0
        return float(np.max(corr[l1] / c[l1]))


class L1(_Separable):
    """Lasso penalty ``alpha * ||w||_1``.

    Parameters
    ----------
    alpha : float
        Strength, ``alpha >= 0``.

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.penalties import L1
    >>> pen = L1(0.5)
    >>> pen.value(np.array([1.0, -2.0]))
    1.5
    >>> pen.prox(np.array([2.0, 0.3, -1.0]), step=1.0)
    array([ 1.5,  0. , -0.5])
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> pen.alpha_max(X, np.array([3.0, 1.0]))  # max_j |X_j^T y| / n
    1.5
    """

    def __init__(self, alpha):
        self.alpha = check_alpha(alpha)

    def l1_weights(self, p):
        return np.ones(p)

    def with_alpha(self, alpha):
        return L1(alpha)


class L2(_Separable):
    """Squared L2 penalty ``(alpha / 2) * ||w||_2^2``.

    Note the factor 1/2: this is the L2 part of the elastic net on the ``1/(2n)``
    loss scale (``ElasticNetPenalty(alpha, 0)``), not ridge's ``alpha ||w||^2``
    on the un-normalized loss. Its ``alpha_max`` is ``inf`` (it never zeroes a
    coefficient) unless ``X^T y = 0``.

    Parameters
    ----------
    alpha : float
        Strength, ``alpha >= 0``.

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.penalties import L2
    >>> pen = L2(2.0)
    >>> pen.value(np.array([1.0, -2.0]))  # (alpha / 2) * ||w||^2
    5.0
    >>> pen.prox(np.array([3.0, 0.3]), step=1.0)  # shrinks by 1 / (1 + step * alpha), never to 0
    array([1. , 0.1])
    """

    def __init__(self, alpha):
        self.alpha = check_alpha(alpha)

    def l1_weights(self, p):
        return np.zeros(p)

    def quadratic(self, p):
        return np.full(p, self.alpha)

    def with_alpha(self, alpha):
        return L2(alpha)


class ElasticNetPenalty(_Separable):
    """Elastic-net penalty ``alpha * l1_ratio * ||w||_1 + (alpha * (1 - l1_ratio) / 2) * ||w||^2``.

    Parameters
    ----------
    alpha : float
        Strength, ``alpha >= 0``.
    l1_ratio : float
        Mixing parameter in [0, 1]: 1 is the lasso, 0 is ``L2(alpha)``.

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.penalties import ElasticNetPenalty
    >>> pen = ElasticNetPenalty(1.0, l1_ratio=0.5)
    >>> pen.value(np.array([1.0, -2.0]))  # 0.5 * 3 + 0.25 * 5
    2.75
    >>> pen.prox(np.array([3.0, 0.3]), step=1.0).round(4)  # soft threshold at 0.5, divide by 1.5
    array([1.6667, 0.    ])
    """

    def __init__(self, alpha, l1_ratio=0.5):
        self.alpha = check_alpha(alpha)
        self.l1_ratio = check_l1_ratio(l1_ratio)

    def l1_weights(self, p):
        return np.full(p, self.l1_ratio)

    def quadratic(self, p):
        return np.full(p, self.alpha * (1.0 - self.l1_ratio))

    def with_alpha(self, alpha):
        return ElasticNetPenalty(alpha, self.l1_ratio)

    def __repr__(self):
        return f"ElasticNetPenalty(alpha={self.alpha!r}, l1_ratio={self.l1_ratio!r})"


def check_weights(weights, p=None):
    """Validate L1 weights: 1-D, numeric, ``>= 0``, no NaN (``+inf`` allowed), length ``p``."""
    if weights is None:
        raise ValueError("weights must be an array of non-negative numbers, got None")
    arr = np.asarray(weights)
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or np.issubdtype(arr.dtype, np.bool_)
    ) or np.issubdtype(arr.dtype, np.complexfloating):
        raise ValueError(f"weights must be real and numeric, got dtype {arr.dtype}")
    arr = arr.astype(np.float64)
    if arr.ndim != 1:
        raise ValueError(f"weights must be 1-D with one entry per feature, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError("weights is empty")
    if np.any(np.isnan(arr)):
        raise ValueError("weights contains NaN")
    if np.any(arr < 0):
        raise ValueError(f"weights must be non-negative, got minimum {arr.min()}")
    if p is not None and arr.shape[0] != p:
        raise ValueError(f"weights has length {arr.shape[0]}, expected n_features = {p}")
    return arr


class WeightedL1(_Separable):
    """Weighted lasso penalty ``alpha * sum_j weights_j |w_j|`` (the adaptive lasso's).

    A weight of 0 leaves the coordinate unpenalized; a weight of ``+inf`` fixes it
    at 0. With unpenalized coordinates, ``alpha_max`` is the smallest ``alpha`` at
    which every *penalized* coordinate is zero (the unpenalized ones then hold the
    least-squares fit on their columns).

    Parameters
    ----------
    alpha : float
        Strength, ``alpha >= 0``.
    weights : array-like of shape (n_features,)
        Non-negative per-coordinate weights, ``+inf`` allowed.

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.penalties import WeightedL1
    >>> pen = WeightedL1(1.0, [0.0, 1.0, np.inf])
    >>> pen.prox(np.array([0.5, 0.5, 5.0]), step=1.0)  # free, thresholded, fixed at 0
    array([0.5, 0. , 0. ])
    >>> pen.value(np.array([3.0, -2.0, 0.0]))
    2.0
    """

    def __init__(self, alpha, weights):
        self.alpha = check_alpha(alpha)
        self.weights = check_weights(weights)

    def l1_weights(self, p):
        self.check_n_features(p)
        return self.weights

    def check_n_features(self, p):
        if self.weights.shape[0] != p:
            raise ValueError(
                f"weights has length {self.weights.shape[0]}, expected n_features = {p}"
            )

    def with_alpha(self, alpha):
        return WeightedL1(alpha, self.weights)

    def __repr__(self):
        return f"WeightedL1(alpha={self.alpha!r}, weights=<{self.weights.shape[0]} values>)"


class BoundedElasticNet(_Separable):
    """``sum_j t_j |w_j| + (b_j / 2) w_j^2`` subject to ``lower_j <= w_j <= upper_j``.

    The per-coordinate form behind the estimators' ``positive=``, bounds and
    ``penalty_factor=`` (built by :func:`regkit.solvers.coordinate_descent.box_cd`); its
    duality gap is :func:`regkit.certificates.bounded_duality_gap`.

    Parameters
    ----------
    t, b : ndarray (p,)
        L1 thresholds (``inf`` fixes a coordinate at 0) and quadratic weights, ``>= 0``.
    lower, upper : ndarray (p,)
        Bounds with ``lower <= 0 <= upper`` (``-inf``/``inf`` for none).
    """

    cd_step = "box"

    def __init__(self, t, b, lower, upper):
        self.alpha = None
        self._thresholds = np.ascontiguousarray(t, dtype=np.float64)
        self._quadratic = np.ascontiguousarray(b, dtype=np.float64)
        self._bounds = (np.ascontiguousarray(lower, dtype=np.float64),
                        np.ascontiguousarray(upper, dtype=np.float64))

    def thresholds(self, p):
        return self._thresholds

    def quadratic(self, p):
        return self._quadratic

    def bounds(self, p):
        return self._bounds

    def __repr__(self):
        return f"BoundedElasticNet(p={self._thresholds.shape[0]})"


def check_groups(groups, p=None):
    """Turn per-column labels into blocks; ``ValueError`` if they do not partition the columns.

    Returns
    -------
    indptr : ndarray of shape (n_groups + 1,)
    indices : ndarray of shape (n_features,)
        Columns of group ``g`` are ``indices[indptr[g]:indptr[g + 1]]``, groups in
        order of first appearance.
    labels : list
        The label of each group.
    """
    bad = "groups that do not partition the columns"
    if groups is None or isinstance(groups, (str, bytes)):
        raise ValueError(f"groups must be a sequence with one hashable label per column ({bad})")
    arr = np.asarray(groups, dtype=object) if not isinstance(groups, np.ndarray) else groups
    if arr.ndim != 1:
        raise ValueError(
            f"groups must be 1-D, one label per column, got shape {np.shape(arr)} ({bad})"
        )
    labels = arr.tolist()
    if len(labels) == 0:
        raise ValueError(f"groups is empty ({bad})")
    if p is not None and len(labels) != p:
        raise ValueError(f"groups has length {len(labels)}, expected n_features = {p} ({bad})")
    index = {}
    members = []
    for j, lab in enumerate(labels):
        if lab is None or (isinstance(lab, numbers.Real) and lab != lab):
            raise ValueError(f"groups[{j}] is {lab!r}, not a usable label ({bad})")
        try:
            g = index.setdefault(lab, len(index))
        except TypeError as exc:
            raise ValueError(f"groups[{j}] = {lab!r} is not a hashable label ({bad})") from exc
        if g == len(members):
            members.append([])
        members[g].append(j)
    sizes = np.array([len(m) for m in members])
    indptr = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    indices = np.array([j for m in members for j in m], dtype=np.int64)
    return indptr, indices, list(index)


class GroupL1(Penalty):
    """Group lasso penalty ``alpha * sum_g sqrt(size_g) * ||w_g||_2``.

    The ``sqrt(size_g)`` weights make groups of different sizes comparable (Yuan and
    Lin, 2006); with groups of size 1 this is the lasso penalty.

    Parameters
    ----------
    alpha : float
        Strength, ``alpha >= 0``.
    groups : sequence of length n_features
        ``groups[j]`` is the (hashable) label of column ``j``.

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.penalties import GroupL1
    >>> pen = GroupL1(1.0, groups=["a", "a", "b"])
    >>> round(pen.value(np.array([3.0, 4.0, -1.0])), 4)  # sqrt(2) * 5 + 1 * 1
    8.0711
    >>> pen.prox(np.array([3.0, 4.0, 0.5]), step=1.0).round(4)  # group "b" is zeroed as a whole
    array([2.1515, 2.8686, 0.    ])
    """

    cd_step = "group"

    def __init__(self, alpha, groups):
        self.alpha = check_alpha(alpha)
        self.indptr, self.indices, self.labels = check_groups(groups)
        self.n_features = self.indices.shape[0]
        sizes = np.diff(self.indptr)
        self.group_weights = np.sqrt(sizes.astype(float))
        # column j -> its group, for broadcasting per-group quantities to coordinates
        self.group_of = np.empty(self.n_features, dtype=np.int64)
        self.group_of[self.indices] = np.repeat(np.arange(sizes.shape[0]), sizes)
        self._groups = groups

    def check_n_features(self, p):
        if p != self.n_features:
            raise ValueError(
                f"groups has length {self.n_features}, expected n_features = {p} "
                "(groups that do not partition the columns)"
            )

    def blocks(self):
        """``(indptr, indices, thresholds)`` for block CD; thresholds are ``alpha sqrt(size_g)``."""
        return self.indptr, self.indices, self.alpha * self.group_weights

    def _group_norms(self, v):
        return np.sqrt(np.bincount(self.group_of, weights=v * v, minlength=self.group_weights.size))

    def value(self, w):
        w = np.asarray(w, dtype=float)
        self.check_n_features(w.shape[0])
        return float(self.alpha * np.sum(self.group_weights * self._group_norms(w)))

    def prox(self, z, step):
        z = np.asarray(z, dtype=float)
        self.check_n_features(z.shape[0])
        norms = self._group_norms(z)
        t = step * self.alpha * self.group_weights
        with np.errstate(divide="ignore", invalid="ignore"):
            shrink = np.where(norms > t, 1.0 - t / norms, 0.0)
        return z * shrink[self.group_of]

    def subdiff_distance(self, w, grad):
        """Per-group distance, repeated on every coordinate of the group.

        For ``w_g = 0``: ``max(||grad_g|| - alpha sqrt(size_g), 0)``; otherwise
        ``||grad_g + alpha sqrt(size_g) w_g / ||w_g|| ||``.
        """
        w = np.asarray(w, dtype=float)
        grad = np.asarray(grad, dtype=float)
        self.check_n_features(w.shape[0])
        t = self.alpha * self.group_weights
        wn = self._group_norms(w)
        with np.errstate(divide="ignore", invalid="ignore"):
            direction = np.where(wn[self.group_of] > 0, w / wn[self.group_of], 0.0)
        off = self._group_norms(grad + t[self.group_of] * direction)
        at_zero = np.maximum(self._group_norms(grad) - t, 0.0)
        return np.where(wn > 0, off, at_zero)[self.group_of]

    def dual_norm(self, u):
        u = np.asarray(u, dtype=float)
        if self.alpha == 0:
            return 0.0
        return float(np.max(self._group_norms(u) / (self.alpha * self.group_weights)))

    def unpenalized(self, p):
        return np.full(p, self.alpha == 0)

    def alpha_max(self, X, y):
        X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
        self.check_n_features(X.shape[1])
        corr = X.T @ y / X.shape[0]
        return float(np.max(self._group_norms(corr) / self.group_weights))

    def with_alpha(self, alpha):
        new = GroupL1.__new__(GroupL1)
        new.__dict__.update(self.__dict__)
        new.alpha = check_alpha(alpha)
        return new

    def __repr__(self):
        return f"GroupL1(alpha={self.alpha!r}, n_groups={self.group_weights.size})"


class _NonConvex(Penalty):
    """A folded-concave penalty ``sum_j P(|w_j|)`` with ``P'(0+) = alpha`` (SCAD, MCP).

    ``P`` rises like the lasso near zero (so small coefficients are set exactly to 0)
    and flattens out beyond ``gamma * alpha`` (so large ones are not shrunk). The
    coordinate problem ``(v/2) w^2 - z w + P(|w|)`` is strictly convex, with the closed
    form :meth:`threshold`, as long as the curvature ``v = ||X_j||^2 / n`` exceeds the
    penalty's largest concavity (:meth:`min_curvature`); coordinate descent checks this
    (:meth:`check_curvature`). The whole objective stays non-convex: coordinate descent
    finds a stationary point, which depends on the starting point.

    Parameters
    ----------
    alpha : float
        Strength, ``alpha >= 0``: the slope at zero, and the threshold of the
        coordinate update on standardized columns.
    gamma : float
        Concavity parameter; the penalty is flat beyond ``gamma * alpha``.
    """

    convex = False

    def __init__(self, alpha, gamma):
        self.alpha = check_alpha(alpha)
        self.gamma = check_scalar(gamma, "gamma", low=self._gamma_low, low_inclusive=False)

    def thresholds(self, p):
        """``alpha`` per coordinate: the slope at zero, where the KKT interval is
        ``[-alpha, alpha]`` as for the lasso."""
        return np.full(p, self.alpha)

    def quadratic(self, p):
        return np.zeros(p)

    def unpenalized(self, p):
        return np.full(p, self.alpha == 0)

    def check_curvature(self, col_sq):
        """``ValueError`` unless every non-zero ``||X_j||^2 / n`` exceeds :meth:`min_curvature`."""
        col_sq = np.asarray(col_sq, dtype=float)
        nonzero = col_sq[col_sq > 0]
        if nonzero.size and np.min(nonzero) <= self.min_curvature():
            raise ValueError(
                f"gamma={self.gamma} is too small for these columns: {type(self).__name__} "
                f"needs ||X_j||^2 / n > {self.min_curvature():.4g} for every column, the "
                f"smallest is {np.min(nonzero):.4g}. Standardize X or increase gamma"
            )

    def prox(self, z, step):
        z = np.asarray(z, dtype=float)
        step = float(step)
        self.check_curvature([1.0 / step])
        return self.threshold(z / step, 1.0 / step)

    def subdiff_distance(self, w, grad):
        """Distance of ``-grad`` to the (Clarke) subdifferential: ``|grad_j + P'(|w_j|) sign(w_j)|``
        off zero, ``max(|grad_j| - alpha, 0)`` at zero."""
        w = np.asarray(w, dtype=float)
        grad = np.asarray(grad, dtype=float)
        off = np.abs(grad + self.derivative(np.abs(w)) * np.sign(w))
        at_zero = np.maximum(np.abs(grad) - self.alpha, 0.0)
        return np.where(w != 0, off, at_zero)

    def dual_norm(self, u):
        raise NotImplementedError(
            f"{type(self).__name__} is not convex: there is no duality gap, use the KKT violation"
        )

    def alpha_max(self, X, y):
        """``max_j |X_j^T y| / n``: from there on ``w = 0`` is a stationary point (and where
        coordinate descent started at zero stays), exactly as for the lasso."""
        X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
        return float(np.max(np.abs(X.T @ y)) / X.shape[0])

    def with_alpha(self, alpha):
        return type(self)(alpha, self.gamma)

    def __repr__(self):
        return f"{type(self).__name__}(alpha={self.alpha!r}, gamma={self.gamma!r})"


class MCP(_NonConvex):
    """Minimax concave penalty (Zhang, 2010), ``sum_j P(|w_j|)`` with

        P(t) = alpha t - t^2 / (2 gamma)   for t <= gamma alpha,
        P(t) = gamma alpha^2 / 2          for t >  gamma alpha.

    Its slope falls linearly from ``alpha`` at 0 to 0 at ``gamma alpha``. The coordinate
    update on a column with ``||X_j||^2 / n = 1`` is *firm thresholding*: 0 for
    ``|z| <= alpha``, ``soft_threshold(z, alpha) / (1 - 1/gamma)`` up to ``gamma alpha``,
    ``z`` (no shrinkage) beyond. ``gamma -> inf`` is the lasso.

    Parameters
    ----------
    alpha : float, >= 0
    gamma : float, > 1, default 3.0
        The coordinate problem is convex when ``||X_j||^2 / n > 1 / gamma``.

    Examples
    --------
    >>> from regkit.penalties import MCP
    >>> MCP(1.0).threshold([0.5, 2.0, 4.0])  # zero, then 1.5 x the soft value, then z itself
    array([0. , 1.5, 4. ])
    """

    cd_step = "mcp"
    _gamma_low = 1.0

    def __init__(self, alpha, gamma=3.0):
        super().__init__(alpha, gamma)

    def min_curvature(self):
        """The concavity ``1 / gamma`` that a column's ``||X_j||^2 / n`` must exceed."""
        return 1.0 / self.gamma

    def value(self, w):
        t = np.abs(np.asarray(w, dtype=float))
        a, g = self.alpha, self.gamma
        inner = a * t - t * t / (2.0 * g)
        return float(np.sum(np.where(t <= g * a, inner, 0.5 * g * a * a)))

    def derivative(self, t):
        """``P'(t)`` for ``t >= 0``: ``max(alpha - t / gamma, 0)``."""
        return np.maximum(self.alpha - np.asarray(t, dtype=float) / self.gamma, 0.0)

    def threshold(self, z, v=1.0):
        """``argmin_w (v/2) w^2 - z w + P(|w|)`` (needs ``v > 1/gamma``), elementwise."""
        z = np.asarray(z, dtype=float)
        a, g = self.alpha, self.gamma
        inner = np.sign(z) * np.maximum(np.abs(z) - a, 0.0) / (v - 1.0 / g)
        return np.where(np.abs(z) <= v * g * a, inner, z / v) + 0.0


class SCAD(_NonConvex):
    """Smoothly clipped absolute deviation penalty (Fan and Li, 2001), ``sum_j P(|w_j|)``:

        P(t) = alpha t                                           for t <= alpha,
        P(t) = (2 gamma alpha t - t^2 - alpha^2) / (2 (gamma - 1)) for alpha < t <= gamma alpha,
        P(t) = alpha^2 (gamma + 1) / 2                            for t >  gamma alpha.

    The lasso's slope ``alpha`` up to ``alpha``, then a slope falling linearly to 0 at
    ``gamma alpha``. On a column with ``||X_j||^2 / n = 1`` the coordinate update is
    soft thresholding for ``|z| <= 2 alpha``, ``((gamma - 1) z - sign(z) gamma alpha) /
    (gamma - 2)`` up to ``gamma alpha`` and ``z`` beyond (Fan and Li's formula).

    Parameters
    ----------
    alpha : float, >= 0
    gamma : float, > 2, default 3.7 (Fan and Li's choice)
        The coordinate problem is convex when ``||X_j||^2 / n > 1 / (gamma - 1)``.

    Examples
    --------
    >>> from regkit.penalties import SCAD
    >>> SCAD(1.0).threshold([0.5, 1.5, 3.0, 5.0]).round(3)  # soft, soft, blended, untouched
    array([0.   , 0.5  , 2.588, 5.   ])
    """

    cd_step = "scad"
    _gamma_low = 2.0

    def __init__(self, alpha, gamma=3.7):
        super().__init__(alpha, gamma)

    def min_curvature(self):
        """The concavity ``1 / (gamma - 1)`` that a column's ``||X_j||^2 / n`` must exceed."""
        return 1.0 / (self.gamma - 1.0)

    def value(self, w):
        t = np.abs(np.asarray(w, dtype=float))
        a, g = self.alpha, self.gamma
        middle = (2.0 * g * a * t - t * t - a * a) / (2.0 * (g - 1.0))
        out = np.where(t <= a, a * t, np.where(t <= g * a, middle, 0.5 * a * a * (g + 1.0)))
        return float(np.sum(out))

    def derivative(self, t):
        """``P'(t)`` for ``t >= 0``: ``alpha`` up to ``alpha``, then ``max(gamma alpha - t, 0) / (gamma - 1)``."""
        t = np.asarray(t, dtype=float)
        a, g = self.alpha, self.gamma
        return np.where(t <= a, a, np.maximum(g * a - t, 0.0) / (g - 1.0))

    def threshold(self, z, v=1.0):
        """``argmin_w (v/2) w^2 - z w + P(|w|)`` (needs ``v > 1/(gamma - 1)``), elementwise."""
        z = np.asarray(z, dtype=float)
        a, g = self.alpha, self.gamma
        az = np.abs(z)
        soft = np.sign(z) * np.maximum(az - a, 0.0) / v
        middle = np.sign(z) * ((g - 1.0) * az - g * a) / ((g - 1.0) * v - 1.0)
        return np.where(az <= a * (v + 1.0), soft, np.where(az <= v * g * a, middle, z / v)) + 0.0


def make_penalty(alpha, l1_ratio=1.0, weights=None):
    """The penalty for ``(alpha, l1_ratio, weights)``: L1, ElasticNetPenalty or WeightedL1.

    Examples
    --------
    >>> from regkit.penalties import make_penalty
    >>> make_penalty(0.1)
    L1(alpha=0.1)
    >>> make_penalty(0.1, l1_ratio=0.5)
    ElasticNetPenalty(alpha=0.1, l1_ratio=0.5)
    >>> make_penalty(0.1, weights=[1.0, 2.0])
    WeightedL1(alpha=0.1, weights=<2 values>)
    """
    alpha = check_alpha(alpha)
    l1_ratio = check_l1_ratio(l1_ratio)
    if weights is not None:
        if l1_ratio != 1.0:
            raise ValueError(
                f"weights are only supported for the lasso (l1_ratio=1), got l1_ratio={l1_ratio}"
            )
        return WeightedL1(alpha, weights)
    if l1_ratio == 1.0:
        return L1(alpha)
    return ElasticNetPenalty(alpha, l1_ratio)
