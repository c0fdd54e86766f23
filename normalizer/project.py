"""Project files (``.jiaodui``) and autosaves.

A project is one SQLite file (the standard :mod:`sqlite3` module) holding what
an editor cannot get back from anywhere else: the raw pages as read, the rule
settings, the decisions on suggestions and the hand edits.  The corrected text
is not stored: :func:`load_project` runs the rules again, which gives exactly
the text the session showed when it was saved (rules that a newer Jiaodui
adds come in with their defaults).

Layout (``PRAGMA application_id`` = :data:`APPLICATION_ID`, ``PRAGMA
user_version`` = :data:`SCHEMA_VERSION`)::

    meta(key, value)              format, schema_version, kind ("project" | "autosave"),
                                  name, created, saved, session_id, next_hand_edit_id,
                                  warnings (JSON), pages_hash, content_hash,
                                  project_path, pid, host (autosaves)
    pages(position, number, source, encoding, raw)
    settings(key, value)          JSON values: rules, accept_above, max_bytes
    decisions(id, status)
    hand_edits(id, block_id, page, start, "end", before, after, context_before, status)

Saving (:func:`save_project`) builds the whole database in memory and writes
it with :func:`normalizer.atomic.write_bytes`: a temporary file beside the
target, fsync, :func:`os.replace`.  A failed save leaves the previous file as
it was.

Autosaves (:func:`autosave`) are project files too (``kind = "autosave"``):
``X.jiaodui.autosave`` beside a saved project ``X.jiaodui``; for a session not
yet saved, ``<state>/autosave/<name>-<hash>.jiaodui``, where ``<state>`` is
``$JIAODUI_STATE_DIR`` or the user's state folder (``$XDG_STATE_HOME/jiaodui``
or ``~/.local/state/jiaodui``; ``%LOCALAPPDATA%\\Jiaodui`` on Windows,
``~/Library/Application Support/Jiaodui`` on macOS).  The first autosave of a
session writes the whole file atomically; later ones change only the rows that
changed, in one SQLite transaction (atomic and synced by SQLite itself), which
is cheap enough to run after every change.  Autosaves beside projects are also
listed in ``<state>/autosave/links`` so that :func:`find_recoverable` finds them
after a crash without being told where the project is.

Recovery: :func:`find_recoverable` lists autosaves left behind (those of
another running Jiaodui, and those holding the same content as their saved
project, are left out); :func:`autosave_info` describes one for the "recover?"
question; :func:`load_project` opens it (the session's ``project_path`` is the
project it belongs to, and it is ``modified``); :func:`discard_autosave`
removes one.  Saving does not remove autosaves: the caller does, once the save
succeeded.

Every problem with a file is a :class:`ProjectError` whose message names the
file and says what is wrong (not a project, a newer format, damaged…).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import sqlite3
import sys
import time
import weakref
from dataclasses import dataclass
from pathlib import Path

from . import atomic
from .config import Config
from .model import Issue, Page, Status
from .session import APPLIED, LOST, EditSession, HandEdit

__all__ = [
    "APPLICATION_ID",
    "AUTOSAVE_SUFFIX",
    "PROJECT_SUFFIX",
    "SCHEMA_VERSION",
    "AutosaveInfo",
    "ProjectError",
    "autosave",
    "autosave_info",
    "autosave_path",
    "discard_autosave",
    "find_recoverable",
    "load_project",
    "save_project",
    "state_dir",
]

SCHEMA_VERSION = 1
#: ``PRAGMA application_id`` of every Jiaodui project ("JDui")
APPLICATION_ID = 0x4A447569
FORMAT = "jiaodui-project"
PROJECT_SUFFIX = ".jiaodui"
AUTOSAVE_SUFFIX = ".autosave"
STATE_ENV = "JIAODUI_STATE_DIR"

_SCHEMA = f"""
PRAGMA application_id = {APPLICATION_ID};
PRAGMA user_version = {SCHEMA_VERSION};
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE pages (
    position INTEGER PRIMARY KEY,
    number INTEGER NOT NULL UNIQUE,
    source TEXT NOT NULL,
    encoding TEXT NOT NULL,
    raw TEXT NOT NULL
);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE decisions (id TEXT PRIMARY KEY, status TEXT NOT NULL);
CREATE TABLE hand_edits (
    id INTEGER PRIMARY KEY,
    block_id TEXT NOT NULL,
    page INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL,
    context_before TEXT NOT NULL,
    status TEXT NOT NULL
);
"""
_TABLES = ("meta", "pages", "settings", "decisions", "hand_edits")


class ProjectError(Exception):
    """A project file that cannot be used; ``str()`` is ``path: what is wrong``."""

    def __init__(self, path: str | os.PathLike, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = str(path)
        self.message = message


@dataclass(frozen=True)
class AutosaveInfo:
    """What an autosave holds, for the question whether to recover it."""

    path: Path
    name: str
    project_path: Path | None  # the project it belongs to; None: never saved
    saved: str  # ISO time of the last autosave
    pages: int
    decisions: int
    hand_edits: int


# ---------------------------------------------------------------------------
# what is stored


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


_PAGES_HASH: "weakref.WeakKeyDictionary[EditSession, str]" = weakref.WeakKeyDictionary()


def _pages_hash(session: EditSession) -> str:
    cached = _PAGES_HASH.get(session)
    if cached is None:
        h = hashlib.sha1()
        for p in session.raw_pages:
            h.update(json.dumps([p.number, p.source, p.encoding, p.raw], ensure_ascii=False).encode("utf-8"))
        cached = _PAGES_HASH[session] = h.hexdigest()
    return cached


def _settings_rows(config: Config) -> list[tuple[str, str]]:
    return [
        ("rules", json.dumps(config.rules, ensure_ascii=False, sort_keys=True)),
        ("accept_above", json.dumps(config.accept_above)),
        ("max_bytes", json.dumps(config.max_bytes)),
    ]


def _decision_rows(session: EditSession) -> dict[str, tuple]:
    return {sid: (sid, str(status)) for sid, status in session.decisions.items()}


def _edit_rows(session: EditSession) -> dict[int, tuple]:
    return {
        e.id: (e.id, e.block_id, e.page, e.start, e.end, e.before, e.after, e.context_before, e.status)
        for e in session.hand_edits
    }


def _content_hash(pages_hash: str, settings: list, decisions: dict, edits: dict) -> str:
    """What a project means (not when or by whom it was written)."""
    body = json.dumps(
        [pages_hash, settings, sorted(decisions.values()), [edits[k][:8] for k in sorted(edits)]],
        ensure_ascii=False,
    )
    return hashlib.sha1(body.encode("utf-8")).hexdigest()


def _meta(session: EditSession, kind: str, project_path: Path | None, content_hash: str, created: str) -> dict:
    meta = {
        "format": FORMAT,
        "schema_version": str(SCHEMA_VERSION),
        "kind": kind,
        "name": session.name,
        "created": created,
        "saved": _now(),
        "session_id": session.session_id,
        "next_hand_edit_id": str(session.next_hand_edit_id),
        "warnings": json.dumps(session.issue.warnings, ensure_ascii=False),
        "pages_hash": _pages_hash(session),
        "content_hash": content_hash,
    }
    if kind == "autosave":
        meta["project_path"] = str(project_path.resolve()) if project_path is not None else ""
        meta["pid"] = str(os.getpid())
        meta["host"] = socket.gethostname()
    return meta


def _build(session: EditSession, kind: str, project_path: Path | None = None) -> bytes:
    """The whole project as the bytes of an SQLite file."""
    settings = _settings_rows(session.config)
    decisions = _decision_rows(session)
    edits = _edit_rows(session)
    content = _content_hash(_pages_hash(session), settings, decisions, edits)
    created = session.created or _now()
    conn = sqlite3.connect(":memory:")
    try:
        conn.executescript(_SCHEMA)
        with conn:
            conn.executemany(
                "INSERT INTO meta VALUES (?, ?)", _meta(session, kind, project_path, content, created).items()
            )
            conn.executemany(
                "INSERT INTO pages VALUES (?, ?, ?, ?, ?)",
                [(k, p.number, p.source, p.encoding, p.raw) for k, p in enumerate(session.raw_pages)],
            )
            conn.executemany("INSERT INTO settings VALUES (?, ?)", settings)
            conn.executemany("INSERT INTO decisions VALUES (?, ?)", decisions.values())
            conn.executemany("INSERT INTO hand_edits VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", edits.values())
        return conn.serialize()
    finally:
        conn.close()


# ---------------------------------------------------------------------------
# saving and loading


def save_project(path: str | os.PathLike, session: EditSession) -> None:
    """Save ``session`` as a project at ``path``, atomically.

    On success the session remembers the path (``session.project_path``) and
    is no longer ``modified``.  Raises OSError when the file cannot be written
    (the previous file, if any, is left as it was)."""
    path = Path(path)
    if session.created is None:
        session.created = _now()
    data = _build(session, "project")
    try:
        atomic.write_bytes(path, data)
    except OSError as exc:
        raise OSError(exc.errno, f"{path}: cannot save the project: {exc.strerror or exc}") from exc
    session.project_path = path
    session.saved_revision = session.revision


def _connect(path: Path, write: bool = False) -> sqlite3.Connection:
    """Open an existing file (never creating one); read-only unless ``write``
    or a crash left a journal to roll back."""
    journal = path.with_name(path.name + "-journal")
    mode = "rw" if write or journal.exists() else "ro"
    uri = path.resolve().as_uri() + f"?mode={mode}"
    return sqlite3.connect(uri, uri=True)


def _open_checked(path: Path, write: bool = False) -> tuple[sqlite3.Connection, dict[str, str]]:
    """Open a project file and check what it is: (connection, meta)."""
    if not path.exists():
        raise ProjectError(path, "no such file")
    if not path.is_file():
        raise ProjectError(path, "not a file")
    try:
        conn = _connect(path, write)
    except sqlite3.Error as exc:
        raise ProjectError(path, f"cannot open: {exc}") from None
    try:
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            if "not a database" in str(exc) or "encrypted" in str(exc):
                raise ProjectError(path, "not a Jiaodui project (not an SQLite database)") from None
            raise ProjectError(path, f"cannot be read: {exc}") from None
        if app_id != APPLICATION_ID:
            if app_id == 0 and not _tables(conn):
                raise ProjectError(path, "not a Jiaodui project (an empty file)")
            raise ProjectError(path, "not a Jiaodui project (an SQLite database of another program)")
        if version > SCHEMA_VERSION:
            raise ProjectError(
                path,
                f"made by a newer version of Jiaodui (project format {version}; "
                f"this version reads format {SCHEMA_VERSION} and older): update Jiaodui to open it",
            )
        if version < 1:
            raise ProjectError(path, f"damaged Jiaodui project (project format {version})")
        missing = [t for t in _TABLES if t not in _tables(conn)]
        if missing:
            raise ProjectError(path, f"damaged Jiaodui project (missing tables: {', '.join(missing)})")
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta"))
        except sqlite3.Error as exc:
            raise ProjectError(path, f"damaged Jiaodui project ({exc})") from None
        if meta.get("format") != FORMAT:
            raise ProjectError(path, "not a Jiaodui project (unknown format in meta)")
        return conn, meta
    except BaseException:
        conn.close()
        raise


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def load_project(path: str | os.PathLike) -> EditSession:
    """Open a project (or an autosave) as a session, running the rules again.

    For a project, ``session.project_path`` is ``path`` and the session is not
    ``modified``; for an autosave it is the project the autosave belongs to
    (None for a session never saved) and the session is ``modified``.
    Raises :class:`ProjectError` for a missing, foreign, newer or damaged file."""
    path = Path(path)
    conn, meta = _open_checked(path)
    try:
        try:
            rows = conn.execute("SELECT number, source, encoding, raw FROM pages ORDER BY position")
            pages = [
                Page(number=int(n), source=str(src), encoding=str(enc), raw=str(raw)) for n, src, enc, raw in rows
            ]
            settings = {k: json.loads(v) for k, v in conn.execute("SELECT key, value FROM settings")}
            decisions = {str(k): Status(v) for k, v in conn.execute("SELECT id, status FROM decisions")}
            edits = [
                HandEdit(int(i), str(b), int(pg), int(s), int(e), str(bf), str(af), str(cx), str(st))
                for i, b, pg, s, e, bf, af, cx, st in conn.execute(
                    'SELECT id, block_id, page, start, "end", before, after, context_before, status '
                    "FROM hand_edits ORDER BY id"
                )
            ]
            warnings = json.loads(meta.get("warnings", "[]"))
            next_id = int(meta.get("next_hand_edit_id", "1"))
        except (sqlite3.Error, ValueError, TypeError) as exc:
            raise ProjectError(path, f"damaged Jiaodui project ({exc})") from None
    finally:
        conn.close()
    if not pages:
        raise ProjectError(path, "damaged Jiaodui project (it has no pages)")
    bad = [e.id for e in edits if e.status not in (APPLIED, LOST) or e.start > e.end]
    if bad:
        raise ProjectError(path, f"damaged Jiaodui project (hand edit {bad[0]} is not valid)")
    config = _config(path, settings)
    issue = Issue(name=meta.get("name") or path.stem, pages=pages)
    issue.warnings = [str(w) for w in warnings] if isinstance(warnings, list) else []
    session = EditSession(issue, config, decisions, edits)
    session.next_hand_edit_id = max(session.next_hand_edit_id, next_id)
    session.created = meta.get("created")
    if meta.get("kind") == "autosave":
        project = meta.get("project_path") or ""
        session.project_path = Path(project) if project else None
        session.saved_revision = -1
    else:
        session.project_path = path
        session.saved_revision = session.revision
    return session


def _config(path: Path, settings: dict) -> Config:
    """The stored settings over the shipped defaults (rules added since keep theirs)."""
    config = Config.load()
    rules = settings.get("rules", {})
    if not isinstance(rules, dict) or not all(isinstance(v, dict) for v in rules.values()):
        raise ProjectError(path, "damaged Jiaodui project (rule settings are not valid)")
    for rid, opts in rules.items():
        config.rules[rid] = {**config.rules.get(rid, {}), **opts}
    accept = settings.get("accept_above")
    if accept is not None and not isinstance(accept, (int, float)):
        raise ProjectError(path, "damaged Jiaodui project (accept_above is not a number)")
    config.accept_above = None if accept is None else float(accept)
    if isinstance(settings.get("max_bytes"), int):
        config.max_bytes = settings["max_bytes"]
    return config


# ---------------------------------------------------------------------------
# autosaves


def state_dir() -> Path:
    """Where Jiaodui keeps its own files: ``$JIAODUI_STATE_DIR`` or the user's state folder."""
    env = os.environ.get(STATE_ENV)
    if env:
        return Path(env)
    home = Path.home()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "Jiaodui" if base else home / "AppData" / "Local" / "Jiaodui"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "Jiaodui"
    base = os.environ.get("XDG_STATE_HOME")
    return (Path(base) if base else home / ".local" / "state") / "jiaodui"


def _autosave_dir() -> Path:
    return state_dir() / "autosave"


def _links_dir() -> Path:
    return _autosave_dir() / "links"


_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*\s]+')


def autosave_path(target: "str | os.PathLike | EditSession") -> Path:
    """Where the autosave of a project or of an unsaved session goes.

    ``target`` is a project path (a ``Path``, or a string with a folder or the
    ``.jiaodui`` suffix): ``X.jiaodui.autosave`` beside it; a session: that of
    its project, or of its name; a plain name (an issue never saved):
    ``<state>/autosave/<name>-<hash>.jiaodui``."""
    if isinstance(target, EditSession):
        target = target.project_path if target.project_path is not None else target.name
    if isinstance(target, os.PathLike) or (
        isinstance(target, str) and ("/" in target or os.sep in target or target.endswith(PROJECT_SUFFIX))
    ):
        path = Path(target)
        return path.with_name(path.name + AUTOSAVE_SUFFIX)
    name = str(target)
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
    safe = _UNSAFE.sub("_", name).strip("._")[:60] or "issue"
    return _autosave_dir() / f"{safe}-{digest}{PROJECT_SUFFIX}"


#: per session: (autosave path, revision written, rows written)
_WRITTEN: "weakref.WeakKeyDictionary[EditSession, tuple]" = weakref.WeakKeyDictionary()


def autosave(session: EditSession, project_path: str | os.PathLike | None = None) -> Path:
    """Write the session's autosave and return its path (see the module doc).

    ``project_path`` defaults to ``session.project_path``.  Does nothing when
    nothing changed since the last autosave of this session to that path."""
    if project_path is None:
        project_path = session.project_path
    project = Path(project_path) if project_path is not None else None
    target = autosave_path(project if project is not None else session.name)
    written = _WRITTEN.get(session)
    if written is not None and written[0] == target and written[1] == session.revision and target.exists():
        return target
    settings = _settings_rows(session.config)
    decisions = _decision_rows(session)
    edits = _edit_rows(session)
    if written is not None and written[0] == target and target.exists():
        try:
            _update(target, session, project, settings, decisions, edits, written[2], written[3])
        except (sqlite3.Error, ProjectError):
            written = None  # not ours any more, or damaged: write it anew
    else:
        written = None
    if written is None:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_bytes(target, _build(session, "autosave", project))
        if project is not None:
            _link(target)
    _WRITTEN[session] = (target, session.revision, decisions, edits)
    return target


def _update(
    target: Path,
    session: EditSession,
    project: Path | None,
    settings: list,
    decisions: dict,
    edits: dict,
    old_decisions: dict,
    old_edits: dict,
) -> None:
    """Bring an autosave this session wrote up to date in one transaction."""
    conn, meta = _open_checked(target, write=True)
    try:
        if meta.get("session_id") != session.session_id or meta.get("kind") != "autosave":
            raise ProjectError(target, "written by another session")
        content = _content_hash(_pages_hash(session), settings, decisions, edits)
        conn.isolation_level = None
        conn.execute("BEGIN IMMEDIATE")
        try:
            gone = [(k,) for k in old_decisions if k not in decisions]
            conn.executemany("DELETE FROM decisions WHERE id = ?", gone)
            conn.executemany(
                "INSERT OR REPLACE INTO decisions VALUES (?, ?)",
                [row for k, row in decisions.items() if old_decisions.get(k) != row],
            )
            gone = [(k,) for k in old_edits if k not in edits]
            conn.executemany("DELETE FROM hand_edits WHERE id = ?", gone)
            conn.executemany(
                "INSERT OR REPLACE INTO hand_edits VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [row for k, row in edits.items() if old_edits.get(k) != row],
            )
            conn.executemany("INSERT OR REPLACE INTO settings VALUES (?, ?)", settings)
            meta = _meta(session, "autosave", project, content, meta.get("created", _now()))
            conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.close()


def _link_path(target: Path) -> Path:
    digest = hashlib.sha1(str(target.resolve()).encode("utf-8")).hexdigest()[:16]
    return _links_dir() / f"{digest}.link"


def _link(target: Path) -> None:
    """Note an autosave beside a project, so a later start can find it."""
    link = _link_path(target)
    try:
        link.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_text(link, str(target.resolve()) + "\n")
    except OSError:
        pass  # recovery still works when the project is named


def autosave_info(path: str | os.PathLike) -> AutosaveInfo:
    """Describe an autosave (ProjectError when it is not one)."""
    path = Path(path)
    conn, meta = _open_checked(path)
    try:
        if meta.get("kind") != "autosave":
            raise ProjectError(path, "a project, not an autosave")
        count = {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("pages", "decisions", "hand_edits")
        }
    except sqlite3.Error as exc:
        raise ProjectError(path, f"damaged Jiaodui project ({exc})") from None
    finally:
        conn.close()
    project = meta.get("project_path") or ""
    return AutosaveInfo(
        path=path,
        name=meta.get("name", ""),
        project_path=Path(project) if project else None,
        saved=meta.get("saved", ""),
        pages=count["pages"],
        decisions=count["decisions"],
        hand_edits=count["hand_edits"],
    )


def _alive(pid: int, host: str) -> bool:
    """Whether the process that wrote an autosave is still running here."""
    if pid == os.getpid() or host != socket.gethostname() or os.name != "posix" or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _recoverable(path: Path) -> tuple[bool, str]:
    """(whether ``path`` is an autosave worth offering, its saved time)."""
    try:
        conn, meta = _open_checked(path)
    except ProjectError:
        return False, ""
    conn.close()
    if meta.get("kind") != "autosave":
        return False, ""
    try:
        pid = int(meta.get("pid", "0"))
    except ValueError:
        pid = 0
    if _alive(pid, meta.get("host", "")):
        return False, ""  # another Jiaodui is working on it
    project = meta.get("project_path") or ""
    if project and Path(project).exists():
        try:
            pconn, pmeta = _open_checked(Path(project))
            pconn.close()
        except ProjectError:
            pmeta = {}
        if pmeta.get("content_hash") and pmeta.get("content_hash") == meta.get("content_hash"):
            return False, ""  # nothing that was not saved
    return True, meta.get("saved", "")


def find_recoverable(project_path: str | os.PathLike | None = None) -> list[Path]:
    """Autosaves left behind by a crash, newest first.

    With ``project_path``, only that project's; without, every autosave of
    unsaved sessions and of projects (found through their links)."""
    if project_path is not None:
        candidates = [autosave_path(Path(project_path))]
    else:
        candidates = []
        folder = _autosave_dir()
        if folder.is_dir():
            candidates.extend(sorted(folder.glob(f"*{PROJECT_SUFFIX}")))
        links = _links_dir()
        if links.is_dir():
            for link in sorted(links.glob("*.link")):
                try:
                    target = Path(link.read_text(encoding="utf-8").strip())
                except OSError:
                    continue
                if target.exists():
                    candidates.append(target)
                else:
                    _unlink(link)
    found: list[tuple[str, Path]] = []
    seen: set[Path] = set()
    for path in candidates:
        key = path.resolve()
        if key in seen or not path.is_file():
            continue
        seen.add(key)
        ok, saved = _recoverable(path)
        if ok:
            found.append((saved, path))
    found.sort(key=lambda item: item[0], reverse=True)
    return [path for _, path in found]


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def discard_autosave(target: "str | os.PathLike | EditSession") -> None:
    """Remove an autosave: named by its own path, or by what it belongs to (a
    project path, an issue name, a session).  Missing autosaves are fine; a
    file that is a project, not an autosave, is never removed (ProjectError)."""
    if isinstance(target, EditSession):
        path = autosave_path(target)
    else:
        path = Path(target)
        if not _is_autosave(path):
            path = autosave_path(target)
    if path.exists() and not _is_autosave(path):
        raise ProjectError(path, "a project, not an autosave: not removed")
    for p in (path, path.with_name(path.name + "-journal")):
        _unlink(p)
    _unlink(_link_path(path))
    for session, written in list(_WRITTEN.items()):
        if written[0] == path:
            del _WRITTEN[session]


def _is_autosave(path: Path) -> bool:
    if not path.is_file():
        return False
    try:
        conn, meta = _open_checked(path)
    except ProjectError:
        # unreadable: an autosave by its name or place only
        return path.name.endswith(AUTOSAVE_SUFFIX) or path.parent.resolve() == _autosave_dir().resolve()
    conn.close()
    return meta.get("kind") == "autosave"
