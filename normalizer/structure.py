"""Block roles and articles (first, rough pass).

``classify_page`` gives every block a role from the signals a reader uses:
length, final punctuation, credit and byline patterns.  ``build_articles``
groups a page's blocks into articles: a headline group, an optional byline,
then body paragraphs until the next headline group.
"""

from __future__ import annotations

import regex

from .model import Article, Block, Caption, Issue, Page, Role

FINAL = "。！？…”’」』）!?)"
_CREDIT = regex.compile(r"(?:摄|新华社发|供图|\(.{0,20}摄\)|（.{0,20}摄）)$")
_BYLINE = regex.compile(r"^(?:本报记者|本报通讯员|新华社记者|记者|通讯员)[\p{Han}\s·]{2,40}$")
_SENTENCE_PUNCT = regex.compile(r"[，。；：,;]")


def classify_block(block: Block) -> Role:
    text = block.text.text.strip()
    if not text:
        return Role.PARAGRAPH
    last_line = text.rsplit("\n", 1)[-1]
    if _CREDIT.search(last_line) and len(last_line) <= 40 and "\n" not in text:
        return Role.CREDIT
    if _BYLINE.match(text):
        return Role.BYLINE
    if len(text) <= 40 and not _SENTENCE_PUNCT.search(text) and text[-1] not in FINAL:
        return Role.HEADING
    return Role.PARAGRAPH


def classify_page(page: Page) -> None:
    for block in page.blocks:
        if block.role in (Role.FURNITURE, Role.MARKER):
            continue
        block.role = classify_block(block)


def build_articles(issue: Issue) -> None:
    issue.articles = []
    issue.captions = []
    issue.orphans = []
    for page in issue.pages:
        current: Article | None = None
        heads: list[Block] = []
        for block in page.blocks:
            if block.role is Role.HEADING:
                heads.append(block)
                continue
            if block.role is Role.CREDIT:
                issue.captions.append(Caption(page.number, heads[-1] if heads else None, [block]))
                heads = []
                continue
            if heads:
                current = Article(id=f"p{page.number}-a{len(issue.articles) + 1}", pages=[page.number])
                current.headline = heads[-1]
                current.kicker = heads[:-1]
                heads = []
                issue.articles.append(current)
            if block.role is Role.BYLINE and current is not None and not current.body:
                current.byline = block
                continue
            if current is None:
                issue.orphans.append((block, "no headline before it on the page"))
                continue
            current.body.append(block)
        for block in heads:
            issue.orphans.append((block, "headline with no text after it"))
