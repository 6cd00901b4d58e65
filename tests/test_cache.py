"""The one cache (stsdemo.cache): entries follow a model folder's content, not its name, and fits
survive a restart on disk."""

import json
import subprocess
import sys

import numpy as np
import pytest

from stsdemo import cache
from stsdemo.errors import UserError
from stsdemo.paths import REPO_ROOT
from stsdemo.specs import Spec, load, load_encoder, load_scorer, parse_spec

SENTENCES = ["A dog runs in the park.", "The stock market fell sharply.", "Someone is playing a guitar."]


def _tiny_bert(folder, seed: int) -> None:
    """A random 1-layer BERT (32 dims) with MiniLM's tokenizer: a 'retrained' model in a second."""
    import torch
    from transformers import AutoTokenizer, BertConfig, BertModel

    from stsdemo.encoders.registry import minilm_path

    torch.manual_seed(seed)
    config = BertConfig(
        vocab_size=30522, hidden_size=32, num_hidden_layers=1, num_attention_heads=2, intermediate_size=37
    )
    BertModel(config).save_pretrained(str(folder))
    AutoTokenizer.from_pretrained(str(minilm_path())).save_pretrained(str(folder))


def _direct(folder) -> np.ndarray:
    """What the model in ``folder`` computes now, with no cache involved (mean pooling)."""
    from stsdemo.encoders.registry import new_transformer
    from stsdemo.encoders.sentence import SentenceEncoder, pooled_model

    return SentenceEncoder(pooled_model(new_transformer(str(folder)), "mean"), "direct").encode(SENTENCES, cache=None)


@pytest.fixture
def models_root(tmp_path, monkeypatch):
    root = tmp_path / "models"
    root.mkdir()
    monkeypatch.setenv("STSDEMO_MODELS", str(root))
    monkeypatch.setenv("STSDEMO_CACHE", str(tmp_path / "cache"))
    fit_file = tmp_path / "fit.txt"  # 80 distinct sentences: enough to whiten 32 dimensions
    fit_file.write_text("\n".join(f"Sentence number {i} is about topic {i % 7}." for i in range(80)), "utf-8")
    return root, str(fit_file)


def test_retrained_folder_serves_new_vectors_everywhere(models_root):
    """Overwrite a model folder under the same name (no forget/invalidate call): the encoder, its
    +whitening fit and corpus search all follow the new weights."""
    from stsdemo.corpus.embedded import embed_corpus
    from stsdemo.corpus.reader import Corpus
    from stsdemo.postprocess import fitted_on_reference

    root, fit_file = models_root
    folder = root / "x"
    _tiny_bert(folder, seed=1)
    old = load(str(folder))
    old_vectors = old.encode(SENTENCES)
    old_white = fitted_on_reference(old, "whitening", fit_file)
    old_corpus = embed_corpus(old, Corpus(SENTENCES))

    _tiny_bert(folder, seed=2)  # "retrained": same name, different weights
    new = load(str(folder))
    expected = _direct(folder)
    assert not np.allclose(expected, old_vectors, atol=1e-3)
    np.testing.assert_allclose(new.encode(SENTENCES), expected, atol=1e-5)

    new_white = fitted_on_reference(new, "whitening", fit_file)
    assert new_white is not old_white
    assert not np.allclose(new_white.encode(SENTENCES), old_white.encode(SENTENCES), atol=1e-3)

    corpus = embed_corpus(new, Corpus(SENTENCES))
    np.testing.assert_allclose(corpus.vectors, expected / np.linalg.norm(expected, axis=1, keepdims=True), atol=1e-5)
    assert not np.allclose(corpus.vectors, old_corpus.vectors, atol=1e-3)
    np.testing.assert_allclose(corpus.embed_queries([SENTENCES[0]])[0], corpus.vectors[0], atol=1e-5)


def test_forget_model_goes_through_invalidate(models_root):
    from stsdemo.training.run import forget_model

    root, _ = models_root
    _tiny_bert(root / "y", seed=3)
    model = load(str(root / "y"))
    model.encode(SENTENCES)
    owner = str((root / "y").resolve())
    assert any(k[0] == owner for k in cache.MODELS._items)
    forget_model(root / "y")
    assert not any(k[0] == owner for k in cache.MODELS._items)
    assert not any(k[0] == owner for k in cache.EMBEDDINGS._items)


def test_fitted_post_processing_is_reused_from_disk_after_a_restart(models_root, monkeypatch):
    """Clear the memory layer (as a restart does): the fit is read from disk, not redone."""
    from stsdemo.postprocess import Whitening, fitted_on_reference

    root, fit_file = models_root
    _tiny_bert(root / "z", seed=4)
    first = fitted_on_reference(load(str(root / "z")), "whitening", fit_file).encode(SENTENCES)
    assert list((cache.cache_root() / "post").iterdir())

    cache.invalidate()  # a new process starts with an empty memory layer

    def no_fit(self, x):
        raise AssertionError("refitted although the disk cache holds this fit")

    monkeypatch.setattr(Whitening, "fit", no_fit)
    again = fitted_on_reference(load(str(root / "z")), "whitening", fit_file).encode(SENTENCES)
    np.testing.assert_allclose(again, first, atol=1e-6)


def test_fingerprint_follows_content(tmp_path):
    (tmp_path / "config.json").write_text("{}")
    first = cache.fingerprint(tmp_path)
    (tmp_path / "onnx").mkdir()
    (tmp_path / "onnx" / "model.onnx.json").write_text("{}")  # an export beside the weights
    assert cache.fingerprint(tmp_path) == first
    (tmp_path / "config.json").write_text('{"hidden_size": 8}')
    assert cache.fingerprint(tmp_path) != first


def test_spec_grammar():
    assert parse_spec("minilm") == Spec("minilm")
    assert parse_spec("minilm:cls+whitening") == Spec("minilm", "cls", None, "whitening")
    assert parse_spec("minilm:cls@torch+flow") == Spec("minilm", "cls", "torch", "flow")
    assert parse_spec("models/x:layer-2@torch") == Spec("models/x", "layer-2", "torch")
    assert parse_spec("BAAI/bge-small-zh-v1.5") == Spec("BAAI/bge-small-zh-v1.5")
    assert str(parse_spec("minilm:cls@torch+whitening-64")) == "minilm:cls@torch+whitening-64"
    with pytest.raises(UserError, match="Unknown pooling"):
        parse_spec("minilm:max")
    with pytest.raises(UserError, match="after '\\+'"):
        parse_spec("minilm+")
    with pytest.raises(UserError, match="backend"):
        load("minilm@no-such-backend")


def test_load_encoder_and_load_scorer_refuse_the_other_kind():
    with pytest.raises(UserError, match="bi-encoder, not a cross-encoder"):
        load_scorer("minilm:static")
    assert load_encoder("tfidf-en").id == "tfidf-en"


def test_registry_load_points_post_specs_to_the_spec_layer():
    from stsdemo.encoders.registry import load as load_name

    with pytest.raises(UserError, match="stsdemo.load"):
        load_name("minilm+whitening")


def test_light_imports_load_no_heavy_library():
    """``import stsdemo`` and ``import stsdemo.data`` stay fast: no torch, sentence-transformers, gradio."""
    code = (
        "import json, sys, stsdemo, stsdemo.data, stsdemo.specs, stsdemo.cache, stsdemo.cli; "
        "print(json.dumps([m for m in ('torch', 'sentence_transformers', 'transformers', 'gradio') "
        "if m in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_hf_endpoint_is_the_probed_host_and_offline_fails_fast(monkeypatch):
    """Behind a mirror (HF_ENDPOINT), the mirror is probed; unreachable, a hub id fails with the clear message."""
    import socket
    import time

    from stsdemo.encoders import hub
    from stsdemo.errors import ModelNotAvailable

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    probed = []
    real = socket.create_connection

    def recording(address, *args, **kwargs):
        probed.append(address)
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", recording)
    monkeypatch.setattr(hub, "_PROBES", {})
    start = time.perf_counter()
    assert hub.hub_reachable() is False
    assert probed == [("127.0.0.1", port)]
    with pytest.raises(ModelNotAvailable, match="not available offline"):
        load("bert-base-uncased", "cls")
    assert time.perf_counter() - start < 30
