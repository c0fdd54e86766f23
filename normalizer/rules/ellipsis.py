"""JD112: dots, ideographic full stops and single ellipses to ``……``."""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

import regex

from ..resources import load_toml
from .base import Fix, TextRule
from .punctuation_width import CHINESE_CLASSES, TABLE_FILE, char_classes, describe


class _EllipsisTable:
    def __init__(self, data: dict) -> None:
        e = data.get("ellipsis", {})
        self.replacement: str = e.get("replacement", "……")
        self.ellipsis_chars = e.get("ellipsis_chars", "…")
        fullwidth = list(e.get("fullwidth_runs", []))
        ascii_runs = list(e.get("ascii_runs", []))
        self.kept_lengths = frozenset(int(n) for n in e.get("kept_lengths", [2]))
        self.odd_length_score = float(e.get("odd_length_score", 0.6))
        self.alone_score = float(e.get("alone_score", 0.5))
        ell = "[" + regex.escape(self.ellipsis_chars) + "]+"
        self.only_ellipsis = regex.compile(ell)
        # a run holding an ellipsis character or full stops is Chinese by itself
        self.chinese_run = regex.compile("|".join(f"(?:{p})" for p in [ell, *fullwidth]))
        parts = [ell, *fullwidth, *ascii_runs]
        self.run = regex.compile("(?:" + "|".join(f"(?:{p})" for p in parts) + ")+")
        # a cheap first look: an ellipsis character or the start of a run
        self.quick = regex.compile(
            "[" + regex.escape(self.ellipsis_chars) + "]|" + "|".join(f"(?:{p})" for p in fullwidth + ascii_runs)
        )


@lru_cache(maxsize=None)
def _table() -> _EllipsisTable:
    return _EllipsisTable(load_toml(TABLE_FILE))


class Ellipsis(TextRule):
    """Write the ellipsis as ``……`` in Chinese text.

    What it does: three or more dots (``...``, ``......``, ``. . .``), three or
    more ideographic or full-width full stops (``。。。``), three or more middle
    dots (``···``), a single ``…`` and the midline ``⋯`` become ``……``.  Dots and
    middle dots, and ``…``/``⋯``, are changed only next to Chinese (a Han
    character or Chinese punctuation on either side); runs of ``。`` are an
    ellipsis wherever they are.  Spaces between the ellipsis and Chinese text go.

    Why: GB/T 15834-2011 writes the ellipsis as two ``…`` (six dots) in Chinese
    text; OCR and ASCII input give three dots, a single ``…`` or full stops.

    Example: ``等等...`` → ``等等……``; ``呼唤......`` → ``呼唤……``;
    ``浑然一体…”`` → ``浑然一体……”``.

    Kept: ``……`` (and ``…………``, twelve dots marking omitted paragraphs); dots in
    Latin text and code (``wait...``, ``1...10``), in web addresses, and numbers.

    Suggested: a run of three, or five or more, ``…`` (one too many, or two
    ellipses run together), to be ``……``; dots or a single ``…`` making up a
    whole block, with no Chinese beside them to tell.

    Fix safety: automatic; the cases above are suggestions.
    """

    id = "JD112"
    name = "ellipsis"
    summary = "Ellipsis in Chinese text as ……"
    order = 140

    @staticmethod
    def may_apply(text: str) -> bool:
        """False when ``text`` holds nothing this rule could change."""
        return _table().quick.search(text) is not None

    def trigger(self):
        return _table().quick

    def fixes(self, text: str, block=None) -> Iterable[Fix]:
        return list(self.remembered(text, self._find))

    def _find(self, text: str) -> Iterable[Fix]:
        table = _table()
        if not table.quick.search(text):
            return ()
        chars = char_classes()
        mask = None
        runs: list[tuple[int, int, str]] = []
        for m in table.run.finditer(text):
            run = m.group()
            if run == table.replacement:
                continue
            if mask is None:
                mask = chars.protected(text) or bytearray(len(text))
            if any(mask[m.start() : m.end()]):
                continue
            runs.append((m.start(), m.end(), run))
        if not runs:
            return ()

        # an ellipsis converted here is Chinese context for the next one
        work: list[str] = list(text)
        decided: dict[int, tuple[str, float | None, str, str]] = {}
        changed = True
        while changed:
            changed = False
            for k, (start, end, run) in enumerate(runs):
                if k in decided and decided[k][1] is None:
                    continue
                left, right = chars.look(work, start, -1), chars.look(work, end - 1, 1)
                decision = self._decide(table, run, left, right)
                if decision is None:
                    continue
                decided[k] = (*decision, left, right)
                if decision[1] is None:
                    work[start:end] = [table.ellipsis_chars[0]] * (end - start)
                    changed = True

        out: list[Fix] = []
        last_end = 0
        for k in sorted(decided):
            start, end, run = runs[k]
            replacement, score, left, right = decided[k]
            if score is not None:
                out.append(
                    Fix(
                        start,
                        end,
                        replacement,
                        "ellipsis alone in the block" if left.upper() == right.upper() == "E" else "odd ellipsis",
                        score=score,
                        evidence=f"'{run}' ({len(run)} characters); "
                        f"{describe(left, 'before')}, {describe(right, 'after')}",
                    )
                )
                continue
            lo, hi = start, end
            if left.upper() in CHINESE_CLASSES:
                while lo > last_end and text[lo - 1] == " " and not mask[lo - 1]:
                    lo -= 1
            if right.upper() in CHINESE_CLASSES:
                while hi < len(text) and text[hi] == " " and not mask[hi]:
                    hi += 1
            out.append(Fix(lo, hi, replacement, "ellipsis in Chinese text"))
            last_end = hi
        return out

    @staticmethod
    def _decide(table: _EllipsisTable, run: str, left: str, right: str) -> tuple[str, float | None] | None:
        """(replacement, score or None when certain) for a run, or None to keep it."""
        chinese = left.upper() in CHINESE_CLASSES or right.upper() in CHINESE_CLASSES
        alone = left.upper() == "E" and right.upper() == "E"
        if table.only_ellipsis.fullmatch(run):
            if not chinese:
                return (table.replacement, table.alone_score) if alone and len(run) == 1 else None
            n = len(run)
            if n in table.kept_lengths:
                replacement = table.ellipsis_chars[0] * n
                return None if run == replacement else (replacement, None)
            if n == 1:
                return table.replacement, None
            return table.replacement, table.odd_length_score
        if chinese or table.chinese_run.search(run):
            return table.replacement, None
        if alone:
            return table.replacement, table.alone_score
        return None  # dots in Latin text
