"""The cleaned issue as Markdown (CommonMark), for reading and review.

Layout::

    # 2025-11-18 第22331期          (the issue's date and number, else its name)

    **栏目**                        (column label, when there is one)

    *引题*                          (each kicker line, in italics, above the headline)

    ## 主标题

    **副题**                        (each subtitle)

    *本报记者 …*                    (byline)

    Paragraph …

    ### 小标题                      (section heads)

    ## 图片说明 / ## 未归属文字 / ## 待定建议

Captions, text whose article is unknown and the suggestions still pending
close the document.  Characters Markdown would read as markup are escaped, so
the rendered text is the cleaned text.  Furniture and jump markers are left out.
"""

from __future__ import annotations

import re

import regex

from ..model import Article, Caption, Issue, Role, Status

CAPTIONS_TITLE = "图片说明"
ORPHANS_TITLE = "未归属文字"
SUGGESTIONS_TITLE = "待定建议"
NO_HEADLINE_BREAK = "* * *"

# markup characters escaped wherever they stand (ASCII only: the standard
# library's engine finds them fastest)
_INLINE = re.compile(r"([\\`*_\[\]<>#&~])")
# the same, looked for in the ASCII characters of a text only: a Chinese text
# has few, and a search of its ASCII bytes is many times faster than one of the text
_INLINE_ASCII = re.compile(rb"[\\`*_\[\]<>#&~]")
# characters that start a block (list, quote, heading underline) at a line start
_LINE_START = regex.compile(r"^([ \t]*)([+\-=]|\d+(?=[.)]))", regex.MULTILINE)
_DIGIT = regex.compile(r"\d")
_SPACES = regex.compile(r"[ \t]*\n[ \t]*")
#: whether a text beginning with this character can begin with block markup
#: (filled in as characters are met; a text starts with one of a few thousand)
_MAY_START: dict[str, bool] = {}


def _may_start(head: str) -> bool:
    found = _MAY_START.get(head)
    if found is None:
        found = _MAY_START[head] = head in " \t+-=" or _DIGIT.match(head) is not None
    return found


def _line_start(m: regex.Match) -> str:
    lead, mark = m.group(1), m.group(2)
    if mark.isdigit():  # "1." / "1)" would start an ordered list: escape the dot
        return lead + mark + "\\"
    return lead + "\\" + mark


def escape(text: str) -> str:
    """``text`` with Markdown markup characters backslash-escaped."""
    if _INLINE_ASCII.search(text.encode("ascii", "ignore")) is not None:
        text = _INLINE.sub(r"\\\1", text)
    if "\n" in text:
        return _LINE_START.sub(_line_start, text)
    # one line: the only line start is the start of the text
    if not text:
        return text
    may = _MAY_START.get(text[0])
    if not (may or (may is None and _may_start(text[0]))):
        return text
    m = _LINE_START.match(text)
    return text if m is None else _line_start(m) + text[m.end() :]


def one_line(text: str) -> str:
    """Escaped text on a single line (headings, emphasis, list items)."""
    text = text.strip()
    return escape(_SPACES.sub(" ", text) if "\n" in text else text)


def _emphasis(text: str, mark: str) -> str:
    return f"{mark}{one_line(text)}{mark}"


def article_markdown(article: Article, first: bool) -> list[str]:
    parts: list[str] = []
    if article.headline is None or not article.headline.text.text:
        if not first:
            parts.append(NO_HEADLINE_BREAK)
    if article.column is not None and article.column.text.text:
        parts.append(_emphasis(article.column.text.text, "**"))
    parts.extend(_emphasis(b.text.text, "*") for b in article.kicker if b.text.text)
    if article.headline is not None and article.headline.text.text:
        parts.append("## " + one_line(article.headline.text.text))
    parts.extend(_emphasis(b.text.text, "**") for b in article.subtitles if b.text.text)
    if article.byline is not None and article.byline.text.text:
        parts.append(_emphasis(article.byline.text.text, "*"))
    for block in article.body:  # the blocks text_export.body_blocks gives
        text = block.text.text
        if text:  # a section head, or running text
            parts.append("### " + one_line(text) if block.role is Role.SUBHEAD else escape(text.strip()))
    return parts


def caption_markdown(caption: Caption) -> str:
    """Title in bold, then each line of the caption and its credit, with hard line breaks."""
    lines: list[str] = []
    if caption.title is not None and caption.title.text.text.strip():
        lines.append(_emphasis(caption.title.text.text, "**"))
    for part in caption.parts:
        lines.extend(escape(line.strip()) for line in part.text.text.split("\n") if line.strip())
    return "\\\n".join(lines)


def title(issue: Issue) -> str:
    words = [w for w in (issue.date, f"第{issue.number}期" if issue.number else None) if w]
    return " ".join(words) if words else issue.name


def render_markdown(issue: Issue) -> str:
    """The Markdown document of ``issue``, ending with a newline."""
    parts = ["# " + one_line(title(issue))]
    for k, article in enumerate(issue.articles):
        parts.extend(article_markdown(article, first=k == 0))
    captions = [text for text in (caption_markdown(c) for c in issue.captions) if text]
    if captions:
        parts.append("## " + CAPTIONS_TITLE)
        parts.extend(captions)
    orphans = [
        f"- {one_line(block.text.text)} *（第{block.page}版：{one_line(why)}）*"
        for block, why in issue.orphans
        if block.text.text
    ]
    if orphans:
        parts.append("## " + ORPHANS_TITLE)
        parts.append("\n".join(orphans))
    pending = [s for s in issue.suggestions if s.status is Status.PENDING]
    if pending:
        parts.append("## " + SUGGESTIONS_TITLE)
        items = []
        for s in pending:
            item = f"- [ ] {s.rule} {s.kind} {s.score:.2f}: {one_line(s.summary)}"
            if s.evidence:
                item += f" — {one_line(s.evidence)}"
            item += f" (`{s.id}`)"
            items.append(item)
        parts.append("\n".join(items))
    return "\n\n".join(parts) + "\n"
