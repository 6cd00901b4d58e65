"""The raw BERTs shipped in assets/models: small, offline, documented, and really raw (a cone).

Whitening here is a local copy of Su et al. (2021) until the shared post-processor lands:
``x~ = (x - mu) W`` with ``W = U diag(1/sqrt(s))`` from the SVD of the covariance ``U diag(s) U^T``,
fitted on the sentences being evaluated (as BERT-whitening does on STS-B).
"""

import json

import numpy as np
import pytest

from stsdemo.data.catalog import load_dataset
from stsdemo.encoders import encoder_choices, list_models, load
from stsdemo.encoders.registry import TEACHING_MODELS
from stsdemo.evaluation import correlation_metrics
from stsdemo.metrics.random_pairs import random_pair_cosine
from stsdemo.paths import data_dir
from stsdemo.similarity import paired_cosine

MODELS = ["mlm-mini-zh", "mlm-mini-en"]
needs_data = pytest.mark.skipif(data_dir() is None, reason="needs the shared data folder (Chinese STS-B)")


def whiten(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, np.float64)
    mu = x.mean(axis=0)
    u, s, _ = np.linalg.svd(np.cov((x - mu).T))
    return (x - mu) @ (u / np.sqrt(s + 1e-9))


def spearman(vectors: np.ndarray, dataset, index: dict[str, int]) -> float:
    a = vectors[[index[s] for s in dataset.sentences1]]
    b = vectors[[index[s] for s in dataset.sentences2]]
    return correlation_metrics(paired_cosine(a, b), dataset.labels)["spearman"]


def test_whitening_known_answer():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2000, 3)) @ np.array([[3.0, 1, 0], [0, 1, 0], [0, 0.5, 0.2]]) + 5
    w = whiten(x)
    assert np.allclose(w.mean(axis=0), 0, atol=1e-9) and np.allclose(np.cov(w.T), np.eye(3), atol=1e-6)


@pytest.mark.parametrize("name", MODELS)
def test_shipped_model_is_small_documented_and_listed(name):
    folder = TEACHING_MODELS / name
    assert sum(p.stat().st_size for p in folder.iterdir()) <= 10_000_000
    card = (folder / "README.md").read_text(encoding="utf-8")
    assert "python -m stsdemo train mlm --corpus" in card and "--exclude" in card
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    assert config["dtype"] == "float32" and config["model_type"] == "bert"
    assert f"{name}:cls" in encoder_choices() and f"{name}:mean" in encoder_choices()
    assert any(m.name == name and m.kind == "transformer" for m in list_models(include_hub=False))


@pytest.mark.slow
@pytest.mark.parametrize("name", MODELS)
def test_shipped_model_loads_offline_with_its_vocabulary(name, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    enc = load(name, pooling="cls")
    config = json.loads((TEACHING_MODELS / name / "config.json").read_text(encoding="utf-8"))
    tokenizer = enc.model.tokenizer
    assert len(tokenizer) == config["vocab_size"] > 1000  # not the 5-token vocabulary pitfall
    text = "一个男人在弹吉他。" if name.endswith("zh") else "a man is playing a guitar."
    assert tokenizer.unk_token not in tokenizer.tokenize(text)
    x = enc.encode([text, text + text])
    assert x.shape == (2, config["hidden_size"]) and np.isfinite(x).all()


@pytest.mark.slow
@needs_data
def test_mlm_mini_zh_cls_is_a_cone_that_whitening_opens():
    dataset = load_dataset("stsb-zh:test")
    sentences = dataset.sentences()
    index = {s: i for i, s in enumerate(sentences)}
    x = load("mlm-mini-zh", pooling="cls").encode(sentences)
    assert random_pair_cosine(x) > 0.8
    raw, whitened = spearman(x, dataset, index), spearman(whiten(x), dataset, index)
    assert whitened - raw >= 0.10, (raw, whitened)


@pytest.mark.slow
def test_mlm_mini_en_cls_is_a_cone_that_whitening_opens():
    dataset = load_dataset("stsb:test")
    sentences = dataset.sentences()
    index = {s: i for i, s in enumerate(sentences)}
    x = load("mlm-mini-en", pooling="cls").encode(sentences)
    assert random_pair_cosine(x) > 0.8
    raw, whitened = spearman(x, dataset, index), spearman(whiten(x), dataset, index)
    assert whitened - raw >= 0.10, (raw, whitened)
