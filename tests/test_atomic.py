"""Atomic writes: a failure at any point leaves the old file and no temporary file."""

from __future__ import annotations

import io
import os
import stat

import pytest

from normalizer import atomic
from normalizer.api import issue_from_text
from normalizer.engine import normalise_issue
from normalizer.export import export_issue

OLD = "旧的内容\n" * 100
NEW = "新的内容，比旧的长一些。\n" * 1000


@pytest.fixture
def target(tmp_path):
    path = tmp_path / "issue.txt"
    path.write_text(OLD, encoding="utf-8")
    return path


def only(path):
    """The folder holds nothing but ``path``: no temporary file was left behind."""
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


class Disk(io.RawIOBase):
    """A file object that fails after writing part of the data, as a full disk does."""

    def __init__(self, real, fail_after: int, error: BaseException) -> None:
        self.real = real
        self.left = fail_after
        self.error = error

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if len(data) > self.left:
            self.real.write(bytes(data[: self.left]))
            self.real.flush()
            self.left = 0
            raise self.error
        self.left -= len(data)
        return self.real.write(data)

    def fileno(self) -> int:
        return self.real.fileno()

    def flush(self) -> None:
        self.real.flush()

    def close(self) -> None:
        super().close()
        self.real.close()


def test_new_file(tmp_path):
    path = tmp_path / "new.txt"
    assert atomic.write_text(path, NEW) == path
    assert path.read_text(encoding="utf-8") == NEW
    only(path)


def test_replaces_old_file(target):
    atomic.write_text(target, NEW)
    assert target.read_text(encoding="utf-8") == NEW
    only(target)


def test_bytes_are_written_as_given(tmp_path):
    path = tmp_path / "b.txt"
    atomic.write_text(path, "一\n二\r\n三")
    assert path.read_bytes() == "一\n二\r\n三".encode("utf-8")
    atomic.write_text(path, "四", encoding="gb18030")
    assert path.read_bytes() == "四".encode("gb18030")


@pytest.mark.parametrize(
    "error",
    [OSError(28, "No space left on device"), KeyboardInterrupt()],
    ids=["disk-full", "interrupted"],
)
def test_failure_mid_write_keeps_old_file(target, monkeypatch, error):
    real_fdopen = os.fdopen

    def failing_fdopen(fd, mode="r", *args, **kwargs):
        assert "b" in mode
        return Disk(real_fdopen(fd, mode, *args, **kwargs), fail_after=100, error=error)

    monkeypatch.setattr(os, "fdopen", failing_fdopen)
    with pytest.raises(type(error)):
        atomic.write_text(target, NEW)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == OLD
    only(target)


@pytest.mark.parametrize("step", ["fsync", "replace"])
def test_failure_before_rename_keeps_old_file(target, monkeypatch, step):
    def fail(*args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, step, fail)
    with pytest.raises(OSError, match="Input/output error"):
        atomic.write_text(target, NEW)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == OLD
    only(target)


def test_failure_on_a_new_file_leaves_nothing(tmp_path, monkeypatch):
    path = tmp_path / "new.txt"
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError(5, "boom")))
    with pytest.raises(OSError):
        atomic.write_text(path, NEW)
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_encoding_error_writes_nothing(target):
    with pytest.raises(UnicodeEncodeError):
        atomic.write_text(target, "中文", encoding="ascii")
    assert target.read_text(encoding="utf-8") == OLD
    only(target)


def test_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError):
        atomic.write_text(tmp_path / "no" / "such.txt", NEW)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_permissions(tmp_path, target):
    target.chmod(0o640)
    atomic.write_text(target, NEW)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    umask = os.umask(0o022)
    os.umask(umask)
    fresh = tmp_path / "fresh.txt"
    atomic.write_text(fresh, NEW)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_symlink_is_replaced_not_followed(tmp_path, target):
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    atomic.write_text(link, NEW)
    assert not link.is_symlink()
    assert link.read_text(encoding="utf-8") == NEW
    assert target.read_text(encoding="utf-8") == OLD


def test_temporary_name_clash_is_retried(target, monkeypatch):
    names = iter(["dead", "dead", "beef"])
    monkeypatch.setattr(atomic.secrets, "token_hex", lambda n: next(names))
    (target.parent / f".{target.name}.dead.tmp").write_text("someone else's", encoding="utf-8")
    atomic.write_text(target, NEW)
    assert target.read_text(encoding="utf-8") == NEW
    assert (target.parent / f".{target.name}.dead.tmp").read_text(encoding="utf-8") == "someone else's"
    assert not (target.parent / f".{target.name}.beef.tmp").exists()


def test_exporters_write_atomically(tmp_path, monkeypatch):
    """A failed export leaves the previous export of the issue as it was."""
    issue = normalise_issue(issue_from_text("标题\n\n　　正文第一段。\n", name="issue"))
    out = tmp_path / "out"
    before = {p.name: p.read_bytes() for p in export_issue(issue, out, ["json", "txt", "md"])}
    issue.pages[0].raw = "changed"
    normalise_issue(issue)

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OSError, match="No space"):
        export_issue(issue, out, ["json", "txt", "md"])
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


# --- several files at once ------------------------------------------------------------


@pytest.fixture
def three(tmp_path):
    paths = [tmp_path / f"issue.{ext}" for ext in ("json", "txt", "md")]
    for path in paths:
        path.write_text(OLD + path.suffix, encoding="utf-8")
    return paths


def folder_holds(folder, names):
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)


def test_write_many_syncs_every_file_before_any_rename(three, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append("dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real_fsync(fd)

    def replace(src, dst):
        events.append("rename")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    written = atomic.write_many((p, (NEW + p.suffix).encode("utf-8")) for p in three)
    monkeypatch.undo()
    assert written == three
    assert [p.read_text(encoding="utf-8") for p in three] == [NEW + p.suffix for p in three]
    # each file synced, then the renames, then one sync of their folder
    assert events == ["file"] * 3 + ["rename"] * 3 + ["dir"] * (os.name == "posix")
    folder_holds(three[0].parent, [p.name for p in three])


@pytest.mark.parametrize("step", ["write", "fsync"])
def test_write_many_failure_before_the_renames_changes_nothing(three, monkeypatch, step):
    """A failure while writing or syncing any of the files leaves every old file."""
    if step == "write":
        real_fdopen, opened = os.fdopen, []

        def fdopen(fd, mode="r", *args, **kwargs):
            opened.append(fd)
            real = real_fdopen(fd, mode, *args, **kwargs)
            return Disk(real, 100, OSError(28, "No space left on device")) if len(opened) == 3 else real

        monkeypatch.setattr(os, "fdopen", fdopen)
    else:
        real_fsync, calls = os.fsync, []

        def fsync(fd):
            calls.append(fd)
            if len(calls) == 2:
                raise OSError(5, "Input/output error")
            real_fsync(fd)

        monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(OSError):
        atomic.write_many((p, NEW.encode("utf-8")) for p in three)
    monkeypatch.undo()
    assert [p.read_text(encoding="utf-8") for p in three] == [OLD + p.suffix for p in three]
    folder_holds(three[0].parent, [p.name for p in three])


def test_write_many_failed_rename_keeps_the_files_before_it(three, monkeypatch):
    real_replace, calls = os.replace, []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OSError):
        atomic.write_many((p, NEW.encode("utf-8")) for p in three)
    monkeypatch.undo()
    assert [p.read_text(encoding="utf-8") for p in three] == [NEW, OLD + ".txt", OLD + ".md"]
    folder_holds(three[0].parent, [p.name for p in three])


def test_write_many_of_nothing(tmp_path):
    assert atomic.write_many([]) == []
    assert list(tmp_path.iterdir()) == []
