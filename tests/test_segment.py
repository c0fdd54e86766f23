"""Segmentation: a page's raw text cut into blocks with their raw spans.

The cases read like the layouts extractors write; the property test compares
:func:`segment` with the definition spelled out line by line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalizer.segment import WS, segment

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def reference(raw: str, page: int) -> list[tuple[int, int, bool]]:
    """(start, end, indent) of each block, by the definition: a run of
    non-blank lines, a new one at every indented line, the span trimmed of
    whitespace."""
    out: list[tuple[int, int, bool]] = []
    start: int | None = None
    indent = False
    pos = 0

    def close(end: int) -> None:
        chunk = raw[start:end]
        left = len(chunk) - len(chunk.lstrip(WS + "\n"))
        right = len(chunk.rstrip(WS + "\n"))
        out.append((start + left, start + right, indent))

    for line in raw.split("\n"):
        if not line.strip(WS):
            if start is not None:
                close(pos)
                start = None
        else:
            begins_indented = line[:1] in ("\u3000", "\t") or (
                line[:1] in (" ", "\u00a0") and line[1:2] in (" ", "\u00a0")
            )
            if start is not None and begins_indented:
                close(pos)
                start = None
            if start is None:
                start, indent = pos, begins_indented
        pos += len(line) + 1
    if start is not None:
        close(len(raw))
    return out


def spans(raw: str) -> list[tuple[int, int, bool]]:
    return [(b.start, b.end, b.indent) for b in segment(raw, 1)]


CASES = [
    ("blank lines separate blocks", "标题\n\n正文第一段。\n正文续行。\n", [(0, 2, False), (4, 16, False)]),
    ("an ideographic-space indent starts a block", "第一段。\n\u3000\u3000第二段。\n", [(0, 4, False), (7, 11, True)]),
    ("two spaces are an indent", "第一段。\n  第二段。\n", [(0, 4, False), (7, 11, True)]),
    ("a tab is an indent", "第一段。\n\t第二段。", [(0, 4, False), (6, 10, True)]),
    ("space and no-break space are an indent", "甲\n \u00a0乙", [(0, 1, False), (4, 5, True)]),
    ("one space is not an indent", "第一段。\n 续行。", [(0, 9, False)]),
    ("whitespace around a block is not in its span", "  \u3000标题\u3000 \n", [(3, 5, True)]),
    ("a line of whitespace is blank", "甲\n\u3000 \t\u00a0\ufeff\n乙", [(0, 1, False), (8, 9, False)]),
    ("trailing whitespace before a continued line", "甲  \n乙", [(0, 5, False)]),
    ("a carriage return is not whitespace here", "甲\n\r\n乙", [(0, 5, False)]),
    ("a form feed is not whitespace here", "\f", [(0, 1, False)]),
    ("an empty page has no blocks", "", []),
    ("a page of whitespace has no blocks", " \n\u3000\n\n\t", []),
    ("an indented first line after blank lines", "\n\n\u3000\u3000段落\n续行\n", [(4, 9, True)]),
]


@pytest.mark.parametrize("label, raw, expected", CASES, ids=[c[0] for c in CASES])
def test_segment(label, raw, expected):
    assert spans(raw) == expected
    assert spans(raw) == reference(raw, 1)


def test_block_text_is_its_raw_span():
    raw = "标题\n\n\u3000\u3000正文。\n"
    (head, body) = segment(raw, 7)
    assert (head.page, body.page) == (7, 7)
    assert body.text.text == "正文。" == raw[body.start : body.end]
    assert [s.as_dict() for s in body.text.spans()] == [{"page": 7, "start": body.start, "end": body.end}]


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_seeds_match_the_definition(path):
    raw = path.read_text(encoding="utf-8")
    assert spans(raw) == reference(raw, 1)


LINE_STUFF = ["中", "a", "。", " ", "  ", "\u3000", "\t", "\u00a0", "\u2003", "\x0b", "\ufeff", "\r", "\f", "\u2028"]


@settings(max_examples=400)
@given(st.lists(st.sampled_from([*LINE_STUFF, "\n", "\n\n"]), max_size=30).map("".join))
def test_matches_the_definition(raw):
    assert spans(raw) == reference(raw, 1)
