"""``python app.py --mcp``: the four MCP tools are listed with their docstrings, and they answer."""

from __future__ import annotations

import json
import urllib.request

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def mcp_url():
    from stsdemo.ui import build_app, launch
    from tests.conftest import _free_port

    demo = build_app(mcp=True)
    port = _free_port()
    launch(demo, mcp=True, server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{port}/"
    demo.close()


def test_mcp_lists_exactly_the_four_tools_with_docstrings(mcp_url):
    with urllib.request.urlopen(mcp_url + "gradio_api/mcp/schema", timeout=60) as answer:
        schema = json.load(answer)
    tools = {t["name"]: t for t in schema if t["meta"]["mcp_type"] == "tool"}
    assert set(tools) == {"score", "search", "eval", "geometry"}
    assert "cosine" in tools["score"]["description"]
    assert set(tools["search"]["inputSchema"]["properties"]) == {"corpus", "query", "model", "k"}
    assert "NAME:SPLIT" in json.dumps(tools["eval"])


def test_mcp_tools_answer_and_refuse_server_paths(mcp_url):
    from gradio_client import Client

    client = Client(mcp_url, verbose=False)
    answer = client.predict("A man plays a guitar.", "A man is playing the guitar.", "minilm", api_name="/mcp_score")
    assert answer["kind"] == "cosine" and 0.8 < answer["score"] <= 1
    hits = client.predict(
        "Where is my parcel?\nHow do I reset my password?", "forgot password", "minilm", 1, api_name="/mcp_search"
    )
    assert hits[0]["text"] == "How do I reset my password?"
    with pytest.raises(Exception, match="not accepted"):
        client.predict("minilm", "/etc/passwd", 10, api_name="/mcp_eval")
