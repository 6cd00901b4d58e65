"""Token norm vs frequency rank: a toy vocabulary, and the measured trend of the bundled MiniLM."""

import numpy as np
import pytest

from stsdemo.metrics import rank_norm_correlation, token_norms_by_frequency


def test_counts_ranks_and_norms():
    emb = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 2.0], [3.0, 4.0], [9.0, 9.0]])
    table = token_norms_by_frequency(emb, [[1, 2, 2, 3], [2, 3, 2, 4, 0]], skip_ids=[0])
    assert table["token_id"].tolist() == [2, 3, 1, 4]  # counts 4, 2, 1, 1 (ties by id)
    assert table["count"].tolist() == [4, 2, 1, 1]
    assert table["rank"].tolist() == [1, 2, 3, 4]
    np.testing.assert_allclose(table["norm"], [2.0, 5.0, 1.0, np.hypot(9, 9)])
    assert rank_norm_correlation(table) == pytest.approx(0.4)


@pytest.mark.slow
def test_minilm_frequent_tokens_are_not_nearer_the_origin():
    """Li et al. (2020) saw frequent BERT-base tokens near the origin; distilled all-MiniLM-L6-v2
    shows the opposite trend on STS-B (ρ ≈ -0.19). Measured here so the tab reports the truth."""
    from stsdemo.data.catalog import load_pairs
    from stsdemo.geometry import token_norm_table

    table = token_norm_table("minilm", load_pairs("stsb:test").sentences())
    assert len(table) > 4000
    assert rank_norm_correlation(table) == pytest.approx(-0.19, abs=0.03)
    assert table.iloc[0]["token"] == "."
