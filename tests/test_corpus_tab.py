"""The shipped presets and the Corpus tab's callbacks, called directly (no browser)."""

import numpy as np
import pytest

from stsdemo.corpus.reader import read_corpus
from stsdemo.ui import corpus_callbacks


@pytest.mark.parametrize("name", list(corpus_callbacks.PRESETS))
def test_presets_read_and_are_small(name):
    path = corpus_callbacks.PRESETS[name]
    assert path.stat().st_size < 100_000
    corpus = read_corpus(path)
    assert 30 <= len(corpus) <= 500
    if path.suffix != ".txt":
        assert corpus.labels is not None and len(set(corpus.labels)) == 6


def test_labels_survive_only_while_the_text_is_unchanged():
    text, loaded, *_ = corpus_callbacks.load_file(
        str(corpus_callbacks.PRESETS["FAQ questions (English, 6 categories)"]), None, None
    )
    assert corpus_callbacks.current_corpus(text, loaded).labels == loaded.labels
    assert corpus_callbacks.current_corpus(text + "\nA new line", loaded).labels is None


@pytest.mark.slow
def test_callbacks_on_the_faq_preset():
    text, loaded, *_ = corpus_callbacks.load_file(
        str(corpus_callbacks.PRESETS["FAQ questions (English, 6 categories)"]), None, None
    )
    status, hits, path = corpus_callbacks.run_search(text, loaded, "minilm", "my password does not work", 3, -1, "none")
    assert "3 result(s)" in status and hits["label"].iloc[0] == "account" and path.endswith(".csv")
    status, table, _ = corpus_callbacks.run_clusters(text, loaded, "minilm", 6)
    assert status.startswith("6 cluster(s)") and table["size"].sum() == len(loaded)
    status, dups = corpus_callbacks.run_duplicates(text, loaded, "minilm", 0.8)
    assert len(dups) >= 1 and (dups["cosine"] >= 0.8).all()
    status, figure = corpus_callbacks.run_projection(text, loaded, "minilm", "PCA", 3, "label")
    assert len(figure.data) == 6 and figure.data[0].type == "scatter3d"
    status, files = corpus_callbacks.run_downloads(text, loaded, "minilm")
    assert np.load(files[0]).shape == (len(loaded), 384)
    status, table = corpus_callbacks.run_compare(text, loaded, "minilm", "minilm:cls", "refund\nshipping cost", 3)
    assert "overlap@3" in status and len(table) == 6
    status, _, _ = corpus_callbacks.run_search(text, loaded, "minilm", "", 3, -1, "none")
    assert status.startswith("⚠️ Type a query")
