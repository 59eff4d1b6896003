"""Recognising a government letter: its kind, and its clauses by the library's signals and headings.

Every variant's ``signals`` (docs/clause-format.md) are tried on each paragraph, its sentences and lettered items,
and their reading form (``reading.py``); a heading with a type's title (or id) words recognises that type. The kind
(proffer | cooperation | plea-cooperation) comes from plea and proffer markers and the groups of types found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..docx.letters import Letter, Paragraph
from ..labels import SUB_LABEL, label_end, sub_label_at
from ..law.clauses import ClauseType, Library, Variant
from .reading import changed_units, reading, vetoed_when_read

RISK_RANK = {"high": 3, "medium": 2, "low": 1, "none": 0}


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


# --- what kind of document --------------------------------------------------------------------
# These recognise the document, not its clauses: the clauses come from the library's signals.

_PLEA_STRONG = [_rx(p) for p in (        # the document itself carries the plea
    # "will plead guilty", "agrees to waive indictment and plead guilty", "will waive his right to
    # have his case presented to a grand jury and plead guilty": the promise, with what comes first
    r"\b(?:(?:agrees?|intends?|wishes)\s+to|will|shall)\s+(?:[^.;]{0,120}?\s+and\s+)?"
    r"(?:plead\s+guilty|enter\s+(?:a\s+)?(?:plea\s+of\s+guilty|guilty\s+plea))",
    r"(?<!has\s)(?<!have\s)(?<!had\s)\bpleads\s+guilty\s+to\b",
    r"\bwill\s+(?:accept|enter)\s+(?:a|the|your\s+client\W?s)\s+(?:guilty\s+)?plea",
    r"\bthis\s+(?:letter|offer)\s+(?:will\s+)?become\s+the\s+plea\s+agreement",
    # round 8: the guidelines' reduction for acceptance of responsibility (USSG 3E1.1) follows a guilty plea: the
    # document that conditions it ("clearly demonstrates acceptance of responsibility") carries the plea
    r"\bclearly\s+demonstrat\w*\s+(?:\S+\s+){0,2}acceptance\s+of\s+responsibility\b|"
    r"\breduction\s+(?:\S+\s+){0,3}for\s+(?:\S+\s+){0,2}acceptance\s+of\s+responsibility\b|\b3E1\.1\b",
)]
_PLEA_WEAK = [_rx(p) for p in (
    r"\bplea\s+agreement\b",
    r"\b(?:plea|pleas)\s+of\s+guilty\s+to\b",
    r"\bpleading\s+guilty\b",
    r"\bRule\s+11\s*\(\s*c\s*\)",
    r"\bcounts?\s+(?:[\w-]+\s+){0,4}of\s+the\s+(?:[\w-]+\s+)?(?:indictment|information)\b",
    r"\bmaximum\s+(?:statutory\s+)?(?:penalty|penalties|term|sentence)",
    r"\bspecial\s+(?:\w+\s+)?assessment\b",
    r"\b(?:his|her|the\s+defendant\W?s|your\s+client\W?s|defendant\W?s)\s+(?:guilty\s+plea|plea\s+of\s+guilty)",
    r"\bwaives?\s+(?:\w+\s+){0,4}right\s+to\s+(?:appeal|collaterally)",
    r"\b(?:change\s+of\s+plea|plea\s+hearing)\b",
    r"\bsentencing\s+(?:judge|court)\b",
    # the plea rule cited as a whole (a proffer letter cites its subsection (f) on plea statements)
    r"\b(?:Federal\s+Rule\s+of\s+Criminal\s+Procedure|Fed\.\s*R\.\s*Crim\.\s*P\.)\s+11\b(?!\s*\(\s*[ef]\s*\))",
    r"\bcharged\s+in\s+the\s+(?:\w+\s+){0,2}(?:indictment|information)\b",
)]
_PLEA_PLAIN = [_rx(p) for p in (          # plea markers whatever the negation ("may not withdraw the plea")
    r"\b(?:withdraw|take\s+back)\s+(?:\w+\s+){0,2}(?:guilty\s+)?plea\b",
)]
_SELF_PLEA = [_rx(p) for p in (r"\bth(?:is|e\s+present)\s+plea\s+agreement\b", r"^\s*PLEA\s+AGREEMENT\s*$",
                                # round 7: "This constitutes the plea agreement between X and the USAO"
                                r"\b(?:constitutes|is|contains|sets\s+(?:forth|out))\s+the\s+(?:(?:complete|entire|whole|full)\s+)?"
                                r"plea\s+agreement\s+between\b")]
# round 7: a plea agreement with cooperation terms named as such in its title or by itself ("COOPERATION PLEA
# AGREEMENT", "PLEA AND COOPERATION AGREEMENT", "Plea Agreement with Cooperation Provisions", "this Plea and
# Cooperation Agreement"); a proffer letter that mentions such an agreement as a possibility does not name itself
_PLEA_COOPERATION_NAME = _rx(r"(?:^[^\S\n]*(?:\d+\.\s+|[IVX]+\.\s+)?|"
                             r"\b(?:this|the\s+present|the\s+(?:complete|entire|whole|full)|"
                             r"constitutes\s+the|is\s+the|into\s+this)\s+)"
                             r"(?:cooperation\s+plea|plea\s+(?:and|&)\s+cooperation|plea\s+agreement\s+(?:and|with)\s+"
                             r"(?:\w+\s+)?cooperation)\s+(?:agreement|provisions|terms)\b")
_SELF_COOPERATION = [_rx(p) for p in (r"\bth(?:is|e\s+present)\s+cooperation\s+agreement\b",
                                      r"^\s*COOPERATION\s+AGREEMENT\s*$")]
_PROFFER = [_rx(p) for p in (
    r"\bproffer(?:s|ed|ing)?\b",
    r"queen\s+for\s+a\s+day",
    r"\bnot\s+(?:a|an)\s+(?:cooperation|immunity|non-?prosecution)\s+agreement",
    r"\b(?:the|this|such)\s+(?:meeting|interview|session)s?\b",
    r"\boff[-\s]the[-\s]record\b",
    r"\b(?:will|to)\s+meet\s+with\s+your\s+client\b",      # round 7: the Office "will meet with your client"
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
    r"\bagrees?\s+to\s+(?:\w+\s+){0,2}cooperate\b",          # "agrees to fully cooperate"
    r"\bcooperate\s+fully\b",
)]
_NEGATED = _rx(r"\b(?:not|no|nor|neither|without|never)\b[^.;]{0,80}$")
# round 9: a cooperation letter that names the separate plea agreement it goes with
_PLEA_ELSEWHERE = _rx(r"\b(?:supplements?|is\s+a\s+supplement\s+to|in\s+addition\s+to|accompan(?:y|ies))\s+"
                      r"(?:the|a|his|her|your\s+client\W?s|the\s+defendant\W?s)\s+(?:\S+\s+){0,2}?plea\s+agreement\b")
_DEFENDANT = _rx(r"\b(?:the\s+)?defendant\b|\bthe\s+(?:Company|Bank|Corporation)\b")
_ADDRESSEE = _rx(r"\byour\s+client\b|\bclient\b|\bproffer")


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
    proffer_wording: int = 0          # of those, types only the wording layer recognised
    cooperation_wording: int = 0
    self_plea_cooperation: int = 0    # round 7: the document names itself a plea agreement with cooperation terms
    plea_elsewhere: int = 0           # round 9: it supplements (or accompanies) a plea agreement made separately

    def to_json(self) -> dict:
        return dict(self.__dict__)

    @property
    def undecided(self) -> bool:
        """Nothing in the text points to one kind of document more than another."""
        return (self.plea_strong + self.plea_weak + self.self_plea + self.self_cooperation + self.proffer_strong == 0
                and self.proffer <= 1 and self.cooperation <= 1 and self.proffer_types + self.cooperation_types <= 1)


def classify(letter: Letter, hits: dict[str, list[Hit]], library: Library) -> tuple[str, KindEvidence]:
    """proffer | cooperation | plea-cooperation, with the evidence that decided it."""
    text = letter.text
    groups = {"proffer": 0, "cooperation": 0}
    by_wording = {"proffer": 0, "cooperation": 0}
    for type_id, found in hits.items():
        if found:
            group = library.types[type_id].group
            groups[group] = groups.get(group, 0) + 1
            if all(h.by == "wording" for h in found):
                by_wording[group] = by_wording.get(group, 0) + 1
    heads = "\n".join(p.norm for p in letter.paragraphs)
    ev = KindEvidence(
        plea_strong=_count(_PLEA_STRONG, text),
        plea_weak=_count(_PLEA_WEAK, text) + _count(_PLEA_PLAIN, text, negatable=False),
        self_plea=sum(len(rx.findall(heads)) for rx in _multiline(_SELF_PLEA)),
        self_cooperation=sum(len(rx.findall(heads)) for rx in _multiline(_SELF_COOPERATION)),
        proffer=_count(_PROFFER, text, negatable=False),
        proffer_strong=_count(_PROFFER_STRONG, text, negatable=False),
        cooperation=_count(_COOPERATION, text), proffer_types=groups["proffer"],
        cooperation_types=groups["cooperation"], proffer_wording=by_wording["proffer"],
        cooperation_wording=by_wording["cooperation"],
        self_plea_cooperation=len(re.compile(_PLEA_COOPERATION_NAME.pattern, re.I | re.M).findall(heads)),
        plea_elsewhere=len(_PLEA_ELSEWHERE.findall(text)),
    )
    if ev.plea_elsewhere and not ev.self_plea and not ev.self_plea_cooperation and ev.proffer_strong == 0:
        # round 9: a cooperation letter that supplements a plea agreement made elsewhere ("It supplements the plea
        # agreement of the same date, under which the defendant will plead guilty"): the plea is that agreement's
        return "cooperation", ev
    if ev.plea_strong >= 1 and (ev.plea_strong + ev.plea_weak >= 2 or ev.proffer_strong == 0):
        return "plea-cooperation", ev
    if ev.proffer_strong == 0 and (ev.self_plea_cooperation
                                   or ev.self_plea and ev.self_plea >= ev.self_cooperation
                                   and ev.plea_weak + ev.cooperation + ev.cooperation_types >= 1):
        # round 7: its title or its own words name it a plea agreement (with cooperation terms), however short
        # the excerpt: "COOPERATION PLEA AGREEMENT", "This constitutes the plea agreement between ..."
        return "plea-cooperation", ev
    stand_alone = ev.self_cooperation > ev.self_plea or ev.plea_elsewhere and not ev.self_plea
    if ev.plea_weak >= 3 and ev.proffer_strong == 0 and not stand_alone:
        return "plea-cooperation", ev
    if ev.plea_weak >= 2 and ev.proffer == 0 and ev.cooperation_types >= 2 and not stand_alone \
            and ev.self_cooperation == 0:
        return "plea-cooperation", ev
    if ev.plea_weak >= 1 and ev.proffer_strong == 0 and ev.cooperation_types >= 4 and ev.self_cooperation == 0 \
            and ev.cooperation_types > ev.proffer_types:
        # sentencing terms that make up a plea agreement's cooperation section, and the defendant's own plea, with
        # nothing saying the document is a cooperation agreement (round 9: and more of them than a proffer's terms: a
        # proffer letter that says what a lie costs holds a few cooperation terms beside its own)
        return "plea-cooperation", ev
    # a type the wording layer alone found is weaker evidence than one its signals or heading found
    proffer_score = ev.proffer + 4 * ev.proffer_strong + 2 * ev.proffer_types - ev.proffer_wording
    cooperation_score = ev.cooperation + 2 * ev.cooperation_types - ev.cooperation_wording
    if proffer_score == cooperation_score and _DEFENDANT.search(text) and not _ADDRESSEE.search(text):
        # nothing else tells them apart: a proffer letter is written to counsel about "your client"; a plea or
        # cooperation agreement speaks of "the defendant" (an organisation's agreement, of "the Company")
        return "cooperation", ev
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
                         r"(?=" + SUB_LABEL + r"\s)")


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
        label = sub_label_at(text, a, b)
        if label and label.end() < b:
            a = label.end()             # an inline "(c) " stays with the letter's numbering
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


def match_type(t: ClauseType, para: Paragraph, read=None, spans: list[tuple[int, int]] | None = None) -> Hit | None:
    """The best variant of ``t`` in this paragraph: tried on the whole paragraph, then per unit, then (round 10) on
    the changed units of its reading form ``read`` (``reading.py``), mapped back to the paragraph's own text."""
    spans = units(para.norm) if spans is None else spans
    hit = _match_in(t, para, para.norm, [[(0, len(para.norm))], spans], None, spans)
    changed = read is not None and read.text != para.norm
    if hit is not None and changed and vetoed_when_read(t.variants[str(hit.variant)], hit.start, hit.end, read):
        return None                     # "this Offce canot promise that he wil not be prosecuted": no promise
    if hit is None and changed:
        hit = _match_in(t, para, read.text, [changed_units(para.norm, read)], read.pos, spans)
    return hit


def _match_in(t: ClauseType, para: Paragraph, norm: str, scopes, pos, spans: list[tuple[int, int]]) -> Hit | None:
    for scope in scopes:
        best: tuple | None = None
        for a, b in scope:
            text = norm[a:b]
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
            if pos is not None:         # a match on the reading form: its place in the text, and the text's vetoes
                s, e = pos[s], max(pos[s] + 1, pos[max(e - 1, s)] + 1)
                if any(p.search(para.norm[a:b]) for a, b in spans if a < e and s < b for p in v.signals.not_):
                    return None
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

    from ..errors import DrafterError
    from ..limits import RECOGNITION_SECONDS

    hits: dict[str, list[Hit]] = {t: [] for t in library.types}
    deadline = time.monotonic() + RECOGNITION_SECONDS
    for para in letter.paragraphs:
        read, spans = reading(para.norm, library), units(para.norm)
        if time.monotonic() > deadline:
            raise DrafterError(f"{letter.path}: recognising the clauses took longer than "
                               f"{RECOGNITION_SECONDS} seconds; the letter is too long or too unusual "
                               "to review (check the house clauses' signals with drafter clauses lint)")
        for t in library.ordered():
            h = match_type(t, para, read, spans)
            if h is not None and not recital(para.norm, h.start, h.end):
                hits[t.type].append(h)
    return hits


# A sentence that recites what happened under another agreement ("the Company breached the Deferred
# Prosecution Agreement") is no clause of this one: it says nothing the parties will, may or must do.
_RECITAL = re.compile(r"\b(?:had\s+|has\s+)?(?:breached|violated)\s+(?:the|its|his|her|their|an?)\s+(?!this\b)", re.I)
_OPERATIVE = re.compile(r"\b(?:will|shall|may|must|agrees?|if|should|unless|in\s+the\s+event|would|whether)\b", re.I)


# An opinion's or a brief's framing of a clause ("The defendant contends that he provided substantial
# assistance", "The court held that the proffer agreement barred ...") reports what someone says of an
# agreement; it is no term of one. Agreements state terms ("agrees", "understands"), not contentions.
_FRAMING = re.compile(
    r"^\W*(?:(?:the|this|a)\s+)?(?:district\s+|appellate\s+|sentencing\s+|trial\s+|lower\s+)?(?:court|judge|panel|"
    r"defendant|government|appellant|appellee|petitioner|respondent|he|she|they|we)\s+(?:\S+\s+){0,2}?(?:contends?|"
    r"contended|argues?|argued|asserts?|asserted|maintains?|maintained|held|holds|concluded|reasoned|alleges?|"
    r"alleged|claims?|claimed)\s+that\b", re.I)


# ... and so is a court's disposition ("The court of appeals reversed because ..."), and a past event
# dated by its year ("The defendant testified before the grand jury in 2020") with nothing it will do
_DISPOSITION = re.compile(
    r"^\W*(?:the\s+)?(?:court\s+of\s+appeals|circuit(?:\s+court)?|district\s+court|appellate\s+court|supreme\s+court|"
    r"trial\s+court|sentencing\s+court|panel|jury)\s+(?:\S+\s+){0,2}?(?:reversed|affirmed|vacated|remanded|denied|"
    r"granted|rejected|dismissed|sentenced|held|found|concluded)\b", re.I)
_PAST_EVENT = re.compile(
    r"\b(?:testified|pleaded|pled|met|proffered|cooperated|was\s+(?:sentenced|charged|indicted|interviewed|"
    r"debriefed|convicted))\b[^.;]*?\b(?:in|on|of|since|during)\s+(?:\w+\s+(?:\d{1,2},\s+)?)?(?:19|20)\d\d\b", re.I)


# round 7: the press's account of an agreement ("According to a spokesperson, the firm will continue to
# cooperate", "prosecutors told reporters that ...") is no term of it either
_PRESS = re.compile(r"^\W*according\s+to\b|"
                    r"\b(?:told\s+(?:reporters|the\s+press|[A-Z]\w+\s+(?:News|Times|Post|Journal))|"
                    r"said\s+in\s+a\s+(?:statement|news\s+release|press\s+release)|spokes(?:person|man|woman)\s+(?:for\s+\S+\s+)?"
                    r"said)\b", re.I)


def recital(text: str, start: int, end: int) -> bool:
    """Are the sentences the span [start, end) touches all recitals (of a past breach, of a dated past
    event), or an opinion's framing or disposition?"""
    spans = [(a, b) for a, b in units(text) if a < max(end, start + 1) and b > start] or [(start, end)]
    return all((_RECITAL.search(text[a:b]) or _PAST_EVENT.search(text[a:b])) and not _OPERATIVE.search(text[a:b])
               or _FRAMING.match(text[a:b]) or _DISPOSITION.match(text[a:b]) or _PRESS.search(text[a:b])
               for a, b in spans)


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


_NAMES = (r"(?:non[\s-]?prosecution|deferred[\s-]+prosecution|plea|cooperation|proffer|immunity|criminal\s+enforcement|"
          r"leniency)")
# round 7: with two names ("PLEA and COOPERATION AGREEMENT", "COOPERATION PLEA AGREEMENT")
_DOCUMENT_TITLE = _rx(r"^\s*(?:(?:the|this)\s+)?" + _NAMES + r"(?:\s+(?:(?:and|&)\s+)?" + _NAMES
                      + r")?\s+(?:agreement|letter)s?\s*$")


def heading_hits(letter: Letter, library: Library, hits: dict[str, list[Hit]]) -> None:
    """Add a hit for each type named by a heading and recognised by no signal."""
    paras = letter.paragraphs
    for i, para in enumerate(paras):
        h = heading_of(para)
        if h is None:
            continue
        if _DOCUMENT_TITLE.match(h[0]):
            continue                    # "NON-PROSECUTION AGREEMENT": the document's name, not a clause
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


