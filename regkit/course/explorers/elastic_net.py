"""Chapter 6 explorer: the elastic net's two knobs on groups of correlated features.

The data are :func:`regkit.course.labs.elastic_net.make_grouped_data` (three latent factors, each seen
through four copies correlated about 0.95, plus four irrelevant columns), the chapter's
running example. The figure shows the coefficients as bars, coloured by group, with the
best linear predictor of the population as a dashed line per group; the numbers panel
counts the non-zeros in each group and the spread of the coefficients inside each
signal group.

``alpha`` is set relative to ``alpha_max(l1_ratio)``, the first all-zero solution, so the
slider means the same thing for every ``l1_ratio``. Each move solves one elastic net by
coordinate descent, warm-started from the previous solution.
"""

import numpy as np

from ._base import explorer, figure_png, keyed, log_slider, new_figure, number_table

# one colour per group; irrelevant columns in grey
GROUP_COLORS = {0: "C0", 1: "C3", 2: "C2", -1: "0.55"}
GROUP_NAMES = {0: "group A", 1: "group B", 2: "group C", -1: "noise"}
_TOL = 1e-8  # tight, so two equal settings draw identical bars


def group_color(label):
    return GROUP_COLORS.get(int(label), "C4")


def group_name(label):
    return GROUP_NAMES.get(int(label), f"group {label}")


def plot_group_coefs(ax, coef, groups, *, ideal=None, ylim=None, title=None, legend=True):
    """Bar chart of ``coef`` coloured by ``groups``; returns the bar container.

    ``ideal`` (optional, same length) is drawn as a dashed segment over each group's bars.
    Used by the explorer and by the chapter's static figures, so both look the same.
    """
    coef = np.asarray(coef, dtype=float)
    groups = np.asarray(groups)
    idx = np.arange(coef.shape[0])
    bars = ax.bar(idx, coef, color=[group_color(g) for g in groups], edgecolor="k", linewidth=0.4)
    for label in dict.fromkeys(groups.tolist()):
        cols = idx[groups == label]
        ax.axvspan(cols[0] - 0.5, cols[-1] + 0.5, color=group_color(label), alpha=0.07, lw=0)
        if ideal is not None:
            ax.hlines(np.asarray(ideal)[cols], cols - 0.4, cols + 0.4, colors="k", linestyles="--",
                      lw=1)
    ax.axhline(0, color="k", lw=0.6)
    ax.set_xticks(idx)
    ax.set_xticklabels([str(j) for j in idx], fontsize=9)
    ax.set_xlabel("feature index (coloured by group)")
    ax.set_ylabel("coefficient")
    if ylim is not None:
        ax.set_ylim(*ylim)
    if title:
        ax.set_title(title, fontsize=10)
    if legend:
        from matplotlib.patches import Patch

        handles = [Patch(color=group_color(g), label=group_name(g))
                   for g in dict.fromkeys(groups.tolist())]
        if ideal is not None:
            from matplotlib.lines import Line2D

            handles.append(Line2D([], [], color="k", ls="--", lw=1, label="population best"))
        ax.legend(handles=handles, fontsize=9, loc="upper right")
    return bars


def group_summary(coef, groups):
    """Rows ``(group name, "k / size non-zero", spread)`` for the numbers panel and the chapter."""
    coef = np.asarray(coef, dtype=float)
    groups = np.asarray(groups)
    rows = []
    for label in dict.fromkeys(groups.tolist()):
        w = coef[groups == label]
        rows.append((group_name(label), int(np.count_nonzero(w)), w.size, float(np.ptp(w))))
    return rows


class _Problem:
    """The chapter's data with what every update reuses: the last solution (warm start)."""

    def __init__(self, seed):
        from regkit.course.labs.elastic_net import best_linear_coef, make_grouped_data

        self.X, self.y, self.groups = make_grouped_data(seed=seed)
        self.ideal = best_linear_coef()
        self.n, self.p = self.X.shape
        self.corr_max = float(np.max(np.abs(self.X.T @ self.y))) / self.n
        self.coef = np.zeros(self.p)
        # the weakest penalty on the slider is close to least squares, whose coefficients
        # bound the bars on this data; fixed limits keep frames comparable while sliding
        ols = np.linalg.lstsq(self.X, self.y, rcond=None)[0]
        low = min(ols.min(), self.ideal.min(), 0.0)
        high = max(ols.max(), self.ideal.max(), 0.0)
        pad = 0.1 * (high - low)
        self.ylim = (low - pad, high + pad)

    def alpha_max(self, l1_ratio):
        return self.corr_max / l1_ratio

    def solve(self, alpha, l1_ratio):
        from regkit._lasso import elastic_net

        self.coef = elastic_net(self.X, self.y, alpha, l1_ratio, tol=_TOL, coef_init=self.coef)
        return self.coef


def enet_explorer(seed=2):
    """Move ``l1_ratio`` and ``alpha / alpha_max``; watch groups enter, leave and equalise.

    Parameters
    ----------
    seed : int, default 2
        Seed of :func:`regkit.course.labs.elastic_net.make_grouped_data` (2 is the chapter's data set).

    Returns
    -------
    ipywidgets.VBox
        With ``.image``, ``.numbers`` and ``.controls`` (``"l1_ratio"``, ``"alpha_rel"``).
    """
    import ipywidgets as w

    prob = _Problem(seed)
    fig, ax = new_figure(8.0, 3.4)
    bars = plot_group_coefs(ax, np.zeros(prob.p), prob.groups, ideal=prob.ideal, ylim=prob.ylim)
    title = ax.set_title("", fontsize=10)

    l1_ratio = keyed(w.FloatSlider(value=0.5, min=0.05, max=1.0, step=0.05, description="l1_ratio",
                                   continuous_update=True, readout_format=".2f"), "l1_ratio")
    alpha_rel = log_slider("alpha_rel", "alpha / alpha_max", low=-3, high=0, value=0.1, step=0.05)

    def draw(l1_ratio, alpha_rel):
        alpha = alpha_rel * prob.alpha_max(l1_ratio)
        coef = prob.solve(alpha, l1_ratio)
        for bar, value in zip(bars, coef):
            bar.set_height(value)
        lasso_note = "  (the lasso)" if l1_ratio == 1.0 else ""
        title.set_text(f"elastic net, l1_ratio = {l1_ratio:.2f}, "
                       f"alpha = {alpha_rel:.3g} x alpha_max{lasso_note}")
        rows = [("alpha", f"{alpha:.4g}"),
                ("L1 weight alpha*l1_ratio", f"{alpha * l1_ratio:.4g}"),
                ("L2 weight alpha*(1-l1_ratio)/2", f"{alpha * (1 - l1_ratio) / 2:.4g}")]
        for name, k, size, spread in group_summary(coef, prob.groups):
            rows.append((f"{name}: non-zero", f"{k} / {size}"))
            if name != GROUP_NAMES[-1]:
                rows.append((f"{name}: max - min coefficient", f"{spread:.3f}"))
        return figure_png(fig), number_table(rows)

    return explorer([l1_ratio, alpha_rel], draw,
                    title="Elastic net: l1_ratio and alpha on correlated groups")
