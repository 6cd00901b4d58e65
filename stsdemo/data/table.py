"""Parse a CSV, TSV or JSON-lines text into a frame of strings: shared by the pair and corpus readers."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

import pandas as pd

from stsdemo.errors import DataError

JSON_SUFFIXES = (".jsonl", ".json")


def read_table(text: str, suffix: str, name: str, header_names: Iterable[str]) -> pd.DataFrame:
    """``text`` as a frame of strings indexed by file line number.

    JSON lines: one object per line, columns are its keys. CSV/TSV (tab if the suffix says so or the
    first line has one): the first row is a header when a cell matches ``header_names``
    (case-insensitive; spelling kept), else columns are ``column 1``, ``column 2`` ... Blank lines are dropped; the
    index keeps each row's line number for messages (a quoted cell spanning lines shifts it). A
    missing trailing field is NaN. Raises :class:`DataError` naming the line for broken input.
    """
    if suffix in JSON_SUFFIXES:
        rows, numbers = [], []
        for i, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise DataError(f"{name}, line {i}: not valid JSON ({err.msg}).") from None
            if not isinstance(row, dict):
                raise DataError(f'{name}, line {i}: expected a JSON object such as {{"text": "..."}}.')
            rows.append(row)
            numbers.append(i)
        if not rows:
            raise DataError(f"{name} is empty.")
        return pd.DataFrame(rows, index=numbers).fillna("").astype(str)
    sep = "\t" if suffix in (".tsv", ".txt") or "\t" in text.split("\n", 1)[0] else ","
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            quoting=csv.QUOTE_NONE if sep == "\t" else csv.QUOTE_MINIMAL,
            on_bad_lines="error",
            engine="python",
        )
    except pd.errors.EmptyDataError:
        raise DataError(f"{name} is empty.") from None
    except (pd.errors.ParserError, csv.Error) as err:
        raise DataError(f"{name}: could not parse it as {'TSV' if sep == chr(9) else 'CSV'} ({err}).") from None
    frame.index = frame.index + 1
    frame = frame[frame.notna().any(axis=1)]
    if frame.empty:
        raise DataError(f"{name} is empty.")
    header = [str(c).strip() for c in frame.iloc[0]]
    known = {n.lower() for n in header_names}
    if any(h.lower() in known for h in header) or _looks_like_header(frame):
        frame = frame.iloc[1:]
        frame.columns = header
        return frame
    frame.columns = [f"column {i + 1}" for i in range(frame.shape[1])]
    return frame


def _is_number(value: object) -> bool:
    try:
        float(str(value))
    except ValueError:
        return False
    return True


def _looks_like_header(frame: pd.DataFrame) -> bool:
    """A first row of names above a numeric column (``id,body`` over ``1,red shoes``) is a header,
    as :class:`csv.Sniffer` judges it: the column's cells below are all numbers, its first cell is not.
    Names are short (at most 3 words, 40 characters each), so a headerless row of sentences with a bad
    label is not taken for a header (it is reported as a bad label instead)."""
    first_row = [str(c).strip() for c in frame.iloc[0]]
    if len(frame) < 2 or any(len(c) > 40 or len(c.split()) > 3 for c in first_row):
        return False
    body = frame.iloc[1:]
    for column in frame.columns:
        first, rest = frame[column].iloc[0], body[column].dropna()
        if len(rest) and not _is_number(first) and str(first).strip() and all(map(_is_number, rest)):
            return True
    return False


def find_column(columns: list, wanted: str | None, names: Iterable[str], name: str) -> object | None:
    """The column the user named, else the first whose name is in ``names`` (case-insensitive), else ``None``.

    ``wanted`` matches a column name (exactly, then ignoring case) or, when no column is so named, a
    1-based column number (``"2"``: the second column, as ``column 2`` of a headerless file).
    Raises :class:`DataError` listing the columns when ``wanted`` matches none.

    Example:
        >>> find_column(["id", "Text"], "text", (), "f.csv"), find_column(["id", "Text"], "1", (), "f.csv")
        ('Text', 'id')
        >>> find_column(["id", "sentence1"], None, ("sentence1",), "f.csv")
        'sentence1'
    """
    if not wanted:
        known = {n.lower() for n in names}
        return next((c for c in columns if str(c).lower() in known), None)
    key = str(wanted).strip()
    for matches in (lambda c: str(c) == key, lambda c: str(c).lower() == key.lower()):
        found = [c for c in columns if matches(c)]
        if found:
            return found[0]
    if key.isdigit() and 1 <= int(key) <= len(columns):
        return columns[int(key) - 1]
    raise DataError(f"{name}: no column {wanted!r}; the columns are: {', '.join(map(str, columns))}.")
