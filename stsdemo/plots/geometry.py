"""Figures of the Geometry tab: cosine histograms, variance spectra, 2-D projections, token norms.

Scatter plots use WebGL (``go.Scattergl``): thousands of points stay smooth in the browser.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from stsdemo.geometry import GeometryResult
from stsdemo.strings import text

_LAYOUT = {"template": "plotly_white", "margin": {"l": 10, "r": 10, "t": 50, "b": 40}}


def cosine_histograms(result: GeometryResult, lang: str = "en") -> go.Figure:
    """Per variant: cosine of random pairs vs paraphrase pairs (the raw "cone": all near 0.5+); words in ``lang``."""
    names = list(result.random_cosines)
    fig = make_subplots(rows=1, cols=len(names), subplot_titles=names, shared_yaxes=True)
    for col, name in enumerate(names, 1):
        groups = [(text("plot.random_pairs", lang), result.random_cosines[name], "#7f7f7f")]
        if len(result.positive_cosines[name]):
            groups.append((text("plot.paraphrases", lang), result.positive_cosines[name], "#3b5bdb"))
        for label, values, colour in groups:
            fig.add_trace(
                go.Histogram(
                    x=values,
                    name=label,
                    legendgroup=label,
                    showlegend=col == 1,
                    histnorm="probability density",
                    xbins={"start": -1, "end": 1, "size": 0.04},
                    marker_color=colour,
                    opacity=0.6,
                ),
                row=1,
                col=col,
            )
        fig.update_xaxes(range=[-1, 1], title_text=text("plot.cosine", lang), row=1, col=col)
    fig.update_layout(barmode="overlay", height=320, legend={"orientation": "h", "y": -0.25}, **_LAYOUT)
    return fig


def spectrum_figure(result: GeometryResult, top: int = 100, lang: str = "en") -> go.Figure:
    """Share of variance per principal component (log scale): a steep head = anisotropy."""
    fig = go.Figure()
    for name, shares in result.spectra.items():
        k = min(top, len(shares))
        fig.add_trace(go.Scatter(x=np.arange(1, k + 1), y=shares[:k], mode="lines+markers", name=name))
    fig.update_layout(
        xaxis_title=text("plot.component", lang),
        # one labelled tick per decade, as percentages: minor ticks read "4, 3, 2, 0.01" before
        yaxis={"title": text("plot.variance", lang), "type": "log", "dtick": 1, "tickformat": ".2~%"},
        height=320,
        legend={"orientation": "h", "y": 1.12},
        **_LAYOUT,
    )
    return fig


def projection_figure(
    points: np.ndarray,
    sentences: Sequence[str],
    colours: Sequence[str],
    title: str,
    ids: Sequence[int] | None = None,
) -> go.Figure:
    """2-D projection, one WebGL trace per colour group; hover shows the sentence. ``ids`` (one per
    point, default 0..n-1) go to ``customdata``, so panels of the same sentences can be linked
    (:mod:`stsdemo.ui.linked_hover`)."""
    frame = pd.DataFrame({"x": points[:, 0], "y": points[:, 1], "text": list(sentences), "group": list(colours)})
    frame["id"] = np.arange(len(frame)) if ids is None else np.asarray(ids)
    fig = go.Figure()
    for group, rows in frame.groupby("group", sort=True):
        fig.add_trace(
            go.Scattergl(
                x=rows["x"],
                y=rows["y"],
                mode="markers",
                name=str(group),
                text=rows["text"],
                customdata=rows["id"].to_numpy(),
                hovertemplate="%{text}<extra>" + str(group) + "</extra>",
                marker={"size": 5, "opacity": 0.75},
            )
        )
    fig.update_layout(
        title=title,
        height=380,
        xaxis={"showticklabels": False},
        yaxis={"showticklabels": False},
        legend={"orientation": "h", "y": -0.05},
        **_LAYOUT,
    )
    return fig


def token_norm_figure(table: pd.DataFrame, rho: float, lang: str = "en") -> go.Figure:
    """Token-embedding norm against frequency rank (log x); hover shows the token and its count."""
    fig = go.Figure(
        go.Scattergl(
            x=table["rank"],
            y=table["norm"],
            mode="markers",
            text=table.get("token", table["token_id"].astype(str)),
            customdata=table["count"],
            hovertemplate="%{text}: rank %{x}, count %{customdata}, norm %{y:.3f}<extra></extra>",
            marker={"size": 4, "opacity": 0.5},
        )
    )
    fig.update_layout(
        title=text("plot.token_norm", lang, rho=rho),
        xaxis={"title": text("plot.frequency_rank", lang), "type": "log"},
        yaxis_title=text("plot.norm", lang),
        height=340,
        **_LAYOUT,
    )
    return fig


#: one colour per variant in the cone view (raw, whitening, flow)
CONE_COLOURS = ["#e8590c", "#4c6ef5", "#2b8a3e"]


def cone_figure(
    vectors: dict[str, np.ndarray], sentences: Sequence[str], max_points: int = 600, lang: str = "en"
) -> go.Figure:
    """The unit vectors of every variant on one sphere (:func:`stsdemo.cone.sphere_coordinates`, each
    in its own axes: mean direction, top two principal directions), over their angle-to-mean histograms.

    One column, so the view fits a phone as well as a desktop: raw points bunch on a cap while
    whitened ones cover the sphere, in the same picture. Hovering a point names its sentence, with
    the same ``#index`` in every variant; click a legend entry to hide a variant.
    """
    from stsdemo.cone import angles_to_mean, sphere_coordinates

    index = np.arange(min(len(sentences), max_points))
    fig = make_subplots(
        rows=2, cols=1, row_heights=[0.7, 0.3], vertical_spacing=0.1,
        specs=[[{"type": "scene"}], [{"type": "xy"}]],
        subplot_titles=[text("plot.sphere", lang), text("plot.angles", lang)],
    )  # fmt: skip
    labels = [f"#{i}: {sentences[i][:80]}" for i in index]
    for name, colour in zip(vectors, CONE_COLOURS, strict=False):
        points = sphere_coordinates(vectors[name])[index]
        fig.add_trace(
            go.Scatter3d(
                x=points[:, 0], y=points[:, 1], z=points[:, 2], mode="markers", name=name, legendgroup=name,
                marker={"size": 2.5, "color": colour, "opacity": 0.75},
                text=labels, hovertemplate="%{text}<extra>" + name + "</extra>",
            ),
            row=1, col=1,
        )  # fmt: skip
        fig.add_trace(
            go.Histogram(
                x=angles_to_mean(vectors[name]), xbins={"start": 0, "end": 180, "size": 3}, name=name,
                legendgroup=name, showlegend=False, marker_color=colour, opacity=0.6,
            ),
            row=2, col=1,
        )  # fmt: skip
    fig.update_xaxes(range=[0, 180], dtick=30, title_text=text("plot.angle", lang), row=2, col=1)
    fig.update_yaxes(title_text=text("plot.sentences", lang), row=2, col=1)
    axis = {"range": [-1.05, 1.05], "dtick": 0.5}
    fig.update_layout(
        scene={"xaxis": {**axis, "title": text("plot.mean_direction", lang)}, "yaxis": {**axis, "title": "PC 1"},
               "zaxis": {**axis, "title": "PC 2"}, "aspectmode": "cube",
               "camera": {"eye": {"x": 1.6, "y": 1.6, "z": 0.9}}},
        barmode="overlay", height=820, legend={"orientation": "h", "y": 1.06, "x": 0},
        template="plotly_white", margin={"l": 10, "r": 10, "t": 60, "b": 70},
    )  # fmt: skip
    return fig
