"""Quality benchmark: test issues with known answers, put through the real pipeline.

Clean articles (headline group, byline, paragraphs joined right) are laid out
as raw newspaper pages the way extractors deliver them, and the normaliser's
output is scored against what was laid out:

* paragraphs cut at random column edges (the second piece never begins with a
  mark that cannot begin a printed line), most pieces next to each other,
  some moved further down the page among other blocks (interleaved halves);
* articles split across pages with a jump marker in every variant
  (下转第3版 / （上接第1版） / 转第三版 / 接第A3版 / 续第…, glued or on a line of
  their own, half- or full-width brackets) and a repeated headline that is
  whole, shortened, broken over two lines or missing; the paragraph at the
  page break is sometimes cut mid-sentence;
* mastheads and page headers, photo captions with titles and credits, ASCII
  punctuation on some pages, paragraph indents on some, hard line breaks
  inside paragraphs on a few.

The issues are written as folders of page files in a temporary folder and read
back with ``normalizer.reading``; the answers stay in this process, apart from
what the normaliser sees.  Every issue is normalised twice with
``normalizer.engine.normalise_issue``: with the deterministic rules alone (no
suggestion accepted) and with ``accept_above=0.9``.  Printed, for both runs:
paragraph precision, recall and F1 (a paragraph is right when its text, with
punctuation width and whitespace folded, equals a paragraph laid out),
headline accuracy, stitch accuracy (an article split across pages comes out
as one article with the right pages), merge precision@1, the count of
headlines, bylines and captions joined into paragraphs, and the calibration
of the merge suggestions (score band → share right).

The default source is ``bench/fixtures/seed_articles.jsonl``: articles taken
from the sample pages in ``seeds/``, joined by hand.  ``--corpus FILE…`` reads
larger collections of clean articles in the JSON Lines format of
``../shared/corpus`` (``title``, ``paragraphs``, optional ``headline_lines``)
for a local run; nothing of them is kept.

    python bench/quality.py [--seed 1] [--issues 24] [--corpus ../shared/corpus/*.jsonl] [--examples 3]

The generator is importable: :func:`load_fixture`, :func:`load_corpus`,
:func:`generate_issue` (one issue and its answers) and :func:`run_benchmark`.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import shutil
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FIXTURE = ROOT / "bench" / "fixtures" / "seed_articles.jsonl"
ACCEPT_ABOVE = 0.9


# -- source articles ----------------------------------------------------------
@dataclass
class Item:
    kind: str  # para, subhead, sign_off
    text: str


@dataclass
class SourceArticle:
    id: str
    headline: str | None
    kicker: list[str] = field(default_factory=list)
    subtitles: list[str] = field(default_factory=list)
    column: str | None = None
    byline: str | None = None
    lead: list[str] = field(default_factory=list)  # lead-box label and text
    body: list[Item] = field(default_factory=list)


@dataclass
class SourceCaption:
    id: str
    title: str | None
    text: list[str]
    credit: str
    title_after: bool = False
    credit_glued: bool = False


def load_fixture(path: Path = FIXTURE) -> tuple[list[SourceArticle], list[SourceCaption]]:
    """The clean articles and captions of a fixture file (JSON Lines)."""
    articles: list[SourceArticle] = []
    captions: list[SourceCaption] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            if rec.get("type") == "caption":
                captions.append(
                    SourceCaption(
                        rec["id"],
                        rec.get("title"),
                        list(rec["text"]),
                        rec["credit"],
                        bool(rec.get("title_after")),
                        bool(rec.get("credit_glued")),
                    )
                )
                continue
            articles.append(
                SourceArticle(
                    id=rec["id"],
                    headline=rec.get("headline"),
                    kicker=list(rec.get("kicker") or []),
                    subtitles=list(rec.get("subtitles") or []),
                    column=rec.get("column"),
                    byline=rec.get("byline"),
                    lead=list(rec.get("lead") or []),
                    body=[Item(b["kind"], b["text"]) for b in rec["body"]],
                )
            )
    return articles, captions


# corpus paragraphs that are not running text (the corpus keeps bylines,
# credits and section heads among its paragraphs, unlabelled)
_FINAL = "。！？!?…”」』）)"
_C_BYLINE = re.compile(
    r"^(?:本报(?:特派|特约|驻\S{1,8})?记者|新华社(?:特派)?记者|本报评论员|本报通讯员|记者)[^。，,；]{1,40}$"
)
_C_CREDIT = re.compile(r"(?:摄|供图|新华社发)\s*[）)]?$|\u3000\u3000")
_C_SIGN_OFF = re.compile(r"^[（(](?:本报|新华社|记者)[^（）()]{0,30}(?:电|报道)[）)]$")
_C_LEAD = ("核心阅读", "阅读提示", "编者按")


def corpus_article(rec: dict) -> SourceArticle | None:
    """A corpus record as a clean article, or None when it has no usable text."""
    lines = [s.strip() for s in rec.get("headline_lines") or [] if s.strip()]
    title = (rec.get("title") or "").strip()
    kicker: list[str] = []
    subtitles: list[str] = []
    if lines and title in lines:
        k = lines.index(title)
        kicker, subtitles = lines[:k], lines[k + 1 :]
    headline = title or None
    byline = None
    lead: list[str] = []
    body: list[Item] = []
    paras = [p.strip() for p in rec.get("paragraphs") or [] if p.strip()]
    # a lead on a line of its own (央视网消息（新闻联播）：) begins the paragraph after it
    merged: list[str] = []
    for p in paras:
        if merged and len(merged[-1]) <= 16 and merged[-1][-1] in "：:":
            merged[-1] += p
        else:
            merged.append(p)
    paras = merged
    for n, p in enumerate(paras):
        if n < 2 and byline is None and not body and _C_BYLINE.match(p):
            byline = p
        elif _C_CREDIT.search(p):
            continue
        elif p in _C_LEAD and not body and not lead:
            lead.append(p)
        elif lead and len(lead) == 1 and not body:
            lead.append(p)
        elif _C_SIGN_OFF.match(p):
            body.append(Item("sign_off", p))
        elif len(p) <= 25 and p[-1] not in _FINAL + "：:" and "，" not in p:
            body.append(Item("subhead", p))
        else:
            body.append(Item("para", p))
    while body and body[-1].kind == "subhead":
        body.pop()
    if not any(b.kind == "para" for b in body):
        return None
    return SourceArticle(
        id=rec.get("id", ""),
        headline=headline,
        kicker=kicker,
        subtitles=subtitles,
        column=rec.get("column") or None,
        byline=byline,
        lead=lead,
        body=body,
    )


def load_corpus(paths: list[str | Path]) -> list[SourceArticle]:
    out: list[SourceArticle] = []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    art = corpus_article(json.loads(line))
                    if art is not None:
                        out.append(art)
    return out


# -- the answers ---------------------------------------------------------------
@dataclass
class Piece:
    """A run of raw page text whose answer is known."""

    kind: str  # para subhead sign_off lead headline kicker subtitle column byline
    #            rep_headline caption caption_title credit furniture marker
    text: str
    article: int | None = None  # index in GoldIssue.articles
    item: int | None = None  # index in the article's body
    part: int = 0  # which piece of a cut paragraph
    page: int = 0
    start: int = -1
    end: int = -1


@dataclass
class GoldArticle:
    source: SourceArticle
    pages: list[int]  # pages it is printed on, in order
    first_page: int


@dataclass
class Seam:
    """Where one paragraph was cut: piece ``first`` goes on at piece ``second``."""

    first: Piece
    second: Piece
    kind: str  # adjacent | interleaved | page


@dataclass
class GoldIssue:
    name: str
    pages: dict[int, str]
    articles: list[GoldArticle]
    pieces: list[Piece]
    seams: list[Seam]

    def paragraphs(self) -> list[str]:
        return [b.text for a in self.articles for b in a.source.body if b.kind == "para"]


# -- text helpers -----------------------------------------------------------------
_WS = re.compile(r"\s+")
_QUOTES = str.maketrans({c: '"' for c in "“”„‟「」『』"} | {c: "'" for c in "‘’"})


def fold(text: str) -> str:
    """Text as compared: punctuation width, quote shapes and whitespace folded."""
    return _WS.sub("", unicodedata.normalize("NFKC", text).translate(_QUOTES))


_TO_ASCII = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "！": "!", "？": "?"})
# a printed line never begins with these (they stay at the end of the line above)
_NO_LINE_START = set("，。、；：？！）」』》〉】”’…·—,.;:?!)%")
# nor ends with these
_NO_LINE_END = set("“‘（《〈【「『(")
_CN = "〇一二三四五六七八九十"


def cn_number(n: int) -> str:
    if n <= 10:
        return "十" if n == 10 else _CN[n]
    if n < 20:
        return "十" + _CN[n - 10]
    return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")


def line_breaks(text: str, width: int, indent: int = 2) -> list[int]:
    """Where the printed lines of a paragraph set ``width`` characters wide
    begin (the first line loses ``indent`` to the paragraph indent).  A mark
    that cannot begin a line stays at the end of the line above, a mark that
    cannot end one moves down, and a run of Latin letters or digits is not
    broken."""
    out: list[int] = []
    k = width - indent
    while k < len(text):
        while k < len(text) and (
            text[k] in _NO_LINE_START
            or (text[k].isascii() and text[k].isalnum() and text[k - 1].isascii() and text[k - 1].isalnum())
        ):
            k += 1
        if k < len(text) and text[k - 1] in _NO_LINE_END:
            k -= 1
        if k >= len(text):
            break
        if not out or k > out[-1]:
            out.append(k)
        k += width
    return out


def cut_points(text: str, rng: random.Random, count: int, width: int = 16) -> list[int]:
    """``count`` column edges cutting ``text``: each falls between two printed
    lines (see :func:`line_breaks`)."""
    ok = [k for k in line_breaks(text, width) if len(text) - k >= 1]
    if len(ok) < count:
        return []
    return sorted(rng.sample(ok, count))


def wrap(text: str, width: int, first: bool = True) -> str:
    """The printed lines of ``text`` with a line break after each (a PDF's
    column lines); ``first``: the text begins a paragraph (indented line)."""
    bounds = [0, *line_breaks(text, width, 2 if first else 0), len(text)]
    return "\n".join(text[s:e] for s, e in zip(bounds, bounds[1:]) if e > s)


# -- markers and furniture ------------------------------------------------------------
def to_marker(rng: random.Random, page: int, lettered: bool, bare: bool = True) -> str:
    """A 下转 marker for ``page``; ``bare``: it may go without brackets (on a
    line of its own, or glued after the end of a sentence)."""
    n = f"A{page}" if lettered else str(page)
    if bare and rng.random() < 0.2:
        return rng.choice([f"下转第{n}版", f"转第{cn_number(page)}版"])
    forms = [
        f"(下转第{n}版)",
        f"（下转第{n}版）",
        f"（下转第{cn_number(page)}版）",
        f"(转第{n}版)",
        f"（转第{cn_number(page)}版）",
        f"（下转第 {n} 版）",
        f"【下转第{n}版】",
    ]
    return rng.choice(forms)


def from_marker(rng: random.Random, page: int, lettered: bool, bare: bool = True) -> str:
    """A 上接 marker for ``page``; ``bare``: it may go without brackets (on a
    line of its own)."""
    n = f"A{page}" if lettered else str(page)
    if bare and rng.random() < 0.2:
        return rng.choice([f"上接第{n}版", f"接第{cn_number(page)}版", f"续第{n}版"])
    forms = [
        f"(上接第{n}版)",
        f"（上接第{n}版）",
        f"（上接第{cn_number(page)}版）",
        f"(接第{n}版)",
        f"（续第{n}版）",
        f"（紧接第{n}版）",
        f"（接第{cn_number(page)}版）",
    ]
    return rng.choice(forms)


_WEEK = "一二三四五六日"
_SECTIONS = ["要闻", "综合新闻", "工会新闻", "经济", "国际", "评论", "职工生活", "视点"]
_EDITORS = ["王维砚", "刘建林", "张晓", "李丽", "赵航", "陈曦"]


def masthead(rng: random.Random, issue_no: int, pages: int) -> list[str]:
    y, m, d = rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)
    blocks = [f"{y}年{m}月{d}日 星期{rng.choice(_WEEK)}"]
    blocks.append(f"第{issue_no}期 今日{cn_number(pages)}版")
    if rng.random() < 0.6:
        blocks.append("中华全国总工会主管主办 工人日报社出版\n国内统一连续出版物号 CN 11-0002 代号 1-5")
    if rng.random() < 0.5:
        blocks.append("中工网 http://www.workercn.cn")
    return blocks


def page_header(rng: random.Random, number: int) -> list[str]:
    forms = [
        f"第{number}版",
        f"{number} {rng.choice(_SECTIONS)}",
        f"第{number}版 {rng.choice(_SECTIONS)}",
        f"{rng.randint(2015, 2025)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日 星期{rng.choice(_WEEK)}",
    ]
    return [rng.choice(forms)]


# -- laying out one issue -----------------------------------------------------------------
@dataclass
class _Block:
    """A block to write: segments of text, each a piece or plain layout text."""

    segments: list[tuple[str, Piece | None]]
    indent: bool = False


@dataclass
class Options:
    pages: tuple[int, int] = (4, 7)
    column_width: tuple[int, int] = (11, 22)  # characters in a printed line
    articles: tuple[int, int] = (8, 11)
    split_share: float = 0.35  # articles split across pages
    fragment_end: float = 0.08  # articles whose last paragraph stops mid-sentence (the rest is lost)
    fragment_start: float = 0.05  # articles with a paragraph whose start is lost
    split_mid_sentence: float = 0.5  # page breaks that cut a paragraph
    cut_per_line: float = 0.04  # chance a column edge falls after a printed line
    column_lines: tuple[int, int] = (6, 12)  # printed lines between two column edges in one paragraph
    three_pieces: float = 0.5  # of the paragraphs long enough, those cut twice
    interleave_share: float = 0.35  # cut paragraphs whose tail moves down the page
    max_interleaved: int = 2  # per page
    captions: tuple[int, int] = (0, 2)  # per page
    ascii_share: float = 0.35  # pages with ASCII punctuation
    indent_share: float = 0.2  # pages that indent paragraphs
    wrap_share: float = 0.1  # pages with hard line breaks inside paragraphs
    lettered_share: float = 0.15  # issues whose markers say 第A3版
    glued_to: float = 0.5  # 下转 markers glued to the paragraph
    glued_from: float = 0.35  # 上接 markers glued to the paragraph
    headline_forms: tuple[tuple[str, float], ...] = (
        ("full", 0.35),
        ("short", 0.2),
        ("broken", 0.15),
        ("missing", 0.3),
    )


class _Layout:
    def __init__(self, rng: random.Random, opts: Options, name: str, issue_no: int) -> None:
        self.rng = rng
        self.opts = opts
        self.name = name
        self.issue_no = issue_no
        self.pieces: list[Piece] = []
        self.articles: list[GoldArticle] = []
        self.seams: list[tuple[Piece, Piece]] = []
        self.width = 16  # characters in a printed line of the article being laid out

    def piece(
        self, kind: str, text: str, article: int | None = None, item: int | None = None, part: int = 0
    ) -> Piece:
        p = Piece(kind, text, article, item, part)
        self.pieces.append(p)
        return p

    # headline groups ----------------------------------------------------------
    def heading_blocks(self, art: SourceArticle, a: int) -> list[_Block]:
        rng = self.rng
        out: list[_Block] = []
        column_first = art.column is not None and rng.random() < 0.5
        if column_first:
            out.append(_Block([(art.column, self.piece("column", art.column, a))]))
        for k in art.kicker:
            out.append(_Block([(k, self.piece("kicker", k, a))]))
        if art.headline:
            out.append(_Block([(art.headline, self.piece("headline", art.headline, a))]))
        if art.subtitles:
            if len(art.subtitles) > 1 and rng.random() < 0.5:  # two subtitle lines in one block
                segs: list[tuple[str, Piece | None]] = []
                for n, s in enumerate(art.subtitles):
                    if n:
                        segs.append(("\n", None))
                    segs.append((s, self.piece("subtitle", s, a)))
                out.append(_Block(segs))
            else:
                out.extend(_Block([(s, self.piece("subtitle", s, a))]) for s in art.subtitles)
        if art.column is not None and not column_first:
            out.append(_Block([(art.column, self.piece("column", art.column, a))]))
        if art.lead and rng.random() < 0.5:
            out.extend(_Block([(t, self.piece("lead", t, a))]) for t in art.lead)
            lead_done = True
        else:
            lead_done = False
        if art.byline:
            out.append(_Block([(art.byline, self.piece("byline", art.byline, a))]))
        if art.lead and not lead_done:
            out.extend(_Block([(t, self.piece("lead", t, a))]) for t in art.lead)
        return out

    def repeated_heading(self, art: SourceArticle, a: int) -> list[_Block]:
        rng = self.rng
        if not art.headline:
            return []
        forms, weights = zip(*self.opts.headline_forms)
        form = rng.choices(forms, weights)[0]
        h = art.headline
        if form == "missing":
            return []
        if form == "short":
            if " " in h:
                h = rng.choice([s for s in h.split(" ") if s])
            elif len(h) >= 8:
                h = h[: max(4, int(len(h) * rng.uniform(0.5, 0.8)))]
            return [_Block([(h, self.piece("rep_headline", h, a))])]
        if form == "broken" and len(h) >= 8:
            k = h.index(" ") if " " in h else len(h) // 2
            top, bottom = h[:k].strip(), h[k:].strip()
            if rng.random() < 0.5:
                return [
                    _Block(
                        [
                            (top, self.piece("rep_headline", top, a)),
                            ("\n", None),
                            (bottom, self.piece("rep_headline", bottom, a)),
                        ]
                    )
                ]
            return [
                _Block([(top, self.piece("rep_headline", top, a))]),
                _Block([(bottom, self.piece("rep_headline", bottom, a))]),
            ]
        return [_Block([(h, self.piece("rep_headline", h, a))])]

    def from_marker(
        self, blocks: list[_Block], body: list[_Block], target: int, lettered: bool, a: int | None = None
    ) -> None:
        """A 上接 marker for ``target``: on a line of its own at the end of
        ``blocks``, or glued to the start of ``body``'s first block."""
        if body and self.rng.random() < self.opts.glued_from:
            marker = from_marker(self.rng, target, lettered, bare=False)
            body[0].segments.insert(0, (marker, self.piece("marker", marker, a)))
        else:
            marker = from_marker(self.rng, target, lettered)
            blocks.append(_Block([(marker, self.piece("marker", marker, a))]))

    # body ----------------------------------------------------------------------
    def item_pieces(self, art: SourceArticle, a: int, i: int, texts: list[str]) -> list[Piece]:
        kind = art.body[i].kind
        out = []
        for part, t in enumerate(texts):
            out.append(self.piece(kind, t, a, i, part))
        for x, y in zip(out, out[1:]):
            self.seams.append((x, y))
        return out

    def cut(self, text: str, kind: str) -> list[str]:
        """A paragraph as the pieces column edges cut it into: the longer it
        is, the likelier a column ends inside it (``cut_per_line`` for each of
        its printed lines); a paragraph longer than a column may be cut twice,
        a column's height apart."""
        o, rng = self.opts, self.rng
        breaks = line_breaks(text, self.width)
        if kind != "para" or not breaks or rng.random() >= min(0.9, o.cut_per_line * len(breaks)):
            return [text]
        points = [rng.choice(breaks)]
        column = rng.randint(*o.column_lines)
        far = [k for k in breaks if abs(breaks.index(k) - breaks.index(points[0])) >= column]
        if far and rng.random() < o.three_pieces:
            points = sorted([points[0], rng.choice(far)])
        bounds = [0, *points, len(text)]
        return [text[s:e] for s, e in zip(bounds, bounds[1:])]


def with_fragments(art: SourceArticle, rng: random.Random, opts: Options, width: int) -> SourceArticle:
    """The article as a page that lost text shows it: a paragraph that stops
    mid-sentence at its end (the rest was on a page not in the issue,
    002:146 ``…洪门葡``), or one that begins mid-sentence (its start is lost,
    000:17 ``村搬迁而来，…``).  The answer keeps the fragment as it is."""
    body = list(art.body)
    paras = [i for i, b in enumerate(body) if b.kind == "para"]
    changed = False
    if paras and rng.random() < opts.fragment_end:
        i = paras[-1]
        breaks = line_breaks(body[i].text, width)
        if breaks:
            body[i] = Item("para", body[i].text[: rng.choice(breaks)])
            del body[i + 1 :]
            changed = True
    paras = [i for i in paras[1:] if i < len(body) - 1]
    if paras and rng.random() < opts.fragment_start:
        i = rng.choice(paras)
        breaks = line_breaks(body[i].text, width)
        if breaks:
            body[i] = Item("para", body[i].text[rng.choice(breaks) :])
            changed = True
    if not changed:
        return art
    return SourceArticle(
        art.id, art.headline, art.kicker, art.subtitles, art.column, art.byline, art.lead, body
    )


def generate_issue(
    articles: list[SourceArticle],
    captions: list[SourceCaption],
    seed: int | str,
    name: str = "issue",
    opts: Options | None = None,
) -> GoldIssue:
    """Lay ``articles`` (in this order) out as the raw pages of one issue.

    Returns the page texts and the answers: every piece of text with its raw
    span, the articles with their pages and every cut paragraph's seam.  An
    article without a headline is printed as the continued part of an article
    whose start is not in the issue (``上接`` an earlier page)."""
    opts = opts or Options()
    rng = random.Random(f"{seed}:{name}")
    n_pages = rng.randint(*opts.pages)
    issue_no = rng.randint(10000, 29999)
    lay = _Layout(rng, opts, name, issue_no)
    lettered = rng.random() < opts.lettered_share
    issue_width = rng.randint(*opts.column_width)

    # the page each article starts on; some go on on a later page
    starts = sorted(rng.randint(1, n_pages) for _ in articles)
    starts[0] = 1
    units: dict[int, list[list[_Block]]] = defaultdict(list)  # page -> units (lists of blocks)
    late_units: list[tuple[int, list[_Block]]] = []  # continued parts, placed after
    for a, (art, page) in enumerate(zip(articles, starts)):
        art = with_fragments(art, rng, opts, issue_width)
        headless = not art.headline
        if headless and n_pages > 1 and page == 1:
            page = rng.randint(2, n_pages)
        lay.width = max(10, issue_width + rng.randint(-2, 2))
        paras = len(art.body)
        split = not headless and page < n_pages and paras >= 3 and rng.random() < opts.split_share
        pages = [page]
        first_body: list[_Block] = []
        second_body: list[_Block] = []
        k_split = rng.randint(1, paras - 1) if split else paras
        if split:
            pages.append(rng.randint(page + 1, n_pages))
        lay.articles.append(GoldArticle(art, pages, page))
        for i, item in enumerate(art.body):
            target = first_body if i < k_split else second_body
            if split and i == k_split - 1 and item.kind == "para" and rng.random() < opts.split_mid_sentence:
                points = cut_points(item.text, rng, 1, lay.width)
                if points:
                    head, tail = item.text[: points[0]], item.text[points[0] :]
                    p1, p2 = lay.item_pieces(art, a, i, [head, tail])
                    first_body.append(_Block([(head, p1)]))
                    second_body.append(_Block([(tail, p2)]))
                    continue
            texts = lay.cut(item.text, item.kind)
            for t, p in zip(texts, lay.item_pieces(art, a, i, texts)):
                target.append(_Block([(t, p)]))
        unit = lay.heading_blocks(art, a)
        if headless and page > 1:
            lay.from_marker(unit, first_body, rng.randint(1, page - 1), lettered)
        unit += first_body
        if split:
            if rng.random() < opts.glued_to:
                last = first_body[-1].segments[-1][0].rstrip()
                marker = to_marker(rng, pages[1], lettered, bare=last[-1:] in _FINAL)
                first_body[-1].segments.append((marker, lay.piece("marker", marker, a)))
            else:
                marker = to_marker(rng, pages[1], lettered)
                unit.append(_Block([(marker, lay.piece("marker", marker, a))]))
            cont: list[_Block] = lay.repeated_heading(art, a)
            lay.from_marker(cont, second_body, page, lettered, a)
            cont.extend(second_body)
            late_units.append((pages[1], cont))
        units[page].append(unit)
    for page, cont in late_units:
        units[page].insert(rng.randint(0, len(units[page])), cont)

    # captions between the articles
    pool = list(captions)
    rng.shuffle(pool)
    for page in range(1, n_pages + 1):
        for _ in range(rng.randint(*opts.captions)):
            if not pool:
                break
            units[page].insert(rng.randint(0, len(units[page])), caption_blocks(lay, pool.pop()))

    # interleaving: the text of an article after a column edge is read after
    # other articles further down the page (000:98 …落 | 000:148 实天津市…)
    for page in range(1, n_pages + 1):
        page_units = units[page]
        places = []
        for u, unit in enumerate(page_units[:-1]):  # a later unit must exist
            for b, block in enumerate(unit):
                seg = block.segments[0][1]
                if seg is None or seg.kind != "para" or seg.part < 1 or b == 0:
                    continue
                prev = unit[b - 1].segments[-1][1]
                if (
                    prev is not None
                    and prev.kind == "para"
                    and (prev.article, prev.item) == (seg.article, seg.item)
                ):
                    places.append((u, b))
        rng.shuffle(places)
        chosen: dict[int, int] = {}
        for u, b in places:
            if (
                len(chosen) < opts.max_interleaved
                and u not in chosen
                and rng.random() < opts.interleave_share
            ):
                chosen[u] = b
        # a tail goes after a later unit that ends with a whole block (not
        # after another cut-off head), most often the next one
        heads = [page_units[u] for u in chosen]
        moves = []
        for u in sorted(chosen):
            after = [
                d
                for d in range(u + 1, len(page_units))
                if all(page_units[d] is not h for h in heads) and not _ends_loose(page_units[d])
            ]
            if after:
                moves.append(
                    (page_units[u], chosen[u], after[min(len(after) - 1, int(rng.expovariate(1.2)))])
                )
        for unit, b, dest in sorted(moves, key=lambda m: -m[2]):
            tail = unit[b:]
            del unit[b:]
            page_units.insert(dest + 1, tail)

    # write the pages
    texts: dict[int, str] = {}
    for page in range(1, n_pages + 1):
        style_ascii = rng.random() < opts.ascii_share
        style_indent = rng.random() < opts.indent_share
        style_wrap = rng.randint(*opts.column_width) if rng.random() < opts.wrap_share else 0
        blocks: list[_Block] = []
        top = masthead(rng, issue_no, n_pages) if page == 1 else page_header(rng, page)
        for t in top:
            segs: list[tuple[str, Piece | None]] = []
            for n, line in enumerate(t.split("\\n")):
                if n:
                    segs.append(("\\n", None))
                segs.append((line, lay.piece("furniture", line)))
            blocks.append(_Block(segs))
        for unit in units[page]:
            blocks.extend(unit)
        if rng.random() < 0.3:
            credit = f"责任编辑：{rng.choice(_EDITORS)}"
            blocks.append(_Block([(credit, lay.piece("furniture", credit))]))
        texts[page] = write_page(lay, page, blocks, rng, style_ascii, style_indent, style_wrap)

    seams = []
    for x, y in lay.seams:
        if x.page != y.page:
            kind = "page"
        else:
            between = any(p.page == x.page and x.end <= p.start < y.start for p in lay.pieces)
            kind = "interleaved" if between else "adjacent"
        seams.append(Seam(x, y, kind))
    for art in lay.articles:
        art.pages = sorted(set(art.pages))
    return GoldIssue(name, texts, lay.articles, lay.pieces, seams)


def _ends_loose(unit: list[_Block]) -> bool:
    """True when the unit's last block is running text that stops mid-sentence."""
    if not unit:
        return False
    piece = unit[-1].segments[-1][1]
    return piece is not None and piece.kind == "para" and piece.text.rstrip()[-1:] not in set(_FINAL)


def caption_blocks(lay: _Layout, cap: SourceCaption) -> list[_Block]:
    rng = lay.rng
    out: list[_Block] = []
    title = (
        _Block([(cap.title, lay.piece("caption_title", cap.title))])
        if cap.title and rng.random() < 0.85
        else None
    )
    title_after = cap.title_after if rng.random() < 0.7 else not cap.title_after
    if title is not None and not title_after:
        out.append(title)
    texts = list(cap.text)
    if rng.random() < 0.4 and len(texts) > 1:  # the caption's lines in one block
        segs: list[tuple[str, Piece | None]] = []
        for n, t in enumerate(texts):
            if n:
                segs.append(("\n", None))
            segs.append((t, lay.piece("caption", t)))
        blocks = [_Block(segs)]
    else:
        blocks = [_Block([(t, lay.piece("caption", t))]) for t in texts]
    credit = lay.piece("credit", cap.credit)
    glue = cap.credit_glued if rng.random() < 0.7 else not cap.credit_glued
    if glue:
        blocks[-1].segments.append((cap.credit, credit))
    elif rng.random() < 0.5:
        blocks[-1].segments.extend([("\n", None), (cap.credit, credit)])
    else:
        blocks.append(_Block([(cap.credit, credit)]))
    out.extend(blocks)
    if title is not None and title_after:
        out.append(title)
    return out


_INDENTED = {"para", "sign_off", "lead"}  # section heads are centred, not indented


def write_page(
    lay: _Layout,
    page: int,
    blocks: list[_Block],
    rng: random.Random,
    style_ascii: bool,
    style_indent: bool,
    style_wrap: int,
) -> str:
    out: list[str] = [rng.choice(["", "\n", "\n\n"])]
    pos = len(out[0])
    for n, block in enumerate(blocks):
        if n:
            sep = rng.choices(["\n\n", "\n\n\n\n", "\n \n", "\n\u3000\n"], [0.85, 0.07, 0.05, 0.03])[0]
            out.append(sep)
            pos += len(sep)
        first = block.segments[0][1]
        if style_indent and first is not None and first.kind in _INDENTED and first.part == 0:
            out.append("\u3000\u3000")
            pos += 2
        for text, piece in block.segments:
            if style_ascii:
                text = text.translate(_TO_ASCII)
            if style_wrap and piece is not None and piece.kind == "para":
                text = wrap(text, style_wrap, piece.part == 0)
            if piece is not None:
                piece.page, piece.start, piece.end = page, pos, pos + len(text)
                piece.text = text
            out.append(text)
            pos += len(text)
    out.append("\n")
    return "".join(out)


# -- running the pipeline ----------------------------------------------------------------
@dataclass
class Generated:
    issues: list[GoldIssue]
    folder: Path


def build_issues(
    articles: list[SourceArticle],
    captions: list[SourceCaption],
    seed: int,
    issues: int,
    per_issue: tuple[int, int] = (8, 11),
    opts: Options | None = None,
    reuse: bool = True,
) -> list[GoldIssue]:
    """``issues`` issues of ``per_issue`` articles each.  With ``reuse`` the
    articles are drawn again for every issue (a small fixture); without, each
    is used once, in a shuffled order (a large corpus)."""
    rng = random.Random(seed)
    order = list(range(len(articles)))
    rng.shuffle(order)
    out: list[GoldIssue] = []
    cursor = 0
    for n in range(issues):
        count = rng.randint(*per_issue)
        if reuse:
            chosen = rng.sample(range(len(articles)), min(count, len(articles)))
        else:
            if cursor >= len(order):
                break
            chosen = order[cursor : cursor + count]
            cursor += count
        picked = [articles[i] for i in chosen]
        out.append(generate_issue(picked, captions, seed, f"issue{n + 1:03d}", opts))
    return out


def write_issues(issues: list[GoldIssue], root: Path) -> list[Path]:
    folders = []
    for gold in issues:
        folder = root / gold.name
        folder.mkdir(parents=True, exist_ok=True)
        for number, text in gold.pages.items():
            (folder / f"page{number:02d}.txt").write_text(text, encoding="utf-8")
        folders.append(folder)
    return folders


def normalise_folder(folder: Path, accept_above: float | None):
    from normalizer.config import Config
    from normalizer.engine import normalise_issue
    from normalizer.reading import discover, read_issue

    sources, errors = discover([folder])
    if errors or len(sources) != 1:
        raise RuntimeError(f"{folder}: {errors}")
    issue, errors = read_issue(sources[0])
    if issue is None:
        raise RuntimeError(f"{folder}: {errors}")
    return normalise_issue(issue, Config.load(accept_above=accept_above))


# -- scoring -------------------------------------------------------------------------
_TEXT_KINDS = {"para", "subhead", "sign_off", "lead"}
_NEVER_IN_PARAGRAPH = {
    "headline": "headlines",
    "kicker": "headlines",
    "subtitle": "headlines",
    "column": "headlines",
    "rep_headline": "headlines",
    "byline": "bylines",
    "caption": "captions",
    "caption_title": "captions",
    "credit": "captions",
}


class _Owners:
    """Which answer piece each raw character belongs to."""

    def __init__(self, gold: GoldIssue) -> None:
        self.gold = gold
        self.by_page: dict[int, list[int]] = {}
        for number, text in gold.pages.items():
            self.by_page[number] = [-1] * len(text)
        for n, p in enumerate(gold.pieces):
            if p.page in self.by_page:
                row = self.by_page[p.page]
                for k in range(p.start, p.end):
                    row[k] = n

    def pieces_of(self, block) -> list[Piece]:
        seen: dict[int, None] = {}
        for span in block.text.spans():
            row = self.by_page.get(span.page)
            if row is None:
                continue
            for k in range(span.start, min(span.end, len(row))):
                if row[k] >= 0:
                    seen.setdefault(row[k])
        return [self.gold.pieces[n] for n in seen]

    def piece_at(self, page: int, offset: int) -> Piece | None:
        row = self.by_page.get(page)
        if row is None or not 0 <= offset < len(row) or row[offset] < 0:
            return None
        return self.gold.pieces[row[offset]]


@dataclass
class Tally:
    pred_paras: int = 0
    gold_paras: int = 0
    right_paras: int = 0
    headlines: int = 0
    right_headlines: int = 0
    splits: int = 0
    right_splits: int = 0
    joined: Counter = field(default_factory=Counter)
    over_joined: int = 0  # predicted paragraphs holding pieces of two gold paragraphs
    left_cut: int = 0  # gold paragraphs still in two or more blocks
    not_text: int = 0  # predicted paragraphs made of headlines, captions, furniture…
    merge_firsts: int = 0  # first halves with a merge suggestion
    merge_top_right: int = 0
    merge_seams: int = 0  # interleaved seams in the answers
    merge_seams_top: int = 0  # ... whose first half's top suggestion is right
    bands: dict = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    suggestions: Counter = field(default_factory=Counter)
    accepted_merges: int = 0
    accepted_merges_right: int = 0
    examples: dict = field(default_factory=lambda: defaultdict(list))

    def example(self, what: str, text: str, keep: int = 5) -> None:
        if len(self.examples[what]) < keep:
            self.examples[what].append(text)

    def add(self, other: "Tally") -> None:
        for name in (
            "pred_paras",
            "gold_paras",
            "right_paras",
            "headlines",
            "right_headlines",
            "splits",
            "right_splits",
            "over_joined",
            "left_cut",
            "not_text",
            "merge_firsts",
            "merge_top_right",
            "merge_seams",
            "merge_seams_top",
            "accepted_merges",
            "accepted_merges_right",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.joined.update(other.joined)
        self.suggestions.update(other.suggestions)
        for band, (n, right) in other.bands.items():
            self.bands[band][0] += n
            self.bands[band][1] += right
        for what, texts in other.examples.items():
            for text in texts:
                self.example(what, text)


def _show(text: str, edge: int = 16) -> str:
    text = text.replace("\n", "/")
    return text if len(text) <= 2 * edge + 1 else f"{text[:edge]}…{text[-edge:]}"


def merge_right(sug, owners: _Owners) -> bool | None:
    """Whether a merge suggestion joins the two pieces of one cut paragraph
    (None when it does not say where its seam is)."""
    seam = sug.extra.get("seam")
    if not seam:
        return None
    (p1, end), (p2, start) = seam
    a = owners.piece_at(p1, end - 1)
    b = owners.piece_at(p2, start)
    if a is None or b is None:
        return False
    return (
        a.kind == "para"
        and b.kind == "para"
        and a.article == b.article
        and a.item == b.item
        and b.part == a.part + 1
        and a.end == end
        and b.start == start
    )


def score_issue(gold: GoldIssue, issue) -> Tally:
    from normalizer.model import Role

    t = Tally()
    owners = _Owners(gold)
    # paragraphs, by text
    pred = [b for p in issue.pages for b in p.blocks if b.role is Role.PARAGRAPH]
    want = Counter(fold(x) for x in gold.paragraphs())
    got = Counter(fold(b.text.text) for b in pred)
    t.pred_paras, t.gold_paras = len(pred), sum(want.values())
    t.right_paras = sum(min(n, got[k]) for k, n in want.items())
    # what the paragraphs are made of
    for block in pred:
        pieces = owners.pieces_of(block)
        kinds = {p.kind for p in pieces}
        if kinds & _TEXT_KINDS:
            for k in kinds:
                if k in _NEVER_IN_PARAGRAPH:
                    t.joined[_NEVER_IN_PARAGRAPH[k]] += 1
                    t.example("joined " + _NEVER_IN_PARAGRAPH[k], _show(block.text.text))
        elif kinds:
            t.not_text += 1
            t.example("read as a paragraph: " + "/".join(sorted(kinds)), _show(block.text.text))
        if len({(p.article, p.item) for p in pieces if p.kind == "para"}) > 1:
            t.over_joined += 1
            t.example("over-joined", _show(block.text.text))
    # paragraphs still in pieces, whatever the pieces were taken for
    holders: dict[tuple[int, int], list] = defaultdict(list)
    for page in issue.pages:
        for block in page.blocks:
            for key in {(p.article, p.item) for p in owners.pieces_of(block) if p.kind == "para"}:
                holders[key].append(block)
    for key, blocks in holders.items():
        if len(blocks) > 1:
            t.left_cut += 1
            kinds = sorted({s.kind for s in gold.seams if (s.first.article, s.first.item) == key})
            t.example(
                "left in pieces (" + "/".join(kinds) + ")",
                " | ".join(f"[{b.role}] {_show(b.text.text, 12)}" for b in blocks),
            )
    # headlines on the page each article starts on
    want_h: Counter = Counter()
    for art in gold.articles:
        if art.source.headline:
            want_h[(art.first_page, fold(art.source.headline))] += 1
    got_h = Counter(
        (a.pages[0], fold(a.headline.text.text)) for a in issue.articles if a.headline is not None
    )
    t.headlines = sum(want_h.values())
    t.right_headlines = sum(min(n, got_h[k]) for k, n in want_h.items())
    # articles split across pages
    for g, art in enumerate(gold.articles):
        if len(art.pages) < 2:
            continue
        t.splits += 1
        for out in issue.articles:
            if sorted(set(out.pages)) != art.pages:
                continue
            pieces = [p for b in out.blocks() for p in owners.pieces_of(b)]
            body = [p for p in pieces if p.kind in _TEXT_KINDS]
            if body and all(p.article == g for p in body) and {p.page for p in body} == set(art.pages):
                t.right_splits += 1
                break
    # merge suggestions
    merges = [s for s in issue.suggestions if s.kind == "merge"]
    for s in issue.suggestions:
        t.suggestions[s.kind] += 1
    by_first: dict[str, list] = defaultdict(list)
    for s in merges:
        by_first[s.extra.get("first", s.id)].append(s)
        right = bool(merge_right(s, owners))
        band = min(9, int(s.score * 10))
        t.bands[band][0] += 1
        t.bands[band][1] += right
        if str(s.status) == "accepted":
            t.accepted_merges += 1
            t.accepted_merges_right += right
    tops = {}
    for first, group in by_first.items():
        top = max(group, key=lambda s: (s.score, s.id))
        tops[first] = top
        t.merge_firsts += 1
        t.merge_top_right += bool(merge_right(top, owners))
    top_seams = {
        tuple(map(tuple, s.extra["seam"]))
        for s in tops.values()
        if s.extra.get("seam") and merge_right(s, owners)
    }
    for seam in gold.seams:
        if seam.kind != "interleaved":
            continue
        t.merge_seams += 1
        if ((seam.first.page, seam.first.end), (seam.second.page, seam.second.start)) in top_seams:
            t.merge_seams_top += 1
    return t


# -- the benchmark ---------------------------------------------------------------------
@dataclass
class Result:
    runs: dict[str, Tally]
    issues: int
    pages: int
    articles: int
    split_articles: int
    paragraphs: int
    seams: Counter
    seconds: dict[str, float]


def run_benchmark(golds: list[GoldIssue], keep: Path | None = None) -> Result:
    """Write the issues, normalise each twice and score the output."""
    root = Path(tempfile.mkdtemp(prefix="jiaodui-quality-")) if keep is None else keep
    runs = {"deterministic": Tally(), f"accept >= {ACCEPT_ABOVE}": Tally()}
    seconds = {name: 0.0 for name in runs}
    try:
        folders = write_issues(golds, root)
        for gold, folder in zip(golds, folders):
            for name, accept in zip(runs, (None, ACCEPT_ABOVE)):
                t0 = time.perf_counter()
                issue = normalise_folder(folder, accept)
                seconds[name] += time.perf_counter() - t0
                runs[name].add(score_issue(gold, issue))
    finally:
        if keep is None:
            shutil.rmtree(root, ignore_errors=True)
    seams = Counter(s.kind for g in golds for s in g.seams)
    return Result(
        runs=runs,
        issues=len(golds),
        pages=sum(len(g.pages) for g in golds),
        articles=sum(len(g.articles) for g in golds),
        split_articles=sum(1 for g in golds for a in g.articles if len(a.pages) > 1),
        paragraphs=sum(len(g.paragraphs()) for g in golds),
        seams=seams,
        seconds=seconds,
    )


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "  n/a"


def report(result: Result, label: str, examples: int = 0) -> str:
    lines = [
        f"Quality benchmark: {label}",
        f"{result.issues} issues, {result.pages} pages, {result.articles} articles "
        f"({result.split_articles} split across pages), {result.paragraphs} paragraphs; "
        f"seams: {result.seams['adjacent']} adjacent, {result.seams['interleaved']} interleaved, "
        f"{result.seams['page']} across pages",
        "",
    ]
    names = list(result.runs)
    head = f"{'':44}" + "".join(f"{n:>22}" for n in names)
    lines.append(head)

    def row(title: str, values: list[str]) -> None:
        lines.append(f"{title:44}" + "".join(f"{v:>22}" for v in values))

    tallies = [result.runs[n] for n in names]
    precision = [t.right_paras / t.pred_paras if t.pred_paras else 0.0 for t in tallies]
    recall = [t.right_paras / t.gold_paras if t.gold_paras else 0.0 for t in tallies]
    f1 = [2 * p * r / (p + r) if p + r else 0.0 for p, r in zip(precision, recall)]
    row(
        "paragraph precision",
        [f"{p:.3f}  ({t.right_paras}/{t.pred_paras})" for p, t in zip(precision, tallies)],
    )
    row("paragraph recall", [f"{r:.3f}  ({t.right_paras}/{t.gold_paras})" for r, t in zip(recall, tallies)])
    row("paragraph F1", [f"{f:.3f}" for f in f1])
    row("  paragraphs holding two (over-joined)", [str(t.over_joined) for t in tallies])
    row("  paragraphs left in pieces", [str(t.left_cut) for t in tallies])
    row("  other text read as paragraphs", [str(t.not_text) for t in tallies])
    row(
        "headline accuracy",
        [f"{_ratio(t.right_headlines, t.headlines)}  ({t.right_headlines}/{t.headlines})" for t in tallies],
    )
    row(
        "stitch accuracy",
        [f"{_ratio(t.right_splits, t.splits)}  ({t.right_splits}/{t.splits})" for t in tallies],
    )
    row(
        "merge precision@1 (first halves)",
        [
            f"{_ratio(t.merge_top_right, t.merge_firsts)}  ({t.merge_top_right}/{t.merge_firsts})"
            for t in tallies
        ],
    )
    row(
        "merge recall@1 (interleaved seams)",
        [
            f"{_ratio(t.merge_seams_top, t.merge_seams)}  ({t.merge_seams_top}/{t.merge_seams})"
            for t in tallies
        ],
    )
    row(
        "accepted merges right",
        [
            f"{_ratio(t.accepted_merges_right, t.accepted_merges)}  ({t.accepted_merges_right}/{t.accepted_merges})"
            for t in tallies
        ],
    )
    for what in ("headlines", "bylines", "captions"):
        row(f"{what} joined into paragraphs", [str(t.joined[what]) for t in tallies])
    row(
        "suggestions (merge/stitch/fix)",
        [f"{t.suggestions['merge']}/{t.suggestions['stitch']}/{t.suggestions['fix']}" for t in tallies],
    )
    row("normalising time", [f"{result.seconds[n]:.1f} s" for n in names])
    lines.append("")
    lines.append("calibration of merge suggestions (deterministic run): score band, share right, count")
    bands = result.runs[names[0]].bands
    total = right = 0
    for band in range(9, -1, -1):
        n, r = bands.get(band, [0, 0])
        total += n
        right += r
        lo = band / 10
        lines.append(f"  {lo:.1f}-{lo + 0.1:.1f}   {_ratio(r, n):>6}   {n:5d}")
    hi_n, hi_r = bands.get(9, [0, 0])
    lines.append(
        f"  >= 0.9    {_ratio(hi_r, hi_n):>6}   {hi_n:5d}     all: {_ratio(right, total)} of {total}"
    )
    lines.append("")
    lines.append(
        "paragraph: a PARAGRAPH block whose text equals a laid-out paragraph (width and spaces folded); "
        "merge precision@1: first halves whose best merge suggestion joins the right pieces; "
        "recall@1: interleaved seams found that way"
    )
    if examples:
        last = result.runs[names[-1]]
        lines.append("")
        lines.append(f"examples ({names[-1]} run):")
        for what in sorted(last.examples):
            lines.append(f"  {what}:")
            lines.extend(f"    {text}" for text in last.examples[what][:examples])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the generator (default 1)")
    parser.add_argument(
        "--issues",
        type=int,
        default=None,
        help="issues to build (default 24 from the fixture; as many as the corpus fills)",
    )
    parser.add_argument("--corpus", nargs="+", metavar="FILE", help="JSON Lines files of clean articles")
    parser.add_argument("--fixture", default=str(FIXTURE), help="fixture of clean articles (JSON Lines)")
    parser.add_argument("--keep", metavar="DIR", help="write the issues here and keep them")
    parser.add_argument(
        "--examples",
        type=int,
        default=0,
        metavar="N",
        help="show up to N examples of each kind of paragraph error",
    )
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    articles, captions = load_fixture(Path(args.fixture))
    if args.corpus:
        corpus = load_corpus(args.corpus)
        issues = args.issues or math.ceil(len(corpus) / 9.5)
        golds = build_issues(corpus, captions, args.seed, issues, reuse=False)
        label = f"corpus ({len(corpus)} articles from {len(args.corpus)} files), seed {args.seed}"
    else:
        golds = build_issues(articles, captions, args.seed, args.issues or 24)
        label = f"fixture ({len(articles)} articles, {len(captions)} captions), seed {args.seed}"
    t1 = time.perf_counter()
    result = run_benchmark(golds, Path(args.keep) if args.keep else None)
    print(report(result, label, args.examples))
    print(f"\ngenerated in {t1 - t0:.1f} s, whole run {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
