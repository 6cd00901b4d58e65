"""The speed/accuracy frontier: STS-B test Spearman vs sentences/s for every kind of encoder, one run.

Every encoder is timed on the same STS-B test sentences, batch 32, ``--threads`` threads, in the
same process (so background load hits all alike); Spearman is on all 1,379 STS-B test pairs.
Writes ``benchmarks/frontier.json`` (read by the Benchmark tab) and prints a Markdown table::

    python -m benchmarks.frontier [--sentences 1024] [--threads 2] [--repeats 2]
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import torch  # noqa: E402

from stsdemo.frontier import FRONTIER_SPECS, RESULTS, measure_frontier, save_results  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=1024)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--models", default=",".join(FRONTIER_SPECS))
    parser.add_argument("--no-save", action="store_true", help=f"do not overwrite {RESULTS.name}")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    table = measure_frontier(
        args.models.split(","),
        n_sentences=args.sentences,
        repeats=args.repeats,
        on_step=lambda f, what: print(f"[{f:4.0%}] {what}", flush=True),
    )
    load = os.getloadavg()[0]
    note = (
        f"{args.sentences} STS-B test sentences, batch 32, {args.threads} threads, best of {args.repeats}; "
        f"Spearman on all STS-B test pairs; load average {load:.1f} at the end"
    )
    print(f"\n{note}\n")
    print("| model | sentences/s | × minilm | STS-B test Spearman | Pareto front |")
    print("|---|---:|---:|---:|:---:|")
    base = table.loc[table["model"] == "minilm", "sentences/s"]
    for row in table.itertuples(index=False):
        ratio = f"{row[1] / base.iloc[0]:.1f}" if len(base) else "-"
        print(f"| {row[0]} | {row[1]:,.0f} | {ratio} | {row[2]:.2f} | {'yes' if row[3] else ''} |")
    if not args.no_save:
        save_results(table, note=note)


if __name__ == "__main__":
    main()
