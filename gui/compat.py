"""Work-arounds for bugs of the Qt bindings the editor may run on.

PySide6 6.12.0 on Python 3.11 returns ``None`` from every Qt method that
returns nothing without taking a reference to it, so each such call drops one
reference to ``None``.  An editor makes thousands of those calls a second
(every cursor move, every mark drawn), and Python aborts with "deallocating
None" after a few minutes.  From Python 3.12 on ``None`` is immortal and the
bug is harmless; PySide6 6.11 does not have it.  :func:`protect_none` checks
whether the bindings in use drop references this way and, only then, gives
``None`` a reference count so large that it can never reach zero — what
Python 3.12 does for every interpreter.
"""

from __future__ import annotations

import ctypes
import sys

#: references given to None when the bug is found (the calls of centuries)
_BALLAST = 1 << 48
_checked = False


def drops_none_references() -> bool:
    """Whether a Qt method returning nothing drops a reference to None."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(64):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before - 32


def protect_none() -> bool:
    """Make None safe from the bindings' lost references; True when it was needed."""
    global _checked
    if _checked or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if hasattr(sys, "gettotalrefcount"):  # a debug build lays objects out otherwise
        return False
    _checked = True
    if not drops_none_references():
        return False
    # ob_refcnt is the first field of every CPython object, at its id()
    ctypes.c_ssize_t.from_address(id(None)).value += _BALLAST
    return True
