"""Which encoder a corpus should be read with by default: the one that can read its language.

The bundled MiniLM maps most Chinese characters to ``[UNK]``: on the Chinese e-commerce preset every
search hit scored cosine 1.0. So a mostly-Chinese corpus gets the Chinese encoder of
:func:`stsdemo.encoders.vocabulary.better_encoder` (``sts-mini-zh`` when shipped, else ``tfidf-zh``),
and an English one moves back to MiniLM on the app's int8 backend (the Corpus tab's default,
:data:`~stsdemo.encoders.backends.APP_BACKEND`) if a Chinese-only encoder was picked.

Why ``sts-mini-zh`` for Chinese: on the table "sts-mini-zh on every Chinese set" of
``benchmarks/RESULTS.md`` (Spearman on the labelled Chinese pair sets of the data folder) it has the
best mean, ahead of ``tfidf-zh`` and far ahead of MiniLM. TF-IDF still wins some domains (QBQTC's
query-title relevance, PAWS-X's word-order paraphrases), and the page says so.

>>> encoder_for(["花呗如何还款", "运动鞋"], "minilm") in ("sts-mini-zh", "tfidf-zh")
True
>>> encoder_for(["How do I pay?"], "minilm:cls") is None  # the user's English choice stays
True
>>> encoders_for(["花呗如何还款"], ["minilm", "minilm:cls"])[1:]  # the Chinese encoder first, MiniLM kept to compare
['minilm', 'minilm:cls']
>>> encoders_for(["A man plays."], ["minilm"]) is None
True
"""

from __future__ import annotations

from collections.abc import Sequence

from stsdemo.data.language import is_mostly_chinese
from stsdemo.encoders.backends import APP_BACKEND
from stsdemo.encoders.vocabulary import better_encoder

#: Encoders that read only Chinese well: an English corpus is moved off them.
CHINESE_ONLY = ("tfidf-zh", "sts-mini-zh", "mlm-mini-zh")


def encoder_for(texts: Sequence[str], current: str | None) -> str | None:
    """The encoder to switch to for ``texts``, or ``None`` to keep ``current``."""
    if is_mostly_chinese(list(texts)):
        wanted = better_encoder("中")
        return None if _base(current or "") in CHINESE_ONLY else wanted
    if _base(current or "") in CHINESE_ONLY:
        return f"minilm@{APP_BACKEND}"
    return None


def _base(spec: str) -> str:
    return spec.split("+")[0].split(":")[0]


def encoders_for(texts: Sequence[str], chosen: Sequence[str]) -> list[str] | None:
    """The several-encoder version (the Score tab's checkboxes), or ``None`` to keep ``chosen``:
    Chinese text with no Chinese encoder chosen gets the language's encoder put first (the English
    ones stay, flagged where they cannot read, for comparison); English text with only Chinese-only
    encoders chosen gets ``minilm`` instead."""
    chosen = list(chosen or [])
    if is_mostly_chinese(list(texts)):
        wanted = better_encoder("中")
        return None if any(_base(c) in CHINESE_ONLY for c in chosen) else [wanted, *chosen]
    if chosen and all(_base(c) in CHINESE_ONLY for c in chosen):
        return ["minilm"]
    return None
