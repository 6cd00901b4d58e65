"""The default encoder per language is a shipped, loadable model."""

import pytest

from stsdemo.encoders.choice import encoder_for
from stsdemo.encoders.registry import list_models


def test_default_encoder_per_language_and_text():
    assert encoder_for(["今天天气很好", "我想买手机", "hello there"], "minilm") == "sts-mini-zh"
    assert encoder_for(["A man plays a guitar.", "今天"], "sts-mini-zh") == "minilm@onnx-int8"
    assert encoder_for(["A man plays a guitar."], "minilm") is None
    shipped = {m.name: m for m in list_models(include_hub=False)}
    assert shipped["sts-mini-zh"].kind == "sentence-transformer" and shipped["sts-mini-zh"].available


@pytest.mark.slow
def test_sts_mini_zh_scores_as_its_card_says_on_chinese_stsb(shared_data):
    from stsdemo.data import load_pairs
    from stsdemo.encoders.registry import load
    from stsdemo.evaluation import evaluate_pairs

    result = evaluate_pairs(load("sts-mini-zh"), load_pairs("stsb-zh:test", shared_data))
    assert abs(result["spearman"] - 0.7065) < 0.005  # fp16 weights keep the fp32 model's score
