"""Readers for the public STS / text-matching sets, addressed as ``NAME:SPLIT``.

English STS-B ships in ``assets/data``; the others are read from a data folder laid out like
``shared/data`` (see :func:`stsdemo.paths.data_dir`). Each reader returns a :class:`PairDataset`.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from stsdemo.data.pairfile import read_pair_file
from stsdemo.data.pairs import PairDataset, PairKind
from stsdemo.data.text import read_text
from stsdemo.errors import DataError
from stsdemo.paths import ASSETS, data_dir

STSB_FILE = ASSETS / "data" / "stsbenchmark.tsv.gz"


def _stsb(path: Path, split: str, name: str) -> PairDataset:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE) if r["split"] == split]
    return PairDataset(
        name,
        [r["sentence1"] for r in rows],
        [r["sentence2"] for r in rows],
        np.array([float(r["score"]) for r in rows]),
        "graded",
    )


def _fields(sep: str, columns: tuple[int, int, int], kind: PairKind) -> Callable[[Path, str, str], PairDataset]:
    """A reader for headerless files: ``columns`` are the (text1, text2, label) field positions."""

    def read(path: Path, split: str, name: str) -> PairDataset:
        rows = []
        for i, line in enumerate(read_text(path).splitlines(), 1):
            if not line.strip():
                continue
            fields = line.split(sep)
            if len(fields) <= max(columns):
                raise DataError(f"{path.name}, line {i}: expected {max(columns) + 1} fields, found {len(fields)}.")
            rows.append([fields[c].strip() for c in columns])
        try:
            labels = np.array([float(r[2]) for r in rows])
        except ValueError as err:
            raise DataError(f"{name}: a label is not a number ({err}).") from None
        return PairDataset(name, [r[0] for r in rows], [r[1] for r in rows], labels, kind)

    return read


def _with_header(path: Path, split: str, name: str) -> PairDataset:
    return read_pair_file(path, name=name + ".tsv", require_labels=True)


def _qbqtc(path: Path, split: str, name: str) -> PairDataset:
    rows = [json.loads(line) for line in read_text(path).splitlines() if line.strip()]
    return PairDataset(
        name,
        [r["query"] for r in rows],
        [r["title"] for r in rows],
        np.array([float(r["label"]) for r in rows]),
        "graded",
    )


@dataclass(frozen=True)
class Source:
    """Where a named set's splits live (relative to the data folder) and how to read them."""

    files: dict[str, str]
    read: Callable[[Path, str, str], PairDataset]
    description: str


CATALOG: dict[str, Source] = {
    "stsb": Source(
        {s: "en/stsb/stsbenchmark.tsv.gz" for s in ("train", "dev", "test")},
        _stsb,
        "STS Benchmark (English), scores 0-5 - shipped",
    ),
    "stsb-zh": Source(
        {s: f"zh/stsb-cnsd/cnsd-sts-{s}.txt" for s in ("train", "dev", "test")},
        _fields("||", (1, 2, 3), "graded"),
        "Chinese STS-B (CNSD), scores 0-5",
    ),
    "lcqmc": Source(
        {s: f"zh/csts/LCQMC/{s}.txt" for s in ("dev", "test")},
        _fields("\t", (0, 1, 2), "binary"),
        "LCQMC question matching, 0/1",
    ),
    "afqmc": Source(
        {s: f"zh/csts/AFQMC/{s}.txt" for s in ("train", "dev")},
        _fields("\t", (0, 1, 2), "binary"),
        "AFQMC financial questions, 0/1",
    ),
    # OPPO-xiaobu's test file has no labels: only dev is a labelled set
    "oppo": Source(
        {"dev": "zh/csts/OPPO-xiaobu/dev.txt"}, _fields("\t", (0, 1, 2), "binary"), "OPPO xiaobu dialogue, 0/1"
    ),
    "pawsx-zh": Source(
        {s: f"zh/csts/PAWS-X/{s}_2k.tsv" for s in ("dev", "test")}, _with_header, "PAWS-X Chinese paraphrase, 0/1"
    ),
    # ATEC train is the original competition file (id, s1, s2, label; BOMs inside fields);
    # dev/test are the C-MTEB files with a header.
    "atec": Source(
        {
            "train": "zh/atec/ATEC/atec_nlp_sim_train.csv",
            "dev": "zh/atec/ATEC_CCKS/dev.csv",
            "test": "zh/atec/ATEC_CCKS/test.csv",
        },
        None,
        "ATEC financial question matching, 0/1",
    ),
    "qbqtc": Source(
        {"dev": "zh/qbqtc/dev.json", "test": "zh/qbqtc/test_public.json"}, _qbqtc, "QBQTC query-title relevance, 0/1/2"
    ),
}
_ATEC_TRAIN = _fields("\t", (1, 2, 3), "binary")


def _path(name: str, split: str, root: Path | None) -> Path | None:
    if name == "stsb" and STSB_FILE.is_file():
        return STSB_FILE
    path = root / CATALOG[name].files[split] if root else None
    return path if path and path.is_file() else None


def load_pairs(
    spec: str,
    data_dir_path: str | Path | None = None,
    limit: int | None = None,
    *,
    text1: str | None = None,
    text2: str | None = None,
    label: str | None = None,
) -> PairDataset:
    """Load ``NAME:SPLIT`` (see :data:`CATALOG`) or a pair file path (generic reader).

    ``text1`` / ``text2`` / ``label`` name a file's columns (see :func:`read_pair_file`); a named set
    has known columns, so naming them there is refused rather than ignored.
    """
    name, sep, split = spec.partition(":")
    named = [c for c in (text1, text2, label) if c is not None]
    if named and sep and name in CATALOG:
        raise DataError(f"{spec} is a named set with known columns; --text1/--text2/--label/--columns are for files.")
    if sep and name in CATALOG:
        source = CATALOG[name]
        if split not in source.files:
            raise DataError(f"{name} has splits {', '.join(source.files)}; got {split!r}.")
        root = data_dir(data_dir_path)
        path = _path(name, split, root)
        if path is None:
            if root is None:
                raise DataError(
                    f"{spec} is read from the data folder: set STSDEMO_DATA to it (or pass --data-dir DIR to eval)."
                )
            raise DataError(f"{spec}: {source.files[split]} not found in the data folder.")  # relative: no server path
        if name == "atec":
            reader = _ATEC_TRAIN if split == "train" else _with_header
        else:
            reader = source.read
        dataset = reader(path, split, spec)
    elif Path(spec).exists() or Path(spec).suffix or "/" in spec:  # a path: its reader says what is wrong
        dataset = read_pair_file(spec, text1=text1, text2=text2, label=label, require_labels=True)
    else:
        known = ", ".join(f"{n}:{'|'.join(s.files)}" for n, s in CATALOG.items())
        raise DataError(f"Unknown dataset {spec!r}: give NAME:SPLIT ({known}) or a CSV/TSV/JSONL file.")
    return dataset.head(limit) if limit else dataset


def available_datasets(data_dir_path: str | Path | None = None) -> list[str]:
    """``NAME:SPLIT`` specs whose files exist now (STS-B always; the rest from the data folder)."""
    root = data_dir(data_dir_path)
    return [f"{n}:{s}" for n, source in CATALOG.items() for s in source.files if _path(n, s, root)]
