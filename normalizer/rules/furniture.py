"""JD201: page furniture (date line, masthead, page labels, folios, editor credits)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex
from regex import _regex, _regex_core

from .. import cache
from ..model import Furniture, Page
from ..resources import load_toml, resource_path
from .base import Fix, PageRule
from .jump_markers import chinese_int, merge_cuts, text_between_markers

DEFAULT_PATTERNS = "furniture.toml"

#: how sure a zone is; a line of two different kinds of element is one step surer
_ZONES = ("top", "bottom", "edge", "anywhere")
_RANK = {"top": 0, "bottom": 0, "edge": 1, "anywhere": 2}
_TIMEOUT = 0.01  # seconds; a furniture line is short, a slow match is not one
#: raise when what the cache keeps of a furniture file changes
_CACHE_VERSION = 1


@dataclass(frozen=True, slots=True)
class FurnitureLine:
    """A line made only of furniture elements."""

    elements: tuple[tuple[str, str], ...]  # (kind, text) in line order
    zone: str  # where the line counts as furniture

    @property
    def kind(self) -> str:
        kinds: list[str] = []
        for kind, _ in self.elements:
            if kind not in kinds:
                kinds.append(kind)
        return "+".join(kinds)

    def allowed(self, at_top: bool, at_bottom: bool) -> bool:
        if self.zone == "anywhere":
            return True
        if self.zone == "edge":
            return at_top or at_bottom
        return at_top if self.zone == "top" else at_bottom


class FurniturePatterns:
    """The element patterns of a furniture file, compiled into one line pattern."""

    def __init__(self, data: dict) -> None:
        line = data.get("line", {})
        self.max_chars = int(line.get("max_chars", 60))
        not_in = line.get("not_in_furniture", "")
        self.not_in = regex.compile(f"[{regex.escape(not_in)}]") if not_in else None
        sep = line.get("separator", r"\s*")
        self.zones: dict[str, str] = {}
        alternatives = []
        for kind, spec in data["element"].items():
            zone = spec.get("alone", "anywhere")
            if zone not in _ZONES:
                raise ValueError(f"furniture element {kind}: alone must be one of {', '.join(_ZONES)}")
            self.zones[kind] = zone
            alternatives.append(f"(?P<{kind}>{_element_pattern(spec)})")
        self.line = regex.compile(rf"(?:{sep}(?:{'|'.join(alternatives)}))+{sep}")

    def _state(self) -> tuple:
        """What the patterns are made of, as the cache keeps it."""
        return self.max_chars, self.not_in, self.zones, self.line

    @classmethod
    def _from_state(cls, state: tuple) -> FurniturePatterns:
        out = cls.__new__(cls)
        out.max_chars, out.not_in, out.zones, out.line = state
        return out

    def match(self, line: str) -> FurnitureLine | None:
        """The furniture elements a whole line is made of, or None."""
        if not line or len(line) > self.max_chars:
            return None
        if self.not_in is not None and self.not_in.search(line):
            return None
        try:
            m = self.line.fullmatch(line, timeout=_TIMEOUT)
        except TimeoutError:
            return None
        if m is None:
            return None
        elements = sorted(
            (start, kind, text)
            for kind in self.zones
            for start, text in zip(m.starts(kind), m.captures(kind))
        )
        kinds = {kind for _, kind, _ in elements}
        rank = max(_RANK[self.zones[k]] for k in kinds) + (len(kinds) > 1)
        if rank >= 2:
            zone = "anywhere"
        elif rank == 1:
            zone = "edge"
        else:  # one kind of element, counting at one edge only
            zone = self.zones[next(iter(kinds))]
        return FurnitureLine(tuple((kind, text) for _, kind, text in elements), zone)


def _element_pattern(spec: dict) -> str:
    if "words" in spec:
        return "|".join(regex.escape(w) for w in sorted(spec["words"], key=len, reverse=True))
    pattern = spec["pattern"]
    for key, value in spec.items():
        if key in ("pattern", "alone", "words"):
            continue
        if isinstance(value, list):
            value = "|".join(regex.escape(w) for w in sorted(value, key=len, reverse=True))
        # `roles` fills {role}, `joined_roles` fills {joined_role}, `name` fills {name}
        placeholder = "{" + (key[:-1] if key.endswith("s") else key) + "}"
        pattern = pattern.replace(placeholder, value)
    return pattern


@lru_cache(maxsize=8)
def patterns(name: str = DEFAULT_PATTERNS) -> FurniturePatterns:
    """The compiled patterns of a furniture file, kept compiled in the
    per-user cache (:mod:`normalizer.cache`) between processes."""
    sources = [resource_path(name), __file__, _regex.__file__, _regex_core.__file__]
    state = cache.load_or_build(
        f"furniture-{name}",
        sources,
        lambda: FurniturePatterns(load_toml(name))._state(),
        (_CACHE_VERSION, regex.__version__),
        patterns=True,
    )
    return FurniturePatterns._from_state(state)


def _digits(text: str) -> int | None:
    text = unicodedata.normalize("NFKC", text)
    if text.isdigit():
        return int(text)
    return chinese_int(text)


_NUMBER = regex.compile(r"[0-9０-９]+")
_DATE_PARTS = regex.compile(r"(\S+?)\s*[年\-./]\s*(\S+?)\s*[月\-./]\s*(\S+?)\s*日?$")


def parse_date(text: str) -> str | None:
    """``2025年11月18日`` / ``二〇二五年十一月十八日`` / ``2025-11-18`` → ``2025-11-18``."""
    m = _DATE_PARTS.match(text.strip())
    if m is None:
        return None
    year, month, day = (_digits(part) for part in m.groups())
    if year is None or month is None or day is None:
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1800 <= year <= 2200):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


@dataclass(frozen=True, slots=True)
class _Line:
    start: int  # the line in block-text coordinates, without its newline
    end: int
    text_start: int  # the furniture part of the line (its visible text)
    text_end: int
    found: FurnitureLine | None
    marker: bool = False  # nothing but jump markers: left for JD202, passed over
    cut: tuple[int, int] | None = None  # furniture beside a jump marker: what goes

    def counts(self, at_top: bool, at_bottom: bool) -> bool:
        """True if the line keeps a run of furniture going."""
        return self.marker or (self.found is not None and self.found.allowed(at_top, at_bottom))

    def hit(self, at_top: bool, at_bottom: bool) -> bool:
        """True if the line is furniture here."""
        return self.found is not None and self.found.allowed(at_top, at_bottom)


class PageFurniture(PageRule):
    """Move page furniture out of the text into the page's metadata.

    What it does: finds lines made only of page furniture: the date line
    (``2025年11月18日 星期二``), the lunar date and issue number
    (``乙巳年九月廿九 第22331期 今日八版``), the publisher and CN/代号 lines
    (``中华全国总工会主管主办 工人日报社出版``, ``国内统一连续出版物号 CN 11-0002
    代号 1-5``), the site line (``中工网 http://www.workercn.cn``), page labels
    (``第3版``, ``第3版 要闻``), running heads (``工人日报 2025年11月18日``),
    folios (``—3—``, a lone page number) and editor credits (``责任编辑：…``,
    ``本版编辑 …``, ``美术编辑``, ``校对``).  A block made only of such lines is
    removed; from a block with other lines too, only the furniture lines are.
    Each line is kept as a :class:`~normalizer.model.Furniture` on the page,
    with its raw span and the kinds of its elements (``date+weekday``).  The
    issue's date (``YYYY-MM-DD``) and number (``22331`` from ``第22331期``) are
    taken from the first furniture line that has them.

    Where: the strongest sign of furniture is its place at the top or bottom of
    a page.  A line whose elements are unmistakable (an issue number, a CN
    code, an editor credit, ``第3版``, a date with its weekday: any two
    different kinds of element) is furniture anywhere on the page, since
    extractors put headers and footers wherever the layout put them.  A line
    that could be something else alone (a bare date, a lone number, a section
    name such as ``要闻``, a URL) is furniture only in the run of furniture at
    the top or bottom of the page: every block between it and the edge must be
    furniture too (or a jump marker, which JD202 removes next).  A line that
    holds furniture and a jump marker at its edge (``第3版 (下转第3版)``) loses
    the furniture and keeps the marker for JD202.
    Each element says where it counts alone in ``resources/furniture.toml``.

    Why: furniture is page metadata.  Left in the text it becomes the first
    "paragraph" of the first article and gets joined to headlines.

    Example: a page starting ``2025年11月18日 星期二`` / ``乙巳年九月廿九 第22331期
    今日八版`` loses both lines; the issue gets date ``2025-11-18`` and number
    ``22331``.

    Kept: a paragraph that mentions a date or a URL (the whole line must be
    furniture), a bare date lower down the page (an article's dateline or a
    signature), a byline (``本报记者 刘建林 李彦斌``), a column label, a jump
    marker (``(下转第3版)`` is left to JD202), ``编辑手记``.

    Fix safety: automatic.  The removed lines stay in the raw view and in the
    page's furniture list.
    """

    id = "JD201"
    name = "page-furniture"
    summary = "Move page furniture (date line, masthead, page labels, folios) out of the text"
    order = 20
    needs_roles = False

    def apply(self, page: Page, ctx) -> None:
        pats = patterns(self.options.get("patterns", DEFAULT_PATTERNS))
        blocks = list(page.blocks)
        if not blocks:
            return
        lines = [_lines(pats, b.text.text) for b in blocks]
        n = len(blocks)

        # the run of furniture blocks at the top and at the bottom of the page;
        # jump markers (left for JD202, which runs next) do not break the run
        top = 0
        while top < n and all(l.counts(True, False) for l in lines[top]):
            top += 1
        bottom = n
        while bottom > top and all(l.counts(False, True) for l in lines[bottom - 1]):
            bottom -= 1

        found: list[tuple[int, list[int]]] = []  # block index, furniture line numbers
        for i in range(n):
            ls = lines[i]
            # no line of it is furniture anywhere (most blocks): a plain loop,
            # not all() over a generator, as it runs for every block of every page
            for line in ls:
                if line.found is not None:
                    break
            else:
                continue
            edge = i < top or i >= bottom
            hits = {k for k, l in enumerate(ls) if l.hit(edge and i < top, edge and i >= bottom)}
            if i == top:  # the first block below the top run: its leading lines are at the top
                k = 0
                while k < len(ls) and ls[k].counts(True, False):
                    hits.update([k] if ls[k].hit(True, False) else [])
                    k += 1
            if i == bottom - 1 and not edge:  # the last one above the bottom run: its trailing lines
                k = len(ls)
                while k > 0 and ls[k - 1].counts(False, True):
                    hits.update([k - 1] if ls[k - 1].hit(False, True) else [])
                    k -= 1
            if hits:
                found.append((i, sorted(hits)))
        if not found:
            return

        for i, hits in found:
            block = blocks[i]
            ls = lines[i]
            text = block.text
            new: list[Furniture] = []
            for k in hits:
                line = ls[k]
                spans = text.spans(line.text_start, line.text_end)
                first, last = spans[0], spans[-1]
                end = last.end if last.page == first.page else first.end
                printed = text.text[line.text_start : line.text_end]
                new.append(Furniture(first.page, first.start, end, printed, line.found.kind))
                self._metadata(line.found, ctx)
            page.furniture.extend(new)
            kinds = ", ".join(f.kind for f in new)
            if len(hits) == len(ls) and not any(ls[k].cut for k in hits):
                ctx.remove_block(self, page, block, f"page furniture: {kinds}")
            else:
                cuts = merge_cuts(text.text, _cuts(ls, hits, len(text.text)))
                ctx.edit_block(self, block, [Fix(a, b, "", f"page furniture: {kinds}") for a, b in cuts])
        page.furniture.sort(key=lambda f: (f.page, f.start))

    @staticmethod
    def _metadata(line: FurnitureLine, ctx) -> None:
        issue = ctx.issue
        for kind, text in line.elements:
            if kind == "date" and issue.date is None:
                issue.date = parse_date(text)
            elif kind == "issue_number" and issue.number is None:
                digits = _NUMBER.search(text)
                if digits:
                    issue.number = unicodedata.normalize("NFKC", digits.group())


@lru_cache(maxsize=4096)
def _lines(pats: FurniturePatterns, text: str) -> tuple[_Line, ...]:
    """The lines of a block's text, each with the furniture it is made of.  A
    pure function of the text: the same block text (a running head, an editor
    credit on every page) is read once."""
    if len(text) > pats.max_chars and "\n" not in text and text_between_markers(text.strip()) is None:
        return (_Line(0, len(text), 0, len(text), None),)  # one long line of running text
    out: list[_Line] = []
    pos = 0
    for raw_line in text.split("\n"):
        start, end = pos, pos + len(raw_line)
        pos = end + 1
        stripped = raw_line.strip()
        a = start + len(raw_line) - len(raw_line.lstrip())
        found = pats.match(stripped)
        if found is not None:
            out.append(_Line(start, end, a, a + len(stripped), found))
            continue
        # jump markers at the edges of the line: what is between them may be furniture
        between = text_between_markers(stripped) if stripped else None
        if between is None:
            out.append(_Line(start, end, a, a + len(stripped), None))
        elif between == (0, 0):
            out.append(_Line(start, end, a, a + len(stripped), None, marker=True))
        else:
            inner = stripped[between[0] : between[1]]
            b = a + between[0] + len(inner) - len(inner.lstrip())
            found = pats.match(inner.strip())
            cut = (a + between[0], a + between[1])
            out.append(_Line(start, end, b, b + len(inner.strip()), found, cut=cut if found else None))
    return tuple(out)


def _cuts(lines: tuple[_Line, ...], hits: list[int], length: int) -> list[tuple[int, int]]:
    """Ranges that remove the given lines of a block, each with one newline; a
    line that also holds a jump marker loses only its furniture."""
    cuts: list[tuple[int, int]] = []
    whole = [k for k in hits if lines[k].cut is None]
    cuts.extend(lines[k].cut for k in hits if lines[k].cut is not None)
    k = 0
    while k < len(whole):
        j = k
        while j + 1 < len(whole) and whole[j + 1] == whole[j] + 1:
            j += 1
        first, last = whole[k], whole[j]
        if last + 1 < len(lines):
            cuts.append((lines[first].start, lines[last + 1].start))
        else:  # the run ends the block: take the newline before it
            cuts.append((lines[first - 1].end, length))
        k = j + 1
    return sorted(cuts)
