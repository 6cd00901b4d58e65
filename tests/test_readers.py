"""Dataset readers: the generic pair-file reader on every format and encoding, and the catalog."""

import numpy as np
import pytest

from stsdemo.data import load_pairs, read_pair_file
from stsdemo.data.text import decode
from stsdemo.errors import DataError

ROWS = [("一个男人在弹吉他。", "一个人在演奏乐器。", "4.2"), ("猫在睡觉", "狗在跑", "0.5")]


def _write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _check(dataset, kind="graded"):
    assert dataset.sentences1 == [r[0] for r in ROWS]
    assert dataset.sentences2 == [r[1] for r in ROWS]
    np.testing.assert_allclose(dataset.labels, [4.2, 0.5])
    assert dataset.kind == kind


def test_csv_with_header(tmp_path):
    text = "sentence1,sentence2,score\n" + "".join(f"{a},{b},{s}\n" for a, b, s in ROWS)
    _check(read_pair_file(_write(tmp_path, "p.csv", text)))


def test_tsv_without_header_gbk(tmp_path):
    text = "".join(f"{a}\t{b}\t{s}\n" for a, b, s in ROWS)
    _check(read_pair_file(_write(tmp_path, "p.tsv", text, "gbk")))


def test_utf8_bom_and_named_columns(tmp_path):
    text = "\ufeffq\tdoc\tgold\n" + "".join(f"{a}\t{b}\t{s}\n" for a, b, s in ROWS)
    _check(read_pair_file(_write(tmp_path, "p.tsv", text), text1="q", text2="doc", label="gold"))


def test_jsonl(tmp_path):
    text = "".join(f'{{"query": "{a}", "title": "{b}", "label": "{s}"}}\n' for a, b, s in ROWS)
    _check(read_pair_file(_write(tmp_path, "p.jsonl", text)))


def test_binary_labels_and_bytes_input():
    data = b"s1\ts2\tlabel\na\tb\t1\nc\td\t0\n"
    dataset = read_pair_file(data, name="upload.tsv")
    assert dataset.kind == "binary" and len(dataset) == 2


def test_unlabelled_pairs(tmp_path):
    dataset = read_pair_file(_write(tmp_path, "p.csv", "A cat.,A kitten.\nA car.,A bus.\n"))
    assert dataset.labels is None and dataset.pairs[1] == ("A car.", "A bus.")


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("p.csv", "s1,s2,score\na,b,1\nc,,2\n", "line 3: empty sentence"),
        ("p.csv", "s1,s2,score\na,b,1\nc,d,NaN\n", "line 3: label 'NaN' is not a number"),
        ("p.jsonl", '{"s1": "a"}\n{broken\n', "line 2: not valid JSON"),
        ("p.csv", "just one column\nanother\n", "need two text columns"),
        ("p.xlsx", "whatever", "unsupported file type"),
        ("p.csv", 'a,b,1\n"unclosed,quote,2\n', "could not parse"),
    ],
)
def test_bad_files_name_the_problem(tmp_path, name, text, message):
    with pytest.raises(DataError, match=message):
        read_pair_file(_write(tmp_path, name, text))


def test_binary_garbage_is_refused():
    with pytest.raises(DataError, match="binary file"):
        decode(b"\x89PNG\x00\x00\x00garbage")


def test_shipped_stsb_splits():
    sizes = {split: len(load_pairs(f"stsb:{split}")) for split in ("train", "dev", "test")}
    assert sizes == {"train": 5749, "dev": 1500, "test": 1379}
    test = load_pairs("stsb:test")
    assert test.sentences1[0] == "A girl is styling her hair." and test.labels[0] == 2.5


def test_unknown_dataset_and_split():
    with pytest.raises(DataError, match="Unknown dataset"):
        load_pairs("nosuch:test")
    with pytest.raises(DataError, match="splits"):
        load_pairs("stsb:validation")


@pytest.mark.parametrize(
    "spec, n, kind, first",
    [
        ("stsb-zh:test", 1361, "graded", "一个女孩在给她的头发做发型。"),
        ("lcqmc:test", 12500, "binary", "谁有狂三这张高清的"),
        ("afqmc:dev", 4316, "binary", "双十一花呗提额在哪"),
        ("pawsx-zh:dev", 2000, "binary", None),
        ("atec:train", 39346, "binary", "怎么更改花呗手机号码"),
        ("atec:test", 10000, "binary", "一个身份证号吗，两个支付宝账号，花呗可以同时使用吗"),
        ("qbqtc:test", 5000, "graded", "离婚申请之日起任何一方不同意离婚可以向"),
        ("oppo:dev", 10000, "binary", "什么音乐是你知道的"),
    ],
)
def test_catalog_readers_on_real_files(shared_data, spec, n, kind, first):
    dataset = load_pairs(spec, shared_data)
    assert len(dataset) == n and dataset.kind == kind
    assert np.isfinite(dataset.labels).all()
    if first:
        assert dataset.sentences1[0] == first  # BOMs stripped (ATEC has them inside fields)


def test_missing_data_folder_is_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("STSDEMO_DATA", str(tmp_path))
    with pytest.raises(DataError, match="not found in the data folder"):
        load_pairs("lcqmc:test", tmp_path)
