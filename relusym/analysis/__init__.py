"""Approximation theory: targets, exact errors (sup, L1, L2; one and two inputs), approximants,
bounds in n with their derivations, and counts of linear regions.

Other wings import from this package, never from its modules, so the modules may move.
"""

from .targets import (
    Target,
    read_target,
    read_interval,
    require_continuous,
)
from .result import ErrorNorm, NORMS
from .renames import renamed_attribute
from .norms import (
    TargetError,
    sup_error,
    l1_error,
    l2_error,
)
from .approximants import (
    interpolant,
    uniform_interpolant,
    l2_projection,
    best_approximation,
    optimal_sup_error,
    uniform_knots,
    graded_knots,
    read_piece_count,
)
from .bounds import (
    ErrorBound,
    Verification,
    error_bound,
    verify_bound,
    SCHEMES,
)
from ..proof import Step, Derivation, ProofStepError  # what error_bound's proofs are made of
from .planar_norms import (
    sup_error_2d,
    l1_error_2d,
    l2_error_2d,
)
from .region_counts import (
    region_count,
    product_bound,
    montufar_bound,
    serra_bound,
)
from .region_maximum import max_region_count, RegionMaximum

__all__ = [
    "Target",
    "read_target",
    "read_interval",
    "require_continuous",
    "ErrorNorm",
    "TargetError",
    "sup_error",
    "l1_error",
    "l2_error",
    "NORMS",
    "interpolant",
    "uniform_interpolant",
    "l2_projection",
    "best_approximation",
    "optimal_sup_error",
    "uniform_knots",
    "graded_knots",
    "read_piece_count",
    "Step",
    "Derivation",
    "ErrorBound",
    "Verification",
    "error_bound",
    "verify_bound",
    "SCHEMES",
    "ProofStepError",
    "sup_error_2d",
    "l1_error_2d",
    "l2_error_2d",
    "region_count",
    "max_region_count",
    "product_bound",
    "montufar_bound",
    "serra_bound",
    "RegionMaximum",
]

from .rates import (
    read_piece_counts,
    errors_against_n,
    approximate_error,
    closed_form,
    fitted_slope,
    observed_orders,
)

__all__ += [
    "read_piece_counts",
    "errors_against_n",
    "approximate_error",
    "closed_form",
    "fitted_slope",
    "observed_orders",
]

# The result type's old name, from before it was known as the norm of the error.
__getattr__ = renamed_attribute(__name__, "ApproximationError", "ErrorNorm", ErrorNorm)
