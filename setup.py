"""Build step that pyproject.toml cannot declare: a wheel carries the shipped files kept outside the package.

Git keeps the teaching models, calibration files, presets and STS-B under ``assets/`` and the measured
figures under ``benchmarks/`` (where the benchmark scripts write them). A non-editable ``pip install .``
copies them into ``stsdemo/_shipped/`` inside the wheel, where :mod:`stsdemo.paths` finds them when there is
no checkout around the package. Editable installs read the checkout and copy nothing.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

#: (source in the checkout, destination under stsdemo/_shipped/)
SHIPPED = [("assets", "assets"), ("benchmarks/results.json", "benchmarks/results.json"),
           ("benchmarks/frontier.json", "benchmarks/frontier.json")]  # fmt: skip


class BuildWithShippedFiles(build_py):
    """``build_py`` plus copies of :data:`SHIPPED` into the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        root = Path(__file__).resolve().parent
        target = Path(self.build_lib) / "stsdemo" / "_shipped"
        for source, destination in SHIPPED:
            src, dst = root / source, target / destination
            dst.parent.mkdir(parents=True, exist_ok=True)
            if src.is_dir():
                shutil.copytree(src, dst, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(src, dst)


setup(cmdclass={"build_py": BuildWithShippedFiles})
