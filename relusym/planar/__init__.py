"""Two inputs: exact convex polygons and the planar piecewise-linear function with its compiler.

Other wings import from this package, never from its modules, so the modules may move.
"""

from .polygons import (
    Polygon,
    read_domain,
    contains,
    intersect,
    split,
    twice_area,
)
from .function import (
    PlanarPiecewiseLinear,
    LinearRegion,
)
from .slices import (
    slice_network,
    PlaneSlice,
    ActivationRegion,
)
from .regions import (
    compile_regions,
    read_variable_pair,
)
from .planes import (
    Plane,
    restrict_to_plane,
    read_plane,
)
from .decisions import (
    decision_regions,
    DecisionRegions,
)

__all__ = [
    "Polygon",
    "read_domain",
    "contains",
    "intersect",
    "split",
    "twice_area",
    "PlanarPiecewiseLinear",
    "LinearRegion",
    "compile_regions",
    "read_variable_pair",
    "slice_network",
    "PlaneSlice",
    "ActivationRegion",
    "Plane",
    "restrict_to_plane",
    "read_plane",
    "decision_regions",
    "DecisionRegions",
]
