"""m2v-minilm: the shipped static distillation of MiniLM (assets/models/m2v-minilm)."""

import numpy as np
import pytest

from stsdemo.encoders.distill import real_tokens, sif_weights
from stsdemo.encoders.registry import encoder_choices, load
from stsdemo.errors import UserError
from stsdemo.evaluation import evaluate_pairs


def test_m2v_minilm_scores_on_stsb_test(stsb_test):
    encoder = load("m2v-minilm")
    assert encoder.dim == 256
    assert evaluate_pairs(encoder, stsb_test)["spearman"] >= 0.64
    assert "m2v-minilm" in encoder_choices()


def test_m2v_minilm_is_static_and_runs_only_on_torch():
    encoder = load("m2v-minilm")
    a, b = encoder.encode(["the cat sat", "sat the cat"], cache=None)
    assert np.allclose(a, b, atol=1e-6)  # no word order: a bag of token vectors
    with pytest.raises(UserError):
        load("m2v-minilm@onnx")


def test_sif_weights_and_dropped_tokens():
    weights = sif_weights(30_000)
    assert weights[0] < 0.05 < 0.9 < weights[-1]  # "the"-like ranks nearly vanish, rare tokens count fully
    assert real_tokens(["[PAD]", "[unused3]", "the", "[UNK]", "##ing"]).tolist() == [False, False, True, True, True]
