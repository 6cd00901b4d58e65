"""The search and encode commands: the --json contract, the .npy output, and errors as messages."""

import json

import numpy as np
import pytest

from stsdemo.cli import main

CORPUS = [
    "How do I reset my password?",
    "The weather is sunny and warm today.",
    "I forgot my password, how can I change it?",
    "A man is playing the guitar.",
]


@pytest.fixture
def corpus_file(tmp_path):
    path = tmp_path / "corpus.txt"
    path.write_text("\n".join(CORPUS) + "\n", encoding="utf-8")
    return path


@pytest.mark.slow
def test_search_json_contract(corpus_file, capsys):
    assert (
        main(["search", "--corpus", str(corpus_file), "--query", "I lost my password", "--top-k", "3", "--json"]) == 0
    )
    hits = json.loads(capsys.readouterr().out)
    assert [set(h) for h in hits] == [{"text", "score", "rank"}] * 3
    assert [h["rank"] for h in hits] == [1, 2, 3]
    assert hits[0]["text"] == "I forgot my password, how can I change it?"
    assert hits[0]["score"] >= hits[1]["score"] >= hits[2]["score"]


@pytest.mark.slow
def test_encode_then_search_with_saved_embeddings(corpus_file, tmp_path, capsys):
    out = tmp_path / "emb.npy"
    assert main(["encode", "--corpus", str(corpus_file), "--out", str(out)]) == 0
    vectors = np.load(out)
    assert vectors.shape == (4, 384) and vectors.dtype == np.float32
    capsys.readouterr()
    args = ["search", "--corpus", str(corpus_file), "--embeddings", str(out), "--query", "password help", "--json"]
    assert main(args) == 0
    assert {h["text"] for h in json.loads(capsys.readouterr().out)[:2]} == {CORPUS[0], CORPUS[2]}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "--corpus", "/no/such.txt", "--query", "x"], "No such file"),
        (["search", "--corpus", "{corpus}", "--query", "x", "--top-k", "0"], "--top-k must be at least 1"),
        (["encode", "--corpus", "{corpus}", "--out", "emb.txt"], "must end in .npy"),
        (["encode", "--corpus", "{empty}", "--out", "{tmp}/e.npy"], "empty"),
    ],
)
def test_errors_are_messages_with_status_2(args, message, corpus_file, tmp_path, capsys):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    fill = {"corpus": str(corpus_file), "empty": str(tmp_path / "empty.txt"), "tmp": str(tmp_path)}
    assert main([a.format(**fill) for a in args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err
