"""JD120: traditional and variant characters to simplified (OpenCC)."""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from operator import ne
from typing import Callable, Iterable, Iterator

import opencc
from opencc import OpenCC

from .. import cache
from ..config import ConfigError
from ..resources import load_lines
from .base import Fix, TextRule

PROFILES = ("t2s", "tw2s", "hk2s")
AMBIGUOUS_FILE = "opencc_ambiguous.txt"
PROTECTED_FILE = "opencc_protected.txt"

DEFAULT_SCORE_TRADITIONAL = 0.8
DEFAULT_SCORE_SIMPLIFIED = 0.5
#: traditional-only characters that make a block clearly traditional
_CLEARLY_TRADITIONAL = 3
_CONTEXT = 6  # characters of context either side in a suggestion's evidence

# Code points OpenCC's dictionaries start from: CJK radicals, symbols and
# unified ideographs, compatibility ideographs and forms, the extensions.
_CJK_RANGES = ((0x2E80, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0x20000, 0x323AF))
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
#: raise when what the cache keeps for a profile changes
_CACHE_VERSION = 1


def _has_astral(text: str) -> bool:
    """Whether ``text`` holds a character beyond the BMP (UTF-16 writes those
    as two units): one encoding pass, several times faster than a regex scan."""
    return len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)


def make_converter(profile: str) -> OpenCC:
    """An OpenCC converter for ``profile`` that never writes characters only the
    newest Unicode extensions have (fonts show them as empty boxes)."""
    try:
        return OpenCC(profile, include_tofu_risk_dictionaries=False)
    except TypeError:  # OpenCC before 1.2 has no such dictionaries
        return OpenCC(profile)


def _opencc_files() -> list[str]:
    """The files of the installed OpenCC (its code and dictionaries): what the
    characters a profile converts depend on."""
    root = os.path.dirname(opencc.__file__)
    out = [getattr(opencc.opencc_clib, "__file__", "")]
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        out.extend(os.path.join(folder, f) for f in sorted(files))
    return out


def cached_changeable_characters(profile: str) -> dict[str, str]:
    """:func:`changeable_characters` of ``make_converter(profile)``, kept in
    the per-user cache (:mod:`normalizer.cache`) between processes."""
    sources = [*_opencc_files(), __file__]
    version = (_CACHE_VERSION, profile, getattr(opencc, "__version__", ""))
    return cache.load_or_build(
        f"opencc-{profile}", sources, lambda: changeable_characters(make_converter(profile)), version
    )


def changeable_characters(converter: OpenCC) -> dict[str, str]:
    """Every character the converter changes on its own, with its result."""
    chars = [chr(c) for lo, hi in _CJK_RANGES for c in range(lo, hi + 1)]
    out = converter.convert("\n".join(chars)).split("\n")
    if len(out) != len(chars):  # pragma: no cover - a dictionary maps a line break
        out = [converter.convert(c) for c in chars]
    return {c: o for c, o in zip(chars, out) if c != o}


class _CharSet:
    """A large set of characters, searched for with one regex.

    A class of BMP characters compiles to a bitmap and scans fast; astral
    characters would turn it into a list tried one by one, so they are looked
    up apart, and only in text that has astral characters at all.
    """

    __slots__ = ("chars", "_bmp", "_astral")

    def __init__(self, chars: Iterable[str]) -> None:
        self.chars = frozenset(chars)
        bmp = sorted(c for c in self.chars if ord(c) < 0x10000)
        self._bmp = re.compile("[" + re.escape("".join(bmp)) + "]") if bmp else None
        self._astral = frozenset(c for c in self.chars if ord(c) >= 0x10000)

    def search(self, text: str) -> bool:
        if self._bmp is not None and self._bmp.search(text):
            return True
        return bool(self._astral) and _has_astral(text) and not self._astral.isdisjoint(text)

    def find(self, text: str, pos: int = 0) -> re.Match | None:
        """The first of the characters at or after ``pos``, as a match (what
        :meth:`TextRule.trigger` asks for)."""
        m = self._bmp.search(text, pos) if self._bmp is not None else None
        if self._astral and _has_astral(text):
            for a in _ASTRAL.finditer(text, pos, m.start() if m is not None else len(text)):
                if a.group() in self._astral:
                    return a
        return m

    def positions(self, text: str) -> Iterator[int]:
        """Where the characters occur (BMP ones first, then astral ones)."""
        if self._bmp is not None:
            for m in self._bmp.finditer(text):
                yield m.start()
        if self._astral and _has_astral(text):
            for m in _ASTRAL.finditer(text):
                if m.group() in self._astral:
                    yield m.start()


@dataclass(frozen=True, slots=True)
class _Profile:
    name: str
    converter: OpenCC
    changeable: _CharSet  # characters the profile converts on their own
    certain: _CharSet  # of those, the ones not also written in simplified text

    @property
    def finder(self) -> _Finder:
        """Searches for the changeable characters like a pattern."""
        return _Finder(self.changeable.find)


@lru_cache(maxsize=None)
def _profile(name: str) -> _Profile:
    converter = make_converter(name)
    changeable = frozenset(cached_changeable_characters(name))
    return _Profile(name, converter, _CharSet(changeable), _CharSet(changeable - _ambiguous()))


@dataclass(frozen=True, slots=True)
class _Finder:
    """A :class:`_CharSet` seen as a pattern: ``search(text, pos)``."""

    search: Callable[..., re.Match | None]


@lru_cache(maxsize=1)
def _ambiguous() -> frozenset[str]:
    return frozenset(c for line in load_lines(AMBIGUOUS_FILE) for c in line if not c.isspace())


@lru_cache(maxsize=1)
def _protected() -> tuple[_CharSet, dict[str, list[str]]]:
    """The first characters of the protected phrases, and the phrases by first
    character, longest first."""
    by_first: dict[str, list[str]] = {}
    for phrase in sorted(set(load_lines(PROTECTED_FILE)), key=lambda p: (-len(p), p)):
        if len(phrase) > 1:
            by_first.setdefault(phrase[0], []).append(phrase)
    return _CharSet(by_first), by_first


def _protected_mask(text: str) -> bytearray | None:
    """1 for every character inside a protected phrase (every occurrence,
    overlapping ones too); None when there is none."""
    firsts, by_first = _protected()
    mask = None
    for i in firsts.positions(text):
        for phrase in by_first[text[i]]:
            if text.startswith(phrase, i):
                if mask is None:
                    mask = bytearray(len(text))
                mask[i : i + len(phrase)] = b"\x01" * len(phrase)
                break
    return mask


def _gaps(mask: bytearray) -> list[tuple[int, int]]:
    """The unprotected stretches of the text."""
    out: list[tuple[int, int]] = []
    start = 0
    n = len(mask)
    while start < n:
        at = mask.find(1, start)
        if at < 0:
            at = n
        if at > start:
            out.append((start, at))
        if at == n:
            break
        start = mask.find(0, at)
        if start < 0:
            break
    return out


def _diff_positions(a: str, b: str) -> Iterator[int]:
    """Positions where two strings of the same length differ."""
    return compress(range(len(a)), map(ne, a, b))


class TraditionalCharacters(TextRule):
    """Convert traditional and variant characters to mainland simplified ones.

    What it does: runs OpenCC (profile ``t2s`` by default; ``tw2s`` and ``hk2s``
    also read Taiwan and Hong Kong variant forms) over a block that contains a
    character the profile converts, and replaces each run of changed
    characters.  Characters that are only traditional (``這``, ``們``, ``國``,
    compatibility ideographs) are converted at once.  A character that is also
    written in simplified text (``乾``, ``於``, ``徵``, listed in
    ``resources/opencc_ambiguous.txt``, or one OpenCC changes only inside a
    phrase, like ``沈`` in ``深沈``) is proposed as a suggestion: scored
    higher when the block has traditional-only characters, lower when the rest
    of the block is simplified.

    Why: text from Hong Kong, Taiwan or old typesetting, quotations and OCR
    slips mix traditional characters into simplified pages; plain OpenCC
    would also "convert" simplified text that happens to hold ``乾``
    (``乾安县`` to ``干安县``).

    Example: ``這些國家的經濟`` becomes ``这些国家的经济``; in ``他們的頭髮``
    ``們`` and ``頭`` are converted and ``髮 → 发`` is suggested.

    Kept: text with no character the profile converts (simplified text is
    left as it is: ``后来``, ``头发``, ``干部``, ``里面``); phrases listed in
    ``resources/opencc_protected.txt`` (``乾安县``, ``乾隆``, ``毕昇``);
    phrases OpenCC keeps (``乾坤``); characters whose simplified form exists
    only in the newest Unicode extensions (fonts show them as boxes).  A block
    without any character OpenCC converts on its own is not searched for
    phrase-level changes.

    Options: ``profile`` (``t2s``, ``tw2s``, ``hk2s``);
    ``score_traditional_block`` and ``score_simplified_block``, the scores of
    suggestions in a clearly traditional block and in an otherwise simplified
    one.  Turn the rule off with ``enabled = false``.

    Fix safety: automatic for traditional-only characters; suggestions for
    ambiguous ones.
    """

    id = "JD120"
    name = "traditional-characters"
    summary = "Traditional and variant characters to simplified (OpenCC)"
    order = 150

    def __init__(self, options: dict | None = None) -> None:
        super().__init__(options)
        profile = self.options.get("profile", "t2s")
        if profile not in PROFILES:
            raise ConfigError(
                f"JD120: profile must be one of {', '.join(PROFILES)}, not {profile!r}"
            )
        self.profile = profile
        high = self.options.get("score_traditional_block", DEFAULT_SCORE_TRADITIONAL)
        low = self.options.get("score_simplified_block", DEFAULT_SCORE_SIMPLIFIED)
        for key, value in (("score_traditional_block", high), ("score_simplified_block", low)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
                raise ConfigError(f"JD120: {key} must be a number from 0 to 1, not {value!r}")
        self.score_high = float(high)
        self.score_low = float(low)

    # ------------------------------------------------------------------
    def trigger(self):
        return _profile(self.profile).finder

    def fixes(self, text: str, block=None) -> list[Fix]:
        prof = _profile(self.profile)
        if not prof.changeable.search(text):
            return []  # the usual case: simplified text
        mask = _protected_mask(text)
        if mask is None:
            gaps = [(0, len(text))]
        elif all(mask[i] for i in prof.changeable.positions(text)):
            return []
        else:
            gaps = _gaps(mask)

        certain = prof.certain.chars
        runs: list[list] = []  # [start, end, certain?, replacement], in text order
        for start, end in gaps:
            seg = text[start:end]
            out = prof.converter.convert(seg)
            if out == seg:
                continue
            if len(out) != len(seg):
                matcher = difflib.SequenceMatcher(None, seg, out, autojunk=False)
                for op, i1, i2, j1, j2 in matcher.get_opcodes():
                    if op != "equal":
                        sure = i1 < i2 and all(c in certain for c in seg[i1:i2])
                        runs.append([start + i1, start + i2, sure, out[j1:j2]])
                continue
            if prof.certain.search(out):
                out = self._settle(seg, out, prof)
            first = len(runs)
            for i in _diff_positions(seg, out):
                sure = seg[i] in certain
                at = start + i
                last = runs[-1] if len(runs) > first else None
                if last is not None and last[1] == at and last[2] is sure:
                    last[1] = at + 1
                else:
                    runs.append([at, at + 1, sure, None])
            for run in runs[first:]:
                run[3] = out[run[0] - start : run[1] - start]

        traditional = sum(run[1] - run[0] for run in runs if run[2])
        score = self._score(traditional)
        note = f"traditional or variant character to simplified (OpenCC {self.profile})"
        fixes: list[Fix] = []
        for start, end, sure, repl in runs:
            if sure:
                fixes.append(Fix(start, end, repl, note))
            else:
                evidence = self._evidence(text, start, end, traditional, prof)
                fixes.append(Fix(start, end, repl, "character also used in simplified text", score, evidence))
        return fixes

    # ------------------------------------------------------------------
    @staticmethod
    def _settle(seg: str, out: str, prof: _Profile) -> str:
        """Bring the certain changes to a fixed point.  Now and then OpenCC's
        phrase tables keep a traditional-only character (or give one), which a
        second run, without the phrase around it, would convert; convert the
        result again until none is left, so a second run changes nothing."""
        certain = prof.certain.chars
        target = list(out)
        for _ in range(3):
            # what the block becomes: certain changes applied, ambiguous ones not
            result = "".join(t if s in certain else s for s, t in zip(seg, target))
            if not prof.certain.search(result):
                break
            again = prof.converter.convert(result)
            if len(again) != len(result):  # pragma: no cover - no such tables today
                break
            moved = False
            for i in prof.certain.positions(result):
                if again[i] != result[i]:
                    target[i] = again[i]
                    moved = True
            if not moved:
                break
        return "".join(target)

    def _score(self, traditional: int) -> float:
        share = min(1.0, traditional / _CLEARLY_TRADITIONAL)
        return round(self.score_low + (self.score_high - self.score_low) * share, 2)

    @staticmethod
    def _evidence(text: str, start: int, end: int, traditional: int, prof: _Profile) -> str:
        before = text[start:end]
        why = f"{before} is also written in simplified text"
        if not all(c in prof.changeable.chars for c in before):
            why += "; OpenCC changes it only inside a phrase"
        context = text[max(0, start - _CONTEXT) : end + _CONTEXT].replace("\n", " ")
        if traditional:
            plural = "s" if traditional > 1 else ""
            where = f"the block has {traditional} traditional-only character{plural}"
        else:
            where = "the rest of the block is simplified"
        return f"{why}; {where}; in “{context}”"
