"""JD322: a curly quotation mark out of place (炼油厂“通过”数字工会”系统)."""

from __future__ import annotations

import re
from typing import Iterable

import regex

from .. import lexicon
from .base import Fix, TextRule

_MARKS = regex.compile("[“”]")
#: what every fix needs: three marks in a row, “ first and ” last
_TRIGGER = re.compile("“[^“”]*+[“”][^“”]*+”")
#: marks after which a closing quote ends a quotation begun before the block
_SENTENCE_END = frozenset("。！？!?…")

DEFAULTS = {
    # parts of speech (jieba's tags) of words seldom quoted on their own:
    # prepositions, verbs, adverbs, conjunctions, pronouns, particles
    "unquoted_tags": "p v d c r u uj ul uz ug ud",
    # scores: the quote moved past such a word; a stray mark dropped
    "score_move": 0.6,
    "score_drop": 0.45,
    # no quotation is longer than this inside one pair of marks when judging a
    # misplaced one
    "max_reach": 30,
}


class UnbalancedQuotes(TextRule):
    """Suggest where a misplaced curly quotation mark belongs.

    What it does: reads the “ ” marks of a block in order.  Where a closing
    mark follows a pair already closed (``“A”B”``) or an opening mark follows
    one still open (``“A“B”``), one of them is out of place.  When ``A`` is a
    word seldom quoted on its own (a preposition or verb such as ``通过``, by
    its part of speech in jieba's dictionary) and ``B`` is not, the opening
    quote belongs after ``A``: ``“A”B”`` → ``A“B”``.  Otherwise the stray
    mark is dropped: ``“A B”``.

    Why: recognition misreads a stroke or a speck as a quotation mark, or
    places one a word early; the quotes then pair wrongly for the rest of the
    block.

    Example: ``现在，炼油厂“通过”数字工会”系统就能`` →
    ``现在，炼油厂通过“数字工会”系统就能``.

    Kept: an unpaired mark at the edge of a block (a quotation begun in the
    block before, ``…交心。”``, or going on in the next, ``“进入秋季，``); a
    closing mark right after 。！？ that ends a quotation begun before the
    block; straight quotes (JD111 pairs those); quotes farther apart than
    ``max_reach`` characters.

    Fix safety: suggestion.
    """

    id = "JD322"
    name = "unbalanced-quotes"
    summary = "Suggest where a misplaced curly quotation mark belongs (“通过”数字工会” → 通过“数字工会”)"
    kind = "suggest"
    defaults = DEFAULTS
    order = 142

    def trigger(self):
        return _TRIGGER

    def fixes(self, text: str, block=None) -> Iterable[Fix]:
        return list(self.remembered(text, self._find))

    def _find(self, text: str) -> Iterable[Fix]:
        marks = [(m.start(), m.group()) for m in _MARKS.finditer(text)]
        if len(marks) < 3:
            return ()
        out: list[Fix] = []
        reach = self.option("max_reach")
        k = 0
        while k + 2 < len(marks):
            (a, x), (b, y), (c, z) = marks[k], marks[k + 1], marks[k + 2]
            if x == "“" and z == "”" and c - a <= reach and _open_before(marks, k) is False:
                if y == "”" and not (c > 0 and text[c - 1] in _SENTENCE_END):
                    fix = self._extra_closing(text, a, b, c)
                    if fix is not None:
                        out.append(fix)
                        k += 3
                        continue
                elif y == "“":
                    fix = self._extra_opening(text, a, b, c)
                    if fix is not None:
                        out.append(fix)
                        k += 3
                        continue
            k += 1
        return out

    def _unquoted(self, word: str) -> bool:
        """True when ``word`` is a word seldom quoted on its own (a preposition
        or verb such as 通过)."""
        return lexicon.part_of_speech(word) in self.option("unquoted_tags").split()

    def _extra_closing(self, text: str, a: int, b: int, c: int) -> Fix | None:
        """``“A”B”``: the opening quote a word early, or a stray closing one."""
        first, second = text[a + 1 : b], text[b + 1 : c]
        if not first.strip() or not second.strip():
            return None
        seen = f"the marks run “{first}”{second}”: two closing quotes after one opening"
        if self._unquoted(first) and not self._unquoted(second):
            return Fix(
                a,
                b + 1,
                f"{first}“",
                "opening quote a word too early",
                score=self.option("score_move"),
                evidence=f"{seen}; “{first}” is a word seldom quoted alone, “{second}” is not",
            )
        return Fix(
            b,
            b + 1,
            "",
            "stray closing quote",
            score=self.option("score_drop"),
            evidence=f"{seen}; the middle one is taken as stray",
        )

    def _extra_opening(self, text: str, a: int, b: int, c: int) -> Fix | None:
        """``“A“B”``: an opening quote a word early, or a stray opening one."""
        first, second = text[a + 1 : b], text[b + 1 : c]
        if not first.strip() or not second.strip():
            return None
        seen = f"the marks run “{first}“{second}”: two opening quotes before one closing"
        if self._unquoted(first) and not self._unquoted(second):
            return Fix(
                a,
                a + 1,
                "",
                "stray opening quote before a word seldom quoted",
                score=self.option("score_move"),
                evidence=f"{seen}; “{first}” is a word seldom quoted alone, “{second}” is not",
            )
        return Fix(
            b,
            b + 1,
            "",
            "stray opening quote",
            score=self.option("score_drop"),
            evidence=f"{seen}; the second one is taken as stray",
        )


def _open_before(marks: list[tuple[int, str]], k: int) -> bool:
    """Whether a quotation is open just before mark ``k`` (marks before it
    pair up; a closing mark with nothing open, at the start of a block, closes
    a quotation begun in the block before)."""
    depth = 0
    for _, m in marks[:k]:
        if m == "“":
            depth += 1
        elif depth:
            depth -= 1
    return depth > 0
