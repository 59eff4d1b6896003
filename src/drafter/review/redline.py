"""Surgical changes to the Office's own paragraphs, one ask at a time.

Each defense variant in the clause library may carry ``edits`` (docs/clause-format.md): anchors
on the wording Offices actually use, with what to strike, replace or insert there, and a
proviso to append at the end of the clause. For each ``must`` ask this module finds the anchors
inside the clause's own sentences and turns them into character edits of the government's
text; everything else in the letter stays as the Office wrote it. A clause whose variant has no
edits is replaced whole, as a last resort, and its comment says so. Nothing at or after the
signature block is ever touched, and our words carry no bracketed placeholder: where a fact
would be needed the ask stays on the checklist instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ..docx.normalize import TITLE_DOT
from .dockind import wording_fits
from .headings import body_start
from .targeting import Ask

if TYPE_CHECKING:                                     # pragma: no cover
    from ..docx.letters import Paragraph
    from .review import Review


@dataclass
class Edit:
    """Replace ``text[start:end]`` of one paragraph with ``new`` (a deletion when new is empty)."""

    start: int
    end: int
    new: str
    why: str = ""          # the edit definition's reason, for the attorney's comment
    sentence: bool = False  # a whole sentence of ours after the Office's sentence (``sentence: true``)


@dataclass
class Change:
    """The tracked changes to one paragraph, with one comment."""

    paragraph: Paragraph
    start: int
    end: int
    proposals: list = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    after: list[str] = field(default_factory=list)     # new paragraphs after this one
    note: str = ""
    asks: list[Ask] = field(default_factory=list)
    whole: bool = False                                 # the last resort: the clause replaced whole
    also: list[Change] = field(default_factory=list)    # the same ask's edits in another paragraph

    @property
    def comment(self) -> str:
        if self.note:
            return self.note
        return "\n\n".join(p.comment for p in self.proposals)


def signature_start(review: Review) -> int:
    """The 0-based index of the first paragraph of the closing and signature block."""
    from .counterdraft import insertion_point

    return insertion_point(review)


def _region(f) -> tuple[int, int]:
    """The clause's own text in the paragraph (normalised offsets)."""
    spans = f.hit.spans or [(0, len(f.paragraph.norm))]
    return min(a for a, _ in spans), max(b for _, b in spans)


def _case(new: str, old_before: str) -> str:
    """Start a sentence with a capital, a continuation in lower case."""
    if not new:
        return new
    starts_sentence = not old_before.strip() or old_before.rstrip()[-1:] in ".:"
    return (new[0].upper() if starts_sentence else new[0]) + new[1:]


def _sentence_start(norm: str, at: int) -> int:
    """Where the sentence that ``norm[at]`` is in begins (after the paragraph's own label)."""
    from ..labels import label_end
    from .recognise import _ABBREV

    start = label_end(norm)
    for m in re.finditer(r"[.!?][\"'”)\]]?\s+(?=[\"'“(\[]?[A-Z])", norm[:at + 1]):
        if m.end() <= at and not _ABBREV.search(norm[max(0, m.start() - 12):m.start() + 1]):
            start = max(start, m.end())
    return start


def _append_edit(para: Paragraph, a: int, b: int, text: str) -> Edit | None:
    """A proviso or sentence at the end of the clause's text ``norm[a:b]``; None where it has no
    place that keeps the Office's sentence whole."""
    region = para.norm[a:b].rstrip()
    end = a + len(region)
    whole = para.norm.rstrip()
    tail = re.search(r"(?:;\s*(?:and|or)?|,\s*(?:and|or))$", region)
    if re.search(r"(?:[;:,]|\b(?:and|or))$", whole) and (tail or end >= len(whole)) and not (
            tail and re.search(r"\(\s*[a-z0-9]{1,4}\s*\)\s*$", para.norm[max(0, a - 8):a])):
        # the paragraph's last sentence runs on into the next paragraphs (its list: "then: a. ...",
        # "except (a) ...; (b) ..."): ours goes before the sentence the clause starts in, never
        # between the list's items; a sentence that needs the Office's before it ("Nor ...") has no place
        if re.match(r"(?:Nor|Neither)\b", text):
            return None
        at = para.original_span(_sentence_start(para.norm, a), a)[0]
        return Edit(at, at, text.rstrip() + " ")
    item = re.search(r"\(\s*[a-z0-9]{1,4}\s*\)\s*$", para.norm[max(0, a - 8):a])
    if tail and item and not re.match(r"(?:Nor|Neither)\b", text):
        # the clause is one lettered item that the list continues after: a proviso before "; and"
        at = para.original_span(a, a + tail.start())[1]
        proviso = text.rstrip(".")
        return Edit(at, at, "; provided that " + proviso[0].lower() + proviso[1:])
    if tail:
        # the clause ends inside a list that belongs to its sentence (its exceptions "(a) ...; and
        # (b) ..."): our sentence goes after the whole paragraph, not into the last exception
        region, end = para.norm.rstrip(), len(para.norm.rstrip())
    at = para.original_span(a, end)[1] if end > a else 0
    if region.endswith((".", ".”", '."', ")")):
        return Edit(at, at, " " + text)
    return Edit(at, at, ". " + text)


def _fill(text: str, m: re.Match | None, terms: dict[str, str], review: Review | None = None) -> str:
    """Our words for one edit: the anchor's groups filled in, the matter's facts rendered (a fact
    the matter lacks becomes a bracketed gap, which keeps the ask off the draft), the letter's
    defined terms."""
    from .counterdraft import adapt_terms

    if "{breach-ref}" in text:
        from .company import breach_ref

        text = re.sub(r"\s*\{breach-ref\}", breach_ref(review), text)
    if m is not None and "\\" in text:
        text = m.expand(text).replace(TITLE_DOT, ".")     # the letter's "Ms." as it wrote it
    if review is not None and ("{{" in text or "{%" in text):
        text = review.text(text)
    return adapt_terms(text, terms)


def plan_found(review: Review, ask: Ask, terms: dict[str, str]) -> Change | None:
    """The edits for an ask on a clause the letter has; None when nothing can be anchored. Where
    nothing anchors in the clause's paragraph, the edits that look through the body (``within:
    body``) are tried on the letter's other paragraphs before the signature block, and the change
    goes where they anchor (a company's catch-all breach in its list of breaches, apart from the
    sentence recognised as the breach clause)."""
    f = ask.found
    para = f.paragraph
    variant = review.library.types[ask.type].variants[ask.variant]
    edits_def = variant.edits or review.library.types[ask.type].variants["defense-proposed"].edits
    if not edits_def:
        return None
    edits_def = tuple(e for e in edits_def if fits_document(e, review))
    a, b = _region(f)
    # the paragraph's label and run-in heading ("What breach means.") are never edited
    body = body_start(review.letter, para)
    a, b = max(a, body), max(b, body)
    edits = _paragraph_edits(review, para, a, b, edits_def, terms)
    # the body-wide edits that found no place in the clause's paragraph: the first other paragraph
    # of the body where they anchor takes them, as a change of its own for the same ask
    # every other paragraph of the body that has one of their anchors takes it, as a change of its own
    # for the same ask: a company's breach standard is set wherever the letter restates its triggers
    # (the list of breaches, the paragraph on what a breach frees for use) or conditions the Office's
    # promise on performance
    wide = tuple(e for e in edits_def if e.within == "body")
    others: list[Change] = []
    for other in review.letter.paragraphs[:signature_start(review)] if wide else []:
        if other.number == para.number:
            continue
        found = _paragraph_edits(review, other, body_start(review.letter, other), len(other.norm), wide, terms)
        if found:
            first = not edits and not others
            others.append(Change(other, min(x.start for x in found), max(x.end for x in found), edits=found,
                                 asks=[ask if first else replace(ask, done="", reasons=())]))
    if not edits:
        if not others:
            return None
        others[0].also = others[1:]
        return others[0]
    change = Change(para, min(x.start for x in edits), max(x.end for x in edits), edits=edits, asks=[ask])
    change.also += others
    return change


def _paragraph_edits(review: Review, para: Paragraph, a: int, b: int, edits_def: tuple,
                     terms: dict[str, str]) -> list[Edit]:
    """The edits one ask makes in one paragraph, whose clause is ``norm[a:b]``."""
    body = body_start(review.letter, para)
    scope = para.norm[a:b]
    edits: list[Edit] = []
    anchored = False
    for e in edits_def:
        if e.unless and re.search(e.unless, para.norm, re.I):
            continue
        if e.action in ("strike", "replace", "insert-after", "insert-before"):
            # an anchor looks in the clause's own sentences, or (``within: paragraph``) in the whole
            # paragraph: a "not subject to review" two sentences after the "sole discretion" it guards
            base, text = (body, para.norm[body:]) if e.within in ("paragraph", "body") else (a, scope)
            m = e.pattern.search(text) if e.pattern else None     # no `find`: `clauses lint` reports it
            if m is None:
                continue
            anchored = True
            s, t = para.original_span(base + m.start(), base + m.end())
            if e.action == "strike":
                edits.append(Edit(s, t, "", e.why))
            elif e.action == "replace":
                new = _case(_fill(e.text, m, terms, review), para.text[:s])
                edits += [Edit(s + x, s + y, words, e.why) for x, y, words in narrowed(para.text[s:t], new)]
            elif e.action == "insert-after" and e.sentence:
                # a sentence of ours after the sentence the anchor is in (a cure period right after
                # the definition of breach, before the consequences)
                end = sentence_end(para.norm, base + m.end())
                at = para.original_span(base + m.start(), end)[1]
                edits.append(Edit(at, at, " " + _fill(e.text, m, terms, review), e.why, sentence=True))
            elif e.action == "insert-after":
                words = _spaced(_fill(e.text, m, terms, review), after=True)
                if words.endswith(",") and para.text[t:t + 1] in (".", ";", ":", ","):
                    words = words[:-1]          # "case-in-chief, or at sentencing." - never ",."
                edits.append(Edit(t, t, words, e.why))
            else:
                edits.append(Edit(s, s, _spaced(_fill(e.text, m, terms, review), after=False), e.why))
    inserted = {" ".join(x.new.split()) for x in edits}
    appended = False
    for e in edits_def:
        # a fallback is the ask's last resort: not when an anchor matched or an earlier sentence of
        # the same ask went in (a rebuttal limit cut back to trial testimony beside the Office's broad
        # words would contradict them; the narrower sentence already made is the realistic ask)
        if e.action != "append" or (e.fallback and (anchored or appended)):
            continue
        if e.unless and re.search(e.unless, para.norm, re.I):
            continue
        words = _fill(e.text, None, terms, review)
        if " ".join(words.split()) in inserted:
            continue                   # the same sentence already went in at its anchor
        made = _append_edit(para, a, b, words)
        if made is None:
            continue
        made.why = e.why
        appended = True
        same = next((x for x in edits if x.start == x.end == made.start == made.end and x.new), None)
        if same is not None:
            # two sentences of ours at the same place (notice, then what the decision ends): one insertion
            tail = made.new.lstrip()
            if tail.startswith(". ") and same.new.rstrip().endswith((".", ".”", '."')):
                tail = tail[2:]
            same.new = same.new.rstrip() + " " + tail
            same.why = " ".join(x for x in (same.why, made.why) if x)
            continue
        edits.append(made)
    return _without_overlaps(edits)


_WORD = re.compile(r"\w[\w'’-]*|\s+|[^\w\s]")


def narrowed(old: str, new: str) -> list[tuple[int, int, str]]:
    """A replacement cut down to the words that differ: (start, end, new words) within ``old``,
    so that "knowingly made a false" -> "knowingly made a materially false" shows as "materially "
    inserted, not as the Office's words struck and typed again. Where the two share no word, one
    replacement of the whole."""
    import difflib

    a, b = _WORD.findall(old), _WORD.findall(new)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if not any(op == "equal" and "".join(a[i1:i2]).strip() for op, i1, i2, _, _ in sm.get_opcodes()):
        return [(0, len(old), new)]
    at, bt = [0], [0]                          # token offsets in old and in new
    for tok in a:
        at.append(at[-1] + len(tok))
    for tok in b:
        bt.append(bt[-1] + len(tok))
    spans: list[tuple[int, int, int, int]] = []          # (old start, old end, new start, new end)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        if spans and not old[spans[-1][1]:at[i1]].strip():
            # two changes a space apart are one: "sole determination" -> "good-faith judgment"
            spans[-1] = (spans[-1][0], at[i2], spans[-1][2], bt[j2])
        else:
            spans.append((at[i1], at[i2], bt[j1], bt[j2]))
    return [(x, y, new[u:v]) for x, y, u, v in spans]


def sentence_end(norm: str, i: int) -> int:
    """The offset just after the full stop (and any closing quote or bracket) that ends the sentence
    ``norm[i]`` is in; the end of the text when none does. The abbreviations that are no sentence end
    ("U.S.", "No.", "v.", "Fed. R. Crim. P.") are the ones ``recognise.units`` knows."""
    from .recognise import _ABBREV

    for m in re.finditer(r"\.([\"”’)]*)(?=\s|$)", norm[i:]):
        at = i + m.start()
        if _ABBREV.search(norm[max(0, at - 12):at + 1]) or re.match(r"\d", norm[at + 1:at + 2]):
            continue
        return i + m.end()
    return len(norm.rstrip())


def _spaced(text: str, after: bool) -> str:
    """Words inserted after an anchor start with a space (unless punctuation); before one, end with one."""
    if after:
        return text if text[:1] in " ,;.:)" else " " + text
    return text if text.endswith(" ") else text + " "


def _without_overlaps(edits: list[Edit]) -> list[Edit]:
    """The edits that do not overlap, in order; two sentences of ours after the same sentence of
    the Office's (``sentence: true``: a company's privilege and its foreign-law proviso after one
    cooperation sentence) follow one another; any other second edit at a taken place is dropped."""
    out: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if any(e.start < o.end and o.start < e.end for o in out):
            continue
        same = next((o for o in out if e.start == e.end == o.start == o.end), None)
        if same is not None:
            if same.sentence and e.sentence and " ".join(e.new.split()) not in " ".join(same.new.split()):
                out[out.index(same)] = Edit(same.start, same.end, same.new.rstrip() + " " + e.new.lstrip(),
                                            " ".join(x for x in (same.why, e.why) if x), sentence=True)
            continue
        out.append(e)
    return out


def join_edits(para: Paragraph, planned: Change | None, edits: list[Edit], note: str) -> Change | None:
    """Edits one pass adds to a paragraph for consistency: into the change already planned there,
    or a new change of their own, with ``note`` as its comment (returned to be added)."""
    if planned is not None:
        planned.edits = sorted(planned.edits + edits, key=lambda e: e.start)
        return None
    new = Change(para, min(e.start for e in edits), max(e.end for e in edits), edits=edits)
    new.note = note
    return new


_NOTICE = "written notice of the claimed breach"


def _joined(first: list[Edit], second: list[Edit]) -> list[Edit]:
    """The edits of two asks on one paragraph: an insertion of the second at the very point where
    the first inserts (both append a sentence at the clause's end) follows it instead of being
    dropped; any other overlap keeps the first ask's edit."""
    out = list(first)
    for e in second:
        if any(_NOTICE in o.new for o in out) and _NOTICE in e.new:
            continue                # one notice of a claimed breach per paragraph (breach and its determination)
        same = next((o for o in out if e.start == e.end == o.start == o.end), None)
        if same is not None:
            if " ".join(e.new.split()) not in " ".join(same.new.split()):
                at = out.index(same)
                tail = e.new.lstrip()
                if tail.startswith(". ") and same.new.rstrip().endswith((".", ".”", '."')):
                    tail = tail[2:]
                out[at] = Edit(same.start, same.end, same.new.rstrip() + " " + tail,
                               " ".join(x for x in (same.why, e.why) if x))
            continue
        if any(e.start < o.end and o.start < e.end for o in out):
            continue
        out.append(e)
    return sorted(out, key=lambda e: (e.start, e.end))


def plan_missing(review: Review, ask: Ask, terms: dict[str, str], limit: int) -> Change | None:
    """A missing clause anchored in another paragraph of the body (a § 3553(e) reference in the
    5K1.1 paragraph), when the variant's edits find their place there."""
    variant = review.library.types[ask.type].variants[ask.variant]
    edits_def = variant.edits or review.library.types[ask.type].variants["defense-proposed"].edits
    for e in edits_def:
        if e.action not in ("insert-after", "insert-before", "replace") or e.pattern is None \
                or not fits_document(e, review):
            continue
        for para in review.letter.paragraphs[:limit]:
            m = e.pattern.search(para.norm, body_start(review.letter, para))    # never in its heading
            if m is None or (e.unless and re.search(e.unless, para.norm, re.I)):
                continue
            s, t = para.original_span(m.start(), m.end())
            new = _spaced(_fill(e.text, m, terms, review), after=e.action == "insert-after")
            edit = Edit(t, t, new, e.why) if e.action == "insert-after" else (
                Edit(s, s, new, e.why) if e.action == "insert-before" else Edit(s, t, new, e.why))
            ask.paragraph = para.number
            return Change(para, edit.start, edit.end, edits=[edit], asks=[ask])
    return None


def fitting_edits(review: Review, type_id: str, variant: str) -> tuple:
    """The edits of a variant (else of the defense variant) written for this letter's party and
    charge: a type whose only edits are for a company has none for a person's letter, which then
    keeps the variant's whole text as its last resort."""
    t = review.library.types[type_id]
    edits_def = t.variants[variant].edits or t.variants["defense-proposed"].edits
    return tuple(e for e in edits_def if (e.party is None or e.party == review.doc.party)
                 and (e.charged is None or e.charged == review.doc.charged))


def fits_document(e: Any, review: Review) -> bool:
    """Is the edit written for this letter: a pending charge or none, a person or a company, and
    a letter that does not already say what the edit would add (``unless_letter``)?"""
    if e.charged is not None and e.charged != review.doc.charged:
        return False
    if getattr(e, "unless_letter", None) and re.search(e.unless_letter, review.letter.text, re.I):
        return False
    return e.party is None or e.party == review.doc.party


def missing_edit(review: Review, type_id: str, variant: str | None = None):
    """The new paragraph proposed for a clause the letter lacks: the first of the variant's
    `new-paragraph` edits that fits the letter (its `charged`, and its `unless` tried on the
    letter's whole text, since there is no paragraph of its own)."""
    t = review.library.types[type_id]
    edits_def = t.variants[variant or review.proposed_variant(type_id)].edits or t.variants["defense-proposed"].edits
    for e in edits_def:
        if e.action != "new-paragraph" or not fits_document(e, review):
            continue
        if e.unless and re.search(e.unless, review.letter.text, re.I):
            continue
        return e
    return None


def missing_ask(review: Review, type_id: str) -> str:
    """What the attorney asks for a missing clause: the new paragraph's own ask where it has one."""
    e = missing_edit(review, type_id)
    return e.ask if e is not None and e.ask else review.library.types[type_id].variants["government-standard"].ask


def new_paragraph_text(review: Review, ask: Ask, terms: dict[str, str]) -> str | None:
    """The words of a new paragraph for a missing clause: the variant's own short paragraph when
    it has one; None when the library's wording would need a fact the letter does not give."""
    e = missing_edit(review, ask.type, ask.variant)
    return _fill(e.text, None, terms, review) if e is not None else None


def merge(changes: list[Change]) -> list[Change]:
    """One change per paragraph: the asks that touch the same paragraph share its comment."""
    by_para: dict[int, Change] = {}
    for c in changes:
        other = by_para.get(c.paragraph.number)
        if other is None:
            by_para[c.paragraph.number] = c
            continue
        kept = _joined(other.edits, c.edits)
        other.edits = kept
        other.start, other.end = min(e.start for e in kept), max(e.end for e in kept)
        other.asks += c.asks
        other.whole = other.whole or c.whole
    return sorted(by_para.values(), key=lambda c: (c.paragraph.number, c.start))


def fits_letter(review: Review, change: Change) -> bool:
    """The change's words fit the letter (``words_fit``)."""
    return words_fit(review, " ".join(e.new for e in change.edits) + " ".join(change.after))


def words_fit(review: Review, words: str) -> bool:
    """Our words suit the party and the kind, and carry no bracketed gap."""
    return wording_fits(words, review.doc) and not re.search(r"\[[A-Z][A-Z .'-]+\]", words)


def applied(changes: list[Change], inserted: Sequence[Any] = ()) -> list[dict]:
    """The asks the counter-draft makes, with the letter's paragraph, our wording and the
    Office's original (for a later comparison of what the Office accepted)."""
    out = []
    for c in changes:
        original = c.paragraph.text
        ours = original
        for e in sorted(c.edits, key=lambda e: e.start, reverse=True):
            ours = ours[:e.start] + e.new + ours[e.end:]
        for a in c.asks:
            out.append({"type": a.type, "variant": a.variant, "tier": a.tier, "paragraph": c.paragraph.number,
                        "ours": ours, "original": original, "whole": c.whole, "done": getattr(a, "done", "")})
    for ins in inserted:
        out.append({"type": ins.type, "variant": ins.variant, "tier": "must", "paragraph": None,
                    "ours": "\n".join(ins.paragraphs), "original": "", "whole": False,
                    "done": "adds a new paragraph"})
    return out
