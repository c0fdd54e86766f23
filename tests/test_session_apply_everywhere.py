"""EditSession.apply_everywhere: one decision for every occurrence of a fix."""

from __future__ import annotations

import pytest

from normalizer.api import issue_from_text
from normalizer.model import Status
from normalizer.session import EditSession
from normalizer.textview import issue_text

PAGE1 = "　　乌鲁木齐石化公司检修修中心工会干事段钰说。\n\n　　精准把握职工群众所需所盼所盼。\n"
PAGE2 = "　　他在检修修中心工作了十年。\n\n　　公司检修修中心举办培训。\n"
RAW = "\f".join([PAGE1, PAGE2])


def new_session() -> EditSession:
    return EditSession(issue_from_text(RAW, name="test"))


def jd320(s: EditSession, before: str):
    return [x for x in s.issue.suggestions if x.rule == "JD320" and x.before == before]


def test_accepts_the_same_fix_everywhere():
    s = new_session()
    doubled = jd320(s, "修")
    assert len(doubled) == 3 and len(jd320(s, "所盼")) == 1
    ids = s.apply_everywhere(doubled[0].id)
    assert sorted(ids) == sorted(x.id for x in doubled)
    text = issue_text(s.issue)
    assert "检修修" not in text and text.count("检修中心") == 3
    assert "所盼所盼" in text  # a different fix of the same rule is left alone
    assert all(s.decisions[i] is Status.ACCEPTED for i in ids)
    assert all(x.status is Status.ACCEPTED for x in jd320(s, "修"))


def test_undo_with_decide_many():
    s = new_session()
    original = issue_text(s.issue)
    first = jd320(s, "修")[1].id
    before = dict(s.decisions)
    ids = s.apply_everywhere(first)
    s.decide_many({i: before.get(i) for i in ids})
    assert issue_text(s.issue) == original
    assert s.decisions == before
    assert all(x.status is Status.PENDING for x in jd320(s, "修"))


def test_leaves_rejected_ones_and_skips_the_accepted_one():
    s = new_session()
    a, b, c = (x.id for x in jd320(s, "修"))
    s.decide(b, "rejected")
    s.decide(a, "accepted")
    ids = s.apply_everywhere(a)
    assert ids == [c]
    assert s.decisions[b] is Status.REJECTED
    assert issue_text(s.issue).count("检修修中心") == 1


def test_same_as_a_fresh_session_with_those_decisions():
    s = new_session()
    s.apply_everywhere(jd320(s, "修")[0].id)
    fresh = EditSession(issue_from_text(RAW, name="test"), s.config, dict(s.decisions))
    assert issue_text(fresh.issue) == issue_text(s.issue)
    assert [c.as_dict() for c in fresh.issue.changes] == [c.as_dict() for c in s.issue.changes]


def test_not_for_stitches_or_unknown_ids():
    s = new_session()
    with pytest.raises(KeyError):
        s.apply_everywhere("JD320-p9-0-deadbeef")
    three = "\f".join(
        [
            "深化工会改革和建设\n\n群众路线是党的生命线和根本工作路线。要落实新时代(下转第2版)\n",
            "深化工会改革和建设\n\n(上接第1版)\n\n党的建设总要求，加强工会系统党的建设。\n",
        ]
    )
    s = EditSession(issue_from_text(three, name="test"))
    stitch = next(x for x in s.issue.suggestions if x.kind == "stitch")
    with pytest.raises(ValueError):
        s.apply_everywhere(stitch.id)
