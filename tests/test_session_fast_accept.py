"""Accepting a fix with issue-wide rules on: only the text rules of its page run again.

With JD301 (merge halves) on, pages are not independent, but a fix of a text
rule only changes the text-rule stage of the page whose block holds it; the
session re-runs that stage on that page and builds the articles again.  The
result must be what a fresh full run gives: the same text, the same changes
and suggestions in the same order, the same articles.
"""

from __future__ import annotations

import random

import pytest

from normalizer import session as session_module
from normalizer.api import issue_from_text
from normalizer.engine import normalise_issue
from normalizer.model import Status
from normalizer.session import EditSession, HandEdit, SessionEvent
from normalizer.textview import issue_text

# a paragraph cut by the page break (介|绍, from seed 003:104-106, JD301
# suggests the merge), traditional characters JD120 suggests converting
# (one of them, 後, in the second half on page 2), ASCII punctuation
PAGE1 = (
    "劳动之光点亮“两江四岸”\n\n今年4月30日，夜幕降临後，山城“两江四岸”流光溢彩。\n\n"
    "重庆江北嘴“十屏联动”，各大商圈LED显示屏滚动播放问候标语，吸引众多市民游客驻足观看。"
    "重庆市总工会宣教网络部相关负责人介\n"
)
PAGE2 = (
    "绍，近年來，每逢“五一”，市总都会通过“亮灯”的方式让一线劳动者後、劳模工匠、先进职工等登上"
    "“城市封面”，用劳动之光点亮“两江四岸”。\n\n我国将实施可再生能源替代行动\n\n"
    "　　本报北京10月30日电(记者于灵歌)记者今天从国家发改委获悉,房間打掃得很乾淨...\n"
)
PAGE3 = "　　他們的頭髮很長。他的後代都在北京工作。\n\n　　作家於先生来信,说今年的收成很好...\n"
RAW = "\f".join([PAGE1, PAGE2, PAGE3])


def new_session() -> EditSession:
    return EditSession(issue_from_text(RAW, name="test"))


def article_signature(issue) -> list:
    def ids(blocks):
        return [b.id for b in blocks]

    return [
        (
            a.id,
            list(a.pages),
            ids(a.kicker),
            a.headline.id if a.headline else None,
            ids(a.subtitles),
            a.column.id if a.column else None,
            a.byline.id if a.byline else None,
            ids(a.body),
            a.continued_from_page,
            a.continues_to_page,
            a.starts_mid_sentence,
            a.ends_mid_sentence,
        )
        for a in issue.articles
    ] + [(c.page, c.title.id if c.title else None, ids(c.parts)) for c in issue.captions] + [
        (b.id, why) for b, why in issue.orphans
    ]


def model(s: EditSession) -> tuple:
    return (
        issue_text(s.issue),
        [c.as_dict() for c in s.issue.changes],
        [x.as_dict() for x in s.issue.suggestions],
        [(b.id, b.role, b.starts_mid_sentence, b.ends_mid_sentence) for b in s.issue.blocks()],
        article_signature(s.issue),
        [(e.id, e.status) for e in s.hand_edits],
        sorted(s.stale_decisions),
    )


def fresh_copy(s: EditSession) -> EditSession:
    edits = [HandEdit(**e.as_dict()) for e in s.hand_edits]
    raw = "\f".join(p.raw for p in s.raw_pages)
    return EditSession(issue_from_text(raw, name=s.name), s.config, dict(s.decisions), edits)


def engine_run(s: EditSession) -> tuple:
    """What normalise_issue itself gives (its own text-rule loop), without hand edits."""
    issue = normalise_issue(issue_from_text(RAW, name="test"), s.config, dict(s.decisions))
    return (
        [c.as_dict() for c in issue.changes],
        [x.as_dict() for x in issue.suggestions],
        article_signature(issue),
    )


def session_run(s: EditSession) -> tuple:
    return (
        [c.as_dict() for c in s.issue.changes],
        [x.as_dict() for x in s.issue.suggestions],
        article_signature(s.issue),
    )


def fix_for(s: EditSession, before: str, page: int):
    for sg in s.issue.suggestions:
        if sg.kind == "fix" and sg.before == before and sg.page == page:
            return sg
    raise AssertionError(f"no fix for {before!r} on page {page}")


def merge(s: EditSession):
    return next(sg for sg in s.issue.suggestions if sg.kind == "merge")


@pytest.fixture
def runs(monkeypatch) -> list[int]:
    """Counts full runs of the rules."""
    counted: list[int] = []
    real = session_module.normalise_issue

    def counting(issue, *args, **kwargs):
        counted.append(len(issue.pages))
        return real(issue, *args, **kwargs)

    monkeypatch.setattr(session_module, "normalise_issue", counting)
    return counted


def test_the_issue_rules_are_on_here():
    s = new_session()
    assert s.config.is_enabled("JD301") and s._issue_rules_on()
    assert merge(s).status is Status.PENDING
    assert session_run(s) == engine_run(s)


def test_a_fix_takes_the_fast_path_and_equals_a_fresh_run(runs):
    s = new_session()
    events: list[SessionEvent] = []
    s.subscribe(events.append)
    sg = fix_for(s, "乾", 2)
    runs.clear()
    s.decide(sg.id, "accepted")
    assert runs == []  # no full run, no page run
    assert "房间打扫得很干净" in issue_text(s.issue)
    assert s.suggestion(sg.id).status is Status.ACCEPTED
    assert events[-1].kind == "suggestion_changed"
    assert events[-1].pages == (2,) and events[-1].suggestion_ids == (sg.id,)
    assert session_run(s) == engine_run(s)
    assert model(s) == model(fresh_copy(s))
    runs.clear()
    s.decide(sg.id, None)
    assert runs == []
    assert session_run(s) == engine_run(s)


def test_the_objects_the_views_hold_stay(runs):
    s = new_session()
    blocks = list(s.issue.blocks())
    articles = list(s.issue.articles)
    s.decide(fix_for(s, "髮", 3).id, "accepted")
    assert list(s.issue.blocks()) == blocks  # same objects (identity compare: eq=False)
    assert s.issue.articles == articles
    assert model(s) == model(fresh_copy(s))


def test_several_fixes_on_several_pages_at_once(runs):
    s = new_session()
    fixes = [sg.id for sg in s.issue.suggestions if sg.kind == "fix"]
    assert {sg.page for sg in s.issue.suggestions if sg.kind == "fix"} == {1, 2, 3}
    runs.clear()
    s.decide_many({sid: "accepted" for sid in fixes})
    assert runs == []
    assert session_run(s) == engine_run(s)
    assert model(s) == model(fresh_copy(s))


def test_a_merge_decision_runs_the_whole_issue(runs):
    s = new_session()
    runs.clear()
    s.decide(merge(s).id, "accepted")
    assert runs == [3]
    assert "负责人介绍，近年" in issue_text(s.issue)
    assert session_run(s) == engine_run(s)


def test_a_fix_in_text_merged_from_the_next_page(runs):
    # after the merge, page 2's 後 is in page 1's block: the suggestion's raw
    # page is 2, the page whose text rules make it is 1
    s = new_session()
    s.decide(merge(s).id, "accepted")
    sg = fix_for(s, "後", 2)
    assert s._text_page[sg.id] == 1
    runs.clear()
    events: list[SessionEvent] = []
    s.subscribe(events.append)
    s.decide(sg.id, "accepted")
    assert runs == []
    assert events[-1].pages == (1,)
    assert "一线劳动者后、" in issue_text(s.issue)
    assert session_run(s) == engine_run(s)
    assert model(s) == model(fresh_copy(s))


def test_hand_edits_on_the_page_and_elsewhere_are_kept(runs):
    s = new_session()
    on_page = next(b for b in s.issue.blocks() if "房间" in b.text.text)
    elsewhere = next(b for b in s.issue.blocks() if "头髮" in b.text.text)
    s.edit_block_text(on_page.id, 0, 0, "新")
    s.edit_block_text(elsewhere.id, 0, 1, "她")
    # an edit inside the text the fix changes: lost when it is accepted
    k = on_page.text.text.index("乾")
    lost = s.edit_block_text(on_page.id, k, k + 1, "甘")
    runs.clear()
    s.decide(fix_for(s, "乾", 2).id, "accepted")
    assert runs == []
    assert lost.status == "lost"
    text = issue_text(s.issue)
    assert "新" in text and "她们的头发很长" not in text and "她们的头髮很长" in text
    assert model(s) == model(fresh_copy(s))


@pytest.mark.parametrize("seed", range(4))
def test_random_decisions_and_edits_match_a_fresh_run(seed):
    rng = random.Random(seed)
    s = new_session()
    start = model(s)
    undo: list[tuple] = []
    for _ in range(40):
        op = rng.random()
        if op < 0.3:
            block = rng.choice(s.issue.blocks())
            n = len(block.text.text)
            a = rng.randint(0, n)
            b = min(n, a + rng.choice([0, 1, 2]))
            try:
                undo.append(("edit", s.edit_block_text(block.id, a, b, rng.choice(["", "的", "，", "後"]))))
            except ValueError:
                continue
        elif op < 0.45 and undo:
            step = undo.pop()
            if step[0] == "edit":
                s.remove_hand_edit(step[1].id)
            else:
                s.decide(step[1], step[2])
        else:
            sg = rng.choice(s.issue.suggestions)
            undo.append(("decide", sg.id, s.decisions.get(sg.id)))
            s.decide(sg.id, rng.choice(["accepted", "accepted", "rejected", None]))
        assert model(s) == model(fresh_copy(s))
    while undo:
        step = undo.pop()
        if step[0] == "edit":
            s.remove_hand_edit(step[1].id)
        else:
            s.decide(step[1], step[2])
    assert model(s) == start
