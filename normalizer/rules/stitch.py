"""JD310: pair the parts of an article continued on another page (下转 / 上接)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import regex
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from .. import lexicon, structure
from ..model import Article, Block, Issue, JumpMarker, Page, Role, Status, Stitch, Suggestion
from ..sourced import Span
from . import jump_markers
from .base import IssueRule

_NOT_WORD = regex.compile(r"[\W_]+")
_RELATIVE = regex.compile(r"([上下])\s*[版页]")
#: roles of headline lines, section heads included
_HEADING_LIKE = frozenset({Role.HEADING, Role.KICKER, Role.HEADLINE, Role.SUBTITLE, Role.COLUMN, Role.SUBHEAD})
#: roles of a line that may be a headline read as something else
_HEADLINE_RUN = _HEADING_LIKE | {Role.CAPTION_TITLE}
#: roles a block carrying a jump marker may have been given and still be text
#: (a short piece of a paragraph cut at the marker can look like a headline)
_TEXT_ROLES = frozenset({Role.PARAGRAPH, Role.HEADING, Role.HEADLINE, Role.KICKER, Role.SUBTITLE, Role.SUBHEAD})

DEFAULTS = {
    # a repeated headline that matches this well (0..1) is a strong sign …
    "headline_strong": 0.9,
    "headline_good": 0.75,
    "headline_weak": 0.6,
    # … and the odds each level gives (a poor match counts against the pairing)
    "odds_strong": 200.0,
    "odds_good": 40.0,
    "odds_weak": 0.15,
    "odds_mismatch": 0.02,
    # a match with a headline elsewhere above the first part on its page (not
    # the part's own headline group as the articles are read): weaker
    "odds_far_strong": 1.8,
    "odds_far_good": 1.0,
    "odds_unverifiable": 0.7,  # a repeated headline, but the first part has none
    # a repeated headline that matches no first part's headline in the issue
    "odds_unexplained": 1.0,
    # the odds that a part's other half is not in the issue at all
    "odds_none": 0.001,
    # seam between the two parts
    "odds_seam_word": 30.0,
    "odds_seam_open": 0.6,
    "odds_seam_conflict": 0.05,
    # the log-probability a word across the seam must gain to count
    "seam_gain": 3.0,
    # closeness in topic: the share of the shorter part's character pairs
    # found in the other part, expected of one article and of two; the
    # evidence of the count (a log-likelihood ratio) weighs in at this weight
    "topic_same": 0.15,
    "topic_other": 0.04,
    "topic_weight": 0.17,
    "topic_min": 0.06,
    "topic_max": 16.0,
    # page numbers known only as 转下版 / 接上版
    "odds_relative_page": 0.7,
    # competing pairings up to this many are weighed together, as assignments;
    # in larger groups a pairing at or above settled is taken as settled when
    # the others are weighed
    "joint_max_pairs": 12,
    "settled": 0.9,
    # pairings scoring below this are not suggested
    "min_score": 0.15,
}


@dataclass(eq=False)
class _Part:
    """One end of a continued article: the block carrying the marker."""

    page: Page
    block: Block
    marker: JumpMarker
    target: int | None
    relative: bool
    article: Article | None = None
    headline: str = ""  # headline group text, letters only
    heading_blocks: list[Block] = field(default_factory=list)
    #: headline lines above a first part's end, nearest first
    alt_groups: list[list[Block]] = field(default_factory=list)
    #: a first part's possible headlines (letters only), each with whether it
    #: is near (the part's own headline group, a section head of its article,
    #: the nearest headline lines above it) or only somewhere above it
    headings: list[tuple[str, bool, str]] = field(default_factory=list)
    #: a continued part's repeated headline and its runs of lines (letters only)
    repeated: list[str] = field(default_factory=list)
    #: whether every line of it reads as running text (a comma inside, no end)
    repeated_text_like: bool = False
    bigrams: frozenset[str] = frozenset()
    text_blocks: list[Block] = field(default_factory=list)


@dataclass(eq=False)
class _Pair:
    to: _Part
    came: _Part
    odds: float
    evidence: list[str]
    head_sim: float | None
    seam: str
    join: bool
    score: float = 0.0


class StitchContinuedArticles(IssueRule):
    """Pair an article part that says 下转第N版 with the part on page N that
    says 上接第M版, and propose joining them into one article.

    What it does: for every part ending with a "to" jump marker (set by JD202)
    it looks on the target page for parts beginning with a "from" marker whose
    target is the first part's page (page numbers must agree; 转下版 / 接上版
    count as the next / previous page).  Each pairing is weighed on the
    repeated headline above the continued part (matched fuzzily against the
    first part's headline group, so a shortened or re-broken one still
    matches, and a different one counts against it), on the seam (a sentence
    cut at the marker should go on in the continued part, ideally with a
    dictionary word across it) and on closeness in topic, and against the
    other candidates of both parts and the chance that the other half is not
    in the issue.  One ``stitch`` suggestion per plausible pairing.  An
    accepted one joins the two parts into one article (``pages`` such as
    ``[1, 3]``) after the articles are built; when the first part stops
    mid-sentence, the two halves of that sentence become one paragraph.

    Why: a newspaper continues its front-page stories inside; read page by
    page, each story is cut in two and the continuation has no start.

    Example: page 1 ``…落实(下转第3版)`` under the headline
    ``深化工会改革和建设 有效发挥桥梁纽带作用``, page 3
    ``深化工会改革和建设`` / ``(上接第1版)`` / ``…`` → one article on pages
    1 and 3 whose continuation's repeated headline is not text.

    Kept: a continued part whose first part is not in the issue (a single
    page, a missing page) gets no suggestion; page numbers that disagree are
    never paired.

    Fix safety: suggestion.  Scores are the odds of the pairing against its
    alternatives: 0.9 or more only when the page numbers agree and the
    repeated headline matches well, or when the content speaks for it and no
    other part competes.
    """

    id = "JD310"
    name = "stitch-continued-articles"
    summary = "Propose joining the parts of an article continued on another page"
    kind = "suggest"
    defaults = DEFAULTS
    order = 70

    @classmethod
    def spans_pages(cls, pages) -> bool:
        """Whether the rule can pair anything in these raw pages: at least two
        pages hold a jump marker.  (An editing session re-runs single pages
        when no issue-wide rule can tie them together.)"""
        quick = jump_markers.grammar().quick
        return sum(1 for page in pages if quick.search(page.raw)) >= 2

    def _opt(self, key: str) -> float:
        return float(self.option(key))

    def apply(self, issue: Issue, ctx) -> None:
        issue.stitches = []
        numbers = [p.number for p in issue.pages]
        tos: list[_Part] = []
        froms: list[_Part] = []
        for page in issue.pages:
            for block in page.blocks:
                for marker in block.markers:
                    # a marker that travelled with joined text still speaks for its own page
                    target, relative = _target(marker, marker.page, numbers)
                    part = _Part(page, block, marker, target, relative)
                    (tos if marker.direction == "to" else froms).append(part)
        pairs = [(t, f) for t in tos for f in froms if _pages_agree(t, f)]
        if not pairs:
            return
        self._read_articles(issue, {id(p) for pair in pairs for p in pair}, tos, froms)
        self._sims: dict[tuple[str, str], float] = {}
        self._explained = self._explain(tos, froms)
        weighed = [self._weigh(t, f) for t, f in pairs]
        self._score(weighed)
        accepted: list[tuple[_Pair, Suggestion]] = []
        for pair in sorted(weighed, key=lambda p: (-p.score, p.to.page.number, p.to.block.start, p.came.page.number, p.came.block.start)):
            if pair.score < self._opt("min_score"):
                continue
            suggestion = ctx.add_suggestion(self._suggestion(pair))
            if suggestion.status is Status.ACCEPTED:
                accepted.append((pair, suggestion))
        self._accept(issue, ctx, accepted)

    # reading the parts ----------------------------------------------------------
    def _read_articles(self, issue: Issue, wanted: set[int], tos: list[_Part], froms: list[_Part]) -> None:
        """Headline groups and text of the parts, from the articles as the
        structure reads them now (roles are put back afterwards).  Only the
        pages holding the parts are read: each page is read on its own, and
        what is read of a part (its article, the one before it on its page,
        the lines above it) lies on its page."""
        holding = {id(part.page) for part in (*tos, *froms) if id(part) in wanted}
        pages = [page for page in issue.pages if id(page) in holding]
        saved_roles = [
            (b, b.role, b.note, b.starts_mid_sentence, b.ends_mid_sentence) for page in pages for b in page.blocks
        ]
        saved = (issue.articles, issue.captions, issue.orphans)
        try:
            structure.build_articles(issue, pages=pages)
            owner: dict[int, Article] = {}
            previous: dict[int, Article | None] = {}
            last_on_page: dict[int, Article] = {}
            for article in issue.articles:
                previous[id(article)] = last_on_page.get(article.pages[0])
                last_on_page[article.pages[0]] = article
                for block in article.blocks():
                    owner[id(block)] = article
            for part in (*tos, *froms):
                if id(part) not in wanted:
                    continue
                article = owner.get(id(part.block))
                if (
                    article is not None
                    and part.marker.direction == "to"
                    and all(b is not part.block for b in article.body)
                ):
                    # the end of a paragraph read as the headline of a new
                    # article: the part is the article before it
                    article = previous.get(id(article))
                part.article = article
                if part.marker.direction == "to":
                    self._nearest_heading(part)
                if article is None:
                    part.bigrams = structure.han_pairs("".join(b.text.text for b in part.text_blocks))
                    continue
                if part.marker.direction == "from" and article.body and article.body[0] is not part.block:
                    continue  # not the start of what structure reads as an article
                group = [*article.kicker, *([article.headline] if article.headline else []), *article.subtitles]
                # a block carrying a jump marker is text, never a headline line
                group = [b for b in group if not b.markers]
                part.heading_blocks = group
                part.headline = _letters("".join(b.text.text for b in group))
                # its text: the article's, and (a first part) the text back to
                # the nearest headline above it, each block once
                seen = {id(b) for b in article.body}
                extra = [b for b in part.text_blocks if id(b) not in seen]
                part.bigrams = structure.han_pairs("".join(b.text.text for b in (*article.body, *extra)))
            for part in tos:
                if id(part) in wanted:
                    part.headings = _headings_above(part)
            for part in froms:
                if id(part) in wanted:
                    part.repeated, part.repeated_text_like = _repeated_runs(part)
        finally:
            issue.articles, issue.captions, issue.orphans = saved
            for block, role, note, starts, ends in saved_roles:
                block.role, block.note = role, note
                block.starts_mid_sentence, block.ends_mid_sentence = starts, ends

    @staticmethod
    def _nearest_heading(part: _Part) -> None:
        """The headline lines above a first part's last block on its page, back
        to the nearest article headline (over its text, section heads,
        captions and credits): what the part's headline may be even when the
        articles were read wrong around it."""
        blocks = part.page.blocks
        k = next((n for n, b in enumerate(blocks) if b is part.block), -1)
        text: list[Block] = [part.block]
        groups: list[list[Block]] = []
        group: list[Block] = []
        for block in reversed(blocks[:k] if k >= 0 else []):
            role = block.role
            if role in _HEADING_LIKE and not block.markers:
                group.append(block)
                continue
            if group:
                groups.append(group[::-1])
                if any(b.role is Role.HEADLINE for b in group):
                    group = []
                    break
                group = []
            if role in (Role.FURNITURE, Role.CAPTION, Role.CREDIT, Role.CAPTION_TITLE, Role.BYLINE):
                continue
            if _has_to_marker(block):
                break  # the end of another part
            text.append(block)
        if group:
            groups.append(group[::-1])
        part.alt_groups = groups
        part.text_blocks = text[::-1]

    # weighing one pairing -------------------------------------------------------
    def _weigh(self, to: _Part, came: _Part) -> _Pair:
        evidence = [
            f"page {to.page.number} says {to.marker.text.strip()}, page {came.page.number} says {came.marker.text.strip()}"
        ]
        odds = 1.0
        if to.relative or came.relative:
            odds *= self._opt("odds_relative_page")
            evidence.append("page given only as next/previous")
        head_sim: float | None = None
        if came.repeated:
            shown = _show(came) or came.repeated[0]
            if not to.headings:
                odds *= self._opt("odds_unverifiable")
                evidence.append(f"repeated headline “{shown}”, but the first part has no headline to match")
            else:
                head_sim, near, to_shown = self._best_heading(to, came)
                strong = head_sim >= self._opt("headline_strong")
                good = head_sim >= self._opt("headline_good")
                if near and strong:
                    odds *= self._opt("odds_strong")
                    how = "matches"
                elif near and good:
                    odds *= self._opt("odds_good")
                    how = "matches in part"
                elif strong:
                    odds *= self._opt("odds_far_strong")
                    how = "matches a headline further up the page,"
                elif good:
                    odds *= self._opt("odds_far_good")
                    how = "matches in part a headline further up the page,"
                elif head_sim >= self._opt("headline_weak"):
                    odds *= self._opt("odds_weak")
                    how = "resembles"
                elif came.repeated_text_like:
                    how = "reads as running text, not a headline; it does not match"
                elif self._explained.get(id(came), False):
                    odds *= self._opt("odds_mismatch")
                    how = "does not match (it is the headline of another part)"
                else:
                    odds *= self._opt("odds_unexplained")
                    how = "matches no headline of a part in the issue, nor"
                evidence.append(
                    f"repeated headline “{shown}” {how} “{to_shown}” (similarity {head_sim:.2f})"
                )
        else:
            evidence.append("no repeated headline above the continued part")
        seam, join, note = self._seam(to.block, came.block)
        if seam == "word":
            odds *= self._opt("odds_seam_word")
        elif seam == "open":
            odds *= self._opt("odds_seam_open")
        elif seam == "conflict":
            odds *= self._opt("odds_seam_conflict")
        evidence.append(note)
        if to.bigrams and came.bigrams:
            shared, pairs = len(to.bigrams & came.bigrams), min(len(to.bigrams), len(came.bigrams))
            factor = math.exp(self._opt("topic_weight") * self._topic_evidence(shared, pairs))
            factor = min(max(factor, self._opt("topic_min")), self._opt("topic_max"))
            odds *= factor
            evidence.append(f"closeness in topic {shared / pairs:.2f} ({shared} of {pairs} character pairs)")
        return _Pair(to, came, odds, evidence, head_sim, seam, join)

    def _topic_evidence(self, shared: int, pairs: int) -> float:
        """How much likelier ``shared`` of ``pairs`` character pairs found in
        the other part are for one article than for two (log-likelihood
        ratio): a short part proves little either way."""
        same, other = self._opt("topic_same"), self._opt("topic_other")
        return shared * math.log(same / other) + (pairs - shared) * math.log((1 - same) / (1 - other))

    def _explain(self, tos: list[_Part], froms: list[_Part]) -> dict[int, bool]:
        """For each continued part with a repeated headline: whether it
        matches a headline above some first part in the issue.  One that
        matches none may be no headline at all (a caption's title, a line of
        text read as one), so a pairing it does not match is not disproved."""
        good = self._opt("headline_good")
        out: dict[int, bool] = {}
        for came in froms:
            if came.repeated:
                out[id(came)] = any(
                    self._similarity(letters, rep) >= good
                    for to in tos
                    for letters, _near, _shown in to.headings
                    for rep in came.repeated
                )
        return out

    def _similarity(self, original: str, repeated: str) -> float:
        key = (original, repeated)
        sim = self._sims.get(key)
        if sim is None:
            sim = self._sims[key] = headline_similarity(original, repeated)
        return sim

    def _best_heading(self, to: _Part, came: _Part) -> tuple[float, bool, str]:
        """The best match of the continued part's repeated headline (or a run
        of its lines) among the first part's possible headlines: (similarity,
        near, the headline matched).  A near headline wins a tie."""
        strong = self._opt("headline_strong")
        best = (-1.0, False, "")
        for letters, near, shown in to.headings:
            for rep in came.repeated:
                sim = self._similarity(letters, rep)
                key = (min(sim, strong), near, sim)
                if key > (min(best[0], strong), best[1], best[0]):
                    best = (sim, near, shown)
        return best

    def _seam(self, last: Block, first: Block) -> tuple[str, bool, str]:
        """How the end of the first part meets the start of the continued one:
        (kind, whether the two blocks are one paragraph, what was seen)."""
        a = last.text.text.rstrip()
        b = first.text.text.lstrip()
        if not a or not b:
            return "clean", False, "seam: nothing to read"
        new_paragraph = first.indent or structure.starts_paragraph(b) or structure.is_news_lead(b)
        goes_on = first.starts_mid_sentence or structure.begins_with_closing(b)
        cut = last.role in _TEXT_ROLES and not structure.ends_sentence(a) and a[-1] not in "：:"
        if cut:
            if new_paragraph or first.role not in _TEXT_ROLES:
                return "conflict", False, f"seam: the first part stops mid-sentence (…{a[-6:]}) but the continuation opens a paragraph"
            if structure.begins_with_closing(b):
                return "word", True, f"seam: the first part stops mid-sentence (…{a[-6:]}) and the continuation opens with “{b[0]}”"
            gain, word = lexicon.seam_gain_sides(lexicon.SeamSide(a, "tail"), lexicon.SeamSide(b, "head"))
            if word and gain >= self._opt("seam_gain"):
                return "word", True, f"seam: “{a[-4:]}|{b[:4]}” makes the word {word} (gain {gain:.1f})"
            return "open", True, f"seam: the first part stops mid-sentence (…{a[-6:]}) and the continuation goes on"
        if goes_on:
            return "conflict", False, f"seam: the first part ends a sentence but the continuation starts mid-sentence ({b[:6]}…)"
        return "clean", False, "seam: the first part ends a sentence and the continuation starts one"

    # odds against the alternatives ----------------------------------------------
    def _score(self, pairs: list[_Pair]) -> None:
        """Score the pairings of each group of parts that compete with one
        another (parts linked through candidate pairings).  A small group is
        weighed as a whole: every way of pairing its parts one to one (a part
        may stay unpaired, its other half not being in the issue) has the
        product of its pairings' odds, and a pairing's score is the share of
        the ways that contain it.  So when two continuations compete for two
        first parts, content that favours one assignment over the other
        settles both pairings together.  A larger group falls back to
        :meth:`_score_pairwise`."""
        limit = int(self._opt("joint_max_pairs"))
        for group in _components(pairs):
            if len(group) == 1 or len(group) > limit:
                self._score_pairwise(group)
            else:
                self._score_joint(group)

    def _score_joint(self, pairs: list[_Pair]) -> None:
        # an unpaired part weighs sqrt(odds_none), so that a lone pairing
        # scores odds / (odds + odds_none), as in the pairwise reckoning
        unpaired = math.sqrt(self._opt("odds_none"))
        tos: list[_Part] = []
        for p in pairs:
            if all(t is not p.to for t in tos):
                tos.append(p.to)
        froms = {id(p.came) for p in pairs}
        options = {id(t): [p for p in pairs if p.to is t] for t in tos}
        share = {id(p): 0.0 for p in pairs}
        total = 0.0

        def walk(k: int, used: frozenset[int], weight: float, chosen: tuple[_Pair, ...]) -> None:
            nonlocal total
            if k == len(tos):
                w = weight * unpaired ** (len(tos) - len(chosen) + len(froms) - len(chosen))
                total += w
                for p in chosen:
                    share[id(p)] += w
                return
            walk(k + 1, used, weight, chosen)
            for p in options[id(tos[k])]:
                if id(p.came) not in used:
                    walk(k + 1, used | {id(p.came)}, weight * p.odds, (*chosen, p))

        walk(0, frozenset(), 1.0, ())
        for p in pairs:
            p.score = round(min(share[id(p)] / total if total else 0.0, 0.99), 3)
            others = (len([q for q in pairs if q.to is p.to]) - 1) + (len([q for q in pairs if q.came is p.came]) - 1)
            p.evidence = [e for e in p.evidence if not e.startswith("competing")]
            p.evidence.append(
                f"competing pairings: {others}, weighed together" if others else "competing pairings: none"
            )

    def _score_pairwise(self, pairs: list[_Pair]) -> None:
        """Each pairing's share of the odds among the other candidates of both
        its parts and the chance that the other half is not in the issue;
        pairings that settle (score ≥ ``settled``) take their parts out of the
        running for the rest, which are then weighed again."""
        none = self._opt("odds_none")
        settled = self._opt("settled")
        live = list(pairs)
        taken: set[int] = set()
        while live:
            by_to: dict[int, float] = {}
            by_from: dict[int, float] = {}
            for p in live:
                by_to[id(p.to)] = by_to.get(id(p.to), 0.0) + p.odds
                by_from[id(p.came)] = by_from.get(id(p.came), 0.0) + p.odds
            for p in live:
                share_to = p.odds / (none + by_to[id(p.to)])
                share_from = p.odds / (none + by_from[id(p.came)])
                p.score = round(min(share_to, share_from, 0.99), 3)
                others = (len([q for q in live if q.to is p.to]) - 1) + (len([q for q in live if q.came is p.came]) - 1)
                p.evidence = [e for e in p.evidence if not e.startswith("competing")]
                p.evidence.append(f"competing pairings: {others}" if others else "competing pairings: none")
            new = False
            for p in sorted(live, key=lambda q: -q.score):
                if p.score >= settled and id(p.to) not in taken and id(p.came) not in taken:
                    taken.add(id(p.to))
                    taken.add(id(p.came))
                    new = True
            if not new:
                break
            live = [p for p in live if id(p.to) not in taken and id(p.came) not in taken]

    # suggestions and what an accepted one does ------------------------------------
    def _suggestion(self, pair: _Pair) -> Suggestion:
        to, came = pair.to, pair.came
        spans = [
            Span(to.marker.page, to.marker.start, to.marker.end),
            Span(came.marker.page, came.marker.start, came.marker.end),
        ]
        after = f"stitch p{to.page.number}→p{came.page.number}"
        title = (
            _show(to)
            or (_show_blocks(to.alt_groups[0]) if to.alt_groups else "")
            or _show(came)
            or to.block.text.text.strip()[:12]
        )
        return Suggestion(
            id=Suggestion.make_id(self.id, spans, after),
            rule=self.id,
            kind="stitch",
            score=pair.score,
            summary=f"“{title}” goes on from page {to.page.number} to page {came.page.number}",
            evidence="; ".join(pair.evidence),
            page=to.marker.page,
            start=to.marker.start,
            end=to.marker.end,
            before=to.block.text.text.strip()[-20:],
            after=came.block.text.text.strip()[:20],
            extra={
                "to_block": to.block.id,
                "from_block": came.block.id,
                "pages": [to.page.number, came.page.number],
                "join": pair.join,
            },
        )

    def _accept(self, issue: Issue, ctx, accepted: list[tuple[_Pair, Suggestion]]) -> None:
        """Record the accepted pairings (the best first; a part is paired only
        once) and join the halves of a sentence cut at the seam."""
        used: set[int] = set()
        chosen: list[tuple[_Pair, Stitch]] = []
        for pair, suggestion in accepted:
            if id(pair.to) in used or id(pair.came) in used:
                continue
            used.add(id(pair.to))
            used.add(id(pair.came))
            stitch = Stitch(pair.to.block.id, pair.came.block.id, suggestion.id)
            issue.stitches.append(stitch)
            chosen.append((pair, stitch))
        # joins last, in page order, so that a part both continued and continuing
        # (a chain over three pages) follows its text
        chosen.sort(key=lambda x: (x[0].came.page.number, x[0].came.block.start))
        for pair, stitch in chosen:
            if not pair.join:
                continue
            first = _holder(issue, stitch.to_block)
            second = pair.came.block
            if first is None or first is second or not any(b is second for b in issue.page(second.page).blocks):
                continue
            page = issue.page(second.page)
            k = page.blocks.index(second)
            nxt = next((b for b in page.blocks[k + 1 :] if b.role is not Role.FURNITURE), None)
            moved = [m for m in second.markers if m.direction == "from"]
            ctx.join_distant(self, first, second, f"continued from page {first.page} (stitch {stitch.suggestion})")
            first.markers = [m for m in first.markers if all(m is not x for x in moved)]
            if nxt is not None and nxt.role in structure.BODY_ROLES and nxt.role is not Role.SUBHEAD:
                # the rest of the continued part still reads as one
                nxt.markers[0:0] = moved
            for other in issue.stitches:
                if other.to_block == second.id:
                    other.to_block = first.id


def headline_similarity(original: str, repeated: str) -> float:
    """How well a repeated headline matches the first part's headline group
    (letters only): 1.0 when it is a piece of it, less when words are left
    out or changed; short headlines count for less."""
    a, b = _letters(original), _letters(repeated)
    if not a or not b:
        return 0.0
    # the repeated headline found inside the original; an original found
    # inside a longer "repeated headline" proves only as much as it is long
    partial = fuzz.partial_ratio(a, b) / 100 * min(1.0, len(a) / len(b))
    covered = LCSseq.similarity(a, b) / len(b)
    # every character of a long repeated headline found in order in the
    # original is a match with words left out; a short one proves less
    sim = max(partial, fuzz.ratio(a, b) / 100, covered * min(1.0, 0.6 + 0.04 * len(b)))
    if len(b) < 4:
        sim *= 0.6
    elif len(b) < 6:
        sim = min(sim, 0.85)
    return sim


# -- helpers ------------------------------------------------------------------------
def _components(pairs: list[_Pair]) -> list[list[_Pair]]:
    """The pairings grouped by the parts they share (connected components)."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        parent[find(id(p.to))] = find(id(p.came))
    groups: dict[int, list[_Pair]] = {}
    for p in pairs:
        groups.setdefault(find(id(p.to)), []).append(p)
    return list(groups.values())


def _target(marker: JumpMarker, page: int, numbers: list[int]) -> tuple[int | None, bool]:
    """The page a marker points to, and whether it was given only as next/previous."""
    if marker.target is not None:
        return marker.target, False
    m = _RELATIVE.search(marker.text)
    if m is None or page not in numbers:
        return None, False
    k = numbers.index(page) + (1 if m.group(1) == "下" else -1)
    return (numbers[k], True) if 0 <= k < len(numbers) else (None, True)


def _pages_agree(to: _Part, came: _Part) -> bool:
    return (
        to.marker.page != came.marker.page
        and to.target == came.marker.page
        and came.target == to.marker.page
    )


def _letters(text: str) -> str:
    return _NOT_WORD.sub("", text)


def _show(part: _Part) -> str:
    return _show_blocks(part.heading_blocks)


def _show_blocks(blocks: list[Block]) -> str:
    return " ".join(b.text.text.strip().replace("\n", " ") for b in blocks)


def _headings_above(part: _Part) -> list[tuple[str, bool, str]]:
    """A first part's possible headlines: its headline group, the section
    heads of its article above its end and the nearest headline lines above
    it (near), then every other run of headline lines (captions' titles
    included: a headline may be read as one) above it on its page."""
    out: list[tuple[str, bool, str]] = []
    seen: set[str] = set()

    def add(blocks: list[Block], near: bool) -> None:
        letters = _letters("".join(b.text.text for b in blocks))
        if letters and letters not in seen:
            seen.add(letters)
            out.append((letters, near, _show_blocks(blocks)))

    if part.heading_blocks:
        add(part.heading_blocks, True)
    for group in part.alt_groups:
        add(group, True)
    article = part.article
    if article is not None:
        for block in article.body:
            if block is part.block:
                break
            if block.role is Role.SUBHEAD and block.page == part.page.number and not block.markers:
                add([block], True)
    # the other headline runs above it on its page
    run: list[Block] = []
    for block in part.page.blocks:
        if block is part.block:
            break
        if block.role in _HEADLINE_RUN and not block.markers:
            run.append(block)
            continue
        if block.role is Role.FURNITURE:
            continue
        if run:
            add(run, False)
            run = []
    if run:
        add(run, False)
    return out


def _repeated_runs(part: _Part) -> tuple[list[str], bool]:
    """A continued part's repeated headline (letters only): the headline
    group it is read under, or the headline lines right above it; when it has
    several lines, also each run of them (a caption's title or a stray line
    may have been read into the group).  And whether each of its lines reads
    as running text (a comma inside, no sentence end, no kicker's dash: the
    start of a paragraph cut above the marker, or a headline with a comma)."""
    blocks = part.heading_blocks
    if not blocks:
        page_blocks = part.page.blocks
        k = next((n for n, b in enumerate(page_blocks) if b is part.block), 0)
        above: list[Block] = []
        for block in reversed(page_blocks[:k]):
            if block.role is Role.FURNITURE:
                continue
            if block.role not in _HEADLINE_RUN or block.markers:
                break
            above.append(block)
        blocks = above[::-1]
    # running text read as a headline line (a paragraph's start above the
    # marker) is no repeated headline
    texts = [_letters(b.text.text) if _headline_shaped(b.text.text) else "" for b in blocks]
    out: list[str] = []
    for i in range(len(texts)):
        for j in range(len(texts), i, -1):
            if not all(texts[i:j]):
                continue
            run = "".join(texts[i:j])
            if run not in out:
                out.append(run)
    text_like = bool(out) and all(_text_line(b.text.text) for b, t in zip(blocks, texts) if t)
    return out, text_like


_COMMA = regex.compile(r"[，,]")
#: a long headline printed in spaced-out phrases (习近平在陕西延安和河南安阳考察时强调
#: 全面推进乡村振兴 为实现农业农村现代化而不懈奋斗): no mark of a sentence inside
_SPACED_HEADLINE = regex.compile(r"^(?=.*\p{Han}[ \u3000]+\p{Han})[^，,。；;！!？?：:\n]{12,64}$")


def _headline_shaped(text: str) -> bool:
    """True when a line read as a headline line has a headline's shape (see
    :func:`normalizer.structure.heading_shape`), or is a long headline of
    spaced-out phrases."""
    return structure.heading_shape(text) or _SPACED_HEADLINE.match(text.strip()) is not None


def _text_line(text: str) -> bool:
    """True when a line read as a headline line may be running text: a comma
    inside, and neither a sentence end nor a kicker's dash at its end."""
    text = text.strip()
    return _COMMA.search(text) is not None and not structure.ends_sentence(text) and not text.endswith("——")


def _has_to_marker(block: Block) -> bool:
    return any(m.direction == "to" for m in block.markers)


def _holder(issue: Issue, block_id: str) -> Block | None:
    for block in issue.blocks():
        if block.id == block_id:
            return block
    return None
