"""The page layout of the corrected view: positions ↔ (block, offset) ↔ raw."""

import pytest

pytest.importorskip("PySide6")

from gui.layout import EditOutside, PageLayout, Utf16, common_edit  # noqa: E402
from normalizer.api import issue_from_text  # noqa: E402
from normalizer.engine import normalise_issue  # noqa: E402
from normalizer.textview import page_text  # noqa: E402

RAW = "　　第一段,有逗号。\n\n标题行\n\n　　第二段文字……\n"


@pytest.fixture
def layout():
    issue = normalise_issue(issue_from_text(RAW))
    return issue, PageLayout(issue.pages[0])


def test_text_is_the_page_text(layout):
    issue, lay = layout
    assert lay.text == page_text(issue.pages[0])


def test_every_block_maps_back_to_its_text(layout):
    issue, lay = layout
    for block in issue.pages[0].blocks:
        slot = lay.slot(block.id)
        assert lay.text[slot.start : slot.end] == block.text.text
        assert lay.slot_at(slot.start) is slot and lay.slot_at(slot.end) is slot


def test_raw_positions_map_to_corrected_positions(layout):
    issue, lay = layout
    raw = issue.pages[0].raw
    # the ASCII comma became a full-width one at the same place
    comma = raw.index(",")
    assert lay.text[lay.raw_to_doc(comma)] == "，"
    # and back
    assert lay.doc_to_raw(lay.raw_to_doc(comma)) == (1, comma)
    # the indent of the raw text is not in any block
    assert lay.raw_to_doc(0) is None
    assert lay.raw_to_doc(0, nearest=True) is not None


def test_edits_inside_one_block_only(layout):
    issue, lay = layout
    first, second = lay.slots[0], lay.slots[1]
    target = lay.edit_target(first.start + 1, first.start + 2, "X")
    assert (target.slot, target.start, target.end) == (first, 1, 2)
    # typing in the indent goes to the start of the text
    assert lay.edit_target(first.head, first.head, "Y").start == 0
    with pytest.raises(EditOutside):
        lay.edit_target(first.head, first.start, "")  # deleting the indent
    with pytest.raises(EditOutside):
        lay.edit_target(first.end - 1, second.start + 1, "")  # across blocks
    with pytest.raises(EditOutside):
        lay.edit_target(first.end + 1, first.end + 1, "Z")  # in the blank line


@pytest.mark.parametrize(
    "old, new, hint, expected",
    [
        ("abc", "abXc", 2, (2, 2, "X")),
        ("aa", "aaa", 0, (0, 0, "a")),  # the hint places the insertion
        ("aa", "aaa", 2, (2, 2, "a")),
        ("abcd", "ad", 1, (1, 3, "")),
        ("abc", "abc!", None, (3, 3, "!")),
        ("他乾了", "他干了", 1, (1, 2, "干")),
    ],
)
def test_common_edit(old, new, hint, expected):
    assert common_edit(old, new, hint) == expected


def test_utf16_positions_around_supplementary_characters():
    text = "a\U00020000b"
    u = Utf16(text)
    assert [u.to_qt(i) for i in range(4)] == [0, 1, 3, 4]
    assert [u.to_py(q) for q in (0, 1, 3, 4)] == [0, 1, 2, 3]
    plain = Utf16("中文")
    assert plain.to_qt(2) == 2 and plain.to_py(2) == 2


def test_common_edit_when_the_editor_reports_a_wider_change():
    # an input method commit is reported from the start of the line
    old = "前文\n\n　　第三段文字"
    new = "前文\n\n　　第三段新文字"
    assert common_edit(old, new, old.index("　")) == (len(old) - 2, len(old) - 2, "新")
