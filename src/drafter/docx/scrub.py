"""Copies that leave the firm, built by allow-list; no outside links in any copy.

A firm's house template comes from Word, and Word keeps a lot in a document that the reader
never sees: comments and their authors (``people.xml``), the path of the template it was made
from, document-management metadata (``customXml``), a thumbnail of the first page, document
variables, revision ids (rsids), hidden text, tracked deletions, comment anchors and field codes
that hold paths. The clean copy that goes to the prosecutor keeps only what a clean letter
needs:

- parts: the document, its styles, numbering, fonts, theme, settings, web settings, headers,
  footers, footnotes and endnotes, the images they use, and the package's core and extended
  properties (both rewritten); everything else is dropped;
- relationships: only to kept parts, and to outside addresses only for hyperlinks;
- settings: only the layout and compatibility settings listed in ``SETTINGS_KEEP``;
- text: tracked insertions accepted, tracked deletions and moved-from text removed, hidden
  (``w:vanish``) runs removed, comment anchors removed, field codes removed (their last
  result stays as plain text), revision ids and editing permissions removed.

Every copy (clean, review, internal, counter-draft) also loses relationships to outside files
or addresses other than hyperlinks (linked images, the attached template, linked objects), so
that nothing is fetched when Word or LibreOffice opens it.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Set as AbstractSet

from lxml import etree

from .ooxml import CORE_PART, CT_NS, R_NS, RT_HYPERLINK, W_NS, XML_DECL, w as _w
from .package import core_xml, read_all, stamp_of, write_zip

_APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_MATH_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"

STORY_PARTS = ("word/document.xml", "word/header", "word/footer", "word/footnotes.xml",
               "word/endnotes.xml")
_KEEP_EXACT = {
    "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
    "word/document.xml", "word/styles.xml", "word/stylesWithEffects.xml", "word/numbering.xml",
    "word/fontTable.xml", "word/settings.xml", "word/webSettings.xml", "word/footnotes.xml",
    "word/endnotes.xml",
}
_KEEP_PREFIX = ("word/header", "word/footer", "word/theme/", "word/media/", "word/fonts/")
_RELS_KEEP = {"word/_rels/document.xml.rels", "word/_rels/fontTable.xml.rels",
              "word/_rels/numbering.xml.rels", "word/_rels/styles.xml.rels",
              "word/_rels/settings.xml.rels", "word/_rels/footnotes.xml.rels",
              "word/_rels/endnotes.xml.rels"}
_ROOT_RELS = {R_NS + "/officeDocument",
              "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
              R_NS + "/extended-properties"}

SETTINGS_KEEP = {
    "view", "zoom", "mirrorMargins", "gutterAtTop", "defaultTabStop", "autoHyphenation",
    "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps", "evenAndOddHeaders",
    "bookFoldRevPrinting", "bookFoldPrinting", "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin", "characterSpacingControl", "noPunctuationKerning",
    "footnotePr", "endnotePr", "compat", "mathPr", "themeFontLang", "clrSchemeMapping",
    "doNotAutoCompressPictures", "shapeDefaults", "decimalSymbol", "listSeparator",
    "defaultTableStyle", "doNotShadeFormData", "hdrShapeDefaults", "doNotIncludeSubdocsInStats",
}


def kept_part(name: str) -> bool:
    if name in _KEEP_EXACT or name.startswith(_KEEP_PREFIX):
        return True
    if name.startswith("word/_rels/"):
        return name in _RELS_KEEP or name.startswith(("word/_rels/header", "word/_rels/footer"))
    return False


def _source_of(rels_name: str) -> str:
    """``word/_rels/document.xml.rels`` -> ``word/document.xml``; ``_rels/.rels`` -> ''."""
    folder, base = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(folder), base[: -len(".rels")]) if base != ".rels" else ""


def _target_part(source: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _parse(blob: bytes):
    return etree.fromstring(blob, etree.XMLParser(resolve_entities=False, no_network=True,
                                                  huge_tree=False, remove_comments=True))


def _filter_rels(name: str, blob: bytes, present: set[str], clean: bool) -> tuple[bytes, set[str]]:
    """The relationships of one part with outside links (other than hyperlinks) removed, and, for
    a clean copy, relationships to parts that are not kept removed. Returns the part and the
    removed ids."""
    root = _parse(blob)
    source = _source_of(name)
    removed: set[str] = set()
    for rel in list(root):
        external = rel.get("TargetMode") == "External"
        kind = rel.get("Type", "")
        if external:
            drop = kind != RT_HYPERLINK
        else:
            target = _target_part(source, rel.get("Target", ""))
            drop = clean and (target not in present or not kept_part(target)
                              or (name == "_rels/.rels" and kind not in _ROOT_RELS))
        if drop:
            removed.add(rel.get("Id"))
            root.remove(rel)
    return XML_DECL + etree.tostring(root, encoding="UTF-8"), removed


def _drop_references(blob: bytes, ids: set[str]) -> bytes:
    """Remove references (``r:id``, ``r:link``, ``r:embed``...) to removed relationships; an
    element that only points at one (an attached template, a linked sub-document) goes too."""
    if not ids:
        return blob
    root = _parse(blob)
    for el in list(root.iter()):
        for attr, value in list(el.attrib.items()):
            if attr.startswith(f"{{{R_NS}}}") and value in ids:
                del el.attrib[attr]
                if el.tag in (_w("attachedTemplate"), _w("subDoc"), _w("altChunk")) \
                        and el.getparent() is not None:
                    el.getparent().remove(el)
                    break
    return XML_DECL + etree.tostring(root, encoding="UTF-8")


def strip_external(raw: dict[str, bytes]) -> dict[str, bytes]:
    """A package's parts without relationships to outside files or addresses (hyperlinks stay)."""
    return _relink(raw, clean=False)


def _relink(raw: dict[str, bytes], clean: bool, removed_by_source: dict | None = None
            ) -> dict[str, bytes]:
    out = dict(raw)
    present = set(raw)
    for name in [n for n in raw if n.endswith(".rels")]:
        if b"External" not in raw[name] and not clean:
            continue
        blob, removed = _filter_rels(name, raw[name], present, clean)
        out[name] = blob
        source = _source_of(name)
        if removed and removed_by_source is not None:
            removed_by_source[source] = removed
        if removed and source in out and source.endswith(".xml"):
            out[source] = _drop_references(out[source], removed)
    return out


def strip_external_zip(blob: bytes, draft_date: dt.date) -> bytes:
    """The same for a whole .docx (used on counter-drafts, which keep the letter's package)."""
    raw = read_all(blob)
    if not any(b"External" in raw[n] for n in raw if n.endswith(".rels")):
        return blob
    return write_zip(list(strip_external(raw).items()), draft_date)


# --- the clean copy ---------------------------------------------------------------------------

_REMOVE = {_w(t) for t in (
    "del", "moveFrom", "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart",
    "moveToRangeEnd", "commentRangeStart", "commentRangeEnd", "rPrChange", "pPrChange",
    "sectPrChange", "tblPrChange", "tblPrExChange", "trPrChange", "tcPrChange", "tblGridChange",
    "numberingChange", "permStart", "permEnd", "proofErr", "delInstrText", "dataBinding",
    "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart",
    "customXmlDelRangeEnd", "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd",
    "customXmlMoveToRangeStart", "customXmlMoveToRangeEnd")}
_UNWRAP = {_w(t) for t in ("ins", "moveTo", "customXml", "smartTag")}
# Fields that only number pages or point inside the document stay live; any other field
# (INCLUDETEXT with a path, DOCVARIABLE, AUTHOR, FILENAME, LINK...) is reduced to its last result.
SAFE_FIELDS = {"PAGE", "NUMPAGES", "SECTIONPAGES", "SECTION", "PAGEREF", "REF", "NOTEREF", "SEQ",
               "STYLEREF", "TOC", "LISTNUM", "SYMBOL"}


def _safe_field(instr: str) -> bool:
    words = instr.split()
    return bool(words) and words[0].upper() in SAFE_FIELDS and not any(
        p in instr for p in ("\\\\", ":\\", "://", "file:"))


def _strip_fields(root) -> None:
    """Reduce unsafe fields to their result text (their codes removed), keep safe ones."""
    stack: list[dict] = []
    doomed = []
    for el in root.iter(_w("fldChar"), _w("instrText"), _w("fldSimple")):
        if el.tag == _w("fldSimple"):
            if not _safe_field(el.get(_w("instr"), "")):
                doomed.append(("unwrap", el))
            continue
        if el.tag == _w("instrText"):
            if stack:
                stack[-1]["instr"] += el.text or ""
                stack[-1]["codes"].append(el)
            else:
                doomed.append(("remove", el))
            continue
        kind = el.get(_w("fldCharType"))
        if kind == "begin":
            stack.append({"instr": "", "codes": [el]})
        elif kind == "separate" and stack:
            stack[-1]["codes"].append(el)
        elif kind == "end" and stack:
            field = stack.pop()
            field["codes"].append(el)
            if not _safe_field(field["instr"]):
                doomed += [("remove", c) for c in field["codes"]]
    for field in stack:                                # unterminated: drop the codes
        doomed += [("remove", c) for c in field["codes"]]
    for how, el in doomed:
        parent = el.getparent()
        if parent is None:
            continue
        if how == "remove":
            _remove_keep_tail(el)
        else:
            i = parent.index(el)
            for child in list(el):
                parent.insert(i, child)
                i += 1
            parent.remove(el)
_OFF = {"0", "false", "off"}


def _hidden(run) -> bool:
    rpr = run.find(_w("rPr"))
    if rpr is None:
        return False
    for tag in ("vanish", "specVanish"):
        v = rpr.find(_w(tag))
        if v is not None and v.get(_w("val"), "true") not in _OFF:
            return True
    return False


def drop_comment_anchors(root) -> None:
    """Remove comment ranges and references (a template's own comments, in every copy; the
    review copy gets drafter's comments instead)."""
    for el in list(root.iter(_w("commentRangeStart"), _w("commentRangeEnd"))):
        _remove_keep_tail(el)
    for ref in list(root.iter(_w("commentReference"))):
        run = ref.getparent()
        if run is not None and run.tag == _w("r") and run.getparent() is not None:
            _remove_keep_tail(run)


def scrub_story(root) -> None:
    """Clean one story tree (a body, header, footer, footnotes) in place (see the module doc)."""
    _strip_fields(root)
    for el in list(root.iter(_w("r"))):
        parent = el.getparent()
        if parent is None:
            continue
        if _hidden(el) or el.find(_w("commentReference")) is not None:
            parent.remove(el)
    for el in list(root.iter(*_REMOVE)):
        parent = el.getparent()
        if parent is None:
            continue
        if el.tag in (_w("del"),) and parent.tag == _w("rPr"):
            # a deleted paragraph mark: keep the paragraph, drop the mark of the change
            parent.remove(el)
            continue
        _remove_keep_tail(el)
    for el in list(root.iter(*_UNWRAP)):
        parent = el.getparent()
        if parent is None:
            continue
        if el.tag == _w("ins") and parent.tag == _w("rPr"):
            parent.remove(el)
            continue
        i = parent.index(el)
        for child in [c for c in el if c.tag not in (_w("customXmlPr"), _w("smartTagPr"))]:
            parent.insert(i, child)
            i += 1
        parent.remove(el)
    for el in root.iter():
        for attr in [a for a in el.attrib if a.startswith(f"{{{W_NS}}}rsid")]:
            del el.attrib[attr]
    # runs emptied of their field characters or instruction text
    for r in list(root.iter(_w("r"))):
        if all(c.tag == _w("rPr") for c in r) and r.getparent() is not None:
            r.getparent().remove(r)


def _remove_keep_tail(el) -> None:
    parent = el.getparent()
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def scrub_story_xml(blob: bytes) -> bytes:
    root = _parse(blob)
    scrub_story(root)
    return XML_DECL + etree.tostring(root, encoding="UTF-8")


def _settings(blob: bytes) -> bytes:
    root = _parse(blob)
    for el in list(root):
        if not isinstance(el.tag, str) or etree.QName(el).namespace not in (W_NS, _MATH_NS) \
                or etree.QName(el).localname not in SETTINGS_KEEP | {"mathPr"}:
            root.remove(el)
    return XML_DECL + etree.tostring(root, encoding="UTF-8")


def _no_rsids(blob: bytes) -> bytes:
    """Styles and numbering without revision-session ids (``w:rsid`` elements and attributes),
    which tie a document to the editing sessions of the machine that saved it."""
    root = _parse(blob)
    for el in list(root.iter(_w("rsid"))):
        el.getparent().remove(el)
    for el in root.iter():
        for attr in [a for a in el.attrib if a.startswith(f"{{{W_NS}}}rsid")]:
            del el.attrib[attr]
    return XML_DECL + etree.tostring(root, encoding="UTF-8")


def _content_types(blob: bytes, kept: set[str]) -> bytes:
    root = _parse(blob)
    for el in list(root):
        if el.tag == f"{{{CT_NS}}}Override" and el.get("PartName", "").lstrip("/") not in kept:
            root.remove(el)
    return XML_DECL + etree.tostring(root, encoding="UTF-8")


APP_XML = XML_DECL + (f'<Properties xmlns="{_APP_NS}"><Template>Normal.dotm</Template>'
                      "<Application>drafter</Application><DocSecurity>0</DocSecurity>"
                      "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
                      "</Properties>").encode()


def clean_parts(raw: dict[str, bytes], dynamic: AbstractSet[str] = frozenset()
                ) -> tuple[dict[str, bytes], dict[str, set[str]]]:
    """The parts of a clean copy (allow-listed and scrubbed), from a package's parts, and the
    relationship ids removed per part. Parts named in ``dynamic`` (rendered per document) are
    left out here: clean them with ``clean_story`` after rendering."""
    kept = {n for n in raw if kept_part(n)}
    removed: dict[str, set[str]] = {}
    parts = _relink({n: raw[n] for n in kept}, clean=True, removed_by_source=removed)
    out: dict[str, bytes] = {}
    for name in kept:
        blob = parts[name]
        if name in dynamic:
            continue
        if name == "[Content_Types].xml":
            blob = _content_types(blob, kept)
        elif name == "word/settings.xml":
            blob = _settings(blob)
        elif name in ("word/styles.xml", "word/stylesWithEffects.xml", "word/numbering.xml"):
            blob = _no_rsids(blob)
        elif name == "docProps/app.xml":
            blob = APP_XML
        elif name.startswith(STORY_PARTS) and name.endswith(".xml"):
            blob = scrub_story_xml(blob)
        out[name] = blob
    return out, removed


def clean_story(blob: bytes, removed_ids: AbstractSet[str] = frozenset()) -> bytes:
    """A rendered story part (document, header, footer) for the clean copy."""
    return scrub_story_xml(_drop_references(blob, set(removed_ids)))


def accepted_copy(blob: bytes, draft_date: dt.date, title: str) -> bytes:
    """A tracked-changes document (the counter-draft) with every change accepted and nothing
    internal left, by the same allow-list as every other clean copy: no comments, revision
    marks, hidden text, custom XML, rsids or outside links; new core properties."""
    raw = read_all(blob)
    story = "word/document.xml"
    parts, removed = clean_parts(raw, {story, CORE_PART})
    parts[story] = clean_story(raw[story], removed.get(story, set()))
    parts[CORE_PART] = core_xml({"title": title}, stamp_of(draft_date))
    return write_zip([(n, parts[n]) for n in raw if n in parts], draft_date)


# --- the redline that goes out -----------------------------------------------------------------
# Parts the copy of a redline that is sent never carries: comments, their authors and threads
# (Word 2010 and later add the last four), custom XML (drafter's record of asks names our
# variants, which tells the Office where our fallbacks lie; a firm's document-management data)
# and the picture of the first page.
_NOT_SENT = re.compile(r"^(?:word/(?:comments(?:Extended|Ids|Extensible)?|people)\.xml|customXml/.*|"
                       r"docProps/thumbnail\.\w+)$")


def sendable_redline(blob: bytes, draft_date: dt.date, properties: dict) -> bytes:
    """The same redline with its tracked changes and nothing else of ours: no comment (parts,
    relationships, content types, anchors), no custom XML, new core properties."""
    raw = read_all(blob)
    dropped = {n for n in raw if _NOT_SENT.match(n)}
    out: list[tuple[str, bytes]] = []
    for name, data in raw.items():
        if name in dropped:
            continue
        if name.startswith(STORY_PARTS) and name.endswith(".xml") and b"comment" in data:
            root = _parse(data)
            drop_comment_anchors(root)
            data = XML_DECL + etree.tostring(root, encoding="UTF-8")
        elif name.endswith(".rels"):
            root = _parse(data)
            for r in list(root):
                kind = r.get("Type") or ""
                if "comments" in kind or kind.endswith(("/people", "/customXml", "/thumbnail")):
                    root.remove(r)
            data = XML_DECL + etree.tostring(root, encoding="UTF-8")
        elif name == "[Content_Types].xml":
            root = _parse(data)
            for o in list(root):
                if (o.get("PartName") or "").lstrip("/") in dropped:
                    root.remove(o)
            data = XML_DECL + etree.tostring(root, encoding="UTF-8")
        elif name == CORE_PART:
            data = core_xml(properties, stamp_of(draft_date))
        out.append((name, data))
    return write_zip(out, draft_date)
