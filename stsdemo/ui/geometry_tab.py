"""The "Geometry" tab: why raw cosine is "always high", and what whitening and a flow change.

Callbacks only adapt: every number comes from :func:`stsdemo.geometry.analyse`.
"""

from __future__ import annotations

import math

import gradio as gr
import numpy as np
import pandas as pd

from stsdemo.cone import angles_to_mean
from stsdemo.encoders.choice import encoder_for
from stsdemo.encoders.registry import encoder_choices
from stsdemo.errors import UserError
from stsdemo.geometry import (
    DEFAULT_LESSON,
    PRESETS,
    analyse,
    cluster_labels,
    flow_verdict,
    lesson,
    preset,
    sentences_from_text,
    token_norm_table,
)
from stsdemo.metrics import rank_norm_correlation
from stsdemo.plots.geometry import cone_figure, cosine_histograms, projection_figure, spectrum_figure, token_norm_figure
from stsdemo.specs import load
from stsdemo.ui.busy import cancel_button, while_running
from stsdemo.ui.common import check_specs, error_message, labelled, register_model_picker, visitor
from stsdemo.ui.i18n import choices_in, follow_language, language, message_text, say, t
from stsdemo.ui.linked_hover import link_hover

PROGRESS = gr.Progress(track_tqdm=True)
LATEX = [{"left": "$$", "right": "$$", "display": True}, {"left": "$", "right": "$", "display": False}]
#: the metrics table before a run or after an error (Gradio would show placeholder headers "1 2 3")
EMPTY_TABLE = pd.DataFrame(columns=["metric", "raw", "why blank"])
FIT_SOURCES = {"the analysed sentences (target)": "target", "STS-B train (10k sentences)": "stsb:train"}


def _choices(names, lang: str = "en") -> list[tuple[str, str]]:
    """``names`` as choices labelled in ``lang``; each name is its own value."""
    return choices_in([(name, name) for name in names], lang)


def _sentence_set(preset_name: str, text: str, limit: int):
    if text and text.strip():
        chosen = sentences_from_text(text)
        chosen.sentences = chosen.sentences[: int(limit)]
        return chosen
    return preset(preset_name, int(limit))


def run_geometry(
    preset_name: str,
    text: str,
    limit: float,
    spec: str,
    posts: list[str],
    k: float,
    fit_source: str,
    flow_seconds: float,
    progress=PROGRESS,
    request: gr.Request = None,
):
    """Callback ``/geometry``: sentences -> analyse -> table + figures. Errors become a status message."""
    empty = (EMPTY_TABLE, None, None, None, None, None, None)
    try:
        check_specs(spec, visitor(request))
        data = _sentence_set(preset_name, text, limit)
        encoder = load(spec)
        if not hasattr(encoder, "encode"):
            raise UserError("{spec} is a cross-encoder: it has no sentence vectors to look at.", spec=spec)
        specs = [("whitening" if not k else f"whitening-{int(k)}") if p == "whitening" else p for p in posts or []]
        fit_on = FIT_SOURCES.get(fit_source, "target")
        shipped = not (text and text.strip())  # a preset: its vectors, fits and panels may be kept on disk
        result, index, points = lesson(encoder, data, specs, fit_on, flow_seconds, shipped, show_progress=True)
        table = result.table().round(4).reset_index()
        lang = language()
        table["why blank"] = [message_text(result.blank.get(metric, ""), lang) for metric in table["metric"]]
        labels = data.labels if data.labels and len(data.labels) == len(result.sentences) else None
        colours = labels or cluster_labels(result.vectors["raw"])
        shown = [result.sentences[i] for i in index]
        shown_colours = [colours[i] for i in index]
        umaps = [
            projection_figure(
                p, shown, shown_colours, name if name == "raw" else say("geometry.turned", name=name), index
            )
            for name, p in points.items()
        ]
        umaps += [None] * (3 - len(umaps))
        tokens = _token_figure(spec, result.sentences)
        status = _summary(result, spec)
        return (
            status,
            table,
            cosine_histograms(result, lang),
            spectrum_figure(result, lang=lang),
            *umaps[:3],
            tokens,
        )
    except Exception as err:  # noqa: BLE001 - every error becomes a message, never a traceback
        return (error_message(err), *empty)


def _token_figure(spec: str, sentences: list[str]):
    """Token norm vs frequency for the encoder's base model; ``None`` where there is no matrix."""
    try:
        table = token_norm_table(spec.split(":")[0], sentences)
    except UserError:
        return None
    return token_norm_figure(table, rank_norm_correlation(table), language())


def _summary(result, spec: str) -> str:
    """The status lines of a run, in the page's language (the flow's verdict too)."""
    lines = [say("geometry.summary", spec=spec, n=len(result.sentences))]
    raw = result.metrics["raw"]
    for name, m in result.metrics.items():
        line = say("geometry.variant", name=name, cosine=m["random_pair_cosine"], isotropy=m["isotropy"])
        if not math.isnan(m["spearman"]):
            line += say("geometry.spearman", spearman=100 * m["spearman"])
        info = result.fit_info.get(name, {})
        if "steps" in info:
            line += say(
                "geometry.flow",
                steps=info["steps"],
                seconds=info["seconds"],
                nll=info["heldout_nll"],
                gaussian=info["gaussian_heldout_nll"],
                verdict=message_text(flow_verdict(info), language()),
            )
        if info.get("reused"):
            line += " " + say("geometry.fit_reused")
        lines.append(line)
        if name != "raw" and m["spearman"] < raw["spearman"]:
            lines.append(say("geometry.lowered", name=name))
    return "\n".join(lines)


def _follow_text(text: str, current: str):
    """Own sentences changed: switch to an encoder that can read their language (:func:`encoder_for`)."""
    wanted = encoder_for((text or "").splitlines()[:200], current)
    return gr.update(value=wanted) if wanted else gr.skip()


def build() -> None:
    """Build the tab inside the current ``gr.Blocks``; starts UMAP's warm-up in the background."""
    from stsdemo.projection import warm_up

    warm_up(background=True)
    with gr.Tab(t("tab.geometry"), id="geometry"):
        with gr.Row():
            with gr.Column(scale=3):
                preset_name = gr.Radio(
                    _choices(PRESETS), value=DEFAULT_LESSON["preset"], label=t("geometry.preset"), elem_id="geo-preset"
                )
                text = gr.Textbox(
                    lines=5,
                    label=t("geometry.own"),
                    elem_id="geo-text",
                )
                with gr.Row():
                    spec = gr.Dropdown(
                        labelled(encoder_choices)(),
                        value=DEFAULT_LESSON["spec"],
                        label=t("geometry.encoder"),
                        allow_custom_value=True,  # any SPEC, e.g. minilm:cls@onnx-int8
                        elem_id="geo-encoder",
                    )
                    register_model_picker(spec, labelled(encoder_choices))
                    limit = gr.Slider(
                        50, 5000, value=DEFAULT_LESSON["limit"], step=50, label=t("geometry.limit"), elem_id="geo-limit"
                    )
                with gr.Row():
                    posts = gr.CheckboxGroup(
                        ["whitening", "flow"],
                        value=list(DEFAULT_LESSON["posts"]),
                        label=t("geometry.compare"),
                        elem_id="geo-posts",
                    )
                    k = gr.Slider(0, 384, value=0, step=8, label=t("geometry.k"), elem_id="geo-k")
                with gr.Row():
                    fit_source = gr.Radio(
                        _choices(FIT_SOURCES), value=list(FIT_SOURCES)[0], label=t("geometry.fit"), elem_id="geo-fit"
                    )
                    flow_seconds = gr.Slider(
                        5,
                        120,
                        value=DEFAULT_LESSON["flow_seconds"],
                        step=5,
                        label=t("geometry.flow_seconds"),
                        elem_id="geo-flow-s",
                    )
                # labels in the page's language; the values (the English names) stay what /geometry accepts
                follow_language(
                    lambda lang: [gr.update(choices=_choices(names, lang)) for names in (PRESETS, FIT_SOURCES)],
                    [],
                    [preset_name, fit_source],
                )
                with gr.Row():
                    button = gr.Button(t("geometry.button"), variant="primary", elem_id="geo-run")
                    cancel = cancel_button("geo-cancel")
            with gr.Column(scale=2):
                gr.Markdown(t("geometry.explain"), latex_delimiters=LATEX, elem_id="geo-explain")
        status = gr.Markdown(elem_id="geo-status")
        table = gr.Dataframe(EMPTY_TABLE, label=t("geometry.table"), interactive=False, elem_id="geo-table")
        hist = gr.Plot(label=t("geometry.hist"), elem_id="geo-hist")
        spectrum = gr.Plot(label=t("geometry.spectrum"), elem_id="geo-spectrum")
        gr.Markdown(t("geometry.umap_note"), elem_id="geo-umap-note")
        with gr.Row():
            umaps = [gr.Plot(label=f"UMAP {i + 1}", elem_id=f"geo-umap-{i + 1}") for i in range(3)]
        tokens = gr.Plot(label=t("geometry.tokens"), elem_id="geo-tokens")
        # Chinese sentences typed in get a Chinese encoder (MiniLM reads them as [UNK])
        text.change(_follow_text, [text, spec], spec, api_visibility="private", queue=False)
        run = while_running(
            button,
            cancel,
            status,
            fn=run_geometry,
            inputs=[preset_name, text, limit, spec, posts, k, fit_source, flow_seconds],
            outputs=[status, table, hist, spectrum, *umaps, tokens],
            api_name="geometry",
            concurrency_id="heavy",
            concurrency_limit=1,
        )
        link_hover(run, [umap.elem_id for umap in umaps])  # a sentence hovered in one UMAP is ringed in all
        build_cone_panel(preset_name, text, limit, spec)


#: Sentences shown in the 3-D cone view (a fitted whitening needs more than the 384 dimensions).
CONE_SENTENCES = 800


def run_cone(preset_name: str, text: str, limit: float, spec: str, progress=PROGRESS):
    """Callback of the cone panel: raw vs whitened unit vectors on the sphere (:mod:`stsdemo.cone`)."""
    try:
        data = _sentence_set(preset_name, text, min(int(limit), CONE_SENTENCES))
        encoder = load(spec)
        if not hasattr(encoder, "encode"):
            raise UserError("{spec} is a cross-encoder: it has no sentence vectors to look at.", spec=spec)
        result = analyse(encoder, data.sentences, ["whitening"], show_progress=True)
        angles = {name: float(np.median(angles_to_mean(x))) for name, x in result.vectors.items()}
        status = say("cone.status", angles=" · ".join(f"{n} {a:.0f}°" for n, a in angles.items()))
        return status, cone_figure(result.vectors, result.sentences, lang=language())
    except Exception as err:  # noqa: BLE001
        return error_message(err), None


def build_cone_panel(preset_name, text, limit, spec) -> None:
    """The cone made visible, under the UMAPs (which keep neighbourhoods, not directions)."""
    with gr.Accordion(t("cone.title"), open=False, elem_id="cone-panel"):
        gr.Markdown(t("cone.explain", sentences=CONE_SENTENCES), elem_id="cone-explain")
        button = gr.Button(t("cone.button"), elem_id="cone-run")
        status = gr.Markdown(elem_id="cone-status")
        plot = gr.Plot(show_label=False, elem_id="cone-plot")
        button.click(
            run_cone, [preset_name, text, limit, spec], [status, plot], api_visibility="private",
            concurrency_id="heavy", concurrency_limit=1,
        )  # fmt: skip
