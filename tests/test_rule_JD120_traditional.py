from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casefile import check_text_case, load_cases, normalise_with, run_text_rule
from normalizer.config import Config, ConfigError
from normalizer.resources import load_lines
from normalizer.rules import traditional
from normalizer.rules.traditional import TraditionalCharacters, _diff_positions, _gaps, make_converter

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


@pytest.mark.parametrize("case", load_cases("JD120"))
def test_traditional_characters(case):
    check_text_case("JD120", case)


def apply(text, fixes, certain_only=True):
    out, at = [], 0
    for fix in sorted(fixes, key=lambda f: (f.start, f.end)):
        if (certain_only and fix.score is not None) or fix.start < at:
            continue
        out.append(text[at : fix.start])
        out.append(fix.replacement)
        at = fix.end
    out.append(text[at:])
    return "".join(out)


# simplified text must come out unchanged -------------------------------------


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_seeds_have_no_certain_change(seed):
    raw = seed.read_text(encoding="utf-8")
    issue = normalise_with(raw, ["JD120"])
    assert issue.changes == []
    rule = TraditionalCharacters()
    for block in raw.split("\n\n"):
        assert all(f.score is not None for f in rule.fixes(block))


SIMPLIFIED = [
    "乾安县位于吉林省西北部，乾安县的干部群众",
    "后来他回到家乡，皇后的故事流传至今",
    "头发花白的老人讲述发展的历程",
    "基层干部把面条送到村民家里面",
    "几乎所有的人都来了，其余的人明天到",
    "于是，记者于灵歌采访了著名作家",
    "沈阳的覆盖率显著提高，为什么呢",
    "一千余名职工参加，剩余的钱存入银行",
    "乾隆皇帝六下江南，乾坤朗朗",
    "毕昇发明了活字印刷术",
    "他着急地干着活，松了一口气",
]


@pytest.mark.parametrize("text", SIMPLIFIED)
def test_simplified_sentences_untouched(text):
    assert TraditionalCharacters().fixes(text) == []


def test_common_simplified_characters_are_not_triggers():
    prof = traditional._profile("t2s")
    for ch in "后发干里面几余于着么沈台复":
        assert ch not in prof.changeable.chars, ch


# suggestions -----------------------------------------------------------------


def test_score_is_higher_in_traditional_block():
    rule = TraditionalCharacters()
    trad = [f for f in rule.fixes("這個地區的頭髮產業") if f.score is not None]
    simp = [f for f in rule.fixes("这个地区的头髮产业") if f.score is not None]
    assert [(f.replacement, f.score) for f in trad] == [("发", 0.8)]
    assert [(f.replacement, f.score) for f in simp] == [("发", 0.5)]
    assert "traditional-only" in trad[0].evidence
    assert "rest of the block is simplified" in simp[0].evidence
    assert "头髮产业" in simp[0].evidence


def test_phrase_only_change_says_so():
    (fix,) = [f for f in TraditionalCharacters().fixes("深沈的聲音") if f.score is not None]
    assert fix.evidence.startswith("沈 is also written in simplified text")
    assert "OpenCC changes it only inside a phrase" in fix.evidence


def test_scores_come_from_options():
    rule = TraditionalCharacters({"score_traditional_block": 0.9, "score_simplified_block": 0.3})
    assert [f.score for f in rule.fixes("他的後代") if f.score] == [0.3]


def test_one_fix_per_changed_run():
    fixes = TraditionalCharacters().fixes("這個國家，經濟發展")
    assert [(f.start, f.end, f.replacement) for f in fixes] == [(0, 3, "这个国"), (5, 8, "经济发")]


def test_changes_carry_raw_spans():
    raw = "前言\n\n這是臺灣的報紙"
    issue = normalise_with(raw, ["JD120"])
    assert [(c.before, c.after, raw[c.start : c.end]) for c in issue.changes] == [
        ("這", "这", "這"),
        ("臺灣", "台湾", "臺灣"),
        ("報紙", "报纸", "報紙"),
    ]


# profiles and options --------------------------------------------------------


def test_default_profile_from_rules_toml():
    assert Config.load().options("JD120")["profile"] == "t2s"


def test_hong_kong_profile():
    text = "香港警衞在枱面上"
    assert apply(text, TraditionalCharacters().fixes(text)) == text
    hk = TraditionalCharacters({"profile": "hk2s"})
    assert apply(text, hk.fixes(text)) == "香港警卫在台面上"


def test_taiwan_profile():
    text = "屋簷下的麻痺"
    assert apply(text, TraditionalCharacters().fixes(text)) == text
    tw = TraditionalCharacters({"profile": "tw2s"})
    assert apply(text, tw.fixes(text)) == "屋檐下的麻痹"


def test_taiwan_profile_keeps_simplified_zhu():
    tw = TraditionalCharacters({"profile": "tw2s"})
    assert tw.fixes("著名作家的显著成就") == []
    # a lone 著 in traditional text is only suggested
    fixes = tw.fixes("這本書著了色")
    assert [(f.replacement, f.score is None) for f in fixes] == [("这", True), ("书", True), ("着", False)]


@pytest.mark.parametrize(
    "options",
    [{"profile": "s2t"}, {"profile": ""}, {"score_traditional_block": 2}, {"score_simplified_block": "high"}],
)
def test_bad_options_are_reported(options):
    with pytest.raises(ConfigError, match="JD120"):
        TraditionalCharacters(options)


def test_switched_off():
    config = Config.load(disable=["JD120"])
    assert "JD120" not in [r.id for r in config.active_rules()]


# resources -------------------------------------------------------------------


def test_ambiguous_list_is_single_characters():
    entries = load_lines("opencc_ambiguous.txt")
    assert entries and all(len(e) == 1 for e in entries)
    assert {"乾", "後", "髮", "於"} <= set(entries)


@pytest.mark.parametrize("phrase", load_lines("opencc_protected.txt"))
def test_protected_phrases_are_kept(phrase):
    rule = TraditionalCharacters()
    for text in (phrase, f"這裡的{phrase}很有名"):
        fixes = rule.fixes(text)
        at = text.index(phrase)
        assert all(f.end <= at or f.start >= at + len(phrase) for f in fixes), (text, fixes)


# helpers and the length-changing path ----------------------------------------


def test_diff_positions_and_gaps():
    a = "甲" * 200
    b = a[:3] + "乙" + a[4:150] + "丙" + a[151:]
    assert list(_diff_positions(a, b)) == [3, 150]
    assert _gaps(bytearray(b"\x00\x00\x01\x01\x00")) == [(0, 2), (4, 5)]
    assert _gaps(bytearray(b"\x01\x01")) == []
    assert _gaps(bytearray(b"")) == []


class _Stretching:
    """A converter whose table turns one character into two."""

    def convert(self, text):
        return text.replace("這", "这").replace("龘", "龙龙")


def test_length_changing_conversion(monkeypatch):
    fake = traditional._Profile(
        "t2s", _Stretching(), traditional._CharSet("這龘"), traditional._CharSet("這龘")
    )
    monkeypatch.setattr(traditional, "_profile", lambda name: fake)
    text = "這是龘字"
    fixes = TraditionalCharacters().fixes(text)
    got = [(f.start, f.end, f.replacement, f.score) for f in fixes]
    assert got == [(0, 1, "这", None), (2, 3, "龙龙", None)]


def test_no_characters_from_the_newest_extensions():
    # OpenCC's extension table maps rare characters to ones fonts seldom have
    converter = make_converter("t2s")
    assert converter.convert("䌈") == "䌈"


# idempotence -----------------------------------------------------------------

PIECES = st.sampled_from(
    [
        "這", "們", "國", "頭", "長", "經濟", "發", "臺灣", "乾", "後", "髮", "於", "沈", "徵", "著",
        "后", "发", "干", "里", "面", "几", "余", "着", "么", "覆", "的", "是",
        "乾安县", "乾隆", "毕昇", "乾淨", "深沈", "不可貲計", "頭髮", "乾清宮", "答覆", "於梨华",
        "，", "。", "\n", " ", "A1", "\uf914", "\U0002f800", "𠀀",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=30), st.sampled_from(["t2s", "tw2s", "hk2s"]))
def test_idempotent(pieces, profile):
    rule = TraditionalCharacters({"profile": profile})
    text = "".join(pieces)
    fixes = rule.fixes(text)
    for fix in fixes:
        assert 0 <= fix.start < fix.end <= len(text)
    once = apply(text, fixes)
    assert all(f.score is not None for f in rule.fixes(once))
    # accepting every suggestion too leaves nothing certain to do
    accepted = apply(text, fixes, certain_only=False)
    assert all(f.score is not None for f in rule.fixes(accepted))


def test_idempotent_through_the_engine():
    raw = "他們的頭髮很長。乾安县的農業發展很快。"
    text, _, changes = run_text_rule("JD120", raw)
    again, _, more = run_text_rule("JD120", text)
    assert changes and again == text and not more
