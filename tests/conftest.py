"""Shared fixtures: the bundled model, shipped STS-B, the data folder, and a real browser on the app."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("STSDEMO_WARM", "0")  # no background lesson fits competing with the tests for 2 CPUs

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def stsb_test():
    from stsdemo.data import load_pairs

    return load_pairs("stsb:test")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The folder of real datasets (../shared/data); tests needing it skip when it is absent."""
    from stsdemo.paths import data_dir

    root = data_dir()
    if root is None:
        pytest.skip("needs the shared data folder (../shared/data or STSDEMO_DATA), absent here")
    return root


@pytest.fixture
def models_dir(tmp_path, monkeypatch):
    """An empty allowed model root (``STSDEMO_MODELS``), so tests never write into the repo's models/."""
    root = tmp_path / "models"
    root.mkdir()
    monkeypatch.setenv("STSDEMO_MODELS", str(root))
    return root


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app_url():
    """The whole app, served in this process on a free localhost port."""
    from stsdemo.ui import build_app, launch

    demo = build_app()
    port = _free_port()
    launch(demo, server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{port}/"
    demo.close()


@pytest.fixture(scope="session")
def _playwright():
    """The one Playwright of the session (a second sync Playwright in the same thread is refused)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"chromium not found at {CHROMIUM}: CI must install it (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def _browser_context(_playwright):
    with tempfile.TemporaryDirectory() as profile:
        context = _playwright.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
            accept_downloads=True,
        )
        yield context
        context.close()


@pytest.fixture(scope="session")
def browser_in(_playwright, app_url):
    """``browser_in("zh-CN")``: a page on the app in a fresh browser context with that language
    (``navigator.language`` and ``Accept-Language``), closed after the session."""
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)

    def open_page(locale: str):
        context = browser.new_context(locale=locale, viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(app_url)
        page.wait_for_selector("gradio-app", state="attached")
        return page

    yield open_page
    browser.close()


@pytest.fixture
def page(_browser_context, app_url):
    """A fresh Playwright page on the app (closed after the test), in the browser's language: the
    context is shared by the session, so the language an earlier test chose (cookie, local storage)
    is cleared first."""
    _browser_context.clear_cookies()
    page = _browser_context.new_page()
    page.set_default_timeout(60_000)
    page.goto(app_url)
    if page.evaluate("() => { const n = localStorage.length; localStorage.clear(); return n }"):
        page.reload()
    page.wait_for_selector("gradio-app", state="attached")
    yield page
    page.close()


@pytest.fixture
def screenshot(page):
    """``screenshot("name")`` saves ``tests/artifacts/name.png``."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
