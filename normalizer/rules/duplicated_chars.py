"""JD320: a run of characters printed twice by the recognition (所盼所盼)."""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Iterable

import regex

from .. import lexicon
from ..resources import load_lines
from .base import Fix, TextRule

REDUPLICATION_FILE = "reduplication.txt"
#: a run of one to four characters followed by itself (the standard library's
#: engine scans this several times faster; the run is checked to be Chinese after)
_REPEAT = re.compile(r"(.{1,4})\1")
#: what every doubled run has: a character printed again one to four places on
#: (a cheaper scan of a page than the run itself)
_TRIGGER = re.compile(r"(.)(?:\1|.\1|..\1|...\1)")
_HAN_RUN = regex.compile(r"\p{Han}+")
_NUMERALS = frozenset("〇零一二三四五六七八九十百千万亿两")
_REACH = 5  # characters of context either side that the readings are compared on

DEFAULTS = {
    # the log-probability a reading must gain by dropping a doubled character
    # (a word's worth: dropping 的 from 目的的 gains about 5, 修 from 检修修 about 9)
    "min_gain": 7.0,
    # score of a suggestion: base + per_gain * (gain - min_gain), at most max
    "score_base": 0.6,
    "score_per_gain": 0.05,
    "score_max": 0.95,
    # a doubled word of two to four characters
    "score_word_run": 0.85,  # the run is a dictionary word (必胜必胜)
    "score_other_run": 0.9,  # it is not (所盼所盼)
    # a doubled character after one of these is likely a given name (王婷婷)
    "surnames": (
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
        "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
        "万钱严覃武戴莫孔向汤"
    ),
}


@lru_cache(maxsize=65536)
def best_split(text: str) -> tuple[float, tuple[str, ...]]:
    """The most probable split of ``text`` into dictionary words under the
    lexicon's unigram model (a character it does not know stands alone):
    (log probability, words)."""
    n = len(text)
    best = [0.0] + [-math.inf] * n
    back = [0] * (n + 1)
    log_total = math.log(lexicon.total())
    freq = lexicon.word_freq
    for i in range(n):
        here = best[i]
        if here == -math.inf:
            continue
        for j in range(i + 1, min(n, i + lexicon.MAX_WORD) + 1):
            count = freq(text[i:j])
            if count <= 0 and j > i + 1:
                continue
            score = here + math.log(count or 1) - log_total
            if score > best[j]:
                best[j] = score
                back[j] = i
    words: list[str] = []
    j = n
    while j > 0:
        i = back[j]
        words.append(text[i:j])
        j = i
    words.reverse()
    return best[n], tuple(words)


def word_spans(words: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of each word of a split."""
    out = []
    pos = 0
    for w in words:
        out.append((pos, pos + len(w)))
        pos += len(w)
    return out


def covering(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """The word span that holds all of ``[start, end)``, or None."""
    for a, b in spans:
        if a <= start and end <= b:
            return a, b
    return None


@lru_cache(maxsize=None)
def _reduplications() -> tuple[frozenset[str], int]:
    words = frozenset(w for line in load_lines(REDUPLICATION_FILE) for w in line.split())
    return words, max((len(w) for w in words), default=0)


class DuplicatedCharacters(TextRule):
    """Suggest removing a run of characters the recognition printed twice.

    What it does: finds a run of one to four Chinese characters followed by
    itself (``所盼所盼``, ``必胜必胜``, ``修修``) and suggests keeping one copy
    when the text reads better without the second: the lexicon's best
    segmentation of the place must gain a word's worth of probability (the
    copy left over is a stray character, not a word of its own).

    Why: a recognition or extraction glitch repeats a character or a word at
    a line or column edge; a reader stumbles, a search misses the phrase.

    Example: ``精准把握职工群众所需所盼所盼`` → ``所需所盼``;
    ``坚定必胜必胜的信心`` → ``坚定必胜的信心``; ``检修修中心`` → ``检修中心``.

    Kept: real reduplication (``常常``, ``看看``, ``研究研究``, ``高高兴兴``,
    ``一次次``, ``一项一项``; the list is ``resources/reduplication.txt``, and
    any doubled run inside a dictionary word the segmentation reads), AABB
    forms whose AB is a word, numbers (``十五五``), a character doubled across
    two words (``工会会员``, ``统一战线部部长``, ``两国国歌``, ``目的的``), a
    doubled character that makes no word on either side (names such as
    ``麦麦提``, ``浪浪山``), and a doubled character after a common surname (a
    given name such as ``王婷婷``).

    Fix safety: suggestion.  The score grows with what the reading gains;
    a doubled word of two or more characters scores high unless listed.
    """

    id = "JD320"
    name = "duplicated-characters"
    summary = "Suggest removing characters the recognition printed twice (所盼所盼)"
    kind = "suggest"
    defaults = DEFAULTS
    order = 140

    def trigger(self):
        return _TRIGGER

    def fixes(self, text: str, block=None) -> Iterable[Fix]:
        return list(self.remembered(text, self._find))

    def _find(self, text: str) -> list[Fix]:
        out: list[Fix] = []
        pos = 0
        while (m := _REPEAT.search(text, pos)) is not None:
            fix = None
            if _HAN_RUN.fullmatch(m.group(1)):
                fix = self._judge(text, m.start(), len(m.group(1)))
            if fix is not None:
                out.append(fix)
                pos = fix.end
            else:
                pos = m.start() + 1  # a shorter or later run may start inside this one
        return out

    def _judge(self, text: str, start: int, size: int) -> Fix | None:
        unit = text[start : start + size]
        mid, end = start + size, start + 2 * size
        listed, longest = _reduplications()
        # a listed reduplication that holds the doubled run
        for a in range(max(0, end - longest), start + 1):
            for b in range(end, min(len(text), a + longest) + 1):
                if text[a:b] in listed:
                    return None
        # AABB: 高高兴兴 (the pair before or after makes a word with this one)
        if size == 1:
            if end + 1 < len(text) and text[end] == text[end + 1] and lexicon.is_word(unit + text[end]):
                return None
            if start >= 2 and text[start - 2] == text[start - 1] and lexicon.is_word(text[start - 1] + unit):
                return None
            if start > 0 and text[start - 1] in self.option("surnames") and not self._stray(text, start, size):
                return None
        if all(c in _NUMERALS for c in unit):
            return None  # numbers: 十五五, 五五
        if unit[0] == "一" or (size == 1 and start > 0 and text[start - 1] == "一"):
            return None  # one by one: 一次次, 一扇扇, 一项一项
        a, b = lexicon.han_window(text, start, end, _REACH)
        window = text[a:b]
        lp, words = best_split(window)
        spans = word_spans(words)
        s, m_, e = start - a, mid - a, end - a
        if covering(spans, s, e) is not None:
            return None  # the doubled run is inside one word: 常常, 源源不断
        bounds = {x for span in spans for x in span}
        if size == 1:
            left = covering(spans, s, m_)
            # a stray copy hangs off the end of a word (检修|修|中心); a copy
            # that begins a word of its own is the next word (部|部长, 两国|国歌)
            if left is None or left[1] - left[0] < 2 or (m_, e) not in spans:
                return None
        elif not {s, m_, e} <= bounds:
            return None  # the copies cut across words: 发展中国家|国家, 支队|支队长
        deduped = window[:m_] + window[e:]
        lp_dedup, words_dedup = best_split(deduped)
        gain = lp_dedup - lp
        if size == 1:
            if gain < self.option("min_gain"):
                return None
            score = self.option("score_base") + self.option("score_per_gain") * (gain - self.option("min_gain"))
        else:
            if gain <= 0:
                return None
            score = self.option("score_word_run") if lexicon.is_word(unit) else self.option("score_other_run")
        score = round(min(score, self.option("score_max")), 3)
        evidence = (
            f"“{unit}” twice in a row; as printed the place reads {'/'.join(words)}, "
            f"with one copy {'/'.join(words_dedup)} (log-probability {gain:+.1f}); "
            f"“{unit * 2}” is not a listed reduplication"
        )
        return Fix(mid, end, "", f"“{unit}” printed twice", score=score, evidence=evidence)

    def _stray(self, text: str, start: int, size: int) -> bool:
        """True when a doubled character after a surname still reads as a
        stray copy: the character before the surname makes a word with it."""
        return start >= 2 and lexicon.is_word(text[start - 2 : start + size])
