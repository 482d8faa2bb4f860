"""Layered ReLU networks with exact weights.

The class sits above its layer data (:mod:`relusym.nets.layers`), the readers and
writers of trained networks (:mod:`relusym.nets.floats`) and the propagation of
breakpoint data (:mod:`relusym.nets.propagation`), and imports them all at the top.
:meth:`Network.from_piecewise` builds a network from a function; :mod:`relusym.nets`
registers it with the core wing, so that ``PiecewiseLinear.to_network()`` calls it
without the core importing the networks above it.
"""

import gmpy2
import sympy

from ..core import compare, exact, literal, normalize, printing_long_integers, relu, sign, to_sympy
from ..exceptions import InvalidOptionError, ShapeMismatchError
from ..expr import MAX_NUMBER_DIGITS, exact_literal, exact_text, integer_literal
from .floats import Rounding, limited_layers, numpy_arrays, numpy_layers, torch_layers, torch_module
from .layers import layer_arrays, read_layers
from .propagation import function_of_layers
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence
    from ..core import PiecewiseLinear, hints

__all__ = ["Network", "default_variables"]

_X = sympy.Symbol("x")
_ZERO = gmpy2.mpq(0)


def default_variables(dimension: int) -> tuple[sympy.Symbol, ...]:
    """The default input symbols: ``(x,)``, ``(x, y)``, or ``(x1, ..., xd)``.

    >>> default_variables(2)
    (x, y)
    """
    if dimension == 1:
        return (_X,)
    if dimension == 2:
        return (_X, sympy.Symbol("y"))
    return sympy.symbols(f"x1:{dimension + 1}")


class Network:
    """A fully connected ReLU network from R^d to R^k with exact weights.

    Parameters
    ----------
    layers : sequence of (W, b)
        ``W`` is a weight matrix (rows = outputs, given as a sequence of rows)
        and ``b`` a bias vector. ReLU follows every layer but the last. The
        first layer takes d inputs (the length of its rows: one input, as
        :func:`relusym.compile` needs, two for :func:`relusym.compile_regions`,
        any number for :func:`relusym.restrict_to_line` and
        :func:`relusym.restrict_to_plane`) and the last gives k outputs (its
        rows; one for the compilers, any number for the restrictions). Entries are
        ints, Fractions, SymPy numbers or strings like ``"3/4"``; floats are
        refused (see :meth:`from_floats`).

    Examples
    --------
    >>> abs_net = Network([([[1], [-1]], [0, 0]), ([[1, 1]], [0])])
    >>> abs_net("-3/2"), abs_net.widths
    (3/2, (1, 2, 1))
    >>> abs_net.as_expr()
    relu(-x) + relu(x)
    >>> plane = Network([([[1, -1]], [0])])          # two inputs: x - y
    >>> plane.input_dimension, plane(3, "1/2"), plane.as_expr()
    (2, 5/2, x - y)
    >>> two = Network([([[1, 0, 0], [0, 1, -1]], [0, 0]), ([[1, 0], [1, 1]], [0, 1])])
    >>> two.widths, two(1, 2, 3), two.output(1).as_expr()
    ((3, 2, 2), (1, 2), relu(x1) + relu(x2 - x3) + 1)
    """

    __slots__ = ("_layers", "_arrays", "_first")  # _first: see lines.compose_affine

    def __init__(self, layers: "Sequence[tuple[Sequence[hints.Numbers], hints.Numbers]]") -> None:
        self._layers = read_layers(layers)
        self._arrays = self._first = None

    @classmethod
    def _trusted(cls, layers):
        """The network with layer data already read and checked (tuples of exact scalars)."""
        self = object.__new__(cls)
        self._layers, self._arrays, self._first = tuple(layers), None, None
        return self

    @classmethod
    def from_floats(cls, layers: "Sequence[tuple[Sequence[Sequence[float]], Sequence[float]]]") -> "Network":
        """A network whose float weights are taken as the exact dyadic rationals they are.

        >>> Network.from_floats([([[0.5]], [0.1])]).layers[0][1]
        (3602879701896397/36028797018963968,)
        """
        self = object.__new__(cls)
        self._layers = read_layers(layers, allow_float=True)
        self._arrays = self._first = None
        return self

    @classmethod
    def from_piecewise(cls, f: "PiecewiseLinear") -> "Network":
        """A network with one hidden layer and at most ``f.piece_count`` units computing ``f``.

        ``p`` pieces take ``p - 1`` units when an end piece is flat and ``p``
        otherwise (Arora et al. 2018, Thm 2.2); an affine function takes no hidden
        layer at all. ``f.to_network()`` calls this.

        >>> from relusym import PiecewiseLinear
        >>> net = Network.from_piecewise(PiecewiseLinear([-1, 0, 1], [-3, -1, 1, 3], 0))
        >>> net.widths, net(2), net(-2)
        ((1, 4, 1), 4, 4)
        """
        knots, slopes = f.knots, f.slopes
        if not knots:
            return cls([([[slopes[0]]], [f.intercepts[0]])])
        # f(x) = f(k_1) - s_0*relu(k_1 - x) + s_1*relu(x - k_1) + sum_{i>1} (s_i - s_{i-1})*relu(x - k_i);
        # the first unit is needed only for a sloped left end. With a flat right end
        # but a sloped left one, build g(y) = f(-y) instead and feed it -x.
        mirror = slopes[0] != 0 and slopes[-1] == 0
        if mirror:
            knots = tuple(-k for k in reversed(knots))
            slopes = tuple(-m for m in reversed(slopes))
        weights, biases, out = [], [], []
        if slopes[0] != 0:
            weights.append(-1)
            biases.append(knots[0])
            out.append(-slopes[0])
        for i, k in enumerate(knots):
            weights.append(1)
            biases.append(-k)
            out.append(slopes[i + 1] - (slopes[i] if i else 0))
        direction = -1 if mirror else 1
        anchor = f(direction * knots[0])
        # f's data are exact reals already: brought to canonical type, not read again
        # (checking each of 10**5 symbolic knots costs seconds).
        hidden = (tuple((normalize(direction * w),) for w in weights), tuple(map(normalize, biases)))
        return cls._trusted([hidden, ((tuple(map(normalize, out)),), (normalize(anchor),))])

    # -- trained networks: PyTorch and NumPy (relusym.nets.floats) -------------------------------
    @classmethod
    def from_numpy(cls, layers: "Sequence[tuple[Any, Any]]") -> "Network":
        """The network with layers ``[(W, b), ...]`` of NumPy arrays, floats read exactly.

        See :func:`relusym.nets.interop.from_numpy`.

        >>> import numpy as np
        >>> Network.from_numpy([(np.array([[0.5]]), np.array([-1]))]).layers
        ((((1/2,),), (-1,)),)
        """
        return cls.from_floats(numpy_layers(layers))

    @classmethod
    def from_torch(cls, module: Any) -> "Network":
        """The network a PyTorch ``nn.Sequential`` of ``Linear`` and ``ReLU`` layers computes, exactly.

        Needs ``pip install 'relusym[torch]'``; see :func:`relusym.nets.interop.from_torch`.
        """
        return cls(torch_layers(module))

    def to_numpy(self, dtype: Any = None) -> "list[tuple[Any, Any]]":
        """The layers as NumPy arrays, rounded to the nearest float (warning when any changes).

        See :func:`relusym.nets.interop.to_numpy`.

        >>> [W.tolist() for W, b in Network([([[1], [-1]], [0, 0]), ([[1, 1]], [0])]).to_numpy()]
        [[[1.0], [-1.0]], [[1.0, 1.0]]]
        """
        return numpy_arrays(self.layers, dtype)

    def to_torch(self, dtype: Any = None) -> Any:
        """A PyTorch ``nn.Sequential`` with the weights rounded to the nearest float (default float64).

        Warns when any weight changes; see :func:`relusym.nets.interop.to_torch`.
        """
        return torch_module(self.layers, dtype)

    def rounded(self, max_denominator: int, interval: "hints.Interval") -> Rounding:
        """The weights rounded to denominators up to ``max_denominator``, with the exact sup difference on ``interval``.

        The difference of the two functions is piecewise linear, so its sup over
        ``[a, b]`` is attained at ``a``, ``b`` or a knot between them. See
        :func:`relusym.nets.interop.rounded`.

        >>> r = Network([([["1/3"]], [0])]).rounded(2, (0, 3))
        >>> r.network.layers, r.sup_difference
        (((((1/2,),), (0,)),), 1/2)
        """
        approximation = Network(limited_layers(self.layers, max_denominator))
        try:
            a, b = interval
        except (TypeError, ValueError):
            raise InvalidOptionError(f"the interval must be a pair (a, b), not {interval!r}") from None
        difference = function_of_layers(self.exact_layers()) - function_of_layers(
            approximation.exact_layers()
        )
        difference = difference.restrict(a, b)
        largest = None
        for value in difference.values:
            size = abs(value)
            if largest is None or compare(exact(size), exact(largest)) > 0:
                largest = size
        return Rounding(approximation, largest, (difference.start, difference.end))

    # -- structure -------------------------------------------------------------------------
    @property
    def layers(self) -> "tuple[tuple[tuple[hints.Exacts, ...], hints.Exacts], ...]":
        """The layers as ``(W, b)`` pairs of tuples of exact SymPy numbers."""
        return tuple(
            (tuple(tuple(to_sympy(w) for w in row) for row in W), tuple(to_sympy(v) for v in b))
            for W, b in self._layers
        )

    @property
    def rational_layers(self) -> "tuple[tuple[tuple[tuple[Any, ...], ...], tuple[Any, ...]], ...]":
        """The layers as stored: ``(W, b)`` tuples of exact scalars (``gmpy2.mpq`` for rationals).

        The fast way to read the weights of a large network (:attr:`layers` makes SymPy numbers).

        >>> Network([([["1/2"]], [0])]).rational_layers
        ((((mpq(1,2),),), (mpq(0,1),)),)
        """
        return self._layers

    @property
    def input_dimension(self) -> int:
        """The number of inputs d (the length of the first layer's rows)."""
        return len(self._layers[0][0][0])

    @property
    def output_dimension(self) -> int:
        """The number of outputs k (the rows of the last layer)."""
        return len(self._layers[-1][1])

    def output(self, index: int) -> "Network":
        """The network of output ``index`` alone (counted from 0): the last layer keeps one row.

        >>> Network([([[1], [-1]], [0, 0]), ([[1, 0], [0, 1]], [0, 0])]).output(1).as_expr()
        relu(-x)
        """
        k = self.output_dimension
        if isinstance(index, bool) or not isinstance(index, int) or not -k <= index < k:
            raise ShapeMismatchError(
                f"output {index!r} does not exist: the network has {k} output{'s' if k != 1 else ''}"
                f" (0 to {k - 1})"
            )
        W, b = self._layers[-1]
        return self._trusted(self._layers[:-1] + (((W[index],), (b[index],)),))

    @property
    def widths(self) -> tuple[int, ...]:
        """Input width, the hidden widths, output width: ``(d, h1, ..., k)``."""
        return (self.input_dimension,) + tuple(len(b) for _, b in self._layers)

    @property
    def depth(self) -> int:
        """The number of hidden layers."""
        return len(self._layers) - 1

    @property
    def hidden_units(self) -> int:
        """The total number of hidden ReLU units."""
        return sum(self.widths[1:-1])

    def exact_layers(self) -> Any:
        """The layers for the compiler: ``(W, b)`` with every entry a 0-d ExactArray (cached)."""
        if self._arrays is None:
            self._arrays = layer_arrays(self._layers)
        return self._arrays

    # -- evaluation ------------------------------------------------------------------------
    def __call__(self, *inputs: "hints.Number") -> Any:
        """Exact forward evaluation at exact numbers, one per input: ``net(t)``, ``net(x, y)``.

        One output gives an exact SymPy number, k outputs a tuple of k of them.
        """
        if len(inputs) != self.input_dimension:
            raise ShapeMismatchError(
                f"the network has {self.input_dimension} input"
                f"{'s' if self.input_dimension != 1 else ''} but was called with {len(inputs)}"
            )
        activations = [exact(t, what=f"network input {i + 1}") for i, t in enumerate(inputs)]
        last = len(self._layers) - 1
        for index, (W, b) in enumerate(self._layers):
            z = [sum((w * h for w, h in zip(row, activations)), bias) for row, bias in zip(W, b)]
            activations = z if index == last else [v if sign(v) > 0 else _ZERO for v in z]
        if len(activations) == 1:
            return to_sympy(activations[0])
        return tuple(map(to_sympy, activations))

    def as_expr(self, *variables: sympy.Symbol, x: sympy.Symbol | None = None) -> Any:
        """The function the network computes as a SymPy expression with :func:`relu`.

        The variables default to x (one input), x, y (two) or x1, ..., xd. A network
        with k outputs gives a tuple of k expressions.
        """
        if x is not None:
            variables = (x,) + variables
        if not variables:
            variables = default_variables(self.input_dimension)
        if len(variables) != self.input_dimension:
            raise ShapeMismatchError(
                f"the network has {self.input_dimension} inputs; {len(variables)} variables given"
            )
        activations = list(variables)
        last = len(self._layers) - 1
        for index, (W, b) in enumerate(self.layers):
            z = [sympy.Add(*(w * h for w, h in zip(row, activations)), bias) for row, bias in zip(W, b)]
            activations = z if index == last else [relu(v) for v in z]
        return activations[0] if len(activations) == 1 else tuple(activations)

    # -- value semantics -------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        """Equal weights, layer by layer (for equal functions compare ``compile`` results)."""
        if not isinstance(other, Network):
            return NotImplemented
        return self.layers == other.layers

    def __hash__(self) -> int:
        return hash(self.layers)

    def __copy__(self) -> "Network":
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> "Network":
        return self

    #: ``str`` and ``repr`` write every weight of a network with at most this many weights
    #: and biases (NumPy's threshold); beyond, a row or column longer than ``2 * EDGE_ITEMS``
    #: shows its first and last ``EDGE_ITEMS`` entries with ``...`` between them.
    PRINT_WEIGHTS = 1000
    EDGE_ITEMS = 3

    def _summarised(self):
        return sum(len(b) * (len(W[0]) + 1) if W else 0 for W, b in self._layers) > self.PRINT_WEIGHTS

    def _entries(self, values, show, summarise):
        """``show`` of each value, or of the first and last ones with ``...`` between them."""
        e = self.EDGE_ITEMS
        if summarise and len(values) > 2 * e:
            return [show(v) for v in values[:e]] + ["..."] + [show(v) for v in values[-e:]]
        return [show(v) for v in values]

    def _layer_text(self, W, b, show, summarise):
        rows = self._entries(
            W, lambda row: "[" + ", ".join(self._entries(row, show, summarise)) + "]", summarise
        )
        return f"[{', '.join(rows)}]", f"[{', '.join(self._entries(b, show, summarise))}]"

    def __str__(self) -> str:
        """The widths, then each layer's weights and biases, one layer to a line (beyond
        ``PRINT_WEIGHTS`` weights, the first and last rows and columns of each).

        >>> print(Network([([[1], [-1]], [0, "1/2"]), ([[1, 1]], [0])]))
        Network 1-2-1 (1 hidden layer, 2 ReLU units)
          layer 1, ReLU: W = [[1], [-1]], b = [0, 1/2]
          layer 2, output: W = [[1, 1]], b = [0]
        >>> print(Network([([[1]] * 600, range(600)), ([[1] * 600], [0])]))
        Network 1-600-1 (1 hidden layer, 600 ReLU units)
          layer 1, ReLU: W = [[1], [1], [1], ..., [1], [1], [1]], b = [0, 1, 2, ..., 597, 598, 599]
          layer 2, output: W = [[1, 1, 1, ..., 1, 1, 1]], b = [0]
        """
        hidden, summarise = self.depth, self._summarised()
        lines = [
            f"Network {'-'.join(map(str, self.widths))} ({hidden} hidden layer"
            f"{'s' if hidden != 1 else ''}, {self.hidden_units} ReLU unit"
            f"{'s' if self.hidden_units != 1 else ''})"
        ]
        for number, (W, b) in enumerate(self._layers, start=1):
            kind = "output" if number == len(self._layers) else "ReLU"
            rows, biases = self._layer_text(W, b, exact_text, summarise)
            lines.append(f"  layer {number}, {kind}: W = {rows}, b = {biases}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        """``Network([(W, b), ...])``, which reads back; beyond ``PRINT_WEIGHTS`` weights a
        summary in angle brackets (it does not read back, as NumPy's summaries do not).

        >>> Network([([[1]] * 600, range(600)), ([[1] * 600], [0])])
        <Network 1-600-1: [([[1], [1], [1], ..., [1], [1], [1]], [0, 1, 2, ..., 597, 598, 599]), ([[1, 1, 1, ..., 1, 1, 1]], [0])]>
        """
        summarise = self._summarised()
        parts = ["(%s, %s)" % self._layer_text(W, b, _literal, summarise) for W, b in self._layers]
        if summarise:
            return f"<Network {'-'.join(map(str, self.widths))}: [{', '.join(parts)}]>"
        return f"Network([{', '.join(parts)}])"

    # -- printing --------------------------------------------------------------------------
    def _latex(self, printer):
        r"""``sympy.latex(net)``: the layers as equations, ``h_k = ReLU(W_k h_{k-1} + b_k)``.

        >>> print(sympy.latex(Network([([[1], [-1]], [0, -1]), ([[1, 1]], [0])])))
        \begin{aligned} h_{1} &= \operatorname{ReLU}\left(\left[\begin{matrix}1\\-1\end{matrix}\right] x + \left[\begin{matrix}0\\-1\end{matrix}\right]\right) \\ f{\left(x \right)} &= \left[\begin{matrix}1 & 1\end{matrix}\right] h_{1} \end{aligned}
        """
        # a printing hook: SymPy's printer calls it, and the layout lives in the printing wing
        from ..printing.objects import network_latex

        return network_latex(self, printer)

    #: Jupyter typesets networks with at most this many hidden units.
    REPR_LATEX_UNITS = 64

    def _repr_latex_(self):
        """The typeset equations for Jupyter, or None (plain ``repr``) beyond ``REPR_LATEX_UNITS`` units."""
        # a printing hook: Jupyter calls it, and the layout lives in the printing wing
        from ..printing.objects import jupyter_latex

        return jupyter_latex(self, self.hidden_units, self.REPR_LATEX_UNITS)


def _literal(value):
    """A Python literal of a weight that ``Network`` reads back: :func:`relusym.core.literal`,
    or, for a rational past the parser's limit on digits (:data:`relusym.expr.MAX_NUMBER_DIGITS`,
    which a quoted ``'p/q'`` goes through), ``Fraction(p, q)``, with hexadecimal integers past
    Python's limit on the digits of ``str(int)``."""
    if (
        isinstance(value, gmpy2.mpq)
        and value.denominator != 1
        and max(gmpy2.num_digits(value.numerator), gmpy2.num_digits(value.denominator)) >= MAX_NUMBER_DIGITS
    ):
        return f"Fraction({integer_literal(value.numerator)}, {integer_literal(value.denominator)})"
    try:
        return literal(value)
    except ValueError:
        if isinstance(value, gmpy2.mpq):
            return integer_literal(value.numerator)
        return f'sympify("{exact_literal(value)}")'


for _name in ("__repr__", "__str__", "_latex", "_repr_latex_"):  # 10**5000 prints
    setattr(Network, _name, printing_long_integers(getattr(Network, _name)))
