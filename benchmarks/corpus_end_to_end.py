"""The Corpus tab's path end to end on real sentences: encode + index + one query + projection.

Sentences come from the shared data (SimCSE's wiki1m head, then TREC questions) so their length is
realistic. Each step is timed once in a fresh process (what a user waits for the first time), then
the query is repeated with the corpus embeddings cached. Peers measured in the same run:
sentence-transformers' ``util.semantic_search`` for the query, PCA for the projection.

    HF_HUB_OFFLINE=1 nice -n 10 python -m benchmarks.corpus_end_to_end --n 10000
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch

from stsdemo.corpus.embedded import embed_corpus
from stsdemo.corpus.reader import Corpus, read_corpus
from stsdemo.paths import data_dir
from stsdemo.projection import project
from stsdemo.specs import load

QUERY = "the history of the city and its old buildings"


def sentences(n: int) -> list[str]:
    root = data_dir()
    if root is None:
        raise SystemExit("needs the shared data folder (../shared/data or STSDEMO_DATA)")
    texts = read_corpus(root / "en" / "wiki1m-head" / "wiki1m_for_simcse.head.txt").texts
    if len(texts) < n:
        trec = (root / "en" / "senteval" / "TREC" / "train_5500.label").read_text(encoding="latin-1").splitlines()
        texts += [line.split(" ", 1)[1] for line in trec]
    texts = list(dict.fromkeys(t[:1000] for t in texts))
    if len(texts) < n:
        raise SystemExit(f"only {len(texts)} sentences available")
    return texts[:n]


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def timed_cpu(fn):
    """Wall seconds and this process's CPU seconds: on a shared machine CPU / 2 estimates 2 free cores."""
    cpu = time.process_time()
    out, wall = timed(fn)
    return out, (wall, time.process_time() - cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    corpus = Corpus(sentences(args.n))
    print(f"{len(corpus):,} sentences, torch threads {torch.get_num_threads()}\n")
    rows = []
    encoder, s = timed_cpu(lambda: load("minilm"))
    rows.append(("load minilm", s))
    embedded, s = timed_cpu(lambda: embed_corpus(encoder, corpus, show_progress=True))
    rows.append((f"encode + index ({embedded.index.method})", s))
    hits, s = timed_cpu(lambda: embedded.search(QUERY, 10))
    rows.append(("first query (top-10)", s))
    _, s = timed_cpu(lambda: project(embedded.vectors, 2, "umap"))
    rows.append(("UMAP 2-D, cold (numba compile included)", s))
    steps = [s for name, s in rows if name != "load minilm"]
    rows.append(("TOTAL encode + index + query + UMAP", (sum(w for w, _ in steps), sum(c for _, c in steps))))
    _, s = timed_cpu(lambda: project(embedded.vectors, 2, "umap"))
    rows.append(("UMAP 2-D again (warm, as after the app's warm-up)", s))
    _, s = timed_cpu(lambda: project(embedded.vectors, 2, "pca"))
    rows.append(("peer: PCA 2-D", s))

    def median_ms(fn) -> float:
        return statistics.median(timed(fn)[1] for _ in range(args.repeats)) * 1000

    again = median_ms(lambda: embed_corpus(encoder, corpus).search(QUERY, 10))
    new = [f"{QUERY} {i}" for i in range(args.repeats)]
    fresh = statistics.median(timed(lambda q=q: embed_corpus(encoder, corpus).search(q, 10))[1] for q in new) * 1000
    from sentence_transformers.util import semantic_search

    corpus_t = torch.from_numpy(embedded.vectors)
    peer = median_ms(lambda: semantic_search(torch.from_numpy(encoder.encode([QUERY])), corpus_t, top_k=10))

    print(f"\n| {'step':<52} | {'wall s':>8} | {'CPU s':>8} |")
    print(f"|{'-' * 54}|{'-' * 10}|{'-' * 10}|")
    for name, (wall, cpu) in rows:
        print(f"| {name:<52} | {wall:>8.2f} | {cpu:>8.2f} |")
    print(f"\n| {'repeated query (median of ' + str(args.repeats) + ')':<52} | {'ms':>8} |")
    print(f"|{'-' * 54}|{'-' * 10}|")
    print(f"| {'same query again (corpus and query cached)':<52} | {again:>8.1f} |")
    print(f"| {'new query, corpus cached (encode query + search)':<52} | {fresh:>8.1f} |")
    print(f"| {'peer: ST util.semantic_search, cached query':<52} | {peer:>8.1f} |")
    print(f"\ntop hit: {hits[0].score:.3f} {hits[0].text[:80]}")


if __name__ == "__main__":
    main()
