"""Many visitors at once: does light work stay fast while heavy work and a training run go on?

Starts ``python app.py`` on a free 127.0.0.1 port (its own model folder and temp folder), then
``--clients`` threads, each its own ``gradio_client`` session, call a mix of ``/score`` (50%),
``/search`` (35%) and ``/geometry`` (15%, 200 sentences, whitened to 64 dimensions) for
``--seconds``, while one extra client trains a short CoSENT run and polls ``/train_status``.
Prints per endpoint: requests, errors (exceptions or a ``⚠️`` status), p50 / p95 latency; and
the server's RSS and temp-folder size before and after. Bounded: at most 32 clients and 10 minutes, localhost only.

    python -m benchmarks.load                    # 16 clients, 180 s
    python -m benchmarks.load --clients 4 --seconds 30
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
PAIRS = [
    ["A man is playing a guitar.", "A man plays the guitar."],
    ["A dog is running in the park.", "A cat sleeps on the sofa."],
    ["How do I reset my password?", "I forgot my password, how can I change it?"],
]
CORPUS = "\n".join(
    [
        "How do I reset my password?",
        "Where is my parcel?",
        "Can I pay by credit card?",
        "How long does shipping take?",
        "I want to return a product.",
        "The app crashes when I log in.",
        "Do you ship to Canada?",
        "How can I change my email address?",
    ]
)
QUERIES = ["forgot password", "delivery time", "refund", "login problem", "payment methods"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_mb(pid: int) -> float:
    """Resident memory of a process (Linux ``/proc``), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def _start_server(port: int, models: Path, temp: Path) -> subprocess.Popen:
    env = dict(
        os.environ,
        GRADIO_SERVER_PORT=str(port),
        GRADIO_SERVER_NAME="127.0.0.1",
        STSDEMO_MODELS=str(models),
        STSDEMO_TMP=str(temp),
        HF_HUB_OFFLINE="1",
        GRADIO_ANALYTICS_ENABLED="False",
        TOKENIZERS_PARALLELISM="false",
    )
    env.pop("GRADIO_TEMP_DIR", None)
    return subprocess.Popen(
        [sys.executable, "app.py"], cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _client(url: str):
    from gradio_client import Client

    return Client(url, verbose=False, download_files=False)


def _wait_ready(url: str, server: subprocess.Popen, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the app exited during start-up")
        try:
            _client(url)
            return
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(1)
    raise SystemExit("the app did not start in time")


def _call(client, endpoint: str, rng: random.Random):
    if endpoint == "/score":
        table = {"headers": ["sentence 1", "sentence 2"], "data": [rng.choice(PAIRS)], "metadata": None}
        return client.predict(table, ["minilm"], "", "none", api_name="/score")[0]
    if endpoint == "/search":
        return client.predict(CORPUS, "minilm", rng.choice(QUERIES), 3, -1, "none", api_name="/search")[0]
    return client.predict(
        "STS-B test pairs",
        "",
        200,
        "minilm:cls",
        ["whitening"],
        64,  # whitening to 64 dimensions: 200 sentences are too few for all 384
        "the analysed sentences (target)",
        5,
        api_name="/geometry",
    )[0]


def _visitor(url: str, stop_at: float, seed: int, record) -> None:
    rng = random.Random(seed)
    client = _client(url)
    while time.monotonic() < stop_at:
        endpoint = rng.choices(["/score", "/search", "/geometry"], weights=[50, 35, 15])[0]
        started = time.perf_counter()
        try:
            status = _call(client, endpoint, rng)
            ok = isinstance(status, str) and not status.startswith("⚠️")
        except Exception:  # noqa: BLE001 - counted as an error
            ok = False
        record(endpoint, time.perf_counter() - started, ok)


def _trainer(url: str, stop_at: float, record, out: dict) -> None:
    client = _client(url)
    started = time.perf_counter()
    number, status = client.predict(
        "cosent", "stsb:train", None, "", "load-test", "minilm", 0, 60, 16, 0, False, True, api_name="/train"
    )
    record("/train", time.perf_counter() - started, number is not None)
    out["train"] = status
    while time.monotonic() < stop_at and number is not None:
        time.sleep(5)
        started = time.perf_counter()
        status = client.predict(number, api_name="/train_status")
        record("/train_status", time.perf_counter() - started, not status.startswith("⚠️"))
        out["train"] = status
        if any(word in status for word in ("finished", "failed", "stopped")):
            break


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=180)
    args = parser.parse_args(argv)
    clients, seconds = max(1, min(args.clients, 32)), max(5.0, min(args.seconds, 600.0))

    with tempfile.TemporaryDirectory(prefix="stsdemo-load-") as work:
        models, temp = Path(work) / "models", Path(work) / "tmp"
        models.mkdir()
        port = _free_port()
        url = f"http://127.0.0.1:{port}/"
        server = _start_server(port, models, temp)
        try:
            _wait_ready(url, server)
            _call(_client(url), "/score", random.Random(0))  # load MiniLM before measuring
            rss_before, temp_before = _rss_mb(server.pid), _folder_mb(temp)
            samples: dict[str, list[tuple[float, bool]]] = defaultdict(list)
            lock = threading.Lock()

            def record(endpoint: str, seconds_taken: float, ok: bool) -> None:
                with lock:
                    samples[endpoint].append((seconds_taken, ok))

            stop_at = time.monotonic() + seconds
            out: dict = {}
            threads = [threading.Thread(target=_trainer, args=(url, stop_at, record, out))]
            threads += [threading.Thread(target=_visitor, args=(url, stop_at, i, record)) for i in range(clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(seconds + 600)
            rss_after, temp_after = _rss_mb(server.pid), _folder_mb(temp)
        finally:
            server.terminate()
            server.wait(30)

    print(f"{clients} clients for {seconds:.0f} s on 127.0.0.1, one training job; {os.cpu_count()} CPU cores")
    print("| endpoint | requests | errors | p50 s | p95 s |")
    print("|---|---:|---:|---:|---:|")
    for endpoint in ("/score", "/search", "/geometry", "/train", "/train_status"):
        rows = samples.get(endpoint, [])
        if not rows:
            continue
        times = np.array([t for t, _ in rows])
        errors = sum(not ok for _, ok in rows)
        p50, p95 = np.percentile(times, [50, 95])
        print(f"| {endpoint} | {len(rows)} | {errors} | {p50:.2f} | {p95:.2f} |")
    print(f"server RSS: {rss_before:.0f} MB before, {rss_after:.0f} MB after")
    print(f"app temp folder: {temp_before:.2f} MB before, {temp_after:.2f} MB after")
    print(f"training job: {out.get('train', 'not started')}")


if __name__ == "__main__":
    main()
