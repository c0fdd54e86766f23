from pathlib import Path

import pytest

from casefile import load_cases, normalise_with, plain_page_text
from normalizer.config import Config
from normalizer.engine import RunContext
from normalizer.rules import get_rule

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def run_again(issue):
    """Run JD201 once more over its own output: the changes it makes."""
    config = Config.load()
    ctx = RunContext(issue, config)
    get_rule("JD201")(config.options("JD201")).apply(issue.pages[0], ctx)
    return ctx.changes


@pytest.mark.parametrize("case", load_cases("JD201"))
def test_page_furniture(case):
    raw = case["raw"]
    issue = normalise_with(raw, rules=["JD201"])
    page = issue.pages[0]
    assert plain_page_text(issue) == case["fixed"]
    assert [f.text for f in page.furniture] == case.get("furniture", [])
    if "kinds" in case:
        assert [f.kind for f in page.furniture] == case["kinds"]
    if "date" in case:
        assert issue.date == (case["date"] or None)
    if "number" in case:
        assert issue.number == (case["number"] or None)
    # furniture keeps its raw span; every change is explained with one
    for item in page.furniture:
        assert raw[item.start : item.end] == item.text
    for change in issue.changes:
        assert change.rule == "JD201"
        assert raw[change.start : change.end] == change.before
    # idempotent: a second run finds nothing
    count = len(page.furniture)
    assert run_again(issue) == []
    assert len(page.furniture) == count
    assert plain_page_text(issue) == case["fixed"]


def test_front_page_seed():
    """Seed 004 is a front page: its masthead goes, its articles stay."""
    path = next(SEEDS.glob("004_*.txt"))
    raw = path.read_text(encoding="utf-8")
    issue = normalise_with(raw, rules=["JD201"])
    page = issue.pages[0]
    assert len(page.furniture) == 5
    assert (issue.date, issue.number) == ("2025-11-18", "22331")
    assert plain_page_text(issue).startswith("四中全会精神在基层 探会")


@pytest.mark.parametrize("name", ["000", "001", "002", "003"])
def test_inside_pages_have_no_furniture(name):
    path = next(SEEDS.glob(f"{name}_*.txt"))
    issue = normalise_with(path.read_text(encoding="utf-8"), rules=["JD201"])
    assert issue.pages[0].furniture == []
    assert issue.changes == []
