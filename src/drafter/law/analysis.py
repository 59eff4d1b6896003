"""The law applied to a matter: pure functions, no I/O, each rule beside its citation.

The figures are those of ``drafter analyze --json`` (docs/render-context.md). ``None`` means
"unknown from the facts given", never "no". The rules live beside this module, one seam each:

- ``minimum.py``: the mandatory minimum and the § 3553(e) motion below it;
- ``safety_valve.py``: 18 U.S.C. § 3553(f), criterion by criterion;
- ``deadlines.py``: the Rule 35(b) date and the key dates;
- ``facts.py``: facts read for the memo (sessions covered, charge bargaining, interpreter);
- ``checklist.py``: the checklist items the facts trigger (wording in ``checklist.yaml``);
- ``circuits.py``: which circuit binds, and the [VERIFY] notes for cases that only persuade.

``analyze`` joins them into one ``Analysis``; their public names are re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..environment import months
from ..model.matter import Matter, matter_data
from .checklist import (  # noqa: F401  (re-exported)
    PRIORITY_ORDER,
    ChecklistItem,
    checklist_texts,
    path_item_ids,
    path_items,
    render_item,
    triggered_ids,
)
from .circuits import (  # noqa: F401  (re-exported)
    in_eleventh_circuit,
    in_second_circuit,
    rothstein_cite,
    second_circuit_notes,
)
from .deadlines import (  # noqa: F401  (re-exported)
    Deadline,
    KeyDate,
    deadlines,
    key_dates,
    last_business_day_before,
    non_business_day_note,
    one_year_after,
    public_day_note,
    rule35b_context,
)
from .facts import caption, charge_bargaining, information_status, interpreter_needed  # noqa: F401  (re-exported)
from .minimum import mandatory_minimum, needs_3553e
from .safety_valve import (  # noqa: F401  (re-exported)
    F5_MADE,
    F5_OUTSTANDING,
    PULSIFER,
    SAFETY_VALVE_OFFENSES,
    STATUS_POINT_FLAG,
    Criterion,
    SafetyValve,
    f1_plain,
    safety_valve,
)


@dataclass
class Analysis:
    matter_id: str
    mandatory_minimum_months: int
    minimum_statutes: list[str]
    needs_3553e: bool
    safety_valve: SafetyValve
    deadlines: list[Deadline]
    checklist: list[ChecklistItem]
    interpreter_needed: bool
    stage: str
    status: str
    verify: list[str]
    second_circuit: bool = False
    dates: list = field(default_factory=list)          # KeyDate
    information: list[dict] = field(default_factory=list)
    bargaining: dict = field(default_factory=dict)
    fact_conflicts: list[str] = field(default_factory=list)   # for counsel only
    f1_plain: str = ""
    consecutive: list[dict] = field(default_factory=list)   # consecutive_terms()

    @property
    def minimum_text(self) -> str | None:
        return months(self.mandatory_minimum_months) if self.mandatory_minimum_months else None

    def to_json(self) -> dict:
        return {
            "matter": self.matter_id,
            "mandatory_minimum_months": self.mandatory_minimum_months,
            "needs_3553e": self.needs_3553e,
            "safety_valve": self.safety_valve.to_json(),
            "deadlines": [d.to_json() for d in self.deadlines],
            "checklist": [c.to_json() for c in self.checklist],
        }

    def context(self) -> dict:
        """The analysis as rules, clauses and templates see it (a superset of the JSON)."""
        data = self.to_json()
        r35 = next((d for d in self.deadlines if d.id == "rule-35b-one-year"), None)
        data.update(
            violence_unknown=sum(1 for m in self.safety_valve.missing_facts if m.endswith(".violent")),
            remaining_minimum_text=(months(self.safety_valve.remaining_minimum_months)
                                    if self.safety_valve.remaining_minimum_months else None),
            interpreter_needed=self.interpreter_needed,
            second_circuit=self.second_circuit,
            stage=self.stage,
            status=self.status,
            minimum_text=self.minimum_text,
            verify=list(self.verify),
            uncovered_minimum_statutes=self.safety_valve.uncovered_minimum_statutes,
            rule35b=rule35b_context(r35),
            dates=[k.to_context() for k in self.dates],
            information=list(self.information),
            bargaining=dict(self.bargaining),
            fact_conflicts=list(self.fact_conflicts),
            f1_plain=self.f1_plain,
            consecutive_minimums=[dict(c) for c in self.consecutive],
            minimum_words=minimum_words(self),
        )
        return data


def analyze(matter: Matter) -> Analysis:
    minimum, min_statutes = mandatory_minimum(matter)
    needs_e = needs_3553e(minimum, matter.cooperation.status, matter.case.stage)
    sv = safety_valve(matter)
    dls = deadlines(matter)
    analysis = Analysis(
        matter_id=matter.id, mandatory_minimum_months=minimum, minimum_statutes=min_statutes,
        needs_3553e=needs_e, safety_valve=sv, deadlines=dls, checklist=[],
        interpreter_needed=interpreter_needed(matter), stage=matter.case.stage,
        status=matter.cooperation.status, verify=[],
        second_circuit=in_second_circuit(matter.case.district),
    )
    analysis.dates = key_dates(matter, dls)
    analysis.information = information_status(matter)
    analysis.bargaining = charge_bargaining(matter)
    analysis.consecutive = consecutive_terms(matter)
    analysis.f1_plain = f1_plain(sv.criteria["f1"], matter)
    if any(i["disclosure_conflict"] for i in analysis.information):
        analysis.fact_conflicts.append(
            "The matter says the (f)(5) disclosure has been made (safety_valve_disclosure: true) "
            "but marks information as new to the government (known_to_government: false): "
            + "; ".join(i["subject"] for i in analysis.information if i["disclosure_conflict"])
            + ". If the disclosure covered it, the government knows it now; check which is right "
            "before the memo tells the client either.")
    analysis.verify = verify_flags(matter, analysis)
    context = {"matter": matter_data(matter), "analysis": analysis.context()}
    analysis.checklist = [render_item(i, context) for i in triggered_ids(matter, sv, needs_e, dls)]
    return analysis


def consecutive_terms(matter: Matter) -> list[dict]:
    """The minimums that must run after every other term (18 U.S.C. § 924(c)(1)(D)(ii),
    § 1028A(b)(2)), one per charge: ``no_offset`` where the statute also forbids shortening the
    other counts' sentence to make up for it (§ 1028A(b)(3); § 924(c) has no such bar, Dean v.
    United States, 137 S. Ct. 1170 (2017))."""
    out = []
    for c in matter.charges:
        if not (c.runs_consecutively and c.mandatory_minimum_months):
            continue
        section = c.section if c.title == 18 else ""
        out.append({"statute": c.statute, "months": c.mandatory_minimum_months,
                    "text": months(c.mandatory_minimum_months),
                    "cite": {"1028A": "18 U.S.C. § 1028A(b)(2)",
                             "924": "18 U.S.C. § 924(c)(1)(D)(ii)"}.get(section, c.statute),
                    "no_offset": section == "1028A"})
    return out


def minimum_words(analysis: Analysis) -> str | None:
    """The minimum as the memo states it, saying which part must be served after the rest."""
    text = analysis.minimum_text
    terms = analysis.consecutive
    if not text or not terms:
        return text
    if sum(t["months"] for t in terms) == analysis.mandatory_minimum_months:
        return (f"{text}, which must be served after, not at the same time as, any other "
                "prison sentence the judge imposes")
    parts = " and ".join(f"the {t['text']} of the charge under {t['statute']}" for t in terms)
    return (f"{text}, counting {parts}, which must be served after, not at the same time as, "
            "the sentence on the other charges")


def verify_flags(matter: Matter, analysis: Analysis) -> list[str]:
    """The brief's [VERIFY] items that this matter's documents rely on."""
    flags = []
    sentenced = matter.case.stage == "sentenced"
    if sentenced and matter.cooperation.status != "declined":
        flags.append("[VERIFY] protective (placeholder) Rule 35(b) motions filed within the year and "
                     "decided later: the circuit's practice, and that the government may withdraw one "
                     + rothstein_cite(matter.case.district))
    elif analysis.mandatory_minimum_months or matter.cooperation.status != "declined":
        flags.append("[VERIFY] the current USSG § 5K1.1 and § 1B1.8(b)(5) wording in the 2025 "
                     "Guidelines Manual (the 2025 amendments removed departures other than § 5K1.1)")
    if analysis.bargaining.get("drug_priors"):
        flags.append("[VERIFY] whether the prior conviction is a \"serious drug felony\" (21 U.S.C. "
                     "§ 802(57): a § 924(e)(2) serious drug offense with more than 12 months served "
                     "and release within 15 years of the instant offense) that could support a "
                     "§ 851 information")
    if analysis.safety_valve.offense_covered and not sentenced:
        flags.append("[VERIFY] the current USSG § 5C1.2(a)(1) text and whether the level-17 floor "
                     "in § 5C1.2(b) survived the 2023 amendments")
        flags.append("[VERIFY] criminal-history points against the current USSG § 4A1.1 "
                     "(status points changed in 2023)")
    if any(d.id == "rule-35b-one-year" for d in analysis.deadlines):
        flags.append("[VERIFY] that the circuit applies Wade's limits to refusals to move under Rule 35(b)")
    if matter.client.us_citizen is False:
        flags.append("[VERIFY] the S-classification caps and request procedure (8 U.S.C. § 1101(a)(15)(S))")
    return flags
