"""Query a built index (``stsdemo index``): encode the query with the index's model, ask LanceDB.

Opened indexes and their encoders stay loaded (keyed by folder and manifest time), so a warm query
costs one query encoding plus one table search; an optional cross-encoder reranks the top hits with
the same :func:`stsdemo.corpus.search.rerank` as corpus-file searches.
"""

from __future__ import annotations

import threading
from pathlib import Path

from stsdemo.corpus.embedded import embed_queries
from stsdemo.corpus.index_store import MANIFEST, IndexStore
from stsdemo.corpus.search import Hit, rerank
from stsdemo.encoders.base import Encoder, PairScorer
from stsdemo.errors import UserError

_OPEN: dict[tuple[str, float], IndexStore] = {}
_LOCK = threading.Lock()


def open_index(folder: str | Path) -> IndexStore:
    """The index at ``folder``, reused while its manifest is unchanged."""
    folder = Path(folder)
    manifest = folder / MANIFEST
    if not manifest.is_file():
        raise UserError("No index at {name!r}: build one with `python -m stsdemo index`.", name=folder.name)
    key = (str(folder.resolve()), manifest.stat().st_mtime)
    with _LOCK:
        if key not in _OPEN:
            _OPEN.clear()  # one open index at a time is enough for a CLI call or a tab
            _OPEN[key] = IndexStore(folder)
        return _OPEN[key]


def search_index(folder: str | Path, query: str, k: int = 10, reranker: PairScorer | None = None) -> list[dict]:
    """``[{"rank", "text", "score", "source", "id", "cosine"}]`` best first; ``score`` is the cosine, or the
    reranker's score when one is given (the cosine stays in ``cosine``)."""
    from stsdemo.specs import load

    if not query.strip():
        raise UserError("The query is empty.")
    store = open_index(folder)
    model = load(store.model)
    if not isinstance(model, Encoder):
        raise UserError("{model} is not a bi-encoder.", model=store.model)
    rows = store.search(embed_queries(model, [query])[0], max(1, int(k)))
    sources = {r["id"]: r["source"] for r in rows}
    hits = [Hit(rank, r["id"], r["text"], r["score"], r["score"]) for rank, r in enumerate(rows, 1)]
    if reranker is not None:
        hits = rerank(query, hits, reranker)
    return [
        {"rank": h.rank, "text": h.text, "score": h.score, "source": sources[h.id], "id": h.id, "cosine": h.cosine}
        for h in hits
    ]
