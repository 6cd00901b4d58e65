"""Figures shown in the UI and the docs come from benchmarks/results.json, never typed constants."""

import json
import re

import pytest

from benchmarks import render as docs_render
from stsdemo.results import RESULTS_FILE, figure, load_results, placeholders, record, render, result_key
from stsdemo.ui import i18n

UI_TEMPLATES = {"i18n.yaml": i18n.STRINGS_FILE}
#: numbers in those texts that are not measured figures (names, thresholds, formulas)
NOT_MEASURED = {"0.5", "0.8", "v1.5", "0.7", "0.3", "4.0", "1.0", "0.05"}  # 0.05: SimCSE temperature


@pytest.mark.parametrize("name", sorted(UI_TEMPLATES))
def test_ui_texts_type_no_measured_figure(name):
    """A decimal figure typed into a UI text goes stale when the model is rebuilt: use a placeholder."""
    source = open(UI_TEMPLATES[name], encoding="utf-8").read()
    without_placeholders = re.sub(r"\{\{[^}]*\}\}", "", source)
    typed = set(re.findall(r"(?<![\w.])v?\d+\.\d+(?![\w.])", without_placeholders)) - NOT_MEASURED
    assert not typed, f"{name} types measured figures {sorted(typed)}; quote them as {{{{KEY|METRIC|DIGITS}}}}"
    assert placeholders(source), f"{name} quotes no figure from the results file"


@pytest.mark.parametrize(
    ("shown", "key", "digits"),
    [
        ("geometry.explain", "eval/stsb:test/minilm:cls/whitening", 1),
        ("score.explain", "chinese_sts/stsb-zh:test/minilm/raw", 1),
        ("benchmark.explain", "chinese_sts/stsb-zh:test/minilm/raw", 1),
        ("benchmark.chinese_note", "chinese_sts/stsb-zh:test/models/bench-mini-zh-nli-cosent/raw", 1),
    ],
)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_shown_figure_is_the_stored_one(shown, key, digits, lang):
    text = i18n.text(shown, lang)
    assert "{{" not in text
    assert figure(load_results(), key, "spearman", digits) in text


def test_render_follows_the_results_file():
    template = "CLS {{eval/stsb:test/minilm:cls/whitening|spearman|1}}"
    results = load_results()
    assert render(template, results) == "CLS 78.7"
    changed = json.loads(json.dumps(results))
    changed["eval/stsb:test/minilm:cls/whitening"]["metrics"]["spearman"] = 12.34
    assert render(template, changed) == "CLS 12.3"


def test_unknown_figure_is_an_error():
    with pytest.raises(KeyError, match="no measured result"):
        render("{{nosuch/x:test/m/raw|spearman|1}}", {})
    with pytest.raises(KeyError, match="no metric"):
        render("{{a/b:test/m/raw|auc|1}}", {"a/b:test/m/raw": {"metrics": {"spearman": 1.0}}})


def test_record_merges_and_keeps_order(tmp_path):
    path = tmp_path / "results.json"
    row = dict(benchmark="b", set="s", split="test", model="m", n=3, command="python -m benchmarks.b")
    record([{**row, "metrics": {"spearman": 1.0}}, {**row, "model": "m2", "metrics": {"spearman": 2.0}}], path)
    record([{**row, "metrics": {"spearman": 3.0}}], path)
    stored = load_results(path)
    assert list(stored) == [result_key("b", "s:test", "m"), result_key("b", "s:test", "m2")]
    assert stored["b/s:test/m/raw"]["metrics"] == {"spearman": 3.0}
    with pytest.raises(ValueError, match="lacks"):
        record([{"benchmark": "b", "metrics": {"x": 1}}], path)


def test_every_stored_result_says_how_it_was_measured():
    results = load_results(RESULTS_FILE)
    assert len(results) > 50
    for key, row in results.items():
        assert key == result_key(row["benchmark"], f"{row['set']}:{row['split']}", row["model"], row["post"])
        assert row["command"].startswith("python -m ") and row["date"] and row["n"] > 0, key


def test_docs_tables_are_rendered_from_the_results_file():
    assert docs_render.stale_files() == [], "run: python -m benchmarks.render"


def test_docs_table_changes_with_the_results():
    text = "<!-- results benchmark=eval sets=stsb:test models=minilm:cls -->\nold\n<!-- /results -->"
    results = json.loads(json.dumps(load_results()))
    assert "| stsb:test | 1379 | minilm:cls | 73.50 |" in docs_render.render_text(text, results)
    results["eval/stsb:test/minilm:cls/raw"]["metrics"]["spearman"] = 70.0
    assert "| stsb:test | 1379 | minilm:cls | 70.00 |" in docs_render.render_text(text, results)
    inline = "CLS <!--fig eval/stsb:test/minilm:cls/raw|spearman|1-->73.5<!--/fig-->"
    assert (
        docs_render.render_text(inline, results)
        == "CLS <!--fig eval/stsb:test/minilm:cls/raw|spearman|1-->70.0<!--/fig-->"
    )
