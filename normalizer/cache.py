"""A per-user cache of tables derived from data files.

Some tables take a noticeable time to build on every start: the word
frequencies and part-of-speech tags read from jieba's dictionary, the
characters an OpenCC profile converts.  :func:`load_or_build` keeps the
result of such a build in a file of the cache folder and reads it back in
later processes, as long as nothing it was built from has changed.

Each entry is keyed by

* the path, size and modification time of every file it was built from (the
  dictionary, the word lists in ``resources/``, the module that builds it, so
  an edited word list, a new jieba or a new Jiaodui all invalidate it);
* :data:`FORMAT` and the entry's own format number, raised when the layout
  of the stored data changes;
* the Python implementation (the data are stored with :mod:`marshal`, whose
  format belongs to the interpreter).

Compiled patterns of the :mod:`regex` module can be kept too
(``patterns=True``): they are stored with :mod:`pickle`, which for a pattern
records its compiled code, and read back by an unpickler that accepts no
other object than such a pattern, so reading an entry can never run code.

The cache never decides a result: a missing, unreadable, corrupt or stale
entry is rebuilt from the sources, and a folder that cannot be written to
only means the next process builds the tables again.  Entries are written
atomically (:mod:`normalizer.atomic`), with a checksum of the data that is
checked before they are read.

The folder is ``$JIAODUI_CACHE_DIR`` when set; otherwise the platform's
per-user cache folder: ``$XDG_CACHE_HOME/jiaodui`` or ``~/.cache/jiaodui``
on Linux, ``~/Library/Caches/jiaodui`` on macOS,
``%LOCALAPPDATA%\\jiaodui\\Cache`` on Windows.  Deleting it is always safe.
"""

from __future__ import annotations

import io
import marshal
import os
import pickle
import re
import struct
import sys
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["ENV", "FORMAT", "cache_dir", "entry_path", "fingerprint", "load_or_build"]

#: environment variable naming the cache folder
ENV = "JIAODUI_CACHE_DIR"
#: layout of a cache file; raise it when the file layout changes
FORMAT = 1

_MAGIC = b"JIAODUI-CACHE\n"
_HEADER = struct.Struct("<II")  # length of the key, CRC-32 of the key and the data
_SUFFIX = ".cache"
_UNSAFE = re.compile(r"[^\w.-]|^\.", re.ASCII)

T = TypeVar("T")


def cache_dir() -> Path | None:
    """The folder cache entries are kept in (None when there is no home to
    put one in)."""
    override = os.environ.get(ENV)
    if override:
        return Path(override)
    try:
        if sys.platform == "win32":
            base = os.environ.get("LOCALAPPDATA")
            return (Path(base) if base else Path.home() / "AppData" / "Local") / "jiaodui" / "Cache"
        if sys.platform == "darwin":
            return Path.home() / "Library" / "Caches" / "jiaodui"
        xdg = os.environ.get("XDG_CACHE_HOME")
        if xdg and os.path.isabs(xdg):
            return Path(xdg) / "jiaodui"
        return Path.home() / ".cache" / "jiaodui"
    except (RuntimeError, KeyError):  # no home folder can be found
        return None


def entry_path(name: str) -> Path | None:
    """The file of the entry ``name`` (None when there is no cache folder).
    Characters a file name should not have become ``_``: two names that meet
    so share a file, and each finds the other's entry stale."""
    folder = cache_dir()
    return None if folder is None else folder / f"{_UNSAFE.sub('_', name)}{_SUFFIX}"


def fingerprint(sources: Iterable[str | os.PathLike[str] | None]) -> tuple:
    """Path, size and modification time of each source file (a missing file,
    or None, counts as such: it is part of the key too)."""
    out = []
    for source in sources:
        if source is None:
            out.append(None)
            continue
        path = os.fspath(source)
        try:
            st = os.stat(path)
        except OSError:
            out.append((path, None, None))
        else:
            out.append((path, st.st_size, st.st_mtime_ns))
    return tuple(out)


def _key(name: str, sources: Iterable, version: Any, patterns: bool) -> tuple:
    codec = "pickle-patterns" if patterns else "marshal"
    return (FORMAT, sys.implementation.cache_tag, marshal.version, codec, name, version, fingerprint(sources))


class _PatternUnpickler(pickle.Unpickler):
    """Reads plain data and compiled :mod:`regex` patterns, nothing else."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("regex._regex", "compile"):
            from regex import _regex

            return _regex.compile
        raise pickle.UnpicklingError(f"{module}.{name} is not kept in the cache")


def _dumps(data: Any, patterns: bool) -> bytes:
    return pickle.dumps(data, protocol=5) if patterns else marshal.dumps(data)


def _loads(blob: memoryview, patterns: bool) -> Any:
    return _PatternUnpickler(io.BytesIO(blob)).load() if patterns else marshal.loads(blob)


def _read(path: Path, key: tuple, patterns: bool) -> tuple[bool, Any]:
    """(True, data) when ``path`` holds an intact entry for ``key``."""
    try:
        with open(path, "rb") as fh:
            blob = fh.read()
    except OSError:
        return False, None
    try:
        start = len(_MAGIC)
        if not blob.startswith(_MAGIC) or len(blob) < start + _HEADER.size:
            return False, None
        key_len, crc = _HEADER.unpack_from(blob, start)
        start += _HEADER.size
        body = memoryview(blob)[start:]
        if zlib.crc32(body) != crc or marshal.loads(body[:key_len]) != key:
            return False, None
        return True, _loads(body[key_len:], patterns)
    except Exception:  # a damaged file: whatever it holds, build afresh
        return False, None


def _write(path: Path, key: tuple, data: Any, patterns: bool) -> None:
    from .atomic import write_bytes  # only a process that builds a table writes one

    try:
        key_blob = marshal.dumps(key)
        payload = _dumps(data, patterns)
        if patterns:
            _loads(memoryview(payload), patterns)  # holds nothing the reader refuses
        path.parent.mkdir(parents=True, exist_ok=True)
        body = key_blob + payload
        write_bytes(path, _MAGIC + _HEADER.pack(len(key_blob), zlib.crc32(body)) + body)
    except Exception:  # read-only or full disk, no folder, data that cannot be stored: not kept
        pass


def load_or_build(
    name: str,
    sources: Iterable[str | os.PathLike[str] | None],
    build: Callable[[], T],
    version: Any = 0,
    *,
    patterns: bool = False,
) -> T:
    """The cached result of ``build()`` for the entry ``name``, or a fresh
    one (then stored for the next process).

    ``sources`` are the files the result is built from; ``version`` (any
    value :mod:`marshal` can store) is the entry's own format number and any
    other setting the result depends on.  ``build`` must return data
    :mod:`marshal` can store (numbers, strings, bytes, tuples, lists, dicts,
    sets), and with ``patterns`` compiled :mod:`regex` patterns as well; it
    is called when the entry is missing, stale or damaged."""
    key = _key(name, list(sources), version, patterns)
    path = entry_path(name)
    if path is not None:
        ok, data = _read(path, key, patterns)
        if ok:
            return data
    data = build()
    if path is not None:
        _write(path, key, data, patterns)
    return data
