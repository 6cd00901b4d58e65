"""The default encoder for a language, chosen from measurements (``benchmarks/chinese_sts.py``).

Chinese: ``sts-mini-zh`` (the shipped fine-tuned teaching model): on the table "sts-mini-zh on every
Chinese set" of ``benchmarks/RESULTS.md`` (Spearman on the seven labelled Chinese pair sets of the
data folder) it has the best mean, ahead of ``tfidf-zh`` and far ahead of MiniLM (an English model
that reads most Chinese characters as [UNK]). TF-IDF still wins some domains (QBQTC's query-title
relevance, PAWS-X's word-order paraphrases), and the page says so. English: the bundled MiniLM.

>>> default_encoder("zh"), default_encoder("en")
('sts-mini-zh', 'minilm')
"""

from __future__ import annotations

from collections.abc import Sequence

from stsdemo.encoders.tfidf import detect_language

DEFAULTS = {"zh": "sts-mini-zh", "en": "minilm"}


def default_encoder(language: str) -> str:
    """Encoder spec for ``"zh"`` or ``"en"`` text (anything else: English's)."""
    return DEFAULTS.get(language, DEFAULTS["en"])


def default_encoder_for(texts: Sequence[str]) -> str:
    """The default encoder for a batch of texts: Chinese when most of them hold a CJK ideograph."""
    texts = [t for t in texts if t and t.strip()]
    chinese = sum(detect_language(t) == "zh" for t in texts[:200])
    return default_encoder("zh" if texts and chinese * 2 > len(texts[:200]) else "en")
