"""What longer MLM pretraining buys the Chinese teaching model: 1x vs 3x the pretraining budget.

    HF_HUB_OFFLINE=1 python -m benchmarks.pretraining_length [--budgets 480,1440] [--threads 2]

Each budget pretrains ``mlm-mini-zh``'s exact recipe (scripts/build_teaching_models.sh: same corpus,
vocabulary, exclusions, size, batch, lr, seed) for that many seconds into ``models/bench-mlm-zh-Ns``,
then scores it on Chinese STS-B test: CLS and mean pooling raw and whitened (fitted on the test
sentences, as BERT-whitening does), and the random-pair cosine of CLS (the cone). The shipped model is
the reference row. ``--cosent`` adds a fine-tuned column (the ``train_quality mini-zh-cosent`` recipe,
dev-selected, ~5 min a model).
The corpus is pretrained on for far less than an epoch (500k sentences), so "longer" means a
larger budget, not more passes.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from benchmarks.train_quality import RUNS  # noqa: E402
from stsdemo.cli import main as cli  # noqa: E402
from stsdemo.data import load_pairs  # noqa: E402
from stsdemo.encoders import registry  # noqa: E402
from stsdemo.evaluation import evaluate_pairs  # noqa: E402
from stsdemo.metrics.random_pairs import random_pair_cosine  # noqa: E402
from stsdemo.paths import REPO_ROOT, data_dir  # noqa: E402
from stsdemo.postprocess import fit_post  # noqa: E402
from stsdemo.training.mlm import gather_corpus  # noqa: E402
from stsdemo.training.run import TrainConfig, train  # noqa: E402

CORPUS = REPO_ROOT / "models" / "corpus-zh.txt"
EXCLUDED = ["stsb-zh:test", "lcqmc:test", "pawsx-zh:test", "atec:test"]


def pretrain(budget: int, threads: int, out: str) -> dict:
    """The shipped model's command with another time budget (and thread count)."""
    root = data_dir()
    if root is None:
        raise SystemExit("error: needs the shared data folder (../shared/data or STSDEMO_DATA)")
    if not CORPUS.is_file():
        CORPUS.parent.mkdir(exist_ok=True)
        CORPUS.write_text("\n".join(gather_corpus("zh", root)) + "\n", encoding="utf-8")
    args = ["train", "mlm", "--corpus", str(CORPUS), "--vocab", str(root / "vocab/bert-base-chinese-vocab.txt")]
    args += [a for spec in EXCLUDED for a in ("--exclude", spec)]
    args += ["--layers", "4", "--hidden", "256", "--max-length", "64", "--batch-size", "32", "--lr", "0.0005"]
    args += ["--min-count", "20", "--seed", "0", "--threads", str(threads), "--time-budget", str(budget)]
    with contextlib.redirect_stdout(sys.stderr):
        if cli([*args, "--out", out]) != 0:
            raise SystemExit(f"error: pretraining {out} failed")
    return json.loads((REPO_ROOT / out / "metrics.json").read_text(encoding="utf-8"))


def scores(model: str, test, cosent: bool) -> dict:
    row = {}
    for pooling in ("cls", "mean"):
        encoder = registry.load(f"{model}:{pooling}")
        row[f"{pooling} raw"] = evaluate_pairs(encoder, test)["spearman"]
        whitened = fit_post(encoder, "whitening", test.occurrences())
        row[f"{pooling} whitened"] = evaluate_pairs(whitened, test)["spearman"]
        if pooling == "cls":
            row["cls rand-cos"] = random_pair_cosine(encoder.encode(test.sentences(), batch_size=128))
    if not cosent:
        return row
    out = f"models/bench-cosent-on-{Path(model).name}"
    tuned = train(TrainConfig(**{**RUNS["mini-zh-cosent"], "base": f"{model}:mean"}, out=out))
    row["+ CoSENT"] = tuned["test"]["spearman"]
    row["CoSENT s"] = tuned["seconds"]
    return row


def cell(key: str, value: float) -> str:
    return f"{value:.3f}" if key == "cls rand-cos" else f"{value:.0f}" if key == "CoSENT s" else f"{100 * value:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budgets", default="480,1440", help="comma-separated pretraining budgets in seconds")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--cosent", action="store_true", help="also fine-tune each model with CoSENT")
    args = parser.parse_args()
    test = load_pairs("stsb-zh:test")
    rows = []
    shipped = json.loads((registry.TEACHING_MODELS / "mlm-mini-zh" / "metrics.json").read_text(encoding="utf-8"))
    label = f"mlm-mini-zh (shipped, {shipped['torch_threads']} threads)"
    rows.append((label, shipped, scores("mlm-mini-zh", test, args.cosent)))
    for budget in (int(b) for b in args.budgets.split(",")):
        out = f"models/bench-mlm-zh-{budget}s"
        summary = pretrain(budget, args.threads, out)
        rows.append((f"{out} ({budget} s budget)", summary, scores(out, test, args.cosent)))
        print(json.dumps({"model": out, **rows[-1][2]}), flush=True)
    keys = list(rows[0][2])
    print("| model | steps | epochs | MLM loss | pretrain s | " + " | ".join(keys) + " |")
    print("|---|---|---|---|---|" + "---|" * len(keys))
    for name, s, r in rows:
        cells = " | ".join(cell(k, r[k]) for k in keys)
        print(f"| {name} | {s['steps']} | {s['epochs_seen']} | {s['loss_last']} | {s['train_seconds']:.0f} | {cells} |")


if __name__ == "__main__":
    main()
