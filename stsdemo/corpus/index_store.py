"""A built corpus index on disk: a LanceDB table of (id, text, source, vector) plus a small manifest.

Why LanceDB: it is an *embedded* vector database (a folder of Lance files, no server), appends are
atomic commits (a new table version appears whole or not at all), and it offers ANN indexes
(IVF-PQ, IVF-HNSW-SQ ...) next to exact flat scans. Those atomic appends are what makes
``stsdemo index`` resumable: every encoded batch is committed with its row ids, and a restarted run
encodes only the ids the table does not hold yet, so no finished batch is lost and none is stored
twice.

Layout of ``indexes/NAME/``::

    index.json        {"model": SPEC, "dim": D, "files": [{"name", "sha256", "rows", "first_id"}], ...}
    corpus.lance/     the LanceDB table "corpus"
    projection.lance/ optional: (id, x, y, text, source) of up to 100k rows (``--projection N``)

Row ids are global: a file's row ``r`` is ``first_id + r``; appending a second file gives it the
next free range. Vectors are unit length, so LanceDB's ``dot`` distance is ``1 - cosine``.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from stsdemo.errors import UserError

MANIFEST = "index.json"
TABLE = "corpus"
#: the 2-D map of the corpus (``stsdemo.corpus.index_projection``), a second table of the database
PROJECTION = "projection"
#: From this many rows on, ``finish`` builds an ANN index (below it a flat scan is fast enough:
#: see the LanceDB rows of ``benchmarks/ann.py`` in ``benchmarks/RESULTS.md``).
ANN_MIN_ROWS = 100_000


@dataclass
class CorpusFile:
    """One corpus file added to an index: its content hash, row count and first global row id."""

    name: str
    sha256: str
    rows: int
    first_id: int


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def is_index(folder: str | Path) -> bool:
    """Whether ``folder`` holds a built (or partly built) index."""
    return (Path(folder) / MANIFEST).is_file()


class IndexStore:
    """Open or create ``folder``; ``model`` is the encoder spec every vector of the table comes from."""

    def __init__(self, folder: str | Path, model: str | None = None) -> None:
        self.folder = Path(folder)
        manifest = self.folder / MANIFEST
        if manifest.is_file():
            self.manifest = json.loads(manifest.read_text(encoding="utf-8"))
            if model is not None and self.manifest["model"] != model:
                raise UserError(
                    f"{self.folder.name} was built with --model {self.manifest['model']}; "
                    f"adding {model} vectors would mix two spaces. Use another --out."
                )
        elif model is None:
            raise UserError(f"No index at {self.folder.name!r}: build one with `python -m stsdemo index`.")
        else:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.manifest = {"model": model, "dim": None, "files": [], "ann": None}
            self._save()
        self._db = None
        self._table = None

    # ---------------------------------------------------------------- manifest

    @property
    def model(self) -> str:
        return self.manifest["model"]

    @property
    def files(self) -> list[CorpusFile]:
        return [CorpusFile(**f) for f in self.manifest["files"]]

    def _save(self) -> None:
        tmp = self.folder / (MANIFEST + ".tmp")
        tmp.write_text(json.dumps(self.manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(tmp, self.folder / MANIFEST)  # atomic: a crash leaves the old or the new manifest

    def register(self, path: str | Path, rows: int) -> CorpusFile:
        """The id range of a corpus file: the one recorded before when it is the same content (a resumed
        run), otherwise the next free range."""
        sha = file_sha256(path)
        for known in self.files:
            if known.sha256 == sha:
                return known
        first = sum(f.rows for f in self.files)
        entry = CorpusFile(Path(path).name, sha, rows, first)
        self.manifest["files"].append(asdict(entry))
        self._save()
        return entry

    # ---------------------------------------------------------------- table

    def _connect(self):
        if self._db is None:
            import lancedb

            self._db = lancedb.connect(str(self.folder))
        return self._db

    def table(self):
        """The LanceDB table, or ``None`` before the first commit."""
        if self._table is None:
            db = self._connect()
            if TABLE in db.list_tables().tables:
                self._table = db.open_table(TABLE)
        return self._table

    def count(self) -> int:
        table = self.table()
        return 0 if table is None else table.count_rows()

    def done_ids(self, first: int, rows: int) -> np.ndarray:
        """Row ids in ``[first, first + rows)`` already committed (sorted)."""
        table = self.table()
        if table is None:
            return np.zeros(0, np.int64)
        found = table.search().where(f"id >= {first} AND id < {first + rows}").select(["id"]).limit(None).to_arrow()
        return np.sort(found.column("id").to_numpy())

    def append(self, ids: np.ndarray, texts: list[str], sources: list[str], vectors: np.ndarray) -> None:
        """Commit one batch atomically (one new table version)."""
        import pyarrow as pa

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dim = vectors.shape[1]
        if self.manifest["dim"] is None:
            self.manifest["dim"] = dim
            self._save()
        elif self.manifest["dim"] != dim:
            raise UserError(f"{self.folder.name} holds {self.manifest['dim']}-d vectors; got {dim}-d.")
        batch = pa.table(
            {
                "id": pa.array(ids, pa.int64()),
                "text": pa.array(texts, pa.string()),
                "source": pa.array(sources, pa.string()),
                "vector": pa.FixedSizeListArray.from_arrays(pa.array(vectors.ravel()), dim),
            }
        )
        table = self.table()
        if table is None:
            self._table = self._connect().create_table(TABLE, data=batch)
        else:
            table.add(batch)

    def finish(self, min_rows: int = ANN_MIN_ROWS) -> str | None:
        """Compact the per-batch fragments and, from ``min_rows`` rows on, build an ANN index.

        Returns the index type built (``None``: the table is searched by a flat scan).
        """
        table = self.table()
        if table is None:
            return None
        table.optimize()
        n = table.count_rows()
        kind = None
        if n >= min_rows:
            kind = "IVF_HNSW_SQ"
            table.create_index(metric="dot", index_type=kind, num_partitions=max(1, int(np.sqrt(n) / 4)))
        self.manifest["ann"] = kind
        self.manifest["rows"] = n
        self._save()
        return kind

    def save_projection(self, ids, coords: np.ndarray, texts, sources) -> None:
        """Replace the stored 2-D map with ``coords`` ``(n, 2)`` of the rows ``ids``."""
        import pyarrow as pa

        data = pa.table(
            {
                "id": pa.array(ids, pa.int64()),
                "x": pa.array(coords[:, 0], pa.float32()),
                "y": pa.array(coords[:, 1], pa.float32()),
                "text": pa.array(texts, pa.string()),
                "source": pa.array(sources, pa.string()),
            }
        )
        self._connect().create_table(PROJECTION, data=data, mode="overwrite")
        self.manifest["projection"] = data.num_rows
        self._save()

    def projection(self):
        """The stored 2-D map as a pyarrow table (``id``, ``x``, ``y``, ``text``, ``source``), or ``None``."""
        db = self._connect()
        if PROJECTION not in db.list_tables().tables:
            return None
        return db.open_table(PROJECTION).to_arrow()

    def search(self, vector: np.ndarray, k: int) -> list[dict]:
        """The ``k`` rows nearest to one unit query vector: ``{"id","text","source","score"}``, best first."""
        table = self.table()
        if table is None:
            return []
        query = table.search(np.asarray(vector, np.float32).ravel()).distance_type("dot").limit(k)
        if self.manifest.get("ann"):
            query = query.nprobes(20).refine_factor(5)
        rows = query.select(["id", "text", "source", "_distance"]).to_list()
        return [{"id": r["id"], "text": r["text"], "source": r["source"], "score": 1.0 - r["_distance"]} for r in rows]


def list_indexes(root: str | Path) -> list[dict]:
    """Built indexes under ``root`` (e.g. ``indexes/``): name, model, rows, ANN index type, projected
    rows, files. Links are skipped (the app reaches indexes by name under ``root`` only)."""
    root = Path(root)
    if not root.is_dir():
        return []
    found = []
    for folder in sorted(p for p in root.iterdir() if is_index(p) and not p.is_symlink()):
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        found.append(
            {
                "name": folder.name,
                "model": manifest["model"],
                "rows": manifest.get("rows"),
                "ann": manifest.get("ann"),
                "projection": manifest.get("projection"),
                "files": [f["name"] for f in manifest["files"]],
            }
        )
    return found
