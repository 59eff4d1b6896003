"""Word rendering: each docxtpl template prepared once per process, then rendered per matter.

Per template (once per process, see ``TemplateCache``): docxtpl's preprocessing of the XML
(``patch_xml``) and the Jinja compile of the body, headers and footers, with drafter's one
environment (sandboxed, StrictUndefined, autoescape); the parts that never change are kept
compressed, ready to be copied into every output.

Per document: the compiled parts are rendered, docxtpl's post-processing runs on the result
(table fixes, drawing ids, line breaks), drafter's marker characters become Word formatting
(``[GAP]`` highlights for missing facts; Word comments on each clause in review copies), and
the package is zipped with fixed entry times and order, so equal inputs give equal bytes.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from lxml import etree

from . import scrub
from .comments import Comment, comment_parts as _comment_parts  # noqa: F401 - Comment: the drafts' type
from .package import Entry as _Entry, core_xml as _core_xml, entry as _entry, read_zip, zip_entries as _zip
from ..environment import ANCHOR_CLOSE, ANCHOR_OPEN, GAP_CLOSE, GAP_OPEN, docx_env, render_template
from ..errors import TemplateProblem
from ..resources import data_dir

from .ooxml import RT_FOOTER, RT_FOOTNOTES, RT_HEADER, XML_DECL, XML_SPACE as _XML_SPACE, w as _w


_W_T, _W_R, _W_P, _W_RPR = _w("t"), _w("r"), _w("p"), _w("rPr")
_TAG_LEFT = re.compile(r"\{[{%#]|[}%#]\}")
_LISTING = re.compile(r"[\n\t\a\f]")
_MARK = re.compile(
    f"({GAP_OPEN}[^{GAP_CLOSE}]*{GAP_CLOSE}|{ANCHOR_OPEN}[^{ANCHOR_CLOSE}]*{ANCHOR_CLOSE})")


# --- templates, prepared once --------------------------------------------------------------

class _Docxtpl:
    """Access to docxtpl's XML preprocessing and post-processing, without its document I/O."""

    def __init__(self) -> None:
        from docxtpl import DocxTemplate

        self.tpl = DocxTemplate.__new__(DocxTemplate)
        self.tpl.docx_ids_index = 1000

    def patch(self, xml: str) -> str:
        return self.tpl.patch_xml(xml)

    def post(self, xml: str) -> str:
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        for sentinel, literal in _LITERALS.items():   # the template's own {_{ ... }_}, never a fact's
            xml = xml.replace(sentinel, literal)
        return self.tpl.resolve_listing(xml) if _LISTING.search(xml) else xml

    def fix_body(self, xml: str):
        self.tpl.docx_ids_index = 1000
        tree = self.tpl.fix_tables(xml)
        self.tpl.fix_docpr_ids(tree)
        return tree


@dataclass
class PreparedTemplate:
    """One Word template, patched and compiled, its unchanging parts already compressed."""

    path: Path
    static: dict[str, _Entry]
    clean_static: dict[str, _Entry]
    raw: dict[str, bytes]
    doc_prefix: bytes
    doc_suffix: bytes
    body: Any
    parts: dict[str, Any] = field(default_factory=dict)   # header/footer/footnotes -> template
    clean_removed: dict[str, set] = field(default_factory=dict)  # part -> relationship ids cut

    @classmethod
    def load(cls, path: Path) -> "PreparedTemplate":
        from .. import limits
        from ..errors import DrafterError
        from ..files import read_capped

        try:   # a regular file of bounded size, whose parts inflate within bounds
            raw = read_zip(read_capped(path, limits.TEMPLATE_BYTES, "Word template"), str(path))
            for name, blob in raw.items():
                if name.endswith((".xml", ".rels")):
                    limits.check_xml(blob, f"{path}: {name}")
        except DrafterError as e:
            raise TemplateProblem(str(e)) from None
        if "word/document.xml" not in raw:
            raise TemplateProblem(f"{path}: not a Word document (no word/document.xml)")
        try:
            raw = scrub.strip_external(raw)     # nothing fetched when a copy is opened
            root = etree.fromstring(raw["word/document.xml"], _PARSER)
        except etree.XMLSyntaxError as e:
            raise TemplateProblem(f"{path}: not a readable Word (.docx) file: {e}") from None
        scrub.drop_comment_anchors(root)    # the template's own comments: drafter writes its own
        body = root.find(_w("body"))
        body_src = etree.tostring(body, encoding="unicode")
        marker = etree.SubElement(root, "drafter-body")
        root.replace(body, marker)
        whole = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
        prefix, _, suffix = whole.partition(b"<drafter-body/>")
        sources = {"word/document.xml": body_src}
        for target in _related(raw, (RT_HEADER, RT_FOOTER, RT_FOOTNOTES)):
            xml = raw[target].decode("utf-8")
            if "{" in xml:
                sources[target] = xml
        compiled = _load_precompiled(path, sources)
        templates = {name: compiled.get(name) or _compile(path, _Docxtpl().patch(src))
                     for name, src in sources.items()}
        self = cls(path, {}, {}, raw, XML_DECL + prefix, suffix, templates.pop("word/document.xml"), templates)
        templated = set(sources)
        self.static = {n: _entry(n, b) for n, b in raw.items()
                       if n not in templated and n != "docProps/core.xml"}
        clean, self.clean_removed = scrub.clean_parts(raw, templated | {"docProps/core.xml"})
        self.clean_static = {n: _entry(n, b) for n, b in clean.items()}
        return self


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


# docxtpl lets a template write a literal "{{" as "{_{". The escape is resolved in the template
# source, before rendering, into noncharacters that matter text can never hold (they are refused
# in matters) and turned back after rendering: a fact that says "{_{ x }_}" reaches the page as
# exactly that.
_LITERALS = {"\ufdd4": "{{", "\ufdd5": "}}", "\ufdd6": "{%", "\ufdd7": "%}"}
_ESCAPES = {"{_{": "\ufdd4", "}_}": "\ufdd5", "{_%": "\ufdd6", "%_}": "\ufdd7"}


def _prepare(source: str) -> str:
    for escape_, sentinel in _ESCAPES.items():
        source = source.replace(escape_, sentinel)
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", source)


def _compile(path: Path, source: str):
    prepared = _prepare(source)
    try:
        return docx_env().from_string(prepared)
    except TemplateError as e:
        raise TemplateProblem(f"{path.name}: template syntax error: {e}") from None


# --- precompiled bundled templates ---------------------------------------------------------
# `make templates` stores, next to each bundled template, the Python that Jinja generates for
# its parts (templates/compiled/NAME.json), keyed by a hash of each part's XML and by the Jinja
# version and environment. A matching entry skips docxtpl's patching and Jinja's compile at
# start-up; anything else (a changed template, a firm's own template, another Jinja) is
# patched and compiled as usual.

def _fingerprint() -> str:
    import jinja2

    env = docx_env()
    return f"jinja2 {jinja2.__version__}; {type(env).__name__}; autoescape={env.autoescape}"


def _digest(xml: str) -> str:
    import hashlib

    return hashlib.sha256(xml.encode("utf-8")).hexdigest()


def precompile(path: Path) -> dict:
    """The precompiled form of a template's parts (what ``make templates`` stores)."""
    raw = zipfile.ZipFile(path)
    sources = {"word/document.xml": etree.tostring(
        etree.fromstring(raw.read("word/document.xml")).find(_w("body")), encoding="unicode")}
    blobs = {n: raw.read(n) for n in raw.namelist()}
    for target in _related(blobs, (RT_HEADER, RT_FOOTER, RT_FOOTNOTES)):
        xml = blobs[target].decode("utf-8")
        if "{" in xml:
            sources[target] = xml
    helper = _Docxtpl()
    parts = {}
    for name, src in sources.items():
        prepared = _prepare(helper.patch(src))
        parts[name] = {"sha256": _digest(src), "python": docx_env().compile(prepared, raw=True)}
    return {"fingerprint": _fingerprint(), "parts": parts}


def compiled_path(path: Path) -> Path:
    return path.parent / "compiled" / f"{path.stem}.json"


def _load_precompiled(path: Path, sources: dict[str, str]) -> dict:
    """Templates for the parts whose precompiled form matches exactly; {} otherwise."""
    import json

    if path.parent != data_dir("templates"):
        return {}
    try:
        data = json.loads(compiled_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if data.get("fingerprint") != _fingerprint():
        return {}
    env = docx_env()
    out = {}
    for name, src in sources.items():
        entry = data.get("parts", {}).get(name)
        if entry and entry.get("sha256") == _digest(src):
            code = compile(entry["python"], f"<template {path.name}:{name}>", "exec")
            out[name] = env.template_class.from_code(env, code, env.make_globals(None), None)
    return out


def _related(raw: dict[str, bytes], types: tuple[str, ...]) -> list[str]:
    rels = raw.get("word/_rels/document.xml.rels")
    if not rels:
        return []
    out = []
    for rel in etree.fromstring(rels):
        if rel.get("Type") in types and rel.get("TargetMode") != "External":
            target = rel.get("Target", "").lstrip("/")
            name = target if target.startswith("word/") else f"word/{target}"
            if name in raw:
                out.append(name)
    return sorted(out)


class TemplateCache:
    """Prepared templates by file, per process; a file changed on disk is prepared again."""

    def __init__(self) -> None:
        self._items: dict[tuple, PreparedTemplate] = {}

    def get(self, path: Path) -> PreparedTemplate:
        st = path.stat()
        key = (str(path), st.st_mtime_ns, st.st_size)
        t = self._items.get(key)
        if t is None:
            t = PreparedTemplate.load(path)
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


# --- rendering -------------------------------------------------------------------------

@dataclass
class Rendered:
    """A rendered document: its body tree and templated parts, still holding markers."""

    template: PreparedTemplate
    body: Any
    parts: dict[str, bytes]


def _run(template, context: dict, name: str) -> str:
    return render_template(template, context, name)


def render_document(path: Path, context: dict, cache: TemplateCache | None = None) -> Rendered:
    """Render one template with drafter's environment (markers still in the text)."""
    t = (cache or CACHE).get(path)
    helper = _Docxtpl()
    body = helper.fix_body(helper.post(_run(t.body, context, path.name)))
    parts = {}
    for name, tpl in t.parts.items():
        parts[name] = helper.post(_run(tpl, context, path.name)).encode("utf-8")
    return Rendered(t, body, parts)


def _split_run(t_elem) -> list[tuple[Any, str | None, str | None]]:
    """Split the run holding ``t_elem`` at the markers. Returns (run, gap label, anchor key)."""
    import copy

    run = t_elem.getparent()
    parent = run.getparent()
    index = parent.index(run)
    created = []
    for piece in (p for p in _MARK.split(t_elem.text) if p):
        new = copy.deepcopy(run)
        for child in list(new):
            if child.tag != _W_RPR:
                new.remove(child)
        t = etree.SubElement(new, _W_T)
        t.set(_XML_SPACE, "preserve")
        gap_label = anchor = None
        if piece.startswith(GAP_OPEN):
            gap_label = piece[1:-1]
            t.text = f"[{gap_label}]"
            rpr = new.find(_W_RPR)
            if rpr is None:
                rpr = etree.Element(_W_RPR)
                new.insert(0, rpr)
            etree.SubElement(rpr, _w("highlight")).set(_w("val"), "yellow")
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


def _markers(tree, gaps: list[str]) -> list[tuple[Any, str]]:
    """Highlight gaps in ``tree``; remove anchors, returning (run after anchor, key) pairs."""
    anchored = []
    for t in [t for t in tree.iter(_W_T) if t.text and _MARK.search(t.text)]:
        if t.getparent() is None or t.getparent().tag != _W_R:
            continue
        for run, gap_label, anchor in _split_run(t):
            if gap_label is not None:
                gaps.append(gap_label)
            if anchor is not None:
                anchored.append((run, anchor))
    targets = []
    for run, key in anchored:
        target = run.getnext()
        while target is not None and target.tag != _W_R:
            target = target.getnext()
        targets.append((target, key))
        run.getparent().remove(run)
    return targets


def _anchor_comments(targets: list[tuple[Any, str]], comments: dict[str, Comment]
                     ) -> list[tuple[int, Comment]]:
    placed = []
    for target, key in targets:
        c = comments.get(key)
        if c is None or target is None:
            continue
        cid = len(placed)
        parent = target.getparent()
        i = parent.index(target)
        start = etree.Element(_w("commentRangeStart"))
        start.set(_w("id"), str(cid))
        end = etree.Element(_w("commentRangeEnd"))
        end.set(_w("id"), str(cid))
        ref_run = etree.Element(_W_R)
        etree.SubElement(ref_run, _w("commentReference")).set(_w("id"), str(cid))
        parent.insert(i, start)
        parent.insert(i + 2, end)
        parent.insert(i + 3, ref_run)
        placed.append((cid, c))
    return placed


def finish(rendered: Rendered, *, comments: dict[str, Comment] | None, draft_date: dt.date,
           clean_properties: dict | None, properties: dict) -> tuple[bytes | None, bytes, list[str]]:
    """Turn markers into Word formatting and zip the copies of one rendered document.

    Gaps become highlighted ``[LABEL]`` runs and anchors vanish. With ``clean_properties`` a
    clean copy (no comments, scrubbed properties) is made first; then the comments are attached
    to the clause titles for the review (or internal) copy. Returns
    ``(clean bytes or None, review bytes, gap labels in document order)``.
    """
    t = rendered.template
    gaps: list[str] = []
    targets = _markers(rendered.body, gaps)
    parts = dict(rendered.parts)
    for name, blob in list(parts.items()):
        if GAP_OPEN.encode() in blob or ANCHOR_OPEN.encode() in blob:
            tree = etree.fromstring(blob)
            _markers(tree, gaps)
            parts[name] = XML_DECL + etree.tostring(tree, encoding="UTF-8")
    stamp = dt.datetime.combine(draft_date, dt.time(9, 0), tzinfo=dt.timezone.utc)
    dynamic = [_entry(n, b) for n, b in parts.items()]

    def package(body, core_props: dict, extra: dict[str, bytes], clean: bool = False) -> bytes:
        doc = t.doc_prefix + etree.tostring(body, encoding="UTF-8") + t.doc_suffix
        entries = dict(t.clean_static if clean else t.static)
        for e in dynamic:
            entries[e.name] = e
        if clean:
            doc = scrub.clean_story(doc, t.clean_removed.get("word/document.xml", set()))
            for name, blob in parts.items():
                if scrub.kept_part(name):
                    entries[name] = _entry(name, scrub.clean_story(blob, t.clean_removed.get(name, set())))
                else:
                    entries.pop(name, None)
        for name, blob in {"word/document.xml": doc, "docProps/core.xml": _core_xml(core_props, stamp),
                           **extra}.items():
            entries[name] = _entry(name, blob)
        return _zip(list(entries.values()), draft_date)

    clean = package(rendered.body, clean_properties, {}, clean=True) if clean_properties is not None else None
    placed = _anchor_comments(targets, comments or {})
    extra = _comment_parts(t.raw, placed, stamp) if placed else {}
    return clean, package(rendered.body, properties, extra), gaps


def leftover_tags(blob: bytes, facts: list[str] = ()) -> list[str]:
    """Template tags left in a document's text (a rendering defect). Text that the matter's
    facts put there literally (a name such as ``{{ 7*7 }}``) is not a leftover."""
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
