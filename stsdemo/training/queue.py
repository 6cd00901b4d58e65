"""Training jobs, one at a time, in a background worker thread.

A hosted app has 2 CPU cores: two trainings at once would each take twice as long and could exhaust
memory, so requests wait in a FIFO queue; each job can report its position and be stopped. The worker
is a daemon thread of the server process, so a run goes on when the browser tab that started it
closes; the page finds it again by its job id.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

from stsdemo.cancel import Cancelled
from stsdemo.errors import UserError
from stsdemo.owners import LOCAL, Visitor, claim
from stsdemo.threads import limit_this_thread, training_threads
from stsdemo.training.run import Progress, TrainConfig, output_dir, train

log = logging.getLogger(__name__)


#: A job's life: queued -> running -> done | stopped | failed, or queued -> cancelled, or running -> cancelled
#: (stopped during the base-model evaluation, before anything was trained).
JobState = Literal["queued", "running", "done", "stopped", "failed", "cancelled"]
#: States in which a job holds or waits for the worker.
ACTIVE: tuple[JobState, ...] = ("queued", "running")
#: States in which a job has left a model on disk (``stopped``: the best checkpoint before the stop).
FINISHED: tuple[JobState, ...] = ("done", "stopped")


@dataclass
class Job:
    """One training request (see :data:`JobState`)."""

    id: int
    config: TrainConfig
    state: JobState = "queued"
    progress: Progress = field(default_factory=Progress)
    metrics: dict | None = None
    error: str | None = None
    stop: threading.Event = field(default_factory=threading.Event)
    submitted: float = field(default_factory=time.time)
    owner: str | None = None  # hashed session id of who submitted it (None: the local user)


class TrainingQueue:
    """FIFO of :class:`Job` served by one worker thread (started on the first submit)."""

    def __init__(self, runner=train) -> None:
        self._runner = runner
        self._jobs: dict[int, Job] = {}
        self._waiting: deque[Job] = deque()
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._worker: threading.Thread | None = None

    def submit(self, config: TrainConfig, visitor: Visitor = LOCAL, max_waiting: int | None = None) -> Job:
        """Queue a run for ``visitor``; the output folder is checked now so a bad ``--out`` fails at once.

        ``max_waiting`` caps the jobs one visitor may have queued or running (Space mode: 1).
        """
        target = output_dir(config.out)
        name = target.name
        with self._lock:
            busy = [j for j in self._jobs.values() if j.state in ACTIVE]
            if any(output_dir(j.config.out) == target for j in busy):
                raise UserError("A queued or running job already writes models/{name}; pick another name.", name=name)
            if max_waiting is not None and not visitor.admin:
                mine = [j for j in busy if j.owner == visitor.owner]
                if len(mine) >= max_waiting:
                    raise UserError(
                        "You already have job #{job} queued or running; wait for it or stop it first.", job=mine[0].id
                    )
            job = Job(next(self._ids), config, owner=visitor.owner)
            self._jobs[job.id] = job
            self._waiting.append(job)
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._serve, name="training-queue", daemon=True)
                self._worker.start()
            self._wake.notify()
        return job

    def get(self, job_id: int, visitor: Visitor = LOCAL) -> Job:
        """The job ``job_id`` if ``visitor`` may see it; another session's job is refused like a missing one."""
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise UserError("No training job #{job}.", job=job_id)
        if not visitor.may_control(job.owner):
            raise UserError(
                "Job #{job} was started in another session: only that session can follow or stop it.", job=job_id
            )
        return job

    def position(self, job_id: int) -> int:
        """0 once the job runs (or has ended); k when it is k-th in line (k - 1 queued jobs ahead of it)."""
        with self._lock:
            job = self._jobs[job_id]
            return list(self._waiting).index(job) + 1 if job.state == "queued" else 0

    def stop(self, job_id: int, visitor: Visitor = LOCAL) -> None:
        """Stop a running job (its best checkpoint so far is saved) or cancel a queued one."""
        self.get(job_id, visitor)
        with self._lock:
            job = self._jobs[job_id]
            if job.state == "queued":
                self._waiting.remove(job)
                job.state = "cancelled"
            job.stop.set()

    def table(self, visitor: Visitor = LOCAL) -> pd.DataFrame:
        """The queue as rows for a page; jobs ``visitor`` may not control show only number, state and step."""
        rows = []
        for j in self.jobs():
            mine = visitor.may_control(j.owner)
            rows.append(
                {
                    "job": j.id,
                    "model": Path(j.config.out).name if mine else "(another session)",
                    "recipe": j.config.recipe if mine else "",
                    "state": j.state,
                    "queue position": self.position(j.id) or "",
                    "step": f"{j.progress.step}/{j.progress.total}",
                }
            )
        return pd.DataFrame(rows, columns=["job", "model", "recipe", "state", "queue position", "step"])

    def jobs(self) -> list[Job]:
        with self._lock:
            return list(self._jobs.values())

    def _serve(self) -> None:
        limit_this_thread(training_threads())  # leave a core to the requests that score and search
        while True:
            with self._lock:
                while not self._waiting:
                    self._wake.wait()
                job = self._waiting.popleft()
                job.state = "running"
            try:
                job.metrics = self._runner(job.config, stop=job.stop, notify=lambda p, job=job: _copy(p, job))
                claim(output_dir(job.config.out), job.owner)
                stopped = job.stop.is_set() or job.metrics.get("stopped_early")  # train() clears stop before scoring
                job.state = "stopped" if stopped else "done"
            except Cancelled:
                job.error = "stopped while evaluating the base model; no model was saved"
                job.state = "cancelled"
            except UserError as err:
                job.error, job.state = str(err), "failed"
            except Exception as err:  # noqa: BLE001 - the worker must survive a failed run
                job.error = f"{type(err).__name__}: {err}"
                job.state = "failed"
                log.exception("training job %s failed", job.id)


def _copy(progress: Progress, job: Job) -> None:
    job.progress = progress


#: The app's one queue (shared by every browser session of the server process).
QUEUE = TrainingQueue()
