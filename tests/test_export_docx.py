"""Word export: one paragraph per piece of the issue, in reading order, with its style."""

from __future__ import annotations

import io
import zipfile

import pytest

from normalizer.model import Block, Role, Status
from normalizer.sourced import SourcedText
from test_export_markdown import suggestion
from test_export_text import hand_issue

docx = pytest.importorskip("docx")

from normalizer.export.docx_export import render_docx  # noqa: E402


def paragraphs(data: bytes) -> list[tuple[str, str, bool, bool, bool]]:
    """(style, text, bold, italic, first-line indent) of every paragraph."""
    out = []
    for p in docx.Document(io.BytesIO(data)).paragraphs:
        runs = [r for r in p.runs if r.text]
        out.append(
            (
                p.style.name,
                p.text,
                bool(runs) and all(r.bold for r in runs),
                bool(runs) and all(r.italic for r in runs),
                p.paragraph_format.first_line_indent is not None,
            )
        )
    return out


def test_layout_of_a_hand_made_issue():
    issue = hand_issue()
    issue.suggestions = [
        suggestion(0, Status.PENDING, "必胜必胜 → 必胜"),
        suggestion(1, Status.ACCEPTED, "所盼所盼 → 所盼"),
    ]
    assert paragraphs(render_docx(issue)) == [
        ("Title", "2025-11-18 第22331期", False, False, False),
        ("Normal", "人权行动看中国", True, False, False),
        ("Normal", "乡村振兴一线见闻", False, True, False),
        ("Heading 1", "干部“沉”下去 服务“实”起来", False, False, False),
        ("Heading 2", "——记驻村工作队的一年", False, False, False),
        ("Normal", "本报记者 王维砚", False, True, False),
        ("Normal", "一年来，工作队走遍了全村的每一户。", False, False, True),
        ("Heading 3", "一、把问题摸清", False, False, False),
        ("Normal", "工作队建起了问题台账，逐项销号。", False, False, True),
        ("Heading 1", "全国建成执法办案管理中心3266个", False, False, False),
        ("Normal", "五年来，全国已建成3266个执法办案管理中心。", False, False, True),
        ("Heading 1", "图片说明", False, False, False),
        ("Normal", "工人正在检修设备", True, False, False),
        ("Normal", "新华社发（张黎芝 摄）", False, False, False),
        ("Heading 1", "未归属文字", False, False, False),
        ("Normal", "后半段在下一版继续，这里只剩半句（第1版：ends mid-sentence）", False, False, False),
        ("Heading 1", "待定建议", False, False, False),
        ("List Bullet", "JD301 fix 0.91: 必胜必胜 → 必胜 — repeated word", False, False, False),
    ]


def test_lines_of_a_block_are_kept_as_line_breaks_and_tabs_as_tabs():
    issue = hand_issue()
    text = "第一行\n第二行\t之后"
    issue.articles[1].body = [Block(1, 0, len(text), SourcedText.from_raw(text, 1, 0, len(text)), role=Role.PARAGRAPH)]
    xml = zipfile.ZipFile(io.BytesIO(render_docx(issue))).read("word/document.xml").decode("utf-8")
    assert "<w:t>第一行</w:t><w:br/>" in xml
    assert "<w:t>第二行</w:t><w:tab/><w:t>之后</w:t>" in xml
