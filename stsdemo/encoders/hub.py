"""Hugging Face Hub models: is the Hub reachable, and loading a Hub id (from its cache when offline).

The Hub's address is ``huggingface_hub``'s own ``ENDPOINT`` (which reads ``HF_ENDPOINT``), so users
behind a mirror are served; offline mode is ``huggingface_hub``'s ``HF_HUB_OFFLINE`` (also read
from the environment at call time, so a process can switch it).
"""

from __future__ import annotations

import os
import socket
import time
from urllib.parse import urlsplit

from stsdemo.encoders.base import Encoder, PairScorer
from stsdemo.encoders.discovery import ModelKind
from stsdemo.errors import ModelNotAvailable, UserError

#: Last probe per endpoint: ``endpoint -> (monotonic time, reachable)``; a probe is reused for 60 s.
_PROBES: dict[str, tuple[float, bool]] = {}

OFFLINE_MESSAGE = (
    "{name!r} is a Hugging Face Hub model and is not available offline (the Hub at {endpoint} cannot be "
    "reached and it is not in the local cache). Offline, use minilm, its pooling views, or a model under models/."
)


def hub_endpoint() -> str:
    """The Hub address ``huggingface_hub`` uses (``HF_ENDPOINT`` or https://huggingface.co)."""
    from huggingface_hub import constants

    return os.environ.get("HF_ENDPOINT", "").rstrip("/") or constants.ENDPOINT


def hub_offline() -> bool:
    """``HF_HUB_OFFLINE`` as ``huggingface_hub`` reads it, or as set in the environment since."""
    from huggingface_hub import constants

    flag = os.environ.get("HF_HUB_OFFLINE")
    return flag.strip().lower() in ("1", "true", "yes", "on") if flag is not None else bool(constants.HF_HUB_OFFLINE)


def hub_reachable(timeout: float = 2.0) -> bool:
    """Whether the Hub endpoint accepts a TCP connection (``False`` in offline mode; cached 60 s)."""
    if hub_offline():
        return False
    endpoint = hub_endpoint()
    at, ok = _PROBES.get(endpoint, (-1e9, False))
    if time.monotonic() - at < 60:
        return ok
    parts = urlsplit(endpoint)
    port = parts.port or (80 if parts.scheme == "http" else 443)
    try:
        socket.create_connection((parts.hostname or "", port), timeout=timeout).close()
        ok = True
    except (OSError, ValueError):
        ok = False
    _PROBES[endpoint] = (time.monotonic(), ok)
    return ok


def load_hub(name: str, kind: ModelKind, pooling: str | None, transformer) -> Encoder | PairScorer:
    """Load Hub id ``name`` as ``kind``; offline, only from the local HF cache.

    ``transformer(name, local_files_only)`` returns the shared raw transformer (a pooling view).
    """
    from sentence_transformers import CrossEncoder, SentenceTransformer

    from stsdemo.encoders.cross import CrossEncoderScorer
    from stsdemo.encoders.sentence import SentenceEncoder, pooled_model

    online = hub_reachable()
    cache_only = {} if online else {"local_files_only": True}
    try:
        if kind == "cross-encoder":
            return CrossEncoderScorer(CrossEncoder(name, device="cpu", **cache_only), name)
        if pooling in (None, "trained") and kind == "sentence-transformer":
            return SentenceEncoder(SentenceTransformer(name, device="cpu", **cache_only), name)
        pooling = pooling if pooling not in (None, "trained") else "mean"
        return SentenceEncoder(pooled_model(transformer(name, not online), pooling), f"{name}:{pooling}")
    except UserError:
        raise
    except Exception as err:
        if not online:
            raise ModelNotAvailable(OFFLINE_MESSAGE, name=name, endpoint=hub_endpoint()) from err
        raise ModelNotAvailable(f"Could not load {name!r} from the Hugging Face Hub: {err}") from err
