"""The training loop's eyes: a ``TrainerCallback`` that records losses and dev scores into
:class:`stsdemo.training.run.Progress` and honours the UI's stop flag.

Its own module so :mod:`stsdemo.training.run` (read by ``python -m stsdemo --help``) does not import
transformers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from transformers import TrainerCallback

from stsdemo.errors import Message

if TYPE_CHECKING:
    from stsdemo.training.run import Progress


class Monitor(TrainerCallback):
    """Records losses and dev scores into :class:`Progress` and honours the stop flag."""

    def __init__(self, progress: Progress, metric: str, stop: threading.Event | None, notify: Callable | None):
        self.progress, self.metric, self.stop, self.notify = progress, metric, stop, notify

    def _tell(self) -> None:
        if self.notify:
            self.notify(self.progress)

    def on_train_begin(self, args, state, control, **kwargs):
        self.progress.total, self.progress.phase = state.max_steps, Message("training")
        self._tell()

    def on_step_end(self, args, state, control, **kwargs):
        self.progress.step = state.global_step
        if self.stop is not None and self.stop.is_set():
            control.should_training_stop = True
            self.progress.phase = Message("stopping")
        self._tell()

    def on_log(self, args, state, control, logs=None, **kwargs):
        logs = logs or {}
        if "loss" in logs:
            self.progress.losses.append((state.global_step, float(logs["loss"])))
        key = f"eval_{self.metric}"
        if key in logs:
            self.progress.dev.append((state.global_step, float(logs[key])))
        self._tell()
