"""TF-IDF lexical encoder: known answers for the formula, routing by language, registry, real scores."""

import math

import numpy as np
import pytest

from stsdemo.data.catalog import load_pairs
from stsdemo.encoders import encoder_choices, list_models
from stsdemo.encoders.tfidf import TfidfEncoder, detect_language
from stsdemo.errors import UserError
from stsdemo.evaluation import evaluate_pairs
from stsdemo.paths import data_dir
from stsdemo.similarity import paired_cosine
from stsdemo.specs import load


def cos(enc, a, b):
    x = enc.encode([a, b])
    return float(paired_cosine(x[:1], x[1:])[0])


def test_identical_texts_score_one_and_disjoint_characters_zero():
    enc = TfidfEncoder("auto", {"zh": ["一个男人在弹吉他。", "一个女人在唱歌。"], "en": ["A man plays."]})
    assert cos(enc, "一个男人在弹吉他。", "一个男人在弹吉他。") == pytest.approx(1.0, abs=1e-6)
    assert cos(enc, "猫狗", "山水") == pytest.approx(0.0, abs=1e-6)
    assert cos(enc, "A man plays a guitar.", "A man plays a guitar.") == pytest.approx(1.0, abs=1e-6)
    assert cos(enc, "abc", "xyz") == pytest.approx(0.0, abs=1e-6)


def test_sublinear_tf_known_answer_without_reference():
    # No reference -> idf = 1. "甲甲": tf(甲)=2 -> 1 + ln 2, tf(甲甲)=1 -> 1. "甲": [1].
    enc = TfidfEncoder("zh")
    expected = (1 + math.log(2)) / math.sqrt((1 + math.log(2)) ** 2 + 1)
    assert cos(enc, "甲甲", "甲") == pytest.approx(expected, abs=1e-6)


def test_idf_known_answer():
    # N = 2 reference sentences; idf(g) = ln((1 + N) / (1 + df)) + 1.
    enc = TfidfEncoder("zh", {"zh": ["甲乙", "甲丙"]})
    w = np.array([math.log(3 / 3) + 1, math.log(3 / 2) + 1, math.log(3 / 2) + 1])  # 甲, 乙, 甲乙
    assert cos(enc, "甲", "甲乙") == pytest.approx(w[0] / np.linalg.norm(w), abs=1e-6)


def test_output_is_dense_unit_float32():
    enc = TfidfEncoder("en")
    x = enc.encode(["A man plays a guitar.", "Two dogs run."])
    assert x.dtype == np.float32 and x.shape == (2, 8192)
    assert np.linalg.norm(x, axis=1) == pytest.approx([1, 1], abs=1e-5)


def test_language_detection_routes_each_text():
    assert detect_language("我喜欢 iPhone") == "zh" and detect_language("I like tea") == "en"
    enc = TfidfEncoder("auto")
    # A Chinese text goes through character 1-2-grams: its single characters count.
    assert cos(enc, "猫", "猫狗") > 0.4


def test_registry_loads_tfidf_and_lists_it():
    enc = load("tfidf-en")
    assert isinstance(enc, TfidfEncoder) and enc.id == "tfidf-en"
    assert {"tfidf", "tfidf-zh", "tfidf-en"} <= set(encoder_choices())
    assert {"tfidf", "tfidf-zh", "tfidf-en"} <= {m.name for m in list_models(include_hub=False)}
    with pytest.raises(UserError, match="no pooling"):
        load("tfidf:cls")


def test_english_stsb_test_spearman():
    # idf from the shipped STS-B train split; measured 71.1 (char_wb 2-4-grams, 8,192 buckets).
    result = evaluate_pairs(load("tfidf-en"), load_pairs("stsb:test"))
    assert result["spearman"] == pytest.approx(0.711, abs=0.01)


@pytest.mark.skipif(data_dir() is None, reason="needs the shared data folder (Chinese STS-B)")
def test_chinese_stsb_test_spearman():
    # idf from Chinese STS-B train; measured 65.3 (character 1-2-grams, 8,192 buckets).
    result = evaluate_pairs(load("tfidf-zh"), load_pairs("stsb-zh:test"))
    assert result["spearman"] == pytest.approx(0.653, abs=0.01)


def test_data_dir_flag_is_the_idf_reference(tmp_path, monkeypatch, capsys):
    """``eval --data-dir DIR``: TF-IDF's idf is fitted on DIR's Chinese STS-B train, not another folder."""
    import json

    from stsdemo.cli import main
    from stsdemo.paths import chosen_data_dir

    folder = tmp_path / "zh" / "stsb-cnsd"
    folder.mkdir(parents=True)
    train = ["1||猫在睡觉||猫在打盹||4", "2||今天下雨||明天晴天||1", "3||我爱北京||我爱上海||2"]
    test = ["1||猫在睡觉||猫睡觉||5", "2||猫在睡觉||天很蓝||0", "3||我爱北京||我喜欢北京||4"]
    (folder / "cnsd-sts-train.txt").write_text("\n".join(train) + "\n", encoding="utf-8")
    (folder / "cnsd-sts-test.txt").write_text("\n".join(test) + "\n", encoding="utf-8")
    monkeypatch.setenv("STSDEMO_DATA", str(tmp_path / "elsewhere"))
    with chosen_data_dir(tmp_path):
        assert load("tfidf-zh").reference_sizes["zh"] == 6  # the 6 distinct train sentences of tmp_path
    assert main(["eval", "--model", "tfidf-zh", "--data", "stsb-zh:test", "--data-dir", str(tmp_path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["n"] == 3 and result["spearman"] == pytest.approx(1.0)
