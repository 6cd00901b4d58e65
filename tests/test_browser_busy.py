"""Real browser: a long request disables its button, shows Cancel, and Cancel works (issue 16):
the page says so and the server's worker thread stops too (the app runs in this test process, so its
threads' stacks can be read)."""

import sys
import time

import pytest

pytestmark = pytest.mark.browser


def _running(module: str) -> bool:
    """Whether any thread of this process (the app's included) is executing code of ``module``'s file."""
    for frame in sys._current_frames().values():
        while frame is not None:
            if frame.f_code.co_filename.endswith(module):
                return True
            frame = frame.f_back
    return False


def _wait(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_cancel_stops_the_benchmark_in_the_server_worker_thread(page):
    """Minutes of work (MiniLM and its CLS view on all of STS-B train, each also with a flow): after
    Cancel the worker must leave ``run_benchmark`` within seconds, not finish in the background."""
    page.get_by_role("tab", name="Benchmark").click()
    datasets = page.locator("#bench-datasets")
    datasets.get_by_label("stsb:train").check()
    datasets.get_by_label("stsb:test").uncheck()
    page.locator("#bench-post").get_by_label("flow").check()
    page.locator("#bench-btn").click()
    assert _wait(lambda: _running("stsdemo/benchmark.py"), 60), "the benchmark never started on the server"
    page.wait_for_timeout(3_000)  # well into encoding the 11k sentences
    assert _running("stsdemo/benchmark.py")
    page.locator("#bench-cancel").click()
    page.wait_for_selector("#bench-status :text('Cancelled')")
    # the next chunk boundary is at most 256 sentences away (~1 s idle; margin for a loaded machine)
    assert _wait(lambda: not _running("stsdemo/benchmark.py"), 90), "the cancelled benchmark kept running"
    page.wait_for_function("() => !document.querySelector('#bench-btn').disabled")


def test_benchmark_button_is_disabled_while_running_and_cancel_stops_it(page):
    page.get_by_role("tab", name="Benchmark").click()
    button, cancel = page.locator("#bench-btn"), page.locator("#bench-cancel")
    assert button.is_enabled() and not cancel.is_visible()
    button.click()  # minilm and minilm:cls on all of STS-B test: long enough to cancel
    cancel.wait_for(state="visible")
    assert button.is_disabled()  # no second click can queue behind the first
    cancel.click()
    page.wait_for_selector("#bench-status :text('Cancelled')")
    page.wait_for_function("() => !document.querySelector('#bench-btn').disabled")
    assert not cancel.is_visible()

    page.locator("#bench-limit input").fill("20")
    button.click()
    page.wait_for_selector("#bench-status :text('Evaluated')", timeout=120_000)
    page.wait_for_function("() => !document.querySelector('#bench-btn').disabled")
    assert not cancel.is_visible()


def test_corpus_button_is_disabled_while_its_request_runs(page):
    page.get_by_role("tab", name="Corpus").click()
    corpus = "\n".join(f"Sentence number {i} about topic {i % 7}." for i in range(300))
    page.locator("#corpus-text textarea").fill(corpus)
    page.get_by_role("tab", name="Clusters & duplicates").click()
    page.locator("#corpus-cluster-btn").click()
    # polled every animation frame: it must be disabled at some point while the clustering runs …
    page.wait_for_function("() => document.querySelector('#corpus-cluster-btn').disabled", polling="raf")
    page.wait_for_selector("#corpus-status :text('cluster(s)')", timeout=180_000)
    # … and clickable again once it has answered
    page.wait_for_function("() => !document.querySelector('#corpus-cluster-btn').disabled")


def test_score_first_whitening_shows_a_fraction_and_cancel_stops_the_fit(page, monkeypatch, tmp_path):
    """Issue 16: a first whitening column sat behind a bare timer for minutes with the button still
    clickable. Fresh server caches (as after a deploy): the page must show the encoding of the
    reference set as a true fraction, keep the button disabled, and Cancel must stop the fit."""
    from stsdemo.cache import FITTED

    monkeypatch.setenv("STSDEMO_CACHE", str(tmp_path / "cache"))  # the server's disk cache, empty
    FITTED.clear()
    page.get_by_role("tab", name="Score pairs").click()
    page.locator("#score-post").get_by_label("whitening").check()
    page.locator("#score-btn").click()
    shown = page.wait_for_function(
        r"""() => {
            for (const e of document.querySelectorAll('[class*=progress]')) {
                const m = (e.innerText || '').match(/(\d[\d,]*)\s*\/\s*(\d[\d,]*)/);
                if (m && +m[1].replace(/,/g, '') > 0 && +m[1].replace(/,/g, '') < +m[2].replace(/,/g, ''))
                    return e.innerText;
            }
            return false;
        }""",
        timeout=180_000,
    ).json_value()
    assert " text" in shown, shown  # e.g. "1.0k/10.6k text": the texts of the reference set encoded so far
    assert page.locator("#score-btn").is_disabled()
    page.locator("#score-cancel").click()
    page.wait_for_selector("#score-status :text('Cancelled')")
    assert _wait(lambda: not _running("stsdemo/postprocess/__init__.py"), 90), "the cancelled fit kept running"
    assert not list((tmp_path / "cache").rglob("*.npy"))  # no half-encoded reference set stored
