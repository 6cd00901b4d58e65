"""The Score tab's table as HTML that stays readable with ten or more encoders.

Gradio's dataframe gives every column the encoder's full name, so with ten encoders (three columns
each once calibrated) the headers wrapped mid-word ("minilm+whiteni ng") and the table ran off the
page. Here each encoder heads a group of short columns (``cos`` · ``%ile`` · ``0-5``) whose full
name shows on hover, names break only after ``:`` ``+`` ``-`` ``@``, the table scrolls sideways in
its own box, and each cell's background shows its value on a fixed scale (cosine −1…1, percentile
0…100, expected score 0…5), so a column of raw-CLS cosines that are all high *looks* all high.

The data stays in the ``/score`` endpoint's dataframe (full column names); this is only its view.

>>> html = score_table_html(pd.DataFrame({"sentence 1": ["a"], "sentence 2": ["b"], "minilm": [0.5],
...     "minilm percentile": [40.0], "minilm expected 0-5": [2.1]}))
>>> 'colspan="3"' in html and 'title="minilm percentile"' in html
True
"""

from __future__ import annotations

import html as _html
import math
import re
from collections.abc import Collection

import pandas as pd

from stsdemo.strings import text

#: column-name suffix of a reading -> (its column kind, top of its colour scale); a kind's short header
#: and hover text are ``plot.col.KIND`` and ``plot.col.KIND_full`` in ``stsdemo/ui/i18n.yaml``
READINGS = {" percentile": ("percentile", 100.0), " expected 0-5": ("expected", 5.0)}
SENTENCES = ("sentence 1", "sentence 2")


def _breakable(name: str) -> str:
    """``name`` escaped, with a break opportunity after ``: + - @ /`` (and nowhere else)."""
    return re.sub(r"([:+\-@/])", r"\1<wbr>", _html.escape(name))


def _background(value: float, top: float) -> str:
    """Indigo for positive values, orange for negative ones, its strength the share of ``top``."""
    if not isinstance(value, int | float) or math.isnan(value):
        return ""
    share = max(-1.0, min(1.0, value / top))
    rgb = "79,70,229" if share >= 0 else "234,88,12"
    return f' style="background: rgba({rgb},{0.45 * abs(share):.3f})"'


def _groups(columns: list[str], scorers: Collection[str]) -> list[tuple[str, list[tuple[str, str, float]]]]:
    """Score columns grouped by encoder: ``[(encoder, [(column, kind, scale top), ...]), ...]``."""
    groups: list[tuple[str, list[tuple[str, str, float]]]] = []
    for column in columns:
        reading = next((s for s in READINGS if groups and column == groups[-1][0] + s), None)
        if reading:
            groups[-1][1].append((column, *READINGS[reading]))
        else:
            groups.append((column, [(column, "score" if column in scorers else "cos", 1.0)]))
    return groups


def _full(encoder: str, kind: str, lang: str) -> str:
    """The hover text of a column: its encoder and what the column holds (``"minilm: cosine"``)."""
    return text(f"plot.col.{kind}_full", lang, encoder=encoder)


def score_table_html(table: pd.DataFrame | None, scorers: Collection[str] = (), lang: str = "en") -> str:
    """``with_readings``' table (:func:`stsdemo.scoring.with_readings`) as a scrollable, coloured HTML
    table; columns named in ``scorers`` are cross-encoder scores (headed "score", not "cos"); its
    headers in ``lang``."""
    if table is None or table.empty or not set(SENTENCES) <= set(table.columns):
        return ""
    scores = [c for c in table.columns if c not in (*SENTENCES, "warning")]
    groups = _groups(scores, scorers)
    heads = [text("plot.sentence1", lang), text("plot.sentence2", lang)]
    top = ['<th rowspan="2">#</th>'] + [f'<th rowspan="2" class="sentence">{s}</th>' for s in heads]
    top += [f'<th colspan="{len(cols)}" title="{_html.escape(name)}">{_breakable(name)}</th>' for name, cols in groups]
    if "warning" in table.columns:
        top.append(f'<th rowspan="2" class="warning">{text("plot.warning", lang)}</th>')
    sub = [
        f'<th title="{_html.escape(_full(name, kind, lang))}">{text(f"plot.col.{kind}", lang)}</th>'
        for name, cols in groups
        for _, kind, _ in cols
    ]
    rows = []
    for i, row in enumerate(table.itertuples(index=False)):
        values = dict(zip(table.columns, row, strict=True))
        cells = [f"<td>{i + 1}</td>"] + [f'<td class="sentence">{_html.escape(str(values[s]))}</td>' for s in SENTENCES]
        for name, cols in groups:
            for col, kind, scale in cols:
                value = values[col]
                shown = "" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:g}"
                title = _html.escape(_full(name, kind, lang))
                cells.append(f'<td class="num" title="{title}"{_background(value, scale)}>{shown}</td>')
        if "warning" in table.columns:
            cells.append(f'<td class="warning">{_html.escape(str(values["warning"] or ""))}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        '<div class="wide-table"><table class="score-table"><thead>'
        f"<tr>{''.join(top)}</tr><tr>{''.join(sub)}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
