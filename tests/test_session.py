"""The editing session: hand edits, decisions, find and replace, undo, events.

The central promise is checked throughout: whatever was done, the session's
model equals what a fresh session made from the same raw pages, settings,
decisions and hand edits gives (that is what a saved project reloads to).
"""

from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest

from normalizer import session as session_module
from normalizer.api import issue_from_text
from normalizer.config import Config
from normalizer.model import Status
from normalizer.session import HAND, EditSession, HandEdit, SessionEvent
from normalizer.textview import issue_text

SEEDS = Path(__file__).parent.parent / "seeds"

# traditional text (JD120 converts it, and suggests the ambiguous 髮 and 後),
# a simplified block with a stray 於 (suggested), ASCII punctuation and an
# ellipsis of dots (JD110, JD112); three pages
PAGE1 = "　　他們的頭髮很長。他的後代都在北京工作。\n\n　　作家於先生来信,说今年的收成很好...\n"
PAGE2 = "　　房間打掃得很乾淨。\n\n　　第二页的正文,写的是工会的事。\n"
PAGE3 = "　　第三页的正文,写的也是工会的事。\n"
RAW = "\f".join([PAGE1, PAGE2, PAGE3])


def new_session(raw: str = RAW, config: Config | None = None) -> EditSession:
    return EditSession(issue_from_text(raw, name="test"), config)


def fresh_copy(s: EditSession) -> EditSession:
    """A new session from what a project stores: raw pages, settings, decisions, hand edits."""
    edits = [HandEdit(**e.as_dict()) for e in s.hand_edits]
    raw = "\f".join(p.raw for p in s.raw_pages)
    return EditSession(issue_from_text(raw, name=s.name), s.config, dict(s.decisions), edits)


def model(s: EditSession) -> tuple:
    return (
        issue_text(s.issue),
        [c.as_dict() for c in s.issue.changes],
        [x.as_dict() for x in s.issue.suggestions],
        [(e.id, e.status) for e in s.hand_edits],
        sorted(s.stale_decisions),
    )


def block_with(s: EditSession, text: str):
    for block in s.issue.blocks():
        if text in block.text.text:
            return block
    raise AssertionError(f"no block with {text!r}")


def suggestion_for(s: EditSession, before: str):
    for sg in s.issue.suggestions:
        if sg.before == before:
            return sg
    raise AssertionError(f"no suggestion for {before!r}")


def config_with(base: Config, **enabled: bool) -> Config:
    config = copy.deepcopy(base)
    for rid, on in enabled.items():
        config.rules[rid]["enabled"] = on
    return config


@pytest.fixture
def s() -> EditSession:
    return new_session()


@pytest.fixture
def no_rules(monkeypatch):
    """Fail if anything runs the rules."""

    def boom(*args, **kwargs):
        raise AssertionError("the rules were run")

    monkeypatch.setattr(session_module, "normalise_issue", boom)


# ---------------------------------------------------------------------------
# the starting point


def test_session_normalises_and_keeps_the_raw_pages(s):
    assert issue_text(s.issue).startswith("\u3000\u3000他们的头髮很长。他的後代都在北京工作。")
    assert {sg.before for sg in s.issue.suggestions} >= {"髮", "後", "於", "乾"}
    assert [p.raw for p in s.raw_pages] == [PAGE1, PAGE2, PAGE3]
    assert s.hand_edits == [] and s.decisions == {} and s.stale_decisions == []
    assert not s.modified


def test_the_issue_given_is_not_changed():
    issue = issue_from_text(RAW)
    EditSession(issue)
    assert all(p.blocks == [] for p in issue.pages)


# ---------------------------------------------------------------------------
# typing


def test_keystroke_changes_the_block_without_running_rules(s, no_rules):
    events: list[SessionEvent] = []
    s.subscribe(events.append)
    block = block_with(s, "作家於先生")
    edit = s.edit_block_text(block.id, 0, 2, "诗人")
    assert block.text.text.startswith("诗人於先生来信")
    at = PAGE1.index("作家")
    assert edit == HandEdit(edit.id, block.id, 1, at, at + 2, "作家", "诗人", "", "applied")
    assert s.issue.changes[-1].rule == HAND
    assert (s.issue.changes[-1].before, s.issue.changes[-1].after) == ("作家", "诗人")
    assert [e.kind for e in events] == ["block_changed"]
    assert events[0].block_ids == (block.id,) and events[0].hand_edit_ids == (edit.id,)
    assert s.modified


def test_typed_text_is_anchored_at_the_raw_position(s):
    block = block_with(s, "作家於先生")
    s.edit_block_text(block.id, 2, 2, "的")
    piece = next(p for p in block.text.pieces if p.text == "的")
    at = PAGE1.index("於")
    assert (piece.page, piece.start, piece.end) == (1, at, at)  # anchored before raw 於


def test_typing_one_character_at_a_time_survives_a_rerun(s):
    block = block_with(s, "作家於先生")
    for k, ch in enumerate("老作家"):
        s.edit_block_text(block.id, k, k, ch)
    s.edit_block_text(block.id, len(block.text.text), len(block.text.text), "！")
    assert block.text.text.startswith("老作家作家於先生")
    expected = model(s)
    s.renormalise()
    assert model(s) == expected
    assert block_with(s, "老作家作家於先生").text.text.endswith("！")


def test_edit_inside_text_a_rule_made_is_found_again(s):
    # "..." became "……" (one piece from three raw dots); edit its second half
    block = block_with(s, "收成很好")
    at = block.text.text.index("……")
    s.edit_block_text(block.id, at + 1, at + 2, "")
    s.edit_block_text(block.id, at + 1, at + 1, "。")
    assert block.text.text.endswith("很好…。")
    expected = model(s)
    s.renormalise()
    assert model(s) == expected


def test_deleting_a_whole_block_and_typing_into_it(s):
    block = block_with(s, "第三页的正文")
    s.edit_block_text(block.id, 0, len(block.text.text), "")
    assert block.text.text == ""
    s.edit_block_text(block.id, 0, 0, "新写的一段。")
    assert block.text.text == "新写的一段。"
    assert model(fresh_copy(s)) == model(s)


@pytest.mark.parametrize(
    "start, end, replacement",
    [(-1, 0, "x"), (0, 999, "x"), (3, 2, "x"), (0, 0, ""), (0, 2, "他们")],
    ids=["negative", "past the end", "reversed", "empty insertion", "same text"],
)
def test_bad_edits_are_refused(s, start, end, replacement):
    block = block_with(s, "他们的头髮")
    with pytest.raises(ValueError):
        s.edit_block_text(block.id, start, end, replacement)
    assert s.hand_edits == []


def test_unknown_block(s):
    with pytest.raises(KeyError, match="no block"):
        s.edit_block_text("p9-0", 0, 0, "x")


# ---------------------------------------------------------------------------
# hand edits and re-running the rules


def test_hand_edit_survives_renormalise_and_set_config(s):
    block = block_with(s, "第二页的正文")
    s.edit_block_text(block.id, 0, 3, "第2页")
    s.renormalise()
    assert "第2页的正文，写的是工会的事。" in issue_text(s.issue)
    s.set_config(config_with(s.config, JD112=False))  # a rule the edit has nothing to do with
    assert "第2页的正文，写的是工会的事。" in issue_text(s.issue)
    assert s.lost_hand_edits == []
    assert [c.rule for c in s.issue.changes].count(HAND) == 1


def test_hand_edit_whose_text_vanished_is_lost_reported_and_kept(s):
    block = block_with(s, "他们的头髮")
    at = block.text.text.index("头髮")
    edit = s.edit_block_text(block.id, at, at + 2, "头发")  # corrects text JD120 made
    s.set_config(config_with(s.config, JD120=False))  # raw 頭髮 is back: "头髮" is not there
    assert edit.status == "lost"
    assert s.lost_hand_edits == [edit]
    assert s.hand_edits == [edit]
    assert "頭髮" in issue_text(s.issue)
    assert HAND not in [c.rule for c in s.issue.changes]
    s.set_config(config_with(s.config, JD120=True))  # its place is back, and so is the edit
    assert edit.status == "applied"
    assert s.lost_hand_edits == []
    assert "他们的头发很长" in issue_text(s.issue)


def test_set_config_keeps_a_copy(s):
    config = config_with(s.config, JD110=False)
    s.set_config(config)
    config.rules["JD110"]["enabled"] = True
    assert s.config.is_enabled("JD110") is False


# ---------------------------------------------------------------------------
# decisions


def test_accepting_a_suggestion_changes_the_text_and_survives_a_rerun(s):
    sg = suggestion_for(s, "髮")
    s.decide(sg.id, Status.ACCEPTED)
    assert "他们的头发很长" in issue_text(s.issue)
    assert s.suggestion(sg.id).status is Status.ACCEPTED
    s.renormalise()
    assert "他们的头发很长" in issue_text(s.issue)
    s.set_config(config_with(s.config, JD110=False))
    assert "他们的头发很长" in issue_text(s.issue)


def test_decide_reruns_only_the_page_of_the_suggestion(s, monkeypatch):
    runs: list[int] = []
    real = session_module.normalise_issue

    def counting(issue, *args, **kwargs):
        runs.append(len(issue.pages))
        return real(issue, *args, **kwargs)

    monkeypatch.setattr(session_module, "normalise_issue", counting)
    events: list[SessionEvent] = []
    s.subscribe(events.append)
    sg = suggestion_for(s, "乾")
    s.decide(sg.id, "accepted")
    assert runs == [1]
    assert "房间打扫得很干净" in issue_text(s.issue)
    assert events[-1].kind == "suggestion_changed"
    assert events[-1].suggestion_ids == (sg.id,)
    assert events[-1].block_ids == (block_with(s, "房间打扫").id,)
    assert model(s) == model(fresh_copy(s))


def test_decide_back_restores_the_text(s):
    before = model(s)
    sg = suggestion_for(s, "後")
    previous = s.decisions.get(sg.id)
    s.decide(sg.id, "accepted")
    assert "他的后代" in issue_text(s.issue)
    s.decide(sg.id, previous)  # undo: None removes the decision
    assert sg.id not in s.decisions
    assert model(s) == before


def test_rejected_and_pending_decisions_are_kept(s):
    sg = suggestion_for(s, "於")
    s.decide(sg.id, "rejected")
    assert s.suggestion(sg.id).status is Status.REJECTED
    s.renormalise()
    assert s.suggestion(sg.id).status is Status.REJECTED
    assert s.decisions == {sg.id: Status.REJECTED}


def test_explicit_pending_overrides_accept_above():
    config = Config.load(accept_above=0.7)
    s = new_session(config=config)
    sg = suggestion_for(s, "髮")
    assert sg.status is Status.ACCEPTED  # 0.8 >= 0.7
    s.decide(sg.id, "pending")
    assert s.suggestion(sg.id).status is Status.PENDING
    assert "头髮" in issue_text(s.issue)
    s.decide(sg.id, None)
    assert s.suggestion(sg.id).status is Status.ACCEPTED


def test_stale_decision_is_reported_not_dropped(s):
    sg = suggestion_for(s, "髮")
    s.decide(sg.id, "accepted")
    s.set_config(config_with(s.config, JD120=False))  # no more JD120 suggestions
    assert s.stale_decisions == [sg.id]
    assert s.decisions == {sg.id: Status.ACCEPTED}
    s.set_config(config_with(s.config, JD120=True))
    assert s.stale_decisions == []
    assert "他们的头发很长" in issue_text(s.issue)


def test_decision_on_an_unknown_suggestion_is_stale(s):
    s.decide("JD999-p1-0-00000000", "accepted")
    assert s.stale_decisions == ["JD999-p1-0-00000000"]
    s.decide("JD999-p1-0-00000000", None)
    assert s.stale_decisions == []


def test_accept_above_and_its_undo(s):
    before_text = model(s)
    before = dict(s.decisions)
    ids = s.accept_above(0.75)
    assert ids and all(s.suggestion(i).score >= 0.75 for i in ids)
    assert all(s.suggestion(i).status is Status.ACCEPTED for i in ids)
    assert "於" in issue_text(s.issue)  # 0.5: still pending
    assert model(s) == model(fresh_copy(s))
    s.decide_many({i: before.get(i) for i in ids})
    assert model(s) == before_text


# ---------------------------------------------------------------------------
# undo and redo of typing


def test_remove_and_restore_hand_edits(s, no_rules):
    original = issue_text(s.issue)
    block = block_with(s, "第二页的正文")
    edits = [s.edit_block_text(block.id, k, k, ch) for k, ch in enumerate("新的")]
    typed = issue_text(s.issue)
    for e in reversed(edits):
        s.remove_hand_edit(e.id)
    assert issue_text(s.issue) == original
    assert s.hand_edits == []
    for e in edits:
        s.restore_hand_edit(e)
    assert issue_text(s.issue) == typed
    assert [e.id for e in s.hand_edits] == [e.id for e in edits]


def test_removing_an_earlier_edit_reruns_its_page(s):
    block = block_with(s, "第二页的正文")
    first = s.edit_block_text(block.id, 0, 0, "甲")
    s.edit_block_text(block.id, len(block.text.text), len(block.text.text), "乙")
    s.remove_hand_edit(first.id)  # not the last one on the block
    assert block_with(s, "第二页的正文").text.text.endswith("乙")
    assert not block_with(s, "第二页的正文").text.text.startswith("甲")
    assert model(s) == model(fresh_copy(s))


def test_hand_edit_ids_are_not_reused(s):
    block = block_with(s, "第二页的正文")
    e1 = s.edit_block_text(block.id, 0, 0, "甲")
    s.remove_hand_edit(e1.id)
    e2 = s.edit_block_text(block.id, 0, 0, "乙")
    assert e2.id > e1.id


# ---------------------------------------------------------------------------
# find and replace


def test_find_plain_across_pages(s):
    found = s.find("正文")
    assert [(bid.split("-")[0], e - b) for bid, b, e in found] == [("p2", 2), ("p3", 2)]
    for bid, b, e in found:
        assert s.block(bid).text.text[b:e] == "正文"


def test_find_regex_and_case():
    s = new_session("　　ABC工会abc的事。\f　　又见Abc。\n")
    assert len(s.find("abc")) == 1
    assert len(s.find("abc", case=False)) == 3
    found = s.find(r"\p{Han}+(?=abc)", regex=True)
    assert [s.block(b).text.text[x:y] for b, x, y in found] == ["工会"]
    assert s.find("a*", regex=True, case=False) != []  # empty matches are left out
    assert all(y > x for _, x, y in s.find("a*", regex=True))


def test_find_bad_pattern(s):
    with pytest.raises(ValueError, match="regular expression"):
        s.find("(", regex=True)
    with pytest.raises(ValueError):
        s.find("")


def test_replace_all_plain_across_pages_and_undo(s):
    original = model(s)
    edits = s.replace_all("工会", "公会")
    assert len(edits) == 2
    assert issue_text(s.issue).count("公会") == 2 and "工会" not in issue_text(s.issue)
    assert {e.page for e in edits} == {2, 3}
    assert model(s) == model(fresh_copy(s))
    s.renormalise()
    assert issue_text(s.issue).count("公会") == 2
    s.remove_hand_edits([e.id for e in edits])
    assert model(s) == original
    s.restore_hand_edits(edits)
    assert issue_text(s.issue).count("公会") == 2


def test_replace_all_one_by_one_undo(s):
    original = issue_text(s.issue)
    edits = s.replace_all("的", "之")
    assert len(edits) > 3
    for e in reversed(edits):
        s.remove_hand_edit(e.id)
    assert issue_text(s.issue) == original


def test_replace_all_regex_with_groups(s):
    edits = s.replace_all(r"第(\p{Han})页", r"[\1]", regex=True)
    text = issue_text(s.issue)
    assert "[二]的正文" in text and "[三]的正文" in text
    assert len(edits) == 2
    assert model(s) == model(fresh_copy(s))


def test_replace_all_several_in_one_block(s):
    block = block_with(s, "他们的头髮")
    s.replace_all("的", "之")
    assert block.text.text.startswith("他们之头髮很长。他之後代")
    assert model(s) == model(fresh_copy(s))


def test_replace_all_bad_replacement_changes_nothing(s):
    before = model(s)
    with pytest.raises(ValueError, match="replacement"):
        s.replace_all(r"第(\p{Han})页", r"\9", regex=True)
    assert model(s) == before and s.hand_edits == []


def test_replace_all_same_text_is_no_edit(s):
    assert s.replace_all("工会", "工会") == []


# ---------------------------------------------------------------------------
# events


def test_events_and_unsubscribe(s):
    events: list[SessionEvent] = []
    stop = s.subscribe(events.append)
    s.renormalise()
    assert events[-1].kind == "renormalised" and events[-1].pages == (1, 2, 3)
    revision = events[-1].revision
    block = block_with(s, "第三页")
    s.edit_block_text(block.id, 0, 0, "x")
    assert events[-1].revision == revision + 1 == s.revision
    stop()
    s.renormalise()
    assert len(events) == 2


# ---------------------------------------------------------------------------
# opening files


def test_open_paths_reads_a_seed():
    path = sorted(SEEDS.glob("*.txt"))[3]
    s, errors = EditSession.open_paths([path])
    assert errors == []
    assert s is not None and s.name == path.stem
    assert len(s.issue.pages) == 1 and s.issue.blocks()


def test_open_issues_reports_errors(tmp_path):
    folder = tmp_path / "issue"
    folder.mkdir()
    (folder / "p1.txt").write_text(PAGE1, encoding="utf-8")
    (folder / "p2.txt").write_bytes(b"")
    sessions, errors = EditSession.open_issues([folder, tmp_path / "missing.txt"])
    assert [len(x.issue.pages) for x in sessions] == [1]
    assert len(errors) == 2
    none, errors = EditSession.open_paths([tmp_path / "missing.txt"])
    assert none is None and errors


# ---------------------------------------------------------------------------
# the promise: every way of getting somewhere gives the model a fresh run gives


@pytest.mark.parametrize("seed", range(6))
def test_random_editing_matches_a_fresh_run(seed):
    rng = random.Random(seed)
    s = new_session()
    start = model(s)
    undo: list[tuple] = []
    letters = "的一是好…，。“”\"X后发"
    for _ in range(60):
        op = rng.random()
        if op < 0.45:
            block = rng.choice(s.issue.blocks())
            n = len(block.text.text)
            a = rng.randint(0, n)
            b = min(n, a + rng.choice([0, 0, 1, 2, 3]))
            text = "".join(rng.choice(letters) for _ in range(rng.choice([0, 1, 2])))
            try:
                undo.append(("edit", s.edit_block_text(block.id, a, b, text)))
            except ValueError:
                continue
        elif op < 0.6 and undo:
            _undo(s, undo.pop())
        elif op < 0.85 and s.issue.suggestions:
            sg = rng.choice(s.issue.suggestions)
            undo.append(("decide", sg.id, s.decisions.get(sg.id)))
            s.decide(sg.id, rng.choice(["accepted", "rejected", "pending", None]))
        elif op < 0.92:
            rid = rng.choice(["JD110", "JD111", "JD112", "JD120", "JD203"])
            undo.append(("config", s.config))
            s.set_config(config_with(s.config, **{rid: not s.config.is_enabled(rid)}))
        else:
            undo.append(("replace", s.replace_all(rng.choice(["的", "，", "…"]), rng.choice(["之", ",", ""]))))
        assert model(s) == model(fresh_copy(s))
    while undo:
        _undo(s, undo.pop())
    assert model(s) == start
    assert s.hand_edits == [] and s.decisions == {}


def _undo(s: EditSession, step: tuple) -> None:
    kind = step[0]
    if kind == "edit":
        s.remove_hand_edit(step[1].id)
    elif kind == "decide":
        s.decide(step[1], step[2])
    elif kind == "config":
        s.set_config(step[1])
    else:
        s.remove_hand_edits([e.id for e in step[1]])


def test_decide_runs_the_whole_issue_when_pages_are_not_independent(s, monkeypatch):
    # with an issue-wide rule on, a page cannot be re-run on its own (only its
    # text rules can, for a fix: see test_session_fast_accept.py)
    monkeypatch.setattr(EditSession, "_issue_rules_on", lambda self: True)
    monkeypatch.setattr(EditSession, "_text_fix_pages", lambda self, sids: None)
    events: list[SessionEvent] = []
    s.subscribe(events.append)
    block = block_with(s, "房间打扫")
    s.edit_block_text(block.id, 0, 0, "新")
    sg = suggestion_for(s, "乾")
    s.decide(sg.id, "accepted")
    assert events[-1].kind == "renormalised" and events[-1].pages == (1, 2, 3)
    assert "新房间打扫得很干净" in issue_text(s.issue)
    assert model(s) == model(fresh_copy(s))


def test_a_fix_with_an_issue_rule_on_reruns_the_text_rules_of_its_page(s, monkeypatch):
    monkeypatch.setattr(EditSession, "_issue_rules_on", lambda self: True)
    events: list[SessionEvent] = []
    s.subscribe(events.append)
    block = block_with(s, "房间打扫")
    s.edit_block_text(block.id, 0, 0, "新")
    sg = suggestion_for(s, "乾")
    s.decide(sg.id, "accepted")
    assert events[-1].kind == "suggestion_changed" and events[-1].pages == (2,)
    assert events[-1].block_ids == (block.id,)
    assert "新房间打扫得很干净" in issue_text(s.issue)
    assert model(s) == model(fresh_copy(s))


def test_a_bad_status_changes_nothing(s):
    sg = suggestion_for(s, "髮")
    with pytest.raises(ValueError):
        s.decide_many({sg.id: "accepted", suggestion_for(s, "後").id: "maybe"})
    assert s.decisions == {}
