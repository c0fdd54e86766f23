"""JD203: rejoin paragraphs cut at a column edge."""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import regex

from .. import lexicon, structure
from ..model import (
    BYLINE,
    CAPTION,
    CAPTION_TITLE,
    COLUMN,
    CREDIT,
    FURNITURE,
    HEADING,
    HEADLINE,
    KICKER,
    LEAD_BOX,
    MARKER,
    PARAGRAPH,
    SIGN_OFF,
    SUBHEAD,
    SUBTITLE,
    Block,
    Page,
)
from ..resources import load_toml
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
    opens_inside_quote,
    starts_paragraph,
    visible_len,
)
from .base import Fix, PageRule

REJOIN_FILE = "rejoin.toml"

#: roles whose lines are never run together: each line of a headline group,
#: a byline or a credit is a line of its own
KEEP_LINES = frozenset(
    {
        HEADING,
        KICKER,
        HEADLINE,
        SUBTITLE,
        COLUMN,
        SUBHEAD,
        BYLINE,
        CREDIT,
        SIGN_OFF,
        LEAD_BOX,
        CAPTION_TITLE,
        FURNITURE,
        MARKER,
    }
)

# a line break with the spaces around it
_BREAK = regex.compile(r"[ \t\u3000\u00a0]*\n[ \t\u3000\u00a0]*")
# a date cut between its parts: …2018年 | 6月…, …2011年12月 | 30日…
_DATE_LEFT = regex.compile(r"(?<![0-9０-９])[0-9０-９]{1,4}([年月])$")
_DATE_RIGHT = regex.compile(r"^[0-9０-９]{1,2}([月日号])")
_STRAIGHT = "\"'"
# what no subtitle line holds: a sentence end, a colon or semicolon
_SUBTITLE_STOPS = regex.compile(r"[。！？!?：:；;]")
# how long a news lead's opening (本报北京11月17日电, 据新华社北京…电) may be
_NEWS_LEAD_REACH = 40


@dataclass(frozen=True)
class RejoinSignals:
    """What ``resources/rejoin.toml`` says."""

    closing_quotes: str
    opening_quotes: str
    attribution: regex.Pattern
    bracket_note: regex.Pattern
    enumerator: regex.Pattern
    min_text_after: int
    heading_tail_gain: float
    between_gain: float
    cut_line_gain: float


@lru_cache(maxsize=4)
def rejoin_signals(name: str = REJOIN_FILE) -> RejoinSignals:
    data = load_toml(name)
    said = data["attribution"]
    verbs = "|".join(regex.escape(w) for w in sorted(said["speech_verbs"], key=len, reverse=True))
    # one sentence without quote marks, ending with a speech verb
    sentence = rf"[^。！？!?“”‘’「」『』\"\n]{{1,{int(said['max_len'])}}}?"
    return RejoinSignals(
        closing_quotes=data["quotes"]["closing"],
        opening_quotes=data["quotes"]["opening"],
        attribution=regex.compile(rf"^{sentence}(?:{verbs})[。.]"),
        bracket_note=regex.compile(
            rf"(?<=\p{{Han}})[（(][^()（）。！？!?…\s]{{1,{int(data['brackets']['note_max_len'])}}}[）)]$"
        ),
        enumerator=regex.compile(data["parallel"]["enumerator"]),
        min_text_after=int(data["parallel"]["min_text_after"]),
        heading_tail_gain=float(data["heading_tail"]["min_gain"]),
        between_gain=float(data["between_paragraphs"]["min_gain"]),
        cut_line_gain=float(data["cut_headline_line"]["min_gain"]),
    )


def ends_quoted_phrase(text: str, sig: Signals, rsig: RejoinSignals | None = None) -> bool:
    """True when ``text`` ends with a closing quote right after a word, not
    after sentence-final punctuation: a quoted phrase (``…“书香社区”“五点钟课
    堂”``), after which the sentence goes on.  A quotation that is a sentence
    of its own ends ``。”`` (or ``！”``, ``……”``)."""
    rsig = rsig or rejoin_signals()
    text = text.rstrip()
    if not text or text[-1] not in rsig.closing_quotes:
        return False
    if text[-1] in _STRAIGHT and not ends_sentence(text, sig):
        return False  # a straight quote that opens a quotation leaves the sentence open anyway
    bare = text.rstrip(rsig.closing_quotes)
    return bool(bare) and not ends_sentence(bare, sig)


def quotation_goes_on(first: str, second: str, rsig: RejoinSignals | None = None) -> bool:
    """True when ``first`` leaves a curly quotation open and ``second`` closes
    one before it opens any: the quotation runs across the seam (``“以往…空白、
    弱项。`` | ``有了数字化手段的加持，…率。”宁波市总工会…表示。``).  A second
    half that begins with an opening quote is the next paragraph of a
    quotation that runs over several (each of them opens with ``“``)."""
    if first.rfind("“") <= first.rfind("”"):
        return False  # the last quote mark closes: no quotation left open
    rsig = rsig or rejoin_signals()
    second = second.lstrip()
    if not second or second[0] in rsig.opening_quotes:
        return False
    return opens_inside_quote(second)


def closes_with_quotation(text: str, sig: Signals, rsig: RejoinSignals | None = None) -> bool:
    """True when ``text`` ends with a quotation that is a sentence of its own
    (``…对职业有了更多尊重和期待。”``)."""
    rsig = rsig or rejoin_signals()
    text = text.rstrip()
    if not text or text[-1] not in rsig.closing_quotes:
        return False
    return ends_sentence(text.rstrip(rsig.closing_quotes), sig)


def says_who(text: str, rsig: RejoinSignals | None = None) -> bool:
    """True when ``text`` opens with a sentence saying who spoke and nothing
    else (``视障人士杜增平说。`` ``10月29日，贵州货车司机黄晓胜对记者说。``):
    the end of the paragraph of a quotation (``attribution`` of
    ``resources/rejoin.toml``)."""
    rsig = rsig or rejoin_signals()
    return rsig.attribution.match(text.lstrip()) is not None


def date_goes_on(first: str, second: str, sig: Signals) -> bool:
    """True when a date runs across the seam: the first half ends with the
    year and the second begins with the month (``…2018年`` | ``6月…``), or
    month and day (``…2011年12月`` | ``30日在平壤…``).  A second half that
    opens with a date and a comma (``10月1日，…``) opens a sentence of its own."""
    # the first half's end is read first: it is short, and most ends are no date
    left = _DATE_LEFT.search(first.rstrip())
    if left is None:
        return False
    if sig.clause_opener is not None and sig.clause_opener.match(second.strip()) is not None:
        return False
    right = _DATE_RIGHT.match(second.lstrip())
    return right is not None and left.group(1) + right.group(1) in ("年月", "月日", "月号")


def news_lead_across(first: str, second: str, sig: Signals) -> bool:
    """True when a news lead runs across the seam (``本报北京11月17日`` |
    ``电(记者蒋蓝)水利部…``): neither half is one, the two together are."""
    first = first.rstrip()
    if len(first) > _NEWS_LEAD_REACH or is_news_lead(first, sig):
        return False  # a lead cut in two leaves a short first half
    return is_news_lead(first + second.lstrip()[:_NEWS_LEAD_REACH], sig)


def ends_with_bracket_note(text: str, rsig: RejoinSignals | None = None) -> bool:
    """True when ``text`` (stripped) ends with a short bracketed note right
    after a word (``…工业(集团)``): the end of a name, not of a sentence
    (``brackets`` of ``resources/rejoin.toml``)."""
    # the note closes the text: most texts are told by their last character
    if not text or text[-1] not in "）)":
        return False
    return (rsig or rejoin_signals()).bracket_note.search(text) is not None


# the numerals of an enumerator, and the forms of its punctuation, as its kind ignores them
_NUMERALS = regex.compile(r"[一二三四五六七八九十0-9０-９]+")
_ENUMERATOR_FORMS = str.maketrans({",": "，", "(": "（", ")": "）"})
# a sentence end, with the closing quotes after it
_LEAD_END = regex.compile(r"[。！？!?]+[”’」』\"']*")


def enumerator_kind(text: str, rsig: RejoinSignals | None = None) -> str | None:
    """The kind of enumerator ``text`` opens with (``第N，`` for ``第三，``,
    ``（N）`` for ``(二)``), or None (``enumerator`` of ``[parallel]`` in
    ``resources/rejoin.toml``)."""
    m = (rsig or rejoin_signals()).enumerator.match(text)
    if m is None:
        return None
    return _NUMERALS.sub("N", m.group()).translate(_ENUMERATOR_FORMS)


def _lead_end(text: str) -> int | None:
    """Where the first sentence of ``text`` ends (after its closing quotes)."""
    m = _LEAD_END.search(text)
    return None if m is None else m.end()


def lone_enumerated_lead(text: str, rsig: RejoinSignals | None = None) -> str | None:
    """The kind of enumerator of ``text`` when it is an enumerator and one
    sentence and nothing else (``第三，推进水资源节约集约利用。``), else None."""
    rsig = rsig or rejoin_signals()
    text = text.strip()
    kind = enumerator_kind(text, rsig)
    if kind is None or "\n" in text:
        return None
    end = _lead_end(text)
    return kind if end is not None and end == len(text) else None


class ParallelKinds:
    """:func:`parallel_kinds` of a page's blocks, read when first asked (most
    pages hold no enumerated lead sentence standing alone, and never ask)."""

    __slots__ = ("_blocks", "_kinds")

    def __init__(self, blocks: Sequence[Block]) -> None:
        self._blocks = blocks
        self._kinds: frozenset[str] | None = None

    def __contains__(self, kind: object) -> bool:
        if self._kinds is None:
            self._kinds = parallel_kinds(self._blocks)
        return kind in self._kinds


def parallel_kinds(blocks: Sequence[Block], rsig: RejoinSignals | None = None) -> frozenset[str]:
    """The kinds of enumerator whose paragraphs on the page go on after their
    lead sentence in the same paragraph (``第二，保障黄河长治久安。黄河水少沙
    多…``): the layout an enumerated lead sentence standing alone breaks."""
    rsig = rsig or rejoin_signals()
    kinds = set()
    for b in blocks:
        if b.role is not PARAGRAPH:
            continue
        text = b.text.text.strip()
        kind = enumerator_kind(text, rsig)
        if kind is None or kind in kinds:
            continue
        end = _lead_end(text)
        if end is not None and visible_len(text[end:]) >= rsig.min_text_after:
            kinds.add(kind)
    return frozenset(kinds)


class _FirstHalf(NamedTuple):
    """What :func:`seam` reads of the text of a first half alone."""

    text: str  # stripped
    news_lead_alone: bool
    ended: bool  # ends a sentence, not with a bracketed note after a word
    phrase: bool  # ends a sentence with a quoted phrase
    quote_open: bool  # its last curly quote mark opens a quotation
    closes_quotation: bool  # ends with a quotation that is a sentence of its own
    lone_lead: str | None  # the kind of enumerator of a lone enumerated lead sentence
    # a paragraph's first half this plain (a whole sentence at the end, no
    # quotation or lead in play, too long to be a news lead cut in two) goes
    # on only into a second half that begins with closing punctuation: most
    # seams of a page are told by that one test (see :func:`seam`)
    plain_end: bool


@lru_cache(maxsize=8192)
def _first_half(text: str, name: str) -> _FirstHalf:
    """The facts of a first half of ``text`` (cached: a block is a first half
    once, and its text is read again when the page is)."""
    sig, rsig = structure.signals(name), rejoin_signals()
    a = text.strip()
    ended = ends_sentence(a, sig) and not ends_with_bracket_note(a, rsig)
    news_lead_alone = is_news_lead_alone(a, sig)
    phrase = ended and ends_quoted_phrase(a, sig, rsig)
    quote_open = a.rfind("“") > a.rfind("”")
    closes_quotation = closes_with_quotation(a, sig, rsig)
    lone_lead = lone_enumerated_lead(a, rsig) if ended else None
    return _FirstHalf(
        text=a,
        news_lead_alone=news_lead_alone,
        ended=ended,
        phrase=phrase,
        quote_open=quote_open,
        closes_quotation=closes_quotation,
        lone_lead=lone_lead,
        plain_end=(
            ended
            and not phrase
            and not news_lead_alone
            and not quote_open
            and not closes_quotation
            and lone_lead is None
            and len(a) > _NEWS_LEAD_REACH
        ),
    )


def may_join(first: Block, second: Block, sig: Signals) -> bool:
    """False when the roles of two neighbours and how the first ends already
    say :func:`seam` finds no reason to join them, as for most seams of a
    page: a paragraph indent opens a new paragraph; only a paragraph, or a
    short first half taken for a heading, goes on, and only into a paragraph
    (headlines, bylines, captions stand apart), or into a block taken for a
    headline line when the paragraph stops mid-sentence (:func:`heading_tail`);
    a paragraph ending a sentence plainly (no quotation, enumerated lead or
    news lead in play) goes on only into text that begins with closing
    punctuation."""
    if second.indent:
        return False
    role = second.role
    if role is HEADING:
        return first.role is PARAGRAPH and not _first_half(first.text.text, sig.name).ended
    if role is not PARAGRAPH:
        return False
    if first.role is HEADING:
        return True
    if first.role is not PARAGRAPH:
        return False
    if _first_half(first.text.text, sig.name).plain_end:
        b = second.text.text.strip()
        return bool(b) and b[0] in sig.cannot_start
    return True


def seam(
    prev: Block | None,
    first: Block,
    second: Block,
    sig: Signals,
    after: Sequence[Block] = (),
    parallel: Container[str] = frozenset(),
) -> str | None:
    """Why ``first`` and ``second`` (neighbours on the page) are one paragraph
    cut in two, or None when they are not (or it cannot be told).  ``after``:
    the blocks below ``second``, read to tell caption text standing above its
    photo credit; ``parallel``: the kinds of enumerator whose paragraphs on
    the page go on after their lead sentence (:func:`parallel_kinds`, or a
    :class:`ParallelKinds` reading them when first asked)."""
    if not may_join(first, second, sig):
        return None
    if second.role is HEADING:
        return heading_tail(first, second, sig)
    half = _first_half(first.text.text, sig.name)
    a = half.text
    b = second.text.text.strip()
    if not a or not b:
        return None
    if has_marker(first, "to") or continued_between(first, second):
        return None  # the article goes on elsewhere / comes from elsewhere
    if b.startswith("——") or is_news_lead(b, sig):
        return None  # list items, a new story
    rsig = rejoin_signals()
    if len(a) <= _NEWS_LEAD_REACH and news_lead_across(a, b, sig):
        return "a news lead cut in two"
    if first.role is PARAGRAPH:
        if half.news_lead_alone:
            return "news lead on its own; its paragraph follows"
        ended, phrase = half.ended, half.phrase
        if phrase or not ended:
            if a[-1] in "：:；;" and starts_paragraph(b, sig):
                return None  # a list after a colon: each item is a paragraph
            if a.count("“") == a.count("”") and opens_inside_quote(b):
                return None  # the second half goes on a quotation the first never opened
            if not phrase and subtitle_over_text(prev, a, b, sig):
                return None  # a subtitle line under the headline, then the story
            if (
                # caption_above_credit first: most runs hold no credit, which
                # their roles tell before any text is read (the tests are pure)
                caption_above_credit(second, after, sig)
                # an open quote goes on in the second half, unless the first
                # half ends with a quoted phrase inside it, or the second half
                # does not close it
                and (phrase or structure.quotes_balanced(a) or not opens_inside_quote(b))
                and not cannot_start_paragraph(b, sig)
                and not number_goes_on(a, b, sig)
                and structure.seam_gain(a, b) < sig.seam_gain
            ):
                return None  # caption text whose credit stands below it, not the other half
            if phrase:
                return "first half ends with a quoted phrase, not a sentence"
            return "first half ends without final punctuation"
        if begins_with_closing(b, sig):  # 他说“好” | ，随后…
            return "second half begins with closing punctuation"
        if half.quote_open and quotation_goes_on(a, b, rsig):
            return "a quotation left open in the first half closes in the second"
        if half.closes_quotation and says_who(b, rsig):
            return "a quotation, then who said it"
        if (
            half.lone_lead is not None
            and half.lone_lead in parallel
            and enumerator_kind(b, rsig) is None
            and not starts_paragraph(b, sig)
        ):
            return "an enumerated lead sentence alone, where its siblings go on in the same paragraph"
        return None
    if first.role is not HEADING or first.note != structure.NOTE_HEADING_SHAPE:
        return None
    # a short first half with the shape of a heading line; one phrase (no
    # space), on one line, between paragraphs
    between = prev is not None and prev.role is PARAGRAPH and " " not in a and "\n" not in a
    if between and (cannot_start_paragraph(b, sig) or number_goes_on(a, b, sig) or date_goes_on(a, b, sig)):
        return "short first half between paragraphs; second half cannot begin a paragraph"
    if (
        " " not in a
        and structure.ends_with_bound_word(a, sig)
        and not starts_paragraph(b, sig)
        and not caption_above_credit(second, after, sig)
    ):
        return "short first half ends on a word no heading ends with"
    if (
        sig.sentence_marks.search(a) is not None
        and not a.startswith("——")
        and not a.endswith("——")
        and structure.seam_gain(a, b) >= 2 * sig.seam_gain
    ):
        return "short first half with commas over a paragraph; a word runs across the seam"
    if (
        between
        and not starts_paragraph(b, sig)
        and structure.seam_gain(a, b) >= rsig.between_gain
        and not caption_above_credit(second, after, sig)
    ):
        return "short first half between paragraphs; a word runs across the seam"
    if " " not in a and not opens_sentence(b, sig):
        return short_first_half(prev, a, b, second, sig, after)
    return None


def heading_tail(first: Block, second: Block, sig: Signals) -> str | None:
    """Why ``second``, a short block with the shape of a headline line right
    under ``first``, a paragraph that stops mid-sentence, is the rest of that
    paragraph: a dictionary word runs across the seam with a gain of at
    least ``heading_tail.min_gain`` (``…希望筹办职`` | ``工子女暑期托``), and
    ``second`` holds no space or line break (a headline of two phrases) and
    does not begin with ``——``.  None otherwise."""
    if second.note != structure.NOTE_HEADING_SHAPE:
        return None
    b = second.text.text.strip()
    if not b or " " in b or "\u3000" in b or "\n" in b or b.startswith("——"):
        return None
    half = _first_half(first.text.text, sig.name)
    a = half.text
    if not a or half.ended or a[-1] in "：:；;" or half.news_lead_alone:
        return None
    if has_marker(first, "to") or continued_between(first, second):
        return None
    if structure.seam_gain(a, b) < rejoin_signals().heading_tail_gain:
        return None
    return "second half taken for a headline line; a word runs across the seam"


def subtitle_over_text(prev: Block | None, a: str, b: str, sig: Signals) -> bool:
    """True when ``a``, a block right under a headline line that holds no
    sentence end, colon or semicolon at all, stands over ``b``, which opens a
    sentence of its own (a lead-in clause, a list item, a news lead) with no
    word running across the seam: a subtitle printed as long as a line of
    text (``中国外交部发言人表示，朝方有关决定…政治解决进程`` over
    ``据朝中社4月21日报道，…``), not the first half of a paragraph."""
    if prev is None or prev.role not in structure.HEADING_ROLES:
        return False
    if _SUBTITLE_STOPS.search(a) is not None or is_news_lead(a, sig):
        return False
    if cannot_start_paragraph(b, sig) or structure.seam_gain(a, b) >= sig.seam_gain:
        return False
    return opens_sentence(b, sig)


def opens_sentence(text: str, sig: Signals) -> bool:
    """True when ``text`` opens a sentence the way a paragraph under a
    headline does: a lead-in clause (``7月26日，``), a list item, a news lead."""
    return structure.opens_clause(text, sig) or starts_paragraph(text, sig) or is_news_lead(text, sig)


def short_first_half(
    prev: Block | None, a: str, b: str, second: Block, sig: Signals, after: Sequence[Block]
) -> str | None:
    """Why ``a``, a short block with the shape of a headline over ``b``, a
    paragraph that does not open a sentence of its own, is the first piece of
    that paragraph; None when nothing tells.  A dictionary word runs across
    the seam (``…有限公`` | ``司广州供电段…``), unless ``a`` stands right
    under a caption (its title) or ``b`` is caption text down to a credit;
    ``a`` opens with a lead-in clause of running text (``据介绍，…``), with
    a clause its main clause must follow (``随着…``) or a demonstrative
    referring to the text above (``这是山西…``), or holds a quoted sentence
    and the text after it (``“…畅通的！”江苏双环``), or ends on a verb
    whose object follows (``…总工会坚持`` | ``大兴调查研究之风…``)."""
    if (
        structure.seam_gain(a, b) >= sig.seam_gain
        and (prev is None or prev.role not in (CAPTION, CREDIT))
        and not caption_above_credit(second, after, sig)
    ):
        return "short first half; a word runs across the seam"
    if structure.opens_clause(a, sig):
        return "short first half opens a sentence of running text"
    if structure.opens_open_clause(a, sig):
        return "short first half opens a clause left unfinished"
    if structure.quoted_sentence_then_text(a):
        return "short first half: a quoted sentence and the text after it"
    if structure.refers_back(a, sig):
        return "short first half opens by referring to the text above"
    if structure.ends_wanting_object(a, sig):
        return "short first half ends on a verb whose object is in the second"
    return None


def continued_between(first: Block, second: Block) -> bool:
    """True when a ``上接`` marker of ``second`` stood between the two blocks
    (glued to the start of ``second`` or on a line of its own above it): the
    text comes from another page there.  A marker that stood above ``first``
    (``(上接第3版)`` | ``今年4月30日,夜`` | ``幕降临后,…``) opens the part both
    belong to; it is kept on the joined block."""
    if not second.markers:
        return False
    spans = first.text.spans()
    if not spans:
        return has_marker(second, "from")
    head = spans[0]
    return any(
        m.direction == "from" and (m.page != head.page or m.start >= head.start) for m in second.markers
    )


#: roles a piece of running text cut inside a word is taken for when it
#: stands alone over other material: the lines of a headline group
_CUT_LINE_ROLES = frozenset({KICKER, HEADLINE, SUBTITLE, SUBHEAD, HEADING})
#: what a caption title stands under
_PICTURE_TEXT = frozenset({CAPTION, CAPTION_TITLE, CREDIT})
# a clause mark: running text, seldom a headline line
_CLAUSE_MARK = regex.compile(r"[，,、；;]")
_CUT_LINE_NOTE = "line cut inside a word, taken for a headline; its rest lies lower on the page"
_SPACES = regex.compile(r"[ \t\u3000\u00a0]")
# what a headline line is compared by: its words, not its punctuation (of
# either width) or line breaks
_WORDS_ONLY = regex.compile(r"[\p{P}\p{S}\s]+")


def cut_headline_lines(page: Page, issue, sig: Signals) -> list[tuple[Block, Block]]:
    """The lines of a page taken for headline lines (kicker, headline,
    subtitle, section head) that are the first piece of a paragraph cut
    inside a word, each with the paragraph lower on the page that holds its
    rest: the line holds no space and ends on a one-character word by the
    dictionary, and exactly one paragraph below it, beginning no list item
    or news lead, makes a dictionary word with it across the seam gaining at
    least ``cut_headline_line.min_gain`` (``…全面了解掌`` over another
    article's headline and text | ``握工友创业园…``).

    Kept: a line with paragraphs only between it and that paragraph (the
    paragraphs right under a headline are its own: ``…事故被问责`` |
    ``日前，…`` | ``经查，…`` | ``任珠峰同志…``); a line right over it (for
    :func:`seam`); a line right under a caption or photo credit (a caption
    title); a line with no clause mark (，、；) between two headline lines
    (a line of their group: ``干部“沉”下去…`` | ``定西：…工会赋能`` |
    ``十堰：…`` over ``源网荷储…``); a line right over a news lead (the
    headline of its article); a paragraph that a loose end of the page
    also makes a dictionary word with (``…工会赋能`` | ``力，当好指导员…``
    under ``…提升工作能``); a headline printed again cut short where its
    article goes on (the whole of it, or more of it, is another headline
    line of the issue, punctuation aside)."""
    rsig = rejoin_signals()
    flow = [b for b in page.blocks if b.role is not FURNITURE]
    out: list[tuple[Block, Block]] = []
    taken: set[int] = set()
    heads: list[str] | None = None
    for i, line in enumerate(flow):
        if line.role not in _CUT_LINE_ROLES or line.indent:
            continue
        text = line.text.text.strip()
        above = flow[i - 1].role if i else None
        if above in _PICTURE_TEXT or (
            above in _CUT_LINE_ROLES
            and i + 1 < len(flow)
            and flow[i + 1].role in _CUT_LINE_ROLES
            and _CLAUSE_MARK.search(text) is None
        ):
            continue  # a caption title; a line inside a headline group
        below = flow[i + 1] if i + 1 < len(flow) else None
        if below is not None and below.role is PARAGRAPH and is_news_lead(below.text.text.strip(), sig):
            continue  # the headline of the article its news lead opens
        if not text or _SPACES.search(text) is not None or ends_sentence(text, sig):
            continue
        if len(lexicon.last_word(text)) != 1:
            continue
        found: list[int] = []
        for j in range(i + 1, len(flow)):
            para = flow[j]
            if para.role is not PARAGRAPH or para.indent or id(para) in taken:
                continue
            rest = para.text.text.strip()
            if not rest or rest.startswith("——") or is_news_lead(rest, sig):
                continue
            # no dictionary word across the seam gains nothing: the quick
            # test spares most pairs the segmentation seam_gain runs
            if lexicon.seam_words(text, rest) and structure.seam_gain(text, rest) >= rsig.cut_line_gain:
                found.append(j)
        if len(found) != 1:
            continue
        j = found[0]
        if j == i + 1 or all(b.role is PARAGRAPH for b in flow[i + 1 : j]):
            continue  # the paragraphs right under a headline line are its own
        rest = flow[j].text.text.strip()
        if any(
            b.role is PARAGRAPH
            and b is not flow[j]
            and (loose := b.text.text.strip())
            and not ends_sentence(loose, sig)
            and lexicon.seam_words(loose, rest)
            and structure.seam_gain(loose, rest) > 0
            for b in flow
        ):
            continue  # a loose end of running text may own it
        if heads is None:
            heads = [
                _WORDS_ONLY.sub("", b.text.text) for p in issue.pages for b in p.blocks if b.role in _CUT_LINE_ROLES
            ]
        tail = _WORDS_ONLY.sub("", text)[-8:]
        if any(tail in h and not h.endswith(tail) for h in heads):
            continue  # a headline repeated cut short
        taken.add(id(flow[j]))
        out.append((line, flow[j]))
    return out


def caption_above_credit(block: Block, after: Sequence[Block], sig: Signals) -> bool:
    """True when ``block`` and the blocks right after it, up to a photo credit
    standing on its own (``新华社记者 李杰 摄``) or closing the last of them
    (``…提供科学依据。新华社发（张黎芝 摄）``), are whole sentences: the text of
    a caption in several blocks (at most ``caption.max_blocks`` after it)."""
    run = [block, *after[: sig.caption_max_blocks]]
    # the text of each block is read only up to the first credit or caption:
    # a run with none (most runs) is told by the roles alone, without the reading
    for k, b in enumerate(run):
        if b.role is CREDIT or b.role is CAPTION:  # a credit apart, or closing the text
            if k == 0:
                return False
            break
    else:
        return False
    for b in run[:k]:
        t = b.text.text.strip()
        if (
            b.role is not PARAGRAPH
            or b.indent
            or b.markers
            or not t
            or not ends_sentence(t, sig)
            or cannot_start_paragraph(t, sig)
            or is_news_lead(t, sig)
        ):
            return False
    return True


class RejoinColumnBreaks(PageRule):
    """Rejoin a paragraph that arrives as two blocks because a column or page
    edge cut it, and run together the lines of a paragraph broken inside a block.

    What it does: joins a paragraph block to the one before it when they are
    one paragraph: the first ends without sentence-final punctuation (。！？……
    ” 」 ） and their half-width forms) or with a quoted phrase rather than a
    quoted sentence (``…“书香社区”“五点钟课堂”`` | ``“幸福驿站”等…``), or is
    a news lead on its own (``本报讯(记者…)``); the second begins with closing
    punctuation (``，`` ``）`` ``”``…); a quotation left open at a sentence
    end closes in the second (``“以往…弱项。`` | ``有了…效率。”章红敏表示。``);
    the second only says who spoke the quotation the first ends with
    (``…期待。”`` | ``湘潭电机子弟中学钟艳老师告诉记者。``); or a news lead
    runs across the seam (``本报北京11月17日`` | ``电(记者蒋蓝)…``); or the
    first is an enumerator and a lead sentence and nothing else (``第三，推进
    水资源节约集约利用。``) while a paragraph of the page with an enumerator
    of the same kind goes on after its lead sentence (``第二，保障黄河长治久
    安。黄河水少沙多…``), and the second opens with no enumerator (``[parallel]``
    of ``resources/rejoin.toml``); or the second, a short block with the
    shape of a headline line (no space in it), makes a dictionary word with
    the loose end of the first that gains at least ``heading_tail.min_gain``
    (``…希望筹办职`` | ``工子女暑期托``).  A short
    first half that looks like a section head is joined when it stands
    between paragraphs and the second half begins with the tail of a word,
    one character then a comma (``…负责人介`` | ``绍,近年来…``), or the rest
    of a number or date (``…2018年`` | ``6月…``), or any dictionary word runs
    across the seam (``…多位嘉宾提到以改革促`` | ``发展。…``; gain at least
    ``between_paragraphs.min_gain``) and the second is no list item and no
    caption text down to a credit; when it ends on a word no
    headline ends with (``…的黄丽娜在`` | ``二化复工期间…``, ``heading.bound_end`` of
    ``resources/roles.toml``); or when it holds a comma and a dictionary
    word runs across the seam (``…快递骑手驿`` | ``站配送…``; twice
    ``heading.cut_seam_gain`` of ``resources/roles.toml``).  Over a paragraph
    that opens no sentence of its own (no lead-in clause, list item or news
    lead), such a first half is joined when a dictionary word runs across
    the seam (``…有限公`` | ``司…``; not right under a caption, not over
    caption text), or it reads as the opening of running text: a lead-in
    clause (``意见明确,…``), a clause head left unfinished (``随着…``,
    ``heading.clause_heads``), a demonstrative referring to the text above
    (``这是…``, ``heading.refers_back``), a quoted sentence and who said it
    (``“…畅通的!”江苏双环``), or a last verb whose object is in the second
    half (``…总工会坚持``, ``heading.object_verbs``).  A first half ending
    with a short bracketed note after a word (``…工业(集团)``) ends inside a
    name, not a sentence (``brackets`` of ``resources/rejoin.toml``).  A loose end is not
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
    continued from elsewhere (a ``上接`` marker standing between the two; one
    standing above the first half opens the part both belong to); enumerated
    lead sentences that all stand alone, or one over the next item of its
    list; a loose
    end over a block that begins inside a quotation the loose end never
    opened; a quotation ending a paragraph with 。” over a paragraph of its
    own, or over the next paragraph of a quotation (``“…``); a block right
    under a headline line that holds no sentence end, colon or semicolon, over
    a paragraph opening a sentence of its own with no word across the seam
    (a subtitle as long as a line of text, ``…有关决定有助于…解决进程`` |
    ``据朝中社4月21日报道，…``); a paragraph
    cut at the end of a page or above a headline, which keeps its loose end and is marked instead.
    Inside a block: headline lines, a credit or byline line, a line after a
    sentence end.  A paragraph broken across other material in between is for
    the suggestion rule, not this one, but for one case: its first piece
    taken for a headline line, cut inside a word, whose rest only one
    paragraph lower on the page can be (:func:`cut_headline_lines`,
    ``cut_headline_line`` of ``resources/rejoin.toml``).

    Fix safety: automatic.  Roles and their patterns are in
    ``resources/roles.toml``, the quote marks, the words no headline ends
    with and the speech verbs of an attribution in ``resources/rejoin.toml``;
    ``heading_line_ratio`` sets how short (against
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
        blocks = page.blocks  # the page's own list: a join removes the second block from it
        for block in blocks:
            # most blocks are one line: only a block with a line break inside
            # its text, and of a role whose lines run together, has lines to join
            if "\n" in block.text.text and block.role not in KEEP_LINES:
                self.join_lines(block, ctx, sig)
        if len(ctx.changes) != changes:
            structure.classify_page(page, sig)
        joined: list[Block] = []
        parallel = ParallelKinds(blocks)
        reach = 3 + sig.caption_max_blocks
        k = 0
        while k + 1 < len(blocks):
            first, second = blocks[k], blocks[k + 1]
            # most seams are told by the roles and the first half's end
            # alone: seam, with its look at the blocks around, only for the rest
            if not may_join(first, second, sig):
                k += 1
                continue
            prev = blocks[k - 1] if k else None
            why = seam(prev, first, second, sig, blocks[k + 2 : k + reach], parallel)
            if why is None:
                k += 1
                continue
            ctx.join_blocks(self, page, first, second, "column edge: " + why)
            first.role = structure.classify_block(first, sig)
            if first.role is HEADING:
                # two pieces of running text joined are running text, even
                # when the result is short and has the shape of a headline
                first.role = PARAGRAPH
            if not joined or joined[-1] is not first:
                joined.append(first)
        # the first line of a joined block now begins with the first half
        for block in joined:
            self.join_lines(block, ctx, sig)
        for first, second in cut_headline_lines(page, ctx.issue, sig):
            ctx.join_distant(self, first, second, "column edge: " + _CUT_LINE_NOTE)
            first.role = PARAGRAPH
            self.join_lines(first, ctx, sig)
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
