"""MLM pretraining on Hugging Face's ``Trainer``: masking by ``DataCollatorForLanguageModeling``, a wall-time
budget as a ``TrainerCallback``, the loss at masked positions only.

Objective (Devlin et al. 2019): pick 15% of the tokens; of those, 80% become ``[MASK]``, 10% a random
token, 10% stay; minimise the cross-entropy of the original token at the picked positions only::

    L = -1/|M| * sum_{i in M} log softmax(W h_i + b)[x_i]       h_i: (hidden,), W: (vocab, hidden)

``BertForMaskedLM`` computes the prediction head (a dense layer, LayerNorm and the vocabulary
projection) at every position and then ignores 85% of them. ``loss="masked"`` applies the head to the
masked rows alone (``(n_masked, hidden) @ (hidden, vocab)`` instead of ``(batch*seq, hidden) @ (hidden,
vocab)``): the same value for 2.1x fewer CPU seconds per step on the English teaching recipe, so 2.1x
more steps in a time budget (``python -m benchmarks.mlm_loss``, ``benchmarks/RESULTS.md``). ``loss="full"``
is the textbook loss, kept as the reference that benchmark measures against.

The learning rate warms up linearly, then decays linearly to 0 as the run's progress goes 0 -> 1, where
progress is the share of steps *or* of the time budget already used, whichever is larger: a run stopped
by its budget still ends at a learning rate near 0.
"""

from __future__ import annotations

import json
import math
import random
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from stsdemo.errors import UserError
from stsdemo.training.mlm.card import model_card
from stsdemo.training.mlm.corpus import corpus_sha256
from stsdemo.training.mlm.vocab import prune_vocab, train_wordpiece, wordpiece_tokenizer

#: ``masked``: prediction head on the masked positions only; ``full``: ``BertForMaskedLM``'s own loss.
LossKind = Literal["masked", "full"]


@dataclass
class MLMConfig:
    """Model size and optimisation settings (defaults: the 4-layer, 256-wide recipe measured here)."""

    layers: int = 4
    hidden: int = 256
    heads: int = 0  # 0 -> hidden // 64
    max_length: int = 64
    batch_size: int = 128
    lr: float = 5e-4
    warmup_steps: int = 100  # at most a tenth of the steps when their number is known
    weight_decay: float = 0.01
    mask_prob: float = 0.15
    epochs: float | None = None
    time_budget: float | None = None  # seconds; used when epochs is None
    max_steps: int | None = None
    min_count: int = 1  # keep vocabulary tokens seen at least this often in the corpus
    vocab_size: int = 8000  # size of a WordPiece vocabulary trained on the corpus when none is given
    lowercase: bool = True
    seed: int = 0
    loss: LossKind = "masked"

    def num_heads(self) -> int:
        heads = self.heads or max(1, self.hidden // 64)
        if self.hidden % heads:
            raise UserError(f"--hidden {self.hidden} is not divisible by {heads} attention heads.")
        return heads


def build_model(config: MLMConfig, vocab_size: int):
    """A freshly initialised ``BertForMaskedLM`` of the configured size (seeded)."""
    import torch
    from transformers import BertConfig, BertForMaskedLM

    torch.manual_seed(config.seed)
    bert_config = BertConfig(
        vocab_size=vocab_size,
        hidden_size=config.hidden,
        num_hidden_layers=config.layers,
        num_attention_heads=config.num_heads(),
        intermediate_size=4 * config.hidden,
        max_position_embeddings=config.max_length,
        type_vocab_size=2,
    )
    return BertForMaskedLM(bert_config)


def masked_lm_loss(model, input_ids, attention_mask, labels):
    """MLM cross-entropy with the prediction head applied to masked positions only.

    ``input_ids``/``attention_mask``/``labels``: ``(batch, seq)``; ``labels`` is ``-100`` where no
    loss is taken. Same value as ``BertForMaskedLM(...).loss``; 0 (with a gradient) when nothing is masked.
    """
    import torch.nn.functional as F

    hidden = model.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
    picked = labels != -100
    if not picked.any():
        return hidden.sum() * 0.0
    logits = model.cls(hidden[picked])  # (n_masked, vocab)
    return F.cross_entropy(logits, labels[picked])


class RunClock:
    """Where a run stands: the larger of the share of steps done and the share of the time budget used."""

    def __init__(self, total_steps: int | None, budget: float | None, warmup: int) -> None:
        self.total_steps, self.budget, self.warmup = total_steps, budget, warmup
        self.started: float | None = None

    def elapsed(self) -> float:
        return 0.0 if self.started is None else time.monotonic() - self.started

    def progress(self, step: int) -> float:
        """0 at the start, >= 1 when the run must stop."""
        by_steps = step / self.total_steps if self.total_steps else 0.0
        by_time = self.elapsed() / self.budget if self.budget else 0.0
        return max(by_steps, by_time)

    def lr_factor(self, step: int) -> float:
        """Linear warm-up over ``warmup`` steps, then linear decay to 0 with :meth:`progress`.

        >>> clock = RunClock(total_steps=100, budget=None, warmup=10)
        >>> [round(clock.lr_factor(s), 2) for s in (0, 9, 50, 100)]
        [0.1, 0.91, 0.5, 0.0]
        """
        return min(1.0, (step + 1) / max(1, self.warmup)) * max(0.0, 1.0 - self.progress(step))


def _callback(clock: RunClock, losses: list, show_progress: bool):
    """A ``TrainerCallback`` that starts the clock, stops the run at its step or time limit, and shows
    the true fraction done (steps when their number is known, else seconds of the budget)."""
    from tqdm.auto import tqdm
    from transformers import TrainerCallback

    class TimeBudget(TrainerCallback):
        def on_train_begin(self, args, state, control, **kwargs):
            clock.started = time.monotonic()
            total = clock.total_steps or round(clock.budget)
            unit = "step" if clock.total_steps else "s"
            self.bar = tqdm(total=total, desc="MLM pretraining", unit=unit, disable=not show_progress)

        def on_step_end(self, args, state, control, **kwargs):
            done = state.global_step if clock.total_steps else min(round(clock.elapsed()), self.bar.total)
            self.bar.update(done - self.bar.n)
            self.bar.set_postfix(step=state.global_step, loss=f"{np.mean(losses[-50:]):.3f}", refresh=False)
            if clock.progress(state.global_step) >= 1.0:
                control.should_training_stop = True

        def on_train_end(self, args, state, control, **kwargs):
            self.bar.close()

    return TimeBudget()


def _trainer(model, args, dataset, collator, config: MLMConfig, clock: RunClock, losses: list):
    """A ``Trainer`` whose loss is :func:`masked_lm_loss` (or the model's own) and whose schedule is ``clock``'s."""
    import torch
    from transformers import Trainer

    class MaskedLMTrainer(Trainer):
        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
            if config.loss == "masked":
                loss = masked_lm_loss(model, inputs["input_ids"], inputs["attention_mask"], inputs["labels"])
            else:
                loss = model(**inputs).loss
            losses.append(loss.item())
            return loss

        def create_scheduler(self, num_training_steps, optimizer=None):
            if self.lr_scheduler is None:
                self.lr_scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer or self.optimizer, clock.lr_factor)
            return self.lr_scheduler

    return MaskedLMTrainer(model=model, args=args, train_dataset=dataset, data_collator=collator)


def train_mlm(
    sentences: Sequence[str],
    out: str | Path,
    config: MLMConfig,
    vocab: list[str] | None = None,
    *,
    provenance: dict | None = None,
    show_progress: bool = True,
) -> dict:
    """Pretrain a BERT on ``sentences`` and save it to ``out``; returns the training summary.

    ``vocab``: a WordPiece vocabulary (e.g. bert-base-chinese's); ``None`` trains one of
    ``config.vocab_size`` tokens on the corpus. Either way it is pruned to the tokens the corpus uses.
    ``provenance``: what the model card should say about the corpus and the command.
    Stops after ``config.epochs`` epochs, or when ``config.time_budget`` seconds have passed
    (or ``config.max_steps``), whichever comes first.
    """
    import torch
    from transformers import DataCollatorForLanguageModeling, PrinterCallback, TrainingArguments

    if config.epochs is None and config.time_budget is None and config.max_steps is None:
        raise UserError("Give --epochs N or --time-budget SECONDS.")
    sentences = list(sentences)
    if len(sentences) < 2:
        raise UserError("The corpus needs at least 2 sentences.")
    random.seed(config.seed)
    np.random.seed(config.seed)
    torch.manual_seed(config.seed)

    started = time.monotonic()
    vocab_source = "given" if vocab is not None else f"WordPiece {config.vocab_size} trained on the corpus"
    full_vocab = vocab if vocab is not None else train_wordpiece(sentences, config.vocab_size, config.lowercase)
    pruned = prune_vocab(full_vocab, sentences, config.min_count, config.lowercase)

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "vocab.txt").write_text("\n".join(pruned) + "\n", encoding="utf-8")
    tokenizer = wordpiece_tokenizer(out / "vocab.txt", config.lowercase, config.max_length)
    encoded = tokenizer(sentences, truncation=True, max_length=config.max_length)["input_ids"]
    dataset = [{"input_ids": ids} for ids in encoded]

    model = build_model(config, len(pruned))
    collator = DataCollatorForLanguageModeling(tokenizer, mlm_probability=config.mask_prob, seed=config.seed)
    steps_per_epoch = math.ceil(len(dataset) / config.batch_size)
    total_steps = config.max_steps
    if config.epochs is not None:
        total_steps = max(1, round(config.epochs * steps_per_epoch))
    warmup = min(config.warmup_steps, total_steps // 10) if total_steps else config.warmup_steps
    clock = RunClock(total_steps, config.time_budget, warmup)
    losses: list[float] = []
    with tempfile.TemporaryDirectory() as scratch:
        args = TrainingArguments(
            output_dir=scratch,
            per_device_train_batch_size=config.batch_size,
            learning_rate=config.lr,
            weight_decay=config.weight_decay,
            max_grad_norm=1.0,
            optim="adamw_torch",
            # a time budget alone sets no step limit: the callback stops the run
            max_steps=total_steps or 10**9,
            seed=config.seed,
            data_seed=config.seed,
            save_strategy="no",
            eval_strategy="no",
            logging_strategy="no",
            report_to="none",
            disable_tqdm=True,  # the callback shows the true fraction (of steps or of the time budget)
            dataloader_pin_memory=False,
        )
        trainer = _trainer(model, args, dataset, collator, config, clock, losses)
        trainer.remove_callback(PrinterCallback)
        trainer.add_callback(_callback(clock, losses, show_progress))
        trainer.train()
    train_seconds = clock.elapsed()
    step = trainer.state.global_step

    model = trainer.model.cpu().eval()
    model.half().save_pretrained(out)  # fp16 halves the folder; the embedding table dominates it
    tokenizer.save_pretrained(out)
    # Loaders that honour config.dtype would otherwise run fp16 on CPU (slow, less accurate).
    config_file = out / "config.json"
    config_json = json.loads(config_file.read_text(encoding="utf-8"))
    config_file.write_text(json.dumps({**config_json, "dtype": "float32"}, indent=2) + "\n", encoding="utf-8")
    summary = {
        "sentences": len(sentences),
        "corpus_sha256": corpus_sha256(sentences),
        "vocab_full": len(full_vocab),
        "vocab_pruned": len(pruned),
        "vocab_source": vocab_source,
        "parameters": int(sum(p.numel() for p in model.parameters())),
        "steps": step,
        "epochs_seen": round(step * config.batch_size / len(encoded), 3),
        "loss_first": round(float(np.mean(losses[:20])), 4) if losses else None,
        "loss_last": round(float(np.mean(losses[-50:])), 4) if losses else None,
        "train_seconds": round(train_seconds, 1),
        "total_seconds": round(time.monotonic() - started, 1),
        "torch_threads": torch.get_num_threads(),
        "config": asdict(config),
        **(provenance or {}),
    }
    summary["summary"] = (
        f"raw BERT {config.layers}L/{config.hidden}H, MLM-pretrained here for {summary['epochs_seen']} epochs "
        f"on {len(sentences):,} sentences (teaching model: pick a pooling)"
    )
    (out / "metrics.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "README.md").write_text(model_card(out.name, summary), encoding="utf-8")
    return summary
