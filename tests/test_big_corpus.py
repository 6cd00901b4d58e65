"""The big corpus: every distinct sentence of a data folder, with its source and test marking."""

from __future__ import annotations

import pyarrow.parquet as pq

from stsdemo.data.big_corpus import collect, write_parquet
from stsdemo.data.folder_sentences import split_of


def _data_folder(root):
    lcqmc = root / "zh" / "csts" / "LCQMC"
    lcqmc.mkdir(parents=True)
    (lcqmc / "dev.txt").write_text("我想买手机\t手机怎么买\t1\n天气很好\t今天下雨\t0\n", encoding="utf-8")
    (lcqmc / "test.txt").write_text("天气很好\t明天晴天\t0\n", encoding="utf-8")
    mr = root / "en" / "senteval" / "MR"
    mr.mkdir(parents=True)
    (mr / "rt-polarity.pos").write_text("a gorgeous film to watch\ntoo short\n", encoding="utf-8")
    return root


def test_collect_dedupes_marks_test_sentences_and_keeps_sources(tmp_path):
    cols = collect(_data_folder(tmp_path))
    columns = zip(cols["text"], cols["lang"], cols["source"], cols["split"], cols["in_test"], strict=True)
    rows = {t: (lang, src, split, test) for t, lang, src, split, test in columns}
    assert cols["id"] == list(range(len(rows)))
    # "天气很好" is first seen in dev but also occurs in test: it stays once, marked in_test
    assert rows["天气很好"] == ("zh", "zh/csts/LCQMC", "dev", True)
    assert rows["我想买手机"] == ("zh", "zh/csts/LCQMC", "dev", False)
    assert rows["明天晴天"] == ("zh", "zh/csts/LCQMC", "test", True)
    assert rows["a gorgeous film to watch"][:3] == ("en", "en/senteval/MR", "all")
    assert "too short" not in rows  # fewer than 3 words: not an English sentence
    # English STS-B (shipped in assets) is read with all three splits, test marked
    assert any(src == "en/stsb" and split == "test" and test for _, src, split, test in rows.values())


def test_sets_and_limit_select_small_runs(tmp_path):
    cols = collect(_data_folder(tmp_path), sets=["lcqmc"], limit=2)
    assert cols["text"] == ["我想买手机", "手机怎么买"]
    assert set(cols["source"]) == {"zh/csts/LCQMC"}


def test_parquet_round_trip(tmp_path):
    cols = collect(_data_folder(tmp_path), sets=["LCQMC"])
    table = pq.read_table(write_parquet(cols, tmp_path / "out" / "c.parquet"))
    assert table.column_names == ["id", "text", "lang", "source", "split", "in_test"]
    assert table.column("text").to_pylist() == cols["text"]
    assert str(table.schema.field("id").type) == "int64"


def test_split_names():
    assert split_of("en/senteval/TREC/TREC_10.label") == "test"
    assert split_of("zh/qbqtc/test_public.json") == "test"
    assert split_of("zh/csts/CINLID/Idiom_NLI.txt") == "all"


def test_latin1_english_file_is_read(tmp_path):
    """SenTEval's TREC files are ISO-8859-1: the corpus must keep them, not stop with a decoding error."""
    trec = tmp_path / "en" / "senteval" / "TREC"
    trec.mkdir(parents=True)
    (trec / "train_5500.label").write_bytes("DESC:def What is a caf\xe9 au lait ?\n".encode("latin-1"))
    cols = collect(tmp_path, sets=["TREC"])
    assert cols["text"] == ["What is a café au lait ?"]
