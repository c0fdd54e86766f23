"""An editing session: everything an editor does to one issue, reversibly.

The desktop editor (and any script) edits an issue through an
:class:`EditSession`.  The session keeps the raw pages exactly as they were
read, the rule settings, the editor's decisions on suggestions and the
corrections typed by hand, and from these it makes the corrected model,
:attr:`EditSession.issue`.  Nothing here imports Qt: the editor wraps the
operations in undo commands and follows the session's events.

What the corrected text is made of
    ``rules(raw, config, decisions)`` — the pipeline of
    :func:`normalizer.engine.normalise_issue`, which applies accepted
    suggestions in place — and then the hand edits, in the order they were
    made, each as a :class:`~normalizer.model.Change` with rule id ``"HAND"``.
    Hand edits never change roles or articles: those come from the rules.
    Every operation below keeps the model equal to what a full re-run of that
    recipe gives, so a project saved and loaded again shows the same text.

Hand edits (:class:`HandEdit`)
    A hand edit is anchored in the raw text: the raw span of the corrected
    text it replaced (a point for an insertion), that text (``before``), what
    was typed (``after``) and a little corrected text before it
    (``context_before``).  After the rules run again it is put back where its
    raw span is found with ``before`` still there (the context chooses among
    look-alike places; an insertion is put where its raw point and context
    are).  If its place no longer exists — say the rule that made the text it
    corrected was switched off — it becomes ``status == "lost"``: it stays in
    :attr:`EditSession.hand_edits` (and in the project) and is listed in
    :attr:`EditSession.lost_hand_edits`; it comes back by itself when its
    place does.

Decisions
    ``decisions`` maps suggestion ids to :class:`~normalizer.model.Status`.
    Suggestion ids come from raw spans, so decisions survive re-running the
    rules; a decision whose suggestion no longer appears is listed in
    :attr:`EditSession.stale_decisions` and kept, never dropped.

Cost of the operations (a 50-page issue; a full run of the rules takes
several hundred milliseconds)
    * :meth:`~EditSession.edit_block_text` (a keystroke) changes the block's
      text directly — typed text becomes a piece anchored at the raw position —
      and never runs rules: well under a millisecond.
    * :meth:`~EditSession.decide`, :meth:`~EditSession.decide_many`,
      :meth:`~EditSession.accept_above` re-run the rules on the page(s) of the
      suggestions only (a few milliseconds a page), then put that page's hand
      edits back.  A page re-run is exact: pages are normalised independently
      as long as no issue-wide rule (:class:`~normalizer.rules.IssueRule`) is
      on; with one on, or when a decision changes a page's blocks, roles or
      articles, the whole issue is re-run instead.
    * With an issue-wide rule on, a decision on fix suggestions of text rules
      (:class:`~normalizer.rules.TextRule`, the last stage of the pipeline,
      each working on one block alone) re-runs only the text rules, on the
      page(s) whose blocks hold them: every page's blocks are kept as they
      stood before the text rules, the text rules run again on a copy of
      them, that page's hand edits are put back, and the articles are built
      again over the issue (a few milliseconds, not a full run).  Changes
      and suggestions keep the order a full run gives them.  Other decisions
      (a merge, a stitch) re-run the whole issue.
    * :meth:`~EditSession.remove_hand_edit` / :meth:`~EditSession.restore_hand_edit`
      (undo / redo of typing) put back the block text from before / after the
      edit when nothing else changed that block since (the usual case of an
      undo stack); otherwise the page is re-run.
    * :meth:`~EditSession.set_config` and :meth:`~EditSession.renormalise`
      run the whole pipeline.

The API
    ::

        s = EditSession(issue, config=None, decisions=None, hand_edits=None)
        s, errors = EditSession.open_paths(paths, config=None)     # first issue found (or None)
        sessions, errors = EditSession.open_issues(paths, config=None)

        s.issue                  # the corrected model (Issue); may be replaced by a full run
        s.config                 # rule settings (a private copy; read-only)
        s.decisions              # {suggestion id: Status}
        s.hand_edits             # [HandEdit], in the order made (id order), applied and lost
        s.lost_hand_edits        # [HandEdit] whose place is gone
        s.stale_decisions        # [suggestion id] decided but not suggested now
        s.raw_pages              # [Page] as read (number, source, encoding, raw)
        s.name, s.session_id, s.project_path, s.created
        s.revision               # bumps with every event
        s.modified               # changed since the last save_project / load_project
        s.next_hand_edit_id      # ids are never reused

        s.subscribe(callback) -> unsubscribe()      # callback(SessionEvent)
        s.block(block_id) -> Block                  # KeyError when unknown
        s.suggestion(suggestion_id) -> Suggestion   # KeyError when unknown
        s.hand_edit(edit_id) -> HandEdit

        s.renormalise()                             # full run from raw
        s.set_config(config)                        # full run with new settings
        s.decide(suggestion_id, status | None)      # None: no decision (accept_above decides)
        s.decide_many({suggestion_id: status | None})
        s.accept_above(score) -> [ids accepted]
        s.apply_everywhere(suggestion_id) -> [ids accepted]   # the same fix everywhere

        s.edit_block_text(block_id, start, end, replacement) -> HandEdit
        s.remove_hand_edit(edit_id);  s.remove_hand_edits(edit_ids)
        s.restore_hand_edit(edit);    s.restore_hand_edits(edits)

        s.find(pattern, regex=False, case=True, pages=None) -> [(block_id, start, end)]
        s.replace_all(pattern, replacement, regex=False, case=True, pages=None) -> [HandEdit]

    Positions are in a block's corrected text, ``block.text.text``, without
    the paragraph indent the corrected view adds.  ``regex`` patterns use the
    ``regex`` module (``\\p{Han}`` works); a bad pattern raises ValueError.

Events
    :meth:`~EditSession.subscribe` registers a plain callback, called after
    every change with a :class:`SessionEvent` (``kind``, ``block_ids``,
    ``suggestion_ids``, ``pages``, ``hand_edit_ids``, ``revision``):

    ``"renormalised"``
        the model was rebuilt for ``pages`` (every page after a full run):
        blocks there may be new objects; suggestions, lost edits and stale
        decisions may have changed; ``session.issue`` may be a new object.
    ``"block_changed"``
        only the texts of ``block_ids`` changed (same Block objects);
        ``hand_edit_ids`` are the hand edits added, removed or put back.
    ``"suggestion_changed"``
        the statuses of ``suggestion_ids`` changed (or their decision was
        recorded); the texts of ``block_ids`` changed with them.

Undo (the editor's undo stack calls these; every operation has an inverse)
    * typing: ``e = edit_block_text(...)``; undo ``remove_hand_edit(e.id)``;
      redo ``restore_hand_edit(e)`` (the same object, same id).
    * replace all: ``edits = replace_all(...)``; undo
      ``remove_hand_edits([e.id for e in edits])``; redo ``restore_hand_edits(edits)``.
    * a decision: ``prev = decisions.get(i)``, ``decide(i, status)``; undo
      ``decide(i, prev)`` (``None`` removes the decision).
    * accept above: ``before = dict(decisions)``, ``ids = accept_above(x)``;
      undo ``decide_many({i: before.get(i) for i in ids})``.
    * apply everywhere: ``before = dict(decisions)``, ``ids = apply_everywhere(i)``;
      undo ``decide_many({i: before.get(i) for i in ids})``.
    * rule settings: ``prev = config``, ``set_config(new)``; undo ``set_config(prev)``.
      The config given is copied; treat :attr:`EditSession.config` as
      read-only and pass a changed copy (``copy.deepcopy``).

Opening
    :meth:`EditSession.open_issues` reads files and folders with
    :func:`normalizer.reading.discover` / :func:`~normalizer.reading.read_issue`
    (one session per issue found); :meth:`EditSession.open_paths` gives the
    first one.  Project files and autosaves: :mod:`normalizer.project`.

A session is not thread-safe: run one operation at a time (a worker thread
may run one while the UI thread waits).
"""

from __future__ import annotations

import copy
import os
import uuid
from dataclasses import asdict, dataclass, fields
from typing import Callable, Iterable, Mapping

import regex as _regex

from .config import Config
from . import stitching, structure
from .engine import RunContext, normalise_issue, run_text_rules
from .model import Block, Change, Issue, Page, Status, Suggestion
from .reading import ReadError, discover, read_issue
from .rules import IssueRule, TextRule, all_rules
from .sourced import Edit, SourcedText, Span

__all__ = [
    "CONTEXT_CHARS",
    "HAND",
    "EditSession",
    "HandEdit",
    "SessionEvent",
]

#: rule id of the changes hand edits make
HAND = "HAND"
#: corrected characters kept before a hand edit to find its place again
CONTEXT_CHARS = 8

APPLIED = "applied"
LOST = "lost"


# ---------------------------------------------------------------------------
# data


@dataclass
class HandEdit:
    """A correction typed by the editor, anchored in the raw text so that it
    survives re-running the rules.

    ``page``, ``start``, ``end``: the raw span of the corrected text it
    replaced (``start == end``: the raw point an insertion is anchored at;
    text that crosses pages keeps the first page and the end on the last).
    ``block_id`` is the block it is (or was last) applied in.
    """

    id: int
    block_id: str
    page: int
    start: int
    end: int
    before: str  # corrected text that was replaced ("" for an insertion)
    after: str  # what the editor typed ("" for a deletion)
    context_before: str  # corrected text just before it, to tell look-alike places apart
    status: str = APPLIED  # "applied" | "lost" (its place no longer exists after a re-run)

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping) -> "HandEdit":
        return cls(
            id=int(data["id"]),
            block_id=str(data["block_id"]),
            page=int(data["page"]),
            start=int(data["start"]),
            end=int(data["end"]),
            before=str(data["before"]),
            after=str(data["after"]),
            context_before=str(data.get("context_before", "")),
            status=str(data.get("status", APPLIED)),
        )


@dataclass(frozen=True)
class SessionEvent:
    """What changed; see the module documentation for the kinds."""

    kind: str  # "renormalised" | "block_changed" | "suggestion_changed"
    block_ids: tuple[str, ...] = ()
    suggestion_ids: tuple[str, ...] = ()
    pages: tuple[int, ...] = ()
    hand_edit_ids: tuple[int, ...] = ()
    revision: int = 0


@dataclass(slots=True)
class _Placed:
    """How one hand edit was applied: the block and its text before and after."""

    block: Block
    before: SourcedText
    after: SourcedText
    change: Change


@dataclass(slots=True)
class _PageRun:
    """The rules' output for one page, before hand edits."""

    page: Page
    changes: list[Change]
    suggestions: list[Suggestion]
    articles: list
    captions: list
    orphans: list


# ---------------------------------------------------------------------------
# placing hand edits


def _span_key(spans: list[Span]) -> tuple[int, int, int]:
    return spans[0].page, spans[0].start, spans[-1].end


def _insertion_points(text: SourcedText, page: int, at: int) -> list[int]:
    """Positions in ``text`` where an insertion is anchored at raw ``(page, at)``,
    as :meth:`SourcedText.apply` anchors them, in text order."""
    out: list[int] = []
    off = 0
    for piece in text.pieces:
        n = len(piece.text)
        if piece.page == page:
            if piece.exact:
                if piece.start <= at < piece.end:
                    out.append(off + at - piece.start)
            elif piece.start == at:
                out.extend(range(off, off + n))
        off += n
    if text.pieces:
        last = text.pieces[-1]
        if last.page == page and last.end == at:
            out.append(off)
    return out


def _context_ok(t: str, p: int, context: str) -> bool:
    return t[max(0, p - len(context)) : p] == context


def _place(text: SourcedText, block: Block, e: HandEdit) -> int | None:
    """Where hand edit ``e`` goes in ``text`` (the text of ``block``), or None.

    The first place (in text order) whose raw span and text match and whose
    preceding text is ``context_before``; failing that, the only place whose
    raw span and text match.
    """
    t = text.text
    n = len(e.before)
    if n:
        candidates: list[int] = []
        p = t.find(e.before)
        while p != -1:
            if _span_key(text.spans(p, p + n)) == (e.page, e.start, e.end):
                if _context_ok(t, p, e.context_before):
                    return p
                candidates.append(p)
            p = t.find(e.before, p + 1)
        return candidates[0] if len(candidates) == 1 else None
    if e.start != e.end:
        return None
    if text.pieces:
        points = _insertion_points(text, e.page, e.start)
    else:
        points = [0] if (block.page, block.start) == (e.page, e.start) else []
    for p in points:
        if _context_ok(t, p, e.context_before):
            return p
    return points[0] if len(points) == 1 else None


def _apply_at(text: SourcedText, block: Block, p: int, n: int, after: str) -> tuple[SourcedText, list[Span]]:
    """Replace ``text[p:p+n]`` with ``after``: the new text and the raw spans replaced."""
    if not text.pieces:
        span = Span(block.page, block.start, block.start)
        return (SourcedText.inserted(after, span.page, span.start) if after else text), [span]
    new, spans = text.apply([Edit(p, p + n, after)])
    return new, spans[0]


def _covers(block: Block, page: int, at: int) -> bool:
    for piece in block.text.pieces:
        if piece.page == page and piece.start <= at <= piece.end:
            return True
    return False


def _article_signature(articles, captions, orphans) -> tuple:
    """What the rules decided about a page's structure, by block id."""

    def ids(blocks) -> tuple:
        return tuple(b.id for b in blocks)

    arts = tuple(
        (
            ids(a.kicker),
            a.headline.id if a.headline else None,
            ids(a.subtitles),
            a.column.id if a.column else None,
            a.byline.id if a.byline else None,
            ids(a.body),
            tuple(a.pages),
            a.continued_from_page,
            a.continues_to_page,
            a.starts_mid_sentence,
            a.ends_mid_sentence,
        )
        for a in articles
    )
    caps = tuple((c.title.id if c.title else None, ids(c.parts)) for c in captions)
    orph = tuple((b.id, why) for b, why in orphans)
    return arts, caps, orph


def _block_signature(blocks: list[Block]) -> tuple:
    return tuple((b.id, b.role, b.indent) for b in blocks)


def _structure(issue: Issue) -> tuple:
    """Everything the article building decides for the issue (roles, notes,
    mid-sentence marks, articles, captions, orphans)."""
    blocks = tuple(role for page in issue.pages for role in _page_roles(page))
    arts, caps, orph = _article_signature(issue.articles, issue.captions, issue.orphans)
    return (
        blocks,
        tuple(a.id for a in issue.articles),
        arts,
        tuple(c.page for c in issue.captions),
        caps,
        orph,
    )


def _page_roles(page: Page) -> tuple:
    """Role, note and mid-sentence marks of each block of ``page``, by id."""
    return tuple((b.id, b.role, b.note, b.starts_mid_sentence, b.ends_mid_sentence) for b in page.blocks)


def _copy_block(block: Block) -> Block:
    """A copy that the rules can change without touching ``block`` (texts are immutable)."""
    new = copy.copy(block)
    new.markers = list(block.markers)
    return new


def _compile(pattern: str, regex: bool, case: bool):
    if not pattern:
        raise ValueError("nothing to find: the pattern is empty")
    flags = _regex.VERSION0
    if not case:
        flags |= _regex.IGNORECASE
    try:
        return _regex.compile(pattern if regex else _regex.escape(pattern), flags)
    except _regex.error as exc:
        raise ValueError(f"not a valid regular expression: {exc}") from None


# ---------------------------------------------------------------------------
# the session


class EditSession:
    """One issue being edited: raw pages, rule settings, decisions, hand edits."""

    def __init__(
        self,
        issue: Issue,
        config: Config | None = None,
        decisions: Mapping[str, Status | str] | None = None,
        hand_edits: Iterable[HandEdit] | None = None,
    ) -> None:
        self.name: str = issue.name
        # pristine copies: the rules never see (or change) these objects
        self._raw: list[Page] = [Page(p.number, p.source, p.encoding, p.raw) for p in issue.pages]
        self._page_pos = {p.number: k for k, p in enumerate(self._raw)}
        self._warnings = list(issue.warnings)
        self.config: Config = copy.deepcopy(config) if config is not None else Config.load()
        self.decisions: dict[str, Status] = {k: Status(v) for k, v in (decisions or {}).items()}
        self.hand_edits: list[HandEdit] = sorted(hand_edits or [], key=lambda e: e.id)
        self._next_id = max((e.id for e in self.hand_edits), default=0) + 1
        self.session_id: str = uuid.uuid4().hex
        self.project_path: os.PathLike | None = None  # set by normalizer.project
        self.created: str | None = None  # when its project was first saved
        self.revision = 0
        self.saved_revision = 0
        self.stale_decisions: list[str] = []
        self.issue: Issue = Issue(name=self.name, pages=[])
        self._listeners: list[Callable[[SessionEvent], None]] = []
        self._placed: dict[int, _Placed] = {}  # applied hand edits
        self._unplaced: dict[int, _Placed] = {}  # removed hand edits, for restoring
        self._blocks: dict[str, Block] = {}
        self._suggestions: dict[str, Suggestion] = {}
        self._page_changes: dict[int, list[Change]] = {}
        self._page_suggestions: dict[int, list[Suggestion]] = {}
        # the text-rule stage of the last run (see _text_stage); None: not usable
        self._text_rules: list[TextRule] | None = None
        self._prefix: tuple[list[Change], list[Suggestion]] = ([], [])
        self._snap: dict[int, list[Block]] = {}  # page's blocks before the text rules
        self._text_out: dict[int, dict[str, tuple[list[Change], list[Suggestion]]]] = {}
        self._rule_text: dict[int, list[SourcedText]] = {}  # block texts the rules made
        self._text_page: dict[str, int] = {}  # text-rule suggestion id -> page it was made on
        self._issue_rules: dict[tuple[str, ...], bool] = {}  # _issue_rules_on by the issue rules switched on
        self._full_run()

    # opening ------------------------------------------------------------------
    @classmethod
    def open_issues(
        cls, paths: Iterable[str | os.PathLike], config: Config | None = None
    ) -> tuple[list["EditSession"], list[ReadError]]:
        """One session for every issue in the files and folders named."""
        config = config or Config.load()
        sources, errors = discover(paths)
        sessions: list[EditSession] = []
        for source in sources:
            issue, errs = read_issue(source, config.max_bytes)
            errors.extend(errs)
            if issue is not None:
                sessions.append(cls(issue, config))
        return sessions, errors

    @classmethod
    def open_paths(
        cls, paths: Iterable[str | os.PathLike], config: Config | None = None
    ) -> tuple["EditSession | None", list[ReadError]]:
        """The session of the first issue found (None when none could be read).

        Only the first issue is read and normalised; use :meth:`open_issues`
        for all of them."""
        config = config or Config.load()
        sources, errors = discover(paths)
        for source in sources:
            issue, errs = read_issue(source, config.max_bytes)
            errors.extend(errs)
            if issue is not None:
                return cls(issue, config), errors
        return None, errors

    # state ---------------------------------------------------------------------
    @property
    def raw_pages(self) -> list[Page]:
        """The pages as read (number, source, encoding, raw); do not modify."""
        return self._raw

    @property
    def next_hand_edit_id(self) -> int:
        """The id the next hand edit gets (ids are never reused)."""
        return self._next_id

    @next_hand_edit_id.setter
    def next_hand_edit_id(self, value: int) -> None:
        self._next_id = max(int(value), max((e.id for e in self.hand_edits), default=0) + 1)

    @property
    def lost_hand_edits(self) -> list[HandEdit]:
        return [e for e in self.hand_edits if e.status == LOST]

    @property
    def modified(self) -> bool:
        """Changed since the last save or load."""
        return self.revision != self.saved_revision

    def block(self, block_id: str) -> Block:
        try:
            return self._blocks[block_id]
        except KeyError:
            raise KeyError(f"no block {block_id}") from None

    def suggestion(self, suggestion_id: str) -> Suggestion:
        try:
            return self._suggestions[suggestion_id]
        except KeyError:
            raise KeyError(f"no suggestion {suggestion_id}") from None

    def hand_edit(self, edit_id: int) -> HandEdit:
        for e in self.hand_edits:
            if e.id == edit_id:
                return e
        raise KeyError(f"no hand edit {edit_id}")

    # listening -------------------------------------------------------------------
    def subscribe(self, callback: Callable[[SessionEvent], None]) -> Callable[[], None]:
        """Call ``callback(event)`` after every change; returns a function that
        unsubscribes it."""
        self._listeners.append(callback)

        def unsubscribe() -> None:
            if callback in self._listeners:
                self._listeners.remove(callback)

        return unsubscribe

    def _emit(self, kind: str, *, blocks=(), suggestions=(), pages=(), edits=()) -> None:
        self.revision += 1
        event = SessionEvent(
            kind,
            tuple(dict.fromkeys(blocks)),
            tuple(dict.fromkeys(suggestions)),
            tuple(sorted(set(pages))),
            tuple(dict.fromkeys(edits)),
            self.revision,
        )
        for callback in list(self._listeners):
            callback(event)

    # rules and decisions --------------------------------------------------------------
    def renormalise(self) -> None:
        """Run every rule again from the raw pages; decisions and hand edits are
        applied again (hand edits whose place is gone become lost)."""
        self._full_run()
        self._emit("renormalised", pages=self._page_pos)

    def set_config(self, config: Config) -> None:
        """Change the rule settings (a copy is kept) and re-run; hand edits are kept."""
        self.config = copy.deepcopy(config)
        self.renormalise()

    def decide(self, suggestion_id: str, status: Status | str | None) -> None:
        """Accept, reject or set back to pending one suggestion; ``None`` removes
        the decision (the suggestion then follows ``config.accept_above``)."""
        self.decide_many({suggestion_id: status})

    def decide_many(self, decisions: Mapping[str, Status | str | None]) -> None:
        """Several decisions at once (one re-run for all of them)."""
        wanted = {sid: None if status is None else Status(status) for sid, status in decisions.items()}
        pages: set[int] = set()
        ids: list[str] = []
        for sid, status in wanted.items():
            old = self._effective(sid)
            if status is None:
                self.decisions.pop(sid, None)
            else:
                self.decisions[sid] = status
            ids.append(sid)
            s = self._suggestions.get(sid)
            if s is not None and self._effective(sid) is not old:
                pages.update(self._suggestion_pages(s))
        if not ids:
            return
        if pages:
            text_pages = self._text_fix_pages(
                sid for sid in ids if sid in self._suggestions and self._suggestions[sid].status is not self._effective(sid)
            )
            if text_pages is not None:
                self._rerun_text(text_pages, ids)
            else:
                self._rerun(pages, suggestions=ids)
        else:
            for sid in ids:
                s = self._suggestions.get(sid)
                if s is not None:
                    s.status = self._effective(sid)
            self._update_stale()
            self._emit("suggestion_changed", suggestions=ids)

    def accept_above(self, score: float) -> list[str]:
        """Accept every pending suggestion scoring ``score`` or more; the ids accepted."""
        ids = [s.id for s in self.issue.suggestions if s.status is Status.PENDING and s.score >= score]
        if ids:
            self.decide_many({sid: Status.ACCEPTED for sid in ids})
        return ids

    def apply_everywhere(self, suggestion_id: str) -> list[str]:
        """Accept a fix suggestion and every other pending one of the same rule
        that makes the same change (same text before and after) anywhere in
        the issue; the ids whose decision changed.  Undo with
        ``decide_many({i: before.get(i) for i in ids})`` where ``before`` is a
        copy of :attr:`decisions` taken first.  KeyError for an unknown id;
        ValueError for a suggestion that is not a text fix (a merge, a stitch)."""
        s = self.suggestion(suggestion_id)
        if s.kind != "fix":
            raise ValueError(f"{suggestion_id} is a {s.kind} suggestion, not a fix to repeat")
        ids = [] if s.status is Status.ACCEPTED else [s.id]
        ids.extend(
            o.id
            for o in self.issue.suggestions
            if o.id != s.id
            and o.status is Status.PENDING
            and o.rule == s.rule
            and o.kind == s.kind
            and o.before == s.before
            and o.after == s.after
        )
        if ids:
            self.decide_many({sid: Status.ACCEPTED for sid in ids})
        return ids

    def _effective(self, sid: str) -> Status:
        """The status a suggestion gets in a run, from its decision or accept_above."""
        if sid in self.decisions:
            return self.decisions[sid]
        s = self._suggestions.get(sid)
        threshold = self.config.accept_above
        if s is not None and threshold is not None and s.score >= threshold:
            return Status.ACCEPTED
        return Status.PENDING

    def _suggestion_pages(self, s: Suggestion) -> set[int]:
        """The pages a decision on ``s`` changes: its own, and those listed in
        ``extra["pages"]`` (a suggestion joining text across pages)."""
        pages = {s.page}
        pages.update(int(p) for p in s.extra.get("pages", ()))
        return pages

    # hand edits -------------------------------------------------------------------
    def edit_block_text(self, block_id: str, start: int, end: int, replacement: str) -> HandEdit:
        """Replace ``[start, end)`` of a block's corrected text (``block.text.text``,
        without the paragraph indent the view shows) with ``replacement``.

        Applied to the block at once, without running rules.  Raises KeyError
        for an unknown block and ValueError for a range outside the text or an
        edit that changes nothing."""
        block = self.block(block_id)
        edit = self._make_edit(block, start, end, replacement)
        self._emit("block_changed", blocks=[block.id], pages=[block.page], edits=[edit.id])
        return edit

    def _make_edit(self, block: Block, start: int, end: int, replacement: str) -> HandEdit:
        text = block.text
        t = text.text
        if not 0 <= start <= end <= len(t):
            raise ValueError(f"{block.id}: range {start}-{end} outside the block's text (length {len(t)})")
        before = t[start:end]
        if before == replacement:
            raise ValueError(f"{block.id}: the edit changes nothing")
        new, spans = _apply_at(text, block, start, end - start, replacement)
        page, a, b = _span_key(spans)
        edit = HandEdit(self._next_id, block.id, page, a, b, before, replacement, "")
        # enough context that the edit is found at this place, not an earlier look-alike
        k = CONTEXT_CHARS
        while True:
            edit.context_before = t[max(0, start - k) : start]
            if k >= start or _place(text, block, edit) == start:
                break
            k *= 2
        self._next_id += 1
        change = Change(HAND, page, a, b, before, replacement, f"hand edit {edit.id}")
        self._placed[edit.id] = _Placed(block, text, new, change)
        block.text = new
        self.hand_edits.append(edit)
        self.issue.changes.append(change)
        return edit

    def remove_hand_edit(self, edit_id: int) -> None:
        """Take a hand edit back (undo)."""
        self.remove_hand_edits([edit_id])

    def remove_hand_edits(self, edit_ids: Iterable[int]) -> None:
        """Take several hand edits back, last first."""
        ids = sorted(set(edit_ids), reverse=True)
        edits = [self.hand_edit(i) for i in ids]
        blocks: list[str] = []
        rerun: set[int] = set()
        for e in edits:
            self.hand_edits.remove(e)
            placed = self._placed.pop(e.id, None)
            if placed is None:
                continue  # lost: nothing to take out of the text
            self._unplaced[e.id] = placed
            if placed.block.page in rerun or placed.block.text is not placed.after or self._later_lost(e):
                rerun.add(placed.block.page)
                continue
            placed.block.text = placed.before
            self._remove_change(placed.change)
            blocks.append(placed.block.id)
        if rerun:
            self._rerun(rerun, blocks=blocks, edits=ids)
        else:
            pages = {self._blocks[b].page for b in blocks if b in self._blocks}
            self._emit("block_changed", blocks=blocks, pages=pages, edits=ids)

    def restore_hand_edit(self, edit: HandEdit) -> None:
        """Put back a hand edit taken back with :meth:`remove_hand_edit` (redo)."""
        self.restore_hand_edits([edit])

    def restore_hand_edits(self, edits: Iterable[HandEdit]) -> None:
        """Put back several hand edits, first first."""
        edits = sorted(edits, key=lambda e: e.id)
        present = {e.id for e in self.hand_edits}
        for e in edits:
            if e.id in present:
                raise ValueError(f"hand edit {e.id} is already in the session")
        blocks: list[str] = []
        rerun: set[int] = set()
        for e in edits:
            self._insert_edit(e)
            self._next_id = max(self._next_id, e.id + 1)
            if e.page in rerun or any(o.id > e.id and o.page == e.page for o in self.hand_edits):
                rerun.add(e.page)
                continue
            old = self._unplaced.pop(e.id, None)
            if old is not None and old.block.text is old.before and self._blocks.get(old.block.id) is old.block:
                old.block.text = old.after
                self._placed[e.id] = old
                self._append_change(old.change)
                e.status = APPLIED
                e.block_id = old.block.id
                blocks.append(old.block.id)
                continue
            placed = self._place_edit(e, self._page_blocks(e.page))
            if placed is not None:
                self._append_change(placed.change)
                blocks.append(placed.block.id)
        if rerun:
            self._rerun(rerun, blocks=blocks, edits=[e.id for e in edits])
        else:
            pages = {self._blocks[b].page for b in blocks if b in self._blocks}
            self._emit("block_changed", blocks=blocks, pages=pages, edits=[e.id for e in edits])

    def _later_lost(self, e: HandEdit) -> bool:
        """A lost edit after ``e`` on its page might find its place once ``e`` is gone."""
        return any(o.status == LOST and o.page == e.page and o.id > e.id for o in self.hand_edits)

    def _insert_edit(self, e: HandEdit) -> None:
        k = len(self.hand_edits)
        while k and self.hand_edits[k - 1].id > e.id:
            k -= 1
        self.hand_edits.insert(k, e)

    def _remove_change(self, change: Change) -> None:
        changes = self.issue.changes
        for k in range(len(changes) - 1, -1, -1):
            if changes[k] is change:
                del changes[k]
                return

    def _append_change(self, change: Change) -> None:
        """Add a HAND change in hand-edit order (they come after the rules' changes)."""
        changes = self.issue.changes
        number = _edit_number(change)
        k = len(changes)
        while k and changes[k - 1].rule == HAND and _edit_number(changes[k - 1]) > number:
            k -= 1
        changes.insert(k, change)

    def _page_blocks(self, number: int) -> list[Block]:
        k = self._page_pos.get(number)
        return self.issue.pages[k].blocks if k is not None else []

    def _place_edit(self, e: HandEdit, blocks: list[Block]) -> _Placed | None:
        """Apply ``e`` to the first of ``blocks`` that has its place (its own block
        first, also when an issue rule moved it to another page's blocks); sets
        its status and returns how it was applied."""
        own = [b for b in blocks if b.id == e.block_id]
        if not own and e.block_id in self._blocks:
            own = [self._blocks[e.block_id]]
        others = [b for b in blocks if b.id != e.block_id and _covers(b, e.page, e.start)]
        for block in own + others:
            p = _place(block.text, block, e)
            if p is None:
                continue
            old = block.text
            new, spans = _apply_at(old, block, p, len(e.before), e.after)
            page, a, b = _span_key(spans)
            change = Change(HAND, page, a, b, e.before, e.after, f"hand edit {e.id}")
            block.text = new
            e.block_id = block.id
            e.status = APPLIED
            placed = _Placed(block, old, new, change)
            self._placed[e.id] = placed
            return placed
        e.status = LOST
        self._placed.pop(e.id, None)
        return None

    # find and replace ----------------------------------------------------------------
    def find(
        self, pattern: str, regex: bool = False, case: bool = True, pages: Iterable[int] | None = None
    ) -> list[tuple[str, int, int]]:
        """Every match in the corrected text of the blocks, in reading order, as
        ``(block_id, start, end)`` in the block's text.  Empty matches are not
        listed; a match never crosses blocks.  ValueError for a bad pattern."""
        rx = _compile(pattern, regex, case)
        wanted = None if pages is None else set(pages)
        out: list[tuple[str, int, int]] = []
        for page in self.issue.pages:
            if wanted is not None and page.number not in wanted:
                continue
            for block in page.blocks:
                for m in rx.finditer(block.text.text):
                    if m.end() > m.start():
                        out.append((block.id, m.start(), m.end()))
        return out

    def replace_all(
        self,
        pattern: str,
        replacement: str,
        regex: bool = False,
        case: bool = True,
        pages: Iterable[int] | None = None,
    ) -> list[HandEdit]:
        """Replace every match :meth:`find` lists; one hand edit per match.

        With ``regex`` the replacement may use ``\\1`` and ``\\g<name>``.
        Matches whose replacement is the same text are skipped.  Undo with
        :meth:`remove_hand_edits`."""
        rx = _compile(pattern, regex, case)
        wanted = None if pages is None else set(pages)
        edits: list[HandEdit] = []
        blocks: list[str] = []
        touched: set[int] = set()
        checked = not regex
        for page in self.issue.pages:
            if wanted is not None and page.number not in wanted:
                continue
            for block in page.blocks:
                matches = [m for m in rx.finditer(block.text.text) if m.end() > m.start()]
                shift = 0
                made = False
                for m in matches:
                    if regex:
                        try:
                            repl = m.expand(replacement)
                        except (_regex.error, IndexError) as exc:
                            if edits:  # cannot happen once the first match expanded
                                self.remove_hand_edits([e.id for e in edits])
                            raise ValueError(f"bad replacement {replacement!r}: {exc}") from None
                        checked = True
                    else:
                        repl = replacement
                    if repl == m.group():
                        continue
                    start, end = m.start() + shift, m.end() + shift
                    edits.append(self._make_edit(block, start, end, repl))
                    shift += len(repl) - (end - start)
                    made = True
                if made:
                    blocks.append(block.id)
                    touched.add(page.number)
        if edits:
            self._emit("block_changed", blocks=blocks, pages=touched, edits=[e.id for e in edits])
        return edits

    # running the rules -------------------------------------------------------------
    def _run_page(self, raw: Page) -> _PageRun:
        """The rules' output for one page alone (exact while no issue rule is on)."""
        temp = Issue(name=self.name, pages=[Page(raw.number, raw.source, raw.encoding, raw.raw)])
        normalise_issue(temp, self.config, self.decisions)
        return _PageRun(temp.pages[0], temp.changes, temp.suggestions, temp.articles, temp.captions, temp.orphans)

    def _issue_rules_on(self) -> bool:
        """True when an issue-wide rule is on and may tie pages together here
        (a rule with ``spans_pages(raw_pages)`` says whether it can).  Kept
        per set of issue rules switched on: it depends on them and on the raw
        pages, which never change in a session."""
        on = tuple(rid for rid, cls in all_rules().items() if issubclass(cls, IssueRule) and self.config.is_enabled(rid))
        if on not in self._issue_rules:
            self._issue_rules[on] = self._find_issue_rules_on(on)
        return self._issue_rules[on]

    def _find_issue_rules_on(self, on: tuple[str, ...]) -> bool:
        rules = all_rules()
        for rid in on:
            spans = getattr(rules[rid], "spans_pages", None)
            if spans is None or spans(self._raw):
                return True
        return False

    def _full_run(self) -> None:
        issue = Issue(name=self.name, pages=[Page(p.number, p.source, p.encoding, p.raw) for p in self._raw])
        issue.warnings = list(self._warnings)
        self._text_rules = None
        self._issue_rules_on()  # worked out here, off the editor's thread, not at the first accept
        normalise_issue(issue, self.config, self.decisions, text_stage=self._text_stage)
        self.issue = issue
        self._index()
        self._blocks = {b.id: b for b in issue.blocks()}
        self._placed = {}
        hand: list[Change] = []
        for e in self.hand_edits:
            placed = self._place_edit(e, self._page_blocks(e.page))
            if placed is not None:
                hand.append(placed.change)
        issue.changes.extend(hand)
        self._update_stale()

    def _index(self) -> None:
        """Index the issue's changes and suggestions by page and id."""
        issue = self.issue
        self._page_changes = {p.number: [] for p in issue.pages}
        for c in issue.changes:
            self._page_changes.setdefault(c.page, []).append(c)
        self._page_suggestions = {p.number: [] for p in issue.pages}
        for s in issue.suggestions:
            self._page_suggestions.setdefault(s.page, []).append(s)
        self._suggestions = {s.id: s for s in issue.suggestions}

    # the text-rule stage, page by page ------------------------------------------------
    def _text_stage(self, issue: Issue, ctx: RunContext, rules: list[TextRule]) -> None:
        """The text rules of a full run (called by normalise_issue): each page's
        blocks are kept as they stand first, then the rules run page by page.
        A text rule works on one block alone and no role changes while they
        run, so this gives what running them rule by rule over the pages
        gives; the records go into ``ctx`` in that order."""
        self._text_rules = rules
        self._prefix = (list(ctx.changes), list(ctx.suggestions))
        self._text_order = [p.number for p in issue.pages]
        self._snap, self._text_out, self._rule_text, self._text_page = {}, {}, {}, {}
        for page in issue.pages:
            self._snap[page.number] = [_copy_block(b) for b in page.blocks]
            self._run_text_page(issue, page)
        ctx.changes[:], ctx.suggestions[:] = self._text_merged()

    def _run_text_page(self, issue: Issue, page: Page) -> None:
        """Run the text rules on one page's blocks; keep what they recorded, by rule."""
        ctx = RunContext(issue, self.config, self.decisions)
        run_text_rules(self._text_rules, page, ctx)
        by_rule: dict[str, tuple[list[Change], list[Suggestion]]] = {}
        for c in ctx.changes:
            by_rule.setdefault(c.rule, ([], []))[0].append(c)
        for sg in ctx.suggestions:
            by_rule.setdefault(sg.rule, ([], []))[1].append(sg)
            self._text_page[sg.id] = page.number
        self._text_out[page.number] = by_rule
        self._rule_text[page.number] = [b.text for b in page.blocks]

    def _text_merged(self) -> tuple[list[Change], list[Suggestion]]:
        """The run's changes and suggestions in the order normalise_issue gives:
        those made before the text rules, then rule by rule, page by page."""
        changes, suggestions = list(self._prefix[0]), list(self._prefix[1])
        outs = [self._text_out[n] for n in self._text_order]
        for rule in self._text_rules:
            for out in outs:
                got = out.get(rule.id)
                if got is not None:
                    changes.extend(got[0])
                    suggestions.extend(got[1])
        return changes, suggestions

    def _text_fix_pages(self, sids: Iterable[str]) -> set[int] | None:
        """The pages to re-run the text rules on when the decisions on ``sids``
        changed, or None when that is not enough (or not needed: with no
        issue-wide rule on, a page re-run is exact and :meth:`_rerun` does it)."""
        if self._text_rules is None or not self._issue_rules_on():
            return None
        rules = all_rules()
        pages: set[int] = set()
        for sid in sids:
            sg = self._suggestions.get(sid)
            number = self._text_page.get(sid)
            cls = rules.get(sg.rule) if sg is not None else None
            if number is None or sg.kind != "fix" or cls is None or not issubclass(cls, TextRule):
                return None
            pages.add(number)
        return pages or None

    def _rerun_text(self, numbers: set[int], suggestions: list[str]) -> None:
        """Re-run the text rules on pages ``numbers`` from their blocks as the
        issue rules left them, put their hand edits back, build the articles
        again and tell the listeners."""
        issue = self.issue
        redone = set(numbers)
        for e in self.hand_edits:
            own = self._blocks.get(e.block_id)
            if own is not None and (own.page in redone) != (e.page in redone):
                return self._rerun_all(suggestions)  # an edit of text an issue rule moved across pages
        redo = [issue.pages[self._page_pos[n]] for n in sorted(numbers)]
        old_texts: dict[str, SourcedText] = {}
        for page in redo:
            blocks = [_copy_block(b) for b in self._snap[page.number]]
            if [b.id for b in blocks] != [b.id for b in page.blocks]:
                return self._rerun_all(suggestions)
            for by_rule in self._text_out[page.number].values():
                for sg in by_rule[1]:
                    self._text_page.pop(sg.id, None)
            temp = copy.copy(page)
            temp.blocks = blocks
            self._run_text_page(issue, temp)
            for block, new in zip(page.blocks, blocks):
                old_texts[block.id] = block.text
                block.text = new.text
        # the articles are built from the rules' text, without hand edits
        same = not issue.stitches and self._rebuild_pages(redo)
        if not same:
            same = self._rebuild_issue(redone)
        for e in self.hand_edits:
            if e.page in redone:
                self._placed.pop(e.id, None)
        for e in self.hand_edits:
            if e.page in redone:
                self._place_edit(e, self._page_blocks(e.page))
        changes, issue.suggestions = self._text_merged()
        changes.extend(self._placed[e.id].change for e in self.hand_edits if e.id in self._placed)
        issue.changes = changes
        self._index()
        self._update_stale()
        if not same:
            return self._emit("renormalised", suggestions=suggestions, pages=self._page_pos)
        changed = [b.id for page in redo for b in page.blocks if b.text != old_texts[b.id]]
        self._emit("suggestion_changed", blocks=changed, suggestions=suggestions, pages=redone)

    def _rebuild_pages(self, redo: list[Page]) -> bool:
        """Build the articles of pages ``redo`` again (their blocks hold the
        rules' text); True when nothing about them changed.  Building is page
        by page, so without stitches the other pages' articles stay as they are."""
        issue = self.issue
        for page in redo:
            number = page.number
            before = (
                _page_roles(page),
                _article_signature(
                    [a for a in issue.articles if a.pages and a.pages[0] == number],
                    [c for c in issue.captions if c.page == number],
                    [(b, why) for b, why in issue.orphans if b.page == number],
                ),
            )
            temp = Issue(name=issue.name, pages=[page])
            structure.build_articles(temp)
            if before != (_page_roles(page), _article_signature(temp.articles, temp.captions, temp.orphans)):
                return False
        return True

    def _rebuild_issue(self, redone: set[int]) -> bool:
        """Build the articles of the whole issue again (the blocks of pages
        ``redone`` hold the rules' text, the others have their hand edits taken
        out meanwhile); True when nothing about the structure changed, and then
        the article objects stay."""
        issue = self.issue
        hand_pages = {placed.block.page for placed in self._placed.values()} - redone
        saved: list[tuple[Block, SourcedText]] = []
        for number in hand_pages:
            for block, text in zip(self._page_blocks(number), self._rule_text[number]):
                if block.text is not text:
                    saved.append((block, block.text))
                    block.text = text
        old_lists = issue.articles, issue.captions, issue.orphans
        before = _structure(issue)
        structure.build_articles(issue)
        stitching.stitch_articles(issue)
        same = before == _structure(issue)
        if same:  # the objects the views hold stay
            issue.articles, issue.captions, issue.orphans = old_lists
        for block, text in saved:
            block.text = text
        return same

    def _rerun(self, pages: set[int], *, blocks=(), suggestions=(), edits=()) -> None:
        """Re-run the rules on ``pages`` (the whole issue when that is not exact),
        put their hand edits back and tell the listeners."""
        if self._issue_rules_on() or 2 * len(pages) > len(self._raw):
            return self._rerun_all(suggestions, edits)
        self._text_rules = None  # the page's blocks change: the kept text stage no longer holds
        runs: dict[int, _PageRun] = {}
        for number in pages:
            k = self._page_pos.get(number)
            if k is None:
                continue
            run = self._run_page(self._raw[k])
            page = self.issue.pages[k]
            current = _article_signature(
                [a for a in self.issue.articles if a.pages and a.pages[0] == number],
                [c for c in self.issue.captions if c.page == number],
                [(b, why) for b, why in self.issue.orphans if b.page == number],
            )
            if _block_signature(page.blocks) != _block_signature(run.page.blocks) or current != _article_signature(
                run.articles, run.captions, run.orphans
            ):
                return self._rerun_all(suggestions, edits)
            runs[number] = run
        changed: list[str] = list(blocks)
        for number, run in runs.items():
            page = self.issue.pages[self._page_pos[number]]
            # the new rule output, then this page's hand edits on it
            for e in self.hand_edits:
                if e.page == number:
                    self._placed.pop(e.id, None)
            new_blocks = run.page.blocks
            for e in self.hand_edits:
                if e.page == number:
                    self._place_edit(e, new_blocks)
            # into the objects the articles hold
            olds = {id(new): old for old, new in zip(page.blocks, new_blocks)}
            for old, new in zip(page.blocks, new_blocks):
                if old.text != new.text or old.markers != new.markers:
                    changed.append(old.id)
                for name in _BLOCK_FIELDS:
                    setattr(old, name, getattr(new, name))
            for e in self.hand_edits:
                placed = self._placed.get(e.id) if e.page == number else None
                if placed is not None and id(placed.block) in olds:
                    placed.block = olds[id(placed.block)]
            for name in _PAGE_FIELDS:
                setattr(page, name, getattr(run.page, name))
            self._page_changes[number] = run.changes
            for s in self._page_suggestions.get(number, ()):
                self._suggestions.pop(s.id, None)
            self._page_suggestions[number] = run.suggestions
            for s in run.suggestions:
                self._suggestions[s.id] = s
        self._merge_lists()
        self._update_stale()
        self._emit(
            "suggestion_changed" if suggestions else "block_changed",
            blocks=changed,
            suggestions=suggestions,
            pages=runs,
            edits=edits,
        )

    def _rerun_all(self, suggestions=(), edits=()) -> None:
        self._full_run()
        self._emit("renormalised", suggestions=suggestions, pages=self._page_pos, edits=edits)

    def _merge_lists(self) -> None:
        """``issue.changes`` and ``issue.suggestions`` in the order a full run gives:
        by rule in pipeline order, then by page; hand edits last, in order."""
        rank = {rid: k for k, rid in enumerate(all_rules())}
        order = [p.number for p in self._raw]

        def merged(by_page: dict[int, list]) -> list:
            groups: dict[tuple[int, int], list] = {}
            for number in order:
                for item in by_page.get(number, ()):
                    groups.setdefault((rank.get(item.rule, len(rank)), self._page_pos[number]), []).append(item)
            out: list = []
            for key in sorted(groups):
                out.extend(groups[key])
            return out

        changes = merged(self._page_changes)
        changes.extend(self._placed[e.id].change for e in self.hand_edits if e.id in self._placed)
        self.issue.changes = changes
        self.issue.suggestions = merged(self._page_suggestions)

    def _update_stale(self) -> None:
        self.stale_decisions = [sid for sid in self.decisions if sid not in self._suggestions]


#: what a page re-run copies into the Block and Page objects the model holds
_BLOCK_FIELDS = tuple(f.name for f in fields(Block) if f.name not in ("page", "start"))
_PAGE_FIELDS = tuple(f.name for f in fields(Page) if f.name not in ("number", "source", "encoding", "raw", "blocks"))


def _edit_number(change: Change) -> int:
    try:
        return int(change.note.rsplit(" ", 1)[-1])
    except ValueError:
        return 0
