"""What a visitor waits for, through the public API (``gradio_client``) of a locally started app.

Starts ``python app.py`` on a free 127.0.0.1 port with an empty disk cache (``STSDEMO_CACHE`` in a
temporary folder: a fresh machine), measures, stops it, starts it again on the same cache (a
restart) and measures again. Every figure is taken for the fp32 PyTorch encoder and for the same
encoder on ``--backend`` (default ``onnx-int8``), calls interleaved, same run. The app computes on
this machine's CPUs (2 here: torch's 2 threads); one client calls one endpoint at a time.

* **Score, warm**: ``/score``, 5 pairs x 2 encoders (``minilm``, ``minilm:cls``), p50 of ``--repeats``
  calls after one warm-up (target < 150 ms).
* **Score flow column**: ``/score`` with ``post="flow"`` for ``minilm:cls``: on the fresh machine (fit
  on STS-B train: target < 60 s idle) and as the first call after the restart (target < 2 s).
* **Geometry default**: ``/geometry`` as the tab opens (STS-B test pairs, 3,000 sentences,
  ``minilm:cls``, whitening + flow fitted on them, flow capped at 20 s): fresh, warm (second call,
  target < 10 s) and first call after the restart (target < 20 s).
* **Corpus new query**: ``/search`` on 20,000 real sentences (the wiki1m head + STS-B train), p50 of
  ``--repeats`` queries not asked before, after the corpus was embedded once (target < 50 ms).
* **Gradio's floor**: a trivial echo endpoint of a bare ``gr.Blocks`` app on this machine, queued as
  the app's events are: what no endpoint can go below (``--floor-only`` runs just this).

**The client.** Stock ``gradio_client`` 2.7 adds ~60 ms to every call that neither the app nor a
browser pays: it builds two TLS contexts per call (``httpx.post`` and a new ``httpx.Client`` for the
event stream, ~22 ms each on this CPU, even for ``http://``), then polls its message queue every
50 ms (``gradio_client/utils.py``: ``time.sleep(0.05)``). A browser keeps one connection and reads
each message as it arrives. So the calls here go through a *lean* client: one TLS context handed to
``Client(ssl_verify=...)`` and, for the p50 rows, the poll shortened to 1 ms (this process only).
The floor and the Corpus query are also timed through a stock client, so both figures are on record
(measured here, idle: echo floor 78 ms stock, 14 ms lean; a bare HTTP queue join + event stream,
no client library, 17 ms).

Usage (on an idle machine; nothing else running)::

    python -m benchmarks.latency [--backend onnx-int8] [--repeats 15] [--no-record] [--floor-only]

Prints a markdown table and records the figures in ``benchmarks/results.json`` (benchmark ``latency``,
set ``app``, split = the measurement, model = the backend).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
PAIRS = [
    ["A man is playing a guitar.", "A man plays the guitar."],
    ["A dog is running in the park.", "A cat sleeps on the sofa."],
    ["How do I reset my password?", "I forgot my password, how can I change it?"],
    ["The stock market fell sharply today.", "Shares dropped steeply on Monday."],
    ["She is cooking dinner.", "A woman prepares a meal."],
]
GEOMETRY = dict(
    preset_name="STS-B test pairs",
    text="",
    limit=3000,
    posts=["whitening", "flow"],
    k=0,
    fit_source="the analysed sentences (target)",
    flow_seconds=20,
)
CORPUS_SIZE = 20_000
TARGETS = {
    "score warm p50": "< 0.15 s",
    "score flow column, fresh machine": "< 60 s (idle)",
    "score flow column, after restart": "< 2 s",
    "geometry default, fresh machine": "-",
    "geometry default, warm": "< 10 s",
    "geometry default, after restart": "< 20 s",
    "corpus: embed 20k sentences (first search)": "-",
    "corpus new query p50 (20k sentences)": "< 0.05 s",
    "corpus new query p50, stock gradio_client": "-",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(port: int, cache: Path, log: Path) -> subprocess.Popen:
    env = dict(
        os.environ,
        GRADIO_SERVER_PORT=str(port),
        GRADIO_SERVER_NAME="127.0.0.1",
        STSDEMO_CACHE=str(cache),
        STSDEMO_WARM="0",  # no background lesson fits: every second below is the request's own
        HF_HUB_OFFLINE="1",
        GRADIO_ANALYTICS_ENABLED="False",
        TOKENIZERS_PARALLELISM="false",
    )
    with log.open("a") as out:
        return subprocess.Popen([sys.executable, "app.py"], cwd=REPO, env=env, stdout=out, stderr=out)


def _lean_tls() -> dict:
    """``Client`` arguments that make it build one TLS context, not two per call (see the module doc)."""
    import ssl

    return {"ssl_verify": ssl.create_default_context()}


def _client(url: str, server: subprocess.Popen, seconds: float = 300, lean: bool = True):
    from gradio_client import Client

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the app exited during start-up (see the log)")
        try:
            return Client(url, verbose=False, download_files=False, **(_lean_tls() if lean else {}))
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.5)
    raise SystemExit("the app did not start in time")


@contextlib.contextmanager
def _fast_client_polling(seconds: float = 0.001):
    """Within the block, ``gradio_client`` polls for results every ``seconds`` instead of every 50 ms."""
    import gradio_client.utils as client_utils

    real = client_utils.time

    class Clock(types.ModuleType):
        def __getattr__(self, name: str):
            return getattr(real, name)

        @staticmethod
        def sleep(wait: float) -> None:
            real.sleep(min(wait, seconds))

    client_utils.time = Clock("time")
    try:
        yield
    finally:
        client_utils.time = real


def _timed(call: Callable[[], tuple]) -> float:
    start = time.perf_counter()
    status = call()[0]
    seconds = time.perf_counter() - start
    if isinstance(status, str) and status.startswith("⚠️"):
        raise SystemExit(f"the app answered with an error: {status[:300]}")
    return seconds


def corpus_text() -> str:
    """20,000 distinct real sentences: the wiki1m head, then STS-B train sentences."""
    from stsdemo.data import load_pairs
    from stsdemo.paths import data_dir

    root = data_dir()
    if root is None:
        raise SystemExit("needs the shared data folder (../shared/data or STSDEMO_DATA)")
    wiki = (root / "en" / "wiki1m-head" / "wiki1m_for_simcse.head.txt").read_text(encoding="utf-8").splitlines()
    lines = list(dict.fromkeys(s.strip() for s in [*wiki, *load_pairs("stsb:train").sentences()] if s.strip()))
    if len(lines) < CORPUS_SIZE:
        raise SystemExit(f"only {len(lines)} distinct sentences, need {CORPUS_SIZE}")
    return "\n".join(lines[:CORPUS_SIZE])


class Run:
    """One server's life: the calls of each measurement, for the fp32 spec and the backend's spec."""

    def __init__(self, client, backend: str, repeats: int) -> None:
        self.client, self.backend, self.repeats = client, backend, repeats

    def on(self, spec: str, backend: str) -> str:
        return spec if backend == "torch" else f"{spec}@{backend}"

    def score(self, specs: list[str], post: str = "none") -> float:
        """``/score``; the last spec goes in the free-text model field (the checkboxes list only some
        ``SPEC@BACKEND`` views, the text field takes any spec)."""
        rows = {"headers": ["sentence 1", "sentence 2"], "data": PAIRS, "metadata": None}
        *chosen, typed = specs
        return _timed(lambda: self.client.predict(rows, chosen, typed, post, api_name="/score"))

    def geometry(self, spec: str) -> float:
        return _timed(lambda: self.client.predict(spec=spec, **GEOMETRY, api_name="/geometry"))

    def search(self, text: str, spec: str, query: str) -> float:
        return _timed(
            lambda: self.client.predict(
                text=text, spec=spec, query=query, k=10, threshold=-1, reranker="none", api_name="/search"
            )
        )


def gradio_floor(calls: int = 30) -> dict[str, float]:
    """p50 seconds of a call to a bare Blocks app whose queued callback returns its input:
    ``{"stock": ..., "lean": ...}`` for a stock ``gradio_client`` and the lean one (module doc).

    The app's own latency targets are only meaningful above this: it is Gradio's request path
    (queue join, event stream, result) on this machine, with no work in the callback.
    """
    import gradio as gr
    from gradio_client import Client

    with gr.Blocks() as demo:
        box, out = gr.Textbox(), gr.Textbox()
        box.submit(lambda text: text, box, out, api_name="echo")
    port = _free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)

    def p50(client) -> float:
        client.predict("warm-up", api_name="/echo")
        times = []
        for i in range(calls):
            start = time.perf_counter()
            client.predict(f"query {i}", api_name="/echo")
            times.append(time.perf_counter() - start)
        return float(np.median(times))

    try:
        url = f"http://127.0.0.1:{port}/"
        floors = {"stock": p50(Client(url, verbose=False))}
        with _fast_client_polling():
            floors["lean"] = p50(Client(url, verbose=False, **_lean_tls()))
    finally:
        demo.close()
    return floors


def measure(backend: str, repeats: int, log: Path) -> dict[str, dict[str, float]]:
    """Both servers' figures: ``{what: {"torch": s, backend: s}}``."""
    text = corpus_text()
    queries = [f"{w} question number {i}" for i, w in enumerate(["password", "parcel", "music", "weather"] * 100)]
    figures: dict[str, dict[str, float]] = {what: {} for what in TARGETS}
    backends = ("torch", backend)

    def put(what: str, b: str, seconds: float) -> None:
        figures[what][b] = seconds
        print(f"  {what} [{b}]: {seconds:.3f} s", flush=True)

    with tempfile.TemporaryDirectory(prefix="stsdemo-latency-") as cache:
        for life in ("fresh", "restart"):
            port = _free_port()
            server = _start(port, Path(cache), log)
            try:
                run = Run(_client(f"http://127.0.0.1:{port}/", server), backend, repeats)
                for b in backends:
                    name = "fresh machine" if life == "fresh" else "after restart"
                    put(f"score flow column, {name}", b, run.score([run.on("minilm:cls", b)], "flow"))
                    put(f"geometry default, {name}", b, run.geometry(run.on("minilm:cls", b)))
                if life == "restart":
                    break
                for b in backends:
                    put("geometry default, warm", b, run.geometry(run.on("minilm:cls", b)))
                specs = {b: [run.on("minilm", b), run.on("minilm:cls", b)] for b in backends}
                for b in backends:
                    run.score(specs[b])  # warm-up: models loaded, exports made
                    put(
                        "corpus: embed 20k sentences (first search)",
                        b,
                        run.search(text, run.on("minilm", b), "warm-up"),
                    )
                times: dict[str, dict[str, list[float]]] = {"score": {}, "search": {}, "stock": {}}
                asked = iter(queries)
                stock = Run(_client(f"http://127.0.0.1:{port}/", server, lean=False), backend, repeats)
                for _ in range(repeats):  # interleaved, so background load hits both alike
                    for b in backends:
                        times["stock"].setdefault(b, []).append(stock.search(text, run.on("minilm", b), next(asked)))
                with _fast_client_polling():
                    for _ in range(repeats):
                        for b in backends:
                            times["score"].setdefault(b, []).append(run.score(specs[b]))
                            times["search"].setdefault(b, []).append(run.search(text, run.on("minilm", b), next(asked)))
                for b in backends:
                    put("score warm p50", b, float(np.median(times["score"][b])))
                    put("corpus new query p50 (20k sentences)", b, float(np.median(times["search"][b])))
                    put("corpus new query p50, stock gradio_client", b, float(np.median(times["stock"][b])))
            finally:
                server.terminate()
                server.wait(30)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="onnx-int8", help="the backend measured beside fp32 PyTorch")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--no-record", action="store_true", help="don't write benchmarks/results.json")
    parser.add_argument("--floor-only", action="store_true", help="only Gradio's floor (a bare echo app)")
    args = parser.parse_args()
    command = "python -m benchmarks.latency " + " ".join(sys.argv[1:])
    floors = gradio_floor()
    for client, floor in floors.items():
        print(f"Gradio's floor, echo endpoint p50 through a {client} gradio_client: {1000 * floor:.1f} ms", flush=True)
    if not args.no_record:
        from stsdemo.results import record

        load = os.getloadavg()[0]
        record(
            dict(
                benchmark="latency",
                set="app",
                split="gradio-echo-floor-p50" + ("" if client == "stock" else f"-{client}-client"),
                model="none",
                n=30,
                command=command,
                metrics={"seconds": round(floor, 4), "load_average": round(load, 1)},
            )
            for client, floor in floors.items()
        )
    if args.floor_only:
        return
    log = Path(tempfile.gettempdir()) / "stsdemo-latency-app.log"
    figures = measure(args.backend, args.repeats, log)
    load = os.getloadavg()[0]
    print(f"\nlocal app, {os.cpu_count()} CPUs, load average {load:.1f} at the end; app log: {log.name}\n")
    print(f"| what | torch fp32 s | {args.backend} s | target |")
    print("|---|---:|---:|---|")
    for what, target in TARGETS.items():
        row = figures[what]
        print(f"| {what} | {row['torch']:.3f} | {row[args.backend]:.3f} | {target} |")
    if not args.no_record:
        from stsdemo.results import record

        record(
            dict(
                benchmark="latency",
                set="app",
                split=what.replace(" ", "-").replace(",", "").replace(":", ""),
                model=model,
                n=1 if "p50" not in what else args.repeats,
                command=command,
                metrics={"seconds": round(seconds, 4), "load_average": round(load, 1)},
            )
            for what, row in figures.items()
            for model, seconds in (("torch", row["torch"]), (args.backend, row[args.backend]))
        )


if __name__ == "__main__":
    main()
