"""Checks on what users type or upload, with messages that say what to fix.

Limits keep one user from stalling the app for everyone else: long texts are refused rather than
silently truncated (the encoders read only their first ~256 tokens anyway).
"""

from __future__ import annotations

from collections.abc import Iterable

from stsdemo.data.lines import MAX_CHARS, check_length, clean_text
from stsdemo.errors import DataError

MAX_PAIRS = 2_000


def clean_pairs(rows: Iterable[Iterable[object]], max_pairs: int = MAX_PAIRS) -> list[tuple[str, str]]:
    """Turn table rows into ``(sentence1, sentence2)`` pairs.

    Cells are cleaned like every line of text (:func:`stsdemo.data.lines.clean_text`: a cell of
    zero-width spaces is empty). Blank rows are skipped; a row with one sentence, a text over
    :data:`MAX_CHARS` or too many rows raise :class:`DataError` naming the row.
    """
    pairs = []
    for i, row in enumerate(rows, 1):
        cells = [clean_text(v) for v in list(row)[:2]] + ["", ""]
        a, b = cells[0], cells[1]
        if not a and not b:
            continue
        if not a or not b:
            raise DataError("Row {row} has only one sentence: fill in both sentence 1 and sentence 2.", row=i)
        pairs.append((check_length(a, f"Row {i}"), check_length(b, f"Row {i}")))
    if not pairs:
        raise DataError("No sentence pairs to score: type at least one pair (sentence 1 and sentence 2).")
    if len(pairs) > max_pairs:
        raise DataError(
            "{n:,} pairs; the app scores at most {limit:,} at once (use the CLI for more).",
            n=len(pairs),
            limit=max_pairs,
        )
    return pairs


__all__ = ["MAX_CHARS", "MAX_PAIRS", "clean_pairs"]
