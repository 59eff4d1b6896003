"""Word rendering: docxtpl templates compiled once per process, then marked up for review.

A template is read, patched by docxtpl and compiled by drafter's one Jinja environment
(sandboxed, StrictUndefined, autoescape) once per process; every later render reuses the
compiled parts. After rendering, drafter's marker characters become Word formatting:
``[GAP]`` highlights for missing facts, and (on review copies) Word comments on each clause.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document as open_docx
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import TemplateError
from jinja2.sandbox import SecurityError
from lxml import etree

from .environment import ANCHOR_CLOSE, ANCHOR_OPEN, GAP_CLOSE, GAP_OPEN, docx_env
from .errors import TemplateProblem
from .resources import data_dir

_TAG_LEFT = re.compile(r"\{[{%#]|[}%#]\}")
_LISTING = re.compile(r"[\n\t\a\f]")


class _CompiledTemplate(DocxTemplate):
    """A DocxTemplate whose patched XML and compiled Jinja parts are kept between renders."""

    def __init__(self, path: Path):
        self.path = path
        self.blob = path.read_bytes()
        super().__init__(io.BytesIO(self.blob))
        self._compiled: dict[str, Any] = {}
        self._patched_body: str | None = None

    # docxtpl reloads the package from template_file for every render: give it fresh bytes.
    def init_docx(self, reload: bool = True):
        if not self.docx or (self.is_rendered and reload):
            self.template_file = io.BytesIO(self.blob)
            self.docx = open_docx(self.template_file)
            self.is_rendered = False

    def build_xml(self, context, jinja_env=None):
        if self._patched_body is None:
            self._patched_body = self.patch_xml(self.get_xml())
        return self.render_xml_part(self._patched_body, self.docx._part, context, jinja_env)

    def _compile(self, src_xml: str):
        template = self._compiled.get(src_xml)
        if template is None:
            prepared = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
            try:
                template = docx_env().from_string(prepared)
            except TemplateError as e:
                raise TemplateProblem(f"{self.path.name}: template syntax error: {e}") from None
            self._compiled[src_xml] = template
        return template

    def warm(self) -> None:
        """Patch and compile the body, headers and footers now, before any render."""
        self.init_docx()
        if self._patched_body is None:
            self._patched_body = self.patch_xml(self.get_xml())
        self._compile(self._patched_body)
        for uri in (self.HEADER_URI, self.FOOTER_URI):
            for _, part in self.get_headers_footers(uri):
                self._compile(self.patch_xml(self.get_part_xml(part)))

    def render_xml_part(self, src_xml, part, context, jinja_env=None):
        template = self._compile(src_xml)
        self.current_rendering_part = part
        try:
            dst_xml = template.render(context)
        except SecurityError as e:
            raise TemplateProblem(f"{self.path.name}: refused by the template sandbox: {e}") from None
        except TemplateError as e:
            raise TemplateProblem(f"{self.path.name}: {type(e).__name__}: {e}") from None
        dst_xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", dst_xml)
        dst_xml = (dst_xml.replace("{_{", "{{").replace("}_}", "}}")
                   .replace("{_%", "{%").replace("%_}", "%}"))
        # docxtpl turns \n, \t, \a, \f inside text into Word breaks; skip the costly pass
        # when the rendered part holds none of them.
        return self.resolve_listing(dst_xml) if _LISTING.search(dst_xml) else dst_xml

    def render_properties(self, context, jinja_env=None) -> None:
        """Core properties are set by drafter itself (and scrubbed), never templated."""


class TemplateCache:
    """Compiled templates by name, per process; a changed file on disk is recompiled."""

    def __init__(self) -> None:
        self._items: dict[tuple, _CompiledTemplate] = {}

    def get(self, path: Path) -> _CompiledTemplate:
        st = path.stat()
        key = (str(path), st.st_mtime_ns, st.st_size)
        t = self._items.get(key)
        if t is None:
            t = _CompiledTemplate(path)
            self._items[key] = t
        return t


CACHE = TemplateCache()


def template_path(name: str, house_dir: Path | None = None) -> Path:
    if house_dir is not None:
        p = house_dir / f"{name}.docx"
        if p.is_file():
            return p
    p = data_dir("templates") / f"{name}.docx"
    if not p.is_file():
        raise TemplateProblem(f"no Word template for the document {name!r} ({p})")
    return p


@dataclass
class Comment:
    text: str
    author: str
    initials: str


def render_document(path: Path, context: dict, cache: TemplateCache | None = None):
    """Render one template with drafter's environment; returns the python-docx Document
    (still holding drafter's markers). Finish it before rendering the same template again."""
    tpl = (cache or CACHE).get(path)
    tpl.render(context, jinja_env=docx_env(), autoescape=True)
    return tpl.docx


# --- post-processing: markers into Word formatting ------------------------------------------

_W_T = qn("w:t")
_W_R = qn("w:r")
_MARK = re.compile(f"({GAP_OPEN}[^{GAP_CLOSE}]*{GAP_CLOSE}|{ANCHOR_OPEN}[^{ANCHOR_CLOSE}]*{ANCHOR_CLOSE})")


def _text_elements(doc) -> list:
    parts = [doc.element.body]
    for s in doc.sections:
        for hf in (s.header, s.footer, s.first_page_header, s.first_page_footer):
            if not hf.is_linked_to_previous:
                parts.append(hf._element)
    out = []
    for part in parts:
        out += [t for t in part.iter(_W_T) if t.text and _MARK.search(t.text)]
    return out


def _split_run(t_elem) -> list[tuple[Any, str | None, str | None]]:
    """Split the run holding ``t_elem`` at the markers. Returns (run, gap_label, anchor_key)."""
    run = t_elem.getparent()
    pieces = [p for p in _MARK.split(t_elem.text) if p]
    created = []
    parent = run.getparent()
    index = parent.index(run)
    for piece in pieces:
        new = copy.deepcopy(run)
        for child in list(new):
            if child.tag != qn("w:rPr"):
                new.remove(child)
        t = etree.SubElement(new, _W_T)
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        gap_label = anchor = None
        if piece.startswith(GAP_OPEN):
            gap_label = piece[1:-1]
            t.text = f"[{gap_label}]"
            rpr = new.find(qn("w:rPr"))
            if rpr is None:
                rpr = etree.SubElement(new, qn("w:rPr"))
                new.remove(rpr)
                new.insert(0, rpr)
            hl = etree.SubElement(rpr, qn("w:highlight"))
            hl.set(qn("w:val"), "yellow")
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


def finish(doc, *, comments: dict[str, Comment] | None, draft_date: dt.date,
           clean_properties: dict | None, properties: dict) -> tuple[bytes | None, bytes, list[str]]:
    """Turn markers into Word formatting and save the copies of one rendered document.

    Gaps become highlighted ``[LABEL]`` runs; anchors vanish. With ``clean_properties`` a clean
    copy (no comments, scrubbed properties) is saved first; then the comments are attached to
    the clause titles and the review (or internal) copy is saved. Returns
    ``(clean bytes or None, review bytes, gap labels in document order)``.
    """
    gaps: list[str] = []
    anchored: list[tuple[Any, str]] = []
    for t in _text_elements(doc):
        if t.getparent() is None or t.getparent().tag != _W_R:
            continue
        for run_elem, gap_label, anchor in _split_run(t):
            if gap_label is not None:
                gaps.append(gap_label)
            if anchor is not None:
                anchored.append((run_elem, anchor))
    targets = []
    for run_elem, key in anchored:
        target = run_elem.getnext()
        while target is not None and target.tag != _W_R:
            target = target.getnext()
        targets.append((target, key))
        run_elem.getparent().remove(run_elem)
    stamp = dt.datetime.combine(draft_date, dt.time(9, 0), tzinfo=dt.timezone.utc)
    clean = None
    if clean_properties is not None:
        _set_properties(doc, clean_properties, stamp)
        clean = save_docx(doc, draft_date)
    if comments:
        from docx.text.run import Run

        for target, key in targets:
            c = comments.get(key)
            if c is None or target is None:
                continue
            com = doc.add_comment(Run(target, None), text="", author=c.author, initials=c.initials)
            com._comment_elm.date = stamp
            _comment_text(com, c.text)
    _set_properties(doc, properties, stamp)
    return clean, save_docx(doc, draft_date), gaps


def _comment_text(comment, text: str) -> None:
    """Fill a comment, one paragraph per line (python-docx's text setter is slow)."""
    for i, line in enumerate(text.split("\n")):
        para = comment.paragraphs[0] if i == 0 else comment.add_paragraph()
        r = etree.SubElement(para._p, _W_R)
        t = etree.SubElement(r, _W_T)
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = line


def _set_properties(doc, props: dict, stamp: dt.datetime) -> None:
    cp = doc.core_properties
    naive = stamp.replace(tzinfo=None)
    cp.author = props.get("author", "")
    cp.last_modified_by = props.get("last_modified_by", "")
    cp.title = props.get("title", "")
    cp.subject = props.get("subject", "")
    cp.comments = props.get("comments", "")
    cp.keywords = props.get("keywords", "")
    cp.category = props.get("category", "")
    cp.identifier = ""
    cp.language = "en-US"
    cp.content_status = props.get("content_status", "Draft")
    cp.revision = 1
    cp.created = naive
    cp.modified = naive
    cp.last_printed = naive


class _Collector:
    """Receives the package's parts from python-docx's PackageWriter instead of a zip file."""

    def __init__(self) -> None:
        self.items: list[tuple[str, bytes]] = []

    def write(self, pack_uri, blob: bytes) -> None:
        self.items.append((pack_uri.membername, blob))


def save_docx(doc, draft_date: dt.date) -> bytes:
    """Save a python-docx Document as repeatable bytes (fixed entry times and order)."""
    from docx.opc.pkgwriter import PackageWriter

    package = doc.part.package
    for part in package.parts:
        part.before_marshal()
    c = _Collector()
    PackageWriter._write_content_types_stream(c, package.parts)
    PackageWriter._write_pkg_rels(c, package.rels)
    PackageWriter._write_parts(c, package.parts)
    return write_zip(c.items, draft_date)


def write_zip(items: list[tuple[str, bytes]], draft_date: dt.date) -> bytes:
    """Zip ``items`` with ``[Content_Types].xml`` first, the rest sorted, fixed times."""
    first = [i for i in items if i[0] == "[Content_Types].xml"]
    rest = sorted(i for i in items if i[0] != "[Content_Types].xml")
    out = io.BytesIO()
    stamp = (max(draft_date.year, 1980), draft_date.month, draft_date.day, 0, 0, 0)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in first + rest:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            z.writestr(info, data, compresslevel=6)
    return out.getvalue()


def normalize_zip(blob: bytes, draft_date: dt.date) -> bytes:
    """Rewrite any .docx as repeatable bytes (for files not saved through save_docx)."""
    src = zipfile.ZipFile(io.BytesIO(blob))
    return write_zip([(n, src.read(n)) for n in src.namelist()], draft_date)


def leftover_tags(blob: bytes, facts: list[str] = ()) -> list[str]:
    """Template tags left in a document's text (a rendering defect). Text that the matter's
    facts put there literally (a name such as ``{{ 7*7 }}``) is not a leftover."""
    import html

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
