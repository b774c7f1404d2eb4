"""The elastic-net chapter's laboratory: grouped correlated data, the grouping bound, and
the dictionary between the ways people write the elastic-net penalty.

Nothing here is a solver: every fit goes through :func:`regkit.elastic_net`,
:func:`regkit.lasso` or :func:`regkit.enet_path`.

Conventions
-----------
scikit-learn's (and regkit's) elastic net is

    (1/(2n)) ||y - Xw||^2 + alpha * l1_ratio * ||w||_1 + (alpha * (1 - l1_ratio) / 2) * ||w||^2.

Any other convention is, once multiplied out, ``c ||y - Xw||^2 + l1 ||w||_1 + l2 ||w||^2``
for three non-negative numbers ``(c, l1, l2)`` (the "raw weights"); dividing by ``2 n c``
gives scikit-learn's form, so

    alpha = (l1 + 2 l2) / (2 n c),    l1_ratio = l1 / (l1 + 2 l2).
"""

import numpy as np

import regkit
from regkit._validation import (
    check_alpha, check_array, check_int, check_l1_ratio, check_scalar, check_X_y,
)

__all__ = [
    "make_grouped_data",
    "best_linear_coef",
    "support_by_group",
    "cross_validated_fits",
    "grouping_bound",
    "CONVENTIONS",
    "raw_weights",
    "to_sklearn",
    "from_sklearn",
    "raw_objective",
]



def make_grouped_data(n_samples=50, *, n_groups=3, group_size=4, rho=0.95,
                      effects=(3.0, -2.0, 0.0), n_noise=4, noise=2.0, seed=0):
    r"""Groups of strongly correlated features, each group measuring one latent factor.

    Latent factors ``Z_k ~ N(0, 1)`` (independent) drive the response,
    ``y = sum_k effects[k] * Z_k + noise * eps``. Each factor is observed through
    ``group_size`` noisy copies ``X_km = sqrt(rho) * (Z_k + s * e_km)`` with
    ``s^2 = 1/rho - 1``, so two copies of the same factor have population correlation
    ``rho`` and copies of different factors are independent. ``n_noise`` independent
    standard normal columns that play no role are appended.

    The signal is spread over a whole group: the best linear predictor of ``y`` gives
    every copy of factor ``k`` the same weight, ``effects[k] / (group_size + s^2)`` in
    units of the unscaled copies (averaging the copies cancels their measurement noise).

    Columns are centred and scaled to unit variance (``||X_j||^2 = n``), ``y`` is centred,
    so the no-intercept solvers apply directly and ``X_i^T X_j / n`` is the sample
    correlation.

    Parameters
    ----------
    n_samples : int >= 3
    n_groups : int >= 1
    group_size : int >= 1
    rho : float in (0, 1)
        Population correlation between two copies of one factor.
    effects : sequence of n_groups floats
        Effect of each latent factor on ``y``.
    n_noise : int >= 0
        Independent irrelevant columns appended after the groups.
    noise : float >= 0
        Standard deviation of the response noise.
    seed : int

    Returns
    -------
    X : ndarray (n_samples, n_groups * group_size + n_noise)
    y : ndarray (n_samples,)
    groups : ndarray of int (n_features,)
        ``groups[j] = k`` for the copies of factor ``k``, ``-1`` for the noise columns.
    """
    n = check_int(n_samples, "n_samples", low=3)
    n_groups = check_int(n_groups, "n_groups")
    group_size = check_int(group_size, "group_size")
    n_noise = check_int(n_noise, "n_noise", low=0)
    rho = check_scalar(rho, "rho", low=0.0, high=1.0, low_inclusive=False, high_inclusive=False)
    noise = check_scalar(noise, "noise", low=0.0)
    effects = check_array(effects, "effects", ndim=1)
    if effects.shape[0] != n_groups:
        raise ValueError(f"effects has length {effects.shape[0]}, expected n_groups = {n_groups}")

    rng = np.random.default_rng(seed)
    Z = rng.standard_normal((n, n_groups))
    s = np.sqrt(1.0 / rho - 1.0)
    copies = [np.sqrt(rho) * (Z[:, [k]] + s * rng.standard_normal((n, group_size)))
              for k in range(n_groups)]
    X = np.hstack(copies + [rng.standard_normal((n, n_noise))])
    y = Z @ effects + noise * rng.standard_normal(n)
    X = X - X.mean(axis=0)
    X = X / X.std(axis=0)
    groups = np.concatenate([np.repeat(np.arange(n_groups), group_size), np.full(n_noise, -1)])
    return X, y - y.mean(), groups


def best_linear_coef(*, n_groups=3, group_size=4, rho=0.95, effects=(3.0, -2.0, 0.0), n_noise=4):
    r"""Population best linear predictor of ``y`` from the columns of :func:`make_grouped_data`.

    Within a group the copies are exchangeable, so the best weights are equal: with
    ``U_m = Z + s e_m`` (``s^2 = 1/rho - 1``), ``E[Z | U] = sum_m U_m / (group_size + s^2)``,
    and on the unit-variance columns ``X_m = sqrt(rho) U_m`` each copy of factor ``k`` gets

        effects[k] / (sqrt(rho) * (group_size + s^2)).

    Irrelevant columns get 0. This is what the data-generating process says an infinite
    sample would use: the signal spread evenly over every copy.

    Returns
    -------
    ndarray (n_groups * group_size + n_noise,)
    """
    rho = check_scalar(rho, "rho", low=0.0, high=1.0, low_inclusive=False, high_inclusive=False)
    group_size = check_int(group_size, "group_size")
    n_groups = check_int(n_groups, "n_groups")
    n_noise = check_int(n_noise, "n_noise", low=0)
    effects = check_array(effects, "effects", ndim=1)
    if effects.shape[0] != n_groups:
        raise ValueError(f"effects has length {effects.shape[0]}, expected n_groups = {n_groups}")
    s2 = 1.0 / rho - 1.0
    per_copy = effects / (np.sqrt(rho) * (group_size + s2))
    return np.concatenate([np.repeat(per_copy, group_size), np.zeros(n_noise)])


def support_by_group(coef, groups):
    """Indices of the non-zero coefficients, group by group.

    Parameters
    ----------
    coef : array_like (p,)
    groups : array_like (p,)
        Group label of each column (as returned by :func:`make_grouped_data`).

    Returns
    -------
    dict
        ``{label: list of selected column indices}``, labels in order of first appearance.
    """
    coef = check_array(coef, "coef", ndim=1)
    groups = np.asarray(groups)
    if groups.shape != coef.shape:
        raise ValueError(f"groups has shape {groups.shape}, expected {coef.shape} "
                         "(one label per coefficient)")
    labels = list(dict.fromkeys(groups.tolist()))
    return {g: [int(j) for j in np.flatnonzero((groups == g) & (coef != 0))] for g in labels}


def cross_validated_fits(X, y, cv, l1_ratios=(1.0, 0.5, 0.1), *, tol=1e-10):
    """For each ``l1_ratio``, the alpha chosen by cross-validation and the solution there.

    The alpha is :class:`regkit.ElasticNetCV`'s choice (no intercept, its default grid,
    the folds ``cv``); the solution is refitted with :func:`regkit.elastic_net` at that
    alpha to the tight tolerance ``tol``, so later comparisons are not blurred by the
    CV fits' looser stopping rule. This is what the elastic-net chapter's first part
    computes (next to scikit-learn's choice) and its second part starts from.

    Parameters
    ----------
    X : array_like (n, p)
    y : array_like (n,)
        Centred data (the fits have no intercept).
    cv : int or cross-validation splitter
        Passed to :class:`regkit.ElasticNetCV`; pass one splitter to use the same folds
        for every ``l1_ratio``.
    l1_ratios : sequence of floats in [0, 1]
    tol : float > 0
        Duality-gap tolerance of the refit.

    Returns
    -------
    alphas : dict
        ``{l1_ratio: cross-validated alpha}``, in the order of ``l1_ratios``.
    coefs : dict
        ``{l1_ratio: coef (p,)}``, the elastic-net solution at that alpha.
    """
    X, y = check_X_y(X, y)
    ratios = [check_l1_ratio(r) for r in np.atleast_1d(np.asarray(l1_ratios, dtype=object))]
    if not ratios:
        raise ValueError("l1_ratios must hold at least one value in [0, 1], got an empty sequence")
    tol = check_scalar(tol, "tol", low=0.0, low_inclusive=False)
    alphas, coefs = {}, {}
    for ratio in ratios:
        alphas[ratio] = regkit.ElasticNetCV(l1_ratio=ratio, cv=cv, fit_intercept=False).fit(X, y).alpha_
        coefs[ratio] = regkit.elastic_net(X, y, alphas[ratio], ratio, tol=tol)
    return alphas, coefs


def grouping_bound(X, y, coef, alpha, l1_ratio, i, j):
    r"""Both sides of the elastic net's grouping inequality for columns ``i`` and ``j``.

    With ``b = alpha (1 - l1_ratio) > 0`` and ``r = y - Xw`` at the elastic-net solution
    ``w``, the optimality conditions ``X_k^T r / n = alpha l1_ratio s_k + b w_k``
    (``s_k`` in the subdifferential of ``|w_k|``) give, because ``s`` is non-decreasing
    in ``w``,

    .. math::

        |w_i - w_j| \le \frac{|(X_i - X_j)^\top r|}{n b}
                    \le \frac{\|X_i - X_j\|_2 \|r\|_2}{n b}
                    \le \frac{\|X_i - X_j\|_2 \|y\|_2}{n b},

    with equality in the first step when ``w_i`` and ``w_j`` are non-zero with the same
    sign; the last step uses ``||r|| <= ||y||`` (the objective at ``w`` is at most its
    value at 0). For centred unit-variance columns with correlation ``rho_ij`` the
    right-hand side is ``sqrt(2 (1 - rho_ij)) * (||y||_2 / sqrt(n)) / b``.

    Parameters
    ----------
    X : array_like (n, p)
    y : array_like (n,)
    coef : array_like (p,)
        An (approximate) elastic-net solution at ``(alpha, l1_ratio)``.
    alpha : float > 0
    l1_ratio : float in [0, 1)
    i, j : int
        Column indices.

    Returns
    -------
    dict with keys
        ``"diff"`` ``|w_i - w_j|``; ``"residual_corr"`` the first bound;
        ``"cauchy_schwarz"`` the second; ``"bound"`` the third (data-free in ``w``).
    """
    X, y = check_X_y(X, y)
    coef = check_array(coef, "coef", ndim=1)
    if coef.shape[0] != X.shape[1]:
        raise ValueError(f"coef has length {coef.shape[0]}, expected n_features = {X.shape[1]}")
    alpha = check_alpha(alpha)
    l1_ratio = check_l1_ratio(l1_ratio)
    b = alpha * (1.0 - l1_ratio)
    if b == 0.0:
        raise ValueError("the grouping bound needs an L2 part: alpha > 0 and l1_ratio < 1, "
                         f"got alpha={alpha}, l1_ratio={l1_ratio}")
    n, p = X.shape
    for name, k in (("i", i), ("j", j)):
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 0 <= k < p:
            raise ValueError(f"{name} must be a column index in [0, {p}), got {k!r}")
    d = X[:, i] - X[:, j]
    r = y - X @ coef
    return {
        "diff": float(abs(coef[i] - coef[j])),
        "residual_corr": float(abs(d @ r) / (n * b)),
        "cauchy_schwarz": float(np.linalg.norm(d) * np.linalg.norm(r) / (n * b)),
        "bound": float(np.linalg.norm(d) * np.linalg.norm(y) / (n * b)),
    }


# Each convention's penalty parameters -> raw weights (c, l1, l2) of
# c ||y - Xw||^2 + l1 ||w||_1 + l2 ||w||^2 ; n is the number of samples.
CONVENTIONS = {
    "sklearn": {
        "params": ("alpha", "l1_ratio"),
        "objective": (r"\frac{1}{2n}\|y-Xw\|^2 + \alpha\rho\|w\|_1"
                      r" + \frac{\alpha(1-\rho)}{2}\|w\|^2"),
        "raw": lambda n, alpha, l1_ratio: (1 / (2 * n), alpha * l1_ratio,
                                           alpha * (1 - l1_ratio) / 2),
    },
    "glmnet": {
        "params": ("lam", "a"),
        "objective": r"\frac{1}{2n}\|y-Xw\|^2 + \lambda\big[\frac{1-a}{2}\|w\|^2 + a\|w\|_1\big]",
        "raw": lambda n, lam, a: (1 / (2 * n), lam * a, lam * (1 - a) / 2),
    },
    "article_l1_l2": {
        "params": ("lam1", "lam2"),
        "objective": r"\frac{1}{2n}\|y-Xw\|^2 + \lambda_1\|w\|_1 + \lambda_2\|w\|^2",
        "raw": lambda n, lam1, lam2: (1 / (2 * n), lam1, lam2),
    },
    "article_mix": {
        "params": ("lam", "a"),
        "objective": r"\frac{1}{2n}\|y-Xw\|^2 + \lambda\big[a\|w\|_1 + (1-a)\|w\|^2\big]",
        "raw": lambda n, lam, a: (1 / (2 * n), lam * a, lam * (1 - a)),
    },
    "zou_hastie_naive": {
        "params": ("lam1", "lam2"),
        "objective": r"\|y-Xw\|^2 + \lambda_2\|w\|^2 + \lambda_1\|w\|_1",
        "raw": lambda n, lam1, lam2: (1.0, lam1, lam2),
    },
}


def _check_convention(convention):
    if convention not in CONVENTIONS:
        raise ValueError(f"convention must be one of {', '.join(map(repr, CONVENTIONS))}, "
                         f"got {convention!r}")
    return CONVENTIONS[convention]


def raw_weights(convention, n_samples, **params):
    """Raw weights ``(c, l1, l2)``: the objective is ``c ||y - Xw||^2 + l1 ||w||_1 + l2 ||w||^2``.

    Parameters
    ----------
    convention : str
        A key of :data:`CONVENTIONS`.
    n_samples : int
        The number of rows of ``X`` (the 1/(2n) conventions depend on it).
    **params
        The convention's parameters by name (``CONVENTIONS[convention]["params"]``).
    """
    spec = _check_convention(convention)
    n = check_int(n_samples, "n_samples")
    if set(params) != set(spec["params"]):
        raise ValueError(f"convention {convention!r} takes parameters {spec['params']}, "
                         f"got {tuple(params)}")
    for name, value in params.items():
        check_alpha(value, name)
    if "l1_ratio" in params:
        check_l1_ratio(params["l1_ratio"])
    if "a" in params:
        check_scalar(params["a"], "a", low=0.0, high=1.0)
    return spec["raw"](n, **params)


def to_sklearn(convention, n_samples, **params):
    """scikit-learn's ``(alpha, l1_ratio)`` for a convention's parameters (module docstring).

    Returns
    -------
    alpha : float
    l1_ratio : float
        ``alpha = (l1 + 2 l2) / (2 n c)``, ``l1_ratio = l1 / (l1 + 2 l2)`` (1.0 when both
        penalties are 0).
    """
    c, l1, l2 = raw_weights(convention, n_samples, **params)
    total = l1 + 2 * l2
    alpha = total / (2 * n_samples * c)
    return float(alpha), float(l1 / total) if total > 0 else 1.0


def from_sklearn(alpha, l1_ratio, n_samples):
    """Every convention's parameters for scikit-learn's ``(alpha, l1_ratio)``.

    Returns
    -------
    dict
        ``{convention: {param: value}}``, each describing the same objective up to a
        positive factor (hence the same minimiser).
    """
    alpha = check_alpha(alpha)
    rho = check_l1_ratio(l1_ratio)
    n = check_int(n_samples, "n_samples")
    lam1, lam2 = alpha * rho, alpha * (1 - rho) / 2  # raw weights on the 1/(2n) loss
    mix = lam1 + lam2
    return {
        "sklearn": {"alpha": alpha, "l1_ratio": rho},
        "glmnet": {"lam": alpha, "a": rho},
        "article_l1_l2": {"lam1": lam1, "lam2": lam2},
        "article_mix": {"lam": mix, "a": lam1 / mix if mix > 0 else 1.0},
        "zou_hastie_naive": {"lam1": 2 * n * lam1, "lam2": 2 * n * lam2},
    }


def raw_objective(X, y, coef, c, l1, l2):
    """``c ||y - Xw||^2 + l1 ||w||_1 + l2 ||w||^2`` at ``w = coef``."""
    X, y = check_X_y(X, y)
    coef = check_array(coef, "coef", ndim=1)
    r = y - X @ coef
    return float(c * (r @ r) + l1 * np.sum(np.abs(coef)) + l2 * (coef @ coef))
