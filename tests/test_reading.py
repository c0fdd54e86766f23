"""Reading input: discovery, page numbers, encodings, page splitting and bad input.

Every fixture is written into ``tmp_path`` by the tests themselves.
"""

from __future__ import annotations

import builtins
import hashlib
import os
import random
import time
from pathlib import Path

import pytest

from normalizer import reading
from normalizer.config import Config
from normalizer.reading import (
    DecodeError,
    IssueSource,
    ReadError,
    decode,
    discover,
    natural_key,
    page_numbers,
    read_all,
    read_issue,
    split_pages,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# Sample text: simplified for GB encodings, traditional for Big5.
SIMPLIFIED = (
    "本报讯（记者 李明）11月18日上午，市总工会在文化宫举办职工技能大赛颁奖仪式。\n"
    "来自全市二十多家企业的一百余名选手参加了比赛，比赛设电工、焊工、数控车工等六个项目。\n"
    "获奖选手表示，将把比赛中学到的经验带回岗位，继续提高技术水平。\n"
)
TRADITIONAL = (
    "本報訊（記者 陳怡君）十一月十八日上午，市政府在文化中心舉辦社區志工表揚大會。\n"
    "來自全市三十多個團體的兩百餘名志工出席，現場氣氛熱烈。\n"
    "獲獎志工表示，會繼續投入關懷長者與照顧弱勢家庭的服務工作。\n"
)
SHORT_SIMPLIFIED = "今天上午市政府召开新闻发布会介绍有关情况"  # one line, 20 characters
SHORT_TRADITIONAL = "今日上午市議會召開記者會說明預算審查進度"  # one line, 20 characters


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    """(mtime, sha256) of every file under ``folder``."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            out[str(p)] = (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
    return out


@pytest.fixture
def opened(monkeypatch):
    """Every (path, mode) the reading module opens."""
    calls: list[tuple[str, str]] = []

    def spy(file, mode="r", *args, **kwargs):
        calls.append((str(file), mode))
        return builtins.open(file, mode, *args, **kwargs)

    monkeypatch.setattr(reading, "open", spy, raising=False)
    return calls


# --------------------------------------------------------------------------
# decode: every supported encoding


@pytest.mark.parametrize(
    "label, text, codec, expected",
    [
        ("UTF-8 without BOM", SIMPLIFIED, "utf-8", "utf-8"),
        ("UTF-8 with BOM", SIMPLIFIED, "utf-8-sig", "utf-8-sig"),
        ("UTF-16 LE with BOM", SIMPLIFIED, "utf-16-le+bom", "utf-16"),
        ("UTF-16 BE with BOM", SIMPLIFIED, "utf-16-be+bom", "utf-16"),
        ("UTF-32 with BOM", TRADITIONAL, "utf-32", "utf-32"),
        ("UTF-16 LE without BOM (zero bytes mostly on odd offsets)", SIMPLIFIED, "utf-16-le", "utf-16-le"),
        ("UTF-16 BE without BOM", SIMPLIFIED, "utf-16-be", "utf-16-be"),
        ("GBK, simplified article", SIMPLIFIED, "gbk", "gb18030"),
        ("GB2312, simplified article", SIMPLIFIED, "gb2312", "gb18030"),
        ("GB18030, with a character outside GBK", SIMPLIFIED + "𠀀\n", "gb18030", "gb18030"),
        ("Big5, traditional article", TRADITIONAL, "big5", "big5"),
        ("GBK, a single line of 20 characters", SHORT_SIMPLIFIED, "gbk", "gb18030"),
        ("Big5, a single line of 20 characters", SHORT_TRADITIONAL, "big5", "big5"),
        ("GBK, short line with ASCII", "第3版 要闻 2025年11月18日", "gbk", "gb18030"),
        ("Big5, short line with ASCII", "第3版 要聞 2025年11月18日", "big5", "big5"),
        ("GBK, traditional text (GBK holds it too)", TRADITIONAL, "gbk", "gb18030"),
        ("ASCII only", "Page 3\nHello\n", "ascii", "utf-8"),
        ("UTF-8 Latin text stays UTF-8", "Le café de la gare est fermé.", "utf-8", "utf-8"),
        ("UTF-8 Cyrillic text stays UTF-8", "Москва — столица России.", "utf-8", "utf-8"),
    ],
)
def test_decode_encodings(label, text, codec, expected):
    if codec.endswith("+bom"):
        data = ("\ufeff" + text).encode(codec.removesuffix("+bom"))
    else:
        data = text.encode(codec)
    decoded, encoding = decode(data)
    assert decoded == text
    assert encoding == expected


def test_short_gbk_that_is_also_valid_utf8():
    """GBK 通讯员 is C1/D1 lead bytes with A0–BF trail bytes: valid UTF-8 (ͨѶԱ)."""
    data = "通讯员".encode("gbk")
    assert data.decode("utf-8") == "ͨѶԱ"
    assert decode(data) == ("通讯员", "gb18030")


@pytest.mark.parametrize(
    "label, text",
    [
        ("byline", "（记者 王晓明 通讯员 张华）"),
        ("dateline", "2025年11月18日 星期二 农历乙巳年九月廿八"),
        ("headline", "秋收时节合作社组织农机手抢收玉米"),
        ("caption", "图为游客在景区参观。"),
        ("jump marker", "下转第3版"),
    ],
)
def test_short_lines_in_both_encodings(label, text):
    """Short lines are decoded right whichever of GBK and Big5 they were written in."""
    assert decode(text.encode("gbk")) == (text, "gb18030")
    traditional = {
        "byline": "（記者 王曉明 通訊員 張華）",
        "dateline": "2025年11月18日 星期二 農曆乙巳年九月廿八",
        "headline": "秋收時節合作社組織農機手搶收玉米",
        "caption": "圖為遊客在景區參觀。",
        "jump marker": "下轉第3版",
    }[label]
    assert decode(traditional.encode("big5")) == (traditional, "big5")


@pytest.mark.parametrize(
    "label, data, message",
    [
        ("PNG image", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "PNG image"),
        ("ZIP archive (.docx)", b"PK\x03\x04\x14\x00\x06\x00" + bytes(64), "ZIP archive"),
        ("PDF file", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdftotext"),
        ("zero bytes", b"abc\x00\x00\x01\x02def\x00", "zero bytes"),
        ("mostly control characters", bytes(range(1, 9)) * 20 + b"text", "control characters"),
        ("Latin-1", "Le café est fermé à cause de la grève.".encode("latin-1"), "not UTF-8"),
        (
            "Shift-JIS Japanese",
            "東京都は今日、新しい交通計画を発表しました。市民の生活に大きな影響があります。".encode("shift_jis"),
            "does not read as Chinese",
        ),
        (
            "EUC-KR Korean (decodes as GB18030 without error)",
            "서울시는 오늘 새로운 교통 계획을 발표했습니다. 시민들의 생활에 큰 영향이 있을 것입니다.".encode("euc_kr"),
            "does not read as Chinese",
        ),
        ("broken UTF-16 after a BOM", b"\xff\xfe\x00\xd8a\x00", "UTF-16"),
    ],
)
def test_decode_rejects(label, data, message):
    with pytest.raises(DecodeError) as info:
        decode(data)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_decode_empty():
    assert decode(b"") == ("", "utf-8")


def test_decode_is_fast_on_a_large_gbk_text():
    data = (SIMPLIFIED * 20000).encode("gbk")  # about 3 MB
    start = time.perf_counter()
    text, encoding = decode(data)
    assert encoding == "gb18030" and text.startswith("本报讯")
    assert time.perf_counter() - start < 2.0


# --------------------------------------------------------------------------
# seeds


def test_seeds_read_as_utf8():
    sources, errors = discover(sorted(SEEDS.glob("*.txt")))
    assert not errors
    assert len(sources) == len(list(SEEDS.glob("*.txt"))) >= 1
    for source in sources:
        issue, errs = read_issue(source)
        assert not errs
        assert issue.name == source.path.stem
        assert [p.number for p in issue.pages] == [1]
        page = issue.pages[0]
        assert page.encoding == "utf-8"
        assert page.raw == source.path.read_text(encoding="utf-8")
        assert page.source == str(SEEDS / source.path.name)


# --------------------------------------------------------------------------
# line endings and form feeds


@pytest.mark.parametrize(
    "raw, expected",
    [
        (b"line one\r\nline two\r\n", "line one\nline two\n"),
        (b"line one\rline two\r", "line one\nline two\n"),
        (b"a\r\n\r\nb\rc\n", "a\n\nb\nc\n"),
        ("一\r\n二\r三\n".encode("gbk"), "一\n二\n三\n"),
        ("\ufeff一\r\n二".encode("utf-16-le"), "一\n二"),
    ],
    ids=["CRLF", "CR", "mixed", "GBK CRLF", "UTF-16 CRLF"],
)
def test_line_endings(tmp_path, raw, expected):
    path = write(tmp_path / "page.txt", raw)
    issue, errors = read_issue(IssueSource("page", [path], "file", path))
    assert not errors
    assert issue.pages[0].raw == expected


def test_form_feeds_split_pages(tmp_path):
    # as pdftotext writes it: every page ends with a form feed
    path = write(tmp_path / "issue.txt", "第一版\r\n要闻\r\n\f第二版\n\f\f第四版\n\f")
    issue, errors = read_issue(IssueSource("issue", [path], "file", path))
    assert not errors
    assert issue.name == "issue"
    assert [p.number for p in issue.pages] == [1, 2, 3, 4]
    assert [p.raw for p in issue.pages] == ["第一版\n要闻\n", "第二版\n", "", "第四版\n"]
    assert all(p.source == str(path) and p.encoding == "utf-8" for p in issue.pages)


def test_form_feed_split_in_gbk(tmp_path):
    path = write(tmp_path / "issue.txt", ("一版\f二版\f三版").encode("gbk"))
    issue, _ = read_issue(IssueSource("issue", [path], "file", path))
    assert [(p.number, p.raw, p.encoding) for p in issue.pages] == [
        (1, "一版", "gb18030"),
        (2, "二版", "gb18030"),
        (3, "三版", "gb18030"),
    ]


def test_file_without_form_feed_is_one_page(tmp_path):
    path = write(tmp_path / "2025-11-18.txt", SIMPLIFIED)
    issue, errors = read_issue(IssueSource("2025-11-18", [path], "file", path))
    assert not errors
    assert [(p.number, p.raw) for p in issue.pages] == [(1, SIMPLIFIED)]


@pytest.mark.parametrize(
    "text, pages",
    [
        ("a", ["a"]),
        ("a\fb", ["a", "b"]),
        ("a\fb\f", ["a", "b"]),
        ("a\fb\f\n", ["a", "b"]),
        ("a\f\fb", ["a", "", "b"]),
    ],
)
def test_split_pages(text, pages):
    assert split_pages(text) == pages


# --------------------------------------------------------------------------
# page numbers from file names


@pytest.mark.parametrize(
    "names, numbers",
    [
        (["page03.txt", "page01.txt", "page02.txt"], [3, 1, 2]),
        (["p3.txt", "p1.txt", "p10.txt"], [3, 1, 10]),
        (["Page-2.TXT", "Page-1.TXT"], [2, 1]),
        (["03.txt", "01.txt", "02.txt"], [3, 1, 2]),
        (["第3版.txt", "第1版.txt", "第12版.txt"], [3, 1, 12]),
        (["第三版.txt", "第一版.txt", "第十二版.txt"], [3, 1, 12]),
        (["人民日报第２版.txt", "人民日报第１版.txt"], [2, 1]),
        (["A3.txt", "A1.txt", "A2.txt"], [3, 1, 2]),
        (["2025-11-18_03.txt", "2025-11-18_01.txt", "2025-11-18_02.txt"], [3, 1, 2]),
        (["p3_2025.txt", "p1_2025.txt"], [3, 1]),
        (["scan_03_ocr2.txt", "scan_01_ocr2.txt"], [3, 1]),
        (["x10y.txt", "x11y.txt", "x9y.txt"], [10, 11, 9]),
        (["page07.txt"], [7]),
        (["07.txt"], [7]),
        (["第5版.text"], [5]),
        # cannot be read consistently: None, the caller numbers in name order
        (["A1.txt", "A2.txt", "B1.txt"], None),  # duplicate numbers
        (["page01.txt", "notes.txt"], None),  # a name without a number
        (["00.txt", "01.txt"], None),  # page 0
        (["2025-11-18.txt"], None),  # a lone date is not a page number
        (["front.txt", "back.txt"], None),
    ],
)
def test_page_numbers(names, numbers):
    assert page_numbers(names) == numbers


def test_natural_order():
    names = ["p10.txt", "P2.txt", "p1.txt", "p9.txt", "第2版.txt"]
    assert sorted(names, key=natural_key) == ["p1.txt", "P2.txt", "p9.txt", "p10.txt", "第2版.txt"]


def test_folder_issue_numbers_pages_from_names(tmp_path):
    names = [f"page{n:02d}.txt" for n in (1, 2, 3, 4, 10, 11)]
    shuffled = names[:]
    random.Random(7).shuffle(shuffled)
    folder = tmp_path / "2025-11-18"
    for name in shuffled:  # created in shuffled order
        write(folder / name, f"这是{name}的正文。\n")
    sources, errors = discover([folder])
    assert not errors
    [source] = sources
    assert source.kind == "folder" and source.name == "2025-11-18"
    issue, errors = read_issue(source)
    assert not errors and not issue.warnings
    assert [p.number for p in issue.pages] == [1, 2, 3, 4, 10, 11]
    assert [p.raw for p in issue.pages] == [f"这是{name}的正文。\n" for name in names]
    assert [p.source for p in issue.pages] == [str(folder / name) for name in names]


def test_folder_issue_falls_back_to_name_order(tmp_path):
    folder = tmp_path / "issue"
    for name in ["b.txt", "a.txt", "c10.txt", "c9.txt"]:
        write(folder / name, name)
    issue, errors = read_issue(discover([folder])[0][0])
    assert not errors
    assert [(p.number, p.raw) for p in issue.pages] == [
        (1, "a.txt"),
        (2, "b.txt"),
        (3, "c9.txt"),
        (4, "c10.txt"),
    ]
    assert len(issue.warnings) == 1 and "name order" in issue.warnings[0]


def test_form_feed_inside_a_page_file(tmp_path):
    folder = tmp_path / "issue"
    write(folder / "p1.txt", "第一页\f")  # a trailing form feed is dropped quietly
    write(folder / "p2.txt", "上半\f下半")
    issue, errors = read_issue(discover([folder])[0][0])
    assert not errors
    assert [p.raw for p in issue.pages] == ["第一页", "上半\n下半"]
    assert len(issue.warnings) == 1 and "p2.txt" in issue.warnings[0]


def test_folder_pages_may_differ_in_encoding(tmp_path):
    folder = tmp_path / "issue"
    write(folder / "p1.txt", SIMPLIFIED.encode("gbk"))
    write(folder / "p2.txt", TRADITIONAL.encode("big5"))
    write(folder / "p3.txt", SIMPLIFIED.encode("utf-8-sig"))
    issue, errors = read_issue(discover([folder])[0][0])
    assert not errors
    assert [(p.encoding, p.raw) for p in issue.pages] == [
        ("gb18030", SIMPLIFIED),
        ("big5", TRADITIONAL),
        ("utf-8-sig", SIMPLIFIED),
    ]


# --------------------------------------------------------------------------
# discover


def test_discover(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "in" / "b.txt", "乙")
    write(tmp_path / "in" / "a.TXT", "甲")
    write(tmp_path / "in" / "c.text", "丙")
    write(tmp_path / "in" / "scan.png", b"\x89PNG\r\n\x1a\n")  # not a text name: left alone
    write(tmp_path / "in" / ".hidden.txt", "隐")
    write(tmp_path / "in" / "2025-11-19" / "page02.txt", "二")
    write(tmp_path / "in" / "2025-11-19" / "page01.txt", "一")
    write(tmp_path / "in" / "2025-11-19" / ".page03.txt", "隐")
    (tmp_path / "in" / "images").mkdir()  # no text files: not an issue
    write(tmp_path / "extra.dat", "丁")  # named on the command line: read whatever its name

    sources, errors = discover(["in/", "extra.dat", "missing.txt", "in/b.txt"])
    assert [str(e) for e in errors] == ["missing.txt: no such file or folder"]
    # a named folder is an issue of its page files; its sub-folders are issues too
    assert [(s.name, s.kind, [str(p) for p in s.paths]) for s in sources] == [
        ("in", "folder", ["in/a.TXT", "in/b.txt", "in/c.text"]),
        ("2025-11-19", "folder", ["in/2025-11-19/page01.txt", "in/2025-11-19/page02.txt"]),
        ("extra", "file", ["extra.dat"]),
        ("b", "file", ["in/b.txt"]),
    ]
    issues, errors = read_all(["in"])
    assert not errors
    assert [(i.name, [(p.number, p.source, p.raw) for p in i.pages]) for i in issues] == [
        ("in", [(1, "in/a.TXT", "甲"), (2, "in/b.txt", "乙"), (3, "in/c.text", "丙")]),
        ("2025-11-19", [(1, "in/2025-11-19/page01.txt", "一"), (2, "in/2025-11-19/page02.txt", "二")]),
    ]


def test_issues_sharing_a_name_get_distinct_names(tmp_path):
    write(tmp_path / "x" / "2025-11-18" / "page01.txt", "一")
    write(tmp_path / "y" / "2025-11-18" / "page01.txt", "二")
    sources, errors = discover([tmp_path / "x", tmp_path / "y"])
    assert not errors
    assert [s.name for s in sources] == ["2025-11-18", "2025-11-18-2"]


def test_discover_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    write(tmp_path / "empty" / "notes.md", "x")
    sources, errors = discover([tmp_path / "empty"])
    assert sources == []
    assert len(errors) == 1 and "no text files" in str(errors[0])
    sources, errors = discover([tmp_path / "empty" / "notes.md"])
    assert [s.name for s in sources] == ["notes"]  # a file named on the command line is read


# --------------------------------------------------------------------------
# bad input


@pytest.fixture(scope="module")
def big_file(tmp_path_factory) -> Path:
    """A 20 MB file of one line."""
    path = tmp_path_factory.mktemp("big") / "huge.txt"
    with open(path, "wb") as fh:
        fh.write(b"a" * 20_000_000)
    return path


def test_bad_input_folder(tmp_path, big_file, opened):
    folder = tmp_path / "input"
    write(folder / "empty.txt", b"")
    write(folder / "blank.txt", " \r\n\t\n\u3000\n")
    write(folder / "scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2000))
    write(folder / "gbk.txt", SIMPLIFIED.encode("gbk"))
    write(folder / "big5.txt", TRADITIONAL.encode("big5"))
    write(folder / "utf16.txt", ("\ufeff" + SIMPLIFIED).encode("utf-16-le"))
    write(folder / "garbled.txt", bytes([0x80, 0xFF, 0x81]) * 10)
    os.link(big_file, folder / "huge.txt")
    before = snapshot(folder)

    start = time.perf_counter()
    issues, errors = read_all([folder], max_bytes=Config.max_bytes)
    elapsed = time.perf_counter() - start

    assert elapsed < 2.0
    assert [i.name for i in issues] == ["input"]  # the folder is one issue of pages
    assert {Path(p.source).stem: (p.encoding, p.raw) for p in issues[0].pages} == {
        "gbk": ("gb18030", SIMPLIFIED),
        "big5": ("big5", TRADITIONAL),
        "utf16": ("utf-16", SIMPLIFIED),
    }
    lines = sorted(str(e) for e in errors)
    assert len(lines) == 5
    assert all("\n" not in line for line in lines)
    by_name = {Path(e.path).name: e.message for e in errors}
    assert by_name.keys() == {"empty.txt", "blank.txt", "scan.txt", "garbled.txt", "huge.txt"}
    assert by_name["empty.txt"] == "empty file"
    assert "whitespace" in by_name["blank.txt"]
    assert "PNG" in by_name["scan.txt"]
    assert "cannot decode" in by_name["garbled.txt"]
    assert "too large" in by_name["huge.txt"] and "19.1 MiB" in by_name["huge.txt"]
    assert str(errors[0]).startswith(str(folder / ""))

    # nothing opened for writing, the large file never opened at all, nothing changed
    assert all(mode == "rb" for _, mode in opened)
    assert str(folder / "huge.txt") not in {path for path, _ in opened}
    assert snapshot(folder) == before


def test_bad_pages_in_a_folder_issue(tmp_path, big_file):
    folder = tmp_path / "issue"
    write(folder / "page1.txt", SIMPLIFIED)
    write(folder / "page2.txt", b"")
    os.link(big_file, folder / "page3.txt")
    write(folder / "page4.txt", TRADITIONAL.encode("big5"))
    issue, errors = read_issue(discover([folder])[0][0])
    assert [p.number for p in issue.pages] == [1, 4]  # numbers kept, bad pages left out
    assert [str(e) for e in errors] == [
        f"{folder / 'page2.txt'}: empty file",
        f"{folder / 'page3.txt'}: too large (19.1 MiB; the limit is 16.0 MiB, [input] max_bytes)",
    ]


def test_folder_issue_with_no_readable_page(tmp_path):
    folder = tmp_path / "issue"
    write(folder / "p1.txt", b"")
    write(folder / "p2.txt", b"\x00\x01\x02\x03")
    issue, errors = read_issue(discover([folder])[0][0])
    assert issue is None
    assert [e.path for e in errors] == [str(folder / "p1.txt"), str(folder / "p2.txt"), str(folder)]


def test_max_bytes(tmp_path):
    path = write(tmp_path / "a.txt", "x" * 101)
    source = IssueSource("a", [path], "file", path)
    issue, errors = read_issue(source, max_bytes=100)
    assert issue is None and "too large (101 bytes; the limit is 100 bytes" in str(errors[0])
    issue, errors = read_issue(source, max_bytes=101)
    assert issue is not None and not errors


@pytest.mark.parametrize("limit, read", [(1000, True), (150, False)], ids=["within-limit", "over-limit"])
def test_file_that_grew_after_its_size_was_taken(tmp_path, monkeypatch, limit, read):
    """The size is read first; a file that has grown since is read to its end
    (or reported, once past the limit), never cut at the size first seen."""
    path = write(tmp_path / "growing.txt", "增" * 20 + "x" * 140)  # 200 bytes
    real_stat = os.stat

    def stale_stat(target, *args, **kwargs):
        st = real_stat(target, *args, **kwargs)
        if str(target) == str(path):
            return os.stat_result((st.st_mode, *st[1:6], 50, *st[7:]))
        return st

    monkeypatch.setattr(reading.os, "stat", stale_stat)
    if read:
        text, _ = reading.read_text(path, limit)
        assert text == "增" * 20 + "x" * 140
    else:
        with pytest.raises(reading.InputError, match="too large"):
            reading.read_text(path, limit)


def test_control_characters_counted_in_every_encoding():
    """UTF-8 text is checked on its bytes, other encodings on the text: the
    verdict is the same."""
    text = "\x01\x02" * 20 + "正文" * 200  # 40 of 440 characters
    for codec in ("utf-8", "gb18030", "utf-16"):
        assert decode(text.encode(codec))[0] == text
    text = "\x01\x02" * 20 + "正文" * 100  # 40 of 240 characters
    for codec in ("utf-8", "gb18030", "utf-16"):
        with pytest.raises(DecodeError, match="17% control characters"):
            decode(text.encode(codec))


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path / "locked.txt", "锁")
    real_open = builtins.open

    def deny(file, mode="r", *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(reading, "open", deny, raising=False)
    issues, errors = read_all([path])
    assert issues == []
    assert [str(e) for e in errors] == [f"{path}: permission denied"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_file_without_read_permission(tmp_path):
    path = write(tmp_path / "locked.txt", "锁")
    path.chmod(0)
    try:
        issues, errors = read_all([path])
    finally:
        path.chmod(0o644)
    assert issues == [] and [str(e) for e in errors] == [f"{path}: permission denied"]


def test_file_gone_before_reading(tmp_path):
    path = write(tmp_path / "gone.txt", "去")
    [source], _ = discover([path])
    path.unlink()
    issue, errors = read_issue(source)
    assert issue is None and [str(e) for e in errors] == [f"{path}: no such file"]


def test_not_a_regular_file(tmp_path):
    fifo = tmp_path / "pipe.txt"
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    os.mkfifo(fifo)
    sources, errors = discover([fifo])
    assert sources == [] and [str(e) for e in errors] == [f"{fifo}: not a file or folder"]
    sources, errors = discover([tmp_path])
    assert [str(e) for e in errors] == [
        f"{tmp_path}: no text files (*.txt, *.text) or issue folders in this folder"
    ]


def test_read_error_is_one_line():
    err = ReadError("in/a.txt", "empty file")
    assert str(err) == "in/a.txt: empty file"
