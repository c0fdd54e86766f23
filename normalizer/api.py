"""Short entry points for scripts, tests and the editor."""

from __future__ import annotations

from typing import Mapping

from .config import Config
from .engine import normalise_issue
from .model import Issue, Page, Status
from .reading import normalise_newlines
from .textview import issue_text


def issue_from_text(raw: str, name: str = "text", source: str = "<text>") -> Issue:
    """An issue made of one raw text; form feeds separate its pages."""
    parts = normalise_newlines(raw).split("\f")
    pages = [Page(number=i + 1, source=source, encoding="utf-8", raw=part) for i, part in enumerate(parts)]
    return Issue(name=name, pages=pages)


def normalise_text(
    raw: str,
    config: Config | None = None,
    decisions: Mapping[str, Status | str] | None = None,
) -> str:
    """Normalise raw text and return the corrected text (pages split by form feeds)."""
    issue = normalise_issue(issue_from_text(raw), config, decisions)
    return issue_text(issue)
