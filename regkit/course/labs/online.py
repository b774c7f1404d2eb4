r"""Experiments of the "At scale" chapter: L1 on a stream that is never held in memory.

* :func:`stream`: a deterministic stream of ``(X_chunk, y_chunk)`` chunks from a sparse linear
  model; each chunk is regenerated from its own seed, so a pass never stores the data.
* :func:`sufficient_statistics` and :func:`batch_lasso_from_stats`: the exact batch lasso on the
  whole stream from ``X^T X``, ``X^T y`` (p x p memory, one pass).
* :func:`truncated_gradient`: SGD with Langford, Li and Zhang's (2009) truncation.
* :func:`ftrl_proximal`: McMahan et al.'s (2013) FTRL-Proximal with per-coordinate rates.
* :func:`spark_to_regkit`: Spark ML's ``LinearRegression(regParam, elasticNetParam)`` written as
  regkit's elastic-net parameters.

All online learners minimise the squared loss ``(1/2)(y - x^T w)^2`` per example, so their
target is the lasso ``(1/(2n)) ||y - Xw||^2 + l1 ||w||_1`` of :func:`regkit.lasso`.
"""

import numpy as np

import regkit
from regkit._validation import check_int, check_scalar

__all__ = ["stream", "sufficient_statistics", "batch_lasso_from_stats", "truncated_gradient",
           "ftrl_proximal", "spark_to_regkit", "make_truth"]


def make_truth(p, k=10, seed=0):
    """A sparse truth: ``k`` coefficients of size 1 to 2 with random signs, the rest 0."""
    rng = np.random.default_rng(seed)
    w = np.zeros(p)
    idx = rng.choice(p, k, replace=False)
    w[idx] = rng.uniform(1.0, 2.0, k) * rng.choice([-1.0, 1.0], k)
    return w


def stream(w, n_chunks, chunk_size, *, noise=1.0, seed=0):
    """Yield ``n_chunks`` chunks ``(X, y)`` with ``X ~ N(0, I)`` rows and ``y = Xw + noise``.

    Chunk ``c`` is drawn from seed ``(seed, c)``, so every pass sees the same data in the same
    order and nothing but the current chunk is ever in memory.
    """
    n_chunks, chunk_size = check_int(n_chunks, "n_chunks"), check_int(chunk_size, "chunk_size")
    for c in range(n_chunks):
        rng = np.random.default_rng([seed, c])
        X = rng.standard_normal((chunk_size, w.shape[0]))
        yield X, X @ w + noise * rng.standard_normal(chunk_size)


def sufficient_statistics(chunks):
    """``(X^T X, X^T y, y^T y, n)`` accumulated over a stream, in ``O(p^2)`` memory."""
    G = xty = None
    yy, n = 0.0, 0
    for X, y in chunks:
        if G is None:
            G, xty = np.zeros((X.shape[1],) * 2), np.zeros(X.shape[1])
        G += X.T @ X
        xty += X.T @ y
        yy += float(y @ y)
        n += X.shape[0]
    return G, xty, yy, n


def batch_lasso_from_stats(G, xty, n, alpha):
    r"""The lasso ``(1/(2n)) ||y - Xw||^2 + alpha ||w||_1`` on all ``n`` rows from ``X^T X`` and
    ``X^T y`` alone.

    With ``G = L L^T`` (Cholesky), ``X~ = L^T`` and ``y~ = L^{-1} X^T y`` give
    ``||y~ - X~ w||^2 = ||y - Xw||^2 - const``; ``X~`` has ``p`` rows, so the penalty is rescaled
    to ``alpha n / p`` for :func:`regkit.lasso`'s ``1/(2p)`` normalisation.
    """
    L = np.linalg.cholesky(G)
    Xt = L.T
    yt = np.linalg.solve(L, xty)
    return regkit.lasso(Xt, yt, alpha * n / G.shape[0], tol=1e-10)


def truncated_gradient(chunks, p, *, lr, l1, period=1, theta=np.inf):
    r"""One pass of SGD on ``(1/2)(y - x^T w)^2`` with truncated gradient (Langford et al., 2009).

    After every ``period`` examples, each coordinate with ``|w_j| <= theta`` is moved towards
    zero by ``lr * l1 * period`` and set to 0 if it would cross it. With ``theta = inf`` and
    ``period = 1`` this is stochastic proximal gradient (soft thresholding after each step).

    Returns
    -------
    w : ndarray (p,)
    """
    lr = check_scalar(lr, "lr", low=0.0, low_inclusive=False)
    l1 = check_scalar(l1, "l1", low=0.0)
    period = check_int(period, "period")
    w = np.zeros(p)
    t = 0
    for X, y in chunks:
        for x_i, y_i in zip(X, y):
            w -= lr * (x_i @ w - y_i) * x_i
            t += 1
            if t % period == 0:
                small = np.abs(w) <= theta
                shrunk = np.sign(w) * np.maximum(np.abs(w) - lr * l1 * period, 0.0)
                w = np.where(small, shrunk, w)
    return w


def ftrl_proximal(chunks, p, *, alpha=0.1, beta=1.0, l1=1.0, l2=0.0):
    r"""One pass of FTRL-Proximal (McMahan et al., 2013) on ``(1/2)(y - x^T w)^2``.

    Per coordinate it keeps ``z_j`` (the sum of gradients minus a proximal correction) and
    ``n_j`` (the sum of squared gradients); the weight is computed lazily as

        w_j = 0                                                  if |z_j| <= l1,
        w_j = -(z_j - sign(z_j) l1) / ((beta + sqrt(n_j)) / alpha + l2)   otherwise,

    so coordinates are exactly zero until their accumulated evidence beats ``l1``. ``l1`` here
    is a penalty on the *sum* of losses: about ``n * alpha_lasso`` after ``n`` examples.

    Returns
    -------
    w : ndarray (p,)
    """
    alpha = check_scalar(alpha, "alpha", low=0.0, low_inclusive=False)
    beta, l1, l2 = (check_scalar(v, name, low=0.0) for v, name in
                    ((beta, "beta"), (l1, "l1"), (l2, "l2")))
    z = np.zeros(p)
    n = np.zeros(p)

    def weights():
        active = np.abs(z) > l1
        w = np.zeros(p)
        w[active] = -(z[active] - np.sign(z[active]) * l1) / (
            (beta + np.sqrt(n[active])) / alpha + l2)
        return w

    w = weights()
    for X, y in chunks:
        for x_i, y_i in zip(X, y):
            g = (x_i @ w - y_i) * x_i
            sigma = (np.sqrt(n + g * g) - np.sqrt(n)) / alpha
            z += g - sigma * w
            n += g * g
            w = weights()
    return w


def spark_to_regkit(reg_param, elastic_net_param, y_std):
    r"""regkit ``elastic_net`` parameters ``(alpha, l1_ratio)`` equal to Spark ML's
    ``LinearRegression(regParam, elasticNetParam)`` on the same (already standardized) ``X``.

    Spark fits in label units, ``y' = y / s`` with ``s = std(y)``, and uses
    ``effectiveRegParam = regParam / s`` (its ``LinearRegression.scala``): it minimises
    ``(1/(2n)) ||y' - Xw'||^2 + (r/s) (a ||w'||_1 + (1 - a)/2 ||w'||^2)`` and reports
    ``w = s w'``. Multiplied by ``s^2``, on the scale of ``y`` that is ``(1/(2n)) ||y - Xw||^2 + r a ||w||_1 +
    (r (1 - a) / s) / 2 ||w||^2``: the L1 part is scikit-learn's, the L2 part is divided by
    ``s``. Matching regkit's ``alpha * l1_ratio`` and ``alpha * (1 - l1_ratio)`` gives the result.
    """
    r = check_scalar(reg_param, "reg_param", low=0.0)
    a = check_scalar(elastic_net_param, "elastic_net_param", low=0.0, high=1.0)
    s = check_scalar(y_std, "y_std", low=0.0, low_inclusive=False)
    l1_part, l2_part = r * a, r * (1.0 - a) / s
    alpha = l1_part + l2_part
    return alpha, (l1_part / alpha if alpha > 0 else 1.0)
