"""Text that remembers where every character came from in the raw pages.

A :class:`SourcedText` is a sequence of :class:`Piece` objects.  Each piece is
a run of corrected text together with the raw span (page, start, end) it was
made from.  When the length of a piece equals the length of its raw span the
piece maps character for character; otherwise (``...`` became ``……``, a word
was converted) the whole piece maps to the whole span.

Rules never build pieces by hand: they describe edits in the coordinates of
the current text (start, end, replacement) and :meth:`SourcedText.apply`
produces the new text, keeping the mapping.  That is what lets the editor
light up the raw source of any corrected character, and lets every change be
explained with the raw span it touched.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterable, Sequence

# Spans and pieces are made by the thousand on every page: their __init__
# stores the fields through the slots' own descriptors, which a frozen
# dataclass's generated one reaches by name, at about twice the cost.


@dataclass(frozen=True, slots=True, init=False)
class Span:
    """A half-open range ``[start, end)`` of a page's raw text."""

    page: int
    start: int
    end: int

    def __init__(self, page: int, start: int, end: int) -> None:
        _span_page(self, page)
        _span_start(self, start)
        _span_end(self, end)

    def as_dict(self) -> dict:
        return {"page": self.page, "start": self.start, "end": self.end}


_span_page, _span_start, _span_end = Span.page.__set__, Span.start.__set__, Span.end.__set__


@dataclass(frozen=True, slots=True, init=False)
class Piece:
    text: str
    page: int
    start: int
    end: int

    def __init__(self, text: str, page: int, start: int, end: int) -> None:
        _piece_text(self, text)
        _piece_page(self, page)
        _piece_start(self, start)
        _piece_end(self, end)

    @property
    def exact(self) -> bool:
        """True when the piece maps to its raw span character for character."""
        return self.end - self.start == len(self.text)


_piece_text, _piece_page = Piece.text.__set__, Piece.page.__set__
_piece_start, _piece_end = Piece.start.__set__, Piece.end.__set__


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``[start, end)`` of the current text with ``replacement``."""

    start: int
    end: int
    replacement: str


class SourcedText:
    # ``_all_spans`` caches ``spans()`` of the whole text (the text never
    # changes): None until it is first asked for
    __slots__ = ("pieces", "text", "_offsets", "_all_spans")

    def __init__(self, pieces: Iterable[Piece] = ()) -> None:
        merged: list[Piece] = []
        for piece in pieces:
            if not piece.text:
                continue
            if merged:
                last = merged[-1]
                if (
                    last.exact
                    and piece.exact
                    and last.page == piece.page
                    and last.end == piece.start
                ):
                    merged[-1] = Piece(last.text + piece.text, last.page, last.start, piece.end)
                    continue
            merged.append(piece)
        self.pieces: tuple[Piece, ...] = tuple(merged)
        self.text: str = "".join(p.text for p in merged)
        offsets = []
        pos = 0
        for p in merged:
            offsets.append(pos)
            pos += len(p.text)
        self._offsets = offsets
        self._all_spans = None

    # construction -----------------------------------------------------
    @classmethod
    def from_raw(cls, raw: str, page: int, start: int = 0, end: int | None = None) -> "SourcedText":
        if end is None:
            end = len(raw)
        text = raw[start:end]
        result = cls.__new__(cls)
        result.pieces = (Piece(text, page, start, end),) if text else ()
        result.text = text
        result._offsets = [0] if text else []
        result._all_spans = None
        return result

    @classmethod
    def inserted(cls, text: str, page: int, at: int) -> "SourcedText":
        """Text with no raw counterpart, anchored at raw offset ``at``."""
        return cls([Piece(text, page, at, at)])

    @classmethod
    def join(cls, parts: Iterable["SourcedText"]) -> "SourcedText":
        pieces: list[Piece] = []
        for part in parts:
            pieces.extend(part.pieces)
        return cls(pieces)

    # plain-string behaviour ---------------------------------------------
    def __str__(self) -> str:
        return self.text

    def __len__(self) -> int:
        return len(self.text)

    def __repr__(self) -> str:
        return f"SourcedText({self.text!r}, {len(self.pieces)} pieces)"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SourcedText):
            return self.pieces == other.pieces
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.pieces)

    def __add__(self, other: "SourcedText") -> "SourcedText":
        return SourcedText(self.pieces + other.pieces)

    # mapping ----------------------------------------------------------
    def _piece_at(self, index: int) -> int:
        return bisect_right(self._offsets, index) - 1

    def locate(self, index: int) -> tuple[int, int]:
        """Raw (page, offset) of the character at ``index`` (or the end)."""
        if not self.pieces:
            raise IndexError("empty text has no source")
        if index >= len(self.text):
            last = self.pieces[-1]
            return last.page, last.end
        k = self._piece_at(index)
        piece = self.pieces[k]
        if piece.exact:
            return piece.page, piece.start + index - self._offsets[k]
        return piece.page, piece.start

    def index_of(self, page: int, offset: int) -> int | None:
        """Index in this text of the character made from raw ``(page, offset)``."""
        for k, piece in enumerate(self.pieces):
            if piece.page != page:
                continue
            if piece.start <= offset < piece.end or (piece.start == piece.end == offset):
                if piece.exact:
                    return self._offsets[k] + offset - piece.start
                return self._offsets[k]
        return None

    def spans(self, start: int = 0, end: int | None = None) -> list[Span]:
        """Raw spans (merged, in text order) that ``[start, end)`` came from."""
        if end is None:
            if start == 0:
                try:
                    whole = self._all_spans
                except AttributeError:  # a text made without the slot set
                    whole = None
                if whole is None:
                    if len(self.pieces) == 1:  # one run: its whole raw span, exact or not
                        piece = self.pieces[0]
                        whole = (Span(piece.page, piece.start, piece.end),)
                    else:
                        whole = tuple(self.spans(0, len(self.text)))
                    self._all_spans = whole
                return list(whole)
            end = len(self.text)
        out: list[Span] = []
        if start >= end:
            return out
        k = max(self._piece_at(start), 0)
        piece = self.pieces[k]
        off = self._offsets[k]
        if end - off <= len(piece.text):  # within one piece: the common case
            if piece.exact:
                return [Span(piece.page, piece.start + start - off, piece.start + end - off)]
            return [Span(piece.page, piece.start, piece.end)]
        while k < len(self.pieces) and self._offsets[k] < end:
            piece = self.pieces[k]
            off = self._offsets[k]
            if piece.exact:
                a = piece.start + max(start - off, 0)
                b = piece.start + min(end - off, len(piece.text))
            else:
                a, b = piece.start, piece.end
            if out and out[-1].page == piece.page and out[-1].end >= a and out[-1].start <= b:
                last = out[-1]
                out[-1] = Span(piece.page, min(last.start, a), max(last.end, b))
            else:
                out.append(Span(piece.page, a, b))
            k += 1
        return out

    def slice(self, start: int, end: int) -> "SourcedText":
        if start <= 0 and end >= len(self.text):
            return self
        pieces: list[Piece] = []
        if start >= end:
            return SourcedText()
        k = max(self._piece_at(start), 0)
        while k < len(self.pieces) and self._offsets[k] < end:
            piece = self.pieces[k]
            off = self._offsets[k]
            i = max(start - off, 0)
            j = min(end - off, len(piece.text))
            if i == 0 and j == len(piece.text):
                pieces.append(piece)
            elif piece.exact:
                pieces.append(Piece(piece.text[i:j], piece.page, piece.start + i, piece.start + j))
            else:
                pieces.append(Piece(piece.text[i:j], piece.page, piece.start, piece.end))
            k += 1
        return SourcedText(pieces)

    def _anchor(self, index: int) -> tuple[int, int]:
        """Raw position for an insertion before ``index``."""
        if index < len(self.text):
            return self.locate(index)
        if not self.pieces:
            return 0, 0
        last = self.pieces[-1]
        return last.page, last.end

    def apply(self, edits: Sequence[Edit]) -> tuple["SourcedText", list[list[Span]]]:
        """Apply non-overlapping edits; return the new text and each edit's raw spans.

        Replaced text maps to the raw spans of what it replaced; inserted text
        is anchored at the raw position of the following character.
        Any object with ``start``, ``end`` and ``replacement`` serves as an
        edit (the engine passes its fixes as they are).
        """
        if not edits:
            return self, []
        if all(len(e.replacement) == e.end - e.start > 0 for e in edits):
            return self._apply_same_length(edits)
        ordered = sorted(edits, key=lambda e: (e.start, e.end))
        parts: list[Piece] = []
        covered: list[list[Span]] = []
        pos = 0
        for e in ordered:
            if e.start < pos:
                raise ValueError(f"overlapping edits at {e.start}")
            if e.end < e.start or e.end > len(self.text):
                raise ValueError(f"edit out of range: {e}")
            parts.extend(self.slice(pos, e.start).pieces)
            if e.end > e.start:
                spans = self.spans(e.start, e.end)
            else:
                page, at = self._anchor(e.start)
                spans = [Span(page, at, at)]
            covered.append(spans)
            if e.replacement:
                first = spans[0]
                parts.append(Piece(e.replacement, first.page, first.start, first.end))
            pos = e.end
        parts.extend(self.slice(pos, len(self.text)).pieces)
        # restore the caller's order for the returned spans
        order = sorted(range(len(edits)), key=lambda i: (edits[i].start, edits[i].end))
        result: list[list[Span]] = [[] for _ in edits]
        for rank, i in enumerate(order):
            result[i] = covered[rank]
        return SourcedText(parts), result

    def _apply_same_length(self, edits: Sequence[Edit]) -> tuple["SourcedText", list[list[Span]]]:
        """Edits that keep every length (a mark for a mark, a character for a
        character) keep every piece boundary: only the characters change."""
        ordered = sorted(edits, key=lambda e: e.start)
        chunks: list[str] = []
        pos = 0
        text = self.text
        for e in ordered:
            if e.start < pos:
                raise ValueError(f"overlapping edits at {e.start}")
            if e.end > len(text):
                raise ValueError(f"edit out of range: {e}")
            chunks.append(text[pos : e.start])
            chunks.append(e.replacement)
            pos = e.end
        chunks.append(text[pos:])
        new_text = "".join(chunks)
        result = SourcedText.__new__(SourcedText)
        result.text = new_text
        result._offsets = self._offsets
        # every piece keeps its length and raw span: so do the spans of the whole
        result._all_spans = getattr(self, "_all_spans", None)
        if len(self.pieces) == 1:  # the usual case: one untouched raw run
            piece = self.pieces[0]
            result.pieces = (Piece(new_text, piece.page, piece.start, piece.end),)
            if piece.exact:
                return result, [[Span(piece.page, piece.start + e.start, piece.start + e.end)] for e in edits]
            return result, [[Span(piece.page, piece.start, piece.end)] for e in edits]
        pieces = []
        for piece, off in zip(self.pieces, self._offsets):
            pieces.append(Piece(new_text[off : off + len(piece.text)], piece.page, piece.start, piece.end))
        result.pieces = tuple(pieces)
        return result, [self.spans(e.start, e.end) for e in edits]
