"""Model specs ``NAME[:POOLING][@BACKEND][+POST]`` and the functions that load them.

This layer sits above both the model registry (:mod:`stsdemo.encoders.registry`: ``NAME[:POOLING]``,
``@BACKEND``) and post-processing (:mod:`stsdemo.postprocess`: ``+POST`` fitted on STS-B train), so
neither of those imports the other.

* ``minilm`` - the bundled MiniLM; ``minilm:cls`` a raw pooling view of it;
* ``minilm@torch`` - a backend (only ``torch`` in this build; others are refused clearly);
* ``minilm:cls+whitening``, ``minilm+flow`` - post-processing fitted once on STS-B train sentences
  (reused from memory and from the disk cache, see :mod:`stsdemo.cache`).

Callers that need one kind of model ask for it, instead of checking ``isinstance`` afterwards:

* :func:`load_encoder` - a bi-encoder (sentence vectors), else :class:`UserError`;
* :func:`load_scorer` - a cross-encoder (pair scores), else :class:`UserError`;
* :func:`load` - either (``stsdemo.load``).

Example::

    >>> parse_spec("minilm:cls@torch+whitening")
    Spec(name='minilm', pooling='cls', backend='torch', post='whitening')
    >>> str(parse_spec("minilm+flow"))
    'minilm+flow'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stsdemo.encoders.base import Encoder, PairScorer
from stsdemo.encoders.naming import split_spec
from stsdemo.errors import UserError

_BACKEND = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class Spec:
    """A parsed model spec; ``str(spec)`` gives it back in canonical form."""

    name: str
    pooling: str | None = None
    backend: str | None = None
    post: str | None = None

    def __str__(self) -> str:
        text = self.name
        if self.pooling and self.pooling != "trained":
            text += f":{self.pooling}"
        if self.backend:
            text += f"@{self.backend}"
        return text + (f"+{self.post}" if self.post else "")

    @property
    def base(self) -> str:
        """The spec without ``+POST``."""
        return str(Spec(self.name, self.pooling, self.backend))


def parse_spec(spec: str, pooling: str | None = None, backend: str | None = None) -> Spec:
    """Split ``NAME[:POOLING][@BACKEND][+POST]``; explicit ``pooling``/``backend`` arguments win.

    Raises :class:`UserError` for an empty name or an unknown pooling.
    """
    text = (spec or "").strip()
    base, plus, post = text.partition("+")
    if plus and not post.strip():
        raise UserError(f"{text!r}: name a post-processing after '+' (whitening, whitening-K or flow).")
    head, at, tail = base.rpartition("@")
    if at and head and _BACKEND.match(tail):
        base, backend = head, backend or tail
    name, pooling = split_spec(base.strip(), pooling)
    if not name:
        raise UserError("No model name given.")
    return Spec(name, pooling, backend or None, post.strip().lower() or None)


def load(spec: str, pooling: str | None = None, backend: str | None = None) -> Encoder | PairScorer:
    """Load any spec: an :class:`Encoder` or a :class:`PairScorer` (see the module doc).

    Raises :class:`ModelNotAvailable`/:class:`UserError` with a message for the user.
    """
    from stsdemo.encoders.registry import load_model

    parsed = parse_spec(spec, pooling, backend)
    model = load_model(parsed.name, parsed.pooling, parsed.backend)
    if parsed.post is None:
        return model
    if not isinstance(model, Encoder):
        raise UserError(f"{parsed.base} is a cross-encoder: post-processing applies to sentence vectors only.")
    from stsdemo.postprocess import fitted_on_reference

    return fitted_on_reference(model, parsed.post)


def load_encoder(spec: str, pooling: str | None = None, backend: str | None = None, *, purpose: str = "") -> Encoder:
    """Load ``spec`` and insist on a bi-encoder; ``purpose`` ("to embed a corpus") ends the message."""
    model = load(spec, pooling, backend)
    if not isinstance(model, Encoder):
        why = f" {purpose}" if purpose else ""
        raise UserError(f"{model.id} is a cross-encoder (it scores pairs): pick a bi-encoder{why}.")
    return model


def load_scorer(spec: str, *, purpose: str = "") -> PairScorer:
    """Load ``spec`` and insist on a cross-encoder (a pair scorer, e.g. a reranker)."""
    model = load(spec)
    if not isinstance(model, PairScorer):
        why = f" {purpose}" if purpose else ""
        raise UserError(f"{model.id} is a bi-encoder, not a cross-encoder: pick a cross-encoder{why}.")
    return model


def is_scorer(model: Encoder | PairScorer) -> bool:
    """Whether ``model`` scores pairs jointly (a cross-encoder) rather than encoding sentences."""
    return isinstance(model, PairScorer)


__all__ = ["Spec", "is_scorer", "load", "load_encoder", "load_scorer", "parse_spec"]
