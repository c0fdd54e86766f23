"""The command line as an editor runs it."""

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from normalizer.cli import main

SEEDS = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))


def snapshot(folder: Path) -> dict:
    return {p.name: (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest()) for p in folder.iterdir()}


@pytest.fixture
def seeds(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    for p in SEEDS:
        shutil.copy(p, folder / p.name)
    return folder


def test_normalise_seeds_writes_every_format(seeds, tmp_path, capsys):
    before = snapshot(seeds)
    out = tmp_path / "out"
    code = main(["normalise", *map(str, sorted(seeds.iterdir())), "--out", str(out), "--format", "json,txt,md"])
    assert code == 0
    assert snapshot(seeds) == before  # inputs untouched
    for p in SEEDS:
        stem = p.stem
        data = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
        assert data["schema"] == "jiaodui/issue@1"
        assert (out / f"{stem}.txt").read_text(encoding="utf-8").strip()
        assert (out / f"{stem}.md").read_text(encoding="utf-8").startswith("#")
    report = capsys.readouterr().out
    assert "5 issues, 5 pages" in report
    assert "JD101" in report or "changes:" in report


def test_word_format_writes_a_document(tmp_path):
    docx = pytest.importorskip("docx")
    out = tmp_path / "out"
    assert main(["normalise", str(SEEDS[1]), "--out", str(out), "--format", "docx,json", "--quiet"]) == 0
    document = docx.Document(out / f"{SEEDS[1].stem}.docx")
    headlines = [a["headline"] for a in json.loads((out / f"{SEEDS[1].stem}.json").read_text("utf-8"))["articles"]]
    heads = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headlines and [h for h in headlines if h] == heads[: len([h for h in headlines if h])]


def test_failed_input_is_reported_and_batch_goes_on(seeds, tmp_path, capsys):
    (seeds / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    code = main(["normalise", str(seeds / "empty.txt"), str(SEEDS[0]), "--out", str(out)])
    assert code == 1
    report = capsys.readouterr().out
    assert "empty.txt" in report
    assert (out / f"{SEEDS[0].stem}.json").exists()


def test_missing_input_is_a_failure(tmp_path, capsys):
    code = main(["normalise", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "out")])
    assert code == 1
    assert "nope.txt" in capsys.readouterr().out


def test_bad_usage_exits_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["normalise", str(SEEDS[0])])  # no --out
    assert exc.value.code == 2
    assert main(["normalise", str(SEEDS[0]), "--out", str(tmp_path), "--disable", "JD999"]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["normalise", str(SEEDS[0]), "--out", str(tmp_path), "--format", "pdf"])
    assert exc.value.code == 2
    assert main(["normalise", str(SEEDS[0]), "--out", str(tmp_path), "--accept-above", "3"]) == 2


def test_explain_names_rule_and_raw_position(tmp_path, capsys):
    page = tmp_path / "p.txt"
    page.write_text("第一行\n\n今年初,定西市总工会  探索。\n", encoding="utf-8")
    assert main(["normalise", str(page), "--out", str(tmp_path / "out"), "--explain"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith(f"{page}:3:") and "JD101" in line for line in lines)


def test_disable_switches_a_rule_off(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text("今年初  定西市总工会。\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["normalise", str(page), "--out", str(out), "--format", "txt", "--disable", "JD101"]) == 0
    assert "今年初  定西" in (out / "p.txt").read_text(encoding="utf-8")
    assert main(["normalise", str(page), "--out", str(out), "--format", "txt"]) == 0
    assert "今年初 定西" in (out / "p.txt").read_text(encoding="utf-8")


def test_jobs_gives_the_same_output(seeds, tmp_path):
    files = [str(p) for p in sorted(seeds.iterdir())]
    assert main(["normalise", *files, "--out", str(tmp_path / "a"), "--quiet"]) == 0
    assert main(["normalise", *files, "--out", str(tmp_path / "b"), "--jobs", "2", "--quiet"]) == 0
    for p in sorted((tmp_path / "a").iterdir()):
        assert p.read_bytes() == (tmp_path / "b" / p.name).read_bytes()


def test_rules_lists_every_rule(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert "JD101" in out and "stray-whitespace" in out


def test_bad_input_folder_from_the_command_line(tmp_path, capsys):
    """Empty, binary, GBK, Big5, UTF-16 and a 20 MB single line: the good pages are
    read right, each bad one is one line of the report, and nothing in the folder changes."""
    folder = tmp_path / "issue"
    folder.mkdir()
    simplified = "据了解，太原市总从2014年起开展厂务公开民主管理工作。"
    traditional = "據了解，太原市總從2014年起開展廠務公開民主管理工作。"
    (folder / "page1.txt").write_bytes(b"")
    (folder / "page2.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    (folder / "page3.txt").write_bytes(simplified.encode("gbk"))
    (folder / "page4.txt").write_bytes(traditional.encode("big5"))
    (folder / "page5.txt").write_bytes(simplified.encode("utf-16"))
    with open(folder / "page6.txt", "wb") as fh:
        fh.write(("工会" * 5_000_000).encode("utf-8")[: 20 * 1024 * 1024])
    before = snapshot(folder)
    out = tmp_path / "out"
    code = main(["normalise", str(folder), "--out", str(out), "--format", "json,txt"])
    assert code == 1
    assert snapshot(folder) == before
    report = capsys.readouterr().out
    failed = [line.strip() for line in report.splitlines() if line.startswith("  ") and "page" in line and ".txt:" in line]
    assert sorted(line.split(":")[0].rsplit("/", 1)[-1] for line in failed) == ["page1.txt", "page2.txt", "page6.txt"]
    data = json.loads((out / "issue.json").read_text(encoding="utf-8"))
    assert [p["number"] for p in data["pages"]] == [3, 4, 5]
    assert [p["encoding"] for p in data["pages"]] == ["gb18030", "big5", "utf-16"]
    text = (out / "issue.txt").read_text(encoding="utf-8")
    assert text.count("开展厂务公开民主管理工作") == 3  # the Big5 page converted to simplified too
