"""Chapter 5 explorer: prior, likelihood and posterior of one coefficient."""

import numpy as np

from regkit._validation import check_int, check_positive

from ._base import explorer, figure_png, keyed, log_slider, new_figure, number_table

_PRIOR_LABELS = (("Gaussian (ridge)", "gaussian"), ("Laplace (lasso)", "laplace"))


def prior_explorer(noise=1.0, seed=0):
    """Move the prior's width, its shape, the amount of data and the true coefficient.

    The figure shows, for the single coefficient ``w`` of ``y = w x + noise``, the prior,
    the likelihood (as a density in ``w``) and the posterior, all computed on a grid by
    :func:`regkit.course.labs.bayes.grid_posterior`, with the posterior mode (MAP: ridge or lasso)
    and the posterior mean marked. The numbers panel gives both, and the penalty that
    the prior amounts to on regkit's (scikit-learn's) scale.

    Parameters
    ----------
    noise : float > 0, default 1.0
        Noise standard deviation, known to the model.
    seed : int, default 0
        Seed of the data (the first ``n`` of a fixed pool of points, so moving ``n``
        adds or removes points instead of drawing new ones).
    """
    noise = check_positive(noise, "noise")
    seed = check_int(seed, "seed", 0)
    import ipywidgets as w

    from regkit.course.labs.bayes import grid_posterior, one_dim_data, prior_param_from_sd

    noise_var = noise**2
    grid = np.linspace(-1.5, 2.5, 1601)

    fig, ax = new_figure(7.5, 3.6)
    (prior_line,) = ax.plot(grid, np.zeros_like(grid), color="C2", lw=1.8, label="prior")
    (lik_line,) = ax.plot(grid, np.zeros_like(grid), color="C0", lw=1.8, ls="--",
                          label="likelihood")
    (post_line,) = ax.plot(grid, np.zeros_like(grid), color="C3", lw=2.2, label="posterior")
    mode_line = ax.axvline(0.0, color="k", lw=1.5, label="posterior mode (MAP)")
    mean_line = ax.axvline(0.0, color="C1", lw=1.5, ls=":", label="posterior mean")
    truth = ax.axvline(0.0, color="0.6", lw=1, ls="-.", label="true w")
    ax.set(xlabel="coefficient w", ylabel="density", xlim=(grid[0], grid[-1]))
    ax.legend(fontsize=9, loc="upper right")

    prior = keyed(w.Dropdown(options=_PRIOR_LABELS, value="laplace", description="prior"), "prior")
    sd = log_slider("sd", "prior sd", low=-1.5, high=1.0, value=0.2, step=0.05)
    n = keyed(w.IntSlider(value=20, min=5, max=200, description="n (data)",
                          continuous_update=True), "n")
    w_true = keyed(w.FloatSlider(value=0.3, min=0.0, max=2.0, step=0.05, description="true w",
                                 continuous_update=True), "w_true")

    def draw(prior, sd, n, w_true):
        X, y = one_dim_data(n, w_true=w_true, noise=noise, seed=seed)
        param = prior_param_from_sd(prior, sd)
        res = grid_posterior(X, y, noise_var, prior, param, grid)
        prior_line.set_ydata(res.prior)
        lik_line.set_ydata(res.likelihood)
        post_line.set_ydata(res.posterior)
        mode_line.set_xdata([res.mode, res.mode])
        mean_line.set_xdata([res.mean, res.mean])
        truth.set_xdata([w_true, w_true])
        top = max(res.posterior.max(), res.likelihood.max(), res.prior.max())
        ax.set_ylim(0.0, 1.08 * top)
        name = "Gaussian" if prior == "gaussian" else "Laplace"
        ax.set_title(f"{name} prior (sd {sd:.3g}), n = {n}: prior x likelihood = posterior")
        if prior == "gaussian":
            penalty = (r"ridge &alpha; = &sigma;<sup>2</sup>/&tau;<sup>2</sup>", f"{res.alpha:.4g}")
            prior_text = f"N(0, &tau;<sup>2</sup> = {param:.4g})"
        else:
            penalty = (r"lasso &alpha; = &sigma;<sup>2</sup>/(n b)", f"{res.alpha:.4g}")
            prior_text = f"Laplace(0, b = {param:.4g})"
        html = number_table([
            ("prior", prior_text),
            ("least-squares estimate z", f"{res.z:.4f}"),
            ("posterior mode (MAP)", f"{res.mode:.4f}"),
            ("posterior mean", f"{res.mean:.4f}"),
            ("posterior sd", f"{res.sd:.4f}"),
            penalty,
            ("P(w = 0 exactly | data)", "0 (the posterior has a density)"),
        ])
        return figure_png(fig), html

    return explorer([prior, sd, n, w_true], draw,
                    title="Prior, likelihood, posterior: one coefficient")
