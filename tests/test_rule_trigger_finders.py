"""Triggers written as string searches find what the patterns they stand for find."""

import random

import regex

from normalizer.rules.lookalike_chars import table
from normalizer.rules.quotes import _Trigger

_QUOTES = regex.compile("[「」『』\"']|(?<![“”][^“”\n]*)”[^“”]*+“")


def test_quotes_trigger_finds_where_its_pattern_does():
    finder = _Trigger("「」『』\"'")
    rng = random.Random(7)
    for _ in range(20000):
        text = "".join(rng.choice("“”\n a「'") for _ in range(rng.randint(0, 12)))
        pos = rng.randint(0, len(text))
        want, got = _QUOTES.search(text, pos), finder.search(text, pos)
        assert (want and want.start()) == (got and got.start()), (text, pos)


def test_lookalike_trigger_finds_every_misspelled_word():
    t = table()
    for word in t.misspelled:
        assert t.trigger.search(word) is not None, word
