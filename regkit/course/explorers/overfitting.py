"""Chapter 1 explorer: polynomial degree and ridge strength against training and test error."""

import numpy as np

from regkit._validation import check_int, check_scalar

from ._base import explorer, figure_png, keyed, log_slider, new_figure, number_table


def overfitting_explorer(n_train=20, noise=0.3, seed=1):
    """Move the degree and lambda; watch the fit, and the training and test error.

    Left: the training points, the true sine and the fitted polynomial. Right: the
    training and test MSE of every degree at the chosen lambda, with the chosen degree
    marked, so a reader sees where the curves part.
    """
    n_train = check_int(n_train, "n_train", 2)
    noise = check_scalar(noise, "noise", low=0.0)
    seed = check_int(seed, "seed", 0)
    import ipywidgets as w

    from regkit.datasets import make_sine_data, true_sine
    from regkit.course.labs.overfitting import PolynomialRidge, mse, train_test_errors

    x, y = make_sine_data(n_train, noise=noise, seed=seed)
    x_test, y_test = make_sine_data(500, noise=noise, seed=seed + 1000, x_range=(x[0], x[-1]))
    grid = np.linspace(0, 1, 300)
    degrees = np.arange(0, 16)

    fig, (ax_fit, ax_err) = new_figure(9.0, 3.4, ncols=2)
    ax_fit.scatter(x, y, s=18, color="k", zorder=3, label="training data")
    ax_fit.plot(grid, true_sine(grid), color="0.6", lw=1.5, label="true signal")
    (fit_line,) = ax_fit.plot(grid, np.zeros_like(grid), color="C0", lw=2, label="fit")
    ax_fit.set(xlabel="x", ylabel="y", ylim=(-2, 2), title="fit")
    ax_fit.legend(loc="lower left", fontsize=9)
    (train_line,) = ax_err.semilogy(degrees, np.ones_like(degrees, float), "o-", ms=3, label="train")
    (test_line,) = ax_err.semilogy(degrees, np.ones_like(degrees, float), "s-", ms=3, label="test")
    marker = ax_err.axvline(0, color="k", ls=":")
    ax_err.set(xlabel="polynomial degree", ylabel="mean squared error", ylim=(1e-3, 10),
               title="error vs degree (at this lambda)")
    ax_err.legend(fontsize=9)

    degree = keyed(w.IntSlider(value=3, min=0, max=15, description="degree"), "degree")
    alpha = log_slider("alpha", "lambda", low=-8, high=2, value=1e-8)

    def draw(degree, alpha):
        model = PolynomialRidge(degree, alpha).fit(x, y)
        fit_line.set_ydata(model.predict(grid))
        train, test = train_test_errors(x, y, x_test, y_test, degrees=degrees, alpha=alpha)
        train_line.set_ydata(np.maximum(train, 1e-4))
        test_line.set_ydata(np.minimum(test, 9.0))
        marker.set_xdata([degree, degree])
        html = number_table([
            ("training MSE", f"{mse(y, model.predict(x)):.4f}"),
            ("test MSE", f"{mse(y_test, model.predict(x_test)):.4f}"),
            ("noise variance (best possible)", f"{noise ** 2:.4f}"),
            ("||w||<sub>2</sub>", f"{np.linalg.norm(model.coef_):.3g}"),
        ])
        return figure_png(fig), html

    return explorer([degree, alpha], draw, title="Overfitting: degree and lambda")
