"""Corpus figures: the ordered similarity heatmap and the 2-D / 3-D projection."""

from __future__ import annotations

import textwrap

import numpy as np
import plotly.graph_objects as go

from stsdemo.plots.scores import _short
from stsdemo.strings import text


def _wrap(text: str) -> str:
    return "<br>".join(textwrap.wrap(text, 70)) or text


def heatmap_figure(
    matrix: np.ndarray, texts: list[str], groups: list[str] | None = None, lang: str = "en"
) -> go.Figure:
    """Cosine matrix ``(m, m)`` of ``texts`` (already in display order); hover shows both sentences.

    ``groups`` (cluster or label per text) is prefixed to the tick labels so blocks can be named.
    """
    ticks = [f"{g} · {_short(t, 30)}" if groups else _short(t, 30) for t, g in zip(texts, groups or texts, strict=True)]
    wrapped = [_wrap(t) for t in texts]
    hover = np.array([[f"{a}<br>↔<br>{b}" for b in wrapped] for a in wrapped], dtype=object)
    fig = go.Figure(
        go.Heatmap(
            z=matrix,
            x=list(range(len(texts))),
            y=list(range(len(texts))),
            customdata=hover,
            colorscale="Viridis",
            zmin=float(min(0.0, matrix.min())),
            zmax=1.0,
            colorbar={"title": text("plot.cosine", lang)},
            hovertemplate="%{customdata}<br>" + text("plot.cosine", lang) + " %{z:.3f}<extra></extra>",
        )
    )
    show_ticks = len(texts) <= 40
    axis = {"tickmode": "array", "tickvals": list(range(len(texts))), "ticktext": ticks, "showticklabels": show_ticks}
    fig.update_layout(
        xaxis={**axis, "showticklabels": False},
        yaxis={**axis, "autorange": "reversed"},
        height=max(420, min(900, 20 * len(texts) + 120)),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        template="plotly_white",
    )
    return fig


def projection_figure(
    points: np.ndarray, texts: list[str], colour: list[str] | None = None, title: str = ""
) -> go.Figure:
    """Scatter of ``points`` ``(n, 2)`` or ``(n, 3)``, one trace per colour group, hover = the sentence."""
    groups = colour if colour is not None else ["corpus"] * len(texts)
    fig = go.Figure()
    three_d = points.shape[1] == 3
    for group in dict.fromkeys(groups):
        idx = [i for i, g in enumerate(groups) if g == group]
        common = {
            "mode": "markers",
            "name": str(group),
            "text": [_wrap(texts[i]) for i in idx],
            "hovertemplate": "%{text}<extra>" + str(group) + "</extra>",
        }
        if three_d:
            xyz = {"x": points[idx, 0], "y": points[idx, 1], "z": points[idx, 2]}
            fig.add_trace(go.Scatter3d(**xyz, marker={"size": 3}, **common))
        else:
            fig.add_trace(
                go.Scattergl(x=points[idx, 0], y=points[idx, 1], marker={"size": 6, "opacity": 0.8}, **common)
            )
    fig.update_layout(
        title=title,
        height=560,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        template="plotly_white",
        legend={"itemsizing": "constant"},
    )
    return fig
