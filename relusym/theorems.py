"""Theorems and checked proof steps, for the files in ``proofs/`` (the code lives in :mod:`relusym.proof`)."""

from .proof import Derivation, ProofStepError, Step, Theorem, computed, identity, inequality, lemma

__all__ = ["Theorem", "identity", "inequality", "computed", "lemma", "Derivation", "Step", "ProofStepError"]
