"""Work done for some pages only: the articles of chosen pages
(``build_articles(pages=…)``, as JD310 reads its parts) and roles worked out
only for a page a rule needs them on (``RunContext.fresh_roles``, as JD202
asks for them only where it finds a jump marker)."""

from pathlib import Path

from normalizer.config import Config
from normalizer.engine import RunContext, normalise_issue, prepare
from normalizer.model import Issue, Page, Role
from normalizer.rules import get_rule
from normalizer.structure import build_articles, classify_page

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def seed_issue(count: int = 3) -> Issue:
    pages = [
        Page(n, p.name, "utf-8", p.read_text(encoding="utf-8"))
        for n, p in enumerate(SEEDS[:count], 1)
    ]
    issue = Issue("seeds", pages)
    prepare(issue)
    return issue


def reading(issue: Issue, number: int) -> list:
    """The articles read on page ``number``: each one's blocks and their roles."""
    return [
        [(b.start, b.role) for b in article.blocks()]
        for article in issue.articles
        if article.pages == [number]
    ]


def test_articles_of_some_pages_are_those_of_the_whole_build():
    issue = seed_issue()
    for page in issue.pages:
        classify_page(page)
    build_articles(issue)
    whole = {page.number: reading(issue, page.number) for page in issue.pages}
    roles = [[b.role for b in page.blocks] for page in issue.pages]
    build_articles(issue, pages=[issue.pages[1]])
    assert {a.pages[0] for a in issue.articles} == {2}
    assert reading(issue, 2) == whole[2]
    assert [[b.role for b in page.blocks] for page in issue.pages] == roles


def test_fresh_roles_classifies_a_stale_page_once():
    issue = seed_issue(1)
    page = issue.pages[0]
    ctx = RunContext(issue, Config.load())
    ctx.fresh_roles(page)  # not stale: left as it is
    assert all(b.role is Role.PARAGRAPH for b in page.blocks)
    ctx.stale.add(id(page))
    ctx.fresh_roles(page)
    assert any(b.role is not Role.PARAGRAPH for b in page.blocks)
    assert not ctx.stale


def test_jump_markers_ask_for_roles_only_on_a_page_with_a_marker():
    config = Config.load()
    rule = get_rule("JD202")(config.options("JD202"))
    issue = Issue(
        "x",
        [
            Page(1, "<a>", "utf-8", "标题在这里\n\n一段正文。"),
            Page(2, "<b>", "utf-8", "一段正文。(下转第3版)"),
        ],
    )
    prepare(issue)
    ctx = RunContext(issue, config)
    ctx.stale.update(id(p) for p in issue.pages)
    for page in issue.pages:
        rule.apply(page, ctx)
    assert ctx.stale == {id(issue.pages[0])}  # no marker: not classified for JD202
    assert [m.text for m in issue.pages[1].blocks[0].markers] == ["(下转第3版)"]


def test_a_page_without_markers_gets_its_roles_all_the_same():
    raw = "标题在这里\n\n本报记者 张三\n\n一段正文。"
    config = Config.load()
    for rid in config.rules:
        config.rules[rid]["enabled"] = rid in ("JD202", "JD203")
    issue = normalise_issue(Issue("x", [Page(1, "<a>", "utf-8", raw)]), config)
    assert [b.role for b in issue.pages[0].blocks] == [
        Role.HEADLINE,
        Role.BYLINE,
        Role.PARAGRAPH,
    ]
