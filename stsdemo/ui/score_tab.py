"""The "Score pairs" tab: pairs in, one similarity column per encoder out."""

from __future__ import annotations

import gradio as gr
import pandas as pd

from stsdemo.calibration import calibrated_models, calibration_for
from stsdemo.data.pairfile import read_pair_file
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
from stsdemo.results import render
from stsdemo.scoring import rank_agreement, score_pairs, unreadable_pairs, with_readings
from stsdemo.specs import is_scorer, load
from stsdemo.threads import small_work
from stsdemo.ui.busy import cancel_button, while_running
from stsdemo.ui.common import (
    all_model_choices,
    check_specs,
    error_message,
    labelled_model_choices,
    register_model_picker,
    visitor,
)

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

EXPLAIN = render(
    r"""
### What the numbers mean
A **bi-encoder** maps each sentence to a vector $u$ on its own; similarity is the
**cosine** of the two vectors:
$$\cos(u, v) = \frac{u \cdot v}{\lVert u \rVert\,\lVert v \rVert} \in [-1, 1]$$
So a corpus is encoded once and compared many times (search, clustering). A **cross-encoder**
reads both sentences together and outputs one score: more accurate, but every pair costs a full
transformer pass.

**Pooling** turns token vectors into one sentence vector: `minilm` uses its *trained* mean pooling;
`minilm:cls` takes the [CLS] token, `:mean` averages the last layer's tokens (padding masked),
`:first-last-avg` averages layers 1 and 6, `:layer-1` the first layer, `:static` the embedding
layer alone (no context, a GloVe-like baseline). Raw poolings often give *all* pairs a high cosine:
compare the columns, and see the Geometry tab for why. Rank agreement (Spearman between columns)
shows whether two encoders order the pairs alike even when their scales differ.

**中文**: the bundled MiniLM has an English vocabulary, so most Chinese characters become `[UNK]`
(Spearman {{chinese_sts/stsb-zh:test/minilm/raw|spearman|1}} on Chinese STS-B): its Chinese scores are not meaningful.
Online, pick a Chinese hub
model such as `shibing624/text2vec-base-chinese` or `BAAI/bge-small-zh-v1.5`.

余弦相似度：$\cos(u,v)=u\cdot v/(\lVert u\rVert\lVert v\rVert)$。双塔（bi-encoder）分别编码两句再比较；
交叉编码器（cross-encoder）把两句拼在一起打分，更准但更慢。
"""
)


def pairs_from_upload(path: str | None) -> list[list[str]]:
    """Rows of an uploaded CSV/TSV/JSONL pair file: labels are ignored here, so a missing or bad label
    column never blocks scoring; only a file uploaded here is read (:func:`stsdemo.gate.uploaded_file`)."""
    dataset = read_pair_file(uploaded_file(path), ignore_labels=True)
    if len(dataset) > MAX_PAIRS:
        raise DataError(
            f"The file has {len(dataset):,} pairs; the app scores at most {MAX_PAIRS:,} (use the CLI for more)."
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
            raise UserError("Pick at least one encoder.")
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
        shown = with_readings(table, models).round(4)
        unreadable = unreadable_pairs(pairs, models)
        status = f"Scored {len(pairs)} pair(s) with {len(models)} model(s)." + _readings_note(shown, unreadable)
        return status, shown, pair_scores_figure(table, unreadable), agreement
    except Exception as err:  # noqa: BLE001 - every error becomes a message, never a traceback
        return error_message(err), pd.DataFrame(), None, EMPTY_AGREEMENT


#: the agreement table before a run (Gradio would show placeholder headers "1 2 3")
EMPTY_AGREEMENT = pd.DataFrame(columns=["model"])


def _table_view(table: pd.DataFrame | None) -> str:
    return score_table_html(table, scorers=cross_encoder_choices())


def build() -> None:
    """Build the tab inside the current ``gr.Blocks``."""
    with gr.Tab("Score pairs", id="score"):
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
                    label="Sentence pairs (edit, add rows, or upload a file)",
                )
                with gr.Row():
                    example_set = gr.Radio(list(EXAMPLES), value="English", label="Examples", elem_id="examples")
                    upload = gr.File(
                        label="CSV / TSV / JSONL with two text columns",
                        file_types=[".csv", ".tsv", ".txt", ".jsonl"],
                        type="filepath",
                        elem_id="pairs-file",
                    )
                chosen = gr.CheckboxGroup(
                    labelled_model_choices(),
                    value=["minilm", "minilm:cls"],
                    label="Encoders (grouped: trained · raw views of MiniLM · teaching · lexical · yours)",
                    elem_id="encoders",
                )
                register_model_picker(chosen, labelled_model_choices)
                gr.Markdown(cross_encoder_note, elem_id="score-cross-note")  # re-read on every page load
                hub_id = gr.Textbox(
                    label="Hugging Face Hub model id (online only)",
                    placeholder="e.g. BAAI/bge-small-zh-v1.5",
                    elem_id="hub-id",
                )
                post = gr.Radio(
                    POSTS,
                    value="none",
                    elem_id="score-post",
                    label="Post-processing (fitted once per encoder on the 10k STS-B train sentences; adds a column)",
                )
                with gr.Row():
                    button = gr.Button("Score", variant="primary", elem_id="score-btn")
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
        table = gr.HTML(label="Scores", show_label=True, container=True, elem_id="score-table")
        plot = gr.Plot(label="Scores per pair", elem_id="score-plot")
        agreement = gr.Dataframe(
            EMPTY_AGREEMENT,
            label="Rank agreement between models (Spearman)",
            interactive=False,
            elem_id="score-agreement",
        )
        result.change(_table_view, result, table, api_visibility="private", queue=False, show_progress="hidden")

        example_set.change(lambda name: EXAMPLES[name], example_set, pairs, api_visibility="private")
        upload.upload(_load_upload, upload, [pairs, status], api_visibility="private", concurrency_id="light")
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


def _readings_note(shown: pd.DataFrame, unreadable: dict) -> str:
    note = ""
    if any(c.endswith(" percentile") for c in shown.columns):
        note += (
            " *percentile*: share of random sentence pairs with a lower cosine for that encoder; "
            "*expected 0-5*: the STS score pairs with this cosine get on STS-B (isotonic fit). "
            "百分位：随机句对中余弦更低的比例；expected：STS-B 上该余弦对应的平均人工评分。"
        )
    for notes in unreadable.values():
        note += "\n\n⚠️ " + next(n for n in notes if n)
    return note


def _load_upload(path: str | None):
    try:
        rows = pairs_from_upload(path)
        return rows, f"Loaded {len(rows)} pair(s) from the file."
    except Exception as err:  # noqa: BLE001
        return gr.update(), error_message(err)


def explain_pair_view(sentence1: str, sentence2: str, spec: str, progress=PROGRESS, request: gr.Request = None):
    """Callback of the "Why this score" panel: every number comes from :func:`stsdemo.explain.explain_pair`."""
    try:
        [(a, b)] = clean_pairs([(sentence1, sentence2)])
        if not spec:
            raise UserError("Pick an encoder to explain.")
        check_specs([spec], visitor(request))
        model = load(spec)
        result = explain_pair(model, a, b)
        kind = "cosine" if result.method == "integrated-gradients" else "score"
        summary = (
            f"**{result.model}** {kind} **{result.cosine:.3f}**; blank-input baseline {result.baseline_cosine:.3f}; "
            f"token attributions sum to {result.attribution_sum:+.3f} ({result.method}"
            + (f", {result.steps} steps; complete: they add up to {kind} − baseline)" if kind == "cosine" else ")")
            + "  \n*Green tokens pull the score up, red ones pull it down (hover for the value).* "
            "绿色的词提高分数，红色的词降低分数。"
        )
        warning = oov_warning(model, [a, b])
        if warning:
            summary += f"\n\n⚠️ {warning}"
        tokens = (
            f"<div id='attr-1'><b>1</b> {attribution_html(result.tokens1, result.attribution1)}</div>"
            f"<div id='attr-2'><b>2</b> {attribution_html(result.tokens2, result.attribution2)}</div>"
        )
        return summary, alignment_figure(result), tokens
    except Exception as err:  # noqa: BLE001
        return error_message(err), None, ""


def calibration_view(spec: str):
    """Callback: the calibration chart of a shipped encoder, or a message when it has none."""
    cal = calibration_for(spec or "")
    if cal is None:
        return f"No calibration is shipped for {spec!r} (only for the bundled encoders).", None
    return f"Calibrated on {cal.reference}.", calibration_figure(cal)


def build_explain_panel() -> None:
    """ "Why this score" and "What a cosine means": two folded panels under the score table."""
    with gr.Accordion("Why this score? / 为什么是这个分数？", open=False, elem_id="why-panel"):
        gr.Markdown(
            "Token × token cosines of the contextual token vectors (the red box marks each token's best match, as "
            "in BERTScore), and each token's share of the cosine by integrated gradients (bi-encoders) or "
            "leave-one-token-out occlusion (cross-encoders). Also on the command line: "
            '`python -m stsdemo explain "S1" "S2" --model minilm`.\n\n'
            "逐词对齐（上下文词向量的余弦）与每个词对分数的贡献（积分梯度）。"
        )
        with gr.Row():
            first = gr.Textbox(value="A man plays a guitar.", label="sentence 1", elem_id="why-s1")
            second = gr.Textbox(value="Someone is playing music.", label="sentence 2", elem_id="why-s2")
            spec = gr.Dropdown(
                all_model_choices(), value="minilm", label="encoder", allow_custom_value=True, elem_id="why-model"
            )
            register_model_picker(spec)
        button = gr.Button("Explain", elem_id="why-btn")
        summary = gr.Markdown(elem_id="why-status")
        tokens = gr.HTML(elem_id="why-tokens")
        heatmap = gr.Plot(label="Token alignment", elem_id="why-heatmap")
        button.click(explain_pair_view, [first, second, spec], [summary, heatmap, tokens], api_name="explain")
    with gr.Accordion("What does a cosine mean? / 余弦值意味着什么？", open=False, elem_id="calibration-panel"):
        gr.Markdown(
            "Raw cosines are not comparable across encoders: raw CLS vectors give unrelated sentences 0.5. "
            "The score table therefore adds each cosine's *percentile* among random sentence pairs and the "
            "*expected* STS score (0-5). The chart shows one encoder's STS-B dev pairs and the fitted curve.\n\n"
            "不同编码器的余弦不可直接比较：表格给出随机句对中的百分位和预期 STS 分数。"
        )
        which = gr.Dropdown(calibrated_models(), value="minilm:cls", label="encoder", elem_id="calibration-model")
        note = gr.Markdown(elem_id="calibration-status")
        chart = gr.Plot(label="Calibration", elem_id="calibration-plot")
        which.change(calibration_view, which, [note, chart], api_visibility="private")
