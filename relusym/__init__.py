"""relusym: exact ReLU networks and the piecewise-linear functions they compute.

>>> from sympy import Symbol
>>> from relusym import relu, compile
>>> x = Symbol("x")
>>> compile(relu(x) + relu(-x)) == compile(abs(x))
True
"""

from .exceptions import (
    InexactNumberError,
    InvalidIntervalError,
    InvalidOptionError,
    InvalidPolygonError,
    IrrationalNumberError,
    ExportSizeError,
    LatexCompileError,
    LatexNotFoundError,
    MissingDependencyError,
    OptionTypeError,
    NonFiniteNumberError,
    ParseError,
    ProofStepError,
    BudgetExceededError,
    NotPiecewiseLinearError,
    NotRealNumberError,
    RelusymError,
    RoundingWarning,
    ShapeMismatchError,
    TargetError,
    UndecidableOrderError,
)
from .core import HingeSum, Piece, PieceSequence, PiecewiseLinear, Restriction, exact, exact_from_float, relu
from .expr import parse_expression
from .nets import Network, compile, multiplication_gadget, restrict_to_line, sawtooth, yarotsky_square
from .planar import (
    ActivationRegion,
    DecisionRegions,
    Plane,
    decision_regions,
    restrict_to_plane,
    LinearRegion,
    PlanarPiecewiseLinear,
    PlaneSlice,
    Polygon,
    compile_regions,
    slice_network,
)
from .analysis.region_counts import (
    montufar_bound,
    product_bound,
    region_count,
    serra_bound,
)
from .analysis.region_maximum import max_region_count
from .analysis.result import ErrorNorm
from .analysis.renames import renamed_attribute
from .analysis.norms import l1_error, l2_error, sup_error
from .analysis.planar_norms import l1_error_2d, l2_error_2d, sup_error_2d
from .analysis.approximants import (
    best_approximation,
    interpolant,
    l2_projection,
    optimal_sup_error,
    uniform_interpolant,
)
from .proof import Derivation
from .analysis.bounds import ErrorBound, Verification, error_bound, verify_bound

__version__ = "0.1.0"

__all__ = [
    "relu",
    "parse_expression",
    "PiecewiseLinear",
    "Piece",
    "PieceSequence",
    "HingeSum",
    "Restriction",
    "Network",
    "compile",
    "restrict_to_line",
    "restrict_to_plane",
    "Plane",
    "decision_regions",
    "DecisionRegions",
    "Polygon",
    "PlanarPiecewiseLinear",
    "LinearRegion",
    "compile_regions",
    "slice_network",
    "PlaneSlice",
    "ActivationRegion",
    "sup_error_2d",
    "l1_error_2d",
    "l2_error_2d",
    "sawtooth",
    "yarotsky_square",
    "multiplication_gadget",
    "region_count",
    "max_region_count",
    "product_bound",
    "montufar_bound",
    "serra_bound",
    "sup_error",
    "l1_error",
    "l2_error",
    "ErrorNorm",
    "interpolant",
    "uniform_interpolant",
    "l2_projection",
    "best_approximation",
    "optimal_sup_error",
    "error_bound",
    "verify_bound",
    "ErrorBound",
    "Derivation",
    "Verification",
    "exact",
    "exact_from_float",
    "RelusymError",
    "InexactNumberError",
    "NonFiniteNumberError",
    "NotPiecewiseLinearError",
    "NotRealNumberError",
    "ShapeMismatchError",
    "UndecidableOrderError",
    "InvalidIntervalError",
    "InvalidOptionError",
    "InvalidPolygonError",
    "IrrationalNumberError",
    "OptionTypeError",
    "MissingDependencyError",
    "LatexNotFoundError",
    "LatexCompileError",
    "ExportSizeError",
    "RoundingWarning",
    "TargetError",
    "ParseError",
    "ProofStepError",
    "BudgetExceededError",
]

# The result type's old name, from before it was known as the norm of the error.
__getattr__ = renamed_attribute(__name__, "ApproximationError", "ErrorNorm", ErrorNorm)
