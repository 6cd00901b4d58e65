"""Real browser: the Corpus tab's Indexes panel lists an index built here and searches it."""

from __future__ import annotations

import pytest

from stsdemo.corpus.index_build import build_index

pytestmark = pytest.mark.browser

LINES = [
    "How do I reset my password?",
    "The weather is sunny and warm today.",
    "A man is playing the guitar.",
    "Share prices dropped a lot today.",
]


def test_list_and_search_an_index(page, tmp_path, monkeypatch, screenshot):
    corpus = tmp_path / "faq.txt"
    corpus.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    build_index([corpus], "minilm", tmp_path / "indexes" / "faq-demo", progress=lambda *a: None)
    monkeypatch.setenv("STSDEMO_INDEXES", str(tmp_path / "indexes"))  # the app runs in this process

    page.get_by_role("tab", name="Corpus").click()
    page.get_by_role("tab", name="Indexes").click()
    page.locator("#index-refresh").click()
    page.wait_for_selector("#index-status :text('1 index(es) built.')")
    assert "faq-demo" in page.locator("#index-list").text_content()
    page.locator("#index-query textarea, #index-query input").first.fill("I forgot my password")
    page.locator("#index-search-btn").click()
    page.wait_for_selector("#index-status :text('result(s)')")
    text = page.locator("#index-hits").text_content()
    assert "How do I reset my password?" in text and "faq.txt" in text
    assert text.index("How do I reset my password?") < text.index("guitar")
    assert "Traceback" not in page.content()
    screenshot("corpus-index-panel")


MAP_POINTS = 20_000  # the panel's default; benchmarks/index_map.py draws 100k from the real big index


def test_map_draws_every_point_with_webgl(page, tmp_path, monkeypatch, screenshot):
    """A built index whose stored map holds 20,000 points (synthetic coordinates: four blobs, one per
    source) is drawn whole as a WebGL scatter: every point in the plot's data, traces of type
    scattergl (an SVG scatter of 20k points would freeze the page), and the plot area painted."""
    import io

    import numpy as np
    from PIL import Image

    from stsdemo.corpus.index_store import IndexStore

    corpus = tmp_path / "faq.txt"
    corpus.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    folder = tmp_path / "indexes" / "map-demo"
    build_index([corpus], "minilm", folder, progress=lambda *a: None)
    rng = np.random.default_rng(0)
    sources = np.repeat(["faq", "news", "chat", "reviews"], MAP_POINTS // 4)
    centres = {"faq": (-5, -5), "news": (5, -5), "chat": (-5, 5), "reviews": (5, 5)}
    coords = np.array([centres[s] for s in sources], np.float32) + rng.normal(size=(MAP_POINTS, 2)).astype(np.float32)
    texts = [f"sentence {i} of the {s} set" for i, s in enumerate(sources)]
    IndexStore(folder).save_projection(np.arange(MAP_POINTS), coords, texts, list(sources))
    monkeypatch.setenv("STSDEMO_INDEXES", str(tmp_path / "indexes"))

    page.get_by_role("tab", name="Corpus").click()
    page.get_by_role("tab", name="Indexes").click()
    page.locator("#index-refresh").click()
    page.wait_for_selector("#index-status :text('1 index(es) built.')")
    page.locator("#index-map-btn").click()
    page.wait_for_selector(f"#index-status :text('{MAP_POINTS:,} of the {MAP_POINTS:,} mapped sentences')")
    drawn = page.wait_for_function(
        """() => {
            const plot = document.querySelector('#index-map .js-plotly-plot');
            if (!plot || !plot._fullData || !plot._fullData.length) return null;
            return plot._fullData.map(t => [t.type, t.name, t.x.length]);
        }""",
        timeout=120_000,
    ).json_value()
    assert {t for t, _, _ in drawn} == {"scattergl"}
    assert sorted(name for _, name, _ in drawn) == ["chat", "faq", "news", "reviews"]
    assert sum(n for _, _, n in drawn) == MAP_POINTS
    assert page.locator("#index-map canvas").count() > 0  # WebGL draws on canvases, not SVG paths
    page.wait_for_timeout(500)  # let the WebGL frame land before the screenshot
    pixels = np.asarray(Image.open(io.BytesIO(page.locator("#index-map").screenshot())).convert("L"))
    assert (pixels < 200).mean() > 0.05, "the map area is blank: the points were not drawn"
    assert "Traceback" not in page.content()
    screenshot("corpus-index-map")
