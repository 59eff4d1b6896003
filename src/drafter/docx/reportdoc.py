"""Plain Word documents written paragraph by paragraph: the review report and the round's report.

The reports say what to write (headings, paragraphs, a bold lead-in, bullets, a table); this
module is how it is written with python-docx, and ``package.save`` makes the bytes repeatable.
"""

from __future__ import annotations

import datetime as dt

from . import package


class ReportDocument:
    """A new Word document with a header line (the draft mark), built top to bottom."""

    def __init__(self, header: str):
        from docx import Document
        from docx.shared import Inches, Pt

        self.doc = Document()
        section = self.doc.sections[0]
        # the mark runs to three lines: a small type, and room above the body so it never touches it
        section.header_distance, section.top_margin = Inches(0.4), Inches(1.25)
        mark = section.header.paragraphs[0]
        mark.text = header
        mark.paragraph_format.space_after = Pt(6)
        for run in mark.runs:
            run.font.size = Pt(8)

    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(text, level=level)

    def paragraph(self, text: str = "", *, style: str | None = None) -> None:
        self.doc.add_paragraph(text, style=style)

    def quote(self, text: str) -> None:
        """An indented, italic quotation (the letter's own words)."""
        from docx.shared import Pt

        q = self.doc.add_paragraph(text)
        q.paragraph_format.left_indent = Pt(24)
        for r in q.runs:
            r.italic = True

    def labelled(self, label: str, *texts: str, style: str | None = None) -> None:
        """A paragraph that starts with a bold ``label`` ("Risk: ", "Clause: ") and goes on in
        plain text."""
        p = self.doc.add_paragraph(style=style)
        p.add_run(label).bold = True
        for text in texts:
            p.add_run(text)

    def bullet(self, text: str, level: int = 1) -> None:
        self.doc.add_paragraph(text, style="List Bullet" if level == 1 else f"List Bullet {level}")

    def table(self, headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, head in zip(table.rows[0].cells, headers, strict=True):
            cell.text = head
        for row in rows:
            for cell, value in zip(table.add_row().cells, row, strict=True):
                cell.text = value

    def save(self, draft_date: dt.date, properties: dict) -> bytes:
        return package.save(self.doc, draft_date, properties)
