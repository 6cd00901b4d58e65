"""The one test for "is this Chinese?": CJK ideographs, by Unicode block.

Used wherever a language decides something: TF-IDF's analyser per text, SimCSE's dev set per corpus,
the Chinese sentences gathered for the teaching model's MLM corpus, and the decoder's check that a
GBK or Big5 reading looks like real text. Kana and Hangul are not counted: a Japanese or Korean
sentence is not Chinese for any of those purposes.

Example:
    >>> has_cjk("花呗如何还款"), has_cjk("How do I pay?"), has_cjk("ひらがな")
    (True, False, False)
    >>> is_mostly_chinese(["今天天气很好", "a cat"])
    True
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: CJK Unified Ideographs, Extension A, Compatibility Ideographs, and Extensions B-H (supplementary planes).
CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def has_cjk(text: str) -> bool:
    """True when ``text`` holds at least one CJK ideograph."""
    return CJK.search(text) is not None


def cjk_share(text: str) -> float:
    """The fraction of ``text``'s characters that are CJK ideographs (0.0 for an empty text)."""
    return len(CJK.findall(text)) / len(text) if text else 0.0


def is_mostly_chinese(texts: Sequence[str], sample: int = 200, share: float = 0.3) -> bool:
    """True when CJK ideographs make up over ``share`` of the first ``sample`` texts' characters.

    A corpus-level decision (which language's dev set to use): a few English product names in a
    Chinese corpus do not flip it, a few Chinese names in an English one do not either.
    """
    return cjk_share("".join(texts[:sample])) > share
