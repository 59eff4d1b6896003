"""The asks a counter-draft makes, recorded inside it, and which of them a reply took.

A counter-draft that drafter writes carries one record per ask in a custom XML part
(``customXml/itemN.xml``, namespace ``urn:drafter:asks:1``), so the record travels with the
file and survives Word saving it. Each record holds the clause type and variant, the Office's
paragraph number, the Office's own wording that the ask replaces (none when the letter was
silent and the clause is new) and our proposed wording. Nothing in the record depends on how
the redline was drawn: only on the two wordings.

Against a reply, an ask is ``accepted`` when the reply holds our wording, ``rejected`` when it
holds the Office's original wording (or, for a new clause, nothing like ours), and ``modified``
otherwise. Wordings are compared after normalising quotes, dashes and spaces; when both are
found (one wording contains the other), the longer one decides.
"""

from __future__ import annotations

import difflib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from ..docx.letters import Letter
from ..docx.normalize import normalize

NS = "urn:drafter:asks:1"
SIMILAR = 0.6            # a reply paragraph this close to a new clause is that clause, reworded


@dataclass
class Ask:
    type: str
    variant: str
    title: str
    paragraph: int | None               # the Office's paragraph number; None for a new clause
    original: list[str] = field(default_factory=list)   # the Office's wording it replaces
    proposed: list[str] = field(default_factory=list)   # our wording, paragraph by paragraph

    def to_json(self) -> dict:
        return {"type": self.type, "variant": self.variant, "title": self.title,
                "letter_paragraph": self.paragraph, "original": list(self.original),
                "proposed": list(self.proposed)}


@dataclass
class Outcome:
    ask: Ask
    status: str                          # accepted | rejected | modified
    paragraph: int | None                # where it stands in the reply (or in OLD when gone)
    reply_paragraph: int | None
    fallbacks: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"type": self.ask.type, "status": self.status, "paragraph": self.paragraph,
                "variant": self.ask.variant, "reply_paragraph": self.reply_paragraph,
                "fallbacks": [f["variant"] for f in self.fallbacks]}


# --- from a counter-draft's changes ----------------------------------------------------------------

def asks_for_counter(changes: list, insertions: list) -> list[Ask]:
    """The asks of a counter-draft from its planned changes and its inserted clauses.

    Needs, per change: ``proposals`` (each with ``type``, ``variant``, ``title``), the
    government's ``paragraph`` (``number``, ``text``), the span replaced (``start``, ``end``), the
    ``edits`` inside it (``start``, ``end``, ``new``) and the paragraphs added ``after`` it; per
    insertion: ``type``, ``variant``, ``title`` and its ``paragraphs``. However the redline is
    drawn, the record is the two wordings."""
    out = []
    for c in changes:
        text = c.paragraph.text
        pieces, pos = [], c.start
        for e in sorted(c.edits, key=lambda e: e.start):
            pieces += [text[pos:e.start], e.new]
            pos = e.end
        pieces.append(text[pos:c.end])
        original = text[c.start:c.end]
        proposed = ["".join(pieces)] + list(c.after)
        for prop in c.proposals:
            out.append(Ask(prop.type, prop.variant, prop.title, c.paragraph.number, [original], proposed))
    for prop in insertions:
        out.append(Ask(prop.type, prop.variant, prop.title, None, [], list(prop.paragraphs)))
    return out


# --- stored in the .docx ------------------------------------------------------------------------

def asks_xml(asks: list[Ask], letter: str) -> bytes:
    """The record: ``<asks letter=...><ask type= variant= title= paragraph=><original/>...
    <proposed/>...</ask>...</asks>`` in the namespace ``NS``."""
    out = [f"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<asks xmlns={quoteattr(NS)} "
           f"letter={quoteattr(letter)}>"]
    for a in asks:
        para = f" paragraph=\"{a.paragraph}\"" if a.paragraph is not None else ""
        out.append(f"<ask type={quoteattr(a.type)} variant={quoteattr(a.variant)} title={quoteattr(a.title)}{para}>")
        for tag, texts in (("original", a.original), ("proposed", a.proposed)):
            out += [f"<{tag}>{escape(t)}</{tag}>" for t in texts]
        out.append("</ask>")
    out.append("</asks>")
    return "".join(out).encode("utf-8")


def embed(doc, asks: list[Ask], letter: str) -> None:
    """Add the asks to a python-docx Document as a custom XML part (with its properties part)."""
    from ..docx.customxml import add_custom_xml

    add_custom_xml(doc, asks_xml(asks, letter), NS)


def read_asks(data: bytes) -> list[Ask] | None:
    """The asks recorded in a .docx drafter wrote, or None when it holds no record."""
    from ..docx.customxml import custom_xml_parts

    for blob in custom_xml_parts(data):
        try:
            # a part of a letter already capped in size; expat (2.4.1+) limits entity expansion and
            # ElementTree never fetches an external entity
            root = ET.fromstring(blob)  # noqa: S314
        except ET.ParseError:
            continue
        if root.tag != f"{{{NS}}}asks":
            continue
        out = []
        for el in root.iterfind(f"{{{NS}}}ask"):
            para = el.get("paragraph")
            out.append(Ask(el.get("type", ""), el.get("variant", ""), el.get("title", ""),
                           int(para) if para and para.isdigit() else None,
                           [x.text or "" for x in el.iterfind(f"{{{NS}}}original")],
                           [x.text or "" for x in el.iterfind(f"{{{NS}}}proposed")]))
        return out
    return None


# --- which asks a reply took -----------------------------------------------------------------

def _norm(text: str) -> str:
    """The wording as compared: normalised like a letter, and without the space a PDF's text
    layer puts between a citation's parts ("(b) (18)")."""
    return re.sub(r"\)\s+\(", ")(", " ".join(normalize(text).text.split()))


def _where(pieces: list[str], paras: list[str]) -> int | None:
    """The index of the paragraph holding the first piece, if every piece is found."""
    first = None
    for piece in pieces:
        p = _norm(piece)
        if not p:
            continue
        hit = next((i for i, t in enumerate(paras) if p in t), None)
        if hit is None:
            return None
        first = hit if first is None else first
    return first


def _closest(pieces: list[str], paras: list[str]) -> tuple[int | None, float]:
    """The reply paragraph most like any one of the pieces, and how alike (0..1)."""
    best, at = 0.0, None
    for piece in pieces:
        target = _norm(piece).lower().split()
        if not target:
            continue
        for i, t in enumerate(paras):
            sm = difflib.SequenceMatcher(None, target, t.lower().split(), autojunk=False)
            if sm.real_quick_ratio() <= best or sm.quick_ratio() <= best:
                continue
            r = sm.ratio()
            if r > best:
                best, at = r, i
    return at, best


def judge(asks: list[Ask], old: Letter, new: Letter, library=None) -> list[Outcome]:
    """The status of each ask in NEW (the reply) against OLD (the counter-draft)."""
    old_paras = [_norm(p.text) for p in old.paragraphs]
    new_paras = [_norm(p.text) for p in new.paragraphs]
    out = []
    for a in asks:
        ours = _where(a.proposed, new_paras)
        theirs = _where(a.original, new_paras) if a.original else None
        at: int | None                       # the ask's paragraph in the reply, if it has one
        if ours is not None and theirs is not None:
            longer = len(" ".join(a.proposed)) >= len(" ".join(a.original))
            status, at = ("accepted", ours) if longer else ("rejected", theirs)
        elif ours is not None:
            status, at = "accepted", ours
        elif theirs is not None:
            status, at = "rejected", theirs
        else:
            at, score = _closest(a.proposed[:1] + a.original[:1], new_paras)
            status = "rejected" if not a.original and score < SIMILAR else "modified"
            at = at if score >= SIMILAR else None
        in_old = _where(a.proposed, old_paras)
        reply_no = new.paragraphs[at].number if at is not None else None
        old_no = old.paragraphs[in_old].number if in_old is not None else a.paragraph
        fallbacks = fallbacks_for(library, a) if library is not None and status != "accepted" else []
        out.append(Outcome(a, status, reply_no if reply_no is not None else old_no, reply_no, fallbacks))
    return out


def fallbacks_for(library, ask: Ask) -> list[dict]:
    """The clause library's other variants of the ask's type, still open to propose: never the
    one refused, never the government's standard; the type's ``fallback`` first."""
    t = library.types.get(ask.type)
    if t is None or ask.variant not in t.variants:
        return []
    refused = t.variants[ask.variant].canonical
    standard = t.variants["government-standard"].canonical if "government-standard" in t.variants else None
    seen, out = set(), []
    names = (["fallback"] if "fallback" in t.variants else []) + sorted(t.variants)
    written_for = t.variants[refused].documents
    for name in names:
        v = t.variants[name]
        if v.canonical in (refused, standard) or v.canonical in seen:
            continue
        if tuple(getattr(v, "documents", ())) != tuple(written_for):
            continue        # written for another kind of letter (a proffer's breach clause, a cooperation term's)
        seen.add(v.canonical)
        cv = t.variants[v.canonical]
        out.append({"variant": v.canonical, "title": cv.title, "ask": cv.ask, "risk": cv.risk})
    return out
