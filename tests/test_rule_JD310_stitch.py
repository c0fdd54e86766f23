"""JD310: pairing the parts of an article continued on another page.

The test issues are made from the seeds' own text: a front page whose two
articles go on elsewhere, pages holding their continuations (with the
repeated headline whole, shortened, re-broken or missing), and a continued
part whose first part is not in the issue.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from normalizer.api import issue_from_text
from normalizer.config import Config
from normalizer.engine import normalise_issue
from normalizer.model import Status
from normalizer.rules.stitch import _headline_shaped, headline_similarity

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

HEAD_A = "深化工会改革和建设 有效发挥桥梁纽带作用"
HEAD_B = "“千河之省”奏起环保发展交响曲"
HEAD_C = "前三季度以工代赈已吸纳170余万低收入群众就业增收"

A1 = "群众路线是党的生命线和根本工作路线，也应该成为工会工作的生命线和根本工作路线。要常态化开展各级工会机关干部赴基层蹲点工作，深入基层一线、加强调查研究。"
A2 = "要推进工会工作法治化建设，推动完善劳动法律法规体系、强化法律法规执行，壮大工会法律人才队伍，加强工会法治宣传和法律服务。要落实新时代"
A3 = "党的建设总要求，加强工会系统党的建设和党风廉政建设，大力提高工会干部的素质能力，强化理论武装、激励保障和考核评价。"
A4 = "党中央对工会寄予厚望，职工群众对工会充满期待。各级工会组织和广大工会干部要以只争朝夕、奋发有为的干劲，团结带领亿万职工不懈奋斗。"

B1 = "本报讯（记者 李娜）2022年，内江城区共生产利用再生水1654万立方米。经过多流程处理后的废水，替换自来水，大大节约了优质水源。"
B2 = "在长江水系中流域面积最大的支流嘉陵江畔，许多人在散步、健身。很难想象，在2019年前，这里是采挖砂石的堆场，到处是垃圾、弃土。"
B3 = "昔日荒芜杂乱的河滩地，如今变成了生态湿地公园。南充市生态环境局综合环境管理科科长邓晓霞说：“我们新建了17处规范化砂石加工厂，恢复嘉陵江岸线56公里。”"
B4 = "如今，这里水清河畅，沿江排口无污水外排。黄金江岸种植植物150余种、7800万株，绿化面积达160万平方米。"

C1 = "据介绍，在61个国家重大工程项目中实施以工代赈，涉及交通、水利、能源和生态等建设领域，前三季度已吸纳17.7万名群众就业，发放劳务报酬29亿元。"
C2 = "31个省份在省、市、县三级各类重点工程项目中实施以工代赈，涉及项目5600余个，已吸纳93.9万名群众就业。"


def pages(*texts: str) -> str:
    """Raw text of an issue: pages separated by form feeds."""
    return "\f".join(texts)


def blocks(*parts: str) -> str:
    return "\n\n".join(parts) + "\n"


def front(to_a: str = "(下转第3版)", to_b: str = "(转第二版)") -> str:
    """Page 1: article A ends mid-sentence with a glued marker, article B
    ends a sentence with a marker on its own line."""
    return blocks(HEAD_A, "本报记者 刘建林", A1, A2 + to_a, HEAD_B, B1, B2, to_b)


def page_b(head: str | None = HEAD_B, marker: str = "（上接第一版）") -> str:
    return blocks(*([head] if head else []), marker, B3, B4)


def page_a(head: str | None = "深化工会改革和建设", marker: str = "【上接第1版】", decoy: bool = True) -> str:
    """Page 3: A's continuation, and (before it) a continued part whose first
    part is not in the issue."""
    parts = [HEAD_C, "(上接第1版)", C1, C2] if decoy else []
    parts += [*([head] if head else []), marker, A3, A4]
    return blocks(*parts)


def run(raw: str, accept_above: float | None = None, decisions=None):
    return normalise_issue(issue_from_text(raw), Config.load(accept_above=accept_above), decisions)


def stitches(issue) -> list:
    return [s for s in issue.suggestions if s.rule == "JD310"]


def block_text(issue, block_id: str) -> str:
    return next(b.text.text for b in issue.blocks() if b.id == block_id)


# -- pairings and their scores ------------------------------------------------------
def test_two_articles_continued_on_two_pages():
    issue = run(pages(front(), page_b(), page_a()))
    found = stitches(issue)
    best = {tuple(s.extra["pages"]): s for s in sorted(found, key=lambda s: s.score)}
    a, b = best[(1, 3)], best[(1, 2)]
    assert block_text(issue, a.extra["to_block"]).endswith("要落实新时代")
    assert block_text(issue, a.extra["from_block"]).startswith("党的建设总要求")
    assert block_text(issue, b.extra["from_block"]).startswith("昔日荒芜杂乱")
    assert a.score >= 0.9 and b.score >= 0.9
    assert all(s.kind == "stitch" and s.status is Status.PENDING for s in found)


def test_only_the_matching_continuation_scores_high():
    """Page 3 holds two continued parts from page 1: only one repeats A's headline."""
    issue = run(pages(front(), page_b(), page_a()))
    to_a = [s for s in stitches(issue) if s.extra["pages"] == [1, 3]]
    scores = {block_text(issue, s.extra["from_block"])[:6]: s.score for s in to_a}
    assert scores["党的建设总要"] >= 0.9
    assert scores.get("据介绍，在6", 0.0) < 0.5


@pytest.mark.parametrize(
    "head,why",
    [
        ("深化工会改革和建设 有效发挥桥梁纽带作用", "repeated whole"),
        ("深化工会改革和建设", "shortened"),
        ("深化工会改革和建设\n有效发挥桥梁纽带作用", "re-broken"),
        ("深化工会改革 发挥桥梁纽带作用", "words left out"),
    ],
)
def test_repeated_headline_variants(head, why):
    issue = run(pages(front(), page_b(), page_a(head=head)))
    a = max((s for s in stitches(issue) if s.extra["pages"] == [1, 3]), key=lambda s: s.score)
    assert block_text(issue, a.extra["from_block"]).startswith("党的建设总要求"), why
    assert a.score >= 0.9, (why, a.evidence)
    assert "repeated headline" in a.evidence


def test_missing_headline_single_candidate_goes_by_content():
    issue = run(pages(front(), page_b(head=None), page_a(decoy=False)))
    b = next(s for s in stitches(issue) if s.extra["pages"] == [1, 2])
    assert "no repeated headline" in b.evidence
    assert b.score >= 0.9


def test_missing_headline_between_two_candidates_is_not_settled():
    """Two continued parts on page 3 without headlines: content alone decides,
    and the score says it is not sure."""
    third = blocks("(上接第1版)", C1, C2, "【上接第1版】", A3, A4)
    issue = run(pages(front(), page_b(), third))
    to_a = sorted((s for s in stitches(issue) if s.extra["pages"] == [1, 3]), key=lambda s: -s.score)
    assert block_text(issue, to_a[0].extra["from_block"]).startswith("党的建设总要求")
    assert 0.5 < to_a[0].score < 0.9
    assert "competing pairings: 1" in to_a[0].evidence


def test_two_continuations_without_headlines_are_weighed_together():
    """Two first parts on page 1 go on on page 2, neither continuation repeats
    its headline: the pairings are scored as one assignment, so content that
    favours one way of pairing all four parts settles both pairings (taken
    one by one, each would have to share its odds with the crossed pairing)."""
    from normalizer.rules.stitch import StitchContinuedArticles, _Pair, _Part

    rule = StitchContinuedArticles({})
    to_x, to_y, from_x, from_y = (_Part(None, None, None, None, False) for _ in range(4))
    right = [_Pair(to_x, from_x, 8.0, [], None, "clean", False), _Pair(to_y, from_y, 8.0, [], None, "clean", False)]
    crossed = [_Pair(to_x, from_y, 2.0, [], None, "clean", False), _Pair(to_y, from_x, 2.0, [], None, "clean", False)]
    rule._score([*right, *crossed])
    assert all(p.score >= 0.9 for p in right), [p.score for p in right]
    assert all(p.score < 0.1 for p in crossed), [p.score for p in crossed]
    assert "weighed together" in right[0].evidence[-1]
    # evenly matched assignments stay unsettled
    right = [_Pair(to_x, from_x, 4.0, [], None, "clean", False), _Pair(to_y, from_y, 4.0, [], None, "clean", False)]
    crossed = [_Pair(to_x, from_y, 3.0, [], None, "clean", False), _Pair(to_y, from_x, 3.0, [], None, "clean", False)]
    rule._score([*right, *crossed])
    assert all(0.5 < p.score < 0.9 for p in right), [p.score for p in right]
    # a lone pairing weighs its odds against its other half not being in the issue
    lone = _Pair(to_x, from_x, 0.01, [], None, "clean", False)
    rule._score([lone])
    assert lone.score == round(0.01 / (0.01 + rule._opt("odds_none")), 3)


def test_two_continuations_without_headlines_on_one_page():
    """Page 2 holds the continuations of both front-page articles, neither with
    a repeated headline: each goes with the part it is close to in topic (a
    part of one or two paragraphs proves little: the pairing whose parts share
    many character pairs settles, the other stays just short of it)."""
    one = blocks(HEAD_B, B1, B2 + "(转第二版)", HEAD_C, C1, "(下转第2版)")
    two = blocks("（上接第一版）", C2, "(上接第1版)", B3, B4)
    issue = run(pages(one, two))
    found = stitches(issue)
    assert len(found) == 2
    ends = {block_text(issue, s.extra["to_block"])[-4:]: block_text(issue, s.extra["from_block"])[:4] for s in found}
    assert ends == {"、弃土。": "昔日荒芜", "9亿元。": "31个省"}
    assert all(s.score >= 0.85 for s in found) and max(s.score for s in found) >= 0.9


@pytest.mark.parametrize(
    "to_a,from_a",
    [
        ("(下转第3版)", "(上接第1版)"),
        ("（转第三版）", "（接第一版）"),
        ("【下转第 3 版】", "【紧接第1版】"),
        ("(转3版)", "(续第1版)"),
        ("(下转第A3版)", "(上接第A1版)"),
    ],
)
def test_marker_variants(to_a, from_a):
    issue = run(pages(front(to_a=to_a), page_b(), page_a(marker=from_a, decoy=False)))
    assert any(s.extra["pages"] == [1, 3] and s.score >= 0.9 for s in stitches(issue))


def test_next_and_previous_page_markers():
    issue = run(pages(front(to_b="(转下版)"), page_b(marker="(接上版)"), page_a(decoy=False)))
    b = next(s for s in stitches(issue) if s.extra["pages"] == [1, 2])
    assert "next/previous" in b.evidence
    assert b.score >= 0.6


def test_page_numbers_must_agree():
    issue = run(pages(front(), page_b(), page_a(marker="(上接第2版)", decoy=False)))
    assert not [s for s in stitches(issue) if s.extra["pages"] == [1, 3]]


def test_single_page_gets_no_stitch():
    issue = run(page_a())
    assert stitches(issue) == []


# -- ids, evidence, decisions ------------------------------------------------------------
def test_ids_are_stable_and_evidence_explains():
    raw = pages(front(), page_b(), page_a())
    first, again = run(raw), run(raw)
    assert [s.id for s in stitches(first)] == [s.id for s in stitches(again)]
    a = next(s for s in stitches(first) if s.extra["pages"] == [1, 3] and s.score >= 0.9)
    for seen in ("page 1 says (下转第3版)", "page 3 says 【上接第1版】", "similarity", "seam", "competing"):
        assert seen in a.evidence
    assert a.id.startswith("JD310-p1-")


def test_accepted_by_id_and_rejected():
    raw = pages(front(), page_b(), page_a())
    ids = {tuple(s.extra["pages"]): s.id for s in stitches(run(raw)) if s.score >= 0.9}
    issue = run(raw, decisions={ids[(1, 3)]: "accepted", ids[(1, 2)]: "rejected"})
    assert [(st.to_block, st.from_block) for st in issue.stitches] == [
        (s.extra["to_block"], s.extra["from_block"]) for s in stitches(issue) if s.id == ids[(1, 3)]
    ]
    statuses = {s.id: s.status for s in stitches(issue)}
    assert statuses[ids[(1, 3)]] is Status.ACCEPTED and statuses[ids[(1, 2)]] is Status.REJECTED


def test_rerun_with_decisions_is_identical():
    raw = pages(front(), page_b(), page_a())
    decisions = {s.id: "accepted" for s in stitches(run(raw)) if s.score >= 0.9}
    one, two = run(raw, decisions=decisions), run(raw, decisions=decisions)
    assert [c.as_dict() for c in one.changes] == [c.as_dict() for c in two.changes]
    assert [s.as_dict() for s in one.suggestions] == [s.as_dict() for s in two.suggestions]
    assert [(a.pages, [b.id for b in a.body]) for a in one.articles] == [
        (a.pages, [b.id for b in a.body]) for a in two.articles
    ]


def test_headline_similarity():
    full = "深化工会改革和建设 有效发挥桥梁纽带作用"
    assert headline_similarity(full, "深化工会改革和建设") == 1.0
    assert headline_similarity(full, "深化工会改革和建设\n有效发挥桥梁纽带作用") == 1.0
    assert headline_similarity(full, "深化工会改革 发挥桥梁纽带作用") >= 0.9
    assert headline_similarity(full, "“千河之省”奏起环保发展交响曲") < 0.5
    assert headline_similarity(full, "工会") < 0.75  # too short to tell
    # a short section head found inside a line of text read as a headline
    # proves nothing: the repeated headline must be found in the original
    assert headline_similarity("绿色化、低碳化", "对于传统工业基地而言，绿色化、低碳化是实现高质") < 0.6


@pytest.mark.parametrize(
    "line, shaped",
    [
        ("深化工会改革和建设 有效发挥桥梁纽带作用", True),
        # a long headline printed in spaced-out phrases, too long for a headline line
        ("全国总工会部署推进产业工人队伍建设改革 拓宽技术工人成长通道 为实现高质量发展提供坚实人才支撑", True),
        # running text read as a headline line: a comma inside, or a sentence end
        ("全国总工会部署推进产业工人队伍建设改革，拓宽技术工人成长通道 为实现高质量发展提供坚实人才支撑", False),
        ("全国总工会部署推进产业工人队伍建设改革 拓宽技术工人成长通道。为实现高质量发展提供坚实人才支撑", False),
        # long, but no spaced-out phrases
        ("全国总工会部署推进产业工人队伍建设改革拓宽技术工人成长通道为实现高质量发展提供坚实人才支撑", False),
    ],
)
def test_repeated_headline_lines(line, shaped):
    """Which lines above a continued part count as its repeated headline."""
    assert _headline_shaped(line) is shaped


# -- the seeds: single pages, their continued parts have no partner --------------------------
@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_seeds_get_no_stitch(name):
    path = next(SEEDS.glob(f"{name}_*.txt"))
    issue = run(path.read_text(encoding="utf-8"))
    assert stitches(issue) == [] and issue.stitches == []


def test_seed_000_continued_articles_keep_their_repeated_headline():
    path = next(SEEDS.glob("000_*.txt"))
    issue = run(path.read_text(encoding="utf-8"))
    continued = [a for a in issue.articles if a.continued_from_page == 1]
    heads = [a.headline.text.text if a.headline else None for a in continued]
    assert heads[:2] == ["深化工会改革和建设 有效发挥桥梁纽带作用", "“千河之省”奏起环保发展交响曲"]
    assert continued[0].body[0].text.text.startswith("群众路线是党的生命线")
    assert continued[1].body[0].text.text.startswith("2022年，内江城区")
    # 000:178 has no headline
    assert any(a.headline is None and a.body[0].text.text.startswith("在黑龙江") for a in continued)


def test_topic_evidence_grows_with_the_text():
    """Closeness in topic counts shared character pairs of the shorter part:
    a part of one sentence proves little either way, a long one sharing
    many pairs speaks for the pairing and one sharing few against it."""
    from normalizer.rules.stitch import StitchContinuedArticles

    rule = StitchContinuedArticles({})
    assert abs(rule._topic_evidence(2, 14)) < 1.5  # a short part
    assert rule._topic_evidence(37, 221) > 10  # one article
    assert rule._topic_evidence(5, 221) < -10  # two articles
