"""Rows/s of ``stsdemo index --engine ray`` against a plain single-process encode loop, same rows, same model.

The peer is the least any index builder must do: load the encoder once in this process (all CPU
threads) and ``encode`` the rows batch after batch, keeping nothing. ``stsdemo index`` does more (Ray
start-up, actor pool, moving blocks through the object store, one LanceDB commit per batch, the final
compaction), so ``ratio = index rows/s / plain rows/s`` is Ray's and the store's overhead (target
>= 0.85). Both times are wall-clock of the whole call; the index's compaction and ANN build
(``finish``) are timed separately. Each run appends its rows to ``benchmarks/results.json``.

    python -m benchmarks.index_throughput --corpus corpora/en.parquet \\
        --model minilm@onnx-int8 --out indexes/big-en [--rows N] [--no-plain]

``--out`` keeps the built index (the benchmark vectors of ``benchmarks/ann.py`` and the Corpus tab
read it); an existing folder there is removed first, so the whole corpus is encoded.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from stsdemo.corpus.index_build import build_index, read_rows  # noqa: E402
from stsdemo.results import record  # noqa: E402


def plain_loop(texts: list[str], spec: str, batch_size: int) -> float:
    """Seconds to encode ``texts`` in this process, batch after batch (model load excluded)."""
    from stsdemo.similarity import normalize
    from stsdemo.specs import load

    model = load(spec)
    model.encode(texts[:64], cache=None)  # first call allocates
    start = time.perf_counter()
    for i in range(0, len(texts), batch_size):
        normalize(model.encode(texts[i : i + batch_size], cache=None))
    return time.perf_counter() - start


def slice_corpus(path: Path, rows: int | None, folder: Path) -> Path:
    """The first ``rows`` rows of a Parquet corpus as a file of their own (the whole file when ``None``)."""
    if rows is None:
        return path
    import pyarrow.parquet as pq

    out = folder / f"{path.stem}-{rows}.parquet"
    pq.write_table(pq.read_table(path).slice(0, rows), out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--rows", type=int, default=None, help="first N rows only (default: the whole file)")
    parser.add_argument("--batch-size", type=int, default=1024)
    parser.add_argument("--out", default=None, help="keep the ray-built index here (replaced if it exists)")
    parser.add_argument("--no-plain", action="store_true", help="skip the plain loop (ratio not measured)")
    args = parser.parse_args()

    load_at_start = os.getloadavg()[0]
    scratch = Path(tempfile.mkdtemp(prefix="index-throughput-"))
    try:
        corpus = slice_corpus(Path(args.corpus), args.rows, scratch)
        n = len(read_rows(corpus).texts)
        cpus = os.cpu_count() or 1
        print(f"{n:,} rows of {Path(args.corpus).name}, {args.model}, batch {args.batch_size}, {cpus} CPUs", flush=True)
        plain_s = None
        if not args.no_plain:
            plain_s = plain_loop(read_rows(corpus).texts, args.model, args.batch_size)
            print(f"plain single-process loop: {plain_s:.1f} s, {n / plain_s:,.0f} rows/s", flush=True)
        out = Path(args.out) if args.out else scratch / "index"
        if out.exists():
            shutil.rmtree(out)
        start = time.perf_counter()
        summary = build_index([corpus], args.model, out, engine="ray", batch_size=args.batch_size, build_ann=False)
        encode_s = time.perf_counter() - start
        from stsdemo.corpus.index_store import IndexStore

        start = time.perf_counter()
        ann = IndexStore(out).finish()
        finish_s = time.perf_counter() - start
        if summary["rows"] != n:
            raise RuntimeError(f"the index holds {summary['rows']:,} rows, the corpus {n:,}")
        ratio = None if plain_s is None else plain_s / encode_s
        print(
            f"stsdemo index --engine ray: {encode_s:.1f} s, {n / encode_s:,.0f} rows/s (Ray start-up and every "
            f"commit included); compaction + ANN ({ann or 'none'}) {finish_s:.1f} s; total {encode_s + finish_s:.1f} s"
            + ("" if ratio is None else f"; ratio to the plain loop {ratio:.3f}"),
            flush=True,
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    command = "python -m benchmarks.index_throughput " + " ".join(
        f"--{k.replace('_', '-')} {v}" for k, v in vars(args).items() if v not in (None, False)
    )
    metrics = {
        "rows": n,
        "cpus": cpus,
        "ray_s": round(encode_s, 2),
        "ray_rows_per_s": round(n / encode_s, 1),
        "finish_s": round(finish_s, 2),
        "total_s": round(encode_s + finish_s, 2),
        "ray_rows_per_cpu_s": round(n / encode_s / cpus, 1),
    }
    if plain_s is not None:
        metrics |= {"plain_s": round(plain_s, 2), "plain_rows_per_s": round(n / plain_s, 1), "ratio": round(ratio, 3)}
    record(
        [
            {
                "benchmark": "index_throughput",
                "set": Path(args.corpus).stem,
                "split": str(n),
                "model": args.model,
                "n": n,
                "command": command,
                "metrics": metrics,
                "note": f"ANN index: {ann or 'none'}; load average at start {load_at_start:.1f}",
            }
        ]
    )


if __name__ == "__main__":
    main()
