"""Exact ReLU networks: the Network value type, the compiler of expressions and networks to the
canonical form, interop with PyTorch and NumPy, and the classical constructions.

Other wings import from this package, never from its modules, so the modules may move.

Importing this package registers :meth:`Network.from_piecewise` with the core wing
(:func:`relusym.core.register_network_builder`): ``PiecewiseLinear.to_network()`` builds
its network with it, and the core, below the networks, never imports them. Importing
relusym imports this package, so the construction is there whenever a function is.
"""

from ..core import register_network_builder

from .network import (
    Network,
    default_variables,
)
from .compiler import (
    compile,
)
from .interop import (
    from_torch,
    from_numpy,
    load_torch,
    to_torch,
    to_numpy,
    rounded,
    Rounding,
)
from .limits import (
    MAX_UNITS,
    MAX_PARAMETERS,
    MAX_NETWORK_FILE_BYTES,
    check_network_size,
)
from .lines import (
    restrict_to_line,
    compose_affine,
    read_vector,
)
from .constructions import (
    sawtooth,
    yarotsky_square,
    multiplication_gadget,
)

register_network_builder(Network.from_piecewise)

__all__ = [
    "Network",
    "default_variables",
    "compile",
    "from_torch",
    "from_numpy",
    "load_torch",
    "to_torch",
    "to_numpy",
    "rounded",
    "Rounding",
    "restrict_to_line",
    "compose_affine",
    "read_vector",
    "sawtooth",
    "yarotsky_square",
    "multiplication_gadget",
    "MAX_UNITS",
    "MAX_PARAMETERS",
    "MAX_NETWORK_FILE_BYTES",
    "check_network_size",
]
