"""JD102: full-width Latin letters and digits to half-width."""

from __future__ import annotations

import re
from typing import Iterable

import regex

from .base import Fix, TextRule

_FULLWIDTH_ALNUM = regex.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
_TRIGGER = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")  # the standard library's engine scans faster


class FullwidthAlnum(TextRule):
    """Turn full-width Latin letters and digits into ordinary ones.

    What it does: ``２０２３年`` becomes ``2023年``, ``ＡＰＰ`` becomes ``APP``.

    Why: GB/T 15834 and house style write Latin letters and Arabic digits in
    half-width; full-width ones come from input methods and OCR and defeat
    searching for numbers and codes.

    Fix safety: automatic.
    """

    id = "JD102"
    name = "fullwidth-alnum"
    summary = "Full-width Latin letters and digits to half-width"
    order = 110

    def trigger(self):
        return _TRIGGER

    def fixes(self, text: str, block=None) -> Iterable[Fix]:
        for m in _FULLWIDTH_ALNUM.finditer(text):
            half = "".join(chr(ord(c) - 0xFEE0) for c in m.group())
            yield Fix(m.start(), m.end(), half, "full-width letters or digits")
