"""Bad input: a clear message, no traceback — in the function and in the UI callback."""

import pytest

from stsdemo.errors import DataError
from stsdemo.inputs import MAX_CHARS, clean_pairs
from stsdemo.ui.score_tab import _load_upload, run_scoring


@pytest.fixture(autouse=True)
def _uploads_land_in_tmp_path(tmp_path, monkeypatch):
    """The files these tests write stand for uploads: Gradio's upload folder is ``tmp_path`` here."""
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path))


def test_clean_pairs_skips_blank_rows_and_strips():
    assert clean_pairs([["  a ", "b"], ["", ""], [None, float("nan")]]) == [("a", "b")]


@pytest.mark.parametrize(
    "rows, message",
    [
        ([["", ""]], "No sentence pairs"),
        ([["only one", ""]], "only one sentence"),
        ([["a", "x" * 10_000]], f"limit is {MAX_CHARS:,}"),
        ([["a", "b"]] * 3, "at most 2"),
    ],
)
def test_bad_pairs(rows, message):
    with pytest.raises(DataError, match=message):
        clean_pairs(rows, max_pairs=2)


@pytest.mark.parametrize(
    "rows, chosen, message",
    [
        ([["", ""]], ["minilm"], "No sentence pairs"),
        ([["A sentence.", ""]], ["minilm"], "only one sentence"),
        ([["a", "b" * 10_000]], ["minilm"], "characters"),
        ([["a", "b"]], [], "Pick at least one encoder"),
    ],
)
def test_ui_callback_turns_errors_into_messages(rows, chosen, message):
    status, table, plot, agreement = run_scoring(rows, chosen, "")
    assert status.startswith("⚠️") and message in status
    assert table.empty and plot is None


def test_ui_hub_model_offline_is_a_message():
    status, *_ = run_scoring([["a", "b"]], [], "bert-base-uncased")
    assert "not available offline" in status


def test_ui_unsupported_upload(tmp_path):
    bad = tmp_path / "pairs.xlsx"
    bad.write_bytes(b"PK\x03\x04 binary")
    _, status = _load_upload(str(bad))
    assert "unsupported file type" in status


def test_ui_upload_loads_pairs(tmp_path):
    good = tmp_path / "pairs.csv"
    good.write_text("sentence1,sentence2\nA cat.,A kitten.\nA car.,A bus.\n", encoding="utf-8")
    rows, status = _load_upload(str(good))
    assert rows == [["A cat.", "A kitten."], ["A car.", "A bus."]]
    assert "2 pair" in status


def test_ui_upload_of_100k_lines_is_refused_quickly(tmp_path):
    big = tmp_path / "big.tsv"
    big.write_text("".join(f"sentence {i}\tother {i}\n" for i in range(100_000)), encoding="utf-8")
    _, status = _load_upload(str(big))
    assert "100,000 pairs" in status and "at most" in status


@pytest.mark.slow
def test_score_tab_post_processing_adds_a_whitened_column():
    """Whitening (fitted on STS-B train) opens raw CLS's cone: an unrelated pair drops far below its raw cosine."""
    rows = [
        ["A man is playing a guitar.", "A man plays the guitar."],
        ["A man is playing a guitar.", "A woman slices an onion."],
    ]
    status, table, plot, _ = run_scoring(rows, ["minilm:cls"], "", "whitening")
    assert status.startswith("Scored"), status
    readings = (" percentile", " expected 0-5")  # the calibration columns beside a raw cosine
    assert [c for c in table.columns[2:] if not c.endswith(readings)] == ["minilm:cls", "minilm:cls+whitening"]
    raw, white = table["minilm:cls"], table["minilm:cls+whitening"]
    assert raw[1] > 0.4 and white[1] < raw[1] - 0.3
    assert white[0] > white[1] + 0.4
