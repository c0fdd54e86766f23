import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from normalizer import cache, lexicon

ROOT = Path(__file__).parent.parent

pytestmark = pytest.mark.skipif(lexicon.dictionary_path() is None, reason="jieba is not installed")


def test_word_frequencies():
    assert lexicon.available()
    assert lexicon.word_freq("落实") > 1000
    assert lexicon.word_freq("落实") > lexicon.word_freq("落山") > 0
    assert lexicon.word_freq("实天") == 0
    assert lexicon.is_word("志愿者") and not lexicon.is_word("作清单")
    assert lexicon.total() > 10_000_000


def test_logprob_orders_words_and_floors_unknown():
    assert lexicon.logprob("工作") > lexicon.logprob("厂务") > lexicon.logprob("实天")
    assert lexicon.logprob("实天") == pytest.approx(-math.log(lexicon.total()))


@pytest.mark.parametrize(
    "left, right, word",
    [
        ("资源下沉，落", "实天津市总工会", "落实"),  # 000:98 / 000:148
        ("工作人员和志愿", "者一对一的陪同下", "志愿者"),  # 000:27-29
        ("从2014年起开展厂", "务公开民主管理", "厂务"),  # 001:13-15
        ("相关负责人介", "绍，近年来", "介绍"),  # 003:104-106
        ("的数量位", "居全国第一", "位居"),  # 000:132-134
    ],
)
def test_seam_words_span_the_cut(left, right, word):
    words = lexicon.seam_words(left, right)
    assert words and words[0][0] == word
    assert words[0][1] == lexicon.word_freq(word)
    assert all(f > 0 for _, f in words)
    assert words == sorted(words, key=lambda wf: (-wf[1], wf[0]))
    assert lexicon.seam_gain(left, right) > 3
    assert lexicon.spans_short_word(left, right)


@pytest.mark.parametrize(
    "left, right",
    [
        ("资源下沉，落", "山东菏泽市总工会"),  # 落山 is a word, but 落|山东 reads better
        ("多次维权碰壁，非常", "在服务阵地建设上"),  # 004:39: 非常|在
        ("", "实天津市"),
        ("非常", ""),
    ],
)
def test_no_gain_where_the_seam_is_a_word_boundary(left, right):
    assert lexicon.seam_gain(left, right) == 0.0


def test_seam_words_need_both_sides():
    assert lexicon.seam_words("落", "") == []
    assert lexicon.seam_words("", "实") == []
    # a word entirely on one side does not count
    assert all(w != "天津" for w, _ in lexicon.seam_words("资源下沉，落", "实天津市"))


def test_segment_logprob_prefers_words():
    assert lexicon.segment_logprob("落实天津市") > lexicon.segment_logprob("落山天津市")
    assert lexicon.segment_logprob("") == 0.0
    # the best segmentation is never worse than characters one by one
    text = "天津市总工会"
    assert lexicon.segment_logprob(text) >= sum(lexicon.logprob(c) for c in text)


def test_bigram_model():
    inside = lexicon.bigram_logprob("落", "实")
    assert inside > lexicon.bigram_logprob("落", "菏")
    assert lexicon.bigram_logprob("非", "常") > lexicon.bigram_logprob("非", "菏")
    assert lexicon.bigram_logprob("资源下沉，落", "实天津") == inside  # the characters at the seam
    assert lexicon.bigram_logprob("", "实") == 0.0
    assert all(lexicon.bigram_logprob("落", c) < 0 for c in "实山在")


def test_extra_words_file(tmp_path, monkeypatch):
    """An editor's own words (resources/lexicon_extra.txt) join the dictionary."""
    (tmp_path / "lexicon_extra.txt").write_text("# union jargon\n工惠 500\n齐鲁工惠\n", encoding="utf-8")
    monkeypatch.setenv("JIAODUI_RESOURCES", str(tmp_path))
    code = (
        "import sys; sys.path.insert(0, %r)\n"
        "from normalizer import lexicon\n"
        "print(lexicon.word_freq('工惠'), lexicon.word_freq('齐鲁工惠'), lexicon.word_freq('落实') > 0)\n"
    ) % str(ROOT)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["500", str(lexicon.EXTRA_DEFAULT_FREQ), "True"]


def test_loaded_lazily():
    """Importing the module reads nothing; the first question does."""
    code = (
        "import sys, time; sys.path.insert(0, %r)\n"
        "from normalizer import lexicon\n"
        "assert lexicon._freq is None\n"
        "t = time.perf_counter(); lexicon.word_freq('落实'); first = time.perf_counter() - t\n"
        "t = time.perf_counter()\n"
        "for _ in range(1000): lexicon.seam_gain('资源下沉，落', '实天津市')\n"
        "print(first, (time.perf_counter() - t) / 1000)\n"
    ) % str(ROOT)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    first, each = map(float, out.split())
    assert first < 5.0  # one read of the dictionary
    assert each < 0.005  # then a seam is a few dictionary look-ups


def test_part_of_speech():
    assert lexicon.part_of_speech("工作") == "vn"
    assert lexicon.part_of_speech("天津市") == "ns"
    assert lexicon.part_of_speech("实天") == ""


# -- reading the dictionary, and the cache of the tables ---------------------
def _reference(dict_path, extra_path):
    """The tables as read line by line, the plain way."""
    freq, pos = {}, {}
    for line in dict_path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdecimal():
            freq[parts[0]] = int(parts[1])
            pos[parts[0]] = parts[2] if len(parts) > 2 else ""
    for word, f in lexicon._read_extra(extra_path).items():
        freq[word] = max(freq.get(word, 0), f)
    return freq, {w: pos.get(w, "") for w in freq}


def _tables(built):
    joined, freqs, names, tag_of, total = built
    words = joined.split("\n") if joined else []
    assert words == sorted(words) and len(words) == len(freqs) == len(tag_of)
    assert total == max(1, sum(freqs))
    return dict(zip(words, freqs)), {w: names[t] for w, t in zip(words, tag_of)}


def test_tables_read_in_one_split_equal_a_line_by_line_reading():
    sources = lexicon._sources()
    assert _tables(lexicon._build(sources)) == _reference(sources[0], sources[1])


@pytest.mark.parametrize(
    "text",
    [
        "落实 2219 v\n落山 3 n\n落实 2000 vn\n",  # a word listed twice: the last line counts
        "落实 2219 v\n\n落山 3 n\n",  # a blank line
        "落实 2219\n落山 3 n\n通过 35063 p extra\n",  # lines of two and four fields
        "落实 2219 v\n落山 x n\n落 7 v",  # a frequency that is not a number; no final line break
        "",
    ],
)
def test_irregular_dictionary_lines(tmp_path, text):
    dict_path = tmp_path / "dict.txt"
    dict_path.write_text(text, encoding="utf-8")
    extra = tmp_path / "extra.txt"
    extra.write_text("# mine\n工惠 500\n落山 90\n落实 5\n", encoding="utf-8")
    assert _tables(lexicon._build([dict_path, extra])) == _reference(dict_path, extra)


def test_tables_from_the_cache_equal_a_fresh_build(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    sources = lexicon._sources()
    fresh = lexicon._build(sources)
    built = cache.load_or_build("lexicon", sources, lambda: lexicon._build(sources), lexicon._CACHE_VERSION)
    stored = cache.load_or_build("lexicon", sources, pytest.fail, lexicon._CACHE_VERSION)
    assert built == stored == fresh


def test_a_process_with_a_warm_cache_answers_as_a_cold_one(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    code = (
        "import sys; sys.path.insert(0, %r)\n"
        "from normalizer import lexicon\n"
        "words = ['落实', '工作', '通过', '天津市', '实天', '']\n"
        "print(lexicon.total(), [lexicon.word_freq(w) for w in words], [lexicon.part_of_speech(w) for w in words])\n"
    ) % str(ROOT)
    cold = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert (tmp_path / "cache" / "lexicon.cache").is_file()
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert cold == warm
    assert "'p'" in warm and "'vn'" in warm


def test_an_edited_extra_words_file_is_read_despite_the_cache(tmp_path, monkeypatch):
    resources = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", resources)
    monkeypatch.setenv("JIAODUI_RESOURCES", str(resources))
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    code = (
        "import sys; sys.path.insert(0, %r)\n"
        "from normalizer import lexicon\n"
        "print(lexicon.word_freq('工惠'))\n"
    ) % str(ROOT)
    run = lambda: subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert run().split() == ["0"]
    (resources / "lexicon_extra.txt").write_text("工惠 500\n", encoding="utf-8")
    assert run().split() == ["500"]


def test_part_of_speech_of_the_words_quotes_are_weighed_on():
    assert lexicon.part_of_speech("通过") == "p"
    assert lexicon.part_of_speech("数字工会") == ""


def test_tables_without_a_dictionary(tmp_path):
    """Without jieba only the extra words are known, and none has a tag."""
    extra = tmp_path / "extra.txt"
    extra.write_text("工惠 500\n", encoding="utf-8")
    assert lexicon._build([None, tmp_path / "none.txt", None]) == ("", [], [""], b"", 1)
    assert _tables(lexicon._build([None, extra, None])) == ({"工惠": 500}, {"工惠": ""})
