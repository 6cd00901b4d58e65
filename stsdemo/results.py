"""Measured figures, read from ``benchmarks/results.json``, so no text that quotes them can go stale.

The teaching models are rebuilt on a time budget, so their scores change with the machine. A figure
typed into a UI text or a document would silently keep the old value; here every benchmark writes
what it measured into one machine-readable file, and the texts hold placeholders that are filled
from it when shown::

    {{chinese_sts/stsb-zh:test/tfidf-zh/raw|spearman|1}}   ->   65.3

A placeholder is ``{{KEY|METRIC|DIGITS}}``: the result's key, one of its metrics, and the number of
decimals. A key is ``BENCHMARK/SET:SPLIT/MODEL/POST`` (see :func:`result_key`). An unknown key or
metric raises ``KeyError``, so a text can't quote a figure nobody measured.

This module is plain Python and JSON (no torch): the UI, the docs renderer and the tests all read it.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from stsdemo.paths import BENCHMARKS

RESULTS_FILE = BENCHMARKS / "results.json"
PLACEHOLDER = re.compile(r"\{\{([^|{}]+)\|([\w-]+)\|(\d)\}\}")

#: fields every result carries besides ``metrics`` (``note`` is optional)
FIELDS = ("benchmark", "set", "split", "model", "post", "n", "date", "command")


def result_key(benchmark: str, data: str, model: str, post: str = "raw") -> str:
    """The key of one measured row: which benchmark, which set and split, which model, which post-processing.

    Example:
        >>> result_key("chinese_sts", "stsb-zh:test", "mlm-mini-zh:cls", "whitening")
        'chinese_sts/stsb-zh:test/mlm-mini-zh:cls/whitening'
    """
    return f"{benchmark}/{data}/{model}/{post}"


def load_results(path: Path | str = RESULTS_FILE) -> dict[str, dict]:
    """Every stored result, by key (``{}`` when the file does not exist yet)."""
    path = Path(path)
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))["results"]


def figure(results: Mapping[str, dict], key: str, metric: str, digits: int = 2) -> str:
    """One stored figure formatted with ``digits`` decimals.

    Example:
        >>> rows = {"b/s:test/m/raw": {"metrics": {"spearman": 70.65}}}
        >>> figure(rows, "b/s:test/m/raw", "spearman", 1)
        '70.7'
    """
    if key not in results:
        raise KeyError(f"no measured result {key!r} in {RESULTS_FILE.name}")
    metrics = results[key]["metrics"]
    if metric not in metrics:
        raise KeyError(f"result {key!r} has no metric {metric!r} (has {sorted(metrics)})")
    return f"{metrics[metric]:.{digits}f}"


def render(template: str, results: Mapping[str, dict] | None = None) -> str:
    """Fill every ``{{KEY|METRIC|DIGITS}}`` placeholder of ``template`` from the results.

    Example:
        >>> rows = {"b/s:test/m/raw": {"metrics": {"spearman": 43.01, "auc": 61.5}}}
        >>> render("raw {{b/s:test/m/raw|spearman|1}} (AUC {{b/s:test/m/raw|auc|0}})", rows)
        'raw 43.0 (AUC 62)'
    """
    results = load_results() if results is None else results
    return PLACEHOLDER.sub(lambda m: figure(results, m.group(1).strip(), m.group(2), int(m.group(3))), template)


def placeholders(template: str) -> list[tuple[str, str, int]]:
    """The ``(key, metric, digits)`` of every placeholder in ``template``, in order."""
    return [(m.group(1).strip(), m.group(2), int(m.group(3))) for m in PLACEHOLDER.finditer(template)]


def record(rows: Iterable[dict], path: Path | str = RESULTS_FILE) -> list[str]:
    """Merge measured rows into the results file (a row with the same key replaces the old one).

    Each row has the :data:`FIELDS` and a ``metrics`` dict (figures as printed: Spearman x 100 ...);
    ``date`` defaults to today. Returns the keys written. Benchmarks call this after printing their
    table, so the file always holds the latest run of every row; new keys go last,
    so a table rendered from the file keeps the order in which rows were measured.
    """
    path = Path(path)
    stored = load_results(path)
    written = []
    for row in rows:
        row = {"date": _dt.date.today().isoformat(), "post": "raw", **row}
        missing = [f for f in FIELDS if f not in row]
        if missing or not row.get("metrics"):
            raise ValueError(f"result row lacks {missing or ['metrics']}: {row}")
        key = result_key(row["benchmark"], f"{row['set']}:{row['split']}", row["model"], row["post"])
        stored[key] = {k: row[k] for k in (*FIELDS, "metrics", "note") if k in row}
        written.append(key)
    text = json.dumps({"results": stored}, indent=1, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    return written


def split_data(data: str) -> tuple[str, str]:
    """``"stsb-zh:test"`` -> ``("stsb-zh", "test")``; a spec without a split is its ``test`` split.

    Example:
        >>> split_data("lcqmc:test"), split_data("snli-zh:dev,snli-zh:test")
        (('lcqmc', 'test'), ('snli-zh:dev,snli-zh', 'test'))
    """
    name, _, split = data.rpartition(":")
    return (name, split) if name else (data, "test")
