"""Evaluation phases of a training run show a true fraction (issue 16: "step 0/0 (0%)" for a minute
of base-model evaluation, then "100%" for minutes of testing, looked frozen).

Real runs on the bundled English teaching model (tiny BERT), a few steps.
"""

from __future__ import annotations

import pytest

from stsdemo.paths import ASSETS
from stsdemo.training.run import Progress, TrainConfig, train
from stsdemo.ui.train_callbacks import progress_html

TINY = ASSETS / "models" / "mlm-mini-en"


def test_every_batch_a_bi_encoder_or_a_cross_encoder_reads_is_counted():
    from sentence_transformers import CrossEncoder, SentenceTransformer

    from stsdemo.training.counting import count_texts

    progress, seen = Progress(), []
    bi = SentenceTransformer(str(TINY), device="cpu")
    with count_texts(bi, progress, total=6, notify=lambda p: seen.append((p.done, p.of))):
        bi.encode(["a", "b", "c", "d", "e", "f"], batch_size=4)
    assert seen == [(4, 6), (6, 6)]
    assert (progress.done, progress.of) == (0, 0)  # no stale fraction after the phase

    cross, seen = CrossEncoder(str(TINY), num_labels=1, device="cpu"), []
    with count_texts(cross, progress, total=3, notify=lambda p: seen.append(p.done)):
        cross.predict([("a", "b"), ("c", "d"), ("e", "f")], batch_size=2)
    assert seen == [2, 3]


@pytest.mark.slow
def test_base_evaluation_and_testing_count_up_to_their_totals(models_dir, tmp_path, stsb_test):
    data = stsb_test.head(48)
    path = tmp_path / "pairs.tsv"
    rows = zip(data.sentences1, data.sentences2, data.labels, strict=True)
    path.write_text("sentence1\tsentence2\tscore\n" + "".join(f"{a}\t{b}\t{s}\n" for a, b, s in rows), encoding="utf-8")
    snapshots: list[tuple[str, int, int]] = []
    config = TrainConfig(
        "cosent", str(path), str(models_dir / "m"), eval="stsb:dev", test=str(path),
        base="mlm-mini-en:mean", epochs=1, batch_size=16, eval_limit=40,
    )  # fmt: skip
    train(config, notify=lambda p: snapshots.append((p.phase, p.done, p.of)))

    def counted(prefix: str) -> list[tuple[int, int]]:
        return [(done, of) for phase, done, of in snapshots if phase.startswith(prefix) and of]

    base, final = counted("evaluating the base model"), counted("scoring the kept checkpoint")
    assert base[-1] == (80, 80)  # 40 dev pairs, both sides
    from stsdemo.data import load_pairs

    distinct = len(load_pairs(str(path)).head(40).sentences())  # eval_limit caps the test set too
    assert final[-1] == (80 + distinct, 80 + distinct)  # dev again, then each distinct test sentence once
    assert all(a[0] < b[0] for a, b in zip(final, final[1:], strict=False))  # counts up, batch by batch
    bar = progress_html(0, 0, "scoring the kept checkpoint", *final[0])
    assert f"{final[0][0]}/{final[0][1]} texts" in bar
