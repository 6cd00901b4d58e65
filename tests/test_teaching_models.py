"""The raw BERTs shipped in assets/models: small, offline, documented, and really raw (a cone)
that whitening (fitted on the evaluated pairs, Su et al.'s protocol) opens."""

import json

import numpy as np
import pytest

from stsdemo.data.catalog import load_pairs
from stsdemo.encoders import encoder_choices, list_models
from stsdemo.encoders.registry import TEACHING_MODELS
from stsdemo.evaluation import evaluate_pairs
from stsdemo.metrics.random_pairs import random_pair_cosine
from stsdemo.paths import data_dir
from stsdemo.postprocess import fit_post
from stsdemo.specs import load

MODELS = ["mlm-mini-zh", "mlm-mini-en"]
needs_data = pytest.mark.skipif(data_dir() is None, reason="needs the shared data folder (Chinese STS-B)")


def raw_and_whitened(name: str, dataset) -> tuple[np.ndarray, float, float]:
    """CLS vectors of ``dataset``'s sentences, and Spearman raw / whitened (target protocol)."""
    enc = load(name, pooling="cls")
    white = fit_post(enc, "whitening", dataset.occurrences())
    raw, whitened = evaluate_pairs(enc, dataset)["spearman"], evaluate_pairs(white, dataset)["spearman"]
    return enc.encode(dataset.sentences()), raw, whitened


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
    x, raw, whitened = raw_and_whitened("mlm-mini-zh", load_pairs("stsb-zh:test"))
    assert random_pair_cosine(x) > 0.8
    assert whitened - raw >= 0.10, (raw, whitened)


@pytest.mark.slow
def test_mlm_mini_en_cls_is_a_cone_that_whitening_opens():
    x, raw, whitened = raw_and_whitened("mlm-mini-en", load_pairs("stsb:test"))
    assert random_pair_cosine(x) > 0.8
    assert whitened - raw >= 0.10, (raw, whitened)
