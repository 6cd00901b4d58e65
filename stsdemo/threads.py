"""How many CPU threads torch uses, per worker thread, without touching the rest of the process.

``torch.set_num_threads`` looks process-wide but is not quite: with PyTorch's OpenMP backend it sets
the *calling* thread's OpenMP thread count (and MKL's, thread-locally) and also a global default
that threads created *later* pick up. Calling it per request, and restoring it afterwards, races
with other requests (a request that starts inside another's window keeps 1 thread for good). So
the app sets it once per long-lived worker thread and immediately puts the global default back:

* :func:`limit_this_thread` for the training worker (leave a core to the requests);
* :func:`small_work` runs tiny forward passes (a query, a few pairs) on a dedicated pool whose
  threads each use one torch thread: on a loaded 2-core machine the threads of a two-thread
  forward pass wait at a barrier for a descheduled peer (measured: one short sentence ~1,050 ms on
  2 threads vs ~25 ms on 1, ``benchmarks/RESULTS.md``).
"""

from __future__ import annotations

import contextvars
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def limit_this_thread(n: int) -> None:
    """Make torch use ``n`` threads for work started from the calling thread only."""
    import torch

    default = torch.get_num_threads()
    torch.set_num_threads(max(1, n))
    if default != n:
        # put the global default back from a throw-away thread (its own setting does not matter)
        helper = threading.Thread(target=torch.set_num_threads, args=(default,), name="torch-threads-reset")
        helper.start()
        helper.join()


def training_threads() -> int:
    """Threads for a training run in the app: ``STSDEMO_TRAIN_THREADS``, default all cores but one."""
    chosen = os.environ.get("STSDEMO_TRAIN_THREADS")
    if chosen:
        return max(1, int(chosen))
    return max(1, (os.cpu_count() or 2) - 1)


_SMALL: list[ThreadPoolExecutor] = []
_LOCK = threading.Lock()


def small_work(fn: Callable[..., T], *args, **kwargs) -> T:
    """Run ``fn(*args, **kwargs)`` on a worker thread that uses one torch thread, and wait for it."""
    with _LOCK:
        if not _SMALL:
            _SMALL.append(
                ThreadPoolExecutor(
                    max_workers=2,
                    thread_name_prefix="torch-one-thread",
                    initializer=limit_this_thread,
                    initargs=(1,),
                )
            )
    return _SMALL[0].submit(contextvars.copy_context().run, fn, *args, **kwargs).result()
