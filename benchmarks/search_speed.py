"""Exact vs approximate top-10 search on random 384-d unit vectors (the size of MiniLM's vectors).

For each corpus size it times building the index and one query at a time, and measures recall@10
of each index against exact search (|approx top-10 ∩ exact top-10| / 10, averaged over queries).
Queries are corpus vectors plus noise, so each has a true near neighbour, as a real query has.
Random data is the hard case for graph/cluster indexes (no structure), so recall here is a floor.

    nice -n 10 python -m benchmarks.search_speed --sizes 10000 100000 1000000
"""

from __future__ import annotations

import argparse
import time

import faiss
import numpy as np

from stsdemo.corpus.search import VectorIndex

D = 384
K = 10


def unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def ivf(x: np.ndarray) -> faiss.Index:
    nlist = int(4 * np.sqrt(len(x)))
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(D), D, nlist, faiss.METRIC_INNER_PRODUCT)
    sample = x[np.random.default_rng(1).choice(len(x), min(len(x), 64 * nlist), replace=False)]
    index.train(sample)
    index.add(x)
    index.nprobe = 16
    return index


def timed_queries(search, queries: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean milliseconds per single query, and the ids found ``(m, K)``."""
    found = []
    start = time.perf_counter()
    for q in queries:
        found.append(search(q))
    return (time.perf_counter() - start) / len(queries) * 1000, np.array(found)


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([len(set(a) & set(b)) / K for a, b in zip(found, truth, strict=True)]))


def run(n: int, n_queries: int, hnsw_max: int, seed: int = 0) -> list[dict]:
    rng = np.random.default_rng(seed)
    x = unit(rng.standard_normal((n, D), dtype=np.float32))
    queries = unit(x[rng.choice(n, n_queries, replace=False)] + 0.7 * unit(rng.standard_normal((n_queries, D))))
    rows = []

    start = time.perf_counter()
    exact = VectorIndex(x, "exact")
    build = time.perf_counter() - start
    ms, truth = timed_queries(lambda q: exact.search(q[None], K)[1][0], queries)
    rows.append(
        {"n": n, "method": "exact: numpy matmul+argpartition", "build_s": build, "query_ms": ms, "recall@10": 1.0}
    )

    start = time.perf_counter()
    flat = faiss.IndexFlatIP(D)
    flat.add(x)
    build = time.perf_counter() - start
    ms, found = timed_queries(lambda q: flat.search(q[None], K)[1][0], queries)
    rows.append(
        {
            "n": n,
            "method": "faiss IndexFlatIP (exact)",
            "build_s": build,
            "query_ms": ms,
            "recall@10": recall(found, truth),
        }
    )

    if n <= hnsw_max:
        start = time.perf_counter()
        hnsw = VectorIndex(x, "hnsw")
        build = time.perf_counter() - start
        ms, found = timed_queries(lambda q: hnsw.search(q[None], K)[1][0], queries)
        rows.append(
            {
                "n": n,
                "method": "hnsw: faiss HNSW32 efSearch=128",
                "build_s": build,
                "query_ms": ms,
                "recall@10": recall(found, truth),
            }
        )

    start = time.perf_counter()
    index = ivf(x)
    build = time.perf_counter() - start
    ms, found = timed_queries(lambda q: index.search(q[None], K)[1][0], queries)
    rows.append(
        {
            "n": n,
            "method": f"faiss IVFFlat nlist={index.nlist} nprobe=16",
            "build_s": build,
            "query_ms": ms,
            "recall@10": recall(found, truth),
        }
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--hnsw-max", type=int, default=200_000, help="skip HNSW (minutes to build) above this n")
    args = parser.parse_args()
    faiss.omp_set_num_threads(args.threads)
    print(f"faiss {faiss.__version__}, {args.threads} threads, d={D}, k={K}, {args.queries} queries one at a time\n")
    print(f"| {'n':>9} | {'method':<36} | {'build s':>8} | {'query ms':>9} | {'vs exact':>8} | recall@10 |")
    print(f"|{'-' * 11}|{'-' * 38}|{'-' * 10}|{'-' * 11}|{'-' * 10}|-----------|")
    for n in args.sizes:
        rows = run(n, args.queries, args.hnsw_max)
        base = rows[0]["query_ms"]
        for r in rows:
            print(
                f"| {r['n']:>9,} | {r['method']:<36} | {r['build_s']:>8.2f} | {r['query_ms']:>9.3f} "
                f"| {base / r['query_ms']:>7.2f}x | {r['recall@10']:>9.3f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
