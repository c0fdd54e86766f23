"""The quality benchmark's generator: what it writes agrees with the answers it keeps."""

import importlib.util
import random
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def quality():
    spec = importlib.util.spec_from_file_location("quality_bench", ROOT / "bench" / "quality.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["quality_bench"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def fixture(quality):
    return quality.load_fixture()


@pytest.fixture(scope="module")
def two(quality, fixture):
    articles, captions = fixture
    return quality.build_issues(articles, captions, seed=7, issues=2)


def test_fixture_is_clean_seed_text(quality, fixture):
    articles, captions = fixture
    assert len(articles) >= 25 and len(captions) >= 4
    seeds = quality.fold(
        "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    )
    for art in articles:
        assert art.body and any(b.kind == "para" for b in art.body)
        for item in art.body:
            assert item.kind in {"para", "subhead", "sign_off"}
            assert "\n" not in item.text and item.text == item.text.strip()
            # every paragraph begins as a block of the seed pages does
            assert quality.fold(item.text)[:2] in seeds, item.text[:20]
    # the seam of the done-when case is joined in the fixture
    assert any("资源下沉，落实天津市总工会" in b.text for a in articles for b in a.body)


def test_pieces_are_where_the_answers_say(quality, two):
    for gold in two:
        for piece in gold.pieces:
            assert gold.pages[piece.page][piece.start : piece.end] == piece.text


def test_paragraphs_read_back_from_their_pieces(quality, two):
    for gold in two:
        parts = defaultdict(list)
        for piece in gold.pieces:
            if piece.kind == "para":
                parts[(piece.article, piece.item)].append(piece)
        assert parts
        for (a, i), pieces in parts.items():
            pieces.sort(key=lambda p: p.part)
            assert [p.part for p in pieces] == list(range(len(pieces)))
            text = gold.articles[a].source.body[i].text
            assert quality.fold("".join(p.text for p in pieces)) == quality.fold(text)
        # every paragraph of every article was written
        assert len(parts) == sum(1 for art in gold.articles for b in art.source.body if b.kind == "para")


def test_seams_join_consecutive_pieces(quality, two):
    kinds = set()
    for gold in two:
        for seam in gold.seams:
            a, b = seam.first, seam.second
            assert (a.article, a.item) == (b.article, b.item) and b.part == a.part + 1
            kinds.add(seam.kind)
            if seam.kind == "page":
                assert a.page < b.page
            else:
                assert a.page == b.page and a.end <= b.start
                between = gold.pages[a.page][a.end : b.start]
                assert (seam.kind == "adjacent") == (between.strip() == "")
    assert "adjacent" in kinds


def test_split_articles_carry_markers(quality, fixture):
    articles, captions = fixture
    golds = quality.build_issues(articles, captions, seed=3, issues=4)
    split = 0
    for gold in golds:
        for n, art in enumerate(gold.articles):
            markers = [p for p in gold.pieces if p.kind == "marker" and p.article == n]
            if len(art.pages) > 1:
                split += 1
                texts = [m.text for m in markers]
                assert any(("转" in t) for t in texts) and any(("接" in t or "续" in t) for t in texts)
                body_pages = {p.page for p in gold.pieces if p.article == n and p.kind == "para"}
                assert body_pages == set(art.pages)
    assert split


def test_answers_are_not_in_the_pages(quality, two, tmp_path):
    """What the normaliser reads is page text only: the folder holds page files."""
    folders = quality.write_issues(two, tmp_path)
    for gold, folder in zip(two, folders):
        files = sorted(p.name for p in folder.iterdir())
        assert files == [f"page{n:02d}.txt" for n in sorted(gold.pages)]
        for n, text in gold.pages.items():
            assert (folder / f"page{n:02d}.txt").read_text(encoding="utf-8") == text


def test_same_seed_same_issues(quality, fixture, two):
    articles, captions = fixture
    again = quality.build_issues(articles, captions, seed=7, issues=2)
    assert [g.pages for g in again] == [g.pages for g in two]
    other = quality.build_issues(articles, captions, seed=8, issues=2)
    assert [g.pages for g in other] != [g.pages for g in two]


def test_cut_points_keep_line_rules(quality):
    text = "据了解，太原市总从2014年起开展厂务公开民主管理工作“互观互鉴”活动。按照县区（开发区）、工委（产业工会）和直属企事业单位。"
    rng = random.Random(1)
    for width in range(8, 20):
        for k in quality.line_breaks(text, width):
            assert text[k] not in "，。、；：？！）”"
            assert text[k - 1] not in "“（"
            assert not (text[k].isdigit() and text[k - 1].isdigit())
        assert quality.cut_points(text, rng, 1, width)
    assert quality.fold("“互观互鉴”活动（开发区），") == quality.fold('"互观互鉴"活动(开发区),')


def test_tiny_benchmark_run(quality, two):
    result = quality.run_benchmark(two)
    assert result.issues == 2 and result.articles == sum(len(g.articles) for g in two)
    for tally in result.runs.values():
        assert tally.gold_paras == sum(len(g.paragraphs()) for g in two)
        assert 0 < tally.right_paras <= min(tally.gold_paras, tally.pred_paras)
        assert tally.headlines > 0
        assert tally.joined["bylines"] == 0
    text = quality.report(result, "test")
    for line in ("paragraph F1", "headline accuracy", "stitch accuracy", "merge precision@1", "calibration"):
        assert line in text
