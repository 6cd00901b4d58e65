"""BERT-flow (Li et al. 2020, "On the Sentence Embeddings from Pre-trained Language Models").

An invertible map f is fitted by maximum likelihood to frozen sentence vectors so that
z = f(x) ~ N(0, I):  log p(x) = log N(f(x); 0, I) + log |det ∂f/∂x|.  Cosine is then taken on z.

Our f = MAF ∘ A, with
* A: the closed-form Gaussian MLE of a *linear* flow, i.e. whitening (:class:`Whitening`) fitted
  on the training rows - the role Glow's data-dependent ActNorm / 1x1-convolution init plays;
* MAF: zuko's masked autoregressive flow (Papamakarios et al. 2017), its output layers zeroed so
  it starts as the identity. Training therefore starts exactly at the Gaussian fit, and early
  stopping on held-out NLL keeps the best state, so the flow never ends worse than the Gaussian on
  held-out data.

zuko (not normflows / nflows / a hand-written Glow): maintained, depends only on torch, clean
install beside torch 2.13, and the fastest per step here (docs/geometry.md, shared STACK.md).
Fixed seed, tqdm progress, early stopping (patience on held-out NLL) and a wall-clock cap.
"""

from __future__ import annotations

import copy
import math
import time

import numpy as np
import torch
import zuko
from tqdm.auto import tqdm

from stsdemo import cancel
from stsdemo.errors import UserError
from stsdemo.postprocess.whitening import Whitening
from stsdemo.similarity import normalize

#: Fewer rows than this leave no meaningful held-out split.
MIN_ROWS = 50


class Flow:
    """Sklearn-style ``fit(X) -> self`` / ``transform(X) -> (n, d')``.

    After ``fit``: ``history`` (list of ``(step, held-out NLL)``), ``gaussian_nll`` (held-out NLL
    of the Gaussian fit = step 0), ``best_nll``, ``best_step``, ``steps``, ``seconds``. NLLs are
    in nats per dimension, measured after the shared affine layer (whose log-det is the same for
    both models, so the comparison is exact).
    """

    name = "flow"

    def __init__(
        self,
        transforms: int = 2,
        hidden: int = 512,
        max_seconds: float = 55.0,
        max_steps: int = 3000,
        batch_size: int = 256,
        lr: float = 1e-3,
        eval_every: int = 20,
        patience: int = 5,
        held_out: float = 0.1,
        seed: int = 0,
    ) -> None:
        self.config = {"transforms": transforms, "hidden": hidden}
        self.max_seconds, self.max_steps, self.batch_size, self.lr = max_seconds, max_steps, batch_size, lr
        self.eval_every, self.patience, self.held_out, self.seed = eval_every, patience, held_out, seed
        self.base: Whitening | None = None
        self.maf: zuko.flows.MAF | None = None

    @property
    def dim(self) -> int:
        return self.base.dim

    def _build(self, d: int) -> zuko.flows.MAF:
        torch.manual_seed(self.seed)
        maf = zuko.flows.MAF(d, transforms=self.config["transforms"], hidden_features=[self.config["hidden"]])
        for transform in maf.transform.transforms:  # zero output layer: shift 0, log-scale 0 = identity
            torch.nn.init.zeros_(transform.hyper[-1].weight)
            torch.nn.init.zeros_(transform.hyper[-1].bias)
        return maf

    def _nll(self, z: torch.Tensor) -> float:
        with torch.no_grad():
            return float(-self.maf().log_prob(z).mean()) / z.shape[1]

    def fit(self, x: np.ndarray, show_progress: bool = False) -> Flow:
        start = time.perf_counter()  # the cap covers the whole fit, not only the training loop
        x = np.asarray(x, np.float64)
        if x.ndim != 2:
            raise UserError(f"Flow needs a 2-D array of vectors, got shape {x.shape}.")
        # the first layer is a whitening fitted on the training rows: it needs more rows than dimensions
        need = max(MIN_ROWS, math.ceil((x.shape[1] + 1) / (1 - self.held_out)) + 1)
        if len(x) < need:
            raise UserError(
                f"Flow of {x.shape[1]}-dimensional vectors needs at least {need} distinct sentences "
                f"({self.held_out:.0%} are held out for early stopping), got {len(x)}. Add sentences or fit on "
                "STS-B train (--fit-on stsb:train)."
            )
        rng = np.random.default_rng(self.seed)
        order = rng.permutation(len(x))
        n_val = max(int(len(x) * self.held_out), 10)
        val, train = order[:n_val], order[n_val:]
        self.base = Whitening().fit(x[train])
        z_train = torch.from_numpy(self.base.transform(x[train], normalize_rows=False))
        z_val = torch.from_numpy(self.base.transform(x[val], normalize_rows=False))
        self.maf = self._build(self.base.dim)
        optimizer = torch.optim.Adam(self.maf.parameters(), lr=self.lr)
        generator = torch.Generator().manual_seed(self.seed)

        self.gaussian_nll = self.best_nll = self._nll(z_val)
        self.history, self.best_step = [(0, self.gaussian_nll)], 0
        best_state, bad, step = copy.deepcopy(self.maf.state_dict()), 0, 0
        bar = tqdm(total=self.max_steps, desc="fitting flow", disable=not show_progress, unit="step")

        def in_time() -> bool:
            return time.perf_counter() - start < self.max_seconds

        while step < self.max_steps and bad < self.patience and in_time():
            for _ in range(self.eval_every):  # the cap is checked every step: a slow CPU must not overrun it
                if not in_time():
                    break
                if cancel.cancelled():
                    self.base = self.maf = None  # a cancelled fit is unusable, never half-fitted
                    bar.close()
                    raise cancel.Cancelled()
                batch = z_train[torch.randint(len(z_train), (self.batch_size,), generator=generator)]
                loss = -self.maf().log_prob(batch).mean()
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                step += 1
            nll = self._nll(z_val)
            self.history.append((step, nll))
            if nll < self.best_nll - 1e-4:
                self.best_nll, self.best_step, bad = nll, step, 0
                best_state = copy.deepcopy(self.maf.state_dict())
            else:
                bad += 1
            bar.update(step - bar.n)
            bar.set_postfix(heldout_nll=f"{nll:.4f}", gaussian=f"{self.gaussian_nll:.4f}")
        bar.close()
        self.maf.load_state_dict(best_state)
        self.maf.eval()
        self.steps, self.seconds = step, time.perf_counter() - start
        return self

    def transform(self, x: np.ndarray, normalize_rows: bool = True) -> np.ndarray:
        """z = f(x) as float32 ``(n, d')``, unit-length rows unless ``normalize_rows=False``."""
        if self.maf is None:
            raise RuntimeError("fit() first")
        z = torch.from_numpy(self.base.transform(x, normalize_rows=False))
        with torch.no_grad():
            out = self.maf().transform(z).numpy().astype(np.float32)
        return normalize(out) if normalize_rows else out

    def nll(self, x: np.ndarray) -> float:
        """Mean NLL of rows ``x`` in nats per dimension, after the affine layer (see class doc)."""
        z = torch.from_numpy(self.base.transform(x, normalize_rows=False))
        return self._nll(z)

    def save(self, folder):
        """Write to ``folder`` (:func:`stsdemo.postprocess.save_post`); :meth:`load` reads it back."""
        from stsdemo.postprocess import save_post

        return save_post(self, folder)

    @classmethod
    def load(cls, folder) -> Flow:
        from stsdemo.postprocess import load_post

        post = load_post(folder)
        if not isinstance(post, cls):
            raise UserError(f"{folder} holds a {post.name}, not a flow.")
        return post

    def state(self) -> dict:
        return {"base": self.base.state(), "maf": self.maf.state_dict(), "config": self.config}

    def fit_summary(self) -> dict:
        """How the fit went (steps, best step, seconds, held-out NLLs, history): saved beside the weights
        so a flow loaded after a restart still reports the fit it came from; ``{}`` before ``fit``."""
        if not hasattr(self, "steps"):
            return {}
        names = ("steps", "best_step", "seconds", "best_nll", "gaussian_nll")
        return {name: getattr(self, name) for name in names} | {"history": [list(h) for h in self.history]}

    @classmethod
    def from_state(cls, state: dict, summary: dict | None = None) -> Flow:
        post = cls(**state["config"])
        post.base = Whitening.from_state(state["base"], None)
        post.maf = post._build(post.base.dim)
        post.maf.load_state_dict(state["maf"])
        post.maf.eval()
        for name, value in (summary or {}).items():
            setattr(post, name, [tuple(h) for h in value] if name == "history" else value)
        return post
