"""Pair scores of several models as a dot chart: one row per pair, one colour per model."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from stsdemo.errors import Message
from stsdemo.strings import message_text, text


def _short(text: str, n: int = 38) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def pair_scores_figure(
    table: pd.DataFrame, unreadable: dict[str, list[Message | None]] | None = None, lang: str = "en"
) -> go.Figure:
    """Dot chart of :func:`stsdemo.scoring.score_pairs`' table (hover shows both sentences).

    Layout that holds with ten encoders and on a phone: rows are numbered as in the score table, each
    row's sentences are written above its dots (not as tick labels that squeeze the plot), and the
    legend sits under the x axis, where it cannot cover pairs 1-2. ``unreadable``
    (:func:`stsdemo.scoring.unreadable_pairs`) marks scores of pairs an encoder cannot read with an ✕
    and says so in words under the chart, in the page's language ``lang``.
    """
    unreadable = unreadable or {}
    rows = [f"#{i + 1}" for i in range(len(table))]
    fig = go.Figure()
    for column in table.columns[2:]:
        flags = unreadable.get(column, [None] * len(table))
        fig.add_trace(
            go.Scatter(
                x=table[column],
                y=rows,
                mode="markers",
                name=column,
                marker={"size": 11, "symbol": ["x" if f else "circle" for f in flags]},
                customdata=table[["sentence 1", "sentence 2"]].to_numpy(),
                hovertemplate="%{customdata[0]}<br>%{customdata[1]}<br>" + column + ": %{x:.3f}<extra></extra>",
            )
        )
    for row, a, b in zip(rows, table["sentence 1"], table["sentence 2"], strict=True):
        fig.add_annotation(
            text=f"{_short(a, 30)} ↔ {_short(b, 30)}", x=0, xref="paper", y=row, yshift=17, showarrow=False,
            xanchor="left", font={"color": "#555", "size": 11},
        )  # fmt: skip
    notes = sorted({"✕ " + message_text(next(n for n in notes if n), lang) for notes in unreadable.values()})
    legend_rows = -(-(len(table.columns) - 2) // 2)  # room for two entries a row: a phone's width
    for k, note in enumerate(notes):
        fig.add_annotation(
            text="⚠ " + note, xref="paper", yref="paper", x=0, y=0, yshift=-48 - 20 * k,
            showarrow=False, xanchor="left", yanchor="top", font={"color": "#b45309", "size": 12},
        )  # fmt: skip
    bottom = 60 + 20 * legend_rows + 20 * len(notes)
    fig.update_layout(
        xaxis_title=text("plot.scores.x", lang),
        yaxis={"type": "category", "range": [len(table) - 0.5, -0.8]},  # reversed: pair 1 on top
        height=bottom + 50 + 48 * len(table),
        margin={"l": 40, "r": 10, "t": 20, "b": bottom},
        legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0},
        template="plotly_white",
    )
    return fig
