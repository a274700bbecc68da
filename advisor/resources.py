"""Where the data shipped with the code lives: the one locator of ``corpus/`` and ``prompts/``.

Both folders stay at the top of the repository; a wheel carries them inside the package, as
``advisor/corpus`` and ``advisor/prompts`` (package data, mapped in ``setup.py``). ``shipped()`` finds
them with ``importlib.resources`` in either layout. The settings ``paths.corpus_dir`` and
``paths.prompts_dir`` default to what it finds and override it; every module reads its files through
those settings, so moving a folder moves everything in it (the rules with the corpus, ``composer.yaml``
with the prompts). Only ``advisor/settings.py`` calls this module.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Literal

Shipped = Literal["corpus", "prompts"]


def package_dir() -> Path:
    """The installed ``advisor`` package folder (a wheel's site-packages/advisor, or a checkout's advisor/)."""
    return Path(str(files("advisor")))  # a regular package on disk (wheels are installed unpacked)


def checkout_root() -> Path | None:
    """The repository root when the package runs from a source checkout (or its editable install), else None."""
    root = package_dir().parent
    return root if (root / "pyproject.toml").is_file() and (root / "corpus").is_dir() else None


def shipped(name: Shipped) -> Path:
    """The shipped folder ``name``: package data in a wheel, the repository's top-level folder in a checkout."""
    inside = files("advisor").joinpath(name)
    if inside.is_dir():
        return Path(str(inside))
    root = checkout_root()
    return root / name if root is not None else Path(str(inside))  # missing: the reader names the path
