"""Chapter 3 explorer: move the lasso penalty and watch which features survive.

Left panel: the whole lasso path (coefficients against ``alpha / alpha_max``, log scale)
with the chosen ``alpha`` marked. Right panel: the coefficients at that ``alpha`` as bars,
one colour per feature in both panels; features whose coefficient is exactly zero are
greyed out in both. The numbers panel reports the non-zero count, ``alpha / alpha_max``,
the duality gap that certifies the solution and the surviving features by name.

Each slider move solves one lasso by coordinate descent warm-started from the previous
solution (neighbouring alphas have close solutions), so an update costs a few sweeps plus
one PNG render.
"""

import numpy as np

from ._base import explorer, figure_png, keyed, log_slider, new_figure, number_table

DATASETS = {
    "diabetes": "diabetes (n=442, p=10)",
    "ar1": "AR(1) design, rho=0.8 (n=100, p=20)",
}

# the solver's tolerance: tight enough that the bars do not move between two equal alphas
_TOL = 1e-8


def _load(name):
    """``(X, y, feature_names, w_true or None)`` for one of the explorer's data sets."""
    if name == "diabetes":
        from regkit.datasets import load_diabetes

        X, y, names = load_diabetes()
        return X, y - y.mean(), list(names), None
    if name == "ar1":
        from regkit.datasets import make_correlated_regression

        X, y, w_true = make_correlated_regression(100, 20, rho=0.8, n_informative=5, noise=1.0,
                                                  seed=0)
        return X, y, [f"x{j}" for j in range(X.shape[1])], w_true
    raise ValueError(f"dataset must be one of {sorted(DATASETS)}, got {name!r}")


def _feature_colors(p):
    """A distinct colour per feature, never grey (grey means "exactly zero" here).

    tab10 without its grey, then black, then the light half of tab20 without its grey;
    beyond 19 features the colours repeat.
    """
    from matplotlib import colormaps

    tab10, tab20 = colormaps["tab10"], colormaps["tab20"]
    palette = [tab10(i) for i in (0, 1, 2, 3, 4, 5, 6, 8, 9)] + [(0.0, 0.0, 0.0, 1.0)]
    palette += [tab20(i) for i in range(1, 20, 2) if i != 15]
    return [palette[j % len(palette)] for j in range(p)]


class _Problem:
    """One data set with everything the explorer reuses: alpha_max, the path, the last solution."""

    def __init__(self, name):
        from regkit.certificates import alpha_max
        from regkit.paths import lasso_path

        self.X, self.y, self.names, self.w_true = _load(name)
        self.n, self.p = self.X.shape
        self.alpha_max = alpha_max(self.X, self.y)
        self.path_alphas, self.path_coefs, _ = lasso_path(self.X, self.y, n_alphas=60, eps=1e-3,
                                                       tol=1e-6)
        self.coef = np.zeros(self.p)  # warm start for the next solve
        span = np.abs(self.path_coefs).max()
        if self.w_true is not None:
            span = max(span, np.abs(self.w_true).max())
        self.ylim = (-1.1 * span, 1.1 * span)

    def solve(self, alpha):
        from regkit._lasso import lasso

        self.coef = lasso(self.X, self.y, alpha, tol=_TOL, coef_init=self.coef)
        return self.coef


def lasso_explorer(dataset="diabetes"):
    """Lasso penalty slider: the path, the surviving coefficients, and the certificate.

    Parameters
    ----------
    dataset : {"diabetes", "ar1"}
        Data set shown first: scikit-learn's diabetes data (y centred, columns as shipped,
        unit norm) or a seeded AR(1) design whose true coefficients are drawn as hollow
        markers.

    Returns
    -------
    ipywidgets.VBox
        With ``.image``, ``.numbers`` and ``.controls`` (keys ``"ratio"`` and ``"dataset"``).
    """
    import ipywidgets as w

    from regkit.certificates import duality_gap

    if dataset not in DATASETS:
        raise ValueError(f"dataset must be one of {sorted(DATASETS)}, got {dataset!r}")
    problems = {}
    fig, (ax_path, ax_bar) = new_figure(9.0, 3.6, ncols=2)
    art = {}

    def problem(name):
        if name not in problems:
            problems[name] = _Problem(name)
        return problems[name]

    def build(name):
        """Redraw the static parts for a data set (only when the data set changes)."""
        prob = problem(name)
        ax_path.clear()
        ax_bar.clear()
        ratios = prob.path_alphas / prob.alpha_max
        art["colors"] = _feature_colors(prob.p)
        art["lines"] = ax_path.semilogx(ratios, prob.path_coefs.T, lw=1.2)
        ax_path.axhline(0, color="0.5", lw=0.8)
        art["marker"] = ax_path.axvline(1.0, color="k", ls=":", lw=1.2)
        ax_path.set(xlim=(1.0, ratios[-1]), ylim=prob.ylim, xlabel=r"$\alpha / \alpha_{max}$",
                    ylabel="coefficient", title="lasso path (penalty falls to the right)")
        x = np.arange(prob.p)
        art["bars"] = ax_bar.bar(x, np.zeros(prob.p), color="C0")
        (art["zeros"],) = ax_bar.plot(x, np.zeros(prob.p), "o", color="0.6", ms=5,
                                      label="exactly zero")
        if prob.w_true is not None:
            ax_bar.plot(x, prob.w_true, "o", mfc="none", mec="k", ms=6, label="true coefficient")
        ax_bar.axhline(0, color="0.5", lw=0.8)
        ax_bar.set_xticks(x, prob.names, rotation=90 if prob.p > 10 else 0, fontsize=9)
        ax_bar.set(ylim=prob.ylim, xlabel="feature", ylabel="coefficient",
                   title="coefficients at this penalty")
        ax_bar.legend(loc="upper right", fontsize=9)
        art["name"] = name
        # lay the figure out once per data set, then freeze it: the constrained-layout
        # solve would otherwise cost as much as the rest of an update
        fig.set_layout_engine("constrained")
        fig.canvas.draw()
        fig.set_layout_engine("none")

    ratio = log_slider("ratio", r"alpha / alpha_max", low=-3, high=0, value=0.1, step=0.05)
    data = keyed(w.Dropdown(options=[(label, key) for key, label in DATASETS.items()],
                            value=dataset, description="data"), "dataset")

    def draw(ratio, dataset):
        if art.get("name") != dataset:
            build(dataset)
        prob = problem(dataset)
        alpha = ratio * prob.alpha_max
        coef = prob.solve(alpha)
        nonzero = coef != 0
        # one colour per feature in both panels; a feature at exactly zero turns grey
        for bar, line, value, nz, color in zip(art["bars"], art["lines"], coef, nonzero,
                                               art["colors"]):
            bar.set_height(value)
            bar.set_color(color if nz else "0.8")
            line.set_color(color if nz else "0.8")
            line.set_zorder(3 if nz else 2)
        art["zeros"].set_ydata(np.where(nonzero, np.nan, 0.0))
        for label, nz in zip(ax_bar.get_xticklabels(), nonzero):
            label.set_color("k" if nz else "0.6")
        art["marker"].set_xdata([ratio, ratio])
        gap = duality_gap(prob.X, prob.y, coef, alpha)
        resid = prob.y - prob.X @ coef
        r2 = 1.0 - (resid @ resid) / (prob.y @ prob.y)
        kept = ", ".join(n for n, nz in zip(prob.names, nonzero) if nz) or "none"
        html = number_table([
            ("non-zero coefficients", f"{int(nonzero.sum())} of {prob.p}"),
            ("alpha / alpha_max", f"{ratio:.4g}"),
            ("alpha", f"{alpha:.4g}"),
            ("duality gap (certifies the solution)", f"{gap:.2e}"),
            ("training R<sup>2</sup>", f"{r2:.4f}"),
            ("||w||<sub>1</sub>", f"{np.abs(coef).sum():.4g}"),
            ("surviving features", kept),
        ])
        return figure_png(fig), html

    return explorer([ratio, data], draw, title="Lasso: which features survive?")
