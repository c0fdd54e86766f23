from pathlib import Path

import pytest

from casefile import load_cases, normalise_with, plain_page_text
from normalizer.api import issue_from_text
from normalizer.engine import normalise_issue
from normalizer.model import Block, JumpMarker, Role
from normalizer.rules.rejoin import (
    RejoinColumnBreaks,
    continued_between,
    date_goes_on,
    ends_quoted_phrase,
    says_who,
    seam,
)
from normalizer.sourced import SourcedText
from normalizer.lexicon import last_word
from normalizer.structure import ends_with_bound_word, signals
from normalizer.textview import page_text

SEEDS = Path(__file__).parent.parent / "seeds"


def _raw_of(block: Block, raw: str) -> str:
    return "".join(raw[s.start : s.end] for s in block.text.spans())


@pytest.mark.parametrize("case", load_cases("JD203"))
def test_rejoin(case):
    rules = case.get("rules", ["JD203"])
    issue = normalise_with(case["raw"], rules)
    page = issue.pages[0]
    assert plain_page_text(issue) == case["fixed"]
    if "roles" in case:
        assert [str(b.role) for b in page.blocks] == case["roles"]
    ends = [k for k, b in enumerate(page.blocks) if b.ends_mid_sentence]
    starts = [k for k, b in enumerate(page.blocks) if b.starts_mid_sentence]
    assert ends == case.get("ends_mid", [])
    assert starts == case.get("starts_mid", [])
    # every change names its raw span, and shows what was there
    for change in issue.changes:
        assert 0 <= change.start <= change.end <= len(case["raw"])
        assert change.before == case["raw"][change.start : change.end]
        if change.rule == "JD203":
            assert change.before.strip() == ""  # only layout goes
    # with only deletions made, every block still reads as its raw spans
    if rules == ["JD203"]:
        for block in page.blocks:
            assert _raw_of(block, case["raw"]) == block.text.text
    # idempotent: the rule's own output (with paragraph indents) stays as it is
    again = normalise_with(page_text(page), rules)
    assert plain_page_text(again) == case["fixed"]
    assert not [c for c in again.changes if c.rule == "JD203"]


# -- the seam itself, with hand-made blocks and markers --------------------------


def _block(text: str, start: int, role: Role = Role.PARAGRAPH, indent: bool = False) -> Block:
    return Block(1, start, start + len(text), SourcedText.from_raw(text, 1), role=role, indent=indent)


def _marker(direction: str) -> JumpMarker:
    label = "3" if direction == "to" else "1"
    word = "下转" if direction == "to" else "上接"
    return JumpMarker(1, 0, 0, f"({word}第{label}版)", direction, int(label), label)


FIRST = "据了解，太原市总从2014年起开展厂"
SECOND = "务公开民主管理工作“互观互鉴”活动。"


def test_seam_joins_a_column_edge():
    assert seam(None, _block(FIRST, 0), _block(SECOND, 100), signals()) is not None


def test_seam_never_after_a_continued_on_marker():
    first = _block(FIRST, 0)
    first.markers.append(_marker("to"))
    assert seam(None, first, _block(SECOND, 100), signals()) is None


def test_seam_never_before_a_continued_from_marker():
    second = _block(SECOND, 100)
    second.markers.append(_marker("from"))
    assert seam(None, _block(FIRST, 0), second, signals()) is None


def test_seam_other_markers_do_not_stop_it():
    first, second = _block(FIRST, 0), _block(SECOND, 100)
    first.markers.append(_marker("from"))  # the first half starts a continued part
    second.markers.append(_marker("to"))  # the second half ends it
    assert seam(None, first, second, signals()) is not None


def test_seam_never_to_an_indented_block():
    assert seam(None, _block(FIRST, 0), _block(SECOND, 100, indent=True), signals()) is None


@pytest.mark.parametrize(
    "role",
    [Role.HEADING, Role.BYLINE, Role.CREDIT, Role.CAPTION, Role.LEAD_BOX, Role.SIGN_OFF, Role.MARKER],
)
def test_seam_never_to_a_block_that_is_not_text(role):
    assert seam(None, _block(FIRST, 0), _block(SECOND, 100, role=role), signals()) is None


def _from_marker_at(start: int) -> JumpMarker:
    return JumpMarker(1, start, start + 7, "(上接第3版)", "from", 3, "3")


def test_continued_between_reads_where_the_marker_stood():
    raw = "(上接第3版)\n\n今年4月30日,夜\n\n幕降临后,山城流光溢彩。"
    a, b = raw.index("今年"), raw.index("幕降")
    first = Block(1, a, a + 9, SourcedText.from_raw(raw, 1, a, a + 9))
    second = Block(1, b, len(raw), SourcedText.from_raw(raw, 1, b))
    second.markers.append(_from_marker_at(0))  # above the first half: opens the part
    assert not continued_between(first, second)
    second.markers[0] = _from_marker_at(a + 10)  # between the halves
    assert continued_between(first, second)


@pytest.mark.parametrize(
    "text, word",
    [
        ("炼油厂保洁车间的黄丽娜在", "在"),
        ("刘志新和薄绍滨都曾", "曾"),
        ("倾心呵护特定群体权利", "权利"),
        ("举行招待会", "招待会"),
        ("连心桥”", ""),
    ],
)
def test_last_word(text, word):
    assert last_word(text) == word


@pytest.mark.parametrize(
    "text, bound",
    [
        ("困难职工一直是工会关注的", True),
        ("这是工会", False),
        ("为党育人 为国育才", False),
        ("二十大新闻中心举行招待会", False),
    ],
)
def test_ends_bound(text, bound):
    assert ends_with_bound_word(text) is bound


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("完善了“书香社区”“五点钟课堂”", True),
        ('被称为"连心桥"', True),
        ("对职业有了更多尊重和期待。”", False),
        ("每一步成长都是幸福的……”", False),
        ("形成了新格局。", False),
        ('一是"', False),  # a straight quote that opens a quotation
    ],
)
def test_ends_quoted_phrase(text, phrase):
    assert ends_quoted_phrase(text, signals()) is phrase


@pytest.mark.parametrize(
    "text, who",
    [
        ("湘潭电机子弟中学钟艳老师告诉记者。", True),
        ("10月29日，贵州货车司机黄晓胜对记者说。", True),
        ("该院教师马飞宇认为。“5位巾帼劳模工匠的不凡事迹令人感动。”", True),
        ("钟艳老师告诉记者，学校将组织教师参加更多活动。", False),
        ("他说：“好。”", False),
    ],
)
def test_says_who(text, who):
    assert says_who(text) is who


@pytest.mark.parametrize(
    "left, right, goes_on",
    [
        ("故事:2018年", "6月两国领导人", True),
        ("会议２０１１年１２月", "３０日在平壤举行", True),
        ("回望2018年", "6月12日,两国", False),
        ("2018年", "2019年", False),
    ],
)
def test_date_goes_on(left, right, goes_on):
    assert date_goes_on(left, right, signals()) is goes_on


def test_marker_above_the_first_half_stays_on_the_joined_block():
    raw = (
        "工会文体“大餐”让职工生活“增味”\n\n(上接第3版)\n\n"
        "今年4月30日,夜\n\n幕降临后,山城“两江四岸”流光溢彩。\n"
    )
    issue = normalise_with(raw, ["JD202", "JD203"])
    last = issue.pages[0].blocks[-1]
    assert last.text.text.startswith("今年4月30日,夜幕")
    assert [m.direction for m in last.markers] == ["from"]


def test_line_fixes_leave_headlines_alone():
    rule = RejoinColumnBreaks({"heading_line_ratio": 0.7})
    block = _block("定西:两级定点联系为“小三级”工会赋能\n十堰:机关干部变身“五员”服务基层和职工", 0, role=Role.HEADING)
    assert rule.line_fixes(block, signals()) == []


# -- whole seed pages ---------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seed_pages_are_stable(path):
    """On every sample page: the joins keep the raw text of both halves, and
    the normalised page read back in is not joined again."""
    raw = path.read_text(encoding="utf-8")
    issue = normalise_issue(issue_from_text(raw))
    joins = [c for c in issue.changes if c.rule == "JD203"]
    assert joins
    for change in joins:
        assert change.before.strip() == ""
    again = normalise_issue(issue_from_text(page_text(issue.pages[0])))
    assert not [c for c in again.changes if c.rule == "JD203"]
