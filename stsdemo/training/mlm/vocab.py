"""The teaching model's vocabulary: a WordPiece ``vocab.txt`` (given, or trained on the corpus), pruned to
the tokens the corpus actually produces.

Why prune: the embedding table is ``vocab × hidden`` and dominates a small model's size;
bert-base-chinese's 21,128 tokens shrink to the ~5,000 a corpus uses, and the model with it.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from stsdemo.errors import UserError

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def wordpiece_tokenizer(vocab_file: Path, lowercase: bool, max_length: int):
    """A fast BERT tokenizer reading ``vocab_file``; refuses a file that is not a WordPiece vocabulary."""
    # transformers 5: BertTokenizer(vocab_file=...) silently builds a 5-token vocabulary; the fast
    # tokenizer reads the file.
    from transformers import BertTokenizerFast

    tok = BertTokenizerFast(vocab=str(vocab_file), do_lower_case=lowercase, model_max_length=max_length)
    if len(tok) < 10:
        raise UserError(f"{vocab_file} gave a {len(tok)}-token vocabulary: not a WordPiece vocab.txt?")
    return tok


def read_vocab(path: str | Path) -> list[str]:
    """Tokens of a ``vocab.txt`` (one per line, line number = id)."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"Vocabulary file {str(path)!r} not found.")
    return [line.rstrip("\n") for line in path.read_text(encoding="utf-8").splitlines()]


def train_wordpiece(sentences: Sequence[str], vocab_size: int, lowercase: bool = True) -> list[str]:
    """A WordPiece vocabulary learned from ``sentences`` with Hugging Face ``tokenizers``."""
    from tokenizers import BertWordPieceTokenizer

    wp = BertWordPieceTokenizer(lowercase=lowercase)
    # no progress: tokenizers draws it on stdout, which must stay clean (the command's result is printed there)
    wp.train_from_iterator(
        sentences, vocab_size=vocab_size, min_frequency=2, special_tokens=SPECIAL_TOKENS, show_progress=False
    )
    vocab = wp.get_vocab()
    return sorted(vocab, key=vocab.__getitem__)


def prune_vocab(vocab: list[str], sentences: Sequence[str], min_count: int = 1, lowercase: bool = True) -> list[str]:
    """Keep the special tokens and the tokens that tokenising ``sentences`` produces >= ``min_count`` times.

    Greedy longest-match WordPiece never picks a token the corpus did not produce, so with
    ``min_count=1`` the corpus tokenises exactly as before; original order is kept.
    """
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "vocab.txt"
        file.write_text("\n".join(vocab) + "\n", encoding="utf-8")
        tok = wordpiece_tokenizer(file, lowercase, 10_000)
        counts: Counter[int] = Counter()
        for start in range(0, len(sentences), 10_000):
            for ids in tok(list(sentences[start : start + 10_000]), add_special_tokens=False)["input_ids"]:
                counts.update(ids)
    keep = {tok.convert_tokens_to_ids(t) for t in SPECIAL_TOKENS if t in vocab}
    keep |= {i for i, c in counts.items() if c >= min_count}
    return [t for i, t in enumerate(vocab) if i in keep]
