"""The docs stay true to the code: every setting and every CLI command is documented."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from pydantic import BaseModel

from advisor.cli import build_parser
from advisor.settings import Settings

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _variables() -> list[str]:
    """ADVISOR_* names of every settings field (sections joined with one underscore)."""
    names = []
    for name, field in Settings.model_fields.items():
        section = field.annotation
        if isinstance(section, type) and issubclass(section, BaseModel):
            names += [f"ADVISOR_{name}_{sub}".upper() for sub in section.model_fields]
        else:
            names.append(f"ADVISOR_{name}".upper())
    return names


@pytest.mark.parametrize("variable", _variables())
def test_every_setting_is_in_the_configuration_doc(variable: str) -> None:
    assert f"`{variable}`" in (DOCS / "configuration.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    parser = build_parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return sorted(actions[0].choices)


@pytest.mark.parametrize("command", _commands())
def test_every_cli_command_is_in_the_cli_doc(command: str) -> None:
    assert f"| `{command}" in (DOCS / "cli.md").read_text(encoding="utf-8")  # a row of the commands table
