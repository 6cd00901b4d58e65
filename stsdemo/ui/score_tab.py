"""The "Score pairs" tab: pairs in, one similarity column per encoder out."""

from __future__ import annotations

import gradio as gr
import pandas as pd

from stsdemo.data.pairfile import read_pair_file
from stsdemo.encoders.base import Encoder
from stsdemo.encoders.registry import cross_encoder_choices, encoder_choices, load
from stsdemo.errors import DataError, UserError
from stsdemo.gate import uploaded_file
from stsdemo.inputs import MAX_PAIRS, clean_pairs
from stsdemo.plots.scores import pair_scores_figure
from stsdemo.postprocess import fitted_on_reference
from stsdemo.results import render
from stsdemo.scoring import rank_agreement, score_pairs
from stsdemo.ui.common import check_specs, error_message, register_model_picker, visitor

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
    """Rows of an uploaded CSV/TSV/JSONL pair file (labels, if any, are ignored here); only a file
    uploaded here is read (:func:`stsdemo.gate.uploaded_file`)."""
    dataset = read_pair_file(uploaded_file(path))
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
            if post and post != "none" and isinstance(model, Encoder):
                models.append(fitted_on_reference(model, post, "stsb:train", show_progress=True))
        table = score_pairs(pairs, models, show_progress=True)
        agreement = rank_agreement(table).reset_index(names="model")
        shown = table.round(4)
        status = f"Scored {len(pairs)} pair(s) with {len(models)} model(s)."
        return status, shown, pair_scores_figure(table), agreement
    except Exception as err:  # noqa: BLE001 - every error becomes a message, never a traceback
        return error_message(err), pd.DataFrame(), None, pd.DataFrame()


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
                choices = encoder_choices() + cross_encoder_choices()
                chosen = gr.CheckboxGroup(choices, value=["minilm", "minilm:cls"], label="Encoders", elem_id="encoders")
                register_model_picker(chosen)
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
                button = gr.Button("Score", variant="primary", elem_id="score-btn")
            with gr.Column(scale=2):
                gr.Markdown(
                    EXPLAIN,
                    latex_delimiters=[
                        {"left": "$$", "right": "$$", "display": True},
                        {"left": "$", "right": "$", "display": False},
                    ],
                )
        status = gr.Markdown(elem_id="score-status")
        result = gr.Dataframe(label="Scores", interactive=False, wrap=True, elem_id="score-table")
        plot = gr.Plot(label="Scores per pair", elem_id="score-plot")
        agreement = gr.Dataframe(
            label="Rank agreement between models (Spearman)", interactive=False, elem_id="score-agreement"
        )

        example_set.change(lambda name: EXAMPLES[name], example_set, pairs, api_visibility="private")
        upload.upload(_load_upload, upload, [pairs, status], api_visibility="private", concurrency_id="light")
        button.click(
            run_scoring,
            [pairs, chosen, hub_id, post],
            [status, result, plot, agreement],
            api_name="score",
            concurrency_id="light",
            concurrency_limit=4,
        )


def _load_upload(path: str | None):
    try:
        rows = pairs_from_upload(path)
        return rows, f"Loaded {len(rows)} pair(s) from the file."
    except Exception as err:  # noqa: BLE001
        return gr.update(), error_message(err)
