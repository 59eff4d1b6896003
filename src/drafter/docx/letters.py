"""Reading a government letter (.docx, .txt, .pdf) into numbered paragraphs.

Each paragraph keeps the government's own text (``text``), used for excerpts and the
counter-draft, and a normalised copy (``norm``) used for matching the clause library's signals:
straight quotes, no ligatures, soft hyphens or odd spaces, and the scanning noise that is
impossible in a citation repaired (``3553(O`` -> ``3553(f)``, ``5Kl.1`` -> ``5K1.1``). A map
from every normalised character to its place in the original lets a match be quoted exactly.

Plain text and PDF text are re-flowed: hard-wrapped lines are joined into paragraphs, a word
hyphenated at a line end is rejoined, and a paragraph ends at a blank line, a short line, or a
line that starts a new numbered item ("1.", "(1)", "2)", "(a)", "¶ 3", "Paragraph 3", "FIRST,").
Paragraph numbers count from 1 over the document's non-empty paragraphs.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from .. import limits
from ..errors import DrafterError
from ..files import read_capped
from ..labels import is_label_only, starts_item
from ..model.yamlfile import decode
from .ooxml import w as _w
from .package import read_zip

MAX_BYTES = limits.LETTER_BYTES
SUFFIXES = (".docx", ".txt", ".pdf")

# --- normalisation with a position map ----------------------------------------------------

class Mapped:
    """A string being rewritten, remembering for each character where it came from."""

    def __init__(self, text: str):
        self.text = text
        self.pos = list(range(len(text) + 1))

    def sub(self, pattern: str | re.Pattern, repl, flags: int = 0) -> "Mapped":
        """Like ``re.sub``; replaced characters map proportionally onto the matched original."""
        rx = re.compile(pattern, flags) if isinstance(pattern, str) else pattern
        if rx.search(self.text) is None:
            return self                 # nothing to rewrite: skip copying the position map
        out: list[str] = []
        pos: list[int] = []
        last = 0
        for m in rx.finditer(self.text):
            s, e = m.span()
            new = repl(m) if callable(repl) else m.expand(repl)
            if new == m.group():
                continue
            out.append(self.text[last:s])
            pos.extend(self.pos[last:s])
            out.append(new)
            span = max(e - s, 1)
            pos.extend(self.pos[min(s + i * span // max(len(new), 1), e)] for i in range(len(new)))
            last = e
        out.append(self.text[last:])
        pos.extend(self.pos[last:])
        self.text = "".join(out)
        self.pos = pos
        return self

    def translate(self, table: dict[str, str]) -> "Mapped":
        keys = "".join(re.escape(k) for k in table)
        return self.sub(f"[{keys}]", lambda m: table[m.group()]) if keys else self


_CHARS = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"',
    "\u00bb": '"', "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st", "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ",
    "\u200a": " ", "\u2002": " ", "\u2003": " ", "\u205f": " ", "\u3000": " ", "\t": " ",
    "\n": " ", "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2212": "-",
    "\u00ad": "", "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\u2060": "",
}

_DIGITISH = str.maketrans({"l": "1", "I": "1", "O": "0", "o": "0"})


def _digits(s: str) -> str:
    return s.translate(_DIGITISH)


def _has_digit(s: str) -> bool:
    return any(c.isdigit() for c in s)


# Repairs of scanning noise, each limited to forms that cannot be a real citation.
_OCR_FIXES: list[tuple[str, Any]] = [
    # USSG sections: 5Kl.1, lB1.8, 2Dl.l, 5KI.I -> 5K1.1, 1B1.8, 2D1.1
    (r"(?<![\w.])([1-8lI])\s?([A-H]|K)([0-9lI])\s?\.\s?([0-9lIO]{1,2})(?![\w])",
     lambda m: (f"{_digits(m[1])}{m[2]}{_digits(m[3])}.{_digits(m[4])}"
                if _has_digit(m[1] + m[3] + m[4]) else m.group())),
    # subsection numbers read as letters: (b)(l8) -> (b)(18)
    (r"(?<=\))\(([0-9lI]{1,2})\)", lambda m: f"({_digits(m[1])})" if _has_digit(m[1]) or m[1] == "ll" else m.group()),
    # § 3553(f): (O, (0, (Q, (t, (F -> (f); a missing closing parenthesis is added
    (r"(?<=3553)\s?\(\s?([OoQ0tTF])(?:\s?\))?", "(f)"),
    (r"(?<=3553)\s?\(\s?([a-g])(?![)\w])", lambda m: f"({m[1]})"),
    (r"(?<=3553)\s\(", "("),
    # Rule ll(f), Rule 4lO
    (r"\bRule\s+([0-9lI]{2,3})(?=\s?\()", lambda m: f"Rule {_digits(m[1])}"),
    (r"\b4[1lI][0Oo]\b", "410"),
    (r"\b(?:Rule|R\.\s?Evid\.)\s+4[1lI][0Oo]", lambda m: _digits(m.group()).replace("Ru1e", "Rule")),
    # section signs: §3553 -> § 3553, § § -> §§, an OCR "$" before a section number
    (r"\$\s?(?=\d{3,5}[a-z]?\()", "§ "),
    (r"§\s+§", "§§"),
    (r"(§§?)(?=\d)", r"\1 "),
    (r"(?<=§ )([0-9lIO]{3,5})\b", lambda m: _digits(m[1]) if _has_digit(m[1]) else m.group()),
    # U. S. C. / U.S.C, -> U.S.C.
    (r"\bU\.\s?S\.\s?C\s?[.,]", "U.S.C."),
]
_OCR_COMPILED = [(re.compile(p), r) for p, r in _OCR_FIXES]


def normalize(text: str) -> Mapped:
    """The matching copy of a paragraph, with its map back to ``text``."""
    m = Mapped(text).translate(_CHARS)
    for rx, repl in _OCR_COMPILED:
        m.sub(rx, repl)
    m.sub(r"\s{2,}", " ")
    m.sub(r"^\s+|\s+$", "")
    return m


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
    out = []
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
    data = read_capped(path, MAX_BYTES, "letter")
    if not data.strip():
        raise DrafterError(f"{path}: the file is empty")
    reader = {".docx": _read_docx, ".txt": _read_txt, ".pdf": _read_pdf}[suffix]
    paragraphs, editable = reader(path, data)
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
    open_ended = [t for t in long if not _END_PUNCT.search(t) and not t.endswith(",")]
    return len(long) >= 8 and len(open_ended) >= 0.6 * len(long) and max(map(len, long)) <= 110


# --- .txt and .pdf: re-flowing lines into paragraphs ----------------------------------------

_CITE_END = re.compile(r"(?:\d|§|U\.S\.C\.|\([A-Za-z0-9]{1,4}\)|Rule|Section|§§)\s*$")
_PAGE_LINE = re.compile(r"^\s*(?:-\s*\d{1,3}\s*-|(?:Page|PAGE)\s+\d{1,3}(?:\s+of\s+\d{1,3})?|\d{1,3}|"
                        r"Case\s+\d+:\d{2}-\w{2,3}-\d+\S*\s+(?:\S+\s+){0,3}Document\s+\d+.*)\s*$")
_END_PUNCT = re.compile(r"[.:;!?]['\")\]]?\s*$")
_HYPHEN_KEEP = {"self", "non", "cross", "quasi"}
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def _read_txt(path: Path, data: bytes) -> list[Paragraph]:
    if _binary(data):
        raise DrafterError(f"{path}: this is not a text file (it holds binary data); "
                           "give the letter as .docx, .txt or .pdf")
    try:
        text = decode(data, str(path))
    except DrafterError:
        try:
            text = data.decode("cp1252").replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError:
            raise DrafterError(f"{path}: this is not a text file; save the letter as UTF-8 text") from None
    if len(text) > limits.LETTER_CHARS:
        raise DrafterError(f"{path}: the letter has {len(text):,} characters of text "
                           f"(at most {limits.LETTER_CHARS:,})")
    return make_paragraphs(reflow(text)), False


def _read_pdf(path: Path, data: bytes) -> list[Paragraph]:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - pypdf is a dependency
        raise DrafterError("reading PDF letters needs the pypdf package (pip install pypdf)") from None
    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.ERROR)         # pypdf logs every repair of a damaged file
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DrafterError(f"{path}: the PDF is password-protected; save an unprotected copy")
        if len(reader.pages) > limits.PDF_PAGES:
            raise DrafterError(f"{path}: the PDF has {len(reader.pages):,} pages (at most {limits.PDF_PAGES:,})")
        pages, total = [], 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            total += len(pages[-1])
            if total > limits.LETTER_CHARS:
                raise DrafterError(f"{path}: the PDF has more than {limits.LETTER_CHARS:,} characters "
                                   "of text; no real letter is that long")
    except DrafterError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as e:
        raise DrafterError(f"{path}: this PDF could not be read ({type(e).__name__}: {_short(e)})") from None
    except Exception as e:  # noqa: BLE001 - pypdf raises assorted errors on damaged files
        if type(e).__name__ == "DependencyError":
            raise DrafterError(f"{path}: the PDF is encrypted (AES) and cannot be read here; "
                               "save an unprotected copy (Print to PDF) and review that") from None
        raise DrafterError(f"{path}: this PDF could not be read ({type(e).__name__})") from None
    finally:
        quiet.setLevel(level)
    if not "".join(pages).strip():
        raise DrafterError(f"{path}: the PDF has no text layer (it is a scanned image); run OCR on it "
                           "first (for example `ocrmypdf in.pdf out.pdf`) or give the letter as .docx or .txt")
    return make_paragraphs(reflow(_strip_page_furniture(pages))), False


def _short(e: Exception, limit: int = 200) -> str:
    text = " ".join(str(e).split())
    return text if len(text) <= limit else text[:limit] + "…"


def _binary(data: bytes) -> bool:
    """NUL bytes (outside UTF-16) or mostly control characters: not a text letter."""
    import codecs

    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in data:
        return True
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(8, len(sample) // 100)


def _strip_page_furniture(pages: list[str]) -> str:
    """Join PDF pages, dropping page numbers and header/footer lines repeated on most pages."""
    split = [[ln for ln in page.replace("\r", "\n").split("\n")] for page in pages]
    repeated: set[str] = set()
    if len(split) >= 3:
        counts: dict[str, int] = {}
        for lines in split:
            edge = {ln.strip() for ln in lines[:2] + lines[-2:] if ln.strip()}
            for ln in edge:
                key = re.sub(r"\d+", "#", ln)
                counts[key] = counts.get(key, 0) + 1
        repeated = {k for k, n in counts.items() if n >= max(3, len(split) * 2 // 3)}
    out = []
    for lines in split:
        for i, ln in enumerate(lines):
            edge = i < 2 or i >= len(lines) - 2
            if _PAGE_LINE.match(ln) or (edge and re.sub(r"\d+", "#", ln.strip()) in repeated):
                continue
            out.append(ln)
    return "\n".join(out)


def reflow(text: str) -> list[str]:
    """Plain text -> paragraphs (see the module docstring)."""
    text = text.replace("\f", "\n\n").replace("\u00ad\n", "")
    lines = [ln.rstrip() for ln in text.split("\n") if not _PAGE_LINE.match(ln)]
    body = [ln.strip() for ln in lines if ln.strip()]
    if not body:
        return []
    lengths = sorted(len(ln) for ln in body)
    width = lengths[int(len(lengths) * 0.9) - (1 if len(lengths) >= 10 else 0)] if len(lengths) > 1 else lengths[0]
    wrapped = width <= 110 and len(body) >= 3
    vocab = _vocabulary(text)
    paragraphs: list[str] = []
    current: list[str] = []
    prev = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            _flush(current, paragraphs)
            current, prev = [], ""
            continue
        if current and not (wrapped and _continues(prev, raw, width)):
            _flush(current, paragraphs)
            current = []
        current.append(line)
        prev = line
    _flush(current, paragraphs)
    return _rejoin_breaks([_join(p, vocab) for p in paragraphs])


def _rejoin_breaks(paragraphs: list[str]) -> list[str]:
    """Rejoin a sentence split by a page break: a paragraph without closing punctuation followed
    by one that starts in lower case."""
    out: list[str] = []
    for p in paragraphs:
        if out and re.search(r"[A-Za-z,]$", out[-1]) and re.match(r"[a-z]", p) and len(out[-1]) > 60:
            out[-1] = f"{out[-1]} {p}"
        else:
            out.append(p)
    return out


def _continues(prev: str, raw: str, width: int) -> bool:
    """Does the line ``raw`` continue the paragraph whose last line is ``prev``?"""
    line = raw.strip()
    if is_label_only(prev):
        return True
    if starts_item(line) and not (line.startswith("(") and _CITE_END.search(prev)):
        return False
    short = len(prev) < 0.6 * width
    if short and (_END_PUNCT.search(prev) or prev.isupper() or line[:1].isupper() or line[:1] in "(\"'"):
        return False
    if _END_PUNCT.search(prev) and len(raw) - len(raw.lstrip()) >= 3:
        return False          # an indented first line after a finished sentence
    if prev.isupper() and len(prev) <= 60 and not line.isupper():
        return False          # a heading in capitals
    return True


def _flush(current: list[str], paragraphs: list[list[str]]) -> None:
    if current:
        paragraphs.append(list(current))


def _vocabulary(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def _join(lines: list[str], vocab: set[str]) -> str:
    """Join wrapped lines with single spaces, rejoining words hyphenated at the line end."""
    out = ""
    for line in lines:
        line = re.sub(r"[ \t]+", " ", line.strip())
        if not out:
            out = line
            continue
        m = re.search(r"([A-Za-z]+(?:-[A-Za-z]+)*)-$", out)
        n = re.match(r"([a-z\ufb00-\ufb06]+)", line)
        if m and n:
            head, tail = m.group(1), n.group(1)
            last = head.rsplit("-", 1)[-1]
            joined = f"{last}{tail}".lower()
            compound = f"{head}-{tail}".lower()
            keep = joined not in vocab and (
                "-" in head or last.lower() in _HYPHEN_KEEP or line[len(tail):len(tail) + 1] == "-"
                or any(w == compound or w.startswith(compound + "-") for w in vocab))
            out = out + line if keep else out[:-1] + line
        else:
            out = f"{out} {line}"
    return out
