"""Write files so that a reader sees the old file or the new one, never half of one.

The data goes to a temporary file in the target's own folder (so that the final
rename stays on one file system), is flushed and synced to disk, and then
replaces the target with :func:`os.replace`, which is atomic on POSIX and on
Windows.  If anything fails before the rename, the temporary file is removed
and a previous file at the target is left exactly as it was.

:func:`write_many` writes several files this way and syncs each folder once,
after the last rename into it, rather than once per file: every file is still
replaced atomically and synced before its rename, and all the renames are
durable when it returns.

A target that is a symbolic link is replaced by a regular file; the file the
link pointed to is not touched.  The new file keeps the permission bits of the
file it replaces, or gets the usual ones (``0o666`` less the umask) when there
was none.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

__all__ = ["write_bytes", "write_many", "write_text"]

_TEMP_SUFFIX = ".tmp"
_OPEN_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def _create_temp(folder: Path, name: str) -> tuple[int, Path]:
    """Open a new, uniquely named file next to the target (mode 0o666 less umask)."""
    for _ in range(100):
        temp = folder / f".{name}.{secrets.token_hex(4)}{_TEMP_SUFFIX}"
        try:
            return os.open(temp, _OPEN_FLAGS, 0o666), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(folder / f".{name}.*{_TEMP_SUFFIX}"))


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Atomically replace ``path`` with ``data``; return the path written.

    The folder must exist.  On any error the exception propagates, no temporary
    file is left behind and an existing file at ``path`` is unchanged.
    """
    target = _replace(Path(path), data)
    _sync_folder(target.parent)
    return target


def _replace(target: Path, data: bytes) -> Path:
    """Write ``data`` to a synced temporary file and rename it over ``target``
    (the folder itself is not synced)."""
    folder = target.parent
    fd, temp = _create_temp(folder, target.name)
    try:
        with os.fdopen(fd, "wb") as fh:
            try:
                previous = os.stat(target)
            except FileNotFoundError:
                pass
            else:
                if stat.S_ISREG(previous.st_mode) and hasattr(os, "fchmod"):
                    os.fchmod(fh.fileno(), stat.S_IMODE(previous.st_mode))
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    return target


def write_many(items: Iterable[tuple[str | os.PathLike[str], bytes]]) -> list[Path]:
    """Atomically replace each path with its data, in order; return the paths.

    Each file is replaced as by :func:`write_bytes`; each folder is synced
    once, after the last file written into it (also when a later file fails).
    """
    written: list[Path] = []
    try:
        for path, data in items:
            written.append(_replace(Path(path), data))
    finally:
        for folder in dict.fromkeys(p.parent for p in written):
            _sync_folder(folder)
    return written


def write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> Path:
    """Atomically replace ``path`` with ``text``.

    Line endings are written as they are in ``text`` (no translation to the
    platform's), so the same issue gives the same bytes everywhere.
    """
    return write_bytes(path, text.encode(encoding))
