"""Poolings: masked exactly (padding never leaks into a sentence vector)."""

import numpy as np
import pytest
import torch
from sentence_transformers.sentence_transformer.modules import Pooling

from stsdemo.encoders.pooling import check_pooling, hidden_layers
from stsdemo.encoders.sentence import LayerTokens
from stsdemo.errors import UserError
from stsdemo.specs import load


def _features():
    # batch of 2, seq 3, dim 2; sentence 2 has one padding token holding a huge value
    layer0 = torch.tensor([[[1.0, 0], [3, 0], [5, 0]], [[2, 2], [4, 4], [1e6, 1e6]]])
    layer1 = layer0 * 10
    mask = torch.tensor([[1, 1, 1], [1, 1, 0]])
    return {"all_layer_embeddings": (layer0, layer1), "attention_mask": mask, "token_embeddings": layer1}


def test_mean_of_a_layer_ignores_padding():
    features = LayerTokens([0])(_features())
    out = Pooling(2, "mean")(features)["sentence_embedding"]
    assert torch.allclose(out, torch.tensor([[3.0, 0], [3, 3]]))


def test_average_of_two_layers():
    features = LayerTokens([0, 1])(_features())
    out = Pooling(2, "mean")(features)["sentence_embedding"]
    assert torch.allclose(out, torch.tensor([[16.5, 0], [16.5, 16.5]]))


def test_layer_choices():
    assert hidden_layers("static", 6) == (0,)
    assert hidden_layers("first-last-avg", 6) == (1, 6)
    assert hidden_layers("layer-3", 6) == (3,)
    assert hidden_layers("cls", 6) is None
    with pytest.raises(UserError):
        check_pooling("layer-9", num_layers=6)
    with pytest.raises(UserError):
        check_pooling("max")


@pytest.mark.parametrize("pooling", ["cls", "mean", "first-last-avg", "layer-1", "static", None])
def test_batching_with_padding_does_not_change_vectors(pooling):
    """A short sentence alone and padded beside a long one must get the same vector."""
    encoder = load("minilm", pooling)
    short = "A dog runs."
    long = "A very long sentence with many more tokens than the short one, so the short one is padded."
    alone = encoder.encode([short], cache=None)
    batched = encoder.encode([short, long], cache=None)[:1]
    np.testing.assert_allclose(alone, batched, atol=1e-5)
