"""JSON export (schema jiaodui/issue@1): schema validity, raw spans, round trip,
change counts and the refusal to overwrite inputs.

Issues are built by the real pipeline, from short snippets and from the seed
pages.  Page structure is still being refined, so seed tests check invariants
(every span points into its page, no text is lost), not article counts.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
from rapidfuzz import fuzz

from normalizer.api import issue_from_text
from normalizer.engine import normalise_issue
from normalizer.export import EXPORTERS, ExportError, export_issue, get_exporter, output_paths
from normalizer.export.json_export import SCHEMA, change_counts, issue_dict, layout, render_json
from normalizer.model import Block, Change, Furniture, Issue, JumpMarker, Role, Status, Suggestion
from normalizer.resources import resource_path
from normalizer.rules import all_rules
from normalizer.sourced import SourcedText, Span

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))

# 004:13-19, shortened; the digits of the second paragraph made full-width
SNIPPET = (
    "全国建成执法办案管理中心3266个\n"
    "\n"
    "本报记者 王维砚 成露\n"
    "\n"
    "　　“您好，这里是12351工会服务职工热线，请问有什么可以帮助您？”\n"
    "\n"
    "　　１３７８７号话务员包甜甜面前的电脑屏幕上弹出一条来电提醒，她迅速点击接听。\n"
)


@pytest.fixture(scope="module")
def validator():
    with open(resource_path("issue.schema.json"), encoding="utf-8") as fh:
        schema = json.load(fh)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def build(raw: str, name: str = "snippet", source: str = "<snippet>") -> Issue:
    return normalise_issue(issue_from_text(raw, name=name, source=source))


def seed_issue(path: Path) -> Issue:
    return build(path.read_text(encoding="utf-8"), name=path.stem, source=str(path))


def raw_of(issue: Issue, source: list[dict]) -> str:
    return "".join(issue.page(s["page"]).raw[s["start"] : s["end"]] for s in source)


def squeeze(text: str) -> str:
    """Text compared with its raw source: no whitespace, compatibility forms folded."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def sourced_entries(data: dict):
    """(text, source) of every exported piece of text that carries spans."""
    for article in data["articles"]:
        for entry in article["body"]:
            yield entry["text"], entry["source"]
    for caption in data["captions"]:
        yield caption["text"], caption["source"]
        if caption["title"] is not None:
            yield caption["title"], caption["title_source"]
    for orphan in data["orphans"]:
        yield orphan["text"], orphan["source"]


# --- schema ------------------------------------------------------------------


def test_schema_body_kinds_are_block_roles(validator):
    kinds = set(validator.schema["$defs"]["body_block"]["properties"]["kind"]["enum"])
    assert kinds == {str(r) for r in Role} - {"furniture", "marker"}


def test_snippet_export_is_valid(validator):
    issue = build(SNIPPET)
    data = issue_dict(issue)
    validator.validate(data)
    assert data["schema"] == SCHEMA == "jiaodui/issue@1"
    assert data["issue"] == {"date": None, "number": None, "name": "snippet"}
    assert data["pages"] == [
        {"number": 1, "source": "<snippet>", "encoding": "utf-8", "furniture": [], "markers": []}
    ]


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem[:3] for p in SEEDS])
@pytest.mark.parametrize("detail", [False, True], ids=["counts", "change_log"])
def test_seed_export_is_valid(validator, path, detail):
    validator.validate(issue_dict(seed_issue(path), changes_detail=detail))


def test_invalid_documents_are_rejected(validator):
    data = issue_dict(build(SNIPPET))
    broken = json.loads(json.dumps(data))
    del broken["articles"][0]["headline"]
    assert not validator.is_valid(broken)
    broken = json.loads(json.dumps(data))
    broken["schema"] = "jiaodui/issue@2"
    assert not validator.is_valid(broken)
    broken = json.loads(json.dumps(data))
    broken["articles"][0]["body"][0]["source"][0]["page"] = 0
    assert not validator.is_valid(broken)
    broken = json.loads(json.dumps(data))
    broken["issue"]["date"] = "18/11/2025"
    assert not validator.is_valid(broken)


# --- content read from the model ------------------------------------------------


def test_snippet_article_fields():
    data = issue_dict(build(SNIPPET))
    (article,) = data["articles"]
    assert article["headline"] == "全国建成执法办案管理中心3266个"
    assert article["byline"] == "本报记者 王维砚 成露"
    assert article["pages"] == [1]
    texts = [entry["text"] for entry in article["body"]]
    assert texts == [
        "“您好，这里是12351工会服务职工热线，请问有什么可以帮助您？”",
        "13787号话务员包甜甜面前的电脑屏幕上弹出一条来电提醒，她迅速点击接听。",
    ]
    assert [entry["kind"] for entry in article["body"]] == ["para", "para"]


def test_spans_point_at_the_raw_text():
    issue = build(SNIPPET)
    first, second = issue_dict(issue)["articles"][0]["body"]
    # untouched paragraph: its raw span is exactly its text
    assert raw_of(issue, first["source"]) == first["text"]
    assert first["source"] == [{"page": 1, "start": SNIPPET.index("“您好"), "end": SNIPPET.index("？”") + 2}]
    # corrected paragraph: the span still covers the raw, full-width digits
    raw = raw_of(issue, second["source"])
    assert raw.startswith("１３７８７号")
    assert raw.replace("１３７８７", "13787") == second["text"]


def test_spans_of_rejoined_text_skip_the_gap():
    # two halves of a sentence cut at a column edge (a blank line in the middle)
    raw = "标题在这里\n\n　　这是一段被分栏切开的文字，前半段在这里\n\n后半段在下一栏里。\n"
    issue = build(raw)
    for text, source in sourced_entries(issue_dict(issue)):
        assert squeeze(raw_of(issue, source)) == squeeze(text)
        for span in source:
            assert raw[span["start"] : span["end"]].strip() == raw[span["start"] : span["end"]]


def test_furniture_and_markers_go_to_the_page_entry():
    issue = build(SNIPPET)
    page = issue.pages[0]
    page.furniture.append(Furniture(1, 0, 12, "2025年11月18日 星期二"))
    page.markers.append(JumpMarker(1, 40, 47, "下转第3版", "to", 3, "3"))
    issue.date, issue.number = "2025-11-18", "22331"
    data = issue_dict(issue)
    assert data["issue"]["date"] == "2025-11-18" and data["issue"]["number"] == "22331"
    entry = data["pages"][0]
    assert entry["furniture"] == ["2025年11月18日 星期二"]
    assert entry["markers"] == [
        {
            "page": 1,
            "direction": "to",
            "target_page": 3,
            "target_label": "3",
            "text": "下转第3版",
            "source": {"page": 1, "start": 40, "end": 47},
        }
    ]


def test_suggestions_keep_their_keys():
    issue = build(SNIPPET)
    start = SNIPPET.index("包甜甜")
    suggestion = Suggestion(
        id=Suggestion.make_id("JD301", [Span(1, start, start + 3)], "包甜"),
        rule="JD301",
        kind="fix",
        score=0.9137,
        summary="包甜甜 → 包甜",
        evidence="repeated character",
        page=1,
        start=start,
        end=start + 3,
        before="包甜甜",
        after="包甜",
    )
    issue.suggestions.append(suggestion)
    (entry,) = issue_dict(issue)["suggestions"]
    assert entry == suggestion.as_dict()
    assert {k: entry[k] for k in ("rule", "kind", "score", "status")} == {
        "rule": "JD301",
        "kind": "fix",
        "score": 0.914,
        "status": "pending",
    }


def test_change_counts_follow_the_pipeline_order():
    issue = build("　　Ｃ　Ｎ １１－０００２ 和 ＡＰＰ ，测试  文字。\n")
    counts = change_counts(issue)
    assert counts, "the snippet has changes to count"
    assert {c["rule"]: c["count"] for c in counts} == Counter(c.rule for c in issue.changes)
    order = list(all_rules())
    positions = [order.index(c["rule"]) for c in counts]
    assert positions == sorted(positions)


def test_unknown_rule_ids_are_counted_last():
    issue = build(SNIPPET)
    issue.changes = [Change("JD999", 1, 0, 1, "a", "b"), Change("JD102", 1, 0, 1, "１", "1")] * 2
    assert change_counts(issue) == [{"rule": "JD102", "count": 2}, {"rule": "JD999", "count": 2}]


def test_change_log_only_on_request():
    issue = build(SNIPPET)
    assert "change_log" not in issue_dict(issue)
    data = issue_dict(issue, changes_detail=True)
    assert data["change_log"] == [c.as_dict() for c in issue.changes]
    assert data["change_log"], "full-width digits were changed"
    for change in data["change_log"]:
        assert issue.page(change["page"]).raw[change["start"] : change["end"]] == change["before"]


def test_orphans_and_captions_carry_text_and_spans():
    raw = (
        "这段文字前面没有标题，读者不知道它属于哪篇文章。\n\n"
        "工人正在检修设备\n\n"
        "新华社发（张黎芝 摄）\n"
    )
    issue = build(raw)
    data = issue_dict(issue)
    assert [o["text"] for o in data["orphans"]][:1] == ["这段文字前面没有标题，读者不知道它属于哪篇文章。"]
    assert all(o["why"] for o in data["orphans"])
    for caption in data["captions"]:
        assert caption["text"]
        assert squeeze(raw_of(issue, caption["source"])) == squeeze(caption["text"].replace("\n", ""))


# --- seeds: invariants ---------------------------------------------------------------


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_seed_spans_and_text(path):
    issue = seed_issue(path)
    data = issue_dict(issue)
    ratios = []
    for text, source in sourced_entries(data):
        assert source, f"no source for {text[:20]!r}"
        for span in source:
            page = issue.page(span["page"])
            assert 0 <= span["start"] <= span["end"] <= len(page.raw)
        raw = squeeze(raw_of(issue, source))
        ratios.append(fuzz.ratio(squeeze(text), raw))
        assert ratios[-1] >= 80, (text[:30], raw[:30])
    assert ratios and sum(ratios) / len(ratios) >= 97
    # every article id is unique and names pages of the issue
    ids = [a["id"] for a in data["articles"]]
    assert len(ids) == len(set(ids))
    numbers = {p.number for p in issue.pages}
    assert all(set(a["pages"]) <= numbers for a in data["articles"])


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_seed_text_is_not_lost(path):
    """Every block left on a page appears in the export, in one place or another."""
    issue = seed_issue(path)
    data = issue_dict(issue)
    exported: list[str] = [p for p in (c["title"] for c in data["captions"]) if p]
    for article in data["articles"]:
        exported += article["kicker"] + article["subtitles"]
        exported += [t for t in (article["headline"], article["column"], article["byline"]) if t]
        exported += [entry["text"] for entry in article["body"]]
    exported += [c["text"] for c in data["captions"]]
    exported += [o["text"] for o in data["orphans"]]
    for page in issue.pages:
        for block in page.blocks:
            if block.role in (Role.FURNITURE, Role.MARKER) or not block.text.text:
                continue
            assert any(block.text.text in piece for piece in exported), block


@pytest.mark.parametrize("path", SEEDS[:2], ids=[p.stem[:3] for p in SEEDS[:2]])
def test_round_trip_through_a_file(tmp_path, path):
    issue = seed_issue(path)
    (written,) = export_issue(issue, tmp_path / "out", ["json"], changes_detail=True)
    assert written == tmp_path / "out" / f"{issue.name}.json"
    text = written.read_text(encoding="utf-8")
    assert text == render_json(issue, changes_detail=True)
    assert json.loads(text) == issue_dict(issue, changes_detail=True)
    assert "\\u" not in text, "Chinese text is written as it is, not escaped"
    # the same issue gives the same bytes
    export_issue(issue, tmp_path / "out", ["json"], changes_detail=True)
    assert written.read_text(encoding="utf-8") == text


def test_layout_one_body_block_a_line():
    issue = build(SNIPPET)
    text = render_json(issue, changes_detail=True)
    lines = [line.strip().rstrip(",") for line in text.split("\n")]
    data = issue_dict(issue, changes_detail=True)
    for entry in data["articles"][0]["body"] + data["change_log"]:
        assert json.dumps(entry, ensure_ascii=False, separators=(", ", ": ")) in lines
    assert '"headline": "全国建成执法办案管理中心3266个"' in lines
    assert text.startswith('{\n  "schema": "jiaodui/issue@1",\n')
    assert text.endswith("}\n")


# --- export_issue: formats, names, inputs ------------------------------------------------


def test_registry_and_aliases(tmp_path):
    assert set(EXPORTERS) == {"json", "txt", "md", "docx"}
    assert get_exporter("text") is EXPORTERS["txt"]
    assert get_exporter("markdown") is EXPORTERS["md"]
    assert get_exporter("word") is EXPORTERS["docx"]
    issue = build(SNIPPET)
    paths = export_issue(issue, tmp_path, ["md", "json", "markdown", "text"])
    assert [p.name for p in paths] == ["snippet.md", "snippet.json", "snippet.txt"]
    assert all(p.is_file() for p in paths)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["snippet.json", "snippet.md", "snippet.txt"]


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(ExportError, match="unknown export format 'pdf'"):
        export_issue(build(SNIPPET), tmp_path / "out", ["json", "pdf"])
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", ["", ".", "..", "a/b", "../up", "a\\b"])
def test_unsafe_issue_names_are_refused(tmp_path, name):
    issue = build(SNIPPET, name=name or "x")
    issue.name = name
    with pytest.raises(ExportError, match="cannot be used as a file name"):
        export_issue(issue, tmp_path, ["json"])
    assert list(tmp_path.iterdir()) == []


def test_out_dir_is_created(tmp_path):
    out = tmp_path / "a" / "b"
    (path,) = export_issue(build(SNIPPET), out, "json")
    assert path == out / "snippet.json" and path.is_file()


def test_inputs_are_never_written(tmp_path):
    source = tmp_path / "page.txt"
    source.write_text(SNIPPET, encoding="utf-8")
    issue = build(SNIPPET, name="page", source=str(source))
    assert output_paths(issue, tmp_path, ["txt"]) == [source]
    with pytest.raises(ExportError, match="input file"):
        export_issue(issue, tmp_path, ["json", "txt"])
    assert source.read_text(encoding="utf-8") == SNIPPET
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.txt"], "nothing at all is written"
    # the same folder reached another way (relative path, symbolic link)
    link = tmp_path / "link"
    link.symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(ExportError):
        export_issue(issue, link, ["txt"])
    with pytest.raises(ExportError):
        export_issue(issue, tmp_path / "sub" / "..", ["txt"])
    # a hard link to the input is the input too
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "page.txt").hardlink_to(source)
    with pytest.raises(ExportError):
        export_issue(issue, tmp_path / "out", ["txt"])
    assert source.read_text(encoding="utf-8") == SNIPPET
    # other formats next to the input are fine
    (path,) = export_issue(issue, tmp_path, ["json"])
    assert path == tmp_path / "page.json"


def test_relative_source_paths_are_protected(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("in").mkdir()
    Path("in/p1.txt").write_text(SNIPPET, encoding="utf-8")
    issue = build(SNIPPET, name="p1", source="in/p1.txt")
    with pytest.raises(ExportError):
        export_issue(issue, tmp_path / "in", ["txt"])
    assert Path("in/p1.txt").read_text(encoding="utf-8") == SNIPPET


def test_accepted_and_pending_status_are_exported():
    issue = build(SNIPPET)
    for k, status in enumerate(Status):
        issue.suggestions.append(
            Suggestion(f"JD301-p1-{k}-0000000{k}", "JD301", "merge", 0.5, "s", "e", 1, 0, 1, status=status)
        )
    assert [s["status"] for s in issue_dict(issue)["suggestions"]] == ["pending", "accepted", "rejected"]


# --- the fast writer gives the layout of the plain document ----------------------------


def hand_made_issue() -> Issue:
    """Body blocks of several raw spans, an empty one, text that JSON escapes, and
    every heading field filled in."""
    from test_export_text import hand_issue

    issue = hand_issue()
    article = issue.articles[0]
    body = article.body
    joined = SourcedText.join([body[0].text, SourcedText.inserted("\n", 1, body[0].end), body[2].text])
    body.append(Block(1, body[0].start, body[2].end, joined, role=Role.PARAGRAPH))
    body.append(Block(1, 0, 0, SourcedText(), role=Role.PARAGRAPH))
    escaped = '引号"反斜杠\\\t制表\x01控制\u2028分行'
    body.append(Block(1, 0, len(escaped), SourcedText.inserted(escaped, 1, 0), role=Role.LEAD_BOX))
    article.continued_from_page = 2
    article.starts_mid_sentence = True
    issue.warnings = ["a warning"]
    return issue


def test_render_json_is_the_layout_of_issue_dict():
    issue = hand_made_issue()
    for detail in (False, True):
        text = render_json(issue, changes_detail=detail)
        assert text == layout(issue_dict(issue, changes_detail=detail))
        assert json.loads(text) == issue_dict(issue, changes_detail=detail)
    assert '"source": [{"page": 1, "start": ' in text


@pytest.mark.parametrize("path", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_seed_json_is_the_layout_of_issue_dict(path):
    issue = seed_issue(path)
    assert render_json(issue, changes_detail=True) == layout(issue_dict(issue, changes_detail=True))


def test_layout_of_plain_data():
    """Objects under ``pages`` and ``articles`` one key a line, other lists of
    objects one item a line, everything else as ``json.dumps`` writes it."""
    data = {
        "schema": "s",
        "pages": [{"number": 1, "markers": [{"a": 1}, {"b": [1, 2]}], "empty": {}, "flag": False}, {}],
        "articles": [],
        "rows": [[1, "x"], {"k": None}],
        "nested": {"x": [1.5, True, "引号\""]},
    }
    assert layout(data) == (
        "{\n"
        '  "schema": "s",\n'
        '  "pages": [\n'
        "    {\n"
        '      "number": 1,\n'
        '      "markers": [\n'
        '        {"a": 1},\n'
        '        {"b": [1, 2]}\n'
        "      ],\n"
        '      "empty": {},\n'
        '      "flag": false\n'
        "    },\n"
        "    {\n"
        "    }\n"
        "  ],\n"
        '  "articles": [],\n'
        '  "rows": [\n'
        '    [1, "x"],\n'
        '    {"k": null}\n'
        "  ],\n"
        '  "nested": {"x": [1.5, true, "引号\\""]}\n'
        "}\n"
    )
