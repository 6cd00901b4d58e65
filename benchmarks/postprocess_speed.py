"""Fit time of whitening and the flow on 10k x 384 real MiniLM CLS vectors, and UMAP of 5,000
points, each beside a peer measured in the same run.

* whitening (ours: cov + SVD) vs sklearn ``PCA(whiten=True)`` on the same rows;
* flow (zuko MAF after whitening, early stopping on held-out NLL, the default 55 s cap) vs zuko RealNVP with
  the same loop, both on ``--threads`` threads;
* UMAP (after warm-up) vs PCA to 2-D on 5,000 points.

Usage::

    python -m benchmarks.postprocess_speed [--rows 10000] [--threads 2] [--skip-flow]
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import zuko  # noqa: E402
from sklearn.decomposition import PCA  # noqa: E402

from stsdemo.data import load_pairs  # noqa: E402
from stsdemo.paths import REPO_ROOT  # noqa: E402
from stsdemo.postprocess import Flow, Whitening  # noqa: E402
from stsdemo.projection import project, warm_up  # noqa: E402
from stsdemo.specs import load  # noqa: E402


class RealNVPFlow(Flow):
    """The same fit loop with zuko's RealNVP (coupling layers) in place of MAF."""

    def _build(self, d: int):
        torch.manual_seed(self.seed)
        return zuko.flows.RealNVP(d, transforms=2 * self.config["transforms"], hidden_features=[self.config["hidden"]])


def timed(fn, repeats: int = 1):
    """Best wall time of ``repeats`` calls (after one untimed call when repeating) and the last result."""
    if repeats > 1:
        fn()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def vectors(rows: int) -> np.ndarray:
    """MiniLM CLS vectors of STS-B train + dev sentences, cached in .cache/ (encoding is not measured)."""
    path = REPO_ROOT / ".cache" / f"bench-minilm-cls-{rows}.npy"
    if path.is_file():
        return np.load(path)
    sentences = list(dict.fromkeys(load_pairs("stsb:train").sentences() + load_pairs("stsb:dev").sentences()))
    x = load("minilm:cls").encode(sentences[:rows], show_progress=True)
    path.parent.mkdir(exist_ok=True)
    np.save(path, x)
    return x


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--skip-flow", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    x = vectors(args.rows)
    print(f"\n{len(x)} x {x.shape[1]} MiniLM CLS vectors, {args.threads} threads\n")
    rows = []

    t_ours, _ = timed(lambda: Whitening().fit(x), repeats=3)
    t_peer, _ = timed(lambda: PCA(whiten=True).fit(x), repeats=3)
    rows.append(("whitening fit", "ours (cov + SVD)", t_ours, "sklearn PCA(whiten=True)", t_peer))

    if not args.skip_flow:
        t_ours, maf = timed(lambda: Flow().fit(x, show_progress=True))
        t_peer, nvp = timed(lambda: RealNVPFlow().fit(x, show_progress=True))
        rows.append(("flow fit", f"MAF {maf.steps} steps", t_ours, f"RealNVP {nvp.steps} steps", t_peer))
        print(f"MAF held-out NLL {maf.best_nll:.4f} (Gaussian {maf.gaussian_nll:.4f}); RealNVP {nvp.best_nll:.4f}")
        rows.append(("flow per step", "MAF", t_ours / maf.steps, "RealNVP", t_peer / nvp.steps))

    sample = x[:5000]
    t_warm, _ = timed(lambda: warm_up(background=False))
    t_first, _ = timed(lambda: project(sample, method="umap"))  # first n >= 4096 compiles NN-descent too
    t_ours, _ = timed(lambda: project(sample, method="umap"))
    t_peer, _ = timed(lambda: project(sample, method="pca"))
    label = f"UMAP warm (warm-up {t_warm:.0f} s, first 5k call {t_first:.0f} s)"
    rows.append(("2-D projection, 5,000 pts", label, t_ours, "PCA", t_peer))

    print("\n| task | ours | s | peer | s | ratio |\n|---|---|---|---|---|---|")
    for task, ours, t1, peer, t2 in rows:
        print(f"| {task} | {ours} | {t1:.3f} | {peer} | {t2:.3f} | {t1 / t2:.2f} |")


if __name__ == "__main__":
    main()
