"""MLM pretraining recipe: vocabulary pruning, the masked-only loss, exclusion, and a tiny real run."""

import json

import numpy as np
import pytest
import torch

from stsdemo.cli import main
from stsdemo.data.catalog import load_pairs
from stsdemo.specs import load
from stsdemo.training.mlm.corpus import corpus_sha256, evaluation_sentences, exclude
from stsdemo.training.mlm.train import MLMConfig, build_model, masked_lm_loss
from stsdemo.training.mlm.vocab import prune_vocab

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def test_prune_vocab_keeps_specials_and_used_tokens_in_order():
    vocab = SPECIALS + ["丙", "乙", "甲", "play", "##s", "dog"]
    assert prune_vocab(vocab, ["甲乙", "plays"]) == SPECIALS + ["乙", "甲", "play", "##s"]
    assert prune_vocab(vocab, ["甲乙", "甲"], min_count=2) == SPECIALS + ["甲"]


def test_masked_only_loss_equals_full_bert_loss():
    model = build_model(MLMConfig(layers=1, hidden=32, heads=2, max_length=16), vocab_size=50).eval()
    ids = torch.randint(5, 50, (3, 10))
    mask = torch.ones_like(ids)
    labels = torch.full_like(ids, -100)
    labels[0, 2], labels[1, 5], labels[2, 9] = 7, 8, 9
    with torch.no_grad():
        full = model(input_ids=ids, attention_mask=mask, labels=labels).loss
    with torch.no_grad():
        assert float(masked_lm_loss(model, ids, mask, labels)) == pytest.approx(float(full), rel=1e-5)


def test_exclusion_removes_every_evaluation_sentence():
    test_sentences = load_pairs("stsb:test").sentences()
    corpus = ["A sentence no test set has.", *test_sentences[:20], "Another new one."]
    kept = exclude(corpus, evaluation_sentences(["stsb:test"]))
    assert kept == ["A sentence no test set has.", "Another new one."]


@pytest.mark.slow
def test_tiny_run_trains_saves_and_reloads(tmp_path, monkeypatch, capfd):
    monkeypatch.setenv("STSDEMO_MODELS", str(tmp_path))
    test = load_pairs("stsb:test").sentences()
    train = [s for s in load_pairs("stsb:train").sentences()[:400] if s not in set(test)]  # splits share some
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("\n".join(train + test[:30]) + "\n", encoding="utf-8")
    out = tmp_path / "tiny"
    args = ["train", "mlm", "--corpus", str(corpus), "--exclude", "stsb:test", "--vocab-size", "600"]
    args += ["--layers", "1", "--hidden", "32", "--batch-size", "16", "--lr", "2e-3", "--epochs", "3"]
    assert main(args + ["--out", str(out)]) == 0
    assert capfd.readouterr().out.startswith("saved ")  # stdout holds the result only (no progress lines)

    summary = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    # The corpus it used is exactly the training sentences: the 30 test sentences are gone.
    assert summary["excluded_count"] == len(set(test[:30])) and summary["sentences"] == len(set(train))
    assert summary["corpus_sha256"] == corpus_sha256(list(dict.fromkeys(train)))
    assert summary["loss_last"] < summary["loss_first"] - 0.5
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "python -m stsdemo train mlm --corpus" in card and "--exclude stsb:test" in card
    assert json.loads((out / "config.json").read_text())["dtype"] == "float32"

    enc = load(str(out), pooling="cls")
    assert len(enc.model.tokenizer) == summary["vocab_pruned"] < 600
    x = enc.encode(["A man is playing a guitar.", "A dog runs."])
    assert x.shape == (2, 32) and np.isfinite(x).all()


def test_cli_refuses_missing_stop_rule_and_bad_corpus(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["train", "mlm", "--corpus", "x.txt", "--out", str(tmp_path / "m")])
    assert main(["train", "mlm", "--corpus", str(tmp_path / "none.txt"), "--epochs", "1", "--out", "m"]) == 2
    assert "not found" in capsys.readouterr().err


def test_trainer_stops_at_the_epoch_count_and_at_the_time_budget(tmp_path):
    from stsdemo.training.mlm.train import train_mlm

    corpus = [f"sentence number {i} about {w}" for i, w in enumerate(["cats", "dogs", "trains", "rain"] * 15)]
    tiny = MLMConfig(layers=1, hidden=32, heads=2, max_length=16, batch_size=8, vocab_size=200)
    by_epochs = train_mlm(corpus, tmp_path / "e", MLMConfig(**{**tiny.__dict__, "epochs": 2}), show_progress=False)
    assert by_epochs["steps"] == 2 * 8  # 60 sentences in batches of 8: 8 steps an epoch
    by_time = train_mlm(corpus, tmp_path / "t", MLMConfig(**{**tiny.__dict__, "time_budget": 1.5}), show_progress=False)
    # stopped by the clock, not by a step count (the machine's speed decides how many steps fit)
    assert by_time["steps"] >= 1 and 1.5 <= by_time["train_seconds"] < 60
    assert "masked positions only" in (tmp_path / "t" / "README.md").read_text(encoding="utf-8")


def test_gather_corpus_reads_a_latin1_file_instead_of_stopping(tmp_path):
    from stsdemo.training.mlm.corpus import gather_corpus

    (tmp_path / "en" / "TREC").mkdir(parents=True)
    (tmp_path / "en" / "TREC" / "train.label").write_bytes("DESC:manner How did the café open ?\n".encode("latin-1"))
    assert "How did the café open ?" in gather_corpus("en", tmp_path)
