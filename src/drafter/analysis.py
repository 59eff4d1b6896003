"""The law applied to a matter: pure functions, no I/O, each rule beside its citation.

Figures follow ``shared/spec/json-outputs.md`` exactly. ``None`` means "unknown from the facts
given", never "no".
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from importlib import resources


import yaml

from .environment import longdate, months, render_text
from .matter import Matter, matter_data

# 18 U.S.C. § 3553(f): the offenses the safety valve covers, as amended by the First Step Act
# of 2018 § 402 (adding 46 U.S.C. §§ 70503, 70506).
SAFETY_VALVE_OFFENSES = {(21, "841"), (21, "844"), (21, "846"), (21, "960"), (21, "963"),
                         (46, "70503"), (46, "70506")}
PULSIFER = "Pulsifer v. United States, 601 U.S. 124 (2024)"


@dataclass
class Criterion:
    met: bool | None
    reason: str
    cite: str
    missing: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"met": self.met, "reason": self.reason, "cite": self.cite}


@dataclass
class SafetyValve:
    offense_covered: bool
    eligible: bool | None
    criteria: dict[str, Criterion]
    missing_facts: list[str]
    covered_statutes: list[str]
    uncovered_minimum_statutes: list[str]

    def to_json(self) -> dict:
        return {
            "offense_covered": self.offense_covered,
            "eligible": self.eligible,
            "criteria": {k: c.to_json() for k, c in self.criteria.items()},
            "missing_facts": self.missing_facts,
        }


@dataclass
class Deadline:
    id: str
    date: dt.date
    basis: str
    note: str | None = None          # for counsel (may carry [VERIFY])
    title: str = ""
    public_note: str | None = None   # neutral words fit for a letter to the government

    def to_json(self) -> dict:
        out = {"id": self.id, "date": self.date.isoformat(), "basis": self.basis, "title": self.title}
        if self.note:
            out["note"] = self.note
            out["public_note"] = self.public_note
        return out


@dataclass
class ChecklistItem:
    id: str
    priority: str
    point: str
    why: str
    cites: list[str]
    source: str = "analysis"
    fallback: str | None = None
    verify: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"id": self.id, "priority": self.priority, "point": self.point, "why": self.why,
                "cites": list(self.cites), "source": self.source, "fallback": self.fallback,
                "verify": list(self.verify)}


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
            interpreter_needed=self.interpreter_needed,
            stage=self.stage,
            status=self.status,
            minimum_text=self.minimum_text,
            verify=list(self.verify),
            uncovered_minimum_statutes=self.safety_valve.uncovered_minimum_statutes,
            rule35b=_rule35b_context(r35),
        )
        return data


def _rule35b_context(d: Deadline | None) -> dict | None:
    if d is None:
        return None
    return {"date": d.date.isoformat(), "date_long": longdate(d.date), "note": d.note,
            "note_sentence": f" {d.note}" if d.note else ""}


# --- mandatory minimum ------------------------------------------------------------------

def mandatory_minimum(matter: Matter) -> tuple[int, list[str]]:
    """Largest minimum over non-consecutive counts plus the sum over consecutive ones
    (18 U.S.C. § 924(c)(1)(D)(ii) and § 1028A(b)(2) require consecutive terms)."""
    concurrent = [c for c in matter.charges if not c.runs_consecutively]
    consecutive = [c for c in matter.charges if c.runs_consecutively]
    base = max((c.mandatory_minimum_months for c in concurrent), default=0)
    total = base + sum(c.mandatory_minimum_months for c in consecutive)
    statutes = [c.statute for c in concurrent if base and c.mandatory_minimum_months == base][:1]
    statutes += [c.statute for c in consecutive if c.mandatory_minimum_months]
    return total, statutes


def needs_3553e(minimum: int, status: str) -> bool:
    """18 U.S.C. § 3553(e): only a government motion permits a sentence below a statutory
    minimum for substantial assistance; a § 5K1.1 motion alone does not (Melendez)."""
    return minimum > 0 and status != "declined"


# --- the safety valve, 18 U.S.C. § 3553(f) as amended by the First Step Act ---------------

def _f1(matter: Matter) -> Criterion:
    """§ 3553(f)(1) read as in Pulsifer: (A) more than 4 points excluding 1-point offenses,
    (B) a prior 3-point offense, (C) a prior 2-point violent offense: each disqualifies alone."""
    cite = f"18 U.S.C. § 3553(f)(1); {PULSIFER}"
    history = matter.criminal_history
    if history is None:
        return Criterion(None, "criminal history not yet known", cite, ["criminal_history"])
    priors = history.prior_sentences
    counted = sum(p.points for p in priors if p.points in (2, 3))
    ones = sum(1 for p in priors if p.points == 1)
    threes = [p for p in priors if p.points == 3]
    violent_twos = [p for p in priors if p.points == 2 and p.violent is True]
    reasons = []
    if counted > 4:
        reasons.append(f"(A): {counted} points from 2- and 3-point offenses, more than 4")
    if threes:
        reasons.append(f"(B): {len(threes)} prior 3-point offense{'s' if len(threes) > 1 else ''}")
    if violent_twos:
        reasons.append("(C): a prior 2-point violent offense")
    if reasons:
        return Criterion(False, "disqualified under " + "; ".join(reasons)
                         + " (each alone disqualifies)", cite)
    unsure = [i for i, p in enumerate(priors) if p.points == 2 and p.violent is None]
    reason = (f"{counted} point{'s' if counted != 1 else ''} from 2- and 3-point offenses "
              f"(not more than 4), no 3-point offense, no 2-point violent offense")
    if ones:
        reason += f"; {ones} one-point offense{'s' if ones != 1 else ''} excluded"
    if unsure:
        reason += ("; confirm that the 2-point prior" + ("s are" if len(unsure) > 1 else " is")
                   + " not a violent offense (18 U.S.C. § 3553(g))")
    return Criterion(True, reason, cite)


def _any_true_else_unknown(values: dict[str, bool | None], what: dict[str, str], cite: str,
                           ok: str) -> Criterion:
    hits = [k for k, v in values.items() if v is True]
    if hits:
        return Criterion(False, "; ".join(what[k] for k in hits), cite)
    missing = [k for k, v in values.items() if v is None]
    if missing:
        return Criterion(None, "unknown: " + ", ".join(m.split(".")[-1].replace("_", " ") for m in missing)
                         + " not stated", cite, missing)
    return Criterion(True, ok, cite)


def safety_valve(matter: Matter) -> SafetyValve:
    covered = [c.statute for c in matter.charges if (c.title, c.section) in SAFETY_VALVE_OFFENSES]
    uncovered_min = [c.statute for c in matter.charges
                     if (c.title, c.section) not in SAFETY_VALVE_OFFENSES and c.mandatory_minimum_months]
    o = matter.offense
    f1 = _f1(matter)
    f2 = _any_true_else_unknown(
        {"offense.violence_or_threats": o.violence_or_threats, "offense.weapon": o.weapon},
        {"offense.violence_or_threats": "used violence or credible threats of violence",
         "offense.weapon": "possessed a firearm or dangerous weapon (or induced another to)"},
        "18 U.S.C. § 3553(f)(2)", "no violence, threats or weapon")
    f3 = _any_true_else_unknown(
        {"offense.death_or_serious_injury": o.death_or_serious_injury},
        {"offense.death_or_serious_injury": "the offense resulted in death or serious bodily injury"},
        "18 U.S.C. § 3553(f)(3)", "no death or serious bodily injury")
    f4 = _any_true_else_unknown(
        {"offense.aggravating_role": o.aggravating_role,
         "offense.continuing_criminal_enterprise": o.continuing_criminal_enterprise},
        {"offense.aggravating_role": "organizer, leader, manager or supervisor of others",
         "offense.continuing_criminal_enterprise": "engaged in a continuing criminal enterprise (21 U.S.C. § 848)"},
        "18 U.S.C. § 3553(f)(4)", "no aggravating role and no continuing criminal enterprise")
    if matter.cooperation.own_conduct_disclosed is True:
        f5 = Criterion(True, "the client has truthfully disclosed all information about the offense",
                       "18 U.S.C. § 3553(f)(5)")
    else:
        f5 = Criterion(None, "must be satisfied no later than the sentencing hearing",
                       "18 U.S.C. § 3553(f)(5)")
    criteria = {"f1": f1, "f2": f2, "f3": f3, "f4": f4, "f5": f5}
    core = [f1.met, f2.met, f3.met, f4.met]
    if not covered or False in core:
        eligible: bool | None = False
    elif None in core:
        eligible = None
    else:
        eligible = True
    missing: list[str] = []
    for c in (f1, f2, f3, f4):
        if c.met is None:
            missing += [m for m in c.missing if m not in missing]
    return SafetyValve(bool(covered), eligible, criteria, missing, covered, uncovered_min)


# --- deadlines --------------------------------------------------------------------------

def one_year_after(d: dt.date) -> dt.date:
    """The same month and day a year later; the 29th of February maps to the 28th."""
    try:
        return d.replace(year=d.year + 1)
    except ValueError:
        return d.replace(year=d.year + 1, day=28)


@functools.lru_cache(maxsize=64)
def _us_holidays(year: int):
    import holidays  # imported only when a deadline needs it (it is slow to import)

    return holidays.country_holidays("US", years=year)


def _non_business_reason(d: dt.date) -> str | None:
    if d.weekday() >= 5:
        return f"a {d:%A}"
    name = _us_holidays(d.year).get(d)
    return f"a federal holiday ({name})" if name else None


def public_day_note(d: dt.date) -> str | None:
    why = _non_business_reason(d)
    return f"That day, {longdate(d)}, is {why}." if why else None


def non_business_day_note(d: dt.date) -> str | None:
    """Words for a deadline that falls on a weekend or a federal holiday (the date stays)."""
    why = _non_business_reason(d)
    if not why:
        return None
    prior = d - dt.timedelta(days=1)
    while prior.weekday() >= 5 or prior in _us_holidays(prior.year):
        prior -= dt.timedelta(days=1)
    return (f"The one-year date falls on {why}; plan for the government to file by "
            f"{longdate(prior)}, the last business day before it, rather than rely on any "
            "extension [VERIFY].")


def deadlines(matter: Matter) -> list[Deadline]:
    """Fed. R. Crim. P. 35(b)(1): the government's motion within one year of sentencing
    ("sentencing" is the oral announcement, Rule 35(c))."""
    out = []
    sd = matter.case.sentencing_date
    if sd is not None and matter.cooperation.status == "cooperating":
        date = one_year_after(sd)
        out.append(Deadline("rule-35b-one-year", date, "Fed. R. Crim. P. 35(b)(1)",
                            non_business_day_note(date),
                            "Rule 35(b) motion: one year from sentencing", public_day_note(date)))
    return out


# --- checklist items the facts trigger ----------------------------------------------------

@functools.lru_cache(maxsize=1)
def checklist_texts() -> dict[str, dict]:
    text = resources.files("drafter.law").joinpath("checklist.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def triggered_ids(matter: Matter, sv: SafetyValve, needs_e: bool, dls: list[Deadline]) -> list[str]:
    """Which checklist ids the facts trigger (the contract's table, plus drafter's own)."""
    coop = matter.cooperation
    info = coop.information
    triggers = {
        "seek-3553e-motion": needs_e,
        "safety-valve-path": sv.eligible is True,
        "safety-valve-facts-missing": sv.offense_covered and sv.eligible is None,
        "uncharged-conduct-protection": coop.uncharged_conduct is True,
        "safety-measures": coop.safety_concerns in ("moderate", "high"),
        "interpreter": interpreter_needed(matter),
        "information-already-known": bool(info) and all(i.known_to_government is True for i in info),
        "no-useful-information": info is not None and len(info) == 0,
        "testimony-unwilling": coop.willing_to_testify is False,
        "rule-35b-deadline": any(d.id == "rule-35b-one-year" for d in dls),
        "immigration-consequences": matter.client.us_citizen is False,
        "safety-valve-partial": sv.offense_covered and sv.eligible is not False
        and bool(sv.uncovered_minimum_statutes),
        "attorney-proffer-first": coop.status in ("considering", "proffer-scheduled"),
    }
    return [k for k, v in triggers.items() if v]


def interpreter_needed(matter: Matter) -> bool:
    lang = matter.client.language
    return bool(lang) and lang.strip().lower() not in ("english", "en", "eng")


PRIORITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def analyze(matter: Matter) -> Analysis:
    minimum, min_statutes = mandatory_minimum(matter)
    needs_e = needs_3553e(minimum, matter.cooperation.status)
    sv = safety_valve(matter)
    dls = deadlines(matter)
    analysis = Analysis(
        matter_id=matter.id, mandatory_minimum_months=minimum, minimum_statutes=min_statutes,
        needs_3553e=needs_e, safety_valve=sv, deadlines=dls, checklist=[],
        interpreter_needed=interpreter_needed(matter), stage=matter.case.stage,
        status=matter.cooperation.status, verify=[],
    )
    analysis.verify = verify_flags(matter, analysis)
    context = {"matter": matter_data(matter), "analysis": analysis.context()}
    texts = checklist_texts()
    items = []
    for item_id in triggered_ids(matter, sv, needs_e, dls):
        t = texts[item_id]
        where = f"checklist item {item_id}"
        items.append(ChecklistItem(
            id=item_id,
            priority=render_text(str(t["priority"]), context, where).strip(),
            point=" ".join(render_text(t["point"], context, where).split()),
            why=" ".join(render_text(t["why"], context, where).split()),
            cites=list(t.get("cites") or []),
            verify=list(t.get("verify") or []),
        ))
    analysis.checklist = items
    return analysis


def verify_flags(matter: Matter, analysis: Analysis) -> list[str]:
    """The brief's [VERIFY] items that this matter's documents rely on."""
    flags = []
    if analysis.mandatory_minimum_months or matter.cooperation.status != "declined":
        flags.append("[VERIFY] the current USSG § 5K1.1 and § 1B1.8(b)(5) wording in the 2025 "
                     "Guidelines Manual (the 2025 amendments removed departures other than § 5K1.1)")
    if analysis.safety_valve.offense_covered:
        flags.append("[VERIFY] the current USSG § 5C1.2(a)(1) text and whether the level-17 floor "
                     "in § 5C1.2(b) survived the 2023 amendments")
        flags.append("[VERIFY] criminal-history points against the current USSG § 4A1.1 "
                     "(status points changed in 2023)")
    if any(d.id == "rule-35b-one-year" for d in analysis.deadlines):
        flags.append("[VERIFY] that the circuit applies Wade's limits to refusals to move under Rule 35(b)")
    if matter.client.us_citizen is False:
        flags.append("[VERIFY] the S-classification caps and request procedure (8 U.S.C. § 1101(a)(15)(S))")
    return flags
