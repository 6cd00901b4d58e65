"""Offline encoders on Chinese STS-B, LCQMC, ATEC, PAWS-X and English STS-B: lexical, raw, post-processed, tuned.

    python -m benchmarks.chinese_sts [--data-dir DIR] [--limit 2000] [--zh SPEC] [--en SPEC] [--post whitening,flow]

For each set: Spearman x 100 of the cosine with the gold label (graded and 0/1 sets alike, as text2vec
and C-MTEB report them; 0/1 sets also get ROC AUC x 100), for TF-IDF, the shipped raw BERT of the set's
language under three poolings,
any ``--zh`` / ``--en`` model (e.g. one fine-tuned from the teaching model by
``benchmarks.train_quality mini-zh-nli-cosent``), and MiniLM as the peer. Each vector model is scored
raw, whitened and through a flow (``stsdemo.postprocess``), both fitted on the evaluated set's own
sentences, every occurrence (the "target" protocol, as BERT-whitening and BERT-flow do on STS).
``rand-cos`` is the mean cosine of 10,000 random sentence pairs of the raw vectors (the cone); ``s``
the encoding wall time. Every row is also written to ``benchmarks/results.json`` (``stsdemo.results``),
from which RESULTS.md's tables and the UI's quoted figures are rendered (``python -m benchmarks.render``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np

from stsdemo.data.catalog import load_pairs
from stsdemo.evaluation import correlation_metrics, matching_metrics
from stsdemo.metrics.random_pairs import random_pair_cosine
from stsdemo.postprocess import parse_post
from stsdemo.results import record, split_data
from stsdemo.similarity import paired_cosine
from stsdemo.specs import load

SETS = {"stsb-zh:test": "zh", "lcqmc:test": "zh", "atec:test": "zh", "pawsx-zh:test": "zh", "stsb:test": "en"}
#: the other labelled Chinese pair sets of the data folder (AFQMC's and OPPO's test splits have no labels)
MORE_ZH = {"afqmc:dev": "zh", "qbqtc:test": "zh", "oppo:dev": "zh"}
POOLINGS = ["cls", "mean", "first-last-avg"]


def scores(vectors: np.ndarray, dataset, index: dict[str, int]) -> dict[str, float]:
    """Spearman x 100 of the pair cosines against the labels, plus ROC AUC x 100 on a 0/1 set."""
    a = vectors[[index[s] for s in dataset.sentences1]]
    b = vectors[[index[s] for s in dataset.sentences2]]
    cosine = paired_cosine(a, b)
    out = {"spearman": 100 * correlation_metrics(cosine, dataset.labels)["spearman"]}
    if dataset.kind == "binary":
        out["auc"] = 100 * matching_metrics(cosine, dataset.labels)["auc"]
    return out


def run(
    data_dir: str | None,
    limit: int | None,
    extra: dict[str, list[str]],
    poolings: list[str] = POOLINGS,
    posts: list[str] = ("whitening", "flow"),
    record_results: bool = True,
    benchmark: str = "chinese_sts",
    with_peers: bool = True,
) -> list[dict]:
    rows = []
    for spec, lang in SETS.items():
        dataset = load_pairs(spec, data_dir, limit if "stsb" not in spec else None)
        sentences = dataset.sentences()
        index = {s: i for i, s in enumerate(sentences)}
        occurrences = [index[s] for s in dataset.occurrences()]
        peers = ([f"tfidf-{lang}"], ["minilm"]) if with_peers else ([], [])
        specs = peers[0] + [f"mlm-mini-{lang}:{p}" for p in poolings if p] + extra.get(lang, []) + peers[1]
        for model_spec in specs:
            start = time.perf_counter()
            x = load(model_spec).encode(sentences, batch_size=128)
            seconds = time.perf_counter() - start
            measured = {"raw": scores(x, dataset, index)}
            if not model_spec.startswith("tfidf"):
                for post in posts:
                    fitted = parse_post(post, max_seconds=30).fit(x[occurrences])
                    measured[post] = scores(fitted.transform(x), dataset, index)
            row = {"data": spec, "n": len(dataset.labels), "model": model_spec}
            for post, figures in measured.items():
                row[post] = figures["spearman"]
                if "auc" in figures:
                    row[f"{post} auc"] = figures["auc"]
            if not model_spec.startswith("tfidf"):
                row["rand-cos"] = random_pair_cosine(x)
            row["s"] = seconds
            rows.append(row)
            print(json.dumps(row), flush=True)
            if record_results:
                _record(benchmark, spec, len(dataset.labels), model_spec, measured, row)
    return rows


def _record(benchmark: str, data: str, n: int, model: str, measured: dict[str, dict], row: dict) -> None:
    """Write one model's figures on one set to benchmarks/results.json (one result per post-processing)."""
    name, split = split_data(data)
    command = "python -m benchmarks.chinese_sts " + " ".join(sys.argv[1:])
    base = dict(benchmark=benchmark, set=name, split=split, model=model, n=n, command=command.strip())
    raw = {k: round(v, 2) for k, v in measured["raw"].items()} | {"seconds": round(row["s"], 1)}
    if "rand-cos" in row:
        raw["rand_cos"] = round(row["rand-cos"], 3)
    rows = [{**base, "post": "raw", "metrics": raw}]
    rows += [
        {**base, "post": p, "metrics": {k: round(v, 2) for k, v in m.items()}}
        for p, m in measured.items()
        if p != "raw"
    ]
    record(rows)


def table(rows: list[dict], posts: list[str]) -> str:
    """The run's rows as markdown: Spearman (ρ) per post-processing, plus AUC where a set is 0/1."""
    columns = [c for p in ["raw", *posts] for c in (p, f"{p} auc") if any(c in r for r in rows)]
    heads = [c.replace(" auc", " AUC") if c.endswith(" auc") else f"{c} ρ" for c in columns]
    out = ["| data | n | model | " + " | ".join(heads) + " | rand-cos | s |", "|" + "---|" * (5 + len(columns))]
    for r in rows:
        cells = " | ".join(f"{r[c]:.2f}" if c in r else "-" for c in columns)
        c = f"{r['rand-cos']:.3f}" if "rand-cos" in r else "-"
        out.append(f"| {r['data']} | {r['n']} | {r['model']} | {cells} | {c} | {r['s']:.1f} |")
    return "\n".join(out)


def by_set(rows: list[dict]) -> str:
    """Raw Spearman (and AUC on 0/1 sets) as one row per set and one column per model, with the mean
    Spearman over the sets: the table that picks a language's default encoder."""
    models = list(dict.fromkeys(r["model"] for r in rows))
    sets = list(dict.fromkeys(r["data"] for r in rows))
    cell = {(r["data"], r["model"]): r for r in rows}
    out = [
        "| data | pairs | " + " | ".join(models) + " | AUC " + " / ".join(models) + " |",
        "|---|---:|" + "---:|" * len(models) + "---|",
    ]
    for data in sets:
        found = [cell.get((data, m), {}) for m in models]
        spearman = " | ".join(f"{r['raw']:.2f}" if r else "-" for r in found)
        auc = " / ".join(f"{r['raw auc']:.2f}" for r in found if "raw auc" in r) or "-"
        out.append(f"| {data} | {next(r['n'] for r in found if r):,} | {spearman} | {auc} |")
    means = [np.mean([cell[d, m]["raw"] for d in sets if (d, m) in cell]) for m in models]
    out.append(f"| mean of the {len(sets)} | | " + " | ".join(f"{v:.2f}" for v in means) + " | |")
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
    parser.add_argument("--no-record", action="store_true", help="don't write benchmarks/results.json (smoke runs)")
    parser.add_argument(
        "--record-as",
        default="chinese_sts",
        help="benchmark name of the recorded rows: a run over other sets or sizes (e.g. every whole Chinese set, "
        "chinese_sets) must not replace the rows other tables render",
    )
    parser.add_argument(
        "--no-peers", action="store_true", help="skip TF-IDF and MiniLM (already recorded for these sets and sizes)"
    )
    args = parser.parse_args()
    SETS = {k: v for k, v in {**SETS, **MORE_ZH}.items() if k in args.sets.split(",")}
    posts = [p for p in args.post.split(",") if p]
    rows = run(
        args.data_dir,
        args.limit or None,
        {"zh": args.zh, "en": args.en},
        args.poolings.split(","),
        posts,
        not args.no_record,
        args.record_as,
        not args.no_peers,
    )
    print(table(rows, posts))
    print(by_set(rows))
