"""What a score means: random-pair percentile and expected STS score (known answers + the shipped files)."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from sklearn.isotonic import IsotonicRegression

from stsdemo.calibration import calibration_for, fit_calibration, readings
from stsdemo.paths import REPO_ROOT


def test_interpolated_knots_predict_like_sklearn_isotonic():
    rng = np.random.default_rng(1)
    cos = rng.uniform(-0.2, 1.0, 500)
    gold = np.clip(5 * cos + rng.normal(0, 1, 500), 0, 5)
    vectors = rng.normal(size=(300, 8))
    cal = fit_calibration("toy", "synthetic", vectors, cos, gold, cos[:50], gold[:50])
    iso = IsotonicRegression(y_min=0, y_max=5, out_of_bounds="clip").fit(cos, gold)
    probe = np.linspace(-0.5, 1.2, 41)
    assert [cal.expected_score(c) for c in probe] == pytest.approx(iso.predict(probe), abs=1e-5)
    assert len(cal.dev_cosine) == 50


def test_percentile_is_the_rank_among_random_pairs():
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(2000, 64))  # isotropic: random-pair cosines centred on 0
    cal = fit_calibration("toy", "synthetic", vectors, [0.0, 1.0], [0.0, 5.0], [], [])
    assert cal.percentile(0.0) == pytest.approx(50, abs=2)
    assert cal.percentile(-1.0) == 0 and cal.percentile(1.0) == 100


def test_shipped_calibrations_exist_and_are_monotone():
    for model in ("minilm", "minilm:cls"):
        cal = calibration_for(model)
        assert cal is not None, f"no calibration shipped for {model}"
        assert np.all(np.diff(cal.knots_y) >= 0) and np.all(np.diff(cal.quantiles) >= 0)
        assert len(cal.dev_cosine) == len(cal.dev_gold) > 100
    # raw CLS vectors sit in a cone: their random pairs have high cosines, trained MiniLM's do not
    assert calibration_for("minilm:cls").quantiles[50] > 0.3 > calibration_for("minilm").quantiles[50]
    assert readings("no-such-model", 0.5) == {}


def test_score_json_contract_adds_percentile_and_expected_score():
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    out = subprocess.run(
        [sys.executable, "-m", "stsdemo", "score", "A man is playing a guitar.",
         "The stock market fell sharply today.", "--model", "minilm:cls", "--json"],
        capture_output=True, text=True, cwd=REPO_ROOT, env=env, timeout=300,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["cosine"] > 0.4 and result["percentile"] < 75
    assert 0 <= result["expected_score"] < 1.5
    assert "warning" not in result


def test_score_json_warns_when_minilm_reads_chinese():
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    out = subprocess.run(
        [sys.executable, "-m", "stsdemo", "score", "花呗如何还款", "花呗怎么还钱", "--json"],
        capture_output=True, text=True, cwd=REPO_ROOT, env=env, timeout=300,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "[UNK]" in json.loads(out.stdout)["warning"]


#: encoders calibrated beyond the raw views: the trained Chinese encoder, the static distilled one,
#: and MiniLM post-processed as the Score tab offers it (fitted on STS-B train)
MORE = ["sts-mini-zh", "m2v-minilm", "minilm+whitening", "minilm:cls+whitening", "minilm+flow", "minilm:cls+flow"]


def test_trained_static_and_post_processed_encoders_ship_calibrations():
    for model in MORE:
        cal = calibration_for(model)
        assert cal is not None, f"no calibration shipped for {model}"
        assert np.all(np.diff(cal.knots_y) >= 0) and np.all(np.diff(cal.quantiles) >= 0)
        assert len(cal.dev_cosine) == len(cal.dev_gold) > 100
    assert calibration_for("sts-mini-zh").reference.startswith("stsb-zh:train")  # Chinese reads Chinese
    assert calibration_for("m2v-minilm").reference.startswith("stsb:train")
    # whitening takes raw CLS vectors out of their cone: random pairs go from ~0.5 to ~0
    whitened, raw = calibration_for("minilm:cls+whitening"), calibration_for("minilm:cls")
    assert abs(whitened.quantiles[50]) < 0.1 and raw.quantiles[50] > 0.3


GUITAR = "A man is playing a guitar."
EN = ((GUITAR, "A man plays the guitar."), (GUITAR, "The stock market fell sharply today."))
ZH = (("一个男人在弹吉他。", "一个人在弹吉他。"), ("一个男人在弹吉他。", "今天股市大幅下跌。"))


@pytest.mark.parametrize("spec, close, far", [("sts-mini-zh", *ZH), ("m2v-minilm", *EN), ("minilm:cls+whitening", *EN)])
def test_readings_of_real_pairs_through_the_score_table(spec, close, far):
    import stsdemo
    from stsdemo.scoring import score_pairs, with_readings

    model = stsdemo.load(spec)
    shown = with_readings(score_pairs([close, far], [model]), [model])
    percentile, expected = shown[f"{spec} percentile"], shown[f"{spec} expected 0-5"]
    assert percentile[0] > 99 and expected[0] > 3.5  # a paraphrase: above every random pair, scored high
    assert percentile[1] < 75 and expected[1] < 1.5  # unrelated: among the random pairs, scored low


#: the teaching models as the Score tab offers them: two poolings, whitened or flowed (fitted on STS-B train)
TEACHING = [f"mlm-mini-{lang}:{pooling}+{post}" for lang in ("zh", "en") for pooling in ("cls", "mean")
            for post in ("whitening", "flow")]  # fmt: skip


#: what else the picker offers: every pooling of the teaching models, the Chinese encoder post-processed
PICKABLE = [f"mlm-mini-{lang}:{view}{post}" for lang in ("zh", "en") for view in ("first-last-avg", "layer-1", "static")
            for post in ("", "+whitening")]  # fmt: skip
PICKABLE += ["sts-mini-zh+whitening", "sts-mini-zh+flow"]


def test_post_processed_teaching_models_ship_calibrations_in_their_language():
    for model in TEACHING + PICKABLE:
        cal = calibration_for(model)
        assert cal is not None, f"no calibration shipped for {model}"
        assert np.all(np.diff(cal.knots_y) >= 0) and np.all(np.diff(cal.quantiles) >= 0)
        assert len(cal.dev_cosine) == len(cal.dev_gold) > 100
        assert cal.reference.startswith("stsb-zh:train" if "-zh" in model else "stsb:train"), model
    # whitening takes the English teaching model's raw CLS out of its cone: random pairs ~0.99 -> ~0
    assert calibration_for("mlm-mini-en:cls").quantiles[50] > 0.9
    assert abs(calibration_for("mlm-mini-en:cls+whitening").quantiles[50]) < 0.1


@pytest.mark.parametrize("spec", ["mlm-mini-zh:cls+whitening", "mlm-mini-en:mean+whitening", "mlm-mini-zh:mean+flow"])
def test_readings_of_post_processed_teaching_models_through_the_score_table(spec):
    """A weak raw encoder, post-processed: its cosines alone are hard to read (Chinese unrelated pairs
    keep 0.5+), its percentiles are not: a paraphrase tops the random pairs, an unrelated pair sits low."""
    import stsdemo
    from stsdemo.scoring import score_pairs, with_readings

    model = stsdemo.load(spec)
    close, far = ZH if "-zh" in spec else EN
    shown = with_readings(score_pairs([close, far], [model]), [model])
    percentile, expected = shown[f"{spec} percentile"], shown[f"{spec} expected 0-5"]
    assert percentile[0] > 95 and expected[0] > 2.5
    assert percentile[1] < 25 and expected[1] < 2.0


def test_score_json_gives_readings_for_a_whitened_chinese_teaching_model():
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    out = subprocess.run(
        [sys.executable, "-m", "stsdemo", "score", *ZH[1], "--model", "mlm-mini-zh:cls+whitening", "--json"],
        capture_output=True, text=True, cwd=REPO_ROOT, env=env, timeout=600,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["cosine"] > 0.4 and result["percentile"] < 25 and result["expected_score"] < 2.0


def test_every_shipped_calibration_draws_its_chart():
    from stsdemo.calibration import calibrated_models
    from stsdemo.ui.score_tab import calibration_view

    models = calibrated_models()
    assert set(TEACHING) <= set(models)
    for model in models:
        note, figure = calibration_view(model)
        cal = calibration_for(model)
        assert cal.reference.split(" ")[0] in note, model
        dots, curve = figure.data[0], figure.data[1]
        assert len(dots.x) == len(cal.dev_cosine) and f"n={len(cal.dev_cosine)}" in dots.name, model
        assert list(curve.x) == cal.knots_x, model
