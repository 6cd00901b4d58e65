"""Corpus readers: every format and encoding, and clear messages for bad input."""

import json

import pytest

from stsdemo.corpus.reader import parse_lines, read_corpus, table_columns
from stsdemo.data.lines import MAX_CHARS
from stsdemo.errors import DataError

ZH = ["红色运动鞋", "男士真皮皮鞋", "苹果手机壳"]


def test_pasted_lines_skip_blanks_and_count_them():
    corpus = parse_lines("first sentence\n\n  second sentence  \n\n")
    assert corpus.texts == ["first sentence", "second sentence"]
    assert corpus.labels is None
    assert corpus.skipped == 2


def test_txt_utf8_bom_and_gbk(tmp_path):
    (tmp_path / "bom.txt").write_bytes("\n".join(ZH).encode("utf-8-sig"))
    (tmp_path / "gbk.txt").write_bytes("\n".join(ZH).encode("gbk"))
    (tmp_path / "utf8.txt").write_text("\n".join(ZH), encoding="utf-8")
    for name in ("bom.txt", "gbk.txt", "utf8.txt"):
        assert read_corpus(tmp_path / name).texts == ZH, name


def test_csv_with_header_text_and_label(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text('id,text,label\n1,"Hello, world",greeting\n2,Goodbye,farewell\n', encoding="utf-8")
    corpus = read_corpus(path)
    assert corpus.texts == ["Hello, world", "Goodbye"]
    assert corpus.labels == ["greeting", "farewell"]
    assert table_columns(path) == ["id", "text", "label"]


def test_tsv_gbk_with_named_columns(tmp_path):
    path = tmp_path / "q.tsv"
    rows = ["qid\tquery\tcat"] + [f"{i}\t{q}\tshoes" for i, q in enumerate(ZH)]
    path.write_bytes("\n".join(rows).encode("gbk"))
    corpus = read_corpus(path, text_column="query", label_column="cat")
    assert corpus.texts == ZH and corpus.labels == ["shoes"] * 3


def test_headerless_tsv_picks_the_text_column(tmp_path):
    path = tmp_path / "ecom.tsv"
    path.write_text("".join(f"{200000 + i}\t{q}\n" for i, q in enumerate(ZH)), encoding="utf-8")
    assert read_corpus(path).texts == ZH
    assert read_corpus(path, text_column="column 2").texts == ZH


def test_jsonl_bom(tmp_path):
    path = tmp_path / "faq.jsonl"
    lines = [json.dumps({"question": q, "category": "c"}, ensure_ascii=False) for q in ZH]
    path.write_bytes("\n".join(lines).encode("utf-8-sig"))
    corpus = read_corpus(path)
    assert corpus.texts == ZH and corpus.labels == ["c"] * 3


def test_bytes_upload_with_name():
    assert read_corpus("a\nb\n".encode("gbk"), name="x.txt").texts == ["a", "b"]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.txt", "empty"),
        (b"\n \n\n", "blank.txt", "empty"),
        (b'text\n"unclosed quote\n', "broken.csv", "could not parse"),
        (b'{"text": "ok"}\n{"text": broken\n', "broken.jsonl", "line 2: not valid JSON"),
        (b'["a list"]\n', "list.jsonl", "line 1: expected a JSON object"),
        (b"\x00\x01\x02binary", "data.txt", "binary"),
        (b"a\tb", "table.xlsx", "unsupported file type"),
        (b"text,label\nhello,x\n", "nolabel.csv", "no column 'missing'"),
    ],
)
def test_bad_files_give_clear_messages(tmp_path, content, name, message):
    path = tmp_path / name
    path.write_bytes(content)
    label = "missing" if name == "nolabel.csv" else None
    with pytest.raises(DataError, match=message):
        read_corpus(path, label_column=label)


def test_too_many_lines_is_refused_not_truncated():
    text = "\n".join(f"sentence {i}" for i in range(20_001))
    with pytest.raises(DataError, match="20,001 sentences; the limit here is 20,000.*command line"):
        parse_lines(text)
    assert len(parse_lines(text, max_lines=30_000)) == 20_001


def test_over_long_text_names_its_line():
    with pytest.raises(DataError, match="line 2: a text of"):
        parse_lines("short\n" + "x" * (MAX_CHARS + 1))


def test_missing_file():
    with pytest.raises(DataError, match="No such file"):
        read_corpus("/nonexistent/corpus.txt")


def test_the_columns_read_are_reported(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text("id,question,category\n1,Where is my parcel?,shipping\n", encoding="utf-8")
    corpus = read_corpus(path)
    assert (corpus.text_column, corpus.label_column) == ("question", "category")
    assert read_corpus(path, label_column="").labels is None


def test_oversized_file_is_refused_before_reading(tmp_path, monkeypatch):
    import stsdemo.data.text as text

    monkeypatch.setattr(text, "MAX_BYTES", 10)
    path = tmp_path / "big.txt"
    path.write_text("one sentence\nanother sentence\n", encoding="utf-8")
    with pytest.raises(DataError, match="big.txt is 0 MB; the limit is 0 MB"):
        read_corpus(path)


def test_the_same_pasted_text_is_parsed_once(monkeypatch):
    """The Corpus tab sends the whole text box with every query: the same text is cleaned once,
    an edited text again (and its digest, a cache key of every search, is computed once per corpus)."""
    from stsdemo.cache import texts_digest
    from stsdemo.corpus import reader

    calls = []
    real = reader.split_lines
    monkeypatch.setattr(reader, "split_lines", lambda *a, **k: calls.append(1) or real(*a, **k))
    text = "first line of a corpus parsed once\n\nsecond line of that corpus\n"
    first = reader.parse_lines(text)
    again = reader.parse_lines(str(text))
    assert again is first and len(calls) == 1
    assert again.texts == ["first line of a corpus parsed once", "second line of that corpus"] and again.skipped == 1
    edited = reader.parse_lines(text + "a third line\n")
    assert len(calls) == 2 and len(edited) == 3
    assert first.digest == texts_digest(first.texts) != edited.digest
