"""The probes of issue 11, replayed as a web visitor would: ``gradio_client`` on 127.0.0.1 against the app.

Each test is one probe: a server path in a text box, another session's job or model, a temp folder
that never empties, a model name that escapes ``models/``. Training itself is replaced by a stub
runner (it writes a tiny model folder, or waits until stopped): what is tested is who may start,
follow, stop and delete, not the training.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from pathlib import Path

import pytest

from stsdemo.paths import REPO_ROOT

pytestmark = pytest.mark.slow

ENDPOINTS = {
    "/score",
    "/explain",
    "/search",
    "/cluster",
    "/duplicates",
    "/project",
    "/heatmap",
    "/geometry",
    "/benchmark",
    "/train",
    "/train_status",
    "/train_stop",
    "/delete_model",
}
SECRET = "TOPSECRET-42"


def _stub_runner(config, stop, notify):
    """Instead of training: wait until stopped (at most 60 s), then write a minimal model folder."""
    deadline = time.monotonic() + 60
    while not stop.is_set() and time.monotonic() < deadline:
        stop.wait(0.05)
    out = Path(config.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "modules.json").write_text("[]", encoding="utf-8")
    return {"summary": f"stub run of {config.recipe}", "seconds": 0.0}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The whole app in this process on a free port, models written to a temporary model root."""
    from stsdemo.training.queue import QUEUE
    from stsdemo.ui import build_app, launch
    from tests.conftest import _free_port

    models = tmp_path_factory.mktemp("models")
    saved = {k: os.environ.get(k) for k in ("STSDEMO_MODELS", "STSDEMO_PUBLIC", "STSDEMO_ADMIN_TOKEN")}
    os.environ.update(STSDEMO_MODELS=str(models), STSDEMO_PUBLIC="0", STSDEMO_ADMIN_TOKEN="owner-secret")
    runner, QUEUE._runner = QUEUE._runner, _stub_runner
    demo = build_app()
    port = _free_port()
    launch(demo, server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    yield {"url": f"http://127.0.0.1:{port}/", "models": models, "queue": QUEUE}
    demo.close()
    QUEUE._runner = runner
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def _client(server, **kwargs):
    from gradio_client import Client

    return Client(server["url"], verbose=False, download_files=False, **kwargs)


def _train(client, data="stsb:train", *, upload=None, eval_spec="", name="m", base="minilm", recipe="cosent"):
    return client.predict(recipe, data, upload, eval_spec, name, base, 0, 2, 0, 0, False, True, api_name="/train")


def _pairs(rows: list[list[str]]) -> dict:
    """A pairs table as the API takes it."""
    return {"headers": ["sentence 1", "sentence 2"], "data": rows, "metadata": None}


def _wait(predicate, seconds=30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def _no_server_paths(text: str) -> None:
    for folder in (str(REPO_ROOT), tempfile.gettempdir() + "/", str(Path.home()) + "/"):
        assert folder not in str(text), text


def test_public_endpoints_are_exactly_the_documented_ones(server):
    info = _client(server).view_api(print_info=False, return_format="dict")
    assert set(info["named_endpoints"]) == ENDPOINTS
    assert not info["unnamed_endpoints"]
    params = {name: [p["parameter_name"] for p in e["parameters"]] for name, e in info["named_endpoints"].items()}
    assert params["/train"][:4] == ["recipe", "data", "upload", "eval_spec"]
    assert params["/search"][:4] == ["text", "spec", "query", "k"]
    assert params["/train_status"] == params["/train_stop"] == ["job_number"]


def test_train_on_a_server_file_is_refused_before_reading(server):
    jobs_before = len(server["queue"].jobs())
    number, message = _train(_client(server), "/etc/passwd", name="x", recipe="simcse-unsup")
    assert number is None and "paths on the server are not accepted" in message
    assert len(server["queue"].jobs()) == jobs_before
    assert not (server["models"] / "x").exists()


@pytest.mark.parametrize("data", ["../shared/data/en/stsb/stsbenchmark.tsv.gz", "assets/data/stsbenchmark.tsv.gz"])
def test_relative_server_paths_are_refused_too(server, data):
    number, message = _train(_client(server), data, name="y")
    assert number is None and "paths on the server are not accepted" in message


def test_a_private_tsv_as_dev_set_never_echoes_its_lines(server, tmp_path):
    private = tmp_path / "private.tsv"
    private.write_text(f"a\tb\t{SECRET}\nc\td\t1\n", encoding="utf-8")
    client = _client(server)
    for data, dev in (("stsb:train", str(private)), (str(private), "")):
        number, message = _train(client, data, eval_spec=dev, name="leak")
        assert number is None and SECRET not in message and "not accepted" in message
        _no_server_paths(message)


def test_an_uploaded_file_is_accepted(server, tmp_path):
    from gradio_client import handle_file

    mine = tmp_path / "mine.tsv"
    mine.write_text("".join(f"sentence {i}\tother {i}\t{i % 5}\n" for i in range(30)), encoding="utf-8")
    client = _client(server)
    number, message = _train(client, "", upload=handle_file(str(mine)), name="from-upload")
    assert number, message
    assert "your file mine.tsv" in message
    _no_server_paths(message)
    assert "Stop requested" in client.predict(number, api_name="/train_stop")


def test_another_session_cannot_follow_or_stop_a_job(server):
    alice, bob = _client(server), _client(server)
    number, message = _train(alice, name="alice-job")
    assert number, message
    for api in ("/train_status", "/train_stop"):
        answer = bob.predict(number, api_name=api)
        assert "another session" in answer
    job = server["queue"].get(number)
    assert not job.stop.is_set()
    assert f"Job #{number}" in alice.predict(number, api_name="/train_status")
    assert "Stop requested" in alice.predict(number, api_name="/train_stop")
    assert _wait(lambda: job.state in ("stopped", "cancelled"))


def test_admin_token_unlocks_other_sessions_jobs(server):
    alice = _client(server)
    owner = _client(server, headers={"x-stsdemo-admin": "owner-secret"})
    guesser = _client(server, headers={"x-stsdemo-admin": "guess"})
    number, message = _train(alice, name="watched")
    assert number, message
    assert "another session" in guesser.predict(number, api_name="/train_status")
    assert "another session" not in owner.predict(number, api_name="/train_status")
    assert "Stop requested" in owner.predict(number, api_name="/train_stop")


def test_another_session_cannot_delete_a_model_but_its_owner_can(server):
    alice, bob = _client(server), _client(server)
    number, message = _train(alice, name="alice-model")
    assert number, message
    alice.predict(number, api_name="/train_stop")
    folder = server["models"] / "alice-model"
    assert _wait(lambda: (folder / "owner.json").is_file())
    status = bob.predict(str(folder), api_name="/delete_model")[0]
    assert "another session" in status and folder.is_dir()
    _no_server_paths(status)
    status = alice.predict(str(folder), api_name="/delete_model")[0]
    assert status == "Deleted alice-model." and not folder.exists()


def test_a_new_session_can_delete_an_unowned_model(server):
    """The old bug: the delete list was fixed when the page was built ("not in the list of choices")."""
    folder = server["models"] / "cli-made"
    folder.mkdir()
    (folder / "modules.json").write_text("[]", encoding="utf-8")
    status = _client(server).predict(str(folder), api_name="/delete_model")[0]
    assert status == "Deleted cli-made." and not folder.exists()


@pytest.mark.parametrize("name", ["n" * 300, "...", ".hidden", "..", "a/b", "../escape", "", "x" * 65])
def test_bad_model_names_are_refused_before_training(server, name):
    jobs_before = len(server["queue"].jobs())
    number, message = _train(_client(server), name=name)
    assert number is None and "1 to 64" in message
    assert len(server["queue"].jobs()) == jobs_before
    assert not (server["models"] / "...").exists() and not (REPO_ROOT / "models" / "...").exists()


def test_search_leaves_no_temp_folders(server):
    from stsdemo import apptemp

    system_tmp = Path(tempfile.gettempdir())
    before = set(system_tmp.glob("stsdemo-corpus-*"))
    client = _client(server)
    text = "How do I reset my password?\nWhere is my parcel?\nCan I pay by card?"
    for query in ("password", "parcel", "card"):
        status, _, path = client.predict(text, "minilm", query, 2, -1, "none", api_name="/search")
        assert "result(s)" in status
        assert Path(path["path"] if isinstance(path, dict) else path).resolve().is_relative_to(apptemp.root())
    assert set(system_tmp.glob("stsdemo-corpus-*")) == before
    scratch = apptemp.root() / "sessions"
    assert any(scratch.rglob("search-results.csv"))
    apptemp.end_session(client.session_hash)  # what demo.unload does when the page closes
    assert not any(scratch.glob(f"{client.session_hash}*"))


SERVER_PATHS = ["/etc/passwd", "/etc", "../../etc/passwd", "~/.ssh/id_rsa", str(REPO_ROOT / "app.py")]


@pytest.mark.parametrize("path", SERVER_PATHS)
def test_server_paths_in_every_text_box_are_refused(server, path):
    client = _client(server)
    number, message = _train(client, path, name="p")
    assert number is None and "not accepted" in message
    number, message = _train(client, "stsb:train", eval_spec=path, name="p")
    assert number is None and "not accepted" in message
    with pytest.raises(Exception, match="not in the list of choices"):  # Gradio's own check on a dropdown
        _train(client, "stsb:train", base=path, name="p")
    answers = [message]
    answers.append(client.predict("a\nb", path, "q", 1, -1, "none", api_name="/search")[0])
    answers.append(client.predict("a\nb", "minilm", "q", 1, -1, path, api_name="/search")[0])
    answers.append(client.predict(_pairs([["a", "b"]]), [], path, "none", api_name="/score")[0])
    answers.append(client.predict(path, api_name="/delete_model")[0])
    for answer in answers:
        assert answer.startswith("⚠️"), answer
        assert "root:x:0:0" not in answer
        _no_server_paths(answer)
    assert not any(server["models"].iterdir()) or all(p.name != "p" for p in server["models"].iterdir())


def test_hostile_inputs_get_messages_and_the_app_keeps_serving(server, tmp_path):
    from gradio_client import handle_file

    client = _client(server)
    script = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    status, table, _, _ = client.predict(
        _pairs([[script, "A plain sentence."]]), ["minilm"], "", "none", api_name="/score"
    )
    assert status.startswith("Scored 1 pair")
    assert table["data"][0][0] == script  # returned as text, for the browser to show as text
    status = client.predict(_pairs([["x" * 100_000, "y"]]), ["minilm"], "", "none", api_name="/score")[0]
    assert "limit" in status
    binary = tmp_path / "blob.csv"
    binary.write_bytes(bytes(range(256)) * 64)
    number, message = _train(client, "", upload=handle_file(str(binary)), name="blob")
    assert number, message  # a visitor's own upload is accepted; reading it is the run's job (a message)
    client.predict(number, api_name="/train_stop")
    for job_number in (999_999, -1, 0):
        assert client.predict(job_number, api_name="/train_status").startswith("⚠️")
    status = client.predict("", "minilm", "q", 1, -1, "none", api_name="/search")[0]
    assert status.startswith("⚠️")
    # after all that, light work still answers
    status = client.predict(
        _pairs([["A man plays a guitar.", "A man is playing guitar."]]), ["minilm"], "", "none", api_name="/score"
    )[0]
    assert status.startswith("Scored 1 pair")


def test_space_mode_one_job_per_session_and_foreign_models_hidden(server, monkeypatch):
    monkeypatch.setenv("STSDEMO_PUBLIC", "1")
    alice, bob = _client(server), _client(server)
    first, message = _train(alice, name="alice-space")
    assert first, message
    second, message = _train(alice, name="alice-space-2")
    assert second is None and "already have job" in message
    alice.predict(first, api_name="/train_stop")
    folder = server["models"] / "alice-space"
    assert _wait(lambda: (folder / "owner.json").is_file())
    status = bob.predict(_pairs([["a", "b"]]), [], str(folder), "none", api_name="/score")[0]
    assert "No model" in status
    assert "another session" in bob.predict(str(folder), api_name="/delete_model")[0]
    assert alice.predict(str(folder), api_name="/delete_model")[0] == "Deleted alice-space."


def test_concurrent_clients_do_not_break_the_server(server):
    """Eight sessions score at once while one trains: every answer arrives, none is an error."""
    trainer = _client(server)
    number, _ = _train(trainer, name="busy")
    answers: list[str] = []

    def score():
        answers.append(
            _client(server).predict(
                _pairs([["A dog runs.", "A dog is running."]]), ["minilm"], "", "none", api_name="/score"
            )[0]
        )

    threads = [threading.Thread(target=score) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert len(answers) == 8 and all(a.startswith("Scored 1 pair") for a in answers)
    trainer.predict(number, api_name="/train_stop")
