"""Never losing work: autosave, a killed editor recovered, projects, settings."""

import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QEvent, Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]

EDITOR_SCRIPT = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.path.insert(0, {root!r})
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication
    from gui.app import ready_window

    window = ready_window([{page!r}], {settings!r})
    view = window.pane.corrected_view
    view.setFocus()
    view.move_cursor(view.text.index("第三段") + 3)
    window.doc.autosaved.connect(lambda path: print("AUTOSAVED", path, flush=True))
    for ch in "改过":
        QApplication.sendEvent(view, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch))
    print("TYPED", [e.after for e in window.doc.session.hand_edits], flush=True)
    QApplication.instance().exec()
    """
)


def _wait_for_line(proc, word, timeout):
    lines = []
    done = threading.Event()

    def read():
        for line in proc.stdout:
            lines.append(line)
            if line.startswith(word):
                done.set()
                return
        done.set()

    threading.Thread(target=read, daemon=True).start()
    done.wait(timeout)
    return lines


def test_an_edit_survives_the_editor_being_killed(make_window, suggesting_file, tmp_path, qtbot):
    script = tmp_path / "editor.py"
    script.write_text(
        EDITOR_SCRIPT.format(root=str(ROOT), settings=str(tmp_path / "child-settings"), page=str(suggesting_file)),
        encoding="utf-8",
    )
    env = dict(os.environ, JIAODUI_STATE_DIR=os.environ["JIAODUI_STATE_DIR"], QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, env=env)
    try:
        lines = _wait_for_line(proc, "AUTOSAVED", timeout=30)
        assert any(line.startswith("AUTOSAVED") for line in lines), lines
        assert any("'改', '过'" in line for line in lines if line.startswith("TYPED")), lines
    finally:
        proc.send_signal(signal.SIGKILL)  # no clean shutdown: the autosave is all that is left
        proc.wait(10)
    assert proc.returncode == -signal.SIGKILL

    window = make_window([suggesting_file], recover="recover")
    assert len(window.docs) == 1  # the recovered issue, not a second copy of the file
    doc = window.docs[0]
    assert doc.recovered_from is not None
    assert [e.after for e in doc.session.hand_edits] == ["改", "过"]
    assert "第三段改过文字" in window.pane.corrected_view.text
    assert doc.dirty and window.windowTitle().count("*") == 1


def test_autosave_after_typing_and_at_once_after_a_decision(make_window, suggesting_file, qtbot, idle):
    from normalizer import project

    window = make_window([suggesting_file])
    doc = window.doc
    view = window.pane.corrected_view
    view.setFocus()
    view.move_cursor(view.text.index("第三段") + 3)
    with qtbot.waitSignal(doc.autosaved, timeout=5000):  # debounced, about a second later
        QApplication.sendEvent(view, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, "新"))
    path = project.autosave_path(doc.session)
    assert path.exists()
    assert [e.after for e in project.load_project(path).hand_edits] == ["新"]
    window.suggestions.select(window.suggestions.model.rows[0].id)
    with qtbot.waitSignal(doc.autosaved, timeout=1000):  # no debounce for decisions
        window.decide_current(__import__("normalizer.model", fromlist=["Status"]).Status.ACCEPTED)
    idle(window)
    assert list(project.load_project(path).decisions.values()) == ["accepted"]


def test_save_project_and_open_it_again(make_window, suggesting_file, tmp_path, qtbot, idle):
    from normalizer import project

    window = make_window([suggesting_file])
    doc = window.doc
    view = window.pane.corrected_view
    view.setFocus()
    view.move_cursor(view.text.index("第三段") + 3)
    QApplication.sendEvent(view, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, "新"))
    doc.autosave_now()
    unsaved_autosave = project.autosave_path(doc.session)
    assert unsaved_autosave.exists()
    target = tmp_path / "work" / "my issue"
    target.parent.mkdir()
    assert window.save_as(path=target)
    saved = target.with_name("my issue.jiaodui")
    assert saved.exists() and not doc.dirty
    assert not unsaved_autosave.exists()  # replaced by the project
    assert "*" not in window.windowTitle()
    window.close_document(doc, ask=False)

    again = make_window([saved])
    assert again.doc.project_path == saved
    assert "第三段新文字" in again.pane.corrected_view.text
    assert not again.doc.dirty


def test_settings_persist_between_runs(make_window, suggesting_file, settings):
    first = make_window([suggesting_file])
    first.set_text_size(20)
    first.resize(700, 500)  # inside the offscreen screen, which restoreGeometry keeps to
    first.close()
    second = make_window([], settings=settings, size=None)
    assert second.text_px == 20
    assert second.pane.corrected_view.font().pixelSize() == 20
    assert str(suggesting_file.resolve()) in second.recent_files()
    assert second.size().toTuple() == (700, 500)


def test_autosave_beside_a_project_is_recovered_with_the_project(make_window, suggesting_file, tmp_path, qtbot):
    from normalizer import project

    first = make_window([suggesting_file])
    saved = tmp_path / "work.jiaodui"
    assert first.save_as(path=saved)
    view = first.pane.corrected_view
    view.setFocus()
    view.move_cursor(view.text.index("第三段") + 3)
    QApplication.sendEvent(view, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, "新"))
    first.doc.autosave_now()
    autosave = project.autosave_path(saved)
    assert autosave.exists()
    # as if the first editor had died here: a second one opens the project
    second = make_window([saved], recover="recover")
    assert len(second.docs) == 1
    doc = second.docs[0]
    assert doc.project_path == saved and doc.recovered_from == autosave
    assert "第三段新文字" in second.pane.corrected_view.text
    assert second.save()  # saving the recovered work drops the autosave
    assert not autosave.exists()
    assert "新" in [e.after for e in project.load_project(saved).hand_edits]
