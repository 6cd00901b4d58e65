"""Reading a corpus: one sentence per line (pasted or TXT), or a column of a CSV / TSV / JSONL file.

A corpus is a list of texts with an optional label per text (a question type, an intent, a
category) used to colour the projection. Files are decoded by :func:`stsdemo.data.text.decode`
(UTF-8, UTF-16 with BOM, GBK, Big5); a TXT corpus is read by the one line reader,
:func:`stsdemo.data.lines.split_lines`, and table cells are cleaned the same way. Blank lines are
skipped and counted; anything over the limits is refused with a message saying so, never silently cut.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import pandas as pd
from cachetools import LRUCache

from stsdemo.data.lines import MAX_LINES, check_length, clean_text, split_lines
from stsdemo.data.table import find_column, read_table
from stsdemo.data.text import decode, read_bytes
from stsdemo.errors import DataError

#: The app embeds at most this many sentences at once; the CLI takes up to :data:`MAX_LINES`.
MAX_UI_LINES = 20_000
_BIG = " Use the command line (python -m stsdemo encode / search) for bigger corpora."

TEXT_NAMES = ("text", "sentence", "sentences", "query", "question", "content", "title", "document", "sentence1", "s1")
LABEL_NAMES = ("label", "labels", "category", "class", "intent", "topic", "tag", "y")
SUFFIXES = (".txt", ".csv", ".tsv", ".jsonl", ".json", "")


@dataclass(frozen=True)
class Corpus:
    """Texts to explore; ``labels[i]`` (if any) names the group of ``texts[i]``."""

    texts: list[str]
    labels: list[str] | None = None
    name: str = "corpus"
    skipped: int = 0  # blank lines / rows left out
    text_column: str | None = None  # the columns read, for tables
    label_column: str | None = None

    def __len__(self) -> int:
        return len(self.texts)

    @cached_property
    def digest(self) -> str:
        """:func:`stsdemo.cache.texts_digest` of the texts, computed once per corpus (a cache key of
        every search: 20,000 texts take ~10 ms to hash)."""
        from stsdemo.cache import texts_digest

        return texts_digest(self.texts)


def _check(texts: list[str], labels: list[str] | None, name: str, max_lines: int, lines: list[int]) -> Corpus:
    """Drop blank table cells, then enforce the size and length limits with messages naming the line."""
    keep = [i for i, t in enumerate(texts) if t]
    if not keep:
        raise DataError("{name} has no sentences: give one sentence per line (or a text column).", name=name)
    if len(keep) > max_lines:
        hint = _BIG if max_lines < MAX_LINES else ""
        raise DataError(
            "{name} has {n:,} sentences; the limit here is {limit:,}.{hint}",
            name=name,
            n=len(keep),
            limit=max_lines,
            hint=hint,
        )
    for i in keep:
        check_length(texts[i], f"{name}, line {lines[i]}")
    kept_labels = [labels[i] for i in keep] if labels is not None else None
    return Corpus([texts[i] for i in keep], kept_labels, name, len(texts) - len(keep))


#: The last few texts parsed by :func:`parse_lines` and their corpora (keyed by the text itself).
_PARSED: LRUCache = LRUCache(maxsize=4)
_PARSED_LOCK = threading.Lock()


def parse_lines(text: str, *, max_lines: int = MAX_UI_LINES, name: str = "The pasted text") -> Corpus:
    """One sentence per line (:func:`stsdemo.data.lines.split_lines`); blank lines are skipped and counted.

    The same text is parsed once: the Corpus tab sends the whole text box with every query, and
    cleaning 20,000 lines again was most of a new query's time on the server. The last few texts
    are kept with their corpora; a hit compares the whole text (a dict key), so an edit is a miss.
    Callers share the returned corpus and must not change its lists.
    """
    key = (text, max_lines, name)
    with _PARSED_LOCK:
        found = _PARSED.get(key)
    if found is not None:
        return found
    lines = split_lines(text, name=name, max_lines=max_lines, hint=_BIG if max_lines < MAX_LINES else "")
    corpus = Corpus(lines.texts, None, name, lines.skipped)
    with _PARSED_LOCK:
        _PARSED[key] = corpus
    return corpus


def _load(source: str | Path | bytes, name: str | None) -> tuple[str, str, str]:
    """-> (decoded text, display name, lower-case suffix)."""
    data, name = read_bytes(source, name or ("upload.txt" if isinstance(source, bytes) else None))
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise DataError(
            "{name}: unsupported file type {suffix!r}; use TXT, CSV, TSV or JSONL.", name=name, suffix=suffix
        )
    if not data.strip():
        raise DataError("{name} is empty.", name=name)
    return decode(data, name), name, suffix


def table_columns(source: str | Path | bytes, *, name: str | None = None) -> list[str]:
    """Column names of a CSV/TSV/JSONL file (``column 1`` ... without a header); ``[]`` for TXT."""
    text, name, suffix = _load(source, name)
    if suffix in (".txt", ""):
        return []
    return list(read_table(text, suffix, name, TEXT_NAMES + LABEL_NAMES).columns)


def read_corpus(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    text_column: str | None = None,
    label_column: str | None = None,
    max_lines: int = MAX_LINES,
) -> Corpus:
    """Read a corpus from a file path or raw bytes (``name`` gives the type by its suffix).

    TXT: one sentence per line. CSV/TSV/JSONL: ``text_column`` (default: a column named ``text``,
    ``sentence``, ``query`` ... or else the text column with the longest texts) and an optional
    ``label_column`` (default: one named ``label``, ``category``, ``intent`` ...).
    Raises :class:`DataError` with a message for the user.
    """
    text, name, suffix = _load(source, name)
    if suffix in (".txt", "") and not text_column:
        return parse_lines(text, max_lines=max_lines, name=name)
    frame = read_table(
        text, suffix, name, TEXT_NAMES + LABEL_NAMES + tuple(w for w in (text_column, label_column) if w)
    )
    columns = list(frame.columns)
    tc = find_column(columns, text_column, TEXT_NAMES, name)
    lc = find_column(columns, label_column, LABEL_NAMES, name) if label_column != "" else None
    if tc is None:
        candidates = [c for c in columns if c != lc and pd.to_numeric(frame[c], errors="coerce").isna().mean() > 0.5]
        if not candidates:
            raise DataError(
                "{name}: no text column found; the columns are: {columns}.", name=name, columns=", ".join(columns)
            )
        tc = max(candidates, key=lambda c: frame[c].str.len().mean())
    if lc == tc:
        lc = None
    texts = [clean_text(t) for t in frame[tc]]
    labels = [clean_text(t) for t in frame[lc]] if lc is not None else None
    corpus = _check(texts, labels, name, max_lines, list(frame.index))
    return replace(corpus, text_column=tc, label_column=lc)
