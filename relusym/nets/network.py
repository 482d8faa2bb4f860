"""Layered ReLU networks with exact weights."""

import gmpy2
import sympy

from ..core import ExactArray
from ..exceptions import ParseError, ShapeMismatchError
from ..core import exact, literal, sign, to_sympy
from ..expr import parse_expression
from ..core import relu

__all__ = ["Network"]

_X = sympy.Symbol("x")
_ZERO = gmpy2.mpq(0)


def default_variables(dimension):
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
    """A fully connected ReLU network from R^d to R with exact weights.

    Parameters
    ----------
    layers : sequence of (W, b)
        ``W`` is a weight matrix (rows = outputs, given as a sequence of rows)
        and ``b`` a bias vector. ReLU follows every layer but the last. The
        first layer takes d inputs (the length of its rows: one input, as
        :func:`relusym.compile` needs, or two for
        :func:`relusym.compile_regions`) and the last gives one output. Entries are
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
    """

    __slots__ = ("_layers", "_arrays")

    def __init__(self, layers):
        self._layers = _checked_layers(layers, allow_float=False)
        self._arrays = None

    @classmethod
    def from_floats(cls, layers):
        """A network whose float weights are taken as the exact dyadic rationals they are.

        >>> Network.from_floats([([[0.5]], [0.1])]).layers[0][1]
        (3602879701896397/36028797018963968,)
        """
        self = object.__new__(cls)
        self._layers = _checked_layers(layers, allow_float=True)
        self._arrays = None
        return self

    # -- trained networks: PyTorch and NumPy (relusym.nets.interop) -----------------------------
    @classmethod
    def from_numpy(cls, layers):
        """The network with layers ``[(W, b), ...]`` of NumPy arrays, floats read exactly.

        See :func:`relusym.nets.interop.from_numpy`.

        >>> import numpy as np
        >>> Network.from_numpy([(np.array([[0.5]]), np.array([-1]))]).layers
        ((((1/2,),), (-1,)),)
        """
        from .interop import from_numpy  # interop builds on networks, not the reverse

        return from_numpy(layers)

    @classmethod
    def from_torch(cls, module):
        """The network a PyTorch ``nn.Sequential`` of ``Linear`` and ``ReLU`` layers computes, exactly.

        Needs ``pip install 'relusym[torch]'``; see :func:`relusym.nets.interop.from_torch`.
        """
        from .interop import from_torch  # interop builds on networks, not the reverse

        return from_torch(module)

    def to_numpy(self, dtype=None):
        """The layers as NumPy arrays, rounded to the nearest float (warning when any changes).

        See :func:`relusym.nets.interop.to_numpy`.

        >>> [W.tolist() for W, b in Network([([[1], [-1]], [0, 0]), ([[1, 1]], [0])]).to_numpy()]
        [[[1.0], [-1.0]], [[1.0, 1.0]]]
        """
        from .interop import to_numpy  # interop builds on networks, not the reverse

        return to_numpy(self, dtype)

    def to_torch(self, dtype=None):
        """A PyTorch ``nn.Sequential`` with the weights rounded to the nearest float (default float64).

        Warns when any weight changes; see :func:`relusym.nets.interop.to_torch`.
        """
        from .interop import to_torch  # interop builds on networks, not the reverse

        return to_torch(self, dtype)

    def rounded(self, max_denominator, interval):
        """The weights rounded to denominators up to ``max_denominator``, with the exact sup difference on ``interval``.

        See :func:`relusym.nets.interop.rounded`.

        >>> r = Network([([["1/3"]], [0])]).rounded(2, (0, 3))
        >>> r.network.layers, r.sup_difference
        (((((1/2,),), (0,)),), 1/2)
        """
        from .interop import rounded  # interop builds on networks, not the reverse

        return rounded(self, max_denominator, interval)

    # -- structure -------------------------------------------------------------------------
    @property
    def layers(self):
        """The layers as ``(W, b)`` pairs of tuples of exact SymPy numbers."""
        return tuple(
            (tuple(tuple(to_sympy(w) for w in row) for row in W), tuple(to_sympy(v) for v in b))
            for W, b in self._layers
        )

    @property
    def input_dimension(self):
        """The number of inputs d (the length of the first layer's rows)."""
        return len(self._layers[0][0][0])

    @property
    def widths(self):
        """Input width, the hidden widths, output width: ``(d, h1, ..., 1)``."""
        return (self.input_dimension,) + tuple(len(b) for _, b in self._layers)

    @property
    def depth(self):
        """The number of hidden layers."""
        return len(self._layers) - 1

    @property
    def hidden_units(self):
        """The total number of hidden ReLU units."""
        return sum(self.widths[1:-1])

    def exact_layers(self):
        """The layers for the compiler: ``(W, b)`` with every entry a 0-d ExactArray (cached)."""
        if self._arrays is None:
            def scalar(value):
                return ExactArray.from_scalars([value], shape=())

            self._arrays = tuple(
                (tuple(tuple(map(scalar, row)) for row in W), tuple(map(scalar, b)))
                for W, b in self._layers
            )
        return self._arrays

    # -- evaluation ------------------------------------------------------------------------
    def __call__(self, *inputs):
        """Exact forward evaluation at exact numbers, one per input: ``net(t)``, ``net(x, y)``."""
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
        return to_sympy(activations[0])

    def as_expr(self, *variables, x=None):
        """The function the network computes as a SymPy expression with :func:`relu`.

        The variables default to x (one input), x, y (two) or x1, ..., xd.
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
            z = [sympy.Add(*(w * h for w, h in zip(row, activations)), bias)
                 for row, bias in zip(W, b)]
            activations = z if index == last else [relu(v) for v in z]
        return activations[0]

    # -- value semantics -------------------------------------------------------------------
    def __eq__(self, other):
        """Equal weights, layer by layer (for equal functions compare ``compile`` results)."""
        if not isinstance(other, Network):
            return NotImplemented
        return self.layers == other.layers

    def __hash__(self):
        return hash(self.layers)

    def __repr__(self):
        parts = []
        for W, b in self._layers:
            rows = ", ".join("[" + ", ".join(map(literal, row)) + "]" for row in W)
            parts.append(f"([{rows}], [{', '.join(map(literal, b))}])")
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


def _weight(value, what, allow_float):
    """An exact weight; text (``"3/4"``, ``"sqrt(2)/2"``) is read by the safe parser."""
    if isinstance(value, str):
        try:
            value = parse_expression(value, variables=())
        except ParseError as error:
            raise ParseError(f"{what}: {error}") from None
    return exact(value, what=what, allow_float=allow_float)


def _checked_layers(layers, allow_float):
    """Validate shapes and convert every entry exactly; errors name the layer."""
    try:
        layers = list(layers)
    except TypeError:
        raise ShapeMismatchError("a network is a sequence of (W, b) layers") from None
    if not layers:
        raise ShapeMismatchError("a network needs at least one layer")
    checked = []
    inputs = None  # the first layer's rows fix the input dimension
    for number, layer in enumerate(layers, start=1):
        try:
            W, b = layer
            W = [list(row) for row in W]
            b = list(b)
        except (TypeError, ValueError):
            raise ShapeMismatchError(
                f"layer {number} must be a pair (W, b) of a matrix and a vector"
            ) from None
        if not W:
            raise ShapeMismatchError(f"layer {number} has no units")
        if inputs is None:
            inputs = len(W[0])
            if inputs == 0:
                raise ShapeMismatchError("layer 1: row 0 of W is empty; a network needs an input")
        for i, row in enumerate(W):
            if len(row) != inputs:
                raise ShapeMismatchError(
                    f"layer {number}: row {i} of W has {len(row)} entries, but the layer "
                    f"receives {inputs} input{'s' if inputs != 1 else ''}"
                )
        if len(b) != len(W):
            raise ShapeMismatchError(
                f"layer {number}: W has {len(W)} rows but b has {len(b)} entries"
            )
        W = tuple(
            tuple(_weight(w, f"layer {number}, W[{i}][{j}]", allow_float)
                  for j, w in enumerate(row))
            for i, row in enumerate(W)
        )
        b = tuple(_weight(v, f"layer {number}, b[{i}]", allow_float) for i, v in enumerate(b))
        checked.append((W, b))
        inputs = len(W)
    if inputs != 1:
        raise ShapeMismatchError(
            f"the last layer (layer {len(checked)}) has {inputs} outputs; relusym networks "
            "have one output"
        )
    return tuple(checked)
