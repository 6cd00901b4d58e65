"""STS Lab: the Gradio app (also a Hugging Face Space). All logic lives in ``stsdemo``.

``python app.py --mcp`` (or ``STSDEMO_MCP=1``) also serves score / search / eval / geometry as MCP
tools (docs/api.md); docs/deploy.md lists the settings of a public deployment.
"""

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from stsdemo.ui import build_app, launch, mcp_requested  # noqa: E402

MCP = mcp_requested()
demo = build_app(mcp=MCP)

if __name__ == "__main__":
    launch(
        demo,
        mcp=MCP,
        server_name=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"),
        server_port=int(os.environ.get("GRADIO_SERVER_PORT", "7860")),
    )
