from pathlib import Path

import pytest

from casefile import load_cases, normalise_with, plain_page_text
from normalizer.config import Config
from normalizer.engine import RunContext
from normalizer.rules import get_rule
from normalizer.rules.jump_markers import chinese_int

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def run_again(issue):
    """Run JD202 once more over its own output: the changes it makes."""
    config = Config.load()
    ctx = RunContext(issue, config)
    get_rule("JD202")(config.options("JD202")).apply(issue.pages[0], ctx)
    return ctx.changes


def owner_of(page, marker):
    owners = [b for b in page.blocks if any(m is marker for m in b.markers)]
    assert len(owners) <= 1
    return owners[0] if owners else None


@pytest.mark.parametrize("case", load_cases("JD202"))
def test_jump_markers(case):
    raw = case["raw"]
    issue = normalise_with(raw, rules=["JD202"])
    page = issue.pages[0]
    assert plain_page_text(issue) == case["fixed"]
    expected = case.get("markers", [])
    assert len(page.markers) == len(expected)
    for marker, want in zip(page.markers, expected):
        assert marker.text == want["text"]
        assert raw[marker.start : marker.end] == marker.text
        assert marker.direction == want["direction"]
        assert marker.target == (None if want["target"] == -1 else want["target"])
        assert marker.target_label == want["label"]
        owner = owner_of(page, marker)
        if want["on"]:
            assert owner is not None and owner.text.text.startswith(want["on"])
        else:
            assert owner is None
    for change in issue.changes:
        assert change.rule == "JD202"
        assert raw[change.start : change.end] == change.before
    # idempotent: a second run finds nothing
    assert run_again(issue) == []
    assert len(page.markers) == len(expected)
    assert plain_page_text(issue) == case["fixed"]


# where the seeds have their markers: (file, direction, target) in page order
SEED_MARKERS = {
    "000": [("from", 1)] * 3,
    "001": [("from", 1)] * 2,
    "002": [("from", 1)] * 2,
    "003": [("to", 3), ("to", 3), ("to", 2)],
    "004": [("to", 3), ("to", 3)],
}


@pytest.mark.parametrize("name", sorted(SEED_MARKERS))
def test_seed_markers(name):
    path = next(SEEDS.glob(f"{name}_*.txt"))
    raw = path.read_text(encoding="utf-8")
    issue = normalise_with(raw, rules=["JD202"])
    page = issue.pages[0]
    assert [(m.direction, m.target) for m in page.markers] == SEED_MARKERS[name]
    text = plain_page_text(issue)
    assert "上接第" not in text and "下转第" not in text
    for marker in page.markers:
        owner = owner_of(page, marker)
        assert owner is not None and owner.role == "para"


@pytest.mark.parametrize(
    "numeral, value",
    [
        ("一", 1), ("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("两", 2),
        ("一百零五", 105), ("二〇二五", 2025), ("", None), ("A", None),
    ],
)
def test_chinese_numerals(numeral, value):
    assert chinese_int(numeral) == value


@pytest.mark.parametrize(
    "raw, text, furniture, markers",
    [
        ("这是一段正文。\n\n第3版 (下转第3版)", "这是一段正文。", ["第3版"], ["(下转第3版)"]),
        ("2025年11月18日(下转第3版)\n\n这是一段正文。", "这是一段正文。", ["2025年11月18日"], ["(下转第3版)"]),
        ("(上接第1版)\n要闻\n\n这是一段正文。", "这是一段正文。", ["要闻"], ["(上接第1版)"]),
    ],
)
def test_with_furniture(raw, text, furniture, markers):
    """Furniture and a marker on one line or block: each rule takes its own part,
    and a second run of both finds nothing."""
    issue = normalise_with(raw, rules=["JD201", "JD202"])
    page = issue.pages[0]
    assert plain_page_text(issue) == text
    assert [f.text for f in page.furniture] == furniture
    assert [m.text for m in page.markers] == markers
    config = Config.load()
    ctx = RunContext(issue, config)
    for rule_id in ("JD201", "JD202"):
        get_rule(rule_id)(config.options(rule_id)).apply(page, ctx)
    assert ctx.changes == []
