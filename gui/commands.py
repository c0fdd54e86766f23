"""Undoable operations on a document: one ``QUndoCommand`` per editor action.

Each command's ``redo()`` and ``undo()`` call the session through its
:class:`~gui.document.Document` (quick calls at once, re-runs queued on a
worker); none touches a widget.  The views follow the session's events.
Typing merges: consecutive keystrokes in one block make one command, so one
undo takes back a word, not a letter.
"""

from __future__ import annotations

import copy
from typing import Callable

from PySide6.QtGui import QUndoCommand

from normalizer.config import Config
from normalizer.model import Status

def copy_config(config: Config) -> Config:
    return Config(rules=copy.deepcopy(config.rules), accept_above=config.accept_above, max_bytes=config.max_bytes)


class DocumentCommand(QUndoCommand):
    def __init__(self, doc, text: str) -> None:
        super().__init__(text)
        self.doc = doc


# -- typing ------------------------------------------------------------------------------

TYPING_ID = 1


class EditText(DocumentCommand):
    """Replace ``[start, end)`` of a block's corrected text with what was typed.

    The first ``redo()`` makes the hand edit; ``undo()`` takes it back and a
    later ``redo()`` restores the same hand edit (same id, same anchor).
    """

    def __init__(self, doc, block_id: str, start: int, end: int, replacement: str, merge: bool = True) -> None:
        super().__init__(doc, "Typing" if merge else "Edit")
        self.steps: list[tuple[str, int, int, str]] = [(block_id, start, end, replacement)]
        self.edits: list = []  # the HandEdit objects, in the order made
        self.merge = merge
        self.error: str | None = None
        self._done = False

    def id(self) -> int:  # noqa: A003 - Qt's name
        return TYPING_ID if self.merge else -1

    def redo(self) -> None:
        if self._done:
            edits = list(self.edits)
            self.doc.submit(lambda s: s.restore_hand_edits(edits), "Redoing typing")
            return
        block_id, start, end, replacement = self.steps[0]
        try:
            edit = self.doc.call(lambda s: s.edit_block_text(block_id, start, end, replacement))
        except (KeyError, ValueError, RuntimeError) as exc:
            self.error = str(exc)
            self.setObsolete(True)
            return
        self.edits = [edit]
        self._done = True

    def undo(self) -> None:
        ids = [e.id for e in self.edits]
        if ids:
            self.doc.submit(lambda s: s.remove_hand_edits(ids), "Undoing typing")

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditText) or other.doc is not self.doc or not other.merge or other.error:
            return False
        if len(other.steps) != 1 or not other.edits:
            return False
        block, start, end, text = other.steps[0]
        last_block, last_start, last_end, last_text = self.steps[-1]
        if block != last_block:
            return False
        typing_on = start == end == last_start + len(last_text) and text and "\n" not in text
        backspacing = not text and not last_text and end == last_start
        deleting_on = not text and not last_text and start == last_start
        if not (typing_on or backspacing or deleting_on):
            return False
        self.steps.extend(other.steps)
        self.edits.extend(other.edits)
        return True


class ReplaceAll(DocumentCommand):
    def __init__(self, doc, pattern: str, replacement: str, regex: bool, case: bool = True,
                 on_done: Callable | None = None, on_error: Callable[[str], None] | None = None) -> None:
        super().__init__(doc, f"Replace all “{pattern}” with “{replacement}”")
        self.args = (pattern, replacement, regex, case)
        self.edits: list = []
        self.on_done = on_done
        self.on_error = on_error
        self._done = False

    def redo(self) -> None:
        if self._done:
            edits = list(self.edits)
            if edits:
                self.doc.submit(lambda s: s.restore_hand_edits(edits), "Redoing replace all")
            return
        pattern, replacement, regex, case = self.args

        def done(edits) -> None:
            self.edits = list(edits)
            self._done = True
            if self.on_done is not None:
                self.on_done(len(self.edits))

        self.doc.submit(lambda s: s.replace_all(pattern, replacement, regex=regex, case=case), "Replacing",
                        on_done=done, on_error=self.on_error)

    def undo(self) -> None:
        ids = [e.id for e in self.edits]
        if ids:
            self.doc.submit(lambda s: s.remove_hand_edits(ids), "Undoing replace all")


# -- suggestions -----------------------------------------------------------------------


class Decide(DocumentCommand):
    """Accept, reject or reset suggestions; undo puts the previous decisions back
    (``None``: there was none, the suggestion follows ``accept_above`` again)."""

    VERBS = {Status.ACCEPTED: "Accept", Status.REJECTED: "Reject", Status.PENDING: "Reset"}

    def __init__(self, doc, previous: dict[str, Status | None], status: Status, what: str = "") -> None:
        verb = self.VERBS[status]
        super().__init__(doc, f"{verb} {what}".strip() if what else f"{verb} {len(previous)} suggestion(s)")
        self.previous = dict(previous)
        self.status = status

    def redo(self) -> None:
        target = {sid: self.status for sid in self.previous}
        self.doc.submit(lambda s: s.decide_many(target), self.text())

    def undo(self) -> None:
        previous = dict(self.previous)
        self.doc.submit(lambda s: s.decide_many(previous), f"Undo {self.text()}")


class AcceptAbove(DocumentCommand):
    def __init__(self, doc, score: float, on_done: Callable | None = None) -> None:
        super().__init__(doc, f"Accept all scored ≥ {score:.2f}")
        self.score = score
        self.previous: dict[str, Status | None] = {}
        self.on_done = on_done

    def redo(self) -> None:
        def run(session) -> dict:
            before = dict(session.decisions)
            ids = session.accept_above(self.score)
            return {sid: before.get(sid) for sid in ids}

        def done(previous) -> None:
            self.previous = previous
            if self.on_done is not None:
                self.on_done(list(previous))

        self.doc.submit(run, self.text(), on_done=done)

    def undo(self) -> None:
        previous = dict(self.previous)
        if previous:
            self.doc.submit(lambda s: s.decide_many(previous), f"Undo {self.text()}")


# -- rules ----------------------------------------------------------------------------------


class SetConfig(DocumentCommand):
    """Switch rules on or off (or change options) and re-run them."""

    def __init__(self, doc, old: Config, new: Config, text: str, on_done: Callable | None = None,
                 on_error: Callable[[str], None] | None = None) -> None:
        super().__init__(doc, text)
        self.old = copy_config(old)
        self.new = copy_config(new)
        self.on_done = on_done
        self.on_error = on_error

    def _run(self, config: Config, label: str) -> None:
        config = copy_config(config)

        def done(_result) -> None:
            if self.on_done is not None:
                self.on_done()

        self.doc.submit(lambda s: s.set_config(config), label, on_done=done, on_error=self.on_error)

    def redo(self) -> None:
        self._run(self.new, "Running the rules")

    def undo(self) -> None:
        self._run(self.old, "Running the rules")
