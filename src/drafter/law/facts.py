"""Facts read from the matter for the memo and the checklist: the caption, what the sessions
already covered, what the charges offer to bargain with, whether an interpreter is needed."""

from __future__ import annotations

from ..environment import longdate, months
from ..model.matter import Matter
from .safety_valve import covered_offense, is_924c


def caption(matter: Matter) -> str:
    """"United States v. Name" once there is a case; before any charge, no caption."""
    if matter.case.stage == "investigation" and not matter.charges and not matter.case.number:
        return f"{matter.client.name} (investigation, no charges filed)"
    return f"United States v. {matter.client.name}"


_STOP = {"about", "their", "there", "which", "where", "between", "through", "other", "these",
         "those", "people", "person"}


def _words(text: str) -> set[str]:
    import re

    out = set()
    for w in re.findall(r"[a-z]+", text.lower().replace("\u2019", "'").replace("'s", "")):
        if len(w) >= 5 and w not in _STOP:
            out.add(w[:-1] if w.endswith("s") else w)
    return out


def information_status(matter: Matter) -> list[dict]:
    """Each information item with what the sessions already covered. An item whose subject
    shares two or more significant words with a recorded session's subjects is treated as help
    already given (counsel is told to check the match)."""
    coop = matter.cooperation
    out = []
    for item in coop.information or []:
        words = _words(item.subject)
        covered = []
        for s in coop.sessions:
            sw = set().union(*(_words(x) for x in s.subjects)) if s.subjects else set()
            if len(words & sw) >= 2 or (words and words <= sw):
                covered.append(longdate(s.date))
        out.append({"subject": item.subject, "known_to_government": item.known_to_government,
                    "covered_on": covered,
                    "disclosure_conflict": (item.known_to_government is False
                                            and coop.safety_valve_disclosure is True
                                            and not covered)})
    return out


_DRUG_WORDS = ("cocaine", "crack", "heroin", "methamphetamine", "fentanyl", "marijuana",
               "marihuana", "drug", "narcotic", "controlled substance", "oxycodone")


def charge_bargaining(matter: Matter) -> dict:
    """What a plea negotiation could trade on the charges themselves: dismissal of a § 924(c)
    count (its minimum runs consecutively, § 924(c)(1)(D)(ii)), and the government's promise not
    to file a § 851 information where a prior drug conviction could raise the minimum of a
    § 841(b)(1)(A) or (B) count (after the First Step Act § 401: 10 to 15 years, 5 to 10 years,
    on a prior "serious drug felony", 21 U.S.C. § 802(57)). Nothing is left to trade once the
    client has been found guilty: a § 851 information must be filed before trial or before the
    guilty plea (21 U.S.C. § 851(a)(1)), and the counts have been decided."""
    before = matter.case.stage not in ("convicted", "sentenced")
    guns = [c for c in matter.charges if before and is_924c(c) and c.mandatory_minimum_months]
    gun = [c.statute for c in guns]
    gun_months = sum(c.mandatory_minimum_months for c in guns)
    history = matter.criminal_history
    drug_priors = [p.description for p in (history.prior_sentences if history and before else [])
                   if p.points == 3 and p.description
                   and any(w in p.description.lower() for w in _DRUG_WORDS)]
    drug_mins = [c.mandatory_minimum_months for c in matter.charges
                 if covered_offense(c) and c.mandatory_minimum_months in (60, 120)]
    enhanced = {120: 180, 60: 120}
    out = {"any": False, "gun_counts": [], "gun_minimum_text": None, "drug_priors": [],
           "base_text": None, "enhanced_text": None}
    if gun:
        out["gun_counts"] = gun
        out["gun_minimum_text"] = months(gun_months)
    if drug_priors and drug_mins:
        base = max(drug_mins)
        out["drug_priors"] = drug_priors
        out["base_text"] = months(base)
        out["enhanced_text"] = months(enhanced[base])
    out["any"] = bool(out["gun_counts"] or out["drug_priors"])
    return out


def interpreter_needed(matter: Matter) -> bool:
    lang = matter.client.language
    return bool(lang and lang.strip().lower() not in ("english", "en", "eng"))
