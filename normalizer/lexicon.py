"""Word frequencies and a character-bigram model, read from jieba's dictionary.

jieba ships a dictionary of about 350,000 words with their frequencies in a
large corpus (``jieba/dict.txt``: ``word freq tag`` a line).  The rules that
weigh how text reads (is ``落|实`` one word cut in two? does ``检修修`` hold a
doubled character?) ask this module, never the file.  It is read once, on the
first question, and kept; jieba's own segmenter is not loaded.  The tables
read from it are also kept in the per-user cache (:mod:`normalizer.cache`),
so that later processes load them without parsing the file again.

The questions, all fast after the first:

* :func:`word_freq` / :func:`is_word` / :func:`logprob` /
  :func:`part_of_speech`: one word.
* :func:`seam_words`: the dictionary words that span the seam between two
  pieces of text (``seam_words("资源下沉，落", "实天津市")`` → ``[("落实", 2219)]``).
* :func:`seam_gain`: how much better the text reads joined than apart, as the
  log-probability gained by the best segmentation across the seam (0 when no
  word spans it, larger the surer the word).
* :func:`segment_logprob`: the log-probability of the best segmentation of a
  short text into dictionary words (a unigram word model).
* :func:`bigram_logprob`: log P(b | a) for two characters, from a character
  model derived from the dictionary: ``b`` goes on inside a word after ``a``,
  or ``a`` ends a word and ``b`` begins the next.

Editors may add words (names of unions, places, jargon the dictionary lacks)
in ``resources/lexicon_extra.txt``: ``word [freq]`` a line, ``#`` comments.
Without jieba installed every word has frequency 0 and :func:`available` is
False; callers then fall back on their other signals.
"""

from __future__ import annotations

import importlib.util
import math
import threading
from bisect import bisect_left
from functools import lru_cache
from itertools import compress
from operator import eq
from pathlib import Path

import regex

from . import cache
from .resources import resource_path

_HAN_TAIL = regex.compile(r"\p{Han}*\Z")  # searched within bounds: the run ending at the bound
_HAN_HEAD = regex.compile(r"\p{Han}*")

EXTRA_FILE = "lexicon_extra.txt"
#: frequency given to an extra word listed without one
EXTRA_DEFAULT_FREQ = 1000
#: the longest word looked at around a seam and in a segmentation
MAX_WORD = 6

_lock = threading.Lock()
_freq: dict[str, int] | None = None
_total = 1
_log_total = 0.0
_bigram: tuple[dict[str, int], dict[str, int], dict[str, int], dict[str, int]] | None = None
#: every word, in code point order, with the index of its tag in _tag_names
_words: list[str] = []
_tag_of: bytes | list[int] = b""
_tag_names: tuple[str, ...] = ("",)

#: raise when the layout of the tables kept in the cache changes
_CACHE_VERSION = 1


def dictionary_path() -> Path | None:
    """Where jieba's dictionary is, or None when jieba is not installed."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "dict.txt"
        if path.is_file():
            return path
    return None


def _read_extra(path: Path) -> dict[str, int]:
    out: dict[str, int] = {}
    if not path.is_file():
        return out
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split("#", 1)[0].split()
            if not parts:
                continue
            freq = EXTRA_DEFAULT_FREQ
            if len(parts) > 1 and parts[1].isdecimal():
                freq = int(parts[1])
            out[parts[0]] = freq
    return out


def _read_dictionary(path: Path) -> tuple[list[str], list[str], list[str]]:
    """Words, frequencies (as text) and tags of jieba's dictionary, in file
    order: ``word freq tag`` a line; a line without a frequency is skipped,
    one without a tag has the tag ""."""
    text = path.read_text(encoding="utf-8")
    fields = text.split()
    lines = text.count("\n") + (not text.endswith("\n"))
    words, freqs, tags = fields[0::3], fields[1::3], fields[2::3]
    if len(fields) == 3 * lines and "".join(freqs).isdecimal():
        return words, freqs, tags  # the usual file: three fields on every line, read in one split
    words, freqs, tags = [], [], []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) < 2 or not parts[1].isdecimal():
            continue
        words.append(parts[0])
        freqs.append(parts[1])
        tags.append(parts[2] if len(parts) > 2 else "")
    return words, freqs, tags


def _sources() -> list[Path | None]:
    """The files the tables are built from: jieba's dictionary, the extra
    words, and this module."""
    return [dictionary_path(), resource_path(EXTRA_FILE), Path(__file__)]


def _build(sources: list[Path | None]) -> tuple:
    """The tables in the form kept in the cache: (the words in code point
    order joined by line breaks, their frequencies, the tag names, each
    word's tag as an index into the names, the sum of the frequencies).

    A word listed twice in the dictionary has its last line's frequency and
    tag; an extra word has the larger of its two frequencies."""
    path, extra_path = sources[0], sources[1]
    words, freqs, tags = _read_dictionary(path) if path is not None else ([], [], [])
    # lines in code point order of their words (a stable sort: a word's lines stay in file order)
    order = sorted(range(len(words)), key=words.__getitem__)
    ordered = list(map(words.__getitem__, order))
    repeated = list(compress(range(len(ordered) - 1), map(eq, ordered, ordered[1:])))
    for k in reversed(repeated):  # a word listed twice: its last line counts
        del order[k], ordered[k]
    freq_of = list(map(int, map(freqs.__getitem__, order)))
    names = sorted(set(tags) | {""})
    number = {name: k for k, name in enumerate(names)}
    tag_of = list(map(number.__getitem__, map(tags.__getitem__, order)))
    for word, f in _read_extra(extra_path).items():
        k = bisect_left(ordered, word)
        if k < len(ordered) and ordered[k] == word:
            freq_of[k] = max(freq_of[k], f)
        else:
            ordered.insert(k, word)
            freq_of.insert(k, f)
            tag_of.insert(k, number[""])
    tag_blob = bytes(tag_of) if len(names) <= 256 else tag_of
    return "\n".join(ordered), freq_of, names, tag_blob, max(1, sum(freq_of))


def _load() -> dict[str, int]:
    global _freq, _total, _log_total, _words, _tag_of, _tag_names
    if _freq is not None:
        return _freq
    with _lock:
        if _freq is not None:
            return _freq
        sources = _sources()
        joined, freqs, names, tag_of, total = cache.load_or_build(
            "lexicon", sources, lambda: _build(sources), _CACHE_VERSION
        )
        words = joined.split("\n") if joined else []
        if len(words) != len(freqs) or len(tag_of) != len(words):  # pragma: no cover - a damaged entry
            joined, freqs, names, tag_of, total = _build(sources)
            words = joined.split("\n") if joined else []
        _words, _tag_of, _tag_names = words, tag_of, tuple(names)
        _total = total
        _log_total = math.log(_total)
        _freq = dict(zip(words, freqs))
    return _freq


def available() -> bool:
    """True when a dictionary was found (jieba is installed)."""
    return bool(_load())


def total() -> int:
    """The sum of all frequencies (the size of the dictionary's corpus)."""
    _load()
    return _total


def frequencies() -> dict[str, int]:
    """Every word of the dictionary with how often it occurs (read only)."""
    return _load()


def word_freq(word: str) -> int:
    """How often ``word`` occurs as a word in jieba's corpus (0: not a word)."""
    return _load().get(word, 0)


def is_word(s: str) -> bool:
    """True when ``s`` is a dictionary word."""
    return _load().get(s, 0) > 0


def starts_with_word(text: str) -> bool:
    """True when a dictionary word of two or more characters begins ``text``."""
    get = _load().get
    return any(get(text[:k], 0) > 0 for k in range(2, min(len(text), MAX_WORD) + 1))


def part_of_speech(word: str) -> str:
    """The dictionary's part-of-speech tag of ``word`` (``n``, ``v``, ``p``…;
    "" when it is not a word of jieba's dictionary)."""
    _load()
    words = _words
    k = bisect_left(words, word)
    if k < len(words) and words[k] == word:
        return _tag_names[_tag_of[k]]
    return ""


def logprob(word: str) -> float:
    """log P(word) in the unigram word model; an unknown word counts as seen
    once (so a single unknown character costs about -18)."""
    freq = _load().get(word, 0)
    return math.log(freq or 1) - _log_total


def seam_words(left: str, right: str, reach: int = MAX_WORD) -> list[tuple[str, int]]:
    """Dictionary words made of the end of ``left`` and the start of ``right``
    (at least one character from each, ``reach`` at most in all), most
    frequent first: the words a seam between the two pieces would cut."""
    freq = _load()
    tail, head = left[-(reach - 1) :], right[: reach - 1]
    found: dict[str, int] = {}
    for i in range(1, len(tail) + 1):
        piece = tail[-i:]
        for j in range(1, min(len(head), reach - i) + 1):
            word = piece + head[:j]
            f = freq.get(word, 0)
            if f > 0:
                found[word] = f
    return sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))


def _best_prefix_scores(text: str) -> list[float]:
    """best[k]: log-probability of the best segmentation of ``text[:k]``."""
    freq = _load()
    n = len(text)
    best = [0.0] + [-math.inf] * n
    for end in range(1, n + 1):
        top = -math.inf
        for start in range(max(0, end - MAX_WORD), end):
            f = freq.get(text[start:end], 0)
            if f == 0 and end - start > 1:
                continue
            score = best[start] + math.log(f or 1) - _log_total
            if score > top:
                top = score
        best[end] = top
    return best


def _best_suffix_scores(text: str) -> list[float]:
    """best[k]: log-probability of the best segmentation of ``text[k:]``."""
    freq = _load()
    n = len(text)
    best = [-math.inf] * n + [0.0]
    for start in range(n - 1, -1, -1):
        top = -math.inf
        for end in range(start + 1, min(n, start + MAX_WORD) + 1):
            f = freq.get(text[start:end], 0)
            if f == 0 and end - start > 1:
                continue
            score = best[end] + math.log(f or 1) - _log_total
            if score > top:
                top = score
        best[start] = top
    return best


def segment_logprob(text: str) -> float:
    """log-probability of the best segmentation of ``text`` into dictionary
    words (unknown characters count as seen once)."""
    if not text:
        return 0.0
    return _best_prefix_scores(text)[-1]


class SeamSide:
    """One side of a seam, prepared once and reused against many others:
    the last characters of a first half (``SeamSide(text, "tail")``) or the
    first characters of a second half (``SeamSide(text, "head")``)."""

    __slots__ = ("text", "side", "scores")

    def __init__(self, text: str, side: str, reach: int = MAX_WORD) -> None:
        self.side = side
        if side == "tail":
            self.text = text[-reach:]
            self.scores = _best_prefix_scores(self.text)
        else:
            self.text = text[:reach]
            self.scores = _best_suffix_scores(self.text)


def spans_short_word(left: str, right: str) -> bool:
    """True when a dictionary word of two to four characters is made of the
    end of ``left`` and the start of ``right``: a quick test before
    :func:`seam_gain`."""
    return spans_cut_word(seam_ends(left), seam_starts(right))


def seam_ends(text: str) -> tuple[str, str, str]:
    """The last one, two and three characters of ``text``, as
    :func:`spans_cut_word` reads the end of a first half; a piece the text is
    too short for is a line break, which no dictionary word holds."""
    return text[-1:], text[-2:] if len(text) >= 2 else "\n", text[-3:] if len(text) >= 3 else "\n"


def seam_starts(text: str) -> tuple[str, str, str]:
    """The first one, two and three characters of ``text``, as
    :func:`spans_cut_word` reads the start of a second half."""
    return text[:1], text[:2], text[:3]


def spans_cut_word(ends: tuple[str, str, str], starts: tuple[str, str, str], freq: dict | None = None) -> bool:
    """:func:`spans_short_word` of texts cut beforehand (:func:`seam_ends`,
    :func:`seam_starts`), for a rule that tests every pair of many: the six
    look-ups of a word of two to four characters across the seam, written
    out.  ``freq``: :func:`frequencies`, when the caller holds it."""
    get = (freq if freq is not None else _load()).get
    e1, e2, e3 = ends
    s1, s2, s3 = starts
    return (
        get(e1 + s1, 0) > 0
        or get(e1 + s2, 0) > 0
        or get(e1 + s3, 0) > 0
        or get(e2 + s1, 0) > 0
        or get(e2 + s2, 0) > 0
        or get(e3 + s1, 0) > 0
    )


def seam_gain_sides(tail: SeamSide, head: SeamSide) -> tuple[float, str]:
    """:func:`seam_gain` for prepared sides; also returns the spanning word
    of the best joined segmentation ("" when the best one has none)."""
    freq = _load()
    t, h = tail.text, head.text
    apart = tail.scores[len(t)] + head.scores[0]
    best, word = apart, ""
    for i in range(1, len(t) + 1):
        piece = t[-i:]
        left = tail.scores[len(t) - i]
        for j in range(1, min(len(h), MAX_WORD - i) + 1):
            f = freq.get(piece + h[:j], 0)
            if f == 0:
                continue
            score = left + math.log(f) - _log_total + head.scores[j]
            if score > best:
                best, word = score, piece + h[:j]
    return best - apart, word


def seam_gain(left: str, right: str) -> float:
    """How much better ``left + right`` reads as one text than the two apart:
    the log-probability the best segmentation gains from a word across the
    seam.  0 when no word spans it; ``资源下沉，落`` | ``实天津市`` gains about 7.6
    (``落实``), ``…非常`` | ``在服务…`` nothing (``非常|在`` reads better)."""
    return seam_gain_sides(SeamSide(left, "tail"), SeamSide(right, "head"))[0]


# -- the character model ------------------------------------------------------
def _bigram_tables() -> tuple[dict[str, int], dict[str, int], dict[str, int], dict[str, int]]:
    """(inside, starts, ends, out): frequency-weighted counts of character pairs
    inside words, of words beginning and ending with a character, and of every
    character followed by something (inside its word or after its end)."""
    global _bigram
    if _bigram is not None:
        return _bigram
    freq = _load()
    with _lock:
        if _bigram is not None:
            return _bigram
        inside: dict[str, int] = {}
        starts: dict[str, int] = {}
        ends: dict[str, int] = {}
        out: dict[str, int] = {}
        get = inside.get
        for word, f in freq.items():
            if not f:
                continue
            first, last = word[0], word[-1]
            starts[first] = starts.get(first, 0) + f
            ends[last] = ends.get(last, 0) + f
            out[last] = out.get(last, 0) + f
            for k in range(len(word) - 1):
                pair = word[k : k + 2]
                inside[pair] = get(pair, 0) + f
                out[word[k]] = out.get(word[k], 0) + f
        _bigram = (inside, starts, ends, out)
    return _bigram


def bigram_logprob(a: str, b: str) -> float:
    """log P(b | a): how likely character ``b`` follows character ``a`` (of
    longer strings, the last character of ``a`` and the first of ``b``: the
    two characters at a seam).

    From the dictionary: ``b`` goes on the word ``a`` is in (pairs inside
    words, weighted by the words' frequencies), or ``a`` ends its word and the
    next word begins with ``b``.  Characters the dictionary never saw get a
    small floor probability."""
    if not a or not b:
        return 0.0
    a, b = a[-1], b[0]
    inside, starts, ends, out = _bigram_tables()
    seen = out.get(a, 0)
    together = inside.get(a + b, 0) + ends.get(a, 0) * starts.get(b, 0) / _total
    return math.log((together + 0.5) / (seen + 1.0))


def han_window(text: str, start: int, end: int, reach: int) -> tuple[int, int]:
    """The run of Chinese characters around ``text[start:end]``, at most
    ``reach`` characters either side: the context two readings are compared on."""
    lo = max(0, start - reach)
    a = _HAN_TAIL.search(text, lo, start).start() if start > lo else start
    b = _HAN_HEAD.match(text, end, end + reach).end() if reach > 0 else end
    return a, b


# the run of Chinese characters ending a text, at most 12 long
_LAST_RUN = regex.compile(r"\p{Han}{1,12}$")


def last_word(text: str) -> str:
    """The last word of ``text`` in its best dictionary segmentation (of the
    run of Chinese characters ending it; "" when it ends with anything else
    or there is no dictionary)."""
    m = _LAST_RUN.search(text.rstrip())
    if m is None or not available():
        return ""
    return _last_word(m.group())


@lru_cache(maxsize=4096)
def _last_word(run: str) -> str:
    best, word = None, ""
    for k in range(1, min(MAX_WORD, len(run)) + 1):
        w = run[-k:]
        if k > 1 and not is_word(w):
            continue
        score = segment_logprob(run[:-k]) + logprob(w)
        if best is None or score > best:
            best, word = score, w
    return word
