"""Chapter 4 explorer: rotate and move the loss ellipses, change the norm and the budget.

The loss is the least-squares loss of a 2-feature design written around its minimiser,
``(w - c)^T A (w - c)`` with ``A = X^T X`` and ``c`` the least-squares point; the explorer
sets ``A`` by the ellipses' angle and aspect ratio and ``c`` by its coordinates. Every
update solves ``min loss  s.t.  ||w||_q <= t`` (exactly for q = 1, by a global search along
the boundary for other q, see :mod:`regkit.course.labs.geometry`) and redraws the ball, the contours,
the contour through the solution and the solution itself.
"""

import numpy as np

from ._base import explorer, figure_png, keyed, new_figure, number_table

Q_OPTIONS = [("q = 0.5 (non-convex)", 0.5), ("q = 0.75 (non-convex)", 0.75), ("q = 1 (lasso)", 1.0),
             ("q = 1.5", 1.5), ("q = 2 (ridge)", 2.0), ("q = 4", 4.0)]
LEVELS = np.array([0.1, 0.4, 0.9, 1.6, 2.5, 3.6, 4.9])  # thin contours, evenly spaced in sqrt(loss)
LIMIT = 3.2


class GeometryPanel:
    """Artists of one constraint-region picture on a matplotlib Axes, updated in place.

    Used by :func:`geometry_explorer` (one panel, redrawn on every control change) and by
    the chapter's static figure (several panels), so both show the same computation.
    """

    def __init__(self, ax, *, legend=True):
        from matplotlib.patches import Polygon

        self.ax = ax
        ax.axhline(0, color="0.5", lw=0.8)
        ax.axvline(0, color="0.5", lw=0.8)
        self.ball_fill = Polygon(np.zeros((3, 2)), closed=True, color="C0", alpha=0.15, lw=0)
        ax.add_patch(self.ball_fill)
        (self.ball,) = ax.plot([], [], color="C0", lw=2, label=r"ball $\|w\|_q \leq t$")
        self.contours = [ax.plot([], [], color="0.55", lw=0.8)[0] for _ in LEVELS]
        (self.touch,) = ax.plot([], [], color="C3", lw=2, label="contour through solution")
        (self.centre,) = ax.plot([], [], "kx", ms=9, mew=2, label="least squares")
        (self.solution,) = ax.plot([], [], "o", color="C3", ms=8, mec="k", label="solution")
        self.arrow = ax.annotate("", xy=(0, 0), xytext=(0, 0),
                                 arrowprops=dict(arrowstyle="->", color="C3", lw=1.5))
        ax.set(xlim=(-LIMIT, LIMIT), ylim=(-LIMIT, LIMIT), xlabel="$w_1$", ylabel="$w_2$")
        ax.set_aspect("equal")
        if legend:
            ax.legend(loc="lower left", fontsize=9, framealpha=0.9)

    def update(self, angle, aspect, cx, cy, q, t):
        """Solve the problem for these settings, redraw, and return the numbers as a dict."""
        from regkit.course.labs.geometry import ellipse_quadratic, lq_ball_2d, lq_norm, lq_unit_ball, quadratic_loss

        A = ellipse_quadratic(angle, aspect)
        c = np.array([cx, cy], dtype=float)
        w = lq_ball_2d(A, c, t, q)
        ball = lq_unit_ball(q, t, n_points=401)
        self.ball.set_data(ball[:, 0], ball[:, 1])
        self.ball_fill.set_xy(ball)
        # level set {(v - c)^T A (v - c) = L} = c + sqrt(L) A^(-1/2) (cos, sin)
        evals, evecs = np.linalg.eigh(A)
        root_inv = evecs @ np.diag(evals ** -0.5) @ evecs.T
        phi = np.linspace(0, 2 * np.pi, 181)
        circle = np.stack([np.cos(phi), np.sin(phi)])
        unit = (root_inv @ circle).T
        for line, level in zip(self.contours, LEVELS):
            pts = c + np.sqrt(level) * unit
            line.set_data(pts[:, 0], pts[:, 1])
        loss = float(quadratic_loss(w, A, c))
        inside = loss == 0.0
        pts = c + np.sqrt(loss) * unit
        self.touch.set_data(pts[:, 0], pts[:, 1])
        self.touch.set_visible(not inside)
        self.centre.set_data([cx], [cy])
        self.solution.set_data([w[0]], [w[1]])
        # the steepest-descent direction of the loss at the solution: normal to the ball there
        down = 2.0 * A @ (c - w)
        norm = np.linalg.norm(down)
        head = w + (0.8 * down / norm if norm > 0 else 0.0)
        self.arrow.xy, self.arrow.xyann = tuple(head), tuple(w)
        self.arrow.set_visible(not inside)
        zero = bool(np.any(w == 0.0))
        if inside:
            where = "inside the ball: constraint inactive"
        elif zero:
            where = "on a corner (one coordinate exactly 0)"
        else:
            where = "on the boundary, off the axes"
        self.ax.set_title(f"q = {q:g}, t = {t:.2f}: " + ("sparse" if zero else "no zero"),
                          fontsize=10)
        return dict(w=w, loss=loss, where=where, zero=zero, norm=float(lq_norm(w, q)), grad=-down,
                    inside=inside)


def _equivalent_penalty(q, w, grad, inside):
    """The weight of the penalized form with the same solution, from the KKT conditions."""
    if inside:
        return "0 (the constraint does not bind)"
    if q == 1.0:
        return f"{np.max(np.abs(grad)):.4f} (on ||w||<sub>1</sub>)"
    if q == 2.0:
        weight = np.linalg.norm(grad) / (2 * np.linalg.norm(w))
        return f"{weight:.4f} (on ||w||<sub>2</sub><sup>2</sup>)"
    return "shown for q = 1 and q = 2"


def geometry_explorer():
    """Rotate and move the least-squares loss ellipses; change the norm q and the budget t.

    Controls: the ellipses' angle and aspect ratio (the design ``X^T X``), the position of the
    least-squares point, the norm (q from 0.5 to 4) and the budget ``t``. The figure shows the
    ball, the contours, the contour through the computed solution (it touches the ball there)
    and the steepest-descent direction of the loss at the solution (normal to the ball: the
    optimality condition). The numbers give the solution, whether it has an exact zero, and
    the penalty weight of the equivalent penalized problem.
    """
    import ipywidgets as w

    fig, ax = new_figure(5.6, 5.0)
    panel = GeometryPanel(ax)
    style = {"description_width": "initial"}
    controls = [
        keyed(w.FloatSlider(value=20.0, min=0.0, max=180.0, step=5.0,
                            description="ellipse angle (deg)", style=style), "angle"),
        keyed(w.FloatSlider(value=3.0, min=1.0, max=8.0, step=0.25, description="aspect ratio",
                            style=style), "aspect"),
        keyed(w.FloatSlider(value=2.0, min=-3.0, max=3.0, step=0.1, description="least squares w1",
                            style=style), "cx"),
        keyed(w.FloatSlider(value=1.2, min=-3.0, max=3.0, step=0.1, description="least squares w2",
                            style=style), "cy"),
        keyed(w.Dropdown(options=Q_OPTIONS, value=1.0, description="norm", style=style), "q"),
        keyed(w.FloatSlider(value=1.0, min=0.2, max=2.5, step=0.05, description="budget t",
                            style=style), "t"),
    ]

    # the layout is solved once, at the first render (figure_png freezes it)
    def draw(angle, aspect, cx, cy, q, t):
        out = panel.update(angle, aspect, cx, cy, q, t)
        sol = out["w"]
        html = number_table([
            ("solution w", f"({sol[0]:+.4f}, {sol[1]:+.4f})"),
            ("||w||<sub>q</sub> / budget t", f"{out['norm']:.4f} / {t:.4f}"),
            ("where", out["where"]),
            ("exact zero?", "yes: sparse" if out["zero"] else "no"),
            ("loss at the solution", f"{out['loss']:.4f}"),
            ("ball convex?", "yes" if q >= 1 else "no (q < 1)"),
            ("equivalent penalty weight", _equivalent_penalty(q, sol, out["grad"], out["inside"])),
        ])
        return figure_png(fig), html

    return explorer(controls, draw, title="Constraint regions: ellipses meet balls")
