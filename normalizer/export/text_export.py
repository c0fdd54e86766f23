"""The cleaned issue as plain text, for reading.

Each article in reading order: its column label, kicker lines, headline,
subtitles and byline, then the body; paragraphs begin with the two full-width
spaces of a Chinese paragraph indent, section heads stand unindented.  Blocks
are separated by a blank line, articles by a separator line.  Captions and
text whose article is unknown follow in sections of their own.  Page furniture
and jump markers are not article text and are left out.
"""

from __future__ import annotations

from ..model import Article, Block, Caption, Issue, Role
from ..textview import INDENT, INDENTED_ROLES

#: body roles printed with a paragraph indent; other body blocks stand flush left.
#: Captions stand flush left as papers print them; the page text of
#: :mod:`normalizer.textview` indents them too, so that its text read back in
#: is never rejoined to the block above.
INDENTED = INDENTED_ROLES - {Role.CAPTION}
SEPARATOR = "\u2500" * 20
CAPTIONS_TITLE = "【图片说明】"
ORPHANS_TITLE = "【未归属文字】"


def heading_blocks(article: Article) -> list[Block]:
    """The article's headline group in print order: column, kicker, headline, subtitles, byline."""
    out: list[Block] = []
    if article.column is not None:
        out.append(article.column)
    out.extend(article.kicker)
    if article.headline is not None:
        out.append(article.headline)
    out.extend(article.subtitles)
    if article.byline is not None:
        out.append(article.byline)
    return [b for b in out if b.text.text]


def body_blocks(article: Article) -> list[Block]:
    return [b for b in article.body if b.text.text]


def caption_lines(caption: Caption) -> list[str]:
    lines = [caption.title.text.text] if caption.title is not None and caption.title.text.text else []
    lines.extend(b.text.text for b in caption.parts if b.text.text)
    return lines


def _body_text(block: Block) -> str:
    return INDENT + block.text.text if block.role in INDENTED else block.text.text


def article_text(article: Article) -> str:
    parts = [b.text.text for b in heading_blocks(article)]
    parts.extend(_body_text(b) for b in body_blocks(article))
    return "\n\n".join(parts)


def render_text(issue: Issue) -> str:
    """The readable text of ``issue``, ending with a newline (empty issue: empty text)."""
    sections: list[str] = []
    articles = [text for text in (article_text(a) for a in issue.articles) if text]
    if articles:
        sections.append(f"\n\n{SEPARATOR}\n\n".join(articles))
    captions = ["\n".join(lines) for lines in (caption_lines(c) for c in issue.captions) if lines]
    if captions:
        sections.append(CAPTIONS_TITLE + "\n\n" + "\n\n".join(captions))
    orphans = [_body_text(block) for block, _why in issue.orphans if block.text.text]
    if orphans:
        sections.append(ORPHANS_TITLE + "\n\n" + "\n\n".join(orphans))
    if not sections:
        return ""
    return f"\n\n{SEPARATOR}\n\n".join(sections) + "\n"
