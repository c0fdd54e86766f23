"""Deciding suggestions from the panel and the keyboard, with undo and redo."""

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402

from normalizer.model import Status  # noqa: E402


@pytest.fixture
def window(make_window, suggesting_file):
    return make_window([suggesting_file])


def statuses(window):
    return [s.status for s in window.suggestions.model.rows]


def test_panel_lists_the_suggestions_with_a_preview(window):
    model = window.suggestions.model
    assert [s.before for s in model.rows] == ["乾", "後"]
    preview = model.data(model.index(0, 5))
    assert "［乾→干］" in preview and "他" in preview
    assert window.nav_model.index(0, 1).data() == "2"  # pending count of the issue
    assert "pending" in {m.kind for m in window.pane.corrected_view._marks}


def test_accept_with_the_keyboard_updates_both_views_then_undo_and_redo(window, qtbot, idle):
    view = window.pane.corrected_view
    rows = window.suggestions.model.rows
    window.suggestions.table.setFocus()
    window.suggestions.select(rows[1].id)
    qtbot.keyClick(window.suggestions.table, Qt.Key.Key_K)  # previous: the first
    assert window.suggestions.current_id() == rows[0].id
    assert window.pane.current_suggestion == window.suggestions.current_id()
    qtbot.keyClick(window.suggestions.table, Qt.Key.Key_A)  # accept
    idle(window)
    assert "他干了" in view.text
    assert statuses(window) == [Status.ACCEPTED, Status.PENDING]
    assert "accepted" in {m.kind for m in view._marks}
    assert window.nav_model.index(0, 1).data() == "1"
    # the raw view never changes
    assert "他乾了" in window.pane.raw_view.toPlainText()
    # the next pending one is selected
    qtbot.waitUntil(lambda: window.suggestions.current_id().startswith("JD120-p1-39"))

    window.undo()
    idle(window)
    assert "他乾了" in view.text
    assert statuses(window) == [Status.PENDING, Status.PENDING]
    window.redo()
    idle(window)
    assert "他干了" in view.text


def test_reject_with_ctrl_backspace_and_undo(window, qtbot, idle):
    window.suggestions.select(window.suggestions.model.rows[1].id)
    window.pane.corrected_view.setFocus()
    qtbot.keyClick(window.pane.corrected_view, Qt.Key.Key_Backspace, Qt.KeyboardModifier.ControlModifier)
    idle(window)
    assert statuses(window) == [Status.PENDING, Status.REJECTED]
    assert "後走" in window.pane.corrected_view.text  # nothing typed, nothing deleted
    window.undo()
    idle(window)
    assert statuses(window) == [Status.PENDING, Status.PENDING]
    assert window.doc.session.decisions == {}


def test_ctrl_return_accepts_and_ctrl_down_moves(window, qtbot, idle):
    view = window.pane.corrected_view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert window.suggestions.current_id() == window.suggestions.model.rows[1].id
    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    idle(window)
    assert statuses(window) == [Status.PENDING, Status.ACCEPTED]
    assert "酒后走" in view.text


def test_accept_all_above_and_undo(window, idle):
    window.accept_above(0.5)
    idle(window)
    assert statuses(window) == [Status.ACCEPTED, Status.ACCEPTED]
    assert "他干了这杯酒后走了" in window.pane.corrected_view.text
    window.undo()
    idle(window)
    assert statuses(window) == [Status.PENDING, Status.PENDING]
    assert window.doc.session.decisions == {}


def test_apply_to_every_occurrence(make_window, tmp_path, idle):
    page = tmp_path / "twice.txt"
    page.write_text("　　他乾了一杯。\n\n　　她也乾了一杯後走了。\n", encoding="utf-8")
    window = make_window([page])
    first = next(s for s in window.suggestions.model.rows if s.before == "乾")
    window.accept_everywhere(first.id)
    idle(window)
    rows = window.suggestions.model.rows
    assert [s.status for s in rows if s.before == "乾"] == [Status.ACCEPTED, Status.ACCEPTED]
    assert [s.status for s in rows if s.before == "後"] == [Status.PENDING]
    window.undo()
    idle(window)
    assert all(s.status is Status.PENDING for s in window.suggestions.model.rows)


def test_accepting_a_merge_of_two_blocks_and_undoing_it(make_window, seeds, idle):
    window = make_window([seeds / "000_254c869c0ec27c25.txt"])
    merges = [s for s in window.suggestions.model.rows if s.kind == "merge"]
    if not merges:
        pytest.skip("no joining suggestion on this seed with the current rules")
    merge = merges[0]
    view = window.pane.corrected_view
    before, blocks = view.text, len(window.pane.layout_.slots)
    window.suggestions.select(merge.id)
    assert window.pane.current_suggestion == merge.id
    window.decide_current(Status.ACCEPTED)
    idle(window)
    assert len(window.pane.layout_.slots) == blocks - 1
    assert merge.after in view.text.replace("\u3000", "")
    assert "accepted" in {m.kind for m in view._marks}
    window.undo()
    idle(window)
    assert view.text == before
