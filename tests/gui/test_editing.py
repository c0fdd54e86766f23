"""Typing in the corrected view, undo/redo of typing, re-running rules, find and replace."""

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QEvent, Qt  # noqa: E402
from PySide6.QtGui import QInputMethodEvent, QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def type_text(widget, text):
    """Type characters as a keyboard sends them (QTest only knows ASCII keys)."""
    for ch in text:
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch))
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyRelease, 0, Qt.KeyboardModifier.NoModifier, ch))


def commit_text(widget, text):
    """What a Chinese input method sends when a word is chosen."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def window(make_window, suggesting_file):
    return make_window([suggesting_file])


def put_cursor_after(window, text):
    view = window.pane.corrected_view
    view.setFocus()
    view.move_cursor(view.text.index(text) + len(text))
    return view


def test_typing_becomes_one_hand_edit_command_and_undoes(window, qtbot, idle):
    view = put_cursor_after(window, "第三段")
    type_text(view, "新")
    type_text(view, "的")
    session = window.doc.session
    assert "第三段新的文字" in view.text
    assert [e.after for e in session.hand_edits] == ["新", "的"]
    block = session.block(session.hand_edits[0].block_id)
    assert "第三段新的文字" in block.text.text
    # one undo step for the word typed
    stack = window.undo_stack()
    assert stack.count() == 1
    assert "hand" in {m.kind for m in view._marks}
    window.undo()
    idle(window)
    assert "第三段文字" in view.text and session.hand_edits == []
    window.redo()
    idle(window)
    assert "第三段新的文字" in view.text
    assert [e.after for e in session.hand_edits] == ["新", "的"]


def test_backspace_and_delete_merge_and_undo(window, qtbot, idle):
    view = put_cursor_after(window, "第三段文字")
    qtbot.keyClick(view, Qt.Key.Key_Backspace)
    qtbot.keyClick(view, Qt.Key.Key_Backspace)
    assert "第三段在这里" in view.text
    assert window.undo_stack().count() == 1
    window.undo()
    idle(window)
    assert "第三段文字在这里" in view.text


def test_an_edit_outside_the_text_is_put_back(window, qtbot):
    view = window.pane.corrected_view
    slot = window.pane.layout_.slots[1]
    view.setFocus()
    view.move_cursor(slot.start)  # after the paragraph indent
    qtbot.keyClick(view, Qt.Key.Key_Backspace)  # would delete the indent
    qtbot.waitUntil(lambda: view.text == window.pane.layout_.text)
    assert view.text.count("\u3000\u3000") == 3
    assert window.doc.session.hand_edits == []


def test_rerunning_the_rules_keeps_the_hand_edit(window, qtbot, idle):
    view = put_cursor_after(window, "第三段")
    commit_text(view, "新")
    dialog = window.open_rules()
    dialog.set_enabled("JD110", False)
    with qtbot.waitSignal(window.doc.changed, timeout=10000):
        dialog.apply()
    idle(window)
    qtbot.waitUntil(lambda: dialog.results.rowCount() > 0)
    assert not window.doc.session.config.is_enabled("JD110")
    assert "获胜,观众" in view.text  # the ASCII comma is back
    assert "第三段新文字" in view.text  # the hand edit is kept
    rows = range(dialog.results.rowCount())
    counts = {dialog.results.item(r, 0).text(): dialog.results.item(r, 2).text() for r in rows}
    assert counts.get("JD110") == "0"
    # the rule run is undoable like the rest
    window.undo()
    idle(window)
    assert window.doc.session.config.is_enabled("JD110")
    assert "获胜，观众" in view.text and "第三段新文字" in view.text


def test_find_and_replace_all_then_undo(window, qtbot, idle):
    dialog = window.open_find()
    dialog.pattern.setText("文字")
    dialog.find()
    assert dialog.matches.count() == 1
    dialog.replacement.setText("文本")
    dialog._replace_all()
    idle(window)
    assert "第三段文本" in window.pane.corrected_view.text
    window.undo()
    idle(window)
    assert "第三段文字" in window.pane.corrected_view.text
    dialog.regex.setChecked(True)
    dialog.pattern.setText("[乾後]")
    dialog.find()
    assert dialog.matches.count() == 2
    dialog.pattern.setText("(")
    dialog.find()
    assert "regular expression" in dialog.status.text()


def test_rules_dialog_lists_every_rule_with_its_doc(window):
    from normalizer.rules import all_rules

    dialog = window.open_rules()
    assert dialog.table.rowCount() == len(all_rules())
    dialog.table.selectRow(1)
    rid = dialog.table.item(1, 0).text()
    assert dialog.doc.toPlainText().startswith(rid)
    assert all_rules()[rid].doc().splitlines()[0] in dialog.doc.toPlainText()
