"""The Train tab's callbacks: thin adapters from the form to :data:`stsdemo.training.queue.QUEUE`.

Each returns component values (or ``gr.update``/``gr.skip``); errors become the status line. The tables
come from the core (:meth:`~stsdemo.training.queue.TrainingQueue.table`,
:func:`~stsdemo.training.storage.models_table`); the layout and wiring are in :mod:`stsdemo.ui.train_tab`.
"""

from __future__ import annotations

import time
from pathlib import Path

import gradio as gr

from stsdemo import gate
from stsdemo.errors import Message, UserError
from stsdemo.owners import PUBLIC_EVAL_ROWS, PUBLIC_MAX_STEPS, public_mode
from stsdemo.plots.training import geometry_figure, loss_figure
from stsdemo.specs import load, load_encoder
from stsdemo.training import RECIPES, SUGGESTED_DATA, recipe_module
from stsdemo.training.queue import FINISHED, QUEUE, Job
from stsdemo.training.run import TrainConfig, output_dir
from stsdemo.training.storage import deletable_models, delete_model, models_table, new_model_path, trained_models
from stsdemo.ui.common import base_choices, check_specs, error_message, visible_choices, visitor
from stsdemo.ui.i18n import language, message_text, say, text


def progress_html(step: int, total: int, phase: str, done: int = 0, of: int = 0, lang: str = "en") -> str:
    """The bar under the Train button: a true fraction while training steps run, and while an
    evaluation phase reads its ``of`` texts (``done`` so far); otherwise the phase in words on a moving
    bar. "step 0/0 (0%)" during the base evaluation and "100%" while testing used to look frozen (issue 16).
    Written in ``lang``: the phase (a :class:`~stsdemo.errors.Message` from the trainer, or a job's state) too.

    >>> "step 3/10 (30%)" in progress_html(3, 10, "training")
    True
    >>> "step 0/0" in progress_html(0, 0, "evaluating the base model on 100 dev pairs")
    False
    >>> "50/200 texts (25%)" in progress_html(0, 0, "evaluating the base model on 100 dev pairs", 50, 200)
    True
    """
    words = message_text(phase if isinstance(phase, Message) else Message(phase), lang)
    if phase in ("training", "stopping") and total:
        share = min(100, round(100 * step / total))
        fill = f"background:#6366f1;width:{share}%"
        label = text("train.bar_steps", lang, phase=words, step=step, total=total, share=share)
    elif of:
        share = min(100, round(100 * done / of))
        fill = f"background:#6366f1;width:{share}%"
        label = text("train.bar_texts", lang, phase=words, done=min(done, of), of=of, share=share)
    else:
        fill = "width:100%;background:repeating-linear-gradient(45deg,#c7d2fe 0 10px,#e0e7ff 10px 20px)"
        done = text("train.bar_done", lang, step=step, total=total) if total and step else ""
        label = f"{words}…{done}" if phase not in ("idle", "done", "queued", "failed", "cancelled") else words
    return (
        f'<div style="border:1px solid #ccc;border-radius:6px;height:20px;position:relative;overflow:hidden">'
        f'<div style="{fill};height:100%;border-radius:6px"></div>'
        f'<span style="position:absolute;left:8px;top:0;font-size:13px;white-space:nowrap">{label}</span></div>'
    )


def show_defaults(name: str):
    """Recipe picked: its suggested training data and its defaults in words."""
    d = recipe_module(name).DEFAULTS
    text = say("train.defaults", epochs=d["epochs"], batch=d["batch_size"], lr=d["lr"], warmup=d["warmup"])
    return gr.update(choices=SUGGESTED_DATA[name], value=SUGGESTED_DATA[name][0]), text


def _float(value, name: str) -> float | None:
    if value in (None, "", 0):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise UserError("{name} must be a number, got {value!r}.", name=name, value=value) from None


def start(
    recipe, data, upload, eval_spec, out_name, base, epochs, max_steps, batch_size, lr, lora, quick, request: gr.Request
):
    """Callback ``/train``: validate the form, queue the run; (job id for this page, job number, status).

    ``data`` and ``eval_spec`` must be catalogue names (``NAME:SPLIT``) and ``upload`` a file uploaded
    here (:mod:`stsdemo.gate`): a path on the server is refused before anything is read.
    """
    try:
        who = visitor(request)
        if recipe not in RECIPES:
            raise UserError("Pick a recipe.")
        name = gate.model_name(out_name)
        if not upload and not (data or "").strip():
            raise UserError("Pick training data or upload a file.")
        source = gate.data_source(data, upload, "The training data")
        dev = gate.dataset_spec(eval_spec, "The dev set") if (eval_spec or "").strip() else None
        check_specs(base, who)
        target = output_dir(str(new_model_path(name)))
        if target.exists() and not who.may_delete_model(target):
            raise UserError("A model named {name} already exists and is not yours; pick another name.", name=name)
        steps = int(max_steps) if max_steps else None
        eval_limit = 100 if quick else None
        if public_mode() and not who.admin:  # Space mode: short runs only
            steps = min(steps or PUBLIC_MAX_STEPS, PUBLIC_MAX_STEPS)
            eval_limit = min(eval_limit or PUBLIC_EVAL_ROWS, PUBLIC_EVAL_ROWS)
        config = TrainConfig(
            recipe=recipe,
            data=source,
            out=str(target),
            eval=dev,
            base=base or "minilm",
            epochs=_float(epochs, "Epochs"),
            max_steps=steps,
            batch_size=int(batch_size) if batch_size else None,
            lr=_float(lr, "Learning rate"),
            lora=bool(lora),
            limit=200 if quick else None,
            eval_limit=eval_limit,
        )
        job = QUEUE.submit(config, who, max_waiting=1 if public_mode() else None)
        position = QUEUE.position(job.id)
        now = position <= 1 and not _running_other(job)
        where = say("train.starting") if now else say("train.position", position=position)
        shown = say("train.your_file", name=Path(upload).name) if upload else source
        return job.id, job.id, say("train.queued", job=job.id, where=where, recipe=recipe, data=shown, model=name)
    except Exception as err:  # noqa: BLE001 - every error becomes a message
        return None, None, error_message(err)


def _running_other(job: Job) -> bool:
    return any(j.state == "running" and j.id != job.id for j in QUEUE.jobs())


def describe(job: Job) -> str:
    """The status line for a job, in the page's language (the phase and the summary too)."""
    if job.state == "queued":
        return say("train.waits", job=job.id, position=QUEUE.position(job.id))
    if job.state == "failed":
        return gate.redact("⚠️ " + say("train.failed", job=job.id, error=job.error))
    if job.state == "cancelled":
        # a running job stopped in its base-model evaluation ends "cancelled" too, with the reason as error
        return say("train.stopped_in_base_eval" if job.error else "train.cancelled", job=job.id)
    if job.state in FINISHED:
        key = "train.stopped_early" if job.state == "stopped" else "train.finished"
        summary = message_text(job.metrics["summary"], language())
        return say(key, job=job.id, summary=summary, seconds=job.metrics["seconds"])
    p = job.progress
    steps = say("train.steps", step=p.step, total=p.total) if p.total else ""
    return say("train.running", job=job.id, phase=message_text(p.phase, language()), steps=steps)


def poll(job_id, shown_points, request: gr.Request):
    """Timer callback: status, progress bar, loss curve (only when new points), jobs, finished model name."""
    try:
        who = visitor(request)
        jobs = QUEUE.table(who)
        if not job_id:
            return gr.skip(), gr.skip(), gr.skip(), shown_points, jobs, gr.skip()
        job = QUEUE.get(int(job_id), who)
        p = job.progress
        points = len(p.losses) + len(p.dev)
        figure = loss_figure(p.losses, p.dev, language(request)) if points != shown_points else gr.skip()
        total = p.total or (job.metrics or {}).get("hyperparameters", {}).get("total_steps", 0)
        if job.state == "running":
            bar = progress_html(p.step, total, p.phase, p.done, p.of, language(request))
        else:
            bar = progress_html(p.step, total, job.state, lang=language(request))
        finished = _model_name(job) if job.state in FINISHED else gr.skip()
        return describe(job), bar, figure, points, jobs, finished
    except Exception as err:  # noqa: BLE001
        return error_message(err), gr.skip(), gr.skip(), shown_points, gr.skip(), gr.skip()


def _model_name(job: Job) -> str:
    """The name the pickers list the job's model under (what ``load`` takes)."""
    out = output_dir(job.config.out)
    for m in trained_models():
        if Path(m["model"]).name == out.name and output_dir(m["model"]) == out:
            return m["model"]
    return job.config.out


def _job_number(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise UserError("Give a job number.") from None
    return number


def stop(job_number, request: gr.Request):
    """Callback ``/train_stop``: stop a running job of this session (its best checkpoint is kept) or cancel
    a queued one; another session's job is refused."""
    try:
        if job_number in (None, ""):
            raise UserError("No job of yours is running.")
        number = _job_number(job_number)
        QUEUE.stop(number, visitor(request))
        return say("train.stop_requested", job=number)
    except Exception as err:  # noqa: BLE001
        return error_message(err)


def follow(job_number, request: gr.Request):
    """Callback ``/train_status``: a job of this session by number (e.g. after reopening the page)."""
    try:
        job = QUEUE.get(_job_number(job_number), visitor(request))
        return job.id, describe(job)
    except Exception as err:  # noqa: BLE001
        return None, error_message(err)


def compare_geometry(model_name: str, base: str, request: gr.Request):
    """Random-pair cosine and UMAP of the base and the new model on 300 STS-B test sentences."""
    from stsdemo.data import load_pairs
    from stsdemo.training.geometry import compare, sample_sentences

    try:
        if not model_name:
            return gr.skip(), gr.skip()
        check_specs([model_name, base], visitor(request))
        new = load_encoder(model_name, purpose="(a cross-encoder has no sentence vectors to project)")
        sentences = sample_sentences(load_pairs("stsb:test").sentences(), 300)
        results = compare({base or "minilm": load(base or "minilm"), model_name: new}, sentences)
        lines = [f"| {n} | {r['random_pair_cosine']:.3f} |" for n, r in results.items()]
        text = say("train.geometry_table") + "\n|---|---|\n" + "\n".join(lines)
        return geometry_figure(results, sentences), text
    except Exception as err:  # noqa: BLE001
        return None, error_message(err)


def delete(name: str, request: gr.Request):
    """Callback ``/delete_model``: delete a model this session trained (or, outside Space mode, an unowned one)."""
    who = visitor(request)
    try:
        path = delete_model(name, who)
        status = say("train.deleted", name=path.name)
    except Exception as err:  # noqa: BLE001
        status = error_message(err)
    return (
        status,
        models_table(who),
        gr.update(choices=deletable_models(who), value=None),
        gr.update(choices=visible_choices(base_choices(), who)),
        stamp(),
    )


def after_training(name: str, request: gr.Request):
    """A run finished: refresh the models table, the delete picker, the base picker and the "changed" stamp."""
    who = visitor(request)
    return (
        models_table(who),
        gr.update(choices=deletable_models(who)),
        gr.update(choices=visible_choices(base_choices(), who)),
        stamp(),
    )


def on_page_load(request: gr.Request):
    """This session's view of the models on disk, read when the page (re)loads."""
    who = visitor(request)
    return models_table(who), gr.update(choices=deletable_models(who), value=None), QUEUE.table(who)


def stamp() -> str:
    """A new value for the hidden "models changed" box, whose change refreshes every registered picker."""
    return str(time.time())
