"""The coordinate-descent sweep, written once, compiled with numba.

Imported by :mod:`regkit.solvers.coordinate_descent` at its first solve. A sweep visits
blocks of coordinates (blocks of one for every separable penalty) and minimises

    (1/(2n)) ||R||^2 + pen(w)       with the residual R = y - A w kept up to date,

in each block holding the others fixed. What varies is kept out of the loop:

* the data layout (how ``A_j . R`` is read and ``R`` updated): a tuple whose type picks
  the code at compile time (:func:`_layout_dot`, :func:`_layout_move`): ``(X,)`` for a
  dense Fortran array, or a CSC matrix centred implicitly (below);
* the penalty, as a step kind (:data:`SOFT`, :data:`BOX`, :data:`MCP`, :data:`SCAD`,
  :data:`GROUP`): each compiled entry point (:data:`SWEEPS`) calls the one loop with its
  kind as a constant, so numba inlines the step and LLVM drops the other kinds' branches.

Every step receives ``z = A_g^T R / n + L_g w_g`` (``L_g`` the block's curvature:
``||A_j||^2 / n`` for a coordinate, ``||A_g||_2^2 / n`` for a group) and the per-block
parameters ``t`` (L1 threshold, MCP/SCAD ``alpha``, group threshold), ``b`` (quadratic
weight), ``lower``/``upper`` (bounds) and the scalar ``gamma`` (MCP/SCAD), and returns the
new coefficients in place of ``z``. A new penalty adds a step here, never a loop.

The sparse layout never forms the centred matrix. With ``Xs`` the (row-weighted) CSC
matrix, ``s`` the square roots of the sample weights and ``m`` the weighted column means,
column ``j`` of the centred design is ``a_j = Xs_j - m_j s``. The residual is kept as
``R = Rt + c s`` with ``Rt = ys - Xs w`` (dense, updated on the non-zeros of a column only)
and the scalar ``c = m . w``; ``s . Rt`` is kept up to date as well, so

    a_j . R = Xs_j . Rt + c (Xs_j . s) - m_j (s . Rt) - m_j c (s . s)

costs O(nnz_j), as does every update. ``state`` carries ``[c, s . Rt]`` between calls.
"""

import numpy as np
from numba.extending import overload

from regkit.solvers._jit import jit, jit_inline

SOFT, BOX, MCP, SCAD, GROUP = 0, 1, 2, 3, 4


# --- layouts: chosen by the tuple's type at compile time --------------------------------

def _layout_dot(layout, j, R, c, s_rt):
    """``A_j . R`` (numba only: see the overload below)."""
    raise NotImplementedError


def _layout_move(layout, R, j, delta, c, s_rt):
    """``R -= delta A_j``; returns the updated ``(c, s . Rt)`` (numba only)."""
    raise NotImplementedError


def _is_dense(layout):
    return len(layout) == 1


@overload(_layout_dot, inline="always", jit_options={"fastmath": {"reassoc", "contract"}})
def _layout_dot_impl(layout, j, R, c, s_rt):
    if _is_dense(layout):
        def dense(layout, j, R, c, s_rt):
            X = layout[0]
            dot = 0.0
            for i in range(X.shape[0]):
                dot += X[i, j] * R[i]
            return dot
        return dense

    def csc(layout, j, R, c, s_rt):
        data, indices, indptr, mean, xs_s, ss = layout
        dot = 0.0
        for k in range(indptr[j], indptr[j + 1]):
            dot += data[k] * R[indices[k]]
        return dot + c * xs_s[j] - mean[j] * s_rt - mean[j] * c * ss
    return csc


@overload(_layout_move, inline="always", jit_options={"fastmath": {"reassoc", "contract"}})
def _layout_move_impl(layout, R, j, delta, c, s_rt):
    if _is_dense(layout):
        def dense(layout, R, j, delta, c, s_rt):
            X = layout[0]
            for i in range(X.shape[0]):
                R[i] -= delta * X[i, j]
            return c, s_rt
        return dense

    def csc(layout, R, j, delta, c, s_rt):
        data, indices, indptr, mean, xs_s, ss = layout
        for k in range(indptr[j], indptr[j + 1]):
            R[indices[k]] -= delta * data[k]
        return c + delta * mean[j], s_rt - delta * xs_s[j]
    return csc


# --- steps: one per penalty kind ----------------------------------------------------------

@jit_inline
def threshold_nonconvex(z, v, alpha, gamma, kind):
    """``argmin_w (v/2) w^2 - z w + P(|w|)`` for MCP (``kind`` MCP) or SCAD (``kind`` SCAD);
    the same closed forms as :meth:`regkit.penalties.MCP.threshold` / ``SCAD.threshold``."""
    az = abs(z)
    sign = 1.0 if z > 0.0 else -1.0
    if az <= alpha:
        return 0.0
    if kind == MCP:
        if az <= v * gamma * alpha:
            return sign * (az - alpha) / (v - 1.0 / gamma)
        return z / v
    if az <= alpha * (v + 1.0):
        return sign * (az - alpha) / v
    if az <= v * gamma * alpha:
        return sign * ((gamma - 1.0) * az - gamma * alpha) / ((gamma - 1.0) * v - 1.0)
    return z / v


@jit_inline
def _coordinate_step(kind, z, L, t, b, lower, upper, gamma):
    """The new coefficient of one coordinate (SOFT, BOX, MCP, SCAD; module docstring)."""
    if kind == MCP or kind == SCAD:
        return threshold_nonconvex(z, L, t, gamma, kind)
    # argmin (L/2) w^2 - z w + t |w| + (b/2) w^2, clipped to the bounds (BOX)
    excess = abs(z) - t
    new = 0.0
    if excess > 0.0:
        new = (excess if z > 0.0 else -excess) / (L + b)
    if kind == BOX:
        if new < lower:
            new = lower
        elif new > upper:
            new = upper
    return new


@jit_inline
def _step(kind, z, size, L, g, t, b, lower, upper, gamma):
    """GROUP: the block's new coefficients, written over ``z[:size]``: block soft
    thresholding of ``z / L`` at ``t[g] / L``."""
    norm2 = 0.0
    for k in range(size):
        norm2 += z[k] * z[k]
    norm = norm2 ** 0.5
    scale = 0.0
    if norm > t[g]:
        scale = (1.0 - t[g] / norm) / L
    for k in range(size):
        z[k] *= scale


# --- the sweep ----------------------------------------------------------------------------

@jit_inline
def _sweeps(kind, layout, blocks, params, w, R, state, buf, max_sweeps, d_w_tol, seed):
    """Passes over the blocks until a pass changes no coefficient by more than ``d_w_tol``
    times the largest one, or ``max_sweeps`` passes; returns the passes run.

    ``blocks = (indptr, indices, L)``; ``params = (t, b, lower, upper, gamma)``. The blocks
    are visited in order, or (``seed >= 0``) in a fresh random order each pass
    (scikit-learn's ``selection="random"``).
    """
    indptr, indices, L = blocks
    t, b, lower, upper, gamma = params
    n = R.shape[0]
    n_blocks = indptr.shape[0] - 1
    c = state[0]
    s_rt = state[1]
    if seed >= 0:
        np.random.seed(seed)
    order = np.arange(n_blocks)
    for sweep in range(max_sweeps):
        d_w_max = 0.0
        w_max = 0.0
        if seed >= 0:
            order = np.random.permutation(n_blocks)
        for kk in range(n_blocks):
            g = order[kk] if seed >= 0 else kk
            Lg = L[g]
            if Lg == 0.0:  # an all-zero column never moves (and never divides by 0)
                continue
            start = indptr[g]
            size = 1
            if kind == GROUP:  # a compile-time constant: separable kinds skip the buffer
                size = indptr[g + 1] - start
                for k in range(size):
                    j = indices[start + k]
                    buf[k] = _layout_dot(layout, j, R, c, s_rt) / n + Lg * w[j]
                _step(kind, buf, size, Lg, g, t, b, lower, upper, gamma)
            for k in range(size):
                # a separable kind's blocks are its coordinates in order (indices = arange)
                j = indices[start + k] if kind == GROUP else g
                if kind == GROUP:
                    new = buf[k]
                else:
                    new = _coordinate_step(kind, _layout_dot(layout, j, R, c, s_rt) / n
                                           + Lg * w[j], Lg, t[g], b[g], lower[g], upper[g],
                                           gamma)
                delta = new - w[j]
                if delta != 0.0:
                    c, s_rt = _layout_move(layout, R, j, delta, c, s_rt)
                    w[j] = new
                    d_w_max = max(d_w_max, abs(delta))
                w_max = max(w_max, abs(new))
        if d_w_max <= d_w_tol * w_max:
            state[0] = c
            state[1] = s_rt
            return sweep + 1
    state[0] = c
    state[1] = s_rt
    return max_sweeps


# --- compiled entry points: one per kind, the kind a constant inside ---------------------
# (``a`` = layout, blocks, params, w, R, state, buf; ``m`` passes at most, ``d`` = d_w_tol)

@jit
def _sweeps_soft(a0, a1, a2, a3, a4, a5, a6, m, d, seed):
    return _sweeps(SOFT, a0, a1, a2, a3, a4, a5, a6, m, d, seed)


@jit
def _sweeps_box(a0, a1, a2, a3, a4, a5, a6, m, d, seed):
    return _sweeps(BOX, a0, a1, a2, a3, a4, a5, a6, m, d, seed)


@jit
def _sweeps_mcp(a0, a1, a2, a3, a4, a5, a6, m, d, seed):
    return _sweeps(MCP, a0, a1, a2, a3, a4, a5, a6, m, d, seed)


@jit
def _sweeps_scad(a0, a1, a2, a3, a4, a5, a6, m, d, seed):
    return _sweeps(SCAD, a0, a1, a2, a3, a4, a5, a6, m, d, seed)


@jit
def _sweeps_group(a0, a1, a2, a3, a4, a5, a6, m, d, seed):
    return _sweeps(GROUP, a0, a1, a2, a3, a4, a5, a6, m, d, seed)


SWEEPS = {SOFT: _sweeps_soft, BOX: _sweeps_box, MCP: _sweeps_mcp, SCAD: _sweeps_scad,
          GROUP: _sweeps_group}
