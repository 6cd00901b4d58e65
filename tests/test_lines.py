"""One line reader, one CJK test, one MAX_CHARS: every place that reads "one sentence per line" agrees."""

from __future__ import annotations

import pytest

from stsdemo.corpus.reader import parse_lines, read_corpus
from stsdemo.data.language import has_cjk, is_mostly_chinese
from stsdemo.data.lines import MAX_CHARS, read_lines, split_lines
from stsdemo.data.pairfile import read_pair_file
from stsdemo.encoders.tfidf import detect_language
from stsdemo.errors import DataError
from stsdemo.geometry import sentences_from_text
from stsdemo.inputs import clean_pairs
from stsdemo.postprocess import fit_sentences
from stsdemo.training.corpus import read_sentences

# CRLF, a zero-width-space-only line, a BOM-and-spaces line, a soft-hyphen line, an emoji with a ZWJ inside.
TEXT = "first one\r\n\u200b\u200b\r\n\ufeff  \r\n  second one  \r\n\u00ad\r\n👩\u200d💻 third\r\n"
EXPECTED = ["first one", "second one", "👩\u200d💻 third"]


def _readers(tmp_path):
    path = tmp_path / "corpus.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    return {
        "split_lines": lambda: split_lines(TEXT).texts,
        "read_lines": lambda: read_lines(path).texts,
        "parse_lines (Corpus tab)": lambda: parse_lines(TEXT).texts,
        "read_corpus (search/encode)": lambda: read_corpus(path).texts,
        "sentences_from_text (Geometry tab)": lambda: sentences_from_text(TEXT).sentences,
        "fit_sentences (--fit-on FILE)": lambda: fit_sentences(str(path), []),
        "read_sentences (SimCSE corpus)": lambda: read_sentences(path),
    }


@pytest.mark.parametrize(
    "reader",
    [
        "split_lines",
        "read_lines",
        "parse_lines (Corpus tab)",
        "read_corpus (search/encode)",
        "sentences_from_text (Geometry tab)",
        "fit_sentences (--fit-on FILE)",
        "read_sentences (SimCSE corpus)",
    ],
)
def test_every_line_reader_agrees_on_blank_and_invisible_lines(tmp_path, reader):
    """Zero-width-only and BOM-only lines used to become sentences in the Corpus tab; now none does."""
    assert _readers(tmp_path)[reader]() == EXPECTED


def test_blank_lines_are_counted_and_numbers_kept():
    lines = split_lines(TEXT)
    assert lines.numbers == [1, 4, 6] and lines.skipped == 3
    assert parse_lines(TEXT).skipped == 3


def test_unicode_line_separators_do_not_split_a_sentence():
    assert split_lines("a\u2028b\nc").texts == ["a\u2028b", "c"]


def test_repeats_are_dropped_only_where_asked():
    assert split_lines("a\nb\na\n", unique=True).texts == ["a", "b"]
    assert split_lines("a\nb\na\n").texts == ["a", "b", "a"]  # a corpus keeps row i = line i


@pytest.mark.parametrize(
    "call",
    [
        lambda long: split_lines(f"ok\n{long}"),
        lambda long: parse_lines(f"ok\n{long}"),
        lambda long: sentences_from_text(f"ok\n{long}"),
        lambda long: clean_pairs([["ok", long]]),
        lambda long: read_pair_file(f"a\tb\t1\nok\t{long}\t2\n".encode(), name="p.tsv"),
        lambda long: read_corpus(f"text\nok\n{long}\n".encode(), name="c.csv"),
    ],
)
def test_one_max_chars_everywhere(call):
    """The Geometry tab, the Corpus tab, the Score tab and pair files refuse the same length."""
    call("x" * MAX_CHARS)  # at the limit: fine
    with pytest.raises(DataError, match=f"{MAX_CHARS + 1:,} characters; the limit is {MAX_CHARS:,}"):
        call("x" * (MAX_CHARS + 1))


def test_training_corpora_take_long_lines(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("short\n" + "word " * 1000 + "\n", encoding="utf-8")
    assert len(read_sentences(path)[1]) > MAX_CHARS


@pytest.mark.parametrize(
    "text, cjk",
    [
        ("花呗如何还款", True),
        ("\u3400\u3401", True),  # Extension A: the old SimCSE check missed it
        ("\U00020000", True),  # Extension B
        ("\uf900", True),  # compatibility ideograph
        ("ひらがな カタカナ", False),
        ("한국어", False),
        ("plain English", False),
    ],
)
def test_one_cjk_detector(text, cjk):
    assert has_cjk(text) is cjk
    assert (detect_language(text) == "zh") is cjk  # TF-IDF reads the same test
    assert is_mostly_chinese([text]) is cjk  # so does SimCSE's choice of dev set


def test_headerless_columns_are_named_alike_in_pair_and_corpus_files():
    data = b"1\tA cat.\tA kitten.\t4\n2\tA car.\tA bus.\t1\n"
    pairs = read_pair_file(data, name="p.tsv", text1="column 2", text2="3", label="column 4")
    assert pairs.sentences2 == ["A kitten.", "A bus."] and pairs.labels.tolist() == [4.0, 1.0]
    assert read_corpus(data, name="p.tsv", text_column="column 2").texts == ["A cat.", "A car."]


def test_table_line_numbers_count_blank_lines():
    with pytest.raises(DataError, match="line 4: label 'x'"):
        read_pair_file(b"s1,s2,score\n\na,b,1\nc,d,x\n", name="p.csv")
