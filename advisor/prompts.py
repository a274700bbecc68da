"""Prompt files in ``prompts/``, rendered strictly: a missing variable is an error, not an empty string."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound, meta

from advisor.errors import ConfigError
from advisor.settings import get_settings


@lru_cache(maxsize=4)
def _environment(folder: Path) -> Environment:
    return Environment(loader=FileSystemLoader(str(folder)), undefined=StrictUndefined, keep_trailing_newline=True)


def prompts_dir() -> Path:
    return get_settings().paths.prompts_dir


def render(name: str, folder: Path | None = None, **variables: Any) -> str:
    env = _environment(folder or prompts_dir())
    try:
        return env.get_template(name).render(**variables)
    except TemplateNotFound as exc:
        raise ConfigError(f"Prompt file missing: prompts/{name}", hint="restore prompts/ from the repository") from exc


def variables_of(name: str, folder: Path | None = None) -> set[str]:
    """The variables a prompt file uses (tests check each renders with exactly these)."""
    env = _environment(folder or prompts_dir())
    assert env.loader is not None
    source = env.loader.get_source(env, name)[0]
    return set(meta.find_undeclared_variables(env.parse(source)))
