"""Quality of the training recipes on real data: one run per command, peer = the untuned base model.

    nice -n 10 python -m benchmarks.train_quality cosent-stsb [--epochs 4 --batch-size 32 --lr 5e-5]

Prints a table: the untuned base model and the fine-tuned model on the run's test set (measured in the same
process), the dev score used for checkpoint selection, and the wall time. The model is written to
``models/bench-RUN`` (gitignored). The tuned model's test figures are written to ``benchmarks/results.json``
(``stsdemo.results``; ``--no-record`` for smoke runs); RESULTS.md quotes them.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from stsdemo.data import load_pairs  # noqa: E402
from stsdemo.encoders import registry  # noqa: E402
from stsdemo.evaluation import evaluate_pairs  # noqa: E402
from stsdemo.results import record, split_data  # noqa: E402
from stsdemo.training.run import TrainConfig, train  # noqa: E402

ZH_STSB = {"eval": "stsb-zh:dev", "test": "stsb-zh:test"}
#: every labelled Chinese NLI split here, as (premise, entailment, contradiction) triplets
ZH_NLI = "snli-zh:dev,snli-zh:test,cmnli:dev,ocnli:dev"
#: run name -> TrainConfig fields (the recipe's defaults fill the rest; command-line flags win)
RUNS = {
    "cosent-stsb": dict(recipe="cosent", data="stsb:train"),
    "cosine-stsb": dict(recipe="cosine", data="stsb:train"),
    "cosent-stsb-lora": dict(recipe="cosent", data="stsb:train", lora=True),
    "simcse-wiki": dict(recipe="simcse-unsup", data="wiki1m:train"),
    "simcse-sup-snli": dict(recipe="simcse-sup", data="snli:dev"),
    "cosent-stsb-zh": dict(recipe="cosent", data="stsb-zh:train"),
    "cross-stsb": dict(recipe="cross-bce", data="stsb:train"),
    "cross-qbqtc": dict(recipe="cross-bce", data="qbqtc:dev"),
    # the raw teaching models (MLM-pretrained here) + a recipe; a tiny model takes a higher lr
    "mini-zh-cosent": dict(recipe="cosent", data="stsb-zh:train", base="mlm-mini-zh:mean", epochs=4, lr=1e-4),
    "mini-zh-simcse": dict(recipe="simcse-unsup", data="stsb-zh:train", **ZH_STSB, base="mlm-mini-zh:mean", lr=1e-4),
    "mini-zh-nli": dict(
        recipe="simcse-sup", data=ZH_NLI, **ZH_STSB, base="mlm-mini-zh:mean", epochs=3, batch_size=64, lr=1e-4
    ),
    "mini-zh-nli-cosent": dict(
        recipe="cosent", data="stsb-zh:train", base="models/bench-mini-zh-nli", epochs=4, lr=1e-4
    ),
    # ... the same stage 2 on Chinese STS-B train mixed with the other labelled Chinese pair sets' non-test
    # splits (not ATEC's train: its C-MTEB test split is drawn from the same pool; not OPPO: dev is its only
    # labelled split), about 5k rows of each: one encoder for every domain, still selected on stsb-zh:dev
    "mini-zh-nli-cosent-mix": dict(
        recipe="cosent",
        data="stsb-zh:train,afqmc:train,lcqmc:dev,qbqtc:dev,pawsx-zh:dev",
        base="models/bench-mini-zh-nli",
        epochs=2,
        limit=24000,
        lr=1e-4,
    ),
    "mini-en-cosent": dict(recipe="cosent", data="stsb:train", base="mlm-mini-en:mean", epochs=4, lr=1e-4),
    "mini-en-simcse": dict(recipe="simcse-unsup", data="wiki1m:train", base="mlm-mini-en:mean", lr=1e-4),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", choices=sorted(RUNS))
    parser.add_argument("--base", help="start from this model instead of the run's (e.g. another pretraining)")
    parser.add_argument("--epochs", type=float)
    parser.add_argument("--batch-size", type=int)
    parser.add_argument("--lr", type=float)
    parser.add_argument("--warmup", type=float)
    parser.add_argument("--seed", type=int, help="another seed than the recipe's (42), to see run-to-run spread")
    parser.add_argument("--max-steps", type=int)
    parser.add_argument("--limit", type=int, help="cap training rows (smoke runs)")
    parser.add_argument("--eval-limit", type=int)
    parser.add_argument("--tag", default="", help="suffix of the output folder")
    parser.add_argument("--max-minutes", type=float, help="stop training after this long (best dev checkpoint kept)")
    parser.add_argument("--no-record", action="store_true", help="don't write benchmarks/results.json (smoke runs)")
    args = parser.parse_args()

    flags = {
        "base": args.base,
        "epochs": args.epochs,
        "batch_size": args.batch_size,
        "lr": args.lr,
        "warmup": args.warmup,
        "seed": args.seed,
        "max_steps": args.max_steps,
        "limit": args.limit,
        "eval_limit": args.eval_limit,
    }
    fields = {**RUNS[args.run], **{k: v for k, v in flags.items() if v is not None}}
    config = TrainConfig(**fields, out=f"models/bench-{args.run}{args.tag}")
    stop = threading.Event()
    if args.max_minutes:
        timer = threading.Timer(60 * args.max_minutes, stop.set)
        timer.daemon = True  # the process must not wait for it after training ends
        timer.start()
    metrics = train(config, stop=stop)
    print(f"stopped by --max-minutes after {metrics['steps_done']} steps" if metrics["stopped_early"] else "")
    test_name = metrics["test_set"]
    rows = []
    if test_name and config.recipe != "cross-bce":  # an untuned cross-encoder head is random: no peer
        test = load_pairs(test_name)
        test = test.head(args.eval_limit) if args.eval_limit else test
        t0 = time.perf_counter()
        base = evaluate_pairs(registry.load(config.base), test)
        rows.append((f"{config.base} (untuned)", "-", base, time.perf_counter() - t0))
    rows.append((config.out, f"{100 * metrics['dev']:.2f}", metrics["test"] or {}, metrics["seconds"]))
    keys = [k for k in ("spearman", "pearson", "auc", "accuracy", "f1") if k in (metrics["test"] or {})]
    print(f"\nrun {args.run}: hyper-parameters {metrics['hyperparameters']}")
    print(f"dev ({metrics['eval']}) before {100 * metrics['dev_before']:.2f}; test set {test_name}")
    print("| model | dev | " + " | ".join(f"test {k}" for k in keys) + " | seconds |")
    print("|---|---|" + "---|" * len(keys) + "---|")
    for name, dev, test, seconds in rows:
        cells = " | ".join(f"{100 * test[k]:.2f}" if k in test else "-" for k in keys)
        print(f"| {name} | {dev} | {cells} | {seconds:.0f} |")
    if test_name and metrics["test"] and not args.no_record:
        name, split = split_data(test_name)
        figures = {k: round(100 * metrics["test"][k], 2) for k in keys}
        figures |= {"dev_spearman": round(100 * metrics["dev"], 2), "seconds": round(metrics["seconds"])}
        command = "python -m benchmarks.train_quality " + " ".join(sys.argv[1:])
        row = dict(benchmark="train_quality", set=name, split=split, model=config.out, n=int(metrics["test"]["n"]))
        record([{**row, "command": command, "metrics": figures}])


if __name__ == "__main__":
    main()
