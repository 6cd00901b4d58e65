"""Encoders (bi-encoders), pair scorers (cross-encoders) and the registry that loads them."""

from stsdemo.encoders.base import CACHE, Encoder, PairScorer
from stsdemo.encoders.pooling import POOLINGS
from stsdemo.encoders.registry import (
    ModelInfo,
    cross_encoder_choices,
    encoder_choices,
    list_models,
    load,
)

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
