"""JD301's fast paths read the same as the plain forms they stand for."""

from pathlib import Path

import pytest

from normalizer import lexicon
from normalizer.api import issue_from_text
from normalizer.config import Config
from normalizer.engine import normalise_issue
from normalizer.rules import merge_halves as M

SEEDS = Path(__file__).parent.parent / "seeds"

#: ends of first halves and starts of second halves: seams that make a word
#: (落|实, 资源下|沉, 20|16年, 一帆风|顺: only a word of three and one characters),
#: seams that make none, texts of one and two characters
ENDS = ["一帆风", "资源下沉，落", "落", "下", "资源下", "工作制", "2016", "，", "“五个围绕”", "abc", "全面", "实"]
STARTS = ["顺", "实天津市总工会", "实", "沉", "度，", "年，", "。", "”他说", "的歌声", "名会员", "a", "现了", "天津"]


@pytest.mark.skipif(not lexicon.available(), reason="no dictionary")
def test_seam_word_test_is_spans_short_word():
    """The six look-ups on pieces cut beforehand (lexicon.spans_cut_word, as
    JD301 asks for every pair) find a word of two to four characters across
    the seam exactly when lexicon.seam_words lists one, both ways round and
    for short texts."""
    words = lexicon.frequencies()
    found = 0
    for end in ENDS + STARTS:
        for start in STARTS + ENDS:
            expected = any(len(w) <= 4 for w, _ in lexicon.seam_words(end, start, reach=4))
            got = lexicon.spans_cut_word(lexicon.seam_ends(end), lexicon.seam_starts(start), words)
            assert got == expected, (end, start)
            assert lexicon.spans_short_word(end, start) == expected, (end, start)
            found += expected
    assert found  # some seams make a word


@pytest.mark.parametrize(
    "text",
    ["他说（记者）", "）后来", "无括号", "(a) b", "a) (b", "", "注：见）（附件", "（", ")"],
)
def test_closes_bracket_is_first_closing(text):
    """The one bracket pattern reads as _first_closing of round brackets."""
    assert M._closes_bracket(text) == M._first_closing(text, "（(", "）)")


@pytest.mark.parametrize("text", ["”他说", "“好”", "无引号", "」走", "他说：“走", ""])
def test_quote_mark_finds_the_first_curly_quote(text):
    found = M._QUOTE_MARK.search(text)
    first = next((c for c in text if c in M._OPEN_QUOTES + M._CLOSE_QUOTES), None)
    assert (found.group() if found else None) == first


def test_own_terms_are_the_weighed_signals_in_file_order(monkeypatch):
    """Every second half read on the seeds: its signals are _OWN_SIGNALS,
    and its terms are the weighed non-zero ones sorted by their place in
    the weights file (as a sort of them all would give)."""
    params = M.MergeInterleavedHalves().params()
    read = []
    original = M._second_signals

    def spy(b, flow, params_, sig, pictured):
        original(b, flow, params_, sig, pictured)
        read.append(b)

    monkeypatch.setattr(M, "_second_signals", spy)
    for path in sorted(SEEDS.glob("*.txt")):
        normalise_issue(issue_from_text(path.read_text(encoding="utf-8")), Config.load())
    assert read
    for b in read:
        assert set(b.feats) == set(M._OWN_SIGNALS)
        expected = sorted(
            (params.order[k], params.pair[k] * v) for k, v in b.feats.items() if v and k in params.order
        )
        assert b.terms == expected
