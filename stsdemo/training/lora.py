"""LoRA (Hu et al. 2021) for the bi-encoder recipes, through ``peft``.

Each attention / feed-forward weight ``W`` (d_out x d_in) is frozen and a low-rank update is learnt::

    W' = W + (alpha / r) * B A,   A: r x d_in,  B: d_out x r,  r << d

The transformer is wrapped with ``peft.get_peft_model``. The best dev checkpoint is kept in memory
(only the adapter weights, ~2 MB) because the trainer's checkpoint reload does not round-trip a
wrapped transformer; after training the update is merged into ``W`` (``merge_and_unload``), so the
saved folder is a plain sentence-transformers model that loads anywhere without ``peft``.
"""

from __future__ import annotations

from transformers import TrainerCallback

RANK = 16
ALPHA = 32
TARGETS = ["query", "key", "value", "dense"]  # BERT attention projections and feed-forward layers


def add_lora(model) -> float:
    """Wrap a SentenceTransformer's transformer in LoRA; returns the trainable share of its parameters."""
    from peft import LoraConfig, TaskType, get_peft_model

    config = LoraConfig(
        task_type=TaskType.FEATURE_EXTRACTION, r=RANK, lora_alpha=ALPHA, lora_dropout=0.1, target_modules=TARGETS
    )
    model[0].model = get_peft_model(model[0].model, config)
    trainable, total = model[0].model.get_nb_trainable_parameters()
    return trainable / total


def merge_lora(model) -> None:
    """Fold the learnt ``(alpha / r) B A`` into the base weights and drop the adapters."""
    model[0].model = model[0].model.merge_and_unload()


class KeepBestAdapter(TrainerCallback):
    """Copies the trainable (adapter) weights whenever the dev metric improves; :meth:`restore` puts them back."""

    def __init__(self, model, metric: str) -> None:
        self.model, self.key = model, f"eval_{metric}"
        self.best: float | None = None
        self.weights: dict = {}

    def on_evaluate(self, args, state, control, metrics=None, **kwargs):
        score = (metrics or {}).get(self.key)
        if score is not None and (self.best is None or score > self.best):
            self.best = float(score)
            self.weights = {n: p.detach().clone() for n, p in self.model.named_parameters() if p.requires_grad}

    def restore(self) -> None:
        if self.weights:
            self.model.load_state_dict(self.weights, strict=False)
