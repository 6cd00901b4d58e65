"""Parse a CSV, TSV or JSON-lines text into a frame of strings: shared by the pair and corpus readers."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

import pandas as pd

from stsdemo.errors import DataError

JSON_SUFFIXES = (".jsonl", ".json")


def read_table(text: str, suffix: str, name: str, header_names: Iterable[str]) -> tuple[pd.DataFrame, int]:
    """``text`` as a frame of strings, and the file line of its first data row.

    JSON lines: one object per line, columns are its keys. CSV/TSV (tab if the suffix says so or the
    first line has one): the first row is a header when a cell matches ``header_names``
    (case-insensitive; spelling kept), else columns are ``0, 1, ...``. Raises :class:`DataError`
    naming the line for broken input.
    """
    if suffix in JSON_SUFFIXES:
        rows = []
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
        if not rows:
            raise DataError(f"{name} is empty.")
        return pd.DataFrame(rows).fillna("").astype(str), 1
    sep = "\t" if suffix in (".tsv", ".txt") or "\t" in text.split("\n", 1)[0] else ","
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=True,
            quoting=csv.QUOTE_NONE if sep == "\t" else csv.QUOTE_MINIMAL,
            on_bad_lines="error",
            engine="python",
        )
    except pd.errors.EmptyDataError:
        raise DataError(f"{name} is empty.") from None
    except (pd.errors.ParserError, csv.Error) as err:
        raise DataError(f"{name}: could not parse it as {'TSV' if sep == chr(9) else 'CSV'} ({err}).") from None
    if frame.empty:
        raise DataError(f"{name} is empty.")
    header = [str(c).strip() for c in frame.iloc[0]]
    known = {n.lower() for n in header_names}
    if any(h.lower() in known for h in header):
        frame = frame.iloc[1:].reset_index(drop=True)
        frame.columns = header
        return frame, 2
    return frame, 1
