"""The recognition patterns' prefilter (drafter.prefilter) only ever skips a search that would fail."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from drafter import prefilter
from drafter.law.clauses import _signal, load_library

LETTERS = Path(__file__).parent / "letters"


def test_ignorecase_folds_reach_the_lowered_text():
    """Every character other than ASCII that ``re.IGNORECASE`` matches to an ASCII letter shows
    that letter once the text is folded (the dotless i and the long s are the ones lower() keeps)."""
    letters = re.compile("[a-z]", re.I)
    for cp in range(0x80, 0x10000):
        c = chr(cp)
        if 0xD800 <= cp <= 0xDFFF or not letters.fullmatch(c):
            continue
        for a in "abcdefghijklmnopqrstuvwxyz":
            if re.fullmatch(a, c, re.I):
                assert a in prefilter.folded(" " + c + " "), (hex(cp), a)


@pytest.mark.parametrize(("pattern", "need"), [
    (r"\bsole\s+discretion\b", (("discretion",), ("sole",))),
    (r"(?:sole\s+)?discretion", (("discretion",),)),
    (r"\b(?:forgo|decline|refrain)\s+prosecution", (("prosecution",), ("decline", "forgo", "refrain"))),
    (r"Rule\s+410|Section\s+1B1\.8", (("rule", "section"),)),
    (r"(?:shall|will)\s+not\s+be\s+used", (("used",), ("not",))),  # single words first
    (r"(?:in\s+)*good\s+faith", (("faith",), ("good",))),
    (r"(?:wholly)+\s+voluntary", (("voluntary",), ("wholly",))),
    (r"(?:a|b)\s+c", ()),                       # no literal of three characters
    (r"(?!not\s+)binding", (("binding",),)),    # a lookahead's words are not needed
])
def test_needs(pattern, need):
    assert prefilter.needs(pattern, re.I) == need


def test_a_match_is_never_skipped_on_the_projects_letters():
    library = load_library()
    sources = sorted({p for t in library.types.values() for v in t.variants.values()
                      for p in (*v.signals.any_src, *v.signals.all_src, *v.signals.not_src)})
    signals = [_signal(p) for p in sources]
    texts = [p for f in sorted(LETTERS.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n\n")
             if p.strip()]
    matched = 0
    for text in texts:
        for s in signals:
            if s.rx.search(text):
                matched += 1
                assert s.search(text), (s.pattern, text[:80])
    assert matched > 100


_ATOMS = ["sole", "discretion", "will", "not", "be", "used", "Rule", "410", "good", "faith", "a", "ı", "ſ"]


@st.composite
def _patterns(draw, depth=0):
    kind = draw(st.sampled_from(["word", "seq", "alt", "opt", "plus", "class"] if depth < 3 else ["word"]))
    if kind == "word":
        return re.escape(draw(st.sampled_from(_ATOMS)))
    if kind == "class":
        return r"[\s,]+"
    inner = [draw(_patterns(depth + 1)) for _ in range(draw(st.integers(1, 3)))]
    if kind == "seq":
        return r"\s+".join(inner)
    if kind == "alt":
        return "(?:" + "|".join(inner) + ")"
    return "(?:" + r"\s+".join(inner) + (")?" if kind == "opt" else ")+")


@settings(max_examples=300, deadline=None)
@given(_patterns(), st.lists(st.sampled_from([*_ATOMS, "SOLE", "Discretion", "USED", " ", ", ", "\n"]),
                             max_size=12))
def test_a_match_is_never_skipped_on_generated_patterns(pattern, words):
    text = " ".join(words)
    rx = re.compile(pattern, re.I | re.S)
    if rx.search(text):
        assert prefilter.prefiltered(rx).search(text)
