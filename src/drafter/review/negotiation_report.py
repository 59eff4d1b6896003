"""The report of one negotiation round, in words (.md and .docx): which of our asks the Office
took, what is still open to propose for those it refused, and every change it made."""

from __future__ import annotations

import io

STATUS_WORDS = {"accepted": "accepted (the reply keeps our wording)",
                "rejected": "rejected (the reply keeps the Office's original wording)",
                "modified": "modified (the reply has wording of its own)"}
EXCERPT = 240


def _short(text: str, n: int = EXCERPT) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def summary_lines(r) -> list[str]:
    """The round in a few sentences (also printed by the command)."""
    c = r.comparison
    n = c.counts
    lines = [f"{c.old.name} -> {c.new.name}: {n['replace']} paragraphs changed, {n['insert']} added, "
             f"{n['delete']} removed" + (f" ({n['moved']} of them moved)" if n["moved"] else "") + "."]
    if not r.asks_recorded:
        lines.append(f"{c.old.name} carries no record of drafter's asks (it is not a counter-draft drafter "
                     "wrote, or it was saved in a form that drops the record): only the changes are listed.")
    elif r.outcomes:
        t = r.tally()
        lines.append(f"Of our {len(r.outcomes)} asks the reply accepted {t['accepted']}, rejected "
                     f"{t['rejected']} and modified {t['modified']}.")
    return lines


def _fallback_text(o) -> list[str]:
    if not o.fallbacks:
        return ["no other variant of this clause is left in the library: decide whether to press the ask "
                "or trade it for another"]
    return [f"{f['variant']} ({f['title']}, risk {f['risk']}): {_short(f['ask'], 400)}" for f in o.fallbacks]


def report_markdown(r) -> str:
    esc = lambda s: str(s).replace("|", "\\|").replace("\n", " ")  # noqa: E731
    c = r.comparison
    out = [f"# Comparison of {c.old.name} and {c.new.name}", "",
           f"*{r.mark}* · {r.date.isoformat()}" + (f" · {r.legend}" if r.legend else ""), ""]
    if r.matter_id:
        out += [f"**Matter:** {r.matter_id}", ""]
    out += summary_lines(r) + [""]
    if r.outcomes:
        out += ["## Our asks", "", "| Clause | Asked for | Status | ¶ |", "|---|---|---|---|"]
        for o in r.outcomes:
            out.append(f"| {esc(o.ask.title or o.ask.type)} (`{o.ask.type}`) | {esc(o.ask.variant)} | "
                       f"{o.status} | {o.paragraph if o.paragraph is not None else ''} |")
        out.append("")
        for status in ("rejected", "modified", "accepted"):
            group = [o for o in r.outcomes if o.status == status]
            if not group:
                continue
            out += [f"### {status.capitalize()}", ""]
            for o in group:
                where = f" (¶ {o.reply_paragraph} of the reply)" if o.reply_paragraph else ""
                out.append(f"- **{esc(o.ask.title or o.ask.type)}**: {STATUS_WORDS[status]}{where}.")
                if status != "accepted":
                    lead = "Still available to propose: " if o.fallbacks else ""
                    out.append("  - " + lead + "; ".join(esc(x) for x in _fallback_text(o)))
            out.append("")
    out += ["## Changes", ""]
    changes = c.changes()
    if not changes:
        out.append("None: the two versions have the same text.")
    for ch in changes:
        moved = " (moved)" if ch.get("moved") else ""
        if ch["kind"] == "replace":
            out.append(f"- ¶ {ch['paragraph']} changed: “{esc(_short(ch['old']))}” → “{esc(_short(ch['new']))}”")
        elif ch["kind"] == "insert":
            out.append(f"- ¶ {ch['paragraph']} added{moved}: “{esc(_short(ch['new']))}”")
        else:
            out.append(f"- ¶ {ch['paragraph']} of {esc(c.old.name)} removed{moved}: “{esc(_short(ch['old']))}”")
    return "\n".join(out) + "\n"


def report_docx(r) -> bytes:
    from docx import Document

    from ..docx.render import normalize_zip

    c = r.comparison
    doc = Document()
    header = doc.sections[0].header.paragraphs[0]
    header.text = (f"{r.legend}\n" if r.legend else "") + f"{r.mark} · {r.date.isoformat()}"
    doc.add_heading(f"Comparison of {c.old.name} and {c.new.name}", level=1)
    if r.matter_id:
        doc.add_paragraph(f"Matter {r.matter_id}")
    for line in summary_lines(r):
        doc.add_paragraph(line)
    if r.outcomes:
        doc.add_heading("Our asks", level=2)
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, head in zip(table.rows[0].cells, ("Clause", "Asked for", "Status", "¶")):
            cell.text = head
        for o in r.outcomes:
            row = table.add_row().cells
            row[0].text = o.ask.title or o.ask.type
            row[1].text = o.ask.variant
            row[2].text = o.status
            row[3].text = str(o.paragraph) if o.paragraph is not None else ""
        open_asks = [o for o in r.outcomes if o.status != "accepted"]
        if open_asks:
            doc.add_heading("What to try next", level=2)
        for o in open_asks:
            p = doc.add_paragraph(style="List Bullet")
            p.add_run(f"{o.ask.title or o.ask.type}: ").bold = True
            p.add_run(STATUS_WORDS[o.status] + ". " + ("Still available to propose:" if o.fallbacks else ""))
            for x in _fallback_text(o):
                doc.add_paragraph(x, style="List Bullet 2")
    doc.add_heading("Changes", level=2)
    changes = c.changes()
    if not changes:
        doc.add_paragraph("None: the two versions have the same text.")
    for ch in changes:
        p = doc.add_paragraph(style="List Bullet")
        label = {"replace": "changed", "insert": "added", "delete": f"of {c.old.name} removed"}[ch["kind"]]
        p.add_run(f"¶ {ch['paragraph']} {label}{' (moved)' if ch.get('moved') else ''}: ").bold = True
        if ch["kind"] == "replace":
            p.add_run(f"“{_short(ch['old'])}” → “{_short(ch['new'])}”")
        else:
            p.add_run(f"“{_short(ch['old'] or ch['new'])}”")
    cp = doc.core_properties
    import datetime as dt

    stamp = dt.datetime.combine(r.date, dt.time(9, 0))
    cp.title = f"Comparison of {c.old.name} and {c.new.name}"
    cp.author = cp.last_modified_by = "drafter"
    cp.category = "Privileged"
    cp.created = cp.modified = cp.last_printed = stamp
    cp.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return normalize_zip(buf.getvalue(), r.date)
