"""The centre of the window: one page, raw beside corrected, linked.

:class:`EditorPane` shows one page of one document.  It keeps a
:class:`~gui.layout.PageLayout` of the corrected text so that a cursor in a
corrected block lights up the block's raw spans (and the raw view scrolls
there), a raw position finds the corrected text made from it, and typing maps
to ``(block, offset)`` for the session.  Marks (changes by kind, pending
suggestions) come from :func:`gui.marks.page_marks`.  The pane never changes
the session: it emits :attr:`EditorPane.editRequested` and follows the
document's events.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QSizePolicy, QSplitter, QVBoxLayout, QWidget

from normalizer.model import Status
from normalizer.session import HAND

from .layout import EditOutside, PageLayout, common_edit
from .marks import KINDS, changes_by_page, page_marks, suggestion_position
from .textviews import CorrectedView, RawView

LEGEND_ORDER = ("seam", "punct", "furniture", "marker", "charform", "accepted", "hand", "other", "pending")


def legend_widget(parent: QWidget | None = None) -> QLabel:
    """The colours of the marks, as one label that wraps when the window is narrow."""
    parts = []
    for key in LEGEND_ORDER:
        kind = KINDS[key]
        if kind.colour:
            style = f"background-color:{kind.colour};"
        else:
            style = f"color:{kind.underline}; text-decoration: underline;"
        parts.append(f'<span style="{style}">&nbsp;{kind.label}&nbsp;</span>')
    label = QLabel(" &nbsp; ".join(parts), parent)
    label.setObjectName("legend")
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setToolTip("Colours of the changes in both views; hover a mark to see the rule and what it saw")
    return label


class EditorPane(QWidget):
    editRequested = Signal(object, str, int, int, str)  # document, block id, start, end, replacement
    cursorMoved = Signal()
    message = Signal(str)
    pageShown = Signal(object, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = None
        self.page_number: int | None = None
        self.layout_: PageLayout | None = None
        self.current_suggestion: str = ""
        self._linking = False
        self._in_edit = False
        self._busy = False
        self._changes_cache: tuple[tuple, dict] | None = None

        self.raw_view = RawView(self)
        self.corrected_view = CorrectedView(self)
        for view in (self.raw_view, self.corrected_view):
            view.setAcceptDrops(False)  # files dropped anywhere open in the window
        self.raw_title = QLabel("原文 Raw", self)
        self.corrected_title = QLabel("校对 Corrected", self)
        for label in (self.raw_title, self.corrected_title):
            label.setObjectName("viewTitle")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            # a long file name is cut off rather than widening the window
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.setSpacing(2)
        lv.addWidget(self.raw_title)
        lv.addWidget(self.raw_view, 1)
        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.setSpacing(2)
        rv.addWidget(self.corrected_title)
        rv.addWidget(self.corrected_view, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("pageSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)

        self.legend = legend_widget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 2)
        outer.setSpacing(4)
        outer.addWidget(self.splitter, 1)
        outer.addWidget(self.legend)

        self.corrected_view.edited.connect(self._on_edited)
        self.corrected_view.cursorPositionChanged.connect(self._corrected_cursor_moved)
        self.raw_view.cursorPositionChanged.connect(self._raw_cursor_moved)
        self.corrected_view.verticalScrollBar().valueChanged.connect(self._corrected_scrolled)
        self.raw_view.verticalScrollBar().valueChanged.connect(self._raw_scrolled)

    # fonts ------------------------------------------------------------------------
    def set_text_font(self, font: QFont) -> None:
        self.raw_view.setFont(font)
        self.corrected_view.setFont(font)

    # showing ------------------------------------------------------------------------
    def clear(self) -> None:
        self.doc = None
        self.page_number = None
        self.layout_ = None
        self.raw_view.set_text("")
        self.corrected_view.set_text("")
        self.raw_title.setText("原文 Raw")
        self.corrected_title.setText("校对 Corrected")

    def show_page(self, doc, page_number: int, block_id: str | None = None, offset: int = 0) -> None:
        """Show a page; with ``block_id`` put the cursor in that block."""
        same = doc is self.doc and page_number == self.page_number
        self.doc = doc
        self.page_number = page_number
        if not same:
            self.current_suggestion = ""
            self.raw_view.set_current_range(None)
            self.corrected_view.set_current_range(None)
        self.refresh(keep_cursor=same and block_id is None)
        if block_id is not None and self.layout_ is not None:
            slot = self.layout_.slot(block_id)
            if slot is not None:
                self.corrected_view.move_cursor(min(slot.start + offset, slot.end), centre=True)
        if not same:
            self.pageShown.emit(doc, page_number)

    def _page(self):
        if self.doc is None or self.page_number is None:
            return None
        try:
            return self.doc.session.issue.page(self.page_number)
        except KeyError:
            return None

    def _page_changes(self) -> list:
        """The changes of the shown page; the rules' part is cached, hand edits
        (which the session keeps at the end of the list) are read each time."""
        changes = self.doc.session.issue.changes
        k = len(changes)
        while k and changes[k - 1].rule == HAND:
            k -= 1
        key = (id(changes), k, id(changes[k - 1]) if k else None)
        if self._changes_cache is None or self._changes_cache[0] != key:
            self._changes_cache = (key, changes_by_page(changes[:k]))
        page = self.page_number
        return self._changes_cache[1].get(page, []) + [c for c in changes[k:] if c.page == page]

    def refresh(self, keep_cursor: bool = True) -> None:
        """Show what the session holds for the current page."""
        page = self._page()
        if page is None:
            self.clear()
            return
        # remember the cursor as (block, offset), which survives re-runs
        anchor = None
        if keep_cursor and self.layout_ is not None:
            idx = self.corrected_view.cursor_index()
            slot = self.layout_.slot_at(idx)
            if slot is not None:
                anchor = (slot.block_id, max(idx - slot.start, 0))
        scroll = self.corrected_view.verticalScrollBar().value()
        raw_scroll = self.raw_view.verticalScrollBar().value()
        layout = PageLayout(page)
        if self._in_edit and self.corrected_view.text != layout.text:
            # never rewrite the document inside its own change signal
            QTimer.singleShot(0, self.refresh)
            return
        self.layout_ = layout
        self._linking = True
        try:
            if self.raw_view.text != page.raw:
                self.raw_view.set_text(page.raw)
                raw_scroll = 0
            shown = self.corrected_view.text
            if shown != layout.text:
                start, end, inserted = common_edit(shown, layout.text)
                if shown and end - start + len(inserted) < len(shown) // 2:
                    # a few characters changed (a decision, an undo): only that
                    # part is laid out again, cursor and scrolling stay
                    self.corrected_view.replace_range(start, end, inserted)
                else:
                    self.corrected_view.set_text(layout.text)
                    self.corrected_view.verticalScrollBar().setValue(scroll)
                    self.raw_view.verticalScrollBar().setValue(raw_scroll)
                if anchor is not None:
                    slot = layout.slot(anchor[0])
                    if slot is not None:
                        self.corrected_view.move_cursor(min(slot.start + anchor[1], slot.end))
        finally:
            self._linking = False
        changes = self._page_changes()
        self._update_titles(page, changes)
        self._apply_marks(changes)
        self._update_focus()

    def _update_titles(self, page, changes: list) -> None:
        issue = self.doc.session.issue
        self.raw_title.setText(f"原文 Raw — 第{page.number}版 · {page.source} ({page.encoding})")
        pending = sum(1 for s in issue.suggestions if s.page == page.number and s.status is Status.PENDING)
        self.corrected_title.setText(
            f"校对 Corrected — {len(self.layout_.slots)} blocks · {len(changes)} changes"
            + (f" · {pending} pending" if pending else "")
        )

    def _apply_marks(self, changes: list) -> None:
        issue = self.doc.session.issue
        raw_marks, doc_marks = page_marks(issue, self.layout_, changes)
        self.raw_view.set_marks(raw_marks)
        self.corrected_view.set_marks(doc_marks)
        if self.current_suggestion:
            self._show_current_suggestion()

    # events from the document -------------------------------------------------------
    def on_document_changed(self, doc, event) -> None:
        if doc is not self.doc:
            return
        self.refresh()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.corrected_view.setReadOnly(busy)
        if busy:
            self.corrected_view.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
        else:
            self.corrected_view.setTextInteractionFlags(Qt.TextInteractionFlag.TextEditorInteraction)

    # typing -------------------------------------------------------------------------
    def _on_edited(self, start: int, end: int, inserted: str) -> None:
        layout = self.layout_
        if layout is None or self.doc is None or self._busy:
            QTimer.singleShot(0, self.refresh)
            return
        try:
            target = layout.edit_target(start, end, inserted)
        except EditOutside as exc:
            self.message.emit(str(exc))
            QTimer.singleShot(0, self.refresh)  # put back what the session holds
            return
        self._in_edit = True
        try:
            self.editRequested.emit(self.doc, target.slot.block_id, target.start, target.end, target.replacement)
        finally:
            self._in_edit = False

    # linked cursors -----------------------------------------------------------------
    def _corrected_cursor_moved(self) -> None:
        if self._linking or self.layout_ is None:
            return
        self._update_focus(follow_raw=True)
        self.cursorMoved.emit()

    def _raw_cursor_moved(self) -> None:
        if self._linking or self.layout_ is None:
            return
        offset = self.raw_view.cursor_index()
        pos = self.layout_.raw_to_doc(offset, nearest=True)
        if pos is not None:
            self._linking = True
            try:
                self.corrected_view.move_cursor(pos, centre=True)
            finally:
                self._linking = False
        self._update_focus(follow_raw=False)
        self.cursorMoved.emit()

    # linked scrolling: the other view shows the text made from (or into) the top line
    def _corrected_scrolled(self, _value: int) -> None:
        if self._linking or self.layout_ is None:
            return
        top = self.corrected_view.py_pos(self.corrected_view.cursorForPosition(QPoint(2, 2)).position())
        slot = self.layout_.slot_from(top)
        if slot is None:
            return
        where = self.layout_.doc_to_raw(min(max(top, slot.start), max(slot.end - 1, slot.start)))
        if where is not None and where[0] == self.layout_.page_number:
            self._scroll_to(self.raw_view, where[1])

    def _raw_scrolled(self, _value: int) -> None:
        if self._linking or self.layout_ is None:
            return
        top = self.raw_view.py_pos(self.raw_view.cursorForPosition(QPoint(2, 2)).position())
        pos = self.layout_.raw_to_doc(top, nearest=True)
        if pos is not None:
            self._scroll_to(self.corrected_view, pos)

    def _scroll_to(self, view, index: int) -> None:
        """Scroll ``view`` so that the line holding ``index`` is at the top."""
        block = view.document().findBlock(view.qt_pos(index))
        if not block.isValid():
            return
        line = block.firstLineNumber()
        layout = block.layout()
        if layout is not None and layout.lineCount():
            line += layout.lineForTextPosition(view.qt_pos(index) - block.position()).lineNumber()
        self._linking = True
        try:
            view.verticalScrollBar().setValue(line)
        finally:
            self._linking = False

    def _update_focus(self, follow_raw: bool = False) -> None:
        layout = self.layout_
        if layout is None:
            return
        idx = self.corrected_view.cursor_index()
        slot = layout.slot_at(idx)
        if slot is None:
            self.corrected_view.set_focus_ranges([])
            self.raw_view.set_focus_ranges([])
            return
        self.corrected_view.set_focus_ranges([(slot.head, slot.end)])
        spans = layout.raw_spans(slot)
        self.raw_view.set_focus_ranges([(s.start, s.end) for s in spans])
        if follow_raw:
            where = layout.doc_to_raw(idx)
            if where is not None and where[0] == layout.page_number:
                self._linking = True
                try:
                    self.raw_view.move_cursor(where[1], centre=True)
                finally:
                    self._linking = False

    def cursor_info(self) -> dict:
        """Where the corrected cursor is: block, offset, raw line and column."""
        info: dict = {}
        if self.layout_ is None:
            return info
        idx = self.corrected_view.cursor_index()
        slot = self.layout_.slot_at(idx)
        if slot is not None:
            info["block"] = slot.block_id
            info["role"] = str(slot.block.role)
            info["offset"] = max(idx - slot.start, 0)
            where = self.layout_.doc_to_raw(idx)
            page = self._page()
            if where is not None and page is not None and where[0] == page.number:
                info["raw"] = page.line_col(where[1])
        return info

    # suggestions --------------------------------------------------------------------
    def preview_decision(self, doc, suggestion, status: Status) -> bool:
        """Show a decided fix in the corrected view at once, before the session
        has re-run the rules (which issue-wide rules make slow); the session's
        event then brings the view to what the session holds.  Returns whether
        anything was shown."""
        if doc is not self.doc or self.layout_ is None or suggestion.kind != "fix":
            return False
        if suggestion.page != self.page_number:
            return False
        if status is Status.ACCEPTED and suggestion.status is not Status.ACCEPTED:
            old, new = suggestion.before, suggestion.after
        elif status is not Status.ACCEPTED and suggestion.status is Status.ACCEPTED:
            old, new = suggestion.after, suggestion.before
        else:
            return False
        rng = suggestion_position(self.layout_, suggestion)
        if rng is None:
            return False
        a, b = rng
        if self.corrected_view.text[a:b] != old:
            return False
        self.corrected_view.replace_range(a, b, new)
        self.corrected_view.set_current_range((a, a + len(new)))
        return True

    def show_suggestion(self, doc, suggestion) -> None:
        if suggestion is None:
            self.current_suggestion = ""
            self.raw_view.set_current_range(None)
            self.corrected_view.set_current_range(None)
            return
        if doc is not self.doc or suggestion.page != self.page_number:
            self.show_page(doc, suggestion.page)
        self.current_suggestion = suggestion.id
        self._show_current_suggestion(reveal=True)

    def _show_current_suggestion(self, reveal: bool = False) -> None:
        if self.doc is None or self.layout_ is None:
            return
        try:
            s = self.doc.session.suggestion(self.current_suggestion)
        except LookupError:
            self.current_suggestion = ""
            self.raw_view.set_current_range(None)
            self.corrected_view.set_current_range(None)
            return
        if s.page != self.page_number:
            return
        self.raw_view.set_current_range((s.start, max(s.end, s.start + 1)))
        rng = suggestion_position(self.layout_, s)
        self.corrected_view.set_current_range(rng)
        if reveal:
            self._linking = True
            try:
                self.raw_view.move_cursor(s.start, centre=True, always=True)
                if rng is not None:
                    self.corrected_view.move_cursor(rng[0], centre=True, always=True)
            finally:
                self._linking = False
            self._update_focus()
