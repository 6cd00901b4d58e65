"""One training run, whatever the recipe: seed, dev evaluation, best checkpoint, card and metrics.

A recipe module (``cosent``, ``cosine``, ``simcse_unsup``, ``simcse_sup``, ``cross_bce``) turns a
:class:`TrainConfig` into a :class:`Plan` (model, loss, training rows, dev evaluator, test set).
:func:`train` hands the plan to sentence-transformers' ``SentenceTransformerTrainer`` or
``CrossEncoderTrainer``: the dev set is evaluated every ``eval_steps`` and the best checkpoint by
the dev metric is reloaded at the end (``load_best_model_at_end``), so the test figure is of a
model selected on dev only.
"""

from __future__ import annotations

import json
import math
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stsdemo.data.pairs import PairDataset
from stsdemo.errors import Message, UserError
from stsdemo.paths import REPO_ROOT, model_roots
from stsdemo.training import LORA_LR

if TYPE_CHECKING:
    from transformers import TrainerCallback


@dataclass
class TrainConfig:
    """Everything that defines a run; ``None`` hyper-parameters take the recipe's ``DEFAULTS`` (see :func:`resolve`)."""

    recipe: str
    data: str
    out: str
    eval: str | None = None
    test: str | None = None
    base: str = "minilm"
    epochs: float | None = None
    max_steps: int | None = None
    batch_size: int | None = None
    lr: float | None = None
    warmup: float | None = None
    seed: int | None = None
    lora: bool = False
    eval_steps: int | None = None
    limit: int | None = None  # cap on training rows (quick runs, tests)
    eval_limit: int | None = None  # cap on dev / test rows


@dataclass
class Plan:
    """What a recipe hands to :func:`train`.

    ``metric`` is the dev evaluator's key used to pick the best checkpoint (greater is better);
    ``test`` is scored with :func:`stsdemo.evaluation.evaluate_pairs` after training.
    """

    model: Any  # SentenceTransformer | CrossEncoder
    loss: Any
    train_rows: Any  # datasets.Dataset
    dev: Any  # a sentence-transformers evaluator
    metric: str
    test: PairDataset | None
    cross: bool = False
    defaults: dict = field(default_factory=dict)
    notes: dict = field(default_factory=dict)


@dataclass
class Progress:
    """Live state of a run, updated by the trainer callback (read by the UI and the CLI)."""

    step: int = 0
    total: int = 0
    losses: list[tuple[int, float]] = field(default_factory=list)
    dev: list[tuple[int, float]] = field(default_factory=list)
    #: what the run is doing, in words (a :class:`~stsdemo.errors.Message`: the page translates it)
    phase: str = Message("preparing")
    #: texts read so far out of ``of`` in an evaluation phase (:mod:`stsdemo.training.counting`); 0 of 0 otherwise
    done: int = 0
    of: int = 0


def output_dir(out: str) -> Path:
    """Resolve ``--out``; it must be a new or existing folder strictly inside an allowed model root."""
    raw = Path(out).expanduser()
    path = (raw if raw.is_absolute() else REPO_ROOT / raw).resolve()
    roots = model_roots()
    if not any(root in path.parents for root in roots):
        raise UserError(
            f"Refused --out {out[:80]!r}: trained models are written under an allowed model root "
            "(models/ or a folder named in STSDEMO_MODELS)."
        )
    if path.exists() and not path.is_dir():
        raise UserError(f"--out {path.name[:80]!r} exists and is not a folder.")
    return path


#: the fields of :class:`TrainConfig` a recipe's ``DEFAULTS`` fill in
HYPERPARAMETERS = ("epochs", "batch_size", "lr", "warmup", "seed")


def resolve(config: TrainConfig) -> TrainConfig:
    """``config`` with every hyper-parameter left ``None`` taken from its recipe's ``DEFAULTS``.

    The recipe modules' ``DEFAULTS`` are the only place defaults live (a LoRA run's lr is
    :data:`~stsdemo.training.LORA_LR`); the CLI and the Train tab pass ``None`` for what the user
    left empty, so all three resolve a run the same way.
    """
    from stsdemo.training import recipe_module

    defaults = {**recipe_module(config.recipe).DEFAULTS, **({"lr": LORA_LR} if config.lora else {})}
    return replace(config, **{k: defaults[k] for k in HYPERPARAMETERS if getattr(config, k) is None})


def _steps(n_rows: int, batch_size: int, epochs: float, max_steps: int) -> int:
    return max_steps if max_steps > 0 else max(1, math.ceil(n_rows / batch_size) * math.ceil(epochs))


def train(
    config: TrainConfig,
    stop: threading.Event | None = None,
    notify: Callable[[Progress], None] | None = None,
) -> dict:
    """Run ``config`` and write ``config.out`` (model, ``README.md`` card, ``metrics.json``).

    Returns the metrics dict written to ``metrics.json``; ``notify`` is called with the live
    :class:`Progress`. ``stop``, once set, ends the phase that is running, within a batch or a step:

    * the base-model evaluation: :class:`~stsdemo.cancel.Cancelled` is raised, nothing is written;
    * training: the best checkpoint so far is kept and scored (``stopped_early``);
    * the final scoring (``stop`` is cleared when it starts, so this takes a Stop given during it):
      the model is saved without a test figure, its dev score the one the trainer measured for the
      kept checkpoint (``scoring_stopped``).
    """
    from stsdemo.cancel import Cancelled, CancelToken, cancellable
    from stsdemo.training import recipe_module
    from stsdemo.training.counting import count_texts  # torch: imported when training, not for --help

    out = output_dir(config.out)
    config = resolve(config)
    module = recipe_module(config.recipe)
    progress = Progress()
    started = time.perf_counter()
    import transformers

    transformers.set_seed(config.seed)
    plan: Plan = module.prepare(config)
    hp = {k: getattr(config, k) for k in ("epochs", "max_steps", "batch_size", "lr", "warmup", "seed", "lora")}
    total = _steps(len(plan.train_rows), hp["batch_size"], hp["epochs"], hp["max_steps"] or -1)
    eval_steps = min(config.eval_steps or max(5, math.ceil(total / 8)), total)  # at least one dev evaluation
    config = replace(config, eval_steps=eval_steps)  # the card's reproduce command pins it
    lora_share = None
    if config.lora:
        from stsdemo.training.lora import add_lora

        lora_share = add_lora(plan.model)  # the cross-encoder recipe refuses --lora in its prepare()

    n_dev = _pairs(plan.dev)
    progress.phase = (
        Message("evaluating the base model on {n:,} dev pairs", n=n_dev)
        if n_dev
        else Message("evaluating the base model")
    )
    if notify:
        notify(progress)
    token = CancelToken(stop) if stop is not None else None
    with cancellable(token), count_texts(plan.model, progress, _texts(plan.dev), notify):
        dev_before = float(plan.dev(plan.model)[plan.metric])

    from stsdemo.training.monitor import Monitor  # transformers: imported when training, not for --help

    monitor = Monitor(progress, plan.metric, stop, notify)
    if config.lora:
        from stsdemo.training.lora import KeepBestAdapter, merge_lora

        keeper = KeepBestAdapter(plan.model, plan.metric)
        _trainer(plan, hp, eval_steps, None, [monitor, keeper]).train()
        keeper.restore()
        merge_lora(plan.model)
        best = keeper.best
    else:
        checkpoints = Path(tempfile.mkdtemp(prefix=".checkpoints-", dir=out.parent if out.parent.exists() else None))
        try:
            trainer = _trainer(plan, hp, eval_steps, checkpoints, [monitor])
            trainer.train()
            best = trainer.state.best_metric
        finally:
            shutil.rmtree(checkpoints, ignore_errors=True)

    n_test = _pairs(plan.test) if plan.test is not None else 0
    if plan.test is None:
        progress.phase = Message("scoring the kept checkpoint on the dev set")
    elif n_test:
        progress.phase = Message("scoring the kept checkpoint on the dev set and {n:,} test pairs", n=n_test)
    else:
        progress.phase = Message("scoring the kept checkpoint on the dev set and the test set")
    if notify:
        notify(progress)
    stopped_early = stop is not None and stop.is_set()
    if stop is not None:
        stop.clear()  # from here a Stop ends the scoring, not the run: the trained model is still saved
    try:
        with (
            cancellable(token),
            count_texts(plan.model, progress, _texts(plan.dev) + _texts(plan.test, plan.cross), notify),
        ):
            dev_after = float(plan.dev(plan.model)[plan.metric])
            test = _test_scores(plan)
        scoring_stopped = False
    except Cancelled:
        dev_after, test, scoring_stopped = (None if best is None else float(best)), None, True
    seconds = time.perf_counter() - started
    metrics = {
        "recipe": config.recipe,
        "base": config.base,
        "data": config.data,
        "eval": plan.notes.get("eval", config.eval),
        "test_set": plan.test.name if plan.test is not None else None,
        "test_metric": _primary_metric(plan.test),
        "hyperparameters": {**hp, "eval_steps": eval_steps, "total_steps": total},
        "config": asdict(config),
        "train_rows": len(plan.train_rows),
        "test_rows": len(plan.test) if plan.test is not None else None,
        "quick_run": bool(config.limit or config.eval_limit),
        "steps_done": progress.step,
        "stopped_early": stopped_early or scoring_stopped,
        "scoring_stopped": scoring_stopped,
        "dev_metric": plan.metric,
        "dev_before": dev_before,
        "dev_best_during_training": None if best is None else float(best),
        "dev": dev_after,
        "test": test,
        "losses": progress.losses,
        "dev_curve": progress.dev,
        "lora_trainable_share": lora_share,
        "seconds": round(seconds, 1),
        **plan.notes,
    }
    metrics["summary"] = _summary(metrics)
    _save(plan, out, metrics)
    progress.phase = Message("done")
    if notify:
        notify(progress)
    return metrics


def _pairs(data) -> int:
    """How many pairs an evaluation phase scores, for its name; 0 when the evaluator does not say."""
    return len(data) if isinstance(data, PairDataset) else len(getattr(data, "sentences1", None) or [])


def _texts(data, cross: bool = False) -> int:
    """How many texts the model reads to score ``data``: a dev evaluator encodes both sides of every
    pair (a cross-encoder's reads each pair once); our test scoring encodes each distinct sentence once."""
    if data is None:
        return 0
    if isinstance(data, PairDataset):
        return len(data) if cross else len(data.sentences())
    if pairs := getattr(data, "sentence_pairs", None):
        return len(pairs)
    return 2 * len(getattr(data, "sentences1", None) or [])


def _trainer(plan: Plan, hp: dict, eval_steps: int, checkpoints: Path | None, callbacks: list[TrainerCallback]):
    """The sentence-transformers trainer; with ``checkpoints`` it keeps the best dev checkpoint there."""
    keep_best = checkpoints is not None
    common = dict(
        output_dir=str(checkpoints) if keep_best else tempfile.gettempdir(),
        num_train_epochs=hp["epochs"],
        max_steps=hp.get("max_steps") or -1,
        per_device_train_batch_size=hp["batch_size"],
        per_device_eval_batch_size=hp["batch_size"],
        learning_rate=hp["lr"],
        warmup_steps=hp["warmup"],
        seed=hp["seed"],
        data_seed=hp["seed"],
        eval_strategy="steps",
        eval_steps=eval_steps,
        save_strategy="steps" if keep_best else "no",
        save_steps=eval_steps,
        save_total_limit=1,
        save_only_model=True,
        load_best_model_at_end=keep_best,
        metric_for_best_model=f"eval_{plan.metric}",
        greater_is_better=True,
        logging_steps=max(1, min(10, eval_steps // 2)),
        report_to="none",
        use_cpu=True,
        dataloader_num_workers=0,
    )
    if plan.cross:
        from sentence_transformers import CrossEncoderTrainer, CrossEncoderTrainingArguments

        args = CrossEncoderTrainingArguments(**common)
        trainer_cls = CrossEncoderTrainer
    else:
        from sentence_transformers import SentenceTransformerTrainer, SentenceTransformerTrainingArguments
        from sentence_transformers.base.sampler import BatchSamplers

        batch_sampler = plan.defaults.get("batch_sampler", BatchSamplers.BATCH_SAMPLER)
        args = SentenceTransformerTrainingArguments(**common, batch_sampler=batch_sampler)
        trainer_cls = SentenceTransformerTrainer
    return trainer_cls(
        model=plan.model,
        args=args,
        train_dataset=plan.train_rows,
        loss=plan.loss,
        evaluator=plan.dev,
        callbacks=callbacks,
    )


def _test_scores(plan: Plan) -> dict | None:
    if plan.test is None:
        return None
    from stsdemo.cache import invalidate
    from stsdemo.encoders.cross import CrossEncoderScorer
    from stsdemo.encoders.sentence import SentenceEncoder
    from stsdemo.evaluation import evaluate_pairs

    wrapped = CrossEncoderScorer(plan.model, "training") if plan.cross else SentenceEncoder(plan.model, "training")
    try:
        scores = {k: v if isinstance(v, str) else float(v) for k, v in evaluate_pairs(wrapped, plan.test).items()}
        if plan.cross and plan.test.kind == "binary":  # a sigmoid output has a natural threshold, not tuned on test
            predicted = wrapped.score(plan.test.pairs) >= 0.5
            scores["accuracy_at_0.5"] = float((predicted == (plan.test.labels >= 0.5)).mean())
        return scores
    finally:
        invalidate("training")  # vectors of the in-training model must not be served under its temporary id


def _summary(m: dict) -> Message:
    test = m["test"] or {}
    main = m.get("test_metric") if test else None
    test_part = (
        Message(", test {name} {metric} {score:.2f}", name=m["test_set"], metric=main, score=100 * test[main])
        if main
        else ""
    )
    return Message(
        "{recipe}{lora} on {data} from {base}: dev {dev}{test}{stopped}{note}",
        recipe=m["recipe"],
        lora=" LoRA" if m["lora_trainable_share"] is not None else "",
        data=m["data"],
        base=m["base"],
        dev="-" if m["dev"] is None else f"{100 * m['dev']:.2f}",
        test=test_part,
        stopped=Message(" (stopped while scoring: no test figure)") if m.get("scoring_stopped") else "",
        note=quick_run_note(m),
    )


def quick_run_note(m: dict) -> Message | str:
    """The caveat a quick run's scores carry wherever they are listed ("" for a full run).

    A quick check trains on 200 rows and tests on the first 100: its test figure (93.4 for MiniLM
    on the head of STS-B test) is neither a trained model's score nor comparable to full runs.

    >>> quick_run_note({"quick_run": True, "train_rows": 200, "test_rows": 100})
    ' (quick run: 200 training rows, 100 test rows; not comparable to full runs)'
    >>> quick_run_note({"quick_run": False, "train_rows": 5749, "test_rows": 1379})
    ''
    """
    if not m.get("quick_run"):
        return ""
    if m.get("test_rows"):
        return Message(
            " (quick run: {train:,} training rows, {test:,} test rows; not comparable to full runs)",
            train=m["train_rows"],
            test=m["test_rows"],
        )
    return Message(" (quick run: {train:,} training rows; not comparable to full runs)", train=m["train_rows"])


def _save(plan: Plan, out: Path, metrics: dict) -> None:
    from stsdemo.training.card import write_card

    out.mkdir(parents=True, exist_ok=True)
    plan.model.save(str(out))
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False), encoding="utf-8")
    write_card(out, metrics)
    forget_model(out)


def forget_model(path: Path) -> None:
    """Free the memory held for a re-written or deleted model (:func:`stsdemo.cache.invalidate`).

    Correctness does not depend on it: cache entries are keyed by the folder's fingerprint, so a
    rewritten folder is never answered from its old entries.
    """
    from stsdemo.cache import invalidate

    invalidate(path)


def _primary_metric(test: PairDataset | None) -> str | None:
    from stsdemo.evaluation import primary_metric

    return primary_metric(test) if test is not None else None
