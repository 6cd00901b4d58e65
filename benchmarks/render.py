"""Render the results tables and quoted figures of README.md, RESULTS.md and docs/*.md from ``benchmarks/results.json``.

    python -m benchmarks.render            # rewrite the tables in place
    python -m benchmarks.render --check    # exit 1 if a table is out of date (the test suite runs this)

A table lives between two markers; the opening one says which results it shows::

    <!-- results benchmark=chinese_sts sets=stsb-zh:test,stsb:test posts=whitening,flow -->
    ...generated...
    <!-- /results -->

``benchmark`` and ``sets`` select the rows (one per model, in the order they were first measured),
``posts`` adds a column per post-processing, optional ``models`` keeps only those models. The prose
around a table stays hand-written; a figure quoted in prose is wrapped as
``<!--fig KEY|METRIC|DIGITS-->73.5<!--/fig-->`` (keys as in ``stsdemo.results``). A rerun that writes
new figures makes ``--check`` fail until the files are rendered again.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Mapping
from pathlib import Path

from stsdemo.results import load_results, render, result_key

ROOT = Path(__file__).resolve().parent.parent
FILES = [ROOT / "README.md", ROOT / "benchmarks" / "RESULTS.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"(<!-- results ([^>]*?) -->\n)(.*?)(<!-- /results -->)", re.S)
#: a figure quoted in prose: ``<!--fig KEY|METRIC|DIGITS-->73.5<!--/fig-->`` (the comments don't show on GitHub)
INLINE = re.compile(r"(<!--fig ([^>]*?)-->)(.*?)(<!--/fig-->)")
LEGEND = (
    "ρ = Spearman × 100 of the cosine against the gold label (on 0/1 sets against the 0/1 label, as MTEB "
    "scores them); AUC = ROC AUC × 100 (0/1 sets only); rand-cos = mean cosine of random sentence pairs "
    "of the raw vectors; s = encoding seconds. Rendered from `benchmarks/results.json` by "
    "`python -m benchmarks.render`"
)


def table(results: Mapping[str, dict], options: Mapping[str, str]) -> str:
    """The markdown table one marker asks for (see the module docstring)."""
    sets = options["sets"].split(",")
    posts = ["raw", *[p for p in options.get("posts", "").split(",") if p]]
    models = options.get("models", "").split(",") if options.get("models") else None
    rows = [
        r
        for r in results.values()
        if r["benchmark"] == options["benchmark"]
        and f"{r['set']}:{r['split']}" in sets
        and r["post"] == "raw"
        and (models is None or r["model"] in models)
    ]
    if models:
        rows.sort(key=lambda r: (sets.index(f"{r['set']}:{r['split']}"), models.index(r["model"])))
    else:
        rows.sort(key=lambda r: sets.index(f"{r['set']}:{r['split']}"))  # stable: measurement order within a set

    def metric(row: dict, post: str, name: str) -> float | None:
        key = result_key(row["benchmark"], f"{row['set']}:{row['split']}", row["model"], post)
        return results.get(key, {}).get("metrics", {}).get(name)

    columns = []  # (header, post, metric, digits)
    for post in posts:
        columns.append((f"{post} ρ", post, "spearman", 2))
        if any(metric(r, post, "auc") is not None for r in rows):
            columns.append((f"{post} AUC", post, "auc", 2))
    for header, name, digits in (("rand-cos", "rand_cos", 3), ("s", "seconds", 1)):
        if any(metric(r, "raw", name) is not None for r in rows):
            columns.append((header, "raw", name, digits))
    lines = [
        "| data | n | model | " + " | ".join(c[0] for c in columns) + " |",
        "|---|---:|---|" + "---:|" * len(columns),
    ]
    for r in rows:
        cells = []
        for _, post, name, digits in columns:
            value = metric(r, post, name)
            cells.append("-" if value is None else f"{value:.{digits}f}")
        lines.append(f"| {r['set']}:{r['split']} | {r['n']} | {r['model']} | " + " | ".join(cells) + " |")
    dates = sorted({r["date"] for r in rows})
    return "\n".join(lines) + f"\n\n{LEGEND}; measured {', '.join(dates)}.\n"


def render_text(text: str, results: Mapping[str, dict] | None = None) -> str:
    """``text`` with every results block regenerated."""
    results = load_results() if results is None else results

    def block(match: re.Match) -> str:
        options = dict(pair.split("=", 1) for pair in match.group(2).split())
        return match.group(1) + "\n" + table(results, options) + "\n" + match.group(4)

    def inline(match: re.Match) -> str:
        return match.group(1) + render("{{" + match.group(2) + "}}", results) + match.group(4)

    return INLINE.sub(inline, BLOCK.sub(block, text))


def stale_files() -> list[Path]:
    """Files whose tables differ from what ``results.json`` renders."""
    return [p for p in FILES if render_text(p.read_text(encoding="utf-8")) != p.read_text(encoding="utf-8")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files (exit 1 if any)")
    args = parser.parse_args()
    stale = stale_files()
    for path in stale:
        if args.check:
            print(f"stale: {path.relative_to(ROOT)} (run python -m benchmarks.render)")
        else:
            path.write_text(render_text(path.read_text(encoding="utf-8")), encoding="utf-8")
            print(f"rendered {path.relative_to(ROOT)}")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
