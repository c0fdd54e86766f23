"""Markdown export: headings, emphasis, escaping, captions and pending suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from normalizer.api import issue_from_text
from normalizer.engine import normalise_issue
from normalizer.export import export_issue
from normalizer.export.markdown_export import escape, render_markdown, title
from normalizer.model import Issue, Page, Role, Status, Suggestion
from normalizer.sourced import SourcedText
from test_export_text import hand_issue

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
_UNESCAPE = regex.compile(r"\\([!-/:-@\[-`{-~])")


def build(raw: str, name: str = "snippet", source: str = "<snippet>") -> Issue:
    return normalise_issue(issue_from_text(raw, name=name, source=source))


def suggestion(k: int, status: Status, summary: str = "必胜必胜 → 必胜") -> Suggestion:
    return Suggestion(
        id=f"JD301-p1-{k}-abcdef0{k}",
        rule="JD301",
        kind="fix",
        score=0.91,
        summary=summary,
        evidence="repeated word",
        page=1,
        start=k,
        end=k + 4,
        status=status,
    )


def test_layout_of_a_hand_made_issue():
    issue = hand_issue()
    issue.suggestions = [suggestion(0, Status.PENDING), suggestion(1, Status.ACCEPTED), suggestion(2, Status.REJECTED)]
    assert render_markdown(issue) == (
        "# 2025-11-18 第22331期\n"
        "\n"
        "**人权行动看中国**\n"
        "\n"
        "*乡村振兴一线见闻*\n"
        "\n"
        "## 干部“沉”下去 服务“实”起来\n"
        "\n"
        "**——记驻村工作队的一年**\n"
        "\n"
        "*本报记者 王维砚*\n"
        "\n"
        "一年来，工作队走遍了全村的每一户。\n"
        "\n"
        "### 一、把问题摸清\n"
        "\n"
        "工作队建起了问题台账，逐项销号。\n"
        "\n"
        "## 全国建成执法办案管理中心3266个\n"
        "\n"
        "五年来，全国已建成3266个执法办案管理中心。\n"
        "\n"
        "## 图片说明\n"
        "\n"
        "**工人正在检修设备**\\\n"
        "新华社发（张黎芝 摄）\n"
        "\n"
        "## 未归属文字\n"
        "\n"
        "- 后半段在下一版继续，这里只剩半句 *（第1版：ends mid-sentence）*\n"
        "\n"
        "## 待定建议\n"
        "\n"
        "- [ ] JD301 fix 0.91: 必胜必胜 → 必胜 — repeated word (`JD301-p1-0-abcdef00`)\n"
    )


def test_title_falls_back_to_the_issue_name():
    issue = Issue("004_c44f6a96fa53405a", [Page(1, "<p>", "utf-8", "")])
    assert title(issue) == "004_c44f6a96fa53405a"
    assert render_markdown(issue) == "# 004\\_c44f6a96fa53405a\n"
    issue.date = "2025-11-18"
    assert title(issue) == "2025-11-18"
    issue.number = "22331"
    assert title(issue) == "2025-11-18 第22331期"


def test_no_pending_suggestions_no_section():
    issue = hand_issue()
    issue.suggestions = [suggestion(1, Status.ACCEPTED)]
    assert "待定建议" not in render_markdown(issue)


def test_article_without_headline_is_set_off():
    issue = hand_issue()
    issue.articles[1].headline = None
    md = render_markdown(issue)
    assert "\n\n* * *\n\n五年来" in md


def test_multiline_headline_stays_one_heading():
    issue = hand_issue()
    head = issue.articles[0].headline
    head.text = SourcedText.join([head.text, SourcedText.inserted("\n第二行", 1, head.end)])
    assert "## 干部“沉”下去 服务“实”起来 第二行\n" in render_markdown(issue)


def test_caption_lines_are_hard_breaks():
    issue = hand_issue()
    issue.captions[0].title = None
    credit = issue.captions[0].parts[0]
    # a caption block whose credit line was never split off (003:47-52)
    credit.text = SourcedText.join([SourcedText.inserted("- 航天员乘组顺利会师。\n", 1, credit.start), credit.text])
    md = render_markdown(issue)
    assert "## 图片说明\n\n\\- 航天员乘组顺利会师。\\\n新华社发（张黎芝 摄）\n" in md


@pytest.mark.parametrize(
    "text, expected",
    [
        ("普通的中文段落，没有标记。", "普通的中文段落，没有标记。"),
        ("1. 第一条", "1\\. 第一条"),
        ("2025年11月18日", "2025年11月18日"),
        ("- 不是列表", "\\- 不是列表"),
        ("+ 也不是", "\\+ 也不是"),
        ("# 不是标题", "\\# 不是标题"),
        ("> 不是引用", "\\> 不是引用"),
        ("星号*强调*和_下划线_", "星号\\*强调\\*和\\_下划线\\_"),
        ("[链接](http://www.workercn.cn)", "\\[链接\\](http://www.workercn.cn)"),
        ("<b>标签</b> & 实体", "\\<b\\>标签\\</b\\> \\& 实体"),
        ("3摄氏度~4摄氏度", "3摄氏度\\~4摄氏度"),
        ("第一行\n===", "第一行\n\\==="),
        ("反斜杠\\和`代码`", "反斜杠\\\\和\\`代码\\`"),
    ],
)
def test_escape(text, expected):
    assert escape(text) == expected


@given(st.text(alphabet=st.sampled_from(list("中文字 \n1.-+#>*_[]<>&~`\\=|!")), max_size=40))
def test_escape_loses_nothing(text):
    escaped = escape(text)
    assert _UNESCAPE.sub(r"\1", escaped) == text
    for line in escaped.split("\n"):
        stripped = line.lstrip(" ")
        assert not regex.match(r"[-+#>*=]|\d+[.)]", stripped), line


def test_written_file(tmp_path):
    issue = build(
        "全国建成执法办案管理中心３２６６个\n"
        "\n"
        "本报记者 王维砚 成露\n"
        "\n"
        "　　五年来，全国已建成３２６６个执法办案管理中心，实现市、县两级全覆盖。\n"
    )
    issue.suggestions.append(suggestion(0, Status.PENDING, summary="a*b → a_b"))
    (path,) = export_issue(issue, tmp_path, ["md"])
    assert path == tmp_path / "snippet.md"
    md = path.read_text(encoding="utf-8")
    assert md == render_markdown(issue)
    lines = md.split("\n")
    assert lines[0] == "# snippet"
    assert "## 全国建成执法办案管理中心3266个" in lines
    assert "*本报记者 王维砚 成露*" in lines
    assert "五年来，全国已建成3266个执法办案管理中心，实现市、县两级全覆盖。" in lines
    assert "- [ ] JD301 fix 0.91: a\\*b → a\\_b — repeated word (`JD301-p1-0-abcdef00`)" in lines


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_seed_markdown_invariants(path):
    issue = build(path.read_text(encoding="utf-8"), name=path.stem, source=str(path))
    md = render_markdown(issue)
    assert md.endswith("\n") and "\n\n\n" not in md
    lines = md.split("\n")
    assert lines[0].startswith("# ")
    headings = [line for line in lines if line.startswith("## ")]
    with_headline = [a for a in issue.articles if a.headline is not None and a.headline.text.text]
    assert len(headings) >= len(with_headline)
    subheads = [b for a in issue.articles for b in a.body if b.role is Role.SUBHEAD and b.text.text]
    assert sum(line.startswith("### ") for line in lines) == len(subheads)
    for page in issue.pages:
        for furniture in page.furniture:
            assert escape(furniture.text) not in lines
    # every paragraph's text is there once unescaped
    plain = _UNESCAPE.sub(r"\1", md)
    for article in issue.articles:
        for block in article.body:
            if block.text.text:
                assert block.text.text.strip() in plain
