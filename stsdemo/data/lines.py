"""The one reader of "one sentence per line": pasted text, TXT files, corpora, fit-on files.

Every place that takes sentences one per line (the Corpus and Geometry tabs, ``search`` /
``encode`` on a TXT corpus, SimCSE and MLM corpora, ``--fit-on FILE``) reads them here, so a line
means the same everywhere: edges trimmed of whitespace *and* invisible characters (a line holding
only zero-width spaces is blank, not a sentence), blank lines skipped and counted, texts longer than
:data:`MAX_CHARS` refused with the line number (never silently cut), too many lines refused.

Example:
    >>> lines = split_lines("first\\n\\n  second  \\n\\u200b\\u200b\\n")
    >>> lines.texts, lines.numbers, lines.skipped
    (['first', 'second'], [1, 3], 2)
    >>> clean_text(" \\u200bhello\\u200d ")
    'hello'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from stsdemo.data.text import decode, read_bytes
from stsdemo.errors import DataError

#: Longer texts are refused everywhere a user gives text: encoders read only their first ~256 tokens,
#: so a longer text would be silently cut, and one huge text would stall everyone on a shared app.
MAX_CHARS = 2_000
#: The most lines a file may hold (the app passes its own, smaller limits).
MAX_LINES = 1_000_000

#: Characters that show nothing: zero-width space / non-joiner / joiner, word joiner, BOM, soft hyphen.
#: Trimmed at the edges only, so a zero-width joiner inside an emoji sequence is kept.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_EDGES = re.compile(rf"^[\s{INVISIBLE}]+|[\s{INVISIBLE}]+$")
_NEWLINE = re.compile(r"\r\n|\r|\n")  # not str.splitlines(): it also breaks at U+2028, \x0c, \x1c ...


def clean_text(value: object) -> str:
    """A table cell or line as text: ``None`` / NaN -> ``""``, whitespace and invisible characters
    trimmed from both ends."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return _EDGES.sub("", str(value))


def check_length(text: str, where: str, max_chars: int | None = MAX_CHARS) -> str:
    """``text``, or :class:`DataError` naming ``where`` (e.g. ``"corpus.txt, line 3"``) when it is too long."""
    if max_chars is not None and len(text) > max_chars:
        raise DataError(
            "{where}: a text of {n:,} characters; the limit is {limit:,} "
            "(encoders read only the first ~256 tokens). Split it into sentences.",
            where=where,
            n=len(text),
            limit=max_chars,
        )
    return text


@dataclass(frozen=True)
class Lines:
    """The sentences of a text, each with its 1-based line number, and how many lines were left out."""

    texts: list[str]
    numbers: list[int]
    skipped: int = 0  # blank (or invisible-only) lines
    repeats: int = 0  # repeated lines dropped (``unique=True``)

    def __len__(self) -> int:
        return len(self.texts)


def split_lines(
    text: str,
    *,
    name: str = "The pasted text",
    max_lines: int = MAX_LINES,
    max_chars: int | None = MAX_CHARS,
    unique: bool = False,
    min_lines: int = 1,
    column: int | None = None,
    refuse_tabs: bool = False,
    hint: str = "",
) -> Lines:
    """Split ``text`` into one sentence per line (see the module docstring).

    Args:
        text: the whole text (already decoded).
        name: how messages call it (a file name as the user gave it, or "The pasted text").
        max_lines: more sentences than this are refused, with ``hint`` appended to the message.
        max_chars: the longest sentence accepted (``None``: no limit, for training corpora).
        unique: drop repeated sentences (first kept), counted in ``repeats``.
        min_lines: fewer sentences than this are refused.
        column: take this 0-based tab-separated field of each line (``qid<TAB>query`` files).
        refuse_tabs: refuse a line with a tab (a pair file given where sentences were expected).

    Returns:
        :class:`Lines`. Raises :class:`DataError` naming the line for every refusal.
    """
    texts: list[str] = []
    numbers: list[int] = []
    seen: set[str] = set()
    skipped = repeats = 0
    for i, line in enumerate(_NEWLINE.split(text or ""), 1):
        if column is not None or refuse_tabs:
            fields = line.split("\t")
            if refuse_tabs and len(fields) > 1:
                raise DataError("{name}, line {line}: has a tab; give one sentence per line.", name=name, line=i)
            if column is not None and clean_text(line):
                if len(fields) <= column:
                    raise DataError(
                        f"{name}, line {i}: expected {column + 1} tab-separated fields, found {len(fields)}."
                    )
                line = fields[column]
        sentence = clean_text(line)
        if not sentence:
            skipped += 1
            continue
        if unique:
            if sentence in seen:
                repeats += 1
                continue
            seen.add(sentence)
        check_length(sentence, f"{name}, line {i}", max_chars)
        texts.append(sentence)
        numbers.append(i)
    if text and (text.endswith("\n") or text.endswith("\r")):
        skipped -= 1  # the empty "line" after a final newline is not a line
    if not texts:
        raise DataError("{name} has no sentences: give one sentence per line.", name=name)
    if len(texts) > max_lines:
        raise DataError(
            "{name} has {n:,} sentences; the limit here is {limit:,}.{hint}",
            name=name,
            n=len(texts),
            limit=max_lines,
            hint=hint,
        )
    if len(texts) < min_lines:
        raise DataError(
            "{name}: needs at least {least} non-empty lines, found {n}.", name=name, least=min_lines, n=len(texts)
        )
    return Lines(texts, numbers, skipped, repeats)


def read_lines(source: str | Path | bytes, *, name: str | None = None, **options) -> Lines:
    """:func:`split_lines` of a file (path, as the user gave it) or an upload's bytes.

    ``options`` are :func:`split_lines`'s. The file is decoded by :func:`stsdemo.data.text.decode`
    (UTF-8, UTF-16 with BOM, GBK, Big5; binary refused).
    """
    data, name = read_bytes(source, name)
    return split_lines(decode(data, name), name=name, **options)
