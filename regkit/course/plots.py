"""Figure defaults for every chapter of the book, set once.

The published book shows each static figure in a text column about 730 CSS pixels wide at a
1400 px window. Figures are drawn at 100 dpi, so a 7-inch figure is 700 CSS pixels and is shown at
its own size (never enlarged); they are saved at twice that resolution (``retina``) so they stay
sharp on high-density screens, and the smallest text (8 pt, legends and tick labels) is 11 CSS
pixels as displayed.
"""

BOOK_RC = {
    "figure.dpi": 100,
    "figure.figsize": (7.0, 3.8),
    "savefig.bbox": "tight",
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "axes.grid": True,
    "grid.alpha": 0.3,
}


def use_book_style():
    """Apply the book's matplotlib defaults and ask the inline backend for 2x PNGs.

    Called once at the top of each chapter, after ``%matplotlib inline``. The PNG keeps its
    1x size in the notebook's metadata, so Jupyter and the HTML book display it at that size.
    """
    import matplotlib as mpl

    mpl.rcParams.update(BOOK_RC)
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # plain Python, no inline backend: the rcParams still apply
        return
    set_matplotlib_formats("retina")
