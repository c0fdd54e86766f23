"""What a rule is.

Every rule has a stable code (``JD1xx`` text, ``JD2xx`` layout, ``JD3xx``
suggestions), a short name, a one-line summary, a kind and an order.  Its
class docstring is its documentation, in the template *What it does / Why /
Example / Fix safety*, which the editor's rules dialog shows as it is.

Whether a rule is on by default, and its options, live in
``resources/rules.toml``; an editor's own TOML file overrides them.

Two shapes of rule:

* :class:`TextRule` looks at the text of one block and returns :class:`Fix`
  objects in that text's coordinates.  A fix without a score is certain and is
  applied; a fix with a score in [0, 1] is a suggestion for the editor.
* :class:`PageRule` works on a whole page's blocks (moving furniture out,
  removing jump markers, rejoining blocks) through the :class:`RunContext`
  helpers, which record every change with its raw span.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, ClassVar, Iterable, Protocol

if TYPE_CHECKING:  # pragma: no cover
    from ..engine import RunContext
    from ..model import Block, Issue, Page


class Finder(Protocol):
    """What :meth:`TextRule.trigger` gives: a compiled pattern, or anything
    that searches like one."""

    def search(self, text: str, pos: int = 0, /): ...  # pragma: no cover - protocol


@dataclass(frozen=True, slots=True)
class Fix:
    """A proposed replacement of ``text[start:end]``.

    ``score`` None means certain (applied by the rule); a number means a
    suggestion with that confidence, applied only once accepted.
    """

    start: int
    end: int
    replacement: str
    note: str
    score: float | None = None
    evidence: str = ""


class Rule:
    id: ClassVar[str] = ""
    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    kind: ClassVar[str] = "auto"  # "auto" applies its changes; "suggest" only proposes
    order: ClassVar[int] = 0  # position in the pipeline; lower runs first
    #: option defaults, for the options :meth:`option` reads
    defaults: ClassVar[dict] = {}

    def __init__(self, options: dict | None = None) -> None:
        self.options = dict(options or {})

    def option(self, key: str):
        """An option from the rule's settings, else its default; numbers come
        back as floats, text as it is."""
        value = self.options.get(key, self.defaults[key])
        return value if isinstance(value, str) else float(value)

    @classmethod
    def doc(cls) -> str:
        import inspect

        return inspect.cleandoc(cls.__doc__ or cls.summary)

    def __repr__(self) -> str:
        return f"<{self.id} {self.name}>"


#: fixes found for a text, by (rule class, options), then by text: see
#: TextRule.remembered; at most _FOUND_MAX texts in all
_FOUND: dict[tuple, dict[str, tuple[Fix, ...]]] = {}
_FOUND_MAX = 8192
_found_count = 0


def _found_table(rule: "TextRule") -> dict[str, tuple[Fix, ...]] | None:
    """The fixes kept for ``rule``'s class and options, by text; None when an
    option cannot be part of a key."""
    key = (rule.__class__, tuple(rule.options.items()))
    try:
        return _FOUND.setdefault(key, {})
    except TypeError:
        return None


class TextRule(Rule):
    """A rule over the text of one block at a time."""

    #: roles the rule looks at; None means every role that has text
    roles: ClassVar[frozenset | None] = None

    def fixes(self, text: str, block: "Block") -> Iterable[Fix]:  # pragma: no cover - abstract
        raise NotImplementedError

    def remembered(self, text: str, find: Callable[[str], Iterable[Fix]]) -> tuple[Fix, ...]:
        """``find(text)``: the fixes a rule finds in ``text`` alone (they must
        depend on nothing but the text, the rule's options and its resource
        files), kept for the next block with the same text (a byline, a
        credit, a boilerplate line) under the same options.  Fixes are values,
        so blocks share them."""
        # a rule asks for every block its trigger finds (a hundred a page):
        # its table is looked up once, on the first call (rules are made
        # afresh with their options for every run), and then only the text
        try:
            table = self._fixes_by_text
        except AttributeError:
            table = self._fixes_by_text = _found_table(self)
        if table is None:  # an option that is a list: nothing kept
            return tuple(find(text))
        try:
            return table[text]
        except KeyError:
            pass
        global _found_count
        found = tuple(find(text))
        if _found_count >= _FOUND_MAX:
            for kept in _FOUND.values():
                kept.clear()
            _found_count = 0
        table[text] = found
        _found_count += 1
        return found

    def wants(self, text: str) -> bool:
        """A quick look at a whole page's text (its blocks joined by newlines):
        False promises that no block of it has anything for this rule, and the
        engine skips the page.  The default looks at every block.  Not asked
        when the rule has a :meth:`trigger`."""
        return True

    def trigger(self) -> Finder | None:
        """A compiled pattern (or an object with a pattern's ``search(text,
        pos)``) that finds something in the text of every block this rule has
        a fix for; None (the default): :meth:`wants` decides, page by page.

        The engine searches a whole page's text with it (the blocks joined by
        newlines) and asks :meth:`fixes` only about the blocks where it finds
        something, so what it finds in a block alone it must find there too:
        no anchors (``^ $ \\A \\Z \\b \\B``), and no negative lookaround
        unless it stops at a newline (as the page has one before and after
        each block).  A match may run on past the block (that block is then
        merely asked too)."""
        return None


class PageRule(Rule):
    """A rule over the blocks of one page."""

    #: the rule reads block roles, so they must be up to date when it runs
    needs_roles: ClassVar[bool] = True
    #: the rule re-classifies the page itself after changing it
    leaves_roles_fresh: ClassVar[bool] = False

    def apply(self, page: "Page", ctx: "RunContext") -> None:  # pragma: no cover - abstract
        raise NotImplementedError


class IssueRule(Rule):
    """A rule over a whole issue (several pages at once)."""

    def apply(self, issue: "Issue", ctx: "RunContext") -> None:  # pragma: no cover - abstract
        raise NotImplementedError
