"""Warm query time of a built index the way the Corpus tab and ``search --index`` run it: encode the
query with the index's model, then one LanceDB search (:func:`stsdemo.corpus.index_search.search_index`).

Queries: ``--queries`` texts drawn (seed 0) from the index's own rows (the text is what matters for
the time, not whether it is held out). Three untimed queries warm the model and the table first;
reranking is off (its cost is the cross-encoder's, measured in the speed benchmarks).

    python -m benchmarks.index_query --index indexes/big-zh [--queries 100]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402

from stsdemo.corpus.index_search import open_index, search_index  # noqa: E402
from stsdemo.results import record  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--k", type=int, default=10)
    args = parser.parse_args()
    store = open_index(args.index)
    texts = store.table().search().select(["text"]).limit(20_000).to_arrow().column("text").to_pylist()
    rng = np.random.default_rng(0)
    queries = [texts[i] for i in rng.choice(len(texts), args.queries + 3, replace=False)]
    for query in queries[:3]:
        search_index(args.index, query, args.k)
    ms = []
    for query in queries[3:]:
        start = time.perf_counter()
        search_index(args.index, query, args.k)
        ms.append((time.perf_counter() - start) * 1000)
    p50, p95 = np.percentile(ms, [50, 95])
    rows, ann = store.count(), store.manifest.get("ann") or "flat scan"
    name = Path(args.index).name
    print(f"{name}: {rows:,} rows, {store.model}, {ann}: warm query p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    record(
        [
            {
                "benchmark": "index_query",
                "set": Path(args.index).name,
                "split": str(rows),
                "model": store.model,
                "n": args.queries,
                "command": f"python -m benchmarks.index_query --index {args.index} --queries {args.queries}",
                "metrics": {"p50_ms": round(float(p50), 2), "p95_ms": round(float(p95), 2), "rows": rows},
                "note": f"{ann}; load average {os.getloadavg()[0]:.1f}",
            }
        ]
    )


if __name__ == "__main__":
    main()
