"""Exact ReLU networks: the Network value type, the compiler of expressions and networks to the
canonical form, interop with PyTorch and NumPy, and the classical constructions.

Other wings import from this package, never from its modules, so the modules may move.
"""

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
    to_torch,
    to_numpy,
    rounded,
    Rounding,
)
from .constructions import (
    sawtooth,
    yarotsky_square,
    multiplication_gadget,
)

__all__ = [
    "Network",
    "default_variables",
    "compile",
    "from_torch",
    "from_numpy",
    "to_torch",
    "to_numpy",
    "rounded",
    "Rounding",
    "sawtooth",
    "yarotsky_square",
    "multiplication_gadget",
]
