"""Runs the rules over an issue and records what they did.

The :class:`RunContext` is the only way rules change text: it applies edits to
a block's :class:`~normalizer.sourced.SourcedText`, records a
:class:`~normalizer.model.Change` with the raw span for each, and turns
uncertain fixes into :class:`~normalizer.model.Suggestion` objects, applying
those an editor accepted (by id, or everything at or above ``accept_above``).
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from operator import attrgetter
from typing import Callable, Iterable, Mapping

from . import stitching, structure
from .config import Config
from .model import Block, Change, Issue, Page, Status, Suggestion
from .rules import Fix, IssueRule, PageRule, Rule, TextRule
from .rules.base import Finder
from .segment import segment_page
from .sourced import Piece, SourcedText, Span


class RunContext:
    def __init__(
        self,
        issue: Issue,
        config: Config,
        decisions: Mapping[str, Status | str] | None = None,
    ) -> None:
        self.issue = issue
        self.config = config
        self.decisions = {k: Status(v) for k, v in (decisions or {}).items()}
        self.changes: list[Change] = []
        self.suggestions: list[Suggestion] = []
        self._seen: set[str] = set()
        #: ids of the pages whose roles a rule's changes left out of date
        #: (:func:`normalise_issue` keeps it)
        self.stale: set[int] = set()

    # recording ----------------------------------------------------------
    def record(self, rule: Rule | str, span: Span, before: str, after: str, note: str = "") -> Change:
        rule_id = rule if isinstance(rule, str) else rule.id
        change = Change(rule_id, span.page, span.start, span.end, before, after, note)
        self.changes.append(change)
        return change

    def decide(self, suggestion: Suggestion) -> Status:
        """The status an editor gave this suggestion, or what accept_above says."""
        if suggestion.id in self.decisions:
            return self.decisions[suggestion.id]
        if self.config.accept_above is not None and suggestion.score >= self.config.accept_above:
            return Status.ACCEPTED
        return Status.PENDING

    def add_suggestion(self, suggestion: Suggestion) -> Suggestion:
        if suggestion.id in self._seen:
            return suggestion
        self._seen.add(suggestion.id)
        suggestion.status = self.decide(suggestion)
        self.suggestions.append(suggestion)
        return suggestion

    def fresh_roles(self, page: Page) -> None:
        """Classify ``page`` again if its roles are out of date: for a page
        rule with ``needs_roles = False`` that reads roles on some pages only."""
        if id(page) in self.stale:
            self.stale.discard(id(page))
            structure.classify_page(page)

    # editing ------------------------------------------------------------
    def edit_block(self, rule: Rule, block: Block, fixes: Iterable[Fix]) -> int:
        """Apply fixes to a block's text, certain ones at once and uncertain ones
        when accepted; record changes and suggestions.  Returns changes applied."""
        text = block.text
        if fixes.__class__ is not list:
            fixes = list(fixes)
        for fix in fixes:
            if fix.score is not None:
                applied = self._decide_fixes(rule, text, fixes)
                break
        else:  # the usual case: every fix certain
            applied = fixes
        if not applied:
            return 0
        if text.pieces:
            done = self._edit_same_length(rule, block, applied)
            if done:
                return done
        return self._edit(rule, block, applied)

    def _decide_fixes(self, rule: Rule, text: SourcedText, fixes: list[Fix]) -> list[Fix]:
        """The certain fixes and the accepted suggestions among ``fixes``; every
        suggestion is recorded."""
        applied: list[Fix] = []
        for fix in fixes:
            if fix.score is None:
                applied.append(fix)
                continue
            spans = _fix_spans(text, fix)
            first = spans[0]
            before = text.text[fix.start : fix.end]
            suggestion = Suggestion(
                id=Suggestion.make_id(rule.id, spans, fix.replacement),
                rule=rule.id,
                kind="fix",
                score=fix.score,
                summary=f"{before} → {fix.replacement}" + (f": {fix.note}" if fix.note else ""),
                evidence=fix.evidence,
                page=first.page,
                start=first.start,
                end=first.end,
                before=before,
                after=fix.replacement,
            )
            self.add_suggestion(suggestion)
            if suggestion.status is Status.ACCEPTED:
                applied.append(fix)
        return applied

    def _edit(self, rule: Rule, block: Block, applied: list[Fix]) -> int:
        """Apply fixes of any shape (sorted, overlaps dropped) through
        :meth:`SourcedText.apply`."""
        text = block.text
        if any(a.start > b.start or (a.start == b.start and a.end > b.end) for a, b in zip(applied, applied[1:])):
            applied = sorted(applied, key=lambda f: (f.start, f.end))
        kept: list[Fix] = []
        last_end = -1
        for fix in applied:
            if fix.start < last_end or (fix.start == last_end and fix.start == fix.end and kept and kept[-1].start == kept[-1].end):
                continue  # overlapping fixes: the first one wins, the rule runs again next time
            kept.append(fix)
            last_end = fix.end
        new_text, spans = text.apply(kept)  # a Fix has what an Edit has: start, end, replacement
        rule_id, current, changes = rule.id, text.text, self.changes
        for fix, fix_spans in zip(kept, spans):
            span = fix_spans[0]
            changes.append(
                Change(rule_id, span.page, span.start, span.end, current[fix.start : fix.end], fix.replacement, fix.note)
            )
        block.text = new_text
        return len(kept)

    def _edit_same_length(self, rule: Rule, block: Block, fixes: list[Fix]) -> int:
        """Apply fixes that come in order, apart, each replacing as many
        characters as it puts, all within the text: what :meth:`_edit` does,
        in one pass; 0 when a fix is not of that kind (nothing is done then).
        Every piece keeps its length and raw span; a fix within one piece is
        placed by that piece, one across pieces by :meth:`SourcedText.spans`."""
        text = block.text
        pieces, offsets = text.pieces, text._offsets
        current = text.text
        length = len(current)
        rule_id = rule.id
        chunks: list[str] = []
        made: list[Change] = []
        pos = 0
        k, last = 0, len(pieces) - 1
        for fix in fixes:
            start, end, replacement = fix.start, fix.end, fix.replacement
            if start < pos or end <= start or end > length or len(replacement) != end - start:
                return 0
            while k < last and offsets[k + 1] <= start:
                k += 1
            piece, off = pieces[k], offsets[k]
            if end - off <= len(piece.text):
                if piece.end - piece.start == len(piece.text):
                    span = (piece.page, piece.start + start - off, piece.start + end - off)
                else:
                    span = (piece.page, piece.start, piece.end)
            else:
                first = text.spans(start, end)[0]
                span = (first.page, first.start, first.end)
            chunks.append(current[pos:start])
            chunks.append(replacement)
            pos = end
            made.append(Change(rule_id, *span, current[start:end], replacement, fix.note))
        chunks.append(current[pos:])
        self.changes.extend(made)
        new_text = "".join(chunks)
        result = SourcedText.__new__(SourcedText)
        result.text = new_text
        result._offsets = offsets
        if len(pieces) == 1:
            piece = pieces[0]
            result.pieces = (Piece(new_text, piece.page, piece.start, piece.end),)
        else:
            result.pieces = tuple(
                [Piece(new_text[o : o + len(p.text)], p.page, p.start, p.end) for p, o in zip(pieces, offsets)]
            )
        _keep_spans(text, result)
        block.text = result
        return len(fixes)


    # whole blocks ---------------------------------------------------------
    def remove_block(self, rule: Rule, page: Page, block: Block, note: str) -> None:
        """Take a block out of the page's text (furniture, a standalone marker)."""
        page.blocks.remove(block)
        for span in block.text.spans() or [Span(block.page, block.start, block.end)]:
            self.record(rule, span, page.raw[span.start : span.end], "", note)

    def join_blocks(self, rule: Rule, page: Page, first: Block, second: Block, note: str, separator: str = "") -> None:
        """Append ``second`` to ``first`` (removing it from the page), dropping the
        blank lines between them; ``separator`` is inserted at the seam."""
        end = first.text.spans()[-1] if first.text.pieces else Span(page.number, first.end, first.end)
        start = second.text.spans()[0] if second.text.pieces else Span(page.number, second.start, second.start)
        gap = Span(page.number, end.end, start.start) if end.page == start.page == page.number else Span(page.number, end.end, end.end)
        before = page.raw[gap.start : gap.end] if gap.end >= gap.start else ""
        seam = [SourcedText.inserted(separator, gap.page, gap.start)] if separator else []
        first.text = SourcedText.join([first.text, *seam, second.text])
        first.markers.extend(second.markers)
        first.ends_mid_sentence = second.ends_mid_sentence
        page.blocks.remove(second)
        self.record(rule, gap, before, separator, note)


    def join_distant(self, rule: Rule, first: Block, second: Block, note: str, separator: str = "") -> None:
        """Append ``second`` to ``first`` when other material (or a page break)
        lies between them: an accepted merge.  ``second`` leaves its page."""
        page = self.issue.page(second.page)
        start = second.text.spans()[0] if second.text.pieces else Span(second.page, second.start, second.start)
        seam = [SourcedText.inserted(separator, start.page, start.start)] if separator else []
        first.text = SourcedText.join([first.text, *seam, second.text])
        first.markers.extend(second.markers)
        first.ends_mid_sentence = second.ends_mid_sentence
        page.blocks.remove(second)
        self.record(rule, Span(start.page, start.start, start.start), "", separator, note)


def _keep_spans(old: SourcedText, new: SourcedText) -> None:
    """Give ``new``, made from ``old`` by edits that keep every piece's length
    and raw span, the raw spans ``old`` worked out already (they are the same)."""
    new._all_spans = getattr(old, "_all_spans", None)


def _fix_spans(text: SourcedText, fix: Fix) -> list[Span]:
    if fix.end > fix.start:
        return text.spans(fix.start, fix.end)
    page, at = text._anchor(fix.start)
    return [Span(page, at, at)]


_BLOCK_STATE = attrgetter("text", "indent", "role", "note", "starts_mid_sentence", "ends_mid_sentence")


def _role_state(page: Page) -> tuple:
    """All that :func:`structure.classify_page` reads and writes on ``page``:
    its blocks in order, their text, indent, roles, notes, sentence marks and
    the directions of their jump markers."""
    blocks = page.blocks
    return (
        list(blocks),
        list(map(_BLOCK_STATE, blocks)),
        [(k, [m.direction for m in b.markers]) for k, b in enumerate(blocks) if b.markers],
    )


def prepare(issue: Issue) -> None:
    """Segment every page into blocks (raw text is never changed)."""
    for page in issue.pages:
        page.blocks = segment_page(page)
        page.furniture = []
        page.markers = []


class PageText:
    """The text of a page's blocks joined by newlines (what
    :meth:`TextRule.wants` and :meth:`TextRule.trigger` read), and where each
    block starts in it; kept from rule to rule until one changes a block
    (:func:`run_text_rule` says so with :meth:`changed`)."""

    __slots__ = ("_starts", "_text", "page")

    def __init__(self, page: Page) -> None:
        self.page = page
        self._text: str | None = None
        self._starts: list[int] = []

    def changed(self) -> None:
        self._text = None

    @property
    def text(self) -> str:
        if self._text is None:
            texts = [b.text.text for b in self.page.blocks]
            self._text = "\n".join(texts)
            self._starts = list(accumulate([len(t) + 1 for t in texts[:-1]], initial=0)) if texts else []
        return self._text

    def blocks_found(self, finder: Finder) -> list[Block]:
        """The blocks in whose text ``finder`` finds something (searching the
        page text once, from block to block)."""
        text = self.text
        starts, blocks = self._starts, self.page.blocks
        last = len(starts) - 1
        if last < 0:
            return []
        search = finder.search
        out: list[Block] = []
        pos = 0
        while (m := search(text, pos)) is not None:
            k = bisect_right(starts, m.start()) - 1
            out.append(blocks[k])
            if k >= last:
                break
            pos = starts[k + 1]
        return out


def run_text_rule(rule: TextRule, page: Page, ctx: RunContext, text: PageText | None = None) -> None:
    """Run ``rule`` over the blocks of ``page``; ``text``, when given, is the
    page's :class:`PageText`, kept up to date here."""
    if text is None:
        text = PageText(page)
    finder = rule.trigger()
    if finder is None:
        if not rule.wants(text.text):
            return
        blocks = page.blocks
    else:
        blocks = text.blocks_found(finder)
    roles = rule.roles
    fixes_of = rule.fixes
    for block in blocks:
        if roles is not None and block.role not in roles:
            continue
        current = block.text
        fixes = fixes_of(current.text, block)
        if fixes.__class__ is not list and fixes.__class__ is not tuple:
            fixes = list(fixes)
        if fixes:
            ctx.edit_block(rule, block, fixes)
            if block.text is not current:
                text.changed()


def run_text_rules(rules: Iterable[TextRule], page: Page, ctx: RunContext) -> None:
    """Run text rules one after the other over one page."""
    text = PageText(page)
    for rule in rules:
        run_text_rule(rule, page, ctx, text)


def run_text_stage(issue: Issue, ctx: RunContext, rules: list[TextRule]) -> None:
    """Run text rules over every page, rule by rule, each over the pages in
    order (the order of the records)."""
    texts = [PageText(page) for page in issue.pages]
    for rule in rules:
        for page, text in zip(issue.pages, texts):
            run_text_rule(rule, page, ctx, text)


def normalise_issue(
    issue: Issue,
    config: Config | None = None,
    decisions: Mapping[str, Status | str] | None = None,
    text_stage: Callable[[Issue, RunContext, list[TextRule]], None] | None = None,
) -> Issue:
    """Run every enabled rule over ``issue`` in pipeline order; fills in blocks,
    articles, changes and suggestions.  Raw page text is not touched.

    ``text_stage``, when given, is called instead of running the text rules
    when they are the last rules of the pipeline (every page and issue rule
    comes before them, as the rule orders have it): ``text_stage(issue, ctx,
    rules)`` must run ``rules`` over every page, its records in ``ctx`` in the
    order this function gives them (rule by rule, each over the pages in
    order).  :class:`normalizer.session.EditSession` uses it to keep each
    page's blocks as they were before the text rules."""
    config = config or Config.load()
    ctx = RunContext(issue, config, decisions)
    prepare(issue)
    # roles are worked out when a rule needs them and the page has changed since
    stale = ctx.stale
    stale.update(id(page) for page in issue.pages)

    def fresh_roles() -> None:
        for page in issue.pages:
            ctx.fresh_roles(page)

    rules = config.active_rules()
    for k, rule in enumerate(rules):
        if isinstance(rule, PageRule):
            for page in issue.pages:
                if rule.needs_roles:
                    ctx.fresh_roles(page)
                before = len(ctx.changes)
                rule.apply(page, ctx)
                if len(ctx.changes) != before and not rule.leaves_roles_fresh:
                    stale.add(id(page))
        else:
            fresh_roles()
            if isinstance(rule, TextRule):
                if all(isinstance(r, TextRule) for r in rules[k:]):
                    (text_stage or run_text_stage)(issue, ctx, rules[k:])
                    break
                run_text_stage(issue, ctx, [rule])
            elif isinstance(rule, IssueRule):
                before = len(ctx.changes)
                # a rule that only suggests changes nothing unless suggestions
                # may be accepted; then what it leaves of each page is compared
                may_change = rule.kind != "suggest" or ctx.decisions or config.accept_above is not None
                seen = [_role_state(page) for page in issue.pages] if may_change else None
                rule.apply(issue, ctx)
                if len(ctx.changes) != before:
                    if seen is None:
                        stale.update(id(page) for page in issue.pages)
                    else:  # classifying a page again gives what it has when nothing about it changed
                        stale.update(id(page) for page, was in zip(issue.pages, seen) if _role_state(page) != was)
    issue.changes = ctx.changes
    issue.suggestions = ctx.suggestions  # stitching reads the pending merges
    structure.build_articles(issue)  # classifies every page afresh
    stitching.stitch_articles(issue)
    return issue
