"""JD321: a character the recognition took for its look-alike (人会 for 入会)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import regex

from .. import lexicon
from ..resources import load_toml
from .base import Fix, TextRule
from .duplicated_chars import best_split, covering, word_spans

TABLE_FILE = "lookalikes.toml"
_HAN_RUN = regex.compile(r"\p{Han}+")
_REACH = 4  # characters either side the two readings are compared on


@dataclass(frozen=True)
class _Table:
    others: dict[str, str]  # character → the characters it may stand for
    misspelled: dict[str, str]  # printed word → meant word
    finder: regex.Pattern  # any character or misspelled word of the table
    trigger: re.Pattern | regex.Pattern  # what finds the blocks holding any of them, to scan a page with
    word_bonus: float
    context_bonus: float
    min_points: float
    min_points_lexicon: float
    score_base: float
    score_per_point: float
    score_max: float
    score_max_lexicon: float
    score_misspelled: float


@lru_cache(maxsize=4)
def table(name: str = TABLE_FILE) -> _Table:
    data = load_toml(name)
    others: dict[str, str] = {}
    for group in data.get("pairs", []):
        for c in group:
            others[c] = others.get(c, "") + "".join(o for o in group if o != c and o not in others.get(c, ""))
    for group in data.get("one_way", []):
        seen, meant = group[0], group[1:]
        others[seen] = others.get(seen, "") + "".join(o for o in meant if o not in others.get(seen, ""))
    misspelled = dict(data.get("misspelled", {}))
    words = sorted(misspelled, key=len, reverse=True)
    alternatives = [regex.escape(w) for w in words]
    if others:
        alternatives.append("[" + regex.escape("".join(others)) + "]")
    points, score = data.get("points", {}), data.get("score", {})
    pattern = "|".join(alternatives) or r"(?!)"
    # a page is scanned for the blocks to look at: a misspelled word holding
    # a character of the pairs (自已: 已) is in a block that character finds,
    # so the scan needs only the character class and the other words (a
    # class alone is several times faster to scan for than an alternation)
    scan = [regex.escape(w) for w in words if "\n" in w or not any(c in others for c in w)]
    if others:
        scan.append("[" + regex.escape("".join(others)) + "]")
    scan_pattern = "|".join(scan) or r"(?!)"
    try:  # the standard library's engine scans a page faster
        trigger = re.compile(scan_pattern)
    except re.error:  # pragma: no cover - what regex.escape writes, re reads
        trigger = regex.compile(scan_pattern)
    return _Table(
        others=others,
        misspelled=misspelled,
        finder=regex.compile(pattern),
        trigger=trigger,
        word_bonus=float(points.get("word_bonus", 2.0)),
        context_bonus=float(points.get("context_bonus", 4.0)),
        min_points=float(points.get("min_points", 1.0)),
        min_points_lexicon=float(points.get("min_points_lexicon", 6.0)),
        score_base=float(score.get("base", 0.3)),
        score_per_point=float(score.get("per_point", 0.08)),
        score_max=float(score.get("max", 0.9)),
        score_max_lexicon=float(score.get("max_lexicon", 0.8)),
        score_misspelled=float(score.get("misspelled", 0.85)),
    )


@lru_cache(maxsize=65536)
def _near_word(left: str, right: str, other: str) -> bool:
    """Whether ``other`` between ``left`` and ``right`` (two characters each at
    most) makes a dictionary word with one or two of them."""
    is_word = lexicon.is_word
    return (
        (bool(left) and is_word(left[-1] + other))
        or (bool(right) and is_word(other + right[0]))
        or (len(left) == 2 and is_word(left + other))
        or (len(right) == 2 and is_word(other + right))
        or (bool(left) and bool(right) and is_word(left[-1] + other + right[0]))
    )


class LookAlikeCharacters(TextRule):
    """Suggest the look-alike of a character where the dictionary reads it better.

    What it does: for each character of a look-alike pair (人/入, 己/已/巳,
    未/末, 土/士, 日/曰, 戍/戌/戊, 拨/拔, 侯/候…, in
    ``resources/lookalikes.toml``) that stands alone as printed (it is part of
    no dictionary word there), it reads the place again with the other
    character.  The other reading earns points for the probability it gains
    in the lexicon's segmentation, for making a dictionary word (``入会``),
    and for being printed elsewhere in the same block while the printed one
    is not (a block that says ``加入工会`` once and ``人工会`` once); enough
    points make a suggestion.  Words the dictionary itself lists with a
    look-alike misspelling (``自已``, ``时侯``) are suggested when the place
    reads them as words.

    Why: recognition swaps characters that differ by a stroke; the result is
    still a character, so nothing else flags it.

    Example: ``工作机制推动人会的成果之一`` (with ``建会入会`` in the same
    block) → ``推动入会的成果``; ``他己经来了`` → ``他已经来了``.

    Kept: a character that is part of a word as printed (``人工智能``,
    ``动人``, ``有人会说``); a printed ``日`` (only ``曰`` is suggested as
    ``日``, not the other way); a reading that gains too little.

    Fix safety: suggestion.  Lexicon-only readings of common characters score
    low; a word made and a reading confirmed elsewhere in the block score
    higher; ``score`` in ``resources/lookalikes.toml``.
    """

    id = "JD321"
    name = "look-alike-characters"
    summary = "Suggest the look-alike of a character where the dictionary reads it better (人会 → 入会)"
    kind = "suggest"
    order = 141

    def _table(self) -> _Table:
        return table(self.options.get("table", TABLE_FILE))

    def trigger(self):
        return self._table().trigger

    def fixes(self, text: str, block=None) -> Iterable[Fix]:
        return list(self.remembered(text, self._find))

    def _find(self, text: str) -> list[Fix]:
        t = self._table()
        others, near = t.others, _near_word
        out: list[Fix] = []
        for m in t.finder.finditer(text):
            found = m.group()
            i = m.start()
            if len(found) > 1:
                fix = self._misspelled(text, i, found, t)
            else:
                # what _swap looks at first, without its cost: the place is
                # passed over when no other reading is printed in the block
                # and none makes a word with a neighbour
                left, right = text[max(0, i - 2) : i], text[i + 1 : i + 3]
                for other in others.get(found, ""):
                    if other in text or near(left, right, other):
                        break
                else:
                    continue
                fix = self._swap(text, i, t)
            if fix is not None:
                out.append(fix)
        return out

    def _misspelled(self, text: str, i: int, word: str, t: _Table) -> Fix | None:
        meant = t.misspelled[word]
        a, b = lexicon.han_window(text, i, i + len(word), _REACH)
        window = text[a:b]
        k = i - a
        _, words = best_split(window)
        if lexicon.is_word(word) and (k, k + len(word)) not in word_spans(words):
            return None  # read otherwise here: 各自|已经
        _, words2 = best_split(window[:k] + meant + window[k + len(word) :])
        if covering(word_spans(words2), k, k + len(meant)) is None:
            return None
        n = next((n for n, (x, y) in enumerate(zip(word, meant)) if x != y), 0)
        return Fix(
            i + n,
            i + n + 1,
            meant[n],
            f"“{word}” is a misspelling of “{meant}”",
            score=t.score_misspelled,
            evidence=f"“{word}” is a look-alike misspelling of “{meant}”; "
            f"as printed the place reads {'/'.join(words)}, corrected {'/'.join(words2)}",
        )

    def _swap(self, text: str, i: int, t: _Table) -> Fix | None:
        printed = text[i]
        found = {o: self._confirmed(text, i, o) for o in t.others.get(printed, "")}
        if not any(found.values()) and not any(self._near_word(text, i, o) for o in found):
            return None  # the other character makes no word here and is not printed elsewhere
        a, b = lexicon.han_window(text, i, i + 1, _REACH)
        window = text[a:b]
        k = i - a
        lp, words = best_split(window)
        spans = word_spans(words)
        own = covering(spans, k, k + 1)
        if own is None or own[1] - own[0] > 1:
            return None  # part of a word as printed
        best: tuple[float, str, str, float] | None = None
        for other, confirmed in found.items():
            swapped = window[:k] + other + window[k + 1 :]
            lp2, words2 = best_split(swapped)
            gain = lp2 - lp
            # what the characters' own frequencies explain is no evidence
            prior = math.log(max(lexicon.word_freq(other), 1) / max(lexicon.word_freq(printed), 1))
            points = gain - prior
            seen = [
                f"as printed the place reads {'/'.join(words)}, with “{other}” {'/'.join(words2)} "
                f"(log-probability {gain:+.1f}, {points:+.1f} beyond the characters' own frequencies)"
            ]
            span2 = covering(word_spans(words2), k, k + 1)
            made = span2 is not None and span2[1] - span2[0] > 1
            if made:
                points += t.word_bonus
                seen.append(f"“{other}” makes the word {swapped[span2[0]:span2[1]]}")
            if confirmed:
                points += t.context_bonus
                seen.append(f"“{confirmed}” is printed elsewhere in the block")
                cap, enough = t.score_max, points >= t.min_points
            else:
                cap, enough = t.score_max_lexicon, made and points >= t.min_points_lexicon
            if enough and (best is None or points > best[0]):
                best = (points, other, "; ".join(seen), cap)
        if best is None:
            return None
        points, other, evidence, cap = best
        score = round(min(t.score_base + t.score_per_point * points, cap), 3)
        return Fix(i, i + 1, other, f"“{printed}” for its look-alike “{other}”", score=score, evidence=evidence)

    @staticmethod
    def _near_word(text: str, i: int, other: str) -> bool:
        """A quick look before segmenting: does ``other`` make a dictionary word
        with one or two neighbours?"""
        return _near_word(text[max(0, i - 2) : i], text[i + 1 : i + 3], other)

    @staticmethod
    def _confirmed(text: str, i: int, other: str) -> str:
        """The other reading of the place (the swapped character and one or
        two neighbours) when it is printed elsewhere in ``text``; '' otherwise."""
        if other not in text:
            return ""
        for before, after in ((0, 2), (0, 1), (1, 0), (2, 0)):
            lo, hi = i - before, i + 1 + after
            if lo < 0 or hi > len(text) or _HAN_RUN.fullmatch(text, lo, hi) is None:
                continue
            swapped = text[lo:i] + other + text[i + 1 : hi]
            if swapped in text:
                return swapped
        return ""
