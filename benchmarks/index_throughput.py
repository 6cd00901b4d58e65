"""Wall-clock of ``stsdemo index --engine ray`` against a plain single-process encode loop, same rows,
same model, same run, at several corpus sizes; Ray's fixed cost and the size from which Ray pays.

The peer is the least any index builder must do: a fresh Python process that loads the encoder once
(all CPU threads in that one process) and ``encode``s the rows batch after batch, keeping nothing.
``stsdemo index --engine ray --no-ann`` (a fresh process too) does more (start a private Ray cluster,
an actor pool (one actor per CPU, one thread each, so both use every CPU), move the blocks through
the object store, one LanceDB commit per batch; no compaction or ANN index). Both are timed as whole
processes, start to exit, as a user would time them; ``ratio = plain seconds / ray seconds`` at the
same size (target >= 0.85). The plain process also reports its model load and its encode loop
apart, so the ratio against the bare loop is shown too.

From the smallest and the largest size, each engine's time is fitted as ``fixed + rows / rate``:
Ray's extra fixed cost is the difference of the two ``fixed`` terms, and the size from which the
ratio reaches 0.85 follows. Rows are a random sample (seed 0) of the corpus, so every size has the
same mix of sources and lengths. Each size appends a row to ``benchmarks/results.json``.

    python -m benchmarks.index_throughput --corpus corpora/zh.parquet \\
        --model sts-mini-zh@onnx-int8 --rows 2048 20000 100000
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from stsdemo.results import record  # noqa: E402

TARGET = 0.85
ROOT = Path(__file__).resolve().parent.parent


def plain_loop(corpus: str, spec: str, batch_size: int) -> dict:
    """Run in the plain process: load the encoder, encode every row batch after batch; seconds of each."""
    start = time.perf_counter()
    from stsdemo.corpus.index_build import read_rows
    from stsdemo.similarity import normalize
    from stsdemo.specs import load

    model = load(spec)
    texts = read_rows(corpus).texts
    loaded = time.perf_counter()
    for i in range(0, len(texts), batch_size):
        normalize(model.encode(texts[i : i + batch_size], cache=None))
    return {"load_s": loaded - start, "encode_s": time.perf_counter() - loaded, "rows": len(texts)}


def sample_corpus(path: Path, rows: int, folder: Path) -> Path:
    """``rows`` random rows (seed 0, file order kept) of a Parquet corpus as a file of their own."""
    import numpy as np
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    rows = min(rows, table.num_rows)
    keep = np.sort(np.random.default_rng(0).choice(table.num_rows, rows, replace=False))
    out = folder / f"{path.stem}-{rows}.parquet"
    pq.write_table(table.take(keep), out)
    return out


def timed_process(args: list[str]) -> tuple[float, str]:
    """Wall-clock seconds of a fresh ``python ARGS`` process from this repo, and its stdout."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:3])} failed:\n{done.stderr[-3000:]}")
    return seconds, done.stdout


def measure(corpus: Path, model: str, batch_size: int, scratch: Path) -> dict:
    """Both engines on one corpus file: seconds of each whole process and their parts."""
    worker = ["-m", "benchmarks.index_throughput", "--plain-worker", str(corpus), "--model", model]
    plain_s, out = timed_process([*worker, "--batch-size", str(batch_size)])
    plain = json.loads(out.strip().splitlines()[-1])
    index = scratch / f"index-{corpus.stem}"
    cli = ["-m", "stsdemo", "index", "--corpus", str(corpus), "--model", model, "--out", str(index)]
    ray_s, out = timed_process([*cli, "--engine", "ray", "--no-ann", "--batch-size", str(batch_size), "--json"])
    summary = json.loads(out.strip().splitlines()[-1])
    shutil.rmtree(index, ignore_errors=True)
    if summary["rows"] != plain["rows"]:
        raise RuntimeError(f"the index holds {summary['rows']:,} rows, the corpus {plain['rows']:,}")
    return {
        "rows": plain["rows"],
        "plain_s": round(plain_s, 2),
        "plain_load_s": round(plain["load_s"], 2),
        "plain_loop_s": round(plain["encode_s"], 2),
        "ray_s": round(ray_s, 2),
        "ray_encode_s": summary["seconds"],
        "ratio": round(plain_s / ray_s, 3),
        "ratio_to_bare_loop": round(plain["encode_s"] / ray_s, 3),
        "plain_rows_per_s": round(plain["rows"] / plain_s, 1),
        "ray_rows_per_s": round(plain["rows"] / ray_s, 1),
    }


def fit(small: dict, large: dict, key: str) -> tuple[float, float]:
    """``(fixed seconds, rows per second)`` of ``seconds = fixed + rows / rate`` through two sizes.

    >>> fit({"rows": 1000, "t": 12.0}, {"rows": 11000, "t": 32.0}, "t")
    (10.0, 500.0)
    """
    rate = (large["rows"] - small["rows"]) / (large[key] - small[key])
    return small[key] - small["rows"] / rate, rate


def break_even(plain: tuple[float, float], ray: tuple[float, float], target: float = TARGET) -> float | None:
    """Rows from which ``plain seconds / ray seconds >= target`` (``None``: never, Ray's rate is too low).

    >>> round(break_even((5.0, 500.0), (15.0, 500.0)))
    25833
    """
    (fp, rp), (fr, rr) = plain, ray
    per_row = 1 / rp - target / rr
    if per_row <= 0:
        return None
    return max(0.0, (target * fr - fp) / per_row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="a Parquet corpus (scripts/build_big_corpus.py)")
    parser.add_argument("--model", required=True)
    parser.add_argument("--rows", type=int, nargs="+", default=[2048, 20000, 100000], help="corpus sizes to time")
    parser.add_argument("--batch-size", type=int, default=1024)
    parser.add_argument("--plain-worker", metavar="FILE", help=argparse.SUPPRESS)  # the plain process itself
    args = parser.parse_args()
    if args.plain_worker:
        print(json.dumps(plain_loop(args.plain_worker, args.model, args.batch_size)))
        return
    if not args.corpus:
        parser.error("--corpus is required")
    cpus = os.cpu_count() or 1
    load_at_start = os.getloadavg()[0]
    command = (
        f"python -m benchmarks.index_throughput --corpus {args.corpus} --model {args.model} "
        f"--rows {' '.join(map(str, args.rows))} --batch-size {args.batch_size}"
    )
    print(f"{args.model}, batch {args.batch_size}, {cpus} CPUs, load average {load_at_start:.1f}", flush=True)
    print("| rows | plain s (load + loop) | ray s (check, start-up + encode) | ratio | ratio to bare loop |")
    print("|---:|---:|---:|---:|---:|")
    scratch = Path(tempfile.mkdtemp(prefix="index-throughput-"))
    measured = []
    try:
        for rows in sorted(args.rows):
            m = measure(sample_corpus(Path(args.corpus), rows, scratch), args.model, args.batch_size, scratch)
            measured.append(m)
            print(
                f"| {m['rows']:,} | {m['plain_s']:.1f} ({m['plain_load_s']:.1f} + {m['plain_loop_s']:.1f}) | "
                f"{m['ray_s']:.1f} ({m['ray_encode_s']:.1f}) | {m['ratio']:.3f} | "
                f"{m['ratio_to_bare_loop']:.3f} |",
                flush=True,
            )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    note = f"{cpus} CPUs; load average at start {load_at_start:.1f}"
    if len(measured) >= 2:
        plain, ray = fit(measured[0], measured[-1], "plain_s"), fit(measured[0], measured[-1], "ray_s")
        even = break_even(plain, ray)
        summary = (
            f"fixed cost: plain {plain[0]:.1f} s, ray {ray[0]:.1f} s (Ray's extra {ray[0] - plain[0]:.1f} s); "
            f"rate: plain {plain[1]:,.0f} rows/s, ray {ray[1]:,.0f} rows/s; ratio >= {TARGET} from "
            + ("never (Ray's rate is too low)" if even is None else f"{even:,.0f} rows")
        )
        print(summary)
        note += "; " + summary
        extra = {"ray_extra_fixed_s": round(ray[0] - plain[0], 2), "break_even_rows": even and round(even)}
        for m in measured:
            m |= extra
    record(
        {
            "benchmark": "index_throughput",
            "set": Path(args.corpus).stem,
            "split": str(m["rows"]),
            "model": args.model,
            "n": m["rows"],
            "command": command,
            "metrics": {**m, "cpus": cpus},
            "note": note,
        }
        for m in measured
    )


if __name__ == "__main__":
    main()
