"""Which clustering finds the groups the Corpus presets really have? Four methods against the labels.

For each preset and encoder the sentences are encoded once; every method of
:data:`stsdemo.corpus.clusters.METHODS` then clusters them twice: with ``k`` chosen by silhouette
(what the Corpus tab does when k = 0) and with the true number of labels ("oracle k", which
separates "wrong method" from "wrong k"). Agreement with the labels: adjusted Rand index (0 =
chance, 1 = identical) and normalised mutual information (sklearn). The e-commerce preset has no
labels: only k, the largest cluster's share and the silhouette are shown for it.

    HF_HUB_OFFLINE=1 nice -n 5 python -m benchmarks.clustering
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from stsdemo.corpus.clusters import METHODS, cluster
from stsdemo.corpus.reader import read_corpus
from stsdemo.encoders.registry import load
from stsdemo.paths import ASSETS

PRESETS = [
    ("faq-en.jsonl", "minilm"),
    ("trec-questions-en.csv", "minilm"),
    ("ecom-queries-zh.txt", "tfidf-zh"),
]


def rows_for(name: str, spec: str) -> list[dict]:
    corpus = read_corpus(ASSETS / "corpus" / name)
    vectors = load(spec).encode(corpus.texts)
    truth = corpus.labels
    rows = []
    for method in METHODS:
        ks = [None] + ([len(set(truth))] if truth and method != "hdbscan" else [])
        for k in ks:
            start = time.perf_counter()
            result = cluster(vectors, k, method=method)
            seconds = time.perf_counter() - start
            row = {
                "preset": name,
                "encoder": spec,
                "method": method,
                "k": "silhouette" if k is None and method != "hdbscan" else ("own" if k is None else f"oracle {k}"),
                "clusters": len(result.sizes),
                "largest": max(result.sizes) / len(corpus),
                "silhouette": result.silhouette,
                "ARI": adjusted_rand_score(truth, result.labels) if truth else np.nan,
                "NMI": normalized_mutual_info_score(truth, result.labels) if truth else np.nan,
                "seconds": seconds,
            }
            rows.append(row)
    return rows


def markdown(rows: list[dict]) -> str:
    head = "| preset (encoder) | method | k | clusters | largest | silhouette | ARI | NMI | s |"
    lines = [head, "|---|---|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        cells = [
            f"{r['preset']} ({r['encoder']})",
            r["method"],
            r["k"],
            str(r["clusters"]),
            f"{r['largest']:.0%}",
            "–" if r["silhouette"] is None else f"{r['silhouette']:.3f}",
            "–" if np.isnan(r["ARI"]) else f"{r['ARI']:.3f}",
            "–" if np.isnan(r["NMI"]) else f"{r['NMI']:.3f}",
            f"{r['seconds']:.2f}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    rows = [row for name, spec in PRESETS for row in rows_for(name, spec)]
    print(markdown(rows))


if __name__ == "__main__":
    main()
