"""The MLM pretraining corpus: every distinct sentence of the data folder, minus the evaluation sets'.

A raw teaching model is judged on STS test sets; a test sentence seen during pretraining would flatter
it, so named evaluation sets' sentences are removed (exact match after stripping) and the model card
records which sets and how many sentences, with a hash of the corpus that was used.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from stsdemo.errors import UserError


def evaluation_sentences(specs: Iterable[str], data_dir: str | Path | None = None) -> set[str]:
    """All sentences of the named evaluation sets (``stsb-zh:test`` ...), stripped."""
    from stsdemo.data.catalog import load_pairs

    found: set[str] = set()
    for spec in specs:
        found.update(s.strip() for s in load_pairs(spec, data_dir).sentences())
    return found


def exclude(sentences: Sequence[str], banned: set[str]) -> list[str]:
    """``sentences`` without any member of ``banned`` (exact match after stripping).

    >>> exclude(["a test sentence ", "kept"], {"a test sentence"})
    ['kept']
    """
    return [s for s in sentences if s.strip() not in banned]


def gather_corpus(lang: str, data_dir: str | Path) -> list[str]:
    """Every distinct sentence of the shared data folder's ``zh/`` or ``en/`` files.

    What counts as a sentence is :func:`stsdemo.data.folder_sentences.folder_sentences`'s rule
    (English STS-B: train and dev splits only). Exclusion of evaluation sets is a separate step.
    """
    from stsdemo.data.folder_sentences import folder_sentences

    if lang not in ("zh", "en") or not (Path(data_dir) / lang).is_dir():
        raise UserError(f"No {lang!r} folder in {data_dir}.")
    return list(dict.fromkeys(s for s, _ in folder_sentences(lang, data_dir) if s))


def corpus_sha256(sentences: Sequence[str]) -> str:
    """SHA-256 of the newline-terminated sentences: which corpus a model was trained on.

    >>> corpus_sha256(["a", "b"]) == hashlib.sha256(b"a\\nb\\n").hexdigest()
    True
    """
    digest = hashlib.sha256()
    for s in sentences:
        digest.update(s.encode("utf-8") + b"\n")
    return digest.hexdigest()
