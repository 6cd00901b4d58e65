import numpy as np
import pandas as pd

from stsdemo.encoders.base import Encoder, PairScorer
from stsdemo.scoring import rank_agreement, score_pairs


class Axis(Encoder):
    """Texts 'x' and 'y' as orthogonal unit vectors; anything else as their diagonal."""

    id = "axis"
    dim = 2

    def _encode(self, texts, *, show_progress, batch_size):
        table = {"x": [1.0, 0.0], "y": [0.0, 1.0]}
        return np.array([table.get(t, [1.0, 1.0]) for t in texts])


class Length(PairScorer):
    id = "length"

    def score(self, pairs, *, show_progress=False):
        return np.array([len(a) + len(b) for a, b in pairs], np.float32)


def test_score_pairs_columns_and_values():
    table = score_pairs([("x", "y"), ("x", "x"), ("x", "xy")], [Axis(), Length()])
    assert list(table.columns) == ["sentence 1", "sentence 2", "axis", "length"]
    np.testing.assert_allclose(table["axis"], [0.0, 1.0, np.sqrt(0.5)], atol=1e-6)
    np.testing.assert_allclose(table["length"], [2, 2, 3])


def test_rank_agreement():
    table = pd.DataFrame(
        {
            "sentence 1": list("abcd"),
            "sentence 2": list("abcd"),
            "m1": [1, 2, 3, 4],
            "m2": [10, 20, 30, 40],
            "m3": [4, 3, 2, 1],
        }
    )
    agreement = rank_agreement(table)
    assert agreement.loc["m1", "m2"] == 1.0
    assert agreement.loc["m1", "m3"] == -1.0
    assert rank_agreement(table.head(2)).isna().all().all()
