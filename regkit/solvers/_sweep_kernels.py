"""Coordinate-descent sweeps for one penalty (separable or block), compiled with numba.

Imported by :mod:`regkit.solvers.coordinate_descent` at its first solve.
"""

from regkit.solvers._jit import jit, jit_inline


@jit_inline
def _column_dot(X, j, R):
    """``X[:, j] . R``."""
    dot = 0.0
    for i in range(X.shape[0]):
        dot += X[i, j] * R[i]
    return dot


@jit_inline
def _move(X, R, w, j, new):
    """Set ``w[j] = new`` and keep ``R = y - X w`` up to date; returns ``|new - old|``."""
    delta = new - w[j]
    if delta != 0.0:
        for i in range(X.shape[0]):
            R[i] -= delta * X[i, j]
        w[j] = new
    return abs(delta)


@jit
def sweeps_separable(X, w, R, col_sq, t, b, cols, max_sweeps, d_w_tol):
    """Cyclic passes over ``cols`` until a pass changes no coefficient by more than
    ``d_w_tol`` times the largest one, or ``max_sweeps`` passes; returns the passes run."""
    n = X.shape[0]
    for sweep in range(max_sweeps):
        d_w_max = 0.0
        w_max = 0.0
        for k in range(cols.shape[0]):
            j = cols[k]
            if col_sq[j] == 0.0:  # an all-zero column never moves (and never divides by 0)
                continue
            z = _column_dot(X, j, R) / n + col_sq[j] * w[j]
            excess = abs(z) - t[j]
            new = 0.0
            if excess > 0.0:
                new = (excess if z > 0.0 else -excess) / (col_sq[j] + b[j])
            d_w_max = max(d_w_max, _move(X, R, w, j, new))
            w_max = max(w_max, abs(new))
        if d_w_max <= d_w_tol * w_max:
            return sweep + 1
    return max_sweeps


@jit
def sweeps_blocks(X, w, R, indptr, indices, thresholds, lipschitz, buf, max_sweeps, d_w_tol):
    """Passes of block proximal-gradient updates (block soft thresholding), stopping
    like :func:`sweeps_separable`; returns the passes run."""
    n = X.shape[0]
    for sweep in range(max_sweeps):
        d_w_max = 0.0
        w_max = 0.0
        for g in range(indptr.shape[0] - 1):
            L = lipschitz[g]
            if L == 0.0:
                continue
            start = indptr[g]
            stop = indptr[g + 1]
            norm2 = 0.0
            for k in range(start, stop):
                j = indices[k]
                z = w[j] + _column_dot(X, j, R) / (n * L)
                buf[k - start] = z
                norm2 += z * z
            norm = norm2 ** 0.5
            scale = 0.0
            if norm > thresholds[g] / L:
                scale = 1.0 - thresholds[g] / (L * norm)
            for k in range(start, stop):
                new = scale * buf[k - start]
                d_w_max = max(d_w_max, _move(X, R, w, indices[k], new))
                w_max = max(w_max, abs(new))
        if d_w_max <= d_w_tol * w_max:
            return sweep + 1
    return max_sweeps


@jit
def threshold_nonconvex(z, v, alpha, gamma, kind):
    """``argmin_w (v/2) w^2 - z w + P(|w|)`` for MCP (``kind`` 0) or SCAD (``kind`` 1);
    the same closed forms as :meth:`regkit.penalties.MCP.threshold` / ``SCAD.threshold``."""
    az = abs(z)
    sign = 1.0 if z > 0.0 else -1.0
    if az <= alpha:
        return 0.0
    if kind == 0:
        if az <= v * gamma * alpha:
            return sign * (az - alpha) / (v - 1.0 / gamma)
        return z / v
    if az <= alpha * (v + 1.0):
        return sign * (az - alpha) / v
    if az <= v * gamma * alpha:
        return sign * ((gamma - 1.0) * az - gamma * alpha) / ((gamma - 1.0) * v - 1.0)
    return z / v


@jit
def sweeps_nonconvex(X, w, R, col_sq, alpha, gamma, kind, max_sweeps, d_w_tol):
    """Cyclic coordinate passes for SCAD / MCP: each coordinate moves to the exact
    minimiser of the objective along it (:func:`threshold_nonconvex`), so the objective
    never increases; stops like :func:`sweeps_separable`; returns the passes run."""
    n, p = X.shape
    for sweep in range(max_sweeps):
        d_w_max = 0.0
        w_max = 0.0
        for j in range(p):
            if col_sq[j] == 0.0:
                continue
            w_j = w[j]
            dot = 0.0
            for i in range(n):
                dot += X[i, j] * R[i]
            new = threshold_nonconvex(dot / n + col_sq[j] * w_j, col_sq[j], alpha, gamma, kind)
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
