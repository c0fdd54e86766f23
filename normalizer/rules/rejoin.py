"""JD203: rejoin paragraphs cut at a column edge."""

from __future__ import annotations

from collections.abc import Sequence

import regex

from .. import structure
from ..model import Block, Page, Role
from ..structure import (
    Signals,
    begins_with_closing,
    cannot_start_paragraph,
    ends_sentence,
    has_marker,
    heading_line,
    is_byline,
    is_credit_line,
    is_news_lead,
    is_news_lead_alone,
    number_goes_on,
    starts_paragraph,
    visible_len,
)
from .base import Fix, PageRule

#: roles whose lines are never run together: each line of a headline group,
#: a byline or a credit is a line of its own
KEEP_LINES = frozenset(
    {
        Role.HEADING,
        Role.KICKER,
        Role.HEADLINE,
        Role.SUBTITLE,
        Role.COLUMN,
        Role.SUBHEAD,
        Role.BYLINE,
        Role.CREDIT,
        Role.SIGN_OFF,
        Role.LEAD_BOX,
        Role.CAPTION_TITLE,
        Role.FURNITURE,
        Role.MARKER,
    }
)

# a line break with the spaces around it
_BREAK = regex.compile(r"[ \t\u3000\u00a0]*\n[ \t\u3000\u00a0]*")


def seam(
    prev: Block | None, first: Block, second: Block, sig: Signals, after: Sequence[Block] = ()
) -> str | None:
    """Why ``first`` and ``second`` (neighbours on the page) are one paragraph
    cut in two, or None when they are not (or it cannot be told).  ``after``:
    the blocks below ``second``, read to tell caption text standing above its
    photo credit."""
    if second.indent:
        return None  # a paragraph indent opens a new paragraph, always
    if second.role is not Role.PARAGRAPH:
        return None  # headlines, bylines, captions
    if first.role is not Role.PARAGRAPH and first.role is not Role.HEADING:
        return None  # only a paragraph, or a short first half taken for a heading, goes on
    a = first.text.text.strip()
    b = second.text.text.strip()
    if not a or not b:
        return None
    if has_marker(first, "to") or has_marker(second, "from"):
        return None  # the article goes on elsewhere / comes from elsewhere
    if b.startswith("——") or is_news_lead(b, sig):
        return None  # list items, a new story
    if first.role is Role.PARAGRAPH:
        if is_news_lead_alone(a, sig):
            return "news lead on its own; its paragraph follows"
        if not ends_sentence(a, sig):
            if a[-1] in "：:；;" and starts_paragraph(b, sig):
                return None  # a list after a colon: each item is a paragraph
            if (
                structure.quotes_balanced(a)  # an open quote goes on in the second half
                and not cannot_start_paragraph(b, sig)
                and not number_goes_on(a, b, sig)
                and caption_above_credit(second, after, sig)
                and structure.seam_gain(a, b) < sig.seam_gain
            ):
                return None  # caption text whose credit stands below it, not the other half
            return "first half ends without final punctuation"
        if begins_with_closing(b, sig):  # 他说“好” | ，随后…
            return "second half begins with closing punctuation"
        return None
    if (
        first.role is Role.HEADING
        and first.note == structure.NOTE_HEADING_SHAPE
        and prev is not None
        and prev.role is Role.PARAGRAPH
        and " " not in a
        and "\n" not in a
        and (cannot_start_paragraph(b, sig) or number_goes_on(a, b, sig))
    ):
        return "short first half between paragraphs; second half cannot begin a paragraph"
    if (
        first.role is Role.HEADING
        and first.note == structure.NOTE_HEADING_SHAPE
        and sig.sentence_marks.search(a) is not None
        and not a.startswith("——")
        and not a.endswith("——")
        and structure.seam_gain(a, b) >= 2 * sig.seam_gain
    ):
        return "short first half with commas over a paragraph; a word runs across the seam"
    return None


def caption_above_credit(block: Block, after: Sequence[Block], sig: Signals) -> bool:
    """True when ``block`` and the blocks right after it, up to a photo credit
    standing on its own (``新华社记者 李杰 摄``) or closing the last of them
    (``…提供科学依据。新华社发（张黎芝 摄）``), are whole sentences: the text of
    a caption in several blocks (at most ``caption.max_blocks`` after it)."""
    run = [block, *after[: sig.caption_max_blocks]]
    for k, b in enumerate(run):
        if b.role is Role.CREDIT or b.role is Role.CAPTION:  # a credit apart, or closing the text
            return k > 0
        t = b.text.text.strip()
        if (
            b.role is not Role.PARAGRAPH
            or b.indent
            or b.markers
            or not t
            or not ends_sentence(t, sig)
            or cannot_start_paragraph(t, sig)
            or is_news_lead(t, sig)
        ):
            return False
    return False


class RejoinColumnBreaks(PageRule):
    """Rejoin a paragraph that arrives as two blocks because a column or page
    edge cut it, and run together the lines of a paragraph broken inside a block.

    What it does: joins a paragraph block to the one before it when they are
    one paragraph: the first ends without sentence-final punctuation (。！？……
    ” 」 ） and their half-width forms) or is a news lead on its own
    (``本报讯(记者…)``), or the second begins with closing punctuation
    (``，`` ``）`` ``”``…).  A short first half that looks like a section head
    is joined only when it stands between paragraphs and the second half
    begins with the tail of a word, one character then a comma
    (``…负责人介`` | ``绍,近年来…``), or when it holds a comma and a dictionary
    word runs across the seam (``…快递骑手驿`` | ``站配送…``; twice
    ``heading.cut_seam_gain`` of ``resources/roles.toml``).  A loose end is not
    joined to caption text standing above its photo credit (whole sentences
    down to the credit) unless a word runs across the seam or the loose end
    leaves a quotation open.  Inside a block, removes a line break
    (and the spaces around it) where the line goes on in the next one.
    Afterwards marks every paragraph that still starts or ends mid-sentence
    (``block.starts_mid_sentence`` / ``ends_mid_sentence``): its other half is
    not on the page.

    Why: extractors write one block per column piece; a paragraph that goes
    on in the next column arrives as two, and readers, search and export see
    two broken paragraphs.

    Example: ``据了解，太原市总从2014年起开展厂`` | ``务公开民主管理工作…`` becomes
    ``据了解，太原市总从2014年起开展厂务公开民主管理工作…``.

    Kept: a block that begins with a paragraph indent (``　　``); headlines,
    kickers, subtitles and section heads (short, no final punctuation);
    bylines (``本报记者 刘建林 李彦斌``); captions and photo credits
    (``新华社记者 丁汀 摄``); lead boxes (``阅读提示``); sign-offs
    (``(新华社海南博鳌3月28日电)``); list paragraphs beginning with ``——``;
    a block whose article goes on elsewhere (a ``下转`` marker) or one that is
    continued from elsewhere (``上接``); a paragraph cut at the end of a page
    or above a headline, which keeps its loose end and is marked instead.
    Inside a block: headline lines, a credit or byline line, a line after a
    sentence end.  A paragraph broken across other material in between is for
    the suggestion rule, not this one.

    Fix safety: automatic.  Roles and their patterns are in
    ``resources/roles.toml``; ``heading_line_ratio`` sets how short (against
    the block's longest line) a line without punctuation must be to be kept
    as a heading line inside a block.
    """

    id = "JD203"
    name = "rejoin-column-breaks"
    summary = "Rejoin paragraphs cut at a column or page edge"
    order = 40
    leaves_roles_fresh = True

    def apply(self, page: Page, ctx) -> None:
        sig = structure.signals()
        changes = len(ctx.changes)
        for block in page.blocks:
            self.join_lines(block, ctx, sig)
        if len(ctx.changes) != changes:
            structure.classify_page(page, sig)
        joined: list[Block] = []
        k = 0
        while k + 1 < len(page.blocks):
            prev = page.blocks[k - 1] if k else None
            first, second = page.blocks[k], page.blocks[k + 1]
            why = seam(prev, first, second, sig, page.blocks[k + 2 : k + 3 + sig.caption_max_blocks])
            if why is None:
                k += 1
                continue
            ctx.join_blocks(self, page, first, second, "column edge: " + why)
            first.role = structure.classify_block(first, sig)
            if first.role is Role.HEADING:
                # two pieces of running text joined are running text, even
                # when the result is short and has the shape of a headline
                first.role = Role.PARAGRAPH
            if not joined or joined[-1] is not first:
                joined.append(first)
        # the first line of a joined block now begins with the first half
        for block in joined:
            self.join_lines(block, ctx, sig)
        if len(ctx.changes) != changes:
            structure.classify_page(page, sig)  # roles, and the loose ends left

    def join_lines(self, block: Block, ctx, sig: Signals) -> None:
        """Remove the line breaks inside ``block`` where its text goes on, until
        none is left to remove (a joined line may let the next one join)."""
        while True:
            fixes = self.line_fixes(block, sig)
            if not fixes:
                return
            ctx.edit_block(self, block, fixes)

    # lines inside one block ---------------------------------------------------
    def line_fixes(self, block: Block, sig: Signals) -> list[Fix]:
        """Fixes removing the line breaks inside ``block`` where its text goes on."""
        text = block.text.text
        if "\n" not in text or block.role in KEEP_LINES or "\n" not in text.strip():
            return []
        breaks = list(_BREAK.finditer(text))
        bounds = [0, *(m.end() for m in breaks)]
        ends = [*(m.start() for m in breaks), len(text)]
        lines = [text[s:e] for s, e in zip(bounds, ends)]
        longest = max(visible_len(line) for line in lines)
        ratio = float(self.options.get("heading_line_ratio", 0.7))
        fixes: list[Fix] = []
        current = lines[0]  # the line as it reads after the joins made so far
        for m, nxt in zip(breaks, lines[1:]):
            if self._line_goes_on(current, nxt, longest, ratio, sig):
                fixes.append(Fix(m.start(), m.end(), "", "line break inside a paragraph"))
                current += nxt
            else:
                current = nxt
        return fixes

    @staticmethod
    def _line_goes_on(current: str, nxt: str, longest: int, ratio: float, sig: Signals) -> bool:
        cur, nx = current.strip(), nxt.strip()
        if not cur or not nx:
            return False
        if is_credit_line(nx, sig) or is_byline(nx, sig) or nx.startswith("——") or is_news_lead(nx, sig):
            return False
        if is_news_lead_alone(cur, sig) or cannot_start_paragraph(nx, sig):
            return True
        if ends_sentence(cur, sig):
            return False
        if heading_line(cur, sig) and visible_len(cur) < ratio * longest:
            return False  # a short headline line above the text
        return True
