"""Fill the disk cache (``STSDEMO_CACHE``, default ``.cache/stsdemo``) with the default lessons'
fitted whitening and flow, so the app's first request and every restart skip the fit.

Usage: ``python scripts/warm_cache.py [SPEC ...]`` (default: the Score tab's lessons, see
:data:`stsdemo.warmup.DEFAULT_LESSONS`). Prints each lesson's phase and time; safe to rerun (a
cached lesson loads in about a second).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from stsdemo.cache import cache_root  # noqa: E402
from stsdemo.warmup import DEFAULT_LESSONS, warm  # noqa: E402


def main(argv: list[str]) -> int:
    specs = argv or list(DEFAULT_LESSONS)
    print(f"Warming {len(specs)} lesson(s) into {cache_root()}")
    done = warm(specs)
    print(f"{len(done)}/{len(specs)} lesson(s) ready.")
    return 0 if len(done) == len(specs) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
