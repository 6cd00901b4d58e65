"""Pooling choices for a raw transformer, and the one pooling sentence-transformers lacks.

sentence-transformers' ``Pooling`` already does masked ``cls`` and ``mean`` pooling. What it does not
do is pick *which layer's* token vectors to pool. :class:`stsdemo.encoders.sentence.LayerTokens` fills that gap: placed
between ``Transformer`` (with ``output_hidden_states``) and ``Pooling("mean")``, it replaces the
token embeddings with the average of chosen hidden layers, so the masking stays ST's.

* ``static``: layer 0, the embedding-layer output (token + position embeddings, LayerNorm): no
  context at all, a GloVe-like baseline.
* ``layer-k``: the output of transformer layer ``k`` (1 = lowest).
* ``first-last-avg``: mean of layer 1 and the last layer (Su et al. 2021 / Li et al. 2020, with
  SimCSE's correction that "first" is layer 1, not the embedding layer).
"""

from __future__ import annotations

import re

from stsdemo.errors import UserError

#: Pooling names shown to users; ``layer-K`` stands for any layer number.
POOLINGS = ("trained", "cls", "mean", "first-last-avg", "layer-K", "static")

_LAYER = re.compile(r"^layer-(\d+)$")


def check_pooling(name: str, num_layers: int | None = None) -> str:
    """Return ``name`` if it is a valid pooling, else raise :class:`UserError`."""
    match = _LAYER.match(name)
    if match:
        k = int(match.group(1))
        if num_layers is not None and not 0 <= k <= num_layers:
            raise UserError(f"Pooling {name!r}: this model has layers 0..{num_layers}.")
        return name
    if name not in POOLINGS or name == "layer-K":
        raise UserError(
            "Unknown pooling {name!r}; choose one of: trained, cls, mean, first-last-avg, layer-1, static.", name=name
        )
    return name


def hidden_layers(pooling: str, num_layers: int) -> tuple[int, ...] | None:
    """Hidden-state indices whose tokens are averaged, or ``None`` for last-layer pooling."""
    if pooling == "static":
        return (0,)
    if pooling == "first-last-avg":
        return (1, num_layers)
    match = _LAYER.match(pooling)
    if match:
        return (int(match.group(1)),)
    return None
