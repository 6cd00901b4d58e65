"""Real browser: layouts that hold with ten encoders at 1440 px and on a 390-px phone (issue 16)."""

import pytest

pytestmark = pytest.mark.browser

TEN = [
    "minilm", "m2v-minilm", "minilm:cls", "minilm:mean", "minilm:first-last-avg", "minilm:layer-1",
    "minilm:static", "mlm-mini-en:cls", "tfidf", "tfidf-en",
]  # fmt: skip
TABS = ["Learn", "Score pairs", "Corpus", "Geometry", "Benchmark", "Train"]

#: Text segments (split after spaces and : + - @) that the browser broke across two lines.
SPLIT_WORDS = """(selector) => {
  const split = [];
  for (const cell of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.textContent.matchAll(/[^\\s:+\\-@]+[:+\\-@]?/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) split.push(m[0]);
      }
    }
  }
  return split;
}"""

#: Elements wider than the viewport or sticking out of it (unless inside a box that scrolls or
#: clips them, itself within the viewport), and the page's own scroll width.
TOO_WIDE = """() => {
  const out = [];
  const inside = r => r.left >= -1 && r.right <= innerWidth + 1;
  const clipped = e => {
    for (let a = e.parentElement; a; a = a.parentElement)
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX))
        return inside(a.getBoundingClientRect());
    return false;
  };
  for (const e of document.querySelectorAll('.js-plotly-plot, table, .table-wrap, .block, .wide-table, img, svg')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || e.id === 'js-plotly-tester' || clipped(e)) continue;  // plotly's off-screen ruler
    if (r.width > innerWidth + 1 || r.right > innerWidth + 1 || r.left < -1)
      out.push(`${e.tagName}#${e.id || e.closest('[id]')?.id} ${Math.round(r.left)}..${Math.round(r.right)}`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth, out};
}"""


def _open_tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    page.wait_for_selector(f"[role=tab][aria-selected=true]:has-text('{name}')")


def _score(page, specs: list[str]) -> None:
    _open_tab(page, "Score pairs")
    for spec in specs:
        box = page.locator("#encoders label").filter(has_text=f"· {spec} —").locator("input")
        if not box.is_checked():
            box.check()
    page.locator("#score-btn").click()
    page.wait_for_selector("#score-status :text('Scored')", timeout=180_000)
    page.wait_for_selector("#score-plot .js-plotly-plot .legend")


def _scrolls_sideways(page, selector: str) -> bool:
    """Whether the box scrolls horizontally now (it must be able to: ``overflow-x: auto``)."""
    width, shown, overflow = page.evaluate(
        "(s) => { const e = document.querySelector(s);"
        " return [e.scrollWidth, e.clientWidth, getComputedStyle(e).overflowX] }",
        selector,
    )
    assert overflow == "auto", overflow
    return width > shown


def test_score_tab_holds_ten_encoders(page, screenshot):
    page.set_viewport_size({"width": 1440, "height": 900})
    _score(page, TEN)

    # short grouped headers, the full column name on hover, no word broken across lines
    table = page.locator("#score-table")
    assert table.locator("th[title='minilm:first-last-avg percentile']").inner_text().strip() == "%ile"
    assert table.locator("th[colspan][title='minilm:cls']").inner_text().strip() == "minilm:cls"
    assert table.locator("th[title='minilm:cls: cosine']").inner_text().strip() == "cos"
    assert page.evaluate(SPLIT_WORDS, "#score-table th") == []
    assert page.evaluate(SPLIT_WORDS, "#score-agreement th") == []

    # a table wider than the page scrolls in its own box; the page itself does not get wider
    assert _scrolls_sideways(page, "#score-table .wide-table") in (True, False)
    assert page.evaluate(TOO_WIDE)["out"] == []

    # cells coloured by value: minilm's near-paraphrase (pair 1, 0.98) darker than its unrelated pair 2 (0.09)
    alphas = page.evaluate(
        "() => [...document.querySelectorAll('#score-table tbody tr')].slice(0, 2).map(tr =>"
        " parseFloat(getComputedStyle(tr.querySelectorAll('td.num')[0]).backgroundColor.split(',')[3]))"
    )
    assert alphas[0] > 2 * alphas[1] > 0, alphas

    # the legend sits under the plot area, covering no pair
    legend = page.locator("#score-plot .legend").bounding_box()
    area = page.locator("#score-plot .nsewdrag").first.bounding_box()
    assert legend["y"] >= area["y"] + area["height"], (legend, area)
    # plotly draws legend entries one by one: wait for all of them rather than count a half-drawn legend
    page.wait_for_function(
        "(n) => document.querySelectorAll('#score-plot .legend .traces').length === n", arg=len(TEN), timeout=30_000
    )
    screenshot("score-ten-encoders")


def test_no_placeholder_headers_before_the_first_run(page):
    for name in TABS:
        _open_tab(page, name)
        page.wait_for_timeout(300)
        headers = page.evaluate(
            "() => [...document.querySelectorAll('.table-wrap')].filter(t => t.offsetParent)"
            ".map(t => [...t.querySelectorAll('th')].map(th => th.innerText.trim()).slice(0, 3).join(' '))"
        )
        assert "1 2 3" not in headers, (name, headers)


def test_phone_every_tab_opens_and_nothing_is_wider_than_the_screen(page, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("tab", name=TABS[0]).wait_for()  # the page has rendered (is_visible does not wait)
    for name in TABS:
        tab = page.get_by_role("tab", name=name)
        assert tab.is_visible(), f"tab {name!r} is hidden on a phone"
        tab.click()
        page.wait_for_selector(f"[role=tab][aria-selected=true]:has-text('{name}')")
        page.wait_for_timeout(500)
        wide = page.evaluate(TOO_WIDE)
        assert wide["scrollWidth"] <= wide["innerWidth"] and wide["out"] == [], (name, wide)

    _score(page, ["minilm:cls", "tfidf"])
    wide = page.evaluate(TOO_WIDE)
    assert wide["scrollWidth"] <= wide["innerWidth"] and wide["out"] == [], wide
    _scrolls_sideways(page, "#score-table .wide-table")  # more columns would scroll inside their box
    plot = page.locator("#score-plot .main-svg").first.bounding_box()
    block = page.locator("#score-plot").bounding_box()
    assert plot["x"] >= block["x"] - 1 and plot["x"] + plot["width"] <= block["x"] + block["width"] + 1
    screenshot("phone-score")


def test_phone_header_gives_title_and_language_switch_a_row_each(page, screenshot):
    """On a 390-px phone the title and the English / 中文 switch shared one row: the title squeezed
    into 150 px (six lines of one or two words), the switch's options stacked in a 535-px-tall box."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_selector("#ui-lang")
    page.wait_for_timeout(500)
    title = page.locator("#app-header h1").bounding_box()
    switch = page.locator("#ui-lang").bounding_box()
    options = [page.locator("#ui-lang label").nth(i).bounding_box() for i in range(2)]
    header = page.locator("#app-header").bounding_box()
    assert title["width"] >= 0.9 * header["width"], (title, header)  # the title has the whole width
    assert switch["y"] + switch["height"] <= title["y"], (switch, title)  # the switch: its own row, above
    assert switch["height"] < 120 and abs(options[0]["y"] - options[1]["y"]) < 2, (switch, options)  # side by side
    lines = page.evaluate(
        "() => { const h = document.querySelector('#app-header h1');"
        " return Math.round(h.getBoundingClientRect().height / parseFloat(getComputedStyle(h).lineHeight)) }"
    )
    assert lines <= 3, lines
    wide = page.evaluate(TOO_WIDE)
    assert wide["scrollWidth"] <= wide["innerWidth"] and wide["out"] == [], wide
    screenshot("phone-header")

    page.set_viewport_size({"width": 1440, "height": 900})  # the desktop keeps one row: title left, switch right
    page.wait_for_timeout(300)
    title, switch = page.locator("#app-header h1").bounding_box(), page.locator("#ui-lang").bounding_box()
    assert switch["x"] > title["x"] + title["width"] and switch["y"] < title["y"] + title["height"], (title, switch)


def test_corpus_compare_table_shows_overlap_without_scrolling(page):
    page.set_viewport_size({"width": 1440, "height": 900})
    _open_tab(page, "Corpus")
    page.locator("#corpus-text textarea").fill(
        "How do I reset my password?\nI forgot my password, how can I change it?\nWhere is my parcel?\n"
        "My order has not arrived yet.\nCan I pay by card?\nDo you accept credit cards for payment?"
    )
    page.get_by_role("tab", name="Compare encoders").click()
    page.locator("#corpus-compare-queries textarea").fill("lost password\nlate delivery")
    page.locator("#corpus-compare-btn").click()
    page.wait_for_selector("#corpus-status :text('Mean overlap@5')")
    header = page.locator("#corpus-compare th[title='overlap@5']").bounding_box()
    viewport = page.locator("#corpus-compare .virtual-table-viewport, #corpus-compare .table-wrap").first.bounding_box()
    assert header["x"] + header["width"] <= viewport["x"] + viewport["width"] + 1, (header, viewport)


def test_cone_view_is_not_cut_at_the_bottom_and_fits_a_phone(page, screenshot):
    page.set_viewport_size({"width": 1440, "height": 900})
    _open_tab(page, "Geometry")
    page.locator("#cone-panel").get_by_text("The cone in 3-D").click()
    page.locator("#cone-run").click()
    page.wait_for_selector("#cone-plot .js-plotly-plot .xtitle", timeout=300_000)
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900 if width > 400 else 844})
        page.wait_for_timeout(1500)
        block = page.locator("#cone-plot").bounding_box()
        title = page.locator("#cone-plot .xtitle").bounding_box()  # the histogram's axis title, the lowest text
        assert title["y"] + title["height"] <= block["y"] + block["height"], (width, title, block)
        scene = page.locator("#cone-plot .gl-container, #cone-plot #scene").first.bounding_box()
        assert scene["x"] >= block["x"] - 1 and scene["x"] + scene["width"] <= block["x"] + block["width"] + 1
        wide = page.evaluate(TOO_WIDE)
        assert wide["scrollWidth"] <= wide["innerWidth"] and wide["out"] == [], (width, wide)
    screenshot("phone-geometry-cone")
