"""The lasso chapter's written-out coordinate descent, for its second page.

Chapter 3 writes cyclic coordinate descent out in twenty lines of numpy on its first
page (``book/03_lasso.ipynb``) and uses the same loop on its second page
(``book/03b_lasso_optimality.ipynb``) to watch the KKT violation and the duality gap
fall sweep by sweep. A page of the book must run on its own in a fresh kernel, so the
loop lives here too, with the same arithmetic in the same order: run on the same data,
it returns the same iterates, bit for bit, as the cell it mirrors.

* :func:`lasso_objective` is the objective ``(1/(2n)) ||y - Xw||^2 + alpha ||w||_1``.
* :func:`lasso_cd` runs cyclic coordinate descent from ``w = 0``, keeps every sweep's
  iterate and counts the work (multiply-adds on length-n vectors).

The fits the book reports go through :func:`regkit.lasso`; this loop is the teaching
version, and the tests check it against that solver.
"""

import numpy as np

from regkit._validation import check_alpha, check_int, check_scalar, check_X_y
from regkit.certificates import duality_gap
from regkit.penalties import soft_threshold

__all__ = ["lasso_cd", "lasso_objective"]


def lasso_objective(w, X, y, alpha):
    r"""The lasso objective :math:`\frac{1}{2n}\|y - Xw\|_2^2 + \alpha\|w\|_1`.

    Parameters
    ----------
    w : ndarray (n_features,)
    X : ndarray (n_samples, n_features)
    y : ndarray (n_samples,)
    alpha : float >= 0

    Returns
    -------
    float
    """
    r = y - X @ w
    return r @ r / (2 * len(y)) + alpha * np.abs(w).sum()


def lasso_cd(X, y, alpha, max_sweeps=1000, tol=None):
    r"""Cyclic coordinate descent for the lasso, from ``w = 0``, with its history and cost.

    Each coordinate update is a soft threshold: with the residual ``r = y - Xw`` and
    :math:`a_j = \|X_j\|^2 / n`, :math:`z_j = X_j^\top r / n + a_j w_j` (``n`` multiply-adds)
    and :math:`w_j \leftarrow S_\alpha(z_j) / a_j`; when :math:`w_j` moves, the residual follows
    (``n`` more). One sweep therefore costs between ``n p`` and ``2 n p``.

    Parameters
    ----------
    X : array_like (n_samples, n_features)
        No column may be all zeros (its curvature :math:`a_j` would be 0).
    y : array_like (n_samples,)
    alpha : float >= 0
    max_sweeps : int >= 1
    tol : float or None
        When given, stop after the first sweep whose duality gap is at most
        ``tol * ||y||^2 / n`` (scikit-learn's meaning of ``tol``).

    Returns
    -------
    w : ndarray (n_features,)
        The last iterate.
    history : list of ndarray
        ``w`` before the first sweep (zeros) and after every sweep.
    work : int
        Multiply-adds on length-n vectors over all sweeps.
    """
    X, y = check_X_y(X, y)
    alpha = check_alpha(alpha)
    max_sweeps = check_int(max_sweeps, "max_sweeps")
    tol = None if tol is None else check_scalar(tol, "tol")
    n, p = X.shape
    a = (X ** 2).sum(axis=0) / n                  # curvature along each coordinate
    if np.any(a == 0):
        raise ValueError(f"X has an all-zero column (index {int(np.flatnonzero(a == 0)[0])}): "
                         "its coefficient is undefined in a coordinate update")
    w, r = np.zeros(p), np.array(y, dtype=float)  # r = y - Xw, kept up to date
    history, work = [w.copy()], 0
    for _ in range(max_sweeps):
        for j in range(p):
            z = X[:, j] @ r / n + a[j] * w[j]     # X_j^T (residual without feature j) / n
            new = soft_threshold(z, alpha) / a[j]
            work += n
            if new != w[j]:
                r -= (new - w[j]) * X[:, j]       # the residual follows w: n more multiply-adds
                work += n
                w[j] = new
        history.append(w.copy())
        if tol is not None and duality_gap(X, y, w, alpha) <= tol * (y @ y) / n:
            break
    return w, history, work
