import os
import subprocess
import sys
from pathlib import Path

import pytest
from casefile import load_cases

from normalizer.api import issue_from_text
from normalizer.config import Config
from normalizer.engine import normalise_issue
from normalizer.model import Role, Status
from normalizer.rules import get_rule
from normalizer.rules.merge_halves import MergeInterleavedHalves

ROOT = Path(__file__).parent.parent
SEEDS = ROOT / "seeds"
DEFAULT_RULES = ["JD201", "JD202", "JD203", "JD301"]


def _config(rules: list[str], **kw) -> Config:
    config = Config.load(**kw)
    for rid in config.rules:
        config.rules[rid]["enabled"] = rid in rules
    return config


def _run(raw: str, rules: list[str] = DEFAULT_RULES, decisions=None, **kw):
    return normalise_issue(issue_from_text(raw), _config(rules, **kw), decisions)


def _merges(issue):
    return [s for s in issue.suggestions if s.kind == "merge"]


def _tops(issue):
    """The best merge suggestion of each first half, in page order."""
    best: dict[str, object] = {}
    for s in _merges(issue):
        first = s.extra["first"]
        if first not in best or (s.score, s.id) > (best[first].score, best[first].id):
            best[first] = s
    return sorted(best.values(), key=lambda s: (s.page, s.start))


def _pages_text(issue) -> str:
    return "\n\f\n".join("\n\n".join(b.text.text for b in p.blocks) for p in issue.pages)


def _seam_text(issue, s) -> tuple[str, str]:
    """(first half's text, second half's text) of a suggestion."""
    blocks = {b.id: b for b in issue.blocks()}
    return blocks[s.extra["first"]].text.text, blocks[s.extra["second"]].text.text


@pytest.mark.parametrize("case", load_cases("JD301"))
def test_merge_cases(case):
    rules = case.get("rules", DEFAULT_RULES)
    raw = case["raw"]
    issue = _run(raw, rules)
    tops = _tops(issue)
    want = case.get("top", [])
    assert len(tops) == len(want), [s.summary for s in tops]
    for s, (tail, head) in zip(tops, want):
        first, second = _seam_text(issue, s)
        assert first.rstrip().endswith(tail)
        assert second.lstrip().startswith(head)
        assert s.rule == "JD301" and s.kind == "merge"
        assert f"{tail[-3:]}|{head[:3]}" in s.summary
    if tops:
        assert tops[0].score >= case.get("min_top", 0.9)
    for s in _merges(issue):
        assert 0.0 <= s.score <= 1.0
        assert s.evidence
        assert s.extra["pages"] == sorted(s.extra["pages"])
    if "fixed" in case:
        accepted = _run(raw, rules, accept_above=0.9)
        assert _pages_text(accepted) == case["fixed"]
        joins = [c for c in accepted.changes if c.rule == "JD301"]
        assert len(joins) == len([s for s in _merges(accepted) if s.status is Status.ACCEPTED])


# -- the seed page --------------------------------------------------------------------
def test_seed_000_seam_is_the_top_merge_for_its_block():
    """000:98 …资源下沉，落 goes on at 000:148 实天津市总工会…, two articles later."""
    raw = (SEEDS / "000_254c869c0ec27c25.txt").read_text(encoding="utf-8")
    issue = _run(raw, [rid for rid in Config.load().rules])
    first = next(b for b in issue.blocks() if b.text.text.rstrip().endswith("资源下沉，落"))
    mine = [s for s in _merges(issue) if s.extra["first"] == first.id]
    assert mine
    top = max(mine, key=lambda s: s.score)
    _, second = _seam_text(issue, top)
    assert second.startswith("实天津市总工会“我和一线劳动者在一起”")
    assert top.extra["word"] == "落实"
    assert "落实" in top.evidence
    assert top.summary == "…心下移、资源下沉，落|实天津市总工会“我和…"
    assert top.extra["pages"] == [1]
    # raw offsets of the seam: the end of 000:98 and the start of 000:148
    (p1, end), (p2, start) = top.extra["seam"]
    assert raw[end - 1] == "落" and raw[start] == "实"
    assert raw.count("\n", 0, end) + 1 == 98 and raw.count("\n", 0, start) + 1 == 148


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seeds_suggest_nothing_wrong(seed):
    """Loose ends whose other half is not in the file (002:146, 004:39, 004:57)
    get no merge suggestion."""
    raw = seed.read_text(encoding="utf-8")
    issue = _run(raw, [rid for rid in Config.load().rules])
    for s in _merges(issue):
        first, second = _seam_text(issue, s)
        assert first.endswith("资源下沉，落") and second.startswith("实天津市总工会"), s.summary


# -- decisions ---------------------------------------------------------------------------
RAW = """俯下身、沉入基层，把根扎在职工群众之中，是不断提高工会工作能力水平的重要法宝。

天津市滨海新区总工会坚持大兴调查研究之风，坚持重心下移、资源下沉，落

“千河之省”奏起环保发展交响曲

2022年，内江城区共生产利用再生水1654万立方米。经过多流程处理后的废水，替换自来水，大大节约了优质水源。

实天津市总工会“我和一线劳动者在一起”工作制度，带领干部主动“进群众”，让工会服务更加精准、更有温度。
"""


def test_pending_changes_nothing():
    issue = _run(RAW)
    (s,) = _merges(issue)
    assert s.status is Status.PENDING
    assert not [c for c in issue.changes if c.rule == "JD301"]
    assert len(issue.pages[0].blocks) == 5


def test_accepted_by_id_joins_and_records_the_seam():
    sid = _merges(_run(RAW))[0].id
    issue = _run(RAW, decisions={sid: Status.ACCEPTED})
    (s,) = _merges(issue)
    assert s.status is Status.ACCEPTED and s.id == sid
    texts = [b.text.text for b in issue.pages[0].blocks]
    assert texts[1].endswith(
        "资源下沉，落实天津市总工会“我和一线劳动者在一起”工作制度，带领干部主动“进群众”，让工会服务更加精准、更有温度。"
    )
    assert len(texts) == 4
    (change,) = [c for c in issue.changes if c.rule == "JD301"]
    assert RAW[change.start] == "实" and change.page == 1
    assert sid in change.note
    # the joined paragraph reads back to its raw spans
    joined = issue.pages[0].blocks[1]
    assert "".join(RAW[sp.start : sp.end] for sp in joined.text.spans()) == joined.text.text
    assert not joined.ends_mid_sentence


def test_rejected_stays_apart_and_same_id():
    sid = _merges(_run(RAW))[0].id
    issue = _run(RAW, decisions={sid: Status.REJECTED})
    (s,) = _merges(issue)
    assert s.id == sid and s.status is Status.REJECTED
    assert len(issue.pages[0].blocks) == 5


def test_accept_above_joins_only_sure_ones():
    sure = _run(RAW, accept_above=0.9)
    assert len(sure.pages[0].blocks) == 4
    never = _run(RAW, accept_above=1.0)
    assert len(never.pages[0].blocks) == 5


def test_rerun_with_decisions_gives_the_same_output():
    first = _run(RAW, accept_above=0.9)
    decisions = {s.id: s.status for s in first.suggestions}
    again = _run(RAW, decisions=decisions)
    assert _pages_text(again) == _pages_text(first)
    assert [(s.id, s.score, s.status) for s in again.suggestions] == [
        (s.id, s.score, s.status) for s in first.suggestions
    ]


def test_chain_of_three_pieces():
    """A paragraph cut twice, its pieces apart: both merges apply, in order."""
    raw = """在日前举行的太原市总工会厂务公开民主管理工作“互观互鉴”活动中，太钢工会打造的“在线倾听”网络留言平台得到与会者好评。

据了解，太原市总从2014年起开展厂

“千河之省”奏起环保发展交响曲

2022年，内江城区共生产利用再生水1654万立方米。经过多流程处理后的废水，替换自来水。

务公开民主管理工作“互观互鉴”活动。按照县区（开发区）、工委（产业工会）和直属企事业单位等各单位性

走出家门就像走进公园

在“水下书店”看书、在广阔草坪上拍婚纱照、在湖畔沙滩“遛娃”，到处都是闲适自在的生活气息。

质、工作重点进行区别，划分为若干小组，不定期开展民主管理观摩交流活动。
"""
    sids = [s.id for s in _merges(_run(raw))]
    assert len(sids) == 2
    issue = _run(raw, decisions={sid: Status.ACCEPTED for sid in sids})
    texts = [b.text.text for b in issue.pages[0].blocks]
    assert texts[1] == (
        "据了解，太原市总从2014年起开展厂务公开民主管理工作“互观互鉴”活动。按照县区（开发区）、"
        "工委（产业工会）和直属企事业单位等各单位性质、工作重点进行区别，划分为若干小组，不定期开展民主管理观摩交流活动。"
    )
    assert len(texts) == 6


def test_deterministic_in_process():
    a = _run(RAW)
    b = _run(RAW)
    assert [(s.id, s.score, s.evidence) for s in a.suggestions] == [
        (s.id, s.score, s.evidence) for s in b.suggestions
    ]


def test_deterministic_across_hash_seeds():
    """Ids and scores do not depend on Python's string hashing."""
    code = (
        "import sys; sys.path.insert(0, %r)\n"
        "from normalizer.api import issue_from_text\n"
        "from normalizer.engine import normalise_issue\n"
        "from normalizer.config import Config\n"
        "raw = open(%r, encoding='utf-8').read()\n"
        "issue = normalise_issue(issue_from_text(raw), Config.load())\n"
        "print([(s.id, s.score) for s in issue.suggestions if s.kind == 'merge'])\n"
    ) % (str(ROOT), str(SEEDS / "000_254c869c0ec27c25.txt"))
    outs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        outs.append(done.stdout)
    assert outs[0] == outs[1] and "JD301" in outs[0]


# -- the rule's shape --------------------------------------------------------------------
def test_registered_as_a_suggestion_rule():
    rule = get_rule("JD301")
    assert rule is MergeInterleavedHalves
    assert rule.kind == "suggest" and rule.order == 60 and rule.name == "merge-interleaved-halves"
    assert Config.load().is_enabled("JD301")
    doc = rule.doc()
    for part in ("What it does", "Why", "Example", "Kept", "Fix safety"):
        assert part in doc


def test_second_half_roles():
    """Only paragraphs are second halves; a headline group, byline or credit never."""
    issue = _run(RAW, accept_above=0.0)
    for s in _merges(issue):
        second = next((b for b in issue.blocks() if b.id == s.extra["second"]), None)
        assert second is None or second.role is Role.PARAGRAPH


def test_pages_are_weighed_alone_unless_text_may_cross():
    """With no block on one page that could go on from a loose end on
    another, a page's merges depend on that page only: an editing session
    may re-run it alone."""
    raw = RAW + "\f" + "　　第二页的正文，写的是工会的事。\n"
    assert MergeInterleavedHalves.spans_pages(issue_from_text(raw).pages) is False
    whole = [(s.id, s.score) for s in _merges(_run(raw))]
    alone = [(s.id, s.score) for s in _merges(_run(RAW))]
    assert whole == alone and len(whole) == 1
    # a block on page 2 that can only go on from something
    crossing = RAW + "\f" + "，让工会服务更加精准、更有温度。\n"
    assert MergeInterleavedHalves.spans_pages(issue_from_text(crossing).pages) is True
    assert MergeInterleavedHalves.spans_pages(issue_from_text(RAW).pages) is False


# -- the first word of a second half ------------------------------------------------------
@pytest.mark.parametrize(
    "text, sign",
    [
        ("的歌声穿透屋顶，深情的演奏直抵人心。", 1),  # a particle: the rest of a cut sentence
        ("名会员共同富裕；水泉棠棣峪火樱桃种植专业合作社", 1),  # a measure word
        ("湖南省教育厅工作人员介绍，本次文艺汇演从3月开始筹备。", -1),  # a place: paragraphs begin so
        ("当天晚上，由湖南省委教育工委主办。", -1),  # a time word
        ("2022年，内江城区共生产利用再生水。", 0),  # not a Chinese character
    ],
)
def test_first_word_odds(text, sign):
    from normalizer.rules.merge_halves import _start_odds

    params = MergeInterleavedHalves().params()
    odds = _start_odds(text, params)
    assert (odds > 0) - (odds < 0) == sign, odds


# -- the character pairs read for topic ---------------------------------------------------
def test_pairs_of_many_blocks_read_at_once_are_each_blocks_own():
    """Blocks read together give each the character pairs it gives alone:
    odd and even lengths, line breaks, a single character, nothing."""
    from normalizer.rules.merge_halves import _bigrams, _bigrams_each

    texts = ["实天津市总工会", "落", "", "资源\n下沉，落", "“我和一线劳动者在一起”工作制度", "ab", "abc", "𠀀字𠀁"]
    for reach in (3, 120):
        assert _bigrams_each(texts, reach) == [_bigrams(t, reach) for t in texts]
        assert _bigrams_each(texts[::-1], reach) == [_bigrams(t, reach) for t in texts[::-1]]


def test_pairs_of_whole_blocks_read_at_once_are_each_blocks_own():
    """Whole blocks read together (the reach longer than any text) give each
    the character pairs of the whole of it: line breaks inside, one
    character, nothing, characters outside the basic plane."""
    from normalizer.rules.merge_halves import _WHOLE, _bigrams, _bigrams_each

    texts = ["实天津市总工会", "落", "", "资源\n下沉，落", "“我和一线劳动者在一起”工作制度", "ab", "abc", "𠀀字𠀁", "一二\n三四五\n六七八"]
    for order in (texts, texts[::-1]):
        for text, pairs in zip(order, _bigrams_each(order, _WHOLE)):
            assert pairs == _bigrams(text, len(text))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("”他说。", True),  # the rest of a quotation
        ("他说：“好”。", False),  # a quotation opened and closed
        ("好。”他说：“走", True),  # closes one before it opens the next
        ("没有引号", False),
    ],
)
def test_begins_inside_a_quotation(text, expected):
    from normalizer.rules.merge_halves import _CLOSE_QUOTES, _OPEN_QUOTES, _first_closing

    assert _first_closing(text, _OPEN_QUOTES, _CLOSE_QUOTES) is expected


# -- one block is one half of one seam at most -----------------------------------------
def _choice(logits: dict, none: float, halves: dict):
    from normalizer.rules.merge_halves import Candidate, Choice

    candidates = [Candidate(halves[k], 0.0, "", v) for k, v in logits.items()]
    choice = Choice(first=None, none_feats={}, candidates=candidates)
    choice.none_logit = none
    return choice


def test_a_second_half_another_first_half_fits_better_is_left_to_it():
    """Two first halves, two second halves: the first fits x far better
    than the second does; the second likes x a little more than y, but x is
    taken, so y is its likely other half."""
    from normalizer.rules.merge_halves import _claiming, _Half, _share

    halves = {k: _Half(None, None, 0, k) for k in "xy"}
    one = _choice({"x": 9.0}, 0.0, halves)
    two = _choice({"x": 6.0, "y": 5.5}, 0.0, halves)
    for group in _claiming([one, two], 9.0):
        _share(group, 20000)
    assert one.candidates[0].score > 0.99
    x, y = two.candidates
    assert y.score > 0.9
    assert x.score < 0.1
    # read one at a time (too many ways), the second keeps its doubt about x
    for group in _claiming([one, two], 9.0):
        _share(group, 1)
    assert two.candidates[1].score < 0.5


def test_shares_of_a_first_half_and_its_none_sum_to_one_at_most():
    from normalizer.rules.merge_halves import _claiming, _Half, _share

    halves = {k: _Half(None, None, 0, k) for k in "xyz"}
    choices = [
        _choice({"x": 3.0, "y": 2.0}, 1.0, halves),
        _choice({"y": 4.0, "z": 1.0}, 2.0, halves),
        _choice({"z": 2.0, "x": 2.5}, 0.5, halves),
    ]
    for group in _claiming(choices, 9.0):
        _share(group, 20000)
    for choice in choices:
        assert 0.0 < sum(c.score for c in choice.candidates) < 1.0
    # each second half is taken once at most
    for key in "xyz":
        assert sum(c.score for ch in choices for c in ch.candidates if c.second is halves[key]) <= 1.0 + 1e-9


@pytest.mark.parametrize(
    "text, first",
    [
        ("习近平签署命令 发布军事航天部队 网络空间部队", False),  # a headline's phrases
        ("本报讯（记者李元浩 通", True),  # a news lead names its reporters with spaces
        ("坚持重心下移、资源下沉，落", True),
    ],
)
def test_spaced_headline_is_no_first_half(text, first):
    from normalizer import structure
    from normalizer.model import Block
    from normalizer.rules.merge_halves import _is_first_half
    from normalizer.sourced import SourcedText

    block = Block(page=1, start=0, end=len(text), text=SourcedText.from_raw(text, 1), role=Role.PARAGRAPH)
    assert _is_first_half(block, text, structure.signals()) is first


@pytest.mark.parametrize(
    "text, mid",
    [
        # a quoted name or a bracketed note closes, the sentence goes on
        ("这样的成果源于此，源于全总机关主题教育“五个围绕”", True),
        ("据了解，太原市总工会联合各县（市、区）、开发区（开发区）、工委（产业工会）", True),
        ("此外，山亭区总与金融机构合作，推出“齐鲁工创贷”", True),
        ("坚持重心下移、资源下沉，落", True),  # no final mark at all
        # a quotation or a note that ends its sentence
        ("“有专业的讲解，我很开心！”", False),
        ("全会审议通过了工作报告。（记者张三）", False),
        ("他说：“这是我们的心愿。”", False),
        # a bracketed note or a quoted title with no running text before it
        ("公报（2025年1月8日全体会议通过）", False),
        ("央视网消息：全体会议公报\n（2025年1月8日全体会议通过）", False),
        ("央视网消息：全体会议公报（2026年1月14日第五次全体会议通过）", False),
        ("韩国“忍耐已到极限”", False),
        ("（记者张三）", False),
        ("这是一段话。", False),
    ],
)
def test_stops_mid_sentence(text, mid):
    from normalizer import structure
    from normalizer.rules.merge_halves import stops_mid_sentence

    assert stops_mid_sentence(text, structure.signals()) is mid


@pytest.mark.parametrize(
    "text, expected",
    [
        ("党的十八大以来，兴县依托悠久的红色历史", True),
        ("宣讲结束后，5位巾帼劳模工匠来到现场", True),
        ("在此期间，调研组走访了30家企业", True),
        ("面对银龄社会新问题，让保障网更密更牢", True),
        ("相比高温高湿的环境，秦岭复杂的地质条件", True),
        ("后，他们又来到车间", False),  # the rest of a clause cut before it
        ("作出了巨大贡献。", False),
        ("以来，全市共发放救助金", False),
    ],
)
def test_time_lead(text, expected):
    from normalizer.rules.merge_halves import MergeInterleavedHalves

    assert (MergeInterleavedHalves().params().time_lead.match(text) is not None) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("随后，习近平和彭丽媛乘车前往", True),  # a paragraph's lead-in
        ("据悉，本次宣讲由北京市总工会主办", True),
        ("下一步，贵州省总将与省交通运输厅", True),
        ("大家表示，要把思想和行动统一", True),
        ("关系变动过程中，她不用像以前那样", False),  # a clause too long to be a lead-in
        ("的歌声在会场回荡", False),  # no clause mark near the start
        ("“四早”要求，以快制快", False),  # a quotation first
    ],
)
def test_short_lead_in_clause(text, expected):
    """A block that opens with a short clause before a comma or colon
    (``随后，``) begins the way paragraphs begin: the b_lead signal."""
    from normalizer.rules.merge_halves import MERGE_FILE, _params

    assert (_params(MERGE_FILE, ()).lead.match(text) is not None) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("三位领导人认为，此次三方会晤增进了彼此了解", True),  # who speaks, then what
        ("袁家军在参加重庆代表团审议时说，完全赞成政府工作报告", True),
        ("他表示：要把思想和行动统一", True),
        ("习近平指出，", True),
        ("当事方，一直为劝和奔走", False),  # the rest of a cut sentence
        ("在发展新质生产力、进一步全面深化改革开放", False),
        ("说明书上写着", False),  # 说 in a word, no clause after it
        ("“我们认为，要坚持", False),  # a quotation first
    ],
)
def test_speaker_clause(text, expected):
    """A block that opens with who speaks (``三位领导人认为，``) begins the
    way paragraphs begin: the b_speaker signal."""
    from normalizer.rules.merge_halves import MERGE_FILE, _params

    assert (_params(MERGE_FILE, ()).speaker.match(text) is not None) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("21日，中国外交部发言人陆慷就此发表谈话。", True),  # the day, then what happened
        ("２１日,双方举行会谈", True),
        ("11月17日，一列试验动车组抵达延安站。", True),
        ("本报北京3月5日电", True),
        ("18日举行的会议上", False),  # the day goes on in the clause: a cut may leave it
        ("日在平壤举行。", False),  # the tail of a date cut in two
    ],
)
def test_paragraph_openers(text, expected):
    """Beginnings that open a paragraph of their own (the b_opener signal):
    a date or day before a comma, ``本报``, ``据悉`` …"""
    from normalizer.rules.merge_halves import MERGE_FILE, _params

    assert (_params(MERGE_FILE, ()).openers.match(text) is not None) is expected


def _choices(raw: str):
    """JD301's analysis of ``raw`` as the rule sees it (roles classified,
    rules before it applied), scored."""
    from normalizer.rules import merge_halves as M

    seen = []
    original = M.MergeInterleavedHalves.apply

    def apply(self, issue, ctx):
        params = self.params()
        choices = M.analyse(issue, params)
        if choices:
            M.score(choices, params)
        seen.append(choices)
        return original(self, issue, ctx)

    M.MergeInterleavedHalves.apply = apply
    try:
        _run(raw)
    finally:
        M.MergeInterleavedHalves.apply = original
    return seen[0]


PICTURE_CUT = """湖北省总工会坚持把就业服务作为工会工作的重要内容，今年以来，全省各级工会累计举办招聘活动

11月17日，一列试验动车组抵达延安站。

新华社记者 丁汀 摄

300余场，提供就业岗位8.9万个，帮助2.1万名职工实现就业。
"""


def test_second_half_under_a_picture():
    """A picture set into a column cuts a paragraph: the block right under its
    credit goes on from the text above the picture (the b_after_picture
    signal), the caption is no second half (b_before_credit)."""
    (choice,) = _choices(PICTURE_CUT)
    by_text = {c.second.text[:4]: c for c in choice.candidates}
    rest = by_text["300余"]
    assert rest.second.feats["b_after_picture"] == 1.0
    assert rest.second.feats["b_before_credit"] == 0.0
    assert rest.score == max(c.score for c in choice.candidates)
    caption = by_text.get("11月1")
    assert caption is None or (caption.second.feats["b_before_credit"] == 1.0 and caption.score < rest.score)
    top = _tops(_run(PICTURE_CUT))[0]
    assert "under a picture's caption or credit" in top.evidence


PICTURE_RUN = """湖北省总工会坚持把就业服务作为工会工作的重要内容，今年以来，全省各级工会累计举办招聘活动

11月17日，一列试验动车组抵达延安站。

这是动车组在站台停靠。

新华社记者 丁汀 摄

300余场，提供就业岗位8.9万个，帮助2.1万名职工实现就业。
"""


def test_caption_run_under_a_loose_end():
    """Under a paragraph that stops mid-sentence, a run of whole sentences
    that a photo credit closes is most often the photo's caption (a photo
    printed inside the article): each block of the run has the
    b_caption_run signal, the block under the credit has not and stays the
    likeliest second half."""
    (choice,) = _choices(PICTURE_RUN)
    by_text = {c.second.text[:4]: c for c in choice.candidates}
    rest = by_text["300余"]
    assert rest.second.feats["b_caption_run"] == 0.0
    assert rest.score == max(c.score for c in choice.candidates)
    assert by_text["11月1"].second.feats["b_caption_run"] == 1.0
    assert by_text["这是动车"].second.feats["b_caption_run"] == 1.0
    assert by_text["11月1"].score < 0.5


def test_a_number_goes_on_into_its_unit():
    """A first half that ends with a number and a second half that begins with
    its unit (``…涉及项目5600`` | ``余个，…``): the digit_goes signal; a second
    half that begins otherwise has none."""
    (choice,) = _choices(PICTURE_CUT.replace("招聘活动", "招聘活动3").replace("300余场", "00余场"))
    from normalizer.rules.merge_halves import _feats

    rest = next(c for c in choice.candidates if c.second.text.startswith("00余场"))
    assert _feats(choice, rest)["digit_goes"] == 0.0  # 0 is a digit, not a unit
    (choice,) = _choices(PICTURE_CUT.replace("招聘活动", "招聘活动300").replace("300余场", "余场"))
    rest = next(c for c in choice.candidates if c.second.text.startswith("余场"))
    assert _feats(choice, rest)["digit_goes"] == 1.0
    assert all(_feats(choice, c)["digit_goes"] == 0.0 for c in choice.candidates if c is not rest)
    top = _tops(_run(PICTURE_CUT.replace("招聘活动", "招聘活动300").replace("300余场", "余场")))[0]
    assert "a number goes on into the second" in top.evidence


def test_paragraphs_of_the_page_that_stop_mid_sentence_weigh_on_none():
    """The odds that a first half's other half is not on the page grow with
    the paragraphs of its page that stop mid-sentence (a_log_loose_page)."""
    import math

    (choice,) = _choices(PICTURE_CUT)
    assert choice.none_feats["a_log_loose_page"] == math.log1p(1)
    raw = PICTURE_CUT + "\n工会就业服务暖人心\n\n据介绍，武汉市总工会还在全市设立了就业服务站点，\n"
    choices = _choices(raw)
    assert len(choices) == 2
    assert all(c.none_feats["a_log_loose_page"] == math.log1p(2) for c in choices)


def test_topic_of_a_second_half_alone():
    """topic_first_alone and topic_own_alone read the second half without the
    paragraph after it: the same as topic_first and topic_own when nothing
    follows it, a share of its own words otherwise."""
    (choice,) = _choices(PICTURE_CUT + "\n湖北省总工会表示，将继续为职工提供就业服务。\n")
    for cand in choice.candidates:
        assert 0.0 <= cand.topic_first_alone <= 1.0
        assert 0.0 <= cand.topic_own_alone <= 1.0
        if len(cand.second.group_blocks) == 1:
            assert (cand.topic_first_alone, cand.topic_own_alone) == (cand.topic_first, cand.topic_own)


CREDIT_CUT = """湖北省总工会坚持把就业服务作为工会工作的重要内容，今年以来，全省各级工会累计举办招聘活动

新华社记者 丁汀 摄

300余场，提供就业岗位8.9万个，帮助2.1万名职工实现就业。

各地工会还开展技能培训，帮助职工提升就业能力。
"""


def test_first_paragraph_past_a_picture():
    """Reading goes on at the first paragraph past what stands between (a
    photo credit here): that block has the first_after signal, the paragraph
    after it has not; a paragraph right under the first half has not either
    (adjacent pieces are rejoined before, or read as no continuation)."""
    from normalizer.rules.merge_halves import _feats

    (choice,) = _choices(CREDIT_CUT)
    by_text = {c.second.text[:4]: c for c in choice.candidates}
    assert _feats(choice, by_text["300余"])["first_after"] == 1.0
    assert _feats(choice, by_text["各地工会"])["first_after"] == 0.0
    assert by_text["300余"].score == max(c.score for c in choice.candidates)
    for choice in _choices(CREDIT_CUT.replace("新华社记者 丁汀 摄\n\n", "")):
        assert all(_feats(choice, c)["first_after"] == 0.0 for c in choice.candidates)


DIGITS_APART = """前三季度以工代赈已吸纳170余万低收入群众就业增收

31个省份在省、市、县三级各类重点工程项目中实施以工代赈，涉及项目

“千河之省”奏起环保发展交响曲

如今，这里水清河畅，黄金江岸种植植物7800万株，绿化面积达160万平方米。

5600余个，已吸纳93.9万名群众就业。
"""


def test_digits_inside_numbers_share_no_topic():
    """The pairs of digits inside numbers weigh nothing in topic: the rest of
    a cut paragraph (``5600余个，…``) shares only ``60`` and ``00`` with the
    paragraph it stands under (``…7800万株…160万平方米``), so it is no
    closer in topic to where it stands."""
    (choice,) = _choices(DIGITS_APART)
    (rest,) = [c for c in choice.candidates if c.second.text.startswith("5600")]
    assert rest.topic_own_alone == 0.0
    assert rest.topic_own == 0.0
