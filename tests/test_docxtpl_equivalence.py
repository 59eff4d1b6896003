"""drafter renders its Word templates through docxtpl's undocumented methods (``patch_xml``,
``fix_tables``, ``fix_docpr_ids``, ``resolve_listing``), prepared once and cached, and skips the
fix-ups that would change nothing. Its output must be what docxtpl's own ``DocxTemplate.render``
gives for the same template, context and environment: the body, and every header and footer,
for every bundled template and every example matter. docxtpl is pinned in pyproject.toml to the
versions this test has passed on."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from docxtpl import DocxTemplate
from lxml import etree

from conftest import REPO
from drafter.docx import render
from drafter.docx.ooxml import RT_FOOTER, RT_HEADER
from drafter.docx.prepare import Docxtpl, _tables_need_fixing, related
from drafter.environment import docx_env
from drafter.law.documents import DOCUMENTS

DATE = dt.date(2026, 11, 27)
MATTERS = sorted(p.stem for p in (REPO / "matters").glob("*.yaml"))


def canonical(xml: bytes | str) -> bytes:
    """The XML in canonical form (namespace declarations and attribute order normalised)."""
    if isinstance(xml, str):
        xml = xml.encode("utf-8")
    return etree.tostring(etree.fromstring(xml), method="c14n2")


def docxtpl_render(path, context) -> dict[str, bytes]:
    """docxtpl's own rendering: the body and each header/footer part, canonical."""
    tpl = DocxTemplate(str(path))
    tpl.render(context, jinja_env=docx_env(), autoescape=True)
    out = {"word/document.xml": canonical(etree.tostring(tpl.docx.element.body))}
    for rel in tpl.docx.part.rels.values():
        if rel.reltype in (RT_HEADER, RT_FOOTER):
            out[str(rel.target_part.partname).lstrip("/")] = canonical(rel.target_part.blob)
    return out


def drafter_render(path, context) -> dict[str, bytes]:
    rendered = render.render_document(path, context, render.TemplateCache())
    out = {"word/document.xml": canonical(etree.tostring(rendered.body))}
    raw = rendered.template.raw
    for name in related(raw, (RT_HEADER, RT_FOOTER)):
        out[name] = canonical(rendered.parts.get(name, raw[name]))
    return out


@pytest.fixture(scope="module")
def plans():
    from drafter.law.plan import plan_for_path

    return {m: plan_for_path(REPO / "matters" / f"{m}.yaml") for m in MATTERS}


@pytest.mark.parametrize("document", sorted(DOCUMENTS))
def test_drafter_renders_what_docxtpl_renders(document, plans):
    from drafter.draft.packet import document_context

    path = render.template_path(document)
    for matter, plan in plans.items():
        context = document_context(plan, document, DATE, {})
        ours, theirs = drafter_render(path, context), docxtpl_render(path, context)
        assert ours.keys() == theirs.keys(), (matter, document)
        for part in ours:
            assert ours[part] == theirs[part], f"{matter} {document}: {part} differs from docxtpl's"


def test_the_sample_contexts_render_the_same_way():
    """The hand-made contexts of tools/sample_context.py reach branches the examples miss."""
    from test_sample_context import load_tool

    tool = load_tool()
    for kind in ("full", "against", "sparse"):
        for document in tool.DOCUMENTS:
            path = render.template_path(document)
            context = tool.sample_context(document, kind)
            assert drafter_render(path, context) == docxtpl_render(path, context), (kind, document)


def _docxtpl_fixed(xml: str) -> bytes:
    tpl = DocxTemplate.__new__(DocxTemplate)
    tpl.docx_ids_index = 1000
    tree = tpl.fix_tables(xml)
    tpl.fix_docpr_ids(tree)
    return etree.tostring(tree)


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
WP = 'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'


def _table(grid: int, rows: list[list[int]]) -> str:
    cols = "".join(f'<w:gridCol w:w="{1000 * (i + 1)}"/>' for i in range(grid))
    body = "".join("<w:tr>" + "".join(
        "<w:tc>" + (f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span != 1 else "")
        + "<w:p/></w:tc>" for span in row) + "</w:tr>" for row in rows)
    return f"<w:tbl><w:tblGrid>{cols}</w:tblGrid>{body}</w:tbl>"


@pytest.mark.parametrize("grid,rows", [
    (2, [[1, 1], [1, 1]]),          # nothing to fix
    (2, [[1, 1, 1]]),               # a row with more cells than columns
    (3, [[1, 1], [1]]),             # a grid wider than every row
    (3, [[2, 1], [1, 1]]),          # spans fill the grid
    (2, [[2], [1, 1]]),
])
def test_the_fixups_are_docxtpls_whether_or_not_they_are_needed(grid, rows):
    """Where drafter's check says a fix-up would change nothing it skips docxtpl; the tree is
    then exactly what docxtpl's fix-ups would have given, and otherwise docxtpl does them."""
    xml = f"<w:body {W} {WP}>{_table(grid, rows)}<w:p><wp:docPr id=\"7\"/></w:p></w:body>"
    tree = Docxtpl().fix_body(xml)
    assert etree.tostring(tree) == _docxtpl_fixed(xml)
    plain = f"<w:body {W}>{_table(grid, rows)}</w:body>"
    assert etree.tostring(Docxtpl().fix_body(plain)) == _docxtpl_fixed(plain)
    needs = _tables_need_fixing(etree.fromstring(plain))
    assert needs == (etree.tostring(etree.fromstring(plain)) != _docxtpl_fixed(plain))


def test_listing_characters_are_resolved_by_docxtpl():
    tpl = DocxTemplate.__new__(DocxTemplate)
    xml = f'<w:p {W}><w:r><w:t>a\tb\nc</w:t></w:r></w:p>'
    assert Docxtpl().post(xml) == tpl.resolve_listing(xml)
    plain = f'<w:p {W}><w:r><w:t>ab</w:t></w:r></w:p>'
    assert Docxtpl().post(plain) == tpl.resolve_listing(plain) == plain
    part = f'<?xml version="1.0"?>\n<w:hdr {W}><w:p><w:r><w:t xml:space="preserve">a\tb</w:t></w:r></w:p></w:hdr>'
    assert Docxtpl().post(part) == tpl.resolve_listing(part) != part
    part = part.replace("a\tb", "ab")               # a newline outside any text: nothing to do
    assert Docxtpl().post(part) == tpl.resolve_listing(part) == part


def test_a_packet_does_not_import_docxtpl_when_the_compiled_templates_are_cached(tmp_path):
    """With the compiled templates in the cache folder, a packet of the bundled templates needs
    none of docxtpl's fix-ups, so neither docxtpl nor python-docx is imported (nor a calendar
    library for deadlines.ics)."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, DRAFTER_CACHE_DIR=str(tmp_path / "cache"))
    code = ("import sys; from drafter.cli import main\n"
            "try:\n    main(['packet', sys.argv[1], '-o', sys.argv[2], '--draft-date', '2026-11-27'])\n"
            "except SystemExit as e:\n    assert not e.code, e.code\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('docxtpl', 'docx', 'icalendar')))")
    args = [sys.executable, "-c", code, str(REPO / "matters" / "demo.yaml")]
    first = subprocess.run(args + [str(tmp_path / "a")], env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "docxtpl" in first.stdout                  # compiled now: docxtpl patched the XML
    second = subprocess.run(args + [str(tmp_path / "b")], env=env, capture_output=True, text=True)
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip().splitlines()[-1] == "[]", second.stdout
    assert zipfile.ZipFile(io.BytesIO((tmp_path / "b" / "checklist.docx").read_bytes())).testzip() is None
    assert (tmp_path / "b" / "deadlines.ics").read_bytes() == (tmp_path / "a" / "deadlines.ics").read_bytes()
