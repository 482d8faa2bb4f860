"""Text of exact numbers of any size: :mod:`relusym.core`'s, under the names this wing gave
them first."""

from ..core import exact_literal, exact_text, integer_literal

__all__ = ["exact_text", "exact_literal", "integer_literal"]
