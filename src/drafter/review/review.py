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
proffer letter) or, for a clause on the use of the statements, a sentence of its own (a
debriefing's impeachment carve-out), never for words inside another clause (a proffer letter's
"if your client testifies at trial" is impeachment, not a promise to testify).

The JSON is the contract in shared/spec/json-outputs.md (``drafter review --json``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..docx.letters import Letter, Paragraph, read_letter
from ..environment import evaluate, render_text
from ..law.checklist_items import ReviewItem, priority_for
from ..law.clauses import ClauseType, Library, Variant, load_library
from .company import granted_words
from .dockind import DocumentKind, detect, fits, verify_fits
from .excerpts import CLOSING, clause_words, excerpt, gaps_to_brackets, is_partial, placeholder_source
from .folding import tidy
from .recognise import Hit, KindEvidence, classify, group_of, heading_hits, heading_of, heading_type, scan, units
from .wording import confirm_headings, wording_hits

KINDS = ("proffer", "cooperation", "plea-cooperation")
# what ``Review.fitted`` says where neither the library's words nor the change's summary fit
NARROW = "Narrow this clause to what the client can accept; see the counter-draft and its comment."
PRIORITY_ORDER = {"high": 0, "medium": 1, "low": 2}


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
    checklist: list[ReviewItem]
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
    same_standard: list[int] = field(default_factory=list)  # paragraphs given the good-faith standard for consistency
    same_trigger: list[int] = field(default_factory=list)   # paragraphs given the felony trigger for consistency
    promise: list[int] = field(default_factory=list)   # paragraphs whose promise now turns on a breach as defined
    standard_left: list[tuple[int, str]] = field(default_factory=list)  # "sole discretion" kept: (paragraph, why)
    # without a matter: the context the counter-draft renders clause text in, made once per review
    neutral: dict | None = field(default=None, repr=False, compare=False)

    def entry(self, f: Found) -> dict:
        t = self.library.types[f.type]
        v = t.variants[f.variant] if f.variant else t.variants["government-standard"]
        s, e = f.hit.start, f.hit.end
        proposed = t.variants[self.proposed_variant(f.type)]
        # a variant written for this letter's document carries the ask and the reason for it
        asking = proposed if self.written_for_letter(f.type) else v
        return {
            "type": f.type, "variant": f.variant, "risk": v.risk,
            "paragraph": f.paragraph.number, "excerpt": excerpt(f.hit),
            "ask": self.fitted(asking.ask, proposed),
            "why": self.fitted(asking.why, proposed),
            "title": t.title, "risk_note": self.fitted(v.note_for(*clause_words(f.hit)), None), "cites": list(v.cites),
            "acceptable": self.acceptable(f), "proposed": self.proposed_variant(f.type),
            "recognised_by": f.hit.by, "paragraphs": f.paragraphs, "in_scope": self.in_scope(f.type),
            "matched": f.paragraph.norm[s:e].replace("\u2024", ".") if f.hit.by == "signals" else None,
        }

    def proposed_variant(self, type_id: str) -> str:
        """The variant the defense proposes: in a letter of the other group's document, the
        type's variant written for this one (a breach clause's counter-ask in a proffer letter);
        else the matter's choice, else defense-proposed (canonical)."""
        t = self.library.types[type_id]
        written = self.written_for_letter(type_id)
        if written is not None:
            return written
        return t.variants[self.proposed.get(type_id, "defense-proposed")].canonical

    def written_for_letter(self, type_id: str) -> str | None:
        """The type's variant written for this letter's document when the type belongs to the
        other group (its ``documents``); None when the type is of this group or has none."""
        t = self.library.types[type_id]
        if t.group == group_of(self.kind):
            return None
        document = "proffer-agreement" if group_of(self.kind) == "proffer" else "cooperation-terms"
        return next((name for name, v in t.variants.items()
                     if v.canonical == name and document in v.documents), None)

    def in_scope(self, type_id: str) -> bool:
        """Is the type one of this kind of document's own group, or has the library a variant of it
        written for this document? The library's wording is drafted for its group's document (a
        proffer waiver reads "the Meeting"), so wording for a type of the other group is reported
        and put on the checklist, not proposed in the counter-draft, unless a variant is written
        for this document (a proffer letter's own breach clause)."""
        return self.library.types[type_id].group == group_of(self.kind) or \
            self.written_for_letter(type_id) is not None

    def acceptable(self, f: Found) -> bool:
        """The letter has the defense wording (or the matter's variant), or gives what a company asks."""
        if f.variant is None:
            return bool(granted_words(self, f.type))
        t = self.library.types[f.type]
        ok = {t.variants["defense-proposed"].canonical}
        if f.type in self.proposed:
            ok.add(t.variants[self.proposed[f.type]].canonical)
        return f.variant in ok or bool(granted_words(self, f.type))

    def fitted(self, s: str, v: Variant | None) -> str:
        """An ask, reason or risk as the attorney reads it for this document: where the library's
        words presume a person, a plea or a charge this letter lacks (a company's non-prosecution
        agreement), the short description of our change is used instead (no risk note at all)."""
        from .company import fits_party
        from .report import concrete_ask

        s = concrete_ask(s, v)
        text = self.in_terms(self.text(s)) if self.doc.company else self.text(s)
        if fits_party(text, self.doc):
            return text
        if v is None:
            return ""
        alt = self.in_terms(self.text(v.edit_summary)) if v.edit_summary else ""
        return alt if alt and fits_party(alt, self.doc) else NARROW

    def risk_reason(self, type_id: str, variant: str | None, found: Found | None = None) -> str:
        """Why the Office's wording is a risk, fitted to this letter: the found variant's note as its words read,
        else (a company, where notes speak of a person) the type's company note, else the level ("High risk.")."""
        from .report import RISK_WORDS

        t = self.library.types[type_id]
        cur = t.variants[variant] if variant else t.variants["government-standard"]
        note = self.fitted(cur.note_for(*clause_words(found.hit)) if found else cur.risk_note, None)
        if not note and self.doc.company and t.company_note and cur.risk in ("high", "medium"):
            note = self.fitted(t.company_note, None)
        return note or f"{RISK_WORDS.get(cur.risk, cur.risk)}."

    def in_terms(self, text: str) -> str:
        """Library wording ("the Defendant", "the Office") in this letter's defined terms."""
        from .counterdraft import adapt_terms, letter_terms

        if getattr(self, "_terms", None) is None:
            self._terms = letter_terms(self.letter.text)
        return adapt_terms(text, self._terms)

    @property
    def district(self) -> str | None:
        """The federal district the letter is read in ("S.D.N.Y."): the matter's, else the one the
        letter itself names (its letterhead, caption, or the Office that is a party); None if neither."""
        case = ((self.context or {}).get("matter") or {}).get("case") or {}
        if case.get("district"):
            return str(case["district"])
        from .places import letter_district

        return letter_district(self.letter)

    def title(self, type_id: str) -> str:
        t = self.library.types[type_id].title
        return self.in_terms(t) if self.doc.company else t

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
            "document": self.letter.name, "kind": self.kind,
            "clauses": [self.entry(f) for f in self.found],
            "missing": list(self.missing),
            "checklist": [i.to_json() for i in self.checklist],
            "format": self.letter.format,
            "paragraphs": len(self.letter.paragraphs),
            "matter": self.matter_id,
            "kind_evidence": self.evidence.to_json(),
            "missing_notes": {m: self.library.types[m].gap_note for m in self.missing},
            "document_kind": self.doc.kind, "party": self.doc.party, "charged": self.doc.charged,
            "stance": self.stance,
            "asks": [a.to_json() for a in self.asks],
            "warnings": list(self.warnings),
        }


# The clauses that say what the Office may do with the client's statements. A proffer letter's
# types, but a cooperation or plea agreement's debriefing paragraph states them too (USSG § 1B1.8
# protection and its exceptions), next to the duty to cooperate.
STATEMENT_USE_TYPES = frozenset({"direct-use-bar", "derivative-use", "impeachment-use", "rebuttal-use",
                                 "false-statement-exception", "rule-410-waiver"})
# another group's types also read in a sentence of their own inside a claimed paragraph: the statements'
# uses, and whom the letter binds (a proffer's sharing paragraph that ends "This letter binds only this Office")
SENTENCE_TYPES = STATEMENT_USE_TYPES | {"binding-scope"}
_PROVISO = re.compile(r"\b(?:subject\s+to|except\s+(?:that|for)|provided,?\s+(?:however,?\s+)?that)\s+"
                      r"(?:(?:a|an|any|the)\s+)?$", re.I)


def choose(hits: dict[str, list[Hit]], kind: str, library: Library, every_group: bool = False,
           headings: dict[int, tuple[str, int]] | None = None) -> list[Found]:
    """One entry per type found, for a document of this kind (see the module docstring): the
    document's own types first; then another group's type where it has a paragraph that none of
    the own types' clauses holds, or a use of the statements in a sentence none of them is in.
    ``headings``: the letter's run-in headings by paragraph (``headings.headings_of``), which also
    reads a plain-English letter's sentence-case ones ("What breach means.")."""
    group = group_of(kind)

    def own(type_id: str) -> bool:
        t = library.types[type_id]
        return every_group or t.group == group or kind in t.expected_in

    def named(h: Hit, type_id: str) -> bool:
        """The paragraph's own heading names this type ("14. What breach means." for breach)."""
        head = headings.get(h.paragraph.number) if headings is not None else heading_of(h.paragraph)
        return head is not None and heading_type(head[0], library) == type_id

    def best(type_id: str, hs: list[Hit]) -> Found:
        t = library.types[type_id]
        risk = {h.variant: (t.variants[h.variant].risk if h.variant else "none") for h in hs}
        # a paragraph headed for the type before another that only mentions it (the polygraph
        # paragraph that says deception may be a basis for a finding of breach)
        top = max(hs, key=lambda h: (h.by == "signals", named(h, type_id)) + h.key(risk[h.variant])[1:])
        read = t.variants[top.variant].read_as(*clause_words(top)) if top.variant else None
        return Found(type_id, read or top.variant, top, sorted({h.paragraph.number for h in hs}))

    found = [best(type_id, hs) for type_id, hs in hits.items() if hs and own(type_id)]
    claimed = {f.paragraph.number for f in found}
    # where the own types' clauses sit in a claimed paragraph: the sentences their matches are in
    taken: dict[int, list[tuple[int, int]]] = {}
    for type_id, hs in hits.items():
        if own(type_id):
            for h in hs:
                taken.setdefault(h.paragraph.number, []).extend(_units_of(h, h.start, h.end))
    for type_id, hs in hits.items():
        if own(type_id):
            continue
        # another group's clause: in a paragraph of its own; or, for a clause on what may be done with
        # the client's statements, by its signals in a sentence of a claimed paragraph that none of the
        # own clauses' matches is in (a plea paragraph that imposes a debriefing, then carves out
        # impeachment in the next sentence), or in a proviso of that sentence ("to testify, subject to a
        # prosecution for perjury")
        hs = [h for h in hs if h.by == "signals" and (
            h.paragraph.number not in claimed
            or type_id in SENTENCE_TYPES and (_PROVISO.search(h.paragraph.norm[max(0, h.start - 60):h.start])
                                                   or not set(_units_of(h, h.start, h.end))
                                                   & set(taken.get(h.paragraph.number, []))))]
        if hs:
            found.append(best(type_id, hs))
    found.sort(key=lambda f: (f.paragraph.number, library.types[f.type].order))
    return found


def _units_of(h: Hit, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences or items of the hit's paragraph that the span [start, end) touches."""
    return [(a, b) for a, b in units(h.paragraph.norm) if a < end and start < b]


def missing_types(found: list[Found], kind: str, library: Library, context: dict | None,
                  text: str | None = None) -> list[str]:
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
            and "below-minimum-motion" in library.types and (context is not None or text is None or _minimum_in(text))):
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


def _minimum_in(text: str) -> bool:
    """Does the letter speak of a statutory minimum, and not to say there is none? Without a
    matter, a letter silent on a minimum (or saying "there is no mandatory minimum") has no gap in
    a § 3553(e) motion."""
    says = re.search(r"\b(?:mandatory|statutory)\s+minimum|\bminimum\s+(?:mandatory\s+)?(?:term|sentence)\s+of\s+"
                     r"(?:imprisonment|\d)|\b3553\s*\(e\)", text, re.I)
    denies = re.search(r"\b(?:no|not\s+(?:subject\s+to\s+)?any|without\s+(?:a|any))\s+(?:mandatory\s+|statutory\s+)?"
                       r"minimum\s+(?:term|sentence)|\bno\s+(?:mandatory|statutory)\s+minimum", text, re.I)
    return bool(says) and not denies


def _relevant(t: ClauseType, context: dict) -> bool:
    """Does the type apply to this matter (its ``include`` rule)?"""
    if not t.include:
        return True
    return bool(evaluate(t.include, context, f"{t.file}: include"))


def checklist(review: Review) -> list[ReviewItem]:
    """Items in the shape of ``drafter analyze``'s checklist: one per clause to change, one per gap."""
    lib = review.library
    items = []
    tiers = {a.type: a.tier for a in review.asks}
    for f in review.found:
        if review.acceptable(f) or f.type not in tiers and not fits(f.type, review.doc):
            continue
        t = lib.types[f.type]
        v = t.variants[f.variant] if f.variant else t.variants["government-standard"]
        asking = t.variants[review.proposed_variant(f.type)] if review.written_for_letter(f.type) else v
        items.append(_item(review, t, v, f"clause:{f.type}", asking.ask, asking.why, f.variant,
                           paragraph=f.paragraph.number, status="found", tier=tiers.get(f.type)))
    for m in review.missing:
        from .redline import missing_ask

        t = lib.types[m]
        std = t.variants["government-standard"]
        why = t.gap_note or std.why
        items.append(_item(review, t, std, f"review:{m}", missing_ask(review, m), why, std.canonical, status="missing",
                           tier=tiers.get(m)))
    items.sort(key=lambda i: (i.tier != "must", PRIORITY_ORDER.get(i.priority, 3)))
    return items


def _item(review: Review, t: ClauseType, v: Variant, id_: str, point: str, why: str, current: str | None,
          **extra: Any) -> ReviewItem:
    from .company import cites_for, company_ask, company_point, personal

    proposed = t.variants[review.proposed_variant(t.type)]
    fallback = t.variants.get("fallback")
    if review.doc.company and extra.get("status") == "found" and any(e.party == "company" for e in proposed.edits):
        point, fallback = company_point(review, proposed, extra.get("paragraph"), point, fallback)
    cites = cites_for([*v.cites, *proposed.cites], review.doc)
    fallback_ask = review.fitted(fallback.ask, None) if fallback else ""    # "" where its words do not fit
    # a company's found clause: its company ask (the library's reason and fallback are a person's ask's)
    own = company_ask(review, t.type) if extra.get("status") == "found" else ""
    why, fallback = ("", None) if own else (why, fallback)
    return ReviewItem(
        id=id_, priority=priority_for(v.risk), point=own or review.fitted(point, proposed),
        why=review.fitted(why, proposed) if why else "", cites=cites,
        fallback=(f"{fallback.title}: {fallback_ask}"
                  if fallback and fallback_ask and current is not None and not t.same(fallback.variant, current)
                  and fallback.canonical != proposed.canonical else None),
        verify=[x for x in dict.fromkeys(list(v.verify) + list(proposed.verify))
                if verify_fits(x, review.doc) and not personal(x, review.doc)],
        type=t.type, proposed=proposed.canonical, title=review.title(t.type), **extra,
    )


# --- entry point ------------------------------------------------------------------------------

def review_letter(path: str | Path | Letter, matter: str | Path | Any = None, library: Library | None = None,
                  stance: str | None = None, *, workspace: Any = None,
                  search_from: Path | None = None, today: dt.date | None = None) -> Review:
    """Read and review a letter; with a matter, its facts and analysis shape the asks and gaps.
    Reading and reviewing run inside one time and memory budget (limits.py, environment.py).

    ``path`` is the letter's file, or a Letter already read (``docx.letters.parse_letter``);
    ``matter`` a matter file or a Plan. The firm profile is ``workspace`` when given, else the
    matter's, else a drafter.yaml found from the letter's own folder (a letter read from a file),
    then from ``search_from`` (the command line passes the current folder), else the demo firm.
    No other folder is looked at. ``today`` is the day of the review (default: today): a deadline
    the letter sets for its signature that has passed or is near is reported against it."""
    from ..environment import RENDER_SECONDS, render_budget
    from ..limits import RECOGNITION_SECONDS

    with render_budget(seconds=RECOGNITION_SECONDS + RENDER_SECONDS, what="the review"):
        letter = path if isinstance(path, Letter) else read_letter(path)
        plan = None
        if matter is not None:
            from ..law.plan import Plan, plan_for_path

            plan = matter if isinstance(matter, Plan) else plan_for_path(Path(matter), workspace)
            workspace = plan.workspace
        elif workspace is None:
            workspace = letter_workspace(None if isinstance(path, Letter) else Path(path), search_from)
        library = library or (plan.library if plan is not None else load_library(workspace.clauses_dir))
        return review_parsed(letter, library, plan, workspace, stance, today)


def letter_workspace(path: Path | None, search_from: Path | None = None):
    """The firm profile for a letter: drafter.yaml from the letter's folder, else from
    ``search_from`` when given, else the bundled demo firm."""
    from ..model.workspace import DEMO, Workspace, find, load

    found = (find(path.parent) if path is not None else None) or (
        find(search_from) if search_from is not None else None)
    return load(found) if found else Workspace(DEMO, demo=True)


def review_parsed(letter: Letter, library: Library, plan: Any = None, workspace: Any = None,
                  stance: str | None = None, today: dt.date | None = None) -> Review:
    """Review a letter already read (the steps: scan, classify, headings, choose, gaps, checklist)."""
    hits = scan(letter, library)
    tidy(letter, hits)              # round 11: the copy list, and a duty to cooperate's own adjectives
    kind, evidence = classify(letter, hits, library)
    heading_hits(letter, library, hits)
    confirm_headings(hits, library)
    # Too little to tell the kind (a short excerpt): read the wording for every kind, then decide.
    wording_hits(letter, library, hits, None if evidence.undecided else kind)
    if evidence.undecided:
        kind, evidence = classify(letter, hits, library)
    doc = detect(letter.text, kind, evidence)
    if doc.kind in ("npa", "dpa") and kind == "proffer":
        kind = "cooperation"        # a company's NPA or DPA opening: its terms are cooperation terms
    # an immunity letter holds both groups' terms (the use of the statements, and breach, scope and
    # what is not promised); so does an agreement whose kind the clauses could not tell
    from .headings import headings_of

    found = choose(hits, kind, library, every_group=doc.kind == "immunity", headings=headings_of(letter))
    context = plan.context if plan is not None else None
    proposed = {c.type: c.variant for c in plan.choices} if plan is not None else {}
    workspace = plan.workspace if plan is not None else workspace
    from .people import author, name_warnings

    attorney = author(plan, workspace)
    review = Review(letter, kind, found, [], [], library, evidence, context, proposed,
                    plan.matter.id if plan is not None else None, attorney, workspace)
    review.doc = doc
    review.missing = [m for m in missing_types(found, kind, library, context, letter.text) if fits(m, review.doc)]
    from .targeting import matter_strategy, select

    strategy = matter_strategy(plan) if plan is not None else None
    if stance is None and plan is not None:
        stance = (plan.context.get("matter", {}).get("negotiation") or {}).get("stance")
    review.stance = stance or getattr(strategy, "stance", None) or "targeted"
    from .counterdraft import feasible

    review.asks = select(review, review.stance, strategy, feasible(review))
    if plan is not None:
        review.warnings += name_warnings(letter, plan)
    if review.doc.program and review.stance != "full":
        review.warnings.append(f"this is the {review.doc.program}'s model agreement, issued on one form to every "
                               "participant: the counter-draft proposes no change; the checklist lists the points")
    if is_partial(letter.text) or not any(CLOSING.match(p.norm) for p in letter.paragraphs):
        review.warnings.append("this copy of the letter looks incomplete (it marks a cut, says the rest is not in the "
                               "copy, or has no closing or signature): clauses reported as missing may be in the part "
                               "not read, and new paragraphs are left unnumbered; review the complete letter before "
                               "sending")
    if not letter.editable:
        review.warnings.append(f"the letter was read from a {letter.format if letter.format != 'docx' else 'Word'} "
                               "copy that drafter cannot edit in place, so any counter-draft is a new Word "
                               "document laid out by drafter (caption, letterhead, signature blocks and page "
                               "headers are not the Office's): ask the Office for its Word file and review that, "
                               "or carry the tracked changes over by hand")
    review.checklist = checklist(review)
    # the letter's own deadline to sign or accept it, against the day of the review (never changed
    # in the counter-draft): a warning, and the checklist's first item
    from .deadlines import deadline_items, deadline_notes

    notes = deadline_notes(letter, today or dt.date.today())
    review.warnings += [note for _, note in notes]
    review.checklist = deadline_items(notes) + review.checklist
    return review
