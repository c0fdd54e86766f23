from pathlib import Path

import pytest

from casefile import check_text_case, load_cases, run_text_rule
from normalizer.api import issue_from_text
from normalizer.engine import normalise_issue

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.parametrize("case", load_cases("JD321"))
def test_lookalike_characters(case):
    check_text_case("JD321", case)


def test_evidence_says_what_was_seen():
    raw = "工作机制推动人会的成果之一。开发“建会入会一件事”"
    _, suggestions, _ = run_text_rule("JD321", raw)
    (s,) = suggestions
    assert "推动/人/会/的/成果" in s.evidence and "推动/入会/的/成果" in s.evidence
    assert "入会" in s.evidence and "elsewhere in the block" in s.evidence
    assert (s.start, s.end) == (6, 7)


def test_lexicon_alone_scores_lower_than_confirmed():
    _, alone, _ = run_text_rule("JD321", "为进人新时代打下基础")
    _, confirmed, _ = run_text_rule("JD321", "工作机制推动人会的成果之一。开发“建会入会一件事”")
    assert alone[0].score <= 0.75 < confirmed[0].score


# every JD321 suggestion on the seeds (before → after, raw line)
SEED_SUGGESTIONS = {
    "000": [("人", "入", 156), ("人", "入", 156)],
    "001": [],
    "002": [],
    "003": [("人", "入", 23)],
    "004": [],
}


@pytest.mark.parametrize("name", sorted(SEED_SUGGESTIONS))
def test_seeds(name):
    path = next(SEEDS.glob(f"{name}_*.txt"))
    raw = path.read_text(encoding="utf-8")
    issue = normalise_issue(issue_from_text(raw))
    got = [(s.before, s.after, raw.count("\n", 0, s.start) + 1) for s in issue.suggestions if s.rule == "JD321"]
    assert got == SEED_SUGGESTIONS[name]
