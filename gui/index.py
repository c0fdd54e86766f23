"""Which block a raw position belongs to, kept between changes.

The navigator counts pending suggestions per article and the suggestions
panel shows each one in its corrected context; both need "the block made from
raw (page, offset)".  An :class:`IssueIndex` answers that from one sorted
list of raw pieces per page, and keeps a page's list as long as the page's
blocks hold the same texts (a decision re-runs one page; typing changes one
block), so after a change only the changed pages are indexed again.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Callable

from normalizer.model import Block, Issue, Page


class PageIndex:
    __slots__ = ("texts", "blocks", "starts", "items")

    def __init__(self, page: Page) -> None:
        self.texts = tuple(b.text for b in page.blocks)
        self.blocks = list(page.blocks)
        items: list[tuple[int, int, int]] = []
        for k, block in enumerate(page.blocks):
            for piece in block.text.pieces:
                if piece.page == page.number:
                    items.append((piece.start, piece.end, k))
        items.sort()
        self.items = items
        self.starts = [i[0] for i in items]

    def current(self, page: Page) -> bool:
        blocks = page.blocks
        return len(blocks) == len(self.texts) and all(b.text is t for b, t in zip(blocks, self.texts))

    def block_at(self, offset: int) -> Block | None:
        k = bisect_right(self.starts, offset) - 1
        while k >= 0:
            start, end, which = self.items[k]
            if start <= offset < end or start == end == offset:
                return self.blocks[which]
            if end <= offset and start < offset - 2048:
                break
            k -= 1
        return None


class IssueIndex:
    """Raw position → block for one issue, rebuilt page by page as pages change."""

    def __init__(self) -> None:
        self._pages: dict[int, PageIndex] = {}

    def finder(self, issue: Issue) -> Callable[[int, int], Block | None]:
        """``find(page, offset)`` for the issue as it is now."""
        pages = {p.number: p for p in issue.pages}
        checked: dict[int, PageIndex | None] = {}

        def page_index(number: int) -> PageIndex | None:
            if number in checked:
                return checked[number]
            page = pages.get(number)
            index = None
            if page is not None:
                index = self._pages.get(number)
                if index is None or not index.current(page):
                    index = self._pages[number] = PageIndex(page)
            checked[number] = index
            return index

        def find(page: int, offset: int) -> Block | None:
            index = page_index(page)
            return index.block_at(offset) if index is not None else None

        return find
