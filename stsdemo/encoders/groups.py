"""A picker people can read: every encoder spec with its group and a one-line description.

Twenty-five bare names (``minilm:first-last-avg``, ``mlm-mini-zh:static`` ...) tell a newcomer
nothing. :func:`labelled_choices` orders specs by group (trained models · raw views of MiniLM ·
teaching models · lexical · your models · hub) and gives each a label ``GROUP · spec — what it is``,
while the value stays the spec, so the API and the CLI are unchanged.

>>> describe("minilm:cls")
('raw views of MiniLM', 'the [CLS] token of the last layer, no trained pooling')
"""

from __future__ import annotations

from collections.abc import Sequence

from stsdemo.encoders.registry import HUB_MODELS, LEXICAL_MODELS, TEACHING_MODELS, local_models, split_spec

GROUPS = ("trained models", "raw views of MiniLM", "teaching models", "lexical", "your models", "hub")

VIEWS = {
    "cls": "the [CLS] token of the last layer, no trained pooling",
    "mean": "mean of the last layer's token vectors",
    "first-last-avg": "mean of the first and last layers' token vectors",
    "layer-1": "mean of the first layer's token vectors",
    "static": "embedding layer only: no context (GloVe-like)",
}


def describe(spec: str) -> tuple[str, str]:
    """``(group, one-line description)`` of an encoder spec; a backend (``@onnx``) or post-processing
    (``+whitening``) keeps the model's group and is said in the description.

    >>> describe("minilm:cls+whitening")[1]
    'the [CLS] token of the last layer, no trained pooling; + whitening'
    """
    base, _, post = spec.partition("+")
    base, _, backend = base.partition("@")
    group, text = _describe_model(base)
    return group, text + (f"; on {backend}" if backend else "") + (f"; + {post}" if post else "")


def _describe_model(spec: str) -> tuple[str, str]:
    name, pooling = split_spec(spec)
    view = VIEWS.get(pooling or "", pooling or "")
    if name == "minilm":
        if pooling in (None, "trained"):
            return GROUPS[0], "all-MiniLM-L6-v2, trained for sentence similarity (English)"
        return GROUPS[1], view
    if name in LEXICAL_MODELS:
        return GROUPS[3], LEXICAL_MODELS[name]
    if name in HUB_MODELS:
        return GROUPS[5], HUB_MODELS[name][1]
    info = next((m for m in local_models() if m.name == name), None)
    if info is None:
        return GROUPS[5], "Hugging Face Hub model"
    bundled = (TEACHING_MODELS / name).is_dir()
    if info.kind == "transformer" and bundled:
        return GROUPS[2], f"pretrained only, not a sentence encoder; {view}"
    summary = info.description or info.kind
    if bundled:
        return GROUPS[0], summary
    return GROUPS[4], summary + (f"; {view}" if pooling else "")


def labelled_choices(specs: Sequence[str]) -> list[tuple[str, str]]:
    """``(label, spec)`` pairs for a Gradio picker, ordered by group (stable within a group)."""
    described = [(spec, *describe(spec)) for spec in specs]
    described.sort(key=lambda item: GROUPS.index(item[1]))
    return [(f"{group} · {spec} — {text}", spec) for spec, group, text in described]
