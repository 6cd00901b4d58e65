"""Real browser: the screenshots of the README gallery (``bash scripts/refresh_gallery.sh`` copies them
from ``tests/artifacts/gallery-*.png`` into ``docs/img/``): every tab and every Learn lesson at
1440×900 (each lesson after its button ran, its key figure and plot on screen), the fixed pages on
a 390×844 phone, and the Chinese interface."""

import pytest

from stsdemo.lessons import LESSONS

pytestmark = pytest.mark.browser

TABS = {"learn": "Learn", "score": "Score pairs", "corpus": "Corpus", "geometry": "Geometry",
        "benchmark": "Benchmark", "train": "Train"}  # fmt: skip
OVERFLOW = "() => document.documentElement.scrollWidth - innerWidth"


def _shot(page, name: str, element=None) -> None:
    from conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"gallery-{name}.png"
    (element or page).screenshot(path=str(path))
    assert path.stat().st_size > 10_000, f"{path.name} is nearly empty"


def _tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    page.wait_for_selector(f"[role=tab][aria-selected=true]:has-text('{name}')")
    page.wait_for_timeout(700)


def _ran_lesson(page, key: str) -> None:
    """Click the lesson's button and wait for what a student came for: its key figure and plot."""
    page.locator(f"#lesson-{key}-run").click()
    figure = page.locator(f"#lesson-{key}-figure")
    figure.locator("strong").wait_for(timeout=600_000)
    assert "⚠️" not in figure.inner_text(), figure.inner_text()
    page.locator(f"#lesson-{key}-plot .js-plotly-plot .main-svg").first.wait_for()
    page.wait_for_timeout(500)  # plotly's bars and labels finish drawing


def test_desktop_gallery(page):
    page.set_viewport_size({"width": 1440, "height": 900})
    for key, name in TABS.items():
        _tab(page, name)
        _shot(page, f"tab-{key}")
    _tab(page, "Learn")
    for lesson in LESSONS:
        _ran_lesson(page, lesson.key)
        _shot(page, f"lesson-{lesson.key}", page.locator(f"#lesson-{lesson.key}:visible").first)
    _tab(page, "Score pairs")
    page.locator("#score-btn").click()
    page.wait_for_selector("#score-plot .js-plotly-plot .legend", timeout=180_000)
    page.locator("#score-table").scroll_into_view_if_needed()
    _shot(page, "score-results")


def test_phone_gallery(page):
    page.set_viewport_size({"width": 390, "height": 844})
    for key, name in TABS.items():
        _tab(page, name)
        assert page.evaluate(OVERFLOW) <= 0, f"{name} is wider than the phone"
        _shot(page, f"phone-{key}")
    _tab(page, "Score pairs")
    page.locator("#score-btn").click()
    page.wait_for_selector("#score-plot .js-plotly-plot .legend", timeout=180_000)
    page.locator("#score-table").scroll_into_view_if_needed()
    assert page.evaluate(OVERFLOW) <= 0
    _shot(page, "phone-score-results")


def test_chinese_interface_gallery(page):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.wait_for_selector("#ui-lang input:checked")
    page.locator("#ui-lang label").filter(has_text="中文").click()
    page.get_by_role("tab", name="句对打分").wait_for()
    page.wait_for_timeout(1000)
    _shot(page, "zh-learn")
