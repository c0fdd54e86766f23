"""The editor's calls into :mod:`normalizer.project` (project files and autosaves).

Kept in one place so the window, the documents and the tests use the same
few entry points.
"""

from __future__ import annotations

from pathlib import Path

from normalizer import project

PROJECT_SUFFIX = project.PROJECT_SUFFIX


def is_project(path: str | Path) -> bool:
    return str(path).lower().endswith(PROJECT_SUFFIX)


def save(path: str | Path, session) -> None:
    project.save_project(Path(path), session)


def load(path: str | Path):
    """A session from a project or an autosave (its ``project_path`` says which project)."""
    return project.load_project(Path(path))


def autosave(session) -> Path:
    return project.autosave(session)


def autosave_path(session) -> Path:
    return project.autosave_path(session)


def recoverable(project_path: Path | None = None) -> list[Path]:
    return [Path(p) for p in project.find_recoverable(project_path)]


def describe(path: Path) -> str:
    """One line about an autosave for the recovery question."""
    try:
        info = project.autosave_info(path)
    except project.ProjectError as exc:
        return str(exc)
    where = f" (project {info.project_path})" if info.project_path else ""
    return f"{info.name}{where}: {info.hand_edits} hand edits, {info.decisions} decisions, saved {info.saved}"


def discard(target) -> None:
    """Remove an autosave, named by its path or by the session it belongs to."""
    project.discard_autosave(target)
