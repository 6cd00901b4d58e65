"""``NAME[:POOLING]``: which part of a model spec names the model and which picks its pooling.

Split from the rest of the spec grammar (:mod:`stsdemo.specs`) because training and the loaders
below the spec layer need it too. A colon is ambiguous (``C:\\models``, hub ids never have one, a
local folder could), so the suffix only counts as a pooling when it is one.
"""

from __future__ import annotations

from stsdemo.encoders.discovery import is_teaching_model, looks_local
from stsdemo.encoders.pooling import check_pooling
from stsdemo.errors import UserError


def split_spec(spec: str, pooling: str | None = None) -> tuple[str, str | None]:
    """``"minilm:cls"`` -> ``("minilm", "cls")``; an explicit ``pooling`` argument wins."""
    name, sep, suffix = spec.rpartition(":")
    if sep and name and "/" not in suffix:
        if name == "minilm" or is_teaching_model(name) or looks_local(name):
            return name, pooling or check_pooling(suffix)
        try:
            return name, pooling or check_pooling(suffix)
        except UserError:
            pass
    return spec, pooling
