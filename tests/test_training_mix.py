"""Training on several named pair sets at once (``stsb-zh:train,afqmc:train``): one label scale, rows interleaved."""

import pytest

from stsdemo.data import load_pairs
from stsdemo.training.pairs import load_training_pairs, named_sets, train_dev_test
from stsdemo.training.run import TrainConfig


def test_joined_sets_share_a_0_1_scale_and_interleave(shared_data):
    stsb, afqmc = load_pairs("stsb-zh:train"), load_pairs("afqmc:train")
    joined = load_training_pairs("stsb-zh:train,afqmc:train")
    assert len(joined) == len(stsb) + len(afqmc) and joined.labels.min() >= 0 and joined.labels.max() == 1
    # row 0 of each set, then row 1 of each ...: a --limit takes about as many rows of each set
    assert joined.pairs[:4] == [stsb.pairs[0], afqmc.pairs[0], stsb.pairs[1], afqmc.pairs[1]]
    assert joined.labels[0] == pytest.approx(stsb.labels[0] / 5) and joined.labels[1] == afqmc.labels[0]
    assert joined.pairs[-1] == afqmc.pairs[-1]  # the longer set's tail comes last
    # dev and test follow the first set, so selection never sees a test split
    config = TrainConfig(recipe="cosent", data="stsb-zh:train,afqmc:train", out="x", limit=10)
    train, dev, test = train_dev_test(config)
    assert len(train) == 10 and dev.name == "stsb-zh:dev" and test.name == "stsb-zh:test"


def test_a_file_name_with_a_comma_stays_one_file():
    assert named_sets("my,pairs.csv") == ["my,pairs.csv"]
    assert named_sets("stsb:train") == ["stsb:train"]
