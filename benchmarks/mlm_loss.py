"""MLM pretraining, same corpus and steps: CPU seconds per step and loss, per way of computing the loss.

    python -m benchmarks.mlm_loss [--steps 200] [--threads 1] [--variants masked,full]

Why: ``train mlm`` runs on Hugging Face's ``Trainer``; its loss is computed at the masked positions only
(the prediction head on ~15% of the rows). This measures whether that still pays against the textbook
``BertForMaskedLM`` loss (``full``), everything else equal: the English teaching model's recipe
(``scripts/build_teaching_models.sh``: 4 layers, hidden 128, batch 32, lr 5e-4, a 6,000-token WordPiece
vocabulary trained once on the corpus, STS-B test sentences removed), one seed, the same number of steps.

Speed is the process's CPU time with one torch thread, not wall time: on a shared 2-core machine the
wall time of a run depends on what else runs, its CPU time much less. A run of 1 step measures the
work before training (vocabulary pruning, tokenising), which is subtracted. Both losses are the same
function, so at equal steps they agree; the faster one reaches more steps in a time budget.
``--variants default`` runs the code's default configuration, to measure an older commit with the same
script (``cd OLD_CHECKOUT && python /path/to/benchmarks/mlm_loss.py --variants default --no-record``).
Results go to ``benchmarks/results.json`` (key ``mlm_loss/corpus-en:train/VARIANT/raw``).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
sys.path.insert(0, str(Path.cwd()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200, help="training steps per variant")
    parser.add_argument("--threads", type=int, default=1, help="torch threads (CPU time is exact with 1)")
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
    base = MLMConfig(layers=4, hidden=128, batch_size=32, lr=5e-4, seed=0)

    def run(config) -> tuple[dict, float]:
        with tempfile.TemporaryDirectory() as out:
            started = time.process_time()
            summary = train_mlm(corpus, out, config, vocab, show_progress=False)
            return summary, time.process_time() - started

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    rows = []
    for variant in args.variants.split(","):
        config = base if variant == "default" else dataclasses.replace(base, loss=variant)
        _, prep = run(dataclasses.replace(config, max_steps=1))
        summary, cpu = run(dataclasses.replace(config, max_steps=args.steps))
        per_step = (cpu - prep) / (args.steps - 1)
        print(
            f"{variant:8s} {summary['steps']} steps: {per_step:.3f} CPU s/step ({1 / per_step:.2f} steps per CPU s), "
            f"wall {summary['train_seconds']:.0f} s; loss {summary['loss_first']} -> {summary['loss_last']} "
            "(mean of the last 50 steps)",
            flush=True,
        )
        rows.append(
            {
                "benchmark": "mlm_loss",
                "set": "corpus-en",
                "split": "train",
                "model": variant,
                "post": "raw",
                "n": summary["sentences"],
                "command": f"python -m benchmarks.mlm_loss --steps {args.steps} --threads {args.threads}",
                "note": f"commit {commit or '?'}, {args.threads} torch thread(s), 4L/128H, batch 32",
                "metrics": {
                    "cpu_s_per_step": round(per_step, 4),
                    "steps": summary["steps"],
                    "loss_last": summary["loss_last"],
                },
            }
        )
    if not args.no_record:
        from stsdemo.results import record

        record(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
