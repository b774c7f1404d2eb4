"""Chapter 8 explorer: choosing lambda by k-fold cross-validation, the minimum or the 1-SE rule.

The figure is the cross-validated error curve of the lasso on the diabetes data (mean over
folds, with one standard error as a band) and the number of non-zero coefficients along the
same alphas; the chosen alpha is marked for the selected rule. Changing the number of folds
or the shuffling seed shows how much the choice itself varies, the honest answer to "how
would you choose lambda?".
"""

import numpy as np

from ._base import explorer, figure_png, keyed, new_figure, number_table


def cv_explorer():
    """Number of folds, fold seed and selection rule against the lasso's CV curve on diabetes."""
    import ipywidgets as w
    from sklearn.model_selection import KFold

    from regkit.datasets import load_diabetes
    from regkit.estimators import LassoCV

    from regkit.paths import lasso_path

    X, y, names = load_diabetes(standardize=True)
    cache = {}
    # model size along the grid does not depend on the folds: one path on all the data
    alphas_all = LassoCV(alphas=60).fit(X, y).alphas_
    _, coefs, _ = lasso_path(X - X.mean(axis=0), y - y.mean(), alphas=alphas_all, tol=1e-6)
    nnz = (coefs != 0).sum(axis=0)

    def fitted(n_folds, seed):
        # the two rules share one CV run: only the choice differs
        key = (n_folds, seed)
        if key not in cache:
            cv = KFold(n_folds, shuffle=True, random_state=seed)
            cache[key] = LassoCV(alphas=60, cv=cv, tol=1e-6).fit(X, y)
        return cache[key]

    fig, (ax_cv, ax_nz) = new_figure(9.0, 3.4, ncols=2)
    # artists made once and updated in place: redrawing axes from scratch triples the cost
    (mean_line,) = ax_cv.semilogx(alphas_all, np.zeros_like(alphas_all), "C0-", label="mean CV error")
    band = [ax_cv.fill_between(alphas_all, 0, 0, color="C0", alpha=0.2, label="±1 SE")]
    min_line = ax_cv.axvline(1.0, color="C3", ls=":", label="minimum")
    se_line = ax_cv.axvline(1.0, color="C2", ls="--", label="1-SE rule")
    (dot,) = ax_cv.plot([1.0], [0.0], "ko", ms=7)
    ax_cv.set(xlabel=r"lasso penalty $\alpha$", ylabel="cross-validated MSE")
    ax_cv.legend(fontsize=9, loc="upper left")
    ax_nz.semilogx(alphas_all, nnz, "C1-")
    nz_line = ax_nz.axvline(1.0, color="k", ls=":")
    ax_nz.set(xlabel=r"lasso penalty $\alpha$", ylabel="non-zero coefficients",
              title="model size along the path", ylim=(-0.5, X.shape[1] + 0.5))

    folds = keyed(w.IntSlider(value=5, min=3, max=10, description="folds"), "n_folds")
    seed = keyed(w.IntSlider(value=0, min=0, max=9, description="fold seed"), "seed")
    rule = keyed(w.Dropdown(options=[("minimum CV error", "min"), ("one-standard-error rule", "1se")],
                            value="min", description="rule", style={"description_width": "initial"}),
                 "rule")

    def draw(n_folds, seed, rule):
        model = fitted(n_folds, seed)
        alphas = model.alphas_
        assert np.allclose(alphas, alphas_all)  # the grid comes from the full data, not the folds
        mse = model.mse_path_.mean(axis=1)
        se = model.mse_path_.std(axis=1, ddof=1) / np.sqrt(n_folds)
        i_min = int(np.argmin(mse))
        # largest alpha whose mean error is within one SE of the minimum (alphas descend)
        i_1se = int(np.flatnonzero(mse <= mse[i_min] + se[i_min])[0])
        chosen = i_min if rule == "min" else i_1se

        mean_line.set_data(alphas, mse)
        band[0].remove()
        band[0] = ax_cv.fill_between(alphas, mse - se, mse + se, color="C0", alpha=0.2)
        min_line.set_xdata([alphas[i_min]] * 2)
        se_line.set_xdata([alphas[i_1se]] * 2)
        dot.set_data([alphas[chosen]], [mse[chosen]])
        nz_line.set_xdata([alphas[chosen]] * 2)
        ax_cv.set_ylim(0.95 * (mse - se).min(), 1.05 * (mse + se).max())
        ax_cv.set_title(f"{n_folds}-fold CV, fold seed {seed}")
        kept = [names[j] for j in np.flatnonzero(coefs[:, chosen])]  # same grid as alphas_all
        html = number_table([
            ("chosen alpha", f"{alphas[chosen]:.4g}"),
            ("alpha (min) / alpha (1-SE)", f"{alphas[i_min]:.4g} / {alphas[i_1se]:.4g}"),
            ("CV error at the choice (± SE)", f"{mse[chosen]:.1f} ± {se[chosen]:.1f}"),
            ("non-zero coefficients", f"{nnz[chosen]} of {X.shape[1]}"),
            ("kept", ", ".join(kept) or "none"),
        ])
        return figure_png(fig), html

    return explorer([folds, seed, rule], draw, title="Choosing lambda: k-fold CV, minimum or 1-SE")
