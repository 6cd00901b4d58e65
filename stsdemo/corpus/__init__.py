"""The corpus explorer: read a corpus, embed it once, then search, cluster, mine duplicates, compare."""

from stsdemo.corpus.clusters import Clusters, cluster
from stsdemo.corpus.compare import compare_encoders, overlap_at_k
from stsdemo.corpus.duplicates import near_duplicates
from stsdemo.corpus.embedded import EmbeddedCorpus, embed_corpus
from stsdemo.corpus.heatmap import similarity_heatmap
from stsdemo.corpus.reader import Corpus, parse_lines, read_corpus
from stsdemo.corpus.search import Hit, VectorIndex, rerank

__all__ = [
    "Clusters",
    "Corpus",
    "EmbeddedCorpus",
    "Hit",
    "VectorIndex",
    "cluster",
    "compare_encoders",
    "embed_corpus",
    "near_duplicates",
    "overlap_at_k",
    "parse_lines",
    "read_corpus",
    "rerank",
    "similarity_heatmap",
]
