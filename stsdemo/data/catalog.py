"""Readers for the public STS / text-matching sets, addressed as ``NAME:SPLIT``.

English STS-B ships in ``assets/data``; the others are read from a data folder laid out like
``shared/data`` (see :func:`stsdemo.paths.data_dir`). Each reader returns a :class:`PairDataset`.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

from stsdemo.data.pairfile import read_pair_file
from stsdemo.data.pairs import PairDataset
from stsdemo.data.text import read_text
from stsdemo.errors import DataError
from stsdemo.paths import ASSETS, data_dir

STSB_FILE = "stsbenchmark.tsv.gz"


def _stsb(root: Path | None, split: str) -> PairDataset:
    candidates = [ASSETS / "data" / STSB_FILE] + ([root / "en" / "stsb" / STSB_FILE] if root else [])
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        raise DataError("STS-B is missing from assets/data.")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE) if r["split"] == split]
    return PairDataset(
        f"stsb:{split}",
        [r["sentence1"] for r in rows],
        [r["sentence2"] for r in rows],
        np.array([float(r["score"]) for r in rows]),
        "graded",
    )


def _split_lines(path: Path, sep: str, columns: tuple[int, int, int], skip_header: bool = False) -> list[list[str]]:
    lines = read_text(path).splitlines()[1 if skip_header else 0 :]
    rows = []
    for i, line in enumerate(lines, 2 if skip_header else 1):
        if not line.strip():
            continue
        fields = line.split(sep)
        if len(fields) <= max(columns):
            raise DataError(f"{path.name}, line {i}: expected {max(columns) + 1} fields, found {len(fields)}.")
        rows.append([fields[c].strip() for c in columns])
    return rows


def _rows_to_pairs(name: str, rows: list[list[str]], kind: str) -> PairDataset:
    try:
        labels = np.array([float(r[2]) for r in rows])
    except ValueError as err:
        raise DataError(f"{name}: a label is not a number ({err}).") from None
    return PairDataset(name, [r[0] for r in rows], [r[1] for r in rows], labels, kind)


def _tabbed(rel: str, kind: str, sep: str = "\t", columns=(0, 1, 2), header=False) -> Callable:
    """A reader for ``rel.format(split=...)`` under the data folder."""

    def read(root: Path | None, split: str, name: str) -> PairDataset:
        path = _need(root, rel.format(split=split), name)
        return _rows_to_pairs(name, _split_lines(path, sep, columns, header), kind)

    return read


def _qbqtc(root: Path | None, split: str, name: str) -> PairDataset:
    path = _need(root, f"zh/qbqtc/{'test_public' if split == 'test' else split}.json", name)
    rows = [json.loads(line) for line in read_text(path).splitlines() if line.strip()]
    return PairDataset(
        name,
        [r["query"] for r in rows],
        [r["title"] for r in rows],
        np.array([float(r["label"]) for r in rows]),
        "graded",
    )


def _atec(root: Path | None, split: str, name: str) -> PairDataset:
    if split == "train":  # the original competition file: id, s1, s2, label; BOMs inside fields
        path = _need(root, "zh/atec/ATEC/atec_nlp_sim_train.csv", name)
        return _rows_to_pairs(name, _split_lines(path, "\t", (1, 2, 3)), "binary")
    path = _need(root, f"zh/atec/ATEC_CCKS/{split}.csv", name)
    return read_pair_file(path, name=name + ".tsv", require_labels=True)


def _pawsx(root: Path | None, split: str, name: str) -> PairDataset:
    path = _need(root, f"zh/csts/PAWS-X/{split}_2k.tsv", name)
    return read_pair_file(path, name=name + ".tsv", require_labels=True)


#: name -> (splits, reader, one-line description)
CATALOG: dict[str, tuple[tuple[str, ...], Callable, str]] = {
    "stsb": (("train", "dev", "test"), None, "STS Benchmark (English), scores 0-5 - shipped"),
    "stsb-zh": (
        ("train", "dev", "test"),
        _tabbed("zh/stsb-cnsd/cnsd-sts-{split}.txt", "graded", "||", (1, 2, 3)),
        "Chinese STS-B (CNSD), scores 0-5",
    ),
    "lcqmc": (("dev", "test"), _tabbed("zh/csts/LCQMC/{split}.txt", "binary"), "LCQMC question matching, 0/1"),
    "afqmc": (("train", "dev"), _tabbed("zh/csts/AFQMC/{split}.txt", "binary"), "AFQMC financial questions, 0/1"),
    "pawsx-zh": (("dev", "test"), _pawsx, "PAWS-X Chinese paraphrase, 0/1"),
    "atec": (("train", "dev", "test"), _atec, "ATEC financial question matching, 0/1"),
    "qbqtc": (("dev", "test"), _qbqtc, "QBQTC query-title relevance, 0/1/2"),
}


def _need(root: Path | None, rel: str, name: str) -> Path:
    if root is None:
        raise DataError(f"{name} is read from the data folder: pass --data-dir DIR or set STSDEMO_DATA.")
    path = root / rel
    if not path.is_file():
        raise DataError(f"{name}: {path} not found in the data folder.")
    return path


def load_dataset(spec: str, data_dir_path: str | Path | None = None, limit: int | None = None) -> PairDataset:
    """Load ``NAME:SPLIT`` (see :data:`CATALOG`) or a pair file path (generic reader)."""
    name, sep, split = spec.partition(":")
    if sep and name in CATALOG:
        splits, reader, _ = CATALOG[name]
        if split not in splits:
            raise DataError(f"{name} has splits {', '.join(splits)}; got {split!r}.")
        root = data_dir(data_dir_path)
        dataset = _stsb(root, split) if name == "stsb" else reader(root, split, spec)
    elif Path(spec).is_file():
        dataset = read_pair_file(spec, require_labels=True)
    else:
        known = ", ".join(f"{n}:{'|'.join(s)}" for n, (s, _, _) in CATALOG.items())
        raise DataError(f"Unknown dataset {spec!r}: give NAME:SPLIT ({known}) or a CSV/TSV/JSONL file.")
    return dataset.head(limit) if limit else dataset
