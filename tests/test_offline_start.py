"""The app starts and serves its page without touching the network (no hub, no analytics), on
uvicorn's C HTTP parser and uvloop."""

import json
import os
import subprocess
import sys
import textwrap

import pytest

from stsdemo.paths import REPO_ROOT

pytestmark = pytest.mark.slow

PROBE = textwrap.dedent(
    """
    import json, socket, urllib.request
    hosts = []
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect
    def getaddrinfo(host, *args, **kwargs):
        hosts.append(str(host))
        return real_getaddrinfo(host, *args, **kwargs)
    def connect(self, address):
        if isinstance(address, tuple):
            hosts.append(str(address[0]))
        return real_connect(self, address)
    socket.getaddrinfo, socket.socket.connect = getaddrinfo, connect
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    import app
    _, url, _ = app.demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    page = urllib.request.urlopen(url, timeout=30).read().decode()
    config = app.demo.server.config
    server = [config.http_protocol_class.__name__, config.get_loop_factory().__module__]
    app.demo.close()
    print(json.dumps({"hosts": sorted(set(hosts)), "title": "STS Lab" in page, "server": server}))
    """
)


@pytest.fixture(scope="module")
def started() -> dict:
    """What the probe saw: the hosts the app contacted, its page title, its server's parser and loop."""
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "GRADIO_ANALYTICS_ENABLED")}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=REPO_ROOT, env=env, timeout=300
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_app_starts_with_no_external_connection(started):
    assert started["title"]
    external = [h for h in started["hosts"] if h not in ("127.0.0.1", "localhost", "::1", "0.0.0.0")]
    assert external == [], f"the app contacted {external}"


def test_app_serves_on_httptools_and_uvloop(started):
    """A Corpus query's request carries the whole text box (1.8 MB for 20k lines); uvicorn's pure-Python
    h11 parser and asyncio loop cost ~6 ms of its p50 more than httptools + uvloop (docs/speed.md)."""
    assert started["server"] == ["HttpToolsProtocol", "uvloop"]
