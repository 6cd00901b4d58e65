"""Offline encoders on Chinese STS-B, LCQMC, ATEC, PAWS-X and English STS-B: lexical vs raw vs whitened.

    python -m benchmarks.chinese_sts [--data-dir DIR] [--limit 2000] [--extra models/NAME]

For each set: Spearman x 100 of the cosine with the gold label (graded and 0/1 sets alike, as text2vec
and C-MTEB report them), for TF-IDF, the shipped raw BERT of the set's language under three poolings,
raw and whitened, and MiniLM as the peer. ``rand-cos`` is the mean cosine of 10,000 random sentence
pairs (the cone); ``s`` the encoding wall time.

Whitening (Su et al. 2021) is a local copy until ``stsdemo.postprocess.whitening`` lands:
``x~ = (x - mu) U diag(1/sqrt(s))``, fitted on the set's own sentences (as BERT-whitening does on STS).
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from stsdemo.data.catalog import load_dataset
from stsdemo.encoders import load
from stsdemo.evaluation import correlation_metrics
from stsdemo.metrics.random_pairs import random_pair_cosine
from stsdemo.postprocess.whitening import Whitening
from stsdemo.similarity import paired_cosine

SETS = {"stsb-zh:test": "zh", "lcqmc:test": "zh", "atec:test": "zh", "pawsx-zh:test": "zh", "stsb:test": "en"}
POOLINGS = ["cls", "mean", "first-last-avg"]


def whiten(x: np.ndarray) -> np.ndarray:
    """Whitening fitted on the evaluated (distinct) sentences themselves."""
    return Whitening().fit(x).transform(x)


def spearman(vectors: np.ndarray, dataset, index: dict[str, int]) -> float:
    a = vectors[[index[s] for s in dataset.sentences1]]
    b = vectors[[index[s] for s in dataset.sentences2]]
    return 100 * correlation_metrics(paired_cosine(a, b), dataset.labels)["spearman"]


def run(data_dir: str | None, limit: int | None, extra: list[str], poolings: list[str] = POOLINGS) -> list[dict]:
    rows = []
    for spec, lang in SETS.items():
        dataset = load_dataset(spec, data_dir, limit if ":test" in spec and "stsb" not in spec else None)
        sentences = dataset.sentences()
        index = {s: i for i, s in enumerate(sentences)}
        specs = [f"tfidf-{lang}"] + [f"mlm-mini-{lang}:{p}" for p in poolings]
        specs += [f"{e}:{p}" for e in extra if lang == "zh" for p in poolings] + ["minilm"]
        for model_spec in specs:
            start = time.perf_counter()
            x = load(model_spec).encode(sentences, batch_size=128)
            seconds = time.perf_counter() - start
            row = {"data": spec, "n": len(dataset.labels), "model": model_spec, "raw": spearman(x, dataset, index)}
            if not model_spec.startswith("tfidf"):
                row["whitened"] = spearman(whiten(x), dataset, index)
                row["rand-cos"] = random_pair_cosine(x)
            row["s"] = seconds
            rows.append(row)
            print(json.dumps(row), flush=True)
    return rows


def table(rows: list[dict]) -> str:
    out = ["| data | n | model | raw | whitened | rand-cos | s |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        w = f"{r['whitened']:.2f}" if "whitened" in r else "-"
        c = f"{r['rand-cos']:.3f}" if "rand-cos" in r else "-"
        out.append(f"| {r['data']} | {r['n']} | {r['model']} | {r['raw']:.2f} | {w} | {c} | {r['s']:.1f} |")
    return "\n".join(out)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--limit", type=int, default=2000, help="first N pairs of LCQMC/ATEC/PAWS-X (STS-B: all)")
    parser.add_argument("--extra", action="append", default=[], help="another raw Chinese model folder to compare")
    parser.add_argument("--poolings", default=",".join(POOLINGS), help="comma-separated raw poolings")
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated sets")
    args = parser.parse_args()
    SETS = {k: v for k, v in SETS.items() if k in args.sets.split(",")}
    print(table(run(args.data_dir, args.limit or None, args.extra, args.poolings.split(","))))
