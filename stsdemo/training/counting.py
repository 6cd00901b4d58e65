"""Count the texts a model reads during an evaluation phase, for a true fraction on the progress bar.

Why a hook: the dev evaluators of sentence-transformers and our test scoring each make one
``encode``/``predict`` call over the whole set, so nothing between "started" and "done" is visible
from outside. Every batch, however, passes the word-embedding table once; a forward pre-hook on it
counts the rows of each batch (sentences for a bi-encoder, pairs for a cross-encoder). The same
hook is where a Stop takes effect in those phases: it raises :class:`stsdemo.cancel.Cancelled` before
the next batch when the phase runs under a set :class:`stsdemo.cancel.CancelToken`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from torch import nn

from stsdemo import cancel


def word_embeddings(model: nn.Module) -> nn.Embedding | None:
    """The token-embedding table of a BERT-family model (also inside a sentence-transformers model,
    a cross-encoder or a LoRA wrapper), or None when there is none to hook."""
    for name, module in model.named_modules():
        if isinstance(module, nn.Embedding) and name.endswith("word_embeddings"):
            return module
    return None


@contextmanager
def count_texts(model: nn.Module, progress: Any, total: int, notify: Callable[[Any], None] | None = None) -> Iterator:
    """Within the block, ``progress.done`` counts the texts ``model`` reads, out of ``progress.of = total``.

    ``notify(progress)`` is called after each batch. Both fields are back to 0 after the block, so a
    phase without counting shows no stale fraction. Example (a real tiny BERT)::

        with count_texts(st_model, progress, total=6):
            st_model.encode(["a", "b", "c", "d", "e", "f"], batch_size=4)   # progress.done: 4, then 6
    """
    table = word_embeddings(model)
    progress.done, progress.of = 0, total if table is not None else 0

    def seen(_module: nn.Module, args: tuple) -> None:
        cancel.check()  # a training Stop ends an evaluation phase between two batches (stsdemo.cancel)
        progress.done += int(args[0].shape[0])
        if notify:
            notify(progress)

    handle = table.register_forward_pre_hook(seen) if table is not None else None
    try:
        yield progress
    finally:
        if handle is not None:
            handle.remove()
        progress.done = progress.of = 0
