"""What the editor marks in the two text views, and how.

Every :class:`~normalizer.model.Change` of the shown page becomes a
:class:`Mark` in the raw view (the raw span the rule touched) and, where text
was made from it, in the corrected view; pending suggestions are marked too.
A mark's *kind* chooses its colour in both views and its line in the legend.
Plain Python: the views turn marks into Qt text formats.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from normalizer.model import Change, Issue, Status, Suggestion

from .layout import PageLayout


@dataclass(frozen=True, slots=True)
class Kind:
    key: str
    label: str
    colour: str  # background
    underline: str = ""  # underline colour, if any
    wave: bool = False


KINDS: dict[str, Kind] = {
    k.key: k
    for k in (
        Kind("seam", "rejoined seam", "#cfe3ff", "#2f6fd0"),
        Kind("punct", "punctuation", "#fff0b3"),
        Kind("furniture", "furniture removed", "#e2e2e2"),
        Kind("marker", "jump marker", "#ead7ff"),
        Kind("charform", "character form", "#c8eef2"),
        Kind("accepted", "accepted suggestion", "#c9f2c9", "#1f8f3a"),
        Kind("hand", "hand edit", "#ffc9de", "#c2185b"),
        Kind("other", "other rule", "#e4e8d8"),
        Kind("pending", "pending suggestion", "#ffe0b2", "#e65100", True),
    )
}

#: rule code → kind (rules not listed are "other")
RULE_KINDS = {
    "JD203": "seam",
    "JD301": "seam",
    "JD310": "seam",
    "JD320": "charform",
    "JD321": "charform",
    "JD322": "punct",
    "JD110": "punct",
    "JD111": "punct",
    "JD112": "punct",
    "JD201": "furniture",
    "JD202": "marker",
    "JD120": "charform",
    "HAND": "hand",
}


@lru_cache(maxsize=1)
def suggesting_rules() -> frozenset[str]:
    """Rules that only suggest: each of their changes is an accepted suggestion."""
    from normalizer.rules import all_rules

    return frozenset(rid for rid, cls in all_rules().items() if cls.kind == "suggest")


@lru_cache(maxsize=1)
def rule_names() -> dict[str, str]:
    from normalizer.rules import all_rules

    names = {rid: cls.name for rid, cls in all_rules().items()}
    names["HAND"] = "hand edit"
    return names


@dataclass(frozen=True, slots=True)
class Mark:
    start: int  # in the view's text (Python indices)
    end: int
    kind: str
    tip: str
    suggestion_id: str = ""


def describe_change(change: Change) -> str:
    name = rule_names().get(change.rule, "")
    what = f"{change.before!r} → {change.after!r}" if change.after else f"removed {change.before!r}"
    text = f"{change.rule} {name}: {what}"
    if change.note:
        text += f" — {change.note}"
    return text


def describe_suggestion(s: Suggestion) -> str:
    name = rule_names().get(s.rule, "")
    text = f"{s.rule} {name} suggests ({s.status}, score {s.score:.2f}): {s.summary}"
    if s.evidence:
        text += f"\n{s.evidence}"
    return text


def _accepted_keys(issue: Issue, page: int) -> set[tuple[str, int, int]]:
    return {
        (s.rule, s.start, s.end)
        for s in issue.suggestions
        if s.page == page and s.status is Status.ACCEPTED
    }


def changes_by_page(changes: list[Change]) -> dict[int, list[Change]]:
    out: dict[int, list[Change]] = {}
    for c in changes:
        out.setdefault(c.page, []).append(c)
    return out


def page_marks(
    issue: Issue, layout: PageLayout, changes: list[Change]
) -> tuple[list[Mark], list[Mark]]:
    """Marks for the raw view and for the corrected view of one page."""
    page = layout.page_number
    accepted = _accepted_keys(issue, page)
    raw_marks: list[Mark] = []
    doc_marks: list[Mark] = []
    doc_len = len(layout.text)
    for c in changes:
        kind = RULE_KINDS.get(c.rule, "other")
        if kind != "hand" and (c.rule in suggesting_rules() or (c.rule, c.start, c.end) in accepted):
            kind = "accepted"
        tip = describe_change(c)
        if c.end > c.start:
            raw_marks.append(Mark(c.start, c.end, kind, tip))
        else:
            raw_marks.append(Mark(c.start, c.start + 1, kind, tip))
        if c.after:
            pos = layout.raw_to_doc(c.start)
            if pos is None:
                continue
            slot = layout.slot_at(pos)
            end = min(pos + len(c.after), slot.end if slot else doc_len)
            if end > pos:
                doc_marks.append(Mark(pos, end, kind, tip))
        else:
            # removed text: mark the characters either side of where it was
            pos = layout.raw_to_doc(c.start, nearest=True)
            if pos is None:
                continue
            slot = layout.nearest_slot(pos)
            if slot is None or not (slot.start <= pos <= slot.end):
                continue
            a = max(pos - 1, slot.start)
            b = min(pos + 1, slot.end)
            if b > a:
                doc_marks.append(Mark(a, b, kind, tip))
    for s in issue.suggestions:
        if s.status is not Status.PENDING:
            continue
        seams = seam_points(s)
        if s.page != page and not any(p == page for p, _ in seams):
            continue
        tip = describe_suggestion(s)
        if seams:
            # joining text (merge, stitch): mark either side of each seam
            for p, offset in seams:
                if p != page:
                    continue
                raw_marks.append(Mark(offset, offset + 1, "pending", tip, s.id))
                rng = _around(layout, offset)
                if rng is not None:
                    doc_marks.append(Mark(*rng, "pending", tip, s.id))
            continue
        raw_marks.append(Mark(s.start, max(s.end, s.start + 1), "pending", tip, s.id))
        pos = layout.raw_to_doc(s.start)
        if pos is not None:
            slot = layout.slot_at(pos)
            end = pos + max(len(s.before), 1)
            doc_marks.append(Mark(pos, min(end, slot.end) if slot else end, "pending", tip, s.id))
    return raw_marks, doc_marks


def seam_points(s: Suggestion) -> list[tuple[int, int]]:
    """Raw (page, offset) points where a joining suggestion would join text."""
    points = s.extra.get("seam") if isinstance(s.extra, dict) else None
    out: list[tuple[int, int]] = []
    for point in points or ():
        try:
            out.append((int(point[0]), int(point[1])))
        except (TypeError, ValueError, IndexError):
            continue
    return out


def _around(layout: PageLayout, offset: int) -> tuple[int, int] | None:
    """The corrected characters either side of raw ``offset``, inside one block."""
    pos = layout.raw_to_doc(offset, nearest=True)
    if pos is None:
        return None
    slot = layout.nearest_slot(pos)
    if slot is None or not slot.start <= pos <= slot.end:
        return None
    a, b = max(pos - 1, slot.start), min(pos + 1, slot.end)
    return (a, b) if b > a else None


def suggestion_position(layout: PageLayout, s: Suggestion) -> tuple[int, int] | None:
    """Where a suggestion stands in the corrected page text (the text it would
    replace if pending, what replaced it if accepted)."""
    seams = [offset for page, offset in seam_points(s) if page == layout.page_number]
    if seams and s.status is not Status.ACCEPTED:
        return _around(layout, seams[0])
    pos = layout.raw_to_doc(s.start, nearest=True)
    if pos is None:
        return None
    length = len(s.after) if s.status is Status.ACCEPTED else len(s.before)
    slot = layout.slot_at(pos)
    end = pos + length
    return pos, min(end, slot.end) if slot is not None and slot.end >= pos else end
