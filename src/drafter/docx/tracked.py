"""Word revisions: tracked insertions and deletions, comments, new paragraphs, Track Changes on.

The counter-draft's XML layer (``w:ins``/``w:del`` by one author and date, comments anchored
on the changed text); ``counterdraft`` decides what changes, this module writes it.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

from lxml import etree

from .comments import Comment, used_ids
from .letters import Letter, body_paragraphs, open_docx, paragraph_runs, run_pieces
from .ooxml import RT_COMMENTS, XML_SPACE, w


def _comment_ids(doc) -> set[int]:
    """The comment ids the document already uses (its own comments part and its anchors)."""
    ids = {int(x) for x in doc.element.body.xpath(
        "//w:commentReference/@w:id | //w:commentRangeStart/@w:id") if str(x).isdigit()}
    for rel in doc.part.rels.values():
        if rel.reltype == RT_COMMENTS and not rel.is_external:
            ids |= used_ids({"word/comments.xml": rel.target_part.blob})
    return ids


# --- tracked-change XML -----------------------------------------------------------------------------

class Tracker:
    """Makes revision and comment elements with one author, one date and unique ids."""

    def __init__(self, doc, author: str, date: dt.date):
        self.doc = doc
        self.author = author
        self.stamp = f"{date.isoformat()}T00:00:00Z"
        self.when = dt.datetime.combine(date, dt.time(0, 0), tzinfo=dt.UTC)
        used = [int(x) for x in doc.element.body.xpath("//@w:id") if str(x).lstrip("-").isdigit()]
        self.next_id = max(used, default=0) + 1001     # clear of the comment ids (0, 1, 2, ...)
        self.comments: list[tuple[int, Comment]] = []     # written by package.save
        self.next_comment = max(_comment_ids(doc), default=-1) + 1

    def _id(self) -> str:
        self.next_id += 1
        return str(self.next_id - 1)

    def revision(self, tag: str) -> Any:
        el = etree.Element(w(tag))
        el.set(w("id"), self._id())
        el.set(w("author"), self.author)
        el.set(w("date"), self.stamp)
        return el

    def comment(self, text: str) -> int:
        initials = "".join(x[0] for x in self.author.replace(".", " ").split() if x[:1].isalpha()).upper()[:4]
        cid = self.next_comment
        self.next_comment += 1
        self.comments.append((cid, Comment(text, self.author, initials or "DC")))
        return cid

    def anchor(self, first, last, text: str, inserted: bool = False) -> None:
        """A comment from before ``first`` to after ``last`` (sibling elements in paragraphs)."""
        cid = str(self.comment(text))
        start = etree.Element(w("commentRangeStart"))
        start.set(w("id"), cid)
        first.addprevious(start)
        end = etree.Element(w("commentRangeEnd"))
        end.set(w("id"), cid)
        last.addnext(end)
        ref = etree.Element(w("r"))
        rpr = etree.SubElement(ref, w("rPr"))
        etree.SubElement(rpr, w("rStyle")).set(w("val"), "CommentReference")
        etree.SubElement(ref, w("commentReference")).set(w("id"), cid)
        if inserted:
            wrap = self.revision("ins")
            wrap.append(ref)
            ref = wrap
        end.addnext(ref)


def _run_length(r) -> int:
    return sum(len(t) for _, t in run_pieces(r))


def _trim_run(r, a: int, b: int) -> None:
    """Keep only the run's content for characters [a, b)."""
    pos = 0
    for child, text in run_pieces(r):
        n = len(text)
        if n == 0:
            if not (a <= pos < b or (pos == b and b == a)):
                r.remove(child)
        elif child.tag == w("t"):
            lo, hi = max(a, pos), min(b, pos + n)
            if lo >= hi:
                r.remove(child)
            else:
                child.text = text[lo - pos:hi - pos]
                child.set(XML_SPACE, "preserve")
        elif not (a <= pos < b):
            r.remove(child)
        pos += n


def _split_at(p, point: int) -> None:
    """Make ``point`` a run boundary in paragraph ``p``."""
    pos = 0
    for r in paragraph_runs(p):
        n = _run_length(r)
        if pos < point < pos + n:
            left, right = copy.deepcopy(r), copy.deepcopy(r)
            _trim_run(left, 0, point - pos)
            _trim_run(right, point - pos, n)
            r.addprevious(left)
            r.addprevious(right)
            r.getparent().remove(r)
            return
        pos += n


def _runs_with_offsets(p) -> list[tuple[Any, int, int]]:
    out, pos = [], 0
    for r in paragraph_runs(p):
        n = _run_length(r)
        out.append((r, pos, pos + n))
        pos += n
    return out


def _as_deleted(r) -> None:
    for t in r.iter(w("t")):
        t.tag = w("delText")
        t.set(XML_SPACE, "preserve")
    for t in r.iter(w("instrText")):
        t.tag = w("delInstrText")


def _new_run(text: str, like) -> Any:
    r = etree.Element(w("r"))
    if like is not None:
        rpr = like.find(w("rPr"))
        if rpr is not None:
            rpr = copy.deepcopy(rpr)
            for bad in rpr.findall(w("ins")) + rpr.findall(w("del")) + rpr.findall(w("rPrChange")):
                rpr.remove(bad)
            r.append(rpr)
    parts = re.split(r"(\t|\n)", text)
    for part in parts:
        if part == "\t":
            etree.SubElement(r, w("tab"))
        elif part == "\n":
            etree.SubElement(r, w("br"))
        elif part:
            t = etree.SubElement(r, w("t"))
            t.text = part
            t.set(XML_SPACE, "preserve")
    return r


def apply_edits(p, edits: list, tracker: Tracker) -> list[Any]:
    """Apply edits to a paragraph as tracked changes; returns the new elements in order."""
    for point in sorted({x for e in edits for x in (e.start, e.end)}):
        _split_at(p, point)
    made: list[Any] = []
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        runs = _runs_with_offsets(p)
        doomed = [r for r, a, b in runs if e.start <= a and b <= e.end and (b > a or e.start < a < e.end)]
        like = next((r for r, a, b in runs if a <= e.start < b), None)
        if like is None and runs:
            like = runs[-1][0]
        elements = []
        last = None
        for r in doomed:
            prev = r.getprevious()
            if last is not None and prev is last:
                last.append(r)
            else:
                last = tracker.revision("del")
                r.addprevious(last)
                last.append(r)
                elements.append(last)
            _as_deleted(r)
        if e.new:
            ins = tracker.revision("ins")
            ins.append(_new_run(e.new, like))
            if elements:
                elements[-1].addnext(ins)
            else:
                after = next((r for r, a, b in runs if a >= e.start and b > a), None)
                if after is not None:
                    after.addprevious(ins)
                elif runs:
                    runs[-1][0].addnext(ins)
                else:
                    p.append(ins)
            elements.append(ins)
        made = elements + made
    return _document_order(p, made)


def _document_order(p, elements: list) -> list:
    order = {el: i for i, el in enumerate(p.iter())}
    return sorted(elements, key=lambda el: order.get(el, 0))


def new_paragraph(text: str, like, tracker: Tracker, bold_title: str | None = None,
                  numbered: bool = False) -> Any:
    """A tracked new paragraph (its mark and runs inserted) styled like the paragraph ``like``;
    it keeps that paragraph's automatic numbering only when ``numbered``."""
    p = etree.Element(w("p"))
    ppr = copy.deepcopy(like.find(w("pPr"))) if like is not None and like.find(w("pPr")) is not None \
        else etree.Element(w("pPr"))
    drop = ppr.findall(w("rPr")) + ppr.findall(w("pPrChange")) + ppr.findall(w("sectPr"))
    if not numbered:
        drop += ppr.findall(w("numPr"))
    for old in drop:
        ppr.remove(old)
    rpr = etree.SubElement(ppr, w("rPr"))
    rpr.append(tracker.revision("ins"))
    p.append(ppr)
    runs = paragraph_runs(like) if like is not None else []
    base = max(runs, key=_run_length) if runs else None      # the body text's run, not a bold label
    ins = tracker.revision("ins")
    if bold_title:
        r = _new_run(bold_title + " ", base)
        _set_bold(r)
        ins.append(r)
    ins.append(_new_run(text, base))
    p.append(ins)
    return p


def _set_bold(r) -> None:
    """Bold a run, keeping the schema order of its properties (rStyle, rFonts, b, ...)."""
    rpr = r.find(w("rPr"))
    if rpr is None:
        rpr = etree.Element(w("rPr"))
        r.insert(0, rpr)
    for old in rpr.findall(w("b")):
        rpr.remove(old)
    at = sum(1 for child in rpr if child.tag in (w("rStyle"), w("rFonts")))
    rpr.insert(at, etree.Element(w("b")))


def _top(el, body):
    """The ancestor of ``el`` (or el) that is a direct child of the body (a paragraph or table)."""
    while el.getparent() is not None and el.getparent() is not body:
        el = el.getparent()
    return el


def _placer(body, after, before):
    """A function that places new paragraphs one after another between ``after`` and ``before``,
    in the same table cell when both are in it, else at the body level (never inside a
    signature table)."""
    if after is not None and before is not None and after.getparent() is before.getparent():
        cursor = [_past_new(after)]
    elif after is not None:
        cursor = [_past_new(_top(after, body))]
    elif before is not None:
        top = _top(before, body)
        cursor = [top.getprevious()] if top.getprevious() is not None else [None]
        if cursor[0] is None:
            def first(p):
                top.addprevious(p)
                cursor[0] = p
            return lambda p: first(p) if cursor[0] is None else _after(cursor, p)
    else:
        sect = body.find(w("sectPr"))
        return lambda p: sect.addprevious(p) if sect is not None else body.append(p)
    return lambda p: _after(cursor, p)


def _past_new(el):
    """The last of the tracked new paragraphs that follow ``el`` (or el itself)."""
    nxt = el.getnext()
    while nxt is not None and nxt.tag == w("p") and nxt.find(f"{w('pPr')}/{w('rPr')}/{w('ins')}") is not None:
        el, nxt = nxt, nxt.getnext()
    return el


def _after(cursor: list, p) -> None:
    cursor[0].addnext(p)
    cursor[0] = p


_AFTER_TRACK_REVISIONS = set(
    "doNotTrackMoves doNotTrackFormatting documentProtection autoFormatOverride styleLockTheme "
    "styleLockQFSet defaultTabStop autoHyphenation consecutiveHyphenLimit hyphenationZone "
    "doNotHyphenateCaps showEnvelope summaryLength clickAndTypeStyle defaultTableStyle "
    "evenAndOddHeaders bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets "
    "drawingGridHorizontalSpacing drawingGridVerticalSpacing displayHorizontalDrawingGridEvery "
    "displayVerticalDrawingGridEvery doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin "
    "drawingGridVerticalOrigin doNotShadeFormData noPunctuationKerning characterSpacingControl "
    "printTwoOnOne strictFirstAndLastChars noLineBreaksAfter noLineBreaksBefore savePreviewPicture "
    "doNotValidateAgainstSchema saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText "
    "doNotDemarcateInvalidXml saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags "
    "alwaysMergeEmptyNamespace updateFields hdrShapeDefaults footnotePr endnotePr compat docVars rsids "
    "mathPr attachedSchema themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats "
    "doNotAutoCompressPictures forceUpgrade captions readModeInkLockDown smartTagType schemaLibrary "
    "shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator".split())


def _track_revisions_on(doc) -> None:
    """Turn on Track Changes, so that the government's answer to the draft is tracked too."""
    settings = doc.settings.element
    if settings.find(w("trackRevisions")) is not None:
        return
    el = etree.Element(w("trackRevisions"))
    follower = next((c for c in settings if isinstance(c.tag, str)
                     and etree.QName(c).localname in _AFTER_TRACK_REVISIONS), None)
    if follower is not None:
        follower.addprevious(el)
    else:
        settings.append(el)


def letter_document(letter: Letter):
    """An editable copy of a .docx letter, or a plain document holding the letter's paragraphs,
    with the list of paragraph elements in the order of the letter's paragraphs (also the base
    of ``compare``'s document)."""
    if letter.editable:
        doc = open_docx(letter.data, letter.name)
        every = list(body_paragraphs(doc.element.body))
        elements = [every[p.index] for p in letter.paragraphs]
        return doc, elements
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    body = doc.element.body
    for p in list(body.iterchildren(w("p"))):
        body.remove(p)
    for para in letter.paragraphs:
        doc.add_paragraph(para.text)
    return doc, list(body.iterchildren(w("p")))
