"""Word comments: the one writer of ``word/comments.xml`` (with the relationship and content type
that point Word at it), for the packet's review copies and the counter-draft alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lxml import etree

from .ooxml import CT_COMMENTS, CT_NS, PKG_REL_NS, RT_COMMENTS, W_NS, XML_DECL, escape, quoteattr

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


@dataclass
class Comment:
    text: str
    author: str
    initials: str


def _comment(cid: int, c: Comment, when: str) -> str:
    paras = "".join(
        "<w:p>" + ("<w:r><w:annotationRef/></w:r>" if i == 0 else "")
        + f'<w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
        for i, line in enumerate(c.text.split("\n")))
    return (f'<w:comment w:id="{cid}" w:author={quoteattr(c.author)} w:date="{when}" '
            f'w:initials={quoteattr(c.initials)}>{paras}</w:comment>')


def comments_part_name(raw: dict[str, bytes]) -> str:
    """The comments part the document points at, or where a new one goes."""
    rels = raw.get("word/_rels/document.xml.rels")
    for r in etree.fromstring(rels, _PARSER) if rels else ():
        if r.get("Type") == RT_COMMENTS and r.get("TargetMode") != "External":
            target = r.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else f"word/{target}"
    return "word/comments.xml"


def used_ids(raw: dict[str, bytes]) -> set[int]:
    """The comment ids the package's comments part already holds."""
    blob = raw.get(comments_part_name(raw))
    if not blob:
        return set()
    return {int(v) for v in etree.fromstring(blob, _PARSER).xpath("//w:comment/@w:id", namespaces={"w": W_NS})
            if str(v).isdigit()}


def comment_parts(raw: dict[str, bytes], comments: list[tuple[int, Comment]], stamp: dt.datetime,
                  keep_existing: bool = False) -> dict[str, bytes]:
    """The comments part holding ``comments`` (id, comment), and the relationship and content
    type that point Word at it. ``keep_existing`` adds them to the comments the package already
    has (the Office's own, in a counter-draft); otherwise they replace them (a house template's
    comments never reach a draft)."""
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    name = comments_part_name(raw)
    items = "".join(_comment(cid, c, when) for cid, c in comments)
    existing = raw.get(name) if keep_existing else None
    if existing:
        root = etree.fromstring(existing, _PARSER)
        for el in etree.fromstring(f'<w:comments xmlns:w="{W_NS}">{items}</w:comments>'):
            root.append(el)
        comments_xml = XML_DECL + etree.tostring(root, encoding="UTF-8")
    else:
        comments_xml = XML_DECL + f'<w:comments xmlns:w="{W_NS}">{items}</w:comments>'.encode()
    rels = etree.fromstring(raw["word/_rels/document.xml.rels"], _PARSER)
    if not any(r.get("Type") == RT_COMMENTS for r in rels):
        ids = {r.get("Id") for r in rels}
        n = 1
        while f"rIdComments{n}" in ids:
            n += 1
        etree.SubElement(rels, f"{{{PKG_REL_NS}}}Relationship",
                         Id=f"rIdComments{n}", Type=RT_COMMENTS, Target=name.removeprefix("word/"))
    types = etree.fromstring(raw["[Content_Types].xml"], _PARSER)
    if not any(o.get("PartName") == f"/{name}" for o in types):
        etree.SubElement(types, f"{{{CT_NS}}}Override", PartName=f"/{name}", ContentType=CT_COMMENTS)
    return {
        name: comments_xml,
        "word/_rels/document.xml.rels": XML_DECL + etree.tostring(rels, encoding="UTF-8"),
        "[Content_Types].xml": XML_DECL + etree.tostring(types, encoding="UTF-8"),
    }


