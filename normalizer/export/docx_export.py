"""The cleaned issue as a Word document (``.docx``), for editors who work in Word.

Layout follows the Markdown export: the issue's title (date and number, else
its name) as the document title; for each article its column label (bold),
kicker lines (italic), the headline as a level-1 heading, subtitles as
level-2 headings, the byline (italic), then the body: paragraphs with a
two-character first-line indent, section heads as level-3 headings.
Captions, text whose article is unknown and the suggestions still pending
close the document, each under a heading of its own.  Furniture and jump
markers are left out.  Text is set in a Chinese font (East Asian font of
every style), so Word does not fall back to a Latin face.

Needs the ``python-docx`` package; :func:`render_docx` raises
:class:`DocxUnavailable` with a message saying so when it is missing.
Files are written atomically, and never over one of the issue's inputs.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from ..model import Block, Issue, Role, Status
from .markdown_export import CAPTIONS_TITLE, ORPHANS_TITLE, SUGGESTIONS_TITLE, title
from .text_export import body_blocks

SUFFIX = ".docx"
#: East Asian font names written into the styles (Word picks what is installed)
BODY_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"


class DocxUnavailable(RuntimeError):
    """python-docx is not installed."""


def _docx():
    try:
        import docx  # type: ignore[import-not-found]
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise DocxUnavailable("Word export needs the python-docx package (pip install python-docx)") from exc
    return docx


def _set_fonts(style, east_asian: str, latin: str = LATIN_FONT) -> None:
    from docx.oxml.ns import qn  # type: ignore[import-not-found]

    style.font.name = latin
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)


def _styled(document) -> None:
    from docx.shared import Pt  # type: ignore[import-not-found]

    normal = document.styles["Normal"]
    _set_fonts(normal, BODY_FONT)
    normal.font.size = Pt(11)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        _set_fonts(document.styles[name], HEADING_FONT)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _paragraph(document, text: str, *, bold: bool = False, italic: bool = False, indent: bool = False):
    from docx.shared import Pt  # type: ignore[import-not-found]

    para = document.add_paragraph()
    for k, line in enumerate(_lines(text)):
        run = para.add_run(line)
        run.bold = bold or None
        run.italic = italic or None
        if k < len(_lines(text)) - 1:
            run.add_break()
    if indent:
        # two characters of the body size
        para.paragraph_format.first_line_indent = Pt(22)
    return para


def _heading(document, text: str, level: int) -> None:
    document.add_heading(" ".join(_lines(text)), level=level)


def _body(document, block: Block) -> None:
    if block.role is Role.SUBHEAD:
        _heading(document, block.text.text, 3)
    else:
        _paragraph(document, block.text.text, indent=block.role in (Role.PARAGRAPH, Role.LEAD_BOX))


def render_docx(issue: Issue) -> bytes:
    """The Word document of ``issue`` as bytes."""
    docx = _docx()
    document = docx.Document()
    _styled(document)
    document.core_properties.title = title(issue)
    document.add_heading(title(issue), level=0)
    for article in issue.articles:
        if article.column is not None and article.column.text.text.strip():
            _paragraph(document, article.column.text.text, bold=True)
        for block in article.kicker:
            if block.text.text.strip():
                _paragraph(document, block.text.text, italic=True)
        if article.headline is not None and article.headline.text.text.strip():
            _heading(document, article.headline.text.text, 1)
        for block in article.subtitles:
            if block.text.text.strip():
                _heading(document, block.text.text, 2)
        if article.byline is not None and article.byline.text.text.strip():
            _paragraph(document, article.byline.text.text, italic=True)
        for block in body_blocks(article):
            _body(document, block)
    captions = [
        c
        for c in issue.captions
        if (c.title is not None and c.title.text.text.strip()) or any(p.text.text.strip() for p in c.parts)
    ]
    if captions:
        _heading(document, CAPTIONS_TITLE, 1)
        for caption in captions:
            if caption.title is not None and caption.title.text.text.strip():
                _paragraph(document, caption.title.text.text, bold=True)
            text = "\n".join(p.text.text for p in caption.parts if p.text.text.strip())
            if text:
                _paragraph(document, text)
    orphans = [(b, why) for b, why in issue.orphans if b.text.text.strip()]
    if orphans:
        _heading(document, ORPHANS_TITLE, 1)
        for block, why in orphans:
            para = _paragraph(document, block.text.text)
            note = para.add_run(f"（第{block.page}版：{why}）")
            note.italic = True
    pending = [s for s in issue.suggestions if s.status is Status.PENDING]
    if pending:
        _heading(document, SUGGESTIONS_TITLE, 1)
        for s in pending:
            line = f"{s.rule} {s.kind} {s.score:.2f}: {s.summary}"
            if s.evidence:
                line += f" — {s.evidence}"
            document.add_paragraph(" ".join(_lines(line)), style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def export_docx(issue: Issue, out_dir: str | os.PathLike[str]) -> Path:
    """Write ``issue`` as ``<out_dir>/<issue.name>.docx`` (atomically); return the path.

    The same as ``export_issue(issue, out_dir, ["docx"])``: refuses, before
    writing anything, to write over one of the issue's input files.
    """
    from . import export_issue

    return export_issue(issue, out_dir, ["docx"])[0]
