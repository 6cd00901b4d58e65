"""Checks on what users type or upload, with messages that say what to fix.

Limits keep one user from stalling the app for everyone else: long texts are refused rather than
silently truncated (the encoders read only their first ~256 tokens anyway).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from stsdemo.errors import DataError

MAX_CHARS = 2_000
MAX_PAIRS = 2_000


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def clean_pairs(rows: Iterable[Iterable[object]], max_pairs: int = MAX_PAIRS) -> list[tuple[str, str]]:
    """Turn table rows into ``(sentence1, sentence2)`` pairs.

    Blank rows are skipped; a row with one sentence, an over-long text or too many rows raise
    :class:`DataError` naming the row.
    """
    pairs = []
    for i, row in enumerate(rows, 1):
        cells = [_cell(v) for v in list(row)[:2]] + ["", ""]
        a, b = cells[0], cells[1]
        if not a and not b:
            continue
        if not a or not b:
            raise DataError(f"Row {i} has only one sentence: fill in both sentence 1 and sentence 2.")
        for text in (a, b):
            if len(text) > MAX_CHARS:
                raise DataError(
                    f"Row {i}: a text of {len(text):,} characters; the limit is {MAX_CHARS:,} "
                    "(encoders read only the first ~256 tokens)."
                )
        pairs.append((a, b))
    if not pairs:
        raise DataError("No sentence pairs to score: type at least one pair (sentence 1 and sentence 2).")
    if len(pairs) > max_pairs:
        raise DataError(f"{len(pairs):,} pairs; the app scores at most {max_pairs:,} at once (use the CLI for more).")
    return pairs
