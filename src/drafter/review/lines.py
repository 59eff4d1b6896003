"""The review as ``drafter review`` prints it without --json: the kind of document and who it is
with, the warnings, one block per clause found, what the letter is silent on, and the checklist."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:                                     # pragma: no cover
    from .review import Review

KIND_NAMES = {"proffer": "proffer letter", "cooperation": "cooperation agreement",
              "plea-cooperation": "plea agreement with cooperation terms"}


def report_lines(review: Review) -> list[str]:
    """The report ``drafter review`` prints without --json: one block per clause, in words."""
    from .places import paragraph_ref
    from .report import RISK_WORDS

    lib, tiers = review.library, {a.type: a.tier for a in review.asks}
    doc = review.doc
    out = [f"{review.letter.name}: {doc.name} with {'a company' if doc.company else 'an individual'}"
           + (f", {review.district}" if review.district else "")]
    if review.matter_id:
        out.append(f"Matter {review.matter_id}: asks and gaps use its facts and analysis.")
    out += [f"Warning: {w}" for w in review.warnings]
    out += ["", "Clauses found:"]
    if not review.found:
        out.append("  none recognised")
    for f in review.found:
        e = review.entry(f)
        if e["acceptable"]:
            status = "acceptable as written"
        else:
            status = RISK_WORDS.get(e["risk"], e["risk"]).lower()
            status += {"must": "; changed in the counter-draft", "trade": "; to trade"}.get(tiers.get(f.type) or "", "")
        out.append(f"  {review.title(f.type)} ({status}) — {paragraph_ref(review.letter, e['paragraph'])}")
        out.append(f"        \"{e['excerpt']}\"")
        if not e["acceptable"]:
            out.append(f"        Ask: {e['ask']}")
    out += ["", "Missing (the letter is silent):"]
    if not review.missing:
        out.append("  none")
    for m in review.missing:
        tier = {"must": " (added in the counter-draft)", "trade": " (to trade)"}.get(tiers.get(m) or "", "")
        out.append(f"  {lib.types[m].title}{tier}: {lib.types[m].gap_note}")
    out += ["", "Checklist:"]
    for item in review.checklist:
        tier = {"must": "change", "trade": "trade"}.get(item.tier or "", item.priority)
        out.append(f"  [{tier}] {item.title or item.id}: {item.point}")
    return out
