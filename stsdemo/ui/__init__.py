"""The Gradio app: one module per tab, each exposing ``build()``; callbacks only adapt.

``build_app()`` returns the ``gr.Blocks``; ``app.py`` launches it.
"""

from __future__ import annotations

import gradio as gr

from stsdemo.ui import benchmark_tab, corpus_tab, geometry_tab, score_tab, train_tab
from stsdemo.ui.common import THEME

TABS = [score_tab, corpus_tab, geometry_tab, benchmark_tab, train_tab]

INTRO = """# STS Lab — semantic textual similarity, hands on
Score sentence pairs with real encoders, see why raw BERT vectors crowd into a narrow cone and how
whitening and flows fix it, benchmark on real STS sets, and fine-tune your own models.
Everything runs offline on CPU with the bundled all-MiniLM-L6-v2.
"""


def build_app() -> gr.Blocks:
    with gr.Blocks(title="STS Lab") as demo:
        gr.Markdown(INTRO)
        with gr.Tabs():
            for tab in TABS:
                tab.build()
        train_tab.wire_model_refresh()  # newly trained models appear in every tab's pickers
    demo.queue(default_concurrency_limit=2)
    return demo


def launch(demo: gr.Blocks, **kwargs) -> None:
    """Launch with the project's settings: system fonts, no share tunnel; the default post-processing
    lessons are fitted (or read from the disk cache) in the background meanwhile."""
    from stsdemo.warmup import warm_in_background

    warm_in_background()
    demo.launch(theme=THEME, share=False, max_file_size="100mb", **kwargs)
