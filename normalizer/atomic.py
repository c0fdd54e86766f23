"""Write files so that a reader sees the old file or the new one, never half of one.

The data goes to a temporary file in the target's own folder (so that the final
rename stays on one file system), is flushed and synced to disk, and then
replaces the target with :func:`os.replace`, which is atomic on POSIX and on
Windows.  If anything fails before the rename, the temporary file is removed
and a previous file at the target is left exactly as it was.

:func:`write_many` writes several files this way, as one export: it writes
and syncs every temporary file before it renames any of them, so a failure
while writing leaves every target as it was.  The syncs of the files run side
by side, which lets a journalling file system commit them together.  Each
folder is synced once, after the last rename into it, rather than once per
file.  That is enough: the data of every file is on disk before its rename
(so a name never points at unwritten data, whatever happens), and the folder
sync only makes the renames themselves durable; one sync of the folder covers
every rename made in it before the sync.  When :func:`write_many` returns,
all the new files and their names are durable.

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
import threading
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
    return write_many([(path, data)])[0]


class _Staged:
    """A temporary file written beside its target, still open, not yet synced."""

    __slots__ = ("file", "target", "temp")

    def __init__(self, target: Path, temp: Path, file) -> None:
        self.target, self.temp, self.file = target, temp, file


def _stage(target: Path, data: bytes) -> _Staged:
    """Write ``data`` to a new temporary file beside ``target`` (with the
    permission bits of the file it will replace); the file is left open."""
    fd, temp = _create_temp(target.parent, target.name)
    try:
        fh = os.fdopen(fd, "wb")
    except BaseException:
        os.close(fd)
        _unlink(temp)
        raise
    staged = _Staged(target, temp, fh)
    try:
        try:
            previous = os.stat(target)
        except FileNotFoundError:
            pass
        else:
            if stat.S_ISREG(previous.st_mode) and hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), stat.S_IMODE(previous.st_mode))
        fh.write(data)
        fh.flush()
    except BaseException:
        _discard([staged])
        raise
    return staged


def _sync_files(staged: list[_Staged]) -> None:
    """``fsync`` every staged file, all at once.

    The calls run side by side (one in this thread, the others in short-lived
    threads; ``fsync`` does not hold the interpreter lock), so a journalling
    file system such as ext4 commits them together instead of one journal
    commit per file.  Returns when every call has returned; raises the first
    error any of them met."""
    if len(staged) <= 1:
        for s in staged:
            os.fsync(s.file.fileno())
        return
    errors: list[BaseException] = []

    def sync(fileno: int) -> None:
        try:
            os.fsync(fileno)
        except BaseException as exc:  # noqa: BLE001 - raised again by the calling thread
            errors.append(exc)

    threads = [threading.Thread(target=sync, args=(s.file.fileno(),), daemon=True) for s in staged[1:]]
    for thread in threads:
        thread.start()
    try:
        os.fsync(staged[0].file.fileno())
    finally:
        for thread in threads:  # the files stay open until every call is done
            thread.join()
    if errors:
        raise errors[0]


def _unlink(temp: Path) -> None:
    try:
        os.unlink(temp)
    except OSError:
        pass


def _discard(staged: list[_Staged]) -> None:
    """Close and remove temporary files that were not renamed."""
    for s in staged:
        try:
            s.file.close()
        except OSError:
            pass
        _unlink(s.temp)


def write_many(items: Iterable[tuple[str | os.PathLike[str], bytes]]) -> list[Path]:
    """Atomically replace each path with its data; return the paths, in order.

    Every file is first written to its temporary file and synced (the syncs
    run together, see :func:`_sync_files`); only then are the temporary files
    renamed over their targets, in order, and each folder synced once.  If
    anything fails before the renames, every temporary file is removed and no
    target is touched; if a rename fails, the files renamed before it stay
    replaced (and their folders are still synced).  All the files are open
    at once: this is meant for the few files of one export.
    """
    staged: list[_Staged] = []
    written: list[Path] = []
    try:
        try:
            for path, data in items:
                staged.append(_stage(Path(path), data))
            _sync_files(staged)
            for s in staged:
                s.file.close()
        except BaseException:
            _discard(staged)
            raise
        for k, s in enumerate(staged):
            try:
                os.replace(s.temp, s.target)
            except BaseException:
                _discard(staged[k:])
                raise
            written.append(s.target)
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
