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

from ..docx.letters import Letter
from ..law.clauses import ClauseType, Library
from .folding import tidy
from .recognise import Hit, _stem, group_of, is_heading_only, recital, units

# --- the generic wording layer -----------------------------------------------------------------
# A clause the signals miss is often still recognisable by its vocabulary. The bank holds, for
# each type, the sentences of the library's own wording (every canonical variant), its title,
# and short phrasings Offices use (data/phrasings.yaml). Each sentence of the letter is scored
# against every bank entry with BM25 (rank_bm25's formula, written out here: the bank is a few
# hundred short entries and needs no dependency), a type's score being its best entry; a
# signal of the type that matches the sentence (even where the variant's other conditions do
# not hold) adds to that score as a feature. A sentence is credited to the best type when it
# clears a floor and the next type by a margin; a second type is credited in the same sentence
# only when its own signal feature also fires, and only when the sentence covers most of its
# closest entry (COVERAGE). Thresholds are calibrated on tests/recognition/dev.yaml
# (tests/recognition/evaluate.py reports a leave-one-out check of them).

K1, B = 1.2, 0.75        # BM25 constants (the usual values)
FLOOR = 14.0             # best score needed
MARGIN = 1.3             # best over the next type, as a ratio
SIGNAL = 3.0             # added when one of the type's signals matches the sentence
MIN_WORDS = 3            # content words in the sentence
FRAGMENT_FLOOR = 12.0    # a part of a sentence between commas, scored on its own
FRAGMENT_WORDS = 2
FRAGMENT_MARGIN = 1.15
# A sentence credited by wording must carry most of what its closest entry says: the share of that
# entry's term weight (idf) the sentence matches. A long sentence that shares a few common legal
# words with an entry ("plead guilty to Counts 1 and 3 in the Indictment" and a dismissal clause)
# can reach the floor on length alone; it cannot cover the entry. Calibrated by leave-one-out over
# the development set (tests/recognition/evaluate.py).
COVERAGE = 0.6
FRAGMENT_COVERAGE = 0.5  # a part of a sentence is short, so one missing word weighs more
# Round 7: the bank also holds sentences that are no clause at all (a charge described, a term defined, an admission,
# the parties and the date, an investigation or a decision recited, a court's or the press's account): the section
# NOT_A_CLAUSE of data/phrasings.yaml. They compete with the types as one more class, and a sentence (or a part of
# one) at least as close to them as to a type is credited to no type by wording. Signals and headings are unaffected.
NOT_A_CLAUSE = "not-a-clause"

_SIM_STOP = set("""a an the and or of to in on for by with at as from that this these those be is are was
were been being it its their his her your our not no any all each every other such may will shall would
could should must can if than then which who whom whose what when where whether under upon into onto
about after before during only also including include agreement client office meeting government
defendant statement statements letter paragraph united states""".split())


def _tokens(text: str) -> list[str]:
    words = re.findall(r"[A-Za-z][A-Za-z'-]+|\d+[A-Za-z]?\d*(?:\.\d+)?(?:\([a-z0-9]\))?", text.lower())
    return [_stem(w) for w in words if w not in _SIM_STOP and len(w) > 2]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;:])\s+(?=[A-Z(])|\n\s*\n", text) if s.strip()]


_PHRASINGS: dict[str, list[str]] | None = None


def phrasings() -> dict[str, list[str]]:
    global _PHRASINGS
    if _PHRASINGS is None:
        from pathlib import Path

        import yaml

        path = Path(__file__).resolve().parents[1] / "data" / "phrasings.yaml"
        _PHRASINGS = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return _PHRASINGS


class WordingModel:
    """BM25 over a bank of each type's sentences and phrasings, with signals as features."""

    def __init__(self, library: Library):
        self.library = library
        docs: list[tuple[str, str | None, Counter]] = []
        bank = phrasings()
        for t in library.types.values():
            docs.append((t.type, None, Counter(_tokens(t.title))))
            for name, v in t.variants.items():
                if v.canonical != name:
                    continue
                for sent in _sentences(re.sub(r"\{[{%#].*?[}%#]\}", " ", v.text, flags=re.S)):
                    toks = _tokens(sent)
                    if len(toks) >= 3:
                        docs.append((t.type, name, Counter(toks)))
            for phrase in bank.get(t.type, []):
                docs.append((t.type, None, Counter(_tokens(phrase))))
        for phrase in bank.get(NOT_A_CLAUSE, []):
            docs.append((NOT_A_CLAUSE, None, Counter(_tokens(phrase))))
        self.docs = docs
        n = len(docs)
        df = Counter(w for _, _, c in docs for w in c)
        self.idf = {w: math.log(1 + (n - d + 0.5) / (d + 0.5)) for w, d in df.items()}
        self.avg = sum(sum(c.values()) for _, _, c in docs) / max(n, 1)
        self.sizes = [sum(c.values()) for _, _, c in docs]
        self.mass = [sum(self.idf[w] for w in c) for _, _, c in docs]
        self.postings: dict[str, list[tuple[int, int]]] = {}
        for i, (_, _, c) in enumerate(docs):
            for w, f in c.items():
                self.postings.setdefault(w, []).append((i, f))

    def _bm25(self, query: list[str], doc: Counter) -> float:
        size = sum(doc.values())
        score = 0.0
        for w in set(query):
            f = doc.get(w, 0)
            if f:
                score += self.idf[w] * f * (K1 + 1) / (f + K1 * (1 - B + B * size / self.avg))
        return score

    def scores(self, text: str) -> dict[str, tuple[float, str | None, float]]:
        """Each type's best BM25 score for the sentence, with the variant of that entry and the
        share of the entry's term weight the sentence covers (only the entries sharing a word with
        the sentence are scored: the same figures as scoring all)."""
        totals: dict[int, float] = {}
        covered: dict[int, float] = {}
        for w in set(_tokens(text)):
            idf = self.idf.get(w)
            if idf is None:
                continue
            for i, f in self.postings[w]:
                norm = K1 * (1 - B + B * self.sizes[i] / self.avg)
                totals[i] = totals.get(i, 0.0) + idf * f * (K1 + 1) / (f + norm)
                covered[i] = covered.get(i, 0.0) + idf
        best: dict[str, tuple[float, str | None, float]] = {}
        for i, sc in totals.items():
            type_id, variant, _ = self.docs[i]
            if sc > best.get(type_id, (0.0, None, 0.0))[0]:
                best[type_id] = (sc, variant, covered[i] / max(self.mass[i], 1e-9))
        return best

    def coverage(self, type_id: str, text: str) -> float:
        """The share of the closest entry of this type that the sentence covers (0 when none)."""
        return self.scores(text).get(type_id, (0.0, None, 0.0))[2]

    def signal_feature(self, type_id: str, text: str) -> bool:
        t = self.library.types[type_id]
        return any(p.search(text) for n, v in t.variants.items() if v.canonical == n for p in v.signals.any)

    def ranked(self, text: str) -> list[tuple[float, str]]:
        """The types by score (the signal feature added); the no-clause class is left out (``unclaused``)."""
        scored = self.scores(text)
        out = [(s + (SIGNAL if self.signal_feature(k, text) else 0.0), k) for k, (s, _, _) in scored.items()
               if k != NOT_A_CLAUSE]
        return sorted(out, reverse=True)

    def unclaused(self, text: str) -> float:
        """The sentence's score against the sentences that are no clause (round 7)."""
        return self.scores(text).get(NOT_A_CLAUSE, (0.0, None, 0.0))[0]

    def variant(self, t: ClauseType, text: str) -> str:
        """The variant of the closest entry, or the government's standard when that entry is
        the title or a phrasing."""
        std = t.variants["government-standard"].canonical
        q = _tokens(text)
        best, name = 0.0, std
        for type_id, variant, doc in self.docs:
            if type_id == t.type and variant is not None:
                s = self._bm25(q, doc)
                if s > best + 0.5:
                    best, name = s, variant
        return name


# A § 3553(e) promise counts only where the letter's words say so (its signals), never by
# resemblance: a 5K1.1 paragraph, or a sentence naming the statutory minimum, reads much like one.
SIGNALS_ONLY = frozenset({"below-minimum-motion"})
# A type credited by wording only where the sentence has the word that makes it that type.
# Wording alone never credits a type whose defining word the sentence lacks: a grant not to prosecute
# speaks of prosecution, charges or immunity; a Rule 410 waiver speaks of the statements or of evidence
# (a plea's waiver of "the rights set out in Paragraph 1" is a waiver of trial rights).
NEEDS = {"substantial-assistance-motion": re.compile(r"5K1|depart|motion", re.I),
         "non-prosecution": re.compile(r"prosecut|charg|immun", re.I),
         "rule-410-waiver": re.compile(r"410|statement|evidence|admissib|proffer|plea\s+discussion", re.I)}
# Wording alone never credits a type where the sentence is the charge a document describes: "a complaint
# charging the Company with conspiracy to commit ..." is no promise to commit no crime (round 6).
# round 11: also a charging instrument described ("will file a Bill of Information charging the Company, by and
# through its agents ..., with"), however many words stand between the charge and its offence
NEVER = {"no-new-crimes": re.compile(r"\bcharg\w*\s+(?:\S+\s+){0,4}with\b|\bconspir\w*\s+to\s+commit|"
                                    r"\b(?:information|indictment|complaint)\s+(?:\S+\s+){0,2}?charg(?:ing|es)\b",
                                    re.I)}

# round 12: a sentence whose subject is the charging paper and whose verb is what it charges ("The Information charges
# the Company with conspiracy to ...") describes the case, not a term of the agreement: wording alone credits no type
# there (the signals still can: a term written into such a sentence names its own duty or promise)
_CHARGE = re.compile(r"^\W*(?:the|an?|this|said)\s+(?:\S+\s+){0,6}?"
                     r"(?:information|indictment|complaint|superseding\s+\w+)\s+(?:\S+\s+){0,3}?charg(?:es|ed)\b", re.I)

_NO_PROMISE = re.compile(r"\b(?:no|not\s+(?:a|any))\s+(?:promise|assurance|representation|guarantee)|"
                         r"\b(?:does|do|will)\s+not\s+(?:promise|agree\s+to|obligate)", re.I)


def fragments(text: str) -> list[str]:
    """The parts of a sentence between commas and semicolons, joined until each has a few words."""
    out, cur = [], ""
    for piece in re.split(r"[,;]\s+", text):
        cur = f"{cur}, {piece}" if cur else piece
        if len(_tokens(cur)) >= FRAGMENT_WORDS:
            out.append(cur)
            cur = ""
    if cur and out:
        out[-1] += ", " + cur
    return out if len(out) > 1 else []


def fragment_types(model: WordingModel, text: str) -> list[str]:
    """Types a part of the sentence clearly holds (a discretion clause inside a motion sentence)."""
    out = []
    for frag in fragments(text):
        ranked = model.ranked(frag) + [(0.0, "")]
        if ranked[0][0] >= FRAGMENT_FLOOR and ranked[0][0] >= FRAGMENT_MARGIN * ranked[1][0] \
                and model.coverage(ranked[0][1], frag) >= FRAGMENT_COVERAGE and ranked[0][0] > model.unclaused(frag):
            out.append(ranked[0][1])
    return out


_MODELS: dict[int, tuple[Library, WordingModel]] = {}


def model_for(library: Library) -> WordingModel:
    """One wording model per loaded library (the library is cached and never changes)."""
    got = _MODELS.get(id(library))
    if got is None or got[0] is not library:
        got = (library, WordingModel(library))
        _MODELS[id(library)] = got
    return got[1]


def wording_hits(letter: Letter, library: Library, hits: dict[str, list[Hit]], kind: str | None) -> None:
    """Add a hit for each type of this kind of document that a sentence's wording clearly matches
    and that neither signals nor headings recognised (of any kind when ``kind`` is None: an
    excerpt too short to tell)."""
    model = model_for(library)
    group = group_of(kind) if kind else None
    for para in letter.paragraphs:
        if is_heading_only(para):
            continue
        for a, b in units(para.norm):
            text = para.norm[a:b]
            if len(_tokens(text)) < MIN_WORDS or recital(para.norm, a, b):
                continue
            ranked = model.ranked(text)
            if len(ranked) < 2:
                continue
            if _NO_PROMISE.search(text) and ranked[0][1] != "not-cooperation-agreement":
                continue                      # "no promise that it will move ..." promises nothing
            (score, top), (second, _) = ranked[0], ranked[1]
            chosen = []
            if score >= FLOOR and score >= MARGIN * second:
                chosen.append(top)
            chosen += [k for s, k in ranked[1:6] if s >= FLOOR and model.signal_feature(k, text)]
            chosen += [k for k in fragment_types(model, text) if k not in chosen]
            covers = {k: c for k, (_, _, c) in model.scores(text).items()}
            score_of = {k: s for s, k in ranked}
            unclaused = model.unclaused(text)
            for type_id in chosen:
                t = library.types[type_id]
                if hits.get(type_id) or type_id in SIGNALS_ONLY:
                    continue
                if covers.get(type_id, 0.0) < COVERAGE and type_id not in fragment_types(model, text):
                    continue
                if type_id in NEEDS and not NEEDS[type_id].search(text):
                    continue
                if type_id in NEVER and NEVER[type_id].search(text) or _CHARGE.match(text):
                    continue
                if unclaused >= score_of.get(type_id, 0.0) and type_id not in fragment_types(model, text):
                    continue                  # round 7: the sentence reads as no clause at least as much
                if kind is not None and t.group != group and kind not in t.expected_in:
                    continue
                hits[type_id].append(Hit(type_id, model.variant(t, text), para, a, b, 0, "wording", [(a, b)]))
    tidy(letter, hits)          # round 11 (folding.py): nothing in the copy list; a duty's adjectives are the duty's


# round 7: a body that opens by describing the charge ("The Information to be filed in this case charges the
# defendant ...", "The Indictment charges ...") or defining a term ("As used in this Agreement, ...") states no term
_NOT_A_CLAUSE = re.compile(
    r"^\W*(?:(?:the|an?)\s+(?:\S+\s+){0,8}?(?:information|indictment|complaint)\s+(?:\S+\s+){0,6}?charg(?:es|ed|ing)\b|"
    r"as\s+used\s+in\s+this\s+(?:\w+\s+)?agreement\b|the\s+term\s+[\"“']?\w+)", re.I)


def confirm_headings(hits: dict[str, list[Hit]], library: Library) -> None:
    """A heading with words beyond a type's title ("Cooperation Credit") counts for that type only
    when the body under it reads like the type too (among its three closest types)."""
    from .recognise import _words, heading_in

    model = None
    for type_id, hs in hits.items():
        keep = []
        for h in hs:
            if h.by != "heading":
                keep.append(h)
                continue
            head = heading_in(h.paragraph.norm)
            title = _words(library.types[type_id].title)
            model = model or model_for(library)
            body = h.paragraph.norm[h.start:h.end]
            if head is None or len(_words(head[0]) - title) == 0:
                # round 7: a heading that is the type's title still needs a body that reads like some clause, and
                # not only like the charge or a definition: "A. Scope of Agreement: The Information to be filed in
                # this case charges the defendant ..." introduces the charges
                if head is None or not _NOT_A_CLAUSE.match(body):
                    keep.append(h)
                continue
            if type_id in [k for _, k in model.ranked(body)[:3]]:
                keep.append(h)
        hits[type_id] = keep
