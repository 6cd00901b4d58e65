"""Real browser on the Geometry tab: hovering a sentence in the raw UMAP rings it in the whitened one."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: Pixel position of sentence ``id`` in plot ``sel``, read from the plot's own axes (as the page does).
_POSITION = """([sel, id]) => {
  const gd = document.querySelector(`${sel} .js-plotly-plot`);
  for (const t of gd._fullData) {
    const j = t.customdata ? Array.prototype.indexOf.call(t.customdata, id) : -1;
    if (j < 0) continue;
    const box = gd.getBoundingClientRect(), xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
    return [box.left + xa._offset + xa.l2p(t.x[j]), box.top + ya._offset + ya.l2p(t.y[j])];
  }
  return null;
}"""


def test_hovering_a_sentence_rings_it_in_every_panel(page, screenshot):
    page.get_by_role("tab", name="Geometry").click()
    page.get_by_label("TREC questions").check()
    page.locator("#geo-posts").get_by_label("flow").uncheck()
    page.locator("#geo-run").click()
    page.locator("#geo-status").get_by_text("500 sentences").wait_for(timeout=240_000)
    for plot in ("#geo-umap-1", "#geo-umap-2"):
        page.wait_for_selector(f"{plot} .js-plotly-plot")
    page.wait_for_timeout(1500)  # the hover script attaches once the plots are drawn
    page.locator("#geo-umap-1").scroll_into_view_if_needed()  # positions below are in the viewport

    for sentence in (7, 123):
        x, y = page.evaluate(_POSITION, ["#geo-umap-1", sentence])
        page.mouse.move(x, y)
        here, there = page.locator("#geo-umap-1 .sts-linked"), page.locator("#geo-umap-2 .sts-linked")
        there.wait_for(state="visible", timeout=10_000)
        hovered = here.get_attribute("data-sentence")  # the point under the mouse (another may overlap ours)
        assert hovered and there.get_attribute("data-sentence") == hovered
        # the ring sits on that sentence's point in the whitened panel, wherever UMAP put it there
        expected = page.evaluate(_POSITION, ["#geo-umap-2", int(hovered)])
        box = there.bounding_box()
        centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        assert abs(centre[0] - expected[0]) < 3 and abs(centre[1] - expected[1]) < 3, (centre, expected)
        page.mouse.move(5, 5)
        there.wait_for(state="hidden", timeout=10_000)
    assert "turned onto raw" in page.locator("#geo-umap-2").inner_text()
    screenshot("geometry-linked-umap")
