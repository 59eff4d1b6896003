"""The review report for the attorney (.md and .docx): one block per clause, in words.

Each clause found is a short block: where it is, the Office's words, the risk in words, our
ask and why, and whether the counter-draft makes the change (a ``must`` ask) or leaves it for
negotiation (a ``trade`` ask). No machine ids, variant names or rule expressions reach this
text; the JSON (``--json``) carries those.
"""

from __future__ import annotations

import datetime as dt
import re

from .redline import missing_ask
from .review import Review

RISK_WORDS = {"high": "High risk", "medium": "Moderate risk", "low": "Low risk", "none": "No risk"}


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _esc(s: object) -> str:
    """Text from a letter or the library as inert Markdown: no image, link, HTML or table break
    survives (every Markdown character escaped, ``&`` and line breaks neutralised)."""
    return " ".join(_MD_SPECIAL.sub(r"\\\1", str(s).replace("&", "&amp;")).split())


md_text = _esc


def _tiers(review: Review) -> dict[str, str]:
    return {a.type: a.tier for a in getattr(review, "asks", [])}


def blocks(review: Review) -> list[dict]:
    """The report's content, one dict per clause found and per gap (shared by .md and .docx)."""
    lib, tiers = review.library, _tiers(review)
    out = []
    for f in review.found:
        e = review.entry(f)
        t = lib.types[f.type]
        tier = tiers.get(f.type)
        if e["acceptable"]:
            status = "Acceptable as written."
        elif tier == "must":
            status = "Changed in the counter-draft."
        elif tier == "trade":
            status = "Left as written in the counter-draft; a point to trade in negotiation."
        elif e["risk"] in ("low", "none"):
            status = "Left as written: the risk is low."
        else:
            status = "Left as written: not a change to propose in this document or for this client."
        out.append({"title": review.title(f.type), "where": f"Paragraph {e['paragraph']}", "found": e["excerpt"],
                    "risk": f"{RISK_WORDS.get(e['risk'], e['risk'])}. {e['risk_note']}".strip(),
                    "ask": "" if e["acceptable"] else e["ask"],
                    # a reason that only repeats the ask (both fell back to the change's summary) is left out
                    "why": "" if e["acceptable"] or e["why"] == e["ask"] else e["why"],
                    "status": status})
    for m in review.missing:
        t = lib.types[m]
        tier = tiers.get(m)
        status = ("Added in the counter-draft." if tier == "must" else
                  "Not added; a point to raise in negotiation." if tier == "trade" else
                  "Not proposed for this kind of document.")
        std = t.variants["government-standard"]
        out.append({"title": review.title(m), "where": "Not in the letter", "found": "",
                    "risk": review.fitted(t.gap_note, None) if t.gap_note else "",
                    "ask": review.fitted(missing_ask(review, m), None) or review.fitted(std.ask, None),
                    "why": "", "status": status})
    return out


def _heading(review: Review) -> str:
    doc = review.doc
    party = "a company" if doc.company else "an individual"
    return (f"{review.letter.name}: {doc.name}, with {party}; {len(review.letter.paragraphs)} paragraphs; "
            f"{sum(1 for a in review.asks if a.tier == 'must')} changes made, "
            f"{sum(1 for a in review.asks if a.tier == 'trade')} left to negotiate")


def report_markdown(review: Review, date: dt.date) -> str:
    mark = review.workspace.mark if review.workspace else "DRAFT — FOR ATTORNEY REVIEW"
    out = [f"# Review of {_esc(review.letter.name)}", "", f"*{mark}* · {date.isoformat()} · {_esc(review.attorney)}",
           "", _esc(_heading(review)), ""]
    if review.matter_id:
        out += [f"Matter {_esc(review.matter_id)}: the asks and gaps use its facts.", ""]
    out += [f"Warning: {_esc(w)}" for w in review.warnings]
    out += ["## Clauses", ""]
    for b in blocks(review):
        out.append(f"### {_esc(b['title'])} — {_esc(b['where'])}")
        out.append("")
        if b["found"]:
            out.append(f"> {_esc(b['found'])}")
            out.append("")
        out.append(f"- **Risk:** {_esc(b['risk'])}")
        if b["ask"]:
            out.append(f"- **Ask:** {_esc(b['ask'])}")
        if b["why"]:
            out.append(f"- **Why:** {_esc(b['why'])}")
        out.append(f"- **Counter-draft:** {_esc(b['status'])}")
        out.append("")
    out += ["## Checklist", ""]
    for item in review.checklist:
        tier = {"must": "change made", "trade": "to trade"}.get(item.tier or "", item.priority + " priority")
        out.append(f"- [ ] **{_esc(item.title or item.id)}** ({tier}) — {_esc(item.point)}")
        if item.why and item.why != item.point:
            out.append(f"  - Why: {_esc(item.why)}")
        if item.cites:
            out.append("  - Cites: " + _esc("; ".join(item.cites)))
        if item.fallback:
            out.append(f"  - Fallback: {_esc(item.fallback)}")
        out += [f"  - [VERIFY] {_esc(v)}" for v in item.verify]
    return "\n".join(out) + "\n"


def report_docx(review: Review, date: dt.date) -> bytes:
    from ..docx.reportdoc import ReportDocument
    from .counterdraft import properties

    mark = review.workspace.mark if review.workspace else "DRAFT — FOR ATTORNEY REVIEW"
    legend = review.workspace.legend if review.workspace else ""
    doc = ReportDocument(f"{legend}\n{mark} · {date.isoformat()}" if legend else f"{mark} · {date.isoformat()}")
    doc.heading(f"Review of {review.letter.name}", 1)
    doc.paragraph(f"Prepared for {review.attorney} · {date.isoformat()}")
    doc.paragraph(_heading(review))
    for w in review.warnings:
        doc.paragraph(f"Warning: {w}")
    doc.heading("Clauses", 2)
    for b in blocks(review):
        doc.heading(f"{b['title']} — {b['where']}", 3)
        if b["found"]:
            doc.quote(b["found"])
        for label in ("risk", "ask", "why", "status"):
            if b[label]:
                doc.labelled({"risk": "Risk: ", "ask": "Ask: ", "why": "Why: ", "status": "Counter-draft: "}[label],
                             b[label])
    doc.heading("Checklist", 2)
    for item in review.checklist:
        doc.labelled(f"{item.title or item.id}: ", item.point, style="List Bullet")
        if item.why and item.why != item.point:
            doc.paragraph(f"Why: {item.why}")
        if item.cites:
            doc.paragraph("Cites: " + "; ".join(item.cites))
    return doc.save(date, properties(review, f"Review of {review.letter.name}"))
