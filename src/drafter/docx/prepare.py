"""Word templates prepared once per process: read, checked, patched by docxtpl and compiled.

Per template (see ``TemplateCache``): the package is read within limits and its outside links
cut; docxtpl's preprocessing of the XML (``patch_xml``) and the Jinja compile of the body,
headers, footers and footnotes run with drafter's one environment (sandboxed, StrictUndefined,
autoescape); the parts that never change are compressed once, ready to be copied into every
output.

Both steps are also kept between runs in the user's cache folder (``usercache``: never the
output folder): the prepared parts keyed on the template file's contents and the code that
prepares them, the compiled code through Jinja's bytecode cache (``environment.compile_cached``)
keyed on the part's XML, the Jinja and Python versions, the environment's settings, docxtpl's
preprocessing code and this module's own. Anything else (an edited or a firm's own template, an
upgrade) is prepared and compiled again, and a cache folder that cannot be used means doing so
in every run. Nothing generated is committed to the repository.

docxtpl is driven through ``Docxtpl`` below, which calls methods docxtpl does not document (its
version is pinned in pyproject.toml; tests/test_docxtpl_equivalence.py checks drafter's output
against ``DocxTemplate.render``). It is imported only when a template has to be patched or a
rendered document needs one of docxtpl's fix-ups, since importing it loads all of python-docx.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from lxml import etree

from ..environment import compile_cached, docx_env
from ..errors import TemplateProblem
from ..resources import data_dir
from . import scrub
from .ooxml import RT_FOOTER, RT_FOOTNOTES, RT_HEADER, XML_DECL, w
from .package import Entry, entry, read_zip

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"   # drawings
# A tab, line break, paragraph or page break character in a run's text: what docxtpl's
# resolve_listing turns into Word's own elements (it changes nothing else).
_LISTING = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\n\t\a\f]")

# docxtpl lets a template write a literal "{{" as "{_{". The escape is resolved in the template
# source, before rendering, into noncharacters that matter text can never hold (they are refused
# in matters) and turned back after rendering: a fact that says "{_{ x }_}" reaches the page as
# exactly that.
_LITERALS = {"\ufdd4": "{{", "\ufdd5": "}}", "\ufdd6": "{%", "\ufdd7": "%}"}
_ESCAPES = {"{_{": "\ufdd4", "}_}": "\ufdd5", "{_%": "\ufdd6", "%_}": "\ufdd7"}


class Docxtpl:
    """docxtpl's XML preprocessing and post-processing, without its document I/O."""

    def __init__(self) -> None:
        self._tpl: Any = None

    @property
    def tpl(self) -> Any:
        if self._tpl is None:
            from docxtpl import DocxTemplate

            self._tpl = DocxTemplate.__new__(DocxTemplate)
            self._tpl.docx_ids_index = 1000
        return self._tpl

    def patch(self, xml: str) -> str:
        return self.tpl.patch_xml(xml)

    def post(self, xml: str) -> str:
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        for sentinel, literal in _LITERALS.items():   # the template's own {_{ ... }_}, never a fact's
            xml = xml.replace(sentinel, literal)
        return self.tpl.resolve_listing(xml) if _LISTING.search(xml) else xml

    def fix_body(self, xml: str) -> Any:
        """The body as a tree, after docxtpl's table and drawing-id fix-ups. Where the check
        below finds nothing they would change, the tree is parsed here the way docxtpl parses
        it, and docxtpl is not needed."""
        tree = etree.fromstring(xml, etree.XMLParser(recover=True))
        if _tables_need_fixing(tree):
            tree = self.tpl.fix_tables(xml)
        if next(tree.iter(f"{{{WP_NS}}}docPr"), None) is not None:
            self.tpl.docx_ids_index = 1000
            self.tpl.fix_docpr_ids(tree)
        return tree


def _tables_need_fixing(tree: Any) -> bool:
    """Whether docxtpl's ``fix_tables`` would change a table: a row with more cells than the
    grid has columns, or a grid wider than its widest row (cells counted with their spans)."""
    for table in tree.iter(w("tbl")):
        grid = table.find(w("tblGrid"))
        if grid is None:
            return True
        columns = len(grid.findall(w("gridCol")))
        widest = 0
        for row in table.iter(w("tr")):
            cells = row.findall(w("tc"))
            if len(cells) > columns:
                return True
            width = 0
            for cell in cells:
                span = cell.find(f"{w('tcPr')}/{w('gridSpan')}")
                value = "1" if span is None else span.get(w("val"), "")
                if not value.isdigit():
                    return True
                width += int(value)
            widest = max(widest, width)
        if widest < columns:
            return True
    return False


def _prepare(source: str) -> str:
    for escape_, sentinel in _ESCAPES.items():
        source = source.replace(escape_, sentinel)
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", source)


# --- compiling, with the cache between runs ---------------------------------------------------

@functools.lru_cache(maxsize=1)
def _preparation() -> str:
    """A digest of the code that turns a part's XML into a template source: docxtpl's
    preprocessing and this module's own ('' when docxtpl's code cannot be read)."""
    import hashlib
    import importlib.util

    try:
        spec = importlib.util.find_spec("docxtpl")
        if spec is None or not spec.origin:
            return ""
        digest = hashlib.sha256(Path(spec.origin).with_name("template.py").read_bytes())
        digest.update(Path(__file__).read_bytes())
    except (OSError, ImportError, ValueError):
        return ""
    return digest.hexdigest()


def compile_part(path: Path, part: str, source: str, helper: Docxtpl | None = None) -> Any:
    """The compiled template of one part's XML: its code from the cache between runs when it
    was compiled from this exact XML by the same code (``environment.compile_cached``),
    otherwise patched by docxtpl and compiled."""
    def patched(xml: str) -> str:
        return _prepare((helper or Docxtpl()).patch(xml))

    preparation = _preparation()
    try:
        if not preparation:     # docxtpl's code unknown: nothing is kept between runs
            return docx_env().from_string(patched(source))
        return compile_cached(docx_env(), source, f"{preparation}|{path.resolve()}!{part}", patched)
    except TemplateError as e:
        raise TemplateProblem(f"{path.name}: template syntax error: {e}") from None


# --- templates, prepared once ------------------------------------------------------------------

@dataclass
class PreparedTemplate:
    """One Word template, patched and compiled, its unchanging parts already compressed."""

    path: Path
    static: dict[str, Entry]
    clean_static: dict[str, Entry]
    raw: dict[str, bytes]
    doc_prefix: bytes
    doc_suffix: bytes
    body: Any
    parts: dict[str, Any] = field(default_factory=dict)   # header/footer/footnotes -> template
    clean_removed: dict[str, set] = field(default_factory=dict)  # part -> relationship ids cut

    @classmethod
    def load(cls, path: Path) -> PreparedTemplate:
        from .. import limits, usercache
        from ..errors import DrafterError
        from ..files import read_capped

        try:   # a regular file of bounded size
            blob = read_capped(path, limits.TEMPLATE_BYTES, "Word template")
        except DrafterError as e:
            raise TemplateProblem(str(e)) from None
        # What the steps below make from these exact bytes is kept in the user's cache folder
        # (the template's parts, checked, cut of outside links and compressed); a template
        # read before with the same contents, by the same code, skips them.
        import hashlib

        try:
            key = (hashlib.sha256(blob).hexdigest(), usercache.code_fingerprint(
                "docx.prepare", "docx.scrub", "docx.package", "docx.ooxml", "limits"))
        except OSError:
            key = None
        slot = f"prepared {path.resolve()}"
        stored = usercache.load("prepared", slot, key) if key else None
        if not isinstance(stored, _Parts):
            stored = _read_parts(path, blob)
            if key:
                usercache.store("prepared", slot, key, stored)
        helper = Docxtpl()
        templates = {name: compile_part(path, name, src, helper) for name, src in stored.sources.items()}
        return cls(path, stored.static, stored.clean_static, stored.raw, stored.doc_prefix,
                   stored.doc_suffix, templates.pop("word/document.xml"), templates,
                   stored.clean_removed)


@dataclass
class _Parts:
    """A template's package as drafter uses it, before compiling (what is kept between runs)."""

    raw: dict[str, bytes]
    sources: dict[str, str]                 # templated part -> its XML (the body alone for the document)
    doc_prefix: bytes
    doc_suffix: bytes
    static: dict[str, Entry]
    clean_static: dict[str, Entry]
    clean_removed: dict[str, set]


def _read_parts(path: Path, blob: bytes) -> _Parts:
    from .. import limits
    from ..errors import DrafterError

    try:   # parts that inflate within bounds, XML within limits
        raw = read_zip(blob, str(path))
        for name, part in raw.items():
            if name.endswith((".xml", ".rels")):
                limits.check_xml(part, f"{path}: {name}")
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
    body = root.find(w("body"))
    if body is None:
        raise TemplateProblem(f"{path}: not a Word document (word/document.xml has no body)")
    body_src = etree.tostring(body, encoding="unicode")
    marker = etree.SubElement(root, "drafter-body")
    root.replace(body, marker)
    whole = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
    prefix, _, suffix = whole.partition(b"<drafter-body/>")
    sources = {"word/document.xml": body_src}
    for target in related(raw, (RT_HEADER, RT_FOOTER, RT_FOOTNOTES)):
        xml = raw[target].decode("utf-8")
        if "{" in xml:
            sources[target] = xml
    templated = set(sources)
    static = {n: entry(n, b) for n, b in raw.items() if n not in templated and n != "docProps/core.xml"}
    clean, removed = scrub.clean_parts(raw, templated | {"docProps/core.xml"})
    return _Parts(raw, sources, XML_DECL + prefix, suffix, static,
                  {n: entry(n, b) for n, b in clean.items()}, removed)


def related(raw: dict[str, bytes], types: tuple[str, ...]) -> list[str]:
    """The package's parts that the document's relationships of these types point to."""
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
            self._items = {k: v for k, v in self._items.items() if k[0] != key[0]}  # the old version
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
