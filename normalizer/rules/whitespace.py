"""JD101: stray whitespace, zero-width and control characters."""

from __future__ import annotations

import re
from typing import Iterable

import regex

from .base import Fix, TextRule

_INVISIBLE = regex.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad\x00-\x08\x0b-\x1f\x7f-\x9f]+")
_ODD_SPACE = regex.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f]")
_LINE_EDGE = regex.compile(r"[ \t\u3000\u00a0]+(?=\n)|(?<=\n)[ \t\u3000\u00a0]+")
_SPACE_RUN = regex.compile(r"(?<=\S) {2,}(?=\S)")
_CLOSING = "，。、；：！？）》」』”’】"
_OPENING = "（《「『“‘【"
# a space before closing punctuation or after opening punctuation
_SPACE_BY_PUNCT = regex.compile(rf"[ \u3000]+(?=[{_CLOSING}])|(?<=[{_OPENING}])[ \u3000]+")
#: every fix removes or replaces characters of this class (the standard
#: library's engine scans a page for them fastest)
_TRIGGER = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad\x00-\x08\x0b-\x1f\x7f-\x9f\t\u00a0\u2000-\u200a\u202f\u205f \u3000]")
#: beside a space that a fix takes: a space, a line break or such punctuation
_SPACE_AFTER = frozenset(" \u3000\n" + _CLOSING)
_SPACE_BEFORE = frozenset(" \u3000\n" + _OPENING)


class _Finder:
    """Finds what a fix of the rule needs (see :meth:`TextRule.trigger`): any
    character of ``_TRIGGER`` but a plain or ideographic space, or such a
    space beside another space, a line break or punctuation that takes it."""

    @staticmethod
    def search(text: str, pos: int = 0):
        search = _TRIGGER.search
        while (m := search(text, pos)) is not None:
            i = m.start()
            ch = text[i]
            if ch != " " and ch != "\u3000":
                return m
            if text[i + 1 : i + 2] in _SPACE_AFTER or (i and text[i - 1] in _SPACE_BEFORE):
                return m
            pos = i + 1
        return None


class StrayWhitespace(TextRule):
    """Remove stray whitespace, zero-width and control characters.

    What it does: deletes zero-width and control characters; turns tabs and odd
    Unicode spaces into plain spaces; removes spaces at the ends of lines and
    next to full-width punctuation; folds runs of spaces into one.

    Why: extractors leave these behind at column edges; they are invisible to
    the editor but break searching, joining and counting.

    Example: ``工作 。`` becomes ``工作。``; ``白天鹅\u200b、褐马鸡`` becomes ``白天鹅、褐马鸡``.

    Kept: a single space between words, as in headline halves
    (``干部“沉”下去 服务“实”起来``) and lists of names (``本报记者 刘建林 李彦斌``).

    Fix safety: automatic.
    """

    id = "JD101"
    name = "stray-whitespace"
    summary = "Remove stray spaces, zero-width and control characters"
    order = 100

    def trigger(self):
        return _Finder

    def fixes(self, text: str, block=None) -> Iterable[Fix]:
        taken: list[Fix] = []
        for m in _INVISIBLE.finditer(text):
            taken.append(Fix(m.start(), m.end(), "", "invisible or control character"))
        for m in _ODD_SPACE.finditer(text):
            taken.append(Fix(m.start(), m.end(), " ", "tab or odd space to a plain space"))
        for m in _LINE_EDGE.finditer(text):
            taken.append(Fix(m.start(), m.end(), "", "space at a line end"))
        for m in _SPACE_BY_PUNCT.finditer(text):
            taken.append(Fix(m.start(), m.end(), "", "space beside full-width punctuation"))
        for m in _SPACE_RUN.finditer(text):
            taken.append(Fix(m.start(), m.end(), " ", "run of spaces"))
        return _without_overlaps(taken)


def _without_overlaps(fixes: list[Fix]) -> list[Fix]:
    fixes.sort(key=lambda f: (f.start, -(f.end - f.start)))
    out: list[Fix] = []
    end = -1
    for fix in fixes:
        if fix.start >= end:
            out.append(fix)
            end = fix.end
    return out
