"""Whether the packet's agreements were drafted from the Office's own letter.

The matter format records no key for the Office's form: drafter knows it has the Office's
letter only when the attorney passes it (``drafter packet MATTER --base LETTER``). Every other
agreement in the packet is drafted from typical Office wording, which makes it counsel's own
proposal: the checklist's missing facts say so, at every stage, so that the attorney asks for the
Office's form before sending terms the Office never offered.
"""

from __future__ import annotations

from pathlib import Path

from ..law.plan import Plan

AGREEMENTS = {"proffer-agreement": "proffer letter", "cooperation-terms": "cooperation terms"}


def missing_office_form(plan: Plan, based_on: str | None = None) -> str | None:
    """The missing-facts line for the agreements drafted without the Office's own letter
    (``based_on``: the document built from the Office's letter, if any); None when there is
    none."""
    drafted = [d for d in AGREEMENTS if d in plan.documents and d != based_on]
    if not drafted:
        return None
    what = " and ".join(AGREEMENTS[d] for d in drafted)
    drafts = "drafts here stand on typical Office wording and are" if len(drafted) > 1 else \
        "draft here stands on typical Office wording and is"
    name = Path(plan.matter.source).name if plan.matter.source else "MATTER"
    held = [s for s in plan.matter.cooperation.sessions or []]
    before = (f"The client has already met the Office ({len(held)} session"
              f"{'s' if len(held) != 1 else ''} recorded), so a signed letter probably exists: "
              "compare it before proposing anything new. ") if held and "proffer-agreement" in drafted else ""
    cover = (" the cover letter’s “standard terms” means those typical terms."
             if "cover-letter" in plan.documents else "")
    return (f"The Office’s own {what}: not in hand (nothing was passed with --base), so the "
            f"{drafts} counsel’s own proposal, not a "
            f"reply to the Office’s form;{cover} {before}Ask the Office for its form; when it arrives, "
            f"“drafter packet {name} --base LETTER” redlines the Office’s own words instead.")
