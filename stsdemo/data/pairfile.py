"""One reader for the user's own pair files: CSV, TSV or JSON lines, any common encoding.

The user may name the two text columns and the label column; otherwise they are guessed from
the header (``sentence1``/``s1``/``text_1``/``query``/``premise``/SICK's ``sentence_A`` ...) or,
without a header, taken as the first two text columns and a numeric last column.

Labels: a row whose label cell is empty or missing (the raw STS15/16 test files have lines with only
two sentences, or an empty score) is *unscored*: skipped and counted in
:attr:`PairDataset.unscored`, not refused. A label that is present but not a number is refused,
naming the line. Where labels are not used (the app's Score tab), ``ignore_labels=True`` reads the
texts only, so a bad label cannot block scoring.

Example:
    >>> data = read_pair_file(b"A cat.\\tA kitten.\\t4.5\\nA car.\\tA bus.\\n", name="sts16.tsv")
    >>> len(data), data.unscored, data.labels.tolist()
    (1, 1, [4.5])
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from stsdemo.data.lines import check_length, clean_text
from stsdemo.data.pairs import PairDataset, infer_kind
from stsdemo.data.table import find_column, read_table
from stsdemo.data.text import decode, read_bytes
from stsdemo.errors import DataError

#: Header names of the first text, the second text and the label (matched ignoring case); SICK's included.
FIRST = tuple("sentence1 sentence_1 sentence_a s1 text1 text_1 text_a query premise question1 q1".split())
SECOND = tuple("sentence2 sentence_2 sentence_b s2 text2 text_2 text_b title hypothesis question2 q2".split())
LABEL = ("label", "score", "similarity", "similarity_score", "relatedness_score", "gold", "relevance", "y")
MAX_ROWS = 1_000_000


def _numeric(values: pd.Series) -> bool:
    """Over 95% of the non-empty cells are numbers (empty cells are unscored rows, not text)."""
    filled = values[values.map(clean_text) != ""]
    return len(filled) > 0 and pd.to_numeric(filled, errors="coerce").notna().mean() > 0.95


def read_pair_file(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    text1: str | None = None,
    text2: str | None = None,
    label: str | None = None,
    require_labels: bool = False,
    ignore_labels: bool = False,
) -> PairDataset:
    """Read pairs from a CSV/TSV/JSONL file (path) or its raw bytes.

    Args:
        source: a path as the user gave it, or an upload's bytes (then ``name`` gives the type).
        text1, text2, label: column names (or 1-based numbers); guessed when ``None``.
        require_labels: refuse a file without a label column (evaluation, training).
        ignore_labels: read the texts only (scoring): labels are neither parsed nor checked.

    Returns:
        A :class:`PairDataset` of the scored rows, with the number of unscored rows skipped.
        Raises :class:`DataError` naming the line for empty or over-long texts and non-numeric labels.
    """
    data, name = read_bytes(source, name)
    suffix = Path(name).suffix.lower()
    if suffix not in (".csv", ".tsv", ".txt", ".jsonl", ".json", ""):
        raise DataError(f"{name}: unsupported file type {suffix!r}; use CSV, TSV or JSONL.")
    frame = read_table(decode(data, name), suffix, name, FIRST + SECOND + LABEL)
    if len(frame) > MAX_ROWS:
        raise DataError(f"{name} has {len(frame):,} rows; the limit is {MAX_ROWS:,}.")
    columns = list(frame.columns)
    c1, c2 = find_column(columns, text1, FIRST, name), find_column(columns, text2, SECOND, name)
    cl = find_column(columns, label, LABEL, name)
    if c1 is None or c2 is None:
        text_columns = [c for c in columns if c not in (c1, c2, cl) and not _numeric(frame[c])]
        needed = (c1 is None) + (c2 is None)
        if len(text_columns) < needed:
            found = len(text_columns) + 2 - needed
            raise DataError(f"{name}: need two text columns (one per sentence); found {found}.")
        c1 = c1 if c1 is not None else text_columns.pop(0)
        c2 = c2 if c2 is not None else text_columns.pop(0)
    if cl is None and label is None and not ignore_labels:
        numeric = [c for c in columns if c not in (c1, c2) and _numeric(frame[c])]
        cl = numeric[-1] if numeric else None
    lines = list(frame.index)
    s1 = [clean_text(v) for v in frame[c1]]
    s2 = [clean_text(v) for v in frame[c2]]
    for line, a, b in zip(lines, s1, s2, strict=True):
        if not a or not b:
            raise DataError(f"{name}, line {line}: empty sentence.")
        check_length(a, f"{name}, line {line}")
        check_length(b, f"{name}, line {line}")
    if ignore_labels or cl is None:
        if require_labels and not ignore_labels:
            raise DataError(
                f"{name}: no label column found; name it with --label (or --columns TEXT1,TEXT2,LABEL) "
                "or give it a 'label' / 'score' header."
            )
        return PairDataset(Path(name).stem, s1, s2, None, "graded")
    cells = [clean_text(v) for v in frame[cl]]
    labels = pd.to_numeric(pd.Series(cells, dtype=object), errors="coerce").to_numpy(dtype=np.float64)
    unscored = np.array([c == "" for c in cells])
    bad = np.flatnonzero(~np.isfinite(labels) & ~unscored)
    if len(bad):
        raise DataError(
            f"{name}, line {lines[bad[0]]}: label {cells[bad[0]]!r} is not a number ({len(bad)} such rows)."
        )
    keep = np.flatnonzero(~unscored)
    if not len(keep):
        if require_labels:
            raise DataError(f"{name}: no row has a label (column {cl}); nothing to evaluate or train on.")
        return PairDataset(Path(name).stem, s1, s2, None, "graded")
    dataset = PairDataset(
        Path(name).stem,
        [s1[i] for i in keep],
        [s2[i] for i in keep],
        labels[keep],
        infer_kind(labels[keep]),
        unscored=int(unscored.sum()),
    )
    return dataset
