"""Cut a page's raw text into blocks.

A block is a run of non-blank lines.  A line that begins with a paragraph
indent (two or more spaces, full-width or not, or a tab) also begins a new
block: extractors that keep the indent mark every paragraph start with it.
Whitespace around a block is layout, not text: the block's span starts at its
first visible character and ends after its last.

Lines are split at ``\\n`` only (the reader has turned every line ending into
one); a line is blank when it holds nothing but the whitespace in :data:`WS`.
"""

from __future__ import annotations

import re

from .model import PARAGRAPH, Block, Page
from .sourced import SourcedText

#: whitespace as extractors write it, including the ideographic space and NBSP
WS = " \t\u3000\u00a0\u2002\u2003\u2009\u200b\u200c\u200d\u2060\ufeff\x0b"

_ws = re.escape(WS)
_VISIBLE = rf"[^{_ws}\n]"
#: a paragraph indent at the start of a line: a tab or an ideographic space,
#: or two spaces (ASCII or no-break) in any mix
_INDENT = r"(?:[\u3000\t]|[ \u00a0]{2})"
#: one block, from its first visible character to its last: a non-blank line,
#: then every following line that is neither blank nor indented
_BLOCK = re.compile(
    rf"^[{_ws}]*"
    rf"({_VISIBLE}(?:[^\n]*{_VISIBLE})?"
    rf"(?:[{_ws}]*\n(?!{_INDENT})[{_ws}]*{_VISIBLE}(?:[^\n]*{_VISIBLE})?)*)",
    re.MULTILINE,
)


def _begins_indented(line: str) -> bool:
    head = line[:1]
    if head == "\u3000" or head == "\t":
        return True
    return (head == " " or head == "\u00a0") and line[1:2] in (" ", "\u00a0")


def segment(raw: str, page: int) -> list[Block]:
    """The blocks of one page's raw text, in page order."""
    from_raw = SourcedText.from_raw
    blocks: list[Block] = []
    append = blocks.append
    for m in _BLOCK.finditer(raw):
        line = m.start()
        a, b = m.span(1)
        # the block's first line begins with an indent: at most two characters to look at
        indent = a > line and _begins_indented(raw[line : line + 2])
        # positional arguments (the role is the default one): a page has dozens
        # of blocks, and a keyword argument costs the dataclass __init__ more
        append(Block(page, a, b, from_raw(raw, page, a, b), PARAGRAPH, indent))
    return blocks


def segment_page(page: Page) -> list[Block]:
    return segment(page.raw, page.number)
