"""Known answers for search, reranking, duplicates, clusters, heatmap order and encoder comparison."""

import numpy as np
import pytest

from stsdemo.corpus.clusters import cluster
from stsdemo.corpus.compare import compare_encoders, overlap_at_k
from stsdemo.corpus.duplicates import near_duplicates
from stsdemo.corpus.embedded import embed_corpus
from stsdemo.corpus.heatmap import heatmap_order, similarity_heatmap
from stsdemo.corpus.reader import Corpus
from stsdemo.corpus.search import Hit, VectorIndex, rerank
from stsdemo.encoders.base import PairScorer
from stsdemo.errors import UserError

TINY = [
    "How do I reset my password?",
    "The weather is sunny and warm today.",
    "A man is playing the guitar.",
    "I forgot my password, how can I change it?",
    "It is a bright, hot and sunny day.",
    "Where can I buy cheap running shoes?",
]


def two_groups(n_per: int = 20, d: int = 16, seed: int = 0) -> np.ndarray:
    """Two tight bundles of vectors around orthogonal directions e0 and e1."""
    rng = np.random.default_rng(seed)
    centres = np.eye(d)[:2] * 5
    return np.vstack([c + rng.normal(scale=0.3, size=(n_per, d)) for c in centres]).astype(np.float32)


@pytest.mark.parametrize("method", ["exact", "hnsw"])
def test_index_finds_the_known_nearest_vectors(method):
    x = np.eye(4, dtype=np.float32)
    x[3] = [0.6, 0.8, 0, 0]
    scores, ids = VectorIndex(x, method).search(np.array([[1.0, 0.1, 0, 0]], np.float32), 2)
    assert ids[0].tolist() == [0, 3]
    assert scores[0, 0] == pytest.approx(1 / np.sqrt(1.01), abs=1e-5)
    assert scores[0, 1] == pytest.approx((0.6 + 0.08) / np.sqrt(1.01), abs=1e-5)


def test_exact_search_equals_brute_force_and_k_is_clipped():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(500, 32)).astype(np.float32)
    q = rng.normal(size=(3, 32)).astype(np.float32)
    scores, ids = VectorIndex(x, "exact").search(q, 7)
    xn, qn = x / np.linalg.norm(x, axis=1, keepdims=True), q / np.linalg.norm(q, axis=1, keepdims=True)
    truth = np.argsort(-(qn @ xn.T), axis=1)[:, :7]
    assert (ids == truth).all()
    assert np.all(np.diff(scores, axis=1) <= 0)
    assert VectorIndex(x[:3], "exact").search(q[:1], 10)[1].shape == (1, 3)


def test_bad_index_input():
    with pytest.raises(UserError, match="Unknown index"):
        VectorIndex(np.eye(3), "annoy")
    with pytest.raises(UserError, match="dimensions"):
        VectorIndex(np.eye(3), "exact").search(np.ones((1, 4)), 1)


class ReverseScorer(PairScorer):
    """A stand-in cross-encoder that prefers shorter candidates: a known, checkable order."""

    id = "shortest-first"

    def score(self, pairs, *, show_progress=False):
        return np.array([-len(b) for _, b in pairs], np.float32)


def test_rerank_reorders_by_the_pair_scorer_and_keeps_the_cosine():
    hits = [Hit(1, 0, "a long sentence", 0.9, 0.9), Hit(2, 1, "short", 0.8, 0.8), Hit(3, 2, "medium one", 0.7, 0.7)]
    out = rerank("q", hits, ReverseScorer())
    assert [h.text for h in out] == ["short", "medium one", "a long sentence"]
    assert [h.rank for h in out] == [1, 2, 3]
    assert [h.cosine for h in out] == [0.8, 0.7, 0.9]
    assert out[0].score == -5


def test_two_obvious_groups_cluster_apart():
    x = two_groups()
    result = cluster(x)
    assert len(result.sizes) == 2
    assert set(result.labels[:20]) != set(result.labels[20:])
    assert len(set(result.labels[:20])) == 1 and len(set(result.labels[20:])) == 1
    assert result.silhouette > 0.8
    for c, rep in enumerate(result.representatives):
        assert result.labels[rep] == c


def test_large_corpus_clusters_through_a_sample(monkeypatch):
    import stsdemo.corpus.clusters as clusters

    monkeypatch.setattr(clusters, "MAX_TREE", 10)
    x = two_groups(n_per=30)
    result = clusters.cluster(x, n_clusters=2)
    assert result.labels[:30].tolist() == [result.labels[0]] * 30
    assert result.labels[30:].tolist() == [1 - result.labels[0]] * 30


def test_heatmap_puts_groups_in_blocks():
    x = two_groups(n_per=5)
    shuffled = np.random.default_rng(0).permutation(10)
    order = heatmap_order(x[shuffled])
    groups = (shuffled[order] >= 5).astype(int)
    assert (np.diff(groups) != 0).sum() == 1  # one boundary: two contiguous blocks
    order, matrix = similarity_heatmap(x, max_n=6)
    assert matrix.shape == (6, 6) and np.allclose(np.diag(matrix), 1, atol=1e-5)


def test_near_duplicates_on_vectors():
    x = np.array([[1, 0, 0], [0.99, 0.1, 0], [0, 1, 0], [0, 0, 1]], np.float32)
    pairs = near_duplicates(x, threshold=0.9)
    assert [(i, j) for _, i, j in pairs] == [(0, 1)]
    assert pairs[0][0] == pytest.approx(0.99 / np.hypot(0.99, 0.1), abs=1e-5)
    assert near_duplicates(x[:1]) == []


def test_overlap_at_k():
    assert overlap_at_k([1, 2, 3], [3, 2, 9], 3) == pytest.approx(2 / 3)
    assert overlap_at_k([1], [2], 1) == 0


@pytest.fixture(scope="module")
def minilm():
    from stsdemo.specs import load

    return load("minilm")


@pytest.mark.slow
def test_real_minilm_tiny_corpus(minilm):
    embedded = embed_corpus(minilm, Corpus(TINY))
    hits = embedded.search("I lost my password and cannot log in", 3)
    assert hits[0].text == "I forgot my password, how can I change it?"
    assert {h.text for h in hits[:2]} == {TINY[0], TINY[3]}
    assert embedded.search("sunny weather", 2, threshold=0.99) == []
    pairs = near_duplicates(embedded.vectors, threshold=0.6)
    assert (0, 3) in [(i, j) for _, i, j in pairs] and (1, 4) in [(i, j) for _, i, j in pairs]
    assert (2, 5) not in [(i, j) for _, i, j in pairs]
    result = cluster(embedded.vectors, 4)
    assert result.labels[0] == result.labels[3] and result.labels[1] == result.labels[4]
    assert result.labels[0] != result.labels[1]
    assert embed_corpus(minilm, Corpus(TINY)).vectors is embedded.vectors  # cached
    with pytest.raises(UserError, match="Type a query"):
        embedded.search("  ")


@pytest.mark.slow
def test_post_processing_hook_is_applied_to_corpus_and_query(minilm):
    flip = np.ones(384, np.float32)
    flip[:192] = -1
    seen = []

    def post(x):
        seen.append(len(x))
        return x * flip

    embedded = embed_corpus(minilm, Corpus(TINY), post=post)
    assert embedded.search("I forgot my password", 1)[0].text == TINY[3]
    assert seen == [len(TINY), 1]


@pytest.mark.slow
def test_compare_two_encoders(minilm):
    from stsdemo.specs import load

    a = embed_corpus(minilm, Corpus(TINY))
    b = embed_corpus(load("minilm:static"), Corpus(TINY))
    table = compare_encoders(a, b, ["password reset", "", "sunny day"], 2)
    assert table["query"].tolist() == ["password reset"] * 2 + ["sunny day"] * 2
    assert list(table.columns) == [
        "query",
        "rank",
        "A: minilm",
        "cosine A",
        "B: minilm:static",
        "cosine B",
        "overlap@2",
    ]
    assert set(table["overlap@2"]) <= {0.0, 0.5, 1.0}
    self_compare = compare_encoders(a, a, ["password reset"], 3)
    assert (self_compare["overlap@3"] == 1.0).all()
