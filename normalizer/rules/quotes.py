"""JD111: straight quotes and corner brackets to mainland quotation marks."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

import regex

from ..resources import load_toml
from .base import Fix, TextRule
from .punctuation_width import CHINESE_CLASSES, TABLE_FILE, anticipate_later_rules, char_classes, describe

# a minute-second or foot-inch mark after digits: 5'30"  6'2"
_PRIMES = regex.compile(r"""\d+(?:\.\d+)?'\d+(?:\.\d+)?"?""")
# any mark the rule looks at (literal characters: the standard library's engine finds them fastest)
_ANY = re.compile(r"""["'「」『』”]""")
_ANY_STRAIGHT_OR_CORNER = regex.compile(r"""["'「」『』]""")
_CURLY_DOUBLE = regex.compile("[“”]")


class _Trigger:
    """Searches like ``regex.compile("[<marks>]|(?<![“”][^“”\\n]*)”[^“”]*+“")``:
    a straight quote or corner bracket (``marks``), or a ” with no curly mark
    before it on its line and “ the next curly mark after it.  Found with
    string searches: the standard library's engine scans for the marks and
    for ”, and only the first ” of a line can have no curly mark before it."""

    __slots__ = ("_any", "_marks")

    def __init__(self, marks: str) -> None:
        self._marks = re.compile("[" + re.escape(marks) + "]")
        self._any = re.compile("[" + re.escape(marks + "”") + "]")

    def search(self, text: str, pos: int = 0, /):
        find, rfind = text.find, text.rfind
        while (m := self._any.search(text, pos)) is not None:
            i = m.start()
            if text[i] != "”":
                return m
            start = rfind("\n", 0, i) + 1
            if find("“", start, i) < 0 and find("”", start, i) < 0:
                j = find("“", i + 1)
                if j >= 0 and find("”", i + 1, j) < 0:
                    return m
            # every later ” of this line has this one before it
            end = find("\n", i)
            if end < 0:
                return self._marks.search(text, i + 1)
            if (m := self._marks.search(text, i + 1, end)) is not None:
                return m
            pos = end + 1
        return None


class _QuoteTable:
    def __init__(self, data: dict) -> None:
        q = data.get("quotes", {})
        self.corner: dict[str, str] = dict(q.get("corner", {}))
        corner = "".join(regex.escape(c) for c in self.corner)
        self.corner_re = regex.compile(f"[{corner}]") if corner else None
        skip = q.get("skip_corner_if")
        self.skip_corner = regex.compile(skip) if skip else None
        self.unpaired_score = float(q.get("unpaired_score", 0.6))
        self.unpaired_weak_score = float(q.get("unpaired_weak_score", 0.4))
        self.reversed_score = float(q.get("reversed_score", 0.7))
        self.not_after_opening = frozenset(q.get("not_after_opening", ""))
        self.not_before_closing = frozenset(q.get("not_before_closing", ""))
        self.before_opening = frozenset(q.get("before_opening", ""))
        # (straight mark, opening, closing, other marks that open, other marks that close)
        self.kinds = (
            ('"', "“", "”", "“" + self._corner_for("“"), "”" + self._corner_for("”")),
            ("'", "‘", "’", "‘" + self._corner_for("‘"), "’" + self._corner_for("’")),
        )
        self.finders = {k[0]: regex.compile("[" + regex.escape("".join(k[:1] + k[3:])) + "]") for k in self.kinds}
        #: what every fix needs: a corner bracket, a straight quote, or a ” with
        #: no curly mark before it on its line and “ the next one (quotes the
        #: wrong way round); the look back stops at a newline, so it reads a
        #: block alike on its own and in a page
        self.trigger = _Trigger("".join(self.corner) + "\"'")

    def _corner_for(self, curly: str) -> str:
        return "".join(k for k, v in self.corner.items() if v == curly)


@lru_cache(maxsize=None)
def _table() -> _QuoteTable:
    return _QuoteTable(load_toml(TABLE_FILE))


class QuotationMarks(TextRule):
    """Turn straight quotes and corner brackets into mainland quotation marks.

    What it does: ``「」`` become ``“ ”`` and ``『』`` become ``‘ ’`` (except in a
    block holding kana, which is Japanese).  Straight ``"`` and ``'`` in Chinese
    text become ``“ ”`` and ``‘ ’``, paired in order inside the block (a
    paragraph or a heading) together with the curly quotes already there:
    ``“小三级"工会`` closes with ``”``.

    Why: mainland style (GB/T 15834-2011) uses “ ” for quotations and ‘ ’ inside
    them; straight quotes come from ASCII input, corner brackets from vertical
    headlines and Taiwan or Hong Kong sources.

    Example: ``黑龙江「工会服务一件事」纳入省级办事平台`` →
    ``黑龙江“工会服务一件事”纳入省级办事平台``; ``宁波市'两办'名义`` →
    ``宁波市‘两办’名义``.

    Kept: quotes in Latin text (``He said "hi"``), apostrophes (``Xi'an``),
    minute and inch marks after digits (``5'30"``, ``12"`` when it pairs with
    nothing), quotes in web addresses, and every curly quote already there,
    even a misplaced one (``炼油厂“通过”数字工会”系统``).

    Suggested: straight quotes that do not pair inside the block, with a guess
    at their direction (a block cut at a column edge, or a quotation running
    over several paragraphs, leaves one open); a pair of curly quotes printed
    the wrong way round (``称为”工会“。``), only when a mark beside them shows it.

    Fix safety: automatic when the quotes pair inside the block; suggestions
    otherwise.
    """

    id = "JD111"
    name = "quotation-marks"
    summary = "Straight quotes and 「」『』 to “ ” ‘ ’ in Chinese text"
    order = 130

    def trigger(self):
        return _table().trigger

    def fixes(self, text: str, block=None) -> Iterable[Fix]:
        return list(self.remembered(text, self._find))

    def _find(self, text: str) -> Iterable[Fix]:
        if not _ANY.search(text):
            return ()
        table = _table()
        chars = char_classes()
        out: list[Fix] = []
        if table.corner_re is not None and table.corner_re.search(text):
            if table.skip_corner is None or not table.skip_corner.search(text):
                out.extend(
                    Fix(m.start(), m.end(), table.corner[m.group()], "corner bracket to a mainland quotation mark")
                    for m in table.corner_re.finditer(text)
                )
        if ('"' in text or "'" in text) and chars.chinese.search(text):
            mask = chars.protected(text)
            pairs: list[tuple[int, int, str, str]] = []
            for straight, opening, closing, opens, closes in table.kinds:
                if straight in text:
                    found, suggested = self._straight(text, mask, straight, opening, closing, opens, closes)
                    pairs.extend(found)
                    out.extend(suggested)
            if pairs:
                out.extend(self._convert_pairs(text, pairs))
        first_close = text.find("”")
        if first_close >= 0 and '"' not in text and first_close < text.find("“"):
            out.extend(self._reversed(text))
        out.sort(key=lambda f: f.start)
        return out

    # straight quotes ---------------------------------------------------------
    def _straight(self, text, mask, straight, opening, closing, opens, closes):
        """Pairs of quotes holding a straight one (opening, closing) when the
        block pairs cleanly, else suggestions: (pairs, suggestions)."""
        table = _table()
        chars = char_classes()
        skip = bytearray(len(text)) if mask is None else bytearray(mask)
        for m in _PRIMES.finditer(text):
            skip[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
        seq: list[tuple[int, str]] = []
        n = len(text)
        cls = chars.cls
        for m in table.finders[straight].finditer(text):
            i, ch = m.start(), m.group()
            if ch == straight:
                if skip[i]:
                    continue  # in a web address, or 5'30"
                if straight == "'" and 0 < i < n - 1 and cls(text[i - 1]) == cls(text[i + 1]) == "A":
                    continue  # an apostrophe: Xi'an, don't
            seq.append((i, ch))
        if not any(ch == straight for _, ch in seq):
            return [], []

        ok, assign, pairs = self._pair(text, seq, straight, opens)
        if not ok:
            # a straight mark after a digit may be a minute or inch mark: try without them
            primes = {i for i, ch in seq if ch == straight and i > 0 and "0" <= text[i - 1] <= "9"}
            if primes:
                ok2, assign2, pairs2 = self._pair(text, [p for p in seq if p[0] not in primes], straight, opens)
                if ok2:
                    ok, assign, pairs = ok2, assign2, pairs2

        out: list[Fix] = []
        if ok:
            return [(a, b, opening, closing) for a, b in pairs if text[a] == straight or text[b] == straight], []

        if straight == '"':
            nested = self._nested(seq, straight, opens)
            if nested:
                for a, b in nested:
                    for i, mark in ((a, "‘"), (b, "’")):
                        out.append(
                            Fix(
                                i,
                                i + 1,
                                mark,
                                "straight quotes inside a quotation",
                                score=table.unpaired_score,
                                evidence="a pair of straight quotes inside “ ”; "
                                "quotes inside a quotation are ‘ ’",
                            )
                        )
                return [], out
        for i, ch in seq:
            if ch != straight:
                continue
            left, right = chars.look(text, i, -1, False), chars.look(text, i, 1, False)
            if left.upper() not in CHINESE_CLASSES and right.upper() not in CHINESE_CLASSES:
                continue  # Latin text: leave it alone
            guess, strong = self._direction(text, i)
            if guess is None:
                guess = assign.get(i, "open")
            score = table.unpaired_score if strong else table.unpaired_weak_score
            n_open = sum(1 for _, c in seq if c in opens)
            n_close = sum(1 for _, c in seq if c in closes)
            n_straight = sum(1 for _, c in seq if c == straight)
            out.append(
                Fix(
                    i,
                    i + 1,
                    opening if guess == "open" else closing,
                    "straight quote that does not pair in the block",
                    score=score,
                    evidence=(
                        f"{n_straight} straight, {n_open} opening and {n_close} closing quotes "
                        "in the block do not pair; "
                        f"{describe(left, 'before')}, {describe(right, 'after')}"
                    ),
                )
            )
        return [], out

    @staticmethod
    def _pair(text, seq, straight, opens):
        """Pair quotes in order; straight ones take the direction the sequence
        needs.  Returns (pairs cleanly, direction of each straight one, pairs)."""
        table = _table()
        ok = True
        open_at: int | None = None
        assign: dict[int, str] = {}
        pairs: list[tuple[int, int]] = []
        for i, ch in seq:
            if ch == straight:
                if open_at is None:
                    assign[i] = "open"
                    open_at = i
                else:
                    assign[i] = "close"
                    pairs.append((open_at, i))
                    open_at = None
            elif ch in opens:
                if open_at is not None:
                    ok = False
                open_at = i
            else:
                if open_at is None:
                    ok = False
                else:
                    pairs.append((open_at, i))
                    open_at = None
        if open_at is not None:
            ok = False
        if ok and len(assign) % 2 == 0 and len(assign) < len(seq):
            # with curly quotes about, the straight ones must also pair among
            # themselves the same way ("“他说"好"”" may be nested, not two pairs)
            alternate = [("open", "close")[k % 2] for k in range(len(assign))]
            if [assign[i] for i, ch in seq if ch == straight] != alternate:
                ok = False
        if ok:
            n = len(text)
            for i, direction in assign.items():
                if direction == "open" and i + 1 < n and text[i + 1] in table.not_after_opening:
                    ok = False
                elif direction == "close" and i > 0 and text[i - 1] in table.not_before_closing:
                    ok = False
        return ok, assign, pairs

    @staticmethod
    def _nested(seq, straight, opens) -> list[tuple[int, int]]:
        """Straight quotes that pair among themselves, each pair inside one pair
        of curly quotes (``“他说"好"”``); empty when that is not the case."""
        pairs: list[tuple[int, int]] = []
        depth = 0
        open_at: int | None = None
        for i, ch in seq:
            if ch == straight:
                if depth != 1:
                    return []
                if open_at is None:
                    open_at = i
                else:
                    pairs.append((open_at, i))
                    open_at = None
            else:
                if open_at is not None:
                    return []  # a curly quote between the two straight ones
                depth += 1 if ch in opens else -1
                if depth not in (0, 1):
                    return []
        return pairs if open_at is None and depth == 0 else []

    @staticmethod
    def _convert_pairs(text: str, pairs: list[tuple[int, int, str, str]]) -> list[Fix]:
        """Fixes for the straight quotes of pairs in Chinese context.  A pair is
        Chinese when a curly quote closes it, when it holds Chinese, or when a
        character beside it is Chinese (counting quotes converted here)."""
        chars = char_classes()
        work = list(text)
        anticipate_later_rules(text, work, quotes=False)
        done: set[int] = set()
        while True:
            changed = True
            while changed and len(done) < len(pairs):
                changed = False
                for k, (a, b, opening, closing) in enumerate(pairs):
                    if k in done:
                        continue
                    if not (
                        text[a] not in "\"'"
                        or text[b] not in "\"'"
                        or chars.chinese.search(text, a + 1, b)
                        or chars.look(work, a, -1, False).upper() in CHINESE_CLASSES
                        or chars.look(work, b, 1, False).upper() in CHINESE_CLASSES
                    ):
                        continue
                    done.add(k)
                    work[a], work[b] = opening, closing
                    changed = True
            # the quotes converted may turn dots beside them into an ellipsis
            if len(done) == len(pairs) or not anticipate_later_rules(text, work, quotes=False):
                break
        out = []
        for k in done:
            a, b, opening, closing = pairs[k]
            for i, mark in ((a, opening), (b, closing)):
                if text[i] in "\"'":
                    out.append(Fix(i, i + 1, mark, "straight quote in Chinese text"))
        return out

    @staticmethod
    def _direction(text: str, i: int) -> tuple[str | None, bool]:
        """Which way a lone straight quote points, judged by its neighbours:
        (direction or None, whether the sign is clear)."""
        table = _table()
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        closes = after == "" or after in table.not_after_opening
        opens = before in ("", " ", "\n") or before in table.before_opening or before in table.not_before_closing
        if opens and not closes:
            return "open", True
        if closes and not opens:
            return "close", True
        return None, False

    # reversed curly quotes ---------------------------------------------------
    def _reversed(self, text: str) -> list[Fix]:
        table = _table()
        marks = [(m.start(), m.group()) for m in _CURLY_DOUBLE.finditer(text)]
        if len(marks) < 2 or len(marks) % 2 or any(ch != "”“"[k % 2] for k, (_, ch) in enumerate(marks)):
            return []
        out = []
        for k in range(0, len(marks), 2):
            a, b = marks[k][0], marks[k + 1][0]
            inner = text[a + 1 : b]
            if not inner.strip() or _ANY_STRAIGHT_OR_CORNER.search(inner):
                continue
            before = text[a - 1] if a > 0 else ""
            after = text[b + 1] if b + 1 < len(text) else ""
            signs = []
            if before and before in table.before_opening:
                signs.append(f"'{before}' before the ”")
            if after and after in table.not_after_opening:
                signs.append(f"'{after}' after the “")
            if signs:
                out.append(
                    Fix(
                        a,
                        b + 1,
                        f"“{inner}”",
                        "curly quotes the wrong way round",
                        score=table.reversed_score,
                        evidence="quotes run ” … “ in the block; " + ", ".join(signs),
                    )
                )
        return out
