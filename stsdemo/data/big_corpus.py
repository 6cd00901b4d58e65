"""One table of every distinct sentence in the data folder, Chinese and English, with where it came from.

Why: search and ANN benchmarks need a large *real* corpus (real sentence embeddings are clustered;
random vectors are not), and they must be able to leave the evaluation sets' test sentences out.
Columns of :func:`collect`'s table:

* ``id`` (int64): row number, stable for a given data folder and options;
* ``text``; ``lang`` (``zh`` / ``en``);
* ``source``: the folder of the first file the sentence was seen in (``zh/csts/LCQMC``);
* ``split``: that file's split (``train`` / ``dev`` / ``test`` / ``all``);
* ``in_test`` (bool): the sentence occurs in *any* test split - exclude these rows to keep benchmark
  queries and training corpora clean.

Written by ``scripts/build_big_corpus.py`` as Parquet, which ``stsdemo index --corpus`` reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from stsdemo.data.folder_sentences import folder_sentences, split_of

COLUMNS = ("id", "text", "lang", "source", "split", "in_test")


def collect(root: str | Path, sets: Sequence[str] = (), limit: int | None = None, langs=("zh", "en")) -> dict:
    """Column dict (see module doc) of the distinct sentences under ``root``.

    ``sets``: keep only sources whose path contains one of these strings (case-insensitive), e.g.
    ``["LCQMC", "stsb"]``; ``limit``: at most this many distinct sentences per source (small runs).
    """
    wanted = [s.lower() for s in sets if s]
    rows: dict[str, list] = {}  # text -> [lang, source, split, in_test]
    per_source: dict[str, int] = {}
    for lang in langs:
        if not (Path(root) / lang).is_dir():
            continue
        for text, rel in folder_sentences(lang, root, stsb_splits=("train", "dev", "test")):
            source = PurePosixPath(rel).parent.as_posix()
            if not text or (wanted and not any(w in source.lower() for w in wanted)):
                continue
            split = split_of(rel)
            row = rows.get(text)
            if row is not None:
                row[3] = row[3] or split == "test"
                continue
            if limit is not None and per_source.get(source, 0) >= limit:
                continue
            per_source[source] = per_source.get(source, 0) + 1
            rows[text] = [lang, source, split, split == "test"]
    values = list(rows.values())
    return {
        "id": list(range(len(rows))),
        "text": list(rows),
        "lang": [v[0] for v in values],
        "source": [v[1] for v in values],
        "split": [v[2] for v in values],
        "in_test": [v[3] for v in values],
    }


def write_parquet(columns: dict, out: str | Path) -> Path:
    """Write :func:`collect`'s columns as a zstd-compressed Parquet file (parent folders created)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    table = pa.table({**columns, "id": pa.array(columns["id"], pa.int64())})
    pq.write_table(table, out, compression="zstd")
    return out
