"""The generic wording layer: a clause the signals miss, recognised by its vocabulary.

Each sentence of the letter is compared with each type's wording in the library (every
variant's text and the title) and with a bank of phrasings Offices use (``data/phrasings.yaml``):
BM25 scores over those texts, with the signals as features (``scorer.py``). A sentence is
credited to a type only when that type is clearly the closest, the type belongs to this kind of
document, and no signal or heading recognised it anywhere.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from .clauses import ClauseType, Library
from .letters import Letter
from .recognise import Hit, _stem, group_of, is_heading_only, units

# --- the generic wording layer -----------------------------------------------------------------
# A clause the signals miss is often still recognisable by its vocabulary: the library's own
# wording of the type (every variant's text and the title) is compared with each sentence of
# the letter (tf-idf over the library's types, cosine). A sentence is credited to a type only
# when that type is clearly the closest, the type belongs to this kind of document, and no
# signal recognised it anywhere.

SIMILAR = 0.28           # cosine needed
MARGIN = 0.10            # over the next closest type
MIN_WORDS = 6            # content words in the sentence

_SIM_STOP = set("""a an the and or of to in on for by with at as from that this these those be is are was
were been being it its their his her your our not no any all each every other such may will shall would
could should must can if than then which who whom whose what when where whether under upon into onto
about after before during only also including include agreement client office meeting government
defendant statement statements use used letter paragraph united states""".split())


def _tokens(text: str) -> list[str]:
    words = re.findall(r"[A-Za-z][A-Za-z'-]+|\d+[A-Za-z]?\d*(?:\.\d+)?", text.lower())
    return [_stem(w) for w in words if w not in _SIM_STOP and len(w) > 2]


def _vector(counts: dict[str, int], idf: dict[str, float]) -> dict[str, float]:
    v = {w: (1 + math.log(n)) * idf[w] for w, n in counts.items() if w in idf}
    norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {w: x / norm for w, x in v.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    return sum(x * b.get(w, 0.0) for w, x in a.items())


class WordingModel:
    """Each type's and each variant's vocabulary, weighted by how few types use each word."""

    def __init__(self, library: Library):
        texts = {t.type: t.title + " " + " ".join(v.text for n, v in t.variants.items() if v.canonical == n)
                 for t in library.types.values()}
        counts = {k: Counter(_tokens(v)) for k, v in texts.items()}
        df = Counter(w for c in counts.values() for w in c)
        n = len(counts)
        self.idf = {w: math.log((n + 1) / (d + 0.5)) for w, d in df.items()}
        self.types = {k: _vector(c, self.idf) for k, c in counts.items()}
        self.variants = {(t.type, name): _vector(Counter(_tokens(v.text)), self.idf)
                         for t in library.types.values() for name, v in t.variants.items() if v.canonical == name}

    def closest(self, text: str) -> list[tuple[float, str]]:
        v = _vector(Counter(_tokens(text)), self.idf)
        return sorted(((_cosine(v, tv), k) for k, tv in self.types.items()), reverse=True)

    def variant(self, t: ClauseType, text: str) -> str:
        """The closest variant, unless it is not clearly closer than the government's standard."""
        v = _vector(Counter(_tokens(text)), self.idf)
        std = t.variants["government-standard"].canonical
        scores = {name: _cosine(v, tv) for (type_id, name), tv in self.variants.items() if type_id == t.type}
        best = max(scores, key=lambda k: scores[k])
        return best if scores[best] >= scores.get(std, 0.0) + 0.05 else std


def wording_hits(letter: Letter, library: Library, hits: dict[str, list[Hit]], kind: str) -> None:
    """Add a hit for each type of this kind of document that a sentence's wording clearly matches
    and that neither signals nor headings recognised."""
    model = WordingModel(library)
    group = group_of(kind)
    for para in letter.paragraphs:
        if is_heading_only(para):
            continue
        for a, b in units(para.norm):
            text = para.norm[a:b]
            if len(_tokens(text)) < MIN_WORDS:
                continue
            ranked = model.closest(text)
            (score, type_id), (second, _) = ranked[0], ranked[1]
            t = library.types[type_id]
            if score < SIMILAR or score - second < MARGIN or hits.get(type_id):
                continue
            if t.group != group and kind not in t.expected_in:
                continue
            hit = Hit(type_id, model.variant(t, text), para, a, b, 0, "wording", [(a, b)])
            hits[type_id].append(hit)


