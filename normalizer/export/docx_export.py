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


#: the styles the document uses, by name
STYLE_NAMES = ("Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet")


class _Writer:
    """Adds paragraphs to a document.  A style is set by its id, looked up
    once per document: python-docx, given a style by name, searches all of
    the document's styles for every paragraph, which made most of the time
    of a large issue."""

    def __init__(self, document) -> None:
        from docx.shared import Pt  # type: ignore[import-not-found]

        self.document = document
        self.style_ids = {name: document.styles[name].style_id for name in STYLE_NAMES}
        self.indent = Pt(22)  # two characters of the body size

    @staticmethod
    def run(para, text: str):
        """``para.add_run(text)``, the same XML, made without reading the
        text a character at a time (which python-docx does to turn tabs and
        line breaks into elements: text with a tab still goes that way)."""
        if "\t" in text or "\n" in text or "\r" in text:
            return para.add_run(text)
        from docx.text.run import Run  # type: ignore[import-not-found]

        r = para._p.add_r()
        r.add_t(text)
        return Run(r, para)

    def styled(self, text: str, style: str):
        para = self.document.add_paragraph()
        if text:
            self.run(para, text)
        para._p.style = self.style_ids[style]
        return para

    def heading(self, text: str, level: int) -> None:
        self.styled(" ".join(_lines(text)), "Title" if level == 0 else f"Heading {level}")

    def paragraph(self, text: str, *, bold: bool = False, italic: bool = False, indent: bool = False):
        para = self.document.add_paragraph()
        lines = _lines(text)
        for k, line in enumerate(lines):
            run = self.run(para, line)
            if bold:
                run.bold = True
            if italic:
                run.italic = True
            if k < len(lines) - 1:
                run.add_break()
        if indent:
            para.paragraph_format.first_line_indent = self.indent
        return para

    def body(self, block: Block) -> None:
        if block.role is Role.SUBHEAD:
            self.heading(block.text.text, 3)
        else:
            self.paragraph(block.text.text, indent=block.role in (Role.PARAGRAPH, Role.LEAD_BOX))


def render_docx(issue: Issue) -> bytes:
    """The Word document of ``issue`` as bytes."""
    docx = _docx()
    document = docx.Document()
    _styled(document)
    document.core_properties.title = title(issue)
    out = _Writer(document)
    out.heading(title(issue), 0)
    for article in issue.articles:
        if article.column is not None and article.column.text.text.strip():
            out.paragraph(article.column.text.text, bold=True)
        for block in article.kicker:
            if block.text.text.strip():
                out.paragraph(block.text.text, italic=True)
        if article.headline is not None and article.headline.text.text.strip():
            out.heading(article.headline.text.text, 1)
        for block in article.subtitles:
            if block.text.text.strip():
                out.heading(block.text.text, 2)
        if article.byline is not None and article.byline.text.text.strip():
            out.paragraph(article.byline.text.text, italic=True)
        for block in body_blocks(article):
            out.body(block)
    captions = [
        c
        for c in issue.captions
        if (c.title is not None and c.title.text.text.strip()) or any(p.text.text.strip() for p in c.parts)
    ]
    if captions:
        out.heading(CAPTIONS_TITLE, 1)
        for caption in captions:
            if caption.title is not None and caption.title.text.text.strip():
                out.paragraph(caption.title.text.text, bold=True)
            text = "\n".join(p.text.text for p in caption.parts if p.text.text.strip())
            if text:
                out.paragraph(text)
    orphans = [(b, why) for b, why in issue.orphans if b.text.text.strip()]
    if orphans:
        out.heading(ORPHANS_TITLE, 1)
        for block, why in orphans:
            para = out.paragraph(block.text.text)
            note = para.add_run(f"（第{block.page}版：{why}）")
            note.italic = True
    pending = [s for s in issue.suggestions if s.status is Status.PENDING]
    if pending:
        out.heading(SUGGESTIONS_TITLE, 1)
        for s in pending:
            line = f"{s.rule} {s.kind} {s.score:.2f}: {s.summary}"
            if s.evidence:
                line += f" — {s.evidence}"
            out.styled(" ".join(_lines(line)), "List Bullet")
    data = io.BytesIO()
    document.save(data)
    return data.getvalue()


def export_docx(issue: Issue, out_dir: str | os.PathLike[str]) -> Path:
    """Write ``issue`` as ``<out_dir>/<issue.name>.docx`` (atomically); return the path.

    The same as ``export_issue(issue, out_dir, ["docx"])``: refuses, before
    writing anything, to write over one of the issue's input files.
    """
    from . import export_issue

    return export_issue(issue, out_dir, ["docx"])[0]
