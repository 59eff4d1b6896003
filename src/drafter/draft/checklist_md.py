"""The negotiation checklist as Markdown (the same items as the Word checklist)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..environment import longdate
from ..law.analysis import caption
from ..law.checklist_items import AskItem, ChecklistItem
from ..law.plan import Plan
from .sessions import open_facts


def _esc(text: str) -> str:
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def checklist_markdown(plan: Plan, gaps: list[str], draft_date: dt.date, history: dict | None = None,
                       office_form: str | None = None) -> str:
    """``office_form``: the missing-facts line for agreements drafted without the Office's own
    letter (drafter.draft.officeform)."""
    m = plan.matter
    ws = plan.workspace
    out = [
        f"<!-- {ws.legend} -->",
        f"# Negotiation checklist — {_esc(caption(m))}",
        "",
        f"*{ws.mark} — {longdate(draft_date)}. {ws.legend}.*",
        "",
        f"Matter {_esc(m.id)} · {_esc(m.case.district)} · stage {m.case.stage} · "
        f"cooperation {m.cooperation.status}",
        "",
    ]
    st = plan.strategy
    out += [f"Path: **{st.path}** ({st.stance} stance)", ""]
    out += [f"- {_esc(r)}" for r in st.reasons] + [""]
    asks = [i for i in plan.checklist if isinstance(i, AskItem)]
    advice = [i for i in plan.checklist if not isinstance(i, AskItem)]
    groups: list[tuple[str, Sequence[ChecklistItem]]] = [
        ("Negotiation points: must asks (in the drafts)", [i for i in asks if i.tier == "must"]),
        ("Negotiation points: trade asks (not in the drafts)", [i for i in asks if i.tier != "must"])]
    groups += [(f"Advice: {p} priority", [i for i in advice if i.priority == p]) for p in ("high", "medium", "low")]
    for heading, items in groups:
        if not items:
            continue
        out.append(f"## {heading}")
        out.append("")
        for i in items:
            out.append(f"- [ ] **{_esc(i.point)}** (`{i.id}`)")
            out.append(f"  - Why: {_esc(i.why)}")
            if i.cites:
                out.append(f"  - Cites: {_esc('; '.join(i.cites))}")
            if i.fallback:
                out.append(f"  - Fallback: {_esc(i.fallback)}")
            for flag in i.verify:
                out.append(f"  - [VERIFY] {_esc(flag)}")
        out.append("")
    out.append("## Missing facts")
    out.append("")
    missing = list(dict.fromkeys(gaps))
    sv_missing = plan.analysis.safety_valve.missing_facts if m.case.stage != "sentenced" else []
    sv = plan.analysis.safety_valve
    f5_open = (sv.offense_covered and sv.criteria["f5"].met is None and m.case.stage != "sentenced")
    facts = open_facts(m, draft_date)
    if not missing and not sv_missing and not f5_open and not office_form and not facts:
        out.append("None.")
    out += [f"- [ ] {_esc(f)}" for f in facts]
    if office_form:
        out.append(f"- [ ] {_esc(office_form)}")
    if f5_open:
        out.append("- [ ] The (f)(5) disclosure has not been made yet (`cooperation.safety_valve_disclosure`): "
                   "the safety valve is not secured until it is, no later than the sentencing hearing")
    for g in missing:
        out.append(f"- [ ] [{_esc(g)}] is blank in the drafts")
    for key in sv_missing:
        out.append(f"- [ ] `{key}` is needed to decide safety-valve eligibility")
    out.append("")
    out.append("## Deadlines and dates")
    out.append("")
    if not plan.analysis.dates:
        out.append("None computed from the facts given.")
    for d in plan.analysis.dates:
        basis = next((f" ({x.basis})" for x in plan.analysis.deadlines if x.id == d.id), "")
        out.append(f"- **{d.date.isoformat()}** — {_esc(d.title)}{basis}" + (f". {_esc(d.note)}" if d.note else ""))
    if history:
        out += ["", "## Negotiation history", ""]
        for r in history["rounds"]:
            out.append(f"- Round {r['round']} ({r['date']}): {_esc(r['old'])} -> {_esc(r['new'])}: "
                       f"{r['asked']} asks, {r['accepted']} accepted, {r['rejected']} rejected, "
                       f"{r['modified']} modified")
        out += ["", "| Clause | Asked for | Latest status | What to try next |", "|---|---|---|---|"]
        for a in history["asks"]:
            out.append(f"| `{_esc(a['type'])}` | {_esc(a['variant'])} | {a['status']} (round {a['round']}) | "
                       f"{_esc(a['next'])} |")
    if st.later:
        from ..law.documents import DOCUMENTS

        out += ["", "## Later", ""]
        out += [f"- {DOCUMENTS[d].title}: {_esc(note)}" for d, note in st.later.items()]
    if plan.analysis.verify:
        out += ["", "## For the attorney to verify", ""]
        out += [f"- {_esc(v)}" for v in plan.analysis.verify]
    if m.negotiation.notes:
        out += ["", "## Notes", "", _esc(m.negotiation.notes)]
    return "\n".join(out) + "\n"
