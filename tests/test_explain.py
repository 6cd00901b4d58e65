"""``explain``: alignment and attributions on the real MiniLM, a Chinese teaching model and a cross-encoder."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from stsdemo.encoders.registry import load
from stsdemo.errors import UserError
from stsdemo.explain import explain_pair, greedy_matches
from stsdemo.paths import REPO_ROOT

KEYS = {
    "tokens1",
    "tokens2",
    "alignment",
    "attribution1",
    "attribution2",
    "cosine",
    "baseline_cosine",
    "attribution_sum",
}


def explain_json(*args: str) -> dict:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    out = subprocess.run(
        [sys.executable, "-m", "stsdemo", "explain", *args, "--json"],
        capture_output=True, text=True, cwd=REPO_ROOT, env=env, timeout=300,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_identical_sentences_align_on_the_diagonal():
    result = explain_json("A man plays a guitar.", "A man plays a guitar.", "--model", "minilm")
    assert KEYS <= set(result)
    assert result["tokens1"] == result["tokens2"] == ["a", "man", "plays", "a", "guitar", "."]
    assert greedy_matches(np.array(result["alignment"])) == list(range(6))


def test_attributions_sum_to_cosine_minus_baseline_on_minilm():
    result = explain_json("A man plays a guitar.", "Someone is playing music.", "--model", "minilm")
    gap = result["cosine"] - result["baseline_cosine"]
    assert abs(gap) > 0.1
    assert abs(result["attribution_sum"] - gap) <= 0.05 * abs(gap)
    assert result["attribution_sum"] == pytest.approx(sum(result["attribution1"]) + sum(result["attribution2"]))
    # the pair's cosine is the one `score` gives
    encoder = load("minilm")
    a, b = encoder.encode(["A man plays a guitar.", "Someone is playing music."])
    assert result["cosine"] == pytest.approx(float(a @ b), abs=1e-4)
    # "playing" is the best match of "plays": contextual vectors align words, not positions
    assert result["tokens2"][greedy_matches(np.array(result["alignment"]))[2]] == "playing"


def test_chinese_teaching_model_explains_characters():
    result = explain_pair(load("mlm-mini-zh:mean"), "今天天气很好。", "今天天气不错。")
    assert result.tokens1 == list("今天天气很好。")
    assert greedy_matches(np.array(result.alignment))[:4] == [0, 1, 2, 3]
    gap = result.cosine - result.baseline_cosine
    assert abs(result.attribution_sum - gap) <= 0.05 * abs(gap)


def test_cross_encoder_uses_occlusion(tmp_path):
    from sentence_transformers import CrossEncoder

    from stsdemo.encoders.cross import CrossEncoderScorer

    scorer = CrossEncoderScorer(CrossEncoder(str(REPO_ROOT / "assets/models/mlm-mini-en"), num_labels=1), "ce")
    result = explain_pair(scorer, "a red car", "a blue car")
    assert result.method == "occlusion"
    assert result.tokens1 == ["a", "red", "car"]
    without_red = float(scorer.score([("a car", "a blue car")])[0])
    assert result.attribution1[1] == pytest.approx(result.cosine - without_red, abs=1e-5)
    assert np.array(result.alignment).shape == (3, 3)


def test_lexical_models_are_refused_with_a_message():
    with pytest.raises(UserError, match="no token vectors"):
        explain_pair(load("tfidf-en"), "a", "b")
