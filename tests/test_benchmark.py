import pytest

from stsdemo.benchmark import PUBLISHED, headline, run_benchmark
from stsdemo.ui.benchmark_tab import run


def test_headline_metric():
    assert headline({"spearman": 0.8203, "pearson": 0.8, "n": 3}, "graded") == ("spearman", pytest.approx(82.03))
    assert headline({"auc": 0.5, "accuracy": 0.6, "n": 3}, "binary") == ("auc", 50.0)
    assert headline({"auc": 0.5, "spearman": 0.1, "n": 3}, "binary") == ("auc", 50.0)  # no guessing from keys


def test_run_benchmark_rows():
    table = run_benchmark(["minilm", "minilm:cls"], ["stsb:test"], limit=200)
    assert list(table["model"]) == ["minilm", "minilm:cls"]
    assert (table["n"] == 200).all()
    assert table["score × 100"].iloc[0] > table["score × 100"].iloc[1] > 50  # trained pooling beats raw CLS


def test_published_figures_are_there():
    assert 82.03 in PUBLISHED["STS-B test Spearman × 100"].tolist()


def test_tab_messages():
    assert "Pick at least one encoder" in run([], ["stsb:test"], None)[0]
    assert "Unknown dataset" in run(["minilm"], ["nosuch:x"], None)[0]


def test_run_benchmark_with_whitening_adds_a_row_per_encoder():
    table = run_benchmark(["minilm:cls"], ["stsb:test"], post="whitening")
    assert list(table["model"]) == ["minilm:cls", "minilm:cls+whitening"]
    raw, white = table["score × 100"]
    assert raw == pytest.approx(73.5, abs=0.1) and white == pytest.approx(78.7, abs=0.1)


def test_binary_set_reports_spearman_and_auc_labelled(shared_data):
    """A 0/1 set gets both figures: Spearman against the 0/1 label (MTEB's) and AUC (the headline)."""
    table = run_benchmark(["tfidf-zh"], ["lcqmc:test"], data_dir=str(shared_data), limit=200)
    row = table.iloc[0]
    assert row["metric"] == "auc" and row["score × 100"] == row["AUC × 100"]
    assert 0 < row["Spearman × 100"] < row["AUC × 100"] < 100  # rho against 0/1 labels is smaller than AUC


def test_graded_set_has_no_auc():
    table = run_benchmark(["tfidf-en"], ["stsb:test"], limit=100)
    assert table.iloc[0]["metric"] == "spearman" and table.iloc[0]["AUC × 100"] is None


def test_a_limited_run_says_it_is_a_subset():
    table = run_benchmark(["minilm"], ["stsb:test"], limit=50)
    assert table["n"].tolist() == [50]
    assert table["note"].iloc[0] == "first 50 of 1,379 pairs only: not comparable to the published full-set figure"
    assert run_benchmark(["tfidf"], ["stsb:test"])["note"].iloc[0] == ""
