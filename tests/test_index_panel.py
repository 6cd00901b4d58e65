"""The Corpus tab's "Indexes" panel: a small index built here is listed, searched and mapped through the
panel's own callbacks, and only by name under the index root."""

from __future__ import annotations

import pytest

from stsdemo.corpus.index_build import build_index
from stsdemo.gate import Refused, index_folder
from stsdemo.ui import index_panel

FAQ = [
    "How do I reset my password?",
    "Where can I change my login email?",
    "My account is locked after too many attempts.",
    "How long does delivery take?",
    "Can I track my parcel online?",
    "Do you ship to other countries?",
]
WEATHER = [
    "It is raining heavily this morning.",
    "The forecast says it will be sunny tomorrow.",
    "A cold wind is blowing from the north.",
    "Snow is expected in the mountains tonight.",
    "The summer has been unusually hot.",
    "Thunderstorms are likely this afternoon.",
]


@pytest.fixture(scope="module")
def index_root(tmp_path_factory):
    """``STSDEMO_INDEXES`` with one MiniLM index of two files (two sources) and a stored map."""
    root = tmp_path_factory.mktemp("indexes")
    files = []
    for name, lines in (("faq.txt", FAQ), ("weather.txt", WEATHER)):
        path = root.parent / name
        path.write_text("\n".join(lines * 2) + "\n", encoding="utf-8")  # duplicates: 24 rows
        files.append(path)
    summary = build_index(files, "minilm", root / "demo", batch_size=8, progress=lambda *a: None, projection=20)
    assert summary["rows"] == 24 and summary["projection"] == 20
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STSDEMO_INDEXES", str(root))
        yield root


def test_built_index_is_listed(index_root):
    frame = index_panel.indexes_frame()
    assert frame.to_dict("records") == [
        {"index": "demo", "model": "minilm", "rows": 24, "ANN": "flat scan", "map": 20, "files": "faq.txt, weather.txt"}
    ]
    status, table, picker = index_panel.refresh()
    assert status == "1 index(es) built." and picker.value == "demo"


def test_search_finds_the_paraphrase_with_its_source(index_root):
    status, hits = index_panel.search("demo", "I forgot my password", 3, "none")
    assert "result(s)" in status and "24 sentences of demo" in status
    assert hits.iloc[0]["text"] == "How do I reset my password?" and hits.iloc[0]["source"] == "faq.txt"
    assert list(hits["rank"]) == [1, 2, 3]


def test_map_is_a_webgl_scatter_coloured_by_source(index_root):
    status, figure = index_panel.draw_map("demo", 1000)
    assert "20 of the 20 mapped sentences" in status
    assert {trace.type for trace in figure.data} == {"scattergl"}
    assert {trace.name for trace in figure.data} == {"faq.txt", "weather.txt"}
    hover = [t for trace in figure.data for t in trace.text]
    assert len(hover) == 20 and set(hover) <= set(FAQ + WEATHER)


@pytest.mark.parametrize("name", ["../demo", "/etc", ".hidden", "", "missing"])
def test_only_built_indexes_under_the_root_are_reachable(index_root, name):
    with pytest.raises(Refused):
        index_folder(name)
    status, hits = index_panel.search(name, "password", 3, "none")
    assert status.startswith("⚠️") and str(index_root) not in status and hits.empty


def test_index_without_a_map_says_how_to_make_one(index_root):
    build_index([index_root.parent / "faq.txt"], "minilm", index_root / "plain", progress=lambda *a: None)
    status, figure = index_panel.draw_map("plain", 1000)
    assert figure is None and "--projection" in status
