"""The readable terminal summary of ``drafter analyze`` (rich when available)."""

from __future__ import annotations

from .plan import Plan


def _met(value) -> str:
    return {True: "met", False: "NOT met", None: "unknown"}[value]


def lines(plan: Plan) -> list[str]:
    a = plan.analysis
    m = plan.matter
    sv = a.safety_valve
    out = [
        f"Matter {m.id}: United States v. {m.client.name} ({m.case.district}); stage {m.case.stage}, "
        f"cooperation {m.cooperation.status}",
        f"Workspace: {plan.workspace.describe()}",
        "",
        f"Mandatory minimum: {a.minimum_text or 'none'}"
        + (f" ({', '.join(a.minimum_statutes)})" if a.minimum_statutes else ""),
        f"§ 3553(e) motion needed to go below it: {'yes' if a.needs_3553e else 'no'}",
        f"Safety valve (18 U.S.C. § 3553(f)): offense covered: {'yes' if sv.offense_covered else 'no'}; "
        f"eligible: {({True: 'yes', False: 'no', None: 'unknown'})[sv.eligible]}",
    ]
    for key, c in sv.criteria.items():
        out.append(f"  ({key[1]}) {_met(c.met):8} {c.to_json()['reason']}")
    if sv.missing_facts:
        out.append("  missing facts: " + ", ".join(sv.missing_facts))
    if a.deadlines:
        out.append("")
        out.append("Deadlines:")
        for d in a.deadlines:
            out.append(f"  {d.date.isoformat()}  {d.title} ({d.basis})")
            if d.note:
                out.append(f"              {d.note}")
    out.append("")
    out.append("Documents: " + ", ".join(plan.documents))
    out.append("")
    out.append("Clauses chosen:")
    for c in plan.choices:
        out.append(f"  {c.id:<52} {c.reason}")
        out.append(f"  {'':<52} rule: {c.rule}")
    out.append("")
    out.append("Checklist:")
    for item in plan.checklist:
        out.append(f"  [{item['priority']}] {item['id']}: {item['point']}")
    if a.verify:
        out.append("")
        out.append("For the attorney to verify:")
        out += [f"  {v}" for v in a.verify]
    return out


def print_summary(plan: Plan) -> None:
    import click

    click.echo("\n".join(lines(plan)))
