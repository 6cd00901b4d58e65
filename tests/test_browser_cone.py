"""Real browser: the Geometry tab's 3-D cone view shows raw CLS bunched and whitened vectors spread."""

import re

import pytest

pytestmark = pytest.mark.browser


def test_cone_panel_shows_angles_and_spheres(page, screenshot):
    page.get_by_role("tab", name="Geometry").click()
    page.locator("#cone-panel").get_by_text("The cone in 3-D").click()
    page.locator("#cone-run").click()
    status = page.locator("#cone-status")
    status.get_by_text("Median angle").wait_for(timeout=300_000)
    raw, white = (float(a) for a in re.findall(r"(\d+)°", status.inner_text())[:2])
    assert raw < 60 < 80 < white
    page.wait_for_selector("#cone-plot .js-plotly-plot")
    screenshot("geometry-cone")
