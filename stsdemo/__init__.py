"""STS Lab: semantic textual similarity with BERT-family encoders, as a package, CLI and app.

The one obvious entry point::

    import stsdemo
    enc = stsdemo.load("minilm", pooling="cls")
    vecs = enc.encode(["A man plays a guitar.", "Someone plays music."])
"""

import os as _os

from stsdemo.paths import REPO_ROOT as _ROOT

# No telemetry, no tokenizer fork warnings, and a writable numba cache for UMAP's compiled code.
_os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
_os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
_os.environ.setdefault("NUMBA_CACHE_DIR", str(_ROOT / ".cache" / "numba"))

from stsdemo.encoders import Encoder, PairScorer, list_models  # noqa: E402
from stsdemo.errors import DataError, ModelNotAvailable, UserError  # noqa: E402
from stsdemo.specs import load, load_encoder, load_scorer  # noqa: E402

__version__ = "0.1.0"
__all__ = [
    "DataError",
    "Encoder",
    "ModelNotAvailable",
    "PairScorer",
    "UserError",
    "list_models",
    "load",
    "load_encoder",
    "load_scorer",
]
