"""The Geometry figures on a small synthetic result: WebGL scatter, one histogram pair per variant."""

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from stsdemo.geometry import GeometryResult, projection_sample
from stsdemo.plots.geometry import cosine_histograms, projection_figure, spectrum_figure, token_norm_figure


def toy_result() -> GeometryResult:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(30, 4)).astype(np.float32)
    cos = rng.uniform(-1, 1, size=50)
    return GeometryResult(
        [f"s{i}" for i in range(30)],
        {"raw": x, "whitening": x},
        {"raw": {}, "whitening": {}},
        {"raw": cos, "whitening": cos},
        {"raw": cos[:5], "whitening": np.zeros(0)},
        {"raw": np.array([0.7, 0.2, 0.1]), "whitening": np.array([0.34, 0.33, 0.33])},
    )


def test_histograms_and_spectrum():
    fig = cosine_histograms(toy_result())
    assert [t.name for t in fig.data] == ["random pairs", "paraphrases (score ≥ 4)", "random pairs"]
    assert [t.name for t in spectrum_figure(toy_result()).data] == ["raw", "whitening"]


def test_projection_uses_webgl_and_groups_by_label():
    points = np.arange(8, dtype=float).reshape(4, 2)
    fig = projection_figure(points, ["a", "b", "c", "d"], ["x", "y", "x", "y"], "raw")
    assert all(isinstance(t, go.Scattergl) for t in fig.data)
    assert [(t.name, list(t.text)) for t in fig.data] == [("x", ["a", "c"]), ("y", ["b", "d"])]


def test_token_figure_and_sample():
    table = pd.DataFrame({"token_id": [5, 6], "count": [3, 1], "rank": [1, 2], "norm": [0.9, 1.2], "token": ["a", "b"]})
    assert list(token_norm_figure(table, 1.0).data[0].text) == ["a", "b"]
    assert list(projection_sample(5, 10)) == [0, 1, 2, 3, 4]
    sample = projection_sample(10_000, 2_000)
    assert len(sample) == 2_000 and np.all(np.diff(sample) > 0)
