"""Every size and time limit drafter applies to files it did not write (stated in the README).

A government letter arrives by e-mail and a firm's templates come from Word: both are checked
*before* they are parsed, so a hostile file is refused with one line instead of using gigabytes
of memory or running for hours. (A zip package's caps are applied by ``docx.package.read_zip``.)
"""

from __future__ import annotations

import re

from .errors import DrafterError

# Letters (drafter review)
LETTER_BYTES = 20_000_000          # the file on disk (.docx, .txt, .pdf)
LETTER_CHARS = 1_000_000           # text of the whole letter (~300 pages), after reading
LETTER_PARAGRAPHS = 20_000         # non-empty paragraphs
PARAGRAPH_CHARS = 50_000           # one paragraph (a real one is a few thousand)
PDF_PAGES = 1_000
RECOGNITION_SECONDS = 120          # time budget for recognising clauses in one letter

# Word packages (letters and house templates)
ZIP_ENTRIES = 2_000                # parts in one package
ZIP_PART_BYTES = 50_000_000        # one part, uncompressed
ZIP_TOTAL_BYTES = 150_000_000      # all parts, uncompressed
XML_ELEMENTS = 2_000_000           # tags in one XML part (counted before parsing)
TEMPLATE_BYTES = 50_000_000        # a house template file on disk

_PARA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?p[\s/>]")


def check_xml(blob: bytes, where: str, paragraphs: int | None = None) -> None:
    """Refuse an XML part with too many elements (or paragraphs) before it is parsed."""
    tags = blob.count(b"<")
    if tags > XML_ELEMENTS:
        raise DrafterError(f"{where}: the document holds more than {XML_ELEMENTS:,} XML elements; "
                           "refused (no real letter is that large)")
    if paragraphs is not None:
        n = len(_PARA.findall(blob))
        if n > paragraphs:
            raise DrafterError(f"{where}: the document holds {n:,} paragraphs (at most {paragraphs:,}); "
                               "refused (no real letter is that long)")
