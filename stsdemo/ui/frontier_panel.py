"""The Benchmark tab's speed/accuracy panel: the committed frontier, and a quick re-measure here."""

from __future__ import annotations

import gradio as gr

from stsdemo.frontier import QUICK_SPECS, frontier_figure, load_results, measure_frontier
from stsdemo.ui.common import error_message
from stsdemo.ui.i18n import t

PROGRESS = gr.Progress()
QUICK = {"n_sentences": 256, "n_pairs": 300, "repeats": 1}

EXPLAIN = """
### Speed vs accuracy
Each point is an encoder: how fast it embeds STS-B test sentences on this CPU (batch 32) and how well
it ranks STS-B test pairs. **Stars** are the Pareto front: no other encoder is both faster and more
accurate. int8 backends run MiniLM's own weights in 8-bit integers (≈ same Spearman, several
times faster); `m2v-minilm` is MiniLM distilled into one vector per token (no attention at all: about
100× faster, ~16 points lower); TF-IDF needs no neural network. See `docs/speed.md`.

**中文**：每个点是一个编码器：横轴为本机 CPU 每秒编码的句子数（对数刻度），纵轴为 STS-B 测试集
Spearman。星号为帕累托前沿：没有别的编码器同时更快又更准。int8 后端以 8 位整数运行 MiniLM
的权重（精度几乎不变，速度快数倍）；`m2v-minilm` 把 MiniLM 蒸馏成每个词一个静态向量（无注意力，
约快 100 倍，低约 16 分）。
"""


def committed():
    """The committed frontier (``benchmarks/frontier.json``): status line, figure, table."""
    table, meta = load_results()
    if table.empty:
        return "No committed frontier yet: run `python -m benchmarks.frontier`.", None, table
    return f"Committed run: {meta.get('note', '')}.", frontier_figure(table), table


def measure_here(progress=PROGRESS):
    """Re-measure a few encoders on this machine (a subset: 256 sentences, 300 pairs)."""
    try:
        table = measure_frontier(QUICK_SPECS, on_step=lambda f, what: progress(f, desc=what), **QUICK)
        note = (
            f"Measured here just now: {QUICK['n_sentences']} sentences for speed, the first "
            f"{QUICK['n_pairs']} STS-B test pairs for Spearman (a subset: expect ±2 points against the full set)."
        )
        return note, frontier_figure(table, "Speed vs accuracy, measured on this machine"), table
    except Exception as err:  # noqa: BLE001 - shown as a message
        return error_message(err), None, None


def build() -> None:
    with gr.Accordion(t("frontier.title"), open=False):
        gr.Markdown(EXPLAIN)
        status, figure, table = committed()
        note = gr.Markdown(status, elem_id="frontier-status")
        plot = gr.Plot(figure, elem_id="frontier-plot")
        button = gr.Button(t("frontier.button"), elem_id="frontier-btn")
        frame = gr.Dataframe(table, interactive=False, elem_id="frontier-table")
        # a minute of full CPU: private (not a public endpoint) and queued with the other heavy work
        button.click(
            measure_here,
            None,
            [note, plot, frame],
            api_visibility="private",
            concurrency_id="heavy",
            concurrency_limit=1,
        )
