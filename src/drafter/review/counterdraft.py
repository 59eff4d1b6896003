"""The counter-draft: the Office's own letter with a few defense changes as Word tracked changes.

``drafter review LETTER -o OUT`` writes ``OUT/<stem>.counter.docx`` (the letter with ``w:del`` /
``w:ins`` revisions by the firm's attorney and a Word comment on each change giving the reason),
``OUT/<stem>.review.docx`` and ``OUT/<stem>.review.md`` (the review report).

- From a ``.docx`` letter a copy of the letter is edited, so its paragraphs, numbering and
  styles stay; from ``.txt`` or ``.pdf`` a plain document is built from the letter's paragraphs.
- Only the ``must`` asks (``targeting.py``: at most five unless the stance is ``full``) change the
  letter, and each changes only what it must inside the Office's paragraph (``redline.py``:
  strike a phrase, replace a sub-clause, add a proviso), in the letter's own defined terms.
  A clause the library has no surgical edits for is replaced whole, as a marked last resort.
- A missing clause that is a ``must`` ask is anchored in a related paragraph where its edits
  find a place, else added as one new numbered paragraph before the signature block.
- Nothing at or after the signature block changes; accepting every change gives one agreement,
  rejecting them gives the letter back word for word.
- Same inputs and date -> the same bytes. Files are written mode 0600, and a file drafter did not
  write here (or that was edited since) is never replaced without ``--force``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from ..docx.letters import Letter, Paragraph
from ..docx.package import save, with_header_line
from ..docx.scrub import sendable_redline, strip_external_zip
from ..docx.tracked import Tracker, _placer, _track_revisions_on, apply_edits, letter_document, new_paragraph, w
from ..environment import render_text
from ..errors import UsageError
from ..files import write_files
from ..law.analysis import second_circuit_notes
from ..law.clauses import ClauseType, paragraphs as split_paragraphs
from .company import authority_fits
from .dockind import cite_fits
from .headings import body_start
from .placement import insertion_point, numbering, partial_copy, uses_headings  # noqa: F401 (used here and by callers)
from .redline import (
    Change,
    Edit,
    applied,
    fits_letter,
    fitting_edits,
    merge,
    missing_edit,
    new_paragraph_text,
    plan_found,
    plan_missing,
    words_fit,
)
from .report import report_docx, report_markdown
from .review import Found, Review, gaps_to_brackets, placeholder_source
from .standard import consistent
from .targeting import RELEVANCE
from .trigger import same_trigger

MANIFEST = "review-manifest.json"
SMALL_CHANGE = 0.6          # word-level changes when the wordings are at least this similar
WHOLE_BODY = 0.8            # replace the whole paragraph body when the clause covers this much

__all__ = ["Change", "Edit", "Tracker", "apply_edits", "write_outputs", "build_counter"]


# --- what to propose ------------------------------------------------------------------------------

@dataclass
class Proposal:
    """The defense wording for one clause type, ready to insert."""

    type: str
    variant: str
    title: str
    paragraphs: list[str]       # "(a) ..." labels written out
    comment: str


def _label(i: int) -> str:
    return f"({'abcdefghijklmnopqrstuvwxyz'[i % 26]})"


def neutral_context(review: Review) -> dict:
    """The context for rendering clause text without a matter: conditions see a matter with no
    facts, except that a statutory minimum is assumed possible (so § 3553(e) is asked for)."""
    from ..law.analysis import analyze
    from ..law.plan import base_context
    from ..model.matter import Matter
    from ..model.workspace import DEMO, Workspace

    matter = Matter.model_validate({
        "format": 1, "id": "review", "client": {"name": "[CLIENT]"},
        "case": {"district": "D. Mass.", "stage": "charged"},
        "government": {"office": "[OFFICE]", "prosecutor": {"name": "[PROSECUTOR]"}},
        "cooperation": {"status": "considering"},
    })
    ctx = base_context(matter, analyze(matter), review.workspace or Workspace(DEMO, demo=True))
    ctx["analysis"]["needs_3553e"] = review.kind != "proffer"
    return ctx


def render_proposal(review: Review, t: ClauseType, variant: str, terms: dict[str, str]) -> list[str]:
    """The variant's paragraphs, rendered, in the letter's defined terms, sub-items labelled."""
    v = t.variants[variant]
    where = f"{v.file}:{v.line or ''}: clause {v.id}"
    if review.context is not None:
        text = render_text(v.text, review.context, where)
    else:
        if review.neutral is None:
            review.neutral = neutral_context(review)        # one neutral matter per review
        text = render_text(placeholder_source(v.text), review.neutral, where)
    out, sub = [], 0
    for p in split_paragraphs(gaps_to_brackets(text)):
        line = adapt_terms(p["text"], terms)
        if p["sub"]:
            line = f"{_label(sub)} {line}"
            sub += 1
        out.append(line)
    return out


def _district(review: Review) -> str | None:
    """The district the letter comes from: the matter's, else the one the letter names."""
    return review.district


def make_proposal(review: Review, type_id: str, terms: dict[str, str], found: Found | None) -> Proposal:
    t = review.library.types[type_id]
    name = review.proposed_variant(type_id)
    v = t.variants[name]
    lines = [f"{t.title}."]
    if found is not None:
        lines.append(f"Risk in the Office's wording: {review.risk_reason(type_id, found.variant, found)}")
    else:
        gap = review.fitted(t.gap_note, None) if t.gap_note else ""        # "" where it speaks of a person
        lines.append(f"The letter is silent: {gap}" if gap else "The letter is silent on this.")
    lines.append(f"Why: {review.text(v.why)}")
    cites = [c for c in dict.fromkeys(v.cites) if cite_fits(c, review.doc) and authority_fits(c, review.doc)]
    if cites:
        lines.append("Cites: " + "; ".join(cites))
    lines += second_circuit_notes(cites, _district(review))
    lines += [f"[VERIFY] {x}" for x in v.verify]
    return Proposal(type_id, name, t.title, render_proposal(review, t, name, terms), "\n".join(lines))


from .terms import adapt_terms, letter_terms  # noqa: E402  (the letter's own defined terms)

# --- planning the changes ------------------------------------------------------------------------

def _orig_body_start(letter: Letter, para: Paragraph) -> int:
    """Where the paragraph's body starts in the original: after its number and run-in heading."""
    start = body_start(letter, para)
    return para.original_span(start, len(para.norm))[0] if para.norm else 0


def clause_range(f: Found, letter: Letter) -> tuple[int, int]:
    """The span of the government's text (original offsets) that a whole replacement takes: never
    the paragraph's run-in heading."""
    para = f.paragraph
    a = min(s for s, _ in f.hit.spans)
    b = max(e for _, e in f.hit.spans)
    oa, ob = para.original_span(a, b)
    body = _orig_body_start(letter, para)
    oa, ob = max(oa, body), max(ob, body)
    end = len(para.text.rstrip())
    if end - body > 0 and (ob - oa) >= WHOLE_BODY * (end - body):
        oa, ob = body, end
    while ob > oa and para.text[ob - 1].isspace():
        ob -= 1
    return oa, ob


def describe_edits(text: str, edits: list[Edit]) -> str:
    """What the surgical edits of one paragraph do, quoting the words: the comment says exactly
    what the redline shows, never more than was anchored."""
    def short(words: str) -> str:
        words = " ".join(words.split()).rstrip(".")     # the sentence's own full stop: no "counsel.”."
        return words if len(words) <= 160 else words[:157].rsplit(" ", 1)[0] + "…"

    out = []
    for e in sorted(edits, key=lambda e: e.start):
        old, new = text[e.start:e.end].strip(), e.new.strip(" ;,")
        if old and new:
            out.append(f"replaces “{short(old)}” with “{short(new)}”")
        elif old:
            out.append(f"strikes “{short(old)}”")
        elif new:
            out.append(f"adds “{short(new)}”")
    return "; ".join(out)


def ask_comment(review: Review, asks: list, whole: bool = False) -> str:
    """The comment on one change, in words: the clause, what the letter's wording risks, what we
    changed and why (no ids, no rules). Internal: it stays in the firm's copy. For surgical edits
    (``Ask.done``) it says what the redline does, quoting it, instead of the whole variant's
    summary and reasons, which speak of more than was changed."""
    parts = []
    for a in asks:
        t = review.library.types[a.type]
        v = t.variants[a.variant]
        f = a.found
        lines = [f"{review.title(a.type)}."]
        if f is not None:
            lines.append(f"Risk in the Office's wording: {review.risk_reason(a.type, f.variant, f)}")
        else:
            gap = review.fitted(t.gap_note, None) if t.gap_note else ""    # "" where it speaks of a person
            lines.append(f"The letter is silent: {gap}" if gap else "The letter is silent on this.")
        done = getattr(a, "done", "")
        if done:
            lines.append(f"In the redline: {done}.")
            reasons = [review.in_terms(r) for r in (review.fitted(x, None) for x in getattr(a, "reasons", ()))
                       if r]
            if reasons:
                lines.append("Why: " + " ".join(reasons))
        else:
            change = review.fitted(v.edit_summary or v.summary or v.ask, v)
            why = review.fitted(v.why, v)
            lines.append(f"Our change: {change}")
            if why != change:
                lines.append(f"Why: {why}")
        cites = [c for c in dict.fromkeys(v.cites) if cite_fits(c, review.doc) and authority_fits(c, review.doc)]
        if cites:
            lines.append("Cites: " + "; ".join(cites))
            lines += second_circuit_notes(cites, _district(review))
        if whole:
            lines.append("Last resort: none of the library's anchors fit this wording, so the clause "
                         "is replaced whole; consider a narrower edit before sending.")
        lines += [f"[VERIFY] {x}" for x in v.verify]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _last_resort(review: Review, ask, terms: dict[str, str]) -> Change:
    f = ask.found
    a, b = clause_range(f, review.letter)
    c = Change(f.paragraph, a, b, [make_proposal(review, ask.type, terms, f)], asks=[ask], whole=True)
    make_edits(c)
    return c


def plan_ask(review: Review, ask, terms: dict[str, str], limit: int) -> Change | Proposal | None:
    """What one ask changes: edits in a paragraph of the body, or a new paragraph; None when it
    cannot be made here (its clause is in the signature block, no anchor fits and the library
    marks the clause for surgical edits only, or our words would need a fact or suit another
    kind of party)."""
    if ask.found is not None:
        if ask.found.paragraph.number - 1 >= limit:
            return None                                   # never inside the signature block
        c = plan_found(review, ask, terms)
        if c is None and not fitting_edits(review, ask.type, ask.variant) \
                and (review.stance == "full" or RELEVANCE.get(review.doc.kind, {}).get(ask.type, 0) >= 2):
            c = _last_resort(review, ask, terms)          # marked as such in its comment
        return c if c is not None and fits_letter(review, c) else None
    c = plan_missing(review, ask, terms, limit)
    if c is not None and fits_letter(review, c):
        return c
    text = new_paragraph_text(review, ask, terms)
    if text is None and review.stance != "full":
        return None                 # a whole clause of the library is added only in the full stance
    prop = make_proposal(review, ask.type, terms, None)
    if text is not None:
        prop.paragraphs = [text]
    words = " ".join(prop.paragraphs)
    if not words_fit(review, words):
        return None                                       # would need a fact the letter does not give
    # the comment says what the paragraph says, not the variant's summary (which may describe
    # another of its new paragraphs, such as the Department-wide scope sentence)
    ask.done = "adds a new paragraph: " + describe_edits(words, [Edit(0, 0, words)]).removeprefix("adds ")
    e = missing_edit(review, ask.type, ask.variant) if text is not None else None
    ask.reasons = (e.why,) if e is not None and e.why else ()
    prop.comment = ask_comment(review, [ask])
    return prop


def feasible(review: Review):
    """A test of whether an ask can be made in this letter (targeting.select uses it for the tiers)."""
    terms = letter_terms(review.letter.text)
    limit = insertion_point(review)
    return lambda ask: plan_ask(review, ask, terms, limit) is not None


def plan_changes(review: Review, terms: dict[str, str]) -> tuple[list[Change], list[Proposal]]:
    """The changes the ``must`` asks make to the letter's paragraphs, and the new paragraphs."""
    limit = insertion_point(review)
    changes: list[Change] = []
    new: list[Proposal] = []
    for ask in [a for a in review.asks if a.tier == "must"]:
        made = plan_ask(review, ask, terms, limit)
        if made is None:
            ask.tier = "trade"
        elif isinstance(made, Change):
            changes.append(made)
            # the same ask's edits in another paragraph (``within: body``), where our words fit
            changes += [c for c in made.also if fits_letter(review, c)]
        else:
            new.append(made)
    for c in changes:                  # each change holds one ask until they are merged by paragraph
        for a in c.asks:
            a.done = "" if c.whole else _described(review, c, a)
            a.reasons = () if c.whole else tuple(dict.fromkeys(e.why for e in c.edits if e.why))
    changes = merge(changes)
    # the Office's promise conformed to the breach paragraph (a company's one breach standard)
    review.promise = [c.paragraph.number for c in changes if any(a.type == "breach" for a in c.asks)
                      and any(_PROMISE.search(e.new) for e in c.edits)]
    for c in changes:
        c.note = ask_comment(review, c.asks, c.whole)
        if not c.whole:
            # The record of asks (asks.asks_for_counter) holds the two wordings: the Office's whole
            # paragraph and ours, so that a reply is judged on the paragraph, not on a fragment.
            c.proposals = [Proposal(a.type, a.variant, review.library.types[a.type].title, [], "")
                           for a in c.asks]
            c.start, c.end = 0, len(c.paragraph.text.rstrip())
    # the same good-faith standard wherever else the letter leaves a decision to sole discretion
    changes = changes + consistent(review, changes, limit)
    # a company's breach trigger narrowed to a felony: the same trigger wherever else the body has it
    changes = sorted(changes + same_trigger(review, changes, limit), key=lambda c: (c.paragraph.number, c.start))
    return changes, new


_PROMISE = re.compile(r"\bdoes\s+not\s+breach\b|\bbreaches\s+this\s+agreement\b|\bdefines\s+breach\b", re.I)


def _described(review: Review, c: Change, a) -> str:
    """What one change does for an ask, in words; where its edits found their place in another
    paragraph than the clause's (``within: body``), each run of them names the paragraph, down to the
    item it lists inline ("in Paragraph 10(c)", "in Paragraph 10(e)")."""
    if a.found is None or a.found.paragraph.number == c.paragraph.number:
        return describe_edits(c.paragraph.text, c.edits)
    from .places import paragraph_ref_at

    runs: list[tuple[str, list[Edit]]] = []
    for e in sorted(c.edits, key=lambda e: e.start):
        ref = paragraph_ref_at(review.letter, c.paragraph.number, e.start)
        if runs and runs[-1][0] == ref:
            runs[-1][1].append(e)
        else:
            runs.append((ref, [e]))
    return "; ".join(f"{describe_edits(c.paragraph.text, edits)} (in {ref})" for ref, edits in runs)


_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_LOWERABLE = set("The This That Neither No Every If Any Each Before Within Unless Nothing A An In To At "
                 "Should Whether Except Only Notwithstanding Subject Where When".split())


def _match_case(old: str, new: str) -> str:
    """Start the new wording in lower case where the government's sentence did ("FIRST, this ...")."""
    word = re.match(r"[A-Za-z]+", new)
    if old[:1].islower() and word and word.group() in _LOWERABLE:
        return new[0].lower() + new[1:]
    return new


def make_edits(c: Change) -> None:
    """Word-level edits where the wordings are close, else one replacement of the whole span."""
    old = c.paragraph.text[c.start:c.end]
    paras = [p for prop in c.proposals for p in prop.paragraphs]
    first, c.after = " ".join(paras), []
    first = _match_case(old, first)
    a, b = _TOKEN.findall(old), _TOKEN.findall(first)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if sm.ratio() < SMALL_CHANGE:
        c.edits = [Edit(c.start, c.end, first)]
        return
    offsets = [c.start]
    for tok in a:
        offsets.append(offsets[-1] + len(tok))
    c.edits = [Edit(offsets[i1], offsets[i2], "".join(b[j1:j2]))
               for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal"]


# --- where new paragraphs go --------------------------------------------------------------------------

def properties(review: Review, title: str | None = None) -> dict:
    """The core properties of the counter-draft and the review report."""
    return {"title": title or f"Counter-draft: {review.letter.name}", "author": review.attorney,
            "last_modified_by": review.attorney,
            "subject": review.doc.name if getattr(review, "doc", None) else review.kind,
            "comments": "Internal: privileged attorney work product; do not send.",
            "category": "Privileged"}


def build_counter(review: Review, date: dt.date) -> tuple[bytes, list[Change], list[Proposal]]:
    """The counter-draft's bytes, with the changes and insertions it holds."""
    doc, elements = letter_document(review.letter)
    tracker = Tracker(doc, review.attorney, date)
    terms = letter_terms(review.letter.text)
    changes, insertions = plan_changes(review, terms)
    review.applied = applied(changes, insertions)
    # From the end of each paragraph backwards, so that earlier offsets stay valid.
    for c in sorted(changes, key=lambda c: (c.paragraph.number, c.start), reverse=True):
        p = elements[c.paragraph.number - 1]
        made = apply_edits(p, c.edits, tracker)
        anchor_last = made[-1] if made else None
        prev = p
        for text in c.after:
            new = new_paragraph(text, p, tracker)
            prev.addnext(new)
            prev = new
            anchor_last = new.find(w("ins"))
        if made:
            tracker.anchor(made[0], anchor_last, c.comment)
    _insert_missing(review, elements, insertions, tracker)
    _track_revisions_on(doc)
    from .asks import asks_for_counter, embed  # the asks, recorded for `drafter compare`

    embed(doc, asks_for_counter(changes, insertions), review.letter.name)
    return save(doc, date, properties(review), tracker.comments, tracker.when), changes, insertions


def _insert_missing(review: Review, elements: list, insertions: list[Proposal], tracker: Tracker) -> None:
    """The missing clauses as tracked paragraphs between the body and the closing."""
    if not insertions:
        return
    at = insertion_point(review)
    anchor_before = elements[at] if at < len(elements) else None
    like = elements[at - 1] if 0 < at <= len(elements) else (elements[0] if elements else None)
    auto = like is not None and like.find(f"{w('pPr')}/{w('numPr')}") is not None
    label = (lambda i: "") if auto else numbering(review, at)
    place = _placer(tracker.doc.element.body, like if at > 0 else None, anchor_before)
    titled = uses_headings(review)
    for i, prop in enumerate(insertions):
        made = []
        for j, text in enumerate(prop.paragraphs):
            lead = (label(i) + " " if j == 0 and label(i) else "")
            if j == 0 and not titled:
                text, title = lead + text, None       # the letter's plain style: no run-in heading
            else:
                title = (lead + prop.title + ".") if j == 0 else None
            p = new_paragraph(text, like, tracker, bold_title=title, numbered=auto and j == 0)
            place(p)
            made.append(p)
        tracker.anchor(made[0].find(w("ins")), made[-1].findall(w("ins"))[-1], prop.comment, inserted=True)


# --- writing ------------------------------------------------------------------------------------------

@dataclass
class Written:
    files: list[Path]
    backups: list[Path]
    changes: int
    insertions: int


def write_outputs(review: Review, out_dir: Path, date: dt.date, force: bool = False) -> Written:
    """Write the counter-draft and the report; refuse to replace files drafter did not write."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir} exists and is not a folder")
    stem = review.letter.stem
    from ..environment import render_budget

    with render_budget():
        counter, changes, insertions = build_counter(review, date)
    counter = strip_external_zip(counter, date)      # no remote template or image links (issue 16)
    # The copy to send keeps the tracked changes and loses every comment (our reasons, risks and
    # [VERIFY] flags are work product), the record of asks (it names our fallbacks; `compare` reads
    # it from the commented copy beside) and the internal properties.
    send = sendable_redline(counter, date, {"title": "Proposed revisions", "author": review.attorney,
                                            "last_modified_by": review.attorney})
    # the firm's copy says on every page, on paper too, that it is not the one to send
    internal = with_header_line(counter, f"INTERNAL - ATTORNEY WORK PRODUCT - DO NOT SEND (the copy to send is "
                                         f"{stem}.counter.docx)", date, properties(review))
    files = [(f"{stem}.counter.docx", send), (f"{stem}.counter.review.docx", internal)] if changes or insertions \
        else []                        # nothing to propose: no "proposed changes" file without changes
    files += [(f"{stem}.review.docx", report_docx(review, date)),
              (f"{stem}.review.md", report_markdown(review, date).encode("utf-8"))]
    names = [n for n, _ in files]
    backups = write_files(out_dir, files, force, manifest=MANIFEST).backups
    return Written([out_dir / n for n in names], backups, len(changes), len(insertions))
