"""Interactive explorers: plain ipywidgets, one or more per chapter.

Every name in ``__all__`` is a factory callable with no arguments that returns an
``ipywidgets.Widget``; its figure is an ``Image`` widget (PNG bytes) and its numbers
an ``HTML`` widget, reachable as ``.image`` and ``.numbers``; its controls are in
``.controls`` keyed by name.
"""

from .overfitting import overfitting_explorer
from .ridge import ridge_explorer
from .bayes import prior_explorer
from .lasso import lasso_explorer
from .scaling import units_explorer
from .elastic_net import enet_explorer
from .geometry import geometry_explorer
from .cross_validation import cv_explorer

__all__ = ["overfitting_explorer", "ridge_explorer", "prior_explorer", "lasso_explorer",
           "units_explorer", "enet_explorer", "geometry_explorer",
           "cv_explorer"]
