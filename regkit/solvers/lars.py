"""Least angle regression (LAR) and the LARS-lasso exact path (Efron et al., 2004).

The lasso on scikit-learn's scale,

    (1/(2n)) ||y - X w||^2 + alpha * ||w||_1 ,

has a solution path ``w(alpha)`` that is piecewise linear in alpha. Along it the
correlations ``c = X^T (y - X w)`` satisfy ``|c_j| = n * alpha`` with
``sign(c_j) = sign(w_j)`` on the active set and ``|c_j| <= n * alpha`` elsewhere
(the KKT conditions). LARS walks the path knot to knot:

1. Start at ``w = 0``; the largest ``|c_j|`` (call it ``C``) gives the first knot
   ``alpha_0 = C / n`` and the first active variable.
2. Move the active coefficients along the *equiangular* direction
   ``delta_A = (X_A^T X_A)^{-1} s_A`` (``s_A`` the signs of the active
   correlations). After a step ``gamma`` every active correlation has shrunk to
   ``C - gamma`` in absolute value, at the same rate: the fit moves at equal
   angles to all active columns.
3. Stop the step at the first event: an inactive correlation catches up
   (``|c_j - gamma a_j| = C - gamma`` with ``a = X^T X_A delta_A``, so the
   variable enters), or, for the lasso, an active coefficient reaches zero
   (it leaves: past that point its sign would disagree with its correlation),
   or ``gamma = C``, the least-squares fit on the active set (alpha = 0).

Plain LAR (``method="lar"``) skips the lasso's drop rule; its coefficients may
change sign and it is not the lasso path once they do.
"""

import numbers

import numpy as np
import scipy.linalg

from regkit._validation import (
    check_alpha,
    check_array,
    check_representable,
    check_scalar,
    check_X_y,
    pow2_scale,
)

__all__ = ["lars_path", "lars_coef_at"]

METHODS = ("lasso", "lar")


def lars_path(X, y, Xy=None, *, Gram=None, max_iter=500, alpha_min=0.0, method="lar",
              copy_X=True, eps=np.finfo(float).eps, copy_Gram=True, verbose=0,
              return_path=True, return_n_iter=False, positive=False):
    r"""Exact LAR / LARS-lasso path, with scikit-learn's ``lars_path`` conventions.

    For ``method="lasso"`` the path solves, for every alpha at once,

    .. math:: \min_w \frac{1}{2n}\|y - Xw\|_2^2 + \alpha \|w\|_1 ,

    and is exact between knots by linear interpolation (see ``regkit.solvers.lars.lars_coef_at``).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features) or None
        No intercept is fitted: centre ``X`` and ``y`` first. None when ``Gram`` and
        ``Xy`` are given (then only ``len(y)``, the ``n`` of ``alpha = C / n``, is used).
    y : array-like of shape (n_samples,)
    Xy : array-like of shape (n_features,), default=None
        Precomputed ``X^T y``, used instead of computing it.
    Gram : None, "auto" or array-like of shape (n_features, n_features), default=None
        Precomputed ``X^T X``, used as given. None or "auto": regkit forms it itself
        when ``n_features <= 4000`` (else it works from the columns of X).
    method : {"lar", "lasso"}, default="lar"
        scikit-learn's default, ``"lar"``: plain least angle regression.
        ``"lasso"``: LARS with the lasso modification (a coefficient that hits
        zero leaves the active set and the step is cut there). ``"lar"``: plain
        least angle regression.
    max_iter : int >= 0
        Maximum number of steps (knots after the first).
    alpha_min : float >= 0, default=0
        Stop the walk at this alpha: the last knot is the path's point at
        ``alpha_min`` (exact: the path is linear between knots).
    copy_X, copy_Gram : bool, default=True
        Accepted for scikit-learn code: regkit never writes to X or Gram.
    verbose : int, default=0
        > 0 prints one line per step (entering / leaving variable, active set size, C).
    return_path : bool, default=True
        False: return only the last knot, ``(alpha, active, coef)``.
    return_n_iter : bool, default=False
        Also return the number of steps taken.
    positive : bool, default=False
        Coefficients >= 0 (``method="lasso"`` only, as scikit-learn): only variables
        with a positive correlation enter, so the path is that of the lasso
        constrained to ``w >= 0``.
    eps : float > 0
        Unit of the relative tolerances: a column whose squared distance to the
        span of the active columns is at most ``1e4 * eps`` times its squared
        norm is linearly dependent on them and never enters (see Notes); the
        walk stops once ``C`` is at most ``max(n, p) * eps`` times its starting value.

    Returns
    -------
    alphas : ndarray of shape (n_knots,)
        ``max_j |X^T (y - X w)|_j / n`` at each knot, strictly decreasing,
        ending at 0 when the path reaches a least-squares fit (or at the last
        knot reached within ``max_iter``).
    active : list of int
        Indices of the active variables at the end of the path, in the order
        they entered. When ``max_iter`` stops the walk, a variable that has only
        just reached the boundary (coefficient still 0) is not listed, as in
        scikit-learn.
    coefs : ndarray of shape (n_features, n_knots)
        Coefficients at each knot; ``coefs[:, 0]`` is all zeros.

    Notes
    -----
    * A column of zeros is never active; its coefficient stays 0.
    * A column linearly dependent on the active columns (e.g. a duplicate of
      an active column) cannot enter: the equiangular direction would not be
      unique. It is set aside for the rest of the path and keeps coefficient 0;
      with exact duplicates the copy that enters first carries the whole
      weight, one of the (non-unique) lasso solutions.
    * With ``p > n`` at most ``n`` variables can be active (then the active
      columns span R^n), so the path ends at an interpolating fit with alpha 0.
    * If ``X^T y = 0`` the path is the single knot ``alpha = 0``, ``w = 0``.
    * When two variables would enter at the same alpha (exact ties) they are
      added one after the other without recording an empty step, so knots
      never repeat (scikit-learn records a repeated alpha instead).

    References
    ----------
    B. Efron, T. Hastie, I. Johnstone and R. Tibshirani, "Least angle
    regression", Annals of Statistics 32(2), 2004.

    Examples
    --------
    >>> import numpy as np
    >>> from regkit.datasets import make_correlated_regression
    >>> X, y, w_true = make_correlated_regression(40, 3, n_informative=2, noise=0.5, seed=0)
    >>> w_true  # feature 1 is irrelevant
    array([ 2.,  0., -1.])
    >>> from regkit import lars_path
    >>> alphas, active, coefs = lars_path(X, y, method="lasso")
    >>> active  # order in which the features entered
    [0, 2, 1]
    >>> alphas.round(4)  # the knots, down to 0 (the least-squares fit)
    array([2.2382, 0.5203, 0.0579, 0.    ])
    >>> np.allclose(coefs[:, -1], np.linalg.lstsq(X, y, rcond=None)[0])
    True
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(map(repr, METHODS))}; got {method!r}")
    if isinstance(max_iter, bool) or not isinstance(max_iter, numbers.Integral) or max_iter < 0:
        raise ValueError(f"max_iter must be a non-negative integer, got {max_iter!r}")
    eps = check_scalar(eps, "eps", low=0.0, low_inclusive=False)
    alpha_min = check_scalar(alpha_min, "alpha_min", low=0.0)
    if positive and method == "lar":
        raise ValueError("Positive constraint not supported for 'lar' coding method "
                         "(positive=True needs method='lasso').")
    if X is None:
        G, Xy, n = _precomputed_only(y, Xy, Gram)
        sx = sy = 1.0
    else:
        X, y = check_X_y(X, y)
        n = X.shape[0]
        # walk on data scaled to O(1) by exact powers of two (squares of data near 1e160
        # overflow); alphas scale like X^T y, the coefficients like y / X
        sx, sy = pow2_scale(X), pow2_scale(y)
        G = None
        if Gram is not None and not (isinstance(Gram, str) and Gram == "auto"):
            G = _check_gram(Gram, X.shape[1]) / (sx * sx)
        Xy = X.T @ (y / sy) / sx if Xy is None else _check_xy(Xy, X.shape[1]) / (sx * sy)
        X = X / sx
    walk = _Lars(X, Xy, n, G=G, lasso=(method == "lasso"), eps=eps, positive=positive,
                 alpha_min=alpha_min / (sx * sy), verbose=verbose)
    alphas, active, coefs = walk.run(int(max_iter))
    alphas = check_representable(alphas * sx, "the path's alphas", sy)
    coefs = check_representable(coefs, "the coefficients", sy / sx)
    out = (alphas, active, coefs) if return_path else (alphas[-1], active, coefs[:, -1])
    return (*out, walk.n_steps) if return_n_iter else out


def _check_gram(Gram, p):
    G = check_array(Gram, "Gram", ndim=2)
    if G.shape != (p, p):
        raise ValueError(f"Gram must have shape (n_features, n_features) = ({p}, {p}), "
                         f"got {G.shape}")
    return G


def _check_xy(Xy, p):
    Xy = check_array(Xy, "Xy", ndim=1)
    if Xy.shape != (p,):
        raise ValueError(f"Xy must have shape (n_features,) = ({p},), got {Xy.shape}")
    return Xy


def _precomputed_only(y, Xy, Gram):
    """``(G, Xy, n)`` for a walk without X: both Gram and Xy must be given."""
    if Gram is None or (isinstance(Gram, str) and Gram == "auto"):
        raise ValueError("X and Gram cannot both be unspecified: without X pass Gram "
                         "(X^T X) and Xy (X^T y)")
    if isinstance(Gram, (bool, np.bool_)):
        raise ValueError("X cannot be None if Gram is not None unless Gram is the "
                         "matrix X^T X itself (got a boolean)")
    if Xy is None:
        raise ValueError("Xy (X^T y) must be given when X is None")
    G = check_array(Gram, "Gram", ndim=2)
    if G.shape[0] != G.shape[1]:
        raise ValueError(f"Gram must be square, got shape {G.shape}")
    n = check_array(y, "y", ndim=1).shape[0]
    return G, _check_xy(Xy, G.shape[0]), n


# above this many features X^T X is not formed (p^2 memory); columns are computed per step
_GRAM_MAX_FEATURES = 4000


class _Lars:
    """The state of one LARS walk: coefficients, correlations, active set."""

    def __init__(self, X, Xy, n, *, G=None, lasso, eps, positive=False, alpha_min=0.0,
                 verbose=0):
        self.X, self.lasso, self.positive, self.verbose = X, lasso, positive, verbose
        self.n, self.p = n, Xy.shape[0]
        # the Gram matrix (given, or formed when small enough to hold): each step then
        # costs O(p k) instead of O(n p); columns of X^T X are otherwise formed on demand
        if G is None and self.p <= _GRAM_MAX_FEATURES:
            G = X.T @ X
        self.G = G
        self.col_norm2 = np.diag(G).copy() if G is not None else np.einsum("ij,ij->j", X, X)
        # lower Cholesky factor of X_A^T X_A for the active set, in the order of self.active,
        # grown by one row per entry and shrunk by Givens rotations per drop (both O(k^2))
        self.L = np.empty((0, 0))
        self._pending = None  # (j, new factor row) computed by the dependence check
        self.coef = np.zeros(self.p)
        self.corr = Xy.copy()  # c = X^T r, kept up to date step by step
        # with positive=True only positive correlations count (and ever enter)
        self.C = max(float(np.max(self.corr if positive else np.abs(self.corr))), 0.0)
        self.alpha_min = alpha_min
        self.n_steps = 0
        self.active = []
        # zero columns can never enter; dependent ones are added here as found
        self.set_aside = self.col_norm2 == 0.0
        self.dep_tol = 1e4 * eps
        self.stop_tol = max(self.n, self.p) * eps * self.C
        self.just_dropped = None  # (index, sign) of the variable that left at the last knot
        self.alphas = [self.C / self.n]
        self.coefs = [self.coef.copy()]

    def run(self, max_iter):
        if self.C <= self.stop_tol:  # X^T y = 0: the path is the single knot w = 0
            return self._result(final_alpha_zero=True)
        if self.C <= self.n * self.alpha_min:  # alpha_min at or above the first knot
            self.alphas[-1] = self.alpha_min
            return self._result(final_alpha_zero=False)
        first = int(np.argmax(self.corr if self.positive else np.abs(self.corr)))
        self.active.append(first)
        self.L = np.array([[np.sqrt(self.col_norm2[first])]])
        steps = 0
        direction = None
        while steps < max_iter and self.C > self.stop_tol:
            if direction is None:  # the direction changes only when the active set does
                direction = self._direction()
            delta, a = direction
            gamma, event, j = self._next_event(delta, a)
            if event == "enter" and self._dependent_on_active(j):
                self.set_aside[j] = True  # recompute the step without it
                continue
            if self.C - gamma < self.n * self.alpha_min:
                # alpha_min falls inside this step: stop on the path at alpha_min
                self._move(self.C - self.n * self.alpha_min, delta, a, "stop", j)
                steps += 1
                break
            self._move(gamma, delta, a, event, j)
            direction = None
            steps += 1
        self.n_steps = steps
        if self.alpha_min > 0.0 and self.C <= self.n * self.alpha_min:
            self.alphas[-1] = self.alpha_min  # exactly, not C / n rounded
            return self._result(final_alpha_zero=False)
        finished = self.C <= self.stop_tol
        if not finished:
            # stopped by max_iter: like scikit-learn, report only the variables that moved,
            # not one that has just reached the boundary with a zero coefficient
            self.active = [j for j in self.active if self.coef[j] != 0.0]
        return self._result(final_alpha_zero=finished)

    def _direction(self):
        """Equiangular direction ``delta_A = G_A^{-1} s_A`` and ``a = X^T X_A delta_A``."""
        signs = np.sign(self.corr[self.active])
        delta = scipy.linalg.cho_solve((self.L, True), signs)
        if self.G is not None:
            return delta, self.G[:, self.active] @ delta
        return delta, self.X.T @ (self.X[:, self.active] @ delta)

    def _next_event(self, delta, a):
        """Smallest step to an entry, a drop (lasso only) or the least-squares fit."""
        gamma, event, j = self.C, "full", -1
        g_in, j_in = self._entry_step(a)
        if g_in < gamma:
            gamma, event, j = g_in, "enter", j_in
        if self.lasso:
            g_out, k_out = self._drop_step(delta)
            if g_out < gamma:
                gamma, event, j = g_out, "drop", k_out
        return gamma, event, j

    def _entry_step(self, a):
        """First gamma at which an inactive ``|c_j - gamma a_j|`` reaches ``C - gamma``.

        Root ``(C - c_j) / (1 - a_j)`` (enters with sign +) or
        ``(C + c_j) / (1 + a_j)`` (sign -). A root counts only when the
        correlation approaches the boundary from inside, i.e. its denominator
        is positive; the numerators are >= 0 up to rounding, so roots are
        clipped at 0 (two variables tying enter one after the other).
        """
        if len(self.active) >= self.n:  # active columns span R^n: nothing else can enter
            return np.inf, -1
        candidate = ~self.set_aside
        candidate[self.active] = False
        idx = np.flatnonzero(candidate)
        if idx.size == 0:
            return np.inf, -1
        c, aj = self.corr[idx], a[idx]
        roots = np.full((2, idx.size), np.inf)
        for row, sign in enumerate((1.0,) if self.positive else (1.0, -1.0)):
            denom = 1.0 - sign * aj
            ok = denom > 0.0
            roots[row, ok] = np.maximum((self.C - sign * c[ok]) / denom[ok], 0.0)
        if self.just_dropped is not None:
            # it sits exactly on the boundary with its old sign: that root is 0, not an entry
            k, sign = self.just_dropped
            hit = np.flatnonzero(idx == k)
            if hit.size:
                roots[0 if sign > 0 else 1, hit[0]] = np.inf
        best = np.unravel_index(np.argmin(roots), roots.shape)
        return roots[best], int(idx[best[1]])

    def _drop_step(self, delta):
        """First gamma at which an active coefficient moving towards zero reaches it."""
        w = self.coef[self.active]
        toward_zero = w * delta < 0.0  # a just-entered variable (w = 0) cannot drop
        if not toward_zero.any():
            return np.inf, -1
        roots = np.full(w.size, np.inf)
        roots[toward_zero] = -w[toward_zero] / delta[toward_zero]
        pos = int(np.argmin(roots))
        return roots[pos], self.active[pos]

    def _dependent_on_active(self, j):
        """Is column j (numerically) in the span of the active columns?

        The same triangular solve gives the row that extends the Cholesky factor when j
        enters, so it is kept for :meth:`_move`.
        """
        g = self._gram_entries(self.active, j)
        z = scipy.linalg.solve_triangular(self.L, g, lower=True)
        dist2 = self.col_norm2[j] - z @ z  # squared distance to span(X_A)
        if dist2 <= self.dep_tol * self.col_norm2[j]:
            return True
        self._pending = (j, z, np.sqrt(dist2))
        return False

    def _gram_entries(self, rows, j):
        """``(X^T X)[rows, j]``, from the stored Gram matrix or in O(n len(rows))."""
        if self.G is not None:
            return self.G[rows, j]
        return self.X[:, rows].T @ self.X[:, j]

    def _grow_factor(self, j):
        """Append variable j's row to the Cholesky factor (computed by the dependence check)."""
        pj, z, d = self._pending
        assert pj == j
        k = self.L.shape[0]
        L = np.zeros((k + 1, k + 1))
        L[:k, :k], L[k, :k], L[k, k] = self.L, z, d
        self.L, self._pending = L, None

    def _delete_from_factor(self, pos):
        """Remove the variable at position ``pos`` of the active set from the Cholesky factor.

        Deleting row ``pos`` of ``L`` leaves a factor of the reduced Gram matrix that has one
        entry above the diagonal in each later row; Givens rotations of neighbouring columns
        (which leave ``L L^T`` unchanged) zero those entries in O(k^2), instead of the O(k^3)
        of a fresh factorization.
        """
        L = np.delete(self.L, pos, axis=0)
        for i in range(pos, L.shape[0]):
            a, b = L[i, i], L[i, i + 1]
            r = np.hypot(a, b)
            c, s = a / r, b / r
            left, right = L[i:, i].copy(), L[i:, i + 1].copy()
            L[i:, i] = c * left + s * right
            L[i:, i + 1] = c * right - s * left
        self.L = L[:, :-1]

    def _move(self, gamma, delta, a, event, j):
        """Take the step, update the active set, record the knot (unless it is empty)."""
        self.coef[self.active] += gamma * delta
        self.corr -= gamma * a
        self.C -= gamma
        if event == "full":
            self.C = 0.0  # least-squares fit on the active set: every correlation is 0
        elif event == "stop":
            pass  # stopped at alpha_min inside a step: the active set is unchanged
        elif event == "drop":
            self.coef[j] = 0.0  # exactly, not rounding noise around it
            self._delete_from_factor(self.active.index(j))
            self.active.remove(j)
            self.just_dropped = (j, np.sign(self.corr[j]))
        else:
            self._grow_factor(j)
            self.active.append(j)
        if event != "drop":
            self.just_dropped = None
        if self.verbose:
            change = {"enter": f"added {j}", "drop": f"dropped {j}"}.get(event, event)
            print(f"LARS step: {change:>12}, {len(self.active)} active, C = {self.C:.6g}")
        if gamma > 0.0:
            self.alphas.append(self.C / self.n)
            self.coefs.append(self.coef.copy())

    def _result(self, *, final_alpha_zero):
        alphas = np.array(self.alphas)
        if final_alpha_zero:
            alphas[-1] = 0.0
        return alphas, list(self.active), np.array(self.coefs).T


def lars_coef_at(alphas, coefs, alpha):
    r"""Lasso coefficients at any ``alpha`` from a LARS-lasso path.

    The lasso solution is linear in alpha between consecutive knots, so for
    ``alphas[k] >= alpha >= alphas[k+1]``

    .. math:: w(\alpha) = w_k + \frac{\alpha_k - \alpha}{\alpha_k - \alpha_{k+1}} (w_{k+1} - w_k).

    Parameters
    ----------
    alphas : array-like of shape (n_knots,), non-increasing
        Knots as returned by :func:`lars_path` (``method="lasso"``).
    coefs : array-like of shape (n_features, n_knots)
    alpha : float >= 0

    Returns
    -------
    coef : ndarray of shape (n_features,)
        ``coefs[:, 0]`` (all zeros for a lars path) when ``alpha >= alphas[0]``.

    Raises
    ------
    ValueError
        Bad shapes, non-monotone ``alphas``, negative ``alpha``, or ``alpha``
        below the last knot of a path that stopped before alpha 0 (raise
        ``max_iter``): the solution there is not known.
    """
    alphas = check_array(alphas, "alphas", ndim=1)
    coefs = check_array(coefs, "coefs", ndim=2)
    alpha = check_alpha(alpha)
    if coefs.shape[1] != alphas.size:
        raise ValueError(
            f"coefs must have one column per knot: coefs has {coefs.shape[1]} columns, "
            f"alphas has {alphas.size} entries"
        )
    if np.any(np.diff(alphas) > 0):
        raise ValueError("alphas must be non-increasing (knots of a path, largest first)")
    if alpha < alphas[-1]:
        raise ValueError(
            f"alpha={alpha} is below the last knot {alphas[-1]}: the path stopped early "
            "(increase max_iter), so the solution there is unknown"
        )
    if alpha >= alphas[0]:
        return coefs[:, 0].copy()
    k = int(np.count_nonzero(alphas >= alpha)) - 1  # last knot at or above alpha
    if alphas[k] == alpha or k == alphas.size - 1:
        return coefs[:, k].copy()
    t = (alphas[k] - alpha) / (alphas[k] - alphas[k + 1])
    return coefs[:, k] + t * (coefs[:, k + 1] - coefs[:, k])
