from pathlib import Path

import pytest

from casefile import check_text_case, load_cases, run_text_rule
from normalizer.api import issue_from_text
from normalizer.engine import normalise_issue

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.parametrize("case", load_cases("JD320"))
def test_duplicated_characters(case):
    check_text_case("JD320", case)


def test_suggestion_explains_itself():
    _, suggestions, changes = run_text_rule("JD320", "公司检修修中心工会干事")
    assert not changes
    (s,) = suggestions
    assert s.kind == "fix" and s.rule == "JD320"
    assert 0.5 <= s.score < 0.9
    assert "检修/修/中心" in s.evidence and "检修/中心" in s.evidence
    # the raw span is the second copy
    assert (s.start, s.end) == (4, 5)


def test_accepted_suggestion_removes_the_copy():
    raw = "职工群众所需所盼所盼，全面了解"
    _, suggestions, _ = run_text_rule("JD320", raw)
    issue = normalise_issue(issue_from_text(raw), decisions={suggestions[0].id: "accepted"})
    assert issue.pages[0].blocks[0].text.text == "职工群众所需所盼，全面了解"
    (change,) = [c for c in issue.changes if c.rule == "JD320"]
    assert raw[change.start : change.end] == "所盼" and change.after == ""


# every JD320 suggestion on the seeds: the three recognition errors, nothing else
SEED_SUGGESTIONS = {
    "000": [("所盼", "")],
    "001": [("必胜", ""), ("修", "")],
    "002": [],
    "003": [],
    "004": [],
}


@pytest.mark.parametrize("name", sorted(SEED_SUGGESTIONS))
def test_seeds(name):
    path = next(SEEDS.glob(f"{name}_*.txt"))
    issue = normalise_issue(issue_from_text(path.read_text(encoding="utf-8")))
    got = [(s.before, s.after) for s in issue.suggestions if s.rule == "JD320"]
    assert got == SEED_SUGGESTIONS[name]
