"""Can this encoder read this text? The share of tokens its tokenizer maps to ``[UNK]``.

The bundled MiniLM has an English WordPiece vocabulary: most Chinese characters become ``[UNK]``,
so "花呗如何还款" and "花呗怎么还钱" are both a row of ``[UNK]`` and score a cosine of 1.0. The number
looks fine and means nothing; a user must be told in words, next to the number. Lexical models
(TF-IDF of characters) read every script and have no ``[UNK]``: they return ``None`` here.

>>> from stsdemo.encoders.vocabulary import OOV_THRESHOLD
>>> OOV_THRESHOLD
0.2
"""

from __future__ import annotations

from collections.abc import Sequence

from stsdemo.encoders.registry import TEACHING_MODELS
from stsdemo.encoders.tfidf import detect_language
from stsdemo.errors import Message

#: Above this share of ``[UNK]`` tokens a text is flagged as unreadable for the encoder.
OOV_THRESHOLD = 0.2


def tokenizer_of(model: object):
    """The Hugging Face tokenizer behind a bi- or cross-encoder, or ``None`` (lexical models).

    Follows post-processed encoders (``BASE+whitening``) down to their base encoder.
    """
    while hasattr(model, "encoder") and not hasattr(model, "model"):
        model = model.encoder  # PostProcessedEncoder wraps the encoder it post-processes
    inner = getattr(model, "model", None)
    return getattr(inner, "tokenizer", None) if inner is not None else None


def unknown_share(model: object, text: str) -> float | None:
    """Fraction of ``text``'s tokens (special tokens excluded) that become ``[UNK]``; ``None`` when
    the model has no tokenizer, ``0.0`` for a text with no tokens."""
    tokenizer = tokenizer_of(model)
    if tokenizer is None:
        return None
    if hasattr(tokenizer, "unk_token_id"):  # a transformers tokenizer
        unk = tokenizer.unk_token_id
        ids = tokenizer(text, add_special_tokens=False, truncation=True)["input_ids"]
    else:  # a bare ``tokenizers.Tokenizer``: static models such as m2v-minilm
        unk_token = getattr(tokenizer.model, "unk_token", None)
        unk = tokenizer.token_to_id(unk_token) if unk_token else None
        ids = tokenizer.encode(text, add_special_tokens=False).ids
    if unk is None:
        return None
    if not ids:
        return 0.0
    return sum(i == unk for i in ids) / len(ids)


def better_encoder(text: str) -> str:
    """The encoder to suggest instead, by the text's language: the shipped Chinese sentence encoder
    ``sts-mini-zh`` when it is installed, else ``tfidf-zh``; ``tfidf`` for other scripts."""
    if detect_language(text) == "zh":
        return "sts-mini-zh" if (TEACHING_MODELS / "sts-mini-zh").is_dir() else "tfidf-zh"
    return "tfidf"


def oov_warning(model: object, texts: Sequence[str], threshold: float = OOV_THRESHOLD) -> Message | None:
    """A sentence for the user when any of ``texts`` has more than ``threshold`` ``[UNK]`` tokens
    for ``model`` (else ``None``), naming the worst share and the encoder to pick instead; a
    :class:`~stsdemo.errors.Message`, so the page shows it in its own language."""
    shares = [(share, text) for text in texts if (share := unknown_share(model, text)) is not None]
    flagged = [(share, text) for share, text in shares if share > threshold]
    if not flagged:
        return None
    share, text = max(flagged)
    name = getattr(model, "id", "this encoder")
    return Message(
        "{model} cannot read this text: {share} of its tokens are [UNK] (unknown to its vocabulary), "
        "so the score is not meaningful. Pick {better} instead.",
        model=name,
        share=f"{share:.0%}",
        better=better_encoder(text),
    )
