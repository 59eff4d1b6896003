"""The OOXML names every Word module uses: namespaces, relationship and content types, ``w()``."""

from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
XML_DECL = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"

RT_HEADER = R_NS + "/header"
RT_FOOTER = R_NS + "/footer"
RT_FOOTNOTES = R_NS + "/footnotes"
RT_COMMENTS = R_NS + "/comments"
RT_HYPERLINK = R_NS + "/hyperlink"
RT_CUSTOM_XML = R_NS + "/customXml"
RT_CUSTOM_XML_PROPS = R_NS + "/customXmlProps"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
CT_CUSTOM_XML_PROPS = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
CORE_PART = "docProps/core.xml"


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML tag or attribute: ``w("p")`` -> ``{...main}p``."""
    return f"{{{W_NS}}}{tag}"


# xml.sax.saxutils's escape and quoteattr, written out: importing that module loads
# urllib.request and http.client, a noticeable share of a packet's start-up.

def escape(text: str) -> str:
    """XML character data: ``&``, ``<`` and ``>`` escaped (as xml.sax.saxutils.escape)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """A quoted XML attribute value, exactly as xml.sax.saxutils.quoteattr writes it."""
    text = escape(text).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' in text:
        return '"' + text.replace('"', "&quot;") + '"' if "'" in text else "'" + text + "'"
    return '"' + text + '"'
