"""Word tracked changes resolved in the XML: accept them, reject them, or decide one by one.

``drafter compare`` reads a document that carries tracked changes as its text with every change
accepted (a deleted paragraph mark joins the paragraph to the next one, as in Word). The same
functions check that a comparison document gives back the old text when every change is
rejected and the new text when every change is accepted.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from lxml import etree

from .ooxml import w

INSERTS = (w("ins"), w("moveTo"))
DELETES = (w("del"), w("moveFrom"))
RANGES = tuple(w(t) for t in ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd"))
PROPERTY_CHANGES = tuple(w(t) for t in ("pPrChange", "rPrChange", "sectPrChange", "tblPrChange", "trPrChange",
                                        "tcPrChange", "tblGridChange", "numberingChange"))
_REVISIONS = set(INSERTS + DELETES + PROPERTY_CHANGES)


def has_revisions(root) -> bool:
    return any(el.tag in _REVISIONS for el in root.iter())


def _unwrap(el) -> None:
    parent = el.getparent()
    at = parent.index(el)
    for child in list(el):
        parent.insert(at, child)
        at += 1
    parent.remove(el)


def _restore_text(el) -> None:
    for t in el.iter(w("delText")):
        t.tag = w("t")
    for t in el.iter(w("delInstrText")):
        t.tag = w("instrText")


def _mark(p) -> Any:
    """The revision mark on a paragraph's mark (``w:pPr/w:rPr/w:ins`` ...), or None."""
    rpr = p.find(f"{w('pPr')}/{w('rPr')}")
    if rpr is None:
        return None
    for tag in INSERTS + DELETES:
        m = rpr.find(tag)
        if m is not None:
            return m
    return None


def resolve(root, accept: Callable[[Any], bool] | bool = True) -> None:
    """Resolve every tracked change under ``root`` in place. ``accept`` is True (accept all),
    False (reject all) or a function of the revision element deciding each one."""
    decide = accept if callable(accept) else (lambda _el, _a=bool(accept): _a)
    # property changes: keep the current properties either way (text is what matters here)
    for el in [e for e in root.iter() if e.tag in PROPERTY_CHANGES]:
        el.getparent().remove(el)
    # paragraph marks first, while the paragraphs are still where they were
    joined = []
    for p in list(root.iter(w("p"))):
        m = _mark(p)
        if m is None:
            continue
        keep = decide(m) if m.tag in INSERTS else not decide(m)
        m.getparent().remove(m)
        if not keep:
            joined.append(p)
    # table rows inserted or deleted as a whole
    for tr in list(root.iter(w("tr"))):
        trpr = tr.find(w("trPr"))
        if trpr is None:
            continue
        for m in [c for c in trpr if c.tag in INSERTS + DELETES]:
            keep = decide(m) if m.tag in INSERTS else not decide(m)
            trpr.remove(m)
            if not keep and tr.getparent() is not None:
                tr.getparent().remove(tr)
    for el in [e for e in root.iter() if e.tag in INSERTS + DELETES]:
        if el.getparent() is None:
            continue
        ok = decide(el)
        if (el.tag in INSERTS) == ok:
            _restore_text(el)
            _unwrap(el)
        else:
            el.getparent().remove(el)
    for el in [e for e in root.iter() if e.tag in RANGES]:
        el.getparent().remove(el)
    for p in joined:
        _join_next(p)


def _join_next(p) -> None:
    """A paragraph whose mark is gone: its content runs on into the next paragraph."""
    nxt = p.getnext()
    while nxt is not None and nxt.tag != w("p"):
        nxt = None if nxt.tag in (w("tbl"), w("sectPr")) else nxt.getnext()
    content = [c for c in p if c.tag != w("pPr")]
    parent = p.getparent()
    if nxt is None:
        if content:
            return                      # nothing to join: the text stays where it is
        parent.remove(p)
        return
    at = 1 if nxt.find(w("pPr")) is not None else 0
    for c in content:
        nxt.insert(at, c)
        at += 1
    parent.remove(p)


def resolved_docx(data: bytes, accept: Callable[[Any], bool] | bool = True) -> bytes:
    """A copy of a .docx with its tracked changes resolved."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    resolve(doc.element.body, accept)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def invert(root) -> None:
    """Swap insertions and deletions (and move sources and targets) under ``root``: what
    accepting did, rejecting now does."""
    swap = {w("ins"): w("del"), w("del"): w("ins"), w("moveFrom"): w("moveTo"), w("moveTo"): w("moveFrom"),
            w("moveFromRangeStart"): w("moveToRangeStart"), w("moveToRangeStart"): w("moveFromRangeStart"),
            w("moveFromRangeEnd"): w("moveToRangeEnd"), w("moveToRangeEnd"): w("moveFromRangeEnd")}
    marks = [e for e in root.iter() if e.tag in swap]
    for el in marks:
        el.tag = swap[el.tag]
    for el in marks:
        if el.tag == w("del"):
            for t in el.iter(w("t")):
                t.tag = w("delText")
            for t in el.iter(w("instrText")):
                t.tag = w("delInstrText")
        elif el.tag in INSERTS + (w("moveFrom"),):
            _restore_text(el)       # moved-away text keeps w:t, as Word writes it


def element(tag: str, **attrs: str) -> Any:
    el = etree.Element(w(tag))
    for k, v in attrs.items():
        el.set(w(k), v)
    return el
