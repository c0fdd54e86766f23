"""The cleaned issue as JSON: schema ``jiaodui/issue@1``.

One document per issue, read straight from the model (never from re-parsed
text).  Articles and their ``body`` are in reading order; every body block,
caption and orphan carries the raw spans it was made from, so a consumer can
go back from any cleaned paragraph to the raw page.  The schema is
``resources/issue.schema.json``; keys beyond the ones it requires may be added
in later versions of the same schema.

``changes`` counts the applied changes of each rule in pipeline order; with
``changes_detail`` the full ``change_log`` (one entry per change, with its raw
span and the text before and after) is added as well.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from json.encoder import encode_basestring

from ..model import Article, Block, Caption, Issue, Page
from ..rules import all_rules

SCHEMA = "jiaodui/issue@1"


def _source(blocks: list[Block]) -> list[dict]:
    return [span.as_dict() for block in blocks for span in block.text.spans()]


def _text(block: Block | None) -> str | None:
    return None if block is None else block.text.text


def _page(page: Page) -> dict:
    return {
        "number": page.number,
        "source": page.source,
        "encoding": page.encoding,
        "furniture": [f.text for f in page.furniture],
        "markers": [m.as_dict() for m in page.markers],
    }


def _body_entry(block: Block) -> dict:
    return {"kind": str(block.role), "text": block.text.text, "source": _source([block])}


def _body_entries(blocks: list[Block]) -> list[dict]:
    return [_body_entry(b) for b in blocks if b.text.text]


def _article(article: Article, body: Callable[[list[Block]], list]) -> dict:
    return {
        "id": article.id,
        "pages": list(article.pages),
        "kicker": [b.text.text for b in article.kicker],
        "headline": _text(article.headline),
        "subtitles": [b.text.text for b in article.subtitles],
        "column": _text(article.column),
        "byline": _text(article.byline),
        "continued_from_page": article.continued_from_page,
        "continues_to_page": article.continues_to_page,
        "starts_mid_sentence": article.starts_mid_sentence,
        "ends_mid_sentence": article.ends_mid_sentence,
        "body": body(article.body),
    }


def _caption(caption: Caption) -> dict:
    entry = {
        "page": caption.page,
        "title": _text(caption.title),
        "text": "\n".join(b.text.text for b in caption.parts if b.text.text),
        "source": _source(caption.parts),
    }
    if caption.title is not None:
        entry["title_source"] = _source([caption.title])
    return entry


def _orphan(block: Block, why: str) -> dict:
    return {
        "page": block.page,
        "text": block.text.text,
        "why": why,
        "role": str(block.role),
        "source": _source([block]),
    }


def change_counts(issue: Issue) -> list[dict]:
    """Applied changes per rule, in pipeline order (unknown rule ids last, by id)."""
    counts = Counter(change.rule for change in issue.changes)
    position = {rule_id: i for i, rule_id in enumerate(all_rules())}
    ordered = sorted(counts, key=lambda rule_id: (position.get(rule_id, len(position)), rule_id))
    return [{"rule": rule_id, "count": counts[rule_id]} for rule_id in ordered]


def _document(issue: Issue, changes_detail: bool, body: Callable[[list[Block]], list]) -> dict:
    """The document with each article's body made by ``body`` from its blocks."""
    data: dict = {
        "schema": SCHEMA,
        "issue": {"date": issue.date, "number": issue.number, "name": issue.name},
        "pages": [_page(p) for p in issue.pages],
        "articles": [_article(a, body) for a in issue.articles],
        "captions": [_caption(c) for c in issue.captions],
        "orphans": [_orphan(block, why) for block, why in issue.orphans if block.text.text],
        "suggestions": [s.as_dict() for s in issue.suggestions],
        "changes": change_counts(issue),
        "warnings": list(issue.warnings),
    }
    if changes_detail:
        data["change_log"] = [c.as_dict() for c in issue.changes]
    return data


def issue_dict(issue: Issue, *, changes_detail: bool = False) -> dict:
    """The ``jiaodui/issue@1`` document of ``issue`` as plain Python data."""
    return _document(issue, changes_detail, _body_entries)


def _compact_encoder():
    """``json.dumps(value, ensure_ascii=False, separators=(", ", ": "))`` for one
    value.  The document is encoded a piece at a time (one call per line), so the
    C encoder is made once here instead of once per call as ``JSONEncoder.encode``
    does; where it is missing, the standard encoder does the same work."""
    encoder = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return encoder.encode
    # the arguments JSONEncoder.iterencode passes, without the circular-reference
    # check (the document is a tree built here)
    encode = make(None, encoder.default, encode_basestring, None, ": ", ", ", False, False, True)

    def compact(value) -> str:
        if isinstance(value, str):
            return encode_basestring(value)
        return "".join(encode(value, 0))

    return compact


_compact = _compact_encoder()
#: top-level lists whose items are laid out one key a line (the rest: one item a line)
_OPEN_ITEMS = frozenset({"pages", "articles"})


def _is_table(value) -> bool:
    """A non-empty list of objects or lists: laid out one item a line."""
    return isinstance(value, list) and bool(value) and isinstance(value[0], (dict, list))


#: encoded keys (the schema has a few dozen), with the separator after them
_KEYS: dict[str, str] = {}


def _key(key: str) -> str:
    found = _KEYS.get(key)
    if found is None:
        found = _KEYS[key] = _compact(str(key)) + ": "
    return found


class _Rows(list):
    """Items already encoded as JSON text, laid out one a line like a table."""

    __slots__ = ()


def _object(value: dict, pad: str, out: list[str], open_items: frozenset = frozenset()) -> None:
    """One key a line; a list of objects under a key gets one item a line.

    The pieces go to ``out``, joined once at the end: the document is large
    and joining it level by level would copy it again at every level."""
    inner = pad + "  "
    append = out.append
    keys = _KEYS
    sep = "{\n" + inner
    for key, item in value.items():
        head = keys.get(key)
        if head is None:
            head = _key(key)
        kind = type(item)
        if kind is str:
            append(sep + head)
            append(encode_basestring(item))
        elif item is None:
            append(sep + head + "null")
        elif kind is bool:
            append(sep + head + ("true" if item else "false"))
        elif kind is int:
            append(sep + head + int.__repr__(item))
        elif kind is _Rows:
            if item:
                row = ",\n" + inner + "  "
                append(sep + head + "[" + row[1:])
                append(row.join(item))
                append("\n" + inner + "]")
            else:
                append(sep + head + "[]")
        elif kind is list and not item:
            append(sep + head + "[]")
        elif _is_table(item):
            append(sep + head)
            _table(item, inner, out, key in open_items)
        else:
            append(sep + head)
            append(_compact(item))
        sep = ",\n" + inner
    if sep[0] == "{":  # no keys
        append("{\n" + pad + "}")
    else:
        append("\n" + pad + "}")


def _table(value: list, pad: str, out: list[str], open_items: bool) -> None:
    inner = pad + "  "
    if open_items:
        sep = "[\n" + inner
        for item in value:
            out.append(sep)
            if isinstance(item, dict):
                _object(item, inner, out)
            else:
                out.append(_compact(item))
            sep = ",\n" + inner
    else:
        out.append("[\n" + inner)
        out.append((",\n" + inner).join([_compact(item) for item in value]))
    out.append("\n" + pad + "]")


_int = int.__repr__
#: the start of a body row of each kind, up to the text
_ROW_HEADS: dict[str, str] = {}


def _body_rows(blocks: list[Block]) -> _Rows:
    """The body entries of :func:`issue_dict`, each encoded as ``_compact`` would."""
    rows = _Rows()
    append = rows.append
    heads = _ROW_HEADS
    for block in blocks:
        sourced = block.text
        text = sourced.text
        if not text:
            continue
        head = heads.get(block.role)
        if head is None:
            head = heads[block.role] = '{"kind": ' + encode_basestring(str(block.role)) + ', "text": '
        # a text of one raw run (most blocks) has that run's span as its one
        # span: the piece serves for it, without making the list of spans
        pieces = sourced.pieces
        spans = pieces if len(pieces) == 1 else sourced.spans()
        if len(spans) == 1:
            span = spans[0]
            # int.__repr__, not a ":d" format spec: the same digits for any int
            # (and an error for anything else), at half the cost per block
            source = f'[{{"page": {_int(span.page)}, "start": {_int(span.start)}, "end": {_int(span.end)}}}]'
        else:
            source = _compact([span.as_dict() for span in spans])
        append(f'{head}{encode_basestring(text)}, "source": {source}}}')
    return rows


def layout(data: dict) -> str:
    """A document (plain data, as :func:`issue_dict` gives it) laid out as
    :func:`render_json` writes it."""
    out: list[str] = []
    _object(data, "", out, _OPEN_ITEMS)
    out.append("\n")
    return "".join(out)


def render_json(issue: Issue, *, changes_detail: bool = False) -> str:
    """The JSON document of ``issue`` as UTF-8 text with a final newline.

    Laid out for reading and diffing: pages and articles one key a line, and
    one body block, marker, caption, orphan, suggestion or change a line (the
    standard library's indented output is slower and spreads every span over
    five lines).  The body blocks, most of the document, are encoded straight
    from the model; the result is ``layout(issue_dict(issue))``.
    """
    out: list[str] = []
    _object(_document(issue, changes_detail, _body_rows), "", out, _OPEN_ITEMS)
    out.append("\n")
    return "".join(out)
