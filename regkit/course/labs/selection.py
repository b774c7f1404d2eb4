r"""Experiments of the "Selection" chapter: when the lasso picks the wrong variables, and fixes.

* :func:`irrepresentable_design` and :func:`irrepresentable_constant`: a design that breaks
  the irrepresentable condition (Zhao and Yu, 2006) and the number that says so.
* :func:`path_supports`: the support at every knot of the exact lasso path (LARS), so "wrong
  at every alpha" is checked over the whole path, not on a grid.
* :func:`stability_selection` and :func:`stability_bound`: Meinshausen and Buhlmann (2010),
  selection frequencies over half-samples, optionally with randomly rescaled columns
  (the randomized lasso), and their bound on the expected number of false selections.
* :func:`relaxed_lasso_path` and :func:`relaxed_lasso_cv`: Meinshausen's (2007) relaxed lasso,
  ``phi * lasso + (1 - phi) * least squares on the lasso's support``, with ``(alpha, phi)``
  chosen by K-fold cross-validation.
"""

import numpy as np

import regkit
from regkit._validation import check_int, check_scalar, check_X_y

__all__ = [
    "irrepresentable_design",
    "irrepresentable_constant",
    "path_supports",
    "stability_selection",
    "stability_bound",
    "relaxed_lasso_path",
    "relaxed_lasso_cv",
    "sparse_design",
]


def _center(X, y):
    return X - X.mean(axis=0), y - y.mean()


def irrepresentable_design(n=300, p=100, *, noise=1.0, seed=0):
    r"""Two true features ``x_0, x_1`` (coefficients 1, 1) and a decoy ``x_2``.

    Columns are standard normal except ``x_2 = (2/3)(x_0 + x_1) + (1/3) e``: unit variance,
    correlation 2/3 with each true feature, so its covariance with ``y`` (4/3) beats theirs (1)
    and the population irrepresentable constant is ``|Sigma_{2S} Sigma_SS^{-1} sign(w_S)|
    = 4/3 > 1``.

    Returns
    -------
    X : ndarray (n, p), centred
    y : ndarray (n,), centred
    w : ndarray (p,)
    """
    n, p = check_int(n, "n", low=2), check_int(p, "p", low=3)
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, p))
    X[:, 2] = (2.0 / 3.0) * (X[:, 0] + X[:, 1]) + (1.0 / 3.0) * X[:, 2]
    w = np.zeros(p)
    w[:2] = 1.0
    y = X @ w + noise * rng.standard_normal(n)
    X, y = _center(X, y)
    return X, y, w


def sparse_design(n=100, p=200, *, k=5, rho=0.3, snr=4.0, seed=0):
    r"""``k`` equal coefficients among ``p`` equicorrelated (``rho``) standard normal features,
    noise scaled to the signal-to-noise ratio ``snr = Var(x^T w) / sigma^2``.

    Returns
    -------
    X, y : centred arrays; w : ndarray (p,); sigma : float
    """
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n, 1))
    X = np.sqrt(rho) * z + np.sqrt(1.0 - rho) * rng.standard_normal((n, p))
    w = np.zeros(p)
    w[:k] = 1.0
    signal_var = rho * k ** 2 + (1.0 - rho) * k
    sigma = float(np.sqrt(signal_var / snr))
    y = X @ w + sigma * rng.standard_normal(n)
    X, y = _center(X, y)
    return X, y, w, sigma


def irrepresentable_constant(X, support, signs):
    r"""``max_{j not in S} |x_j^T X_S (X_S^T X_S)^{-1} sign(w_S)|``; the lasso can recover
    ``S`` with the right signs only if it is at most 1 (Zhao and Yu, 2006)."""
    X = np.asarray(X, dtype=float)
    S = np.asarray(support)
    rest = np.setdiff1d(np.arange(X.shape[1]), S)
    G = X[:, S].T @ X[:, S]
    return float(np.max(np.abs(X[:, rest].T @ X[:, S] @ np.linalg.solve(G, signs))))


def path_supports(X, y):
    """The lasso's support at every knot of its exact path (LARS with the lasso modification).

    Between two knots the support is constant, so these sets are every support the lasso
    takes for any ``alpha > 0``.

    Returns
    -------
    alphas : ndarray (n_knots,)
    supports : list of frozenset
    """
    from regkit.solvers.lars import lars_path

    X, y = check_X_y(X, y)
    alphas, _, coefs = lars_path(X, y, method="lasso", max_iter=8 * X.shape[1])
    # coefficients are linear between knots and never cross zero inside a segment (they
    # leave at a knot), so a segment's support is that of its midpoint
    mids = 0.5 * (coefs[:, :-1] + coefs[:, 1:])
    every = np.concatenate([coefs, mids], axis=1)
    supports = [frozenset(np.flatnonzero(every[:, k]).tolist()) for k in range(every.shape[1])]
    return alphas, supports


def stability_selection(X, y, alphas, *, n_subsamples=100, weakness=1.0, seed=0):
    r"""Selection frequencies of the lasso over random half-samples.

    For each of ``n_subsamples`` random halves of the rows, the lasso path on ``alphas`` is
    computed with every column multiplied by an independent ``Uniform(weakness, 1)`` factor
    (``weakness = 1``: plain subsampling; ``< 1``: the randomized lasso).

    Returns
    -------
    freq : ndarray (p, n_alphas)
        Fraction of subsamples in which each variable is non-zero at each alpha.
    q : ndarray (n_alphas,)
        Mean number of variables selected at each alpha.
    """
    X, y = check_X_y(X, y)
    weakness = check_scalar(weakness, "weakness", low=0.0, high=1.0, low_inclusive=False)
    n_subsamples = check_int(n_subsamples, "n_subsamples")
    n, p = X.shape
    rng = np.random.default_rng(seed)
    counts = np.zeros((p, len(alphas)))
    for _ in range(n_subsamples):
        rows = rng.choice(n, n // 2, replace=False)
        scale = rng.uniform(weakness, 1.0, p) if weakness < 1.0 else np.ones(p)
        Xs, ys = _center(X[rows] * scale, y[rows])
        _, coefs, _ = regkit.lasso_path(Xs, ys, alphas=alphas)
        counts += coefs != 0
    freq = counts / n_subsamples
    return freq, freq.sum(axis=0)


def stability_bound(q, p, threshold):
    r"""Meinshausen and Buhlmann's bound ``E[V] <= q^2 / ((2 pi_thr - 1) p)`` on the expected
    number of false selections, for a threshold ``pi_thr`` in (1/2, 1]."""
    threshold = check_scalar(threshold, "threshold", low=0.5, high=1.0, low_inclusive=False)
    return float(q) ** 2 / ((2.0 * threshold - 1.0) * p)


def relaxed_lasso_path(X, y, alphas, phis):
    r"""Relaxed lasso coefficients ``phi * w_lasso(alpha) + (1 - phi) * w_ls(alpha)``.

    ``w_ls(alpha)`` is least squares on the lasso's support at ``alpha`` (minimum-norm when
    the support has more columns than rows). ``phi = 1`` is the lasso, ``phi = 0`` the refit.

    Returns
    -------
    coefs : ndarray (n_phis, p, n_alphas)
    """
    X, y = check_X_y(X, y)
    _, lasso, _ = regkit.lasso_path(X, y, alphas=alphas, tol=1e-7, max_iter=5000)
    refit = np.zeros_like(lasso)
    for k in range(lasso.shape[1]):
        S = np.flatnonzero(lasso[:, k])
        if S.size:
            refit[S, k] = np.linalg.lstsq(X[:, S], y, rcond=None)[0]
    phis = np.asarray(phis, dtype=float)
    return phis[:, None, None] * lasso + (1.0 - phis[:, None, None]) * refit


def relaxed_lasso_cv(X, y, *, phis=(0.0, 0.25, 0.5, 0.75, 1.0), n_alphas=30, eps=1e-2, n_folds=10,
                     seed=0):
    """Choose ``(alpha, phi)`` of the relaxed lasso by K-fold CV on one shared alpha grid.

    Returns
    -------
    dict with ``alphas``, ``phis``, ``cv_mse`` (n_phis, n_alphas), ``alpha``, ``phi`` and
    ``coef`` (refitted on all the data at the chosen pair).
    """
    X, y = check_X_y(X, y)
    n = X.shape[0]
    phis = np.asarray(phis, dtype=float)
    alphas = regkit.alpha_grid(X, y, n_alphas=n_alphas, eps=eps)
    folds = np.random.default_rng(seed).permutation(n) % n_folds
    mse = np.zeros((phis.size, alphas.size))
    for f in range(n_folds):
        tr, te = folds != f, folds == f
        Xtr, ytr = X[tr], y[tr]
        mx, my = Xtr.mean(axis=0), ytr.mean()
        coefs = relaxed_lasso_path(Xtr - mx, ytr - my, alphas, phis)
        pred = np.einsum("ij,kjl->kil", X[te] - mx, coefs) + my
        mse += np.mean((y[te][None, :, None] - pred) ** 2, axis=1) / n_folds
    i, k = np.unravel_index(np.argmin(mse), mse.shape)
    coef = relaxed_lasso_path(X, y, alphas[k:k + 1], phis[i:i + 1])[0, :, 0]
    return {"alphas": alphas, "phis": phis, "cv_mse": mse, "alpha": alphas[k], "phi": phis[i],
            "coef": coef}
