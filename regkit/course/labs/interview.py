r"""Small experiments behind the interview chapter (not solvers: every fit goes through regkit).

Each function backs one claim a candidate makes out loud:

* :func:`bootstrap_selection` and :func:`mean_jaccard`: how stable a selected feature set
  is under resampling ("L1 is always better for feature selection"?).
* :func:`ridge_risk`: bias, variance and error of ridge coefficients by simulation with
  the design held fixed ("ridge versus least squares", "bias-variance").
* :func:`dropout_loss_mc`, :func:`dropout_penalty`, :func:`dropout_ridge`: input dropout
  on a linear model is, in expectation, an *adaptive L2* penalty (not L1).
* :func:`gd_coef` and :func:`gd_filter`: gradient descent stopped early behaves like ridge.
* :func:`train_linear`: SGD and Adam with an L2 term in the gradient or with decoupled
  weight decay (AdamW), on least squares.
* :func:`cd_sweep_work`: one lasso coordinate-descent sweep with a multiply-add counter.
"""

import numpy as np

from regkit._validation import (
    check_alpha,
    check_alphas,
    check_array,
    check_int,
    check_scalar,
    check_vector,
    check_X_y,
)
from regkit.penalties import soft_threshold
from regkit._ridge import ridge, ridge_path

__all__ = [
    "bootstrap_selection",
    "mean_jaccard",
    "ridge_risk",
    "dropout_loss_mc",
    "dropout_penalty",
    "dropout_ridge",
    "gd_coef",
    "gd_filter",
    "train_linear",
    "cd_sweep_work",
]



def _check_rate(rate):
    # rate = 1 would drop every input: the rescaling 1 / (1 - rate) is undefined
    return check_scalar(rate, "rate", low=0.0, high=1.0, high_inclusive=False)


# ---------------------------------------------------------------------------
# Selection stability
# ---------------------------------------------------------------------------

def bootstrap_selection(X, y, fit, *, n_boot=200, seed=0):
    """Which features a sparse fit selects on each of ``n_boot`` bootstrap samples.

    Each bootstrap sample draws ``n`` rows with replacement, centres its columns and
    response (so ``fit`` needs no intercept), and calls ``fit(X_b, y_b)``.

    Parameters
    ----------
    X : array_like (n_samples, n_features)
    y : array_like (n_samples,)
    fit : callable
        ``fit(X_b, y_b) -> coef`` of shape (n_features,), e.g.
        ``lambda X, y: regkit.lasso(X, y, 0.5)``.
    n_boot : int >= 1
    seed : int

    Returns
    -------
    ndarray of bool, shape (n_boot, n_features)
        ``masks[b, j]`` is True when feature ``j`` has a non-zero coefficient on sample ``b``;
        ``masks.mean(axis=0)`` is each feature's selection frequency.
    """
    X, y = check_X_y(X, y)
    n_boot = check_int(n_boot, "n_boot", 1)
    if not callable(fit):
        raise ValueError(f"fit must be a callable fit(X, y) -> coef, got {fit!r}")
    n, p = X.shape
    rng = np.random.default_rng(seed)
    masks = np.empty((n_boot, p), dtype=bool)
    for b in range(n_boot):
        rows = rng.integers(0, n, n)
        Xb, yb = X[rows], y[rows]
        coef = np.asarray(fit(Xb - Xb.mean(axis=0), yb - yb.mean()), dtype=float)
        if coef.shape != (p,):
            raise ValueError(f"fit must return a coefficient vector of shape ({p},), got {coef.shape}")
        masks[b] = coef != 0
    return masks


def mean_jaccard(masks):
    r"""Average Jaccard similarity :math:`|A \cap B| / |A \cup B|` over all pairs of selected sets.

    1 means every sample selected the same set; two empty sets count as identical.

    Parameters
    ----------
    masks : array_like of bool, shape (n_sets, n_features), n_sets >= 2

    Returns
    -------
    float in [0, 1]
    """
    m = np.asarray(masks)
    if m.ndim != 2 or m.shape[0] < 2:
        raise ValueError(f"masks must be 2-D with at least 2 rows, got shape {m.shape}")
    m = m.astype(bool)
    # all pairs at once: intersections and unions from one matrix product each
    inter = m.astype(float) @ m.T.astype(float)
    sizes = m.sum(axis=1).astype(float)
    union = sizes[:, None] + sizes[None, :] - inter
    sim = np.where(union > 0, inter / np.where(union > 0, union, 1.0), 1.0)
    upper = np.triu_indices(m.shape[0], k=1)
    return float(sim[upper].mean())


# ---------------------------------------------------------------------------
# Bias and variance of ridge coefficients
# ---------------------------------------------------------------------------

def ridge_risk(X, w_true, noise, alphas, *, n_repeats=500, seed=0):
    r"""Squared bias, variance and mean squared error of ridge coefficients, by simulation.

    The design ``X`` is held fixed; each repeat draws ``y = X w_true + noise * eps`` and fits

    .. math:: \hat w_\alpha = \arg\min_w \|y - Xw\|_2^2 + \alpha \|w\|_2^2

    for every alpha (one SVD per repeat, :func:`regkit.ridge_path`). Summed over coefficients,

    .. math:: \mathbb E\|\hat w_\alpha - w\|^2 = \underbrace{\|\mathbb E \hat w_\alpha - w\|^2}_{\text{bias}^2}
              + \underbrace{\operatorname{tr} \operatorname{Cov}(\hat w_\alpha)}_{\text{variance}} .

    Parameters
    ----------
    X : array_like (n_samples, n_features)
    w_true : array_like (n_features,)
    noise : float > 0
        Standard deviation of the noise.
    alphas : array_like (n_alphas,), each >= 0 (0 is least squares)
    n_repeats : int >= 2
    seed : int

    Returns
    -------
    dict of ndarrays (n_alphas,)
        ``"bias2"`` (the plug-in estimate minus ``variance / n_repeats``, which removes its
        average excess), ``"variance"`` (ddof=1) and ``"mse"`` (the direct average of
        ``||w_hat - w_true||^2``).
    """
    X = check_array(X, "X", ndim=2)
    w_true = check_vector(w_true, "w_true", X.shape[1])
    noise = check_scalar(noise, "noise", low=0.0, low_inclusive=False)
    alphas = check_alphas(alphas)
    n_repeats = check_int(n_repeats, "n_repeats", 2)
    rng = np.random.default_rng(seed)
    mean = X @ w_true
    coefs = np.stack([ridge_path(X, mean + noise * rng.standard_normal(X.shape[0]), alphas)
                      for _ in range(n_repeats)])                      # (repeats, p, alphas)
    variance = coefs.var(axis=0, ddof=1).sum(axis=0)
    bias2 = ((coefs.mean(axis=0) - w_true[:, None]) ** 2).sum(axis=0) - variance / n_repeats
    mse = ((coefs - w_true[None, :, None]) ** 2).sum(axis=1).mean(axis=0)
    return {"bias2": bias2, "variance": variance, "mse": mse}


# ---------------------------------------------------------------------------
# Dropout on the inputs of a linear model
# ---------------------------------------------------------------------------

def dropout_loss_mc(X, y, w, rate, *, n_draws=20_000, seed=0, chunk=1_000):
    r"""Monte Carlo average of the squared loss under (inverted) input dropout.

    Each draw keeps every entry :math:`x_{ij}` independently with probability ``1 - rate``
    and rescales the kept ones by ``1 / (1 - rate)``, so :math:`\mathbb E[\tilde x_{ij}] = x_{ij}`,
    then evaluates :math:`\sum_i (y_i - \tilde x_i^\top w)^2`.

    Parameters
    ----------
    X : array_like (n_samples, n_features)
    y : array_like (n_samples,)
    w : array_like (n_features,)
    rate : float in [0, 1)
        Probability of dropping an input.
    n_draws : int >= 2
    seed : int
    chunk : int >= 1
        Draws generated at once (memory: ``chunk * n_samples * n_features`` floats).

    Returns
    -------
    mean : float
        The average dropout loss.
    stderr : float
        Its Monte Carlo standard error.
    """
    X, y = check_X_y(X, y)
    w = check_vector(w, "w", X.shape[1])
    rate = _check_rate(rate)
    n_draws = check_int(n_draws, "n_draws", 2)
    chunk = check_int(chunk, "chunk", 1)
    rng = np.random.default_rng(seed)
    losses = []
    for start in range(0, n_draws, chunk):
        k = min(chunk, n_draws - start)
        keep = rng.random((k,) + X.shape) >= rate
        residual = y - (X * keep) @ w / (1.0 - rate)              # (k, n)
        losses.append(np.sum(residual ** 2, axis=1))
    losses = np.concatenate(losses)
    return float(losses.mean()), float(losses.std(ddof=1) / np.sqrt(n_draws))


def dropout_penalty(X, w, rate):
    r"""The penalty that input dropout adds to the squared loss, in expectation.

    .. math:: \mathbb E \sum_i (y_i - \tilde x_i^\top w)^2 - \sum_i (y_i - x_i^\top w)^2
              = \frac{\text{rate}}{1 - \text{rate}} \sum_j w_j^2 \sum_i x_{ij}^2 ,

    an L2 penalty whose weight on :math:`w_j` grows with the energy of column :math:`j`
    (Wager, Wang and Liang, 2013). It is exact for the squared loss.

    Parameters
    ----------
    X : array_like (n_samples, n_features)
    w : array_like (n_features,)
    rate : float in [0, 1)

    Returns
    -------
    float
    """
    X = check_array(X, "X", ndim=2)
    w = check_vector(w, "w", X.shape[1])
    rate = _check_rate(rate)
    return float(rate / (1.0 - rate) * np.sum(w ** 2 * np.sum(X ** 2, axis=0)))


def dropout_ridge(X, y, rate):
    r"""The minimiser of the expected dropout loss of a linear model (no intercept).

    .. math:: \hat w = \arg\min_w \|y - Xw\|_2^2 + c \sum_j \|x_j\|^2 w_j^2,
              \qquad c = \frac{\text{rate}}{1 - \text{rate}},

    computed as plain ridge with ``alpha = c`` on the columns rescaled to unit norm, then
    mapped back: with :math:`v_j = \|x_j\| w_j` the penalty is :math:`c \|v\|^2`.
    An all-zero column gets coefficient 0.

    Parameters
    ----------
    X : array_like (n_samples, n_features)
    y : array_like (n_samples,)
    rate : float in [0, 1)

    Returns
    -------
    ndarray (n_features,)
    """
    X, y = check_X_y(X, y)
    rate = _check_rate(rate)
    norms = np.linalg.norm(X, axis=0)
    scale = np.where(norms > 0, norms, 1.0)   # a zero column stays zero and gets w_j = 0
    return ridge(X / scale, y, rate / (1.0 - rate)) / scale


# ---------------------------------------------------------------------------
# Early stopping
# ---------------------------------------------------------------------------

def gd_filter(d2, step, n_steps):
    r"""Fraction of the least-squares coefficient along each principal direction after
    ``n_steps`` of gradient descent from zero: :math:`1 - (1 - \eta d_j^2)^t`.

    Compare with ridge's :math:`d_j^2 / (d_j^2 + \lambda)`.

    Parameters
    ----------
    d2 : array_like
        Squared singular values of ``X``.
    step : float > 0
    n_steps : int >= 0 or array_like of them (broadcast against ``d2``)

    Returns
    -------
    ndarray
    """
    d2 = np.asarray(d2, dtype=float)
    step = check_scalar(step, "step", low=0.0, low_inclusive=False)
    t = np.asarray(n_steps)
    if not np.issubdtype(t.dtype, np.integer) or np.any(t < 0):
        raise ValueError(f"n_steps must be non-negative integers, got {n_steps!r}")
    return 1.0 - (1.0 - step * d2) ** t


def gd_coef(X, y, step, n_steps):
    r"""Gradient descent on :math:`\tfrac12\|y - Xw\|_2^2` from :math:`w_0 = 0`, after ``n_steps``.

    The iteration :math:`w_{t+1} = w_t + \eta X^\top (y - X w_t)` is linear, so with the thin
    SVD :math:`X = U \operatorname{diag}(d) V^\top` it has the closed form

    .. math:: w_t = V \operatorname{diag}\!\Big(\frac{1 - (1 - \eta d_j^2)^t}{d_j}\Big) U^\top y ,

    evaluated here for every requested ``t`` at once (directions with :math:`d_j = 0` stay at 0).
    It converges to the minimum-norm least-squares solution when
    :math:`0 < \eta < 2 / d_{\max}^2`.

    Parameters
    ----------
    X : array_like (n_samples, n_features)
    y : array_like (n_samples,)
    step : float > 0
    n_steps : int >= 0 or 1-D array_like of them

    Returns
    -------
    ndarray (n_features,) for an int ``n_steps``, else (n_features, len(n_steps))
    """
    X, y = check_X_y(X, y)
    step = check_scalar(step, "step", low=0.0, low_inclusive=False)
    scalar = np.ndim(n_steps) == 0
    t = np.atleast_1d(np.asarray(n_steps))
    U, d, Vt = np.linalg.svd(X, full_matrices=False)
    # directions below round-off are the null space: gradient descent never moves along them
    keep = d > d.max() * max(X.shape) * np.finfo(float).eps
    U, d, Vt = U[:, keep], d[keep], Vt[keep]
    filt = gd_filter(d[:, None] ** 2, step, t[None, :])             # (rank, len(t))
    coefs = Vt.T @ (filt / d[:, None] * (U.T @ y)[:, None])
    return coefs[:, 0] if scalar else coefs


# ---------------------------------------------------------------------------
# SGD / Adam with an L2 term or with decoupled weight decay
# ---------------------------------------------------------------------------

def train_linear(X, y, lam, *, optimizer="adam", decoupled=False, lr=0.01, n_steps=5000,
                 beta1=0.9, beta2=0.999, eps=1e-8):
    r"""Full-batch SGD or Adam on least squares, with L2 in the gradient or as weight decay.

    The data term is :math:`f(w) = \frac{1}{2n}\|y - Xw\|_2^2`. With ``decoupled=False`` the
    optimizer follows the gradient of :math:`f(w) + \frac{\lambda}{2}\|w\|_2^2` (an L2 penalty
    in the loss, whose minimiser is ``regkit.ridge(X, y, n * lam)``). With ``decoupled=True``
    it follows the gradient of :math:`f` only and then shrinks the weights directly,
    :math:`w \leftarrow w - \eta_t \lambda w_{\text{old}}` (weight decay; Adam becomes AdamW).
    The learning rate follows a cosine schedule from ``lr`` down to 0, so the iterates settle.

    Parameters
    ----------
    X : array_like (n_samples, n_features)
    y : array_like (n_samples,)
    lam : float >= 0
    optimizer : {"sgd", "adam"}
    decoupled : bool
    lr : float > 0
    n_steps : int >= 1
    beta1, beta2 : float in [0, 1)
    eps : float > 0

    Returns
    -------
    ndarray (n_features,)
        The final weights.
    """
    X, y = check_X_y(X, y)
    lam = check_alpha(lam, "lam")
    if optimizer not in ("sgd", "adam"):
        raise ValueError(f"optimizer must be 'sgd' or 'adam', got {optimizer!r}")
    lr = check_scalar(lr, "lr", low=0.0, low_inclusive=False)
    n_steps = check_int(n_steps, "n_steps", 1)
    beta1 = check_scalar(beta1, "beta1", low=0.0, high=1.0, high_inclusive=False)
    beta2 = check_scalar(beta2, "beta2", low=0.0, high=1.0, high_inclusive=False)
    eps = check_scalar(eps, "eps", low=0.0, low_inclusive=False)
    n, p = X.shape
    w, m, v = np.zeros(p), np.zeros(p), np.zeros(p)
    for t in range(1, n_steps + 1):
        lr_t = lr * 0.5 * (1.0 + np.cos(np.pi * t / n_steps))
        g = X.T @ (X @ w - y) / n
        if not decoupled:
            g = g + lam * w
        if optimizer == "sgd":
            direction = g
        else:
            m = beta1 * m + (1.0 - beta1) * g
            v = beta2 * v + (1.0 - beta2) * g * g
            direction = (m / (1.0 - beta1 ** t)) / (np.sqrt(v / (1.0 - beta2 ** t)) + eps)
        decay = lr_t * lam * w if decoupled else 0.0
        w = w - lr_t * direction - decay
    return w


# ---------------------------------------------------------------------------
# The cost of one coordinate-descent sweep
# ---------------------------------------------------------------------------

def cd_sweep_work(X, y, w, alpha):
    r"""One cyclic coordinate-descent sweep for the lasso, counting multiply-adds.

    Objective :math:`\frac{1}{2n}\|y - Xw\|_2^2 + \alpha\|w\|_1`. For each coordinate,
    :math:`z_j = x_j^\top r / n + \|x_j\|^2 w_j / n` (``n`` multiply-adds for :math:`x_j^\top r`),
    :math:`w_j \leftarrow S(z_j, \alpha) / (\|x_j\|^2 / n)`, and if :math:`w_j` moved the residual
    :math:`r` is updated (``n`` more). The squared column norms are computed once before the
    sweep and not counted.

    Parameters
    ----------
    X : array_like (n_samples, n_features)
    y : array_like (n_samples,)
    w : array_like (n_features,)
        Starting coefficients.
    alpha : float >= 0

    Returns
    -------
    w : ndarray (n_features,)
        After the sweep.
    work : int
        Multiply-adds spent on length-n vectors during the sweep (between ``n p`` and ``2 n p``).
    """
    X, y = check_X_y(X, y)
    w = check_vector(w, "w", X.shape[1]).copy()
    alpha = check_alpha(alpha)
    n, p = X.shape
    sq = np.sum(X ** 2, axis=0) / n
    r = y - X @ w
    work = 0
    for j in range(p):
        if sq[j] == 0:          # a zero column never enters the fit
            continue
        z = X[:, j] @ r / n + sq[j] * w[j]
        work += n
        new = float(soft_threshold(z, alpha)) / sq[j]
        if new != w[j]:
            r -= X[:, j] * (new - w[j])
            work += n
            w[j] = new
    return w, work
