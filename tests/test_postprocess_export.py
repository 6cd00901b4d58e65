"""Whitening saved as a plain sentence-transformers folder reproduces ``minilm+whitening``."""

import numpy as np
import pytest

from stsdemo.errors import UserError


def test_post_processors_share_save_load_and_config(tmp_path):
    from stsdemo.postprocess import Flow, Whitening

    x = np.random.default_rng(0).normal(size=(200, 8))
    white = Whitening(4).fit(x)
    assert white.config == {"k": 4} and Whitening(**white.config).k == 4
    white.save(tmp_path / "w")
    np.testing.assert_allclose(Whitening.load(tmp_path / "w").transform(x), white.transform(x), atol=1e-6)
    with pytest.raises(UserError, match="not a flow"):
        Flow.load(tmp_path / "w")


@pytest.mark.slow
def test_whitened_minilm_as_a_sentence_transformers_folder(tmp_path):
    from sentence_transformers import SentenceTransformer

    from stsdemo.data.catalog import load_pairs
    from stsdemo.postprocess import fit_post
    from stsdemo.postprocess.st_export import save_whitened_model
    from stsdemo.specs import load

    fit = list(dict.fromkeys(load_pairs("stsb:train").sentences()))[:600]  # > 384 rows: a full-rank fit
    white = fit_post(load("minilm"), "whitening", fit)
    folder = save_whitened_model(white, tmp_path / "minilm-whitened")
    sentences = ["A man is playing a guitar.", "The cat sleeps on the sofa.", "Stocks fell sharply today."]
    ours = white.encode(sentences)
    theirs = SentenceTransformer(str(folder), device="cpu").encode(sentences, convert_to_numpy=True)
    assert theirs.shape == ours.shape
    np.testing.assert_allclose(theirs, ours, atol=1e-5)

    flow_like = type("FlowLike", (), {"post": object(), "encoder": white.encoder, "id": "x+flow"})()
    with pytest.raises(UserError, match="Dense"):
        save_whitened_model(flow_like, tmp_path / "nope")
