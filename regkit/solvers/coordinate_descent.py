"""Coordinate descent for ``(1/(2n)) ||y - Xw||^2 + pen(w)``, written once for every penalty.

One sweep visits the coordinates (or blocks) in order and minimises the objective in
each while holding the others fixed. For a separable penalty with L1 threshold ``t_j``
and quadratic weight ``b_j`` that minimiser is closed-form:

    w_j <- soft_threshold(X_j^T R / n + ||X_j||^2 / n * w_j, t_j) / (||X_j||^2 / n + b_j),

where ``R = y - Xw`` is the residual, kept up to date in place (O(n) per coordinate, so
one sweep costs O(np)). For a block penalty (group lasso) each block takes one proximal
gradient step with its own Lipschitz constant ``||X_g||_2^2 / n`` (block soft
thresholding), which for blocks of size 1 is the exact coordinate update above.

The penalty object decides which kernel runs (``penalty.cd_kind``) and supplies its
thresholds; the kernels are compiled with numba on first use (numba is imported then,
not at ``import regkit``).

Stopping rule, as scikit-learn: stop when the duality gap
(:func:`regkit.diagnostics.penalty_duality_gap`) is at most ``tol * ||y||^2 / n``. The gap
costs about one sweep, so it is evaluated only when a sweep changed no coefficient by
more than ``tol`` times the largest one, or after ``gap_every`` sweeps without a check,
and at ``max_iter``. The sweeps between checks run inside one compiled call.
"""

import warnings
from typing import NamedTuple

import numpy as np

from ..diagnostics import penalty_duality_gap
from ..exceptions import ConvergenceWarning
from ..penalties import range_basis

__all__ = ["coordinate_descent", "enet_path_cd", "Design", "SolverResult"]


class SolverResult(NamedTuple):
    """What a regkit solver returns.

    Attributes
    ----------
    coef : ndarray (p,)
    gap : float
        Duality gap at ``coef`` (``1/(2n)`` scale).
    target : float
        The gap the solver aimed for, ``tol * ||y||^2 / n``.
    n_iter : int
        Sweeps (coordinate descent) or iterations (proximal gradient) run.
    converged : bool
        ``gap <= target``.
    """

    coef: np.ndarray
    gap: float
    target: float
    n_iter: int
    converged: bool


class Design:
    """A validated ``(X, y)`` with what every solve reuses: Fortran-ordered ``X`` (columns
    contiguous for the kernels), ``||X_j||^2 / n`` and ``||y||^2``.

    Paths build it once and solve many times with warm starts.
    """

    def __init__(self, X, y):
        self.X = np.asfortranarray(X, dtype=np.float64)
        self.y = np.ascontiguousarray(y, dtype=np.float64)
        self.n, self.p = self.X.shape
        self.col_sq = np.einsum("ij,ij->j", self.X, self.X) / self.n
        self.yy = float(self.y @ self.y)
        self._bases = {}
        self._group_lipschitz = {}

    def basis(self, mask):
        """Orthonormal basis of the span of the columns in ``mask`` (cached)."""
        key = mask.tobytes()
        if key not in self._bases:
            self._bases[key] = range_basis(self.X[:, mask])
        return self._bases[key]

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


# --- numba kernels -------------------------------------------------------------------
# Plain functions here, compiled on first use by _kernels(): numba costs ~0.5 s to import.
# They are self-contained (no calls to other Python functions) so each compiles alone,
# except the path kernel, which calls the helpers listed in _PATH_HELPERS.

def _sweeps_separable(X, w, R, col_sq, t, b, cols, max_sweeps, d_w_tol):
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
            w_j = w[j]
            dot = 0.0
            for i in range(n):
                dot += X[i, j] * R[i]
            z = dot / n + col_sq[j] * w_j
            excess = abs(z) - t[j]
            new = 0.0
            if excess > 0.0:
                new = (excess if z > 0.0 else -excess) / (col_sq[j] + b[j])
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


def _sweeps_blocks(X, w, R, indptr, indices, thresholds, lipschitz, buf, max_sweeps, d_w_tol):
    """Passes of block proximal-gradient updates (block soft thresholding), stopping
    like :func:`_sweeps_separable`; returns the passes run."""
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
                dot = 0.0
                for i in range(n):
                    dot += X[i, j] * R[i]
                z = w[j] + dot / (n * L)
                buf[k - start] = z
                norm2 += z * z
            norm = norm2 ** 0.5
            scale = 0.0
            if norm > thresholds[g] / L:
                scale = 1.0 - thresholds[g] / (L * norm)
            for k in range(start, stop):
                j = indices[k]
                new = scale * buf[k - start]
                delta = new - w[j]
                if delta != 0.0:
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


# --- whole-path kernel for the lasso and the elastic net --------------------------------
# A path with a uniform L1 threshold t = alpha * l1_ratio > 0 and ridge part
# b = alpha * (1 - l1_ratio) runs in one compiled call (no Python between alphas). The ideas
# that make it fast come from the working-set solvers (Blitz, celer, skglm):
#
# * Working sets. Per alpha, coordinate descent runs only on W: the non-zero coefficients,
#   every violator of the optimality condition |X_j^T R / n| <= t, and the zero ones
#   closest to violating it (see _working_set_size). The inner solve stops at a duality
#   gap of the restricted problem below ``_INNER_FRACTION * target``; then the full gap
#   decides: done, or a larger W and the inner solve resumes, warm. The full gap is the
#   final KKT check: no coordinate outside W is ever assumed to stay at zero.
# * Gram updates. Inside W the solver keeps q = X_W^T R / n instead of the residual, so a
#   coordinate update costs O(|W|), not O(n): w_j moves by d, q -= d * G_W[:, j] with
#   G = X^T X / n. When n > p the whole G is formed once per path (one BLAS call);
#   otherwise the entries needed are computed on demand and cached across working sets
#   and alphas.
# * Anderson extrapolation of the coordinate-descent iterates (celer), which cuts the
#   sweeps where the problem is badly conditioned (small alpha, p >> n).
# * Between alphas: the last full gap evaluation at one alpha is the first at the next
#   (it depends on w only), and with G the start is extrapolated along the path.
#
# With q, every term of the gap is an O(|W|) expression (xty = X^T y / n, yyn = ||y||^2 / n):
#   ||R||^2 / n = yyn - w.xty - w.q ,   R.y / n = yyn - w.xty .

_INNER_FRACTION = 0.9
_CACHE_START = 512  # initial capacity, in features, of the on-demand Gram cache


def _gap_from_terms(rrn, ryn, l1, l2sq, u_max, t, b):
    """Duality gap (see regkit.diagnostics) from ``||R||^2 / n``, ``R.y / n``, ``||w||_1``,
    ``||w||^2`` and ``max_j |X_j^T R / n - b w_j|``."""
    dn = u_max / t
    s = 1.0 if dn <= 1.0 else 1.0 / dn
    primal = 0.5 * rrn + t * l1 + 0.5 * b * l2sq
    dual = s * ryn - 0.5 * s * s * (rrn + b * l2sq)
    return primal - dual


def _penalty_terms(w, q, b):
    """``(||w||_1, ||w||^2, max_j |q_j - b w_j|)``."""
    l1 = 0.0
    l2sq = 0.0
    u_max = 0.0
    for a in range(w.shape[0]):
        l1 += abs(w[a])
        l2sq += w[a] * w[a]
        u = abs(q[a] - b * w[a])
        if u > u_max:
            u_max = u
    return l1, l2sq, u_max


def _residual_terms_from_q(w, q, xty, yyn):
    """``(||R||^2 / n, R.y / n)`` from ``q = X^T R / n`` over the same coordinates as ``w``."""
    w_xty = 0.0
    w_q = 0.0
    for a in range(w.shape[0]):
        w_xty += w[a] * xty[a]
        w_q += w[a] * q[a]
    ryn = yyn - w_xty
    return max(ryn - w_q, 0.0), ryn  # ||R||^2 >= 0: clip the rounding


def _gap_from_q(w, q, xty, yyn, t, b):
    """Duality gap of the problem on the coordinates of ``w``, from ``q`` alone, O(len(w))."""
    rrn, ryn = _residual_terms_from_q(w, q, xty, yyn)
    l1, l2sq, u_max = _penalty_terms(w, q, b)
    return _gap_from_terms(rrn, ryn, l1, l2sq, u_max, t, b)


def _correlations_gram(G, xty, w, c):
    """``c = xty - G w`` (= X^T R / n), visiting only the non-zero ``w_j`` (G symmetric)."""
    p = w.shape[0]
    for j in range(p):
        c[j] = xty[j]
    for j in range(p):
        if w[j] != 0.0:
            wj = w[j]
            for i in range(p):
                c[i] -= G[j, i] * wj


def _correlations_residual(X, y, w, R, c):
    """``R = y - Xw`` and ``c = X^T R / n``; returns ``(||R||^2 / n, R.y / n)``."""
    n, p = X.shape
    for i in range(n):
        R[i] = y[i]
    for j in range(p):
        if w[j] != 0.0:
            wj = w[j]
            for i in range(n):
                R[i] -= X[i, j] * wj
    rr = 0.0
    ry = 0.0
    for i in range(n):
        rr += R[i] * R[i]
        ry += R[i] * y[i]
    for j in range(p):
        dot = 0.0
        for i in range(n):
            dot += X[i, j] * R[i]
        c[j] = dot / n
    return rr / n, ry / n


def _working_set_size(w, c, t, previous, ws_min, use_gram):
    """How many coordinates the next working set gets (``previous``: 0 at a new alpha).

    It always holds the support and every violator (``w_j = 0``, ``|c_j| > t``), so each
    round either certifies the solution or lets a violator in. With the full Gram matrix a
    round is cheap (O(p |support|)) and the sweeps cost O(|W|) per moving coordinate, so W
    stays tight: those plus ``ws_min``. Without it a round costs O(np), so W is at least
    twice the support and doubles when a round did not settle the alpha (as celer).
    """
    p = w.shape[0]
    nnz = 0
    need = 0
    for j in range(p):
        if w[j] != 0.0:
            nnz += 1
            need += 1
        elif abs(c[j]) > t:
            need += 1
    if use_gram:
        return min(p, need + ws_min)
    grown = max(ws_min, 2 * nnz, need)
    return min(p, grown if grown > previous else 2 * previous)


def _working_set(w, c, col_sq, t, ws_size, score):
    """The ``ws_size`` coordinates to optimise next, increasing: every non-zero ``w_j``, then
    the zero ones by increasing distance ``(t - |c_j|) / ||X_j||`` to violating
    ``|c_j| <= t`` (negative for violators)."""
    p = w.shape[0]
    if ws_size >= p:
        return np.arange(p)
    for j in range(p):
        if w[j] != 0.0:
            score[j] = -np.inf
        elif col_sq[j] == 0.0:
            score[j] = np.inf  # a zero column never moves
        else:
            score[j] = (t - abs(c[j])) / np.sqrt(col_sq[j])
    return _smallest(score, ws_size)


def _smallest(score, k):
    """Indices of the ``k`` smallest entries of ``score``, in increasing index order.

    A max-heap of the best ``k`` so far, O(p log k). (Hand-written rather than
    ``np.argsort``: numba compiles these few loops in a fraction of the time.)
    """
    p = score.shape[0]
    heap = np.empty(k, dtype=np.int64)
    for i in range(k):
        heap[i] = i
        _sift_up(heap, score, i)
    for j in range(k, p):
        if score[j] < score[heap[0]]:
            heap[0] = j
            _sift_down(heap, score, k)
    chosen = np.zeros(p, dtype=np.bool_)
    for i in range(k):
        chosen[heap[i]] = True
    out = np.empty(k, dtype=np.int64)
    a = 0
    for j in range(p):
        if chosen[j]:
            out[a] = j
            a += 1
    return out


def _sift_up(heap, score, i):
    """Restore the max-heap order (by ``score``) after setting ``heap[i]``."""
    while i > 0:
        parent = (i - 1) // 2
        if score[heap[parent]] >= score[heap[i]]:
            return
        heap[parent], heap[i] = heap[i], heap[parent]
        i = parent


def _sift_down(heap, score, size):
    """Restore the max-heap order (by ``score``) after replacing the root."""
    i = 0
    while True:
        largest = i
        for child in (2 * i + 1, 2 * i + 2):
            if child < size and score[heap[child]] > score[heap[largest]]:
                largest = child
        if largest == i:
            return
        heap[largest], heap[i] = heap[i], heap[largest]
        i = largest


def _gram_block(G, W):
    """``G[W][:, W]``."""
    m = W.shape[0]
    Gw = np.empty((m, m))
    for a in range(m):
        for a2 in range(m):
            Gw[a, a2] = G[W[a], W[a2]]
    return Gw


def _gram_block_cached(X, W, slot, members, cache, n_cached):
    """``X_W^T X_W / n`` from a cache of the products computed so far.

    Feature ``j`` owns row and column ``slot[j]`` of ``cache`` (``-1``: not cached;
    ``members`` is the inverse map). A new feature gets its products with every cached
    one, O(n) each. When the working set does not fit, the cache starts over (larger if
    needed). Returns ``(Gw, members, cache, n_cached)``: the arrays may be new.
    """
    n = X.shape[0]
    m = W.shape[0]
    n_new = 0
    for a in range(m):
        if slot[W[a]] < 0:
            n_new += 1
    if n_cached + n_new > members.shape[0]:
        for s in range(n_cached):
            slot[members[s]] = -1
        n_cached = 0
        if m > members.shape[0]:
            cap = min(slot.shape[0], 2 * m)
            members = np.empty(cap, dtype=np.int64)
            cache = np.empty((cap, cap))
    for a in range(m):
        j = W[a]
        if slot[j] >= 0:
            continue
        s = n_cached
        slot[j] = s
        members[s] = j
        for s2 in range(s + 1):
            j2 = members[s2]
            dot = 0.0
            for i in range(n):
                dot += X[i, j] * X[i, j2]
            cache[s, s2] = dot / n
            cache[s2, s] = dot / n
        n_cached += 1
    Gw = np.empty((m, m))
    for a in range(m):
        sa = slot[W[a]]
        for a2 in range(m):
            Gw[a, a2] = cache[sa, slot[W[a2]]]
    return Gw, members, cache, n_cached


def _refresh_q(Gw, ww, xw, q):
    """``q = xw - Gw ww`` from scratch (the in-place updates drift by rounding)."""
    m = ww.shape[0]
    for a in range(m):
        acc = xw[a]
        for a2 in range(m):
            acc -= Gw[a, a2] * ww[a2]
        q[a] = acc


def _cd_sweep(Gw, q, ww, cs, t, b):
    """One cyclic pass of exact coordinate minimisation, keeping ``q = xw - Gw ww``."""
    m = ww.shape[0]
    for a in range(m):
        if cs[a] == 0.0:  # an all-zero column never moves (and never divides by 0)
            continue
        old = ww[a]
        z = q[a] + cs[a] * old
        excess = abs(z) - t
        new = 0.0
        if excess > 0.0:
            new = (excess if z > 0.0 else -excess) / (cs[a] + b)
        if new != old:
            delta = new - old
            for a2 in range(m):
                q[a2] -= delta * Gw[a, a2]
            ww[a] = new


def _objective_from_q(w, q, xw, t, b):
    """The objective minus the constant ``||y||^2 / (2n)``, from ``q``."""
    value = 0.0
    for a in range(w.shape[0]):
        value += -0.5 * w[a] * (xw[a] + q[a]) + t * abs(w[a]) + 0.5 * b * w[a] * w[a]
    return value


def _solve_small(M, z):
    """Solve ``M x = z`` in place (``z`` becomes ``x``) by Gaussian elimination with partial
    pivoting; ``False`` (and ``z`` undefined) when ``M`` is numerically singular."""
    K = M.shape[0]
    scale = 0.0
    for i in range(K):
        scale = max(scale, abs(M[i, i]))
    if scale == 0.0:
        return False
    for col in range(K):
        piv = col
        for r in range(col + 1, K):
            if abs(M[r, col]) > abs(M[piv, col]):
                piv = r
        if abs(M[piv, col]) <= 1e-14 * scale:
            return False
        if piv != col:
            for k in range(K):
                M[col, k], M[piv, k] = M[piv, k], M[col, k]
            z[col], z[piv] = z[piv], z[col]
        for r in range(col + 1, K):
            f = M[r, col] / M[col, col]
            for k in range(col, K):
                M[r, k] -= f * M[col, k]
            z[r] -= f * z[col]
    for col in range(K - 1, -1, -1):
        acc = z[col]
        for k in range(col + 1, K):
            acc -= M[col, k] * z[k]
        z[col] = acc / M[col, col]
    return True


def _anderson_step(hist, ww, q, xw, Gw, t, b):
    """Replace ``ww`` (and ``q``) by the Anderson extrapolation of the iterates in ``hist``
    when that lowers the objective; otherwise leave both alone.

    With ``U_i = hist[i+1] - hist[i]``, the weights ``c = z / sum(z)``, ``(U U^T) z = 1``,
    minimise ``||sum_i c_i U_i||`` subject to ``sum_i c_i = 1``; the candidate is
    ``sum_i c_i hist[i+1]``. Coordinate descent converges linearly, its steps lining up
    along a few slow directions, and this jumps ahead along them.
    """
    K = hist.shape[0] - 1
    m = ww.shape[0]
    M = np.empty((K, K))
    for i in range(K):
        for k in range(i + 1):
            acc = 0.0
            for a in range(m):
                acc += (hist[i + 1, a] - hist[i, a]) * (hist[k + 1, a] - hist[k, a])
            M[i, k] = acc
            M[k, i] = acc
    z = np.ones(K)
    if not _solve_small(M, z):
        return
    total = 0.0
    for i in range(K):
        total += z[i]
    if not 0.0 < abs(total) < np.inf:  # also rejects nan
        return
    cand = np.zeros(m)
    for i in range(K):
        ci = z[i] / total
        for a in range(m):
            cand[a] += ci * hist[i + 1, a]
    q_cand = np.empty(m)
    _refresh_q(Gw, cand, xw, q_cand)
    if _objective_from_q(cand, q_cand, xw, t, b) < _objective_from_q(ww, q, xw, t, b):
        for a in range(m):
            ww[a] = cand[a]
            q[a] = q_cand[a]


def _inner_cd(Gw, q, ww, xw, cs, t, b, yyn, inner_target, max_sweeps, n_anderson):
    """Coordinate descent on a working set until its restricted gap is at most
    ``inner_target`` (confirmed with a fresh ``q``) or ``max_sweeps``; returns the sweeps."""
    m = ww.shape[0]
    hist = np.empty((n_anderson + 1, m))
    n_hist = 0
    for sweep in range(max_sweeps):
        _cd_sweep(Gw, q, ww, cs, t, b)
        if n_anderson > 0:
            for a in range(m):
                hist[n_hist, a] = ww[a]
            n_hist += 1
            if n_hist == n_anderson + 1:
                n_hist = 0
                _anderson_step(hist, ww, q, xw, Gw, t, b)
        if _gap_from_q(ww, q, xw, yyn, t, b) <= inner_target:
            _refresh_q(Gw, ww, xw, q)
            if _gap_from_q(ww, q, xw, yyn, t, b) <= inner_target:
                return sweep + 1
    return max_sweeps


def _extrapolated_start(G, xty, yyn, alphas, k, t, b, coefs, w, c, rrn, ryn, c_try, w_try):
    """Warm start for alpha k from the last two solutions, when it has the smaller gap.

    Between two knots the lasso path is linear in alpha (the elastic net's nearly so), so
    ``w_{k-1} + (alpha_k - alpha_{k-1}) / (alpha_{k-1} - alpha_{k-2}) (w_{k-1} - w_{k-2})``
    is often the solution itself; a coordinate the step would carry through zero is set to
    zero. ``w``, ``c`` (and the returned ``(rrn, ryn)``) are replaced when the candidate's
    duality gap is smaller; with the full Gram matrix the comparison costs O(p |support|).
    """
    p = w.shape[0]
    ratio = (alphas[k] - alphas[k - 1]) / (alphas[k - 1] - alphas[k - 2])
    for j in range(p):
        new = 0.0
        if w[j] != 0.0:
            new = w[j] + ratio * (coefs[j, k - 1] - coefs[j, k - 2])
            if new * w[j] < 0.0:
                new = 0.0
        w_try[j] = new
    _correlations_gram(G, xty, w_try, c_try)
    rrn_try, ryn_try = _residual_terms_from_q(w_try, c_try, xty, yyn)
    l1, l2sq, u_max = _penalty_terms(w_try, c_try, b)
    gap_try = _gap_from_terms(rrn_try, ryn_try, l1, l2sq, u_max, t, b)
    l1, l2sq, u_max = _penalty_terms(w, c, b)
    if gap_try < _gap_from_terms(rrn, ryn, l1, l2sq, u_max, t, b):
        for j in range(p):
            w[j] = w_try[j]
            c[j] = c_try[j]
        return rrn_try, ryn_try
    return rrn, ryn


def _correlations(X, y, G, use_gram, xty, yyn, w, R, c):
    """``c = X^T (y - Xw) / n`` (and ``R``, without the Gram matrix); returns
    ``(||R||^2 / n, R.y / n)``: O(p |support|) with ``G``, O(np) without."""
    if use_gram:
        _correlations_gram(G, xty, w, c)
        return _residual_terms_from_q(w, c, xty, yyn)
    return _correlations_residual(X, y, w, R, c)


def _solve_on_working_set(W, Gw, c, w, xty, col_sq, t, b, yyn, inner_target, max_sweeps,
                          n_anderson):
    """Coordinate descent on the coordinates ``W`` only (``Gw`` their Gram block), from and
    into ``w``; returns the sweeps run."""
    m = W.shape[0]
    q = np.empty(m)
    ww = np.empty(m)
    xw = np.empty(m)
    cs = np.empty(m)
    for a in range(m):
        q[a] = c[W[a]]
        ww[a] = w[W[a]]
        xw[a] = xty[W[a]]
        cs[a] = col_sq[W[a]]
    sweeps = _inner_cd(Gw, q, ww, xw, cs, t, b, yyn, inner_target, max_sweeps, n_anderson)
    for a in range(m):
        w[W[a]] = ww[a]
    return sweeps


def _enet_path_kernel(X, y, xty, G, use_gram, col_sq, alphas, skip, l1_ratio, target,
                      max_iter, ws_min, inner_fraction, n_anderson, w, coefs, gaps, n_iters,
                      n_outer):
    """The path loop (see the comment above); fills ``coefs``, ``gaps``, ``n_iters`` and
    ``n_outer`` column by column, ``w`` carrying the warm start from one alpha to the next."""
    n, p = X.shape
    yyn = 0.0
    for i in range(n):
        yyn += y[i] * y[i]
    yyn /= n
    R = np.empty(n)
    c = np.empty(p)  # X^T R / n at the current w
    score = np.empty(p)
    c_try = np.empty(p)
    w_try = np.empty(p)
    slot = np.full(p, -1, dtype=np.int64)
    cap = min(p, _CACHE_START)
    members = np.empty(cap, dtype=np.int64)
    cache = np.empty((cap, cap))
    n_cached = 0
    # c, rrn, ryn depend on w only: the last evaluation at one alpha serves the next
    fresh = False
    rrn = 0.0
    ryn = 0.0
    for k in range(alphas.shape[0]):
        if skip[k]:
            for j in range(p):
                w[j] = 0.0
                coefs[j, k] = 0.0
            fresh = False
            gaps[k] = 0.0
            n_iters[k] = 0
            n_outer[k] = 0
            continue
        t = alphas[k] * l1_ratio
        b = alphas[k] * (1.0 - l1_ratio)
        sweeps = 0
        ws_size = 0
        gap = np.inf
        if use_gram and k >= 2 and not skip[k - 1] and not skip[k - 2] and fresh:
            rrn, ryn = _extrapolated_start(G, xty, yyn, alphas, k, t, b, coefs, w, c, rrn,
                                           ryn, c_try, w_try)
        while True:
            if not fresh:
                rrn, ryn = _correlations(X, y, G, use_gram, xty, yyn, w, R, c)
                fresh = True
            l1, l2sq, u_max = _penalty_terms(w, c, b)
            gap = _gap_from_terms(rrn, ryn, l1, l2sq, u_max, t, b)
            n_outer[k] += 1
            if gap <= target or sweeps >= max_iter:
                break
            ws_size = _working_set_size(w, c, t, ws_size, ws_min, use_gram)
            W = _working_set(w, c, col_sq, t, ws_size, score)
            if use_gram:
                Gw = _gram_block(G, W)
            else:
                Gw, members, cache, n_cached = _gram_block_cached(X, W, slot, members, cache,
                                                                  n_cached)
            sweeps += _solve_on_working_set(W, Gw, c, w, xty, col_sq, t, b, yyn,
                                            inner_fraction * target, max_iter - sweeps,
                                            n_anderson)
            fresh = False
        for j in range(p):
            coefs[j, k] = w[j]
        gaps[k] = gap
        n_iters[k] = sweeps


# compiled by _kernels() before the path kernel, which calls them by these names
_PATH_HELPERS = ("_gap_from_terms", "_penalty_terms", "_residual_terms_from_q", "_gap_from_q",
                 "_correlations_gram", "_correlations_residual", "_working_set_size",
                 "_sift_up", "_sift_down", "_smallest", "_working_set", "_gram_block",
                 "_gram_block_cached", "_refresh_q", "_cd_sweep", "_objective_from_q",
                 "_solve_small", "_anderson_step", "_inner_cd", "_extrapolated_start",
                 "_correlations", "_solve_on_working_set")


_KERNELS = {}
# Reassociation lets LLVM vectorize the dot-product reductions (4x fewer dependent adds);
# no "nnan"/"ninf": an infinite threshold (weight inf) must keep its IEEE meaning.
_FASTMATH = {"reassoc", "contract"}


def _kernels():
    if not _KERNELS:
        import numba  # noqa: PLC0415  (lazy on purpose)

        jit = numba.njit(cache=True, nogil=True, fastmath=_FASTMATH)
        _KERNELS["separable"] = jit(_sweeps_separable)
        _KERNELS["block"] = jit(_sweeps_blocks)
        # the path kernel's helpers become compiled functions under their own names, so
        # that the kernel (compiled at its first call) calls the compiled versions
        module = globals()
        for name in _PATH_HELPERS:
            module[name] = jit(module[name])
        _KERNELS["path"] = jit(_enet_path_kernel)
    return _KERNELS


# --- driver ----------------------------------------------------------------------------

def _make_sweeps(design, penalty):
    """Bind the kernel and the penalty's parameters into ``sweeps(w, R, max_sweeps, d_w_tol)``."""
    kernels = _kernels()
    X = design.X
    if penalty.cd_kind == "separable":
        t = np.ascontiguousarray(penalty.thresholds(design.p), dtype=np.float64)
        b = np.ascontiguousarray(penalty.quadratic(design.p), dtype=np.float64)
        cols = np.arange(design.p, dtype=np.int64)
        kernel = kernels["separable"]
        return lambda w, R, m, d_w_tol: kernel(X, w, R, design.col_sq, t, b, cols, m, d_w_tol)
    if penalty.cd_kind == "block":
        indptr, indices, thresholds = penalty.blocks()
        lipschitz = design.group_lipschitz(indptr, indices)
        buf = np.empty(int(np.max(np.diff(indptr))))
        kernel = kernels["block"]
        thresholds = np.ascontiguousarray(thresholds, dtype=np.float64)
        return lambda w, R, m, d_w_tol: kernel(X, w, R, indptr, indices, thresholds, lipschitz,
                                               buf, m, d_w_tol)
    raise ValueError(f"penalty {penalty!r} has unknown cd_kind {penalty.cd_kind!r}")


def convergence_message(solver, n_iter, gap, target):
    """The text of the ConvergenceWarning every regkit solver raises."""
    return (
        f"{solver} did not converge in max_iter={n_iter} iterations: duality gap {gap:.3e} > "
        f"target {target:.3e} (= tol * ||y||^2 / n). Increase max_iter, loosen tol, or "
        "standardize X."
    )


def coordinate_descent(design, penalty, *, tol=1e-4, max_iter=1000, coef_init=None,
                       gap_every=10, warn=True):
    """Minimise ``(1/(2n)) ||y - Xw||^2 + pen(w)`` by cyclic (block) coordinate descent.

    Parameters
    ----------
    design : Design
        The validated data (build with ``Design(X, y)``).
    penalty : regkit.penalties.Penalty
    tol : float
        Stop when the duality gap is at most ``tol * ||y||^2 / n``.
    max_iter : int
        Maximum number of sweeps over the coordinates.
    coef_init : ndarray (p,), optional
        Warm start. When given, the gap is checked before the first sweep, so an
        already-optimal start returns at once.
    gap_every : int
        Evaluate the gap at least every this many sweeps.
    warn : bool
        Warn ``ConvergenceWarning`` if ``max_iter`` runs out.

    Returns
    -------
    SolverResult
    """
    X, y = design.X, design.y
    n, p = design.n, design.p
    target = tol * design.yy / n
    w = np.zeros(p) if coef_init is None else np.array(coef_init, dtype=np.float64)
    # all-zero columns do not affect the fit; 0 is their (penalized) optimum
    w[design.col_sq == 0.0] = 0.0
    R = y - X @ w if np.any(w) else y.copy()
    free = penalty.unpenalized(p)
    basis = design.basis(free) if np.any(free) else None

    def gap():
        return penalty_duality_gap(X, y, w, penalty, residual=R, basis=basis)

    if coef_init is not None:
        g = gap()
        if g <= target:
            return SolverResult(w, g, target, 0, True)
    sweeps = _make_sweeps(design, penalty)
    g = np.inf
    it = 0
    while it < max_iter:
        # run until the coefficients settle (or gap_every sweeps), then pay for a gap
        it += sweeps(w, R, min(gap_every, max_iter - it), tol)
        # the in-place residual drifts by rounding over many sweeps; refresh it
        R[:] = y - X @ w
        g = gap()
        if g <= target:
            return SolverResult(w, g, target, it, True)
    if warn:
        warnings.warn(convergence_message("coordinate descent", max_iter, g, target),
                      ConvergenceWarning, stacklevel=4)  # the caller of lasso() / lasso_path()
    return SolverResult(w, g, target, max_iter, False)


class PathResult(NamedTuple):
    """What :func:`enet_path_cd` returns: one column / entry per alpha.

    Attributes
    ----------
    coefs : ndarray (p, n_alphas)
    gaps : ndarray (n_alphas,)
        Duality gap reached at each alpha (``1/(2n)`` scale).
    target : float
        ``tol * ||y||^2 / n``.
    n_iter : ndarray (n_alphas,)
        Coordinate-descent sweeps (over working sets) per alpha.
    n_outer : ndarray (n_alphas,)
        Full gap evaluations per alpha (working-set rounds + 1).
    """

    coefs: np.ndarray
    gaps: np.ndarray
    target: float
    n_iter: np.ndarray
    n_outer: np.ndarray


def path_kernel_applies(alphas, l1_ratio):
    """True when :func:`enet_path_cd` can solve this path (every L1 threshold positive)."""
    return l1_ratio > 0.0 and bool(np.all(alphas > 0.0))


def enet_path_cd(design, alphas, l1_ratio, *, tol=1e-4, max_iter=1000, skip=None,
                 coef_init=None, ws_min=10, gram=None, n_anderson=5):
    """Lasso / elastic-net solutions along ``alphas`` (in the given order), warm-started,
    in one compiled call.

    Each column minimises ``(1/(2n)) ||y - Xw||^2 + alpha * l1_ratio * ||w||_1
    + (alpha * (1 - l1_ratio) / 2) * ||w||^2`` to a duality gap of ``tol * ||y||^2 / n``,
    by coordinate descent on working sets with Gram updates (see the comment above
    ``_enet_path_kernel``).

    Parameters
    ----------
    design : Design
    alphas : ndarray (n_alphas,)
        Every ``alpha * l1_ratio`` must be positive (:func:`path_kernel_applies`).
        Decreasing order makes the warm starts effective.
    l1_ratio : float in (0, 1]
    tol : float
    max_iter : int
        Coordinate-descent sweeps (over a working set) allowed per alpha.
    skip : ndarray of bool (n_alphas,), optional
        Alphas known to give the all-zero solution (at or beyond ``alpha_max``).
    coef_init : ndarray (p,), optional
        Warm start for the first alpha.
    ws_min : int
        Working-set slack: how many coordinates beyond the support and the violators
        (see ``_working_set_size``).
    gram : bool, optional
        Precompute ``X^T X`` (default: when ``n > p``).
    n_anderson : int
        Iterates per Anderson extrapolation (0: none).

    Returns
    -------
    PathResult
        Coefficients, gaps and iteration counts per alpha.
    """
    kernel = _kernels()["path"]
    X, y = design.X, design.y
    n, p = design.n, design.p
    alphas = np.ascontiguousarray(alphas, dtype=np.float64)
    skip = np.zeros(alphas.shape[0], dtype=np.bool_) if skip is None else np.asarray(skip, bool)
    target = tol * design.yy / n
    use_gram = n > p if gram is None else bool(gram)
    xty = X.T @ y / n
    G = (X.T @ X) / n if use_gram else np.empty((0, 0))
    w = np.zeros(p) if coef_init is None else np.array(coef_init, dtype=np.float64)
    w[design.col_sq == 0.0] = 0.0
    coefs = np.zeros((p, alphas.shape[0]), order="F")
    gaps = np.zeros(alphas.shape[0])
    n_iter = np.zeros(alphas.shape[0], dtype=np.int64)
    n_outer = np.zeros(alphas.shape[0], dtype=np.int64)
    kernel(X, y, xty, G, use_gram, design.col_sq, alphas, skip, float(l1_ratio), float(target),
           int(max_iter), int(ws_min), _INNER_FRACTION, n_anderson, w, coefs, gaps, n_iter,
           n_outer)
    return PathResult(np.ascontiguousarray(coefs), gaps, target, n_iter, n_outer)
