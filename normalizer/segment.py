"""Cut a page's raw text into blocks.

A block is a run of non-blank lines.  A line that begins with a paragraph
indent (two or more spaces, full-width or not, or a tab) also begins a new
block: extractors that keep the indent mark every paragraph start with it.
Whitespace around a block is layout, not text: the block's span starts at its
first visible character and ends after its last.
"""

from __future__ import annotations


from .model import Block, Page
from .sourced import SourcedText

# whitespace as extractors write it, including the ideographic space and NBSP
_WS = " \t\u3000\u00a0\u2002\u2003\u2009\u200b\u200c\u200d\u2060\ufeff\x0b"


def _is_blank(line: str) -> bool:
    return not line.strip(_WS)


def _begins_indented(line: str) -> bool:
    head = line[:1]
    if head == "\u3000" or head == "\t":
        return True
    return (head == " " or head == "\u00a0") and line[1:2] in (" ", "\u00a0")


def segment(raw: str, page: int) -> list[Block]:
    blocks: list[Block] = []
    start: int | None = None  # offset of the current block's first line
    indent = False
    pos = 0

    def close(end_of_block: int) -> None:
        nonlocal start
        if start is None:
            return
        chunk = raw[start:end_of_block]
        left = len(chunk) - len(chunk.lstrip(_WS + "\n"))
        right = len(chunk.rstrip(_WS + "\n"))
        if right > left:
            a, b = start + left, start + right
            blocks.append(Block(page, a, b, SourcedText.from_raw(raw, page, a, b), indent=indent))
        start = None

    for line in raw.split("\n"):
        end = pos + len(line)
        if _is_blank(line):
            close(pos)
        else:
            begins_indented = _begins_indented(line)
            if start is not None and begins_indented:
                close(pos)
            if start is None:
                start = pos
                indent = begins_indented
        pos = end + 1
    close(len(raw))
    return blocks


def segment_page(page: Page) -> list[Block]:
    return segment(page.raw, page.number)
