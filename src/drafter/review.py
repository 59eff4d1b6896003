"""``drafter review``: read a government letter against the clause library.

What a letter says is recognised by the clause library itself: every variant's ``signals``
(docs/clause-format.md) are tried on each paragraph, and where a paragraph holds several
clauses, on each of its sentences and lettered items. Two thin generic layers, also built
from the library, catch what the signals miss, and only for types no signal found:

- headings: a heading such as "Polygraph Examinations." that carries a type's title (or id)
  words recognises that type (its variant is then unknown: ``null``);
- wording: a sentence whose vocabulary is clearly closest to one type's wording in the library
  (tf-idf over the types' variant texts) recognises that type, with the closest variant.

The kind of document (proffer | cooperation | plea-cooperation) is decided from plea and
proffer markers and from which group of clause types the letter holds. A type is reported
for a document when it belongs to the document's group or the clause file expects it there
(``review.expected_in``); a type of the other group is reported only where it has a paragraph
of its own (a separate Rule 410 waiver in a plea agreement, a polygraph paragraph in a
proffer letter), never for words inside another clause (a proffer letter's "if your client
testifies at trial" is impeachment, not a promise to testify).

The JSON is the contract in shared/spec/json-outputs.md (``drafter review --json``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .clauses import ClauseType, Library, Variant, load_library
from .dockind import DocumentKind, detect, fits
from .environment import GAP_CLOSE, GAP_OPEN, evaluate, render_text
from .letters import Letter, Paragraph, read_letter

KINDS = ("proffer", "cooperation", "plea-cooperation")
RISK_RANK = {"high": 3, "medium": 2, "low": 1, "none": 0}
PRIORITY = {"high": "high", "medium": "medium"}
PRIORITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


# --- what kind of document --------------------------------------------------------------------
# These recognise the document, not its clauses: the clauses come from the library's signals.

_PLEA_STRONG = [_rx(p) for p in (        # the document itself carries the plea
    r"\b(?:(?:agrees?|intends?|wishes)\s+to|will|shall)\s+(?:waive\s+indictment\s+and\s+)?"
    r"(?:plead\s+guilty|enter\s+(?:a\s+)?(?:plea\s+of\s+guilty|guilty\s+plea))",
    r"(?<!has\s)(?<!have\s)(?<!had\s)\bpleads\s+guilty\s+to\b",
    r"\bwill\s+(?:accept|enter)\s+(?:a|the|your\s+client\W?s)\s+(?:guilty\s+)?plea",
    r"\bthis\s+(?:letter|offer)\s+(?:will\s+)?become\s+the\s+plea\s+agreement",
)]
_PLEA_WEAK = [_rx(p) for p in (
    r"\bplea\s+agreement\b",
    r"\b(?:plea|pleas)\s+of\s+guilty\s+to\b",
    r"\bpleading\s+guilty\b",
    r"\bRule\s+11\s*\(\s*c\s*\)",
    r"\bcounts?\s+(?:[\w-]+\s+){0,4}of\s+the\s+(?:[\w-]+\s+)?(?:indictment|information)\b",
    r"\bmaximum\s+(?:statutory\s+)?(?:penalty|penalties|term|sentence)",
    r"\bspecial\s+assessment\b",
    r"\bwaives?\s+(?:\w+\s+){0,4}right\s+to\s+(?:appeal|collaterally)",
    r"\b(?:change\s+of\s+plea|plea\s+hearing)\b",
)]
_SELF_PLEA = [_rx(p) for p in (r"\bth(?:is|e\s+present)\s+plea\s+agreement\b", r"^\s*PLEA\s+AGREEMENT\s*$")]
_SELF_COOPERATION = [_rx(p) for p in (r"\bth(?:is|e\s+present)\s+cooperation\s+agreement\b",
                                      r"^\s*COOPERATION\s+AGREEMENT\s*$")]
_PROFFER = [_rx(p) for p in (
    r"\bproffer(?:s|ed|ing)?\b",
    r"queen\s+for\s+a\s+day",
    r"\bnot\s+(?:a|an)\s+(?:cooperation|immunity|non-?prosecution)\s+agreement",
    r"\b(?:the|this|such)\s+(?:meeting|interview|session)s?\b",
    r"\boff[-\s]the[-\s]record\b",
    r"\bstatements?\s+(?:made\s+)?(?:by\s+\S+\s+(?:\S+\s+)?)?(?:during|at|in\s+the\s+course\s+of)\s+"
    r"(?:the|this|any\s+such)\s+(?:meeting|proffer|interview|session)",
)]
_PROFFER_STRONG = [_rx(p) for p in (
    r"\bproffer\s+(?:agreement|letter)\b",
    r"queen\s+for\s+a\s+day",
    r"\b(?:this|it)\s+is\s+not\s+(?:a|an)\s+(?:cooperation|immunity|non-?prosecution)\s+agreement",
    r"\bnot\s+(?:a|an)\s+(?:cooperation|immunity)\s+agreement",
)]
_COOPERATION = [_rx(p) for p in (
    r"\bcooperation\s+agreement\b",
    r"\bsubstantial\s+assistance\b",
    r"\b5K1\.1\b",
    r"\bdebriefings?\b",
    r"\bagrees?\s+to\s+cooperate\b",
    r"\bcooperate\s+fully\b",
)]
_NEGATED = _rx(r"\b(?:not|no|nor|neither|without|never)\b[^.;]{0,80}$")


def _count(patterns: list[re.Pattern], text: str, negatable: bool = True) -> int:
    """Matches of the patterns that are not negated in their sentence ("not a plea agreement")."""
    n = 0
    for rx in patterns:
        for m in rx.finditer(text):
            before = text[max(0, m.start() - 100):m.start()]
            if negatable and _NEGATED.search(before.split(". ")[-1]):
                continue
            n += 1
    return n


@dataclass
class KindEvidence:
    plea_strong: int
    plea_weak: int
    self_plea: int
    self_cooperation: int
    proffer: int
    proffer_strong: int
    cooperation: int
    proffer_types: int
    cooperation_types: int

    def to_json(self) -> dict:
        return dict(self.__dict__)


def classify(letter: Letter, hits: dict[str, list["Hit"]], library: Library) -> tuple[str, KindEvidence]:
    """proffer | cooperation | plea-cooperation, with the evidence that decided it."""
    text = letter.text
    groups = {"proffer": 0, "cooperation": 0}
    for type_id, found in hits.items():
        if found:
            groups[library.types[type_id].group] = groups.get(library.types[type_id].group, 0) + 1
    heads = "\n".join(p.norm for p in letter.paragraphs)
    ev = KindEvidence(
        plea_strong=_count(_PLEA_STRONG, text), plea_weak=_count(_PLEA_WEAK, text),
        self_plea=sum(len(rx.findall(heads)) for rx in _multiline(_SELF_PLEA)),
        self_cooperation=sum(len(rx.findall(heads)) for rx in _multiline(_SELF_COOPERATION)),
        proffer=_count(_PROFFER, text, negatable=False),
        proffer_strong=_count(_PROFFER_STRONG, text, negatable=False),
        cooperation=_count(_COOPERATION, text), proffer_types=groups["proffer"],
        cooperation_types=groups["cooperation"],
    )
    if ev.plea_strong >= 1 and (ev.plea_strong + ev.plea_weak >= 2 or ev.proffer_strong == 0):
        return "plea-cooperation", ev
    stand_alone = ev.self_cooperation > ev.self_plea      # refers to a plea agreement made elsewhere
    if ev.plea_weak >= 3 and ev.proffer_strong == 0 and not stand_alone:
        return "plea-cooperation", ev
    proffer_score = ev.proffer + 4 * ev.proffer_strong + 2 * ev.proffer_types
    cooperation_score = ev.cooperation + 2 * ev.cooperation_types
    return ("proffer" if proffer_score >= cooperation_score else "cooperation"), ev


def _multiline(patterns: list[re.Pattern]) -> list[re.Pattern]:
    return [re.compile(p.pattern, p.flags | re.M) for p in patterns]


def group_of(kind: str) -> str:
    return "proffer" if kind == "proffer" else "cooperation"


# --- recognising clauses ------------------------------------------------------------------------

@dataclass
class Hit:
    """One variant recognised in one paragraph."""

    type: str
    variant: str | None          # the canonical variant id; None when only the heading matched
    paragraph: Paragraph
    start: int                   # the match, in the paragraph's normalised text
    end: int
    score: int                   # distinct signals that matched (all + any)
    by: str = "signals"          # signals | heading | wording
    spans: list[tuple[int, int]] = field(default_factory=list)   # units holding the clause

    @property
    def coverage(self) -> float:
        """The share of the paragraph's body this clause takes up (1.0: a paragraph of its own)."""
        body = len(self.paragraph.norm) - label_end(self.paragraph.norm)
        return sum(b - a for a, b in self.spans) / max(body, 1)

    def key(self, risk: str) -> tuple:
        """Which of a type's hits to report: signals before headings before wording; a body
        paragraph before a heading; the clause's own paragraph before a passing mention."""
        return (self.by == "signals", self.by == "heading", not is_heading_only(self.paragraph),
                self.coverage >= 0.5, self.score, RISK_RANK.get(risk, 0))


_ABBREV = re.compile(
    r"(?:\b(?:U\.S|U\.S\.C|Fed|R|Evid|Crim|Civ|P|v|vs|No|Nos|Mr|Ms|Mrs|Dr|Esq|Inc|Cir|Supp|F|S|Ct|"
    r"Stat|Pub|L|al|i\.e|e\.g|cf|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|St|Jr|Sr|Corp|Co|"
    r"Hon|Gen|Atty|Asst|Dep|App|Cong|Sess|Reg|Art|Ch|Sec|ed|para|cmt|comment|n|p|pp|[A-Z])\.)$")
_ITEM_SPLIT = re.compile(r"(?:(?<=[;:])|(?<=; and)|(?<=; or)|(?<=, and)|(?<=, or))\s+"
                         r"(?=\((?:[a-z]{1,2}|[ivx]{1,4}|\d{1,2})\)\s)")
_INLINE_LABEL = re.compile(r"\((?:[a-z]{1,2}|[ivx]{1,4}|\d{1,2})\)\s+")
_LABEL = re.compile(
    r"^\s*(?:\(?\d{1,2}[.)]|\(\d{1,2}\)|\([a-z]{1,2}\)|\([ivx]{1,5}\)|[A-Z][.)]|[IVX]{1,5}\.|¶+\s*\d+\.?|"
    r"(?:Paragraph|PARAGRAPH|Section|SECTION)\s+\d+[.:]?|(?:FIRST|SECOND|THIRD|FOURTH|FIFTH|SIXTH|"
    r"SEVENTH|EIGHTH|NINTH|TENTH|ELEVENTH|TWELFTH|THIRTEENTH|FOURTEENTH|FIFTEENTH)\b[,:.]?)\s*")


def label_end(text: str) -> int:
    """Where a paragraph's own number or letter ("3.", "(c)", "FIRST,") ends."""
    m = _LABEL.match(text)
    return m.end() if m else len(text) - len(text.lstrip())


def units(text: str) -> list[tuple[int, int]]:
    """Sentences and lettered items of a paragraph, as spans (after its own label)."""
    out: list[tuple[int, int]] = []
    h = heading_in(text)
    start = h[1] if h else label_end(text)
    for m in re.finditer(r"[.!?][\"')\]]?(?=\s+[\"'(\[]?[A-Z0-9])", text):
        end = m.end()
        if end <= start:
            continue
        if _ABBREV.search(text[max(start, end - 12):end]):
            continue
        out.append((start, end))
        start = end
    if start < len(text):
        out.append((start, len(text)))
    finer: list[tuple[int, int]] = []
    for a, b in out:
        cut = a
        for m in _ITEM_SPLIT.finditer(text, a, b):
            if m.start() > cut:
                finer.append((cut, m.start()))
                cut = m.end()
        finer.append((cut, b))
    out = []
    for a, b in finer:
        a += len(text[a:b]) - len(text[a:b].lstrip())
        m = _INLINE_LABEL.match(text, a, b)
        if m and m.end() < b:
            a = m.end()                 # an inline "(c) " stays with the letter's numbering
        if text[a:b].strip():
            out.append((a, b))
    return out


def _score(v: Variant, text: str) -> tuple[int, re.Match] | None:
    m = v.signals.match(text)
    if m is None:
        return None
    distinct = sum(1 for p in v.signals.any if p.search(text)) + len(v.signals.all)
    return distinct, m


def _candidates(t: ClauseType) -> list[Variant]:
    return [v for name, v in t.variants.items() if v.canonical == name and not v.signals.empty]


def match_type(t: ClauseType, para: Paragraph) -> Hit | None:
    """The best variant of ``t`` in this paragraph: tried on the whole paragraph, then per unit."""
    spans = units(para.norm)
    whole = [(0, len(para.norm))]
    for scope in (whole, spans):
        best: tuple | None = None
        for a, b in scope:
            text = para.norm[a:b]
            for v in _candidates(t):
                got = _score(v, text)
                if got is None:
                    continue
                score, m = got
                key = (score, RISK_RANK.get(v.risk, 0), v.canonical == t.variants["government-standard"].canonical
                       if "government-standard" in t.variants else False)
                if best is None or key > best[0]:
                    best = (key, v, a + m.start(), a + m.end(), score)
        if best is not None:
            _, v, s, e, score = best
            return Hit(t.type, v.canonical, para, s, e, score, "signals", _clause_spans(v, para, spans, s, e))
    return None


def _clause_spans(v: Variant, para: Paragraph, spans: list[tuple[int, int]], s: int, e: int) -> list[tuple[int, int]]:
    """The units of the paragraph body that carry this clause: the match's and any other unit
    whose text this variant's signals recognise; the whole body when the match is its heading."""
    if not spans:
        return [(label_end(para.norm), len(para.norm))]
    keep = [(a, b) for a, b in spans if a < e and s < b]
    keep += [(a, b) for a, b in spans if (a, b) not in keep
             and any(p.search(para.norm[a:b]) for p in v.signals.any)]
    return sorted(keep) or list(spans)


def scan(letter: Letter, library: Library) -> dict[str, list[Hit]]:
    """Every type's hits over the letter (signals only), in paragraph order, within the time
    budget (``limits.RECOGNITION_SECONDS``)."""
    import time

    from .errors import DrafterError
    from .limits import RECOGNITION_SECONDS

    hits: dict[str, list[Hit]] = {t: [] for t in library.types}
    deadline = time.monotonic() + RECOGNITION_SECONDS
    for para in letter.paragraphs:
        if time.monotonic() > deadline:
            raise DrafterError(f"{letter.path}: recognising the clauses took longer than "
                               f"{RECOGNITION_SECONDS} seconds; the letter is too long or too unusual "
                               "to review (check the house clauses' signals with drafter clauses lint)")
        for t in library.ordered():
            h = match_type(t, para)
            if h is not None:
                hits[t.type].append(h)
    return hits


# --- the generic heading layer ----------------------------------------------------------------

_STOP = {"of", "and", "or", "the", "a", "an", "to", "for", "in", "on", "by", "with", "this", "that",
         "its", "agreement", "use", "defendant", "client", "government", "office", "s"}
_RUN_IN = re.compile(r"^([A-Z][\w'()\-]*(?:[ \t]+[\w'()\-&]+){0,6}?)[ \t]*[.:—–-][ \t]+(?=[A-Z\"(])")


def _stem(word: str) -> str:
    w = re.sub(r"[^a-z0-9]", "", word.lower()).replace("acknowledgement", "acknowledgment")
    for suffix in ("ations", "ation", "ions", "ion", "ies", "ing", "es", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def _words(text: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"[A-Za-z0-9()]+", text.replace("(", " ").replace(")", " "))
            if w.lower() not in _STOP} - {""}


def _title_case(text: str) -> bool:
    words = re.findall(r"[A-Za-z][\w']*", text)
    return bool(words) and all(w[0].isupper() for w in words if len(w) > 3 and w.lower() not in _STOP)


def heading_in(text: str) -> tuple[str, int] | None:
    """A heading at the start of a paragraph's text: (heading, where the body starts) or None.
    A paragraph that is only a heading gives the body start ``len(text)``."""
    start = label_end(text)
    rest = text[start:].strip()
    if not rest:
        return None
    if len(rest) <= 70 and len(rest.split()) <= 8 and rest[-1] not in ",;" and _title_case(rest):
        return rest.rstrip(".:"), len(text)
    m = _RUN_IN.match(text[start:])
    if m and _title_case(m.group(1)) and len(m.group(1).split()) <= 7:
        return m.group(1), start + m.end()
    return None


def heading_of(para: Paragraph) -> tuple[str, int] | None:
    return heading_in(para.norm)


def is_heading_only(para: Paragraph) -> bool:
    h = heading_of(para)
    return h is not None and h[1] >= len(para.norm)


def heading_type(heading: str, library: Library) -> str | None:
    """The one type whose title or id words all appear in the heading (the most specific)."""
    words = _words(heading)
    best: list[tuple[int, str]] = []
    for t in library.types.values():
        for keys in (_words(t.title), _words(t.type.replace("-", " "))):
            if keys and keys <= words:
                best.append((len(keys), t.type))
    if not best:
        return None
    best.sort(reverse=True)
    if len(best) > 1 and best[0][0] == best[1][0] and best[0][1] != best[1][1]:
        return None
    return best[0][1]


def heading_hits(letter: Letter, library: Library, hits: dict[str, list[Hit]]) -> None:
    """Add a hit for each type named by a heading and recognised by no signal."""
    paras = letter.paragraphs
    for i, para in enumerate(paras):
        h = heading_of(para)
        if h is None:
            continue
        type_id = heading_type(h[0], library)
        if type_id is None or hits.get(type_id):
            continue
        target, body = para, h[1]
        if body >= len(para.norm):
            if i + 1 >= len(paras) or heading_of(paras[i + 1]) is not None:
                continue
            target, body = paras[i + 1], label_end(paras[i + 1].norm)
        span = (body, len(target.norm))
        hits[type_id].append(Hit(type_id, None, target, body, len(target.norm), 0, "heading", [span]))


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


# --- the review -----------------------------------------------------------------------------

@dataclass
class Found:
    type: str
    variant: str | None
    hit: Hit
    paragraphs: list[int]

    @property
    def paragraph(self) -> Paragraph:
        return self.hit.paragraph


@dataclass
class Review:
    letter: Letter
    kind: str
    found: list[Found]
    missing: list[str]
    checklist: list[dict]
    library: Library
    evidence: KindEvidence
    context: dict | None = None         # the matter's clause context (with --matter)
    proposed: dict[str, str] = field(default_factory=dict)   # type -> variant to propose
    matter_id: str | None = None
    attorney: str = ""
    workspace: Any = None
    doc: DocumentKind = field(default_factory=lambda: DocumentKind("proffer", "individual", False))
    asks: list = field(default_factory=list)          # asks.Ask, must first
    stance: str = "targeted"
    warnings: list[str] = field(default_factory=list)
    applied: list[dict] = field(default_factory=list)  # what the counter-draft changed (redline.applied)

    def entry(self, f: Found) -> dict:
        t = self.library.types[f.type]
        v = t.variants[f.variant] if f.variant else t.variants["government-standard"]
        s, e = f.hit.start, f.hit.end
        return {
            "type": f.type, "variant": f.variant, "risk": v.risk,
            "paragraph": f.paragraph.number, "excerpt": excerpt(f.hit),
            "ask": self.text(v.ask), "why": self.text(v.why),
            "title": t.title, "risk_note": self.text(v.risk_note), "cites": list(v.cites),
            "acceptable": self.acceptable(f), "proposed": self.proposed_variant(f.type),
            "recognised_by": f.hit.by, "paragraphs": f.paragraphs, "in_scope": self.in_scope(f.type),
            "matched": f.paragraph.norm[s:e] if f.hit.by == "signals" else None,
        }

    def proposed_variant(self, type_id: str) -> str:
        """The variant the defense proposes: the matter's choice, else defense-proposed (canonical)."""
        t = self.library.types[type_id]
        return t.variants[self.proposed.get(type_id, "defense-proposed")].canonical

    def in_scope(self, type_id: str) -> bool:
        """Is the type one of this kind of document's own group? The library's wording is drafted
        for its group's document (a proffer waiver reads "the Meeting"), so wording for a type of
        the other group is reported and put on the checklist, not proposed in the counter-draft."""
        return self.library.types[type_id].group == group_of(self.kind)

    def acceptable(self, f: Found) -> bool:
        """The letter already has the defense wording (or the variant proposed for the matter)."""
        if f.variant is None:
            return False
        t = self.library.types[f.type]
        ok = {t.variants["defense-proposed"].canonical}
        if f.type in self.proposed:
            ok.add(t.variants[self.proposed[f.type]].canonical)
        return f.variant in ok

    def text(self, s: str) -> str:
        """Library wording, rendered with the matter's facts where it holds Jinja (without a
        matter, facts become bracketed placeholders and conditional parts are left out)."""
        if "{{" not in s and "{%" not in s:
            return s
        if self.context is not None:
            return gaps_to_brackets(render_text(s, self.context, "review ask"))
        return gaps_to_brackets(re.sub(r"\{%.*?%\}", "", placeholder_source(s), flags=re.S))

    def to_json(self) -> dict:
        return {
            "document": self.letter.name,
            "kind": self.kind,
            "clauses": [self.entry(f) for f in self.found],
            "missing": list(self.missing),
            "checklist": self.checklist,
            "format": self.letter.format,
            "paragraphs": len(self.letter.paragraphs),
            "matter": self.matter_id,
            "kind_evidence": self.evidence.to_json(),
            "missing_notes": {m: self.library.types[m].gap_note for m in self.missing},
            "document_kind": self.doc.kind,
            "party": self.doc.party,
            "charged": self.doc.charged,
            "stance": self.stance,
            "asks": [a.to_json() for a in self.asks],
            "warnings": list(self.warnings),
        }


def gaps_to_brackets(text: str) -> str:
    return text.replace(GAP_OPEN, "[").replace(GAP_CLOSE, "]")


def placeholder_source(text: str) -> str:
    """Template text with every ``{{ fact }}`` made a marked gap, labelled by its ``need("...")``
    label or its name (``analysis.mandatory_minimum_months | months`` -> MANDATORY MINIMUM MONTHS)."""
    def label(m: re.Match) -> str:
        expr = m.group(1)
        need = re.search(r"need\(\s*['\"]([^'\"]+)['\"]", expr)
        if need:
            name = need.group(1)
        else:
            head = re.split(r"[|(]", expr)[0].strip().split(".")[-1]
            name = head.replace("_", " ").upper() or "FACT"
        return GAP_OPEN + name + GAP_CLOSE

    return re.sub(r"\{\{(.*?)\}\}", label, text, flags=re.S)


def excerpt(hit: Hit, limit: int = 420, window: int = 300) -> str:
    """The clause's words from the government's text: the unit holding the match, or about
    300 characters around the match when that unit is long."""
    para = hit.paragraph
    unit = next(((a, b) for a, b in hit.spans if a <= hit.start < b), None)
    if unit is None:                       # the match is the clause's run-in heading
        first = hit.spans[0]
        unit = (min(label_end(para.norm), hit.start), first[1]) if hit.start < first[0] else first
    a, b = unit
    if b - a > limit:
        mid = (hit.start + hit.end) // 2
        a = max(unit[0], min(mid - window // 2, hit.start))
        b = min(unit[1], max(a + window, hit.end))
        while a > unit[0] and not para.norm[a - 1].isspace():
            a -= 1
        while b < unit[1] and not para.norm[b].isspace():
            b += 1
    oa, ob = para.original_span(a, b)
    text = " ".join(para.text[oa:ob].split())
    return ("…" if a > unit[0] else "") + text + ("…" if b < unit[1] else "")


def choose(hits: dict[str, list[Hit]], kind: str, library: Library) -> list[Found]:
    """One entry per type found, for a document of this kind (see the module docstring): the
    document's own types first; then another group's type where it has a paragraph that none of
    the own types' chosen clauses holds."""
    group = group_of(kind)

    def own(type_id: str) -> bool:
        t = library.types[type_id]
        return t.group == group or kind in t.expected_in

    def best(type_id: str, hs: list[Hit]) -> Found:
        t = library.types[type_id]
        risk = {h.variant: (t.variants[h.variant].risk if h.variant else "none") for h in hs}
        top = max(hs, key=lambda h: h.key(risk[h.variant]))
        return Found(type_id, top.variant, top, sorted({h.paragraph.number for h in hs}))

    found = [best(type_id, hs) for type_id, hs in hits.items() if hs and own(type_id)]
    claimed = {f.paragraph.number for f in found}
    for type_id, hs in hits.items():
        if own(type_id):
            continue
        hs = [h for h in hs if h.paragraph.number not in claimed and h.by == "signals"]
        if hs:
            found.append(best(type_id, hs))
    found.sort(key=lambda f: (f.paragraph.number, library.types[f.type].order))
    return found


def missing_types(found: list[Found], kind: str, library: Library, context: dict | None) -> list[str]:
    """Types a document of this kind should address and does not, where the silence matters."""
    have = {f.type for f in found}
    # Without a matter, a type that only some matters need (its `include` rule: safety
    # measures, immigration, an interpreter, the safety valve) is not called a gap.
    out = [t.type for t in library.ordered() if kind in t.expected_in and t.gap and t.type not in have
           and (context is not None or not t.include)]
    # The two gaps the contract names, whatever the clause files say.
    if kind == "proffer" and "information-sharing" in library.types and "information-sharing" not in have:
        out.append("information-sharing")
    # A § 3553(e) promise counts only where the letter's words say so (the signals), never by a
    # heading or by resemblance: a 5K1.1 paragraph reads much like one.
    by_signals = {f.type for f in found if f.hit.by == "signals"}
    if (kind != "proffer" and "substantial-assistance-motion" in have and "below-minimum-motion" not in by_signals
            and "below-minimum-motion" in library.types):
        out.append("below-minimum-motion")
    out = list(dict.fromkeys(out))
    if context is not None:
        # The matter's facts decide: a type its rules leave out (no statutory minimum, no drug
        # offense for the safety valve) is no gap; a type its rules call for (an interpreter,
        # safety concerns) is one even where silence is usually harmless.
        out = [m for m in out if _relevant(library.types[m], context)]
        out += [t.type for t in library.ordered() if kind in t.expected_in and t.include
                and t.type not in have and _relevant(t, context)]
        if context["analysis"].get("mandatory_minimum_months", 0) <= 0:
            out = [m for m in out if m != "below-minimum-motion"]
        out = list(dict.fromkeys(out))
    order = {t.type: i for i, t in enumerate(library.ordered())}
    return sorted(out, key=lambda m: order[m])


def _relevant(t: ClauseType, context: dict) -> bool:
    """Does the type apply to this matter (its ``include`` rule)?"""
    if not t.include:
        return True
    return bool(evaluate(t.include, context, f"{t.file}: include"))


def checklist(review: Review) -> list[dict]:
    """Items in the shape of ``drafter analyze``'s checklist: one per clause to change, one per gap."""
    lib = review.library
    items = []
    tiers = {a.type: a.tier for a in review.asks}
    for f in review.found:
        if review.acceptable(f) or f.type not in tiers and not fits(f.type, review.doc):
            continue
        t = lib.types[f.type]
        v = t.variants[f.variant] if f.variant else t.variants["government-standard"]
        items.append(_item(review, t, v, f"clause:{f.type}", v.ask, v.why, f.variant,
                           paragraph=f.paragraph.number, status="found", tier=tiers.get(f.type)))
    for m in review.missing:
        t = lib.types[m]
        std = t.variants["government-standard"]
        why = t.gap_note or std.why
        items.append(_item(review, t, std, f"review:{m}", std.ask, why, std.canonical, status="missing",
                           tier=tiers.get(m)))
    items.sort(key=lambda i: (i["tier"] != "must", PRIORITY_ORDER.get(i["priority"], 3)))
    return items


def _item(review: Review, t: ClauseType, v: Variant, id_: str, point: str, why: str, current: str | None,
          **extra: Any) -> dict:
    proposed = t.variants[review.proposed.get(t.type, "defense-proposed")]
    fallback = t.variants.get("fallback")
    cites = list(dict.fromkeys(list(v.cites) + list(proposed.cites)))
    return {
        "id": id_, "priority": PRIORITY.get(v.risk, "low"), "point": review.text(point),
        "why": review.text(why), "cites": cites, "source": "review",
        "fallback": (f"{fallback.title}: {review.text(fallback.ask)}"
                     if fallback and current is not None and not t.same(fallback.variant, current)
                     and fallback.canonical != proposed.canonical else None),
        "verify": list(dict.fromkeys(list(v.verify) + list(proposed.verify))),
        "type": t.type, "proposed": proposed.canonical, "title": t.title, **extra,
    }


# --- entry point ------------------------------------------------------------------------------

def review_letter(path: str | Path, matter: str | Path | None = None, library: Library | None = None,
                  stance: str | None = None) -> Review:
    """Read and review a letter; with a matter, its facts and analysis shape the asks and gaps.
    Reading and reviewing run inside one time and memory budget (limits.py, environment.py)."""
    from .environment import RENDER_SECONDS, render_budget
    from .limits import RECOGNITION_SECONDS

    with render_budget(seconds=RECOGNITION_SECONDS + RENDER_SECONDS, what="the review"):
        letter = read_letter(path)
        plan = None
        if matter is not None:
            from .plan import plan_for_path

            plan = plan_for_path(Path(matter))
            workspace = plan.workspace
        else:
            workspace = letter_workspace(Path(path))
        library = library or (plan.library if plan is not None else load_library(workspace.clauses_dir))
        return review_parsed(letter, library, plan, workspace, stance)


def letter_workspace(path: Path):
    """The firm profile for a letter: drafter.yaml from the letter's folder, else from here."""
    from .workspace import DEMO, Workspace, find, load

    found = find(path.parent) or find(Path.cwd())
    return load(found) if found else Workspace(DEMO, demo=True)


def review_parsed(letter: Letter, library: Library, plan: Any = None, workspace: Any = None,
                  stance: str | None = None) -> Review:
    """Review a letter already read (the steps: scan, classify, headings, choose, gaps, checklist)."""
    hits = scan(letter, library)
    kind, evidence = classify(letter, hits, library)
    heading_hits(letter, library, hits)
    wording_hits(letter, library, hits, kind)
    found = choose(hits, kind, library)
    context = plan.context if plan is not None else None
    proposed = {c.type: c.variant for c in plan.choices} if plan is not None else {}
    workspace = plan.workspace if plan is not None else workspace
    if plan is not None:
        attorney = plan.context["attorney"]["name"]
    elif workspace is not None:
        attorney = workspace.attorney_context()["name"]
    else:
        attorney = "Defense Counsel"
    review = Review(letter, kind, found, [], [], library, evidence, context, proposed,
                    plan.matter.id if plan is not None else None, attorney, workspace)
    review.doc = detect(letter.text, kind)
    review.missing = [m for m in missing_types(found, kind, library, context) if fits(m, review.doc)]
    from .asks import matter_strategy, select

    strategy = matter_strategy(plan) if plan is not None else None
    if stance is None and plan is not None:
        stance = (plan.context.get("matter", {}).get("negotiation") or {}).get("stance")
    review.stance = stance or getattr(strategy, "stance", None) or "targeted"
    from .counterdraft import feasible

    review.asks = select(review, review.stance, strategy, feasible(review))
    if plan is not None:
        review.warnings += name_warnings(letter, plan)
    review.checklist = checklist(review)
    return review


_NAMED = [re.compile(p) for p in (
    r"(?:your\s+client|meeting\s+of|on\s+behalf\s+of|client),?\s+([A-Z][a-z]+(?:\s+[A-Z]\.?)?(?:\s+[A-Z][A-Za-z'-]+){1,2})\s*\(",
    r"Re:\s*(?:[^\n—–-]*[—–-]\s*)?(?:United\s+States\s+v\.\s+)?([A-Z][a-z]+(?:\s+[A-Z]\.?)?(?:\s+[A-Z][A-Za-z'-]+){1,2})\s*$",
)]


def letter_person(letter: Letter) -> str | None:
    """The person the letter names as the client, where it names one."""
    for p in letter.paragraphs[:40]:
        for rx in _NAMED:
            m = rx.search(p.norm)
            if m and "[" not in m.group(1):
                return m.group(1)
    return None


def name_warnings(letter: Letter, plan: Any) -> list[str]:
    named = letter_person(letter)
    client = str(plan.context.get("client", {}).get("name") or "")
    if not named or not client:
        return []
    if named.split()[-1].lower() not in client.lower():
        return [f"the letter names {named}, but the matter's client is {client}: check that this is the "
                f"right matter before using its asks."]
    return []


# --- the readable report -------------------------------------------------------------------------

KIND_NAMES = {"proffer": "proffer letter", "cooperation": "cooperation agreement",
              "plea-cooperation": "plea agreement with cooperation terms"}


def report_lines(review: Review) -> list[str]:
    """The report ``drafter review`` prints without --json: one block per clause, in words."""
    from .report import RISK_WORDS

    lib, tiers = review.library, {a.type: a.tier for a in review.asks}
    doc = review.doc
    out = [f"{review.letter.name}: {doc.name} with {'a company' if doc.company else 'an individual'}, "
           f"{len(review.letter.paragraphs)} paragraphs"]
    if review.matter_id:
        out.append(f"Matter {review.matter_id}: asks and gaps use its facts and analysis.")
    out += [f"Warning: {w}" for w in review.warnings]
    out += ["", "Clauses found:"]
    if not review.found:
        out.append("  none recognised")
    for f in review.found:
        e = review.entry(f)
        t = lib.types[f.type]
        if e["acceptable"]:
            status = "acceptable as written"
        else:
            status = RISK_WORDS.get(e["risk"], e["risk"]).lower()
            status += {"must": "; changed in the counter-draft", "trade": "; to trade"}.get(tiers.get(f.type), "")
        out.append(f"  ¶{e['paragraph']:<3} {t.title} ({status})")
        out.append(f"        \"{e['excerpt']}\"")
        if not e["acceptable"]:
            out.append(f"        Ask: {e['ask']}")
    out += ["", "Missing (the letter is silent):"]
    if not review.missing:
        out.append("  none")
    for m in review.missing:
        tier = {"must": " (added in the counter-draft)", "trade": " (to trade)"}.get(tiers.get(m), "")
        out.append(f"  {lib.types[m].title}{tier}: {lib.types[m].gap_note}")
    out += ["", "Checklist:"]
    for item in review.checklist:
        tier = {"must": "change", "trade": "trade"}.get(item.get("tier") or "", item["priority"])
        out.append(f"  [{tier}] {item.get('title') or item['id']}: {item['point']}")
    return out
