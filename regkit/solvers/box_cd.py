"""Where the estimators import the bounded coordinate-descent solver from.

The solver is :func:`regkit.solvers.coordinate_descent.box_cd` (the one coordinate-descent
driver with :class:`regkit.penalties.BoundedElasticNet`); this module only re-exports it
until ``regkit/estimators.py`` imports from :mod:`regkit.solvers.coordinate_descent`.
"""

from regkit.solvers.coordinate_descent import box_cd, box_path
from regkit.solvers.design import LinearDesign

__all__ = ["LinearDesign", "box_cd", "box_path"]
