"""The corrected text of a page as an editor reads it.

Blocks in page order, separated by blank lines; paragraphs and captions begin
with the two full-width spaces of a Chinese paragraph indent, so that the text
read back in keeps its paragraph starts (the rejoin rule never joins a block
that begins with an indent).  Furniture and jump markers are not text.
"""

from __future__ import annotations

from .model import Block, Issue, Page, Role

INDENT = "\u3000\u3000"
INDENTED_ROLES = frozenset({Role.PARAGRAPH, Role.CAPTION, Role.LEAD_BOX})


def block_text(block: Block) -> str:
    text = block.text.text
    if block.role in INDENTED_ROLES:
        return INDENT + text
    return text


def page_text(page: Page) -> str:
    return "\n\n".join(block_text(b) for b in page.blocks if b.text.text) + "\n"


def issue_text(issue: Issue) -> str:
    """Every page's text, pages separated by form feeds."""
    return "\f".join(page_text(p) for p in issue.pages)
