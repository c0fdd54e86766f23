from pathlib import Path

import pytest

from casefile import check_text_case, load_cases
from normalizer.api import issue_from_text
from normalizer.engine import normalise_issue

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.parametrize("case", load_cases("JD322"))
def test_unbalanced_quotes(case):
    check_text_case("JD322", case)


def test_accepted_moves_the_quote():
    raw = "现在，炼油厂“通过”数字工会”系统就能将她的全部信息一键转移。"
    first = normalise_issue(issue_from_text(raw))
    (s,) = [x for x in first.suggestions if x.rule == "JD322"]
    issue = normalise_issue(issue_from_text(raw), decisions={s.id: "accepted"})
    assert "炼油厂通过“数字工会”系统" in issue.pages[0].blocks[0].text.text


SEED_SUGGESTIONS = {"000": [], "001": [("“通过”", "通过“")], "002": [], "003": [], "004": []}


@pytest.mark.parametrize("name", sorted(SEED_SUGGESTIONS))
def test_seeds(name):
    path = next(SEEDS.glob(f"{name}_*.txt"))
    issue = normalise_issue(issue_from_text(path.read_text(encoding="utf-8")))
    assert [(s.before, s.after) for s in issue.suggestions if s.rule == "JD322"] == SEED_SUGGESTIONS[name]
