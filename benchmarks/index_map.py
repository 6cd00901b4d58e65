"""Drawing a built index's stored map (``stsdemo index --projection N``) in the Corpus tab's Indexes
panel at up to 100k points: the server's part and a real browser's.

* Server: the panel's own callback (:func:`stsdemo.ui.index_panel.draw_map`: read the projection
  table, take ``--points`` rows, build the Plotly ``Scattergl`` figure) and Gradio's serialisation of
  that figure (``gr.Plot.postprocess``: ``Figure.to_json``), median of ``--repeats`` calls, plus the
  JSON's size (what travels to the browser).
* Browser (``--browser``): the whole app in this process, Debian's chromium through Playwright: click
  "Draw map" with the slider at ``--points``, time until every point is in the plot's data and two
  animation frames have passed (WebGL draws in the frame after ``Plotly.react``), and check the
  traces are ``scattergl``.

    python -m benchmarks.index_map --index indexes/big-zh --points 20000 100000 [--browser]

Rows go to ``benchmarks/results.json`` (benchmark ``index_map``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("STSDEMO_WARM", "0")  # no background lesson fits competing with the timing

from stsdemo.results import record  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
ALL_IN = """n => {
    const plot = document.querySelector('#index-map .js-plotly-plot');
    const data = plot && plot._fullData;
    return !!data && data.reduce((s, t) => s + t.x.length, 0) === n;
}"""
TWO_FRAMES = """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(
    document.querySelector('#index-map .js-plotly-plot')._fullData.map(t => t.type)))))"""


def server(name: str, points: int, repeats: int) -> dict:
    """Seconds of the panel's callback and of Gradio's serialisation of its figure (medians), JSON MB."""
    import gradio as gr

    from stsdemo.ui.index_panel import draw_map

    figure_s, json_s = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        status, figure = draw_map(name, points)
        figure_s.append(time.perf_counter() - start)
        if figure is None:
            raise SystemExit(status)
        start = time.perf_counter()
        payload = gr.Plot().postprocess(figure)
        json_s.append(time.perf_counter() - start)
    drawn = sum(len(trace.x) for trace in figure.data)
    return {
        "points": drawn,
        "figure_s": round(statistics.median(figure_s), 3),
        "json_s": round(statistics.median(json_s), 3),
        "json_mb": round(len(payload.plot.encode()) / 1e6, 2),
        "traces": len(figure.data),
    }


def browser(name: str, sizes: list[int]) -> dict[int, float]:
    """Seconds from clicking "Draw map" to every point drawn, per size, in a real chromium."""
    import socket

    from playwright.sync_api import sync_playwright

    from stsdemo.ui import build_app, launch

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    demo = build_app()
    launch(demo, server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    seconds = {}
    try:
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = chromium.new_page(viewport={"width": 1400, "height": 1000}, locale="en-US")
            page.set_default_timeout(300_000)
            page.goto(f"http://127.0.0.1:{port}/")
            page.get_by_role("tab", name="Corpus").click()
            page.get_by_role("tab", name="Indexes").click()
            page.locator("#index-pick input").click()
            page.get_by_role("option", name=name, exact=True).click()
            for n in sizes:
                page.locator("#index-points input[type=number]").fill(str(n))
                page.locator("#index-points input[type=number]").press("Enter")
                start = time.perf_counter()
                page.locator("#index-map-btn").click()
                page.wait_for_function(ALL_IN, arg=n, polling=50)
                types = page.evaluate(TWO_FRAMES)
                seconds[n] = round(time.perf_counter() - start, 2)
                if set(types) != {"scattergl"}:
                    raise SystemExit(f"the map was drawn as {sorted(set(types))}, not WebGL (scattergl)")
                print(f"browser: {n:,} points drawn {seconds[n]:.2f} s after the click", flush=True)
            chromium.close()
    finally:
        demo.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True, help="a built index with a stored map, e.g. indexes/big-zh")
    parser.add_argument("--points", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--browser", action="store_true", help="also time a real chromium drawing the map")
    args = parser.parse_args()
    folder = Path(args.index).resolve()
    os.environ["STSDEMO_INDEXES"] = str(folder.parent)  # the panel reaches indexes by name under its root
    name = folder.name
    load = os.getloadavg()[0]
    rows = {n: server(name, n, args.repeats) for n in args.points}
    for m in rows.values():
        print(
            f"server: {m['points']:,} points in {m['traces']} traces: figure {m['figure_s']:.2f} s, "
            f"JSON {m['json_s']:.2f} s ({m['json_mb']:.1f} MB)",
            flush=True,
        )
    if args.browser:
        for n, s in browser(name, args.points).items():
            rows[n]["browser_s"] = s
    command = f"python -m benchmarks.index_map --index {args.index} --points {' '.join(map(str, args.points))}"
    record(
        {
            "benchmark": "index_map",
            "set": name,
            "split": str(n),
            "model": "Indexes panel map",
            "n": m["points"],
            "command": command + (" --browser" if args.browser else ""),
            "metrics": m,
            "note": f"load average at start {load:.1f}" + ("" if args.browser else "; server only"),
        }
        for n, m in rows.items()
    )


if __name__ == "__main__":
    main()
