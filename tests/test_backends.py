"""Inference backends: the exported graphs give the same vectors as PyTorch on real sentences."""

import importlib.util
import json

import numpy as np
import pytest

from stsdemo.cli import main
from stsdemo.encoders.registry import load
from stsdemo.errors import UserError


@pytest.fixture(scope="module")
def sentences(stsb_test):
    return stsb_test.sentences()[:48]


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)


@pytest.mark.parametrize(
    ("backend", "mean_floor", "min_floor"),
    [("onnx", 0.9999, 0.9999), ("onnx-int8", 0.985, 0.95), ("openvino", 0.9999, 0.9999)],
)
def test_backend_agrees_with_torch_on_stsb_sentences(sentences, backend, mean_floor, min_floor):
    reference = load("minilm").encode(sentences, cache=None)
    vectors = load(f"minilm@{backend}").encode(sentences, cache=None)
    cosines = _cosines(vectors, reference)
    assert cosines.mean() >= mean_floor and cosines.min() >= min_floor, (cosines.mean(), cosines.min())


def test_backend_applies_to_a_pooling_view(sentences):
    reference = load("minilm:cls").encode(sentences[:16], cache=None)
    encoder = load("minilm:cls@onnx")
    assert encoder.id == "minilm:cls@onnx"
    assert _cosines(encoder.encode(sentences[:16], cache=None), reference).min() > 0.9999


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("nncf") is None, reason="openvino-int8 needs the optional nncf")
def test_openvino_int8_agrees_with_torch(sentences):
    reference = load("minilm").encode(sentences, cache=None)
    cosines = _cosines(load("minilm@openvino-int8").encode(sentences, cache=None), reference)
    assert cosines.mean() >= 0.985


def test_unknown_backend_and_lexical_model_are_refused():
    with pytest.raises(UserError, match="Unknown backend"):
        load("minilm@tensorrt")
    with pytest.raises(UserError, match="only on torch"):
        load("tfidf-en@onnx")


def test_cli_backend_flag(capsys):
    assert main(["score", "A man is playing a guitar.", "A man plays the guitar.", "--backend", "onnx", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["model"] == "minilm@onnx"
    assert 0.9 < result["cosine"] <= 1.0
    with pytest.raises(SystemExit):
        main(["score", "a", "b", "--backend", "tensorrt"])
