"""Plain-text and PDF letters: their text re-flowed into paragraphs.

Hard-wrapped lines are joined into paragraphs, a word hyphenated at a line end is rejoined, and
a paragraph ends at a blank line, a short line, or a line that starts a new numbered item ("1.",
"(1)", "2)", "(a)", "¶ 3", "Paragraph 3", "FIRST,": the grammar is ``labels.py``). A PDF's page
numbers and the header and footer lines repeated on most pages are dropped.
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

from .. import limits
from ..errors import DrafterError
from ..labels import is_label_only, starts_item
from ..model.yamlfile import decode

_CITE_END = re.compile(r"(?:\d|§|U\.S\.C\.|\([A-Za-z0-9]{1,4}\)|Rule|Section|§§)\s*$")
_PAGE_LINE = re.compile(r"^\s*(?:-\s*\d{1,3}\s*-|(?:Page|PAGE)\s+\d{1,3}(?:\s+of\s+\d{1,3})?|\d{1,3}|"
                        r"Case\s+\d+:\d{2}-\w{2,3}-\d+\S*\s+(?:\S+\s+){0,3}Document\s+\d+.*)\s*$")
END_PUNCT = re.compile(r"[.:;!?]['\")\]]?\s*$")
_HYPHEN_KEEP = {"self", "non", "cross", "quasi"}
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def read_txt(path: Path, data: bytes) -> list[str]:
    """A plain-text letter's paragraphs (re-flowed)."""
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
    return reflow(text)


def read_pdf(path: Path, data: bytes) -> list[str]:
    """A PDF letter's paragraphs from its text layer (re-flowed, without page furniture)."""
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
    return reflow(_strip_page_furniture(pages))


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
            at_edge = i < 2 or i >= len(lines) - 2
            if _PAGE_LINE.match(ln) or (at_edge and re.sub(r"\d+", "#", ln.strip()) in repeated):
                continue
            out.append(ln)
    return "\n".join(out)


_PAGE_WORD = re.compile(r"^\s*(?:Page|PAGE)\s+\d{1,3}(?:\s+of\s+\d{1,3})?\s*$")
_RULE = re.compile(r"^\s*[_\-=]{10,}\s*$")
_HEADER_LINE = re.compile(r"^\s*(?:Re:|RE:|[A-Z][a-z]+\s+\d{1,2},\s+\d{4}\s*$)")


def _continuation_headers(lines: list[str]) -> set[int]:
    """The lines of the header a letter repeats at the top of each later page ("______ / Calvin B.
    Henshaw, Esquire / Re: Jamal Pettigrew / October 27, 2026 / Page 2"): a rule, or a blank line,
    then at most four short lines ending in "Page N". They are no paragraph of the letter, and read
    as one they look like a signature block."""
    drop: set[int] = set()
    for k, line in enumerate(lines):
        if not _PAGE_WORD.match(line):
            continue
        block = []
        i = k - 1
        while i >= 0 and k - i <= 5 and lines[i].strip() and not _RULE.match(lines[i]) and len(lines[i].strip()) <= 80:
            block.append(i)
            i -= 1
        if not block:
            continue
        ruled = i >= 0 and _RULE.match(lines[i])
        if ruled or (i < 0 or not lines[i].strip()) and any(_HEADER_LINE.match(lines[j]) for j in block):
            drop.update(block)
            if ruled:
                drop.add(i)
    return drop


def reflow(text: str) -> list[str]:
    """Plain text -> paragraphs (see the module docstring)."""
    text = text.replace("\f", "\n\n").replace("\u00ad\n", "")
    raw_lines = text.split("\n")
    headers = _continuation_headers(raw_lines)
    lines = [ln.rstrip() for i, ln in enumerate(raw_lines) if i not in headers and not _PAGE_LINE.match(ln)]
    body = [ln.strip() for ln in lines if ln.strip()]
    if not body:
        return []
    lengths = sorted(len(ln) for ln in body)
    width = lengths[int(len(lengths) * 0.9) - (1 if len(lengths) >= 10 else 0)] if len(lengths) > 1 else lengths[0]
    wrapped = width <= 110 and len(body) >= 3
    vocab = _vocabulary(text)
    paragraphs: list[list[str]] = []      # each paragraph's lines
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


# round 12: a paragraph that ends in a quotation's elision mark after a word, not after a sentence's full stop ("for
# the purpose of determining an appropriate sentence [...]"), runs on into a next paragraph that starts in lower case
_ELIDED = re.compile(r"[A-Za-z,]\s*\[(?:\.\s?){3}\]$|[A-Za-z,]\s*\[\u2026\]$")


def _rejoin_breaks(paragraphs: list[str]) -> list[str]:
    """Rejoin a sentence split by a page break: a paragraph without closing punctuation followed
    by one that starts in lower case (round 11: however short, where it ends in a comma, as a two-line
    quotation broken after "full," does: no paragraph ends in a comma)."""
    out: list[str] = []
    for p in paragraphs:
        if out and re.match(r"[a-z]", p) and _ELIDED.search(out[-1]):
            out[-1] = f"{out[-1]} {p}"          # round 12: a quotation's words elided mid-sentence ("sentence [...]")
        elif out and re.search(r"[A-Za-z,]$", out[-1]) and re.match(r"[a-z]", p) and (len(out[-1]) > 60
                                                                                      or out[-1].endswith(",")):
            out[-1] = f"{out[-1]} {p}"
        else:
            out.append(p)
    return out


_MONTH_END = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
                        r"December|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)$")


def _continues(prev: str, raw: str, width: int) -> bool:
    """Does the line ``raw`` continue the paragraph whose last line is ``prev``?"""
    line = raw.strip()
    if is_label_only(prev):
        return True
    if _MONTH_END.search(prev) and re.match(r"\d{1,2}\b", line):
        return True           # a date broken at the line's end ("on March" / "10. The ..."): no paragraph "10."
    if starts_item(line) and not (line.startswith("(") and _CITE_END.search(prev)):
        return False
    short = len(prev) < 0.6 * width
    if short and (END_PUNCT.search(prev) or prev.isupper() or line[:1].isupper() or line[:1] in "(\"'"):
        return False
    if END_PUNCT.search(prev) and len(raw) - len(raw.lstrip()) >= 3:
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
