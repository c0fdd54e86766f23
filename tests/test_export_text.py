"""Plain-text export: the readable cleaned issue.

The layout is checked on an issue assembled by hand from raw-backed blocks
(so every part of an article is present), then on issues from the real
pipeline: a snippet and the seed pages (invariants only, since page structure
is still being refined).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from normalizer.api import issue_from_text
from normalizer.engine import normalise_issue
from normalizer.export import export_issue
from normalizer.export.text_export import INDENT, SEPARATOR, render_text
from normalizer.model import Article, Block, Caption, Furniture, Issue, Page, Role
from normalizer.sourced import SourcedText

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))

# a front page in the shape of the seeds: furniture, a column label, kicker,
# headline, subtitle, byline, body with a section head, a caption, a stray line
HAND_RAW = (
    "2025年11月18日 星期二\n"
    "人权行动看中国\n"
    "乡村振兴一线见闻\n"
    "干部“沉”下去 服务“实”起来\n"
    "——记驻村工作队的一年\n"
    "本报记者 王维砚\n"
    "　　一年来，工作队走遍了全村的每一户。\n"
    "一、把问题摸清\n"
    "　　工作队建起了问题台账，逐项销号。\n"
    "全国建成执法办案管理中心3266个\n"
    "　　五年来，全国已建成3266个执法办案管理中心。\n"
    "工人正在检修设备\n"
    "新华社发（张黎芝 摄）\n"
    "后半段在下一版继续，这里只剩半句\n"
)


def hand_block(needle: str, role: Role) -> Block:
    start = HAND_RAW.index(needle)
    end = start + len(needle)
    return Block(1, start, end, SourcedText.from_raw(HAND_RAW, 1, start, end), role=role)


def hand_issue() -> Issue:
    page = Page(1, "<hand>", "utf-8", HAND_RAW)
    page.furniture = [Furniture(1, 0, 15, "2025年11月18日 星期二")]
    b = hand_block
    first = Article(
        "p1-a1",
        [1],
        column=b("人权行动看中国", Role.COLUMN),
        kicker=[b("乡村振兴一线见闻", Role.KICKER)],
        headline=b("干部“沉”下去 服务“实”起来", Role.HEADLINE),
        subtitles=[b("——记驻村工作队的一年", Role.SUBTITLE)],
        byline=b("本报记者 王维砚", Role.BYLINE),
        body=[
            b("一年来，工作队走遍了全村的每一户。", Role.PARAGRAPH),
            b("一、把问题摸清", Role.SUBHEAD),
            b("工作队建起了问题台账，逐项销号。", Role.PARAGRAPH),
        ],
    )
    second = Article(
        "p1-a2",
        [1],
        headline=b("全国建成执法办案管理中心3266个", Role.HEADLINE),
        body=[b("五年来，全国已建成3266个执法办案管理中心。", Role.PARAGRAPH)],
    )
    issue = Issue("hand", [page], date="2025-11-18", number="22331", articles=[first, second])
    issue.captions = [Caption(1, b("工人正在检修设备", Role.CAPTION_TITLE), [b("新华社发（张黎芝 摄）", Role.CREDIT)])]
    issue.orphans = [(b("后半段在下一版继续，这里只剩半句", Role.PARAGRAPH), "ends mid-sentence")]
    return issue


def build(raw: str, name: str = "snippet", source: str = "<snippet>") -> Issue:
    return normalise_issue(issue_from_text(raw, name=name, source=source))


def test_layout_of_a_hand_made_issue():
    assert render_text(hand_issue()) == (
        "人权行动看中国\n"
        "\n"
        "乡村振兴一线见闻\n"
        "\n"
        "干部“沉”下去 服务“实”起来\n"
        "\n"
        "——记驻村工作队的一年\n"
        "\n"
        "本报记者 王维砚\n"
        "\n"
        "　　一年来，工作队走遍了全村的每一户。\n"
        "\n"
        "一、把问题摸清\n"
        "\n"
        "　　工作队建起了问题台账，逐项销号。\n"
        "\n"
        f"{SEPARATOR}\n"
        "\n"
        "全国建成执法办案管理中心3266个\n"
        "\n"
        "　　五年来，全国已建成3266个执法办案管理中心。\n"
        "\n"
        f"{SEPARATOR}\n"
        "\n"
        "【图片说明】\n"
        "\n"
        "工人正在检修设备\n"
        "新华社发（张黎芝 摄）\n"
        "\n"
        f"{SEPARATOR}\n"
        "\n"
        "【未归属文字】\n"
        "\n"
        "　　后半段在下一版继续，这里只剩半句\n"
    )


def test_furniture_is_not_text():
    text = render_text(hand_issue())
    assert "2025年11月18日" not in text
    assert "星期二" not in text


def test_empty_issue_is_empty_text():
    assert render_text(Issue("empty", [Page(1, "<e>", "utf-8", "")])) == ""


def test_sections_only_when_there_is_something_in_them():
    issue = hand_issue()
    issue.captions = []
    issue.orphans = []
    text = render_text(issue)
    assert "【图片说明】" not in text and "【未归属文字】" not in text
    assert text.endswith("　　五年来，全国已建成3266个执法办案管理中心。\n")
    assert text.count(SEPARATOR) == 1


def test_corrected_text_is_what_is_written(tmp_path):
    issue = build(
        "全国建成执法办案管理中心３２６６个\n"
        "\n"
        "本报记者 王维砚 成露\n"
        "\n"
        "　　五年来，全国已建成３２６６个执法办案管理中心，实现市、县两级全覆盖。\n"
    )
    (path,) = export_issue(issue, tmp_path, ["txt"])
    assert path == tmp_path / "snippet.txt"
    text = path.read_bytes().decode("utf-8")
    assert text == render_text(issue)
    assert "\r" not in text
    assert "３" not in text
    lines = text.split("\n")
    assert "全国建成执法办案管理中心3266个" in lines
    assert "本报记者 王维砚 成露" in lines
    assert INDENT + "五年来，全国已建成3266个执法办案管理中心，实现市、县两级全覆盖。" in lines


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_seed_text_invariants(path):
    issue = build(path.read_text(encoding="utf-8"), name=path.stem, source=str(path))
    text = render_text(issue)
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "\n\n\n" not in text, "exactly one blank line between blocks"
    assert "\f" not in text
    # every block left on the page is in the text, paragraphs with their indent
    for page in issue.pages:
        for block in page.blocks:
            if block.role in (Role.FURNITURE, Role.MARKER) or not block.text.text:
                continue
            assert block.text.text in text, block
        lines = set(text.split("\n"))
        for furniture in page.furniture:
            assert furniture.text not in lines
    for article in issue.articles:
        for block in article.body:
            if block.role is Role.PARAGRAPH and block.text.text:
                assert INDENT + block.text.text in text
    assert text.count(SEPARATOR) >= max(len(issue.articles) - 1, 0)
