"""Whitening as an ordinary sentence-transformers model folder, loadable by any tool.

Whitening is affine, ``(x - mu) W = x W - mu W``, so it is exactly one ``Dense`` layer (weight ``Wᵀ``,
bias ``-mu W``, no activation) followed by ``Normalize``: appended to the encoder's own modules,
``SentenceTransformer(folder)`` reproduces ``minilm+whitening`` without this package.

Example::

    enc = stsdemo.load("minilm+whitening")
    save_whitened_model(enc, "models/minilm-whitened")
    SentenceTransformer("models/minilm-whitened").encode(["A man plays a guitar."])  # == enc.encode(...)
"""

from __future__ import annotations

from pathlib import Path

from stsdemo.errors import UserError


def save_whitened_model(encoder, folder: str | Path) -> Path:
    """Save ``encoder`` (a whitened :class:`~stsdemo.postprocess.PostProcessedEncoder` over a
    sentence-transformers encoder) as a sentence-transformers folder; returns the folder.

    Raises :class:`UserError` for a flow (not affine) or a base that is not a sentence-transformers model.
    """
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Dense, Normalize

    from stsdemo.encoders.sentence import SentenceEncoder
    from stsdemo.postprocess.whitening import Whitening

    post, base = getattr(encoder, "post", None), getattr(encoder, "encoder", None)
    if not isinstance(post, Whitening):
        raise UserError("Only a whitening is a linear map that a Dense layer can hold; a flow is not.")
    if not isinstance(base, SentenceEncoder):
        raise UserError(f"{encoder.id}: the base must be a sentence-transformers encoder to save as a model folder.")
    kernel = torch.from_numpy(post.kernel).float()  # (d, k)
    bias = -torch.from_numpy(post.mu @ post.kernel).float()  # (k,)
    dense = Dense(
        kernel.shape[0],
        kernel.shape[1],
        bias=True,
        activation_function=torch.nn.Identity(),
        init_weight=kernel.T.contiguous(),
        init_bias=bias,
    )
    model = SentenceTransformer(modules=[*base.model, dense, Normalize()], device="cpu")
    folder = Path(folder)
    model.save(str(folder))
    return folder
