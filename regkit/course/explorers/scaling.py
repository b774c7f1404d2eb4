"""Chapter 7 explorer: change one feature's units and watch the lasso change its mind.

The data are :func:`regkit.course.labs.scaling.make_housing_data` (price in thousands of dollars
against area, distance, age, income and street noise in their natural units). One
feature is multiplied by a factor (a change of units: distance in km times 1000 is
distance in metres), the lasso is fitted at a fixed ``alpha`` either in those units or
after standardizing, and two panels show the answer:

* left: the absolute coefficients in the units used (log scale), which move by the
  inverse of the factor whatever else happens;
* right: each coefficient times its feature's standard deviation (the effect of one
  standard deviation on the price), comparable across features and unit choices, with
  the true effects as hollow markers.

Selected (non-zero) features are coloured, dropped ones grey. With "standardize" on,
the right panel and the selected set do not move with the factor; with it off, they do.
"""

import numpy as np

from ._base import explorer, figure_png, keyed, log_slider, new_figure, number_table

_TRUE_EFFECT_PER_SD = (50.0, -25.0, -20.0, 20.0, 0.0)  # make_housing_data's population effects


def _unit_label(unit, factor):
    """The unit of ``factor * x`` when ``x`` is in ``unit`` (e.g. km times 1000 -> km/1000)."""
    if np.isclose(factor, 1.0):
        return unit
    if factor > 1:
        return f"{unit}/{factor:.4g}"
    return f"{1 / factor:.4g} {unit}"


def units_explorer():
    """Units, standardization and one lasso penalty: which features survive?

    Controls: which feature to rescale, the factor it is multiplied by (a change of
    units, 10^-3 to 10^3), whether to standardize before the lasso, and ``alpha`` (on
    the ``1/(2n)`` scale of :func:`regkit.lasso`, the same number in every setting).

    Returns
    -------
    ipywidgets.VBox
        With ``.image``, ``.numbers`` and ``.controls`` (keys ``"feature"``, ``"factor"``,
        ``"standardize"``, ``"alpha"``).
    """
    import ipywidgets as w

    from matplotlib.ticker import LogLocator, NullLocator

    from regkit.certificates import alpha_max
    from regkit.course.labs.scaling import HOUSING_FEATURES, HOUSING_UNITS, lasso_in_units, make_housing_data

    X, y = make_housing_data(200, seed=0)
    p = X.shape[1]
    names, units = list(HOUSING_FEATURES), list(HOUSING_UNITS)
    colors = [f"C{j}" for j in range(p)]

    fig, (ax_raw, ax_sd) = new_figure(9.0, 3.8, ncols=2)
    x = np.arange(p)
    (stems,) = ax_raw.plot([], [], color="0.3", lw=1)
    raw_dots = ax_raw.scatter(x, np.ones(p), s=60, zorder=3)
    ax_raw.set_yscale("log")
    # a few major decades and no minor ticks: tick labels are most of a redraw's cost
    ax_raw.yaxis.set_major_locator(LogLocator(numticks=6))
    ax_raw.yaxis.set_minor_locator(NullLocator())
    ax_raw.set(xlabel="feature (unit used)", ylabel="|coefficient| in the unit used (log)",
               title="coefficients in the units used")
    ax_raw.set_xticks(x, [f"{n}\n({u})" for n, u in zip(names, units)], fontsize=9)
    sd_bars = ax_sd.bar(x, np.zeros(p), color=colors)
    ax_sd.plot(x, _TRUE_EFFECT_PER_SD, "o", mfc="none", mec="k", ms=8, label="true effect")
    ax_sd.axhline(0, color="0.5", lw=0.8)
    ax_sd.set(ylim=(-40, 65), xlabel="feature",
              ylabel="coefficient x std of feature\n(k$ per standard deviation)",
              title="effect of one standard deviation")
    suptitle = fig.suptitle("lasso at alpha = 20, units as given", fontsize=11)
    ax_sd.set_xticks(x, names)
    ax_sd.legend(loc="upper right", fontsize=9)

    options = [(f"{n} ({u})", j) for j, (n, u) in enumerate(zip(names, units))]
    feature = keyed(w.Dropdown(options=options, value=1, description="rescale"), "feature")
    factor = log_slider("factor", "multiply it by", low=-3, high=3, value=1.0, step=0.25)
    standardize = keyed(w.Checkbox(value=False, description="standardize first"), "standardize")
    alpha = log_slider("alpha", "alpha", low=-1, high=3, value=20.0, step=0.05)

    shown_labels = [f"{n}\n({u})" for n, u in zip(names, units)]

    def draw(feature, factor, standardize, alpha):
        scale = np.ones(p)
        scale[feature] = factor
        Xu = X * scale
        coef, _, _ = lasso_in_units(Xu, y, alpha, standardize=standardize)
        per_sd = coef * Xu.std(axis=0)
        kept = coef != 0

        labels = [f"{n}\n({_unit_label(u, s)})" for n, u, s in zip(names, units, scale)]
        if labels != shown_labels:  # new tick texts only when a unit changed
            ax_raw.set_xticks(x, labels, fontsize=9)
            shown_labels[:] = labels
        mags = np.abs(coef[kept])
        low, high = (mags.min() / 30, mags.max() * 30) if kept.any() else (1e-3, 1e3)
        floor = low * 1.5
        shown = np.where(kept, np.abs(coef), floor)
        raw_dots.set_offsets(np.column_stack([x, shown]))
        raw_dots.set_facecolors([c if k else "0.8" for c, k in zip(colors, kept)])
        raw_dots.set_edgecolors(["k" if k else "0.6" for k in kept])
        stems.set_data(np.repeat(x, 3), np.ravel([[low, v, np.nan] for v in shown]))
        ax_raw.set_ylim(low, high)
        for bar, value, c, k in zip(sd_bars, per_sd, colors, kept):
            bar.set_height(value)
            bar.set_color(c if k else "0.8")
        mode = "standardized first" if standardize else "units as given"
        suptitle.set_text(f"lasso at alpha = {alpha:.3g}, {mode}")

        Xc = Xu - Xu.mean(axis=0)
        if standardize:
            Xc = Xc / Xc.std(axis=0)
        top = alpha_max(Xc, y - y.mean())
        # the penalty each feature pays per standard deviation of effect: alpha / std in
        # the units solved in (std 1 after standardizing)
        per_sd_penalty = alpha / Xc.std(axis=0)
        kept_names = ", ".join(n for n, k in zip(names, kept) if k) or "none"
        html = number_table([
            ("selected features", kept_names),
            ("non-zero coefficients", f"{int(kept.sum())} of {p}"),
            ("alpha / alpha_max of this design", f"{alpha / top:.4g}"),
            (f"{names[feature]} coefficient, in {_unit_label(units[feature], factor)}",
             f"{coef[feature]:.4g}"),
            ("penalty per std of effect (alpha / std), by feature",
             ", ".join(f"{n} {v:.3g}" for n, v in zip(names, per_sd_penalty))),
        ])
        return figure_png(fig), html

    return explorer([feature, factor, standardize, alpha], draw,
                    title="Units and the lasso: change one feature's units")
