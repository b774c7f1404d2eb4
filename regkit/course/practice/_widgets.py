"""Pieces shared by the practice widgets (quiz and mock interview)."""

from regkit.course.practice.bank import CHAPTERS

# "02_ridge" -> "02 ridge", "09_choosing_lambda" -> "09 choosing lambda"
CHAPTER_LABELS = {c: c.replace("_", " ") for c in CHAPTERS}


def import_widgets():
    """Return the ``ipywidgets`` module, imported on first use.

    Building a widget is the only reason to pay for the import, so the question bank
    and the drills stay usable (and quick to import) without it.
    """
    import ipywidgets

    return ipywidgets
