"""Word packages as zips: reading with size caps, one deterministic writer, core properties.

Reading refuses a package with too many parts or parts that inflate too far (the limits are in
``limits.py``); writing puts ``[Content_Types].xml`` first and the rest sorted, every entry dated
the draft date, so equal inputs give equal bytes. Every .docx drafter writes leaves through
``write_zip`` (``save`` for a python-docx document), with its core properties from ``core_xml``.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import limits
from ..errors import DrafterError
from .ooxml import CORE_PART, XML_DECL, escape

if TYPE_CHECKING:
    from .comments import Comment


# --- reading ----------------------------------------------------------------------------------

_COMPRESSIONS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
_ENCRYPTED = 0x1                  # general-purpose flag bit 0 of a zip entry


def read_zip(data: bytes, where: str, what: str = "Word .docx file") -> dict[str, bytes]:
    """Every part of a zip package, uncompressed, refusing a package with too many parts or
    parts that inflate too far (the sizes it declares are checked first, then the bytes it
    really inflates to, reading with a cap)."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        infos = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as e:
        raise DrafterError(f"{where}: this is not a readable {what} ({e})") from None
    if len(infos) > limits.ZIP_ENTRIES:
        raise DrafterError(f"{where}: the package holds {len(infos):,} parts (at most {limits.ZIP_ENTRIES:,}); "
                           "refused as a possible decompression bomb")
    declared = sum(i.file_size for i in infos)
    big = [i for i in infos if i.file_size > limits.ZIP_PART_BYTES]
    if big or declared > limits.ZIP_TOTAL_BYTES:
        raise DrafterError(f"{where}: the package inflates to more than "
                           f"{(limits.ZIP_PART_BYTES if big else limits.ZIP_TOTAL_BYTES) // 1_000_000} MB; "
                           "refused as a possible decompression bomb")
    # Word writes parts stored or deflated, never encrypted: anything else is refused by name
    # before a byte is inflated (zipfile would fail on it half-way, or ask for a password)
    odd = [i for i in infos if i.compress_type not in _COMPRESSIONS or i.flag_bits & _ENCRYPTED]
    if odd:
        what_is = "encrypted" if odd[0].flag_bits & _ENCRYPTED else f"compressed by method {odd[0].compress_type}"
        raise DrafterError(f"{where}: part {odd[0].filename} is {what_is}, which a {what} never is; "
                           "save the document again from Word and retry")
    parts: dict[str, bytes] = {}
    total = 0
    try:
        for info in infos:
            if info.is_dir():
                continue
            with z.open(info) as fh:
                blob = fh.read(limits.ZIP_PART_BYTES + 1)
            total += len(blob)
            if len(blob) > limits.ZIP_PART_BYTES or total > limits.ZIP_TOTAL_BYTES:
                raise DrafterError(f"{where}: the package inflates to more than its parts declare; "
                                   "refused as a possible decompression bomb")
            parts[info.filename] = blob
    except DrafterError:
        raise
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, zlib.error) as e:
        raise DrafterError(f"{where}: this is not a readable {what} ({type(e).__name__}: {e})") from None
    return parts


def read_part(data: bytes, name: str) -> bytes | None:
    """One part of a package, or None when the package or the part cannot be read (a quick
    look before the package is opened properly)."""
    try:
        return zipfile.ZipFile(io.BytesIO(data)).read(name)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError):
        return None


def read_all(data: bytes) -> dict[str, bytes]:
    """Every part of a package drafter made itself, in the package's order (no caps needed)."""
    z = zipfile.ZipFile(io.BytesIO(data))
    return {n: z.read(n) for n in z.namelist()}


# --- writing ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    name: str
    crc: int
    size: int
    data: bytes  # raw deflate stream


def entry(name: str, blob: bytes) -> Entry:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Entry(name, zlib.crc32(blob), len(blob), c.compress(blob) + c.flush())


def zip_entries(entries: list[Entry], draft_date: dt.date) -> bytes:
    """A zip with ``[Content_Types].xml`` first, the rest sorted, every entry dated the draft
    date at midnight (what zipfile would write, without recompressing unchanged parts)."""
    first = [e for e in entries if e.name == "[Content_Types].xml"]
    ordered = first + sorted((e for e in entries if e.name != "[Content_Types].xml"), key=lambda e: e.name)
    y = min(max(draft_date.year, 1980), 2107)      # the range a zip entry's date can hold
    dos_date = ((y - 1980) << 9) | (draft_date.month << 5) | draft_date.day
    out = io.BytesIO()
    central = []
    for e in ordered:
        name = e.name.encode("utf-8")
        offset = out.tell()
        out.write(struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, 0, 8, 0, dos_date,
                              e.crc, len(e.data), e.size, len(name), 0))
        out.write(name)
        out.write(e.data)
        central.append(struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 3, 20, 0, 0, 8, 0, dos_date,
                                   e.crc, len(e.data), e.size, len(name), 0, 0, 0, 0,
                                   0o600 << 16, offset) + name)
    start = out.tell()
    for c in central:
        out.write(c)
    size = out.tell() - start
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central), size, start, 0))
    return out.getvalue()


def write_zip(items: list[tuple[str, bytes]], draft_date: dt.date) -> bytes:
    """Zip ``(name, bytes)`` items repeatably (fixed times, fixed order)."""
    return zip_entries([entry(n, b) for n, b in items], draft_date)


def stamp_of(draft_date: dt.date) -> dt.datetime:
    """The time every document of a draft date carries: 09:00 UTC that day."""
    return dt.datetime.combine(draft_date, dt.time(9, 0), tzinfo=dt.UTC)


def core_xml(props: dict, stamp: dt.datetime) -> bytes:
    """The package's core properties (title, author, dates ...): the one writer of ``docProps/core.xml``."""
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    fields = [
        ("dc:title", props.get("title", "")), ("dc:subject", props.get("subject", "")),
        ("dc:creator", props.get("author", "")), ("cp:keywords", ""),
        ("dc:description", props.get("comments", "")),
        ("cp:lastModifiedBy", props.get("last_modified_by", "")), ("cp:revision", "1"),
        ("cp:category", props.get("category", "")), ("dc:language", "en-US"),
        ("cp:contentStatus", props.get("content_status", "Draft")),
    ]
    body = "".join(f"<{k}>{escape(v)}</{k}>" for k, v in fields)
    body += (f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
             f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>')
    return XML_DECL + (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"{body}</cp:coreProperties>").encode()


def save(doc: Any, draft_date: dt.date, properties: dict, comments: Sequence[tuple[int, Comment]] = (),
         comment_stamp: dt.datetime | None = None) -> bytes:
    """A python-docx document as repeatable bytes, its core properties written by ``core_xml``
    (whatever the document carried before: the Office's author, dates or revision count) and
    ``comments`` ((id, Comment) pairs, anchored in the document already) added to the ones it
    has."""
    from .comments import comment_parts

    _ = doc.core_properties    # makes the core properties part when the package has none
    buf = io.BytesIO()
    doc.save(buf)
    parts = read_all(buf.getvalue())
    parts[CORE_PART] = core_xml(properties, stamp_of(draft_date))
    if comments:
        parts.update(comment_parts(parts, list(comments), comment_stamp or stamp_of(draft_date), keep_existing=True))
    return write_zip(list(parts.items()), draft_date)


def with_header_line(data: bytes, text: str, draft_date: dt.date, properties: dict) -> bytes:
    """The document ``data`` with ``text`` as the first line of every page's header (bold, small),
    above whatever header it had: the mark of a firm-internal copy that must not go out by mistake,
    visible on paper as well as on screen. Everything else of the document is kept."""
    from docx import Document
    from docx.shared import Pt

    doc = Document(io.BytesIO(data))
    for i, section in enumerate(doc.sections):
        headers = [section.header]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
        if doc.settings.odd_and_even_pages_header_footer:
            headers.append(section.even_page_header)
        for header in headers:
            if header.is_linked_to_previous and i > 0:
                continue                    # shares the previous section's header, already marked
            header.is_linked_to_previous = False
            first = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
            line = first.insert_paragraph_before() if first.text.strip() else first
            run = line.add_run(text)
            run.bold = True
            run.font.size = Pt(9)
    return save(doc, draft_date, properties)
