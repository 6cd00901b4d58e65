"""Training inputs, output folder rules, the CLI contract, the job queue and model deletion (no model runs)."""

from __future__ import annotations

import threading
import types

import numpy as np
import pytest

from stsdemo.cli import build_parser, main
from stsdemo.cli import train as train_cli
from stsdemo.data.pairs import PairDataset
from stsdemo.errors import DataError, UserError
from stsdemo.training.card import render
from stsdemo.training.corpus import load_corpus, load_nli, read_sentences, triplets_from_nli
from stsdemo.training.pairs import split_hold_out, unit_scores
from stsdemo.training.queue import TrainingQueue
from stsdemo.training.run import TrainConfig, output_dir
from stsdemo.training.storage import delete_model, trained_models


def test_corpus_file_errors_name_the_line(tmp_path):
    path = tmp_path / "corpus.txt"
    path.write_text("first sentence\n\nsecond\tsentence\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"corpus.txt, line 3: has a tab"):
        read_sentences(path)
    path.write_text("one\nNaN\n", encoding="utf-8")
    with pytest.raises(DataError, match="line 2"):
        read_sentences(path)
    path.write_text("only one\n\n", encoding="utf-8")
    with pytest.raises(DataError, match="at least 2"):
        read_sentences(path)
    path.write_text("a b\n\n  c d  \n", encoding="utf-8")
    assert read_sentences(path) == ["a b", "c d"]


def test_bad_pair_file_names_line_and_problem(tmp_path):
    from stsdemo.data import load_pairs

    path = tmp_path / "pairs.tsv"
    path.write_text("s1\ts2\tscore\na\tb\t1\nc\td\tx\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"line 3: label 'x' is not a number"):
        load_pairs(str(path))


def test_nli_rows_become_triplets_per_premise():
    rows = [
        ("p1", "h-ent", "entailment"),
        ("p1", "h-neu", "neutral"),
        ("p1", "h-con", "contradiction"),
        ("p1", "h-ent2", "entailment"),
        ("p2", "only-ent", "entailment"),  # no contradiction: dropped
    ]
    assert triplets_from_nli(rows) == [("p1", "h-ent", "h-con"), ("p1", "h-ent2", "h-con")]


def test_user_triplet_file(tmp_path):
    path = tmp_path / "nli.tsv"
    path.write_text("a\tb\tc\nd\te\tf\n", encoding="utf-8")
    assert load_nli(str(path)) == [("a", "b", "c"), ("d", "e", "f")]
    path.write_text("a\tb\n", encoding="utf-8")
    with pytest.raises(DataError, match="line 1: expected 3"):
        load_nli(str(path))


def test_shared_nli_and_corpora(shared_data):
    snli = load_nli("snli:dev")
    assert len(snli) == 3172
    assert snli[0] == (
        "Two women are embracing while holding to go packages .",
        "Two woman are holding packages .",
        "The men are fighting outside a deli .",
    )
    assert load_nli("snli-zh:dev")[0][1] == "一个孩子正伸手摸飞机的螺旋桨。"
    sizes = {spec: len(load_nli(spec)) for spec in ("snli-zh:dev", "snli-zh:test", "cmnli:dev", "ocnli:dev")}
    assert sizes == {"snli-zh:dev": 2903, "snli-zh:test": 2825, "cmnli:dev": 4044, "ocnli:dev": 196}
    assert len(load_nli("snli-zh:dev, snli-zh:test,cmnli:dev,ocnli:dev")) == sum(sizes.values())
    with pytest.raises(DataError, match="cmnli has splits dev; got 'test'"):  # its test split is unlabelled
        load_nli("snli-zh:dev,cmnli:test")
    assert len(load_corpus("wiki1m:train")) == 11913
    assert load_corpus("multicpr-ecom:dev", limit=2) == ["大落地窗", "种花呂线"]  # the query column, not the id


def test_hold_out_is_seeded_and_disjoint():
    data = PairDataset("d", [f"a{i}" for i in range(50)], [f"b{i}" for i in range(50)], np.arange(50.0))
    train, dev = split_hold_out(data, seed=1)
    assert (len(train), len(dev)) == (45, 5)
    assert not set(train.sentences1) & set(dev.sentences1)
    assert split_hold_out(data, seed=1)[1].sentences1 == dev.sentences1


def test_unit_scores():
    assert unit_scores(np.array([0.0, 2.5, 5.0])).tolist() == [0.0, 0.5, 1.0]
    assert unit_scores(np.array([0.0, 1.0])).tolist() == [0.0, 1.0]
    with pytest.raises(DataError):
        unit_scores(np.array([-1.0, 1.0]))


def test_out_must_be_inside_a_model_root(models_dir):
    assert output_dir(str(models_dir / "mine")) == models_dir / "mine"
    assert output_dir("models/mine").name == "mine"
    for bad in ("/tmp/elsewhere", str(models_dir), "models/../stsdemo"):
        with pytest.raises(UserError, match="Refused"):
            output_dir(bad)


def test_cli_contract_parses_every_recipe():
    parser = build_parser()
    for recipe in ("cosine", "cosent", "simcse-unsup", "simcse-sup", "cross-bce"):
        args = parser.parse_args(
            [
                "train",
                recipe,
                "--data",
                "stsb:train",
                "--eval",
                "stsb:dev",
                "--out",
                "models/x",
                "--epochs",
                "2",
                "--max-steps",
                "5",
                "--batch-size",
                "8",
                "--lora",
            ]
        )
        assert (args.recipe, args.data, args.eval, args.out) == (recipe, "stsb:train", "stsb:dev", "models/x")
        assert (args.epochs, args.max_steps, args.batch_size, args.lora) == (2.0, 5, 8, True)
        assert args.run is train_cli.run


def test_cli_refuses_out_outside_models(capsys):
    assert main(["train", "cosent", "--data", "stsb:train", "--out", "/tmp/not-allowed"]) == 2
    assert "Refused --out" in capsys.readouterr().err


def test_extra_recipe_modules_plug_in(monkeypatch):
    def add_parser(recipes):
        parser = recipes.add_parser("mlm")
        parser.add_argument("--corpus", required=True)

    mlm = types.SimpleNamespace(add_parser=add_parser, run=lambda args: 0)
    monkeypatch.setattr(train_cli, "EXTRA_RECIPES", [mlm])
    args = build_parser().parse_args(["train", "mlm", "--corpus", "c.txt"])
    assert args.corpus == "c.txt" and args.run is mlm.run


def test_queue_runs_one_at_a_time_with_positions_and_stop(models_dir):
    release = threading.Event()
    seen = []

    def runner(config, stop, notify):
        seen.append(config.out)
        while not (release.is_set() or stop.is_set()):
            release.wait(0.01)
        return {"stopped": stop.is_set()}

    queue = TrainingQueue(runner)
    jobs = [queue.submit(TrainConfig("cosent", "stsb:train", str(models_dir / f"m{i}"))) for i in range(3)]
    for _ in range(200):
        if jobs[0].state == "running":
            break
        threading.Event().wait(0.01)
    assert [queue.position(j.id) for j in jobs] == [0, 1, 2]
    with pytest.raises(UserError, match="already writes"):
        queue.submit(TrainConfig("cosent", "stsb:train", str(models_dir / "m1")))
    queue.stop(jobs[1].id)  # queued: cancelled, never runs
    assert jobs[1].state == "cancelled" and queue.position(jobs[2].id) == 1
    queue.stop(jobs[0].id)  # running: the runner sees the flag
    release.set()
    for _ in range(300):
        if jobs[2].state == "done":
            break
        threading.Event().wait(0.01)
    assert jobs[0].state == "stopped" and jobs[0].metrics == {"stopped": True}
    assert jobs[2].state == "done" and seen == [str(models_dir / "m0"), str(models_dir / "m2")]


def test_delete_only_inside_models(models_dir):
    folder = models_dir / "toy"
    folder.mkdir()
    (folder / "modules.json").write_text("[]", encoding="utf-8")
    (folder / "weights.bin").write_bytes(b"0" * 3 * 2**20)
    listed = {m["model"]: m for m in trained_models()}
    assert listed[str(folder)]["MB"] == 3.0 and listed[str(folder)]["kind"] == "sentence-transformer"
    with pytest.raises(UserError):
        delete_model("/etc")
    with pytest.raises(UserError):
        delete_model(str(models_dir))
    with pytest.raises(UserError):
        delete_model("all-MiniLM-L6-v2")  # a shipped/bundled name, not a folder under the roots
    delete_model(str(folder))
    assert not folder.exists()


def test_card_states_scores_and_command(tmp_path):
    metrics = {
        "recipe": "cosent",
        "base": "minilm",
        "data": "stsb:train",
        "eval": "stsb:dev",
        "test_set": "stsb:test",
        "hyperparameters": {
            "epochs": 3,
            "max_steps": -1,
            "batch_size": 32,
            "lr": 5e-5,
            "warmup": 0.1,
            "seed": 42,
            "lora": False,
            "eval_steps": 68,
            "total_steps": 540,
        },
        "train_rows": 5749,
        "steps_done": 540,
        "stopped_early": False,
        "dev_metric": "dev_spearman_cosine",
        "dev_before": 0.8696,
        "dev": 0.8812,
        "test": {"spearman": 0.8561, "pearson": 0.86, "n": 1379},
        "lora_trainable_share": None,
        "seconds": 1800.0,
        "summary": "cosent on stsb:train",
        "config": {"recipe": "cosent", "data": "stsb:train", "out": "models/stsb-cosent", "eval": "stsb:dev"},
    }
    text = render(metrics, tmp_path / "stsb-cosent")
    assert "| test stsb:test spearman | 85.61 |" in text
    assert "| dev before training | 86.96 |" in text
    # the command is built from the whole config: --data and --out first, then every set field
    assert "python -m stsdemo train cosent --data stsb:train --out models/stsb-cosent --eval stsb:dev" in text


def test_model_pickers_refresh_with_new_models(models_dir, monkeypatch):
    import gradio as gr

    from stsdemo.ui import train_tab

    monkeypatch.setattr(train_tab, "_MODELS_CHANGED", [])
    with gr.Blocks() as demo:
        other = train_tab.register_model_picker(gr.CheckboxGroup(["minilm"], label="another tab's picker"))
        train_tab.build()
        train_tab.wire_model_refresh()
    folder = models_dir / "fresh"
    folder.mkdir()
    (folder / "modules.json").write_text("[]", encoding="utf-8")
    wired = [fn for fn in demo.fns.values() if fn.fn.__name__ == "refresh"]
    assert len(wired) == 2  # on page load and when the Train tab reports a new or deleted model
    assert other._id in [block._id for block in wired[0].outputs]
    choices = wired[0].fn()[0]["choices"]
    assert str(folder) in choices and "minilm" in choices
