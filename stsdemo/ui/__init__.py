"""The Gradio app: one module per tab, each exposing ``build()``; callbacks only adapt.

``build_app()`` returns the ``gr.Blocks``; ``app.py`` launches it. Safety settings live here:
uploads and result files in the app's own temp folder (:mod:`stsdemo.apptemp`), a session's files
deleted when it ends, heavy and light work in separate concurrency groups, and only the endpoints
listed in ``docs/api.md`` public.
"""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from stsdemo import apptemp
from stsdemo.owners import public_mode
from stsdemo.ui import benchmark_tab, corpus_tab, geometry_tab, learn_tab, score_tab, train_tab
from stsdemo.ui.common import THEME
from stsdemo.ui.i18n import language_switch, t, translator, wire_language

#: page-wide layout rules (wide tables, phone widths)
LAYOUT_CSS = Path(__file__).with_name("layout.css")

TABS = [learn_tab, score_tab, corpus_tab, geometry_tab, benchmark_tab, train_tab]


def _end_session(request: gr.Request):
    """The page closed: delete the session's scratch files."""
    apptemp.end_session(getattr(request, "session_hash", None))


def _housekeeping() -> None:
    """Space mode: delete app-trained models older than ``STSDEMO_EXPIRE_HOURS``."""
    if public_mode():
        from stsdemo.training.storage import expire_models

        expire_models(apptemp.max_age())


def mcp_requested(argv: list[str] | None = None) -> bool:
    """``--mcp`` on the command line or ``STSDEMO_MCP=1``."""
    import os
    import sys

    flag = os.environ.get("STSDEMO_MCP", "").strip().lower() in ("1", "true", "yes", "on")
    return flag or "--mcp" in (sys.argv[1:] if argv is None else argv)


def build_app(mcp: bool = False) -> gr.Blocks:
    """The whole app; with ``mcp`` also the four MCP tools of :mod:`stsdemo.ui.mcp_tools`."""
    apptemp.install()  # before any component: each records Gradio's cache folder when created
    age = int(apptemp.max_age())
    with gr.Blocks(title="STS Lab", delete_cache=(max(60, min(age, 3600)), age)) as demo:
        with gr.Row(equal_height=True, elem_id="app-header"):  # on a phone: two rows (layout.css)
            gr.Markdown(t("app.intro"))
            switch = language_switch()
        with gr.Tabs(overflow_behavior="wrap") as tabs:  # on a phone every tab stays in sight
            for tab in TABS:
                tab.build()
        learn_tab.wire_try_links(demo, tabs)  # lessons open other tabs with their inputs filled in
        train_tab.wire_model_refresh()  # newly trained models appear in every tab's pickers
        wire_language(demo, switch)  # English / 中文: the browser's language, or the switch's
        demo.unload(_end_session)
        if mcp:
            from stsdemo.ui import mcp_tools

            mcp_tools.add_tools(demo)
    demo.queue(default_concurrency_limit=2)
    apptemp.start_sweeper(also=_housekeeping)
    return demo


def launch(demo: gr.Blocks, mcp: bool = False, **kwargs) -> None:
    """Launch with the project's settings: system fonts, no share tunnel, the English / 中文 strings;
    ``mcp`` serves the MCP tools.
    The default post-processing lessons are fitted (or read from the disk cache) in the background."""
    from stsdemo.warmup import warm_in_background

    warm_in_background()
    demo.launch(
        theme=THEME,
        css_paths=[LAYOUT_CSS],
        share=False,
        max_file_size="100mb",
        mcp_server=mcp,
        i18n=translator(),
        **kwargs,
    )
