"""The main window over real documents: opening, navigator, linked views, marks."""

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDropEvent  # noqa: E402

from normalizer.textview import page_text  # noqa: E402


def test_opens_an_issue_folder_with_pages_and_articles(make_window, seeds):
    window = make_window([seeds])
    assert len(window.docs) == 1
    doc = window.docs[0]
    assert [p.number for p in doc.issue.pages] == [1, 2, 3, 4, 5]
    model = window.nav_model
    issue_index = model.index(0, 0)
    assert model.rowCount(issue_index) == 5
    page_index = model.index(0, 0, issue_index)
    assert model.data(page_index) == "第1版"
    assert model.rowCount(page_index) >= 1  # articles of page 1
    # the centre shows page 1: raw as read, corrected as the page text
    page = doc.issue.pages[0]
    assert window.pane.raw_view.toPlainText() == page.raw
    assert window.pane.corrected_view.text == page_text(page)
    assert "第1版" in window.status_where.text()


def test_seed_files_open_as_issues_and_navigator_switches_pages(make_window, seeds, qtbot):
    window = make_window(sorted(seeds.iterdir()))
    assert len(window.docs) == 5
    model = window.nav_model
    second = model.index(1, 0)
    window.navigator.setCurrentIndex(model.index(0, 0, second))
    assert window.doc is window.docs[1]
    assert window.pane.raw_view.toPlainText() == window.docs[1].issue.pages[0].raw
    # an article node puts the cursor in its first block
    page_index = model.index(0, 0, second)
    article = model.node(model.index(0, 0, page_index))
    window.navigator.setCurrentIndex(model.index(0, 0, page_index))
    assert window.pane.cursor_info()["block"] == article.block_id


def test_cursor_in_corrected_block_lights_its_raw_spans_and_back(make_window, seeds):
    window = make_window([seeds / "001_8861f8b360c6384b.txt"])
    pane = window.pane
    layout = pane.layout_
    slot = max(layout.slots, key=lambda s: len(s.block.text.pieces))  # a block made of several raw pieces
    pane.corrected_view.move_cursor(slot.start + 3)
    spans = [(s.start, s.end) for s in slot.block.text.spans()]
    focus = [(sel.cursor.selectionStart(), sel.cursor.selectionEnd()) for sel in pane.raw_view._focus_selections]
    assert focus == spans
    # the raw cursor follows to the raw character of the corrected one
    page, offset = slot.block.text.locate(3)
    assert pane.raw_view.cursor_index() == offset
    # and the other way round: a raw position finds its block
    other = layout.slots[-1]
    raw_offset = other.block.text.spans()[0].start + 1
    pane.raw_view.move_cursor(raw_offset)
    assert layout.slot_at(pane.corrected_view.cursor_index()) is other
    assert window.pane.cursor_info()["block"] == other.block_id


def test_changes_are_marked_by_kind_with_a_tooltip(make_window, seeds):
    window = make_window([seeds / "001_8861f8b360c6384b.txt"])
    view = window.pane.corrected_view
    kinds = {m.kind for m in view._marks}
    assert {"punct", "seam"} <= kinds
    punct = next(m for m in view._marks if m.kind == "punct")
    tips = [m.tip for m in view.marks_at(punct.start)]
    assert any(t.startswith("JD110") and "→" in t for t in tips)
    raw_kinds = {m.kind for m in window.pane.raw_view._marks}
    assert {"punct", "seam"} <= raw_kinds


def test_status_bar_and_fonts(make_window, seeds):
    window = make_window([seeds / "003_eab7701e9afcf815.txt"])
    assert "修改" in window.status_counts.text()
    family = window.pane.corrected_view.font().families()
    assert family and "CJK" in family[0] or family  # a CJK face first when one is installed
    assert window.pane.corrected_view.font().pixelSize() == window.text_px


def test_dropping_a_folder_opens_it(make_window, seeds, qtbot):
    window = make_window([])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(seeds))])
    event = QDropEvent(
        QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    with qtbot.waitSignal(window.openFinished, timeout=20000):
        window.dropEvent(event)
    assert len(window.docs) == 1


def test_bad_input_is_reported_not_fatal(make_window, tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    window = make_window([bad])
    assert window.docs == []
    assert any("empty" in text for _title, text in window.notices)


def test_scrolling_one_view_scrolls_the_other(make_window, seeds, qtbot):
    window = make_window([seeds / "000_254c869c0ec27c25.txt"])
    pane = window.pane
    corrected, raw = pane.corrected_view, pane.raw_view
    corrected.verticalScrollBar().setValue(corrected.verticalScrollBar().maximum() // 2)
    top = corrected.py_pos(corrected.cursorForPosition(QPoint(2, 2)).position())
    raw_top = raw.py_pos(raw.cursorForPosition(QPoint(2, 2)).position())
    # the raw view's top line is where the corrected top line came from
    slot = pane.layout_.nearest_slot(top)
    assert raw.verticalScrollBar().value() > 0
    assert abs(pane.layout_.raw_to_doc(raw_top, nearest=True) - top) < 200
    assert slot is not None


def test_none_is_protected_from_lost_references():
    import sys

    from gui import compat

    # whatever the bindings do, a Qt call that returns nothing leaves None alive
    before = sys.getrefcount(None)
    compat.protect_none()
    from PySide6.QtCore import QObject

    probe = QObject()
    for _ in range(1000):
        probe.setObjectName("x")
    assert sys.getrefcount(None) > 1000 or sys.version_info >= (3, 12)
    assert before > 0
