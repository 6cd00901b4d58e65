"""Encoders (bi-encoders), pair scorers (cross-encoders), the registry that lists and loads them.

Full specs (``minilm:cls+whitening``) load through :func:`stsdemo.load` / :mod:`stsdemo.specs`.
"""

from stsdemo.encoders.base import CACHE, Encoder, PairScorer
from stsdemo.encoders.discovery import ModelInfo, cross_encoder_choices, encoder_choices, list_models
from stsdemo.encoders.pooling import POOLINGS
from stsdemo.encoders.registry import load

__all__ = [
    "CACHE",
    "Encoder",
    "PairScorer",
    "POOLINGS",
    "ModelInfo",
    "cross_encoder_choices",
    "encoder_choices",
    "list_models",
    "load",
]
