"""Jiaodui's normalizer: pure Python, no Qt.

Read raw newspaper pages, apply explainable rules, and write cleaned issues.
"""

from .config import Config
from .engine import normalise_issue
from .model import Article, Block, Change, Issue, Page, Role, Status, Suggestion
from .sourced import SourcedText, Span

__all__ = [
    "Article",
    "Block",
    "Change",
    "Config",
    "Issue",
    "Page",
    "Role",
    "SourcedText",
    "Span",
    "Status",
    "Suggestion",
    "normalise_issue",
]
