"""SourcedText: every corrected character keeps the raw span it came from."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalizer.sourced import Edit, SourcedText, Span

RAW = "今年初,定西市总工会...探索"


def test_from_raw_maps_each_character():
    t = SourcedText.from_raw(RAW, 1, 3, 9)
    assert t.text == RAW[3:9]
    assert t.locate(0) == (1, 3)
    assert t.locate(5) == (1, 8)
    assert t.spans() == [Span(1, 3, 9)]


def test_same_length_replacement_keeps_character_mapping():
    t = SourcedText.from_raw(RAW, 1)
    new, spans = t.apply([Edit(3, 4, "，")])
    assert new.text == "今年初，定西市总工会...探索"
    assert spans == [[Span(1, 3, 4)]]
    assert new.locate(3) == (1, 3)
    assert new.locate(4) == (1, 4)


def test_group_replacement_maps_to_whole_span():
    t = SourcedText.from_raw(RAW, 1)
    i = RAW.index("...")
    new, spans = t.apply([Edit(i, i + 3, "……")])
    assert new.text.endswith("工会……探索")
    assert spans == [[Span(1, i, i + 3)]]
    assert new.locate(i) == (1, i) and new.locate(i + 1) == (1, i)
    assert new.locate(i + 2) == (1, i + 3)
    assert new.spans(i, i + 2) == [Span(1, i, i + 3)]


def test_deletion_and_insertion():
    t = SourcedText.from_raw("甲 乙", 2)
    new, spans = t.apply([Edit(1, 2, ""), Edit(3, 3, "。")])
    assert new.text == "甲乙。"
    assert spans[0] == [Span(2, 1, 2)]
    assert spans[1] == [Span(2, 3, 3)]
    assert new.spans() == [Span(2, 0, 1), Span(2, 2, 3), Span(2, 3, 3)] or new.spans()[0] == Span(2, 0, 1)


def test_join_keeps_both_pages():
    a = SourcedText.from_raw("甲乙", 1)
    b = SourcedText.from_raw("丙丁", 3)
    joined = SourcedText.join([a, b])
    assert joined.text == "甲乙丙丁"
    assert joined.locate(2) == (3, 0)
    assert joined.spans() == [Span(1, 0, 2), Span(3, 0, 2)]
    assert joined.index_of(3, 1) == 3


def test_overlapping_edits_are_refused():
    t = SourcedText.from_raw("甲乙丙", 1)
    with pytest.raises(ValueError):
        t.apply([Edit(0, 2, "x"), Edit(1, 3, "y")])


def test_adjacent_exact_pieces_merge():
    raw = "甲乙丙丁"
    t = SourcedText.join([SourcedText.from_raw(raw, 1, 0, 2), SourcedText.from_raw(raw, 1, 2, 4)])
    assert len(t.pieces) == 1


@st.composite
def edits_for(draw, text):
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    edits = []
    for a, b in zip(cuts[::2], cuts[1::2]):
        edits.append(Edit(a, b, draw(st.text(alphabet="，。……“”ab", max_size=3))))
    return edits


@given(st.data(), st.text(alphabet="甲乙丙丁戊己 ,.", min_size=1, max_size=40))
def test_unchanged_characters_still_map_to_themselves(data, raw):
    t = SourcedText.from_raw(raw, 1)
    edits = data.draw(edits_for(raw))
    new, _ = t.apply(edits)
    # rebuild what the text should be, and where each kept character came from
    expected, kept, pos, out = [], {}, 0, 0
    for e in sorted(edits, key=lambda e: e.start):
        for i in range(pos, e.start):
            kept[out + i - pos] = i
        out += e.start - pos
        expected.append(raw[pos : e.start] + e.replacement)
        out += len(e.replacement)
        pos = e.end
    for i in range(pos, len(raw)):
        kept[out + i - pos] = i
    expected.append(raw[pos:])
    assert new.text == "".join(expected)
    for out_index, raw_index in kept.items():
        assert new.locate(out_index) == (1, raw_index)
    for piece in new.pieces:
        assert 0 <= piece.start <= piece.end <= len(raw)
