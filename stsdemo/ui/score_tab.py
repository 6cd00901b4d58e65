"""The "Score pairs" tab: pairs in, one similarity column per encoder out."""

from __future__ import annotations

import gradio as gr
import pandas as pd

from stsdemo.calibration import calibrated_models, calibration_for
from stsdemo.data.pairfile import read_pair_file
from stsdemo.encoders.choice import encoders_for
from stsdemo.encoders.discovery import cross_encoder_note
from stsdemo.encoders.registry import cross_encoder_choices
from stsdemo.encoders.vocabulary import oov_warning
from stsdemo.errors import DataError, UserError
from stsdemo.explain import explain_pair
from stsdemo.gate import uploaded_file
from stsdemo.inputs import MAX_PAIRS, clean_pairs
from stsdemo.plots.calibration import calibration_figure
from stsdemo.plots.explain import alignment_figure, attribution_html
from stsdemo.plots.score_table import score_table_html
from stsdemo.plots.scores import pair_scores_figure
from stsdemo.postprocess import fitted_on_reference
from stsdemo.scoring import rank_agreement, score_pairs, unreadable_pairs, with_readings
from stsdemo.specs import is_scorer, load
from stsdemo.threads import small_work
from stsdemo.ui.busy import cancel_button, while_running
from stsdemo.ui.common import (
    check_specs,
    error_message,
    labelled_model_choices,
    page_load_markdown,
    register_model_picker,
    visitor,
)
from stsdemo.ui.i18n import follow_language, language, message_text, say, t

#: Gradio injects a live progress tracker for a parameter defaulting to this; tqdm bars show in the UI.
PROGRESS = gr.Progress(track_tqdm=True)

EXAMPLES = {
    "English": [
        ["A man is playing a guitar.", "A man plays the guitar."],
        ["A man is playing a guitar.", "A woman is slicing an onion."],
        ["A dog is running in the park.", "A dog is not running in the park."],
        ["The cat sat on the mat.", "The mat sat on the cat."],
        ["How do I reset my password?", "I forgot my password, how can I change it?"],
    ],
    "中文": [
        ["今天天气很好。", "今天天气不错。"],
        ["花呗如何还款", "花呗怎么还钱"],
        ["一个男人在弹吉他。", "一个女人在切洋葱。"],
    ],
    "E-commerce 电商": [
        ["运动鞋", "红色跑鞋"],
        ["运动鞋", "真皮男士皮鞋"],
        ["running shoes", "red trainers for jogging"],
        ["running shoes", "leather office shoes"],
        ["phone case", "iPhone 15 protective cover"],
    ],
}

EXPLAIN = t("score.explain")  # English and Chinese in stsdemo/ui/i18n.toml


#: The example sets in each UI language's order: Chinese examples first in 中文.
EXAMPLE_ORDER = {"en": ["English", "中文", "E-commerce 电商"], "zh": ["中文", "E-commerce 电商", "English"]}
#: The encoders ticked at first in each UI language: MiniLM cannot read Chinese (its [UNK] warning),
#: so 中文 starts with the shipped Chinese encoder next to character TF-IDF.
DEFAULT_ENCODERS = {"en": ["minilm", "minilm:cls"], "zh": ["sts-mini-zh", "tfidf-zh"]}


def examples_for(lang: str, rows: pd.DataFrame | list | None, chosen: list[str] | None):
    """Follows the UI language (:func:`stsdemo.ui.i18n.follow_language`): the language's example sets
    first, its first set in the table and its default encoders, unless the user has changed them."""
    values = rows.values.tolist() if isinstance(rows, pd.DataFrame) else list(rows or [])
    untouched = not values or any(values == examples for examples in EXAMPLES.values())
    defaults = sorted(chosen or []) in (sorted(d) for d in DEFAULT_ENCODERS.values())
    encoders = gr.update(value=DEFAULT_ENCODERS[lang]) if defaults else gr.update()
    if not untouched:
        return gr.update(choices=EXAMPLE_ORDER[lang]), gr.update(), encoders
    first = EXAMPLE_ORDER[lang][0]
    return gr.update(choices=EXAMPLE_ORDER[lang], value=first), EXAMPLES[first], encoders


def pairs_from_upload(path: str | None) -> list[list[str]]:
    """Rows of an uploaded CSV/TSV/JSONL pair file: labels are ignored here, so a missing or bad label
    column never blocks scoring; only a file uploaded here is read (:func:`stsdemo.gate.uploaded_file`)."""
    dataset = read_pair_file(uploaded_file(path), ignore_labels=True)
    if len(dataset) > MAX_PAIRS:
        raise DataError(
            "The file has {n:,} pairs; the app scores at most {max:,} (use the CLI for more).",
            n=len(dataset),
            max=MAX_PAIRS,
        )
    return [[a, b] for a, b in dataset.pairs]


POSTS = ["none", "whitening", "flow"]


def run_scoring(
    rows: pd.DataFrame | list,
    chosen: list[str],
    hub_id: str,
    post: str = "none",
    progress=PROGRESS,
    request: gr.Request = None,
):
    """Callback ``/score``: validate, load, score; every number comes from :func:`score_pairs`."""
    try:
        values = rows.values.tolist() if isinstance(rows, pd.DataFrame) else list(rows or [])
        pairs = clean_pairs(values)
        specs = list(chosen or []) + ([hub_id.strip()] if hub_id and hub_id.strip() else [])
        if not specs:
            raise UserError(say("score.pick", request))
        check_specs(specs, visitor(request))
        models = []
        for spec in specs:
            model = load(spec)
            models.append(model)
            if post and post != "none" and not is_scorer(model):
                models.append(fitted_on_reference(model, post, "stsb:train", show_progress=True))
        # a few pairs: one torch thread (stsdemo.threads), which stays fast while heavy work runs
        table = small_work(score_pairs, pairs, models) if len(pairs) <= 16 else score_pairs(pairs, models, True)
        agreement = rank_agreement(table).reset_index(names="model")
        lang = language(request)
        shown = with_readings(table, models, show=lambda note: message_text(note, lang)).round(4)
        unreadable = unreadable_pairs(pairs, models)
        status = say("score.done", request, pairs=len(pairs), models=len(models)) + _readings_note(
            shown, unreadable, request
        )
        return status, shown, pair_scores_figure(table, unreadable, lang), agreement
    except Exception as err:  # noqa: BLE001 - every error becomes a message, never a traceback
        return error_message(err), pd.DataFrame(), None, EMPTY_AGREEMENT


#: the agreement table before a run (Gradio would show placeholder headers "1 2 3")
EMPTY_AGREEMENT = pd.DataFrame(columns=["model"])


def _follow_text(rows: pd.DataFrame | list | None, chosen: list[str]):
    """The pairs changed: tick an encoder that can read their language (:func:`encoders_for`)."""
    values = rows.values.tolist() if isinstance(rows, pd.DataFrame) else list(rows or [])
    wanted = encoders_for([str(x) for row in values[:100] for x in row if x], chosen)
    return gr.update(value=wanted) if wanted else gr.skip()


def _table_view(table: pd.DataFrame | None) -> str:
    return score_table_html(table, scorers=cross_encoder_choices(), lang=language())


def build() -> None:
    """Build the tab inside the current ``gr.Blocks``."""
    with gr.Tab(t("tab.score"), id="score"):
        with gr.Row():
            with gr.Column(scale=3):
                pairs = gr.Dataframe(
                    value=EXAMPLES["English"],
                    headers=["sentence 1", "sentence 2"],
                    column_count=2,
                    row_count=len(EXAMPLES["English"]),
                    interactive=True,
                    wrap=True,
                    elem_id="pairs",
                    label=t("score.pairs"),
                )
                with gr.Row():
                    example_set = gr.Radio(
                        list(EXAMPLES), value="English", label=t("score.examples"), elem_id="examples"
                    )
                    upload = gr.File(
                        label=t("score.file"),
                        file_types=[".csv", ".tsv", ".txt", ".jsonl"],
                        type="filepath",
                        elem_id="pairs-file",
                    )
                chosen = gr.CheckboxGroup(
                    labelled_model_choices(),
                    value=DEFAULT_ENCODERS["en"],
                    label=t("score.encoders"),
                    elem_id="encoders",
                )
                register_model_picker(chosen, labelled_model_choices)
                page_load_markdown(cross_encoder_note, "score-cross-note")  # how to build one, while none is here
                hub_id = gr.Textbox(
                    label=t("score.hub"),
                    placeholder=t("score.hub_placeholder"),
                    elem_id="hub-id",
                )
                post = gr.Radio(
                    POSTS,
                    value="none",
                    elem_id="score-post",
                    label=t("score.post"),
                )
                with gr.Row():
                    button = gr.Button(t("score.button"), variant="primary", elem_id="score-btn")
                    cancel = cancel_button("score-cancel")
            with gr.Column(scale=2):
                gr.Markdown(
                    EXPLAIN,
                    latex_delimiters=[
                        {"left": "$$", "right": "$$", "display": True},
                        {"left": "$", "right": "$", "display": False},
                    ],
                )
        status = gr.Markdown(elem_id="score-status")
        # the /score endpoint's table (full column names) stays a dataframe; the page shows its readable view
        result = gr.Dataframe(visible=False, interactive=False, elem_id="score-data")
        table = gr.HTML(label=t("score.table"), show_label=True, container=True, elem_id="score-table")
        plot = gr.Plot(label=t("score.plot"), elem_id="score-plot")
        agreement = gr.Dataframe(
            EMPTY_AGREEMENT,
            label=t("score.agreement"),
            interactive=False,
            elem_id="score-agreement",
        )
        result.change(_table_view, result, table, api_visibility="private", queue=False, show_progress="hidden")

        # Chinese pairs picked, typed or uploaded by the user get a Chinese encoder ticked (a change of
        # UI language sets its own encoders with its examples: examples_for)
        follow = {"fn": _follow_text, "inputs": [pairs, chosen], "outputs": chosen, "api_visibility": "private"}
        example_set.input(lambda name: EXAMPLES[name], example_set, pairs, api_visibility="private").then(**follow)
        follow_language(examples_for, [pairs, chosen], [example_set, pairs, chosen])
        pairs.input(**follow, queue=False)
        upload.upload(_load_upload, upload, [pairs, status], api_visibility="private", concurrency_id="light").then(
            **follow
        )
        while_running(
            button,
            cancel,
            status,
            fn=run_scoring,
            inputs=[pairs, chosen, hub_id, post],
            outputs=[status, result, plot, agreement],
            api_name="score",
            concurrency_id="light",
            concurrency_limit=4,
        )
        build_explain_panel()


def _readings_note(shown: pd.DataFrame, unreadable: dict, request: gr.Request | None = None) -> str:
    note = ""
    if any(c.endswith(" percentile") for c in shown.columns):
        note += say("score.readings", request)
    for notes in unreadable.values():
        note += "\n\n⚠️ " + message_text(next(n for n in notes if n), language(request))
    return note


def _load_upload(path: str | None, request: gr.Request = None):
    try:
        rows = pairs_from_upload(path)
        return rows, say("score.loaded", request, n=len(rows))
    except Exception as err:  # noqa: BLE001
        return gr.update(), error_message(err)


def explain_pair_view(sentence1: str, sentence2: str, spec: str, progress=PROGRESS, request: gr.Request = None):
    """Callback of the "Why this score" panel: every number comes from :func:`stsdemo.explain.explain_pair`."""
    try:
        [(a, b)] = clean_pairs([(sentence1, sentence2)])
        if not spec:
            raise UserError(say("why.pick", request))
        check_specs([spec], visitor(request))
        model = load(spec)
        result = explain_pair(model, a, b)
        kind = "cosine" if result.method == "integrated-gradients" else "score"
        complete = say("why.complete", request, steps=result.steps, kind=kind) if kind == "cosine" else ""
        summary = (
            say(
                "why.summary",
                request,
                model=result.model,
                kind=kind,
                cosine=result.cosine,
                baseline=result.baseline_cosine,
                total=result.attribution_sum,
                method=result.method + complete,
            )
            + "  \n"
            + say("why.legend", request)
        )
        warning = oov_warning(model, [a, b])
        if warning:
            summary += f"\n\n⚠️ {message_text(warning, language(request))}"
        tokens = (
            f"<div id='attr-1'><b>1</b> {attribution_html(result.tokens1, result.attribution1)}</div>"
            f"<div id='attr-2'><b>2</b> {attribution_html(result.tokens2, result.attribution2)}</div>"
        )
        return summary, alignment_figure(result, language(request)), tokens
    except Exception as err:  # noqa: BLE001
        return error_message(err), None, ""


def calibration_view(spec: str, request: gr.Request = None):
    """Callback: the calibration chart of a shipped encoder, or a message when it has none."""
    cal = calibration_for(spec or "")
    if cal is None:
        return say("calibration.none", request, spec=repr(spec)), None
    return say("calibration.on", request, reference=cal.reference), calibration_figure(cal, language(request))


def build_explain_panel() -> None:
    """ "Why this score" and "What a cosine means": two folded panels under the score table."""
    with gr.Accordion(t("why.title"), open=False, elem_id="why-panel"):
        gr.Markdown(t("why.intro"))
        with gr.Row():
            first = gr.Textbox(value="A man plays a guitar.", label=t("why.s1"), elem_id="why-s1")
            second = gr.Textbox(value="Someone is playing music.", label=t("why.s2"), elem_id="why-s2")
            spec = gr.Dropdown(
                labelled_model_choices(),
                value="minilm",
                label=t("why.encoder"),
                allow_custom_value=True,
                elem_id="why-model",
            )
            register_model_picker(spec, labelled_model_choices)
        button = gr.Button(t("why.button"), elem_id="why-btn")
        summary = gr.Markdown(elem_id="why-status")
        tokens = gr.HTML(elem_id="why-tokens")
        heatmap = gr.Plot(label=t("why.heatmap"), elem_id="why-heatmap")
        button.click(explain_pair_view, [first, second, spec], [summary, heatmap, tokens], api_name="explain")
    with gr.Accordion(t("calibration.title"), open=False, elem_id="calibration-panel"):
        gr.Markdown(t("calibration.intro"))
        which = gr.Dropdown(
            calibrated_models(), value="minilm:cls", label=t("calibration.encoder"), elem_id="calibration-model"
        )
        note = gr.Markdown(elem_id="calibration-status")
        chart = gr.Plot(label=t("calibration.plot"), elem_id="calibration-plot")
        which.change(calibration_view, which, [note, chart], api_visibility="private")
