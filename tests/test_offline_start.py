"""The app starts and serves its page without touching the network (no hub, no analytics)."""

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
    app.demo.close()
    print(json.dumps({"hosts": sorted(set(hosts)), "title": "STS Lab" in page}))
    """
)


def test_app_starts_with_no_external_connection():
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "GRADIO_ANALYTICS_ENABLED")}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=REPO_ROOT, env=env, timeout=300
    )
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["title"]
    external = [h for h in result["hosts"] if h not in ("127.0.0.1", "localhost", "::1", "0.0.0.0")]
    assert external == [], f"the app contacted {external}"
