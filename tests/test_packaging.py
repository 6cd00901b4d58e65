"""A plain (non-editable) ``pip install .`` carries the shipped files and finds them without a checkout."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_wheel_carries_assets_and_results_and_runs_without_the_checkout(tmp_path):
    out = tmp_path / "wheel"
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)]
    subprocess.run(build, check=True, capture_output=True, timeout=600)
    (wheel,) = out.glob("stsdemo-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in (
        "stsdemo/_shipped/assets/models/mlm-mini-en/config.json",
        "stsdemo/_shipped/assets/data/stsbenchmark.tsv.gz",
        "stsdemo/_shipped/assets/calibration/minilm.json",
        "stsdemo/_shipped/benchmarks/results.json",
        "stsdemo/training/mlm/train.py",
        "stsdemo/ui/i18n.yaml",
    ):
        assert shipped in names, shipped

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    check = (
        "import stsdemo.paths as p, stsdemo.results as r; "
        "assert p.ASSETS.is_relative_to(p.PACKAGE_DIR), p.ASSETS; "
        "assert (p.ASSETS / 'models' / 'mlm-mini-en').is_dir() and r.load_results(); "
        "assert p.REPO_ROOT == p.Path.cwd().resolve()"
    )
    env = {"PYTHONPATH": str(site), "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", check], check=True, cwd=tmp_path, env=env, timeout=120)
    models = subprocess.run(
        [sys.executable, "-m", "stsdemo", "models"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert models.returncode == 0, models.stderr
    assert "mlm-mini-en" in models.stdout and "sts-mini-zh" in models.stdout
