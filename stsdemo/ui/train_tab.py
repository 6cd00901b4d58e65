"""The "Train" tab: pick a recipe and data, start a queued background run, watch it, compare geometry.

Training runs in :data:`stsdemo.training.queue.QUEUE`'s worker thread, not in the request: the page
polls the job with a ``gr.Timer``, so closing the tab does not stop the run, and a second user sees
their place in the queue. Finished models appear in the model pickers after a refresh
(:func:`register_model_picker` / :func:`wire_model_refresh`).
"""

from __future__ import annotations

import time
from pathlib import Path

import gradio as gr
import pandas as pd

from stsdemo import gate
from stsdemo.errors import UserError
from stsdemo.owners import LOCAL, PUBLIC_EVAL_ROWS, PUBLIC_MAX_STEPS, Visitor, public_mode
from stsdemo.plots.training import geometry_figure, loss_figure
from stsdemo.specs import load, load_encoder
from stsdemo.training import LORA_LR, RECIPES, SUGGESTED_DATA, recipe_module
from stsdemo.training.queue import QUEUE, Job
from stsdemo.training.run import TrainConfig, output_dir
from stsdemo.training.storage import delete_model, new_model_path, trained_models
from stsdemo.ui.common import (
    MODEL_PICKERS,
    base_choices,
    check_specs,
    error_message,
    register_model_picker,
    unlock_admin,
    visible_choices,
    visitor,
)

EXPLAIN = r"""
### Recipes
* **CoSENT** (Su 2022): for every two pairs in a batch with gold $s_i > s_j$, push $\cos_i$ above $\cos_j$:
  $\mathcal{L} = \log\big(1 + \sum_{s_i > s_j} e^{\lambda(\cos_j - \cos_i)}\big)$, $\lambda = 20$.
* **cosine / MSE** (SBERT): $\mathcal{L} = \frac1N\sum_i (\cos(u_i, v_i) - s_i/s_{max})^2$.
* **SimCSE, unsupervised**: each sentence twice through dropout is its own positive, the batch the negatives,
  $\mathcal{L}_i = -\log \frac{e^{\cos(h_i, h_i')/\tau}}{\sum_j e^{\cos(h_i, h_j')/\tau}}$, $\tau = 0.05$.
* **SimCSE, supervised**: NLI premise $\to$ entailment as positive, contradiction as a hard negative.
* **cross-encoder, BCE**: $p = \sigma(w^\top h_{[CLS]})$ on the joined pair,
  $\mathcal{L} = -[y\log p + (1-y)\log(1-p)]$.
* **LoRA**: freeze $W$, learn $W + \frac{\alpha}{r} BA$ with rank $r = 16$: about 3% of MiniLM's weights train.

Every run: fixed seed, the dev set scored during training, the best dev checkpoint kept (so the test score is
honest), a model card and `metrics.json` in `models/NAME/`. Runs queue one at a time on this server and
continue if you close the tab. 训练在后台排队运行，关闭页面不会中断；模型保存在 `models/` 下。
"""

_MODELS_CHANGED: list[gr.Textbox] = []


def wire_model_refresh() -> None:
    """Call once after all tabs are built, inside the Blocks: registered pickers refresh on every page
    load and after a run or a deletion.

    Pickers are filled when the app is built; without this, a model trained later would not appear in
    them until the server restarts.
    """
    from gradio.context import Context

    root = Context.root_block
    # only this app's pickers: build() may have run before for another Blocks (tests build several)
    pickers = [(c, f) for c, f in MODEL_PICKERS if root is None or c._id in root.blocks]
    if not pickers:
        return

    def refresh(request: gr.Request = None) -> list:
        who = visitor(request)
        return [gr.update(choices=visible_choices(choices(), who)) for _, choices in pickers]

    outputs = [component for component, _ in pickers]
    if _MODELS_CHANGED:
        _MODELS_CHANGED[0].change(refresh, outputs=outputs, api_visibility="private")
    if root is not None:
        root.load(refresh, outputs=outputs, api_visibility="private")


def progress_html(step: int, total: int, phase: str) -> str:
    """The bar under the Train button: a true fraction while training steps run, otherwise the phase
    in words on a moving (indeterminate) bar. "step 0/0 (0%)" during the base evaluation and "100%"
    while testing used to look frozen (issue 16).

    >>> "step 3/10 (30%)" in progress_html(3, 10, "training")
    True
    >>> "step 0/0" in progress_html(0, 0, "evaluating the base model on 100 dev pairs")
    False
    """
    if phase in ("training", "stopping") and total:
        share = min(100, round(100 * step / total))
        fill = f"background:#6366f1;width:{share}%"
        text = f"{phase}: step {step}/{total} ({share}%)"
    else:
        fill = "width:100%;background:repeating-linear-gradient(45deg,#c7d2fe 0 10px,#e0e7ff 10px 20px)"
        done = f" (training done: {step}/{total} steps)" if total and step else ""
        text = f"{phase}…{done}" if phase not in ("idle", "done", "queued", "failed", "cancelled") else phase
    return (
        f'<div style="border:1px solid #ccc;border-radius:6px;height:20px;position:relative;overflow:hidden">'
        f'<div style="{fill};height:100%;border-radius:6px"></div>'
        f'<span style="position:absolute;left:8px;top:0;font-size:13px;white-space:nowrap">{text}</span></div>'
    )


def jobs_table(who: Visitor = LOCAL) -> pd.DataFrame:
    """The queue; other sessions' jobs show only their number, state and progress."""
    rows = [
        {
            "job": j.id,
            "model": Path(j.config.out).name if who.may_control(j.owner) else "(another session)",
            "recipe": j.config.recipe if who.may_control(j.owner) else "",
            "state": j.state,
            "queue position": QUEUE.position(j.id) or "",
            "step": f"{j.progress.step}/{j.progress.total}",
        }
        for j in QUEUE.jobs()
    ]
    return pd.DataFrame(rows, columns=["job", "model", "recipe", "state", "queue position", "step"])


def models_table(who: Visitor = LOCAL) -> pd.DataFrame:
    return pd.DataFrame(trained_models(who), columns=["model", "kind", "MB", "about"])


def deletable(who: Visitor = LOCAL) -> list[str]:
    return [m["model"] for m in trained_models(who, deletable=True)]


def _float(value, name: str) -> float | None:
    if value in (None, "", 0):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise UserError(f"{name} must be a number, got {value!r}.") from None


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
            raise UserError(f"A model named {name} already exists and is not yours; pick another name.")
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
        where = "starting now" if position <= 1 and not _running_other(job) else f"queue position {position}"
        shown = f"your file {Path(upload).name}" if upload else source
        return job.id, job.id, f"Queued job #{job.id} ({where}): {recipe} on {shown} -> {name}."
    except Exception as err:  # noqa: BLE001 - every error becomes a message
        return None, None, error_message(err)


def _running_other(job: Job) -> bool:
    return any(j.state == "running" and j.id != job.id for j in QUEUE.jobs())


def describe(job: Job) -> str:
    if job.state == "queued":
        return f"Job #{job.id} waits: queue position {QUEUE.position(job.id)} (one training runs at a time)."
    if job.state == "failed":
        return gate.redact(f"⚠️ Job #{job.id} failed: {job.error}")
    if job.state == "cancelled":
        return f"Job #{job.id} was cancelled before it started."
    if job.state in ("done", "stopped"):
        how = "stopped early; best checkpoint saved" if job.state == "stopped" else "finished"
        return f"✅ Job #{job.id} {how}: {job.metrics['summary']} ({job.metrics['seconds']} s)."
    p = job.progress
    steps = f" (step {p.step}/{p.total})" if p.total else ""
    return f"Job #{job.id} is {p.phase}{steps}."


def poll(job_id, shown_points, request: gr.Request):
    """Timer callback: status, progress bar, loss curve (only when new points), jobs, finished model name."""
    try:
        who = visitor(request)
        jobs = jobs_table(who)
        if not job_id:
            return gr.skip(), gr.skip(), gr.skip(), shown_points, jobs, gr.skip()
        job = QUEUE.get(int(job_id), who)
        p = job.progress
        points = len(p.losses) + len(p.dev)
        figure = loss_figure(p.losses, p.dev) if points != shown_points else gr.skip()
        total = p.total or (job.metrics or {}).get("hyperparameters", {}).get("total_steps", 0)
        bar = progress_html(p.step, total, job.state if job.state != "running" else p.phase)
        finished = _model_name(job) if job.state in ("done", "stopped") else gr.skip()
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
        return f"Stop requested for job #{number}: the best checkpoint so far will be saved."
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
    from stsdemo.data import load_dataset
    from stsdemo.training.geometry import compare, sample_sentences

    try:
        if not model_name:
            return gr.skip(), gr.skip()
        check_specs([model_name, base], visitor(request))
        new = load_encoder(model_name, purpose="(a cross-encoder has no sentence vectors to project)")
        sentences = sample_sentences(load_dataset("stsb:test").sentences(), 300)
        results = compare({base or "minilm": load(base or "minilm"), model_name: new}, sentences)
        lines = [f"| {n} | {r['random_pair_cosine']:.3f} |" for n, r in results.items()]
        text = "| model | random-pair cosine |\n|---|---|\n" + "\n".join(lines)
        return geometry_figure(results, sentences), text
    except Exception as err:  # noqa: BLE001
        return None, error_message(err)


def delete(name: str, request: gr.Request):
    """Callback ``/delete_model``: delete a model this session trained (or, outside Space mode, an unowned one)."""
    who = visitor(request)
    try:
        path = delete_model(name, who)
        status = f"Deleted {path.name}."
    except Exception as err:  # noqa: BLE001
        status = error_message(err)
    return (
        status,
        models_table(who),
        gr.update(choices=deletable(who), value=None),
        gr.update(choices=visible_choices(base_choices(), who)),
        _stamp(),
    )


def after_training(name: str, request: gr.Request):
    who = visitor(request)
    return (
        models_table(who),
        gr.update(choices=deletable(who)),
        gr.update(choices=visible_choices(base_choices(), who)),
        _stamp(),
    )


def on_page_load(request: gr.Request):
    """This session's view of the models on disk, read when the page (re)loads."""
    who = visitor(request)
    return models_table(who), gr.update(choices=deletable(who), value=None), jobs_table(who)


def _stamp() -> str:
    """A new value for the hidden "models changed" box, whose change refreshes every registered picker."""
    return str(time.time())


def build() -> None:
    """Build the tab inside the current ``gr.Blocks``."""
    with gr.Tab("Train", id="train"):
        gr.Markdown(EXPLAIN, latex_delimiters=[{"left": "$", "right": "$", "display": False}])
        job_id = gr.State(None)
        shown_points = gr.State(-1)
        with gr.Row():
            with gr.Column(scale=2):
                recipe = gr.Dropdown(list(RECIPES), value="cosent", label="Recipe", elem_id="train-recipe")
                data = gr.Dropdown(
                    SUGGESTED_DATA["cosent"],
                    value="stsb:train",
                    allow_custom_value=True,
                    label="Training data (NAME:SPLIT)",
                    elem_id="train-data",
                )
                upload = gr.File(
                    label="...or your file: pairs with a score (CSV/TSV/JSONL), sentences (one per line) or NLI (TSV)",
                    type="filepath",
                    elem_id="train-file",
                )
                eval_spec = gr.Textbox(
                    label="Dev set (optional, NAME:SPLIT)",
                    placeholder="default: the data's dev split",
                    elem_id="train-eval",
                )
                out_name = gr.Textbox(label="Model name (saved as models/NAME)", value="my-model", elem_id="train-out")
                base = gr.Dropdown(base_choices(), value="minilm", label="Start from", elem_id="train-base")
            with gr.Column(scale=1):
                epochs = gr.Number(label="Epochs (0: recipe default)", value=None, elem_id="train-epochs")
                max_steps = gr.Number(label="Max steps (0: no cap)", value=100, precision=0, elem_id="train-max-steps")
                batch_size = gr.Number(
                    label="Batch size (0: recipe default)", value=None, precision=0, elem_id="train-batch"
                )
                lr = gr.Number(label="Learning rate (0: recipe default)", value=None, elem_id="train-lr")
                lora = gr.Checkbox(
                    label=f"LoRA (bi-encoders; default lr {LORA_LR:g})", value=False, elem_id="train-lora"
                )
                quick = gr.Checkbox(
                    label="Quick check: 200 training rows, 100 dev/test rows", value=False, elem_id="train-quick"
                )
                defaults = gr.Markdown(elem_id="train-defaults")
        with gr.Row():
            start_btn = gr.Button("Start training", variant="primary", elem_id="train-start")
            stop_btn = gr.Button("Stop", variant="stop", elem_id="train-stop")
        status = gr.Markdown(elem_id="train-status")
        bar = gr.HTML(progress_html(0, 0, "idle"), elem_id="train-progress")
        loss_plot = gr.Plot(label="Loss and dev score", elem_id="train-loss")
        with gr.Accordion("Queue", open=False):
            jobs = gr.Dataframe(jobs_table(), interactive=False, elem_id="train-jobs")
            with gr.Row():
                job_number = gr.Number(label="Job number (yours)", precision=0, elem_id="train-follow")
                follow_btn = gr.Button("Follow", elem_id="train-follow-btn")
        finished = gr.Textbox(visible=False, elem_id="train-finished")
        models_changed = gr.Textbox(visible=False, elem_id="train-models-changed")
        _MODELS_CHANGED[:] = [models_changed]
        gr.Markdown("### The new model's geometry next to the base model's")
        geometry_text = gr.Markdown(elem_id="train-geometry-text")
        geometry_plot = gr.Plot(elem_id="train-geometry")
        gr.Markdown("### Your models on disk")
        models = gr.Dataframe(models_table(), interactive=False, elem_id="train-models")
        with gr.Row():
            # filled per session on page load; custom values because an API call in a new session
            # names a model that was not in the list when the page was built (ownership is checked)
            to_delete = gr.Dropdown([], label="Model to delete", allow_custom_value=True, elem_id="train-delete-name")
            delete_btn = gr.Button("Delete", variant="stop", elem_id="train-delete")
        delete_status = gr.Markdown(elem_id="train-delete-status")
        with gr.Accordion("Space owner", open=False):
            token = gr.Textbox(label="Admin token (STSDEMO_ADMIN_TOKEN)", type="password", elem_id="train-admin")
            unlock_btn = gr.Button("Unlock", elem_id="train-admin-btn")
            unlock_status = gr.Markdown(elem_id="train-admin-status")
        register_model_picker(base, base_choices)

        def show_defaults(name):
            module = recipe_module(name)
            d = module.DEFAULTS
            text = (
                f"Defaults: {d['epochs']} epoch(s), batch {d['batch_size']}, lr {d['lr']:g}, warm-up {d['warmup']:.0%}."
            )
            return gr.update(choices=SUGGESTED_DATA[name], value=SUGGESTED_DATA[name][0]), text

        private = {"api_visibility": "private"}
        recipe.change(show_defaults, recipe, [data, defaults], **private)
        start_btn.click(
            start,
            [recipe, data, upload, eval_spec, out_name, base, epochs, max_steps, batch_size, lr, lora, quick],
            [job_id, job_number, status],
            api_name="train",
            concurrency_id="heavy",
            concurrency_limit=1,
        )
        stop_btn.click(stop, job_number, status, api_name="train_stop", concurrency_id="light")
        follow_btn.click(follow, job_number, [job_id, status], api_name="train_status", concurrency_id="light")
        timer = gr.Timer(2.0)
        timer.tick(
            poll,
            [job_id, shown_points],
            [status, bar, loss_plot, shown_points, jobs, finished],
            show_progress="hidden",
            concurrency_id="poll",
            concurrency_limit=None,
            **private,
        )
        finished.change(after_training, finished, [models, to_delete, base, models_changed], **private).then(
            compare_geometry, [finished, base], [geometry_plot, geometry_text], concurrency_id="heavy", **private
        )
        delete_btn.click(
            delete, to_delete, [delete_status, models, to_delete, base, models_changed], api_name="delete_model"
        )
        unlock_btn.click(unlock_admin, token, unlock_status, **private)
        from gradio.context import Context

        demo = Context.root_block
        if demo is not None:
            demo.load(on_page_load, outputs=[models, to_delete, jobs], **private)
