"""Model2Vec-style distillation: a sentence transformer turned into a static token table.

Every vocabulary token goes through the model once (``[CLS] token [SEP]``, the model's own pooling),
which gives one context-free vector per token. Then (Tulkens & van Dongen 2024, "Model2Vec"):

1. **PCA** to ``dims`` components: removes the few dominant directions all token vectors share
   (the anisotropy lesson of the Geometry tab) and shrinks the table;
2. **SIF / Zipf weighting**: token ``r`` of the frequency-ordered WordPiece vocabulary gets
   probability ``p_r = (1/r) / sum(1/r')`` (Zipf's law) and weight ``a / (a + p_r)`` with
   ``a = 1e-4`` (Arora et al. 2017): frequent tokens ("the", ",") barely count.

A sentence vector is then the mean of its tokens' rows: no attention, ~100x faster than MiniLM.

Why hand-written: ``model2vec.distill`` needs the ``model2vec[distill]`` extra, which pins
``transformers<5.4`` and would downgrade the transformers the app runs on. The recipe is ~30 lines
with the model itself and scikit-learn's PCA; loading uses sentence-transformers' ``StaticEmbedding``.
"""

from __future__ import annotations

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
    """``a / (a + p_r)`` with Zipf probabilities ``p_r ∝ 1/r`` over the vocabulary ranks ``r = 1..V``.

    >>> w = sif_weights(4, a=0.1)
    >>> bool(w[0] < w[1] < w[2] < w[3])   # rarer (later) tokens weigh more
    True
    """
    inverse_rank = 1.0 / np.arange(1, vocab_size + 1)
    probability = inverse_rank / inverse_rank.sum()
    return a / (a + probability)


def distill_table(vectors: np.ndarray, dims: int | None = 128, seed: int = 0) -> np.ndarray:
    """PCA of the token vectors to ``dims`` components (``None``: keep all), then SIF weighting."""
    from sklearn.decomposition import PCA

    if dims is not None and dims < vectors.shape[1]:
        vectors = PCA(n_components=dims, random_state=seed).fit_transform(vectors)
    return (vectors * sif_weights(len(vectors))[:, None]).astype(np.float32)


def save_table(table: np.ndarray, tokenizer, folder: Path) -> None:
    """Write ``embeddings.safetensors`` (fp16: half the size, same Spearman) and ``tokenizer.json``."""
    from safetensors.numpy import save_file

    folder.mkdir(parents=True, exist_ok=True)
    save_file({"embeddings": table.astype(np.float16)}, str(folder / "embeddings.safetensors"))
    tokenizer.backend_tokenizer.save(str(folder / "tokenizer.json"))


def load_static(folder: Path):
    """A SentenceTransformer (``StaticEmbedding`` = mean of token rows) from a saved table."""
    from safetensors.numpy import load_file
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    from tokenizers import Tokenizer

    table = load_file(str(folder / "embeddings.safetensors"))["embeddings"].astype(np.float32)
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    return SentenceTransformer(modules=[StaticEmbedding(tokenizer, embedding_weights=table)], device="cpu")
