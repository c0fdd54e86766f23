"""JD301: suggest joining the halves of a paragraph that other material separates."""

from __future__ import annotations

import gc
import heapq
import math
import re
from array import array
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat

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
    Issue,
    Page,
    Status,
    Suggestion,
)
from ..resources import load_toml
from ..segment import segment
from ..sourced import Span
from ..structure import DIGITS, Signals
from .base import IssueRule

MERGE_FILE = "merge.toml"

_HAN = regex.compile(r"\p{Han}")
_CLAUSE = regex.compile(r"[，,、；;：:。]")
#: words set apart by spaces, as headlines set them
_SPACED = regex.compile(r"\p{Han}[ \u3000]+\p{Han}")
_OPEN_QUOTES = "“「『"
#: the highest score a suggestion shows: never certain, so never accepted by
#: ``--accept-above 1``
_TOP_SCORE = 0.9999
_CLOSE_QUOTES = "”」』"


@dataclass(frozen=True)
class Params:
    """The weights and limits of ``resources/merge.toml`` (see there)."""

    pair: dict[str, float]
    none: dict[str, float]
    min_score: float
    max_per_first: int
    context_first: int
    context_after: int
    context_own: int
    shown: int
    max_gain: float
    max_candidates: int
    topic_power: float
    #: what a group's weight counts as at the least in the topic (short
    #: paragraphs share little by chance)
    topic_floor: float
    #: the characters read at the end of a first half and the start of a
    #: second for the words they share (local topic)
    seam_chars: int
    calibrate_scale: float
    calibrate_shift: float
    #: candidates whose odds are this far below their first half's likeliest
    #: outcome score 0 and are left out of the pairing
    prune: float
    #: the most ways of pairing a group of first halves weighed one by one
    max_ways: int
    #: the longest quoted name or bracketed note, closing marks included,
    #: after which a paragraph's sentence may go on
    inner_close_max: int
    openers: regex.Pattern
    #: a short lead-in clause at the start of a block (``随后，``)
    lead: regex.Pattern
    #: who speaks, at the start of a block (``三位领导人认为，``)
    speaker: regex.Pattern
    #: a clause of time or circumstance, at the start of a block (``党的十八大以来，``)
    time_lead: regex.Pattern
    start_pos: dict[str, float]
    #: place of each [pair] signal in the file: a pair's odds are summed in that order
    order: dict[str, int]
    #: the signals of a second half of its own that have a weight: (name,
    #: place in [pair], weight), in the order of the file
    own_order: tuple[tuple[str, int, float], ...]
    #: more than the rounding error of a pair's odds summed in another order
    slack: float
    #: the least and the most the signals of a second half read after its
    #: first characters (its own, but b_cannot_start, b_inside_quote, b_orphan)
    #: add to its odds
    rest_low: float
    rest_high: float


#: the signals of a second half read only when it may be among the likeliest
#: candidates of some first half
_REST_SIGNALS = (
    "b_opener",
    "b_after_heading",
    "b_ends",
    "b_closes_bracket",
    "b_start",
    "b_above_loose",
    "b_before_credit",
    "b_lead",
    "b_speaker",
    "b_time_lead",
    "b_after_picture",
    "b_caption_run",
)
#: every signal of a second half of its own (the keys of ``_Half.feats``)
_OWN_SIGNALS = ("b_len", "b_cannot_start", "b_inside_quote", "b_orphan", *_REST_SIGNALS)


@lru_cache(maxsize=4)
def _params(name: str, overrides: tuple) -> Params:
    data = load_toml(name)
    limits = dict(data["limits"])
    limits.update(dict(overrides))
    pair = {k: float(v) for k, v in data["pair"].items()}
    start_pos = {k: float(v) for k, v in data.get("start_pos", {}).items()}
    # the largest a signal gets: its odds summed in one order or another differ
    # by far less than slack
    reach = {
        "gain": float(limits["max_gain"]),
        "log_distance": 25.0,
        "b_start": max(map(abs, start_pos.values()), default=0.0),
    }
    slack = 1e-9 * (1.0 + math.fsum(abs(w) * max(1.0, reach.get(k, 1.0)) for k, w in pair.items()))
    ranges = {k: (0.0, 1.0) for k in _REST_SIGNALS}
    ranges["b_start"] = (min(0.0, *start_pos.values()), max(0.0, *start_pos.values()))
    rest = [(pair[k] * ranges[k][0], pair[k] * ranges[k][1]) for k in _REST_SIGNALS if k in pair]
    return Params(
        pair=pair,
        none={k: float(v) for k, v in data["none"].items()},
        min_score=float(limits["min_score"]),
        max_per_first=int(limits["max_per_first"]),
        context_first=int(limits["context_first"]),
        context_after=int(limits["context_after"]),
        context_own=int(limits["context_own"]),
        shown=int(limits["shown"]),
        max_gain=float(limits["max_gain"]),
        max_candidates=int(limits["max_candidates"]),
        topic_power=float(limits["topic_power"]),
        topic_floor=float(limits.get("topic_floor", 15.0)),
        seam_chars=int(limits.get("seam_chars", 60)),
        calibrate_scale=float(limits.get("calibrate_scale", 1.0)),
        calibrate_shift=float(limits.get("calibrate_shift", 0.0)),
        prune=float(limits.get("prune", 9.0)),
        max_ways=int(limits.get("max_ways", 20000)),
        inner_close_max=int(limits.get("inner_close_max", 16)),
        openers=regex.compile(rf"^(?:{data['text']['paragraph_openers']})"),
        lead=regex.compile(rf"^(?:{data['text']['lead_clause']})"),
        speaker=regex.compile(rf"^(?:{data['text'].get('speaker_clause', '(?!)')})"),
        time_lead=regex.compile(rf"^(?:{data['text'].get('time_clause', '(?!)')})"),
        start_pos=start_pos,
        order={k: i for i, k in enumerate(pair)},
        own_order=tuple((k, i, w) for i, (k, w) in enumerate(pair.items()) if k in _OWN_SIGNALS),
        slack=slack,
        rest_low=math.fsum(min(x) for x in rest),
        rest_high=math.fsum(max(x) for x in rest),
    )


class _Half:
    """A paragraph block as one side of a possible seam."""

    __slots__ = (
        "above",  # the character pairs of each block above it where it stands
        "above_blocks",  # ... that text (None until read)
        "alone",  # the character pairs of it alone (whole block)
        "alone_weight",  # ... their weight, by page weighed on
        "block",
        "brackets",  # as a first half: brackets left open
        "cannot_start",  # begins with punctuation or a word tail
        "cross_page",  # so it may go on from another page
        "feats",  # as a second half: its own signals (None until read)
        "first_feats",  # as a first half: the signals that its other half is not here
        "group",  # the character pairs of it and the text after it (whole blocks)
        "group_blocks",  # ... those blocks
        "group_weight",  # ... their weight, by page weighed on
        "head",  # lexicon.SeamSide of its beginning, once a seam is weighed
        "head_grams",  # as a second half: the character pairs of its start
        "heads_next",  # as a first half: the place of the paragraph right under the
        # headline group that follows it (-1: no headline group follows)
        "inside_quote",  # begins inside a quotation
        "known",  # the odds of what its first characters say
        "next_para",  # as a first half: the place of the first paragraph past something
        # else after it (-1: none, or a paragraph right under it)
        "orphan",  # begins with a character no word begins with
        "own",  # the odds of its own signals, summed
        "page",
        "pos",
        "quotes",  # as a first half: quotations left open
        "starts",  # as a second half: its first one, two and three characters (lexicon.seam_starts)
        "tail",  # as a first half: lexicon.SeamSide of its end
        "tail_grams",  # as a first half: the character pairs of its end
        "terms",  # the odds of each of its own signals: (place in [pair], odds), in order
        "text",
    )

    def __init__(self, block: Block, page: Page, pos: int, text: str) -> None:
        self.block = block
        self.page = page
        self.pos = pos  # place among the page's blocks (furniture left out)
        self.text = text  # stripped
        self.tail: lexicon.SeamSide | None = None
        self.first_feats: dict[str, float] = {}
        self.quotes = 0
        self.brackets = 0
        self.head: lexicon.SeamSide | None = None
        self.cannot_start = False
        self.inside_quote = False
        self.orphan = False
        self.cross_page = False
        self.feats: dict[str, float] | None = None
        self.own = 0.0
        self.known = 0.0
        self.terms: list[tuple[int, float]] = []
        self.group_blocks: tuple[Block, ...] = ()
        self.group: frozenset[int] = frozenset()
        self.group_weight: dict[int, float] = {}
        self.alone: frozenset[int] = frozenset()
        self.alone_weight: dict[int, float] = {}
        self.above_blocks: tuple[Block, ...] | None = None
        self.above: list[frozenset[int]] = []
        self.heads_next = -1
        self.next_para = -1
        self.head_grams: frozenset[int] = frozenset()
        self.tail_grams: frozenset[int] = frozenset()
        self.starts: tuple[str, str, str] = ("", "", "")


class Candidate:
    """A possible second half of a first half, with the signals of the pair."""

    __slots__ = (
        "gain",
        "headline_topic",
        "logit",
        "score",
        "seam_topic",
        "second",
        "topic_first",
        "topic_first_alone",
        "topic_own",
        "topic_own_alone",
        "word",
    )

    def __init__(self, second: _Half, gain: float, word: str, logit: float) -> None:
        self.second = second
        self.gain = gain  # the seam gain, up to max_gain
        self.word = word  # the dictionary word across the seam, if any
        self.logit = logit
        self.score = 0.0
        self.topic_first = 0.0
        self.topic_own = 0.0
        self.topic_first_alone = 0.0  # topic_first of the second half without the text after it
        self.topic_own_alone = 0.0  # topic_own of the second half without the text after it
        self.seam_topic = 0.0  # words shared by the end of the first half and the start of the second
        self.headline_topic = 0.0  # words the second half shares with the first half's headline


@dataclass(eq=False)
class Choice:
    """A first half, its possible continuations and the odds there is none here."""

    first: _Half
    none_feats: dict[str, float]
    candidates: list[Candidate]
    none_logit: float = 0.0


# -- text signals ----------------------------------------------------------------------
def _quote_balance(text: str) -> int:
    """Opening minus closing curly quotes (positive: a quotation left open)."""
    return sum(text.count(c) for c in _OPEN_QUOTES) - sum(text.count(c) for c in _CLOSE_QUOTES)


def _bracket_balance(text: str) -> int:
    return text.count("（") + text.count("(") - text.count("）") - text.count(")")


def _first_closing(text: str, opens: str, closes: str) -> bool:
    """True when the first of ``opens``/``closes`` in ``text`` is a closing one."""
    pattern = _MARKS.get((opens, closes))
    if pattern is None:
        pattern = _MARKS[opens, closes] = regex.compile("[" + regex.escape(opens + closes) + "]")
    found = pattern.search(text)
    return found is not None and found.group() in closes


#: a pattern for each (opens, closes) of :func:`_first_closing`
_MARKS: dict[tuple[str, str], regex.Pattern] = {}
#: a round bracket, opening or closing.  This and _QUOTE_MARK are searched
#: for in thousands of paragraphs; plain sets of characters, which the
#: standard library's engine finds sooner
_BRACKET_MARK = re.compile("[（(）)]")


def _closes_bracket(text: str) -> bool:
    """``_first_closing(text, "（(", "）)")``: the first round bracket of the
    text closes one (read for every second half: one pattern, no look-up)."""
    found = _BRACKET_MARK.search(text)
    return found is not None and found.group() in "）)"


#: a curly quotation mark, opening or closing
_QUOTE_MARK = re.compile("[" + re.escape(_OPEN_QUOTES + _CLOSE_QUOTES) + "]")


def _bigrams(text: str, reach: int) -> frozenset[int]:
    """The pairs of neighbouring characters of the first ``reach`` characters
    of a text (line breaks left out), each coded as one integer: the two code
    points as eight bytes of UTF-32, read in C by two 64-bit views (pairs at
    even and at odd positions)."""
    data = text[:reach].replace("\n", "").encode("utf-32-le", "surrogatepass")
    even = len(data) >> 3 << 3
    odd = (len(data) - 4) >> 3 << 3 if len(data) > 4 else 0
    return frozenset(memoryview(data[:even]).cast("Q")).union(memoryview(data[4 : 4 + odd]).cast("Q"))


def _bigrams_each(texts: list[str], reach: int) -> list[frozenset[int]]:
    """:func:`_bigrams` of each text, read in one pass: the texts are laid end
    to end and encoded once; the pairs of the even and of the odd view are
    laid in one array (no Python integers yet), so that pair k is characters
    k and k+1; each text takes its pairs from one slice of it (the pair
    across the end of one text and the start of the next is left out)."""
    pieces = [text[:reach].replace("\n", "") for text in texts]
    data = "".join(pieces).encode("utf-32-le", "surrogatepass")
    even = array("Q", data[: len(data) >> 3 << 3])
    odd = array("Q", data[4 : 4 + ((len(data) - 4) >> 3 << 3)] if len(data) > 4 else b"")
    pairs = array("Q", bytes(8 * (len(even) + len(odd))))
    pairs[0::2] = even
    pairs[1::2] = odd
    out = []
    at = 0
    for piece in pieces:
        n = len(piece)
        out.append(frozenset(pairs[at : at + n - 1]) if n > 1 else _NONE)
        at += n
    return out


_NONE: frozenset[int] = frozenset()
#: a reach longer than any text: the whole of it
_WHOLE = 1 << 62


def _orphan_head(text: str) -> bool:
    """True when the text begins with a Chinese character that no dictionary
    word of two or more characters begins with here: it reads as the tail of
    a word cut before it (``实天津市…``, ``者一对一…``)."""
    if not text or not _HAN.match(text):
        return False
    return not lexicon.starts_with_word(text)


def _first_word(text: str) -> str:
    """The longest dictionary word (up to four characters) a text begins
    with, or its first character."""
    for k in range(min(4, len(text)), 1, -1):
        if lexicon.is_word(text[:k]):
            return text[:k]
    return text[:1]


def _start_odds(text: str, params: Params) -> float:
    """How much likelier a text is the rest of a cut paragraph than a
    paragraph of its own, read from the part of speech of its first word
    (``[start_pos]`` of ``resources/merge.toml``): paragraphs begin with names,
    times, pronouns and prepositions, seldom with a particle, a measure word
    or a suffix (``的歌声…``, ``名会员…``).  0 for a text that does not begin
    with a Chinese character."""
    if not params.start_pos or not text or not _HAN.match(text):
        return 0.0
    return params.start_pos.get(_first_tag(text[:4]), 0.0)


@lru_cache(maxsize=8192)
def _first_tag(head: str) -> str:
    """The part of speech of :func:`_first_word` of a text's first four
    characters (paragraphs often begin alike: read once)."""
    return lexicon.part_of_speech(_first_word(head))


# -- the rule ----------------------------------------------------------------------------
class MergeInterleavedHalves(IssueRule):
    """Suggest joining the two halves of a paragraph that other text separates.

    What it does: for every paragraph that stops mid-sentence (no final
    punctuation: ``…坚持重心下移、资源下沉，落``; or a quoted name or a
    bracketed note closing it, no final mark before: ``…主题教育“五个围绕”``,
    see :func:`stops_mid_sentence`), looks for the paragraph that
    goes on with it anywhere on its page, and on other pages when a block there
    can only be the second half of something (it begins with punctuation, the
    tail of a cut word or inside a quotation; or it begins its page's text
    with a character no word begins with, and the seam reads as one word).
    The paragraphs of the page are candidates; the likeliest
    (``max_candidates``) are read for topic too.  Each pair is weighed on the
    signals an editor reads: a dictionary word across the seam (``落|实`` →
    落实, from jieba's word frequencies) and how much better the seam reads
    joined than apart; whether the second half can begin a paragraph at all
    (punctuation, a word tail, a character that begins no word:
    ``实天津市…``) or begins the way paragraphs begin (an opening phrase, a
    short lead-in clause: ``随后，``; who speaks: ``三位领导人认为，``; a clause of
    time or circumstance: ``党的十八大以来，``); what its first word
    is (paragraphs begin with names, times, pronouns, prepositions; a cut
    leaves particles, measure words, suffixes: ``的歌声…``); quotes and brackets
    left open in the first half and closed in the second; a number at the end
    of the first half going on into its unit (``…2016|年，``); closeness in topic
    (shared character pairs of whole paragraphs, those rare on the page
    counting more) of the second half, alone and with the paragraph after it,
    to the paragraphs around the first half, against the paragraphs the
    second half sits under now, the words the end of the first
    half shares with the start of the second and the second half's words
    found in the first half's headline; the second half's length, a photo
    credit right under it (a caption), a run of whole sentences down to a
    photo credit that it heads (a photo's caption, printed inside an
    article), or a picture's caption or credit right above it (the picture
    cut the paragraph); position (the same page, later in reading order,
    how far, the first paragraph past what stands between them; under a
    headline or byline; only a headline group between the two).  The weights turn into odds for each candidate
    and for "its other half is not here" (read from how the first half ends,
    what follows it, and how many paragraphs of its page stop mid-sentence:
    the more, the more of them go on on pages not here); the first halves that want the same
    second halves are weighed together, one block one half of one seam at
    most, and a pair scores its share of the ways of pairing them (see
    :func:`score`), calibrated as a chance of being right (``calibrate_scale``, ``calibrate_shift``).  One
    ``merge`` suggestion per plausible pair (``min_score``, at most
    ``max_per_first`` per first half), with the signals as its evidence.  An
    accepted suggestion appends the second half to the first.

    Why: extractors read columns in the wrong order.  A paragraph cut at a
    column edge may have whole articles between its halves (000:98 and
    000:148); only a search of the page finds them, and several blocks may
    fit, so the editor decides.

    Example: ``天津市滨海新区总工会…资源下沉，落`` and, two articles later,
    ``实天津市总工会“我和一线劳动者在一起”工作制度…`` give the suggestion
    ``…资源下沉，落|实天津市总工会…`` (seam word 落实).

    Kept: headlines, kickers, subtitles, bylines, captions, credits, lead boxes
    and sign-offs are never a second half; nor is a paragraph that begins with
    a paragraph indent, a news lead (``本报讯``) or a ``——`` list item, nor one
    continued from another page (a ``上接`` marker: that is for the stitching
    rule), nor the first half of a paragraph whose article goes on on another
    page (a ``下转`` marker).  A block without a clause mark whose phrases are
    set apart by spaces is a headline read as running text, no first half.
    Halves next to each other are the rejoin rule's (JD203).

    Fix safety: a suggestion.  Accept it, or accept everything above a score
    with ``--accept-above``; scores are calibrated on generated issues
    (``bench/quality.py``: of the scores of 0.9 or more, at least 95 in 100 are
    right).  Ids come from the raw spans of the two characters at the seam, so
    decisions survive re-normalising.  Weights and limits are in
    ``resources/merge.toml``.
    """

    id = "JD301"
    name = "merge-interleaved-halves"
    summary = "Suggest joining paragraph halves separated by other text"
    kind = "suggest"
    order = 60

    @classmethod
    def spans_pages(cls, pages) -> bool:
        """Whether a merge may join text of two of these raw pages: one page
        holds running text that stops mid-sentence (it holds a clause mark or
        is longer than a headline, and does not end a sentence), and another
        a block that could be the second half of something there (it begins
        with punctuation or a word tail, inside a quotation, or with a
        character no word begins with).  Otherwise every merge stays
        on its page and depends on that page alone, so an editing session may
        re-run single pages."""
        if len(pages) < 2:
            return False
        sig = structure.signals()
        most = _params(MERGE_FILE, ()).inner_close_max
        loose: list[int] = []
        second: list[int] = []
        for page in pages:
            for block in segment(page.raw, page.number):
                text = block.text.text.strip()
                if stops_mid_sentence(text, sig, most) and (
                    _CLAUSE.search(text) or structure.visible_len(text) > sig.heading_max
                ):
                    loose.append(page.number)
                if (
                    structure.cannot_start_paragraph(text, sig)
                    or _first_closing(text, _OPEN_QUOTES, _CLOSE_QUOTES)
                    or _orphan_head(text)
                ):
                    second.append(page.number)
        return any(x != y for x in set(loose) for y in set(second))

    def params(self) -> Params:
        overrides = tuple(sorted((k, v) for k, v in self.options.items() if k != "weights"))
        return _params(str(self.options.get("weights", MERGE_FILE)), overrides)

    # ------------------------------------------------------------------------
    def apply(self, issue: Issue, ctx) -> None:
        params = self.params()
        # the analysis makes thousands of short-lived sets of character pairs
        # that refer to nothing but numbers: reference counting frees them,
        # and a garbage collection while they live would only walk their
        # elements, so none runs in between
        collecting = gc.isenabled()
        gc.disable()
        try:
            choices = analyse(issue, params)
            if choices:
                score(choices, params)
        finally:
            if collecting:
                gc.enable()
        if not choices:
            return
        accepted: list[tuple[Suggestion, Choice, Candidate]] = []
        for choice in choices:
            ranked = sorted(choice.candidates, key=lambda c: (-c.score, c.second.page.number, c.second.pos))
            for cand in ranked[: params.max_per_first]:
                if cand.score < params.min_score:
                    break
                suggestion = ctx.add_suggestion(self.suggestion(choice, cand, params))
                if suggestion.status is Status.ACCEPTED:
                    accepted.append((suggestion, choice, cand))
        if accepted:
            self.join(issue, ctx, accepted)

    def suggestion(self, choice: Choice, cand: Candidate, params: Params) -> Suggestion:
        first, second = choice.first, cand.second
        end = _char_span(first.block, len(first.block.text.text.rstrip()) - 1, last=True)
        start = _char_span(second.block, len(second.block.text.text) - len(second.block.text.text.lstrip()))
        tail, head = first.text[-params.shown :], second.text[: params.shown]
        evidence = _evidence(cand, choice)
        pages = sorted({first.page.number, second.page.number})
        return Suggestion(
            id=Suggestion.make_id(self.id, [end, start], "merge"),
            rule=self.id,
            kind="merge",
            score=min(round(cand.score, 4), _TOP_SCORE),
            summary=f"…{tail}|{head}…",
            evidence=evidence,
            page=end.page,
            start=end.start,
            end=end.end,
            before=f"{tail} … {head}",
            after=f"{tail}{head}",
            extra={
                "first": first.block.id,
                "second": second.block.id,
                "pages": pages,
                "seam": [[end.page, end.end], [start.page, start.start]],
                "word": cand.word,
            },
        )

    def join(self, issue: Issue, ctx, accepted: list[tuple[Suggestion, Choice, Candidate]]) -> None:
        """Apply accepted merges, surest first; a block is a first half once and
        a second half once; a second half that was itself joined on follows."""
        accepted.sort(key=lambda t: (-t[0].score, t[0].id))
        holder: dict[int, Block] = {}  # id(block) -> the block now holding its text
        used_first: set[int] = set()
        used_second: set[int] = set()

        def home(block: Block) -> Block:
            while id(block) in holder:
                block = holder[id(block)]
            return block

        for suggestion, choice, cand in accepted:
            first, second = choice.first.block, cand.second.block
            if id(first) in used_first or id(second) in used_second:
                continue
            target = home(first)
            if target is second or home(second) is not second:
                continue  # a loop, or the second half is already inside another block
            page = issue.page(second.page)
            if not any(b is second for b in page.blocks):
                continue
            used_first.add(id(first))
            used_second.add(id(second))
            ctx.join_distant(self, target, second, f"interleaved halves joined ({suggestion.id})")
            holder[id(second)] = target


def _char_span(block: Block, k: int, last: bool = False) -> Span:
    """The raw span of character ``k`` of a block's text (its anchor when the
    character was inserted by a rule)."""
    text = block.text
    k = max(0, min(k, len(text.text) - 1))
    spans = text.spans(k, k + 1)
    if spans:
        return spans[-1] if last else spans[0]
    page, at = text._anchor(k)
    return Span(page, at, at)


# -- analysis -------------------------------------------------------------------------------
def _is_first_half(block: Block, text: str, sig: Signals) -> bool:
    if block.role is not PARAGRAPH or not text:
        return False
    return stops_mid_sentence(text, sig) and _loose_is_first_half(block, text, sig)


#: closing marks after which a sentence may go on: a quoted name or a
#: bracketed note inside the sentence (``主题教育“五个围绕”|的要求``)
_INNER_CLOSERS = "”」』）)"
_INNER_OPENERS = {"”": "“", "」": "「", "』": "『", "）": "（(", ")": "（("}


def stops_mid_sentence(text: str, sig: Signals, most: int = 16) -> bool:
    """True when a paragraph does not end a sentence: it does not end with
    sentence-final punctuation (:func:`structure.ends_sentence`), or it ends
    with a closing quotation mark or bracket that closes a quoted name or a
    note inside the sentence, no final mark before it (``…以“信息化管理”``,
    ``…工委（产业工会）``; not ``…很开心！”``, nor ``…。（记者张三）``).  A
    name or note longer than ``most`` characters (marks included) is taken
    for a quotation or a title's note that ends the text
    (``公报（2026年1月14日…全体会议通过）``)."""
    if not structure.ends_sentence(text, sig):
        return True
    text = text.rstrip()
    return text[-1] in _INNER_CLOSERS and _inner_close_goes_on(text, sig, most)


def _inner_close_goes_on(text: str, sig: Signals, most: int) -> bool:
    """The second test of :func:`stops_mid_sentence`, for a stripped text
    that ends with one of ``_INNER_CLOSERS``."""
    last = text[-1]
    body = text.rstrip(_INNER_CLOSERS)
    if not body or body[-1] in sig.final:
        return False
    # the mark that opens what the last mark closes, with text before it
    opened = max(body.rfind(c) for c in _INNER_OPENERS[last])
    if opened <= 0 or len(text) - opened > most:
        return False
    # running text right before it, with a clause mark: not a bracketed note
    # or a quoted title on a line of its own (``…公报\n（…全体会议通过）``)
    before = body[:opened]
    return (
        bool(before)
        and not before[-1].isspace()
        and before[-1] not in sig.final
        and before[-1] not in sig.closers
        and _CLAUSE.search(before) is not None
    )


def _loose_is_first_half(block: Block, text: str, sig: Signals) -> bool:
    """Whether a paragraph that stops mid-sentence is a first half."""
    if structure.has_marker(block, "to") or structure.is_news_lead_alone(text, sig):
        return False
    # no clause mark and phrases set apart by spaces: a headline read as
    # running text (``…签署命令 发布军事航天部队 网络空间部队…``)
    headline_like = _CLAUSE.search(text) is None and _SPACED.search(text) is not None
    return not headline_like or structure.is_news_lead(text, sig)


def _may_be_second(block: Block, text: str, sig: Signals) -> bool:
    if block.role is not PARAGRAPH or not text or block.indent:
        return False
    if structure.has_marker(block, "from"):
        return False
    if text.startswith("——") or structure.is_news_lead(text, sig):
        return False
    return True


def analyse(issue: Issue, params: Params, sig: Signals | None = None) -> list[Choice]:
    """Every first half of the issue with its likeliest candidate second
    halves and their signals (not yet scored).

    Cheap tests first: an issue without a first half costs one look at each
    block's last character; blocks on pages without a first half are looked
    at only when they can only be a second half.  Each block's own signals
    are read once, whatever number of first halves it is weighed against;
    a pair adds its few signals to them."""
    sig = sig or structure.signals()
    flows: dict[int, list[Block]] = {}
    paragraphs: dict[int, list[tuple[int, Block, str]]] = {}
    firsts: list[_Half] = []
    most = params.inner_close_max
    loose_on: dict[int, int] = {}  # the paragraphs of each page that stop mid-sentence
    pictured: set[int] = set()  # the pages with a photo credit or caption
    for page in issue.pages:
        flow = [b for b in page.blocks if b.role is not FURNITURE]
        flows[page.number] = flow
        paras = paragraphs[page.number] = []
        loose = 0
        for pos, block in enumerate(flow):
            if block.role is PARAGRAPH:
                text = block.text.text.strip()
                if text:
                    paras.append((pos, block, text))
                    if stops_mid_sentence(text, sig, most):
                        loose += 1
                        if _loose_is_first_half(block, text, sig):
                            firsts.append(_Half(block, page, pos, text))
            elif block.role in _PICTURE_ROLES:
                pictured.add(page.number)
        loose_on[page.number] = loose
    if not firsts:
        return []
    first_pages = {a.page.number for a in firsts}
    weight = params.pair.get
    w_cannot_start, w_inside = weight("b_cannot_start", 0.0), weight("b_inside_quote", 0.0)
    w_orphan, w_len = weight("b_orphan", 0.0), weight("b_len", 0.0)
    by_block = {id(a.block): a for a in firsts}
    seconds_by_page: dict[int, list[_Half]] = {}
    cannot_start_paragraph, quote_mark, log1p = structure.cannot_start_paragraph, _QUOTE_MARK.search, math.log1p
    news_lead = sig.news_lead.match
    for page in issue.pages:
        seconds: list[_Half] = []
        here = page.number in first_pages
        top = True  # no paragraph above: the top of the page's text
        for pos, block, text in paragraphs[page.number]:
            # what the first characters say: it cannot begin a paragraph, it
            # begins inside a quotation, no word begins it.  A block that can
            # only be a second half, or that begins with no word at the top of
            # its page's text, may go on from another page.  On a page with no
            # first half, below the top of its text, only such a block is read
            # further.  (Each is a paragraph with text: what _may_be_second
            # asks of it but the role.)
            if here or top:
                if block.indent or (block.markers and structure.has_marker(block, "from")):
                    continue
                if text.startswith("——") or news_lead(text) is not None:
                    continue
                cannot_start = cannot_start_paragraph(text, sig)
                mark = quote_mark(text)
                inside = mark is not None and mark.group() in _CLOSE_QUOTES
                orphan = not cannot_start and _orphan_head(text)
                cross = cannot_start or inside or (orphan and top)
                top = False
            else:
                cannot_start = cannot_start_paragraph(text, sig)
                mark = quote_mark(text)
                inside = mark is not None and mark.group() in _CLOSE_QUOTES
                if not (cannot_start or inside) or not _may_be_second(block, text, sig):
                    continue
                orphan = not cannot_start and inside and _orphan_head(text)
                cross = True
            if here or cross:
                half = by_block.get(id(block))
                if half is None:
                    half = _Half(block, page, pos, text)
                half.cannot_start = cannot_start
                half.inside_quote = inside
                half.orphan = orphan
                half.cross_page = cross
                half.starts = lexicon.seam_starts(text)
                half.known = (
                    w_cannot_start * cannot_start + w_inside * inside + w_orphan * orphan + w_len * log1p(len(text))
                )
                seconds.append(half)
        seconds_by_page[page.number] = seconds
    # every pair on what its seam, its places and the second half's first
    # characters say; the most likely ones are then read for topic.  Only a
    # seam where a short word could span is segmented (no such word, no gain)
    crossing = [b for number in sorted(seconds_by_page) for b in seconds_by_page[number] if b.cross_page]
    w_gain, w_word = weight("gain", 0.0), weight("seam_word", 0.0)
    w_open_closed, w_open_unclosed = weight("quote_open_closed", 0.0), weight("quote_open_unclosed", 0.0)
    w_closed_inside, w_bracket = weight("quote_closed_inside", 0.0), weight("bracket_open_closed", 0.0)
    w_later, w_earlier, w_other = weight("later", 0.0), weight("earlier", 0.0), weight("other_page", 0.0)
    w_distance, w_heads = weight("log_distance", 0.0), weight("heads_between", 0.0)
    w_first_after = weight("first_after", 0.0)
    w_digit_goes, units = weight("digit_goes", 0.0), sig.number_units
    max_gain, keep = params.max_gain, max(params.max_candidates, 0)
    seam_gain_sides, log1p = lexicon.seam_gain_sides, math.log1p
    # the dictionary, held for the quick test of every pair's seam
    words, spans_cut_word = lexicon.frequencies(), lexicon.spans_cut_word
    choices: list[Choice] = []
    for a in firsts:
        _first_signals(a, flows[a.page.number], sig)
        a.first_feats["a_log_loose_page"] = math.log1p(loose_on[a.page.number])
        page, pos = a.page, a.pos
        ends = lexicon.seam_ends(a.tail.text)
        quotes, brackets = a.quotes > 0, a.brackets > 0
        digit_end = a.text[-1] in DIGITS  # as structure.number_goes_on reads a seam
        # (odds summed in any order, second half, seam gain, seam word)
        found: list[tuple[float, _Half, float, str]] = []
        for b in (*seconds_by_page[page.number], *(b for b in crossing if b.page is not page)):
            if b is a:
                continue
            same = b.page is page
            spans = spans_cut_word(ends, b.starts, words)
            # on another page only a block that can only be a second half,
            # and only when the seam reads as one word or closes a quotation
            if not same and not (b.cannot_start or (b.inside_quote and quotes) or (b.orphan and spans)):
                continue
            gain, word = 0.0, ""
            if spans:
                if b.head is None:
                    b.head = lexicon.SeamSide(b.text, "head")
                gain, word = seam_gain_sides(a.tail, b.head)
            if not same and not (b.cannot_start or b.inside_quote or gain > 0):
                continue
            gain = min(gain, max_gain)
            odds = w_gain * gain
            if word:
                odds += w_word
            if quotes:
                odds += w_open_closed if b.inside_quote else w_open_unclosed
            elif b.inside_quote:
                odds += w_closed_inside
            if digit_end and b.text[0] in units:
                odds += w_digit_goes
            if same:
                odds += w_later if b.pos > pos else w_earlier
                if abs(b.pos - pos) > 1:
                    odds += w_distance * log1p(abs(b.pos - pos) - 1)
                if b.pos == a.heads_next:
                    odds += w_heads
                if b.pos == a.next_para:
                    odds += w_first_after
            else:
                odds += w_other
            found.append((odds, b, gain, word))
        if not found:
            continue
        count = len(found)
        if count > keep:
            # a second half whose own signals are not read yet is weighed at
            # the least and the most they may add: one that cannot be among
            # the likeliest max_candidates is never read
            low, high = params.rest_low - 2 * params.slack, params.rest_high + 2 * params.slack
            if brackets:
                low, high = low + min(0.0, w_bracket), high + max(0.0, w_bracket)
            lows = sorted(
                [
                    odds + (_own(b, brackets, w_bracket) if b.feats is not None else b.known + low)
                    for odds, b, _, _ in found
                ],
                reverse=True,
            )
            floor = lows[keep - 1] - 2 * params.slack if keep else math.inf
            found = [f for f in found if f[1].feats is not None or f[0] + f[1].known + high >= floor]
            # the rest are read likeliest first (by the most their signals may
            # add), until max_candidates read are surer than any left can be
            if keep:
                best: list[float] = []  # the likeliest max_candidates read (a heap, least first)
                pending = []
                for item in found:
                    if item[1].feats is None:
                        pending.append(item)
                    else:
                        _keep_best(best, item[0] + _own(item[1], brackets, w_bracket), keep)
                pending.sort(key=_most, reverse=True)
                for odds, b, _, _ in pending:
                    if len(best) == keep and odds + b.known + high < best[0] - 2 * params.slack:
                        break
                    _second_signals(b, flows[b.page.number], params, sig, pictured)
                    _keep_best(best, odds + _own(b, brackets, w_bracket), keep)
                found = [f for f in found if f[1].feats is not None]
        for k, (odds, b, gain, word) in enumerate(found):
            if b.feats is None:
                _second_signals(b, flows[b.page.number], params, sig, pictured)
            found[k] = (odds + _own(b, brackets, w_bracket), b, gain, word)
        # the likeliest max_candidates: the odds summed in another order than
        # the weights file's differ from the exact ones by less than slack, so
        # every pair that may be among them is summed exactly and ranked again
        kept = found
        if len(found) > keep:
            found.sort(key=_by_odds)
            floor = found[keep - 1][0] - params.slack if keep else math.inf
            n = keep
            while n < len(found) and found[n][0] >= floor:
                n += 1
            kept = found[:n]
        ranked = [Candidate(b, g, w, _exact_odds(a, b, g, w, params)) for _, b, g, w in kept]
        ranked.sort(key=lambda c: (-c.logit, c.second.page.number, c.second.pos))
        none = dict(a.first_feats)
        none["log_candidates"] = math.log(count)
        choices.append(Choice(a, none, ranked[:keep]))
    if choices:
        _topic(choices, flows, params)
    return choices


def _own(b: _Half, brackets: bool, w_bracket: float) -> float:
    """What a second half's own signals add to the odds of a pair (with a
    first half that leaves a bracket open, one it closes adds w_bracket)."""
    return b.own + w_bracket if brackets and b.feats["b_closes_bracket"] > 0 else b.own


def _most(item: tuple[float, _Half, float, str]) -> float:
    """The odds of a pair but the second half's signals read after its
    first characters (for ranking what they may add up to)."""
    return item[0] + item[1].known


def _keep_best(best: list[float], odds: float, keep: int) -> None:
    """Keep the ``keep`` largest odds in the heap ``best``."""
    if len(best) < keep:
        heapq.heappush(best, odds)
    elif odds > best[0]:
        heapq.heapreplace(best, odds)


def _by_odds(item: tuple[float, _Half, float, str]) -> tuple[float, int, int]:
    return (-item[0], item[1].page.number, item[1].pos)


def _topic(choices: list[Choice], flows: dict[int, list[Block]], params: Params) -> None:
    """Closeness in topic of each candidate to its first half: the share of
    the rare character pairs of the second half (and the paragraph after it)
    found in the first half and the paragraphs above it, and the share found
    in the paragraphs above the second half where it stands now.  Rare is
    counted over the running text of the first half's page, so that what is
    said of a pair on one page does not depend on the other pages; a group's
    weight counts as at least ``topic_floor``, so that a short second half
    does not seem close by chance.  Two more: the share of the rare pairs at
    the start of the second half found at the end of the first
    (``seam_chars`` each: a sentence cut in two goes on about the same
    thing), and the share of the second half's found in the first half's
    headline group.

    The character pairs of every block read are taken in one pass."""
    context: dict[int, list[Block]] = {}  # the text around each first half, by id
    docs: dict[int, list[Block]] = {}  # the running text of each first half's page
    wanted: dict[int, Block] = {}  # every block read, by id
    seconds: list[_Half] = []  # every candidate second half
    headlines: dict[int, list[Block]] = {}  # the headline group above each first half
    for choice in choices:
        a = choice.first
        number = a.page.number
        flow = flows[number]
        if number not in docs:
            docs[number] = [b for b in flow if b.role in _TEXT_ROLES]
            wanted.update((id(x), x) for x in docs[number])
        context[id(a)] = blocks = _text_run(flow, a.pos, params.context_first, step=-1)
        wanted.update((id(x), x) for x in blocks)
        headlines[id(a)] = lines = _headline_above(flow, a.pos)
        wanted.update((id(x), x) for x in lines)
        for cand in choice.candidates:
            b = cand.second
            if b.above_blocks is None:
                seconds.append(b)
                bflow = flows[b.page.number]
                b.group_blocks = tuple(_text_run(bflow, b.pos, params.context_after, step=1))
                b.above_blocks = tuple(_text_run(bflow, b.pos, params.context_own, step=-1, include=False))
                wanted.update((id(x), x) for x in b.group_blocks)
                wanted.update((id(x), x) for x in b.above_blocks)
    grams = dict(zip(wanted, _bigrams_each([x.text.text for x in wanted.values()], _WHOLE)))
    reach = params.seam_chars
    ends = _bigrams_each([c.first.text[-reach:] for c in choices] + [b.text for b in seconds], reach)
    for choice, pairs in zip(choices, ends):
        choice.first.tail_grams = pairs
    for b, pairs in zip(seconds, ends[len(choices) :]):
        b.head_grams = pairs

    def union(blocks) -> frozenset[int]:
        return frozenset().union(*[grams[id(x)] for x in blocks])

    for b in seconds:
        b.group = union(b.group_blocks)
        b.alone = grams[id(b.block)]
        b.above = [grams[id(x)] for x in b.above_blocks]
    weighers: dict[int, object] = {}
    for number, page_docs in docs.items():
        # a pair found in n of the page's paragraphs weighs by_count[n]
        log_docs = math.log(len(page_docs) + 1)
        by_count = [(log_docs - math.log(n + 0.5)) ** params.topic_power for n in range(len(page_docs) + 1)]
        by_count.append(0.0)  # the weight of a pair of digits
        df = Counter(chain.from_iterable([grams[id(x)] for x in page_docs]))
        dict.update(df, _DIGIT_PAIRS)  # set, not added to
        weighers[number] = _weigher(df.get, by_count.__getitem__)

    weight = params.pair.get
    w_first, w_own = weight("topic_first", 0.0), weight("topic_own", 0.0)
    w_seam, w_headline = weight("seam_topic", 0.0), weight("headline_topic", 0.0)
    w_first_alone, w_own_alone = weight("topic_first_alone", 0.0), weight("topic_own_alone", 0.0)
    floor = params.topic_floor
    for choice in choices:
        a = choice.first
        key = a.page.number
        weigh = weighers[key]
        context_blocks = context[id(a)]
        near_all = union(context_blocks)
        headline = union(headlines[id(a)])
        tail = a.tail_grams
        for cand in choice.candidates:
            b = cand.second
            near = near_all
            if b.page is a.page and b.pos < a.pos:
                # a block above the first half is read without itself and the text after it
                near = union([x for x in context_blocks if not any(x is y for y in b.group_blocks)])
            total = b.group_weight.get(key)
            if total is None:
                total = b.group_weight[key] = weigh(b.group) + floor
            group, above = b.group, b.above
            if any(x is a.block for x in b.above_blocks):
                above = [grams[id(x)] for x in b.above_blocks if x is not a.block]
            # the pairs of the group found above it: those of each block above, together
            shared_own = frozenset().union(*[group & x for x in above])
            shared_first = group & near
            cand.topic_first = weigh(shared_first) / total
            cand.topic_own = weigh(shared_own) / total
            if len(b.group_blocks) == 1:
                # no text after it: the second half alone is its group
                cand.topic_first_alone, cand.topic_own_alone = cand.topic_first, cand.topic_own
            else:
                # the second half's pairs are a part of its group's: those
                # shared are the group's shared that are its own
                alone = b.alone
                if near is near_all:
                    shared_first = shared_first & alone
                else:
                    shared_first = alone & union([x for x in context_blocks if x is not b.block])
                alone_total = b.alone_weight.get(key)
                if alone_total is None:
                    alone_total = b.alone_weight[key] = weigh(alone) + floor
                cand.topic_first_alone = weigh(shared_first) / alone_total
                cand.topic_own_alone = weigh(shared_own & alone) / alone_total
            head = b.head_grams
            # a short start shares little by chance: its weight counts as
            # at least topic_floor, as a group's does
            seam = head & tail
            cand.seam_topic = weigh(seam) / (weigh(head) + floor) if seam else 0.0
            cand.headline_topic = weigh(group & headline) / total if headline else 0.0
            cand.logit += (
                w_first * cand.topic_first
                + w_own * cand.topic_own
                + w_seam * cand.seam_topic
                + w_headline * cand.headline_topic
                + w_first_alone * cand.topic_first_alone
                + w_own_alone * cand.topic_own_alone
            )
    # the sets are read: let them go now, while no garbage collection runs
    for b in seconds:
        b.group = b.head_grams = b.alone = _NONE
        b.above = []
    for choice in choices:
        choice.first.tail_grams = _NONE


#: the pairs of two digits (coded as :func:`_bigrams` codes them), each
#: counted as found in the last place of a page's weights, which weighs 0: the
#: digits inside numbers say nothing of what a text is about (``5600余个`` and
#: ``160万平方米`` share no topic through ``60``).  Digits are half-width here
#: (the full-width ones are made so before).
_DIGIT_PAIRS = {ord(x) | ord(y) << 32: -1 for x in "0123456789" for y in "0123456789"}


def _weigher(count, by):
    """The weight of a set of character pairs: the exact sum of each pair's
    weight, ``by(count(pair))`` (``by(0)`` for a pair not on the page)."""

    def weigh(pairs: frozenset[int]) -> float:
        return math.fsum(map(by, map(count, pairs, repeat(0))))

    return weigh


#: roles of running text: what topic is read from
_TEXT_ROLES = (PARAGRAPH, SUBHEAD, LEAD_BOX)
#: the lines of a headline group (a byline goes with them)
_HEADS = (HEADING, HEADLINE, KICKER, SUBTITLE, COLUMN, BYLINE)
_HEADS_AND_MARKERS = (*_HEADS, MARKER)
#: what a first half's headline group is read from
_TITLES = (HEADING, HEADLINE, KICKER, SUBTITLE, SUBHEAD)
_TITLES_AND_BYLINE = (*_TITLES, BYLINE)
#: a block right under one of these opens an article
_OPENS_ARTICLE = (*_HEADS, LEAD_BOX)
#: running text after a first half on its page
_RUNNING = (PARAGRAPH, SUBHEAD, LEAD_BOX, SIGN_OFF)
#: a block right above one of these is a picture's caption, not running text
_PICTURE_ROLES = (CREDIT, CAPTION_TITLE, CAPTION)


def _headline_above(flow: list[Block], pos: int) -> list[Block]:
    """The lines of the headline group (or section head) nearest above the
    block at ``pos``, bylines left out."""
    k = pos - 1
    while k >= 0 and flow[k].role not in _TITLES:
        k -= 1
    out = []
    while k >= 0 and flow[k].role in _TITLES_AND_BYLINE:
        if flow[k].role is not BYLINE:
            out.append(flow[k])
        k -= 1
    return out


def _text_run(flow: list[Block], pos: int, reach: int, step: int, include: bool = True) -> list[Block]:
    """The block at ``pos`` (with ``include``) and up to ``reach`` blocks of
    running text next to it (``step`` -1: above, 1: below), not crossing a
    headline, byline, caption or jump marker."""
    out = [flow[pos]] if include else []
    k = pos + step
    taken = 0
    while 0 <= k < len(flow) and taken < reach:
        block = flow[k]
        if block.role not in _TEXT_ROLES or (step > 0 and structure.has_marker(block, "from")):
            break
        out.append(block)
        taken += 1
        if step < 0 and structure.has_marker(block, "from"):
            break
        k += step
    return out


def _first_signals(a: _Half, flow: list[Block], sig: Signals) -> None:
    a.tail = lexicon.SeamSide(a.text, "tail")
    a.quotes = _quote_balance(a.text)
    a.brackets = _bracket_balance(a.text)
    last = a.text[-1]
    later = any(
        b.role in _RUNNING for b in flow[a.pos + 1 :]
    )
    # a headline group right under it: the paragraph under that group opens
    # another article (or the first half is a headline read as running text)
    k, heads = a.pos + 1, False
    while k < len(flow) and flow[k].role in _HEADS_AND_MARKERS:
        heads = heads or flow[k].role is not MARKER
        k += 1
    a.heads_next = k if heads else -1
    # the first paragraph after it past something else (a picture, a box, a
    # headline group): reading goes on there; a paragraph right under it
    # was read as no continuation when adjacent pieces were rejoined
    k = a.pos + 1
    while k < len(flow) and flow[k].role is not PARAGRAPH:
        k += 1
    a.next_para = k if a.pos + 1 < k < len(flow) else -1
    a.first_feats = {
        "bias": 1.0,
        "a_clause_end": float(last in "，、；,;"),
        "a_colon": float(last in "：:"),
        "a_page_last": float(not later),
        "a_short": float(len(a.text) < 12),
        "a_next_para": float(a.pos + 1 < len(flow) and flow[a.pos + 1].role is PARAGRAPH),
        "a_no_clause": float(_CLAUSE.search(a.text) is None),
        "a_inner_close": float(last in _INNER_CLOSERS),
    }


def _second_signals(b: _Half, flow: list[Block], params: Params, sig: Signals, pictured: set[int]) -> None:
    """The signals of a second half of its own (the same against every first
    half), and their odds.  ``pictured``: the pages with a photo credit or
    caption (on the others no block heads a caption run)."""
    prev = None
    for k in range(b.pos - 1, -1, -1):
        if flow[k].role is not MARKER:
            prev = flow[k]
            break
    after_picture = prev is not None and prev.role in _PICTURE_ROLES
    after_heading = prev is not None and prev.role in _OPENS_ARTICLE
    after = None
    for k in range(b.pos + 1, len(flow)):
        if flow[k].role is not MARKER:
            after = flow[k]
            break
    ends = structure.ends_sentence(b.text, sig)
    before_credit = after is not None and after.role in _PICTURE_ROLES
    # a caption run: a credit right under it, or whole sentences down to one
    caption_run = ends and (
        before_credit
        or (
            after is not None
            and after.role is PARAGRAPH
            and b.page.number in pictured
            and _caption_run_below(flow, b.pos, sig)
        )
    )
    text = b.text
    b.feats = feats = {
        "b_len": math.log1p(len(text)),
        "b_cannot_start": 1.0 if b.cannot_start else 0.0,
        "b_inside_quote": 1.0 if b.inside_quote else 0.0,
        "b_orphan": 1.0 if b.orphan else 0.0,
        "b_opener": (
            1.0 if params.openers.match(text) is not None or structure.starts_paragraph(text, sig) else 0.0
        ),
        "b_after_heading": 1.0 if after_heading else 0.0,
        "b_ends": 1.0 if ends else 0.0,
        "b_closes_bracket": 1.0 if _closes_bracket(text) else 0.0,
        "b_start": _start_odds(text, params),
        "b_above_loose": (
            1.0
            if prev is not None and prev.role is PARAGRAPH and not structure.ends_sentence(prev.text.text, sig)
            else 0.0
        ),
        "b_before_credit": 1.0 if before_credit else 0.0,
        "b_lead": 0.0 if params.lead.match(text) is None else 1.0,
        "b_speaker": 0.0 if params.speaker.match(text) is None else 1.0,
        "b_time_lead": 0.0 if params.time_lead.match(text) is None else 1.0,
        "b_after_picture": 1.0 if after_picture else 0.0,
        "b_caption_run": 1.0 if caption_run else 0.0,
    }
    # a signal of 0 adds nothing to the sum, in whatever place; own_order
    # lists the weighed ones in the file's order, so the terms come sorted
    b.terms = terms = [(i, w * v) for k, i, w in params.own_order if (v := feats[k])]
    b.own = sum([t for _, t in terms])


def _caption_run_below(flow: list[Block], pos: int, sig: Signals) -> bool:
    """True when the paragraph at ``pos`` (of whole sentences) heads a run of
    paragraphs of whole sentences, at most ``caption.max_blocks`` long, that
    a photo credit or caption closes: the text of a photo's caption (a photo
    printed inside an article), or an article's text going on above a photo.
    The roles are read first, the sentences only of a run a credit closes."""
    run = []
    k, last, end = pos + 1, pos + sig.caption_max_blocks, len(flow)
    while k < end:
        block = flow[k]
        role = block.role
        if role in _PICTURE_ROLES:
            break
        if role is not MARKER:
            if k >= last or role is not PARAGRAPH or block.indent or block.markers:
                return False
            run.append(block)
        k += 1
    else:
        return False
    ends_sentence = structure.ends_sentence
    return all(ends_sentence(block.text.text.strip(), sig) for block in run)


def _pair_feats(a: _Half, b: _Half, gain: float, word: str) -> dict[str, float]:
    """The signals of a pair but those of the second half alone and topic."""
    same = a.page is b.page
    later = same and b.pos > a.pos
    dist = abs(b.pos - a.pos) - 1 if same else 0
    qa, ba = a.quotes, a.brackets
    inside = b.inside_quote
    return {
        "gain": gain,
        "seam_word": float(bool(word)),
        "quote_open_closed": float(qa > 0 and inside),
        "quote_open_unclosed": float(qa > 0 and not inside),
        "quote_closed_inside": float(qa <= 0 and inside),
        "bracket_open_closed": float(ba > 0 and b.feats["b_closes_bracket"] > 0),
        "later": float(later),
        "earlier": float(same and not later),
        "other_page": float(not same),
        "log_distance": math.log1p(dist) if same else 0.0,
        "heads_between": float(same and b.pos == a.heads_next),
        "first_after": float(same and b.pos == a.next_para),
        "digit_goes": float(structure.number_goes_on(a.text, b.text)),
    }


def _exact_odds(a: _Half, b: _Half, gain: float, word: str, params: Params) -> float:
    """The log-odds of a pair on every signal but topic: weight × signal
    summed in the order of the weights file, so that the sum is the same
    every time (a signal of 0 adds nothing, wherever it stands)."""
    order, weights = params.order, params.pair
    terms = list(b.terms)
    pair = _pair_feats(a, b, gain, word)
    terms.extend((order[k], weights[k] * v) for k, v in pair.items() if v and k in order)
    terms.sort()
    return sum([t for _, t in terms])


def _feats(choice: Choice, cand: Candidate) -> dict[str, float]:
    """Every signal of a pair, by name."""
    feats = dict(cand.second.feats)
    feats.update(_pair_feats(choice.first, cand.second, cand.gain, cand.word))
    feats["topic_first"] = cand.topic_first
    feats["topic_own"] = cand.topic_own
    feats["topic_first_alone"] = cand.topic_first_alone
    feats["topic_own_alone"] = cand.topic_own_alone
    feats["seam_topic"] = cand.seam_topic
    feats["headline_topic"] = cand.headline_topic
    return feats


def _dot(weights: dict[str, float], feats: dict[str, float]) -> float:
    # in the order of the weights file, so that the sum is the same every time
    return sum([w * feats[k] for k, w in weights.items() if k in feats])


def score(choices: list[Choice], params: Params) -> None:
    """Odds for each candidate and for "none here", per first half; then each
    pair's chance when every block is one half of one seam at most: the
    first halves that want the same second halves are weighed together, over
    every way of pairing them (a first half with none of its candidates, or
    with one no other first half of that way has), each way as likely as the
    product of its odds.  A pair scores its share of the ways that hold it.
    So a second half that another first half fits much better scores low,
    and a first half whose other candidates are taken scores high."""
    for choice in choices:
        choice.none_logit = _dot(params.none, choice.none_feats)
    for group in _claiming(choices, params.prune):
        _share(group, params.max_ways)
    scale, shift = params.calibrate_scale, params.calibrate_shift
    if (scale, shift) != (1.0, 0.0):
        for choice in choices:
            for cand in choice.candidates:
                cand.score = _calibrated(cand.score, scale, shift)


def _claiming(choices: list[Choice], prune: float) -> list[list[tuple[Choice, list[Candidate]]]]:
    """The first halves in groups that claim the same second halves, each
    with its candidates within ``prune`` of its likeliest outcome (the others
    score 0), in the order of ``choices``."""
    kept: list[list[Candidate]] = []
    for choice in choices:
        top = max([choice.none_logit, *(c.logit for c in choice.candidates)])
        live = []
        for cand in choice.candidates:
            cand.score = 0.0
            if cand.logit >= top - prune:
                live.append(cand)
        kept.append(live)
    parent = list(range(len(choices)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    owner: dict[int, int] = {}
    for k, live in enumerate(kept):
        for cand in live:
            j = owner.setdefault(id(cand.second), k)
            if j != k:
                parent[find(k)] = find(j)
    groups: dict[int, list[tuple[Choice, list[Candidate]]]] = {}
    for k, choice in enumerate(choices):
        groups.setdefault(find(k), []).append((choice, kept[k]))
    return list(groups.values())


def _share(group: list[tuple[Choice, list[Candidate]]], max_ways: int) -> None:
    """Each candidate's share of the ways of pairing a group of first halves
    (see :func:`score`).  A group with more than ``max_ways`` ways is read
    one first half at a time, each candidate's odds against its own none
    and candidates, shared again among the first halves that claim it."""
    ways = 1
    for _, live in group:
        ways *= len(live) + 1
    if ways > max_ways:
        _share_apart(group)
        return
    # the first halves with the fewest candidates first
    order = sorted(group, key=lambda item: len(item[1]))
    shift = [max([c.none_logit, *(x.logit for x in live)]) for c, live in order]
    # each first half's outcomes: (its second half, odds), "none" first
    options = [
        [(None, math.exp(c.none_logit - top))] + [(id(x.second), math.exp(x.logit - top)) for x in live]
        for (c, live), top in zip(order, shift)
    ]
    # the odds of the ways that hold each outcome, summed way by way
    totals = [[0.0] * len(outcomes) for outcomes in options]
    used: set[int] = set()
    picked: list[int] = []  # the outcome of each first half so far (0: none)
    whole = 0.0
    last = len(options) - 1

    def walk(k: int, weight: float) -> None:
        nonlocal whole
        if k == last:
            here = totals[k]
            for j, (second, odds) in enumerate(options[k]):
                if second is None or second not in used:
                    way = weight * odds
                    whole += way
                    for n, i in enumerate(picked):
                        if i:
                            totals[n][i] += way
                    if j:
                        here[j] += way
            return
        for j, (second, odds) in enumerate(options[k]):
            if second is None:
                picked.append(0)
                walk(k + 1, weight * odds)
                picked.pop()
            elif second not in used:
                used.add(second)
                picked.append(j)
                walk(k + 1, weight * odds)
                picked.pop()
                used.discard(second)

    walk(0, 1.0)
    for (_, live), sums in zip(order, totals):
        for cand, total in zip(live, sums[1:]):
            cand.score = total / whole if whole > 0 else 0.0


def _share_apart(group: list[tuple[Choice, list[Candidate]]]) -> None:
    claims: dict[int, float] = {}
    for choice, live in group:
        top = max([choice.none_logit, *(c.logit for c in live)])
        denom = math.exp(choice.none_logit - top) + math.fsum(math.exp(c.logit - top) for c in live)
        for cand in live:
            cand.score = math.exp(cand.logit - top) / denom
            claims[id(cand.second)] = claims.get(id(cand.second), 0.0) + cand.score
    for _, live in group:
        for cand in live:
            total = claims[id(cand.second)]
            if total > cand.score:
                cand.score *= cand.score / total


def _calibrated(p: float, scale: float, shift: float) -> float:
    """``p`` with its log-odds scaled and shifted (``calibrate_scale``,
    ``calibrate_shift``): a score read as a chance of being right."""
    if p <= 0.0 or p >= 1.0:
        return p
    z = scale * math.log(p / (1.0 - p)) + shift
    return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


#: signals named in a suggestion's evidence when they are there
_SHOWN = (
    ("b_cannot_start", "second cannot begin a paragraph"),
    ("b_orphan", "second begins with no word"),
    ("b_inside_quote", "second begins inside a quotation"),
    ("quote_open_closed", "quotation open in first, closed in second"),
    ("quote_open_unclosed", "quotation open in first, not closed in second"),
    ("bracket_open_closed", "bracket open in first, closed in second"),
    ("digit_goes", "a number goes on into the second (its unit)"),
    ("b_opener", "second begins like a paragraph"),
    ("b_lead", "second begins with a short lead-in clause"),
    ("b_speaker", "second begins with who speaks"),
    ("b_time_lead", "second begins with a clause of time"),
    ("b_after_heading", "second opens an article"),
    ("b_above_loose", "the block above the second stops mid-sentence"),
    ("b_after_picture", "the second stands under a picture's caption or credit"),
    ("b_caption_run", "the second heads whole sentences closed by a photo credit"),
    ("first_after", "the second is the first paragraph after the first"),
)


def _evidence(cand: Candidate, choice: Choice) -> str:
    """The signals of a pair, as an editor reads them."""
    f = _feats(choice, cand)
    parts = []
    if cand.word:
        parts.append(f"seam word {cand.word} ({lexicon.word_freq(cand.word)})")
    parts.append(f"seam gain {f['gain']:.1f}")
    parts.extend(label for key, label in _SHOWN if f.get(key))
    if abs(f.get("b_start", 0.0)) >= 1.0:
        word = _first_word(cand.second.text)
        how = "seldom a paragraph's first word" if f["b_start"] > 0 else "as paragraphs begin"
        parts.append(f"second begins with {word} ({lexicon.part_of_speech(word)}), {how}")
    if choice.none_feats.get("a_clause_end"):
        parts.append("first ends with a clause mark")
    elif choice.none_feats.get("a_colon"):
        parts.append("first ends with a colon")
    elif choice.none_feats.get("a_inner_close"):
        parts.append("first ends with a quoted name or a note, no final mark before it")
    parts.append(f"topic {f['topic_first']:.2f} near first vs {f['topic_own']:.2f} where it stands")
    if f["other_page"]:
        parts.append(f"on page {cand.second.page.number}")
    elif f["later"]:
        parts.append(f"same page, {int(round(math.expm1(f['log_distance'])))} blocks later")
    else:
        parts.append("same page, above the first half")
    parts.append(
        f"{len(choice.candidates)} candidates, odds {cand.logit:+.1f} vs none {choice.none_logit:+.1f}"
    )
    return "; ".join(parts)
