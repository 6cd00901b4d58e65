"""Model2Vec-style distillation: a sentence transformer turned into a static token table.

Every vocabulary token goes through the model once (``[CLS] token [SEP]``, the model's own pooling),
which gives one context-free vector per token. Then (Tulkens & van Dongen 2024, "Model2Vec"):

0. drop the tokens text never produces (``[unusedK]``, [PAD], [CLS], [SEP], [MASK]);
1. **PCA** to ``dims`` components: removes the few dominant directions all token vectors share
   (the anisotropy lesson of the Geometry tab) and shrinks the table;
2. **SIF / Zipf weighting**: the ``r``-th kept token of the frequency-ordered WordPiece vocabulary gets
   probability ``p_r = (1/(r+1)) / sum(1/(r'+1))`` (Zipf's law) and weight ``a / (a + p_r)`` with
   ``a = 1e-4`` (Arora et al. 2017): frequent tokens ("the", ",") barely count.

A sentence vector is then the mean of its tokens' rows: no attention, ~100x faster than MiniLM.

Why hand-written: ``model2vec.distill`` needs the ``model2vec[distill]`` extra, which pins
``transformers<5.4`` and would downgrade the transformers the app runs on. The recipe is ~30 lines
with the model itself and scikit-learn's PCA; loading uses sentence-transformers' ``StaticEmbedding``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import numpy as np

SIF_COEFFICIENT = 1e-4


def token_vectors(model, batch_size: int = 512, progress: Callable[[float], None] | None = None) -> np.ndarray:
    """One vector per vocabulary id: the model's pooled output for ``[CLS] token [SEP]``, ``(V, d)``."""
    import torch

    tokenizer = model.tokenizer
    vocab_size = len(tokenizer)
    cls, sep = tokenizer.cls_token_id, tokenizer.sep_token_id
    out = np.zeros((vocab_size, model.get_embedding_dimension()), np.float32)
    transformer, pooling = model[0], model[1]  # skip Normalize: PCA needs the raw scale
    with torch.inference_mode():
        for start in range(0, vocab_size, batch_size):
            ids = torch.arange(start, min(start + batch_size, vocab_size)).unsqueeze(1)
            input_ids = torch.cat([torch.full_like(ids, cls), ids, torch.full_like(ids, sep)], dim=1)
            features = {
                "input_ids": input_ids,
                "attention_mask": torch.ones_like(input_ids),
                "token_type_ids": torch.zeros_like(input_ids),
            }
            out[start : start + len(ids)] = pooling(transformer(features))["sentence_embedding"].numpy()
            if progress:
                progress(min(1.0, (start + len(ids)) / vocab_size))
    return out


def sif_weights(vocab_size: int, a: float = SIF_COEFFICIENT) -> np.ndarray:
    """``a / (a + p_r)`` with Zipf probabilities ``p_r ∝ 1/r`` over ranks ``r = 2..V+1`` (Model2Vec's).

    >>> w = sif_weights(4, a=0.1)
    >>> bool(w[0] < w[1] < w[2] < w[3])   # rarer (later) tokens weigh more
    True
    """
    inverse_rank = 1.0 / np.arange(2, vocab_size + 2)
    probability = inverse_rank / inverse_rank.sum()
    return a / (a + probability)


def real_tokens(tokens: list[str]) -> np.ndarray:
    """Mask of the tokens text can produce: not ``[unusedK]`` placeholders, not [PAD]/[CLS]/[SEP]/[MASK].

    They are dropped before PCA and Zipf ranking (as Model2Vec does); on MiniLM's vocabulary keeping
    the ~1,000 placeholders shifted every rank and cost 2.3 Spearman points (63.6 vs 65.9 at 256 dims).
    """
    return np.array([not _UNREAL.fullmatch(t) for t in tokens])


_UNREAL = re.compile(r"\[unused\d+\]|\[PAD\]|\[CLS\]|\[SEP\]|\[MASK\]")


def distill_table(vectors: np.ndarray, keep: np.ndarray, dims: int | None = 256, seed: int = 0) -> np.ndarray:
    """PCA of the kept token vectors to ``dims`` components (``None``: keep all), SIF-weighted by
    vocabulary rank; rows of dropped tokens are zero."""
    from sklearn.decomposition import PCA

    kept = vectors[keep]
    if dims is not None and dims < kept.shape[1]:
        kept = PCA(n_components=dims, random_state=seed).fit_transform(kept)
    table = np.zeros((len(vectors), kept.shape[1]), np.float32)
    table[keep] = kept * sif_weights(len(kept))[:, None]
    return table


def save_table(table: np.ndarray, tokenizer, folder: Path) -> None:
    """Write ``embeddings.safetensors`` and ``tokenizer.json``.

    Rows are stored as int8 with one fp16 scale per row (``row ≈ int8 * scale``): a quarter of fp32,
    so 256 dimensions fit in 7.8 MB, at 65.92 vs 65.93 Spearman for fp32.
    """
    from safetensors.numpy import save_file

    folder.mkdir(parents=True, exist_ok=True)
    scales = np.abs(table).max(axis=1, keepdims=True) / 127
    scales[scales == 0] = 1
    codes = np.round(table / scales).astype(np.int8)
    save_file({"codes": codes, "scales": scales.astype(np.float16)}, str(folder / "embeddings.safetensors"))
    tokenizer.backend_tokenizer.save(str(folder / "tokenizer.json"))


def load_static(folder: Path):
    """A SentenceTransformer (``StaticEmbedding`` = mean of token rows) from a saved table."""
    from safetensors.numpy import load_file
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    from tokenizers import Tokenizer

    stored = load_file(str(folder / "embeddings.safetensors"))
    table = stored["codes"].astype(np.float32) * stored["scales"].astype(np.float32)
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    return SentenceTransformer(modules=[StaticEmbedding(tokenizer, embedding_weights=table)], device="cpu")
