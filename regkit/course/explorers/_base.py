"""The one pattern every explorer follows.

An explorer is plain ipywidgets: controls, an ``Image`` widget holding the figure as
PNG bytes, and an ``HTML`` widget for the numbers. Because the figure lives in a
widget's state (not in a kernel-side output), tests can read it without a browser and
the saved widget state shows it in the static HTML book.
"""

import contextlib
import io

import numpy as np

# The static book's player shows a frame at the figure's own size (80 dpi: a 9.5-inch figure
# is 760 CSS px, its 10-point labels 11 px), or the column's width if that is smaller; frames
# exported for it are drawn at PLAYER_DENSITY times that size, so they stay sharp on
# high-density screens. A live explorer in JupyterLab keeps 80 dpi (a slider move stays cheap).
PLAYER_DENSITY = 2
_density = None


@contextlib.contextmanager
def frames_for_player():
    """Within this block every explorer draws its figure at ``PLAYER_DENSITY`` times its dpi."""
    global _density
    previous, _density = _density, PLAYER_DENSITY
    try:
        yield
    finally:
        _density = previous


def new_figure(width=7.0, height=3.6, ncols=1):
    """A matplotlib Figure drawn by the Agg canvas, independent of pyplot's global state."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=80, layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, ncols) if ncols > 1 else fig.add_subplot(1, 1, 1)
    return fig, axes


def figure_png(fig):
    """Render a Figure to PNG bytes.

    The first render solves the constrained layout; later renders keep those axes positions,
    because re-solving the layout on every slider move doubles the cost of an update.
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi * (_density or 1))
    if fig.get_layout_engine() is not None:
        fig.set_layout_engine(None)
    return buf.getvalue() if _density is None else _palette_png(buf)


def _palette_png(buf):
    """The PNG in ``buf`` with a palette of at most 256 colours and no alpha channel.

    A player fetches a frame on every slider step: a plot's flat colours and thin lines survive
    a 256-colour palette (no dithering, deterministic), at about a third of the RGBA size.
    """
    from PIL import Image

    buf.seek(0)
    image = Image.open(buf).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        out, format="png", optimize=True)
    return out.getvalue()


def number_table(rows):
    """Small HTML table of (label, value) pairs for the numbers panel."""
    cells = "".join(
        f"<tr><td style='padding:0 1em 0 0'>{label}</td><td style='text-align:right'><code>{value}</code></td></tr>"
        for label, value in rows
    )
    return f"<table>{cells}</table>"


def explorer(controls, draw, *, title=""):
    """Assemble controls, figure and numbers into one widget and wire the updates.

    Parameters
    ----------
    controls : list of ipywidgets value widgets
    draw : callable(**values) -> (png_bytes, html)
        Called with ``{control.description_key: value}`` whenever a control changes.
    title : str
        Shown above the controls.

    Returns
    -------
    ipywidgets.VBox with attributes ``image``, ``numbers`` and ``controls`` (a dict by key).
    """
    import ipywidgets as w

    image = w.Image(format="png", layout=w.Layout(width="100%", max_width="720px"))
    numbers = w.HTML()
    by_key = {c._regkit_key: c for c in controls}

    def update(_change=None):
        png, html = draw(**{k: c.value for k, c in by_key.items()})
        image.value = png
        numbers.value = html

    for c in controls:
        c.observe(update, names="value")
    update()
    header = [w.HTML(f"<b>{title}</b>")] if title else []
    box = w.VBox(header + [w.HBox(controls, layout=w.Layout(flex_flow="row wrap")), image, numbers])
    box.image, box.numbers, box.controls, box.update = image, numbers, by_key, update
    return box


def keyed(widget, key):
    """Tag a control with the keyword its value is passed under to ``draw``."""
    widget._regkit_key = key
    return widget


def log_slider(key, description, *, low, high, value, step=0.1):
    """A slider over log10 of a positive quantity, readout shown as 10^x."""
    import ipywidgets as w

    s = w.FloatLogSlider(value=value, base=10, min=low, max=high, step=step,
                         description=description, continuous_update=True,
                         readout_format=".2e", style={"description_width": "initial"})
    return keyed(s, key)


def as_float_array(values):
    return np.asarray(values, dtype=float)
