"""Articles continued on another page, made whole.

The stitch rule (JD310) records each accepted pairing of a ``下转第N版`` part
and its ``上接第M版`` continuation as a :class:`~normalizer.model.Stitch` in
``issue.stitches``.  Once the articles of every page are built,
:func:`stitch_articles` merges each continuation into the article it
continues: one article whose ``pages`` list both pages in reading order, whose
body is the first part's followed by the continuation's, and whose links to
other pages are what is left once the pair is resolved.  The headline repeated
above the continuation is not text of the article (nor an orphan): it is
dropped from every article it was read into.

When the rule joined the halves of a sentence cut at the seam, the
continuation's first block is part of the first part's last block; the
continuation then begins with the block after it on its page (the rule moved
the ``from`` marker there).

The parts are taken as the structure read them, with what the pairing tells
about them put right (``resources/stitch.toml``): an article read as a
section head of the first part's article is split off, running text read
into the first part's headline group leaves it, the end of a first part read
into the article below goes back to the article whose paragraph it
finishes (or whose headline the continuation repeats), and the continued part ends before text that finishes a sentence
broken off higher up its page, and before the headline of the next article
read as one of its section heads or as a paragraph above a news lead (the
text under it is on another topic).  With no repeated headline, a section
head of the first part's article whose text is on another topic, and on the
continuation's, is the headline of the continued article.  The block that
carries the ``from`` marker is text even when read into a headline group.
"""

from __future__ import annotations

import math
from functools import lru_cache

import regex

from . import lexicon
from .model import Article, Block, Issue, Role, Status, Stitch
from .resources import load_toml
from .rules.stitch import _HEADLINE_RUN, _letters, _text_line, headline_similarity
from .structure import (
    ends_sentence,
    han_pairs,
    has_marker,
    is_news_lead,
    is_news_lead_alone,
    number_goes_on,
    starts_paragraph,
    tell_heading_group,
)

#: a repeated headline must match a section head of the first part's article
#: this well (0..1), and have at least this many letters, to split it there
_SPLIT_SIMILARITY = 0.75
_MIN_REPEATED = 4


@lru_cache(maxsize=1)
def _limits() -> dict[str, float]:
    return {k: float(v) for k, v in load_toml("stitch.toml")["continuation"].items()}


def stitch_articles(issue: Issue) -> None:
    """Merge the articles of every stitch in ``issue.stitches`` (after
    :func:`normalizer.structure.build_articles`)."""
    if not issue.stitches:
        return
    limits = _limits()
    # pending merges that would take a block to a paragraph elsewhere
    merges: dict[str, str] = {}
    for s in issue.suggestions:
        if s.kind == "merge" and s.status is Status.PENDING and s.score >= limits["merge_score"]:
            merges.setdefault(s.extra.get("second", ""), s.extra.get("first", ""))
    weights = _Weights(issue)
    for stitch in issue.stitches:
        _merge(issue, stitch, merges, weights)


def _parse_id(block_id: str) -> tuple[int, int] | None:
    """``p3-120`` → (3, 120)."""
    try:
        page, start = block_id[1:].split("-", 1)
        return int(page), int(start)
    except ValueError:
        return None


def _article_with(issue: Issue, block: Block) -> Article | None:
    for article in issue.articles:
        if any(b is block for b in article.blocks()):
            return article
    return None


def _merge(issue: Issue, stitch: Stitch, merges: dict[str, str], weights: "_Weights") -> None:
    where = _parse_id(stitch.from_block)
    if where is None:
        return
    number, start = where
    try:
        page = issue.page(number)
    except KeyError:
        return
    last = next((b for b in issue.blocks() if b.id == stitch.to_block), None)
    if last is None:
        return
    first = _article_with(issue, last)
    if first is None:
        return
    came = next((b for b in page.blocks if b.id == stitch.from_block), None)
    if came is None:
        # joined into the first part's last block: the continuation goes on at
        # the next block of its page, if that block begins an article
        after = [b for b in page.blocks if b.start > start and b.role is not Role.FURNITURE]
        nxt = after[0] if after else None
        second = _article_with(issue, nxt) if nxt is not None else None
        if second is not None and not (second.body and second.body[0] is nxt):
            second = None
    else:
        second = _article_with(issue, came)
        if second is not None:
            _text_from_marker(second, came)
    if second is first:
        return
    repeated = _repeated_headline(page, start, second)
    first = _split_at_headline(issue, first, last, repeated)
    if not repeated and second is not None:
        first = _split_at_section_head(issue, first, last, second, weights)
    first = _repeated_home(issue, first, last, repeated, weights)
    first = _first_part_home(issue, first, last, merges, weights)
    _text_above_headline(issue, first, repeated)
    if second is not None:
        _take_out_inserted(issue, second)
        given = _give_back_rest(issue, first, second, merges, last if came is None else None)
        if given is not None:
            # the text given back may run on into the next article
            home, at = given
            lines = [home.headline] if home.headline is not None else []
            _split_off(issue, home, lines, at + 1, (first, second, home), weights)
        if not second.body:
            second = None
    if second is not None:
        _split_off_article(issue, first, second, weights)
    if second is not None:
        first.body.extend(second.body)
        for p in second.pages:
            if p not in first.pages:
                first.pages.append(p)
        if first.byline is None and second.byline is not None:
            first.byline = second.byline
        first.continues_to_page = second.continues_to_page
        first.ends_mid_sentence = second.ends_mid_sentence
        issue.articles.remove(second)
    else:
        first.ends_mid_sentence = last.ends_mid_sentence
        first.continues_to_page = None
        if number not in first.pages:
            first.pages.append(number)
    _drop(issue, repeated)


def _text_from_marker(second: Article, came: Block) -> None:
    """The block carrying the ``from`` marker is the continuation's first
    text, never a line of its repeated headline: when the structure read it
    (a short piece of a sentence) into the headline group, it and the group's
    lines after it open the body as paragraphs."""
    group = sorted(
        [*([second.column] if second.column else []), *second.kicker,
         *([second.headline] if second.headline else []), *second.subtitles],
        key=lambda b: b.start,
    )
    k = next((n for n, b in enumerate(group) if b is came), None)
    if k is None:
        return
    text = group[k:]
    for block in text:
        block.role = Role.PARAGRAPH
    second.body[:0] = text
    parts = tell_heading_group(group[:k], before_byline=second.byline is not None)
    second.column, second.kicker = parts["column"], parts["kicker"]
    second.headline, second.subtitles = parts["headline"], parts["subtitles"]


def _split_at_headline(issue: Issue, first: Article, last: Block, repeated: list[Block]) -> Article:
    """When the continuation repeats a headline that the first part's article
    holds as a section head above the part's last block, that article read two
    articles as one (a one-line headline with no byline under a finished
    paragraph looks like a section head): split it there, the head becoming
    the headline of the article that goes on.  Returns the article that holds
    ``last``."""
    wanted = _letters("".join(b.text.text for b in repeated))
    if len(wanted) < _MIN_REPEATED:
        return first
    k = next((n for n, b in enumerate(first.body) if b is last), None)
    if k is None:
        return first
    for j in range(k - 1, -1, -1):
        head = first.body[j]
        if head.role is not Role.SUBHEAD or head.page != last.page:
            continue
        if headline_similarity(_letters(head.text.text), wanted) < _SPLIT_SIMILARITY:
            continue
        if j == 0 and first.headline is None and not first.kicker and not first.subtitles:
            # the head already opens the article: it is the headline
            first.body = first.body[1:]
            first.headline = head
            head.role = Role.HEADLINE
            return first
        return _split_at(issue, first, j)
    return first


def _split_at(issue: Issue, first: Article, j: int) -> Article:
    """Make ``first.body[j]`` the headline of a new article holding the text
    under it, which takes over where ``first`` goes on; return that article."""
    head = first.body[j]
    rest = Article(
        id=_next_id(issue, head.page),
        pages=[head.page],
        headline=head,
        body=first.body[j + 1 :],
        continues_to_page=first.continues_to_page,
        ends_mid_sentence=first.ends_mid_sentence,
    )
    head.role = Role.HEADLINE
    first.body = first.body[:j]
    first.continues_to_page = None
    first.ends_mid_sentence = bool(first.body) and first.body[-1].ends_mid_sentence
    issue.articles.insert(issue.articles.index(first) + 1, rest)
    return rest


def _split_at_section_head(
    issue: Issue, first: Article, last: Block, second: Article, weights: "_Weights"
) -> Article:
    """With no repeated headline to go by: a line read as a section head of
    the first part's article, on the page of its last block, is the headline
    of the article that goes on (two articles read as one) when the text under
    it down to ``last`` shares no more telling character pairs with the text
    above it than with the other articles of the issue (the test of
    :func:`_split_off_article`), and the continuation (``window`` blocks)
    reads at least ``head_continued_ratio`` times closer to the text under
    it than to the text above it.  Returns the article that holds ``last``."""
    k = next((n for n, b in enumerate(first.body) if b is last), None)
    if not k or not second.body:
        return first
    limits = _limits()
    window = int(limits["window"])
    continued: dict[str, float] | None = None
    others: list[dict[str, float]] | None = None
    for j in range(k - 1, 0, -1):
        head = first.body[j]
        if head.page != last.page or head.markers or not _section_head(head, limits):
            continue
        if continued is None:
            continued = weights.vector("".join(b.text.text for b in second.body[:window]))
            others = [
                weights.vector("".join(b.text.text for b in a.body))
                for a in issue.articles if a is not first and a is not second and len(a.body) >= 2
            ]
        lines = [first.headline] if first.headline is not None else []
        above = weights.vector("".join(b.text.text for b in (*lines, *first.body[:j])))
        under = weights.vector("".join(b.text.text for b in first.body[j + 1 : k + 1]))
        closer = _cosine(continued, under)
        if not closer or closer < limits["head_continued_ratio"] * _cosine(continued, above):
            continue
        cosines = [_cosine(under, o) for o in others or ()]
        if not _heads_other_text(_cosine(under, above), cosines, limits, nearest=True):
            continue
        return _split_at(issue, first, j)
    return first


def _first_part_home(
    issue: Issue, first: Article, last: Block, merges: dict[str, str], weights: "_Weights"
) -> Article:
    """When the text that ends the first part goes on from a paragraph of an
    article higher up the page (a merge suggestion, a word or a number across
    the seam: the extractor read a column of another article in between),
    that text, down to ``last``, is the end of that article, not of the one
    it was read into.  So it is when an article higher up the page has no
    text but a news lead (本报北京10月30日电（记者于灵歌）, whose text is in
    another block) and every block from one of them down to ``last`` reads
    closer to that article than to the text above it (see
    :func:`_lead_home`).  Returns the article that holds ``last``."""
    k = next((n for n, b in enumerate(first.body) if b is last), None)
    if not k:
        return first
    home = _lead_home(issue, first, last, k, weights)
    if home is not None:
        return home
    limits = _limits()
    window = int(limits["window"])
    # articles higher up the page whose last paragraph breaks off
    ends = {
        a.body[-1].id: a for a in issue.articles
        if a is not first and a.body and a.body[-1].page == last.page
        and a.body[-1].role is Role.PARAGRAPH and not has_marker(a.body[-1], "to")
        and not ends_sentence(a.body[-1].text.text)
    }
    if not ends:
        return first
    heads = [a.body[-1] for a in ends.values()]
    for j in range(1, k + 1):
        block = first.body[j]
        if block.page != last.page or block.role is not Role.PARAGRAPH:
            continue
        home = ends.get(merges.get(block.id, ""))
        if home is None:
            head = _broken_off_above(heads, block, first.body[j - 1], limits["tail_gain"])
            if head is None:
                continue
            home = ends[head.id]
        tail = han_pairs("".join(b.text.text for b in first.body[j : j + window]))
        own = han_pairs("".join(b.text.text for b in ([first.headline] if first.headline else []) + first.body[:j]))
        closeness = _dice(tail, han_pairs("".join(b.text.text for b in home.body)))
        if closeness == 0.0 or closeness < limits["merge_topic"] * _dice(tail, own):
            continue  # the text shares nothing with that article, or reads closer to its own
        return _move_end(first, j, k, home)
    return first


def _repeated_home(
    issue: Issue, first: Article, last: Block, repeated: list[Block], weights: _Weights
) -> Article:
    """When the headline repeated above the continuation is no line of the
    first part's headline group but the headline of another article higher
    up the page of ``last``, the end of the first part is that article's:
    the blocks from ``j`` down to ``last`` move to it, for the first ``j``
    from which each block reads closer to it (cosine of telling character
    pairs) than to the first part above ``j``.  Lines of running text at the
    top of the first part's headline group (the start of that article's
    paragraph cut at a column edge) go with them.  Returns the article that
    holds ``last``."""
    wanted = _letters("".join(b.text.text for b in repeated))
    if len(wanted) < _MIN_REPEATED:
        return first
    group = sorted(_heading_group(first), key=lambda b: b.start)
    if any(_repeats(b, wanted) for b in group):
        return first
    k = next((n for n, b in enumerate(first.body) if b is last), None)
    if not k:
        return first
    top = min((b.start for b in (*group, *first.body) if b.page == last.page), default=last.start)
    homes = [
        a for a in issue.articles
        if a is not first and a.headline is not None and a.body and a.body[-1].page == last.page
        and a.body[-1].start < top and not has_marker(a.body[-1], "to") and _repeats(a.headline, wanted)
    ]
    if len(homes) != 1:
        return first
    home = homes[0]
    there = weights.vector("".join(b.text.text for b in (*_heading_group(home), *home.body)))
    for j in range(1, k + 1):
        if first.body[j].page != last.page:
            continue
        own = weights.vector("".join(b.text.text for b in (*group, *first.body[:j])))
        if not all(_cosine(v, there) > _cosine(v, own)
                   for v in (weights.vector(b.text.text) for b in first.body[j : k + 1])):
            continue
        n = next((n for n, b in enumerate(group) if not _text_line(b.text.text)), 0)
        lines = group[:n]
        if lines:
            parts = tell_heading_group(group[len(lines):], before_byline=first.byline is not None)
            first.column, first.kicker = parts["column"], parts["kicker"]
            first.headline, first.subtitles = parts["headline"], parts["subtitles"]
            for b in lines:
                b.role = Role.PARAGRAPH
        return _move_end(first, j, k, home, lines)
    return first


def _move_end(first: Article, j: int, k: int, home: Article, lines: list[Block] | None = None) -> Article:
    """Move the end of the first part, ``first.body[j : k + 1]`` (after
    ``lines`` taken from its headline group), to ``home``, which then goes on
    where ``first`` went on; return ``home``."""
    moved = first.body[j : k + 1]
    first.body[j : k + 1] = []
    home.body.extend([*(lines or ()), *moved])
    home.continues_to_page, first.continues_to_page = first.continues_to_page, None
    home.ends_mid_sentence = moved[-1].ends_mid_sentence
    first.ends_mid_sentence = first.body[-1].ends_mid_sentence
    return home


def _lead_home(issue: Issue, first: Article, last: Block, k: int, weights: "_Weights") -> Article | None:
    """Move the end of the first part, from block ``j`` down to ``last``
    (``first.body[k]``), to an article higher up the page whose only text is a
    news lead standing alone, when each of those blocks reads closer to that
    article (headline and lead) than to ``first`` above block ``j``: cosine of
    telling character pairs (see :class:`_Weights`).  Returns that article."""
    homes = [
        a for a in issue.articles
        if a is not first and len(a.body) == 1 and a.body[0].page == last.page
        and a.body[0].role is Role.PARAGRAPH and not a.body[0].markers
        and is_news_lead_alone(a.body[0].text.text)
    ]
    if not homes:
        return None
    vectors: dict[int, dict[str, float]] = {}
    for j in range(1, k + 1):
        block = first.body[j]
        if block.page != last.page or block.role is not Role.PARAGRAPH or is_news_lead(block.text.text):
            continue
        lines = [first.headline] if first.headline is not None else []
        own = weights.vector("".join(b.text.text for b in (*lines, *first.body[:j])))
        for home in homes:
            if home.body[0].start > block.start:
                continue
            if id(home) not in vectors:
                lines = [home.headline] if home.headline is not None else []
                vectors[id(home)] = weights.vector("".join(b.text.text for b in (*lines, *home.body)))
            there = vectors[id(home)]
            if all(_cosine(v, there) > _cosine(v, own) for v in (weights.vector(b.text.text) for b in first.body[j : k + 1])):
                return _move_end(first, j, k, home)
    return None


def _text_above_headline(issue: Issue, article: Article, repeated: list[Block]) -> None:
    """Take out of the first part's headline group what stands above its
    headline when one of those lines is running text (a comma inside, no
    sentence end, no kicker's dash): the start of a paragraph cut at a column
    edge above the headline, read as a kicker with whatever headline lines it
    came with.  The headline is the line the continuation repeats, or, when
    it repeats none, the lines after the last line of running text.  Those
    lines are left to no article; when the continuation repeats no headline,
    headline lines above them are the headline of an article with no text
    (the article they head was not read as theirs)."""
    group = sorted(
        [*([article.column] if article.column else []), *article.kicker,
         *([article.headline] if article.headline else []), *article.subtitles],
        key=lambda b: (b.page, b.start),
    )
    wanted = _letters("".join(b.text.text for b in repeated))
    if len(wanted) >= _MIN_REPEATED:
        matched = next((n for n, b in enumerate(group) if _repeats(b, wanted)), 0)
    elif repeated:
        return
    else:
        matched = len(group) - 1
    cut = max((n for n in range(matched) if _text_line(group[n].text.text)), default=-1)
    if cut < 0:
        return
    gone, kept = group[: cut + 1], group[cut + 1 :]
    parts = tell_heading_group(kept, before_byline=article.byline is not None)
    article.column, article.kicker = parts["column"], parts["kicker"]
    article.headline, article.subtitles = parts["headline"], parts["subtitles"]
    above = gone[:-1]
    if not repeated:
        above = [b for b in above if not _text_line(b.text.text)]
        if above and len(above) == cut:
            parts = tell_heading_group(above, before_byline=False)
            issue.articles.insert(issue.articles.index(article), Article(
                id=_next_id(issue, above[0].page), pages=[above[0].page], column=parts["column"],
                kicker=parts["kicker"], headline=parts["headline"], subtitles=parts["subtitles"],
            ))
            gone = gone[cut:]
    issue.orphans.extend((b, "running text above a headline, read into its group") for b in gone)


def _next_id(issue: Issue, page: int) -> str:
    """An article id on ``page`` not yet taken."""
    numbers = [int(a.id.rsplit("-a", 1)[1]) for a in issue.articles
               if a.id.startswith(f"p{page}-a") and a.id.rsplit("-a", 1)[1].isdigit()]
    return f"p{page}-a{max(numbers, default=0) + 1}"


def _repeats(block: Block, wanted: str) -> bool:
    """True when the headline line ``block`` is (or holds) the repeated headline ``wanted``."""
    line = _letters(block.text.text)
    return bool(line) and max(headline_similarity(line, wanted), headline_similarity(wanted, line)) >= _SPLIT_SIMILARITY


def _take_out_inserted(issue: Issue, second: Article) -> None:
    """Take out of the continued part ``second`` text read into the middle
    of one of its sentences: a paragraph that breaks off mid-sentence, and a
    block further down its page that finishes it (a number, or a word gaining
    at least ``tail_gain``, across the seam; the block before it ends a
    sentence and it opens no paragraph of its own).  The blocks in between
    are another article's text (the extractor read a column of it there) and
    become an article of their own; the sentence goes on at that block."""
    body = second.body
    limits = _limits()
    for j in range(len(body) - 2):
        block = body[j]
        if block.role is not Role.PARAGRAPH or not block.ends_mid_sentence or has_marker(block, "to"):
            continue
        for m in range(j + 2, len(body)):
            rest = body[m]
            if rest.page != block.page or rest.role is not Role.PARAGRAPH or rest.markers:
                continue
            if _broken_off_above([block], rest, body[m - 1], limits["tail_gain"]) is None:
                continue
            inserted = body[j + 1 : m]
            del body[j + 1 : m]
            home = _new_article(issue, block.page, second)
            home.body.extend(inserted)
            home.ends_mid_sentence = inserted[-1].ends_mid_sentence
            return


def _give_back_rest(
    issue: Issue, first: Article, second: Article, merges: dict[str, str], joined: Block | None = None
) -> tuple[Article, int] | None:
    """End the continued part ``second`` before text that goes on from a
    paragraph elsewhere on its page (see ``resources/stitch.toml``): that
    text and the rest of the part go back to the article of that paragraph.
    ``merges``: second half → first half of the pending merge suggestions.
    ``joined``: the first part's last block when the continuation's first
    block was joined to it (``second`` is then what followed that block, and
    may be no continuation at all).  Returns the article the text went to
    and where in its body it begins."""
    body = second.body
    start = 0 if joined is not None else 1
    if len(body) <= start:
        return None
    limits = _limits()
    ids = {id(b) for b in body}
    page = issue.page(body[0].page)
    owner = {id(b): a for a in issue.articles for b in a.blocks()}
    # articles higher up the page whose text breaks off mid-sentence
    open_ends = [
        a for a in issue.articles
        if a is not first and a is not second and a.body and page.number in a.pages
        and a.body[-1].page == page.number and a.body[-1].role is Role.PARAGRAPH
        and a.body[-1].ends_mid_sentence and not has_marker(a.body[-1], "to")
    ]
    mine = ids | {id(b) for b in first.blocks()}
    heads = [b for b in page.blocks if id(b) not in mine and _open_head(b)]
    # an article higher up the page followed by a line of running text that
    # breaks off mid-sentence, read into no article: its text went on too
    cut_off = _cut_off_above(page, heads, owner, first, second, body[start].start)
    ends_ids = {id(a) for a in open_ends}
    open_ends.extend(a for a in cut_off if id(a) not in ends_ids)
    own: frozenset[str] | None = None
    grams: dict[int, frozenset[str]] = {}
    window = int(limits["window"])

    def own_grams(k: int) -> frozenset[str]:
        lines = [first.headline] if first.headline is not None else []
        return han_pairs("".join(b.text.text for b in (*lines, *first.body, *body[:k])))

    def grams_of(a: Article) -> frozenset[str]:
        if id(a) not in grams:
            grams[id(a)] = han_pairs("".join(b.text.text for b in a.body))
        return grams[id(a)]

    for k in range(start, len(body)):
        block = body[k]
        previous = body[k - 1] if k else joined
        if block.role not in (Role.PARAGRAPH, Role.SUBHEAD) or any(m.direction == "to" for m in block.markers):
            continue
        if k and block.markers:
            continue
        home: Article | None = None
        found = False
        # the rest of a sentence broken off higher up the page, a word or a
        # number running across the seam
        head = _broken_off_above(heads, block, previous, limits["tail_gain"])
        if head is not None:
            home, found = owner.get(id(head)), True
            if home is second:  # a line of its repeated headline, as read
                home = None
        if not found:
            head_id = merges.get(block.id)
            if head_id is not None:
                home = next((a for a in issue.articles if a is not second
                             and any(b.id == head_id and id(b) not in ids for b in a.body)), None)
                if home is not None:
                    tail = han_pairs("".join(b.text.text for b in body[k : k + window]))
                    if _dice(tail, grams_of(home)) < limits["merge_topic"] * _dice(tail, own_grams(k)):
                        home = None  # the text reads as the continued article's own
                found = home is not None
        if not found:
            before = [a for a in open_ends if a.body[-1].start < block.start]
            if before:
                if own is None:
                    own = own_grams(k)
                elif k:
                    own = own | han_pairs(body[k - 1].text.text)
                tail = han_pairs("".join(b.text.text for b in body[k : k + window]))
                closeness = _dice(tail, own)
                if closeness <= limits["topic_own_max"]:
                    there, best = max(((_dice(tail, grams_of(a)), a) for a in before), key=lambda x: x[0])
                    if there > 0 and there >= limits["topic_ratio"] * closeness:
                        # the block itself reads closer to that article too
                        # (the blocks after it may be another article's)
                        alone = han_pairs(block.text.text)
                        if _dice(alone, grams_of(best)) > _dice(alone, own):
                            home, found = best, True
        if not found:
            continue
        rest = body[k:]
        second.body = body[:k]
        if home is None:
            home = _new_article(issue, page.number, second)
        at = len(home.body)
        home.body.extend(rest)
        home.continues_to_page = second.continues_to_page
        home.ends_mid_sentence = bool(rest) and rest[-1].ends_mid_sentence
        second.continues_to_page = None
        return home, at
    return None


def _cut_off_above(
    page, heads: list[Block], owner: dict[int, Article], first: Article, second: Article, before: int
) -> list[Article]:
    """Articles on ``page`` whose last block is followed, above ``before``,
    by a line of ``heads`` (running text that breaks off mid-sentence) read
    as a headline line of no article or of the continuation ``second``, and
    not the first part's headline repeated: the start of a paragraph of the
    article right above it, cut at a column edge, whose rest is elsewhere."""
    out: list[Article] = []
    blocks = [b for b in page.blocks if b.role is not Role.FURNITURE]
    wanted = {id(b) for b in heads}
    titles: str | None = None
    for n, block in enumerate(blocks):
        if block.start >= before or n == 0 or id(block) not in wanted or block.role is Role.PARAGRAPH:
            continue
        held = owner.get(id(block))
        if held is not None and (held is not second or any(b is block for b in second.body)):
            continue  # text of an article, not a line read into the continuation's headline group
        if titles is None:
            titles = _letters("".join(b.text.text for b in _heading_group(first)))
        if len(titles) >= _MIN_REPEATED and _repeats(block, titles):
            continue  # the first part's headline, repeated above the continuation
        above = owner.get(id(blocks[n - 1]))
        if above is None or above is first or above is second:
            continue
        if above.body and above.body[-1] is blocks[n - 1]:
            out.append(above)
    return out


def _heading_group(article: Article) -> list[Block]:
    """Column, kicker, headline and subtitles of ``article``."""
    return [*([article.column] if article.column else []), *article.kicker,
            *([article.headline] if article.headline else []), *article.subtitles]


class _Weights:
    """How telling each Chinese character pair is in an issue: the log of
    the number of blocks over the number holding it (pairs every article
    uses, 工会 or 职工, say little about a topic).  Read when first needed."""

    def __init__(self, issue: Issue) -> None:
        self.issue = issue
        self.idf: dict[str, float] | None = None
        self.unknown = 0.0

    def vector(self, text: str) -> dict[str, float]:
        if self.idf is None:
            counts: dict[str, int] = {}
            blocks = 0
            for page in self.issue.pages:
                for block in page.blocks:
                    blocks += 1
                    for gram in han_pairs(block.text.text):
                        counts[gram] = counts.get(gram, 0) + 1
            self.idf = {g: math.log(blocks / n) for g, n in counts.items()}
            self.unknown = math.log(max(blocks, 1))
        idf, unknown = self.idf, self.unknown
        return {g: idf.get(g, unknown) for g in han_pairs(text)}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    shared = sum(w * b[g] for g, w in a.items() if g in b)
    if not shared:
        return 0.0
    return shared / math.sqrt(sum(w * w for w in a.values()) * sum(w * w for w in b.values()))


def _split_off_article(issue: Issue, first: Article, second: Article, weights: _Weights) -> None:
    """End the continued part ``second`` before a line read as one of its
    section heads that is the headline of the next article (a one-line
    headline with no byline under a finished paragraph looks like a section
    head): a line at least ``head_min_letters`` long, and the text under it
    (up to ``window`` blocks, before the next section head) shares no more
    telling character pairs with the article so far (headline, first part
    and the continuation above the line) than with the other articles of the
    issue: cosine of the pairs weighed by how rare they are in the issue
    below ``head_topic_ratio`` times its mean cosine with the other articles
    of at least two blocks (below ``head_topic_max`` when there are none),
    or, for a section head, below ``head_nearest_ratio`` times its highest
    cosine with one of them (the text reads closer to another article than
    to this one).  The line and what follows become an article of its own."""
    lines = [first.headline] if first.headline is not None else []
    _split_off(issue, second, [*lines, *first.body], 1, (first, second), weights)


def _split_off(
    issue: Issue, article: Article, before: list[Block], start: int, skip: tuple[Article, ...], weights: _Weights
) -> None:
    """The test of :func:`_split_off_article` on ``article.body`` from
    ``start`` on, the text so far being ``before`` and the body above the
    line; ``skip``: articles not compared with."""
    limits = _limits()
    window = int(limits["window"])
    body = article.body
    for k in range(max(start, 1), len(body)):
        head = body[k]
        if head.markers or not (_section_head(head, limits) or _headline_over_lead(head, body[k + 1 : k + 2])):
            continue
        under: list[Block] = []
        for block in body[k + 1 : k + 1 + window]:
            if block.role is not Role.PARAGRAPH:
                break
            under.append(block)
        if not under:
            continue
        own = weights.vector("".join(b.text.text for b in (*before, *body[:k])))
        text = weights.vector("".join(b.text.text for b in under))
        others = [
            _cosine(text, weights.vector("".join(b.text.text for b in a.body)))
            for a in issue.articles if all(a is not x for x in skip) and len(a.body) >= 2
        ]
        if not _heads_other_text(_cosine(text, own), others, limits, nearest=_section_head(head, limits)):
            continue
        _split_at(issue, article, k)
        return


def _heads_other_text(closeness: float, others: list[float], limits: dict[str, float], nearest: bool) -> bool:
    """Whether the text under a line heads text of its own, not the text
    above the line: its cosine with that text, ``closeness``, is below
    ``head_topic_ratio`` times its mean cosine with the other articles,
    ``others`` (below ``head_topic_max`` when there are none), or, with
    ``nearest``, below ``head_nearest_ratio`` times the highest of them (it
    reads closer to another article)."""
    most = limits["head_topic_ratio"] * sum(others) / len(others) if others else limits["head_topic_max"]
    return closeness < most or (nearest and bool(others) and closeness < limits["head_nearest_ratio"] * max(others))


def _section_head(block: Block, limits: dict[str, float]) -> bool:
    """A line read as a section head long enough to be a headline."""
    return block.role is Role.SUBHEAD and len(_letters(block.text.text)) >= limits["head_min_letters"]


def _headline_over_lead(block: Block, after: list[Block]) -> bool:
    """A line read as a paragraph that ends no sentence and holds none, right
    above a news lead (央视网消息（新闻联播）：…, 本报北京10月30日电…): the
    headline of the article the lead opens."""
    if block.role is not Role.PARAGRAPH or not after or after[0].role is not Role.PARAGRAPH:
        return False
    text = block.text.text.strip()
    return (
        bool(text) and "\n" not in text and not ends_sentence(text) and _SENTENCE_MARK.search(text) is None
        and is_news_lead(after[0].text.text)
    )


#: a mark inside or at the end of a sentence
_SENTENCE_MARK = regex.compile(r"[。！？!?；;]")


def _new_article(issue: Issue, page: int, after: Article) -> Article:
    """An empty article on ``page``, listed after ``after``."""
    article = Article(id=_next_id(issue, page), pages=[page], starts_mid_sentence=True)
    issue.articles.insert(issue.articles.index(after) + 1, article)
    return article


#: marks inside a sentence: a headline line holding one may be running text
_CLAUSE = regex.compile(r"[，,、；;：:]")
#: a line read as a heading this long (characters) is running text
_LONG_LINE = 24


def _open_head(block: Block) -> bool:
    """True when ``block`` is text that breaks off mid-sentence and does not
    say it goes on on another page: a paragraph, or a line read as a heading
    that reads as running text (it holds a comma or is long)."""
    if has_marker(block, "to"):
        return False
    text = block.text.text.rstrip()
    if not text or ends_sentence(text) or text.endswith("——"):
        return False
    if block.role is Role.PARAGRAPH:
        return True
    return block.role in _HEADLINE_RUN and (_CLAUSE.search(text) is not None or len(text) > _LONG_LINE)


def _broken_off_above(heads: list[Block], block: Block, previous: Block, gain: float) -> Block | None:
    """The text above ``block`` on its page whose sentence ``block`` finishes:
    the block before it ends a sentence, ``block`` does not open a paragraph
    of its own, and a word (gain at least ``gain``) or a number runs across
    the seam."""
    if previous.ends_mid_sentence or not heads:
        return None
    text = block.text.text.lstrip()
    if not text or starts_paragraph(text) or is_news_lead(text):
        return None
    side = None
    best: tuple[float, Block] | None = None
    for head in heads:
        if head.page != block.page or head.start >= block.start:
            continue
        left = head.text.text.rstrip()
        if number_goes_on(left, text):
            return head
        if side is None:
            side = lexicon.SeamSide(text, "head")
        found, word = lexicon.seam_gain_sides(lexicon.SeamSide(left, "tail"), side)
        if word and found >= gain and (best is None or found > best[0]):
            best = (found, head)
    return best[1] if best is not None else None


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _repeated_headline(page, start: int, second: Article | None) -> list[Block]:
    """The headline lines repeated above the continuation: its article's
    headline group, or the headline-like blocks right before where it began."""
    if second is not None and (second.headline is not None or second.kicker or second.subtitles):
        return [*second.kicker, *([second.headline] if second.headline else []), *second.subtitles]
    before = [b for b in page.blocks if b.start < start and b.role is not Role.FURNITURE]
    out: list[Block] = []
    for block in reversed(before):
        if block.role not in _HEADLINE_RUN:
            break
        out.append(block)
    out.reverse()
    return out


def _drop(issue: Issue, blocks: list[Block]) -> None:
    """Take the repeated headline out of every article, caption and the
    orphans; an article left with other headline lines has them told apart again."""
    if not blocks:
        return
    gone = {id(b) for b in blocks}
    for article in list(issue.articles):
        group = [*([article.column] if article.column else []), *article.kicker,
                 *([article.headline] if article.headline else []), *article.subtitles]
        kept = [b for b in group if id(b) not in gone]
        if len(kept) != len(group):
            article.column, article.kicker, article.headline, article.subtitles = None, [], None, []
            if kept:
                kept.sort(key=lambda b: b.start)
                parts = tell_heading_group(kept, before_byline=article.byline is not None)
                article.column = parts["column"]
                article.kicker = parts["kicker"]
                article.headline = parts["headline"]
                article.subtitles = parts["subtitles"]
        article.body = [b for b in article.body if id(b) not in gone]
        if article.headline is None and not article.body and not article.kicker and not article.subtitles:
            issue.articles.remove(article)
    for caption in issue.captions:
        if caption.title is not None and id(caption.title) in gone:
            caption.title = None
    issue.orphans = [(b, why) for b, why in issue.orphans if id(b) not in gone]
