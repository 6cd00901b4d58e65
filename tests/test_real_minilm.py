"""The bundled all-MiniLM-L6-v2 on shipped STS-B test: published and measured figures."""

import pytest

from stsdemo.evaluation import evaluate_pairs
from stsdemo.scoring import score_pairs
from stsdemo.specs import load

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    "spec, expected, tolerance",
    [
        ("minilm", 82.03, 0.1),  # MTEB's STSBenchmark figure for all-MiniLM-L6-v2
        ("minilm:cls", 73.5, 0.3),
        ("minilm:static", 55.6, 0.3),
        ("minilm:mean", 82.03, 0.1),  # the trained pooling is mean: same ranking
    ],
)
def test_stsb_test_spearman(stsb_test, spec, expected, tolerance):
    metrics = evaluate_pairs(load(spec), stsb_test)
    assert metrics["n"] == 1379
    assert metrics["spearman"] * 100 == pytest.approx(expected, abs=tolerance)


def test_paraphrase_beats_unrelated():
    guitar = "A man is playing a guitar."
    pairs = [(guitar, "A man plays the guitar."), (guitar, "A woman slices an onion.")]
    table = score_pairs(pairs, [load("minilm")])
    assert table["minilm"][0] > 0.9 and table["minilm"][1] < 0.2
