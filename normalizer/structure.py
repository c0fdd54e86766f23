"""Block roles and articles.

Two steps, both reading the patterns and thresholds in ``resources/roles.toml``.

``classify_page`` gives every block a role from the signals a reader uses.
First each block alone (:func:`classify_block`): credit, byline, sign-off and
lead-box patterns, a paragraph indent, length, final punctuation, balanced
quotes.  Then its position among the others (the context rules, one small
function each): the blocks right above a byline or above the continued part of
an article belong to a headline group even when they are long; the block under
a lead-box label is the lead box; a short block holding commas right under a
paragraph is a cut paragraph rather than a subhead; on a page that indents its
paragraphs, a short block without the indent is a headline line.  Headline
lines get the general role ``HEADING`` here.  Last, paragraphs that start or
end mid-sentence (their other half is not on the page) are marked.

``build_articles`` walks each page in reading order and groups its blocks into
articles (headline group, byline, body with section heads), captions (text
blocks closed by a photo credit, with an optional short title before or after)
and orphans (text that belongs to no article, with the reason).  A single
heading line between paragraphs is a section head, unless the text above it
breaks off mid-sentence (then it heads another article, printed between the
two halves of that sentence); a heading carrying a continued-on marker ends
its article; the text after the tail of a merged paragraph, and text with no
headline after the end of an article, go on the article that broke off.  It tells the
lines of a headline group apart (kicker, headline, subtitles, column label)
and fills in the links to other pages from the blocks' jump markers.

The text signals are public functions (:func:`ends_sentence`,
:func:`cannot_start_paragraph`, :func:`is_news_lead_alone`…): the rejoin rule
reads the same ones, so a block that is a headline here is never glued to its
neighbour there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

import regex

from . import lexicon
from .model import (
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
    Article,
    Block,
    Caption,
    Issue,
    Page,
    Role,
)
from .resources import load_toml

ROLES_FILE = "roles.toml"

#: roles a headline group is made of, before and after it is told apart
HEADING_ROLES = frozenset({HEADING, KICKER, HEADLINE, SUBTITLE, COLUMN})
#: roles that are running text of an article
BODY_ROLES = frozenset({PARAGRAPH, LEAD_BOX, SIGN_OFF, SUBHEAD})


# -- the signals, compiled from roles.toml ------------------------------------
# the marks a headline fragment follows by default (heading.fragment_marks)
_COMMAS = regex.compile(r"[，,]")


@dataclass(frozen=True)
class Signals:
    name: str  # the roles file they were read from
    final: frozenset[str]
    closers: frozenset[str]
    closers_text: str  # the closers as one string, for str.rstrip
    continuing: frozenset[str]
    cannot_start: frozenset[str]
    one_char_words: frozenset[str]
    sentence_marks: regex.Pattern
    word_tail: regex.Pattern
    openers: regex.Pattern
    byline: regex.Pattern
    credit_line: regex.Pattern
    credit_tail: regex.Pattern
    sign_off: regex.Pattern
    news_lead: regex.Pattern
    news_lead_alone: regex.Pattern
    jump_marker: regex.Pattern
    from_words: tuple[str, ...]
    lead_label: regex.Pattern
    lead_label_alone: regex.Pattern
    column_label: regex.Pattern
    heading_max: int
    question_max: int
    dash_max: int
    context_max: int
    context_blocks: int
    column_max: int
    column_ratio: float
    caption_max_blocks: int
    seam_gain: float
    clause_opener: regex.Pattern | None = None
    bound_start: regex.Pattern | None = None
    number_units: frozenset[str] = frozenset()
    kicker_ends: tuple[str, ...] = ()
    kicker_max: int = 0
    subtitle_like: regex.Pattern | None = None
    subtitle_label: regex.Pattern | None = None
    bound_end: frozenset[str] = frozenset()
    bound_last: frozenset[str] = frozenset()  # the last characters of those words
    clause_heads: tuple[str, ...] = ()
    refers_back: frozenset[str] = frozenset()
    object_verbs: frozenset[str] = frozenset()
    speaker_clause: regex.Pattern | None = None
    fragment_max: int = 0
    fragment_after_speaker: int = 0
    caption_shared_pairs: int = 0
    fragment_marks: regex.Pattern = _COMMAS
    breaks_off: regex.Pattern | None = None
    breaks_off_in_line: regex.Pattern | None = None
    measure_start: frozenset[str] = frozenset()
    cut_end: frozenset[str] = frozenset()
    jump_marker_start: regex.Pattern | None = None


def _chars(text: str) -> frozenset[str]:
    return frozenset(text)


def _either(words) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=4)
def signals(name: str = ROLES_FILE) -> Signals:
    """The compiled signals of a roles file (``resources/roles.toml`` by default)."""
    data = load_toml(name)
    punct, head, col, pat = data["punctuation"], data["heading"], data["column"], data["patterns"]
    final_chars = punct["final"] + punct["closers"]
    labels = _either(data["lead_box"]["labels"])
    columns = "|".join([_either(col["labels"]), *col.get("patterns", [])])
    credit = pat["credit"]
    return Signals(
        name=name,
        final=_chars(punct["final"]),
        closers=_chars(punct["closers"]),
        closers_text=punct["closers"],
        continuing=_chars(punct["continuing"]),
        cannot_start=_chars(punct["cannot_start"]),
        one_char_words=_chars(punct["one_char_words"]),
        sentence_marks=regex.compile(f"[{regex.escape(punct['sentence_marks'])}]"),
        word_tail=regex.compile(punct["word_tail"]),
        openers=regex.compile(punct["openers"]),
        byline=regex.compile(rf"^(?:{pat['byline']})$"),
        credit_line=regex.compile(rf"^\s*(?:{credit})\s*$"),
        # searched from the end backwards: a credit can only end the text, and a
        # forward search would try the credit pattern after every full stop
        credit_tail=regex.compile(rf"(?r)(?<=[{regex.escape(final_chars)}])[ \t\u3000]*(?:{credit})\s*$"),
        sign_off=regex.compile(rf"^(?:{pat['sign_off']})$"),
        news_lead=regex.compile(rf"^(?:{pat['news_lead']})"),
        news_lead_alone=regex.compile(rf"^(?:{pat['news_lead']})\s*(?:[（(][^()（）\n]{{1,40}}[）)])?\s*$"),
        jump_marker=regex.compile(rf"^(?:{pat['jump_marker']})$"),
        jump_marker_start=regex.compile(rf"^(?:{pat['jump_marker']})"),
        from_words=tuple(pat["from_words"]),
        lead_label=regex.compile(rf"^(?:{labels})(?:\s*$|\s*[:：])"),
        lead_label_alone=regex.compile(rf"^(?:{labels})\s*[:：]?\s*$"),
        column_label=regex.compile(rf"^(?:{columns})$"),
        heading_max=int(head["max_len"]),
        question_max=int(head["question_max_len"]),
        dash_max=int(head["dash_max_len"]),
        context_max=int(head["context_max_len"]),
        context_blocks=int(head["context_max_blocks"]),
        column_max=int(col["max_len"]),
        column_ratio=float(col["ratio"]),
        caption_max_blocks=int(data["caption"]["max_blocks"]),
        caption_shared_pairs=int(data["caption"].get("shared_pairs", 0)),
        seam_gain=float(head.get("cut_seam_gain", 3.0)),
        clause_opener=regex.compile(rf"^(?:{pat['clause_opener']})[，,]") if pat.get("clause_opener") else None,
        bound_start=regex.compile(rf"^(?:{punct['bound_start']})") if punct.get("bound_start") else None,
        number_units=_chars(punct.get("number_units", "")),
        kicker_ends=tuple(head.get("kicker_ends", ())),
        kicker_max=int(head.get("kicker_max_len", 0)),
        subtitle_like=regex.compile("|".join(head["subtitle_patterns"])) if head.get("subtitle_patterns") else None,
        subtitle_label=_label_pattern(int(head.get("subtitle_label_max_len", 0))),
        bound_end=frozenset(head.get("bound_end", ())),
        bound_last=frozenset(w[-1] for w in head.get("bound_end", ())),
        clause_heads=tuple(sorted(head.get("clause_heads", ()), key=len, reverse=True)),
        refers_back=_chars(head.get("refers_back", "")),
        object_verbs=frozenset(head.get("object_verbs", ())),
        speaker_clause=regex.compile(rf"^(?:{head['speaker_clause']})[，,]") if head.get("speaker_clause") else None,
        fragment_max=int(head.get("fragment_max_len", 0)),
        fragment_after_speaker=int(head.get("fragment_after_speaker", 0)),
        breaks_off_in_line=regex.compile("|".join(f"(?:{p})" for p in head["breaks_off_in_line"]))
        if head.get("breaks_off_in_line")
        else None,
        measure_start=_chars(head.get("measure_start", "")),
        cut_end=frozenset(head.get("cut_end", ())),
        fragment_marks=regex.compile(f"[{regex.escape(head.get('fragment_marks', '，,'))}]"),
        breaks_off=regex.compile("|".join(f"(?:{p})" for p in head["breaks_off"])) if head.get("breaks_off") else None,
    )


def _label_pattern(max_len: int) -> regex.Pattern | None:
    """A short label and a colon opening a line (定西:…)."""
    return regex.compile(rf"^\p{{Han}}{{1,{max_len}}}[:：]") if max_len else None


_DASH = "——"
#: why a block got its role (``Block.note``), where other code reads it back
NOTE_HEADING_SHAPE = "short, no final punctuation"
NOTE_NEWS_LEAD_ALONE = "news lead on its own"
NOTE_NEWS_LEAD = "paragraph opening with a news lead"
NOTE_CREDIT_TAIL = "text ending with a photo credit"
NOTE_RUNNING_TEXT = "running text"
NOTE_OPENS_RUNNING_TEXT = "shaped like a headline line, opening running text"

_CREDIT_REACH = 80  # a credit at the end of a caption is never longer than this
_CLAUSE_MARK = regex.compile(r"[，,；;：:。]")


_NON_WORD_CHAR = regex.compile(r"\W")


def visible_len(text: str) -> int:
    """The length of a line as the roles count it: letters, digits and Chinese
    characters, not spaces or punctuation (which later rules may change)."""
    # counted as what is left after the other characters (fewer matches)
    return len(text) - len(_NON_WORD_CHAR.findall(text))


def _visible_at_most(text: str, limit: int) -> bool:
    """``visible_len(text) <= limit``, without counting when the text is short."""
    return len(text) <= limit or visible_len(text) <= limit


#: a straight quote and the curly quotes it pairs with
_STRAIGHT_QUOTES = {'"': '"“”', "'": "'‘’"}


def ends_sentence(text: str, sig: Signals | None = None) -> bool:
    """True when ``text`` ends with sentence-final punctuation (。！？…, or a
    closing quote or bracket).  A straight quote at the end closes a quotation
    only after a final mark (``好。"``) or when the quote marks before it
    leave one open (``称为"工匠"``), as JD111 pairs them; otherwise it opens
    one (``一是"``), and the sentence goes on."""
    sig = sig or signals()
    text = text.rstrip()
    if not text:
        return True
    last = text[-1]
    if last in _STRAIGHT_QUOTES and last in sig.closers:
        return _straight_quote_closes(text, last, sig)
    return last in sig.final or last in sig.closers or text.endswith("..")  # ... is an ellipsis


def _straight_quote_closes(text: str, quote: str, sig: Signals) -> bool:
    before = text[:-1].rstrip()
    if before and before[-1] in sig.final:
        return True
    return sum(before.count(q) for q in _STRAIGHT_QUOTES[quote]) % 2 == 1


def ends_continuing(text: str, sig: Signals | None = None) -> bool:
    """True when ``text`` ends with a mark after which the sentence goes on (，、；：)."""
    sig = sig or signals()
    text = text.rstrip()
    return bool(text) and text[-1] in sig.continuing


def cannot_start_paragraph(text: str, sig: Signals | None = None) -> bool:
    """True when ``text`` begins with something no paragraph begins with: closing
    punctuation, a word that never opens a sentence (``的看家本领``), or one
    character then a comma (the tail of a word cut at a column edge,
    ``绍,近年来``) that is not a word of its own."""
    return _cannot_start_paragraph(text, (sig or signals()).name)


# The text signals asked most often, cached by text like the shapes: the
# roles, the rejoin rule and the article reading ask them again and again of
# the same block texts.
@lru_cache(maxsize=8192)
def _cannot_start_paragraph(text: str, name: str) -> bool:
    sig = signals(name)
    text = text.lstrip()
    if not text:
        return False
    if text[0] in sig.cannot_start:
        return True
    # the word lists are simplified: read the head as JD120 will leave it (們 → 们)
    head = text[:8]
    if not head.isascii():
        head = _simplified(head)
    if sig.bound_start is not None and sig.bound_start.match(head) is not None:
        return True  # 的看家本领…: a word that never opens a sentence
    return sig.word_tail.match(head) is not None and head[0] not in sig.one_char_words


def ends_with_bound_word(text: str, sig: Signals | None = None) -> bool:
    """True when the last word of ``text`` (by the dictionary) is one that
    never ends a headline or a sentence: a preposition, conjunction, adverb or
    particle that needs what follows it (``…车间的黄丽娜在``, ``刘志新和薄绍滨
    都曾``).  Whole words only: 在 of 所在, 都 of 首都 or 当 of 担当 does not
    count.  Without a dictionary nothing does."""
    sig = sig or signals()
    text = text.rstrip()
    if not text or not sig.bound_end:
        return False
    tail = _simplified_tail(text)
    return tail[-1] in sig.bound_last and lexicon.last_word(tail) in sig.bound_end


def _simplified_tail(text: str) -> str:
    """The end of ``text`` (as much as :func:`lexicon.last_word` reads) in
    simplified characters, as the word lists are written."""
    tail = text.rstrip()[-12:]
    return tail if tail.isascii() else _simplified(tail)


@lru_cache(maxsize=8192)
def _simplified(head: str) -> str:
    """``head`` in mainland simplified characters (OpenCC t2s)."""
    return _t2s().convert(head)


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


#: digits, half- and full-width
DIGITS = frozenset("0123456789０１２３４５６７８９")


def number_goes_on(left: str, right: str, sig: Signals | None = None) -> bool:
    """True when a number runs across the seam of ``left`` | ``right``: the
    left ends with a digit and the right begins with a unit (``…栏目1100`` |
    ``余期`` , ``…栗战书10`` | ``日在人民大会堂…``).  A digit on both sides
    is no sign: a paragraph may open with a date (``11月17日，…``)."""
    sig = sig or signals()
    left, right = left.rstrip(), right.lstrip()
    return bool(left) and bool(right) and left[-1] in DIGITS and right[0] in sig.number_units


def begins_with_closing(text: str, sig: Signals | None = None) -> bool:
    """True when ``text`` begins with closing or mid-sentence punctuation
    (，。、；）」…): it goes on from whatever stands before it."""
    sig = sig or signals()
    text = text.lstrip()
    return bool(text) and text[0] in sig.cannot_start


def starts_paragraph(text: str, sig: Signals | None = None) -> bool:
    """True when ``text`` opens like a paragraph of its own (``——``, ``第一，``,
    ``一是``, ``(一)``, ``1.``): a list item, not the tail of the paragraph above."""
    sig = sig or signals()
    return sig.openers.match(text.lstrip()) is not None


def is_news_lead(text: str, sig: Signals | None = None) -> bool:
    """True when ``text`` begins with a news lead (本报讯, 本报北京10月30日电…)."""
    return _is_news_lead(text, (sig or signals()).name)


@lru_cache(maxsize=8192)
def _is_news_lead(text: str, name: str) -> bool:
    return signals(name).news_lead.match(text.lstrip()) is not None


def is_news_lead_alone(text: str, sig: Signals | None = None) -> bool:
    """True when ``text`` is only a news lead, ``本报讯(记者张种 通讯员谢朝华 杨鹏)``:
    the start of a paragraph whose text is in the next block."""
    return _is_news_lead_alone(text, (sig or signals()).name)


@lru_cache(maxsize=8192)
def _is_news_lead_alone(text: str, name: str) -> bool:
    return signals(name).news_lead_alone.match(text.strip()) is not None


def is_credit_line(line: str, sig: Signals | None = None) -> bool:
    """True when ``line`` is a photo credit (新华社记者 丁汀 摄, 新华社发(张黎芝 摄))."""
    sig = sig or signals()
    return sig.credit_line.match(line) is not None


def is_byline(line: str, sig: Signals | None = None) -> bool:
    """True when ``line`` is a byline (本报记者 刘建林 李彦斌)."""
    sig = sig or signals()
    return sig.byline.match(line.strip()) is not None


def quotes_balanced(text: str) -> bool:
    """True when every opening quote in ``text`` is closed (a headline quotes
    whole phrases; a cut paragraph often leaves a quote open)."""
    return (
        text.count("“") == text.count("”")
        and text.count("「") == text.count("」")
        and text.count('"') % 2 == 0
    )


def heading_line(line: str, sig: Signals | None = None) -> bool:
    """True when one line has the shape of a headline, kicker or subtitle:
    short, no full stop, not ending inside a sentence."""
    sig = sig or signals()
    line = line.strip()
    if not line or "。" in line:
        return False
    if line.endswith(_DASH):  # kicker: 重庆倾心打造“工”字系列职工文体活动品牌——
        return _visible_at_most(line, sig.dash_max)
    if line.startswith(_DASH) and not ends_sentence(line, sig) and not ends_continuing(line, sig):
        return _visible_at_most(line, sig.dash_max)  # subtitle: ——中欧班列为世界经济发展注入新活力观察
    if ends_continuing(line, sig):
        return False
    # a closing quote or bracket ends a headline that quotes a phrase
    # (劳动之光点亮“两江四岸”); what counts is the character before it
    bare = line.rstrip(sig.closers_text) or line
    last = bare[-1]
    if last in "？！?!":
        inner = bare.rstrip("？！?!")
        return _visible_at_most(line, sig.question_max) and _CLAUSE_MARK.search(inner) is None
    if last in sig.final or last in sig.continuing or bare.endswith(".."):
        return False
    if len(bare) == len(line) and ends_with_bound_word(line, sig):
        return False  # …的黄丽娜在: the line goes on elsewhere
    return _visible_at_most(line, sig.heading_max)


_COMMA = regex.compile(r"[，,]")


def opens_running_text(text: str, sig: Signals | None = None, shortened: bool = False) -> bool:
    """True when ``text``, shaped like a headline line or not, reads as the
    start of a paragraph that breaks off (``heading.fragment_max_len`` and the
    signals beside it in roles.toml): it opens with a lead-in clause
    (``据悉，`` ``不可否认，``), with who said something and breaks off
    (``魏国强还提出，今``), with a clause head and a comma (``对于…而言，``),
    or its last comma is followed by a short fragment (``…市南区总，面向``);
    it opens with a demonstrative and holds a comma (``这是…生活，积极培育…``);
    it opens with a measure word cut from its number (``位全国劳模…``); an
    ellipsis has text after it on its line (``……为民服务敢担``).
    ``shortened``: right above a continued part, where the headline may be
    repeated cut short (``守初心、担使命，工``), only the clause openings count."""
    sig = sig or signals()
    return _opens_running_text(text, sig.name, shortened)


@lru_cache(maxsize=8192)
def _opens_running_text(text: str, name: str, shortened: bool) -> bool:
    sig = signals(name)
    t = text.strip().replace("\n", "")
    if not t or t.endswith(_DASH) or t.startswith(_DASH):
        return False
    if t[0] in sig.measure_start and lexicon.available() and not lexicon.starts_with_word(t):
        return True  # …20 | 位全国劳模…: cut from its number
    if not shortened and sig.breaks_off is not None and sig.breaks_off.search(t) is not None:
        return True
    if not shortened and sig.breaks_off_in_line is not None and sig.breaks_off_in_line.search(text) is not None:
        return True
    if _COMMA.search(t) is not None:
        if sig.speaker_clause is not None and sig.speaker_clause.match(t) is not None:
            last = visible_len(_COMMA.split(t)[-1])
            return last <= sig.fragment_after_speaker or len(lexicon.last_word(t)) == 1
        if opens_clause(t, sig):
            return True
        if sig.clause_heads and t.startswith(sig.clause_heads):
            return True
        if t[0] in sig.refers_back:
            return True  # 这是重庆市总工会丰富职工精神文化生活，积极培育…
    if shortened:
        return False
    # the clause after the last comma or semicolon (…疾驰不息；万里)
    pieces = sig.fragment_marks.split(t)
    if len(pieces) < 2:
        return False
    last = visible_len(pieces[-1])
    return 0 < last <= sig.fragment_max and last < visible_len(pieces[-2])


def heading_shape(text: str, sig: Signals | None = None) -> bool:
    """True when every line of ``text`` has the shape of a headline line and its
    quotes are balanced."""
    if "。" in text:  # a line with a full stop is no headline line (most paragraphs)
        return False
    sig = sig or signals()
    lines = [line for line in text.strip().split("\n") if line.strip()]
    if not lines or not quotes_balanced(text) or leaves_bracket_open(text):
        return False
    return all(heading_line(line, sig) for line in lines)


def leaves_bracket_open(text: str) -> bool:
    """True when ``text`` opens a bracket or a title mark it does not close
    (``…中欧班列（西`` | ``安）启程…``, ``…机关报《劳`` | ``动新闻》``): a
    headline closes what it opens."""
    return (
        text.count("（") + text.count("(") > text.count("）") + text.count(")")
        or text.count("《") > text.count("》")
        or text.count("【") > text.count("】")
    )


def marker_direction(text: str, sig: Signals | None = None) -> str | None:
    """``"from"`` or ``"to"`` for a standalone jump marker block, else None."""
    sig = sig or signals()
    text = text.strip()
    if sig.jump_marker.match(text) is None:
        return None
    core = text.lstrip("(（【〔[［ \t")
    return "from" if core.startswith(sig.from_words) else "to"


# -- roles --------------------------------------------------------------------
def _shape(text: str, indent: bool, sig: Signals) -> tuple[Role, str]:
    """The role a block has by its own text, and why."""
    t = text.strip()
    if not t:
        return PARAGRAPH, "empty"
    lines = [line.strip() for line in t.split("\n") if line.strip()]
    if sig.jump_marker.match(t):
        return MARKER, "jump marker"
    if all(sig.credit_line.match(line) for line in lines):
        return CREDIT, "photo credit"
    if len(lines) > 1 and sig.credit_line.match(lines[-1]):
        return CAPTION, "text over a credit line"
    if sig.credit_tail.search(t, max(0, len(t) - _CREDIT_REACH)):
        return CAPTION, NOTE_CREDIT_TAIL
    if len(lines) == 1 and sig.byline.match(t):
        return BYLINE, "byline"
    if sig.sign_off.match(t):
        return SIGN_OFF, "sign-off"
    if sig.lead_label.match(t):
        return LEAD_BOX, "lead box"
    if indent:
        return PARAGRAPH, "paragraph indent"
    if sig.news_lead_alone.match(t):
        return PARAGRAPH, NOTE_NEWS_LEAD_ALONE
    if sig.news_lead.match(t):
        return PARAGRAPH, NOTE_NEWS_LEAD
    if heading_shape(t, sig):
        if opens_running_text(t, sig):
            return PARAGRAPH, NOTE_OPENS_RUNNING_TEXT
        return HEADING, NOTE_HEADING_SHAPE
    return PARAGRAPH, NOTE_RUNNING_TEXT


@lru_cache(maxsize=8192)
def _facts(text: str, indent: bool, name: str) -> tuple[Role, str, bool, bool]:
    """What a block's own text tells: its role and why (:func:`_shape`), and
    whether, as a paragraph, it starts and ends mid-sentence.  Cached: blocks
    are classified again after every page rule, and most have not changed."""
    sig = signals(name)
    role, why = _shape(text, indent, sig)
    starts, ends = _mid_sentence(text, indent, sig)
    # a headline-shaped first half has no final mark before a closing quote
    # (…乌石化工会以“信息化管理”): its sentence goes on
    return role, why, starts, ends or why == NOTE_OPENS_RUNNING_TEXT


def text_role(text: str, indent: bool = False, sig: Signals | None = None) -> Role:
    """The role a block of ``text`` has by its own text alone."""
    return _facts(text, indent, (sig or signals()).name)[0]


def classify_block(block: Block, sig: Signals | None = None) -> Role:
    """The role of ``block`` from its own text (sets ``block.note`` to why)."""
    sig = sig or signals()
    role, why, _, _ = _facts(block.text.text, block.indent, sig.name)
    block.note = why
    return role


def has_marker(block: Block, direction: str) -> bool:
    """True when ``block`` carries a jump marker of ``direction`` ("to"/"from")."""
    markers = block.markers
    return bool(markers) and any(m.direction == direction for m in markers)


# Text-only parts of the context rules, cached by text like the shapes: a page
# is classified several times and most of its blocks keep their text.
@lru_cache(maxsize=8192)
def _stops_mid_sentence(text: str, name: str) -> bool:
    sig = signals(name)
    return not ends_sentence(text, sig) and not is_news_lead_alone(text, sig)


@lru_cache(maxsize=8192)
def _context_heading_text(text: str, name: str) -> bool:
    sig = signals(name)
    t = text.strip()
    return (
        2 <= visible_len(t) <= sig.context_max
        and not begins_with_closing(t, sig)
        and "。" not in t
        and len(sig.sentence_marks.findall(t)) <= 1
        and not ends_continuing(t, sig)
        and quotes_balanced(t)
        and not is_news_lead(t, sig)
    )


def _loose_end(block: Block | None, sig: Signals) -> bool:
    """True when ``block`` is running text that stops mid-sentence: what
    follows it is more likely its other half than a headline."""
    return (
        block is not None
        and block.role is PARAGRAPH
        and _stops_mid_sentence(block.text.text, sig.name)
    )


def _context_heading(block: Block, sig: Signals, shortened: bool = False) -> bool:
    """A paragraph-shaped block that may still be a headline line when it sits
    right above a byline or a continued part.  ``shortened``: right above a
    continued part, where the headline is often repeated cut short
    (``乌石化探索“互联网+职``, ``“扶上马”还``), a quotation it opens need not
    close and its last word may need what follows it."""
    if block.role is not PARAGRAPH or block.indent or block.note == NOTE_NEWS_LEAD_ALONE:
        return False
    if block.markers:  # the end or the start of an article part, not a headline
        return False
    text = block.text.text
    if opens_running_text(text, sig, shortened):
        return False
    if _context_heading_text(text, sig.name):
        return shortened or not ends_with_bound_word(text, sig)
    return shortened and _shortened_headline_text(text, sig.name)


@lru_cache(maxsize=8192)
def _shortened_headline_text(text: str, name: str) -> bool:
    """A short line with no sentence punctuation that opens a quotation and
    leaves it open: a headline cut short, not the tail of a paragraph (which
    would close a quotation it never opened)."""
    sig = signals(name)
    t = text.strip()
    return (
        "\n" not in t
        and 2 <= visible_len(t) <= sig.heading_max
        and not quotes_balanced(t)
        and not opens_inside_quote(t)
        and sig.sentence_marks.search(t) is None
        and "。" not in t
        and not ends_sentence(t, sig)
        and not ends_continuing(t, sig)
        and not cannot_start_paragraph(t, sig)
    )


class PageFacts(NamedTuple):
    """What :func:`classify_page` saw of a whole page."""

    indents: bool  # most paragraphs begin with a paragraph indent
    credits: list[int]  # where photo credits stand (alone or closing a caption), in page.blocks


def classify_page(page: Page, sig: Signals | None = None) -> PageFacts:
    """Give every block of ``page`` a role: first from its own text, then from
    its place among the others (furniture and markers set by rules stay).
    Paragraphs that start or end mid-sentence are marked as such."""
    sig = sig or signals()
    name = sig.name
    paragraph, heading, furniture, marker = PARAGRAPH, HEADING, FURNITURE, MARKER
    credit, caption = CREDIT, CAPTION
    blocks: list[Block] = []  # every block but furniture
    facts: list[tuple[Role, str, bool, bool] | None] = []  # per block of the page, None: role set by a rule
    indented = 0
    flush: list[Block] = []  # paragraphs without the indent
    credits: list[int] = []
    for k, block in enumerate(page.blocks):
        role = block.role
        if role is furniture:
            facts.append(None)
            continue
        if role is marker:
            facts.append(None)
        else:
            found = _facts(block.text.text, block.indent, name)
            role, block.note, _, _ = found
            block.role = role
            facts.append(found)
        blocks.append(block)
        if role is paragraph:
            if block.indent:
                indented += 1
            else:
                flush.append(block)
        elif role is credit or role is caption:
            credits.append(k)
    # a flush line that may be a headline line is no sign that the page does
    # not indent its paragraphs (in the corrected text every paragraph is
    # indented and every headline line flush)
    page_indents = indented > 0 and indented >= sum(1 for b in flush if not _context_heading(b, sig))
    for k, block in enumerate(blocks):
        # the rules in order, each only where it can apply (this runs often);
        # ``role`` is read again after a rule that may change block k
        role = block.role
        if role is paragraph:
            if page_indents and not block.indent:
                _unindented_heading(blocks, k, sig)
                role = block.role
            if role is paragraph and k and blocks[k - 1].role is LEAD_BOX:
                _lead_box_text(blocks, k, sig)
                role = block.role
        if role is BYLINE or block.markers or (role is paragraph and block.note == NOTE_NEWS_LEAD):
            _headline_group_above(blocks, k, sig)  # changes the blocks above k only
        # both rules below leave alone the first block and a heading that
        # did not get its role from its shape alone
        if role is heading and k and block.note == NOTE_HEADING_SHAPE:
            _cut_in_word(blocks, k, sig)
            _cut_paragraph(blocks, k, sig)
            if block.role is heading:
                _goes_on_from_above(blocks, k, sig)
    # what mark_mid_sentence does, with the marks read along with the roles
    for block, found in zip(page.blocks, facts):
        if block.role is paragraph:
            _, _, block.starts_mid_sentence, block.ends_mid_sentence = found or _facts(
                block.text.text, block.indent, name
            )
        else:
            block.starts_mid_sentence = block.ends_mid_sentence = False
    return PageFacts(page_indents, credits)


# context rules: each looks at block k among its neighbours and may change its
# role (or the role of the blocks above it)


def _unindented_heading(blocks: list[Block], k: int, sig: Signals) -> None:
    """On a page that indents its paragraphs, a short block without the indent
    that does not go on from the block above is a headline line; so is one
    under text that breaks off mid-sentence when it heads what opens a story
    below it (as over a continued part, :func:`_headline_group_above`)."""
    block, prev = blocks[k], blocks[k - 1] if k else None
    if (
        not block.indent
        # as right above a continued part (cut short, a word needing what
        # follows): the corrected text keeps such a line flush where the
        # marker is gone, and reads it as before (normalising twice equals
        # normalising once); this takes in every line _context_heading does
        and _context_heading(block, sig, shortened=True)
        and not (prev is not None and begins_with_closing(block.text.text, sig))
        and (
            not _loose_end(prev, sig)
            or (k + 1 < len(blocks) and _heads_story(blocks[k + 1], block, sig) and _opens_story(blocks[k + 1], sig))
        )
    ):
        block.role, block.note = HEADING, "no paragraph indent where paragraphs have one"


def _lead_box_text(blocks: list[Block], k: int, sig: Signals) -> None:
    """The text under a lead-box label standing on its own is the lead box."""
    block, prev = blocks[k], blocks[k - 1] if k else None
    if (
        prev is not None
        and prev.role is LEAD_BOX
        and sig.lead_label_alone.match(prev.text.text.strip())
        and block.role is PARAGRAPH
    ):
        block.role, block.note = LEAD_BOX, "text of a lead box"


NOTE_BROKEN_HEADLINE = "headline line broken over two blocks above a continued part"


def _headline_group_above(blocks: list[Block], k: int, sig: Signals) -> None:
    """The blocks right above a byline or a paragraph opening with a news lead
    (``央视网消息（新闻联播）：…``; up to ``context_max_blocks``), or the one
    right above a continued part, are headline lines even when long."""
    block = blocks[k]
    if has_marker(block, "from"):
        reach, why = 1, "headline group above a continued part"
    elif block.role is BYLINE:
        reach, why = sig.context_blocks, "headline group above a byline"
    elif block.note == NOTE_NEWS_LEAD and not block.indent:
        reach, why = sig.context_blocks, "headline group above a news lead"
    else:
        return
    j = k - 1
    while j >= 0 and k - j <= reach:
        above, higher = blocks[j], blocks[j - 1] if j else None
        if above.role not in HEADING_ROLES:
            if not _context_heading(above, sig, shortened=reach == 1):
                if reach == 1 and _broken_in_quote(blocks, j, sig):
                    above.role, above.note = HEADING, why
                    blocks[j - 1].role, blocks[j - 1].note = HEADING, NOTE_BROKEN_HEADLINE
                return
            if (
                _loose_end(higher, sig)
                and not _heads_story(block, above, sig)
                and not (block.role is BYLINE and _lacks_headline(blocks[j + 1 : k], sig))
                and not (reach == 1 and _repeated_headline_clause(above, sig) and not _reads_on(higher, above, sig))
            ):
                return
            if _loose_end(higher, sig) and _reads_on(higher, above, sig):
                return
            above.role, above.note = HEADING, why
        j -= 1
    if reach == 1 and k >= 2:
        _broken_headline_above(blocks, k - 1, sig)


def _repeated_headline_clause(above: Block, sig: Signals) -> bool:
    """True when ``above``, right over a continued part, is a headline of two
    clauses (one comma: ``守初心、担使命，工会干…``) printed again, cut short
    or not: one line, no final punctuation, no quotation left open or
    closed unopened.  Under text that breaks off, it is the headline when
    that text does not read on into it (:func:`_reads_on`)."""
    t = above.text.text.strip()
    return (
        "\n" not in t
        and len(sig.sentence_marks.findall(t)) == 1
        and quotes_balanced(t)
        and not ends_sentence(t, sig)
        and not ends_continuing(t, sig)
        and not cannot_start_paragraph(t, sig)
        and _visible_at_most(t, sig.context_max)
    )


def _lacks_headline(between: list[Block], sig: Signals) -> bool:
    """True when ``between`` (the blocks from a candidate down to a byline)
    holds no line that can be the headline: nothing, or column labels only.
    A byline always has a headline above it, so the block over them is it,
    even under text that breaks off mid-sentence (the text of an article
    whose rest is elsewhere)."""
    return all(b.role in HEADING_ROLES and _column_candidate(b, sig) for b in between)


def _reads_on(above: Block, block: Block, sig: Signals) -> bool:
    """True when ``block`` reads on from ``above``, a paragraph that stops
    mid-sentence: it cannot begin a paragraph, it closes a quotation that
    ``above`` left open, a number runs across the seam, or a dictionary word
    does (``…负责人介`` | ``绍,近年来…``)."""
    a, b = above.text.text.strip(), block.text.text.strip()
    return (
        cannot_start_paragraph(b, sig)
        or opens_inside_quote(b)
        or number_goes_on(a, b, sig)
        or seam_gain(a, b) >= sig.seam_gain
    )


def _broken_headline_above(blocks: list[Block], h: int, sig: Signals) -> None:
    """A headline over a continued part, broken in two at a line edge
    (``守初心、担使命，工`` | ``会干部重整行装再出发``): the block above the
    headline line at ``h`` is a headline line too when a dictionary word runs
    across their seam, or the upper one ends on a word that never ends a line
    of its own (共同栽培友谊之 | 树（出访归来）), and not across the seam with
    the text above it."""
    line, above = blocks[h], blocks[h - 1]
    if line.role is not HEADING or above.markers or above.indent:
        return
    if above.role is not HEADING and (above.role is not PARAGRAPH or is_news_lead(above.text.text, sig)):
        return
    a, b = above.text.text.strip(), line.text.text.strip()
    if (
        "\n" in a
        or "。" in a
        or ends_continuing(a, sig)
        or ends_sentence(a, sig)
        or not _visible_at_most(a + b, sig.context_max)
        or cannot_start_paragraph(a, sig)
        or (seam_gain(a, b) < sig.seam_gain and not ends_with_bound_word(a, sig))
    ):
        return
    higher = blocks[h - 2] if h >= 2 else None
    if higher is not None and _loose_end(higher, sig) and _reads_on(higher, above, sig):
        return
    above.role, above.note = HEADING, NOTE_BROKEN_HEADLINE


def _broken_in_quote(blocks: list[Block], j: int, sig: Signals) -> bool:
    """True when the block at ``j``, right above a continued part, is the
    second line of a headline broken inside a quotation (``青岛“夏送清`` |
    ``凉”有了新模式``): it opens inside the quotation the block above it leaves
    open, and the two read as one headline line, not as text going on from
    the block above them.  Read as paragraphs, the two could be rejoined
    with text breaking off above them (``…也应该成为工会工作的生命``)."""
    if j == 0:
        return False
    line, upper = blocks[j], blocks[j - 1]
    if upper.role not in (PARAGRAPH, HEADING) or upper.markers or upper.indent or line.indent:
        return False
    a, b = upper.text.text.strip(), line.text.text.strip()
    if "\n" in a or "\n" in b or not opens_inside_quote(b) or quotes_balanced(a) or not heading_shape(a + b, sig):
        return False
    higher = blocks[j - 2] if j >= 2 else None
    return not (higher is not None and _loose_end(higher, sig) and _reads_on(higher, upper, sig))


def _heads_story(block: Block, above: Block, sig: Signals) -> bool:
    """True when ``above``, right over ``block`` (a byline, a news lead, a
    continued part), is a headline line even under text that breaks off
    mid-sentence: it opens a sentence and ends none (no final punctuation
    anywhere), which the tail of that text would."""
    t = above.text.text.strip()
    return not sig.sentence_marks.search(t) and not cannot_start_paragraph(t, sig) and not ends_sentence(t, sig)


def _cut_paragraph(blocks: list[Block], k: int, sig: Signals) -> None:
    """A short block with commas right under a paragraph, or under a section
    head inside the text, is a cut paragraph, unless it heads what follows (a
    byline, a new story, a continued part): when it opens like running text
    (``据了解，``) or reads on into a neighbour.  So is a block wrapped inside
    a word, and one without commas whose last word goes on in the paragraph
    below."""
    block = blocks[k]
    if block.role is not HEADING or block.note != NOTE_HEADING_SHAPE:
        return
    prev = blocks[k - 1] if k else None
    before = blocks[k - 2] if k > 1 else None
    nxt = blocks[k + 1] if k + 1 < len(blocks) else None
    under_text = prev is not None and (
        prev.role is PARAGRAPH
        or (
            prev.role is HEADING
            and before is not None
            and before.role is PARAGRAPH
            and (nxt is None or nxt.role not in HEADING_ROLES)
        )
    )
    if not under_text or (nxt is not None and _opens_story(nxt, sig)):
        return
    text = block.text.text
    if _cut_paragraph_shape(text, sig):
        if opens_clause(text, sig) or _meets_neighbour(prev, block, nxt, sig) or _goes_on_into(nxt, sig):
            block.role, block.note = PARAGRAPH, "short text with commas under a paragraph"
    elif _wrapped_text(text, sig.name):
        block.role, block.note = PARAGRAPH, "text with commas wrapped inside a word"
    elif _reads_into(block, nxt, sig):
        block.role, block.note = PARAGRAPH, "short text going on into the paragraph below"


def _cut_in_word(blocks: list[Block], k: int, sig: Signals) -> None:
    """A headline-shaped block whose last word is a character that ends a
    line cut inside a title or a word (``…工会联合会主`` | ``席…``,
    ``heading.cut_end``) is the first piece of a paragraph, unless a continued
    part follows it: there a headline may be repeated cut short
    (``“中国梦·劳动美”系列主``)."""
    block = blocks[k]
    if not sig.cut_end or block.note != NOTE_HEADING_SHAPE:
        return
    text = block.text.text.rstrip()
    if not text or text[-1] not in sig.cut_end or lexicon.last_word(text) not in sig.cut_end:
        return
    nxt = blocks[k + 1] if k + 1 < len(blocks) else None
    if nxt is not None and _continued_part(nxt, sig):
        return
    block.role, block.note = PARAGRAPH, "short text cut inside a word"


def _continued_part(block: Block, sig: Signals) -> bool:
    """True when ``block`` is, or opens with, the marker of a continued part
    (``（上接第5版）…``)."""
    if has_marker(block, "from"):
        return True
    if block.role is MARKER:
        return marker_direction(block.text.text, sig) == "from"
    t = block.text.text.strip()
    m = sig.jump_marker_start.match(t) if sig.jump_marker_start is not None else None
    return m is not None and marker_direction(m.group(), sig) == "from"


def _goes_on_from_above(blocks: list[Block], k: int, sig: Signals) -> None:
    """A short block right under a paragraph that stops mid-sentence is the
    rest of that paragraph, not a headline, when it cannot begin a text
    (``，…`` ``的看家本领``), closes a quotation it never opened, or finishes
    a number (``…突破11`` | ``万列的中欧班列``)."""
    block, prev = blocks[k], blocks[k - 1]
    if block.note != NOTE_HEADING_SHAPE or block.markers or not _loose_end(prev, sig):
        return
    a, b = prev.text.text.strip(), block.text.text.strip()
    if cannot_start_paragraph(b, sig) or opens_inside_quote(b) or number_goes_on(a, b, sig):
        block.role, block.note = PARAGRAPH, "short text going on from the paragraph above"


def _goes_on_into(nxt: Block | None, sig: Signals) -> bool:
    """True when ``nxt``, right under a short block with commas, is an
    unindented paragraph that does not open a sentence of its own the way
    the first paragraph under a headline does (a lead-in clause such as
    ``7月26日，``, a list item, a quotation): the short block is the first
    piece of that paragraph (``一个月里，调研组赶赴20个省，深入`` |
    ``46家基层工会…``), not a headline (``守初心、担使命，工会干部重整行装再
    出发`` | ``7月26日，在全总机关…``)."""
    if nxt is None or nxt.role is not PARAGRAPH or nxt.indent or nxt.markers:
        return False
    below = nxt.text.text.lstrip()
    return bool(below) and below[0] not in "“「‘\"'(（《【" and not opens_clause(below, sig) and not starts_paragraph(below, sig)


def opens_clause(text: str, sig: Signals | None = None) -> bool:
    """True when ``text`` opens like a sentence of running text: a lead-in
    clause and a comma (``据了解，`` ``意见明确，`` ``在健康保障方面，``
    ``韩正在讲话中表示，``)."""
    sig = sig or signals()
    return sig.clause_opener is not None and sig.clause_opener.match(text.strip()) is not None


def opens_open_clause(text: str, sig: Signals | None = None) -> bool:
    """True when ``text`` opens with a word that needs a main clause after
    its own (``随着…，`` ``对于…而言，``; ``heading.clause_heads``) and holds
    no sentence punctuation yet: the clause is left unfinished, as no
    headline leaves it.  Whole words only (``针对性`` does not count)."""
    sig = sig or signals()
    t = text.strip()
    if not sig.clause_heads or not t.startswith(sig.clause_heads) or sig.sentence_marks.search(t) is not None:
        return False
    head = next(w for w in sig.clause_heads if t.startswith(w))
    return not (lexicon.available() and any(lexicon.is_word(t[: len(head) + j]) for j in (1, 2)))


def refers_back(text: str, sig: Signals | None = None) -> bool:
    """True when ``text`` opens with a demonstrative (``这是…`` ``此次…``;
    ``heading.refers_back``): it refers to the text above it."""
    sig = sig or signals()
    t = text.lstrip()
    return bool(t) and t[0] in sig.refers_back


def ends_wanting_object(text: str, sig: Signals | None = None) -> bool:
    """True when the last word of ``text`` (by the dictionary) is a verb
    that needs an object after it (``…总工会坚持``, ``…将数字化作为``;
    ``heading.object_verbs``).  Without a dictionary nothing does."""
    sig = sig or signals()
    if not sig.object_verbs:
        return False
    return lexicon.last_word(_simplified_tail(text)) in sig.object_verbs


_QUOTED_SENTENCE_THEN_TEXT = regex.compile(r"[。！？!?…⋯][”’」』]\p{Han}")


def quoted_sentence_then_text(text: str) -> bool:
    """True when a quotation that is a sentence of its own (closing ``！”``,
    ``。”``) is followed by more text in ``text`` (``“咱们产业工人的发展路径是
    畅通的！”江苏双环``): who said it, opening the next sentence of running
    text."""
    return _QUOTED_SENTENCE_THEN_TEXT.search(text) is not None


def _reads_into(block: Block, nxt: Block | None, sig: Signals) -> bool:
    """True when a dictionary word or a number spans the seam of ``block``
    and the unindented paragraph below it (``…骑手驿`` | ``站为支点…``,
    ``…栏目1100`` | ``余期…``): a section head ends with a whole word and its
    paragraph starts with one."""
    if nxt is None or nxt.role is not PARAGRAPH or nxt.indent or not lexicon.available():
        return False
    text = block.text.text.strip()
    below = nxt.text.text.strip()
    return (
        "\n" not in text
        and bool(below)
        and (number_goes_on(text, below, sig) or _seam_gain(text, below) >= sig.seam_gain)
    )


@lru_cache(maxsize=8192)
def _wrapped_text(text: str, name: str) -> bool:
    """True when ``text`` runs over several lines, holds sentence commas and
    a dictionary word spans one of its line breaks (``…数`` | ``字经济…``):
    running text wrapped at a column edge, not headline lines broken between
    phrases."""
    sig = signals(name)
    lines = [line.strip() for line in text.strip().split("\n") if line.strip()]
    if len(lines) < 2 or sig.sentence_marks.search(text) is None or not lexicon.available():
        return False
    return any(_seam_gain(a, b) >= sig.seam_gain for a, b in pairwise(lines))


def _meets_neighbour(prev: Block, block: Block, nxt: Block | None, sig: Signals) -> bool:
    """True when ``block`` reads on from the paragraph above or into the block
    below: a dictionary word spans the seam (``重大事项报`` | ``告等…``), or the
    block below cannot begin a paragraph.  A headline with commas (``守初心、
    担使命，工会干部重整行装再出发``) over a paragraph meets neither: no word
    runs across.  Above anything but a paragraph, or without a dictionary,
    every short block with commas under a paragraph counts."""
    # a heading below that opens a clause of running text is read as the
    # paragraph it will be (``守初心、担使命，…`` over ``7月26日，在全总…``)
    below_text = nxt is not None and (
        nxt.role is PARAGRAPH
        or (
            nxt.role is HEADING
            and _cut_paragraph_shape(nxt.text.text, sig)
            and opens_clause(nxt.text.text, sig)
        )
    )
    if not lexicon.available() or not below_text:
        return True  # above a section head or at the end: a loose end (000:98 …资源下沉，落)
    text = block.text.text.strip()
    below = nxt.text.text.strip()
    if not nxt.indent and below and (cannot_start_paragraph(below, sig) or _seam_gain(text, below) >= sig.seam_gain):
        return True
    above = prev.text.text.strip()
    # under a paragraph that opens a sentence the way the first paragraph of
    # a story does (``7月26日，…``), a headline is likelier: a word across
    # the seam above must be a sure one (``…筹集专`` | ``守初心、担使命，…``
    # makes 专守, a rare word)
    need = 2 * sig.seam_gain if not nxt.indent and opens_clause(below, sig) else sig.seam_gain
    return (
        prev.role is PARAGRAPH
        and _stops_mid_sentence(above, sig.name)
        and bool(above)
        and _seam_gain(above, text) >= need
    )


def seam_gain(left: str, right: str) -> float:
    """How much a dictionary word spanning the seam of ``left`` | ``right``
    gains (:func:`normalizer.lexicon.seam_gain`; 0 without a dictionary)."""
    if not lexicon.available():
        return 0.0
    return _seam_gain(left.strip(), right.strip())


@lru_cache(maxsize=8192)
def _seam_gain(left: str, right: str) -> float:
    return lexicon.seam_gain(left[-8:], right[:8])


def _cut_paragraph_shape(text: str, sig: Signals) -> bool:
    """One line holding commas, neither a kicker (……——) nor a list item."""
    return _cut_paragraph_text(text, sig.name)


@lru_cache(maxsize=8192)
def _cut_paragraph_text(text: str, name: str) -> bool:
    sig = signals(name)
    t = text.strip()
    return (
        "\n" not in t
        and sig.sentence_marks.search(t) is not None
        and not t.endswith(_DASH)
        and not t.startswith(_DASH)
        and not starts_paragraph(t, sig)
    )


def _opens_story(block: Block, sig: Signals) -> bool:
    """True when ``block`` is what follows a headline: a byline, a news lead,
    a continued part, a lead box, an indented paragraph."""
    if block.role in (BYLINE, LEAD_BOX) or block.indent or has_marker(block, "from"):
        return True
    if block.role is MARKER:
        return marker_direction(block.text.text, sig) == "from"
    return is_news_lead(block.text.text, sig)


def opens_inside_quote(text: str) -> bool:
    """True when the first curly quote in ``text`` closes a quotation: the
    text begins inside one (``村搬迁而来，…安在了这里。”``)."""
    close = text.find("”")
    return close >= 0 and text.find("“", 0, close) < 0


def mark_mid_sentence(page: Page, sig: Signals | None = None) -> None:
    """Mark the paragraphs of ``page`` that start or end mid-sentence: their
    other half is not on the page (or not found yet)."""
    name = (sig or signals()).name
    for block in page.blocks:
        if block.role is PARAGRAPH:
            block.starts_mid_sentence, block.ends_mid_sentence = _facts(block.text.text, block.indent, name)[2:]
        else:
            block.starts_mid_sentence = block.ends_mid_sentence = False


def _mid_sentence(text: str, indent: bool, sig: Signals) -> tuple[bool, bool]:
    """(starts, ends) mid-sentence for a paragraph of ``text``."""
    t = text.strip()
    if not t:
        return False, False
    ends = not ends_sentence(t, sig) and t[-1] not in "：:"
    starts = not indent and (cannot_start_paragraph(t, sig) or opens_inside_quote(t))
    return starts, ends


# -- articles -----------------------------------------------------------------
def _column_candidate(block: Block, sig: Signals) -> bool:
    return sig.column_label.match(block.text.text.strip()) is not None


def tell_heading_group(group: list[Block], before_byline: bool, sig: Signals | None = None) -> dict:
    """Split a headline group (blocks in page order) into column label, kicker,
    headline and subtitles, and set each block's role.

    Signals, strongest first: a known column label; a line ending with ``——``
    is a kicker and one beginning with ``——`` a subtitle; a very short line
    right above the byline next to a much longer headline is the column label;
    of two other lines the shorter is the headline (the first on a tie), the
    other a kicker above it or a subtitle below it; of three or more, kicker,
    headline, subtitles in that order.
    """
    sig = sig or signals()
    column: Block | None = None
    kickers: list[Block] = []
    subtitles: list[Block] = []
    rest: list[Block] = []
    for block in group:
        t = block.text.text.strip()
        if column is None and _column_candidate(block, sig):
            column = block
        elif t.endswith(_DASH):
            kickers.append(block)
        elif t.startswith(_DASH):
            subtitles.append(block)
        else:
            rest.append(block)
    if column is None and before_byline and len(rest) >= 2 and rest[-1] is group[-1]:
        last = visible_len(rest[-1].text.text)
        longest = max(visible_len(b.text.text) for b in rest[:-1])
        if last <= sig.column_max and (len(rest) >= 3 or longest >= sig.column_ratio * last):
            column = rest.pop()
    headline: Block | None = None
    if len(rest) == 1:
        headline = rest[0]
    elif len(rest) == 2:
        a, b = rest
        if kickers or _first_is_headline(a.text.text.strip(), b.text.text.strip(), sig):
            headline, subtitles = a, [b, *subtitles]
        else:
            headline, kickers = b, [a, *kickers]
    elif len(rest) >= 3:
        if kickers or _parallel_subtitles(rest[1:], sig):
            headline, subtitles = rest[0], [*rest[1:], *subtitles]
        else:
            kickers, headline, subtitles = [rest[0], *kickers], rest[1], [*rest[2:], *subtitles]
    elif kickers:
        headline = kickers.pop()
    elif subtitles:
        headline = subtitles.pop(0)
    elif column is not None:
        headline, column = column, None
    kickers.sort(key=group.index)
    subtitles.sort(key=group.index)
    for block in kickers:
        block.role = KICKER
    for block in subtitles:
        block.role = SUBTITLE
    if headline is not None:
        headline.role = HEADLINE
    if column is not None:
        column.role = COLUMN
    return {"column": column, "kicker": kickers, "headline": headline, "subtitles": subtitles}


def _first_is_headline(a: str, b: str, sig: Signals) -> bool:
    """Of two headline lines ``a`` over ``b`` (no —— mark on either), whether
    ``a`` is the headline (``b`` its subtitle) rather than ``b`` (``a`` its
    kicker).  Strongest first: ``a`` ends with a verb whose object is ``b``
    (…马吉孝提出 | 扛起使命担当…), or is a word or two over a longer line
    (朝鲜 | 纪念金正日诞辰70周年): a kicker; ``b`` says who else attended
    (王沪宁出席有关活动): a subtitle; else the shorter line (the first on a
    tie)."""
    if a.endswith(sig.kicker_ends):
        return False
    la, lb = visible_len(a), visible_len(b)
    if la <= sig.kicker_max < lb:
        return False
    if sig.subtitle_like is not None:
        sub_a, sub_b = sig.subtitle_like.search(a) is not None, sig.subtitle_like.search(b) is not None
        if sub_a != sub_b:
            return sub_b
    return la <= lb


def _parallel_subtitles(lines: list[Block], sig: Signals) -> bool:
    """True when every one of ``lines`` (two or more) opens with a short label
    and a colon (定西:… / 十堰:…): parallel subtitles under the line above."""
    if sig.subtitle_label is None or len(lines) < 2:
        return False
    return all(sig.subtitle_label.match(b.text.text.strip()) for b in lines)


def _first_marker(blocks: list[Block], direction: str):
    for block in blocks:
        for marker in block.markers:
            if marker.direction == direction:
                return marker
    return None


def _finish(article: Article) -> None:
    """Fill in an article's page links and mid-sentence flags from its blocks."""
    blocks = article.blocks()
    came = _first_marker(blocks, "from")
    goes = _first_marker(list(reversed(blocks)), "to")
    if came is not None:
        article.continued_from_page = came.target
    if goes is not None:
        article.continues_to_page = goes.target
    text = [b for b in article.body if b.role is PARAGRAPH]
    article.starts_mid_sentence = bool(text) and text[0].starts_mid_sentence
    article.ends_mid_sentence = bool(text) and text[-1].ends_mid_sentence


_ARTICLE_ENDS = frozenset({FURNITURE, CAPTION, CREDIT, SIGN_OFF})


def _caption_text_block(block: Block, sig: Signals) -> bool:
    """True when ``block`` may be a text block of a caption: an unindented
    paragraph of whole sentences, carrying no jump marker, opening no story."""
    if block.role is not PARAGRAPH or block.indent or block.markers:
        return False
    if block.starts_mid_sentence or _breaks_off(block, sig):
        return False
    t = block.text.text.strip()
    return bool(t) and ends_sentence(t, sig) and not is_news_lead(t, sig) and not t.startswith(_DASH)


def _ends_article(block: Block, sig: Signals) -> bool:
    """True when the text after ``block`` cannot be the text of the article
    above it: furniture, another caption, a sign-off, a continued-on marker."""
    if block.role in _ARTICLE_ENDS or has_marker(block, "to"):
        return True
    return block.role is MARKER and marker_direction(block.text.text, sig) == "to"


def _title_after(blocks: list[Block], c: int, sig: Signals) -> bool:
    """True when a single heading right under the credit at ``c`` is the
    caption's title (000:54-56 text and credit, then 探访第六届进博会布展现场):
    a heading alone, not heading what follows it (a byline, a news lead…),
    that shares at least as many words with the caption as with the text
    under it (a title names what its photo shows: 探访第六届进博会布展现场 over
    …第六届中国国际进口博览会…布展…)."""
    if c + 1 >= len(blocks) or blocks[c + 1].role is not HEADING:
        return False
    nxt = blocks[c + 2] if c + 2 < len(blocks) else None
    if nxt is None:
        return True
    if nxt.role is HEADING or _opens_story(nxt, sig):
        return False
    title = han_pairs(blocks[c + 1].text.text)
    above = len(title & han_pairs(_caption_text_at(blocks, c, sig)))
    # whole sentences under it running down to a credit: the title of the
    # next caption, unless it names what the caption above shows more
    k = c + 2
    while k < len(blocks) and k - c - 2 < sig.caption_max_blocks and _caption_text_block(blocks[k], sig):
        k += 1
    if k < len(blocks) and blocks[k].role in (CREDIT, CAPTION):
        below = len(title & han_pairs("".join(b.text.text for b in blocks[c + 2 : k + 1])))
        return above > below
    # a title shares at least a word with what its photo shows
    return above > 0 and above >= len(title & han_pairs(nxt.text.text))


_HAN_RUN = regex.compile(r"\p{Han}{2,}")


def han_pairs(text: str) -> frozenset[str]:
    """The pairs of neighbouring Chinese characters in ``text``: what two
    texts share of them tells whether they are about the same thing."""
    out: set[str] = set()
    for run in _HAN_RUN.findall(text):
        out.update(map(str.__add__, run, run[1:]))
    return frozenset(out)


def _title_below(blocks: list[Block], c: int, heading: Block | None, sig: Signals) -> bool:
    """True when the heading right under the credit at ``c`` is the title of
    the caption the credit closes, printed after it (000:54-56): it names the
    caption, sharing words with the text the credit closes (the text before
    the credit in its block, or the block right above a credit standing
    apart), more than ``heading`` does (the heading above the caption's
    text, if any: a caption has one title, so that heading is then no title
    of it but heads the text above the caption) and no fewer than with the
    block under it (003:114-116 哈尔滨亚冬会进入倒计时100天 over 在哈尔滨市道外区景阳街…).
    A heading over a byline or a news lead heads a story, never a caption."""
    below = blocks[c + 1] if c + 1 < len(blocks) else None
    if below is None or below.role is not HEADING or below.markers:
        return False
    nxt = blocks[c + 2] if c + 2 < len(blocks) else None
    if nxt is not None and _opens_story(nxt, sig):
        return False
    credit = blocks[c]
    if credit.role is CAPTION:
        closing = credit.text.text
    elif c > 0 and blocks[c - 1] is not heading:
        closing = blocks[c - 1].text.text
    else:
        return False
    words = han_pairs(closing)
    title = han_pairs(below.text.text)
    named = len(title & words)
    if named == 0 or (heading is not None and len(han_pairs(heading.text.text) & words) >= named):
        return False
    return nxt is None or named >= len(title & han_pairs(nxt.text.text))


def _titles_apart(upper: Block, title: Block, text: list[Block]) -> bool:
    """True when ``title``, the lower of two headings over a caption's
    ``text``, is the caption's title and ``upper`` heads something else (a
    section head of the article above): ``title`` names what the caption
    says, ``upper`` shares no word with it nor with the caption (a kicker
    and its headline share the story's words: 弘扬“三个精神” 培育劳模工匠 over
    北京市总组织巾帼劳模工匠进高校宣讲)."""
    words: set[str] = set()
    for block in text:
        words |= han_pairs(block.text.text)
    named = han_pairs(title.text.text)
    other = han_pairs(upper.text.text)
    return bool(named & words) and not other & words and not other & named


def _names_caption(heading: Block, caption: Caption, nxt: Block) -> bool:
    """True when ``heading`` shares at least as many words with the text of
    ``caption`` as with ``nxt``, the block under it: the caption's title
    rather than the headline of the text below."""
    title = han_pairs(heading.text.text)
    above = len(title & han_pairs("".join(b.text.text for b in caption.parts)))
    return above >= len(title & han_pairs(nxt.text.text))


def _caption_text_at(blocks: list[Block], c: int, sig: Signals) -> str:
    """The text of the caption closed at ``c``: the text before its credit
    and the whole sentences right above it."""
    parts = [blocks[c].text.text] if blocks[c].role is CAPTION else []
    j = c - 1
    while j >= 0 and c - 1 - j < sig.caption_max_blocks and _caption_text_block(blocks[j], sig):
        parts.append(blocks[j].text.text)
        j -= 1
    return "".join(parts)


def _breaks_off(block: Block, sig: Signals) -> bool:
    """True when the paragraph ``block`` stops inside a sentence: no final
    mark at its end, or a closing quote right after a word (``…“今年的‘线上送清凉’``,
    a quoted phrase whose sentence goes on), so that whole sentences under
    it cannot be its article's text going on."""
    if block.ends_mid_sentence:
        return True
    text = block.text.text.rstrip()
    bare = text.rstrip(sig.closers_text)
    return bare != text and bool(bare) and bare[-1] not in sig.final and bare[-1] not in sig.continuing


def _joined(block: Block) -> bool:
    """True when ``block`` holds text from beyond its own raw span: text
    joined to it from a block printed after it (a rejoin or a merge)."""
    spans = block.text.spans()
    return bool(spans) and (spans[-1].page != block.page or spans[-1].end > block.end)


def _words_of(blocks: list[Block], start: Iterable[str] = ()) -> Callable[[], set[str]]:
    """The pairs of characters of ``blocks`` (and ``start``), worked out
    once, when first asked for."""
    cache: list[set[str]] = []

    def words() -> set[str]:
        if not cache:
            out = set(start)
            for block in blocks:
                out |= han_pairs(block.text.text)
            cache.append(out)
        return cache[0]

    return words


def _caption_run_by_words(
    blocks: list[Block],
    c: int,
    window: list[Block],
    titled: bool,
    other: Callable[[], set[str]],
    sig: Signals,
    lone: bool,
) -> int:
    """How many of the last blocks of ``window`` (paragraphs of whole
    sentences right above the credit at ``c``) are the text of the caption
    the credit closes, told by their words.  Going up from the credit, a
    paragraph is the caption's when it shares at least
    ``caption.shared_pairs`` pairs of characters (:func:`han_pairs`) with the
    caption below it (its text so far, the text the credit ends, the title
    under the credit when ``titled`` and :func:`_title_below` takes it) and
    more than with ``other()``, the words of the text it would otherwise go
    on (an article's headline and paragraphs; read only when asked).  The
    paragraph right above a credit standing apart is the caption's (a
    credit closes the text right above it) when ``lone`` says so, or when
    the title under the credit names it more than ``other()`` does.  The run stops above a paragraph
    joined from text printed apart (:func:`_joined`: a rejoined or merged
    paragraph, which may hold article text joined to the caption's first
    block): the words it brings are not all the caption's."""
    if not window or not sig.caption_shared_pairs:
        return 0
    size = 0
    words: set[str] = set()
    if titled and _title_below(blocks, c, None, sig):
        words |= han_pairs(blocks[c + 1].text.text)
    if blocks[c].role is not CREDIT:
        words |= han_pairs(blocks[c].text.text)
    else:
        pairs = han_pairs(window[-1].text.text)
        if not (lone or len(pairs & words) > len(pairs & other())):
            return 0
        size = 1
        words |= pairs
    least = sig.caption_shared_pairs
    while size < len(window) and not (size and _joined(window[-size])):
        pairs = han_pairs(window[-1 - size].text.text)
        shared = len(pairs & words)
        if shared < least or shared <= len(pairs & other()):
            break
        words |= pairs
        size += 1
    return size


def _caption_units(
    blocks: list[Block],
    sig: Signals,
    facts: PageFacts,
    resumes=frozenset(),
    continued: bool = True,
    going_on: Iterable[Article] = (),
) -> dict[int, tuple[int | None, list[int]]]:
    """The captions of a page that can be told before its articles are read,
    by the index of their credit block: (index of the title or None, indices
    of the text blocks above the credit; the title may be the heading right
    under the credit).  Above a credit, standing apart or closing the last
    text block, the caption's text is the run of whole sentences (at most
    ``caption.max_blocks``) up to what cannot be article text going on: a
    single heading (its title, unless the heading under the credit names the
    caption better, :func:`_title_below`), the lower of two headings when
    only it names the caption (:func:`_titles_apart`), text breaking off
    mid-sentence (a photo printed inside an article), the top of the page,
    another caption, the end of an article.  Under a paragraph of whole
    sentences, a byline or a headline group the same run may be the
    article's own text: those credits are left to the reading.  ``facts``:
    where the credits are, whether the page indents its paragraphs.
    ``resumes``: the indices of blocks where the tail of a merged paragraph
    was printed (its article goes on there): a run stops at them.
    ``continued``: whether an article of an earlier page goes on to this
    page, so that text at its top may be that article's; ``going_on``: those
    articles (their words tell their text from a caption's,
    :func:`_caption_run_by_words`)."""
    units: dict[int, tuple[int | None, list[int]]] = {}
    indents = facts.indents
    taken: set[int] = set()
    limit = sig.caption_max_blocks
    for c in facts.credits:
        j = c - 1
        while (
            j >= 0
            and c - 1 - j < limit
            and j not in taken
            and j not in resumes
            and _caption_text_block(blocks[j], sig)
        ):
            j -= 1
        run = list(range(j + 1, c))
        if j in resumes:
            continue  # text of the article whose merged tail was printed above it
        if j < 0 or blocks[j].role is FURNITURE:
            # text at the top of a page may go on from an earlier page (or
            # column): it is the caption's when the caption has no title under
            # it, or when its credit stands apart (the caption's text is above
            # it) and no article of an earlier page goes on to this one
            below = _title_below(blocks, c, None, sig)
            if run and (continued or blocks[c].role is CAPTION) and _title_after(blocks, c, sig):
                if not below:
                    continue
                # of the text above, what shares the caption's words more than
                # those of the articles going on to the page is the caption's;
                # the rest is left to the reading
                parts = [b for a in going_on for b in (a.headline, *a.kicker, *a.subtitles, *a.body) if b is not None]
                other = _words_of(parts)
                size = _caption_run_by_words(blocks, c, [blocks[i] for i in run], True, other, sig, False)
                units[c] = (c + 1, run[len(run) - size :] if size else [])
            else:
                units[c] = (c + 1 if below else None, run)
        elif j in taken:
            # right under another caption (its credit or its title)
            units[c] = (c + 1 if _title_below(blocks, c, None, sig) else None, run)
        else:
            above = blocks[j]
            if above.role is HEADING and not above.markers:
                # a heading alone, or the second of two right under another
                # caption (the first is that caption's title, printed after it)
                g = j
                while g > 0 and blocks[g - 1].role is HEADING:
                    g -= 1
                size = j - g + 1
                after_caption = g > 0 and blocks[g - 1].role in (CAPTION, CREDIT)
                if not (size == 1 or (size == 2 and after_caption)):
                    text = [blocks[i] for i in run] + ([blocks[c]] if blocks[c].role is CAPTION else [])
                    if size != 2 or not _titles_apart(blocks[g], above, text):
                        continue
                if run and not after_caption and _title_after(blocks, c, sig):
                    continue  # the heading above is a section head of the article the run belongs to
                if not _title_below(blocks, c, above, sig):
                    units[c] = (j, run)
                elif after_caption:
                    # the caption's title is under it: the heading above is
                    # the title of the caption before, printed after it
                    units[c] = (c + 1, run)
                elif blocks[c].role is CAPTION:
                    # the caption's title is under it: the heading above heads
                    # the text above, the caption is the text ending with the credit
                    units[c] = (c + 1, [])
                else:
                    continue
            elif (
                _ends_article(above, sig)
                or (above.role is PARAGRAPH and _breaks_off(above, sig) and not above.markers)
                or (run and indents and above.indent and above.role is PARAGRAPH)
            ):
                # after the end of an article, inside a sentence of one, or
                # under an indented paragraph on a page that indents its
                # paragraphs (where text without the indent is no paragraph)
                units[c] = (c + 1 if _title_below(blocks, c, None, sig) else None, run)
            else:
                continue
        title, _ = units[c]
        taken.update(run)
        taken.add(c)
        if title is not None:
            taken.add(title)
    return units


class _PageArticles:
    """Reading one page's blocks in order into articles, captions and orphans."""

    def __init__(self, issue: Issue, page: Page, sig: Signals, facts: PageFacts) -> None:
        self.issue = issue
        self.page = page
        self.sig = sig
        self.articles: list[Article] = []
        self.article: Article | None = None  # the article text goes to
        self.open = False  # whether it takes more text
        self.previous: tuple[Article | None, bool] = (None, False)
        self.group: list[Block] = []  # headline lines waiting for what follows them
        self.since_heading: list[Block] = []  # body blocks since the last headline or subhead
        self.last_subhead: Block | None = None
        self.title_for_caption: Block | None = None
        self.untitled_caption: Caption | None = None
        self.indents = facts.indents
        # block index -> the paragraph whose tail was read there (an accepted
        # merge took it away): the article of that paragraph goes on there
        self.resume_at: dict[int, Block] = _tails_read_later(page.blocks)
        self.tails_later = {id(b) for b in self.resume_at.values()}
        self.owner: dict[int, Article] = {}  # id(block) -> the article it went to
        self.resumed: Article | None = None  # the current article, when gone back to
        # captions told before the reading: credit index -> (title, text blocks)
        self.units = {}
        if facts.credits:
            going_on = [a for a in issue.articles if a.continues_to_page == page.number]
            self.units = _caption_units(page.blocks, sig, facts, self.resume_at.keys(), bool(going_on), going_on)
        self.in_unit: set[int] = set(self.units)  # every block of those captions
        for title, run in self.units.values():
            self.in_unit.update(run)
            if title is not None:
                self.in_unit.add(title)

    # articles -----------------------------------------------------------
    def start(self, group: list[Block], before_byline: bool) -> Article:
        self.previous = (self.article, self.open)
        number = len(self.issue.articles) + len(self.articles) + 1
        article = Article(id=f"p{self.page.number}-a{number}", pages=[self.page.number])
        if group:
            parts = tell_heading_group(group, before_byline, self.sig)
            article.column = parts["column"]
            article.kicker = parts["kicker"]
            article.headline = parts["headline"]
            article.subtitles = parts["subtitles"]
        self.articles.append(article)
        self.article, self.open = article, True
        self.since_heading, self.last_subhead = [], None
        self.resumed = None
        return article

    def close(self) -> None:
        self.open = False

    def orphan(self, block: Block, why: str) -> None:
        self.issue.orphans.append((block, why))

    # headline groups ------------------------------------------------------
    def resolve_group(self, nxt: Block | None) -> None:
        """Decide what the waiting headline lines are, now that ``nxt`` follows them."""
        group = self.group
        if not group:
            return
        self.group = []
        single = len(group) == 1
        nxt_text = nxt.text.text if nxt is not None else ""
        leads = nxt is not None and (
            nxt.role in (BYLINE, LEAD_BOX)
            or is_news_lead(nxt_text, self.sig)
            or has_marker(nxt, "from")
            or (nxt.role is MARKER and marker_direction(nxt_text, self.sig) == "from")
        )
        if (
            single
            and self.untitled_caption is not None
            and nxt is not None
            and not leads
            and _names_caption(group[0], self.untitled_caption, nxt)
        ):
            # a short title under a caption that had none above it
            self.untitled_caption.title = group[0]
            group[0].role = CAPTION_TITLE
            self.untitled_caption = None
            return
        self.untitled_caption = None
        if single and nxt is not None and nxt.role is CAPTION and nxt.note == NOTE_CREDIT_TAIL:
            self.title_for_caption = group[0]
            return
        if (
            single
            and not leads
            and nxt is not None
            and self.article is not None
            and self.open
            and not self._broken_off()
        ):
            # a section head inside the article (a section ends with a whole
            # sentence: after text that breaks off mid-sentence, a heading
            # starts another article and the sentence goes on further down)
            head = group[0]
            head.role = SUBHEAD
            self.article.body.append(head)
            self.last_subhead, self.since_heading = head, []
            return
        self.start(group, before_byline=nxt is not None and nxt.role is BYLINE)

    # captions -------------------------------------------------------------
    def caption(self, block: Block) -> None:
        """The caption closed by ``block`` (a credit, or text ending with one)
        that :func:`_caption_units` left to the reading."""
        title: Block | None = None
        parts: list[Block] = []
        if block.role is CAPTION and block.note == NOTE_CREDIT_TAIL:
            title, self.title_for_caption = self.title_for_caption, None
            if title is None:
                parts = self._caption_text_by_words(block)
        else:
            title, parts = self._caption_text_above(block)
        if title is None:
            # its title printed under it: told now, not read into the next headline group
            blocks = self.page.blocks
            c = self._place(block)
            if c + 1 not in self.in_unit and _title_below(blocks, c, None, self.sig):
                title = blocks[c + 1]
                self.in_unit.add(c + 1)
        self._add_caption(title, [*parts, block])

    def _place(self, block: Block) -> int:
        """The index of ``block`` in the page's blocks."""
        return next(k for k, b in enumerate(self.page.blocks) if b is block)

    def _add_caption(self, title: Block | None, parts: list[Block]) -> None:
        """Record the caption of ``parts`` (text and credit) under ``title``."""
        caption = Caption(self.page.number, title, parts)
        for part in parts:
            if part.role is not CREDIT:
                part.role = CAPTION
        if title is not None:
            title.role = CAPTION_TITLE
        self.issue.captions.append(caption)
        self.untitled_caption = caption if title is None else None

    def unit_caption(self, block: Block, title: int | None, run: list[int]) -> None:
        """The caption closed by ``block``, as :func:`_caption_units` told it."""
        blocks = self.page.blocks
        head = blocks[title] if title is not None else None
        self._add_caption(head, [*(blocks[i] for i in run), block])

    def _caption_text_above(self, credit: Block) -> tuple[Block | None, list[Block]]:
        """The title and text blocks above ``credit``, a credit that stands
        apart, taken back out of the article they were first read into.  A
        headline or section head over them is no title of the caption when the
        heading under the credit names it better (:func:`_title_below`)."""
        article = self.article
        if article is None or not self.open:
            return None, []
        limit = self.sig.caption_max_blocks
        blocks = self.page.blocks
        c = self._place(credit)

        def titled_below(heading: Block) -> bool:
            return _title_below(blocks, c, heading, self.sig)

        def plain(blocks: list[Block]) -> bool:
            return len(blocks) <= limit and all(
                b.role is PARAGRAPH and not b.indent and not is_news_lead(b.text.text, self.sig) and not b.markers
                for b in blocks
            )

        whole_article = (
            article.headline is not None
            and not article.kicker
            and not article.subtitles
            and article.column is None
            and article.byline is None
            and self.last_subhead is None
            and plain(article.body)
            and not titled_below(article.headline)
        )
        if whole_article:
            self.articles.remove(article)
            self.article, self.open = self.previous
            return article.headline, list(article.body)
        if self.last_subhead is not None and plain(self.since_heading) and not titled_below(self.last_subhead):
            taken = [self.last_subhead, *self.since_heading]
            article.body = [b for b in article.body if all(b is not t for t in taken)]
            title, self.last_subhead, self.since_heading = taken[0], None, []
            return title, taken[1:]
        taken = self._caption_text_after_break()
        if taken:
            return None, taken
        if self.resumed is article and self.since_heading and plain(self.since_heading):
            # text after the end of a sentence that went on further down the
            # page, closed by a credit: a caption printed below that article
            taken = self.since_heading
            article.body = [b for b in article.body if all(b is not t for t in taken)]
            self.since_heading = []
            return None, taken
        return None, self._caption_text_by_words(credit)

    def _caption_text_by_words(self, credit: Block) -> list[Block]:
        """The last paragraphs of the current article that are the text of
        the caption ``credit`` closes, told by their words (a caption printed
        under an article's last whole sentence, its title, if any, under the
        credit): the paragraph right above a credit standing apart is the
        caption's (a credit never stands under text it does not close); going
        up from it (or from text the credit ends), a paragraph of whole
        sentences is the caption's too when it shares at least
        ``caption.shared_pairs`` pairs of characters with the caption's text
        below it and its title, and more than with the article's headline and
        its other text above (11月17日，一列试验动车组抵达延安站。 over 当日上午，
        55302次试验动车组…驶向延安站… closed by 新华社发(张黎芝 摄)).  An
        article with a headline keeps at least one paragraph."""
        article = self.article
        sig = self.sig
        if article is None or not self.open or not article.body or not sig.caption_shared_pairs:
            return []
        blocks = self.page.blocks
        body = article.body
        c = self._place(credit)
        # the article's last paragraphs, right above the credit on the page
        n = len(body)
        while (
            n > 0
            and c - len(body) + n - 1 >= 0
            and body[n - 1] is blocks[c - len(body) + n - 1]
            and len(body) - n < sig.caption_max_blocks
            and id(body[n - 1]) not in self.tails_later
            and _caption_text_block(body[n - 1], sig)
        ):
            n -= 1
        window = body[n:]
        if not window:
            return []
        heads: set[str] = set()
        for head in (article.headline, *article.kicker, *article.subtitles):
            if head is not None:
                heads |= han_pairs(head.text.text)
        other = _words_of(body[:n], heads)
        # the paragraph right above a credit standing apart is the caption's
        # when the article has text above the run that no caption could hold,
        # or when it shares no word with the article's headlines (the last
        # paragraph of a photo story under its headline names its subject:
        # 北京市总组织巾帼劳模工匠进高校宣讲 … 宣讲结束后,学生代表为劳模工匠献上鲜花。)
        lone = n > 0 or not heads & han_pairs(window[-1].text.text)
        size = _caption_run_by_words(blocks, c, window, c + 1 not in self.in_unit, other, sig, lone)
        if article.headline is not None and size == len(body):
            size -= 1  # an article with a headline keeps a paragraph
        taken = window[len(window) - size :] if size else []
        if taken:
            article.body = body[: len(body) - len(taken)]
            self.since_heading = [b for b in self.since_heading if all(b is not t for t in taken)]
        return taken

    def _caption_text_after_break(self) -> list[Block]:
        """Whole sentences right under text of the current article that broke
        off mid-sentence, closed by a credit: a caption printed inside the
        article, whose text goes on after it (taken back out of it)."""
        article = self.article
        if article is None or not self.open:
            return []
        taken = self._text_after_break(article.body, self.sig.caption_max_blocks)
        if taken:
            article.body = article.body[: len(article.body) - len(taken)]
            self.since_heading = [b for b in self.since_heading if all(b is not t for t in taken)]
        return taken

    def _text_after_break(self, body: list[Block], limit: int) -> list[Block]:
        """The last paragraphs of ``body`` (at most ``limit``) when they begin
        a sentence of their own and the paragraph above them breaks off
        mid-sentence: text that cannot go on from the paragraph above."""
        if not body or body[-1].ends_mid_sentence:
            return []
        k = len(body)
        while k > 0 and len(body) - k < limit:
            block = body[k - 1]
            if (
                block.role is not PARAGRAPH
                or block.markers
                or block.starts_mid_sentence
                or block.ends_mid_sentence
                or id(block) in self.tails_later
                or is_news_lead(block.text.text, self.sig)
            ):
                break
            k -= 1
        if k == len(body) or k == 0:
            return []
        above = body[k - 1]
        if above.role is not PARAGRAPH or has_marker(above, "to"):
            return []
        if not (above.ends_mid_sentence or id(above) in self.tails_later):
            return []
        return body[k:]

    # the walk ---------------------------------------------------------------
    def fresh(self) -> bool:
        """True when the current article was just started and has no text yet."""
        return self.article is not None and self.open and not self.article.body

    def resume(self, head: Block) -> None:
        """Go back to the article of ``head``, a paragraph whose tail was read
        further down the page: what follows the tail is that article's text,
        unless the article ended at the tail."""
        self.tails_later.discard(id(head))  # its text is whole from here on
        article = self.owner.get(id(head))
        if article is None or article is self.article and self.open:
            return
        if article.body[-1:] != [head] or head.role is SIGN_OFF or has_marker(head, "to"):
            return
        self.previous = (self.article, self.open)
        self.article, self.open = article, True
        self.since_heading, self.last_subhead = [], None
        self.resumed = article

    def _broken_off(self) -> bool:
        """True when the current article's text so far breaks off mid-sentence
        (or went on further down the page: a merged paragraph)."""
        body = self.article.body if self.article is not None else []
        last = body[-1] if body else None
        if last is None or last.role is not PARAGRAPH or has_marker(last, "to"):
            return False
        return last.ends_mid_sentence or id(last) in self.tails_later

    def _dangling(self, loose: bool = False) -> Article | None:
        """The latest article on the page whose last paragraph broke off
        mid-sentence (and carries no continued-on marker): text after the end
        of another article, with no headline of its own, goes on there.
        ``loose``: a paragraph ending with a closing quote right after a word
        (``…“五个围绕”``) counts too, for text that cannot begin a sentence."""
        for article in reversed(self.articles):
            last = article.body[-1] if article.body else None
            if last is None or last.role is not PARAGRAPH or has_marker(last, "to"):
                continue
            if last.ends_mid_sentence or (loose and article is not self.article and self._quote_end(last)):
                return article
        return None

    def _quote_end(self, block: Block) -> bool:
        """True when ``block`` ends with closing quotes or brackets that close
        a phrase, not a sentence (``…按照“五个围绕”``): the sentence may go on."""
        text = block.text.text.rstrip()
        bare = text.rstrip(self.sig.closers_text)
        return bare != text and bool(bare) and bare[-1] not in self.sig.final and bare[-1] not in self.sig.continuing

    def _cannot_go_on(self, block: Block) -> bool:
        """True when ``block`` cannot be the next paragraph of the current
        article: that article's text so far ends a sentence and ``block``
        begins inside one (``的要求，结合…``), or, on a page that indents its
        paragraphs, lacks the indent (the rest of a paragraph cut at a column
        edge, whose first half is elsewhere)."""
        body = self.article.body if self.article is not None else []
        last = body[-1] if body else None
        if last is None or last.role is not PARAGRAPH or last.ends_mid_sentence or id(last) in self.tails_later:
            return False
        if block.starts_mid_sentence:
            return True
        if not self.indents or block.indent or block.note != NOTE_RUNNING_TEXT:
            return False
        text = block.text.text
        return not starts_paragraph(text, self.sig) and not is_news_lead(text, self.sig)

    def run(self) -> None:
        for k, block in enumerate(self.page.blocks):
            role = block.role
            if role is FURNITURE:
                continue
            head = self.resume_at.get(k)
            if head is not None:
                if self.group:
                    self.resolve_group(block)
                self.resume(head)
            if self.in_unit and k in self.in_unit:
                # a caption told before the reading: not the text of an article
                if self.group:
                    self.resolve_group(block)
                unit = self.units.get(k)
                if unit is not None:
                    self.unit_caption(block, *unit)
                self.title_for_caption = None
                continue
            if role in HEADING_ROLES and has_marker(block, "to"):
                # a heading carrying a continued-on marker is the last line of
                # the article before it, never the start of one
                if self.group:
                    self.resolve_group(block)
                if self.article is not None and self.open:
                    block.role = SUBHEAD
                    self.article.body.append(block)
                    self.owner[id(block)] = self.article
                    self.close()
                    continue
            if role in HEADING_ROLES:
                self.group.append(block)
                continue
            if self.group:
                self.resolve_group(block)
            # a caption's title is the heading right before or right after it:
            # once other text follows, neither is waiting any more
            self.untitled_caption = None
            if role is MARKER:  # left in the text when JD202 is off
                direction = marker_direction(block.text.text, self.sig)
                if direction == "to":
                    self.close()
                elif direction == "from" and not self.fresh():
                    self.start([], before_byline=False)
            elif role is BYLINE:
                self.byline(block)
            elif role in (CREDIT, CAPTION):
                self.caption(block)
            else:
                self.body(block)
            self.title_for_caption = None
        self.resolve_group(None)
        for article in self.articles:
            _finish(article)
        self.issue.articles.extend(self.articles)

    def byline(self, block: Block) -> None:
        article = self.article
        if (
            article is not None
            and self.open
            and article.byline is None
            and all(b.role is LEAD_BOX for b in article.body)
        ):
            article.byline = block
            return
        self.start([], before_byline=True).byline = block

    def body(self, block: Block) -> None:
        marked = bool(block.markers)  # most blocks carry no jump marker
        if marked and has_marker(block, "from") and not self.fresh():
            self.start([], before_byline=False)
        if block.role is PARAGRAPH:
            if self.article is None or not self.open:
                dangling = self._dangling()
                if dangling is not None and not is_news_lead(block.text.text, self.sig):
                    self.resume(dangling.body[-1])
            elif (
                block.starts_mid_sentence or (self.indents and not block.indent and block.note == NOTE_RUNNING_TEXT)
            ) and self._cannot_go_on(block):
                # the rest of a paragraph of an earlier article on the page
                dangling = self._dangling(loose=block.starts_mid_sentence)
                if dangling is not None and dangling is not self.article:
                    self.resume(dangling.body[-1])
        if self.article is None or not self.open:
            if self.article is None:
                why = "no headline or continued-from marker before it on the page"
            else:
                why = "after the end of an article (a sign-off or a continued-on marker)"
            self.orphan(block, why)
            return
        self.since_heading.append(block)
        self.article.body.append(block)
        self.owner[id(block)] = self.article
        if block.role is SIGN_OFF or (marked and has_marker(block, "to")):
            self.close()


def _tails_read_later(blocks: list[Block]) -> dict[int, Block]:
    """Where the tails of merged paragraphs were printed: for a paragraph
    holding text from further down its page (an accepted merge of an
    interleaved half), the index of the first block after that text."""
    out: dict[int, Block] = {}
    for k, block in enumerate(blocks):
        if block.role is not PARAGRAPH or len(block.text.pieces) < 2:
            continue  # a text of one piece has one raw span
        spans = block.text.spans()
        if len(spans) < 2:
            continue
        last = max((s.end for s in spans if s.page == block.page), default=block.end)
        if last <= block.end:
            continue
        for j in range(k + 1, len(blocks)):
            if blocks[j].start >= last:
                if j > k + 1:
                    out.setdefault(j, block)
                break
    return out


def build_articles(issue: Issue, sig: Signals | None = None, pages: Iterable[Page] | None = None) -> None:
    """Group every page's blocks into ``issue.articles``, ``issue.captions`` and
    ``issue.orphans`` (block, reason), in reading order.  ``pages``: read only
    these pages of the issue (in issue order): each page is read on its own, so
    their articles are what the whole build gives them, but for the numbers in
    the article ids, which count only the articles read."""
    sig = sig or signals()
    issue.articles = []
    issue.captions = []
    issue.orphans = []
    for page in issue.pages if pages is None else pages:
        facts = classify_page(page, sig)  # roles from a previous build are not signals
        _PageArticles(issue, page, sig, facts).run()
