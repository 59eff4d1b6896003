"""The report of one negotiation round, in words (.md and .docx): which of our asks the Office
took, what is still open to propose for those it refused, and every change it made."""

from __future__ import annotations

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
    def esc(s: object) -> str:
        """A value fit for one cell of a Markdown table."""
        return str(s).replace("|", "\\|").replace("\n", " ")

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
    from ..docx.reportdoc import ReportDocument

    c = r.comparison
    doc = ReportDocument((f"{r.legend}\n" if r.legend else "") + f"{r.mark} · {r.date.isoformat()}")
    doc.heading(f"Comparison of {c.old.name} and {c.new.name}", 1)
    if r.matter_id:
        doc.paragraph(f"Matter {r.matter_id}")
    for line in summary_lines(r):
        doc.paragraph(line)
    if r.outcomes:
        doc.heading("Our asks", 2)
        doc.table(("Clause", "Asked for", "Status", "¶"),
                  [(o.ask.title or o.ask.type, o.ask.variant, o.status,
                    str(o.paragraph) if o.paragraph is not None else "") for o in r.outcomes])
        open_asks = [o for o in r.outcomes if o.status != "accepted"]
        if open_asks:
            doc.heading("What to try next", 2)
        for o in open_asks:
            doc.labelled(f"{o.ask.title or o.ask.type}: ",
                         STATUS_WORDS[o.status] + ". " + ("Still available to propose:" if o.fallbacks else ""),
                         style="List Bullet")
            for x in _fallback_text(o):
                doc.bullet(x, level=2)
    doc.heading("Changes", 2)
    changes = c.changes()
    if not changes:
        doc.paragraph("None: the two versions have the same text.")
    for ch in changes:
        label = {"replace": "changed", "insert": "added", "delete": f"of {c.old.name} removed"}[ch["kind"]]
        text = (f"“{_short(ch['old'])}” → “{_short(ch['new'])}”" if ch["kind"] == "replace"
                else f"“{_short(ch['old'] or ch['new'])}”")
        doc.labelled(f"¶ {ch['paragraph']} {label}{' (moved)' if ch.get('moved') else ''}: ", text,
                     style="List Bullet")
    return doc.save(r.date, {"title": f"Comparison of {c.old.name} and {c.new.name}", "author": "drafter",
                             "last_modified_by": "drafter", "category": "Privileged"})
