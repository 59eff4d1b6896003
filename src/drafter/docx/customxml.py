"""Custom XML parts: drafter's own records carried inside a .docx (``customXml/itemN.xml`` with
its ``itemPropsN.xml``), which travel with the file and survive Word saving it."""

from __future__ import annotations

import io
import uuid
from typing import Any

from .ooxml import CT_CUSTOM_XML_PROPS, RT_CUSTOM_XML, RT_CUSTOM_XML_PROPS

DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"


def add_custom_xml(doc: Any, data: bytes, schema: str) -> None:
    """Add ``data`` (an XML document in the namespace ``schema``) to a python-docx Document as a
    custom XML part, with the properties part that names its schema."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = doc.part.package
    used = {str(p.partname) for p in package.iter_parts()}
    n = 1
    while f"/customXml/item{n}.xml" in used or f"/customXml/itemProps{n}.xml" in used:
        n += 1
    item = Part(PackURI(f"/customXml/item{n}.xml"), "application/xml", data, package)
    guid = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, schema + data.decode("utf-8"))).upper() + "}"
    props = (f'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<ds:datastoreItem ds:itemID="{guid}" '
             f'xmlns:ds="{DS}"><ds:schemaRefs><ds:schemaRef ds:uri="{schema}"/></ds:schemaRefs></ds:datastoreItem>')
    prop_part = Part(PackURI(f"/customXml/itemProps{n}.xml"), CT_CUSTOM_XML_PROPS, props.encode("utf-8"), package)
    item.relate_to(prop_part, RT_CUSTOM_XML_PROPS)
    doc.part.relate_to(item, RT_CUSTOM_XML)


def custom_xml_parts(data: bytes) -> list[bytes]:
    """The custom XML parts the document part of a .docx relates to, in its order; [] for a file
    that is not a readable .docx."""
    from docx import Document

    try:
        doc = Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - not a readable .docx: no parts
        return []
    return [rel.target_part.blob for rel in doc.part.rels.values()
            if rel.reltype == RT_CUSTOM_XML and not rel.is_external]
