"""The per-user cache of derived tables (normalizer/cache.py)."""

import os
import sys

import pytest

from normalizer import cache


@pytest.fixture
def folder(tmp_path, monkeypatch):
    out = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV, str(out))
    return out


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "words.txt"
    path.write_text("落实 2219\n", encoding="utf-8")
    return path


class Builder:
    """A table built from a source file, counting its builds."""

    def __init__(self, path):
        self.path = path
        self.calls = 0

    def __call__(self):
        self.calls += 1
        word, freq = self.path.read_text(encoding="utf-8").split()
        return {"words": [word], "freq": {word: int(freq)}, "raw": b"\x00\x01", "pair": (1, 2.5, None)}


def test_first_use_builds_then_later_uses_read(folder, source):
    build = Builder(source)
    first = cache.load_or_build("words", [source], build)
    assert build.calls == 1
    assert cache.entry_path("words").is_file()
    second = cache.load_or_build("words", [source], build)
    assert build.calls == 1  # read back, not built again
    assert second == first == build()


def test_edited_source_rebuilds(folder, source):
    build = Builder(source)
    cache.load_or_build("words", [source], build)
    source.write_text("落山 9\n", encoding="utf-8")
    stat = source.stat()
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert cache.load_or_build("words", [source], build) == {
        "words": ["落山"],
        "freq": {"落山": 9},
        "raw": b"\x00\x01",
        "pair": (1, 2.5, None),
    }
    assert build.calls == 2


def test_touched_source_rebuilds(folder, source):
    """Same size, later modification time: the key is stale."""
    build = Builder(source)
    cache.load_or_build("words", [source], build)
    stat = source.stat()
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    cache.load_or_build("words", [source], build)
    assert build.calls == 2


def test_other_version_rebuilds(folder, source):
    build = Builder(source)
    cache.load_or_build("words", [source], build, version=1)
    cache.load_or_build("words", [source], build, version=2)
    cache.load_or_build("words", [source], build, version=2)
    assert build.calls == 2


def test_other_format_rebuilds(folder, source, monkeypatch):
    build = Builder(source)
    cache.load_or_build("words", [source], build)
    monkeypatch.setattr(cache, "FORMAT", cache.FORMAT + 1)
    cache.load_or_build("words", [source], build)
    assert build.calls == 2


def test_source_appearing_or_vanishing_rebuilds(folder, source, tmp_path):
    extra = tmp_path / "extra.txt"
    build = Builder(source)
    cache.load_or_build("words", [source, extra], build)
    extra.write_text("工惠\n", encoding="utf-8")
    cache.load_or_build("words", [source, extra], build)
    extra.unlink()
    cache.load_or_build("words", [source, extra], build)
    assert build.calls == 3


def test_entries_are_apart(folder, source, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("工会 50\n", encoding="utf-8")
    assert cache.load_or_build("a", [source], Builder(source))["words"] == ["落实"]
    assert cache.load_or_build("b", [other], Builder(other))["words"] == ["工会"]
    assert cache.load_or_build("a", [source], Builder(other))["words"] == ["落实"]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda blob: blob[: len(blob) // 2], id="truncated"),
        pytest.param(lambda blob: blob[:-1] + bytes([blob[-1] ^ 0x40]), id="last byte flipped"),
        pytest.param(lambda blob: blob[:40] + bytes([blob[40] ^ 0x01]) + blob[41:], id="key byte flipped"),
        pytest.param(lambda blob: b"", id="empty"),
        pytest.param(lambda blob: b"not a cache file at all", id="other file"),
        pytest.param(lambda blob: blob[:20], id="header cut"),
    ],
)
def test_damaged_entry_rebuilds(folder, source, damage):
    build = Builder(source)
    fresh = cache.load_or_build("words", [source], build)
    path = cache.entry_path("words")
    path.write_bytes(damage(path.read_bytes()))
    assert cache.load_or_build("words", [source], build) == fresh
    assert build.calls == 2
    # the entry is whole again
    assert cache.load_or_build("words", [source], build) == fresh
    assert build.calls == 2


def test_entry_that_is_a_folder_rebuilds(folder, source):
    cache.entry_path("words").mkdir(parents=True)
    build = Builder(source)
    assert cache.load_or_build("words", [source], build)["words"] == ["落实"]
    assert cache.load_or_build("words", [source], build)["words"] == ["落实"]
    assert build.calls == 2


def test_unwritable_folder_still_builds(tmp_path, source, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(cache.ENV, str(blocker / "cache"))  # a folder inside a file cannot be made
    build = Builder(source)
    assert cache.load_or_build("words", [source], build)["words"] == ["落实"]
    assert cache.load_or_build("words", [source], build)["words"] == ["落实"]
    assert build.calls == 2


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="needs POSIX permissions that apply")
def test_read_only_folder_still_builds(folder, source):
    folder.mkdir()
    folder.chmod(0o500)
    try:
        build = Builder(source)
        assert cache.load_or_build("words", [source], build)["words"] == ["落实"]
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_data_marshal_cannot_store_is_returned_uncached(folder, source):
    class Table:
        pass

    table = Table()
    assert cache.load_or_build("odd", [source], lambda: table) is table
    assert not cache.entry_path("odd").exists()


def test_no_temporary_files_left(folder, source):
    cache.load_or_build("words", [source], Builder(source))
    assert sorted(p.name for p in folder.iterdir()) == ["words.cache"]


def test_cache_dir_follows_the_platform(monkeypatch, tmp_path):
    monkeypatch.setenv(cache.ENV, str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"
    monkeypatch.delenv(cache.ENV)
    if sys.platform in ("win32", "darwin"):
        assert cache.cache_dir().name in ("Cache", "jiaodui")
        return
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "jiaodui"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "jiaodui"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "jiaodui"


def test_fingerprint():
    assert cache.fingerprint([None]) == (None,)
    missing = cache.fingerprint(["/no/such/file"])
    assert missing == (("/no/such/file", None, None),)
    path, size, mtime = cache.fingerprint([__file__])[0]
    assert path == __file__ and size == os.path.getsize(__file__) and mtime == os.stat(__file__).st_mtime_ns


@pytest.mark.parametrize("profile", ["t2s", "hk2s"])
def test_opencc_profile_from_the_cache_equals_a_fresh_one(folder, profile):
    from normalizer.rules import traditional

    fresh = traditional.changeable_characters(traditional.make_converter(profile))
    assert traditional.cached_changeable_characters(profile) == fresh  # built
    assert cache.entry_path(f"opencc-{profile}").is_file()
    assert traditional.cached_changeable_characters(profile) == fresh  # read back


def test_compiled_patterns_are_kept(folder, source):
    import regex

    calls = []

    def build():
        calls.append(1)
        line = regex.compile(r"(?P<folio>第\d+版)|(?P<day>星期[一二三四五六日])")
        return {"line": line, "zones": {"folio": "edge"}}

    fresh = cache.load_or_build("pats", [source], build, patterns=True)
    stored = cache.load_or_build("pats", [source], build, patterns=True)
    assert len(calls) == 1
    assert stored["zones"] == fresh["zones"]
    assert stored["line"].pattern == fresh["line"].pattern and stored["line"].flags == fresh["line"].flags
    m = stored["line"].fullmatch("第3版", timeout=1)
    assert m is not None and m.lastgroup == "folio"
    assert stored["line"].fullmatch("星期二").lastgroup == "day"


def test_a_pattern_entry_holding_other_objects_is_never_run(folder, source):
    """The reader of pattern entries refuses anything but data and compiled
    patterns: a planted pickle is not run, the table is built instead."""
    import pickle

    cache.load_or_build("pats", [source], Builder(source), patterns=True)
    path = cache.entry_path("pats")
    blob = path.read_bytes()
    start = len(cache._MAGIC) + cache._HEADER.size
    key_len, _ = cache._HEADER.unpack_from(blob, len(cache._MAGIC))
    body = blob[start : start + key_len] + pickle.dumps(print)  # any global but regex's compile
    path.write_bytes(cache._MAGIC + cache._HEADER.pack(key_len, cache.zlib.crc32(body)) + body)
    build = Builder(source)
    assert cache.load_or_build("pats", [source], build, patterns=True)["words"] == ["落实"]
    assert build.calls == 1


def test_pattern_entry_data_the_reader_refuses_is_not_stored(folder, source):
    assert cache.load_or_build("odd", [source], lambda: print, patterns=True) is print
    assert not cache.entry_path("odd").exists()


def test_entry_names_stay_inside_the_folder(folder, source):
    path = cache.entry_path("furniture-../../my/furniture.toml")
    assert path.parent == folder
    cache.load_or_build("furniture-../../my/furniture.toml", [source], Builder(source))
    assert [p.name for p in folder.iterdir()] == [path.name]


def test_furniture_patterns_from_the_cache_match_as_fresh_ones(folder):
    from normalizer.resources import load_toml
    from normalizer.rules import furniture

    fresh = furniture.FurniturePatterns(load_toml(furniture.DEFAULT_PATTERNS))
    furniture.patterns.cache_clear()
    try:
        built = furniture.patterns()
        furniture.patterns.cache_clear()
        stored = furniture.patterns()
        assert cache.entry_path("furniture-" + furniture.DEFAULT_PATTERNS).is_file()
    finally:
        furniture.patterns.cache_clear()
    for pats in (built, stored):
        assert pats.max_chars == fresh.max_chars and pats.zones == fresh.zones
        assert list(pats.zones) == list(fresh.zones)
        assert pats.line.pattern == fresh.line.pattern
        assert (pats.not_in is None) == (fresh.not_in is None)
        for line in ("2025年11月18日 星期二", "第3版", "责任编辑：张三", "这是一段正文。", ""):
            assert pats.match(line) == fresh.match(line)
