"""Quantised corpus search (int8 / binary + rescoring) against exact float32 search, on real sentences."""

import numpy as np
import pytest

from stsdemo.corpus.embedded import embed_corpus
from stsdemo.corpus.quantized import QuantizedIndex, recall_at_k
from stsdemo.corpus.reader import parse_lines
from stsdemo.corpus.search import VectorIndex
from stsdemo.encoders.registry import load
from stsdemo.errors import UserError


@pytest.fixture(scope="module")
def embedded(stsb_test):
    sentences = stsb_test.sentences()
    vectors = load("minilm").encode(sentences[:640])
    return vectors[:600], vectors[600:]


def test_recall_at_10_against_exact_float_search(embedded):
    corpus, queries = embedded
    _, exact = VectorIndex(corpus, "exact").search(queries, 10)
    for precision, floor, ratio in (("int8", 0.9, 4), ("binary", 0.35, 32)):
        index = QuantizedIndex(corpus, precision)
        _, found = index.search(queries, 10)
        assert recall_at_k(exact, found) >= floor, precision
        assert index.nbytes * ratio == corpus.astype(np.float32).nbytes


def test_rescoring_is_what_makes_binary_search_usable(embedded):
    corpus, queries = embedded
    _, exact = VectorIndex(corpus, "exact").search(queries, 10)
    _, coarse = QuantizedIndex(corpus, "binary", rescore_multiplier=1).search(queries, 10)
    _, rescored = QuantizedIndex(corpus, "binary", rescore_multiplier=4).search(queries, 10)
    assert recall_at_k(exact, rescored) > recall_at_k(exact, coarse)


def test_embedded_corpus_search_with_quantize(stsb_test):
    texts = stsb_test.sentences()[:200]
    embedded = embed_corpus(load("minilm"), parse_lines("\n".join(texts)))
    exact = embedded.search(texts[5], 3)
    quantized = embedded.search(texts[5], 3, quantize="int8")
    assert quantized[0].text == exact[0].text == texts[5]
    assert abs(quantized[0].cosine - exact[0].cosine) < 0.02
    with pytest.raises(UserError, match="quantisation"):
        embedded.search(texts[5], 3, quantize="int4")
