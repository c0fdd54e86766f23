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
"""

from __future__ import annotations

from functools import lru_cache

import regex

from .model import Article, Block, Issue, Role, Status, Stitch
from .resources import load_toml
from .rules.stitch import _bigrams, headline_similarity
from .structure import HEADING_ROLES, has_marker, tell_heading_group

_NOT_WORD = regex.compile(r"[\W_]+")
#: a repeated headline must match a section head of the first part's article
#: this well (0..1), and have at least this many letters, to split it there
_SPLIT_SIMILARITY = 0.75
_MIN_REPEATED = 4

#: roles the repeated headline of a continuation may have been given
_HEADLINE_LIKE = HEADING_ROLES | {Role.SUBHEAD, Role.CAPTION_TITLE}


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
    for stitch in issue.stitches:
        _merge(issue, stitch, merges)


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


def _merge(issue: Issue, stitch: Stitch, merges: dict[str, str]) -> None:
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
    if second is first:
        return
    repeated = _repeated_headline(page, start, second)
    first = _split_at_headline(issue, first, last, repeated)
    if second is not None:
        _give_back_rest(issue, first, second, merges)
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
        first.continues_to_page = None
        if number not in first.pages:
            first.pages.append(number)
    _drop(issue, repeated)


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
        numbers = [int(a.id.rsplit("-a", 1)[1]) for a in issue.articles
                   if a.id.startswith(f"p{head.page}-a") and a.id.rsplit("-a", 1)[1].isdigit()]
        rest = Article(
            id=f"p{head.page}-a{max(numbers, default=0) + 1}",
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
    return first


def _give_back_rest(issue: Issue, first: Article, second: Article, merges: dict[str, str]) -> None:
    """End the continued part ``second`` before text that goes on from a
    paragraph elsewhere on its page (see ``resources/stitch.toml``): that
    text and the rest of the part go back to the article of that paragraph.
    ``merges``: second half → first half of the pending merge suggestions."""
    body = second.body
    if len(body) < 2:
        return
    limits = _limits()
    ids = {id(b) for b in body}
    page = body[0].page
    # articles higher up the page whose text breaks off mid-sentence
    open_ends = [
        a for a in issue.articles
        if a is not first and a is not second and a.body and page in a.pages
        and a.body[-1].page == page and a.body[-1].role is Role.PARAGRAPH
        and a.body[-1].ends_mid_sentence and not has_marker(a.body[-1], "to")
    ]
    own: frozenset[str] | None = None
    grams: dict[int, frozenset[str]] = {}
    window = int(limits["window"])
    for k in range(1, len(body)):
        block = body[k]
        if block.role not in (Role.PARAGRAPH, Role.SUBHEAD) or block.markers:
            continue
        home: Article | None = None
        head = merges.get(block.id)
        if head is not None:
            home = next((a for a in issue.articles if a is not second
                         and any(b.id == head and id(b) not in ids for b in a.body)), None)
        if home is None:
            before = [a for a in open_ends if a.body[-1].start < block.start]
            if before:
                if own is None:
                    heads = [first.headline] if first.headline is not None else []
                    own = _bigrams("".join(b.text.text for b in (*heads, *first.body, *body[:k])))
                else:
                    own = own | _bigrams(body[k - 1].text.text)
                tail = _bigrams("".join(b.text.text for b in body[k : k + window]))
                closeness = _dice(tail, own)
                if closeness <= limits["topic_own_max"]:
                    for a in before:
                        if id(a) not in grams:
                            grams[id(a)] = _bigrams("".join(b.text.text for b in a.body))
                    there, best = max(((_dice(tail, grams[id(a)]), a) for a in before), key=lambda x: x[0])
                    if there > 0 and there >= limits["topic_ratio"] * closeness:
                        # the block itself reads closer to that article too
                        # (the blocks after it may be another article's)
                        alone = _bigrams(block.text.text)
                        if _dice(alone, grams[id(best)]) > _dice(alone, own):
                            home = best
        if home is None:
            continue
        rest = body[k:]
        second.body = body[:k]
        home.body.extend(rest)
        home.continues_to_page = second.continues_to_page
        home.ends_mid_sentence = bool(rest) and rest[-1].ends_mid_sentence
        second.continues_to_page = None
        return


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _letters(text: str) -> str:
    return _NOT_WORD.sub("", text)


def _repeated_headline(page, start: int, second: Article | None) -> list[Block]:
    """The headline lines repeated above the continuation: its article's
    headline group, or the headline-like blocks right before where it began."""
    if second is not None and (second.headline is not None or second.kicker or second.subtitles):
        return [*second.kicker, *([second.headline] if second.headline else []), *second.subtitles]
    before = [b for b in page.blocks if b.start < start and b.role is not Role.FURNITURE]
    out: list[Block] = []
    for block in reversed(before):
        if block.role not in _HEADLINE_LIKE:
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
