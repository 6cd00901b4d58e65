"""Rebuild ``assets/calibration/*.json``: random-pair percentiles and expected STS scores per shipped encoder.

    python scripts/build_calibration.py                    # every shipped encoder (about 1 h on 2 busy cores)
    python scripts/build_calibration.py minilm minilm:cls  # just these

Each encoder is calibrated on the STS set of the language it reads: Chinese STS-B for ``*-zh``
models, English STS-B otherwise. A post-processed spec (``minilm:cls+whitening``) is calibrated
through the same fit the Score tab uses (:func:`stsdemo.postprocess.fitted_on_reference`, on STS-B
train); a flow's fit stops after 30 s, so the readings of a flow fitted on another machine are close,
not exact. ``--train-pairs`` caps the train pairs used for the isotonic fit
and as reference sentences for the random pairs (2,000 pairs = 4,000 sentences by default).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from stsdemo.calibration import fit_calibration, save_calibration  # noqa: E402
from stsdemo.data import load_pairs  # noqa: E402
from stsdemo.similarity import paired_cosine  # noqa: E402
from stsdemo.specs import load_encoder  # noqa: E402

SHIPPED = [
    "minilm", "minilm:cls", "minilm:mean", "minilm:first-last-avg", "minilm:layer-1", "minilm:static",
    "minilm+whitening", "minilm:cls+whitening", "minilm+flow", "minilm:cls+flow",
    "tfidf", "tfidf-en", "tfidf-zh", "m2v-minilm", "sts-mini-zh", "sts-mini-zh+whitening", "sts-mini-zh+flow",
    *(f"mlm-mini-{lang}:{view}" for lang in ("en", "zh")
      for view in ("cls", "mean", "first-last-avg", "layer-1", "static")),
    *(f"mlm-mini-{lang}:{view}+{post}" for lang in ("en", "zh")
      for view in ("cls", "mean") for post in ("whitening", "flow")),
    *(f"mlm-mini-{lang}:{view}+whitening" for lang in ("en", "zh") for view in ("first-last-avg", "layer-1", "static")),
]  # fmt: skip


def cosines(encoder, dataset) -> list[float]:
    a = encoder.encode(dataset.sentences1, batch_size=128)
    b = encoder.encode(dataset.sentences2, batch_size=128)
    return list(paired_cosine(a, b))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", default=SHIPPED)
    parser.add_argument("--train-pairs", type=int, default=2000)
    parser.add_argument("--dev-pairs", type=int, default=800)
    args = parser.parse_args()
    for k, spec in enumerate(args.models, 1):
        started = time.time()
        lang = "stsb-zh" if "-zh" in spec.split(":")[0] else "stsb"
        train = load_pairs(f"{lang}:train", limit=args.train_pairs)
        dev = load_pairs(f"{lang}:dev", limit=args.dev_pairs)
        encoder = load_encoder(spec, purpose="to calibrate its cosines")
        reference = encoder.encode(train.sentences(), batch_size=128)
        cal = fit_calibration(
            encoder.id, f"{lang}:train (first {len(train)} pairs)", reference,
            cosines(encoder, train), train.labels, cosines(encoder, dev), dev.labels,
        )  # fmt: skip
        save_calibration(cal)
        print(
            f"[{k}/{len(args.models)}] {spec}: random pairs median {cal.quantiles[50]:.3f}, "
            f"{len(cal.knots_x)} isotonic knots ({time.time() - started:.0f} s)",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
