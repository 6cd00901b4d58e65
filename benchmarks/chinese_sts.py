"""Offline encoders on Chinese STS-B, LCQMC, ATEC, PAWS-X and English STS-B: lexical, raw, post-processed, tuned.

    python -m benchmarks.chinese_sts [--data-dir DIR] [--limit 2000] [--zh SPEC] [--en SPEC] [--post whitening,flow]

For each set: Spearman x 100 of the cosine with the gold label (graded and 0/1 sets alike, as text2vec
and C-MTEB report them), for TF-IDF, the shipped raw BERT of the set's language under three poolings,
any ``--zh`` / ``--en`` model (e.g. one fine-tuned from the teaching model by
``benchmarks.train_quality mini-zh-nli-cosent``), and MiniLM as the peer. Each vector model is scored
raw, whitened and through a flow (``stsdemo.postprocess``), both fitted on the evaluated set's own
sentences, every occurrence (the "target" protocol, as BERT-whitening and BERT-flow do on STS).
``rand-cos`` is the mean cosine of 10,000 random sentence pairs of the raw vectors (the cone); ``s``
the encoding wall time.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from stsdemo.data.catalog import load_dataset
from stsdemo.evaluation import correlation_metrics
from stsdemo.metrics.random_pairs import random_pair_cosine
from stsdemo.postprocess import parse_post
from stsdemo.similarity import paired_cosine
from stsdemo.specs import load

SETS = {"stsb-zh:test": "zh", "lcqmc:test": "zh", "atec:test": "zh", "pawsx-zh:test": "zh", "stsb:test": "en"}
POOLINGS = ["cls", "mean", "first-last-avg"]


def spearman(vectors: np.ndarray, dataset, index: dict[str, int]) -> float:
    a = vectors[[index[s] for s in dataset.sentences1]]
    b = vectors[[index[s] for s in dataset.sentences2]]
    return 100 * correlation_metrics(paired_cosine(a, b), dataset.labels)["spearman"]


def run(
    data_dir: str | None,
    limit: int | None,
    extra: dict[str, list[str]],
    poolings: list[str] = POOLINGS,
    posts: list[str] = ("whitening", "flow"),
) -> list[dict]:
    rows = []
    for spec, lang in SETS.items():
        dataset = load_dataset(spec, data_dir, limit if ":test" in spec and "stsb" not in spec else None)
        sentences = dataset.sentences()
        index = {s: i for i, s in enumerate(sentences)}
        occurrences = [index[s] for s in dataset.occurrences()]
        specs = [f"tfidf-{lang}"] + [f"mlm-mini-{lang}:{p}" for p in poolings] + extra.get(lang, []) + ["minilm"]
        for model_spec in specs:
            start = time.perf_counter()
            x = load(model_spec).encode(sentences, batch_size=128)
            seconds = time.perf_counter() - start
            row = {"data": spec, "n": len(dataset.labels), "model": model_spec, "raw": spearman(x, dataset, index)}
            if not model_spec.startswith("tfidf"):
                for post in posts:
                    fitted = parse_post(post, max_seconds=30).fit(x[occurrences])
                    row[post] = spearman(fitted.transform(x), dataset, index)
                row["rand-cos"] = random_pair_cosine(x)
            row["s"] = seconds
            rows.append(row)
            print(json.dumps(row), flush=True)
    return rows


def table(rows: list[dict], posts: list[str]) -> str:
    out = ["| data | n | model | raw | " + " | ".join(posts) + " | rand-cos | s |", "|" + "---|" * (6 + len(posts))]
    for r in rows:
        cells = " | ".join(f"{r[p]:.2f}" if p in r else "-" for p in posts)
        c = f"{r['rand-cos']:.3f}" if "rand-cos" in r else "-"
        out.append(f"| {r['data']} | {r['n']} | {r['model']} | {r['raw']:.2f} | {cells} | {c} | {r['s']:.1f} |")
    return "\n".join(out)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--limit", type=int, default=2000, help="first N pairs of LCQMC/ATEC/PAWS-X (STS-B: all)")
    parser.add_argument("--zh", action="append", default=[], help="another model spec for the Chinese sets")
    parser.add_argument("--en", action="append", default=[], help="another model spec for English STS-B")
    parser.add_argument("--poolings", default=",".join(POOLINGS), help="comma-separated raw poolings")
    parser.add_argument("--post", default="whitening,flow", help="comma-separated post-processing to fit per set")
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated sets")
    args = parser.parse_args()
    SETS = {k: v for k, v in SETS.items() if k in args.sets.split(",")}
    posts = [p for p in args.post.split(",") if p]
    rows = run(args.data_dir, args.limit or None, {"zh": args.zh, "en": args.en}, args.poolings.split(","), posts)
    print(table(rows, posts))
