"""The raw page view and the corrected page view.

Both are ``QPlainTextEdit`` showing one page; marks are drawn as extra
selections (they do not change the document, so showing them costs no
re-layout), with a tooltip naming the rule and what it saw.  The corrected
view reports what was typed as a change of its plain text (start, end,
inserted, in Python indices); it never decides what the change means.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from .layout import Utf16, common_edit
from .marks import KINDS, Mark

Selection = QTextEdit.ExtraSelection


def _format(kind: str) -> QTextCharFormat:
    spec = KINDS[kind]
    fmt = QTextCharFormat()
    if spec.colour:
        fmt.setBackground(QColor(spec.colour))
    if spec.underline:
        fmt.setUnderlineColor(QColor(spec.underline))
        style = QTextCharFormat.UnderlineStyle
        fmt.setUnderlineStyle(style.WaveUnderline if spec.wave else style.SingleUnderline)
    return fmt


class MarkedView(QPlainTextEdit):
    """A page of text with coloured marks and a focus highlight."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTabChangesFocus(False)
        self.setCenterOnScroll(False)
        self._text = ""
        self._utf16 = Utf16("")
        self._marks: list[Mark] = []
        self._mark_selections: list[Selection] = []
        self._focus_selections: list[Selection] = []
        self._top_selections: list[Selection] = []
        self._formats = {k: _format(k) for k in KINDS}
        focus = QTextCharFormat()
        focus.setBackground(QColor("#eef3fb"))
        focus.setProperty(QTextFormat.Property.FullWidthSelection, False)
        self._focus_format = focus
        current = QTextCharFormat()
        current.setBackground(QColor("#ffb347"))
        current.setFontWeight(700)
        self._current_format = current

    # text ---------------------------------------------------------------------
    @property
    def text(self) -> str:
        """The shown text (Python string, as set)."""
        return self._text

    def _read_document(self) -> str:
        return self.document().toRawText().replace("\u2029", "\n")

    def set_text(self, text: str) -> None:
        self._text = text
        self._utf16 = Utf16(text)
        self.setPlainText(text)

    def qt_pos(self, index: int) -> int:
        return self._utf16.to_qt(index)

    def py_pos(self, pos: int) -> int:
        return self._utf16.to_py(pos)

    def cursor_index(self) -> int:
        return self.py_pos(self.textCursor().position())

    def move_cursor(self, index: int, anchor: int | None = None, centre: bool = False, always: bool = False) -> None:
        """Put the cursor at ``index`` (selecting from ``anchor``); with ``centre``
        a cursor out of sight is centred (with ``always``, wherever it was)."""
        cursor = self.textCursor()
        if anchor is not None:
            cursor.setPosition(self.qt_pos(anchor))
            cursor.setPosition(self.qt_pos(index), QTextCursor.MoveMode.KeepAnchor)
        else:
            cursor.setPosition(self.qt_pos(min(index, len(self._text))))
        self.setTextCursor(cursor)
        if centre and (always or not self.viewport().rect().contains(self.cursorRect())):
            self.centerCursor()
        else:
            self.ensureCursorVisible()

    # marks ---------------------------------------------------------------------
    def _selection(self, start: int, end: int, fmt: QTextCharFormat) -> Selection:
        sel = Selection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.qt_pos(start))
        cursor.setPosition(self.qt_pos(end), QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        sel.format = fmt
        return sel

    def set_marks(self, marks: list[Mark]) -> None:
        n = len(self._text)
        self._marks = [m for m in marks if 0 <= m.start < m.end <= n]
        # pending suggestions last, so their underline is drawn over colours
        ordered = sorted(self._marks, key=lambda m: (m.kind == "pending", m.start))
        self._mark_selections = [self._selection(m.start, m.end, self._formats[m.kind]) for m in ordered]
        self._apply_selections()

    def set_focus_ranges(self, ranges: list[tuple[int, int]]) -> None:
        n = len(self._text)
        self._focus_selections = [
            self._selection(a, b, self._focus_format) for a, b in ranges if 0 <= a < b <= n
        ]
        self._apply_selections()

    def set_current_range(self, rng: tuple[int, int] | None) -> None:
        n = len(self._text)
        if rng is None:
            self._top_selections = []
        else:
            a, b = rng
            b = max(b, a + 1)
            self._top_selections = [self._selection(a, min(b, n), self._current_format)] if a < n else []
        self._apply_selections()

    def _apply_selections(self) -> None:
        self.setExtraSelections(self._focus_selections + self._mark_selections + self._top_selections)

    def marks_at(self, index: int) -> list[Mark]:
        return [m for m in self._marks if m.start <= index < m.end]

    def viewportEvent(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip:
            cursor = self.cursorForPosition(e.pos())
            index = self.py_pos(cursor.position())
            marks = self.marks_at(index)
            if marks:
                tips = []
                for m in marks:
                    line = f"[{KINDS[m.kind].label}] {m.tip}"
                    if line not in tips:
                        tips.append(line)
                QToolTip.showText(e.globalPos(), "\n".join(tips), self)
            else:
                QToolTip.hideText()
                e.ignore()
            return True
        return super().viewportEvent(e)


class RawView(MarkedView):
    """The page as it was read: never edited."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setObjectName("rawView")


#: keys the window uses even while the corrected view has the focus
PASSTHROUGH = (
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Redo,
)
PASSTHROUGH_KEYS = {
    (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_Backspace, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier),
}


class CorrectedView(MarkedView):
    """The corrected page; typing is reported through :attr:`edited`.

    The widget's own undo is off: the window's undo stack undoes edits through
    the session, and the view then shows what the session says.
    """

    edited = Signal(int, int, str)  # start, end (in the text before), inserted

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUndoRedoEnabled(False)
        self.setObjectName("correctedView")
        self._setting = False
        self._hint: int | None = None
        self.document().contentsChange.connect(self._contents_change)

    def set_text(self, text: str) -> None:
        self._setting = True
        try:
            super().set_text(text)
            self._text = self._read_document()
            self._utf16 = Utf16(self._text)
        finally:
            self._setting = False

    def replace_range(self, start: int, end: int, text: str) -> None:
        """Change part of the shown text without reporting it as typed."""
        self._setting = True
        try:
            cursor = QTextCursor(self.document())
            cursor.setPosition(self.qt_pos(start))
            cursor.setPosition(self.qt_pos(end), QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(text)
            self._text = self._text[:start] + text + self._text[end:]
            self._utf16 = Utf16(self._text)
        finally:
            self._setting = False

    def _contents_change(self, position: int, removed: int, added: int) -> None:
        if self._setting:
            return
        new = self._read_document()
        old = self._text
        if new == old:
            return
        start, end, inserted = common_edit(old, new, self.py_pos(position))
        self._text = new
        self._utf16 = Utf16(new)
        self.edited.emit(start, end, inserted)

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ShortcutOverride:
            if any(e.matches(k) for k in PASSTHROUGH) or (e.key(), e.modifiers()) in PASSTHROUGH_KEYS:
                e.ignore()
                return True
        return super().event(e)
