"""Pictures of :func:`stsdemo.explain.explain_pair`: the alignment heatmap and tokens coloured by attribution."""

from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go

from stsdemo.explain import Explanation, greedy_matches
from stsdemo.strings import text


def _labels(tokens: list[str]) -> list[str]:
    """Unique axis labels (plotly merges equal category names): ``a``, ``man``, ``a`` -> ``a``, ``man``, ``a·3``."""
    return [t if t not in tokens[:i] else f"{t}·{i + 1}" for i, t in enumerate(tokens)]


def alignment_figure(result: Explanation, lang: str = "en") -> go.Figure:
    """Token x token cosine heatmap; each sentence-1 token's greedy best match is boxed."""
    matrix = np.asarray(result.alignment, dtype=float)
    rows, cols = _labels(result.tokens1), _labels(result.tokens2)
    fig = go.Figure(
        go.Heatmap(
            z=matrix, x=cols, y=rows, colorscale="Blues", zmin=min(0.0, float(matrix.min(initial=0))), zmax=1,
            colorbar={"title": text("plot.cosine", lang)},
            hovertemplate="%{y} ↔ %{x}: %{z:.3f}<extra></extra>",
        )
    )  # fmt: skip
    for i, j in enumerate(greedy_matches(matrix)):
        fig.add_shape(
            type="rect", x0=j - 0.5, x1=j + 0.5, y0=i - 0.5, y1=i + 0.5, line={"color": "#dc2626", "width": 2}
        )
    fig.update_layout(
        title=text("plot.alignment", lang, model=result.model),
        xaxis_title=text("plot.sentence2", lang),
        yaxis={"title": text("plot.sentence1", lang), "autorange": "reversed"},
        height=max(300, 120 + 28 * len(rows)),
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
        template="plotly_white",
    )
    return fig


def attribution_html(tokens: list[str], values: list[float]) -> str:
    """Tokens as coloured chips: green pulls the pair's cosine up, red pulls it down (hover: the value)."""
    scale = max((abs(v) for v in values), default=0.0) or 1.0
    chips = []
    for token, value in zip(tokens, values, strict=True):
        alpha = min(1.0, abs(value) / scale)
        rgb = "22,163,74" if value >= 0 else "220,38,38"
        chips.append(
            f'<span class="attr-token" title="{value:+.4f}" style="background: rgba({rgb},{alpha:.2f}); '
            f'padding: 2px 4px; margin: 1px; border-radius: 4px; display: inline-block">{html.escape(token)}</span>'
        )
    return "".join(chips)
