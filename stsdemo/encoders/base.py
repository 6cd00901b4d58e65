"""The two model interfaces every tab, the CLI and the benchmarks speak.

* :class:`Encoder` (bi-encoder): ``encode(texts) -> float32 (n, d)``; similarity is computed
  afterwards (cosine), so sentences are encoded once and compared many times.
* :class:`PairScorer` (cross-encoder): ``score(pairs) -> float32 (n,)``; both sentences go through
  the transformer together, which is more accurate and ``n`` times more expensive to search with.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np

from stsdemo import cancel
from stsdemo.cache import EMBEDDINGS, Region

#: The shared sentence-vector cache (a :class:`stsdemo.cache.Region`); kept under this name for callers.
CACHE = EMBEDDINGS

#: Texts encoded between two cancellation checks (:mod:`stsdemo.cancel`): about a second of MiniLM
#: on a loaded 2-core machine, so a Cancel stops a long encode within a couple of seconds.
CHUNK = 256


class Encoder(ABC):
    """Maps texts to vectors. Subclasses implement :meth:`_encode`; caching is done here."""

    #: Stable name, e.g. ``"minilm"`` or ``"minilm:cls"``: plot label and part of the cache key.
    id: str
    #: Whose entries these are in :mod:`stsdemo.cache` (a resolved model folder, or a name); the
    #: loader sets it, an ad-hoc encoder is its own owner.
    owner: str = ""
    #: :func:`stsdemo.cache.fingerprint` of the model's files ("" for models without a folder).
    fingerprint: str = ""

    @property
    def cache_key(self) -> tuple[str, str, str]:
        """``(owner, fingerprint, id)``: what every cache entry derived from this encoder starts with."""
        return (self.owner or self.id, self.fingerprint, self.id)

    @abstractmethod
    def _encode(self, texts: list[str], *, show_progress: bool, batch_size: int) -> np.ndarray:
        """Encode ``texts`` (none cached) to a float32 array ``(len(texts), d)``."""

    def encode(
        self,
        texts: Sequence[str],
        *,
        show_progress: bool = False,
        batch_size: int = 64,
        cache: Region | None = EMBEDDINGS,
    ) -> np.ndarray:
        """Encode ``texts`` to a float32 array ``(n, d)``, reusing cached vectors."""
        texts = list(texts)
        if cache is None:
            return self._encode_in_chunks(texts, show_progress, batch_size)
        key = self.cache_key
        found = {t: v for t in dict.fromkeys(texts) if (v := cache.get((*key, t))) is not None}
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            vecs = self._encode_in_chunks(missing, show_progress, batch_size)  # cancelled: nothing is cached
            for text, vec in zip(missing, vecs, strict=True):
                cache.put((*key, text), vec)
                found[text] = vec
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return np.stack([found[t] for t in texts]).astype(np.float32, copy=False)

    def _encode_in_chunks(self, texts: list[str], show_progress: bool, batch_size: int) -> np.ndarray:
        """:meth:`_encode` in chunks of :data:`CHUNK` texts with a :func:`stsdemo.cancel.check` before each.

        Texts go longest first (as sentence-transformers sorts them) so each chunk pads little; a long
        input shows one bar of texts instead of one bar per chunk.
        """
        cancel.check()
        if len(texts) <= CHUNK:
            return np.asarray(self._encode(texts, show_progress=show_progress, batch_size=batch_size), np.float32)
        from tqdm.auto import tqdm

        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        out: np.ndarray | None = None
        with tqdm(total=len(texts), desc="Encoding", unit="text", disable=not show_progress) as bar:
            for start in range(0, len(order), CHUNK):
                cancel.check()
                rows = order[start : start + CHUNK]
                vecs = np.asarray(self._encode([texts[i] for i in rows], show_progress=False, batch_size=batch_size))
                if out is None:
                    out = np.empty((len(texts), vecs.shape[1]), np.float32)
                out[rows] = vecs
                bar.update(len(rows))
        return out

    @property
    @abstractmethod
    def dim(self) -> int:
        """Length of the vectors."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.id!r})"


class PairScorer(ABC):
    """Scores sentence pairs jointly (a cross-encoder)."""

    id: str
    owner: str = ""
    fingerprint: str = ""

    @abstractmethod
    def score(self, pairs: Sequence[tuple[str, str]], *, show_progress: bool = False) -> np.ndarray:
        """Return one float32 score per pair, shape ``(n,)``."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.id!r})"
