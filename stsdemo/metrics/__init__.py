"""Geometry metrics of embedding sets: pure functions over numpy arrays, one idea per module."""

from stsdemo.metrics.random_pairs import random_pair_cosine

__all__ = ["random_pair_cosine"]
