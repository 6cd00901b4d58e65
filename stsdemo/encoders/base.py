"""The two model interfaces every tab, the CLI and the benchmarks speak.

* :class:`Encoder` (bi-encoder): ``encode(texts) -> float32 (n, d)``; similarity is computed
  afterwards (cosine), so sentences are encoded once and compared many times.
* :class:`PairScorer` (cross-encoder): ``score(pairs) -> float32 (n,)``; both sentences go through
  the transformer together, which is more accurate and ``n`` times more expensive to search with.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np


class EmbeddingCache:
    """A bounded LRU map ``(encoder id, text) -> vector``, shared by all encoders.

    Re-scoring the same sentences (a new encoder picked beside old ones, a slider moved) then
    costs a dictionary lookup instead of a transformer pass. Thread-safe: the app serves several
    users at once.
    """

    def __init__(self, max_items: int = 100_000) -> None:
        self.max_items = max_items
        self._items: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> np.ndarray | None:
        with self._lock:
            vec = self._items.get(key)
            if vec is not None:
                self._items.move_to_end(key)
            return vec

    def put(self, key: tuple[str, str], vec: np.ndarray) -> None:
        with self._lock:
            self._items[key] = vec
            self._items.move_to_end(key)
            while len(self._items) > self.max_items:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


CACHE = EmbeddingCache()


class Encoder(ABC):
    """Maps texts to vectors. Subclasses implement :meth:`_encode`; caching is done here."""

    #: Stable name, e.g. ``"minilm"`` or ``"minilm:cls"``: cache key and plot label.
    id: str

    @abstractmethod
    def _encode(self, texts: list[str], *, show_progress: bool, batch_size: int) -> np.ndarray:
        """Encode ``texts`` (none cached) to a float32 array ``(len(texts), d)``."""

    def encode(
        self,
        texts: Sequence[str],
        *,
        show_progress: bool = False,
        batch_size: int = 64,
        cache: EmbeddingCache | None = CACHE,
    ) -> np.ndarray:
        """Encode ``texts`` to a float32 array ``(n, d)``, reusing cached vectors."""
        texts = list(texts)
        if cache is None:
            return np.asarray(self._encode(texts, show_progress=show_progress, batch_size=batch_size), np.float32)
        found = {t: v for t in dict.fromkeys(texts) if (v := cache.get((self.id, t))) is not None}
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            vecs = np.asarray(self._encode(missing, show_progress=show_progress, batch_size=batch_size), np.float32)
            for text, vec in zip(missing, vecs, strict=True):
                cache.put((self.id, text), vec)
                found[text] = vec
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return np.stack([found[t] for t in texts]).astype(np.float32, copy=False)

    @property
    @abstractmethod
    def dim(self) -> int:
        """Length of the vectors."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.id!r})"


class PairScorer(ABC):
    """Scores sentence pairs jointly (a cross-encoder)."""

    id: str

    @abstractmethod
    def score(self, pairs: Sequence[tuple[str, str]], *, show_progress: bool = False) -> np.ndarray:
        """Return one float32 score per pair, shape ``(n,)``."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.id!r})"
