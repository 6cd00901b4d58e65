"""The model registry: what loads, what is refused, and the embedding cache."""

import numpy as np
import pytest

from stsdemo.cache import Region
from stsdemo.encoders import CACHE, list_models
from stsdemo.encoders.base import Encoder, PairScorer
from stsdemo.encoders.registry import encoder_choices, split_spec, training_bases
from stsdemo.errors import ModelNotAvailable, UserError
from stsdemo.specs import load


def test_spec_parsing():
    assert split_spec("minilm:cls") == ("minilm", "cls")
    assert split_spec("minilm") == ("minilm", None)
    assert split_spec("models/x:layer-2") == ("models/x", "layer-2")
    assert split_spec("BAAI/bge-small-zh-v1.5") == ("BAAI/bge-small-zh-v1.5", None)
    with pytest.raises(UserError, match="Unknown pooling"):
        split_spec("minilm:max")


@pytest.mark.parametrize("path", ["/etc", "../../etc", "models/../..", "/tmp"])
def test_paths_outside_the_model_roots_are_refused(path):
    with pytest.raises(ModelNotAvailable, match="allowed folders"):
        load(path)


def test_hub_model_offline_fails_fast_and_clearly(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelNotAvailable, match="not available offline"):
        load("bert-base-uncased", "cls")
    assert any(m.name == "bert-base-chinese" and not m.available for m in list_models())


def test_choices_list_minilm_views():
    assert {"minilm", "minilm:cls", "minilm:static", "minilm:first-last-avg"} <= set(encoder_choices())


def test_training_bases_are_trainable_models_only():
    bases = training_bases()
    assert bases[0] == "minilm"
    assert {"mlm-mini-zh:mean", "mlm-mini-zh:cls", "mlm-mini-en:mean"} <= set(bases)  # raw, with a pooling
    assert not {"tfidf", "tfidf-zh", "mlm-mini-zh", "minilm:cls"} & set(bases)  # lexical / pooling-less raw


def test_local_folders_under_stsdemo_models(tmp_path, monkeypatch):
    """A sentence-transformers folder, a plain transformers folder and a cross-encoder all load."""
    from sentence_transformers import CrossEncoder, SentenceTransformer

    from stsdemo.encoders.registry import minilm_path

    monkeypatch.setenv("STSDEMO_MODELS", str(tmp_path))
    st = SentenceTransformer(str(minilm_path()), device="cpu")
    st.save(str(tmp_path / "st"))
    st[0].model.save_pretrained(str(tmp_path / "raw"))
    st[0].tokenizer.save_pretrained(str(tmp_path / "raw"))
    CrossEncoder(str(minilm_path()), num_labels=1, device="cpu").save(str(tmp_path / "cross"))

    bi = load(str(tmp_path / "st"))
    reference = load("minilm").encode(["A dog runs."], cache=None)
    np.testing.assert_allclose(bi.encode(["A dog runs."], cache=None), reference, atol=1e-5)

    raw = load(str(tmp_path / "raw"), "cls")
    np.testing.assert_allclose(
        raw.encode(["A dog runs."], cache=None), load("minilm:cls").encode(["A dog runs."], cache=None), atol=1e-5
    )
    cross = load(str(tmp_path / "cross"))
    assert isinstance(cross, PairScorer)
    assert cross.score([("a", "b"), ("c", "d")]).shape == (2,)
    names = {m.name for m in list_models(include_hub=False)}
    assert {str(tmp_path / "st"), str(tmp_path / "raw"), str(tmp_path / "cross")} <= names


class Counting(Encoder):
    id = "counting"
    dim = 1

    def __init__(self):
        self.seen = []

    def _encode(self, texts, *, show_progress, batch_size):
        self.seen += texts
        return np.array([[len(t)] for t in texts], np.float32)


def test_cache_encodes_each_text_once():
    CACHE.clear()
    enc = Counting()
    first = enc.encode(["aa", "b", "aa"])
    again = enc.encode(["b", "ccc"])
    assert enc.seen == ["aa", "b", "ccc"]
    np.testing.assert_array_equal(first[:, 0], [2, 1, 2])
    np.testing.assert_array_equal(again[:, 0], [1, 3])


def test_cache_is_bounded():
    cache = Region("bounded", max_items=2)
    for i in range(5):
        cache.put(("e", str(i)), np.zeros(1))
    assert len(cache) == 2 and cache.get(("e", "4")) is not None and cache.get(("e", "0")) is None


@pytest.mark.slow
def test_spec_with_post_processing_suffix():
    """``ENCODER+whitening`` is the encoder whitened on STS-B train: the raw CLS cone opens."""
    from stsdemo.metrics import random_pair_cosine

    white = load("minilm:cls+whitening")
    assert white.id == "minilm:cls+whitening"
    sentences = ["A man plays a guitar.", "A woman slices an onion.", "The stock market fell.", "Kids play football."]
    assert random_pair_cosine(load("minilm:cls").encode(sentences), 500) > 0.4
    assert random_pair_cosine(white.encode(sentences), 500) < 0.15
    with pytest.raises(UserError, match="post-processing"):
        load("minilm:cls+sharpening")
