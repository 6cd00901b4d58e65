"""Bi-encoders built on sentence-transformers: a saved ST model, or a raw transformer + pooling."""

from __future__ import annotations

import numpy as np
import torch
from sentence_transformers import SentenceTransformer
from sentence_transformers.base.modules.module import Module
from sentence_transformers.base.modules.transformer import Transformer
from sentence_transformers.sentence_transformer.modules import Pooling

from stsdemo.encoders.base import Encoder
from stsdemo.encoders.pooling import check_pooling, hidden_layers


class SentenceEncoder(Encoder):
    """Any :class:`~sentence_transformers.SentenceTransformer` as an :class:`Encoder`.

    ST sorts a batch by length and tokenises it, so we add nothing but the cache.
    """

    def __init__(self, model: SentenceTransformer, id: str) -> None:
        self.model = model
        self.id = id

    @property
    def dim(self) -> int:
        return int(self.model.get_embedding_dimension())

    @property
    def max_seq_length(self) -> int:
        return int(self.model.max_seq_length)

    def _encode(self, texts: list[str], *, show_progress: bool, batch_size: int) -> np.ndarray:
        return self.model.encode(
            texts, batch_size=batch_size, show_progress_bar=show_progress, convert_to_numpy=True
        ).astype(np.float32, copy=False)


class LayerTokens(Module):
    """Replace ``token_embeddings`` with the mean of hidden layers ``layers`` (0 = embeddings).

    Input features need ``all_layer_embeddings`` (a tuple of ``(batch, seq, dim)`` tensors, as the
    ST ``Transformer`` returns when its config has ``output_hidden_states=True``).
    """

    config_keys = ["layers"]

    def __init__(self, layers: list[int] | tuple[int, ...]) -> None:
        super().__init__()
        self.layers = [int(k) for k in layers]

    def forward(self, features: dict, **kwargs) -> dict:
        hidden = features["all_layer_embeddings"]
        features["token_embeddings"] = torch.stack([hidden[k] for k in self.layers]).mean(dim=0)
        return features

    def save(self, output_path: str, *args, **kwargs) -> None:
        self.save_config(output_path)


def pooled_model(transformer: Transformer, pooling: str) -> SentenceTransformer:
    """Build ``Transformer -> [LayerTokens] -> Pooling`` for a raw pooling choice.

    ``transformer`` must have been loaded with ``config_kwargs={"output_hidden_states": True}``
    for the layer poolings; it may be shared by several views (inference only).
    """
    num_layers = int(transformer.model.config.num_hidden_layers)
    check_pooling(pooling, num_layers)
    dim = transformer.get_embedding_dimension()
    layers = hidden_layers(pooling, num_layers)
    modules = [transformer]
    if layers is not None:
        modules.append(LayerTokens(layers))
    modules.append(Pooling(dim, "cls" if pooling == "cls" else "mean"))
    return SentenceTransformer(modules=modules, device="cpu")
