"""STS Lab: the Gradio app (also a Hugging Face Space). All logic lives in ``stsdemo``."""

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from stsdemo.ui import build_app, launch  # noqa: E402

demo = build_app()

if __name__ == "__main__":
    launch(
        demo,
        server_name=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"),
        server_port=int(os.environ.get("GRADIO_SERVER_PORT", "7860")),
    )
