"""The document model every part of Jiaodui shares: issue → pages → blocks → articles.

Pages keep their raw text untouched.  Blocks are pieces of a page (a paragraph,
a headline, a caption…) whose text is a :class:`~normalizer.sourced.SourcedText`
so that any corrected character can be traced back to the raw page.  Articles
group blocks in reading order.  Views, exporters and the command line read this
model; they never re-parse text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum

from .sourced import SourcedText, Span


class Role(StrEnum):
    """What a block is on the page."""

    PARAGRAPH = "para"
    HEADING = "heading"  # any line of a headline group, before it is told apart
    KICKER = "kicker"
    HEADLINE = "headline"
    SUBTITLE = "subtitle"
    COLUMN = "column"
    BYLINE = "byline"
    SUBHEAD = "subhead"
    LEAD_BOX = "lead_box"
    CAPTION_TITLE = "caption_title"
    CAPTION = "caption"
    CREDIT = "credit"
    SIGN_OFF = "sign_off"
    FURNITURE = "furniture"
    MARKER = "marker"


# The roles under plain module names: on Python 3.11 every ``Role.X`` goes
# through the enum's metaclass, as slow as a function call, and the structure
# analysis and the rules look roles up for every block.
PARAGRAPH = Role.PARAGRAPH
HEADING = Role.HEADING
KICKER = Role.KICKER
HEADLINE = Role.HEADLINE
SUBTITLE = Role.SUBTITLE
COLUMN = Role.COLUMN
BYLINE = Role.BYLINE
SUBHEAD = Role.SUBHEAD
LEAD_BOX = Role.LEAD_BOX
CAPTION_TITLE = Role.CAPTION_TITLE
CAPTION = Role.CAPTION
CREDIT = Role.CREDIT
SIGN_OFF = Role.SIGN_OFF
FURNITURE = Role.FURNITURE
MARKER = Role.MARKER


#: roles that are never joined to a neighbouring block by a layout rule
NEVER_JOINED = frozenset(
    {
        Role.HEADING,
        Role.KICKER,
        Role.HEADLINE,
        Role.SUBTITLE,
        Role.COLUMN,
        Role.BYLINE,
        Role.SUBHEAD,
        Role.LEAD_BOX,
        Role.CAPTION_TITLE,
        Role.CAPTION,
        Role.CREDIT,
        Role.SIGN_OFF,
        Role.FURNITURE,
        Role.MARKER,
    }
)


@dataclass(slots=True)
class Change:
    """One applied change: which rule, where in the raw text, what it saw and made."""

    rule: str
    page: int
    start: int
    end: int
    before: str
    after: str
    note: str = ""

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "page": self.page,
            "start": self.start,
            "end": self.end,
            "before": self.before,
            "after": self.after,
            "note": self.note,
        }


class Status(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(slots=True)
class Suggestion:
    """A change a rule is not sure of: nothing happens until an editor accepts it.

    ``edits`` are raw-anchored replacements: (span of the text to replace,
    the text expected there now, the replacement).
    """

    id: str
    rule: str
    kind: str  # "fix", "merge", "stitch"
    score: float
    summary: str
    evidence: str
    page: int
    start: int
    end: int
    before: str = ""
    after: str = ""
    status: Status = Status.PENDING
    extra: dict = field(default_factory=dict)

    @staticmethod
    def make_id(rule: str, spans: list[Span], after: str) -> str:
        key = ";".join(f"{s.page}:{s.start}-{s.end}" for s in spans) + "|" + after
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
        first = spans[0] if spans else Span(0, 0, 0)
        return f"{rule}-p{first.page}-{first.start}-{digest}"

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "rule": self.rule,
            "kind": self.kind,
            "score": round(self.score, 3),
            "status": str(self.status),
            "summary": self.summary,
            "evidence": self.evidence,
            "source": [{"page": self.page, "start": self.start, "end": self.end}],
            "before": self.before,
            "after": self.after,
        }


@dataclass(slots=True)
class JumpMarker:
    """A ``下转第3版`` / ``上接第1版`` marker, removed from the text and kept as a link."""

    page: int
    start: int
    end: int
    text: str
    direction: str  # "to": continues on target; "from": continued from target
    target: int | None  # target page number, when it is a number
    target_label: str  # as printed: "3", "三", "A3"

    def as_dict(self) -> dict:
        return {
            "page": self.page,
            "direction": self.direction,
            "target_page": self.target,
            "target_label": self.target_label,
            "text": self.text,
            "source": {"page": self.page, "start": self.start, "end": self.end},
        }


@dataclass(slots=True)
class Furniture:
    """Page furniture (date line, masthead, folio…): page metadata, not article text."""

    page: int
    start: int
    end: int
    text: str
    kind: str = "furniture"


@dataclass(eq=False)
class Block:
    """A unit of page text: a paragraph, headline line group, caption, byline…"""

    page: int
    start: int  # raw span of the block as first segmented (stable identity)
    end: int
    text: SourcedText
    role: Role = Role.PARAGRAPH
    indent: bool = False  # began with a paragraph indent in the raw text
    markers: list[JumpMarker] = field(default_factory=list)
    starts_mid_sentence: bool = False
    ends_mid_sentence: bool = False
    note: str = ""  # why the role was chosen

    @property
    def id(self) -> str:
        return f"p{self.page}-{self.start}"

    def spans(self) -> list[Span]:
        return self.text.spans()

    def __repr__(self) -> str:
        return f"Block({self.id}, {self.role}, {self.text.text[:20]!r})"


@dataclass(slots=True)
class Page:
    number: int
    source: str
    encoding: str
    raw: str  # decoded, line endings normalised; never modified
    blocks: list[Block] = field(default_factory=list)
    furniture: list[Furniture] = field(default_factory=list)
    markers: list[JumpMarker] = field(default_factory=list)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a raw offset, as an editor counts them."""
        line = self.raw.count("\n", 0, offset) + 1
        col = offset - (self.raw.rfind("\n", 0, offset) + 1) + 1
        return line, col


@dataclass(eq=False)
class Article:
    id: str
    pages: list[int]
    kicker: list[Block] = field(default_factory=list)
    headline: Block | None = None
    subtitles: list[Block] = field(default_factory=list)
    column: Block | None = None
    byline: Block | None = None
    body: list[Block] = field(default_factory=list)  # PARAGRAPH / SUBHEAD / LEAD_BOX / SIGN_OFF
    continued_from_page: int | None = None
    continues_to_page: int | None = None
    starts_mid_sentence: bool = False
    ends_mid_sentence: bool = False

    def blocks(self) -> list[Block]:
        out: list[Block] = []
        if self.column:
            out.append(self.column)
        out.extend(self.kicker)
        if self.headline:
            out.append(self.headline)
        out.extend(self.subtitles)
        if self.byline:
            out.append(self.byline)
        out.extend(self.body)
        return out


@dataclass(eq=False)
class Caption:
    page: int
    title: Block | None
    parts: list[Block]  # caption text blocks and credit lines, in page order


@dataclass(slots=True)
class Stitch:
    """Two parts of one article on different pages, joined by an accepted suggestion:
    the part that ends with ``to_block`` (下转) goes on at ``from_block`` (上接)."""

    to_block: str  # Block.id of the last body block of the earlier part
    from_block: str  # Block.id of the first body block of the continued part
    suggestion: str = ""  # the suggestion id that made it


@dataclass(eq=False)
class Issue:
    """One newspaper issue: the unit of normalising and export."""

    name: str
    pages: list[Page]
    date: str | None = None
    number: str | None = None
    articles: list[Article] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    orphans: list[tuple[Block, str]] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stitches: list[Stitch] = field(default_factory=list)

    def page(self, number: int) -> Page:
        for p in self.pages:
            if p.number == number:
                return p
        raise KeyError(number)

    def blocks(self) -> list[Block]:
        return [b for p in self.pages for b in p.blocks]
