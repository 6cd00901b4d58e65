"""Encode rows on a Ray cluster: Ray Data ``map_batches`` over an actor pool of encoders.

Why actors: loading an encoder takes seconds, encoding one batch milliseconds to a second, so each
actor loads the model once and then serves batches; Ray Data streams the blocks through the pool
(with back-pressure) and hands encoded blocks back to the driver as they finish, where
:mod:`stsdemo.corpus.index_build` commits them. One actor per CPU, each with one torch thread:
on a shared CPU one thread per process is much faster than oversubscribed threads.

Which cluster: ``address`` (``--ray-address``) or ``RAY_ADDRESS`` joins an existing one (its nodes
need this project importable at the same path, or installed); otherwise a private local cluster
starts on explicit free ports (``ray.cluster_utils.Cluster``), so several users of one machine
never join each other's cluster, and it is shut down afterwards.

Start-up is Ray's fixed cost (``benchmarks/index_throughput.py`` measures it), so a private cluster
is kept lean: no dashboard, a small object store, and the workers' environment (``PYTHONPATH``, one
OpenMP thread ...) is given to the node processes when they start, which their workers inherit. A
job-level ``runtime_env`` would do the same but makes Ray start fresh workers for the job instead of
using the ones it prestarts with the node (measured: two trivial actors ready in 3.5 s vs 1.1 s).
An existing cluster's nodes were started by someone else, so there the ``runtime_env`` is needed.
"""

from __future__ import annotations

import os
import socket
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

from stsdemo.paths import REPO_ROOT

#: Object-store memory of a private local cluster (bytes): a few blocks of texts and vectors.
LOCAL_OBJECT_STORE = 256 * 1024 * 1024


def free_ports(n: int) -> list[int]:
    """``n`` distinct free ports on 127.0.0.1.

    All sockets stay bound until every port is chosen: a port asked for and released one at a time
    can come back twice, and Ray refuses a node whose components share a port.

    >>> a, b, c = free_ports(3)
    >>> len({a, b, c})
    3
    """
    sockets = [socket.socket() for _ in range(n)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def node_args(num_cpus: int) -> dict:
    """``ray.cluster_utils.Cluster.add_node`` arguments of one node on explicit, distinct free ports."""
    dashboard, agent, metrics, runtime_env = free_ports(4)
    return {
        "num_cpus": num_cpus,
        "object_store_memory": LOCAL_OBJECT_STORE,
        "include_dashboard": False,
        "dashboard_port": dashboard,
        "dashboard_agent_listen_port": agent,
        "metrics_export_port": metrics,
        "runtime_env_agent_port": runtime_env,
    }


def worker_env() -> dict[str, str]:
    """Environment of the encoder actors: this project importable, the driver's data and model
    settings, one OpenMP thread (an actor per CPU, not threads competing inside one)."""
    keep = ("HF_HUB_OFFLINE", "HF_HOME", "STSDEMO_DATA", "STSDEMO_MODELS", "STSDEMO_CACHE")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    path = os.pathsep.join(p for p in (str(REPO_ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**env, "PYTHONPATH": path, "TOKENIZERS_PARALLELISM": "false", "OMP_NUM_THREADS": "1"}


@contextmanager
def environment(extra: dict[str, str]) -> Iterator[None]:
    """``os.environ`` plus ``extra`` inside the block (processes started there inherit it), restored after.

    >>> with environment({"STSDEMO_EXAMPLE": "1"}):
    ...     os.environ["STSDEMO_EXAMPLE"]
    '1'
    >>> "STSDEMO_EXAMPLE" in os.environ
    False
    """
    saved = {k: os.environ.get(k) for k in extra}
    os.environ.update(extra)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextmanager
def ray_cluster(address: str | None = None, num_cpus: int | None = None) -> Iterator[int]:
    """Connect to ``address`` / ``RAY_ADDRESS`` or start a private local cluster; yields its CPU count."""
    import logging

    import ray

    address = address or os.environ.get("RAY_ADDRESS") or None
    cluster = None
    with warnings.catch_warnings():
        # Ray starts its processes with fork + exec; lancedb (already used for the table) warns about
        # any fork, but an exec'd child never touches lancedb's state.
        warnings.filterwarnings("ignore", message="lancedb fork support", category=RuntimeWarning)
        runtime_env = None
        if address is None:
            from ray.cluster_utils import Cluster

            with environment(worker_env()):  # the node's processes, and so its workers, inherit it
                cluster = Cluster(initialize_head=True, head_node_args=node_args(num_cpus or os.cpu_count() or 1))
            address = cluster.address
        else:
            runtime_env = {"env_vars": worker_env()}
        ray.init(address=address, runtime_env=runtime_env, log_to_driver=False, logging_level=logging.WARNING)
    try:
        import ray.data

        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False  # the driver shows one bar of committed rows
        context.print_on_execution_start = False
        context.enable_auto_log_stats = False
        yield int(ray.cluster_resources().get("CPU", 1))
    finally:
        ray.shutdown()
        if cluster is not None:
            cluster.shutdown()


class EncodeBatch:
    """A Ray Data actor: loads the encoder once, then maps a block of rows to unit vectors."""

    def __init__(self, spec: str, threads: int = 1) -> None:
        import torch

        from stsdemo.specs import load

        torch.set_num_threads(threads)
        self.model = load(spec)

    def __call__(self, batch):
        import pyarrow as pa

        from stsdemo.similarity import normalize

        vectors = normalize(self.model.encode(batch.column("text").to_pylist(), cache=None))
        flat = pa.array(np.ascontiguousarray(vectors, np.float32).ravel())
        return batch.append_column("vector", pa.FixedSizeListArray.from_arrays(flat, vectors.shape[1]))


def encode_blocks(blocks: list, spec: str, actors: int) -> Iterator:
    """Encode each pyarrow block (``id``, ``text``, ``source``) on ``actors`` actors; yields encoded
    blocks (plus a ``vector`` column) in the order they finish. Call inside :func:`ray_cluster`."""
    import ray.data

    ds = ray.data.from_arrow(blocks)
    encoded = ds.map_batches(
        EncodeBatch,
        fn_constructor_args=(spec,),
        batch_size=None,  # one block = one batch = one commit
        batch_format="pyarrow",
        compute=ray.data.ActorPoolStrategy(size=actors),
        num_cpus=1,
    )
    yield from encoded.iter_batches(batch_size=None, batch_format="pyarrow", prefetch_batches=1)
