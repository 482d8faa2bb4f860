"""The names of relusym's facade, for type checkers and for the lazy loader of ``__init__.py``.

Each ``from .wing import name`` here is what ``relusym.name`` is; ``__init__.py`` reads this
file (lazy_loader.attach_stub) and imports a wing only when one of its names is first used,
so that ``relusym --help`` does not load SymPy.
"""

from .exceptions import (
    BudgetExceededError as BudgetExceededError,
    ExportSizeError as ExportSizeError,
    InexactNumberError as InexactNumberError,
    InvalidIntervalError as InvalidIntervalError,
    InvalidOptionError as InvalidOptionError,
    InvalidPolygonError as InvalidPolygonError,
    IrrationalNumberError as IrrationalNumberError,
    LatexCompileError as LatexCompileError,
    LatexNotFoundError as LatexNotFoundError,
    MissingDependencyError as MissingDependencyError,
    NonFiniteNumberError as NonFiniteNumberError,
    NotPiecewiseLinearError as NotPiecewiseLinearError,
    NotRealNumberError as NotRealNumberError,
    OptionTypeError as OptionTypeError,
    ParseError as ParseError,
    ProofStepError as ProofStepError,
    RelusymError as RelusymError,
    RoundingWarning as RoundingWarning,
    ShapeMismatchError as ShapeMismatchError,
    TargetError as TargetError,
    UndecidableOrderError as UndecidableOrderError,
)
from .core import (
    exact as exact,
    exact_from_float as exact_from_float,
    HingeSum as HingeSum,
    Piece as Piece,
    PieceSequence as PieceSequence,
    PiecewiseLinear as PiecewiseLinear,
    relu as relu,
    Restriction as Restriction,
)
from .expr import (
    parse_expression as parse_expression,
)
from .nets import (
    compile as compile,
    multiplication_gadget as multiplication_gadget,
    Network as Network,
    restrict_to_line as restrict_to_line,
    sawtooth as sawtooth,
    yarotsky_square as yarotsky_square,
)
from .planar import (
    ActivationRegion as ActivationRegion,
    compile_regions as compile_regions,
    decision_regions as decision_regions,
    DecisionRegions as DecisionRegions,
    LinearRegion as LinearRegion,
    PlanarPiecewiseLinear as PlanarPiecewiseLinear,
    Plane as Plane,
    PlaneSlice as PlaneSlice,
    Polygon as Polygon,
    restrict_to_plane as restrict_to_plane,
    slice_network as slice_network,
)
from .analysis.region_counts import (
    montufar_bound as montufar_bound,
    product_bound as product_bound,
    region_count as region_count,
    serra_bound as serra_bound,
)
from .analysis.region_maximum import (
    max_region_count as max_region_count,
)
from .analysis.result import (
    ErrorNorm as ErrorNorm,
)
from .analysis.renames import (
    renamed_attribute as renamed_attribute,
)
from .analysis.norms import (
    l1_error as l1_error,
    l2_error as l2_error,
    sup_error as sup_error,
)
from .analysis.planar_norms import (
    l1_error_2d as l1_error_2d,
    l2_error_2d as l2_error_2d,
    sup_error_2d as sup_error_2d,
)
from .analysis.approximants import (
    best_approximation as best_approximation,
    interpolant as interpolant,
    l2_projection as l2_projection,
    optimal_sup_error as optimal_sup_error,
    uniform_interpolant as uniform_interpolant,
)
from .proof import (
    Derivation as Derivation,
)
from .analysis.bounds import (
    error_bound as error_bound,
    ErrorBound as ErrorBound,
    Verification as Verification,
    verify_bound as verify_bound,
)

#: The version, read from the installed package's metadata (pyproject.toml holds it).
__version__: str
#: Every public name but ``compile``, which ``from relusym import *`` must not bind over the builtin.
__all__: list[str]
