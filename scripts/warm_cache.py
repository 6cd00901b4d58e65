"""Fill ahead of time what a fresh machine would otherwise compute on first use.

* the disk cache (``STSDEMO_CACHE``, default ``.cache/stsdemo``): the default lessons' fitted whitening
  and flow, and the Geometry tab's opening lesson (vectors, fits, UMAP panels), so the app's first
  request and every restart skip the work;
* with ``--cross-encoder``: the offline STS-B cross-encoder (``models/cross-minilm-stsb``), trained
  from the bundled MiniLM with the project's own recipe (``train cross-bce`` on STS-B train, 4 epochs,
  the best dev checkpoint kept; 82.51 Spearman on STS-B test, ~11 min on 2 idle CPUs). It is built
  rather than shipped: its weights are over the 10 MB limit on committed models.

Usage::

    python scripts/warm_cache.py [SPEC ...]       # lessons (default: the Score tab's, stsdemo.warmup)
    python scripts/warm_cache.py --cross-encoder  # the cross-encoder only (skipped if already built)

Prints each phase and time; safe to rerun (a cached lesson loads in about a second).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from stsdemo.cache import cache_root  # noqa: E402
from stsdemo.encoders.discovery import OFFLINE_CROSS_ENCODER  # noqa: E402
from stsdemo.warmup import DEFAULT_LESSONS, warm, warm_geometry  # noqa: E402

#: the recipe measured by ``python -m benchmarks.train_quality cross-stsb --epochs 4`` (82.51 on STS-B test)
CROSS_RECIPE = dict(recipe="cross-bce", data="stsb:train", base="minilm", epochs=4)


def build_cross_encoder(out: str = OFFLINE_CROSS_ENCODER, **overrides) -> bool:
    """Train the offline cross-encoder into ``out`` unless a model is already there; True when ready.

    ``overrides`` are :class:`~stsdemo.training.run.TrainConfig` fields (tests shrink the run with them).
    """
    from stsdemo.encoders.discovery import folder_kind
    from stsdemo.errors import UserError
    from stsdemo.paths import REPO_ROOT
    from stsdemo.training.run import TrainConfig, train

    folder = (REPO_ROOT / out).resolve()  # an absolute ``out`` stays itself
    if (folder / "config.json").is_file() and folder_kind(folder) == "cross-encoder":
        print(f"{out} is already built (delete the folder to rebuild).")
        return True
    last = [""]

    def show(progress) -> None:
        line = progress.phase
        if progress.phase == "training" and progress.total:
            line = f"training: step {progress.step}/{progress.total} ({100 * progress.step / progress.total:.0f}%)"
            if progress.step % 20 and progress.step != progress.total:
                return  # a line every 20 steps is enough in a terminal
        if line != last[0]:
            print(f"cross-encoder: {line}", flush=True)
            last[0] = line

    print(f"Building {out}: {CROSS_RECIPE} (about 11 min on 2 idle CPUs) ...")
    try:
        metrics = train(TrainConfig(**{**CROSS_RECIPE, **overrides}, out=out), notify=show)
    except UserError as err:  # e.g. STS-B is not in the data folder
        print(f"cross-encoder: not built ({err})")
        return False
    test = metrics.get("test") or {}
    score = f"; STS-B test Spearman {100 * test['spearman']:.2f}" if "spearman" in test else ""
    print(f"{out} ready in {metrics['seconds']:.0f} s{score}.")
    return True


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("specs", nargs="*", help="ENCODER+POST lessons to warm (default: the Score tab's)")
    parser.add_argument("--cross-encoder", action="store_true", help=f"build {OFFLINE_CROSS_ENCODER} (only)")
    args = parser.parse_args(argv)
    ok = True
    if args.cross_encoder:
        ok = build_cross_encoder()
        if not args.specs:
            return 0 if ok else 1
    specs = args.specs or list(DEFAULT_LESSONS)
    print(f"Warming {len(specs)} lesson(s) into {cache_root()}")
    done = warm(specs)
    print(f"{len(done)}/{len(specs)} lesson(s) ready.")
    if not args.specs:  # the default lessons include the Geometry tab's opening one
        ok = warm_geometry() is not None and ok
    return 0 if ok and len(done) == len(specs) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
