"""RunContext.edit_block: fixes that keep every length are applied in one
pass; whatever the path, the text, its raw mapping and the change records are what the general
path (:meth:`RunContext._edit`, through :meth:`SourcedText.apply`) gives."""

from __future__ import annotations

import pytest

from normalizer.config import Config
from normalizer.engine import RunContext
from normalizer.model import Block, Issue, Page
from normalizer.rules import Fix, TextRule
from normalizer.sourced import Piece, SourcedText

RAW = "前言\n\n今年初,定西市总工会:发展新会员1139,其中(街道)\n"
START = RAW.index("今")
END = RAW.index("\n", START)


class _Rule(TextRule):
    id = "JD999"


def _fix(start: int, end: int, replacement: str) -> Fix:
    return Fix(start, end, replacement, f"{start}-{end}")


def _one_run() -> SourcedText:
    return SourcedText.from_raw(RAW, 1, START, END)


def _two_runs() -> SourcedText:
    """The same text in two runs (its first three characters from another
    page, so that the runs stay apart)."""
    text = RAW[START:END]
    return SourcedText([Piece(text[:3], 2, START, START + 3), Piece(text[3:], 1, START + 3, END)])


def _inexact() -> SourcedText:
    """The same text, its first two characters made from five raw ones."""
    text = RAW[START:END]
    return SourcedText([Piece(text[:2], 1, START, START + 5), Piece(text[2:], 1, START + 5, END)])


FIXES = {
    "marks in order": [_fix(3, 4, "，"), _fix(10, 11, "："), _fix(20, 21, "，")],
    "two characters for two": [_fix(0, 2, "今年"), _fix(23, 25, "（街")],
    "across the runs": [_fix(2, 4, "初，")],
    "fix at the very end": [_fix(26, 27, "）")],
    "out of order": [_fix(10, 11, "："), _fix(3, 4, "，")],
    "overlapping": [_fix(3, 5, "，定"), _fix(4, 5, "定")],
    "a deletion": [_fix(3, 4, "")],
    "an insertion": [_fix(3, 3, "，")],
    "a longer replacement": [_fix(3, 4, "，，")],
    "past the end": [_fix(26, 29, "）。。")],
}


def _run(text: SourcedText, fixes: list[Fix], general: bool):
    page = Page(1, "<test>", "utf-8", RAW)
    block = Block(1, START, END, text)
    page.blocks = [block]
    ctx = RunContext(Issue("x", [page]), Config.load())
    try:
        if general:
            done = ctx._edit(_Rule(), block, list(fixes))
        else:
            done = ctx.edit_block(_Rule(), block, list(fixes))
    except ValueError as exc:
        return ("error", str(exc))
    return done, block.text.text, block.text.pieces, block.text.spans(), [c.as_dict() for c in ctx.changes]


@pytest.mark.parametrize("make", [_one_run, _two_runs, _inexact], ids=["one run", "two runs", "inexact"])
@pytest.mark.parametrize("label", list(FIXES))
def test_edit_block_gives_what_the_general_path_gives(make, label):
    assert _run(make(), FIXES[label], general=False) == _run(make(), FIXES[label], general=True)


def test_a_fix_past_the_end_is_refused():
    assert _run(_one_run(), FIXES["past the end"], general=False)[0] == "error"


def test_marks_in_a_run_take_one_pass(monkeypatch):
    """Same-length fixes in order never reach the general path."""

    def general(*args):
        raise AssertionError("general path taken")

    monkeypatch.setattr(RunContext, "_edit", general)
    for make in (_one_run, _two_runs):
        done, text, *_ = _run(make(), FIXES["marks in order"], general=False)
        assert done == 3 and text == "今年初，定西市总工会：发展新会员1139，其中(街道)"
