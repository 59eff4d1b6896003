"""The readable terminal summary of ``drafter analyze`` (rich when available)."""

from __future__ import annotations

from ..law.analysis import caption
from ..law.plan import Plan


def _met(value) -> str:
    return {True: "met", False: "NOT met", None: "unknown"}[value]


def lines(plan: Plan) -> list[str]:
    a = plan.analysis
    m = plan.matter
    sv = a.safety_valve
    out = [
        f"Matter {m.id}: {caption(m)} ({m.case.district}); stage {m.case.stage}, "
        f"cooperation {m.cooperation.status}",
        f"Workspace: {plan.workspace.describe()}",
        "",
        f"Mandatory minimum: {a.minimum_text or 'none'}"
        + (f" ({', '.join(a.minimum_statutes)})" if a.minimum_statutes else ""),
        f"§ 3553(e) motion needed to go below it: {'yes' if a.needs_3553e else 'no'}",
        f"Safety valve (18 U.S.C. § 3553(f)): offense covered: {'yes' if sv.offense_covered else 'no'}; "
        f"eligible: {({True: 'yes', False: 'no', None: 'unknown'})[sv.eligible]}",
    ]
    for key, criterion in sv.criteria.items():
        out.append(f"  ({key[1]}) {_met(criterion.met):8} {criterion.to_json()['reason']}")
    if sv.missing_facts:
        out.append("  missing facts: " + ", ".join(sv.missing_facts))
    if a.deadlines:
        out.append("")
        out.append("Deadlines:")
        for dl in a.deadlines:
            out.append(f"  {dl.date.isoformat()}  {dl.title} ({dl.basis})")
            if dl.note:
                out.append(f"              {dl.note}")
    st = plan.strategy
    out.append("")
    out.append(f"Strategy: posture {st.posture}; path {st.path}; stance {st.stance}")
    out += [f"  - {r}" for r in st.reasons]
    out.append("Asks:" if st.asks else "Asks: none for the documents of this packet")
    for ask in st.asks:
        out.append(f"  [{ask.tier:5}] {ask.document} ¶ {ask.paragraph}: {ask.type} -> {ask.variant}")
        if ask.tier == "must":
            out.append(f"          {ask.why}")
    out.append("")
    out.append("Documents: " + ", ".join(
        d + (" (internal draft)" if plan.audience(d) == "internal" and d in ("proffer-agreement", "cooperation-terms")
             else "") for d in plan.documents))
    for d, note in st.later.items():
        out.append(f"  later: {d}: {note}")
    out.append("")
    out.append("Clauses in the drafts:")
    for c in plan.choices:
        mark = "standard" if plan.is_standard(c) else "CHANGED"
        out.append(f"  {c.id:<52} {mark}")
    out.append("")
    out.append("Checklist:")
    for item in plan.checklist:
        out.append(f"  [{item.priority}] {item.id}: {item.point}")
    if a.verify:
        out.append("")
        out.append("For the attorney to verify:")
        out += [f"  {v}" for v in a.verify]
    return out


def print_summary(plan: Plan) -> None:
    import click

    click.echo("\n".join(lines(plan)))
