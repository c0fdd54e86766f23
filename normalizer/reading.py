"""Reading input: files and folders of raw page text become issues.

What is read
    A *page* is a text file.  An *issue* is either

    * a **folder** of page files (``*.txt`` and ``*.text``, any case; hidden
      files are skipped).  Page numbers come from the file names
      (:func:`page_numbers`); when they cannot be taken consistently the pages
      are numbered 1..n in natural name order (``p2`` before ``p10``); or
    * one **file** whose pages are separated by form feeds, as ``pdftotext``
      writes them.  A file without form feeds is an issue of one page, number 1.

    :func:`discover` expands what was named on the command line: a file named
    there is an issue of its own, whatever its extension.  A folder named there
    is an issue of the page files in it, and every sub-folder holding page
    files is an issue too, so an archive folder of issue folders can be named
    at once.  Issues that would share a name get ``-2``, ``-3``… appended.

Encodings (:func:`decode`)
    UTF-8 with or without BOM; UTF-32 and UTF-16 with BOM (UTF-16 without BOM
    too, when its zero bytes say so); GB18030 (which covers GB2312 and GBK) and
    Big5.  GBK and Big5 share most of their byte ranges, so a text often
    decodes both ways without error.  Both decodings are scored and the one
    whose characters look like real Chinese text wins: the share of characters
    among the common ones (GB2312 level 1, the 3755 most used simplified
    characters; Big5 level 1, the 5401 most used traditional ones; ordinary
    CJK punctuation and symbols) plus the share among some 600 most frequent
    characters, less the share of private-use characters.  A wrong decoding
    turns into kana, bopomofo, private-use and rare characters and scores far
    lower.  A tie goes to GB18030.  Texts of a few characters can still be
    ambiguous; from about ten Chinese characters on the choice is reliable.

    A decoding that does not read as Chinese at all (Shift-JIS, EUC-KR, Latin-1
    text) is reported, with charset-normalizer's guess of what it is.  A short
    GBK text can happen to be valid UTF-8 (``通讯员`` reads as ``ͨѶԱ``): valid
    UTF-8 with no CJK character and letters from Latin Extended-B to Arabic is
    read as GB18030/Big5 when that reads as Chinese.

Text
    Line endings become ``\\n`` (CRLF and lone CR alike) and a BOM is dropped;
    nothing else changes.  Form feeds only ever separate pages: a final empty
    page after the last form feed (``pdftotext`` ends every page with one) is
    dropped, and a form feed inside a page file of a folder is read as a line
    break, with a warning on the issue.

Bad input
    Every problem is a :class:`ReadError` whose ``str()`` is one line
    ``path: message``; the file is skipped and everything else is still read.
    Empty or whitespace-only files, binary files (known file signatures such
    as PNG, ZIP or PDF; zero bytes; mostly control characters), text in no
    supported encoding, files over ``max_bytes`` (checked from the file size,
    before reading) and files that cannot be read are reported.  Input files
    are only ever opened for reading.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Literal, NamedTuple

from .config import Config
from .model import Issue, Page

#: file name endings of page files inside folders (compared case-insensitively)
TEXT_SUFFIXES = (".txt", ".text")

#: the highest page number taken from a file name; larger numbers are dates or ids
MAX_PAGE_NUMBER = 999

#: decoded text with more than this share of control characters is binary
MAX_CONTROL_SHARE = 0.10

#: a decoding as GB18030, Big5 or UTF-16 without BOM reads as Chinese when at
#: least this share of its non-ASCII characters are common ones ...
MIN_COMMON_SHARE = 0.6
#: ... and at least this share are among the most frequent (real text: 0.4–0.8;
#: Korean EUC-KR read as GB18030: under 0.1)
MIN_FREQUENT_SHARE = 0.15
#: ... once it has this many non-ASCII characters (shorter texts are not judged)
MIN_JUDGED_CHARS = 16

#: valid UTF-8 without CJK is read as GB18030/Big5 instead only above this
#: share of common characters
MIN_SHORT_COMMON_SHARE = 0.9

#: characters scored per candidate encoding (the start of the text is enough)
SCORE_SAMPLE_CHARS = 65536


class DecodeError(ValueError):
    """Bytes that are not text in a supported encoding; the message says why."""


@dataclass(frozen=True, slots=True)
class ReadError:
    """A file or folder that could not be read; ``str()`` gives ``path: message``."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(slots=True)
class IssueSource:
    """Where one issue comes from.

    ``kind`` is ``"file"`` (one file, pages split by form feeds; ``paths`` holds
    it) or ``"folder"`` (``paths`` are its page files in natural name order).
    ``path`` is the file or folder itself, as given plus the names found.
    """

    name: str
    paths: list[Path]
    kind: Literal["folder", "file"]
    path: Path

    def __str__(self) -> str:
        return str(self.path)


# ---------------------------------------------------------------------------
# finding issues


def discover(
    inputs: Iterable[str | os.PathLike[str]]
) -> tuple[list[IssueSource], list[ReadError]]:
    """Expand the files and folders named on the command line into issues.

    Returns the issues in the order given (folders expanded in natural name
    order) and an error for every input that does not exist or cannot be
    listed.  The same file or folder named twice is read once.  Nothing is
    opened here except folder listings.
    """
    sources: list[IssueSource] = []
    errors: list[ReadError] = []
    seen: set[str] = set()

    def add(source: IssueSource) -> None:
        key = os.path.realpath(source.path)
        if key not in seen:
            seen.add(key)
            sources.append(source)

    for item in inputs:
        path = Path(item)
        try:
            st = path.stat()
        except OSError as exc:
            errors.append(ReadError(str(path), _os_message(exc, "no such file or folder")))
            continue
        if stat.S_ISREG(st.st_mode):
            add(IssueSource(_issue_name(path), [path], "file", path))
        elif not stat.S_ISDIR(st.st_mode):
            errors.append(ReadError(str(path), "not a file or folder"))
        else:
            before = len(sources) + len(errors)
            _expand_folder(path, add, errors)
            if len(sources) + len(errors) == before:
                errors.append(
                    ReadError(str(path), "no text files (*.txt, *.text) or issue folders in this folder")
                )
    _unique_names(sources)
    return sources, errors


def _unique_names(sources: list[IssueSource]) -> None:
    """Issues from different folders may share a name; outputs must not clash."""
    taken: set[str] = set()
    for source in sources:
        name, n = source.name, 2
        while name in taken:
            name = f"{source.name}-{n}"
            n += 1
        source.name = name
        taken.add(name)


def _expand_folder(folder: Path, add, errors: list[ReadError]) -> None:
    """A folder of page files is one issue; each subfolder holding page files
    is an issue too, so an archive folder of issue folders works as well."""
    try:
        pages = _page_files(folder)
        entries = _listdir(folder)
    except OSError as exc:
        errors.append(ReadError(str(folder), "cannot list folder: " + _os_message(exc)))
        return
    if pages:
        add(IssueSource(_issue_name(folder, is_file=False), pages, "folder", folder))
    for entry in entries:
        path = folder / entry.name
        try:
            is_dir = entry.is_dir()
        except OSError as exc:
            errors.append(ReadError(str(path), _os_message(exc)))
            continue
        if is_dir:
            try:
                sub_pages = _page_files(path)
            except OSError as exc:
                errors.append(ReadError(str(path), "cannot list folder: " + _os_message(exc)))
                continue
            if sub_pages:
                add(IssueSource(entry.name, sub_pages, "folder", path))


def _listdir(folder: Path) -> list[os.DirEntry]:
    with os.scandir(folder) as it:
        entries = [e for e in it if not e.name.startswith(".")]
    return sorted(entries, key=lambda e: natural_key(e.name))


def _page_files(folder: Path) -> list[Path]:
    """Text files directly inside ``folder``, in natural name order."""
    out = []
    for entry in _listdir(folder):
        if _is_text_name(entry.name):
            try:
                if entry.is_file():
                    out.append(folder / entry.name)
            except OSError:
                out.append(folder / entry.name)  # reported when it is read
    return out


def _is_text_name(name: str) -> bool:
    return name.lower().endswith(TEXT_SUFFIXES)


def _issue_name(path: Path, is_file: bool = True) -> str:
    if is_file:
        return path.stem
    return path.name or path.resolve().name or "issue"


_NATURAL_SPLIT_RE = re.compile(r"([0-9]+)")


def natural_key(name: str) -> tuple:
    """Sort key that puts ``p2`` before ``p10`` (case-insensitive, then exact)."""
    parts = _NATURAL_SPLIT_RE.split(name.casefold())
    # split() alternates text and digit runs: odd positions are the numbers
    key = tuple((0, int(p), "") if i % 2 else (1, 0, p) for i, p in enumerate(parts) if p)
    return key, name


# ---------------------------------------------------------------------------
# page numbers from file names

_DIGITS = "0-9０-９"
_CN_DIGITS = "〇零一二两兩三四五六七八九十百"
_LABEL_RES = (
    re.compile(rf"第\s*([{_DIGITS}]+|[{_CN_DIGITS}]+)\s*[版页頁面]"),
    re.compile(rf"(?<![a-z])(?:page|pg|p)[\s._-]*([{_DIGITS}]+)(?![{_DIGITS}])", re.IGNORECASE),
)
_DIGIT_RUN_RE = re.compile(rf"[{_DIGITS}]+")
_CN_VALUES = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip


def _number(text: str) -> int | None:
    """``"03"``, ``"３"`` or ``"十二"`` as an int; None when it is not a number."""
    if text[0] in _CN_DIGITS:
        return _chinese_number(text)
    try:
        return int(text)
    except ValueError:
        return None


def _chinese_number(text: str) -> int | None:
    """``十二`` → 12, ``一百零五`` → 105; ``二〇`` (digit by digit) → 20."""
    if "十" not in text and "百" not in text:
        value = 0
        for ch in text:
            value = value * 10 + _CN_VALUES[ch]
        return value
    total, digit = 0, None
    for ch in text:
        if ch in "十百":
            if ch == "百" and total:  # 十 before 百: not a number
                return None
            total += (1 if digit is None else digit) * (100 if ch == "百" else 10)
            digit = None
        elif ch in "〇零":
            digit = None
        elif digit is not None:  # two digits in a row: not a number we read
            return None
        else:
            digit = _CN_VALUES[ch]
    return total + (digit or 0)


def _labelled_number(stem: str) -> int | None:
    for pattern in _LABEL_RES:
        m = pattern.search(stem)
        if m:
            return _number(m.group(1))
    return None


def _last_number(stem: str) -> int | None:
    runs = _DIGIT_RUN_RE.findall(stem)
    return _number(runs[-1]) if runs else None


def _varying_numbers(stems: list[str]) -> list[int | None]:
    """The number in the part of the names that differs: ``scan_03_v2``, ``scan_04_v2``."""
    prefix = os.path.commonprefix(stems)
    suffix = os.path.commonprefix([s[::-1] for s in stems])[::-1]
    digits = set("0123456789０１２３４５６７８９")
    # never cut through a run of digits: "p10", "p11" share "p1" but vary in "10"/"11"
    while prefix and prefix[-1] in digits:
        prefix = prefix[:-1]
    while suffix and suffix[0] in digits:
        suffix = suffix[1:]
    out: list[int | None] = []
    for stem in stems:
        middle = stem[len(prefix) : len(stem) - len(suffix)] if len(prefix) + len(suffix) <= len(stem) else ""
        runs = _DIGIT_RUN_RE.findall(middle)
        out.append(_number(runs[0]) if len(runs) == 1 else None)
    return out


def page_numbers(names: list[str]) -> list[int] | None:
    """Page numbers read from file names, or None when they cannot be read for all.

    Tried in turn, the first that gives every file a distinct number from 1 to
    :data:`MAX_PAGE_NUMBER` wins:

    1. a labelled number: ``第3版``, ``第三版``, ``page03``, ``p3``, ``pg-3``;
    2. the last run of digits: ``03``, ``A3``, ``2025-11-18_03``;
    3. the one run of digits in the part of the names that differs:
       ``p3_2025``, ``p4_2025``.

    A lone file takes its number only from a label or from a name that is a
    number (``03.txt``), never from, say, a date.
    """
    stems = [_stem(n) for n in names]
    if not stems:
        return []
    if len(stems) == 1:
        n = _labelled_number(stems[0])
        if n is None and _DIGIT_RUN_RE.fullmatch(stems[0]):
            n = _number(stems[0])
        return [n] if n is not None and 1 <= n <= MAX_PAGE_NUMBER else None
    for numbers in (
        [_labelled_number(s) for s in stems],
        [_last_number(s) for s in stems],
        _varying_numbers(stems),
    ):
        if all(n is not None and 1 <= n <= MAX_PAGE_NUMBER for n in numbers) and len(
            set(numbers)
        ) == len(numbers):
            return numbers  # type: ignore[return-value]
    return None


def _stem(name: str) -> str:
    base = os.path.basename(name)
    for suffix in TEXT_SUFFIXES:
        if base.lower().endswith(suffix):
            return base[: -len(suffix)]
    return os.path.splitext(base)[0]


# ---------------------------------------------------------------------------
# decoding

_SIGNATURES = (
    (b"%PDF-", "a PDF file, not text (convert it first, e.g. with pdftotext)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image, not text"),
    (b"\xff\xd8\xff", "a JPEG image, not text"),
    (b"GIF87a", "a GIF image, not text"),
    (b"GIF89a", "a GIF image, not text"),
    (b"II*\x00", "a TIFF image, not text"),
    (b"MM\x00*", "a TIFF image, not text"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx/.epub), not text"),
    (b"PK\x05\x06", "an empty ZIP archive, not text"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc/.xls), not text"),
    (b"{\\rtf", "an RTF document, not plain text (save it as plain text first)"),
    (b"\x1f\x8b", "a gzip archive, not text"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive, not text"),
    (b"Rar!\x1a\x07", "a RAR archive, not text"),
    (b"\xfd7zXZ\x00", "an xz archive, not text"),
    (b"\x7fELF", "a program file, not text"),
)
_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_PRIVATE_USE_RE = re.compile(r"[\ue000-\uf8ff]")
_BIG5_CODECS = ("big5", "cp950", "big5hkscs")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x09), *range(0x0E, 0x20), 0x7F])
# valid UTF-8 made only of two-byte characters from Latin Extended-B to Arabic:
# perhaps a short GBK or Big5 text
_UTF8_DOUBTFUL_RE = re.compile(r"[\u0180-\u07ff]")
_UTF8_CJK_RE = re.compile(r"[\u0800-\uffff\U00010000-\U0010ffff]")

#: about 600 of the most frequent characters of Chinese running text, and the
#: traditional forms of those that differ (OpenCC, Taiwan and Hong Kong standards)
_FREQUENT_SIMPLIFIED = (
    "的一是了不在有人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过"
    "子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两"
    "体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新"
    "线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已"
    "通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较"
    "将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百"
    "规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清美再采转更单风切打白教速"
    "花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传"
    "土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周"
    "委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛"
    "亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价"
    "严首底液官德随病苏失尔死讲配女黄推显谈罪神艺呢席含企望密批营项防举球英氧势告李台落木帮轮破"
    "亚师围注远字材排供河态封另施减树溶怎止案言士均武固叶鱼波视仅费紧爱左章早朝害续轻服试食充兵"
    "源判护司足某练差致板田降黑犯负"
)
_FREQUENT_TRADITIONAL = (
    "這爲個國時來們於對會發動過說產種後學經進電裏現實兩體機當點從業應開還義間樣與關線內數麼質氣"
    "變條沒結問無軍並題黨員總設長頭資邊級圖統較將組見計別論運農幾區強決幹戰則據處隊給門規熱領東"
    "導壓爭濟階術極聯認權證採轉單風帶場車務萬達積議聲報鬥類離華確張馬節話況溫傳許羣廣記觀織裝衆"
    "書復兒須際驗連斷難礦備辦習響約勞團歷構稱準號維劃選標寫親養層卻專狀廠識適屬圓調滿縣參紅細聽"
    "該鐵價嚴隨蘇爾講黃顯談藝營項舉勢臺幫輪亞師圍遠態減樹葉魚視僅費緊愛續輕試護練負裡隻係繫乾髮"
    "製著範鍾鐘麵為眾説"
)
_FREQUENT = _FREQUENT_SIMPLIFIED + _FREQUENT_TRADITIONAL
_SYMBOL_RANGES = (
    "\u00a7\u00b0\u00b1\u00b7\u00d7\u00f7"  # § ° ± · × ÷
    "\u2014\u2015\u2016\u2018\u2019\u201c\u201d\u2025\u2026"  # — ― ‖ ‘ ’ “ ” ‥ …
    "\u2030\u2032\u2033\u203b\u2103\u2116"  # ‰ ′ ″ ※ ℃ №
    "\u2160-\u216b\u2190-\u2193\u2460-\u249b"  # Ⅰ Ⅱ, ← → ↑ ↓, ① ⑴ ⒈
    "\u25a0\u25a1\u25b2\u25b3\u25c6\u25c7\u25cb\u25ce\u25cf\u2605\u2606"  # ■ □ ▲ △ ◆ ◇ ○ ◎ ● ★ ☆
    "\u3000-\u3002\u3007-\u3011\u3014-\u3017\u301c-\u301f"  # 　、。〇 《》「」【】〔〕〖〗〜〝〞〟
    "\uff01-\uff5e"  # fullwidth forms: ， ： （ ） ０ Ａ
)


@lru_cache(maxsize=1)
def _score_patterns() -> tuple[re.Pattern, re.Pattern]:
    """(common characters, very frequent characters) as regexes, built once."""

    def chars(codec: str, leads: range, trails: Iterable[int], last: bytes) -> set[str]:
        out = set()
        for lead in leads:
            for trail in trails:
                raw = bytes((lead, trail))
                if raw > last:
                    break
                try:
                    out.add(raw.decode(codec))
                except UnicodeDecodeError:
                    pass
        return out

    # GB2312 level 1: 0xB0A1–0xD7F9; Big5 level 1 (frequent characters): 0xA440–0xC67E
    gb_level1 = chars("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF), b"\xd7\xf9")
    big5_level1 = chars("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)], b"\xc6\x7e")
    han = "".join(sorted(gb_level1 | big5_level1 | set(_FREQUENT)))
    return re.compile(f"[{_SYMBOL_RANGES}{han}]"), re.compile(f"[{_FREQUENT}]")


class _Score(NamedTuple):
    value: float  # common + frequent - private use: the higher, the more Chinese
    common: float  # share of non-ASCII characters that are common characters
    frequent: float  # share that are among the most frequent
    chars: int  # non-ASCII characters scored

    def plausible(self) -> bool:
        """Whether the text reads as Chinese (short texts always do)."""
        return self.chars < MIN_JUDGED_CHARS or (
            self.common >= MIN_COMMON_SHARE and self.frequent >= MIN_FREQUENT_SHARE
        )


def _chinese_score(text: str) -> _Score:
    """How much a decoded text looks like Chinese.

    The score is the share of non-ASCII characters that are common, plus the
    share that are very frequent, minus the share of private-use characters
    (which a wrong GBK decoding of Big5 punctuation and rare rows gives).
    ASCII is left out: it decodes alike in all candidate encodings.
    """
    sample = text[:SCORE_SAMPLE_CHARS]
    n = len(sample) - len(sample.encode("ascii", "ignore"))
    if n == 0:
        return _Score(0.0, 1.0, 1.0, 0)
    common_re, frequent_re = _score_patterns()
    common = len(common_re.findall(sample)) / n
    frequent = len(frequent_re.findall(sample)) / n
    private = len(_PRIVATE_USE_RE.findall(sample)) / n
    return _Score(common + frequent - private, common, frequent, n)


def _check_controls(text: str, utf8: bytes | None = None) -> None:
    """Raise when ``text`` is mostly control characters.  ``utf8``, when given,
    is ``text`` encoded as UTF-8, where each of these characters is one byte
    that stands for nothing else: they are counted there, much faster."""
    if utf8 is not None:
        controls = len(utf8) - len(utf8.translate(None, _CONTROL_BYTES))
    else:
        controls = len(_CONTROL_RE.findall(text))
    if controls > MAX_CONTROL_SHARE * len(text):
        raise DecodeError(f"binary data ({controls / len(text):.0%} control characters), not text")


def decode(data: bytes) -> tuple[str, str]:
    """Decode the bytes of a text file; return (text, encoding name).

    The names are Python codec names: ``utf-8``, ``utf-8-sig``, ``utf-16``,
    ``utf-32`` (with a BOM), ``utf-16-le``/``utf-16-be`` (without),
    ``gb18030``, ``big5`` (or ``cp950``/``big5hkscs`` when plain Big5 fails).
    The text is returned as decoded (BOM dropped); see :func:`normalise_newlines`.
    Raises :class:`DecodeError` with a message for people when the bytes are
    binary or in no supported encoding.  Empty input decodes to ``""``.
    """
    for signature, message in _SIGNATURES:
        if data.startswith(signature):
            raise DecodeError(message)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"not valid {codec.upper()} despite its byte order mark ({exc.reason})") from None
            _check_controls(text)
            return text, codec
    if b"\x00" in data:
        return _decode_with_zero_bytes(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        where = f"byte 0x{data[exc.start]:02X} at offset {exc.start}"
    else:
        if not _UTF8_CJK_RE.search(text) and _UTF8_DOUBTFUL_RE.search(text):
            # a few GBK characters can happen to be valid UTF-8 ("通讯员" reads
            # as "ͨѶԱ"); take them as Chinese when they read as Chinese
            best = _best_chinese(data)
            if best is not None and best[0].common >= MIN_SHORT_COMMON_SHARE:
                _check_controls(best[1])
                return best[1], best[2]
        _check_controls(text, data)
        return text, "utf-8"
    best = _best_chinese(data)
    if best is None:
        raise DecodeError(f"cannot decode: not UTF-8 ({where}), GB18030 or Big5{_guess_hint(data)}")
    score, text, codec = best
    if not score.plausible():
        raise DecodeError(
            f"cannot decode: not UTF-8 ({where}), and it does not read as Chinese in GB18030 or Big5"
            f"{_guess_hint(data)}"
        )
    _check_controls(text)
    return text, codec


def _decode_with_zero_bytes(data: bytes) -> tuple[str, str]:
    """UTF-16 without BOM: the zero bytes of ASCII characters fall on one side.

    Characters such as 一 (U+4E00) put a few zero bytes on the other side too,
    so one side must have most of them, not all; the decoded text must then
    read as Chinese (or be short) and hold no U+0000.
    """
    even_zeros, odd_zeros = data[0::2].count(0), data[1::2].count(0)
    codec = None
    if len(data) % 2 == 0:
        if odd_zeros > 3 * even_zeros:
            codec = "utf-16-le"
        elif even_zeros > 3 * odd_zeros:
            codec = "utf-16-be"
    if codec:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            pass
        else:
            if "\x00" not in text and _chinese_score(text).plausible():
                _check_controls(text)
                return text, codec
    raise DecodeError("binary data (contains zero bytes), not text")


def _best_chinese(data: bytes) -> tuple[_Score, str, str] | None:
    """The better of the GB18030 and Big5 decodings as (score, text, codec),
    or None when neither decodes."""
    candidates: list[tuple[_Score, str, str]] = []
    try:
        text = data.decode("gb18030")
        candidates.append((_chinese_score(text), text, "gb18030"))
    except UnicodeDecodeError:
        pass
    for codec in _BIG5_CODECS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((_chinese_score(text), text, codec))
        break
    if not candidates:
        return None
    # the highest score wins; on a tie the earlier candidate (GB18030)
    return max(candidates, key=lambda c: c[0].value)


def _guess_hint(data: bytes) -> str:
    """``" (looks like shift_jis)"`` from charset-normalizer, or ``""``."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return ""
    best = from_bytes(data[:65536]).best()
    if best is None or best.encoding in {"utf_8", "gb18030", "big5", "cp950", "big5hkscs"}:
        return ""
    return f" (looks like {best.encoding})"


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_pages(text: str) -> list[str]:
    """Pages of a text whose pages end with form feeds (a final empty one dropped)."""
    parts = text.split("\f")
    if len(parts) > 1 and not parts[-1].strip():
        parts.pop()
    return parts


# ---------------------------------------------------------------------------
# reading


class InputError(Exception):
    """Why one input file could not be read: a one-line message, without the path."""


def read_text(path: str | os.PathLike[str], max_bytes: int | None = None) -> tuple[str, str]:
    """Read and decode one text file: (text with ``\\n`` line endings, encoding).

    Raises :class:`InputError` when the file cannot be used.  The file size is
    checked before anything is read, and at most ``max_bytes + 1`` bytes are
    ever read.  ``max_bytes`` defaults to ``Config.max_bytes``.
    """
    limit = Config.max_bytes if max_bytes is None else max_bytes
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise InputError("not a regular file")
        if st.st_size > limit:
            raise InputError(f"too large ({_size(st.st_size)}; the limit is {_size(limit)}, [input] max_bytes)")
        if st.st_size == 0:
            raise InputError("empty file")
        with open(path, "rb") as fh:
            # ask for what the size says, not for the limit: a read of ``limit``
            # bytes sets that much memory aside first, whatever the file holds
            want = min(st.st_size, limit) + 1
            data = fh.read(want)
            if len(data) == want and want <= limit:  # it grew since the size was taken
                data += fh.read(limit + 1 - want)
    except OSError as exc:
        raise InputError(_os_message(exc)) from None
    if len(data) > limit:  # it grew since the size was taken
        raise InputError(f"too large (over {_size(limit)}, [input] max_bytes)")
    if not data:
        raise InputError("empty file")
    try:
        text, encoding = decode(data)
    except DecodeError as exc:
        raise InputError(str(exc)) from None
    if not text.strip():
        raise InputError("empty file (whitespace only)")
    return normalise_newlines(text), encoding


def read_issue(source: IssueSource, max_bytes: int | None = None) -> tuple[Issue | None, list[ReadError]]:
    """Read the pages of one issue.

    Bad pages are reported and skipped; the good ones are kept with the page
    numbers they would have had.  Returns ``(None, errors)`` when no page
    could be read.  ``max_bytes`` defaults to ``Config.max_bytes``.
    """
    if source.kind == "file":
        return _read_file_issue(source, max_bytes)
    return _read_folder_issue(source, max_bytes)


def _read_file_issue(source: IssueSource, max_bytes: int | None) -> tuple[Issue | None, list[ReadError]]:
    path = source.paths[0]
    try:
        text, encoding = read_text(path, max_bytes)
    except InputError as exc:
        return None, [ReadError(str(path), str(exc))]
    pages = [
        Page(number=i, source=str(path), encoding=encoding, raw=raw)
        for i, raw in enumerate(split_pages(text), start=1)
    ]
    return Issue(name=source.name, pages=pages), []


def _read_folder_issue(source: IssueSource, max_bytes: int | None) -> tuple[Issue | None, list[ReadError]]:
    errors: list[ReadError] = []
    warnings: list[str] = []
    numbers = page_numbers([p.name for p in source.paths])
    if numbers is None:
        numbers = list(range(1, len(source.paths) + 1))
        if len(source.paths) > 1:
            warnings.append(
                f"{source.path}: page numbers could not be read from every file name; "
                "pages are numbered in name order"
            )
    pages: list[Page] = []
    for number, path in zip(numbers, source.paths):
        try:
            text, encoding = read_text(path, max_bytes)
        except InputError as exc:
            errors.append(ReadError(str(path), str(exc)))
            continue
        parts = split_pages(text)
        if len(parts) > 1:
            warnings.append(f"{path}: form feed inside a page file; read as a line break")
            text = "\n".join(parts)
        elif "\f" in text:  # only a trailing form feed and blank lines after it
            text = parts[0]
        pages.append(Page(number=number, source=str(path), encoding=encoding, raw=text))
    if not pages:
        if source.paths:
            errors.append(ReadError(str(source.path), "no page of this issue could be read"))
        else:
            errors.append(ReadError(str(source.path), "no page files (*.txt, *.text) in this folder"))
        return None, errors
    pages.sort(key=lambda p: p.number)
    issue = Issue(name=source.name, pages=pages)
    issue.warnings.extend(warnings)
    return issue, errors


def read_all(
    inputs: Iterable[str | os.PathLike[str]],
    max_bytes: int | None = None,
) -> tuple[list[Issue], list[ReadError]]:
    """:func:`discover` and :func:`read_issue` for everything named: (issues, errors)."""
    sources, errors = discover(inputs)
    issues: list[Issue] = []
    for source in sources:
        issue, errs = read_issue(source, max_bytes)
        errors.extend(errs)
        if issue is not None:
            issues.append(issue)
    return issues, errors


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n} bytes"


def _os_message(exc: OSError, not_found: str = "no such file") -> str:
    if isinstance(exc, FileNotFoundError):
        return not_found
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a folder, not a file"
    return (exc.strerror or str(exc)).replace("\n", " ")
