"""Clustering methods (issue 16): each separates obvious groups, the page can say why k, the default
finds more of the FAQ preset's real categories than average linkage did."""

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from stsdemo.corpus.clusters import DEFAULT_METHOD, METHODS, cluster
from stsdemo.errors import UserError


def three_groups(n_per: int = 15, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = np.eye(3, 16) * 5
    return np.concatenate([c + rng.normal(0, 0.3, (n_per, 16)) for c in centres]).astype(np.float32)


@pytest.mark.parametrize("method", list(METHODS))
def test_every_method_finds_three_obvious_groups(method):
    result = cluster(three_groups(), method=method)
    truth = np.repeat([0, 1, 2], 15)
    assert adjusted_rand_score(truth, result.labels) == pytest.approx(1.0)
    assert result.method == method


def test_why_names_the_silhouette_or_the_user():
    auto = cluster(three_groups())
    assert auto.why().startswith(f"k = 3: the best silhouette ({auto.silhouettes[3]:.3f}) among k = 2…12")
    assert max(auto.silhouettes, key=auto.silhouettes.get) == 3
    chosen = cluster(three_groups(), 5)
    assert len(chosen.sizes) == 5 and chosen.why() == "k = 5: set by you (Ward linkage on unit vectors)."
    assert (
        cluster(three_groups(), method="hdbscan").why()
        == "k = 3: found by HDBSCAN (chooses its own number of clusters)."
    )


def test_unknown_method_is_a_message():
    with pytest.raises(UserError, match="Unknown clustering method"):
        cluster(three_groups(), method="spectral")


@pytest.mark.slow
def test_default_beats_average_linkage_on_the_faq_preset():
    """Known answer from benchmarks/clustering.py: ARI 0.305 (Ward) vs 0.157 (average) with k by silhouette."""
    from stsdemo.corpus.reader import read_corpus
    from stsdemo.encoders.registry import load
    from stsdemo.paths import ASSETS

    corpus = read_corpus(ASSETS / "corpus" / "faq-en.jsonl")
    x = load("minilm").encode(corpus.texts)
    default = adjusted_rand_score(corpus.labels, cluster(x, method=DEFAULT_METHOD).labels)
    average = adjusted_rand_score(corpus.labels, cluster(x, method="average").labels)
    assert default == pytest.approx(0.305, abs=0.01) and average == pytest.approx(0.157, abs=0.01)
