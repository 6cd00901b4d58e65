"""The English / 中文 strings: complete in both languages, every key the UI asks for exists."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path
from types import SimpleNamespace

import pytest

import stsdemo
from stsdemo import strings
from stsdemo.errors import DataError
from stsdemo.ui import i18n

UI = Path(i18n.__file__).parent


def test_every_string_has_english_and_chinese():
    strings = i18n.translations()
    assert strings["en"].keys() == strings["zh"].keys()
    for key, english in strings["en"].items():
        chinese = strings["zh"][key]
        assert english.strip() and chinese.strip(), key
        if key != "app.language":  # the only text written in both languages on purpose
            assert re.search(r"[\u4e00-\u9fff]", chinese), f"{key} has no Chinese: {chinese!r}"
        assert sorted(re.findall(r"\{\w+", english)) == sorted(re.findall(r"\{\w+", chinese)), f"{key}: fields differ"


def test_every_key_the_ui_uses_exists():
    used = {m for path in UI.glob("*.py") for m in re.findall(r'\bt\("([\w.]+)"[,)]', path.read_text(encoding="utf-8"))}
    used |= {m for path in UI.glob("*.py") for m in re.findall(r'\bsay\("([\w.]+)"', path.read_text(encoding="utf-8"))}
    assert used, "no UI string found: the pattern above is out of date"
    assert sorted(used - i18n.translations()["en"].keys()) == []


def test_unknown_key_fails_at_build_time():
    with pytest.raises(KeyError, match="no UI string"):
        i18n.t("score.no-such-key")


def test_messages_are_filled_in_the_request_language():
    assert i18n.text("score.done", "en", pairs=3, models=2) == "Scored 3 pair(s) with 2 model(s)."
    assert i18n.text("score.done", "zh", pairs=3, models=2) == "已用 2 个模型为 3 对句子打分。"


@pytest.mark.parametrize(
    ("accept", "cookie", "lang"),
    [
        ("zh-CN,zh;q=0.9", None, "zh"),
        ("zh-TW", None, "zh"),
        ("en-US,zh-CN;q=0.8", None, "en"),
        ("fr-FR", None, "en"),
        (None, None, "en"),
        ("zh-CN", "en", "en"),  # the switch wins over the browser
        ("en-US", "zh", "zh"),
        ("en-US", "xx", "en"),  # a forged cookie is ignored
    ],
)
def test_language_of_a_request(accept, cookie, lang):
    assert i18n.language_of(accept, cookie) == lang


def _string_constants() -> set[str]:
    """Every string literal of the package (adjacent literals joined, as Python joins them)."""
    root = Path(stsdemo.__file__).parent
    return {
        node.value
        for path in root.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def test_every_translated_error_is_raised_as_written():
    """An ``error.*`` entry is found by its English template: edited at the raise site, the entry would
    silently stop matching and the page would fall back to English."""
    raised = _string_constants()
    english = i18n.translations()["en"]
    stale = [key for key, text in english.items() if key.startswith(strings._BY_ENGLISH) and text not in raised]
    assert stale == []


def test_entries_found_by_english_text_are_unique_and_keep_their_fields():
    """Two entries with one English text would make the lookup pick one at random; a Chinese text
    with other ``{fields}`` than its English one would fail (or lose a number) when filled in."""
    english, chinese = i18n.translations()["en"], i18n.translations()["zh"]
    by_english = [text for key, text in english.items() if key.startswith(strings._BY_ENGLISH)]
    assert len(by_english) == len(set(by_english))

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for key in english:
        if key.startswith(("error.", "core.", "plot.", "train.bar")):
            assert fields(english[key]) == fields(chinese[key]), key


def test_the_unk_warning_reads_in_chinese_in_the_table_the_plot_and_the_status():
    """Picked for Chinese pairs, MiniLM's [UNK] warning is written by the core in English; on a
    中文 page the warning column, the plot's note and the status line say it in Chinese."""
    from stsdemo.encoders.registry import load
    from stsdemo.encoders.vocabulary import oov_warning
    from stsdemo.plots.scores import pair_scores_figure
    from stsdemo.scoring import score_pairs, unreadable_pairs, with_readings

    pairs, models = [("花呗如何还款", "花呗怎么还钱")], [load("minilm")]
    warning = oov_warning(models[0], pairs[0])
    assert warning.startswith("minilm cannot read this text: ")  # the CLI's --json "warning" stays English
    zh = i18n.message_text(warning, "zh")
    assert zh.startswith("minilm 读不懂这段文本：") and "[UNK]" in zh and warning.values["better"] in zh
    table = score_pairs(pairs, models)
    shown = with_readings(table, models, show=lambda note: i18n.message_text(note, "zh"))
    assert shown["warning"][0] == zh
    fig = pair_scores_figure(table, unreadable_pairs(pairs, models), "zh")
    assert any(zh in a.text for a in fig.layout.annotations)
    assert fig.layout.xaxis.title.text == "相似度（双塔编码器为余弦）"
    assert pair_scores_figure(table, None).layout.xaxis.title.text == "similarity (cosine for bi-encoders)"


def test_verdicts_reasons_and_caveats_of_the_core_read_in_chinese():
    import numpy as np

    from stsdemo.benchmark import subset_note
    from stsdemo.corpus.clusters import Clusters
    from stsdemo.geometry import blank_reasons, flow_verdict
    from stsdemo.training.run import _summary

    verdict = flow_verdict({"heldout_nll": 2.0, "gaussian_heldout_nll": 2.006, "best_step": 0})
    assert i18n.message_text(verdict, "zh").startswith("流模型没有学到白化之外的东西") and "0.006" in verdict
    assert i18n.message_text(blank_reasons(None)["spearman"], "zh").startswith("需要人工打分的句对")
    why = Clusters(np.array([0, 0, 1]), [0, 2], 0.5, "ward", {2: 0.5, 3: 0.2}).why()
    assert i18n.message_text(why, "zh") == (
        "k = 2：在 k = 2…3 中轮廓系数最好（0.500，单位向量上的 Ward 连接）；设定 k 可以改用别的值。"
    )
    assert i18n.message_text(subset_note(500, 1379), "zh") == "只用了 1,379 对中的前 500 对：不能与公开的全集结果相比"
    run = {"recipe": "cosent", "lora_trainable_share": None, "data": "stsb", "base": "minilm", "dev": 0.8512,
           "test": {"spearman": 0.8}, "test_metric": "spearman", "test_set": "stsb:test", "quick_run": True,
           "train_rows": 200, "test_rows": 100}  # fmt: skip
    summary = _summary(run)
    assert summary == (
        "cosent on stsb from minilm: dev 85.12, test stsb:test spearman 80.00"
        " (quick run: 200 training rows, 100 test rows; not comparable to full runs)"
    )  # what the model card and the CLI write
    assert i18n.message_text(summary, "zh") == (
        "cosent，数据 stsb，基础模型 minilm：开发集 85.12，测试集 stsb:test spearman 80.00"
        "（快速运行：200 行训练数据、100 行测试数据；不能与完整运行相比）"
    )


def test_the_train_bar_names_its_phase_in_the_page_language():
    from stsdemo.errors import Message
    from stsdemo.ui.train_callbacks import progress_html

    phase = Message("evaluating the base model on {n:,} dev pairs", n=1500)
    assert "在 1,500 个开发集句对上评测基础模型：50/200 条文本（25%）" in progress_html(0, 0, phase, 50, 200, "zh")
    assert "训练中：第 3/10 步（30%）" in progress_html(3, 10, Message("training"), lang="zh")
    assert ">排队中<" in progress_html(0, 0, "queued", lang="zh")


def test_plot_titles_and_axes_follow_the_language():
    from stsdemo.calibration import calibration_for
    from stsdemo.plots.calibration import calibration_figure
    from stsdemo.plots.training import loss_figure

    cal = calibration_for("minilm:cls")
    assert calibration_figure(cal, "zh").layout.title.text == "minilm:cls：余弦值意味着什么"
    assert calibration_figure(cal).layout.title.text == "minilm:cls: what a cosine means"
    fig = loss_figure([(1, 0.5)], [(1, 0.8)], "zh")
    assert [t.name for t in fig.data] == ["训练损失", "开发集分数（×100）"]


def test_preset_choices_are_labelled_in_the_language_with_unchanged_values():
    """The /geometry endpoint keeps accepting the English preset and "Fit on" names (docs/api.md)."""
    from stsdemo.geometry import PRESETS
    from stsdemo.ui.corpus_callbacks import PRESETS as CORPUS_PRESETS
    from stsdemo.ui.corpus_tab import _presets
    from stsdemo.ui.geometry_tab import FIT_SOURCES, _choices

    for names in (PRESETS, FIT_SOURCES):
        zh = _choices(names, "zh")
        assert [value for _, value in zh] == list(names) and all(_has_chinese(label) for label, _ in zh)
        assert _choices(names) == [(name, name) for name in names]
    assert [value for _, value in _presets("zh")] == list(CORPUS_PRESETS)
    assert _presets("zh")[0][0] == "常见问题（英文，6 类）"


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_a_core_error_is_shown_in_the_page_language_and_stays_english_on_the_cli():
    from stsdemo.corpus.reader import parse_lines

    with pytest.raises(DataError) as raised:
        parse_lines("\n\n")
    err = raised.value
    assert str(err) == "The pasted text has no sentences: give one sentence per line."  # what the CLI prints
    assert i18n.message_text(err, "en") == str(err)
    assert i18n.message_text(err, "zh") == "粘贴的文本没有句子：请每行写一句。"  # the value "The pasted text" too


def test_an_untranslated_error_stays_as_raised():
    assert i18n.message_text(DataError("An error with no {entry}.", entry="x"), "zh") == "An error with no x."


def test_error_message_follows_the_request_gradio_is_serving(monkeypatch):
    """A callback need not pass its request on: the status line reads the language of the request
    being served (the switch's cookie), as Gradio's own ``gr.Progress`` finds it."""
    from gradio.context import LocalContext

    from stsdemo.ui.common import error_message

    err = DataError("{name} is empty.", name="notes.txt")
    assert error_message(err) == "⚠️ notes.txt is empty."  # called from Python: English
    request = SimpleNamespace(headers={"accept-language": "en-US", "cookie": f"{i18n.COOKIE}=zh"})
    token = LocalContext.request.set(request)
    try:
        assert error_message(err) == "⚠️ notes.txt 是空的。"
    finally:
        LocalContext.request.reset(token)


def test_build_time_values_get_a_key_of_their_own():
    data = i18n.t("corpus.text", max_lines=20000)
    assert i18n.translations()["zh"][data.key] == "语料：每行一句（最多 20,000 句）"
    assert i18n.translations()["en"][data.key] == "Corpus: one sentence per line (up to 20,000)"


def test_lesson_key_figures_read_in_both_languages():
    values = {"paraphrase": 0.912, "unrelated": 0.031}
    assert i18n.text("lesson.cosine.figure", "en", **values) == "minilm cosine: paraphrase 0.91 · unrelated 0.03"
    assert i18n.text("lesson.cosine.figure", "zh", **values) == "minilm 余弦：同义句 0.91 · 无关句 0.03"


def test_lesson_plots_read_in_the_page_language():
    from stsdemo.lessons import run_cosine, run_pooling

    zh, en = run_pooling("zh").figure.layout, run_pooling("en").figure.layout
    assert (zh.title.text, zh.yaxis.title.text) == ("同一对无关句，四种池化", "余弦")
    assert (en.title.text, en.yaxis.title.text) == ("The same unrelated pair, four poolings", "cosine")
    assert list(run_cosine("zh").figure.data[0].x) == ["同义句", "无关句"]


def test_score_table_short_headers_and_hover_texts_follow_the_language():
    import pandas as pd

    from stsdemo.plots.score_table import score_table_html

    table = pd.DataFrame(
        {
            "sentence 1": ["a"],
            "sentence 2": ["b"],
            "minilm": [0.5],
            "minilm percentile": [40.0],
            "minilm expected 0-5": [2.1],
        }
    )
    zh, en = score_table_html(table, lang="zh"), score_table_html(table, lang="en")
    assert '<th title="minilm：余弦">余弦</th>' in zh and '<th title="minilm 在随机句对中的百分位">百分位</th>' in zh
    assert '<th title="minilm: cosine">cos</th>' in en and '<th title="minilm percentile">%ile</th>' in en
