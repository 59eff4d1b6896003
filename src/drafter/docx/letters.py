"""Reading a government letter (.docx, .txt, .pdf) into numbered paragraphs.

Each paragraph keeps the government's own text (``text``), used for excerpts and the
counter-draft, and a normalised copy (``norm``) used for matching the clause library's signals:
straight quotes, no ligatures, soft hyphens or odd spaces, and the scanning noise that is
impossible in a citation repaired (``3553(O`` -> ``3553(f)``, ``5Kl.1`` -> ``5K1.1``). A map
from every normalised character to its place in the original lets a match be quoted exactly.

Plain text and PDF text are re-flowed into paragraphs (``plaintext.py``); the matching copy is
made by ``normalize.py``. Paragraph numbers count from 1 over the document's non-empty
paragraphs.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import limits
from ..errors import DrafterError
from ..files import read_capped
from .normalize import Mapped, normalize  # noqa: F401 - Mapped: the type of normalize()
from .ooxml import w as _w
from .package import read_zip
from .plaintext import END_PUNCT, read_pdf, read_txt, reflow

MAX_BYTES = limits.LETTER_BYTES
SUFFIXES = (".docx", ".txt", ".pdf")


# --- the letter -------------------------------------------------------------------------------

@dataclass
class Paragraph:
    number: int                 # 1-based over the non-empty paragraphs
    text: str                   # the government's text
    norm: str                   # the normalised copy used for matching
    pos: list[int] = field(repr=False, default_factory=list)  # norm index -> text index
    index: int = 0              # position among the document's paragraph elements (docx)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``text`` behind ``norm[start:end]``."""
        start = max(0, min(start, len(self.norm)))
        end = max(start, min(end, len(self.norm)))
        a = self.pos[start] if start < len(self.pos) else len(self.text)
        b = self.pos[end - 1] + 1 if end > start else a
        return a, max(a, min(b, len(self.text)))


@dataclass
class Letter:
    path: Path
    format: str                 # docx | txt | pdf
    paragraphs: list[Paragraph]
    data: bytes = field(repr=False, default=b"")
    editable: bool = False      # a .docx whose paragraphs are the letter's own (edited in place)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def text(self) -> str:
        return "\n\n".join(p.norm for p in self.paragraphs)


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufdd0-\ufdef\ufffe\uffff]")


def make_paragraphs(texts: list[str], clean: bool = True) -> list[Paragraph]:
    """Number the non-empty paragraphs and make their matching copies. ``clean`` drops control
    characters (plain text); a .docx paragraph keeps its text exactly, to be edited later."""
    out: list[Paragraph] = []
    for i, text in enumerate(texts):
        text = _CONTROL.sub(" ", text) if clean else text
        if not text.strip():
            continue
        m = normalize(text)
        if not m.text:
            continue
        out.append(Paragraph(len(out) + 1, text, m.text, m.pos, i))
    return out


def read_letter(path: str | Path) -> Letter:
    """Read a letter; every problem the user can cause is a DrafterError."""
    path = Path(path)
    if not path.exists():
        raise DrafterError(f"{path}: no such file")
    if path.is_dir():
        raise DrafterError(f"{path}: this is a folder; give the letter's file (.docx, .txt or .pdf)")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DrafterError(f"{path}: cannot read {suffix or 'files without an extension'}; "
                           "give the letter as .docx, .txt or .pdf (save a .doc or .rtf as .docx)")
    return parse_letter(read_capped(path, MAX_BYTES, "letter"), path)


def parse_letter(data: bytes, name: str | Path) -> Letter:
    """A letter from its bytes, already in memory: ``name`` (a file name) tells the format by its
    extension and names the letter in messages and output files. Nothing is read from disk."""
    path = Path(name)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DrafterError(f"{path}: cannot read {suffix or 'files without an extension'}; "
                           "give the letter as .docx, .txt or .pdf (save a .doc or .rtf as .docx)")
    if len(data) > MAX_BYTES:
        raise DrafterError(f"{path}: the file is too large ({len(data):,} bytes; at most {MAX_BYTES:,})")
    if not data.strip():
        raise DrafterError(f"{path}: the file is empty")
    if suffix == ".docx":
        paragraphs, editable = _read_docx(path, data)
    else:
        paragraphs, editable = make_paragraphs((read_txt if suffix == ".txt" else read_pdf)(path, data)), False
    if not paragraphs:
        raise DrafterError(f"{path}: the letter has no text")
    check_size(path, paragraphs)
    return Letter(path, suffix[1:], paragraphs, data, editable)


def check_size(path: Path, paragraphs: list[Paragraph]) -> None:
    """Refuse a letter longer than any real one (the limits are in limits.py and the README)."""
    if len(paragraphs) > limits.LETTER_PARAGRAPHS:
        raise DrafterError(f"{path}: the letter has {len(paragraphs):,} paragraphs "
                           f"(at most {limits.LETTER_PARAGRAPHS:,})")
    total = 0
    for p in paragraphs:
        if len(p.text) > limits.PARAGRAPH_CHARS:
            raise DrafterError(f"{path}: paragraph {p.number} is {len(p.text):,} characters long "
                               f"(at most {limits.PARAGRAPH_CHARS:,}); no real letter has one that long")
        total += len(p.text)
    if total > limits.LETTER_CHARS:
        raise DrafterError(f"{path}: the letter has {total:,} characters of text "
                           f"(at most {limits.LETTER_CHARS:,})")


# --- .docx ----------------------------------------------------------------------------------

def body_paragraphs(body) -> Iterator[Any]:
    """The ``w:p`` elements of a body in reading order, table cells included (no text boxes)."""
    for child in body.iterchildren():
        tag = child.tag
        if tag == _w("p"):
            yield child
        elif tag == _w("tbl"):
            for tr in child.iterchildren(_w("tr")):
                for tc in tr.iterchildren(_w("tc")):
                    yield from body_paragraphs(tc)
        elif tag in (_w("sdt"), _w("customXml")):
            content = child.find(_w("sdtContent")) if tag == _w("sdt") else child
            if content is not None:
                yield from body_paragraphs(content)


def paragraph_runs(p) -> list:
    """The ``w:r`` elements whose text the paragraph shows (not deleted, not in text boxes)."""
    out = []
    for r in p.iter(_w("r")):
        node, ok = r.getparent(), True
        while node is not None and node is not p:
            if node.tag in (_w("del"), _w("moveFrom"), _w("p"), _w("txbxContent")):
                ok = False
                break
            node = node.getparent()
        if ok:
            out.append(r)
    return out


def run_pieces(r) -> list[tuple[Any, str]]:
    """Each content child of a run with the text it shows (empty for non-text content)."""
    pieces = []
    for child in r.iterchildren():
        tag = child.tag
        if tag == _w("t"):
            pieces.append((child, child.text or ""))
        elif tag in (_w("tab"), _w("ptab")):
            pieces.append((child, "\t"))
        elif tag in (_w("br"), _w("cr")):
            pieces.append((child, "\n"))
        elif tag == _w("noBreakHyphen"):
            pieces.append((child, "\u2011"))
        elif tag != _w("rPr"):
            pieces.append((child, ""))
    return pieces


def paragraph_text(p) -> str:
    return "".join(text for r in paragraph_runs(p) for _, text in run_pieces(r))


def open_docx(data: bytes, where: str):
    """A .docx as a python-docx Document, after the package's sizes are checked (limits.py)."""
    from docx import Document

    parts = read_zip(data, where)
    if "word/document.xml" in parts:
        limits.check_xml(parts["word/document.xml"], where, limits.LETTER_PARAGRAPHS)
    del parts
    try:
        return Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise DrafterError(f"{where}: this is not a readable Word .docx file ({e})") from None
    except Exception as e:  # noqa: BLE001 - python-docx raises assorted errors on bad packages
        raise DrafterError(f"{where}: this is not a readable Word .docx file "
                           f"({type(e).__name__})") from None


def _read_docx(path: Path, data: bytes) -> tuple[list[Paragraph], bool]:
    """The body's paragraphs as they are; but a document made from a PDF, with one Word
    paragraph per printed line, is re-flowed like plain text (and is not edited in place)."""
    doc = open_docx(data, str(path))
    texts = [paragraph_text(p) for p in body_paragraphs(doc.element.body)]
    if _line_per_paragraph(texts):
        return make_paragraphs(reflow("\n".join(t.replace("\n", " ") for t in texts))), False
    return make_paragraphs(texts, clean=False), True


def _line_per_paragraph(texts: list[str]) -> bool:
    """Do most paragraphs stop mid-sentence at a printed line's width?"""
    lines = [t.strip() for t in texts if t.strip()]
    if len(lines) < 12:
        return False
    long = [t for t in lines if len(t) >= 40]
    open_ended = [t for t in long if not END_PUNCT.search(t) and not t.endswith(",")]
    return len(long) >= 8 and len(open_ended) >= 0.6 * len(long) and max(map(len, long)) <= 110
