"""MLM pretraining on the same corpus and time budget: steps/s and final loss, per way of computing the loss.

    flock /work/cpu.lock python -m benchmarks.mlm_loss [--budget 120] [--threads 1] [--variants masked,full]

Why: ``train mlm`` runs on Hugging Face's ``Trainer``; its loss is computed at the masked positions only
(the vocabulary projection on ~15% of the rows). This measures whether that still pays against the
textbook ``BertForMaskedLM`` loss (``full``), with everything else equal: the English teaching model's
recipe (``scripts/build_teaching_models.sh``: 4 layers, hidden 128, batch 32, lr 5e-4, a 6,000-token
WordPiece vocabulary trained once on the corpus, STS-B test sentences removed), one seed, the same
wall-time budget each. ``--variants default`` runs the code's default configuration (useful to measure
an older commit with the same script: ``PYTHONPATH=OLD_CHECKOUT python benchmarks/mlm_loss.py``).
The figures go to ``benchmarks/results.json`` (key ``mlm_loss/corpus-en:train/VARIANT/raw``).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=120.0, help="seconds of training per variant")
    parser.add_argument("--threads", type=int, default=1, help="torch threads (1: robust on a shared CPU)")
    parser.add_argument("--variants", default="masked,full", help="comma-separated: masked, full, default")
    parser.add_argument("--no-record", action="store_true", help="print only; do not write results.json")
    args = parser.parse_args()

    import torch

    from stsdemo.paths import data_dir
    from stsdemo.training.mlm import MLMConfig, evaluation_sentences, exclude, gather_corpus, train_mlm

    try:
        from stsdemo.training.mlm.vocab import train_wordpiece
    except ImportError:  # the single-file module before the split
        from stsdemo.training.mlm import train_wordpiece

    root = data_dir()
    if root is None:
        raise SystemExit("error: needs the shared data folder (STSDEMO_DATA or ../shared/data)")
    torch.set_num_threads(args.threads)
    corpus = exclude(gather_corpus("en", root), evaluation_sentences(["stsb:test"], root))
    vocab = train_wordpiece(corpus, 6000)
    base = MLMConfig(layers=4, hidden=128, batch_size=32, lr=5e-4, time_budget=args.budget, seed=0)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    rows = []
    for variant in args.variants.split(","):
        config = base if variant == "default" else dataclasses.replace(base, loss=variant)
        with tempfile.TemporaryDirectory() as out:
            s = train_mlm(corpus, out, config, vocab, show_progress=False)
        rate = s["steps"] / s["train_seconds"]
        print(
            f"{variant:8s} {s['steps']:5d} steps in {s['train_seconds']:.1f} s = {rate:.2f} steps/s; "
            f"loss {s['loss_first']} -> {s['loss_last']} (mean of the last 50 steps)",
            flush=True,
        )
        rows.append(
            {
                "benchmark": "mlm_loss",
                "set": "corpus-en",
                "split": "train",
                "model": variant,
                "post": "raw",
                "n": s["sentences"],
                "command": f"python -m benchmarks.mlm_loss --budget {args.budget:g} --threads {args.threads}",
                "note": f"commit {commit}, {args.threads} threads, 4L/128H, batch 32",
                "metrics": {
                    "steps_per_s": round(rate, 3),
                    "steps": s["steps"],
                    "loss_last": s["loss_last"],
                    "train_seconds": s["train_seconds"],
                },
            }
        )
    if not args.no_record:
        from stsdemo.results import record

        record(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
