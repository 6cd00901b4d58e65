"""Precomputed lessons: fit the default post-processing lessons ahead of time into the disk cache.

The Score tab's whitening and flow columns for the default encoders need STS-B train encoded and a
fit (minutes on 2 CPUs, a flow up to :data:`stsdemo.postprocess.REFERENCE_FLOW_SECONDS`); the
Geometry tab's opening lesson needs 2,552 sentences encoded, two fits and three UMAP layouts (~20 s).
Done once here - by ``scripts/warm_cache.py`` (a Space's build step, or by hand) or in a background
thread when the app starts - every later request and every restart loads them from :mod:`stsdemo.cache`.

Example (prints one line per lesson)::

    python scripts/warm_cache.py            # the default lessons
    python scripts/warm_cache.py minilm+flow
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Sequence

log = logging.getLogger(__name__)

#: The Score tab's default encoders x its post-processing choices; whitening before flow, so the flow
#: reuses the reference vectors the whitening encoded.
DEFAULT_LESSONS = ("minilm:cls+whitening", "minilm:cls+flow", "minilm+whitening", "minilm+flow")


def warm(
    specs: Sequence[str] = DEFAULT_LESSONS,
    report: Callable[[str], None] = print,
    show_progress: bool = True,
) -> dict[str, float]:
    """Load every ``ENCODER+POST`` spec (fitting and storing what the disk cache lacks).

    Returns seconds per spec; a spec that fails is reported and skipped (one missing dataset must
    not stop the others).
    """
    from stsdemo.errors import UserError
    from stsdemo.postprocess import fitted_on_reference
    from stsdemo.specs import load_encoder, parse_spec

    seconds: dict[str, float] = {}
    for i, spec in enumerate(specs, 1):
        start = time.perf_counter()
        report(f"[{i}/{len(specs)}] {spec}: loading or fitting ...")
        try:
            parsed = parse_spec(spec)
            if not parsed.post:
                raise UserError(f"{spec}: give ENCODER+POST (e.g. minilm+flow).")
            fitted_on_reference(load_encoder(parsed.base), parsed.post, show_progress=show_progress)
        except Exception as err:  # noqa: BLE001 - warming is best effort; the lesson fits on demand later
            report(f"[{i}/{len(specs)}] {spec}: skipped ({err})")
            continue
        seconds[spec] = time.perf_counter() - start
        report(f"[{i}/{len(specs)}] {spec}: ready in {seconds[spec]:.1f} s")
    return seconds


def warm_geometry(report: Callable[[str], None] = print, show_progress: bool = True, **overrides) -> float | None:
    """The Geometry tab's opening lesson (:data:`stsdemo.geometry.DEFAULT_LESSON`, ``overrides`` applied):
    raw vectors, whitening and flow fits and UMAP panels into the disk cache, so the tab's first
    request on this machine, and every one after a restart, loads them (~3 s instead of ~20 s).

    Returns the seconds taken, or ``None`` when it could not run (e.g. no STS-B in the data folder).
    """
    from stsdemo.geometry import DEFAULT_LESSON, lesson, preset
    from stsdemo.specs import load

    chosen = {**DEFAULT_LESSON, **overrides}
    what = f"Geometry lesson ({chosen['spec']}, {chosen['preset']}, {chosen['limit']})"
    start = time.perf_counter()
    report(f"{what}: loading or computing ...")
    try:
        data = preset(chosen["preset"], chosen["limit"])
        encoder = load(chosen["spec"])
        lesson(encoder, data, list(chosen["posts"]), "target", chosen["flow_seconds"], True, show_progress)
    except Exception as err:  # noqa: BLE001 - warming is best effort; the tab computes on demand later
        report(f"{what}: skipped ({err})")
        return None
    seconds = time.perf_counter() - start
    report(f"{what}: ready in {seconds:.1f} s")
    return seconds


def warm_in_background(specs: Sequence[str] = DEFAULT_LESSONS) -> threading.Thread | None:
    """Start :func:`warm`, then :func:`warm_geometry`, in a daemon thread (unless ``STSDEMO_WARM=0``),
    logging instead of printing."""
    if os.environ.get("STSDEMO_WARM", "1").strip().lower() in ("0", "false", "no", "off"):
        return None

    def run() -> None:
        warm(specs, log.info, False)
        warm_geometry(log.info, False)

    thread = threading.Thread(target=run, name="stsdemo-warm-cache", daemon=True)
    thread.start()
    return thread
