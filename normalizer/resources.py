"""Where the editable data lives: patterns, word lists and rule defaults.

In a source checkout that is the top-level ``resources/`` folder; an installed
wheel carries the same files as ``normalizer/_resources``.  ``JIAODUI_RESOURCES``
points elsewhere for an editor who keeps their own copy.
"""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path


def resource_dir() -> Path:
    override = os.environ.get("JIAODUI_RESOURCES")
    if override:
        return Path(override)
    here = Path(__file__).resolve().parent
    packaged = here / "_resources"
    if packaged.is_dir():
        return packaged
    return here.parent / "resources"


def resource_path(name: str) -> Path:
    return resource_dir() / name


@lru_cache(maxsize=None)
def load_toml(name: str) -> dict:
    with open(resource_path(name), "rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=None)
def load_lines(name: str) -> tuple[str, ...]:
    """Lines of a word list: blank lines and ``#`` comments are skipped."""
    out: list[str] = []
    with open(resource_path(name), encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if line:
                out.append(line)
    return tuple(out)
