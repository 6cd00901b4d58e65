"""The rules behind the app's safety, called directly: the path gate, ownership, the temp folder, threads."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from stsdemo import apptemp, gate
from stsdemo.owners import ADMIN, LOCAL, Visitor, claim, expired, owner_of
from stsdemo.paths import ASSETS, REPO_ROOT


@pytest.mark.parametrize("spec", ["stsb:train", "stsb:test", "snli-zh:dev, cmnli:dev", "wiki1m:train"])
def test_catalogue_names_pass_the_gate(spec):
    assert gate.dataset_spec(spec) == spec.replace(" ", "")


@pytest.mark.parametrize(
    "value", ["/etc/passwd", "stsb", "stsb:nope", "../shared/data/en/stsb/x.tsv", "C:\\x", "", "stsb:train,/etc/passwd"]
)
def test_anything_else_is_refused(value):
    with pytest.raises(gate.Refused):
        gate.dataset_spec(value)


def test_only_files_in_the_upload_cache_count_as_uploads(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    (cache / "abc").mkdir(parents=True)
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(cache))
    upload = cache / "abc" / "pairs.tsv"
    upload.write_text("a\tb\t1\n", encoding="utf-8")
    assert gate.uploaded_file(str(upload)) == upload.resolve()
    outside = tmp_path / "private.tsv"
    outside.write_text("secret", encoding="utf-8")
    link = cache / "abc" / "link.tsv"
    link.symlink_to(outside)
    for bad in (str(outside), str(link), str(cache / "abc" / ".." / ".." / "private.tsv"), "/etc/passwd"):
        with pytest.raises(gate.Refused) as err:
            gate.uploaded_file(bad)
        assert "secret" not in str(err.value) and str(tmp_path) not in str(err.value)


def test_presets_must_be_shipped_files():
    assert gate.preset(ASSETS / "corpus" / "faq-en.jsonl").is_file()
    for bad in ("/etc/passwd", ASSETS / ".." / "app.py", ASSETS):
        with pytest.raises(gate.Refused):
            gate.preset(bad)


@pytest.mark.parametrize("name", ["a", "my-model", "v1.2_final", "A" * 64])
def test_good_model_names(name):
    assert gate.model_name(name) == name


@pytest.mark.parametrize("name", ["", ".", "..", "...", ".x", "a/b", "a b", "x" * 65, "名字", "a\\b"])
def test_bad_model_names(name):
    with pytest.raises(gate.Refused, match="1 to 64"):
        gate.model_name(name)


def test_redact_hides_server_folders():
    message = f"[Errno 36] File name too long: '{REPO_ROOT / 'models' / 'x'}' and {Path.home() / 'secret'}"
    shown = gate.redact(message)
    assert str(REPO_ROOT) not in shown and str(Path.home()) + "/" not in shown
    assert "models/x" in shown


def test_ownership_rules(tmp_path, monkeypatch):
    monkeypatch.delenv("SPACE_ID", raising=False)
    monkeypatch.setenv("STSDEMO_PUBLIC", "0")
    alice, bob = Visitor.of("alice"), Visitor.of("bob")
    assert alice.owner != bob.owner and "alice" not in alice.owner  # a hash, not the session id
    mine, unowned = tmp_path / "mine", tmp_path / "cli"
    mine.mkdir()
    unowned.mkdir()
    claim(mine, alice.owner)
    assert owner_of(mine) == alice.owner and owner_of(unowned) is None
    assert alice.may_delete_model(mine) and not bob.may_delete_model(mine) and ADMIN.may_delete_model(mine)
    assert bob.may_see_model(mine)  # outside Space mode models are shared for use
    assert bob.may_delete_model(unowned) and LOCAL.may_delete_model(mine)
    monkeypatch.setenv("STSDEMO_PUBLIC", "1")
    assert not bob.may_see_model(mine) and alice.may_see_model(mine) and bob.may_see_model(unowned)
    assert not bob.may_delete_model(unowned) and ADMIN.may_delete_model(unowned)
    assert not expired(mine, 3600) and expired(mine, 3600, now=time.time() + 7200) and not expired(unowned, 0)


def test_space_mode_follows_space_id(monkeypatch):
    from stsdemo.owners import public_mode

    monkeypatch.delenv("STSDEMO_PUBLIC", raising=False)
    monkeypatch.setenv("SPACE_ID", "someone/sts-lab")
    assert public_mode()
    monkeypatch.setenv("STSDEMO_PUBLIC", "0")
    assert not public_mode()


def test_admin_token_needs_the_variable(monkeypatch):
    from stsdemo.owners import admin_token_ok

    monkeypatch.delenv("STSDEMO_ADMIN_TOKEN", raising=False)
    assert not admin_token_ok("") and not admin_token_ok("anything")
    monkeypatch.setenv("STSDEMO_ADMIN_TOKEN", "s3cret")
    assert admin_token_ok("s3cret") and not admin_token_ok("s3cre") and not admin_token_ok(None)


def test_prune_removes_old_files_then_oldest_until_under_the_limit(tmp_path):
    now = time.time()
    files = []
    for i, age in enumerate([10_000, 50, 40, 30, 20]):
        path = tmp_path / "sub" / f"f{i}.bin"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"0" * 1000)
        os.utime(path, (now - age, now - age))
        files.append(path)
    assert apptemp.prune(limit=2500, age=3600, now=now, folder=tmp_path) == 3
    assert [p.exists() for p in files] == [False, False, False, True, True]
    apptemp.prune(limit=10**12, age=0, now=now + 100, folder=tmp_path)
    assert not any(p.exists() for p in files) and not (tmp_path / "sub").exists()


def test_session_scratch_is_deleted_with_the_session():
    path = apptemp.scratch_file("session123", "results.csv")
    path.write_text("x", encoding="utf-8")
    assert path.resolve().is_relative_to(apptemp.root())
    apptemp.end_session("session123")
    assert not path.exists()


def test_thread_limit_stays_in_its_thread():
    """A worker's torch thread count does not leak into the caller or into threads made later."""
    import torch

    from stsdemo.threads import limit_this_thread, small_work

    before = torch.get_num_threads()
    assert small_work(torch.get_num_threads) == 1
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(lambda: (limit_this_thread(1), torch.get_num_threads())[1]).result() == 1
    assert torch.get_num_threads() == before
    seen = []
    later = threading.Thread(target=lambda: seen.append(torch.get_num_threads()))
    later.start()
    later.join()
    assert seen == [before]
