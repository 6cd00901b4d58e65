"""Precomputed lessons: the Score tab's whitening / flow columns on a fresh machine (empty disk
cache) against after a restart (the disk cache filled), each in a new process, same run.

* ``lesson``: in a fresh process with the app's imports done, the time of
  ``fitted_on_reference(load(ENCODER), POST)`` (what the Score tab's column waits for);
* ``score command``: the whole ``python -m stsdemo score "a" "b" --model minilm:cls+flow --json``, wall.

Usage::

    python -m benchmarks.lesson_cache [--specs minilm:cls+flow minilm:cls+whitening]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

from stsdemo.paths import REPO_ROOT

LESSON = """
import json, time
from stsdemo.postprocess import fitted_on_reference
from stsdemo.specs import load_encoder, parse_spec
spec = parse_spec({spec!r})
encoder = load_encoder(spec.base)
encoder.encode(["warm-up"])  # the app has its model loaded; time only the lesson
start = time.perf_counter()
fitted_on_reference(encoder, spec.post).encode(["A man plays a guitar.", "Someone plays music."])
print(json.dumps({{"seconds": time.perf_counter() - start}}))
"""


def _run(args: list[str], cache: str) -> tuple[float, str]:
    env = {**os.environ, "STSDEMO_CACHE": cache, "HF_HUB_OFFLINE": "1"}
    start = time.perf_counter()
    out = subprocess.run(args, capture_output=True, text=True, cwd=REPO_ROOT, env=env)
    if out.returncode:
        raise SystemExit(f"{' '.join(args[:3])} ... failed:\n{out.stderr[-3000:]}")
    return time.perf_counter() - start, out.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--specs", nargs="+", default=["minilm:cls+flow", "minilm:cls+whitening"])
    args = parser.parse_args()
    rows = []
    for spec in args.specs:
        with tempfile.TemporaryDirectory(prefix="stsdemo-cache-") as cache:
            times = [
                json.loads(_run([sys.executable, "-c", LESSON.format(spec=spec)], cache)[1])["seconds"] for _ in "12"
            ]
        rows.append((f"lesson {spec}", *times))
    with tempfile.TemporaryDirectory(prefix="stsdemo-cache-") as cache:
        command = [sys.executable, "-m", "stsdemo", "score", "a", "b", "--model", "minilm:cls+flow", "--json"]
        times = [_run(command, cache)[0] for _ in "12"]
    rows.append(("score command minilm:cls+flow (whole process)", *times))
    print("| what | fresh machine (empty cache) s | after restart (disk cache) s | ratio |")
    print("|---|---:|---:|---:|")
    for name, cold, warm in rows:
        print(f"| {name} | {cold:.2f} | {warm:.2f} | {cold / warm:.1f}x |")


if __name__ == "__main__":
    main()
