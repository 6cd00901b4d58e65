"""Linked hover: pointing at a sentence in one projection rings the same sentence in every panel.

The Geometry tab shows raw / whitened / flow UMAPs of the same sentences, aligned
(:func:`stsdemo.projection.align_to`); each point carries its sentence id in ``customdata``
(:func:`stsdemo.plots.geometry.projection_figure`). Gradio gives no hook across plots, so a small
script listens to each plot's ``plotly_hover`` and places a ring (a ``div.sts-linked`` with the id
in ``data-sentence``) over the point with the same id in every panel, using the axes' own
``l2p`` (data to pixel) so the ring sits exactly on the drawn point.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import gradio as gr

_SCRIPT = """
(...args) => {
  const ids = %(ids)s;
  const plots = () => ids.map((id) => document.querySelector(`#${id} .js-plotly-plot`))
    .filter((gd) => gd && gd._fullData && gd.on);
  const ring = (gd) => {
    let r = gd.querySelector(":scope > .sts-linked");
    if (!r) {
      r = document.createElement("div");
      r.className = "sts-linked";
      r.style.cssText = "position:absolute;box-sizing:border-box;width:22px;height:22px;margin:-11px 0 0 -11px;" +
        "border:3px solid #e11d48;border-radius:50%%;pointer-events:none;z-index:20;display:none";
      if (getComputedStyle(gd).position === "static") gd.style.position = "relative";
      gd.appendChild(r);
    }
    return r;
  };
  const mark = (gd, id) => {
    const r = ring(gd);
    r.style.display = "none";
    r.dataset.sentence = "";
    if (id === null || id === undefined) return;
    for (const trace of gd._fullData) {
      const j = trace.customdata ? Array.prototype.indexOf.call(trace.customdata, id) : -1;
      if (j < 0) continue;
      const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
      r.style.left = `${xa._offset + xa.l2p(trace.x[j])}px`;
      r.style.top = `${ya._offset + ya.l2p(trace.y[j])}px`;
      r.style.display = "block";
      r.dataset.sentence = String(id);
      return;
    }
  };
  const attach = (left) => {
    for (const gd of plots()) {
      if (gd.__stsLinked) continue;
      gd.__stsLinked = true;
      gd.on("plotly_hover", (e) => { const id = e.points[0].customdata; plots().forEach((o) => mark(o, id)); });
      gd.on("plotly_unhover", () => plots().forEach((o) => mark(o, null)));
    }
    if (left > 0) setTimeout(() => attach(left - 1), 250);  // plots drawn (or redrawn) after the answer
  };
  attach(40);
  return args;
}
"""


def link_hover(event: gr.events.Dependency, elem_ids: Sequence[str]) -> None:
    """After ``event`` (which draws the plots ``elem_ids``), link their hovers by sentence id."""
    event.then(
        None, None, None, js=_SCRIPT % {"ids": json.dumps(list(elem_ids))}, api_visibility="private", queue=False
    )
