"""Project files and autosaves: round trips, atomic saves, recovery after a crash."""

from __future__ import annotations

import copy
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from normalizer import project
from normalizer.api import issue_from_text
from normalizer.project import ProjectError
from normalizer.session import EditSession
from normalizer.textview import issue_text

ROOT = Path(__file__).parent.parent
SEEDS = ROOT / "seeds"

PAGE1 = "　　他們的頭髮很長。他的後代都在北京工作。\n\n　　作家於先生来信,说今年的收成很好...\n"
PAGE2 = "　　房間打掃得很乾淨。\n\n　　第二页的正文,写的是工会的事。\n"
RAW = "\f".join([PAGE1, PAGE2])


@pytest.fixture(autouse=True)
def state(tmp_path, monkeypatch) -> Path:
    """Autosaves of unsaved sessions go to a folder of the test's own."""
    folder = tmp_path / "state"
    monkeypatch.setenv(project.STATE_ENV, str(folder))
    return folder


def block_with(s: EditSession, text: str):
    return next(b for b in s.issue.blocks() if text in b.text.text)


def suggestion_for(s: EditSession, before: str):
    return next(x for x in s.issue.suggestions if x.before == before)


def model(s: EditSession) -> tuple:
    return (
        issue_text(s.issue),
        [c.as_dict() for c in s.issue.changes],
        [x.as_dict() for x in s.issue.suggestions],
        [e.as_dict() for e in s.hand_edits],
        sorted(s.stale_decisions),
    )


@pytest.fixture
def edited() -> EditSession:
    """A session with every kind of state a project keeps."""
    s = EditSession(issue_from_text(RAW, name="test-issue"))
    config = copy.deepcopy(s.config)
    config.rules["JD112"]["enabled"] = False
    s.set_config(config)
    s.decide(suggestion_for(s, "髮").id, "accepted")
    s.decide(suggestion_for(s, "於").id, "rejected")
    s.decide("JD120-p9-0-deadbeef", "accepted")  # stale
    block = block_with(s, "第二页的正文")
    s.edit_block_text(block.id, 0, 3, "第2页")
    for k, ch in enumerate("新"):
        s.edit_block_text(block.id, k, k, ch)
    gone = block_with(s, "房间")
    s.edit_block_text(gone.id, 0, 2, "屋子")
    removed = s.edit_block_text(gone.id, 0, 0, "删")
    s.remove_hand_edit(removed.id)  # ids are not reused after loading either
    return s


# ---------------------------------------------------------------------------
# saving and loading


def test_round_trip_recreates_the_same_model(tmp_path, edited):
    path = tmp_path / "issue.jiaodui"
    project.save_project(path, edited)
    assert edited.project_path == path and not edited.modified
    loaded = project.load_project(path)
    assert model(loaded) == model(edited)
    assert "他们的头发很长" in issue_text(loaded.issue)
    assert "新第2页的正文" in issue_text(loaded.issue)
    assert loaded.decisions == edited.decisions
    assert loaded.stale_decisions == ["JD120-p9-0-deadbeef"]
    assert loaded.config.rules == edited.config.rules
    assert loaded.name == "test-issue"
    assert [p.raw for p in loaded.raw_pages] == [PAGE1, PAGE2]
    assert loaded.project_path == path and not loaded.modified
    assert loaded.next_hand_edit_id == edited.next_hand_edit_id


def test_round_trip_keeps_lost_edits(tmp_path, edited):
    block = block_with(edited, "他们的头发")
    edited.edit_block_text(block.id, 0, 2, "她们")  # made by JD120 from 他們
    config = copy.deepcopy(edited.config)
    config.rules["JD120"]["enabled"] = False
    edited.set_config(config)
    lost = [e.after for e in edited.lost_hand_edits]
    assert lost == ["屋子", "她们"]  # both corrected text JD120 made
    path = tmp_path / "issue.jiaodui"
    project.save_project(path, edited)
    loaded = project.load_project(path)
    assert [e.after for e in loaded.lost_hand_edits] == lost
    assert model(loaded) == model(edited)
    config.rules["JD120"]["enabled"] = True
    loaded.set_config(config)
    assert loaded.lost_hand_edits == []
    assert "她们的头发" in issue_text(loaded.issue)


def test_a_seed_round_trip(tmp_path):
    s, _ = EditSession.open_paths([sorted(SEEDS.glob("*.txt"))[1]])
    block = max(s.issue.blocks(), key=lambda b: len(b.text.text))
    s.edit_block_text(block.id, 3, 5, "【改】")
    s.replace_all("，", ",")
    path = tmp_path / "seed.jiaodui"
    project.save_project(path, s)
    assert issue_text(project.load_project(path).issue) == issue_text(s.issue)


def test_interrupted_save_leaves_the_old_project(tmp_path, edited, monkeypatch):
    path = tmp_path / "issue.jiaodui"
    project.save_project(path, edited)
    old_bytes = path.read_bytes()
    expected = model(project.load_project(path))
    block = block_with(edited, "新第2页")
    edited.edit_block_text(block.id, 0, 0, "不该保存")

    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="cannot save"):
        project.save_project(path, edited)
    monkeypatch.undo()
    assert path.read_bytes() == old_bytes
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["issue.jiaodui"]
    assert model(project.load_project(path)) == expected
    assert edited.modified


# ---------------------------------------------------------------------------
# files that are not (usable) projects


def test_missing_file(tmp_path):
    with pytest.raises(ProjectError, match="no such file"):
        project.load_project(tmp_path / "nothing.jiaodui")


def test_text_file(tmp_path):
    path = tmp_path / "page.jiaodui"
    path.write_text(PAGE1 * 50, encoding="utf-8")
    with pytest.raises(ProjectError, match=r"not a Jiaodui project \(not an SQLite database\)"):
        project.load_project(path)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.jiaodui"
    path.write_bytes(b"")
    with pytest.raises(ProjectError, match="not a Jiaodui project"):
        project.load_project(path)


def test_database_of_another_program(tmp_path):
    path = tmp_path / "other.jiaodui"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER, body TEXT)")
    conn.close()
    with pytest.raises(ProjectError, match="another program"):
        project.load_project(path)


def test_newer_project(tmp_path, edited):
    path = tmp_path / "new.jiaodui"
    project.save_project(path, edited)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {project.SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(ProjectError, match="newer version of Jiaodui") as info:
        project.load_project(path)
    assert str(info.value).startswith(str(path))


@pytest.mark.parametrize(
    "damage, message",
    [
        ("DROP TABLE hand_edits", "missing tables: hand_edits"),
        ("DELETE FROM pages", "no pages"),
        ("UPDATE decisions SET status = 'maybe'", "damaged"),
        ("UPDATE hand_edits SET status = 'gone'", "hand edit"),
        ("UPDATE settings SET value = '[1, 2]' WHERE key = 'rules'", "rule settings"),
        ("UPDATE settings SET value = '{' WHERE key = 'rules'", "damaged"),
    ],
)
def test_damaged_project(tmp_path, edited, damage, message):
    path = tmp_path / "bad.jiaodui"
    project.save_project(path, edited)
    conn = sqlite3.connect(path)
    conn.execute(damage)
    conn.commit()
    conn.close()
    with pytest.raises(ProjectError, match=message):
        project.load_project(path)


# ---------------------------------------------------------------------------
# autosaves


def test_autosave_paths(tmp_path, state):
    assert project.autosave_path(tmp_path / "a.jiaodui") == tmp_path / "a.jiaodui.autosave"
    assert project.autosave_path(str(tmp_path / "a.jiaodui")) == tmp_path / "a.jiaodui.autosave"
    unsaved = project.autosave_path("2024-05-01 工人日报")
    assert unsaved.parent == state / "autosave" and unsaved.suffix == ".jiaodui"
    assert " " not in unsaved.name and unsaved != project.autosave_path("2024-05-02 工人日报")


def test_autosave_of_an_unsaved_session_recover_and_discard(edited, state):
    assert project.find_recoverable() == []
    path = project.autosave(edited)
    assert path == project.autosave_path(edited.name) and path.parent == state / "autosave"
    assert project.find_recoverable() == [path]
    info = project.autosave_info(path)
    assert (info.name, info.project_path, info.pages, info.hand_edits) == ("test-issue", None, 2, 3)
    recovered = project.load_project(path)
    assert model(recovered) == model(edited)
    assert recovered.project_path is None and recovered.modified
    project.discard_autosave(path)
    assert not path.exists()
    assert project.find_recoverable() == []
    project.discard_autosave(path)  # already gone: fine


def test_later_autosaves_follow_every_change(edited):
    path = project.autosave(edited)
    block = block_with(edited, "新第2页")
    e = edited.edit_block_text(block.id, 0, 1, "旧")
    assert project.autosave(edited) == path
    assert model(project.load_project(path)) == model(edited)
    edited.remove_hand_edit(e.id)  # undo, then autosave again
    sid = next(iter(edited.decisions))
    edited.decide(sid, None)
    config = copy.deepcopy(edited.config)
    config.rules["JD110"]["enabled"] = False
    edited.set_config(config)
    project.autosave(edited)
    loaded = project.load_project(path)
    assert model(loaded) == model(edited)
    assert sid not in loaded.decisions


def test_autosave_with_nothing_new_writes_nothing(edited):
    path = project.autosave(edited)
    stamp = path.stat().st_mtime_ns
    os.utime(path, ns=(stamp - 10**9, stamp - 10**9))
    project.autosave(edited)
    assert path.stat().st_mtime_ns == stamp - 10**9


def test_autosave_of_a_saved_project_is_found_without_naming_it(tmp_path, edited):
    path = tmp_path / "work" / "issue.jiaodui"
    path.parent.mkdir()
    project.save_project(path, edited)
    # nothing unsaved: an autosave with the project's content is not offered
    auto = project.autosave(edited)
    assert auto == tmp_path / "work" / "issue.jiaodui.autosave"
    assert project.find_recoverable(path) == []
    block = block_with(edited, "新第2页")
    edited.edit_block_text(block.id, 0, 0, "未保存的")
    project.autosave(edited)
    assert project.find_recoverable(path) == [auto]
    assert project.find_recoverable() == [auto]
    recovered = project.load_project(auto)
    assert recovered.project_path == path.resolve() and recovered.modified
    assert "未保存的新第2页" in issue_text(recovered.issue)
    project.discard_autosave(path)  # by the project it belongs to
    assert not auto.exists() and path.exists()
    assert project.find_recoverable() == []


def test_discard_never_removes_a_project(tmp_path, edited):
    path = tmp_path / "issue.jiaodui"
    project.save_project(path, edited)
    project.discard_autosave(path)  # means: the autosave of this project
    assert path.exists()
    other = tmp_path / "issue.jiaodui.autosave"
    project.save_project(other, edited)  # a project where the autosave would be
    project.discard_autosave(other)  # means: the autosave of that project (none)
    assert other.exists()
    with pytest.raises(ProjectError, match="not an autosave"):
        project.discard_autosave(path)
    assert other.exists()


def test_autosave_info_of_a_project(tmp_path, edited):
    path = tmp_path / "issue.jiaodui"
    project.save_project(path, edited)
    with pytest.raises(ProjectError, match="not an autosave"):
        project.autosave_info(path)


CHILD = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {root!r})
    from normalizer.session import EditSession
    from normalizer import project

    session, errors = EditSession.open_paths([{seed!r}])
    block = max(session.issue.blocks(), key=lambda b: len(b.text.text))
    session.edit_block_text(block.id, 0, 0, "【崩溃前的第一处修改】")
    project.autosave(session)
    session.edit_block_text(block.id, 0, 0, "【第二处】")
    path = project.autosave(session)
    print(path, flush=True)
    time.sleep(120)
    """
)


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_autosave_survives_sigkill(state):
    seed = sorted(SEEDS.glob("*.txt"))[0]
    env = dict(os.environ, **{project.STATE_ENV: str(state)})
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(root=str(ROOT), seed=str(seed))],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = child.stdout.readline().strip()
        assert line, "the editing process did not autosave"
        path = Path(line)
        assert project.find_recoverable() == []  # its process is still working on it
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    assert project.find_recoverable() == [path]
    recovered = project.load_project(path)
    text = issue_text(recovered.issue)
    assert "【第二处】【崩溃前的第一处修改】" in text
    assert [e.after for e in recovered.hand_edits] == ["【崩溃前的第一处修改】", "【第二处】"]
    assert recovered.decisions == {} and recovered.modified
