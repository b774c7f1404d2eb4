"""Coordinate-descent sweeps with per-coordinate bounds, for dense and CSC designs, compiled
with numba.

Imported by :mod:`regkit.solvers.box_cd` at its first solve. Both kernels minimise, one
coordinate at a time,

    (1/(2n)) ||R||^2 + t_j |w_j| + (b_j / 2) w_j^2   subject to  lower_j <= w_j <= upper_j,

whose one-dimensional minimiser is the bounded-free minimiser clipped to the interval
(the one-dimensional objective is convex).

The sparse kernel never forms the centred matrix. With ``Xs`` the (row-weighted) CSC
matrix, ``s`` the square roots of the sample weights and ``m`` the weighted column means,
column ``j`` of the centred design is ``a_j = Xs_j - m_j s``. The residual is kept as
``R = Rt + c s`` with ``Rt = ys - Xs w`` (dense, updated on the non-zeros of a column only)
and the scalar ``c = m . w``; ``s . Rt`` is kept up to date as well, so

    a_j . R = Xs_j . Rt + c (Xs_j . s) - m_j (s . Rt) - m_j c (s . s)

costs O(nnz_j), as does every update.
"""

import numpy as np

from regkit.solvers._jit import jit


@jit
def _coordinate_step(z, col_sq, t, b, lower, upper):
    """argmin of ``(col_sq / 2) w^2 - z w + t |w| + (b / 2) w^2`` on ``[lower, upper]``."""
    excess = abs(z) - t
    new = 0.0
    if excess > 0.0:
        new = (excess if z > 0.0 else -excess) / (col_sq + b)
    if new < lower:
        new = lower
    elif new > upper:
        new = upper
    return new


@jit
def _visit_order(p, seed):
    """The coordinates in order (``seed < 0``) or shuffled by numba's generator."""
    if seed < 0:
        return np.arange(p)
    return np.random.permutation(p)


@jit
def sweeps_dense_box(X, w, R, col_sq, t, b, lower, upper, max_sweeps, d_w_tol, seed):
    """Bounded passes over the columns of a dense (centred) ``X``, in order or (``seed >= 0``)
    in a fresh random order each pass (scikit-learn's ``selection="random"``); stops like
    :func:`regkit.solvers._sweep_kernels.sweeps_separable`; returns the passes run."""
    n, p = X.shape
    if seed >= 0:
        np.random.seed(seed)
    for sweep in range(max_sweeps):
        d_w_max = 0.0
        w_max = 0.0
        order = _visit_order(p, seed)
        for j in order:
            if col_sq[j] == 0.0:
                continue
            w_j = w[j]
            dot = 0.0
            for i in range(n):
                dot += X[i, j] * R[i]
            new = _coordinate_step(dot / n + col_sq[j] * w_j, col_sq[j], t[j], b[j],
                                   lower[j], upper[j])
            if new != w_j:
                delta = new - w_j
                for i in range(n):
                    R[i] -= delta * X[i, j]
                w[j] = new
                if abs(delta) > d_w_max:
                    d_w_max = abs(delta)
            if abs(new) > w_max:
                w_max = abs(new)
        if d_w_max <= d_w_tol * w_max:
            return sweep + 1
    return max_sweeps


@jit
def sweeps_csc_box(data, indices, indptr, n, mean, s, xs_s, ss, w, Rt, state, col_sq, t, b,
                   lower, upper, max_sweeps, d_w_tol, seed):
    """Bounded passes over a CSC matrix centred implicitly (module docstring), in order or
    shuffled as :func:`sweeps_dense_box`.

    ``state`` holds ``[c, s . Rt]`` and is updated in place with ``w`` and ``Rt``.
    Returns the passes run.
    """
    p = indptr.shape[0] - 1
    c = state[0]
    s_rt = state[1]
    if seed >= 0:
        np.random.seed(seed)
    for sweep in range(max_sweeps):
        d_w_max = 0.0
        w_max = 0.0
        order = _visit_order(p, seed)
        for j in order:
            if col_sq[j] == 0.0:
                continue
            w_j = w[j]
            dot = 0.0
            for k in range(indptr[j], indptr[j + 1]):
                dot += data[k] * Rt[indices[k]]
            dot += c * xs_s[j] - mean[j] * s_rt - mean[j] * c * ss
            new = _coordinate_step(dot / n + col_sq[j] * w_j, col_sq[j], t[j], b[j],
                                   lower[j], upper[j])
            if new != w_j:
                delta = new - w_j
                for k in range(indptr[j], indptr[j + 1]):
                    Rt[indices[k]] -= delta * data[k]
                s_rt -= delta * xs_s[j]
                c += delta * mean[j]
                w[j] = new
                if abs(delta) > d_w_max:
                    d_w_max = abs(delta)
            if abs(new) > w_max:
                w_max = abs(new)
        if d_w_max <= d_w_tol * w_max:
            state[0] = c
            state[1] = s_rt
            return sweep + 1
    state[0] = c
    state[1] = s_rt
    return max_sweeps
