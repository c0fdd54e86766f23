"""Where each block of a page stands in the editor's corrected text, and back.

The corrected view shows one page as :func:`normalizer.textview.page_text`
does: blocks in page order separated by blank lines, paragraphs led by two
full-width spaces.  A :class:`PageLayout` remembers, for each block, where its
text starts and ends in that string, so that a position in the view maps to
(block, offset in the block's corrected text), and a raw position maps to the
corrected position made from it.  Nothing here knows about Qt; positions are
Python string indices (see :class:`Utf16` for Qt's UTF-16 positions).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from normalizer.model import Block, Page
from normalizer.sourced import Span
from normalizer.textview import INDENT, INDENTED_ROLES

SEPARATOR = "\n\n"


@dataclass(slots=True)
class Slot:
    """One block's place in the page text: ``text`` stands at ``[start, end)``,
    led by ``prefix`` (the paragraph indent) from ``head``."""

    block_id: str
    head: int
    start: int
    end: int
    text: str
    block: Block

    @property
    def prefix_len(self) -> int:
        return self.start - self.head


@dataclass(frozen=True, slots=True)
class EditTarget:
    """A change of the page text that falls inside one block."""

    slot: Slot
    start: int  # in the block's corrected text
    end: int
    replacement: str


class EditOutside(ValueError):
    """An edit of the page text that is not inside one block's text."""


class PageLayout:
    """The corrected text of one page and its block map."""

    def __init__(self, page: Page) -> None:
        self.page_number = page.number
        parts: list[str] = []
        slots: list[Slot] = []
        pos = 0
        for block in page.blocks:
            text = block.text.text
            if not text:
                continue
            if parts:
                parts.append(SEPARATOR)
                pos += len(SEPARATOR)
            prefix = INDENT if block.role in INDENTED_ROLES else ""
            head = pos
            start = head + len(prefix)
            end = start + len(text)
            parts.append(prefix)
            parts.append(text)
            slots.append(Slot(block.id, head, start, end, text, block))
            pos = end
        parts.append("\n")
        self.text = "".join(parts)
        self.slots = slots
        self._heads = [s.head for s in slots]
        self._by_id = {s.block_id: s for s in slots}
        # raw (start, end, doc position, exact) of every piece on this page, by raw start
        pieces: list[tuple[int, int, int, bool]] = []
        for slot in slots:
            text = slot.block.text
            for k, piece in enumerate(text.pieces):
                if piece.page != page.number:
                    continue
                pieces.append((piece.start, piece.end, slot.start + text._offsets[k], piece.exact))
        pieces.sort()
        self._pieces = pieces
        self._piece_starts = [p[0] for p in pieces]

    # blocks ---------------------------------------------------------------
    def slot(self, block_id: str) -> Slot | None:
        return self._by_id.get(block_id)

    def slot_at(self, pos: int) -> Slot | None:
        """The block whose text (or indent) holds ``pos``; a position at the end
        of a block's text belongs to that block."""
        k = bisect_right(self._heads, pos) - 1
        if k >= 0 and pos <= self.slots[k].end:
            return self.slots[k]
        return None

    def nearest_slot(self, pos: int) -> Slot | None:
        """The block at ``pos``, else the one before it, else the first."""
        if not self.slots:
            return None
        k = bisect_right(self._heads, pos) - 1
        return self.slots[max(k, 0)]

    def slot_from(self, pos: int) -> Slot | None:
        """The block at ``pos``, else the first one after it, else the last."""
        if not self.slots:
            return None
        k = bisect_right(self._heads, pos) - 1
        if k >= 0 and pos <= self.slots[k].end:
            return self.slots[k]
        return self.slots[min(k + 1, len(self.slots) - 1)]

    def edit_target(self, start: int, end: int, replacement: str) -> EditTarget:
        """Map a change of ``[start, end)`` of the page text into one block.

        An insertion in a paragraph indent goes to the start of the text; a
        change that touches an indent, a separator or two blocks raises
        :class:`EditOutside`.
        """
        slot = self.slot_at(start)
        if slot is None:
            raise EditOutside("between paragraphs: type inside a paragraph")
        if start < slot.start:
            if start == end:
                start = end = slot.start
            else:
                raise EditOutside("the paragraph indent follows the block's role and is not text")
        if end > slot.end:
            raise EditOutside("an edit cannot cross from one block into the next")
        return EditTarget(slot, start - slot.start, end - slot.start, replacement)

    # raw <-> corrected ------------------------------------------------------
    def raw_to_doc(self, offset: int, nearest: bool = False) -> int | None:
        """Position in the page text of the character made from raw ``offset``.

        With ``nearest``, an offset whose character was removed maps to the
        position just after the text made from what precedes it.
        """
        k = bisect_right(self._piece_starts, offset) - 1
        best_before: int | None = None
        j = k
        while j >= 0:
            start, end, doc, exact = self._pieces[j]
            if start <= offset < end or start == end == offset:
                return doc + (offset - start if exact else 0)
            if end <= offset:
                if best_before is None:
                    best_before = doc + (end - start if exact else 0)
                if start < offset - 4096:
                    break
            j -= 1
        if not nearest:
            return None
        if best_before is not None:
            return best_before
        return self._pieces[0][2] if self._pieces else 0

    def doc_to_raw(self, pos: int) -> tuple[int, int] | None:
        """Raw (page, offset) of the character at ``pos`` of the page text."""
        slot = self.slot_at(pos)
        if slot is None or not slot.block.text.pieces:
            return None
        return slot.block.text.locate(max(pos - slot.start, 0))

    def raw_spans(self, slot: Slot) -> list[Span]:
        """Raw spans of a block on this page."""
        return [s for s in slot.block.text.spans() if s.page == self.page_number]

    def block_at_raw(self, offset: int) -> Slot | None:
        pos = self.raw_to_doc(offset)
        return None if pos is None else self.slot_at(pos)


class Utf16:
    """Conversion between Python indices and Qt's UTF-16 positions in one text.

    Text without characters beyond the Basic Multilingual Plane (nearly all
    Chinese text) converts as the identity.
    """

    __slots__ = ("text", "_wide")

    def __init__(self, text: str) -> None:
        self.text = text
        self._wide: list[int] | None = None
        if not text.isascii() and len(text.encode("utf-16-le")) != 2 * len(text):
            self._wide = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def to_qt(self, index: int) -> int:
        if self._wide is None:
            return index
        return index + bisect_right(self._wide, index - 1)

    def to_py(self, pos: int) -> int:
        if self._wide is None:
            return pos
        count = 0  # wide characters wholly or half before pos
        for w in self._wide:
            if w + count >= pos:
                break
            count += 1
        return max(0, min(pos - count, len(self.text)))


def _prefix_len(a: str, b: str, limit: int | None = None) -> int:
    """Length of the longest common prefix (bisection over slice comparisons, which run in C)."""
    lo, hi = 0, min(len(a), len(b)) if limit is None else min(len(a), len(b), limit)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _suffix_len(a: str, b: str, limit: int) -> int:
    lo, hi = 0, max(0, min(len(a), len(b), limit))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid :] == b[len(b) - mid :]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def common_edit(old: str, new: str, hint: int | None = None) -> tuple[int, int, str]:
    """The single change that turns ``old`` into ``new``: (start, end in old, inserted).

    ``hint`` is where the editor says the change begins (it may report a wider
    range than what changed, as for text an input method commits); it breaks
    ties between equal characters, so typing a character next to the same
    character lands where it was typed.
    """
    prefix = _prefix_len(old, new)
    start = prefix if hint is None or not 0 <= hint <= prefix else hint
    suffix = _suffix_len(old, new, min(len(old), len(new)) - start)
    removed = old[start : len(old) - suffix]
    inserted = new[start : len(new) - suffix]
    k = _prefix_len(removed, inserted)
    return start + k, len(old) - suffix, inserted[k:]
