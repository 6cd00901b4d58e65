"""One reader for the user's own pair files: CSV, TSV or JSON lines, any common encoding.

The user may name the two text columns and the label column; otherwise they are guessed from
the header (``sentence1``/``s1``/``text_1``/``query``/``premise`` ...) or, without a header, taken as
the first two text columns and a numeric last column.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from stsdemo.data.pairs import PairDataset, infer_kind
from stsdemo.data.table import read_table
from stsdemo.data.text import decode, read_bytes
from stsdemo.errors import DataError

FIRST = ("sentence1", "sentence_1", "s1", "text1", "text_1", "text_a", "query", "premise", "question1", "q1")
SECOND = ("sentence2", "sentence_2", "s2", "text2", "text_2", "text_b", "title", "hypothesis", "question2", "q2")
LABEL = ("label", "score", "similarity", "similarity_score", "gold", "relevance", "y")
MAX_ROWS = 1_000_000


def _frame(text: str, suffix: str, name: str) -> tuple[pd.DataFrame, int]:
    """:func:`read_table` with lower-cased header names (``0, 1, ...`` without a header)."""
    frame, offset = read_table(text, suffix, name, FIRST + SECOND + LABEL)
    if offset == 2:
        frame.columns = [c.lower() for c in frame.columns]
    return frame, offset


def _pick(columns: list, wanted: str | None, names: tuple[str, ...]) -> object | None:
    if wanted is not None:
        key = wanted.strip().lower() if isinstance(wanted, str) and not wanted.isdigit() else wanted
        for column in columns:
            if str(column) == str(key):
                return column
        raise DataError(f"No column {wanted!r}; the columns are: {', '.join(map(str, columns))}.")
    return next((c for c in columns if str(c) in names), None)


def _numeric(values: pd.Series) -> bool:
    return pd.to_numeric(values, errors="coerce").notna().mean() > 0.95


def read_pair_file(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    text1: str | None = None,
    text2: str | None = None,
    label: str | None = None,
    require_labels: bool = False,
) -> PairDataset:
    """Read pairs from a CSV/TSV/JSONL file (path) or its raw bytes.

    Raises :class:`DataError` naming the line for empty texts and bad or missing labels.
    """
    data, name = read_bytes(source, name)
    suffix = Path(name).suffix.lower()
    if suffix not in (".csv", ".tsv", ".txt", ".jsonl", ".json", ""):
        raise DataError(f"{name}: unsupported file type {suffix!r}; use CSV, TSV or JSONL.")
    frame, offset = _frame(decode(data, name), suffix, name)
    if len(frame) > MAX_ROWS:
        raise DataError(f"{name} has {len(frame):,} rows; the limit is {MAX_ROWS:,}.")
    columns = list(frame.columns)
    c1, c2, cl = _pick(columns, text1, FIRST), _pick(columns, text2, SECOND), _pick(columns, label, LABEL)
    if c1 is None or c2 is None:
        text_columns = [c for c in columns if c != cl and not _numeric(frame[c])]
        if len(text_columns) < 2:
            raise DataError(f"{name}: need two text columns (one per sentence); found {len(text_columns)}.")
        c1, c2 = (c1, c2) if c1 is not None and c2 is not None else (text_columns[0], text_columns[1])
    if cl is None and label is None:
        numeric = [c for c in columns if c not in (c1, c2) and _numeric(frame[c])]
        cl = numeric[-1] if numeric else None
    s1 = frame[c1].astype(str).str.strip().tolist()
    s2 = frame[c2].astype(str).str.strip().tolist()
    for i, (a, b) in enumerate(zip(s1, s2, strict=True)):
        if not a or not b:
            raise DataError(f"{name}, line {i + offset}: empty sentence.")
    labels = None
    if cl is not None:
        labels = pd.to_numeric(frame[cl], errors="coerce").to_numpy(dtype=np.float64)
        bad = np.flatnonzero(~np.isfinite(labels))
        if len(bad):
            raise DataError(
                f"{name}, line {bad[0] + offset}: label {frame[cl].iloc[bad[0]]!r} is not a number "
                f"({len(bad)} such rows)."
            )
    elif require_labels:
        raise DataError(f"{name}: no label column found; name it with --label or a 'label'/'score' header.")
    kind = infer_kind(labels) if labels is not None else "graded"
    return PairDataset(Path(name).stem, s1, s2, labels, kind)
