"""Word rendering: a prepared template (``prepare.py``) rendered for one matter's document.

Per document: the compiled parts are rendered, docxtpl's post-processing runs on the result
(table fixes, drawing ids, line breaks), drafter's marker characters become Word formatting
(``[GAP]`` highlights for missing facts; Word comments on each clause in review copies), and
the package is zipped with fixed entry times and order (``package.py``), so equal inputs give
equal bytes.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from ..environment import ANCHOR_CLOSE, ANCHOR_OPEN, GAP_CLOSE, GAP_OPEN, render_template
from . import scrub
from .comments import Comment, comment_parts as _comment_parts
from .ooxml import XML_DECL, XML_SPACE as _XML_SPACE, w as _w
from .package import core_xml as _core_xml, entry as _entry, zip_entries as _zip
from .prepare import CACHE, Docxtpl, PreparedTemplate, TemplateCache, template_path

# Names other modules import from here.
__all__ = ["CACHE", "Comment", "PreparedTemplate", "Rendered", "TemplateCache", "finish",
           "leftover_tags", "render_document", "template_path"]

_W_T, _W_R, _W_P, _W_RPR = _w("t"), _w("r"), _w("p"), _w("rPr")
_TAG_LEFT = re.compile(r"\{[{%#]|[}%#]\}")
_MARK = re.compile(
    f"({GAP_OPEN}[^{GAP_CLOSE}]*{GAP_CLOSE}|{ANCHOR_OPEN}[^{ANCHOR_CLOSE}]*{ANCHOR_CLOSE})")


# --- rendering -------------------------------------------------------------------------

@dataclass
class Rendered:
    """A rendered document: its body tree and templated parts, still holding markers."""

    template: PreparedTemplate
    body: Any
    parts: dict[str, bytes]


def _run(template, context: dict, name: str) -> str:
    return render_template(template, context, name)


def render_document(path: Path, context: dict, cache: TemplateCache | None = None) -> Rendered:
    """Render one template with drafter's environment (markers still in the text)."""
    t = (cache or CACHE).get(path)
    helper = Docxtpl()
    body = helper.fix_body(helper.post(_run(t.body, context, path.name)))
    parts = {}
    for name, tpl in t.parts.items():
        parts[name] = helper.post(_run(tpl, context, path.name)).encode("utf-8")
    return Rendered(t, body, parts)


def _split_run(t_elem) -> list[tuple[Any, str | None, str | None]]:
    """Split the run holding ``t_elem`` at the markers. Returns (run, gap label, anchor key)."""
    import copy

    run = t_elem.getparent()
    parent = run.getparent()
    index = parent.index(run)
    created = []
    for piece in (p for p in _MARK.split(t_elem.text) if p):
        new = copy.deepcopy(run)
        for child in list(new):
            if child.tag != _W_RPR:
                new.remove(child)
        t = etree.SubElement(new, _W_T)
        t.set(_XML_SPACE, "preserve")
        gap_label = anchor = None
        if piece.startswith(GAP_OPEN):
            gap_label = piece[1:-1]
            t.text = f"[{gap_label}]"
            rpr = new.find(_W_RPR)
            if rpr is None:
                rpr = etree.Element(_W_RPR)
                new.insert(0, rpr)
            etree.SubElement(rpr, _w("highlight")).set(_w("val"), "yellow")
        elif piece.startswith(ANCHOR_OPEN):
            anchor = piece[1:-1]
            t.text = ""
        else:
            t.text = piece
        created.append((new, gap_label, anchor))
    for offset, (new, _, _) in enumerate(created):
        parent.insert(index + offset, new)
    parent.remove(run)
    return created


def _markers(tree, gaps: list[str]) -> list[tuple[Any, str]]:
    """Highlight gaps in ``tree``; remove anchors, returning (run after anchor, key) pairs."""
    anchored = []
    for t in [t for t in tree.iter(_W_T) if t.text and _MARK.search(t.text)]:
        if t.getparent() is None or t.getparent().tag != _W_R:
            continue
        for run, gap_label, anchor in _split_run(t):
            if gap_label is not None:
                gaps.append(gap_label)
            if anchor is not None:
                anchored.append((run, anchor))
    targets = []
    for run, key in anchored:
        target = run.getnext()
        while target is not None and target.tag != _W_R:
            target = target.getnext()
        targets.append((target, key))
        run.getparent().remove(run)
    return targets


def _anchor_comments(targets: list[tuple[Any, str]], comments: dict[str, Comment]
                     ) -> list[tuple[int, Comment]]:
    placed: list[tuple[int, Comment]] = []
    for target, key in targets:
        c = comments.get(key)
        if c is None or target is None:
            continue
        cid = len(placed)
        parent = target.getparent()
        i = parent.index(target)
        start = etree.Element(_w("commentRangeStart"))
        start.set(_w("id"), str(cid))
        end = etree.Element(_w("commentRangeEnd"))
        end.set(_w("id"), str(cid))
        ref_run = etree.Element(_W_R)
        etree.SubElement(ref_run, _w("commentReference")).set(_w("id"), str(cid))
        parent.insert(i, start)
        parent.insert(i + 2, end)
        parent.insert(i + 3, ref_run)
        placed.append((cid, c))
    return placed


def finish(rendered: Rendered, *, comments: dict[str, Comment] | None, draft_date: dt.date,
           clean_properties: dict | None, properties: dict) -> tuple[bytes | None, bytes, list[str]]:
    """Turn markers into Word formatting and zip the copies of one rendered document.

    Gaps become highlighted ``[LABEL]`` runs and anchors vanish. With ``clean_properties`` a
    clean copy (no comments, scrubbed properties) is made first; then the comments are attached
    to the clause titles for the review (or internal) copy. Returns
    ``(clean bytes or None, review bytes, gap labels in document order)``.
    """
    t = rendered.template
    gaps: list[str] = []
    targets = _markers(rendered.body, gaps)
    parts = dict(rendered.parts)
    for name, blob in list(parts.items()):
        if GAP_OPEN.encode() in blob or ANCHOR_OPEN.encode() in blob:
            tree = etree.fromstring(blob)
            _markers(tree, gaps)
            parts[name] = XML_DECL + etree.tostring(tree, encoding="UTF-8")
    stamp = dt.datetime.combine(draft_date, dt.time(9, 0), tzinfo=dt.UTC)
    dynamic = [_entry(n, b) for n, b in parts.items()]

    def package(body, core_props: dict, extra: dict[str, bytes], clean: bool = False) -> bytes:
        doc = t.doc_prefix + etree.tostring(body, encoding="UTF-8") + t.doc_suffix
        entries = dict(t.clean_static if clean else t.static)
        for e in dynamic:
            entries[e.name] = e
        if clean:
            doc = scrub.clean_story(doc, t.clean_removed.get("word/document.xml", set()))
            for name, blob in parts.items():
                if scrub.kept_part(name):
                    entries[name] = _entry(name, scrub.clean_story(blob, t.clean_removed.get(name, set())))
                else:
                    entries.pop(name, None)
        for name, blob in {"word/document.xml": doc, "docProps/core.xml": _core_xml(core_props, stamp),
                           **extra}.items():
            entries[name] = _entry(name, blob)
        return _zip(list(entries.values()), draft_date)

    clean = package(rendered.body, clean_properties, {}, clean=True) if clean_properties is not None else None
    placed = _anchor_comments(targets, comments or {})
    extra = _comment_parts(t.raw, placed, stamp) if placed else {}
    return clean, package(rendered.body, properties, extra), gaps


def leftover_tags(blob: bytes, facts: Sequence[str] = ()) -> list[str]:
    """Template tags left in a document's text (a rendering defect). Text that the matter's
    facts put there literally (a name such as ``{{ 7*7 }}``) is not a leftover."""
    z = zipfile.ZipFile(io.BytesIO(blob))
    found = []
    for name in z.namelist():
        if name.startswith("word/") and name.endswith(".xml"):
            xml = z.read(name).decode("utf-8")
            text = html.unescape(re.sub(r"<[^>]+>", "", xml))
            for fact in sorted(facts, key=len, reverse=True):
                if fact:
                    text = text.replace(fact, " ")
            found += [f"{name}: {m.group()}" for m in _TAG_LEFT.finditer(text)]
    return found
