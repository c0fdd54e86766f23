"""File → Export issue… and Normalise → Batch… from the window."""

import json
import shutil

import pytest

pytest.importorskip("PySide6")

from normalizer.export.docx_export import DocxUnavailable  # noqa: E402


def test_export_every_format_including_word(make_window, suggesting_file, tmp_path, qtbot, idle):
    window = make_window([suggesting_file])
    docx = pytest.importorskip("docx")
    dialog = window.open_export()
    out = tmp_path / "out"
    dialog.folder.setText(str(out))
    for box in dialog.boxes.values():
        box.setChecked(True)
    dialog.change_log.setChecked(True)
    dialog._export()
    idle(window)
    qtbot.waitUntil(lambda: "Wrote" in dialog.result.text())
    name = window.doc.session.name
    data = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
    assert data["schema"] == "jiaodui/issue@1"
    assert len([s for s in data["suggestions"] if s["status"] == "pending"]) == 2
    assert "change_log" in data
    assert "第三段文字" in (out / f"{name}.txt").read_text(encoding="utf-8")
    assert "待定建议" in (out / f"{name}.md").read_text(encoding="utf-8")
    document = docx.Document(out / f"{name}.docx")
    text = "\n".join(p.text for p in document.paragraphs)
    assert "第三段文字在这里，没有问题。" in text
    assert document.paragraphs[0].style.name == "Title"


def test_export_refuses_to_overwrite_an_input(make_window, suggesting_file, qtbot, idle):
    window = make_window([suggesting_file])
    dialog = window.open_export()
    dialog.folder.setText(str(suggesting_file.parent))
    for name, box in dialog.boxes.items():
        box.setChecked(name == "txt")
    # the issue is named after its file, so NAME.txt would be the input itself
    before = suggesting_file.read_bytes()
    window.doc.session.issue.name = suggesting_file.stem
    dialog._export()
    idle(window)
    qtbot.waitUntil(lambda: "failed" in dialog.result.text())
    assert suggesting_file.read_bytes() == before


def test_word_export_headlines_are_headings(seeds, tmp_path):
    docx = pytest.importorskip("docx")
    from normalizer.export.docx_export import export_docx
    from normalizer.reading import read_all
    from normalizer.engine import normalise_issue

    issues, _ = read_all([seeds / "001_8861f8b360c6384b.txt"])
    issue = normalise_issue(issues[0])
    try:
        path = export_docx(issue, tmp_path)
    except DocxUnavailable:
        pytest.skip("python-docx missing")
    styles = [p.style.name for p in docx.Document(path).paragraphs]
    assert "Heading 1" in styles
    headlines = {a.headline.text.text for a in issue.articles if a.headline}
    heads = {p.text for p in docx.Document(path).paragraphs if p.style.name == "Heading 1"}
    assert headlines <= heads | {" ".join(h.split()) for h in headlines}


def _issue_folders(seeds, root, count):
    for k in range(count):
        folder = root / f"issue{k:02d}"
        folder.mkdir(parents=True)
        for j, p in enumerate(sorted(seeds.iterdir())[:2], start=1):
            shutil.copy(p, folder / f"page{j}.txt")
    return root


def test_batch_runs_in_the_background_and_reports(make_window, seeds, tmp_path, qtbot):
    window = make_window([])
    inputs = _issue_folders(seeds, tmp_path / "archive", 3)
    (inputs / "broken").mkdir()
    (inputs / "broken" / "page1.txt").write_bytes(b"\x00\x01\x02binary")
    dialog = window.open_batch()
    dialog.add_inputs([inputs])
    dialog.output.setText(str(tmp_path / "batch-out"))
    dialog.format_boxes["txt"].setChecked(True)
    with qtbot.waitSignal(dialog.batchFinished, timeout=30000) as finished:
        assert dialog.start()
        assert window.isEnabled()  # the editor stays usable
    outcome = finished.args[0]
    assert not outcome.cancelled
    assert sorted(p.name for p in (tmp_path / "batch-out").iterdir()) == sorted(
        f"issue{k:02d}.{ext}" for k in range(3) for ext in ("json", "txt")
    )
    assert any("broken" in f and "binary" in f for f in outcome.failures)
    assert "failed" in dialog.summary.toPlainText()
    statuses = [dialog.row_status(r) for r in range(dialog.table.rowCount())]
    assert statuses.count("done") == 3 and statuses.count("failed") == 1
    assert dialog.progress.value() == dialog.progress.maximum()


def test_batch_can_be_cancelled(make_window, seeds, tmp_path, qtbot):
    window = make_window([])
    inputs = _issue_folders(seeds, tmp_path / "archive", 12)
    dialog = window.open_batch()
    dialog.add_inputs([inputs])
    dialog.output.setText(str(tmp_path / "batch-out"))
    cancelled_once = []

    def cancel_after_first(item):
        if getattr(item, "status", "") == "done" and not cancelled_once:
            cancelled_once.append(item)
            dialog.cancel()

    with qtbot.waitSignal(dialog.batchFinished, timeout=30000) as finished:
        dialog.start()
        dialog.task.reported.connect(cancel_after_first)
    outcome = finished.args[0]
    assert outcome.cancelled
    assert 1 <= len(outcome.results) < 12
    assert len(outcome.not_run) == 12 - len(outcome.results)
    statuses = [dialog.row_status(r) for r in range(dialog.table.rowCount())]
    assert "cancelled" in statuses
    assert "cancelled" in dialog.summary.toPlainText()


def test_batch_with_parallel_jobs(make_window, seeds, tmp_path, qtbot):
    window = make_window([])
    inputs = _issue_folders(seeds, tmp_path / "archive", 4)
    dialog = window.open_batch()
    dialog.add_inputs([inputs])
    dialog.output.setText(str(tmp_path / "batch-out"))
    dialog.jobs.setMaximum(4)
    dialog.jobs.setValue(2)
    with qtbot.waitSignal(dialog.batchFinished, timeout=60000) as finished:
        dialog.start()
    outcome = finished.args[0]
    assert not outcome.failures and len(outcome.results) == 4
    assert len(list((tmp_path / "batch-out").glob("*.json"))) == 4
