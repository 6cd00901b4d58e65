"""The corpus explorer: read a corpus, embed it once, then search, cluster, mine duplicates, compare.

The names below are importable from ``stsdemo.corpus`` but loaded on first use: importing one light
submodule (``stsdemo.corpus.search`` for ``METHODS`` in ``--help``) must not pull in
sentence-transformers through ``duplicates``.
"""

from importlib import import_module

_WHERE = {
    "Clusters": "clusters",
    "cluster": "clusters",
    "compare_encoders": "compare",
    "overlap_at_k": "compare",
    "near_duplicates": "duplicates",
    "EmbeddedCorpus": "embedded",
    "embed_corpus": "embedded",
    "similarity_heatmap": "heatmap",
    "Corpus": "reader",
    "parse_lines": "reader",
    "read_corpus": "reader",
    "Hit": "search",
    "VectorIndex": "search",
    "rerank": "search",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module 'stsdemo.corpus' has no attribute {name!r}")
    return getattr(import_module(f"stsdemo.corpus.{_WHERE[name]}"), name)
