"""Build (or resume, or extend) an on-disk corpus index: read rows, encode the missing ones, commit.

    build_index(["corpora/big.parquet"], "minilm", "indexes/big", engine="ray")

The work is cut into batches of ``batch_size`` consecutive row ids. Before encoding, the rows whose
ids the table already holds are dropped, so a run killed half-way and started again encodes only
what is missing; each batch is committed atomically (:meth:`IndexStore.append`), so none is stored
twice. ``engine="local"`` encodes in this process (small corpora, no Ray start-up);
``engine="ray"`` spreads the batches over an actor pool (:mod:`stsdemo.corpus.ray_engine`).
Both produce the same rows and vectors.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from stsdemo.corpus.index_store import IndexStore
from stsdemo.errors import UserError

ENGINES = ("local", "ray")
#: ``progress(done_rows, total_rows, phase)``: the true fraction of this run's rows committed.
Progress = Callable[[int, int, str], None]


@dataclass
class CorpusRows:
    texts: list[str]
    sources: list[str]


def read_rows(path: str | Path, text_column: str | None = None) -> CorpusRows:
    """Texts and their sources from a corpus file.

    Parquet (``scripts/build_big_corpus.py``): columns ``text`` and ``source`` (default: the file
    name); TXT / CSV / TSV / JSONL: :func:`stsdemo.corpus.reader.read_corpus`, source = file name.
    """
    path = Path(path)
    if not path.is_file():
        raise UserError(f"No corpus file {path.name!r}.")
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        column = text_column or "text"
        if column not in table.column_names:
            raise UserError(f"{path.name} has no column {column!r} (columns: {', '.join(table.column_names)}).")
        texts = [t or "" for t in table.column(column).to_pylist()]
        sources = table.column("source").to_pylist() if "source" in table.column_names else [path.name] * len(texts)
        keep = [i for i, t in enumerate(texts) if t.strip()]
        return CorpusRows([texts[i] for i in keep], [sources[i] for i in keep])
    from stsdemo.corpus.reader import read_corpus

    corpus = read_corpus(path, text_column=text_column)
    return CorpusRows(list(corpus.texts), [path.name] * len(corpus.texts))


def _blocks(ids: np.ndarray, rows: CorpusRows, first_id: int, batch_size: int) -> Iterator:
    """Pyarrow tables of at most ``batch_size`` pending rows (``id``, ``text``, ``source``)."""
    import pyarrow as pa

    for start in range(0, len(ids), batch_size):
        chunk = ids[start : start + batch_size]
        local = (chunk - first_id).tolist()
        yield pa.table(
            {
                "id": pa.array(chunk, pa.int64()),
                "text": pa.array([rows.texts[i] for i in local], pa.string()),
                "source": pa.array([rows.sources[i] for i in local], pa.string()),
            }
        )


def _encode_local(blocks: list, spec: str) -> Iterator:
    import pyarrow as pa

    from stsdemo.similarity import normalize
    from stsdemo.specs import load

    model = _bi_encoder(load(spec))
    for block in blocks:
        vectors = normalize(model.encode(block.column("text").to_pylist(), cache=None))
        flat = pa.array(np.ascontiguousarray(vectors, np.float32).ravel())
        yield block.append_column("vector", pa.FixedSizeListArray.from_arrays(flat, vectors.shape[1]))


@contextmanager
def _checked_engine(engine: str, model: str, ray_address: str | None) -> Iterator[int | None]:
    """Check that ``model`` loads as a bi-encoder; for ``ray``, also start (or join) the cluster and
    yield its CPU count.

    Both take seconds (the driver's import of the model libraries; the cluster's processes), so the
    check runs on a helper thread while the cluster starts (Ray installs signal handlers, so its start
    must stay on the main thread): part of Ray's fixed cost hidden behind work the driver does anyway.
    """
    from stsdemo.specs import load

    if engine == "local":
        _bi_encoder(load(model))
        yield None
        return
    from stsdemo.corpus.ray_engine import ray_cluster

    with ThreadPoolExecutor(1, thread_name_prefix="check-model") as pool:
        checked = pool.submit(lambda: _bi_encoder(load(model)))
        with ray_cluster(ray_address) as cpus:
            checked.result()
            yield cpus


def _bi_encoder(model):
    from stsdemo.encoders.base import Encoder

    if not isinstance(model, Encoder):
        raise UserError(f"{model.id} is a cross-encoder: an index needs a bi-encoder (sentence vectors).")
    return model


def _tqdm_progress() -> Progress:
    from tqdm import tqdm

    bar = None

    def show(done: int, total: int, phase: str) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, desc=phase, unit="row", file=sys.stderr)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return show


def build_index(
    files: list[str | Path],
    model: str,
    out: str | Path,
    *,
    engine: str = "local",
    batch_size: int = 1024,
    ray_address: str | None = None,
    actors: int | None = None,
    text_column: str | None = None,
    progress: Progress | None = None,
    build_ann: bool = True,
    projection: int = 0,
) -> dict:
    """Add ``files`` to the index at ``out`` (created if new); returns a summary dict.

    ``progress(done, total, phase)`` is called after every committed batch (default: a tqdm bar on
    stderr). ``projection``: also store a 2-D map of that many rows (:mod:`stsdemo.corpus.index_projection`).
    Raises :class:`UserError` for bad input (unknown engine, model mismatch, missing file).
    """
    if engine not in ENGINES:
        raise UserError(f"Unknown engine {engine!r}; choose one of {', '.join(ENGINES)}.")
    if batch_size < 1:
        raise UserError("--batch-size must be at least 1.")
    given = progress
    progress = progress or _tqdm_progress()
    start = time.perf_counter()
    # a bad spec fails before anything is written; Ray's cluster starts meanwhile and stops on errors
    with _checked_engine(engine, model, ray_address) as cpus:
        store = IndexStore(out, model)
        pending = []
        for path in files:
            rows = read_rows(path, text_column)
            entry = store.register(path, len(rows.texts))
            all_ids = np.arange(entry.first_id, entry.first_id + entry.rows, dtype=np.int64)
            todo = np.setdiff1d(all_ids, store.done_ids(entry.first_id, entry.rows), assume_unique=True)
            pending += list(_blocks(todo, rows, entry.first_id, batch_size))
        total = sum(b.num_rows for b in pending)
        resumed = store.count()
        done = 0
        phase = f"encode {model} ({engine})"
        progress(0, total, phase)
        if pending:
            if engine == "local":
                done = _commit(store, _encode_local(pending, model), progress, total, phase)
            else:
                from stsdemo.corpus.ray_engine import encode_blocks

                n = actors or cpus
                phase = f"encode {model} (ray, {n} actors)"
                done = _commit(store, encode_blocks(pending, model, n), progress, total, phase)
    seconds = time.perf_counter() - start
    finish_start = time.perf_counter()
    ann = store.finish() if build_ann else None
    finish_seconds = time.perf_counter() - finish_start
    mapped = 0
    if projection:
        from stsdemo.corpus.index_projection import build_projection

        mapped = build_projection(store, projection, progress=given or _tqdm_progress())
    return {
        "index": str(out),
        "model": model,
        "engine": engine,
        "rows": store.count(),
        "already_there": resumed,
        "encoded": done,
        "seconds": round(seconds, 2),
        "rows_per_s": round(done / seconds, 1) if done and seconds else None,
        "finish_seconds": round(finish_seconds, 2),
        "ann": ann,
        "projection": mapped,
    }


def _commit(store: IndexStore, encoded: Iterator, progress: Progress, total: int, phase: str) -> int:
    done = 0
    for block in encoded:
        vectors = np.asarray(block.column("vector").combine_chunks().flatten().to_numpy(), np.float32)
        vectors = vectors.reshape(block.num_rows, -1)
        store.append(
            block.column("id").to_numpy(), block.column("text").to_pylist(), block.column("source").to_pylist(), vectors
        )
        done += block.num_rows
        progress(done, total, phase)
    return done
