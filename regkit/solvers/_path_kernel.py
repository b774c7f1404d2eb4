"""The whole-path lasso / elastic-net kernel (working sets, Gram updates, Anderson), compiled
with numba.

Imported by :mod:`regkit.solvers.coordinate_descent` at its first path solve.
"""

import numpy as np

from regkit.solvers._jit import jit, jit_inline


# --- whole-path kernel for the lasso and the elastic net --------------------------------
# A path with a uniform L1 threshold t = alpha * l1_ratio > 0 and ridge part
# b = alpha * (1 - l1_ratio) runs in one compiled call (no Python between alphas). The ideas
# that make it fast come from the working-set solvers (Blitz, celer, skglm):
#
# * Working sets. Per alpha, coordinate descent runs only on W: the non-zero coefficients,
#   every violator of the optimality condition |X_j^T R / n| <= t, and the zero ones
#   closest to violating it (see _working_set_size). The inner solve stops at a duality
#   gap of the restricted problem below ``INNER_FRACTION * target``; then the full gap
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

INNER_FRACTION = 0.9
_CACHE_START = 512  # initial capacity, in features, of the on-demand Gram cache


@jit
def _gap_from_terms(rrn, ryn, l1, l2sq, u_max, t, b):
    """Duality gap (see regkit.certificates) from ``||R||^2 / n``, ``R.y / n``, ``||w||_1``,
    ``||w||^2`` and ``max_j |X_j^T R / n - b w_j|``."""
    dn = u_max / t
    s = 1.0 if dn <= 1.0 else 1.0 / dn
    primal = 0.5 * rrn + t * l1 + 0.5 * b * l2sq
    dual = s * ryn - 0.5 * s * s * (rrn + b * l2sq)
    return primal - dual


@jit
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


@jit
def _residual_terms_from_q(w, q, xty, yyn):
    """``(||R||^2 / n, R.y / n)`` from ``q = X^T R / n`` over the same coordinates as ``w``."""
    w_xty = 0.0
    w_q = 0.0
    for a in range(w.shape[0]):
        w_xty += w[a] * xty[a]
        w_q += w[a] * q[a]
    ryn = yyn - w_xty
    return max(ryn - w_q, 0.0), ryn  # ||R||^2 >= 0: clip the rounding


@jit
def _gap_from_q(w, q, xty, yyn, t, b):
    """Duality gap of the problem on the coordinates of ``w``, from ``q`` alone, O(len(w))."""
    rrn, ryn = _residual_terms_from_q(w, q, xty, yyn)
    l1, l2sq, u_max = _penalty_terms(w, q, b)
    return _gap_from_terms(rrn, ryn, l1, l2sq, u_max, t, b)


@jit_inline
def _subtract_product(out, base, M, w):
    """``out = base - M w``, visiting only the columns of ``M`` where ``w_j`` is non-zero."""
    for i in range(out.shape[0]):
        out[i] = base[i]
    for j in range(w.shape[0]):
        if w[j] != 0.0:
            wj = w[j]
            for i in range(out.shape[0]):
                out[i] -= M[i, j] * wj


@jit
def _correlations_gram(G, xty, w, c):
    """``c = xty - G w`` (= X^T R / n); ``G`` is symmetric, so its rows are read as
    columns (contiguous in a C-ordered ``G``)."""
    _subtract_product(c, xty, G.T, w)


@jit
def _correlations_residual(X, y, w, R, c):
    """``R = y - Xw`` and ``c = X^T R / n``; returns ``(||R||^2 / n, R.y / n)``."""
    n, p = X.shape
    _subtract_product(R, y, X, w)
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


@jit
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


@jit
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


@jit
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


@jit
def _sift_up(heap, score, i):
    """Restore the max-heap order (by ``score``) after setting ``heap[i]``."""
    while i > 0:
        parent = (i - 1) // 2
        if score[heap[parent]] >= score[heap[i]]:
            return
        heap[parent], heap[i] = heap[i], heap[parent]
        i = parent


@jit
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


@jit
def _gram_block(G, W):
    """``G[W][:, W]``."""
    m = W.shape[0]
    Gw = np.empty((m, m))
    for a in range(m):
        for a2 in range(m):
            Gw[a, a2] = G[W[a], W[a2]]
    return Gw


@jit
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


@jit
def _refresh_q(Gw, ww, xw, q):
    """``q = xw - Gw ww`` from scratch (the in-place updates drift by rounding)."""
    m = ww.shape[0]
    for a in range(m):
        acc = xw[a]
        for a2 in range(m):
            acc -= Gw[a, a2] * ww[a2]
        q[a] = acc


@jit
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


@jit
def _objective_from_q(w, q, xw, t, b):
    """The objective minus the constant ``||y||^2 / (2n)``, from ``q``."""
    value = 0.0
    for a in range(w.shape[0]):
        value += -0.5 * w[a] * (xw[a] + q[a]) + t * abs(w[a]) + 0.5 * b * w[a] * w[a]
    return value


@jit
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


@jit
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


@jit
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


@jit
def _extrapolated_start(G, xty, yyn, alphas, k, t, b, coefs, w, c, rrn, ryn, c_try, w_try):
    """Warm start for alpha k from the last two solutions, when it has the smaller gap.

    Between two knots the lasso path is linear in alpha (the elastic net's nearly so), so
    ``w_{k-1} + (alpha_k - alpha_{k-1}) / (alpha_{k-1} - alpha_{k-2}) (w_{k-1} - w_{k-2})``
    is often the solution itself; a coordinate the step would carry through zero is set to
    zero. ``w``, ``c`` (and the returned ``(rrn, ryn)``) are replaced when the candidate's
    duality gap is smaller; with the full Gram matrix the comparison costs O(p |support|).
    """
    p = w.shape[0]
    step = alphas[k - 1] - alphas[k - 2]
    if step == 0.0:
        # a repeated alpha: the last two solutions give no direction to extrapolate along
        return rrn, ryn
    ratio = (alphas[k] - alphas[k - 1]) / step
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


@jit
def _correlations(X, y, G, use_gram, xty, yyn, w, R, c):
    """``c = X^T (y - Xw) / n`` (and ``R``, without the Gram matrix); returns
    ``(||R||^2 / n, R.y / n)``: O(p |support|) with ``G``, O(np) without."""
    if use_gram:
        _correlations_gram(G, xty, w, c)
        return _residual_terms_from_q(w, c, xty, yyn)
    return _correlations_residual(X, y, w, R, c)


@jit
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


@jit
def enet_path_kernel(X, y, xty, G, use_gram, col_sq, alphas, skip, l1_ratio, target,
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
