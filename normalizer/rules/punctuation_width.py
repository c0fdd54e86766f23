"""JD110: ASCII , : ; ! ? ( ) in Chinese text to full-width.

The character classes and protected spans defined here (:class:`CharClasses`,
:func:`char_classes`) are shared with JD111 (quotation marks) and JD112
(ellipsis); all three read ``resources/punctuation.toml``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

import regex

from ..resources import load_toml
from .base import Fix, TextRule

TABLE_FILE = "punctuation.toml"

_HAN = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
_SPACE = frozenset(" \t\n\r\u00a0")

#: what each context class stands for, in evidence strings
CLASS_NAMES = {
    "H": "Han character",
    "P": "Chinese punctuation",
    "N": "digit",
    "U": "number sign (%)",
    "A": "Latin letter",
    "S": "symbol",
    "E": "block edge",
}
CHINESE_CLASSES = frozenset("HP")


class CharClasses:
    """Context classes of characters and the spans no punctuation rule touches.

    See the comment at the top of ``resources/punctuation.toml`` for the
    classes (H, P, N, U, A, S, E).
    """

    def __init__(self, data: dict) -> None:
        classes = data.get("classes", {})
        parts = [regex.escape(c) for c in classes.get("chinese_punctuation", "")]
        parts += [f"{regex.escape(a)}-{regex.escape(b)}" for a, b in classes.get("chinese_punctuation_ranges", [])]
        punct = "".join(parts) or r"\u3000"
        self.punctuation = regex.compile(f"[{punct}]")
        #: a Han character or Chinese punctuation anywhere
        self.chinese = regex.compile(rf"[\p{{Han}}\p{{Hiragana}}\p{{Katakana}}{punct}]")
        self.number_suffixes = frozenset(classes.get("number_suffixes", ""))
        self.transparent = frozenset(classes.get("transparent", ""))
        protect = data.get("protect", {})
        addresses = protect.get("addresses", [])
        exact = protect.get("exact", [])
        self._addresses = regex.compile("|".join(f"(?:{p})" for p in addresses)) if addresses else None
        self._exact = regex.compile("|".join(f"(?:{p})" for p in exact)) if exact else None
        self._trailing = frozenset(protect.get("trailing", ""))
        self._hints = tuple(protect.get("hints", ()))
        self._cache: dict[str, str] = {}

    def cls(self, ch: str) -> str:
        """The context class of one character (H, P, N, U, A or S)."""
        found = self._cache.get(ch)
        if found is None:
            if _HAN.match(ch):
                found = "H"
            elif self.punctuation.match(ch):
                found = "P"
            elif "0" <= ch <= "9":
                found = "N"
            elif ch in self.number_suffixes:
                found = "U"
            elif ch.isalpha():
                found = "A"
            else:
                found = "S"
            self._cache[ch] = found
        return found

    def look(self, chars, i: int, step: int, transparent: bool = True) -> str:
        """Class of the nearest character from ``chars[i + step]`` on, walking by
        ``step`` (-1 left, +1 right).  White space is skipped and makes the class
        lower case; ``None`` items (characters already removed) are skipped;
        with ``transparent`` the characters listed as transparent are too."""
        n = len(chars)
        j = i + step
        if 0 <= j < n:  # the common case: a plain neighbour
            ch = chars[j]
            if ch is not None and ch not in _SPACE and (not transparent or ch not in self.transparent):
                found = self._cache.get(ch)
                return found if found is not None else self.cls(ch)
        spaced = False
        skip = self.transparent if transparent else ()
        while 0 <= j < n:
            ch = chars[j]
            if ch is not None:
                if ch in _SPACE:
                    spaced = True
                elif ch not in skip:
                    c = self.cls(ch)
                    return c.lower() if spaced else c
            j += step
        return "e" if spaced else "E"

    def protected(self, text: str) -> bytearray | None:
        """A mask with 1 at every character inside a web address, an e-mail
        address or an HTML entity; None when there are none."""
        if self._hints and not any(h in text for h in self._hints):
            return None
        mask = None
        if self._addresses is not None:
            for m in self._addresses.finditer(text):
                start, end = m.span()
                while end > start:
                    last = text[end - 1]
                    if last in self._trailing or (
                        last == ")" and text.count("(", start, end) < text.count(")", start, end)
                    ):
                        end -= 1
                    else:
                        break
                if end > start:
                    if mask is None:
                        mask = bytearray(len(text))
                    mask[start:end] = b"\x01" * (end - start)
        if self._exact is not None:
            for m in self._exact.finditer(text):
                if mask is None:
                    mask = bytearray(len(text))
                mask[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
        return mask


def anticipate_later_rules(text: str, work: list, quotes: bool) -> bool:
    """Write into ``work`` (the characters of ``text``, ``None`` for removed
    ones) what the later punctuation rules will certainly make of them: with
    ``quotes``, straight quotes that JD111 pairs become curly; dots that JD112
    turns into an ellipsis become ``…``.  The rules read their context from
    ``work``, so a block reads the same before and after those rules ran and
    the pipeline as a whole stays idempotent.  Returns whether anything new
    was written."""
    from .ellipsis import Ellipsis
    from .quotes import QuotationMarks

    changed = False
    view = None
    if quotes and ('"' in text or "'" in text):
        view = "".join(" " if ch is None else ch for ch in work)
        for fix in QuotationMarks().fixes(view):
            if fix.score is None and work[fix.start] in ("\"", "'"):
                work[fix.start] = fix.replacement
                changed = True
    ellipsis = Ellipsis()
    if ellipsis.may_apply(text):
        if view is None or changed:
            view = "".join(" " if ch is None else ch for ch in work)
        for fix in ellipsis.fixes(view):
            if fix.score is None:
                for j in range(fix.start, fix.end):
                    ch = work[j]
                    if ch is not None and ch not in _SPACE and ch != "…":
                        work[j] = "…"
                        changed = True
    return changed


def describe(cls: str, side: str) -> str:
    """``"digit before"``, ``"a space and a Han character after"``."""
    name = CLASS_NAMES[cls.upper()]
    if cls.islower():
        return f"{name} and a space {side}" if side == "before" else f"a space and a {name} {side}"
    return f"{name} {side}"


@lru_cache(maxsize=None)
def char_classes() -> CharClasses:
    return CharClasses(load_toml(TABLE_FILE))


class _WidthTable:
    def __init__(self, data: dict) -> None:
        width = data["width"]
        self.marks: dict[str, str] = dict(width["marks"])
        self.absorb_before = frozenset(width.get("absorb_space_before", ""))
        self.absorb_after = frozenset(width.get("absorb_space_after", ""))
        self.unpaired_score = float(width.get("unpaired_parenthesis_score", 0.6))
        self.context: dict[str, dict[str, object]] = {
            mark: dict(table) for mark, table in width.get("context", {}).items()
        }
        for mark, table in self.context.items():
            for key, value in table.items():
                if not (value in ("fix", "keep") or (isinstance(value, (int, float)) and 0 <= value <= 1)):
                    raise ValueError(
                        f"{TABLE_FILE}: width.context.{mark!r}.{key}: {value!r} is not fix, keep or a score"
                    )
        self.mark_re = regex.compile("[" + "".join(regex.escape(m) for m in self.marks) + "]")
        #: the same, for scanning a whole page (the standard library's engine is faster at it)
        self.trigger = re.compile("[" + "".join(re.escape(m) for m in self.marks) + "]")
        self._decisions: dict[tuple[str, str, str], object] = {}
        #: marks that are certain between Han and Han or Chinese punctuation
        self.simple_marks = frozenset(
            m
            for m in self.marks
            if m not in "()" and self.decide(m, "H", "H") == "fix" and self.decide(m, "H", "P") == "fix"
        )
        self.point_re = regex.compile("[" + "".join(regex.escape(m) for m in self.marks if m not in "()") + "]")
        self.simple_re = None  # set by char classes, see _width_table()

    def decide(self, mark: str, left: str, right: str):
        """"fix", "keep" or a score for ``mark`` between classes ``left`` and ``right``."""
        key = (mark, left, right)
        found = self._decisions.get(key)
        if found is None:
            found = self._decisions[key] = self._lookup(mark, left, right)
        return found

    def _lookup(self, mark: str, left: str, right: str):
        table = self.context.get(mark)
        if not table:
            return "keep"
        key = left + right
        upper = key.upper()
        for k in (key, upper, upper[0] + "*", "*" + upper[1], "**"):
            if k in table:
                return table[k]
        return "keep"


@lru_cache(maxsize=None)
def _width_table() -> _WidthTable:
    table = _WidthTable(load_toml(TABLE_FILE))
    simple = "".join(regex.escape(m) for m in sorted(table.simple_marks))
    han = r"[\p{Han}\p{Hiragana}\p{Katakana}]"
    chinese = char_classes().chinese.pattern
    table.simple_re = regex.compile(f"(?<={han})[{simple}](?={chinese})" if simple else r"(?!)")
    return table


_MARK_NAMES = {
    ",": "comma",
    ":": "colon",
    ";": "semicolon",
    "!": "exclamation mark",
    "?": "question mark",
    "(": "parenthesis",
    ")": "parenthesis",
}
_NOTES = {mark: f"ASCII {name} in Chinese text" for mark, name in _MARK_NAMES.items()}
_PARENS = regex.compile(r"[()（）]")


@lru_cache(maxsize=8192)
def _mark_fix(at: int, mark: str) -> Fix:
    """The certain fix of the ASCII ``mark`` at ``at``.  Fixes are values: the
    same one serves every block with a mark there (pages of ASCII
    punctuation have hundreds, and making each anew is most of the work)."""
    return Fix(at, at + 1, _width_table().marks[mark], _NOTES[mark])


class PunctuationWidth(TextRule):
    """Turn ASCII ``, : ; ! ? ( )`` in Chinese text into full-width marks.

    What it does: an ASCII comma, colon, semicolon, exclamation or question
    mark with Chinese on the relevant side becomes ``， ： ； ！ ？``; a pair of
    ASCII parentheses whose content or surroundings are Chinese becomes
    ``（ ）``.  Plain spaces next to a converted mark go with it (not after
    ``！ ？ ）``, where a space may separate the halves of a headline).  What
    decides is the nearest character on each side, read against the context
    tables in ``resources/punctuation.toml``.  Straight quotes are looked
    through, and quotes and dots that JD111 and JD112 will convert count as the
    Chinese marks they become, so running the three rules again changes nothing.

    Why: GB/T 15834-2011 wants full-width punctuation in Chinese text; several
    extractors and input methods produce ASCII marks instead.

    Example: ``今年初,定西市总工会`` → ``今年初，定西市总工会``;
    ``江苏:今年底`` → ``江苏：今年底``; ``乡镇(街道)`` → ``乡镇（街道）``;
    ``如何实现?`` → ``如何实现？``; ``时间:9:30`` → ``时间：9:30``;
    ``发展新会员1139,其中`` → ``发展新会员1139，其中`` (a thousands separator
    always has digits after it, so a comma between a digit and a Han character
    is certain); ``增长9.7%,3D打印`` → ``增长9.7%，3D打印``.

    Kept: numbers, times and ratios (``1,000``, ``9:30``, ``12:51``, ``比分3:2``,
    where a full-width colon would be wrong), web and e-mail addresses, HTML
    entities, Latin phrases (``Hello, world``), and parentheses glued to a Latin
    word or number (``f(x)``) or standing in Latin text.  Numbered items
    ``(1)`` in Chinese text are converted, as GB/T 15834 writes ``（1）``.

    Suggested (left as it is, for the editor): a mark whose context is not
    clear, such as a colon between a digit and a Han character (``方案2:加快``:
    a label, or a time cut short), a comma or colon after a Latin word followed
    by a space and Chinese (``Hello, 世界``), a mark at the end of a block after
    a number, ``!`` after a Latin word (``Yahoo!``), and a parenthesis whose
    partner is not in the block (``本报讯(记者张种`` cut at a column edge).

    Fix safety: automatic for the certain contexts; suggestions otherwise.
    """

    id = "JD110"
    name = "punctuation-width"
    summary = "ASCII , : ; ! ? ( ) in Chinese text to full-width"
    order = 120

    def trigger(self):
        return _width_table().trigger

    def fixes(self, text: str, block=None) -> Iterable[Fix]:
        return list(self.remembered(text, self._find))

    @staticmethod
    def _find(text: str) -> Iterable[Fix]:
        table = _width_table()
        if not table.mark_re.search(text):
            return ()
        chars = char_classes()
        if not chars.chinese.search(text):
            return ()
        # The common case first: a mark right between a Han character and a Han
        # character or Chinese punctuation is certain whatever else the block
        # holds, and no other mark's context can reach it.
        marks = table.marks
        quick = [_mark_fix(m.start(), m.group()) for m in table.simple_re.finditer(text)]
        parens = "(" in text or ")" in text
        if not parens and len(quick) == len(table.mark_re.findall(text)):
            return quick
        taken = {f.start for f in quick}
        points = [m.start() for m in table.point_re.finditer(text) if m.start() not in taken]
        if not points and not parens:
            return quick
        mask = chars.protected(text)
        if mask is not None:
            points = [i for i in points if not mask[i]]
        work: list[str | None] = list(text)
        for fix in quick:
            work[fix.start] = fix.replacement
        anticipate_later_rules(text, work, quotes=True)
        pairs, unpaired = PunctuationWidth._pairs(text, mask) if parens else ((), ())

        spans: dict[int, tuple[int, int]] = {}  # converted mark -> span of its fix
        pending_pairs = pairs
        pending = points
        decide = table.decide
        look = chars.look
        while True:
            changed = True
            while changed and (pending or pending_pairs):
                # a conversion can make the context of another mark Chinese:
                # repeat over what is left until nothing changes
                changed = False
                still: list = []
                for o, c in pending_pairs:
                    if PunctuationWidth._pair_is_chinese(text, work, o, c):
                        for i in (o, c):
                            if work[i] in ("(", ")"):
                                spans[i] = PunctuationWidth._convert(work, i, table, mask)
                        changed = True
                    else:
                        still.append((o, c))
                pending_pairs = still
                still = []
                for i in pending:
                    if decide(text[i], look(work, i, -1), look(work, i, 1)) == "fix":
                        spans[i] = PunctuationWidth._convert(work, i, table, mask)
                        changed = True
                    else:
                        still.append(i)
                pending = still
            # the marks converted may make quotes or dots beside them Chinese
            if not (pending or pending_pairs) or not anticipate_later_rules(text, work, quotes=True):
                break

        out = quick
        out.extend(Fix(lo, hi, marks[text[i]], _NOTES[text[i]]) for i, (lo, hi) in spans.items())
        for i in pending:
            mark = text[i]
            left, right = look(work, i, -1), look(work, i, 1)
            action = decide(mark, left, right)
            if action != "fix" and action != "keep":
                out.append(
                    Fix(
                        i,
                        i + 1,
                        table.marks[mark],
                        f"ASCII {_MARK_NAMES[mark]} that may be Chinese",
                        score=float(action),
                        evidence=f"{describe(left, 'before')}, {describe(right, 'after')}",
                    )
                )
        for i in unpaired:
            mark = text[i]
            left, right = chars.look(work, i, -1), chars.look(work, i, 1)
            if left.upper() in CHINESE_CLASSES or right.upper() in CHINESE_CLASSES:
                partner = "closing ')'" if mark == "(" else "opening '('"
                out.append(
                    Fix(
                        i,
                        i + 1,
                        table.marks[mark],
                        "ASCII parenthesis without its partner",
                        score=table.unpaired_score,
                        evidence=f"no {partner} in the block; {describe(left, 'before')}, {describe(right, 'after')}",
                    )
                )
        out.sort(key=lambda f: f.start)
        return out

    @staticmethod
    def _pairs(text: str, mask) -> tuple[list[tuple[int, int]], list[int]]:
        """Matching parentheses (either width) holding at least one ASCII one,
        and the ASCII ones without a partner."""
        stack: list[int] = []
        pairs: list[tuple[int, int]] = []
        unpaired: list[int] = []
        for m in _PARENS.finditer(text):
            i = m.start()
            if mask is not None and mask[i]:
                continue
            if text[i] in "(（":
                stack.append(i)
            elif stack:
                o = stack.pop()
                if text[o] == "(" or text[i] == ")":
                    pairs.append((o, i))
            elif text[i] == ")":
                unpaired.append(i)
        unpaired.extend(i for i in stack if text[i] == "(")
        unpaired.sort()
        return pairs, unpaired

    @staticmethod
    def _pair_is_chinese(text: str, work: list, o: int, c: int) -> bool:
        chars = char_classes()
        if work[o] == "（" or work[c] == "）":
            return True  # one half is full-width already
        if chars.chinese.search(text, o + 1, c) or chars.chinese.search(
            "".join(ch for ch in work[o + 1 : c] if ch is not None)
        ):
            return True  # Chinese inside (counting marks converted here)
        if o > 0 and work[o - 1] is not None and chars.cls(work[o - 1]) in ("A", "N"):
            return False  # glued to a Latin word or a number: f(x), PAS2060(ISO)
        return (
            chars.look(work, o, -1).upper() in CHINESE_CLASSES
            or chars.look(work, c, 1).upper() in CHINESE_CLASSES
        )

    @staticmethod
    def _convert(work: list, i: int, table: _WidthTable, mask) -> tuple[int, int]:
        """Convert the mark at ``i`` in ``work`` and take the plain spaces next to
        it that go with it; returns the span of the fix."""
        full = table.marks[work[i]]
        work[i] = full
        lo, hi = i, i + 1
        if full in table.absorb_before:
            while lo > 0 and work[lo - 1] == " " and (mask is None or not mask[lo - 1]):
                lo -= 1
                work[lo] = None
        if full in table.absorb_after:
            while hi < len(work) and work[hi] == " " and (mask is None or not mask[hi]):
                work[hi] = None
                hi += 1
        return lo, hi
