"""Real small runs on the bundled MiniLM: the loss falls, the model is saved, loads through the registry and scores.

A few dozen steps on ~100 pairs, batch 8 (not the quality targets: see benchmarks/train_quality.py).
Models go to a temporary STSDEMO_MODELS folder, never into the repo.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from stsdemo.cli import main
from stsdemo.data.pairs import PairDataset
from stsdemo.encoders import registry
from stsdemo.encoders.base import Encoder, PairScorer
from stsdemo.evaluation import evaluate_pairs
from stsdemo.training.run import TrainConfig, train

pytestmark = pytest.mark.slow


def _pair_file(tmp_path, stsb_test, n=96):
    data = stsb_test.head(n)
    lines = ["sentence1\tsentence2\tscore"] + [
        f"{a}\t{b}\t{s}" for a, b, s in zip(data.sentences1, data.sentences2, data.labels, strict=True)
    ]
    path = tmp_path / "pairs.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, data


def test_cosine_loss_falls_and_model_loads(models_dir, tmp_path, stsb_test):
    path, data = _pair_file(tmp_path, stsb_test)
    out = models_dir / "cosine-small"
    before = evaluate_pairs(registry.load("minilm"), data)["spearman"]
    metrics = train(
        TrainConfig(
            "cosine",
            str(path),
            str(out),
            eval="stsb:dev",
            test="stsb:test",
            epochs=4,
            batch_size=8,
            max_steps=36,
            lr=1e-4,
            eval_steps=12,
            eval_limit=40,
        )
    )
    losses = [loss for _, loss in metrics["losses"]]
    assert len(losses) >= 4
    assert np.mean(losses[-2:]) < 0.7 * np.mean(losses[:2]), losses  # MSE on the training pairs falls
    assert (out / "metrics.json").is_file() and (out / "README.md").is_file()
    assert json.loads((out / "metrics.json").read_text())["summary"].startswith("cosine on ")
    model = registry.load(str(out))
    assert isinstance(model, Encoder) and model.dim == 384
    after = evaluate_pairs(model, data)["spearman"]
    assert after > before  # it fitted its training pairs
    assert any(m.name == str(out) and m.description == metrics["summary"] for m in registry.local_models())
    assert str(out) in registry.encoder_choices()


def test_cross_encoder_bce_on_binary_pairs(models_dir, tmp_path):
    rng = np.random.default_rng(0)
    topics = ["a cat sleeps on the sofa", "the stock market fell today", "he plays the guitar", "rain is expected"]
    s1, s2, labels = [], [], []
    for i in range(96):
        t = topics[i % 4]
        match = bool(rng.integers(0, 2))
        s1.append(t)
        s2.append(t.replace("the", "a") if match else topics[(i + 1) % 4])
        labels.append(int(match))
    lines = ["query,title,label"] + [f"{a},{b},{y}" for a, b, y in zip(s1, s2, labels, strict=True)]
    path = tmp_path / "matches.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = models_dir / "cross-small"
    metrics = train(
        TrainConfig(
            "cross-bce", str(path), str(out), test=str(path), batch_size=8, max_steps=24, lr=5e-5, eval_steps=12
        )
    )
    assert metrics["test"]["auc"] > 0.9 and 0.5 < metrics["test"]["accuracy_at_0.5"] <= 1.0
    assert metrics["dev_metric"] == "dev_average_precision" and metrics["eval"].endswith("(10% held out)")
    losses = [loss for _, loss in metrics["losses"]]
    assert losses[-1] < losses[0], losses
    scorer = registry.load(str(out))
    assert isinstance(scorer, PairScorer)
    scores = scorer.score([(topics[0], topics[0].replace("the", "a")), (topics[0], topics[1])])
    assert scores.shape == (2,) and scores[0] > scores[1]
    assert str(out) in registry.cross_encoder_choices()


def test_cli_simcse_unsup_with_lora_then_score_command(models_dir, tmp_path, stsb_test, capsys):
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("\n".join(stsb_test.sentences()[:120]) + "\n", encoding="utf-8")
    out = models_dir / "simcse-lora"
    rc = main(
        [
            "train",
            "simcse-unsup",
            "--data",
            str(corpus),
            "--out",
            str(out),
            "--max-steps",
            "6",
            "--batch-size",
            "8",
            "--lora",
            "--eval-limit",
            "30",
            "--eval-steps",
            "3",
            "--json",
        ]
    )
    assert rc == 0
    printed = json.loads(capsys.readouterr().out)
    assert 0 < printed["lora_trainable_share"] < 0.1  # LoRA trains a few % of MiniLM
    assert printed["test_set"] == "stsb:test" and printed["hyperparameters"]["lora"] is True
    assert printed["hyperparameters"]["lr"] == 5e-4  # LoRA's own default, not the recipe's 3e-5
    assert not (out / "adapter_config.json").exists()  # adapters merged: a plain model folder
    assert main(["score", "A man plays guitar.", "A man is playing a guitar.", "--model", str(out), "--json"]) == 0
    score = json.loads(capsys.readouterr().out)
    assert score["cosine"] > 0.7


def test_bad_data_gives_a_message_not_a_traceback(models_dir, tmp_path, capsys):
    bad = tmp_path / "bad.tsv"
    bad.write_text("s1\ts2\tscore\na\tb\t1\nc\td\tnot-a-number\n", encoding="utf-8")
    assert main(["train", "cosent", "--data", str(bad), "--out", str(models_dir / "x")]) == 2
    assert "line 3" in capsys.readouterr().err
    assert main(["train", "simcse-sup", "--data", "snli:train", "--out", str(models_dir / "x")]) == 2
    assert "snli has splits dev, test" in capsys.readouterr().err
    assert not (models_dir / "x").exists()


def test_smaller_than_batch_dataset_refused(models_dir):
    tiny = PairDataset("t", ["a"], ["b"], np.array([1.0]))
    assert len(tiny) == 1  # guard: MIN_ROWS keeps a 1-pair file from reaching the trainer
    from stsdemo.training.pairs import MIN_ROWS

    assert MIN_ROWS >= 8


def test_cosent_from_a_teaching_model_with_a_chosen_pooling(models_dir, tmp_path, stsb_test):
    """``--base mlm-mini-en:cls`` starts from the raw teaching model with CLS pooling (not the hub)."""
    path, data = _pair_file(tmp_path, stsb_test)
    out = models_dir / "cosent-mini"
    before = evaluate_pairs(registry.load("mlm-mini-en:cls"), data)["spearman"]
    metrics = train(
        TrainConfig(
            "cosent",
            str(path),
            str(out),
            eval="stsb:dev",
            test="stsb:test",
            base="mlm-mini-en:cls",
            epochs=6,
            batch_size=16,
            lr=5e-4,
            eval_steps=12,
            eval_limit=40,
        )
    )
    modules = json.loads((out / "modules.json").read_text())
    pooling = json.loads((out / modules[1]["path"] / "config.json").read_text())
    assert pooling["pooling_mode"] == "cls"
    model = registry.load(str(out))
    assert model.dim == 128
    assert evaluate_pairs(model, data)["spearman"] > before + 0.2, (before, metrics["test"])  # raw CLS is poor
