"""`stsdemo index` / `search --index`: LanceDB storage, resumability, and the Ray engine on two nodes."""

from __future__ import annotations

import json

import numpy as np
import pytest

from stsdemo.cli import main
from stsdemo.corpus.index_build import build_index
from stsdemo.corpus.index_store import IndexStore, list_indexes
from stsdemo.errors import UserError

PARAPHRASES = [
    ("How do I reset my password?", "I forgot my password and need to change it."),
    ("A man is playing a guitar.", "Someone is strumming a guitar."),
    ("The stock market fell sharply today.", "Share prices dropped a lot today."),
]


def _corpus(tmp_path, n: int = 300):
    """``n`` distinct sentences: the paraphrase targets plus numbered filler."""
    lines = [p[1] for p in PARAPHRASES] + [f"Filler sentence number {i} about topic {i % 17}." for i in range(n - 3)]
    path = tmp_path / "corpus.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, lines


def _table(folder):
    table = IndexStore(folder).table().to_arrow().sort_by("id")
    vectors = np.stack(table.column("vector").to_numpy(zero_copy_only=False))
    return table.column("id").to_pylist(), table.column("text").to_pylist(), vectors


def test_local_index_holds_every_row_once_with_unit_vectors(tmp_path):
    path, lines = _corpus(tmp_path, 50)
    summary = build_index([path], "tfidf-en", tmp_path / "idx", batch_size=16, progress=lambda *a: None)
    ids, texts, vectors = _table(tmp_path / "idx")
    assert summary["rows"] == 50 and ids == list(range(50)) and texts == lines
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # a second file is appended after the first one's ids; the first is not encoded again
    other = tmp_path / "more.txt"
    other.write_text("one more sentence here\nand yet another sentence\n", encoding="utf-8")
    again = build_index([path, other], "tfidf-en", tmp_path / "idx", batch_size=16, progress=lambda *a: None)
    assert again["encoded"] == 2 and again["rows"] == 52
    ids, texts, _ = _table(tmp_path / "idx")
    assert ids == list(range(52)) and texts[50:] == ["one more sentence here", "and yet another sentence"]
    assert list_indexes(tmp_path)[0] == {
        "name": "idx",
        "model": "tfidf-en",
        "rows": 52,
        "ann": None,
        "projection": None,
        "files": ["corpus.txt", "more.txt"],
    }


def test_interrupted_build_resumes_without_losing_or_duplicating_a_batch(tmp_path):
    path, lines = _corpus(tmp_path, 200)
    calls = []

    def crash_after_three_batches(done, total, phase):
        calls.append(done)
        if len(calls) == 4:  # the 0-row call, then three committed batches
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_index([path], "tfidf-en", tmp_path / "idx", batch_size=32, progress=crash_after_three_batches)
    assert IndexStore(tmp_path / "idx").count() == 96  # three whole batches committed, nothing else
    summary = build_index([path], "tfidf-en", tmp_path / "idx", batch_size=32, progress=lambda *a: None)
    assert summary["already_there"] == 96 and summary["encoded"] == 200 - 96
    ids, texts, vectors = _table(tmp_path / "idx")
    assert ids == list(range(200)) and texts == lines
    fresh = build_index([path], "tfidf-en", tmp_path / "fresh", batch_size=32, progress=lambda *a: None)
    assert fresh["rows"] == 200
    np.testing.assert_array_equal(vectors, _table(tmp_path / "fresh")[2])


def test_index_refuses_a_second_model_and_bad_input(tmp_path):
    path, _ = _corpus(tmp_path, 10)
    build_index([path], "tfidf-en", tmp_path / "idx", progress=lambda *a: None)
    with pytest.raises(UserError, match="built with --model tfidf-en"):
        build_index([path], "tfidf-zh", tmp_path / "idx", progress=lambda *a: None)
    with pytest.raises(UserError, match="Unknown engine"):
        build_index([path], "tfidf-en", tmp_path / "x", engine="spark")
    assert main(["search", "--index", str(tmp_path / "nothing"), "--query", "q"]) == 2


@pytest.mark.slow
def test_ray_engine_on_a_two_node_cluster_matches_the_local_engine(tmp_path):
    from ray.cluster_utils import Cluster

    from stsdemo.corpus.ray_engine import node_args

    path, _ = _corpus(tmp_path, 300)
    build_index([path], "tfidf-en", tmp_path / "local", batch_size=40, progress=lambda *a: None)
    cluster = Cluster(initialize_head=True, head_node_args=node_args(1))
    try:
        cluster.add_node(**node_args(1))
        summary = build_index(
            [path],
            "tfidf-en",
            tmp_path / "ray",
            engine="ray",
            ray_address=cluster.address,
            batch_size=40,
            progress=lambda *a: None,
        )
    finally:
        cluster.shutdown()
    assert summary["encoded"] == 300 and summary["engine"] == "ray"
    ids_l, texts_l, vec_l = _table(tmp_path / "local")
    ids_r, texts_r, vec_r = _table(tmp_path / "ray")
    assert ids_r == ids_l == list(range(300)) and texts_r == texts_l
    np.testing.assert_allclose(vec_r, vec_l, atol=1e-6)


@pytest.mark.slow
def test_cli_ray_index_then_search_finds_the_paraphrase(tmp_path, capsys):
    path, _ = _corpus(tmp_path, 200)
    out = tmp_path / "indexes" / "x"
    assert main(["index", "--corpus", str(path), "--model", "minilm", "--out", str(out), "--engine", "ray"]) == 0
    for query, paraphrase in PARAPHRASES:
        capsys.readouterr()
        assert main(["search", "--index", str(out), "--query", query, "--top-k", "3", "--json"]) == 0
        hits = json.loads(capsys.readouterr().out)
        assert hits[0]["text"] == paraphrase and hits[0]["rank"] == 1 and hits[0]["source"] == "corpus.txt"
        assert [h["rank"] for h in hits] == [1, 2, 3] and hits[0]["score"] > hits[1]["score"]
