#!/usr/bin/env python3
"""Build drafter's Word templates (docxtpl) from the readable sources in templates/src/.

Run from the repository root:  .venv/bin/python tools/build_templates.py

Each document's wording lives in templates/src/<document>.txt; this script only knows the house
style (styles, numbering, page set-up) and how to turn the source markup into OOXML. The output
is deterministic: the same sources always give the same bytes.

Source markup (one paragraph per line; templates/src/README.md has the full description)
  # comment                       ignored (only at the start of a line)
  @title Proffer Agreement        document property; @include _file.txt inserts another source
  [header] / [footer] / [body]    which part of the document the following lines go to
  code: text                      a paragraph in the style that CODES maps `code` to
  {%p ... %}  /  {%tr ... %}      docxtpl paragraph / table-row tags, alone on their line
  table: widths=1.0,2.5 [header]  a table until `endtable`; rows are `row: cell || cell`, a cell's
                                  paragraphs are separated by ` // ` and may start with `code: `
  box: Box Title                  a shaded, bordered one-cell box holding every line until `endbox`
Inline: **bold**, *italic*, \\t tab, \\n line break, ~ no-break space, [[PAGE]] and [[NUMPAGES]]
fields. Every {{ ... }} and {% ... %} tag becomes a run of its own, so docxtpl always sees it whole.
"""
from __future__ import annotations

import io
import re
import sys
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import jinja2
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches, Twips
from docx.table import _Cell
from docxtpl import DocxTemplate

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "templates" / "src"
OUT = ROOT / "templates"
DOCUMENTS = [
    "proffer-agreement", "cooperation-terms", "cover-letter", "rule-35b-request",
    "client-memo", "proffer-prep", "checklist",
]
FIXED_TIME = datetime(2026, 1, 1, tzinfo=UTC)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# --------------------------------------------------------------------------------------------
# House style. Sizes in half-points (w:sz), spacing and indents in twentieths of a point.
# --------------------------------------------------------------------------------------------
FONT = "Times New Roman"
AGREEMENT_NUM, LIST_NUM, BULLET_NUM, CHECK_NUM = 1, 2, 3, 4   # numIds (and abstractNumIds)
KEEP = "<w:keepNext/><w:keepLines/>"


def _style(sid, name, ppr="", rpr="", based="Normal", nxt=None, kind="paragraph", num=None,
           extra=""):
    return dict(id=sid, name=name, ppr=ppr, rpr=rpr, based=based, next=nxt, kind=kind,
                num=num, extra=extra)


BOX_BORDER = ('<w:top w:val="single" w:sz="8" w:space="0" w:color="7F7F7F"/>'
              '<w:left w:val="single" w:sz="8" w:space="0" w:color="7F7F7F"/>'
              '<w:bottom w:val="single" w:sz="8" w:space="0" w:color="7F7F7F"/>'
              '<w:right w:val="single" w:sz="8" w:space="0" w:color="7F7F7F"/>')
GRID_BORDER = ''.join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
                      for s in ("top", "left", "bottom", "right", "insideH", "insideV"))

STYLES = [
    _style("Normal", "Normal", based=None,
           ppr='<w:spacing w:after="200" w:line="240" w:lineRule="auto"/>'),
    _style("Title", "Title", nxt="Subtitle",
           ppr=KEEP + '<w:spacing w:before="120" w:after="60"/><w:jc w:val="center"/>',
           rpr='<w:b/><w:caps/><w:spacing w:val="20"/><w:sz w:val="28"/>'),
    _style("Subtitle", "Subtitle",
           ppr=KEEP + '<w:spacing w:after="240"/><w:jc w:val="center"/>', rpr="<w:i/>"),
    _style("Heading1", "heading 1", nxt="Normal",
           ppr=KEEP + '<w:spacing w:before="280" w:after="120"/><w:outlineLvl w:val="0"/>',
           rpr='<w:b/><w:smallCaps/><w:sz w:val="26"/>'),
    _style("Heading2", "heading 2", nxt="Normal",
           ppr=KEEP + '<w:spacing w:before="200" w:after="80"/><w:outlineLvl w:val="1"/>',
           rpr="<w:b/><w:i/>"),
    _style("CourtCaption", "Court Caption",
           ppr='<w:keepNext/><w:spacing w:after="0"/><w:jc w:val="center"/>',
           rpr="<w:b/><w:smallCaps/>"),
    _style("ReferenceLine", "Reference Line",
           ppr='<w:keepNext/><w:spacing w:before="120" w:after="240"/>'
               '<w:ind w:left="720" w:hanging="720"/>',
           rpr="<w:b/>"),
    _style("AgreementText", "Agreement Text", ppr='<w:jc w:val="both"/>'),
    _style("AgreementParagraph", "Agreement Paragraph", nxt="AgreementParagraph",
           num=(AGREEMENT_NUM, 0),
           ppr='<w:keepLines/><w:spacing w:after="200"/><w:ind w:left="720" w:hanging="720"/>'
               '<w:jc w:val="both"/>'),
    _style("AgreementSubparagraph", "Agreement Subparagraph", based="AgreementParagraph",
           nxt="AgreementSubparagraph", num=(AGREEMENT_NUM, 1),
           ppr='<w:spacing w:after="120"/><w:ind w:left="1440" w:hanging="720"/>'),
    _style("AgreementBodyText", "Agreement Body Text", nxt="AgreementBodyText",
           ppr='<w:spacing w:after="200"/><w:ind w:left="720"/><w:jc w:val="both"/>'),
    _style("BlockQuote", "Block Quote",
           ppr='<w:spacing w:after="200"/><w:ind w:left="1080" w:right="1080"/>'
               '<w:jc w:val="both"/>'),
    _style("ListNumber", "List Number", num=(LIST_NUM, 0),
           ppr='<w:spacing w:after="120"/><w:ind w:left="720" w:hanging="360"/>'),
    _style("ListBullet", "List Bullet", num=(BULLET_NUM, 0),
           ppr='<w:spacing w:after="120"/><w:ind w:left="720" w:hanging="360"/>'),
    _style("ListBullet2", "List Bullet 2", num=(BULLET_NUM, 1),
           ppr='<w:spacing w:after="80"/><w:ind w:left="1080" w:hanging="360"/>'),
    _style("CheckItem", "Check Item", num=(CHECK_NUM, 0),
           ppr='<w:spacing w:after="120"/><w:ind w:left="720" w:hanging="360"/>'),
    _style("LetterheadName", "Letterhead Name",
           ppr='<w:keepNext/><w:spacing w:after="40"/><w:jc w:val="center"/>',
           rpr='<w:b/><w:smallCaps/><w:spacing w:val="10"/><w:sz w:val="32"/>'),
    _style("LetterheadDetail", "Letterhead Detail",
           ppr='<w:spacing w:after="0"/><w:jc w:val="center"/>', rpr='<w:sz w:val="20"/>'),
    _style("LetterheadRule", "Letterhead Rule",
           ppr='<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="4" w:color="000000"/>'
               '</w:pBdr><w:spacing w:after="360"/><w:jc w:val="center"/>',
           rpr='<w:sz w:val="20"/>'),
    _style("LetterDate", "Letter Date", ppr='<w:spacing w:after="240"/>'),
    _style("DeliveryLine", "Delivery Line", ppr='<w:keepNext/><w:spacing w:after="120"/>',
           rpr="<w:b/>"),
    _style("InsideAddress", "Inside Address", ppr='<w:keepNext/><w:spacing w:after="0"/>'),
    _style("Salutation", "Salutation", ppr='<w:spacing w:before="240" w:after="200"/>'),
    _style("Closing", "Closing", ppr=KEEP + '<w:spacing w:before="240" w:after="0"/>'),
    _style("MemoField", "Memo Field",
           ppr='<w:keepNext/><w:tabs><w:tab w:val="left" w:pos="1800"/></w:tabs>'
               '<w:spacing w:after="80"/><w:ind w:left="1800" w:hanging="1800"/>'),
    _style("MemoRule", "Memo Rule",
           ppr='<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="1" w:color="000000"/>'
               '</w:pBdr><w:spacing w:after="240"/>', rpr='<w:sz w:val="8"/>'),
    _style("SignatureIntro", "Signature Intro",
           ppr=KEEP + '<w:spacing w:before="360" w:after="120"/>', rpr="<w:b/><w:caps/>"),
    _style("SignatureLine", "Signature Line",
           ppr=KEEP + '<w:tabs><w:tab w:val="left" w:leader="underscore" w:pos="4320"/>'
               '<w:tab w:val="left" w:pos="4680"/>'
               '<w:tab w:val="right" w:leader="underscore" w:pos="8640"/></w:tabs>'
               '<w:spacing w:before="480" w:after="0"/>'),
    _style("SignatureBlock", "Signature Block", ppr=KEEP + '<w:spacing w:after="0"/>'),
    _style("SignatureBlockLast", "Signature Block Last", based="SignatureBlock",
           ppr='<w:keepNext w:val="0"/><w:spacing w:after="240"/>'),
    _style("BoxTitle", "Box Title", ppr=KEEP + '<w:spacing w:before="60" w:after="80"/>',
           rpr='<w:b/><w:smallCaps/>'),
    _style("BoxText", "Box Text", ppr='<w:spacing w:after="80"/>', rpr='<w:sz w:val="22"/>'),
    _style("BoxBullet", "Box Bullet", based="BoxText", num=(BULLET_NUM, 0),
           ppr='<w:ind w:left="360" w:hanging="360"/>'),
    _style("TableText", "Table Text", ppr='<w:spacing w:before="20" w:after="60"/>',
           rpr='<w:sz w:val="20"/>'),
    _style("TableHeading", "Table Heading", based="TableText", ppr="<w:keepNext/>",
           rpr="<w:b/>"),
    _style("Header", "header", ppr='<w:tabs><w:tab w:val="right" w:pos="9360"/></w:tabs>'
           '<w:spacing w:after="0"/>', rpr='<w:sz w:val="18"/>'),
    _style("HeaderRule", "Header Rule", based="Header",
           ppr='<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="808080"/>'
               '</w:pBdr>'),
    _style("Legend", "Privilege Legend", based="Header",
           ppr='<w:spacing w:after="40"/><w:jc w:val="center"/>',
           rpr='<w:b/><w:caps/><w:sz w:val="16"/>'),
    _style("Footer", "footer",
           ppr='<w:pBdr><w:top w:val="single" w:sz="4" w:space="1" w:color="808080"/></w:pBdr>'
               '<w:tabs><w:tab w:val="right" w:pos="9360"/></w:tabs><w:spacing w:after="0"/>',
           rpr='<w:sz w:val="18"/>'),
    _style("TableSpacer", "Table Spacer", ppr='<w:spacing w:after="0"/>',
           rpr='<w:sz w:val="12"/>'),
    _style("TemplateTag", "Template Tag", ppr='<w:spacing w:after="0"/>',
           rpr='<w:color w:val="808080"/><w:sz w:val="16"/>'),
    _style("DefaultParagraphFont", "Default Paragraph Font", kind="character", based=None,
           extra="<w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/>"),
    _style("TableNormal", "Normal Table", kind="table", based=None,
           extra='<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
                 '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
                 '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
                 '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
                 '</w:tblCellMar></w:tblPr>'),
    _style("TableGrid", "Table Grid", kind="table", based="TableNormal",
           extra=f'<w:tblPr><w:tblBorders>{GRID_BORDER}</w:tblBorders></w:tblPr>'),
    _style("BoxTable", "Box Table", kind="table", based="TableNormal",
           extra=f'<w:tblPr><w:tblBorders>{BOX_BORDER}</w:tblBorders><w:tblCellMar>'
                 '<w:top w:w="100" w:type="dxa"/><w:left w:w="160" w:type="dxa"/>'
                 '<w:bottom w:w="60" w:type="dxa"/><w:right w:w="160" w:type="dxa"/>'
                 '</w:tblCellMar></w:tblPr>'),
    _style("NoList", "No List", kind="numbering", based=None,
           extra='<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'),
]

# Source markup code -> paragraph style id.
CODES = {
    "p": "Normal", "title": "Title", "subtitle": "Subtitle", "h1": "Heading1", "h2": "Heading2",
    "caption": "CourtCaption", "re": "ReferenceLine", "text": "AgreementText",
    "ap": "AgreementParagraph", "as": "AgreementSubparagraph", "ab": "AgreementBodyText",
    "quote": "BlockQuote", "num": "ListNumber", "bul": "ListBullet", "bul2": "ListBullet2",
    "check": "CheckItem", "lh": "LetterheadName", "lhd": "LetterheadDetail",
    "lhrule": "LetterheadRule", "date": "LetterDate", "via": "DeliveryLine",
    "addr": "InsideAddress", "salute": "Salutation", "close": "Closing", "field": "MemoField",
    "memorule": "MemoRule", "sigintro": "SignatureIntro", "sigline": "SignatureLine",
    "sig": "SignatureBlock", "siglast": "SignatureBlockLast", "boxtitle": "BoxTitle",
    "bt": "BoxText", "bb": "BoxBullet", "cell": "TableText", "th": "TableHeading",
    "hdr": "Header", "hdrrule": "HeaderRule", "legend": "Legend", "ftr": "Footer",
}
STYLE_BY_ID = {s["id"]: s for s in STYLES}


def _lvl(ilvl, fmt, text, left, hanging, pstyle=None, font=None):
    ps = f'<w:pStyle w:val="{pstyle}"/>' if pstyle else ""
    rpr = (f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}" w:hint="default"/>'
           '</w:rPr>' if font else "")
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{ps}'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr>{rpr}</w:lvl>')


ABSTRACT_NUMS = {
    AGREEMENT_NUM: ("4A2D1001", "multilevel", [
        _lvl(0, "decimal", "%1.", 720, 720, "AgreementParagraph"),
        _lvl(1, "lowerLetter", "(%2)", 1440, 720, "AgreementSubparagraph"),
        _lvl(2, "lowerRoman", "(%3)", 2160, 720)]),
    LIST_NUM: ("4A2D1002", "singleLevel", [_lvl(0, "decimal", "%1.", 720, 360, "ListNumber")]),
    BULLET_NUM: ("4A2D1003", "multilevel", [
        _lvl(0, "bullet", "\u2022", 720, 360, "ListBullet", FONT),
        _lvl(1, "bullet", "\u2013", 1080, 360, "ListBullet2", FONT)]),
    CHECK_NUM: ("4A2D1004", "singleLevel", [
        _lvl(0, "bullet", "\u2610", 720, 360, "CheckItem", "Segoe UI Symbol")]),
}

# --------------------------------------------------------------------------------------------
# Source parsing
# --------------------------------------------------------------------------------------------


class SourceError(Exception):
    pass


@dataclass
class Para:
    code: str
    text: str
    where: str


@dataclass
class Tag:          # a {%p %} / {%tr %} line
    text: str
    where: str


@dataclass
class Table:
    widths: list
    header: bool
    rows: list = field(default_factory=list)    # list of list[str] (cells) or Tag
    where: str = ""


@dataclass
class Box:
    title: str
    items: list = field(default_factory=list)
    where: str = ""


@dataclass
class Source:
    name: str
    meta: dict = field(default_factory=dict)
    parts: dict = field(default_factory=lambda: {"header": [], "footer": [], "body": []})


LINE_CODE = re.compile(r"^([a-z][a-z0-9]*):(?:\s(.*))?$")
BLOCK_TAG = re.compile(r"^\{%-?\s*(p|tr)\s.*%\}$")


def read_lines(path: Path, seen=()):
    """Yield (where, line) with @include expanded."""
    if path in seen:
        raise SourceError(f"{path.name}: circular @include")
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.rstrip()
        if line.startswith("@include "):
            yield from read_lines(path.parent / line.split(None, 1)[1].strip(), seen + (path,))
        else:
            yield f"{path.name}:{n}", line


def parse_source(name: str) -> Source:
    src = Source(name)
    part = "body"
    stack = []                     # open Table / Box objects
    for where, line in read_lines(SRC / f"{name}.txt"):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        target = stack[-1].items if stack and isinstance(stack[-1], Box) else src.parts[part]
        if stripped in ("[header]", "[footer]", "[body]"):
            if stack:
                raise SourceError(f"{where}: section change inside an open table or box")
            part = stripped[1:-1]
        elif stripped.startswith("@"):
            key, _, value = stripped[1:].partition(" ")
            src.meta[key] = value.strip()
        elif stack and isinstance(stack[-1], Table):
            table = stack[-1]
            if stripped == "endtable":
                stack.pop()
            elif BLOCK_TAG.match(stripped) and stripped.startswith("{%tr"):
                table.rows.append(Tag(stripped, where))
            elif stripped.startswith("row:"):
                table.rows.append([c.strip() for c in stripped[4:].split("||")])
                if len(table.rows[-1]) != len(table.widths):
                    raise SourceError(f"{where}: row has {len(table.rows[-1])} cells, "
                                      f"table has {len(table.widths)} columns")
            else:
                raise SourceError(f"{where}: inside a table expected row:, {{%tr %}} or endtable")
        elif stripped.startswith("table:"):
            m = re.match(r"table:\s+widths=([\d.,]+)(\s+header)?$", stripped)
            if not m:
                raise SourceError(f"{where}: table line must be 'table: widths=W,W,... [header]'")
            table = Table([float(w) for w in m.group(1).split(",")], bool(m.group(2)),
                          where=where)
            target.append(table)
            stack.append(table)
        elif stripped.startswith("box:"):
            box = Box(stripped[4:].strip(), where=where)
            target.append(box)
            stack.append(box)
        elif stripped == "endbox":
            if not stack or not isinstance(stack[-1], Box):
                raise SourceError(f"{where}: endbox without box:")
            stack.pop()
        elif BLOCK_TAG.match(stripped):
            target.append(Tag(stripped, where))
        else:
            m = LINE_CODE.match(stripped)
            if not m or m.group(1) not in CODES:
                raise SourceError(f"{where}: expected 'code: text' with a known code, got "
                                  f"{stripped[:40]!r}")
            target.append(Para(m.group(1), m.group(2) or "", where))
    if stack:
        raise SourceError(f"{name}: unclosed table or box opened at {stack[-1].where}")
    return src


# --------------------------------------------------------------------------------------------
# OOXML writing
# --------------------------------------------------------------------------------------------
INLINE = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\[\[(?:PAGE|NUMPAGES)\]\]|\*\*|\*)")
BAD_IN_TAG = re.compile(r"[&<>\u2018\u2019\u201c\u201d]")


def check_tag(tag: str, where: str):
    # docxtpl rewrites curly quotes and &lt;/&gt; inside tags; '&' would reach Jinja escaped.
    if BAD_IN_TAG.search(tag):
        raise SourceError(f"{where}: avoid & < > and curly quotes inside {tag!r}")
    if re.match(r"\{%-?\s*(p|tr|tc|r)\s", tag):
        raise SourceError(f"{where}: {tag!r} must stand alone on its own line")


# Citations stay on one line where they would otherwise break badly: "18 U.S.C. § 3553(e)".
NO_BREAK = [re.compile(r"\b\d+ (?=U\.S\.C\.|U\.S\.|F\.[23]d|F\. Supp\. 2d)"),
            re.compile(r"(?<=U\.S\.C\.) (?=§)|(?<=USSG) (?=§)"), re.compile(r"(?<=§) ")]
OPENING_CONTEXT = " \t\n\u00a0([{\u2014\u2013/"


def plain(text: str, prev: str) -> str:
    """Escapes to characters; straight quotes to typographic ones (prev: the character before)."""
    text = text.replace("\\t", "\t").replace("\\n", "\n").replace("~", "\u00a0")
    for pattern in NO_BREAK:
        text = pattern.sub(lambda m: m.group(0).replace(" ", "\u00a0"), text)
    out = []
    for ch in text:
        if ch in "'\"":
            opening = prev in OPENING_CONTEXT or prev in "\u201c\u2018"
            ch = {("'", True): "\u2018", ("'", False): "\u2019",
                  ('"', True): "\u201c", ('"', False): "\u201d"}[ch, opening]
        out.append(ch)
        prev = ch
    return "".join(out)


def add_runs(paragraph, text: str, where: str):
    bold = italic = False
    prev = " "
    for token in INLINE.split(text):
        if not token:
            continue
        if token == "**":
            bold = not bold
        elif token == "*":
            italic = not italic
        elif token in ("[[PAGE]]", "[[NUMPAGES]]"):
            instr = token.strip("[]")
            rpr = "<w:b/>" if bold else ""
            paragraph._p.append(parse_xml(
                f'<w:fldSimple {nsdecls("w")} w:instr=" {instr} \\* MERGEFORMAT ">'
                f'<w:r><w:rPr><w:noProof/>{rpr}</w:rPr><w:t>1</w:t></w:r></w:fldSimple>'))
        else:
            if token.startswith(("{{", "{%")):
                check_tag(token, where)
                if token.startswith("{{"):
                    prev = "x"           # a value stands where a word would
            else:
                token = plain(token, prev)
                prev = token[-1]
            run = paragraph.add_run(token)
            if bold:
                run.bold = True
            if italic:
                run.italic = True
    if bold or italic:
        raise SourceError(f"{where}: unclosed ** or * in {text[:50]!r}")


def set_num(paragraph, num_id: int, ilvl: int):
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = num_id


CELL_FILL = re.compile(r"\{%\s*cellbg\s+([^%]*)%\}")


class Writer:
    """Writes parsed items into a python-docx container, numbering lists as it goes."""

    def __init__(self, numbering):
        self.numbering = numbering      # list of (numId, abstractNumId) restarts
        self.list_open = False
        self.current_list = None

    def list_num(self):
        if not self.list_open:
            num_id = 10 + len(self.numbering)
            self.numbering.append((num_id, LIST_NUM))
            self.current_list = num_id
            self.list_open = True
        return self.current_list

    def para(self, container, code: str, text: str, where: str):
        p = container.add_paragraph()
        style = STYLE_BY_ID[CODES[code]]
        p._p.get_or_add_pPr().get_or_add_pStyle().val = style["id"]
        if code == "num":
            set_num(p, self.list_num(), 0)
        else:
            if style["num"]:
                set_num(p, style["num"][0], style["num"][1])
            self.list_open = False
        add_runs(p, text, where)
        return p

    def tag(self, container, text: str):
        p = container.add_paragraph()
        p._p.get_or_add_pPr().get_or_add_pStyle().val = "TemplateTag"
        p.add_run(text)

    def items(self, container, items):
        for item in items:
            if isinstance(item, Para):
                self.para(container, item.code, item.text, item.where)
            elif isinstance(item, Tag):
                check_tag_inner(item)
                self.tag(container, item.text)
            elif isinstance(item, Table):
                self.list_open = False
                self.table(container, item)
            elif isinstance(item, Box):
                self.list_open = False
                self.box(container, item)

    def table(self, container, spec: Table):
        ncols = len(spec.widths)
        table = new_table(container, 0, ncols, sum(spec.widths))
        style_table(table, "TableGrid", spec.widths)
        for r, row in enumerate(spec.rows):
            tr = table.add_row()
            cells = tr.cells
            for c, width in enumerate(spec.widths):
                cells[c].width = Inches(width)
            if isinstance(row, Tag):
                check_tag_inner(row)
                merged = cells[0].merge(cells[-1])
                merged.paragraphs[0]._p.get_or_add_pPr().get_or_add_pStyle().val = "TemplateTag"
                merged.paragraphs[0].add_run(row.text)
                continue
            header = spec.header and r == 0
            if header:
                tr._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
            tr._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
            for c, cell_text in enumerate(row):
                cell = cells[c]
                first = cell.paragraphs[0]
                m = CELL_FILL.match(cell_text)
                if m:        # {% cellbg EXPR %}: a shading whose fill colour Jinja computes
                    check_tag(m.group(0), spec.where)
                    if '"' in m.group(1):
                        raise SourceError(f"{spec.where}: use single quotes in cellbg")
                    shade(cell, "{{ " + m.group(1).strip() + " }}")
                    cell_text = cell_text[m.end():]
                for i, piece in enumerate(cell_text.split(" // ")):
                    piece = piece.strip()
                    if BLOCK_TAG.match(piece):
                        p = first if i == 0 else cell.add_paragraph()
                        p._p.get_or_add_pPr().get_or_add_pStyle().val = "TemplateTag"
                        check_tag_inner(Tag(piece, spec.where))
                        p.add_run(piece)
                        continue
                    m = LINE_CODE.match(piece)
                    code = m.group(1) if m and m.group(1) in CODES else ("th" if header
                                                                          else "cell")
                    text = (m.group(2) or "") if m and m.group(1) in CODES else piece
                    p = first if i == 0 else cell.add_paragraph()
                    p._p.get_or_add_pPr().get_or_add_pStyle().val = CODES[code]
                    if STYLE_BY_ID[CODES[code]]["num"]:
                        set_num(p, *STYLE_BY_ID[CODES[code]]["num"])
                    add_runs(p, text, spec.where)
                if header:
                    shade(cell, "D9D9D9")
        self.after_table(container)

    def box(self, container, spec: Box):
        table = new_table(container, 1, 1, 6.5)
        style_table(table, "BoxTable", [6.5])
        cell = table.rows[0].cells[0]
        cell.width = Inches(6.5)
        shade(cell, "F2F2F2")
        placeholder = cell.paragraphs[0]
        if spec.title:
            self.para(cell, "boxtitle", spec.title, spec.where)
        self.items(cell, spec.items)
        placeholder._p.getparent().remove(placeholder._p)
        self.list_open = False
        self.after_table(container)

    @staticmethod
    def after_table(container):
        # A small spacer so consecutive tables never merge and text does not touch the border.
        p = container.add_paragraph()
        p._p.get_or_add_pPr().get_or_add_pStyle().val = "TableSpacer"


def check_tag_inner(tag: Tag):
    body = tag.text
    if BAD_IN_TAG.search(body):
        raise SourceError(f"{tag.where}: avoid & < > and curly quotes inside {body!r}")
    if "}" in body[:-2] or "%" in body[2:-2]:
        # docxtpl's {%p %} / {%tr %} pattern stops at the first '}' or '%'
        raise SourceError(f"{tag.where}: no '}}' or '%' inside a block tag: {body!r}")


def new_table(container, rows: int, cols: int, width_in: float):
    if isinstance(container, DocxDocument):
        return container.add_table(rows, cols)
    if isinstance(container, _Cell):
        return container.add_table(rows, cols)
    return container.add_table(rows, cols, Inches(width_in))      # header / footer


def style_table(table, style_id: str, widths):
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    for child in list(tbl_pr):
        tbl_pr.remove(child)
    total = int(sum(widths) * 1440)
    tbl_pr.append(parse_xml(f'<w:tblStyle {nsdecls("w")} w:val="{style_id}"/>'))
    tbl_pr.append(parse_xml(f'<w:tblW {nsdecls("w")} w:w="{total}" w:type="dxa"/>'))
    tbl_pr.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
    tbl_pr.append(parse_xml(f'<w:tblLook {nsdecls("w")} w:val="0000" w:firstRow="0" '
                            'w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" '
                            'w:noVBand="1"/>'))
    grid = tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(int(width * 1440)))


def shade(cell, fill: str):
    tc_pr = cell._tc.get_or_add_tcPr()
    tc_pr.append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" '
                           f'w:fill="{fill}"/>'))


# --------------------------------------------------------------------------------------------
# Document-level parts: styles, numbering, settings, page set-up
# --------------------------------------------------------------------------------------------

def install_styles(doc):
    root = doc.styles.element
    for child in list(root):
        if child.tag in (qn("w:style"), qn("w:docDefaults")):
            root.remove(child)
    root.insert(0, parse_xml(
        f'<w:docDefaults {nsdecls("w")}><w:rPrDefault><w:rPr>'
        f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
        '<w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="en-US" w:eastAsia="en-US" '
        'w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>'
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
        '</w:docDefaults>'))
    for s in STYLES:
        attrs = f'w:type="{s["kind"]}" w:styleId="{s["id"]}"'
        if s["id"] in ("Normal", "DefaultParagraphFont", "TableNormal", "NoList"):
            attrs += ' w:default="1"'
        xml = f'<w:style {nsdecls("w")} {attrs}><w:name w:val="{s["name"]}"/>'
        if s["based"]:
            xml += f'<w:basedOn w:val="{s["based"]}"/>'
        if s["next"]:
            xml += f'<w:next w:val="{s["next"]}"/>'
        if s["kind"] == "paragraph":
            xml += '<w:qFormat/>'
        xml += s["extra"]
        if s["kind"] == "paragraph":
            num = (f'<w:numPr><w:ilvl w:val="{s["num"][1]}"/><w:numId w:val="{s["num"][0]}"/>'
                   '</w:numPr>') if s["num"] else ""
            ppr = s["ppr"]
            # numPr must follow keepNext/keepLines and precede spacing/ind/jc in a pPr
            m = re.match(r"((?:<w:keep(?:Next|Lines)[^>]*/>)*)(.*)", ppr, re.S)
            xml += f'<w:pPr>{m.group(1)}{num}{m.group(2)}</w:pPr>'
            if s["rpr"]:
                xml += f'<w:rPr>{s["rpr"]}</w:rPr>'
        xml += '</w:style>'
        root.append(parse_xml(xml))


def install_numbering(doc, restarts):
    root = doc.part.numbering_part.element
    for child in list(root):
        root.remove(child)
    for abs_id, (nsid, kind, levels) in ABSTRACT_NUMS.items():
        root.append(parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abs_id}"><w:nsid w:val="{nsid}"/>'
            f'<w:multiLevelType w:val="{kind}"/>{"".join(levels)}</w:abstractNum>'))
    for abs_id in ABSTRACT_NUMS:
        root.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{abs_id}">'
                              f'<w:abstractNumId w:val="{abs_id}"/></w:num>'))
    for num_id, abs_id in restarts:
        root.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abs_id}"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))


APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
           'extended-properties"><Application>drafter</Application><DocSecurity>0'
           '</DocSecurity><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>'
           '</Properties>')


def tidy_package(doc, title: str):
    settings = doc.settings.element
    for child in list(settings):
        if child.tag in (qn("w:rsids"), qn("w:proofState"), qn("w:attachedTemplate")):
            settings.remove(child)
    for cs in settings.iter(qn("w:compatSetting")):
        if cs.get(qn("w:name")) == "compatibilityMode":
            cs.set(qn("w:val"), "15")
    # Drop the default template's leftovers: stylesWithEffects, customXml, thumbnail.
    for r_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            del doc.part.rels[r_id]
    for r_id, rel in list(doc.part.package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del doc.part.package.rels[r_id]
    for part in doc.part.package.iter_parts():
        if part.partname == "/docProps/app.xml":
            part._blob = APP_XML.encode("utf-8")
    cp = doc.core_properties
    cp.title, cp.author, cp.last_modified_by = title, "drafter", "drafter"
    cp.subject, cp.keywords, cp.comments, cp.category = "", "drafter template", "", ""
    cp.created = cp.modified = FIXED_TIME.replace(tzinfo=None)
    cp.last_printed = FIXED_TIME.replace(tzinfo=None)
    cp.revision = 1


def page_setup(section):
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Twips(12240), Twips(15840)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))
    section.header_distance = section.footer_distance = Inches(0.5)
    section.different_first_page_header_footer = False


def fill_part(writer, part, items, what):
    part.is_linked_to_previous = False
    first = part.paragraphs[0]
    writer.items(part, items)
    if not items:
        raise SourceError(f"{what}: empty")
    first._p.getparent().remove(first._p)


# --------------------------------------------------------------------------------------------

def build(name: str) -> bytes:
    src = parse_source(name)
    doc = Document()
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    install_styles(doc)
    restarts = []
    writer = Writer(restarts)
    section = doc.sections[0]
    page_setup(section)
    fill_part(writer, section.header, src.parts["header"], f"{name} [header]")
    fill_part(writer, section.footer, src.parts["footer"], f"{name} [footer]")
    writer.items(doc, src.parts["body"])
    install_numbering(doc, restarts)
    tidy_package(doc, src.meta.get("title", name))
    raw = io.BytesIO()
    doc.save(raw)
    return normalise_zip(raw.getvalue())


def normalise_zip(data: bytes) -> bytes:
    """Same entries, fixed timestamps and order: identical sources give identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            zout.writestr(fixed, zin.read(info.filename))
    return out.getvalue()


def check_jinja(path: Path):
    """Parse every part the way docxtpl will (after its XML patching) to catch syntax errors."""
    tpl = DocxTemplate(str(path))
    tpl.init_docx()
    env = jinja2.Environment()
    parts = [("body", tpl.get_xml())]
    for rel in tpl.docx.part.rels.values():
        if rel.reltype.endswith(("/header", "/footer")):
            parts.append((rel.target_part.partname, rel.target_part.blob.decode("utf-8")))
    for label, xml in parts:
        patched = tpl.patch_xml(xml)
        try:
            env.parse(patched)
        except jinja2.TemplateSyntaxError as exc:
            line = patched.splitlines()[exc.lineno - 1] if exc.lineno else ""
            raise SourceError(f"{path.name} {label}: {exc.message}: "
                              f"{re.sub(r'<[^>]+>', '', line)[:200]}") from None


def main(argv):
    names = argv[1:] or DOCUMENTS
    for name in names:
        if name not in DOCUMENTS:
            raise SystemExit(f"unknown document {name!r}; known: {', '.join(DOCUMENTS)}")
    try:
        for name in names:
            target = OUT / f"{name}.docx"
            data = build(name)
            tmp = target.with_suffix(".docx.tmp")
            tmp.write_bytes(data)
            check_jinja(tmp)
            tmp.replace(target)
            print(f"wrote {target.relative_to(ROOT)}")
    except SourceError as exc:
        raise SystemExit(f"build_templates: {exc}") from None


if __name__ == "__main__":
    main(sys.argv)
