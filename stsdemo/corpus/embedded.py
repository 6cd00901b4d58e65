"""A corpus encoded once and searched many times: the facade the tab, the CLI and the benchmark use.

Vectors are L2-normalised after an optional post-processing step ``post`` (a fitted map
``(n, d) -> (n, d')`` such as whitening or a flow, applied to the corpus *and* to every query), so
cosine = inner product everywhere downstream. Encoded corpora are kept in
:data:`stsdemo.cache.CORPORA`, keyed by the encoder's fingerprint, the post-processing and a digest of
the texts: a repeated query costs one query encoding plus one index lookup, and a model folder
rewritten under the same name is never searched with its old corpus vectors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from stsdemo.cache import CORPORA
from stsdemo.corpus.quantized import QuantizedIndex
from stsdemo.corpus.reader import Corpus
from stsdemo.corpus.search import Hit, VectorIndex, rerank, top_k
from stsdemo.encoders.base import Encoder, PairScorer
from stsdemo.encoders.vocabulary import oov_warning
from stsdemo.errors import Message, UserError
from stsdemo.similarity import normalize
from stsdemo.threads import small_work

#: How many of a corpus's first texts are tokenized to judge whether its encoder can read it.
READABILITY_SAMPLE = 50

#: A post-processing step: raw embeddings ``(n, d)`` -> transformed ``(n, d')`` (e.g. whitening).
Post = Callable[[np.ndarray], np.ndarray]


def embed_queries(encoder: Encoder, queries: list[str], post: Post | None = None) -> np.ndarray:
    """Queries through ``encoder`` and ``post`` (as the corpus was), unit length: ``(m, d')``.

    A few queries are too small to split across threads: they run on a one-thread worker
    (:func:`stsdemo.threads.small_work`), which leaves the thread settings of the rest of the
    process alone.
    """
    raw = small_work(encoder.encode, queries) if len(queries) <= 8 else encoder.encode(queries)
    return normalize(post(raw) if post is not None else raw)


@dataclass
class EmbeddedCorpus:
    """``vectors[i]`` (unit length, float32) is the embedding of ``corpus.texts[i]``."""

    corpus: Corpus
    encoder: Encoder
    vectors: np.ndarray
    index: VectorIndex
    post: Post | None = None
    #: int8 / binary copies of ``vectors``, built on first use (shared by copies of this corpus).
    quantized: dict[str, QuantizedIndex] = field(default_factory=dict)
    #: Whether the encoder can read the corpus (:func:`~stsdemo.encoders.vocabulary.oov_warning` of its
    #: first :data:`READABILITY_SAMPLE` texts), judged once when it is encoded: re-tokenizing them was a
    #: quarter of every later query's time.
    unreadable: Message | None = None

    def quantized_index(self, precision: str) -> QuantizedIndex:
        """The corpus vectors quantised to ``precision`` (``int8`` or ``binary``), built once."""
        found = self.quantized.get(precision)
        if found is None:
            found = self.quantized[precision] = QuantizedIndex(self.vectors, precision)
        return found

    def embed_queries(self, queries: list[str]) -> np.ndarray:
        """Queries through the same encoder and post-processing as the corpus: ``(m, d')``."""
        return embed_queries(self.encoder, queries, self.post)

    def search(
        self,
        query: str,
        k: int = 10,
        *,
        threshold: float | None = None,
        reranker: PairScorer | None = None,
        quantize: str | None = None,
    ) -> list[Hit]:
        """Top-``k`` texts for ``query`` (cosine >= ``threshold``), optionally reranked by a cross-encoder.

        ``quantize="int8"|"binary"`` searches the quantised corpus with rescoring
        (:mod:`stsdemo.corpus.quantized`) instead of the float32 index.
        """
        query = (query or "").strip()
        if not query:
            raise UserError("Type a query to search for.")
        index = self.quantized_index(quantize) if quantize else self.index
        hits = top_k(index, self.corpus.texts, self.embed_queries([query])[0], k, threshold)
        return rerank(query, hits, reranker) if reranker is not None else hits


def embed_corpus(
    encoder: Encoder,
    corpus: Corpus,
    *,
    post: Post | None = None,
    method: str = "auto",
    show_progress: bool = False,
    batch_size: int = 64,
) -> EmbeddedCorpus:
    """Encode ``corpus`` with ``encoder`` (then ``post``), normalise and index it; reuses a recent result.

    A ``post`` hook is part of the cache key only through its ``cache_key`` attribute (a string naming
    what it computes); a hook without one is applied afresh each time (an object's ``id()`` is no key:
    it is reused once the object is gone).
    """
    if not isinstance(encoder, Encoder):  # a type guard for API callers; loaders use stsdemo.load_encoder
        raise UserError(
            "{model} is a cross-encoder: pick a bi-encoder to embed a corpus (rerank with it).", model=encoder.id
        )

    def build() -> EmbeddedCorpus:
        raw = encoder.encode(corpus.texts, show_progress=show_progress, batch_size=batch_size)
        vectors = normalize(post(raw) if post is not None else raw)
        unreadable = oov_warning(encoder, corpus.texts[:READABILITY_SAMPLE])
        return EmbeddedCorpus(corpus, encoder, vectors, VectorIndex(vectors, method), post, unreadable=unreadable)

    post_key = "" if post is None else getattr(post, "cache_key", None)
    if post_key is None:
        return build()
    key = (*encoder.cache_key, post_key, method, corpus.digest)
    found = CORPORA.get_or_compute(key, build)
    return EmbeddedCorpus(corpus, encoder, found.vectors, found.index, post, found.quantized, found.unreadable)
