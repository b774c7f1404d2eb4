"""Chapter 2 explorer: move lambda, watch the ridge coefficients and the shrinkage factors."""

import numpy as np

from ._base import explorer, figure_png, keyed, log_slider, new_figure, number_table

RHO_CHOICES = (0.0, 0.5, 0.9, 0.99)
_PATH_ALPHAS = np.logspace(-2, 4, 121)


def _ridge_problem(rho, n_samples=60, n_features=8, seed=2):
    """Centred AR(1) data, its singular values and its ridge path on a fixed grid."""
    from regkit.datasets import make_correlated_regression
    from regkit._ridge import ridge_path

    X, y, _ = make_correlated_regression(n_samples, n_features, rho=rho, n_informative=4,
                                         noise=1.0, seed=seed)
    X, y = X - X.mean(axis=0), y - y.mean()
    d2 = np.linalg.svd(X, compute_uv=False) ** 2
    return {"X": X, "y": y, "d2": d2, "path": ridge_path(X, y, _PATH_ALPHAS),
            "ols": ridge_path(X, y, [0.0])[:, 0]}


def ridge_explorer(rho=0.9):
    """Move lambda (and the correlation of the features); see what ridge does to each part.

    Left: the ridge path of 8 coefficients on AR(1) data (``corr(x_i, x_j) =
    rho^|i-j|``) with the current lambda marked and the current coefficients as
    dots. Right: the factor ``d_j^2 / (d_j^2 + lambda)`` by which ridge shrinks
    the fit along each principal direction j of the data (1 = untouched). The
    numbers panel shows the effective degrees of freedom (the sum of those
    factors) and the size of the coefficient vector.
    """
    import ipywidgets as w

    from regkit._ridge import ridge

    problems = {}

    def problem(r):
        if r not in problems:  # each correlation level is computed once, on first use
            problems[r] = _ridge_problem(r)
        return problems[r]

    fig, (ax_path, ax_shrink) = new_figure(9.0, 3.6, ncols=2)
    p = problem(rho)["path"].shape[0]
    path_lines = ax_path.semilogx(_PATH_ALPHAS, np.zeros((_PATH_ALPHAS.size, p)), lw=1.3)
    (dots,) = ax_path.plot(np.ones(p), np.zeros(p), "ko", ms=4, zorder=3)
    marker = ax_path.axvline(1.0, color="k", ls=":", lw=1)
    ax_path.axhline(0.0, color="0.5", lw=0.8)
    ax_path.set(xlabel=r"$\lambda$ (log scale)", ylabel=r"coefficient $w_j$",
                title="ridge path: shrinks, never zero")
    index = np.arange(1, p + 1)
    bars = ax_shrink.bar(index, np.ones(p), color="C0")
    ax_shrink.axhline(1.0, color="0.5", ls="--", lw=0.8)
    ax_shrink.set(xlabel="principal direction j (largest variance first)",
                  ylabel=r"$d_j^2 / (d_j^2 + \lambda)$", ylim=(0, 1.05), xticks=index,
                  title="shrinkage factor per direction")

    alpha = log_slider("alpha", "lambda", low=-2, high=4, value=1.0)
    corr = keyed(w.SelectionSlider(options=list(RHO_CHOICES), value=rho,
                                   description="correlation rho",
                                   style={"description_width": "initial"}), "rho")

    def draw(alpha, rho):
        prob = problem(rho)
        for line, coefs in zip(path_lines, prob["path"]):
            line.set_ydata(coefs)
        top = np.abs(prob["path"]).max()
        ax_path.set_ylim(-1.1 * top, 1.1 * top)
        coef = ridge(prob["X"], prob["y"], alpha)
        dots.set_data(np.full(p, alpha), coef)
        marker.set_xdata([alpha, alpha])
        factors = prob["d2"] / (prob["d2"] + alpha)
        for bar, f in zip(bars, factors):
            bar.set_height(f)
        resid = prob["y"] - prob["X"] @ coef
        html = number_table([
            ("lambda", f"{alpha:.3g}"),
            ("effective degrees of freedom (sum of factors)", f"{factors.sum():.3f} of {p}"),
            ("||w||<sub>2</sub> (ridge)", f"{np.linalg.norm(coef):.4f}"),
            ("||w||<sub>2</sub> (least squares, lambda = 0)", f"{np.linalg.norm(prob['ols']):.4f}"),
            ("smallest |w<sub>j</sub>| (never exactly 0)", f"{np.abs(coef).min():.3e}"),
            ("training MSE", f"{np.mean(resid ** 2):.4f}"),
            ("largest / smallest d<sub>j</sub><sup>2</sup>",
             f"{prob['d2'][0]:.1f} / {prob['d2'][-1]:.3f}"),
        ])
        return figure_png(fig), html

    return explorer([alpha, corr], draw, title="Ridge: lambda, coefficients and shrinkage factors")
