"""The review report for the attorney (.md and .docx): one block per clause, in words.

Each clause found is a short block: where it is (in the letter's own numbering), the Office's
words, the risk and its reason, our ask and why, and what the counter-draft did with it (the
change it made, or that the point is left to negotiate). Then the checklist, each item with its
reason, cites, fallback and [VERIFY] flags. The .md and the .docx are written from the same
records (``blocks`` and ``checklist_entries``), so they carry the same content. No machine ids,
variant names, rule expressions or internal paragraph indices reach this text; the JSON
(``--json``) carries those.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..law.circuits import in_second_circuit
from ..law.clauses import Variant
from .company import cites_for, company_ask, granted_words
from .dockind import fits, wording_fits
from .excerpts import clause_words
from .other_terms import found_in
from .places import numbered_paragraphs, paragraph_ref
from .redline import missing_ask
from .review import NARROW, Review

RISK_WORDS = {"high": "High risk", "medium": "Moderate risk", "low": "Low risk", "none": "No risk"}


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _esc(s: object) -> str:
    """Text from a letter or the library as inert Markdown: no image, link, HTML or table break
    survives (every Markdown character escaped, ``&`` and line breaks neutralised)."""
    return " ".join(_MD_SPECIAL.sub(r"\\\1", str(s).replace("&", "&amp;")).split())


md_text = _esc


@dataclass
class Block:
    """One clause of the letter (or one it lacks), as the report shows it."""

    title: str
    where: str
    found: str = ""
    lines: list[tuple[str, str]] = field(default_factory=list)     # (label, text): Risk, Ask, Why ...


@dataclass
class Entry:
    """One checklist item, as the report shows it."""

    title: str
    status: str
    point: str
    lines: list[tuple[str, str]] = field(default_factory=list)     # (label, text): Why, Cites, Fallback ...


# --- what the counter-draft did -------------------------------------------------------------------

def changed(review: Review) -> dict[str, dict]:
    """The changes the counter-draft makes, by type (``review.applied``; planned here when the
    counter-draft has not been built yet)."""
    if not review.applied and any(a.tier == "must" for a in review.asks):
        from .counterdraft import build_counter

        build_counter(review, dt.date.today())
    out: dict[str, dict] = {}
    for a in review.applied:
        if a["type"] in out and a.get("done") and a["done"] not in out[a["type"]].get("done", ""):
            # one ask's edits in two paragraphs (the clause's and, ``within: body``, another): both said
            first = out[a["type"]]
            out[a["type"]] = {**first, "done": "; ".join(x for x in (first.get("done"), a["done"]) if x)}
            continue
        out.setdefault(a["type"], a)
    return out


def _change_summary(review: Review, a: dict) -> str:
    v = review.library.types[a["type"]].variants[a["variant"]]
    text = v.edit_summary if v.edit_summary and not a["whole"] else (v.summary or v.edit_summary)
    text = review.in_terms(review.text(text)) if text else ""
    return text if text and wording_fits(text, review.doc) else ""


def _status_found(review: Review, type_id: str, acceptable: bool, risk: str, tier: str | None,
                  made: dict[str, dict], ask: str = "") -> str:
    if acceptable:
        given = granted_words(review, type_id)
        if given:
            return f"Acceptable as written: the letter already gives what a company asks for here (“{given}”)."
        return "Acceptable as written."
    if type_id in made and made[type_id].get("done"):
        return f"Changed in the counter-draft, which {made[type_id]['done']}."
    if type_id in made:
        summary = _change_summary(review, made[type_id])
        if not summary:
            return "Changed; the comment in the counter-draft says how."
        if _as_ask(summary) == ask:
            return "Changed in the counter-draft as asked."
        return f"Changed in the counter-draft, which {summary[0].lower()}{summary[1:]}"
    if tier == "must":
        return "Not changed: the Office's wording gave no place for this change; raise it in negotiation."
    if tier == "trade":
        return "Left as written; a point to raise in negotiation."
    if risk in ("low", "none"):
        return "Left as written: the risk is low."
    if review.library.types[type_id].include and review.context is None:
        return ("Left as written: only some clients need this change; decide from this client's facts "
                "whether to ask for it.")
    if not fits(type_id, review.doc):
        kind = "a company" if review.doc.company else "this kind of agreement"
        return (f"Left as written: the usual counter-proposal is written for a case unlike this one ({kind}); "
                "raise the point in negotiation if it matters here.")
    return "Left as written: a point to raise in negotiation rather than in the redline."


def _status_missing(type_id: str, tier: str | None, made: dict[str, dict]) -> str:
    if type_id in made and made[type_id]["paragraph"] is not None and made[type_id].get("done"):
        return f"Added inside an existing paragraph: the counter-draft {made[type_id]['done']}."
    if type_id in made:
        return "Added as a new paragraph in the counter-draft."
    if tier == "must":
        return "Not added: no suitable wording for this letter; raise it in negotiation."
    if tier == "trade":
        return "Not added; a point to raise in negotiation."
    return "Not proposed for this kind of document."


# --- plain words ------------------------------------------------------------------------------------

_VERBS = ("Adds|Allows|Asks|Bars|Caps|Clarifies|Confirms|Defines|Deletes|Excludes|Extends|Gives|Inserts|Keeps|"
          "Limits|Makes|Narrows|Preserves|Removes|Replaces|Requires|Restates|States|Strikes|Substitutes")
_DESCRIBES = re.compile(r"^(" + _VERBS + r")\b")
_AND_DESCRIBES = re.compile(r"(\b(?:and|or)\s+|,\s+)(" + _VERBS.lower() + r")\b")


def _base(w: str) -> str:
    return w[:-3] + "y" if w.endswith("ies") else w[:-2] if w.endswith(("shes", "ches", "xes")) else w[:-1]


def _as_ask(text: str) -> str:
    """A change described ("Confirms that ...", "Limits breach ... and allows ...") as an ask
    ("Confirm that ...", "Limit breach ... and allow ...")."""
    if not _DESCRIBES.match(text):
        return text
    text = _DESCRIBES.sub(lambda m: _base(m.group(1)), text, count=1)
    return _AND_DESCRIBES.sub(lambda m: m.group(1) + _base(m.group(2)), text)


def _pieces(text: str) -> list[str]:
    """A note's sentences and, inside them, its clauses joined by semicolons."""
    out = []
    for sentence in re.split(r"(?<=[.])\s+(?=[A-Z])", text.strip()):
        out += [p.strip().rstrip(".") for p in sentence.split(";") if p.strip()]
    return out


def _fitting_part(review: Review, text: str) -> str:
    """As much of a library note as fits this letter: the note whole, else its sentences and
    semicolon clauses that fit, from the first (a note whose opening does not fit gives "")."""
    whole = review.fitted(text, None)
    if whole or not text:
        return whole
    rendered = review.in_terms(review.text(text)) if review.doc.company else review.text(text)
    pieces = _pieces(rendered)
    kept: list[str] = []
    from .company import speaks_of_person

    for p in pieces:
        if not wording_fits(p, review.doc) or review.doc.company and speaks_of_person(p):
            if not kept:
                return ""
            continue
        kept.append(p)
    return "; ".join(kept) + "." if kept else ""


def _risk(review: Review, risk: str, note: str, summary: str, company: str = "") -> str:
    words = RISK_WORDS.get(risk, risk)
    # the type's note for a company speaks of the Office's usual wording, not of a low-risk one
    company = company if risk in ("high", "medium") else ""
    # a company's agreement: no fallback to the variant's summary, which describes the library's
    # wording rather than the letter's
    summary = "" if review.doc.company else summary
    reason = _fitting_part(review, note) or (review.fitted(company, None) if company and review.doc.company
                                             else "") or (review.fitted(summary, None) if summary else "")
    return f"{words}. {reason}" if reason else f"{words}."


_PERSUASIVE = re.compile(r"\s*[^.]*\bSecond Circuit cases?\b[^.]*\bpersuasive\b[^.]*\.", re.I)


def _circuit(review: Review, cites: list[str], text: str = "") -> str:
    """Where the Second Circuit cases cited bind: in the letter's district, if it says (or the
    matter says) which it is. "" when no Second Circuit case is cited."""
    second = [c for c in cites if "(2d Cir." in c]
    if not second and "Second Circuit" not in text:
        return ""
    which = f" ({'; '.join(second)})" if second else ""
    d = review.district
    if d and in_second_circuit(d):
        return f"{d} is in the Second Circuit: the Second Circuit cases cited{which} bind there."
    if d:
        return (f"{d} is outside the Second Circuit: the Second Circuit cases cited{which} persuade there "
                f"but do not bind; check this circuit's own cases before relying on them.")
    return (f"The letter does not name its district: the Second Circuit cases cited{which} bind only in "
            f"Connecticut, New York and Vermont and persuade elsewhere.")


def _why(review: Review, why: str, ask_raw: str, type_id: str, made: dict[str, dict]) -> str:
    """A reason, or "" where the library's words did not fit and only a description of the
    change (or a pointer to it) was left."""
    if not why or why in (ask_raw, NARROW):
        return ""
    v = review.library.types[type_id].variants[review.proposed_variant(type_id)]
    if v.edit_summary and why == review.in_terms(review.text(v.edit_summary)):
        return ""
    return _PERSUASIVE.sub("", why).strip()


def _ask(review: Review, ask: str, type_id: str, made: dict[str, dict]) -> str:
    if ask == NARROW:
        return ""           # the library's words do not fit this letter: no content-free ask
    return _as_ask(ask)


# --- the records ------------------------------------------------------------------------------------

def blocks(review: Review) -> list[Block]:
    """The report's clauses: one block per clause found and per gap (shared by .md and .docx)."""
    lib, tiers, made = review.library, _tiers(review), changed(review)
    out = []
    for f in review.found:
        e = review.entry(f)
        t = lib.types[f.type]
        cur = t.variants[f.variant] if f.variant else t.variants["government-standard"]
        proposed = t.variants[review.proposed_variant(f.type)]
        b = Block(review.title(f.type), paragraph_ref(review.letter, e["paragraph"]), e["excerpt"])
        b.lines.append(("Risk", _risk(review, e["risk"], cur.note_for(*clause_words(f.hit)), cur.summary,
                                      t.company_note)))
        # a clause the counter-draft changed: its status line says exactly what changed, and the
        # variant's whole ask (which may reach further) stays on the checklist
        ask = ("" if e["acceptable"] or made.get(f.type, {}).get("done") or not fits(f.type, review.doc)
               else _ask(review, company_ask(review, f.type) or e["ask"], f.type, made))
        why = ""
        if ask:
            b.lines.append(("Ask", ask))
            # the library's reason was written for its ask, not for the ask written for a company
            why = "" if review.doc.company and t.company_ask else _why(review, e["why"], e["ask"], f.type, made)
            if why:
                b.lines.append(("Why", why))
        if ask or f.type in made:
            cites = cites_for([*cur.cites, *proposed.cites], review.doc)
            note = _circuit(review, cites, why)
            if note:
                b.lines.append(("Circuit", note))
        status = _status_found(review, f.type, e["acceptable"], e["risk"], tiers.get(f.type), made, ask)
        if f.paragraph.number in review.same_standard and f.type not in made:
            status = ("Changed for consistency: the counter-draft makes the Office's decision here a good-faith "
                      "judgment, as it does elsewhere, so that the agreement sets one standard.")
        elif f.paragraph.number in review.same_standard and made.get(f.type, {}).get("paragraph") != f.paragraph.number:
            # the ask's own change is in another paragraph: this one's change for one standard is said too
            status += (" Changed for consistency here: the counter-draft makes the Office's decision in this "
                       "paragraph a good-faith judgment, as it does elsewhere, so that the agreement sets one "
                       "standard.")
        if f.paragraph.number in review.same_trigger and f.type not in made:
            status = ("Changed for consistency: the counter-draft counts an offense here only if "
                      "it is a felony under United States federal law, as it does elsewhere, so that the "
                      "agreement sets one trigger for a breach.")
        b.lines.append(("Counter-draft", status))
        out.append(b)
    for m in review.missing:
        t = lib.types[m]
        std = t.variants["government-standard"]
        b = Block(review.title(m), "Not in the letter")
        gap = _fitting_part(review, t.gap_note) if t.gap_note else ""
        b.lines.append(("Risk", gap or "The letter does not address this."))
        ask = review.fitted(missing_ask(review, m), None) or review.fitted(std.ask, None)
        if ask:
            b.lines.append(("Ask", _as_ask(ask)))
        b.lines.append(("Counter-draft", _status_missing(m, tiers.get(m), made)))
        out.append(b)
    return out


def checklist_entries(review: Review) -> list[Entry]:
    """The checklist as the report shows it (shared by .md and .docx)."""
    made = changed(review)
    out = []
    for item in review.checklist:
        type_id = item.type
        if type_id in made:
            status = "changed in the counter-draft" if item.status == "found" else "added in the counter-draft"
        elif item.tier == "must":
            status = "not made in the counter-draft; raise it"
        elif item.tier == "trade":
            status = "to raise in negotiation"
        else:
            status = f"{item.priority} priority"
        point = _ask(review, item.point, type_id, made) if type_id else item.point
        e = Entry(item.title or item.id, status, point)
        why = _why(review, item.why, item.point, type_id, made) if type_id else item.why
        if why and why != item.point:
            e.lines.append(("Why", why))
        if item.cites:
            e.lines.append(("Cites", "; ".join(item.cites)))
        note = _circuit(review, list(item.cites), why) if type_id else ""
        if note:
            e.lines.append(("Circuit", note))
        if item.fallback:
            fb = review.library.types[type_id].variants.get("fallback") if type_id else None
            text = item.fallback
            if fb is not None and text.startswith(f"{fb.title}: "):
                text = text[len(fb.title) + 2:]          # the variant's title is the library's, not the attorney's
            e.lines.append(("Fallback", _as_ask(text)))
        e.lines += [("[VERIFY]", v) for v in item.verify]
        out.append(e)
    return out


def _tiers(review: Review) -> dict[str, str]:
    return {a.type: a.tier for a in getattr(review, "asks", [])}


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summary(review: Review) -> list[str]:
    """The opening lines: what the letter is, its numbering, and what the counter-draft does."""
    doc = review.doc
    party = "a company" if doc.company else "an individual"
    article = "an" if doc.name[0] in "aeiou" else "a"
    where = f", from the {review.district}" if review.district else ""
    first = f"{review.letter.name} is {article} {doc.name} with {party}{where}"
    first += "" if first.endswith(".") else "."
    series = numbered_paragraphs(review.letter)
    if series:
        first += f" Its numbered paragraphs run from {series[0]} to {series[1]}."
    made = changed(review)
    edits = sum(1 for a in made.values() if a["paragraph"])
    added = sum(1 for a in made.values() if not a["paragraph"])
    left = sum(1 for a in review.asks if a.tier == "trade" or a.tier == "must" and a.type not in made)
    if edits or added:
        parts = []
        if edits:
            parts.append(f"changes {_plural(edits, 'clause', 'clauses')} in the Office's own words")
        if added:
            parts.append(f"adds {_plural(added, 'new paragraph', 'new paragraphs')}")
        second = "The counter-draft " + " and ".join(parts) + "."
    else:
        second = "The counter-draft changes nothing."
    asked = {a["paragraph"] for a in made.values()}

    def refs(paras: list[int]) -> str:
        """The paragraphs a consistency pass changed beyond the asks, named and joined ("" if none)."""
        names = [paragraph_ref(review.letter, p) for p in paras if p not in asked]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""

    if same := refs(review.same_standard):
        second += (f" For one standard throughout, it also makes the Office's decisions in {same} a good-faith "
                   "judgment instead of its sole discretion.")
    if review.same_standard or any(a["paragraph"] in review.same_standard for a in made.values()):
        second += _standard_left(review)
    if trig := refs(review.same_trigger):
        second += (f" For one trigger throughout, it also counts an offense in {trig} toward a breach only "
                   "if it is a felony under United States federal law.")
    if review.promise:
        from .company import breach_ref

        promised = " and ".join(paragraph_ref(review.letter, p) for p in review.promise)
        by = breach_ref(review).removeprefix(" as ").removesuffix(" defines breach") or "the agreement"
        by = by[0].upper() + by[1:] if by.startswith("paragraph") else by      # the report's "Paragraph 10"
        second += (f" For one breach standard, it also makes the Office's promise in {promised} turn on "
                   f"a breach as {by} defines it, not on full performance.")
    if left:
        second += f" {_plural(left, 'more point is', 'more points are')} left to raise in negotiation."
    return [first, second]


def _standard_left(review: Review) -> str:
    """What the one-standard pass left, said truthfully: "sole discretion" over what is not a
    decision on conduct (sharing, publishing, releasing reports), and a decision whose review the
    letter already keeps for bad faith."""
    def names(why: str) -> str:
        found = [paragraph_ref(review.letter, p) for p in dict.fromkeys(n for n, w in review.standard_left if w == why)]
        return found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1] if found else ""

    out = ""
    if other := names("other"):
        out += (f" It leaves “sole discretion” in {other}, where the Office decides what to share, publish or "
                "release rather than whether the other side kept the agreement.")
    if reviewed := names("reviewed"):
        out += (f" It leaves {reviewed} as written: the letter already allows review of that decision for bad faith, "
                "which is the good-faith standard.")
    return out


# --- writing ------------------------------------------------------------------------------------------

def report_markdown(review: Review, date: dt.date) -> str:
    mark = review.workspace.mark if review.workspace else "DRAFT — FOR ATTORNEY REVIEW"
    out = [f"# Review of {_esc(review.letter.name)}", "",
           f"*{mark}* · {date.isoformat()} · {_esc(review.attorney)}", ""]
    out += [_esc(" ".join(summary(review))), ""]
    if review.matter_id:
        out += [f"Matter {_esc(review.matter_id)}: the asks and gaps use its facts.", ""]
    out += [f"Warning: {_esc(w)}" for w in review.warnings]
    out += [""] if review.warnings else []
    out += ["## Clauses", ""]
    for b in blocks(review):
        out += [f"### {_esc(b.title)} — {_esc(b.where)}", ""]
        if b.found:
            out += [f"> {_esc(b.found)}", ""]
        out += [f"- **{label}:** {_esc(text)}" for label, text in b.lines]
        out.append("")
    others = found_in(review)
    if others:
        out += ["## Other terms to check", "",
                "Not redlined: each turns on the client and the case.", ""]
        for o in others:
            out += [f"### {_esc(o.title)} — {_esc(o.where)}", "", f"> {_esc(o.words)}", "",
                    f"- **Risk:** {_esc(o.risk)}", f"- **Ask:** {_esc(o.ask)}", ""]
    out += ["## Checklist", ""]
    for e in checklist_entries(review):
        out.append(f"- [ ] **{_esc(e.title)}** ({_esc(e.status)}) — {_esc(e.point)}")
        out += [f"  - {_esc(label)} {_esc(text)}" if label == "[VERIFY]" else f"  - {label}: {_esc(text)}"
                for label, text in e.lines]
    return "\n".join(out) + "\n"


def report_docx(review: Review, date: dt.date) -> bytes:
    from ..docx.reportdoc import ReportDocument
    from .counterdraft import properties

    mark = review.workspace.mark if review.workspace else "DRAFT — FOR ATTORNEY REVIEW"
    legend = review.workspace.legend if review.workspace else ""
    doc = ReportDocument(f"{legend}\n{mark} · {date.isoformat()}" if legend else f"{mark} · {date.isoformat()}")
    doc.heading(f"Review of {review.letter.name}", 1)
    doc.paragraph(f"Prepared for {review.attorney} · {date.isoformat()}")
    doc.paragraph(" ".join(summary(review)))
    if review.matter_id:
        doc.paragraph(f"Matter {review.matter_id}: the asks and gaps use its facts.")
    for w in review.warnings:
        doc.labelled("Warning: ", w)
    doc.heading("Clauses", 2)
    for b in blocks(review):
        doc.heading(f"{b.title} — {b.where}", 3)
        if b.found:
            doc.quote(b.found)
        for label, text in b.lines:
            doc.labelled(f"{label}: ", text)
    others = found_in(review)
    if others:
        doc.heading("Other terms to check", 2)
        doc.paragraph("Not redlined: each turns on the client and the case.")
        for o in others:
            doc.heading(f"{o.title} — {o.where}", 3)
            doc.quote(o.words)
            doc.labelled("Risk: ", o.risk)
            doc.labelled("Ask: ", o.ask)
    doc.heading("Checklist", 2)
    for e in checklist_entries(review):
        doc.labelled(f"{e.title} ", f"({e.status}) — {e.point}", style="List Bullet")
        for label, text in e.lines:
            doc.labelled(f"{label} " if label == "[VERIFY]" else f"{label}: ", text, style="List Bullet 2")
    return doc.save(date, properties(review, f"Review of {review.letter.name}"))


_THIS_WORDING = re.compile(r"^Propose this wording(?: for ([^.:]+))?[.:]\s*(?:it is [^.]*\.\s*)?")


def concrete_ask(ask: str, v: Variant | None) -> str:
    """A clause file's ask points at its own variant ("Propose this wording: ..."), which a review
    of the Office's letter does not show: there it names what the wording does (the variant's
    summary, as an ask), followed by the rest of the ask."""
    m = _THIS_WORDING.match(ask or "")
    if m is None:
        return ask
    rest = ask[m.end():].strip()
    what = _as_ask(" ".join(v.summary.split())) if v is not None and v.summary else ""
    if m.group(1) and what:
        what = f"{what.rstrip('.')} ({m.group(1).strip()})."
    return " ".join(x for x in (what, rest) if x) or ask
