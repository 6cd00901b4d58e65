"""The CLI contract: flags, JSON shapes, exit codes (run as a real subprocess)."""

import json
import os
import subprocess
import sys

import pytest

from stsdemo.paths import REPO_ROOT


def cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "stsdemo", *args], capture_output=True, text=True, cwd=REPO_ROOT, env=env, timeout=300
    )


def test_models_lists_minilm_and_hub_ids():
    out = cli("models")
    assert out.returncode == 0
    assert "minilm" in out.stdout and "bert-base-chinese" in out.stdout


def test_score_json():
    out = cli("score", "A man is playing a guitar.", "A man plays the guitar.", "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["model"] == "minilm"
    assert 0.9 < result["cosine"] <= 1.0


def test_score_with_pooling_plain_text():
    out = cli("score", "A man is playing a guitar.", "A woman slices an onion.", "--pooling", "cls")
    assert out.returncode == 0, out.stderr
    assert 0.3 < float(out.stdout.strip()) < 0.6


@pytest.mark.slow
def test_eval_json_on_shipped_stsb():
    out = cli("eval", "--model", "minilm", "--data", "stsb:test", "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["n"] == 1379
    assert result["spearman"] == pytest.approx(0.8203, abs=0.001)
    assert 0.8 < result["pearson"] < 0.85


@pytest.mark.parametrize(
    "args, message",
    [
        (["score", "only one", ""], "only one sentence"),
        (["score", "a", "b", "--model", "/etc"], "allowed folders"),
        (["score", "a", "b", "--model", "bert-base-uncased"], "not available offline"),
        (["eval", "--data", "nosuch:test"], "Unknown dataset"),
    ],
)
def test_errors_are_messages_with_exit_2(args, message):
    out = cli(*args)
    assert out.returncode == 2
    assert message in out.stderr and "Traceback" not in out.stderr
