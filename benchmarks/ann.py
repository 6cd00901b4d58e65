"""Approximate nearest-neighbour search on real sentence embeddings: recall@10 against exact search,
p50/p95 ms per query, build seconds and bytes per vector, at 100k vectors and at the whole corpus.

Vectors: a built index (``stsdemo index``, e.g. ``indexes/big-zh``: the 549k Chinese sentences of
``corpora/zh.parquet`` under ``sts-mini-zh@onnx-int8``) - the index folder is the on-disk cache, so a
rerun encodes nothing. Queries: ``--queries`` sentences drawn (seed 0) from the corpus rows marked
``in_test`` (they occur in some evaluation set's test split), and **left out of the searched set**, so
no query finds itself. Every method answers the same queries one at a time, as the app and the CLI
do; recall@10 = share of exact search's top 10 returned. Exact numpy search (``Q Xᵀ`` +
``argpartition``, :class:`stsdemo.corpus.search.VectorIndex`) is the baseline in the same run.

Methods: FAISS HNSW (efSearch sweep), FAISS IVF-PQ (nprobe sweep, with and without exact rescoring of
the candidates), LanceDB's IVF_PQ and IVF_HNSW_SQ indexes (nprobes sweep; the latter is what
``stsdemo index`` builds), and int8 (FAISS SQ8) / binary codes whose candidates are rescored with the
float vectors, next to the app's :class:`stsdemo.corpus.quantized.QuantizedIndex` (rescores with
the decoded codes, keeps no floats). Bytes per vector = what the index holds: the serialized index
(FAISS; + the float vectors where they rescore in memory), the index files (LanceDB; its table also
keeps the float vectors it refines with) or the codes (quantised rows; the float rows they rescore
with can stay on disk, memory-mapped).

    python -m benchmarks.ann --index indexes/big-zh --corpus corpora/zh.parquet \\
        --sizes 100000 0 [--queries 300]

``--sizes 0`` means every row. Rows go to ``benchmarks/results.json`` (benchmark ``ann``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import faiss  # noqa: E402
import numpy as np  # noqa: E402

from stsdemo.corpus.quantized import QuantizedIndex, recall_at_k  # noqa: E402
from stsdemo.corpus.search import VectorIndex  # noqa: E402
from stsdemo.results import record  # noqa: E402

K = 10


def load_space(index: Path, corpus: Path) -> tuple[np.ndarray, np.ndarray, str]:
    """All vectors of a built index, whether each row's text is in a test split, and the model."""
    import pyarrow.parquet as pq

    from stsdemo.corpus.index_store import IndexStore

    store = IndexStore(index)
    table = store.table().to_arrow().select(["id", "text", "vector"]).sort_by("id")
    dim = store.manifest["dim"]
    vectors = table.column("vector").combine_chunks().flatten().to_numpy().reshape(-1, dim).astype(np.float32)
    in_test = dict(zip(*pq.read_table(corpus, columns=["text", "in_test"]).to_pydict().values(), strict=True))
    flags = np.array([in_test.get(t, False) for t in table.column("text").to_pylist()])
    return vectors, flags, store.model


def timed(search: Callable[[np.ndarray], np.ndarray], queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Ids found ``(m, K)`` and milliseconds of each single query (after 3 untimed warm-up queries)."""
    for q in queries[:3]:
        search(q)
    found, ms = [], []
    for q in queries:
        start = time.perf_counter()
        ids = search(q)
        ms.append((time.perf_counter() - start) * 1000)
        found.append(np.pad(np.asarray(ids)[:K], (0, K - min(K, len(ids))), constant_values=-1))
    return np.array(found), np.array(ms)


def serialized_bytes(index: faiss.Index) -> int:
    return int(faiss.serialize_index(index).nbytes)


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


class Bench:
    """Rows of one (space, size): every method against the exact baseline on the same queries."""

    def __init__(self, space: str, x: np.ndarray, queries: np.ndarray, model: str, command: str) -> None:
        self.space, self.x, self.queries, self.model, self.command = space, x, queries, model, command
        self.rows: list[dict] = []
        self.truth: np.ndarray | None = None

    def add(self, method: str, build_s: float, nbytes: int, search: Callable[[np.ndarray], np.ndarray]) -> None:
        found, ms = timed(search, self.queries)
        if self.truth is None:
            self.truth = found
        row = {
            "method": method,
            "recall@10": recall_at_k(self.truth, found),
            "p50_ms": float(np.percentile(ms, 50)),
            "p95_ms": float(np.percentile(ms, 95)),
            "build_s": build_s,
            "bytes_per_vector": nbytes / len(self.x),
        }
        self.rows.append(row)
        print(
            f"| {len(self.x):>9,} | {method:<44} | {row['recall@10']:.3f} | {row['p50_ms']:8.2f} | "
            f"{row['p95_ms']:8.2f} | {build_s:8.1f} | {row['bytes_per_vector']:7.0f} |",
            flush=True,
        )

    def results(self) -> list[dict]:
        return [
            {
                "benchmark": "ann",
                "set": self.space,
                "split": str(len(self.x)),
                "model": r["method"],
                "n": len(self.x),
                "command": self.command,
                "metrics": {
                    "recall_at_10": round(r["recall@10"], 4),
                    "p50_ms": round(r["p50_ms"], 3),
                    "p95_ms": round(r["p95_ms"], 3),
                    "build_s": round(r["build_s"], 2),
                    "bytes_per_vector": round(r["bytes_per_vector"], 1),
                    "queries": len(self.queries),
                },
                "note": f"vectors: {self.model}; queries: held-out in_test sentences",
            }
            for r in self.rows
        ]


def run_faiss(b: Bench, ef_sweep: list[int], nprobe_sweep: list[int]) -> None:
    x, d = b.x, b.x.shape[1]
    start = time.perf_counter()
    hnsw = faiss.IndexHNSWFlat(d, 32, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efConstruction = 64
    hnsw.add(x)
    build = time.perf_counter() - start
    size = serialized_bytes(hnsw)
    for ef in ef_sweep:
        hnsw.hnsw.efSearch = ef
        b.add(f"faiss HNSW32 efSearch={ef}", build, size, lambda q: hnsw.search(q[None], K)[1][0])

    nlist = int(4 * np.sqrt(len(x)))
    m = d // 8  # 8 dimensions per 1-byte code
    start = time.perf_counter()
    ivfpq = faiss.IndexIVFPQ(faiss.IndexFlatIP(d), d, nlist, m, 8, faiss.METRIC_INNER_PRODUCT)
    sample = x[np.random.default_rng(1).choice(len(x), min(len(x), 50 * nlist), replace=False)]
    ivfpq.train(sample)
    ivfpq.add(x)
    build = time.perf_counter() - start
    size = serialized_bytes(ivfpq)
    for nprobe in nprobe_sweep:
        ivfpq.nprobe = nprobe
        b.add(f"faiss IVF{nlist},PQ{m} nprobe={nprobe}", build, size, lambda q: ivfpq.search(q[None], K)[1][0])
    start = time.perf_counter()
    refine = faiss.IndexRefineFlat(ivfpq, faiss.swig_ptr(x))  # rescoring keeps the float vectors
    build += time.perf_counter() - start
    refine.k_factor = 10
    size += x.nbytes
    for nprobe in nprobe_sweep:
        ivfpq.nprobe = nprobe
        b.add(
            f"faiss IVF{nlist},PQ{m} nprobe={nprobe} +rescore 10k",
            build,
            size,
            lambda q: refine.search(q[None], K)[1][0],
        )


def run_lancedb(b: Bench, nprobe_sweep: list[int], scratch: Path) -> None:
    import lancedb
    import pyarrow as pa

    x, d = b.x, b.x.shape[1]
    n = len(x)
    for kind, partitions in (("IVF_PQ", int(np.sqrt(n))), ("IVF_HNSW_SQ", max(1, int(np.sqrt(n) / 4)))):
        folder = scratch / kind
        db = lancedb.connect(str(folder))
        data = pa.table(
            {
                "id": pa.array(np.arange(n), pa.int64()),
                "vector": pa.FixedSizeListArray.from_arrays(pa.array(x.ravel()), d),
            }
        )
        table = db.create_table("t", data=data)
        before = folder_bytes(folder)
        start = time.perf_counter()
        options = {"num_sub_vectors": d // 8} if kind == "IVF_PQ" else {}
        table.create_index(metric="dot", index_type=kind, num_partitions=partitions, **options)
        build = time.perf_counter() - start
        size = folder_bytes(folder) - before
        for nprobes in nprobe_sweep:
            for refine in (None, 5):

                def search(q, table=table, nprobes=nprobes, refine=refine):
                    query = table.search(q).distance_type("dot").limit(K).nprobes(nprobes)
                    if refine:
                        query = query.refine_factor(refine)
                    return query.select(["id", "_distance"]).to_arrow().column("id").to_numpy()

                label = f"lancedb {kind} p={partitions} nprobes={nprobes}" + (f" +refine {refine}" if refine else "")
                b.add(label, build, size, search)
        shutil.rmtree(folder, ignore_errors=True)


def rescored(candidates: Callable[[np.ndarray, int], np.ndarray], x: np.ndarray, n: int):
    """Search = ``n`` candidates from the codes, then exact cosines of the float rows of those candidates
    (sentence-transformers' rescoring; the float vectors can stay on disk, memory-mapped)."""

    def search(q: np.ndarray) -> np.ndarray:
        ids = candidates(q, n)
        ids = ids[ids >= 0]
        return ids[np.argsort(-(x[ids] @ q), kind="stable")[:K]]

    return search


def run_quantized(b: Bench) -> None:
    import sentence_transformers.util.quantization  # noqa: F401  (imported before any build is timed)

    x, d = b.x, b.x.shape[1]
    start = time.perf_counter()
    sq8 = faiss.IndexScalarQuantizer(d, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT)
    sq8.train(x)
    sq8.add(x)
    build = time.perf_counter() - start
    size = len(x) * sq8.code_size
    b.add("int8 codes (faiss SQ8), no rescore", build, size, lambda q: sq8.search(q[None], K)[1][0])
    b.add(
        "int8 codes (faiss SQ8) + float rescore 4k",
        build,
        size,
        rescored(lambda q, n: sq8.search(q[None], n)[1][0], x, 4 * K),
    )
    start = time.perf_counter()
    bits = faiss.IndexBinaryFlat(d)
    bits.add(np.packbits(x > 0, axis=1))
    build = time.perf_counter() - start
    for multiplier in (10, 40):
        b.add(
            f"binary codes + float rescore {multiplier}k",
            build,
            len(x) * d // 8,
            rescored(lambda q, n: bits.search(np.packbits(q > 0)[None], n)[1][0], x, multiplier * K),
        )
    for precision, multiplier in (("int8", 4), ("binary", 10)):
        start = time.perf_counter()
        index = QuantizedIndex(x, precision, rescore_multiplier=multiplier)
        build = time.perf_counter() - start
        b.add(
            f"{precision} QuantizedIndex (app), rescore {multiplier}k decoded",
            build,
            index.nbytes,
            lambda q, index=index: index.search(q[None], K)[1][0],
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True, help="a folder built by `stsdemo index`")
    parser.add_argument("--corpus", required=True, help="its Parquet corpus (for the in_test column)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 0], help="0 = every row")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--ef", type=int, nargs="+", default=[16, 32, 64, 128])
    parser.add_argument("--nprobe", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--lance-nprobes", type=int, nargs="+", default=[10, 20])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--skip", nargs="*", default=[], choices=["faiss", "lancedb", "quantized"])
    args = parser.parse_args()
    faiss.omp_set_num_threads(args.threads)
    command = "python -m benchmarks.ann " + " ".join(
        f"--{k.replace('_', '-')} {' '.join(map(str, v)) if isinstance(v, list) else v}"
        for k, v in vars(args).items()
        if v not in (None, [], False)
    )
    vectors, in_test, model = load_space(Path(args.index), Path(args.corpus))
    space = Path(args.index).name
    rng = np.random.default_rng(0)
    query_ids = rng.choice(np.flatnonzero(in_test), args.queries, replace=False)
    rest = np.setdiff1d(np.arange(len(vectors)), query_ids)
    queries = vectors[query_ids]
    print(
        f"{space}: {len(vectors):,} vectors of {model} ({vectors.shape[1]}-d); {len(queries)} held-out in_test "
        f"queries, one at a time; faiss {faiss.__version__}, {args.threads} threads; load {os.getloadavg()[0]:.1f}\n"
    )
    print(f"| {'n':>9} | {'method':<44} | recall@10 | p50 ms | p95 ms | build s | B/vec |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    scratch = Path(tempfile.mkdtemp(prefix="ann-"))
    try:
        for size in args.sizes:
            ids = rest if size <= 0 or size >= len(rest) else np.sort(rng.choice(rest, size, replace=False))
            x = np.ascontiguousarray(vectors[ids])
            b = Bench(space, x, queries, model, command)
            start = time.perf_counter()
            exact = VectorIndex(x, "exact")
            build = time.perf_counter() - start
            b.add("exact numpy (baseline)", build, x.nbytes, lambda q, exact=exact: exact.search(q[None], K)[1][0])
            if "faiss" not in args.skip:
                run_faiss(b, args.ef, args.nprobe)
            if "lancedb" not in args.skip:
                run_lancedb(b, args.lance_nprobes, scratch)
            if "quantized" not in args.skip:
                run_quantized(b)
            record(b.results())
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
