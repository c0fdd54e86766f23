"""Writing cleaned issues: one file per issue and format.

========  ==========  =====================================================
format    file        what it is
========  ==========  =====================================================
``json``  NAME.json   every structure and span (schema ``jiaodui/issue@1``)
``txt``   NAME.txt    the readable cleaned text
``md``    NAME.md     the same as Markdown, with pending suggestions listed
``docx``  NAME.docx   the same as a Word document (needs ``python-docx``)
========  ==========  =====================================================

``text``, ``markdown`` and ``word`` are accepted for ``txt``, ``md`` and ``docx``.  Files are
written atomically (:mod:`normalizer.atomic`), so a reader never sees half of
one and an interrupted run leaves the previous file in place.  Exporters only
read the model.  Inputs are never written: an output path that is one of the
issue's source files is refused before anything is written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ..atomic import write_many
from ..model import Issue
from .docx_export import render_docx
from .json_export import render_json
from .markdown_export import render_markdown
from .text_export import render_text

__all__ = ["ALIASES", "EXPORTERS", "ExportError", "Exporter", "export_issue", "get_exporter", "output_paths"]


class ExportError(ValueError):
    """An issue cannot be written as asked (unknown format, unsafe name or path)."""


@dataclass(frozen=True)
class Exporter:
    name: str
    suffix: str
    render: Callable[..., str | bytes]  # text is written as UTF-8
    summary: str
    options: frozenset[str] = frozenset()  # keyword options ``render`` takes


EXPORTERS: dict[str, Exporter] = {
    e.name: e
    for e in (
        Exporter(
            "json", ".json", render_json, "structure, spans, suggestions and changes", frozenset({"changes_detail"})
        ),
        Exporter("txt", ".txt", render_text, "readable cleaned text"),
        Exporter("md", ".md", render_markdown, "Markdown with pending suggestions"),
        Exporter("docx", ".docx", render_docx, "Word document of the cleaned text"),
    )
}
ALIASES = {"text": "txt", "markdown": "md", "word": "docx"}


def get_exporter(name: str) -> Exporter:
    key = ALIASES.get(name, name)
    try:
        return EXPORTERS[key]
    except KeyError:
        known = ", ".join([*EXPORTERS, *ALIASES])
        raise ExportError(f"unknown export format {name!r}; known: {known}") from None


def _exporters(formats: Iterable[str]) -> list[Exporter]:
    if isinstance(formats, str):
        formats = [formats]
    chosen: list[Exporter] = []
    for name in formats:
        exporter = get_exporter(name)
        if exporter not in chosen:
            chosen.append(exporter)
    return chosen


def _check_name(name: str) -> None:
    separators = {"/", "\\", os.sep, os.altsep or "/"}
    if not name or name in (".", "..") or "\0" in name or any(s in name for s in separators):
        raise ExportError(f"issue name {name!r} cannot be used as a file name")


def output_paths(issue: Issue, out_dir: str | os.PathLike[str], formats: Iterable[str]) -> list[Path]:
    """Where :func:`export_issue` would write ``issue`` in each format."""
    _check_name(issue.name)
    return [Path(out_dir) / f"{issue.name}{e.suffix}" for e in _exporters(formats)]


def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (or cannot be reached)
        return False


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:  # it does not exist (or cannot be reached)
        return None


def _resolver():
    """``os.path.realpath`` (what ``Path.resolve`` gives) of paths that mostly
    share a few folders: each folder is resolved once."""
    folders: dict[str, str] = {}

    def resolve(path: Path) -> str:
        folder, name = os.path.split(os.fspath(path))
        if name in ("", ".", "..") or os.path.islink(path):
            return os.path.realpath(path)
        found = folders.get(folder)
        if found is None:
            found = folders[folder] = os.path.realpath(folder or os.curdir)
        # the folder's real path holds the name as it is: it is not a link
        return os.path.join(found, name)

    return resolve


def _refuse_sources(issue: Issue, targets: list[Path]) -> None:
    """Raise when a target is one of the issue's input files: the same path once
    links are resolved, or the same file on disk (a hard link, say)."""
    sources = {Path(page.source) for page in issue.pages if page.source}
    if not sources:
        return
    resolve = _resolver()
    known = [(source, resolve(source), _stat(source)) for source in sources]
    for target in targets:
        resolved, found = resolve(target), _stat(target)
        for source, source_resolved, source_found in known:
            if resolved == source_resolved or (
                found is not None and source_found is not None and os.path.samestat(found, source_found)
            ):
                raise ExportError(f"refusing to write {target}: it is the input file {source} of issue {issue.name!r}")


def export_issue(
    issue: Issue,
    out_dir: str | os.PathLike[str],
    formats: Iterable[str] = ("json",),
    *,
    changes_detail: bool = False,
) -> list[Path]:
    """Write ``issue`` into ``out_dir`` (created if needed) as ``<issue.name><suffix>``
    for each format; return the paths written, in the order of ``formats``.

    ``changes_detail`` adds the full change log to the JSON export.  Raises
    :class:`ExportError` for an unknown format, an issue name that is not a
    plain file name, or an output path that is one of the issue's inputs (then
    nothing is written).
    """
    exporters = _exporters(formats)
    paths = output_paths(issue, out_dir, [e.name for e in exporters])
    _refuse_sources(issue, paths)
    options = {"changes_detail": changes_detail}
    rendered = [e.render(issue, **{k: v for k, v in options.items() if k in e.options}) for e in exporters]
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    write_many((path, data if isinstance(data, bytes) else data.encode("utf-8")) for path, data in zip(paths, rendered))
    return paths
