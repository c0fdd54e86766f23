"""JD202: jump markers (下转第3版 / 上接第1版) out of the text, kept as links."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..model import Block, JumpMarker, Page, Role
from ..resources import load_toml
from ..structure import text_role
from .base import Fix, PageRule

DEFAULT_PATTERNS = "jump_markers.toml"

#: roles a standalone marker may attach to: the text of an article, not its
#: headline group, byline, captions or credits
BODY_ROLES = frozenset({Role.PARAGRAPH, Role.LEAD_BOX, Role.SIGN_OFF})
#: what a block left holding text after its markers were cut may be, by
#: that text alone, to keep a marker glued to it: body text, and for a
#: continued-on marker also the heading-shaped last line of the text above
#: it.  Anything else (a headline, a byline, a caption or photo credit) starts
#: no continued part and ends none, so the marker goes where a standalone
#: one would.
GLUED_ROLES = {"from": BODY_ROLES, "to": BODY_ROLES | {Role.HEADING}}
#: roles of a line read as a heading that may be the first piece of a cut
#: paragraph right below a continued-from line
HEADING_SHAPED = frozenset({Role.HEADING, Role.HEADLINE, Role.KICKER, Role.SUBTITLE, Role.SUBHEAD})
_CLAUSE = regex.compile(r"[，,、；;：:]")
_SENTENCE_END = frozenset("。！？!?…”」』）)")

_CN_DIGIT_ROWS = ("〇○零", "一", "二两", "三", "四", "五", "六", "七", "八", "九")
_CN_DIGITS = {c: value for value, row in enumerate(_CN_DIGIT_ROWS) for c in row}
_CN_UNITS = {"十": 10, "百": 100}
_DIGITS = regex.compile(r"[0-9]+")
_SPACES = regex.compile(r"\s+")
_PAGE_WORDS = regex.compile(r"^第|[版页面]$")
_TAIL = 48  # no marker is longer than this, spaces inside and all


def chinese_int(text: str) -> int | None:
    """The value of a Chinese numeral: 三 → 3, 十二 → 12, 二十三 → 23,
    一百零五 → 105, 二〇二五 → 2025 (digit by digit).  None if it is not one."""
    if not text:
        return None
    if all(c in _CN_DIGITS for c in text):
        value = 0
        for c in text:
            value = value * 10 + _CN_DIGITS[c]
        return value
    total = 0
    current = 0
    for c in text:
        if c in _CN_DIGITS:
            current = _CN_DIGITS[c]
        elif c in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[c]
            current = 0
        else:
            return None
    return total + current


def page_number(label: str) -> int | None:
    """The page number in a printed label: ``3``, ``A3`` → 3, ``三`` → 3."""
    digits = _DIGITS.search(label)
    if digits:
        return int(digits.group())
    return chinese_int(label)


@dataclass(frozen=True, slots=True)
class _Grammar:
    words: re.Pattern  # every marker holds one of these words (cheaper to look for than `quick`)
    quick: regex.Pattern  # a marker word and a page: text without one is skipped
    standalone: regex.Pattern  # one marker (brackets optional) inside a line
    at_start: regex.Pattern  # a marker glued to the start of a line
    at_end: regex.Pattern  # a marker glued to the end of a line
    to_words: frozenset[str]


def _alternation(words: list[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=8)
def grammar(name: str = DEFAULT_PATTERNS) -> _Grammar:
    data = load_toml(name)
    opn, cls = data["open"], data["close"]
    words = _alternation([*data["to_words"], *data["from_words"]])
    core = (
        rf"(?P<word>{words})\s*"
        rf"(?:(?P<page>{data['page']})|(?P<relative>{data['relative_page']}))"
    )
    glue_after = data.get("glue_after", "")
    unbracketed_end = (
        rf"|(?<=[{regex.escape(glue_after)}]){core}(?:\s*{cls})?" if glue_after else ""
    )
    all_words = [*data["to_words"], *data["from_words"]]
    # the words no other word is part of (下转 holds 转), as literal text
    bare = [w for w in all_words if not any(v != w and v in w for v in all_words)]
    return _Grammar(
        words=re.compile("|".join(re.escape(w) for w in bare)),
        quick=regex.compile(core),
        standalone=regex.compile(rf"(?:{opn}\s*)?{core}(?:\s*{cls})?"),
        at_start=regex.compile(rf"(?:{opn}\s*)?{core}\s*{cls}(?P<space>\s*)"),
        at_end=regex.compile(rf"(?P<space>\s*)(?:{opn}\s*{core}(?:\s*{cls})?{unbracketed_end})\s*$"),
        to_words=frozenset(data["to_words"]),
    )


def _has_word(g: _Grammar, text: str) -> bool:
    """False when ``text`` holds no marker word, so no marker."""
    return g.words.search(text) is not None


@dataclass(slots=True)
class _Found:
    """A marker found in a block text: where it is and what it says."""

    start: int
    end: int
    direction: str
    label: str
    marker: JumpMarker | None = None


class JumpMarkers(PageRule):
    """Take jump markers out of the text and keep them as links between pages.

    What it does: finds ``(下转第3版)`` and ``(上接第1版)`` markers (and their
    variants: 转第/接第/紧接第/续第/转/接, 转下版/接上版, Chinese numerals as in
    第三版 and 第十二版, lettered pages as in 第A3版 and 第 A3 版, full- and
    half-width brackets and 【】, spaces inside) where they stand on their own
    line, at the end of a paragraph or at its start, removes them from the text
    and records each as a :class:`~normalizer.model.JumpMarker` on the page,
    with its raw span, its direction (``"to"``: the article goes on on the
    target page; ``"from"``: it is continued from there), the target page
    number and the label as printed (spaces dropped, letters and digits made
    ASCII and letters upper case).  A lettered page keeps its letter in the label
    (``target_label="A3"``) and its number in ``target`` (3); 转下版/接上版
    have no target.

    Each marker is also attached to one block, which later rules rely on: a
    ``"to"`` marker to the block it was glued to, or, standing alone, to the
    nearest body paragraph before it (the last paragraph of that part of the
    article); a ``"from"`` marker to the block it was glued to, or, standing
    alone, to the nearest body paragraph after it (the first paragraph of the
    continued part).  Headlines, bylines, captions and credits in between are
    passed over, except that the block right below a standalone ``"from"``
    marker takes it when it was read as a heading but reads as running text
    (a clause mark inside, no sentence end): the first piece of a paragraph
    cut at a column edge, which the continued part begins with.  A marker glued to a block stays on it only when what is
    left of the block is body text by its own text (or, for a ``"to"``
    marker, a heading-shaped last line): a headline, a byline, a caption or
    a photo credit neither starts nor ends a part of an article, so a marker
    glued to one (a marker line printed on top of a credit) goes on to the
    body paragraph a standalone marker would reach.  A block
    with a ``"to"`` marker is never joined to the block after it, nor one
    with a ``"from"`` marker to the block before it.

    Why: a marker is a link, not text.  Left in, it breaks the paragraph it
    sits in and hides where an article goes on.

    Example: ``…“工情通”应用。(下转第3版)`` becomes ``…“工情通”应用。`` with a
    ``to`` marker for page 3 on that paragraph; a line ``（上接第1版）`` above a
    paragraph disappears and the paragraph gets a ``from`` marker for page 1.

    Kept: page numbers in running text (``本报第3版刊登了…``, ``详见第3版``),
    转第 inside a word (``运转第一``), a bracketed marker in the middle of a
    line, serial notes such as ``(接上期)``.  An unbracketed marker glued to a
    paragraph is taken only at its end, right after a sentence-final mark.

    Fix safety: automatic.  The patterns are in ``resources/jump_markers.toml``.
    """

    id = "JD202"
    name = "jump-markers"
    summary = "Move jump markers (下转第3版, 上接第1版) out of the text into page links"
    order = 30
    # roles are read only where a marker is found (which neighbour takes it):
    # most pages have none, and are not classified for this rule
    needs_roles = False

    def apply(self, page: Page, ctx) -> None:
        name = self.options.get("patterns", DEFAULT_PATTERNS)
        g = grammar(name)
        blocks = list(page.blocks)
        marked: list[tuple[int, Block, list[_Found], list[tuple[int, int]]]] = []
        # every block of every page is looked at: the two searches of
        # _has_word and `quick` are bound once per page, not looked up per block
        has_word, quick = g.words.search, g.quick.search
        for i, block in enumerate(blocks):
            text = block.text.text
            if has_word(text) is None or not quick(text):
                continue
            found_at, cut_at = _found_in(name, text)
            if found_at:
                marked.append((i, block, [_Found(*f) for f in found_at], list(cut_at)))
        if not marked:
            return
        # the roles of the page as it stands, before any marker is cut out
        ctx.fresh_roles(page)
        removed: set[int] = set()
        kept_role: dict[int, Role] = {}  # block index -> role of the text left
        attach: list[tuple[int, JumpMarker, bool, bool]] = []  # block index, marker, text before, after
        for i, block, found, cuts in marked:
            text = block.text.text
            for f in found:
                spans = block.text.spans(f.start, f.end)
                first, last = spans[0], spans[-1]
                f.marker = JumpMarker(
                    page=first.page,
                    start=first.start,
                    end=last.end if last.page == first.page else first.end,
                    text=text[f.start : f.end],
                    direction=f.direction,
                    target=page_number(f.label) if f.label else None,
                    target_label=f.label,
                )
            kept = _kept(text, cuts)
            if not "".join(t for _, t in kept).strip():
                ctx.remove_block(self, page, block, "jump marker " + " ".join(f.marker.text for f in found))
                removed.add(i)
                attach.extend((i, f.marker, False, False) for f in found)
                continue
            for f in found:
                before = any(t.strip() for a, t in kept if a < f.start)
                after = any(t.strip() for a, t in kept if a >= f.end)
                attach.append((i, f.marker, before, after))
            notes = " ".join(f.marker.text for f in found)
            cuts = merge_cuts(text, cuts)
            ctx.edit_block(self, block, [Fix(a, b, "", f"jump marker {notes}") for a, b in cuts])
            kept_role[i] = text_role(block.text.text, block.indent)
        for i, marker, before, after in attach:
            page.markers.append(marker)
            if marker.direction == "to":
                glued = before and kept_role[i] in GLUED_ROLES["to"]
                owner = blocks[i] if glued else _neighbour(blocks, removed, i, -1)
            else:
                glued = after and kept_role[i] in GLUED_ROLES["from"]
                owner = blocks[i] if glued else _neighbour(blocks, removed, i, +1)
            if owner is not None:
                owner.markers.append(marker)
        page.markers.sort(key=lambda m: (m.page, m.start))


@lru_cache(maxsize=4096)
def _found_in(name: str, text: str) -> tuple[tuple[tuple[int, int, str, str], ...], tuple[tuple[int, int], ...]]:
    """:func:`_find` of ``text`` with the grammar of ``name``, as plain tuples
    (start, end, direction, label of each marker; the cuts), cached: the same
    few marker lines (``(上接第1版)``) stand on page after page."""
    found, cuts = _find(grammar(name), text)
    return tuple((f.start, f.end, f.direction, f.label) for f in found), tuple(cuts)


def _find(g: _Grammar, text: str) -> tuple[list[_Found], list[tuple[int, int]]]:
    """Markers in a block's text and the ranges to cut (marker and the space
    or newline that held it), both in text coordinates."""
    found: list[_Found] = []
    cuts: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        line_end = pos + len(line)
        pos = line_end + 1
        stripped = line.strip()
        if not stripped or not g.quick.search(stripped):
            continue
        lead = line_start + len(line) - len(line.lstrip())
        whole, first, last = _edges(g, stripped)
        if whole is not None:
            found.extend(_make(g, m, lead + m.start(), lead + m.end()) for m in whole)
            # the line goes, with one newline beside it
            if line_end < len(text):
                cuts.append((line_start, line_end + 1))
            elif line_start > 0:
                cuts.append((line_start - 1, line_end))
            else:
                cuts.append((line_start, line_end))
            continue
        for m in first:
            found.append(_make(g, m, lead + m.start(), lead + m.end() - len(m.group("space"))))
            cuts.append((lead + m.start(), lead + m.end()))
        for m in reversed(last):
            found.append(_make(g, m, lead + m.start() + len(m.group("space")), lead + m.end()))
            cuts.append((lead + m.start(), lead + m.end()))
    return found, cuts


def _edges(g: _Grammar, stripped: str):
    """The markers of a stripped line: (the markers making up the whole line, or
    None; the markers glued to its start; the markers glued to its end, last first)."""
    whole = _standalone(g, stripped)
    if whole is not None:
        return whole, [], []
    first: list[regex.Match] = []
    body_start = 0
    while (m := g.at_start.match(stripped, body_start)) is not None and m.end() < len(stripped):
        first.append(m)
        body_start = m.end()
    last: list[regex.Match] = []
    body_end = len(stripped)
    while (m := g.at_end.search(stripped, body_start, body_end)) is not None:
        if m.start() + len(m.group("space")) <= body_start:
            break
        last.append(m)
        body_end = m.start()
    return None, first, last


def text_between_markers(line: str, name: str = DEFAULT_PATTERNS) -> tuple[int, int] | None:
    """Where the text of a stripped ``line`` lies between the jump markers at its
    edges: ``(start, end)``, with the space next to the markers left out of it;
    ``(0, 0)`` when the line is nothing but markers; None when it has none."""
    g = grammar(name)
    if not _has_word(g, line):
        return None
    # a marker at the end of the line begins within its last few characters
    if g.at_start.match(line) is None and g.quick.search(line, max(0, len(line) - _TAIL)) is None:
        return None
    whole, first, last = _edges(g, line)
    if whole is not None:
        return 0, 0
    if not first and not last:
        return None
    start = first[-1].end() if first else 0
    end = last[-1].start() if last else len(line)
    return start, end


def merge_cuts(text: str, cuts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping cuts; a cut at the start or end of the text also
    takes the whitespace it would leave there."""
    ordered = sorted(cuts)
    while True:  # merge, widen the cuts at the edges, until nothing changes
        out: list[tuple[int, int]] = []
        for a, b in ordered:
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], b))
            else:
                out.append((a, b))
        if out and out[0][0] == 0:
            out[0] = (0, len(text) - len(text[out[0][1] :].lstrip()))
        if out and out[-1][1] == len(text):
            out[-1] = (len(text[: out[-1][0]].rstrip()), len(text))
        if out == ordered:
            return out
        ordered = out


def _standalone(g: _Grammar, stripped: str) -> list[regex.Match] | None:
    """The markers making up a whole line, or None if the line holds other text."""
    found = []
    pos = 0
    for m in g.standalone.finditer(stripped):
        if stripped[pos : m.start()].strip():
            return None
        found.append(m)
        pos = m.end()
    if not found or stripped[pos:].strip():
        return None
    return found


def _make(g: _Grammar, m: regex.Match, start: int, end: int) -> _Found:
    direction = "to" if m.group("word") in g.to_words else "from"
    label = _label(m.group("page")) if m.group("page") else ""
    return _Found(start, end, direction, label)


def _label(page: str) -> str:
    """``第 A3 版`` → ``A3``; ``第三版`` → ``三``; full-width letters and digits to ASCII."""
    core = _PAGE_WORDS.sub("", _SPACES.sub("", page))
    return unicodedata.normalize("NFKC", core).upper()


def _kept(text: str, cuts: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """The pieces of ``text`` left after the cuts, with their start offsets."""
    out: list[tuple[int, str]] = []
    pos = 0
    for a, b in sorted(cuts):
        if a > pos:
            out.append((pos, text[pos:a]))
        pos = max(pos, b)
    if pos < len(text):
        out.append((pos, text[pos:]))
    return out


def _neighbour(blocks: list[Block], removed: set[int], index: int, step: int) -> Block | None:
    """The nearest body block before (step -1) or after (step +1) ``index``;
    after a continued-from line, the block right below it also when it was
    read as a heading but is running text (the first piece of a paragraph
    cut at a column edge: a clause mark inside, no sentence end)."""
    k = index + step
    while 0 <= k < len(blocks):
        if k not in removed:
            if blocks[k].role in BODY_ROLES:
                return blocks[k]
            if step > 0 and k == _next_kept(removed, index) and _running_text(blocks[k]):
                return blocks[k]
        k += step
    return None


def _next_kept(removed: set[int], index: int) -> int:
    k = index + 1
    while k in removed:
        k += 1
    return k


def _running_text(block: Block) -> bool:
    """True for a block read as a heading whose text reads as the start of a
    paragraph: a clause mark inside and no sentence end."""
    if block.role not in HEADING_SHAPED:
        return False
    text = block.text.text.strip()
    return bool(_CLAUSE.search(text)) and text[-1:] not in _SENTENCE_END
