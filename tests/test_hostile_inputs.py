"""Hostile input through the readers and the CLI: each case gives a clear message (or a documented
result), never a traceback, a hang, a server path or file contents beyond the offending cell.

The app's API cases (path gate, sessions) live in the security suite; this file covers what the
readers and ``python -m stsdemo`` do with whatever bytes a user hands them. The CLI runs in-process
(``main([...])``) to stay fast; ``tfidf-en`` is the model where one is needed (no torch model load).
"""

from __future__ import annotations

import ast
import json
import os
import re
import time
from pathlib import Path

import pytest

from stsdemo.cli import build_parser, main
from stsdemo.corpus.reader import MAX_UI_LINES, parse_lines, read_corpus
from stsdemo.data.lines import MAX_CHARS, read_lines
from stsdemo.data.pairfile import read_pair_file
from stsdemo.data.text import decode
from stsdemo.errors import DataError
from stsdemo.training.corpus import read_sentences
from stsdemo.ui.score_tab import _load_upload, pairs_from_upload

BIG5_TEXT = "今天天氣很好。\n我們一起去公園散步吧。\n這個問題的答案是什麼？\n"
GBK_TEXT = "今天天气很好。\n我们一起去公园散步吧。\n这个问题的答案是什么？\n"
SECRET = "TOPSECRET-42"
HTML = ["<script>alert('x')</script>", "<b>bold</b> & co", "<img src=x onerror=alert(1)>"]  # kept as text
EMOJI_RTL = ["👍🏽 great 🎉", "مرحبا بالعالم", "\u202eevil\u202c", "👩\u200d💻 coder"]


def _write(tmp_path: Path, name: str, content: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


# --- the readers: bytes in, sentences or a DataError out ---------------------------------------

REFUSED = [  # (file name, content, reader, message the user reads)
    ("empty.txt", b"", "corpus", "is empty"),
    ("blank.txt", b"  \n\t\n\r\n", "corpus", "is empty"),
    ("zwsp.txt", "\u200b\n\u200b\u200b\n\ufeff\u200d\n".encode(), "corpus", "has no sentences"),
    ("zwsp.txt", "\u200b\n\u200b\u200b\n".encode(), "lines", "has no sentences"),
    ("one.txt", b"only one line\n", "training", "needs at least 2 non-empty lines"),
    ("long.txt", b"ok\n" + b"x" * 100_000 + b"\n", "corpus", "line 2: a text of 100,000 characters"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "corpus", "binary file"),
    ("utf16-nobom.txt", "hello\nworld\n".encode("utf-16-le"), "corpus", "UTF-16 needs its byte-order mark"),
    ("sjis.txt", "こんにちは、世界。今日はいい天気ですね。".encode("shift_jis"), "corpus", "unlikely characters"),
    ("latin1.txt", "Ölçü café naïve".encode("latin-1"), "corpus", "could not decode"),
    ("broken.csv", b'text\n"unclosed quote\n', "corpus", "could not parse"),
    ("broken.csv", b's1,s2,score\na,b,1\n"c,d,2\n', "pairs", "could not parse"),
    ("one-col.csv", b"just one column\nanother\n", "pairs", "need two text columns"),
    ("short-row.tsv", b"a\tb\t1\nonly-one\n", "pairs", "line 2: empty sentence"),
    ("nan.tsv", f"s1\ts2\tlabel\na\tb\t1\nc\td\tNaN\ne\tf\t{SECRET}\n".encode(), "pairs", "line 3: label 'NaN'"),
    ("headerless-words.tsv", f"a\tb\t1\nc\td\t{SECRET}\n".encode(), "labelled", "no label column found"),
    ("text-label.csv", f"s1,s2,score\na,b,1\nc,d,{SECRET}\n".encode(), "pairs", f"line 3: label '{SECRET}'"),
    ("long.tsv", b"a\tb\t1\nc\t" + b"y" * 100_000 + b"\t2\n", "pairs", "line 2: a text of 100,000"),
    ("bad.jsonl", b'{"text": "ok"}\n{"text": broken\n', "corpus", "line 2: not valid JSON"),
    ("list.jsonl", b'["a list"]\n', "pairs", "line 1: expected a JSON object"),
    ("table.xlsx", b"PK\x03\x04", "pairs", "unsupported file type"),
    ("no-labels.tsv", b"a\tb\t\nc\td\t\n", "labelled", "no label column found"),
    ("empty-labels.csv", b"s1,s2,score\na,b,\nc,d,\n", "labelled", "no row has a label"),
    ("no-label-column.csv", b"s1,s2\na,b\n", "labelled", "no label column found; name it with --label"),
]

READERS = {
    "corpus": lambda p: read_corpus(p).texts,
    "lines": lambda p: read_lines(p).texts,
    "training": lambda p: read_sentences(p),
    "pairs": lambda p: read_pair_file(p),
    "labelled": lambda p: read_pair_file(p, require_labels=True),
}


@pytest.mark.parametrize("name, content, reader, message", REFUSED, ids=[f"{r[2]}-{r[0]}" for r in REFUSED])
def test_refused_with_a_message(tmp_path, name, content, reader, message):
    with pytest.raises(DataError, match=re.escape(message)) as caught:
        READERS[reader](_write(tmp_path, name, content))
    text = str(caught.value)
    assert str(tmp_path) not in text  # the name the user gave (here: a path under tmp), never resolved
    assert len(text) < 400


ACCEPTED = [  # (file name, content, reader, expected)
    ("utf16le.txt", "\ufeff第一句\nsecond\n".encode("utf-16-le"), "corpus", ["第一句", "second"]),
    ("utf16be.txt", "\ufeff第一句\nsecond\n".encode("utf-16-be"), "corpus", ["第一句", "second"]),
    ("utf32.txt", "\ufeffone\ntwo\n".encode("utf-32"), "lines", ["one", "two"]),
    ("gbk.txt", GBK_TEXT.encode("gbk"), "corpus", GBK_TEXT.split()),
    ("big5.txt", BIG5_TEXT.encode("big5"), "corpus", BIG5_TEXT.split()),
    ("crlf.txt", b"one\r\ntwo\r\n\r\n", "lines", ["one", "two"]),
    ("zwsp-mixed.txt", "real\n\u200b\nalso real\u200b\n".encode(), "corpus", ["real", "also real"]),
    ("one.txt", b"just one\n", "corpus", ["just one"]),
    (
        "html.txt",
        b"<script>alert('x')</script>\n<b>bold</b> & co\n",
        "corpus",
        ["<script>alert('x')</script>", "<b>bold</b> & co"],
    ),
    (
        "emoji-rtl.txt",
        "👍🏽 great 🎉\nمرحبا بالعالم\n\u202eevil\u202c\n".encode(),
        "corpus",
        ["👍🏽 great 🎉", "مرحبا بالعالم", "\u202eevil\u202c"],
    ),
    ("limit.txt", ("z" * MAX_CHARS + "\n").encode(), "lines", ["z" * MAX_CHARS]),
]


@pytest.mark.parametrize("name, content, reader, expected", ACCEPTED, ids=[f"{r[2]}-{r[0]}" for r in ACCEPTED])
def test_read_as_text(tmp_path, name, content, reader, expected):
    assert READERS[reader](_write(tmp_path, name, content)) == expected


def test_hundred_thousand_lines_are_fast(tmp_path):
    path = _write(tmp_path, "big.txt", "".join(f"sentence number {i}\n" for i in range(100_000)))
    start = time.perf_counter()
    assert len(read_corpus(path)) == 100_000
    with pytest.raises(DataError, match=f"100,000 sentences; the limit here is {MAX_UI_LINES:,}"):
        parse_lines(path.read_text(encoding="utf-8"))  # the app's own limit
    assert time.perf_counter() - start < 30  # a hang guard, not a speed claim


def test_sick_header_loads(tmp_path):
    sick = "pair_ID\tsentence_A\tsentence_B\trelatedness_score\tentailment_label\n"
    sick += "1\tA group of kids is playing.\tA group of boys is playing.\t4.5\tNEUTRAL\n"
    sick += "2\tA man is cooking.\tA dog runs.\t1.2\tCONTRADICTION\n"
    data = read_pair_file(_write(tmp_path, "SICK.txt", sick), require_labels=True)
    assert data.sentences1 == ["A group of kids is playing.", "A man is cooking."]
    assert data.labels.tolist() == [4.5, 1.2] and data.kind == "graded"


def test_raw_sts16_rows_without_score_are_skipped_and_counted(tmp_path):
    raw = "A cat sits.\tA cat is sitting.\t4.8\nNo score here.\tNone at all.\nA man runs.\tA car.\t0.2\n"
    raw += "Empty score.\tStill empty.\t\nA dog.\tA puppy.\t4\n"
    data = read_pair_file(_write(tmp_path, "STS2016.tsv", raw), require_labels=True)
    assert len(data) == 3 and data.unscored == 2
    assert data.labels.tolist() == [4.8, 0.2, 4.0]


def test_negative_and_out_of_scale_labels_load_as_given(tmp_path):
    """Spearman is scale-free: labels are not clipped to 0-5; eval warns about negatives (below)."""
    data = read_pair_file(_write(tmp_path, "odd.csv", "s1,s2,score\na,b,-1\nc,d,100\ne,f,3\n"))
    assert data.labels.tolist() == [-1.0, 100.0, 3.0] and data.kind == "graded"


@pytest.mark.parametrize(
    "content",
    [
        "s1,s2,label\nA cat.,A kitten.,\nA car.,A bus.,not-a-number\n",  # bad and missing labels
        "A cat.\tA kitten.\nA car.\tA bus.\n",  # label-less
        "s1,s2,label\nA cat.,A kitten.,NaN\nA car.,A bus.,-7\n",
    ],
    ids=["bad-labels", "label-less", "nan-and-negative"],
)
def test_score_tab_upload_ignores_labels(tmp_path, monkeypatch, content):
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path))  # the file stands for an upload
    path = _write(tmp_path, "pairs.csv" if "," in content else "pairs.tsv", content)
    assert pairs_from_upload(str(path)) == [["A cat.", "A kitten."], ["A car.", "A bus."]]
    rows, status = _load_upload(str(path))
    assert status == "Loaded 2 pair(s) from the file."


def test_utf16_decodes_rather_than_called_binary():
    assert decode("\ufeffa\tb\t1\n".encode("utf-16-le")) == "a\tb\t1\n"


def test_symlink_is_followed_for_the_local_user(tmp_path):
    """The CLI reads the local user's own files: a link they point us at is followed (the app's path
    gate, not the reader, decides what a web visitor may name)."""
    outside = tmp_path / "outside"
    outside.mkdir()
    _write(outside, "real.txt", "one\ntwo\n")
    link = tmp_path / "link.txt"
    link.symlink_to(outside / "real.txt")
    assert read_corpus(link).texts == ["one", "two"]
    assert read_corpus(link).name == "link.txt"  # messages name the link as given


@pytest.mark.parametrize("reader", ["corpus", "lines", "pairs", "training"])
def test_a_folder_given_as_a_file(tmp_path, monkeypatch, reader):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    with pytest.raises(DataError, match=r"^data is a folder; give a file\.$"):
        READERS[reader]("data")


@pytest.mark.parametrize("reader", ["corpus", "lines", "pairs", "training"])
def test_a_missing_file_names_what_was_typed(tmp_path, monkeypatch, reader):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DataError, match=r"^No such file: sub/missing\.txt ") as caught:
        READERS[reader]("sub/missing.txt")
    assert str(tmp_path) not in str(caught.value)


# --- the CLI: exit status 2 and one line on stderr, or a result that says what is odd -----------


def _cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


M = "--model tfidf-en "
P = {"p.tsv": "a\tb\t1\nc\td\t2\n"}
CLI_REFUSED = [  # (command line, {dir} = the tmp folder; files to create; message)
    (M + "search --corpus {dir}/zw.txt --query q", {"zw.txt": "\u200b\n \n"}, "no sentences"),
    (M + "encode --corpus {dir}/bin.txt --out {dir}/e.npy", {"bin.txt": b"\x00\x01\x02"}, "binary"),
    (M + "eval --data {dir}", {}, "is a folder"),
    (M + "eval --data missing/pairs.tsv", {}, "No such file: missing/pairs.tsv"),
    (M + "eval --data {dir}/p.tsv --text1 nope", P, "no column 'nope'"),
    (M + "eval --data {dir}/p.tsv --columns 1", P, "--columns takes"),
    (M + "eval --data {dir}/p.tsv --columns 1,2 --text1 1", P, "not both"),
    (M + "eval --data stsb:test --label score", {}, "named set with known columns"),
    (M + "eval --data {dir}/p.csv", {"p.csv": "s1,s2,score\na,b,\nc,d,\n"}, "no row has a label"),
    (M + "search --corpus {dir}/c.csv --query q --columns body", {"c.csv": "id,text\n1,hello\n"}, "no column 'body'"),
]


@pytest.mark.parametrize("line, files, message", CLI_REFUSED, ids=[c[2][:24] for c in CLI_REFUSED])
def test_cli_refuses_with_exit_2_and_one_message(tmp_path, capsys, monkeypatch, line, files, message):
    monkeypatch.chdir(tmp_path)
    for name, content in files.items():
        _write(tmp_path, name, content)
    argv = line.replace("{dir}", str(tmp_path)).split()
    code, out, err = _cli(capsys, *argv[2:], *argv[:2])
    assert code == 2 and message in err, err
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err


def _eval_json(capsys, path: Path, *extra: str) -> dict:
    code, out, err = _cli(capsys, "eval", "--data", str(path), "--model", "tfidf-en", "--json", *extra)
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize(
    "content, warning",
    [
        ("A cat sits.\tA cat is sitting.\t4\n", "only 1 labelled pair"),
        ("A cat.\tA kitten.\t3\nA car.\tA bus.\t3\nA dog.\tA cat.\t3\n", "all 3 labels are 3"),
        ("A cat.\tA kitten.\t1\nA car.\tA bus.\t1\nA dog.\tA cat.\t1\n", "all 3 labels are 1: AUC is undefined"),
        ("A cat.\tA kitten.\t4\nA car.\tA bus.\t-1\nA dog.\tA cat.\t2\n", "a negative label is unusual"),
    ],
    ids=["one-pair", "all-equal-graded", "all-ones-binary", "negative"],
)
def test_degenerate_eval_says_so(tmp_path, capsys, content, warning):
    path = _write(tmp_path, "p.tsv", content)
    result = _eval_json(capsys, path)
    assert warning in result["warning"]
    code, out, _ = _cli(capsys, "eval", "--data", str(path), "--model", "tfidf-en")
    assert code == 0 and "WARNING: " in out and warning in out


def test_eval_counts_unscored_rows(tmp_path, capsys):
    raw = "A cat sits.\tA cat is sitting.\t4.8\nNo score.\tNone.\nA man runs.\tA car.\t0.2\nA dog.\tA puppy.\t4\n"
    result = _eval_json(capsys, _write(tmp_path, "sts16.tsv", raw))
    assert result["n"] == 3 and result["unscored"] == 1
    assert "1 of 4 rows have no label and were skipped" in result["warning"]


def test_a_healthy_eval_has_no_warning(tmp_path, capsys):
    rows = "A cat sits.\tA cat is sitting.\t4.8\nA man runs.\tA car drives.\t0.2\nA dog.\tA puppy.\t3\n"
    result = _eval_json(capsys, _write(tmp_path, "ok.tsv", rows))
    assert "warning" not in result and "unscored" not in result and result["n"] == 3


@pytest.mark.parametrize(
    "flags",
    [
        ["--columns", "sentence_A,sentence_B,relatedness_score"],
        ["--text1", "sentence_A", "--text2", "sentence_B", "--label", "relatedness_score"],
        ["--columns", "2,3,4"],
        [],  # SICK's header names are known
    ],
)
def test_eval_on_sick_with_named_columns(tmp_path, capsys, flags):
    sick = "pair_ID\tsentence_A\tsentence_B\trelatedness_score\tentailment_label\n"
    sick += "1\tA kid plays.\tA boy plays.\t4.5\tNEUTRAL\n2\tA man cooks.\tA dog runs.\t1.2\tCONTRADICTION\n"
    sick += "3\tA woman sings.\tA lady is singing.\t4.9\tENTAILMENT\n"
    result = _eval_json(capsys, _write(tmp_path, "SICK_trial.txt", sick), *flags)
    assert result["n"] == 3 and result["spearman"] is not None


def test_search_and_encode_take_a_text_column(tmp_path, capsys):
    path = _write(tmp_path, "c.csv", "id,body\n1,red running shoes\n2,leather office shoes\n3,phone case\n")
    code, out, err = _cli(capsys, "search", "--corpus", str(path), "--query", "shoes for running", "--columns", "body",
                          "--model", "tfidf-en", "--json", "--top-k", "1")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)[0]["text"] == "red running shoes"
    code, _, err = _cli(capsys, "encode", "--corpus", str(path), "--text1", "2", "--out", str(tmp_path / "e.npy"),
                        "--model", "tfidf-en")  # fmt: skip
    assert code == 0, err
    assert "3 x" in err


def _options(parser) -> set[str]:
    found = set()
    for action in parser._actions:
        found.update(action.option_strings)
        for sub in (getattr(action, "choices", None) or {}).values() if hasattr(action, "_name_parser_map") else []:
            found |= _options(sub)
    return found


def test_every_flag_named_in_an_error_message_exists():
    """A message that tells the user to pass ``--label`` is useless if no command has ``--label``."""
    options = _options(build_parser())
    flag = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
    wrong = []
    for path in sorted(Path("stsdemo").rglob("*.py")) if Path("stsdemo").is_dir() else []:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and node.exc is not None:
                for part in ast.walk(node.exc):
                    if isinstance(part, ast.Constant) and isinstance(part.value, str):
                        wrong += [f"{path}:{node.lineno} {f}" for f in flag.findall(part.value) if f not in options]
    assert "--label" in options and "--columns" in options and "--text1" in options
    assert not wrong, wrong


def test_no_message_echoes_more_than_the_offending_cell(tmp_path):
    """A private file given as pairs: the message quotes the bad label cell only, not other rows."""
    rows = "s1\ts2\tlabel\nsecret one\tsecret two\t1\nsecret three\tsecret four\tTOPSECRET-42\n"
    path = _write(tmp_path, "private.tsv", rows)
    with pytest.raises(DataError) as caught:
        read_pair_file(path)
    assert "secret one" not in str(caught.value) and "secret three" not in str(caught.value)
    assert os.sep + "tmp" not in str(caught.value).replace(str(path), "")
