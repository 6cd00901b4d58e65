"""A Cancel stops work already running (issue 16): encoding, fitting, and a training run's evaluation
phases stop at their next check and leave nothing half-done in the caches or on disk.

Real models: the bundled MiniLM and the English teaching model (tiny BERT).
"""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from stsdemo import cancel
from stsdemo.cache import EMBEDDINGS
from stsdemo.cancel import Cancelled, CancelToken, cancellable
from stsdemo.paths import ASSETS

TINY = ASSETS / "models" / "mlm-mini-en"


def test_a_cancelled_encode_stops_after_the_running_chunk_and_caches_nothing():
    import stsdemo
    from stsdemo.encoders.base import CHUNK

    encoder = stsdemo.load("minilm")
    texts = [f"Cancellation test sentence number {i}." for i in range(6 * CHUNK)]
    token, chunks = CancelToken(), []
    real = encoder._encode

    def encode_then_cancel(batch, **kwargs):  # the real model encodes; Cancel is clicked during chunk 1
        chunks.append(len(batch))
        token.cancel()
        return real(batch, **kwargs)

    encoder._encode = encode_then_cancel
    try:
        with cancellable(token), pytest.raises(Cancelled):
            encoder.encode(texts)
    finally:
        del encoder._encode
    assert chunks == [CHUNK]  # 1 of 6 chunks, then it stopped
    assert all(EMBEDDINGS.get((*encoder.cache_key, t)) is None for t in texts)  # nothing half-encoded kept
    again = encoder.encode(texts[:3])  # not cancelled now: encodes as before
    np.testing.assert_allclose(again, real(texts[:3], show_progress=False, batch_size=64), atol=1e-5)


def _cancel_after(token: CancelToken, seconds: float) -> threading.Timer:
    timer = threading.Timer(seconds, token.cancel)
    timer.start()
    return timer


def test_a_cancelled_flow_fit_stops_within_a_second_and_is_unusable():
    from stsdemo.postprocess import Flow

    x = np.random.default_rng(0).normal(size=(600, 16))
    flow = Flow(max_seconds=120, max_steps=10**6, patience=10**6, hidden=64)
    token = CancelToken()
    timer = _cancel_after(token, 1.0)
    start = time.perf_counter()
    with cancellable(token), pytest.raises(Cancelled):
        flow.fit(x)
    timer.join()
    assert time.perf_counter() - start < 40  # not the 120 s the fit was allowed (a loaded machine: margin)
    assert flow.maf is None and flow.base is None  # never a half-trained flow
    with pytest.raises(RuntimeError, match="fit"):
        flow.transform(x[:2])


def test_a_cancelled_reference_fit_stores_nothing_in_memory_or_on_disk(tmp_path, monkeypatch):
    """``minilm:static + whitening`` on STS-B train, cancelled while the reference set is encoded: no
    FITTED entry, no reference vectors or fit on disk, and no request left waiting on the key."""
    import stsdemo
    from stsdemo.cache import FITTED
    from stsdemo.postprocess import fitted_on_reference

    monkeypatch.setenv("STSDEMO_CACHE", str(tmp_path / "cache"))
    encoder = stsdemo.load("minilm:static")
    token, chunks = CancelToken(), []
    real = encoder._encode

    def encode_then_cancel(batch, **kwargs):
        chunks.append(len(batch))
        token.cancel()
        return real(batch, **kwargs)

    encoder._encode = encode_then_cancel
    try:
        with cancellable(token), pytest.raises(Cancelled):
            fitted_on_reference(encoder, "whitening")
    finally:
        del encoder._encode
    assert len(chunks) == 1  # of the ~40 chunks of STS-B train
    assert not [k for k in list(FITTED._items) if k[: len(encoder.cache_key)] == encoder.cache_key]
    assert not FITTED._computing  # the next request for this fit computes it instead of waiting
    assert not list((tmp_path / "cache").rglob("*.npy")) and not (tmp_path / "cache" / "post").exists()


def test_check_is_free_outside_a_cancellable_block_and_blocks_nest():
    cancel.check()
    outer, inner = CancelToken(), CancelToken()
    with cancellable(outer):
        with cancellable(inner):
            outer.cancel()
            cancel.check()  # the innermost token decides
        with pytest.raises(Cancelled):
            cancel.check()


def test_a_stop_during_the_base_evaluation_ends_the_phase_at_the_next_batch():
    from sentence_transformers import SentenceTransformer

    from stsdemo.training.counting import count_texts
    from stsdemo.training.run import Progress

    model, progress, stop = SentenceTransformer(str(TINY), device="cpu"), Progress(), threading.Event()

    def stop_after_first_batch(p):
        stop.set()

    with cancellable(CancelToken(stop)), pytest.raises(Cancelled):
        with count_texts(model, progress, total=40, notify=stop_after_first_batch):
            model.encode([f"sentence {i}" for i in range(40)], batch_size=4)
    assert stop.is_set()


def _pairs_file(tmp_path, stsb_test, n: int = 48):
    data = stsb_test.head(n)
    path = tmp_path / "pairs.tsv"
    rows = zip(data.sentences1, data.sentences2, data.labels, strict=True)
    path.write_text("sentence1\tsentence2\tscore\n" + "".join(f"{a}\t{b}\t{s}\n" for a, b, s in rows), encoding="utf-8")
    return path


@pytest.mark.slow
def test_training_stops_in_the_base_evaluation_and_in_the_final_scoring(models_dir, tmp_path, stsb_test):
    """A Stop in the base-model evaluation ends the run with nothing written; a Stop in the final
    scoring saves the trained model without a test figure (the queue shows the first as cancelled)."""
    from stsdemo.training.queue import TrainingQueue
    from stsdemo.training.run import TrainConfig, train

    path = _pairs_file(tmp_path, stsb_test)

    def config(name: str) -> TrainConfig:
        return TrainConfig(
            "cosent", str(path), str(models_dir / name), eval="stsb:dev", test=str(path),
            base="mlm-mini-en:mean", epochs=1, batch_size=16, eval_limit=40,
        )  # fmt: skip

    def stop_in(phase: str, stop: threading.Event):
        def notify(p):
            if p.phase.startswith(phase) and p.done:
                stop.set()

        return notify

    queue = TrainingQueue(lambda cfg, stop, notify: train(cfg, stop, stop_in("evaluating the base model", stop)))
    job = queue.submit(config("base"))
    deadline = time.time() + 120
    while job.state in ("queued", "running") and time.time() < deadline:
        time.sleep(0.2)
    assert job.state == "cancelled" and "no model was saved" in job.error
    assert not (models_dir / "base").exists()

    stop, seen = threading.Event(), []
    metrics = train(config("scored"), stop, lambda p: (seen.append((p.phase, p.done)), stop_in("scoring", stop)(p)))
    assert metrics["scoring_stopped"] and metrics["stopped_early"] and metrics["test"] is None
    assert metrics["dev"] == metrics["dev_best_during_training"]  # the kept checkpoint's dev score
    assert "stopped while scoring" in metrics["summary"]
    assert (models_dir / "scored" / "metrics.json").is_file()
    scoring = [done for phase, done in seen if phase.startswith("scoring")]
    assert 0 < max(scoring) < 80 + 40  # stopped before reading all of dev and test
