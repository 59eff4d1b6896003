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

from ..environment import longdate, months, render_text
from ..model.matter import Matter, matter_data

# 18 U.S.C. § 3553(f): the offenses the safety valve covers, as amended by the First Step Act
# of 2018 § 402 (adding 46 U.S.C. §§ 70503, 70506).
SAFETY_VALVE_OFFENSES = {(21, "841"), (21, "844"), (21, "846"), (21, "960"), (21, "963"),
                         (46, "70503"), (46, "70506")}
PULSIFER = "Pulsifer v. United States, 601 U.S. 124 (2024)"

# The districts of the Second Circuit (28 U.S.C. § 41), whose proffer cases (Velez, Barrow,
# Oluwanisola, Rosemond) bind there and are only persuasive elsewhere.
_SECOND_CIRCUIT = {"dconn", "edny", "ndny", "sdny", "wdny", "dvt"}


def in_second_circuit(district: str) -> bool:
    """``S.D.N.Y.``, ``SDNY``, ``D. Conn.`` ... -> True."""
    key = "".join(ch for ch in district.lower() if ch.isalpha())
    return key in _SECOND_CIRCUIT


def second_circuit_notes(cites, district: str | None) -> list[str]:
    """Review-comment lines for Second Circuit cases cited outside that circuit (or where the
    district is not known): they persuade there, they do not bind."""
    second = [c for c in cites if "(2d Cir." in c]
    if not second or (district and in_second_circuit(district)):
        return []
    where = f"in {district}, which is outside that circuit" if district else "outside that circuit"
    return [f"The Second Circuit cases cited ({'; '.join(second)}) are persuasive only {where}.",
            "[VERIFY] how this circuit treats the point before relying on them."]


@dataclass
class Criterion:
    met: bool | None
    reason: str
    cite: str
    missing: list[str] = field(default_factory=list)
    verify: list[str] = field(default_factory=list)   # for counsel; never in the client's copy

    def to_json(self) -> dict:
        """``reason`` carries counsel's [VERIFY] flags; ``plain_reason`` is the same reason
        without them (the words a client-facing document may use)."""
        flags = "".join(f" [VERIFY] {v}" for v in self.verify)
        return {"met": self.met, "reason": self.reason + flags, "plain_reason": self.reason,
                "cite": self.cite}


@dataclass
class SafetyValve:
    offense_covered: bool
    eligible: bool | None
    criteria: dict[str, Criterion]
    missing_facts: list[str]
    covered_statutes: list[str]
    uncovered_minimum_statutes: list[str]
    remaining_minimum_months: int = 0
    conflicts: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "offense_covered": self.offense_covered,
            "eligible": self.eligible,
            "criteria": {k: c.to_json() for k, c in self.criteria.items()},
            "missing_facts": self.missing_facts,
            "remaining_minimum_months": self.remaining_minimum_months,
            "conflicts": list(self.conflicts),
        }


@dataclass
class Deadline:
    id: str
    date: dt.date
    basis: str
    note: str | None = None          # for counsel (may carry [VERIFY])
    title: str = ""
    public_note: str | None = None   # neutral words fit for a letter to the government
    plan_date: dt.date | None = None   # the business day the plan files by, when the date is not one
    provisional: bool = False          # computed from a sentencing that has not happened yet

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
    second_circuit: bool = False
    dates: list = field(default_factory=list)          # KeyDate
    information: list[dict] = field(default_factory=list)
    bargaining: dict = field(default_factory=dict)
    fact_conflicts: list[str] = field(default_factory=list)   # for counsel only
    f1_plain: str = ""

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
            rule35b=_rule35b_context(r35),
            dates=[k.to_context() for k in self.dates],
            information=list(self.information),
            bargaining=dict(self.bargaining),
            fact_conflicts=list(self.fact_conflicts),
            f1_plain=self.f1_plain,
        )
        return data


def _rule35b_context(d: Deadline | None) -> dict | None:
    if d is None:
        return None
    return {"date": d.date.isoformat(), "date_long": longdate(d.date), "note": d.note,
            "note_sentence": f" {d.note}" if d.note else "",
            "weekday": f"{d.date:%A}", "provisional": d.provisional,
            "plan_date_long": longdate(d.plan_date) if d.plan_date else None}


# --- mandatory minimum ------------------------------------------------------------------

def _minimum_over(charges) -> tuple[int, list[str]]:
    concurrent = [c for c in charges if not c.runs_consecutively]
    consecutive = [c for c in charges if c.runs_consecutively]
    base = max((c.mandatory_minimum_months for c in concurrent), default=0)
    total = base + sum(c.mandatory_minimum_months for c in consecutive)
    statutes = [c.statute for c in concurrent if base and c.mandatory_minimum_months == base][:1]
    statutes += [c.statute for c in consecutive if c.mandatory_minimum_months]
    return total, statutes


def mandatory_minimum(matter: Matter) -> tuple[int, list[str]]:
    """Largest minimum over non-consecutive counts plus the sum over consecutive ones
    (18 U.S.C. § 924(c)(1)(D)(ii) and § 1028A(b)(2) require consecutive terms)."""
    return _minimum_over(matter.charges)


def needs_3553e(minimum: int, status: str, stage: str = "charged") -> bool:
    """18 U.S.C. § 3553(e): only a government motion permits a sentence below a statutory
    minimum for substantial assistance; a § 5K1.1 motion alone does not (Melendez). After
    sentencing the route is the government's Rule 35(b) motion, on which the court may go below
    the minimum without a separate § 3553(e) motion (Fed. R. Crim. P. 35(b)(4))."""
    return minimum > 0 and status != "declined" and stage != "sentenced"


# --- the safety valve, 18 U.S.C. § 3553(f) as amended by the First Step Act ---------------

def _covered(charge) -> bool:
    return (charge.title, charge.section) in SAFETY_VALVE_OFFENSES


def _is_924c(charge) -> bool:
    return charge.title == 18 and charge.section == "924" and charge.subsection.lower().startswith("(c)")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _prior_name(i: int, prior) -> str:
    return f"prior sentence {i + 1}" + (f" ({prior.description})" if prior.description else "")


STATUS_POINT_FLAG = ("whether the USSG § 4A1.1(e) status point counts toward § 3553(f)(1)(A): "
                     "it does on the statute's text, but no commentary or circuit case was found")


def _f1(matter: Matter) -> Criterion:
    """§ 3553(f)(1) read as in Pulsifer: (A) more than 4 points excluding 1-point offenses,
    (B) a prior 3-point offense, (C) a prior 2-point violent offense: each disqualifies alone.

    (A) counts the points of 2- and 3-point prior sentences and the § 4A1.1(e) status point
    (flagged for counsel when it decides (A)); § 4A1.1(d) crime-of-violence points are
    contested, so (f)(1) is unknown when they alone would carry (A) over 4. A 2-point prior whose
    violence is unknown leaves (C), and so (f)(1), unknown."""
    cite = f"18 U.S.C. § 3553(f)(1); {PULSIFER}"
    history = matter.criminal_history
    if history is None:
        return Criterion(None, "criminal history not yet known", cite, ["criminal_history"])
    priors = history.prior_sentences
    scored = sum(p.points for p in priors if p.points in (2, 3))
    status = history.status_points
    counted = scored + status
    ones = sum(1 for p in priors if p.points == 1)
    threes = [p for p in priors if p.points == 3]
    violent_twos = [p for p in priors if p.points == 2 and p.violent is True]
    verify: list[str] = []
    reasons = []
    if counted > 4:
        part = f"(A): {_plural(scored, 'point')} from 2- and 3-point offenses"
        if status:
            part += " plus the USSG § 4A1.1(e) status point"
            if scored <= 4:
                verify.append(STATUS_POINT_FLAG)
        reasons.append(part + f", {counted} in all, more than 4")
    if threes:
        reasons.append(f"(B): {len(threes)} prior 3-point offense{'s' if len(threes) > 1 else ''}")
    if violent_twos:
        reasons.append("(C): a prior 2-point violent offense")
    if reasons:
        return Criterion(False, "disqualified under " + "; ".join(reasons)
                         + " (each alone disqualifies)", cite, verify=verify)
    base = (f"{_plural(counted, 'point')} counted under (A)"
            + (" (including the USSG § 4A1.1(e) status point)" if status else "")
            + ", not more than 4; no 3-point offense")
    if ones:
        base += f"; {ones} one-point offense{'s' if ones != 1 else ''} excluded"
    unsure = [(i, p) for i, p in enumerate(priors) if p.points == 2 and p.violent is None]
    if unsure:
        names = "; ".join(_prior_name(i, p) for i, p in unsure)
        return Criterion(
            None, f"{base}; unknown whether {names} was a violent offense (18 U.S.C. § 3553(g): "
            "a crime of violence under 18 U.S.C. § 16(a) punishable by imprisonment); a 2-point "
            "violent offense disqualifies under (C)", cite,
            [f"criminal_history.prior_sentences[{i}].violent" for i, _ in unsure])
    if history.violence_points and counted + history.violence_points > 4:
        return Criterion(
            None, f"{base}; with the {_plural(history.violence_points, 'point')} under USSG "
            f"§ 4A1.1(d) the total would be {counted + history.violence_points}, more than 4: "
            "whether those points come from a \"1-point offense\" and so are excluded is "
            "contested", cite,
            verify=["whether USSG § 4A1.1(d) points count toward § 3553(f)(1)(A) in this circuit"])
    reason = base + "; no 2-point violent offense"
    if history.violence_points:
        reason += (f"; the {_plural(history.violence_points, 'point')} under USSG § 4A1.1(d) "
                   "would not change (A)")
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


F5_OUTSTANDING = (
    "no later than the sentencing hearing, the client must truthfully provide the government all "
    "information and evidence the client has concerning the offense or offenses that were part of "
    "the same course of conduct or of a common scheme or plan (as courts read it, this includes "
    "what the client knows about others' roles); having no relevant or useful information, or "
    "information the government already has, does not defeat it, and information disclosed may "
    "not be used to enhance the sentence unless it relates to a violent offense")
F5_MADE = "disclosure made, per counsel; the court decides at sentencing"


def safety_valve(matter: Matter) -> SafetyValve:
    covered = [c.statute for c in matter.charges if _covered(c)]
    uncovered_min = [c.statute for c in matter.charges
                     if not _covered(c) and c.mandatory_minimum_months]
    # The safety valve lifts only the minimums of covered counts (§ 3553(f) names the offenses).
    remaining, _ = _minimum_over([c for c in matter.charges if not _covered(c)])
    o = matter.offense
    f1 = _f1(matter)
    f2 = _any_true_else_unknown(
        {"offense.violence_or_threats": o.violence_or_threats, "offense.weapon": o.weapon},
        {"offense.violence_or_threats": "used violence or credible threats of violence",
         "offense.weapon": "possessed a firearm or dangerous weapon (or induced another to)"},
        "18 U.S.C. § 3553(f)(2)", "no violence, threats or weapon")
    conflicts = []
    gun_counts = [c.statute for c in matter.charges if _is_924c(c)]
    if gun_counts:
        if o.weapon is not True:
            conflicts.append(
                f"the matter charges {', '.join(gun_counts)} (a firearm in connection with the "
                f"offense) but offense.weapon is {'false' if o.weapon is False else 'not stated'}: "
                "a § 924(c) charge defeats § 3553(f)(2) on its own; check the facts")
        f2 = Criterion(False, f"charged under {', '.join(gun_counts)}: a firearm in connection "
                       "with the offense", "18 U.S.C. § 3553(f)(2)")
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
    if matter.cooperation.safety_valve_disclosure is True:
        f5 = Criterion(True, F5_MADE, "18 U.S.C. § 3553(f)(5)")
    else:
        f5 = Criterion(None, F5_OUTSTANDING, "18 U.S.C. § 3553(f)(5)")
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
    return SafetyValve(bool(covered), eligible, criteria, missing, covered, uncovered_min,
                       remaining, conflicts)


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


def last_business_day_before(d: dt.date) -> dt.date:
    prior = d - dt.timedelta(days=1)
    while prior.weekday() >= 5 or prior in _us_holidays(prior.year):
        prior -= dt.timedelta(days=1)
    return prior


def non_business_day_note(d: dt.date) -> str | None:
    """Words for a deadline that falls on a weekend or a federal holiday (the date stays)."""
    why = _non_business_reason(d)
    if not why:
        return None
    prior = last_business_day_before(d)
    return (f"The one-year date falls on {why}; plan for the government to file by "
            f"{longdate(prior)}, the last business day before it, rather than rely on any "
            "extension [VERIFY].")


def deadlines(matter: Matter) -> list[Deadline]:
    """Fed. R. Crim. P. 35(b)(1): the government's motion within one year of sentencing
    ("sentencing" is the oral announcement, Rule 35(c))."""
    out = []
    sd = matter.case.sentencing_date
    if sd is not None and matter.cooperation.status != "declined":
        date = one_year_after(sd)
        provisional = matter.case.stage != "sentenced"
        note = non_business_day_note(date)
        if provisional:
            note = ((note + " ") if note else "") + (
                "Provisional: sentencing has not happened yet; recompute the date from the day "
                "the sentence is actually announced (Fed. R. Crim. P. 35(c)).")
        out.append(Deadline("rule-35b-one-year", date, "Fed. R. Crim. P. 35(b)(1)", note,
                            "Rule 35(b) motion: one year from sentencing", public_day_note(date),
                            last_business_day_before(date) if _non_business_reason(date) else None,
                            provisional))
    return out


@dataclass
class KeyDate:
    """A date to act on, as the memo, the checklist and the calendar show it."""
    id: str
    date: dt.date
    title: str
    note: str = ""

    def to_context(self) -> dict:
        return {"id": self.id, "date": self.date.isoformat(), "date_long": longdate(self.date),
                "title": self.title, "note": self.note}


def caption(matter: Matter) -> str:
    """"United States v. Name" once there is a case; before any charge, no caption."""
    if matter.case.stage == "investigation" and not matter.charges and not matter.case.number:
        return f"{matter.client.name} (investigation, no charges filed)"
    return f"United States v. {matter.client.name}"


def key_dates(matter: Matter, dls: list[Deadline]) -> list[KeyDate]:
    """The meeting set, the sentencing hearing still to come, and the Rule 35(b) date once
    sentence has been announced (a date computed from a future sentencing is not calendared:
    it moves with the hearing)."""
    out = []
    coop, case = matter.cooperation, matter.case
    if coop.proffer_date:
        out.append(KeyDate("meeting", coop.proffer_date, "Meeting with the government"
                           + (f" ({coop.proffer_location})" if coop.proffer_location else "")))
    if case.sentencing_date and case.stage != "sentenced":
        out.append(KeyDate("sentencing", case.sentencing_date, "Sentencing hearing (as scheduled)",
                           "The Rule 35(b) one-year date is computed from the day sentence is "
                           "announced (Fed. R. Crim. P. 35(b)(1), 35(c))."))
    for d in dls:
        if not d.provisional:
            out.append(KeyDate(d.id, d.date, d.title, d.note or ""))
    return sorted(out, key=lambda k: k.date)


# --- checklist items the facts trigger ----------------------------------------------------

@functools.lru_cache(maxsize=1)
def checklist_texts() -> dict[str, dict]:
    text = resources.files("drafter.law").joinpath("checklist.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def triggered_ids(matter: Matter, sv: SafetyValve, needs_e: bool, dls: list[Deadline]) -> list[str]:
    """Which checklist ids the facts trigger (the contract's table, plus drafter's own)."""
    coop = matter.cooperation
    info = coop.information
    before_sentence = matter.case.stage != "sentenced"
    triggers = {
        "seek-3553e-motion": needs_e,
        "safety-valve-path": sv.eligible is True and before_sentence,
        "safety-valve-facts-missing": sv.offense_covered and sv.eligible is None and before_sentence,
        "uncharged-conduct-protection": coop.uncharged_conduct is True,
        "safety-measures": coop.safety_concerns in ("moderate", "high"),
        "interpreter": interpreter_needed(matter),
        "information-already-known": bool(info) and all(i.known_to_government is True for i in info),
        "no-useful-information": info is not None and len(info) == 0,
        "testimony-unwilling": coop.willing_to_testify is False,
        "rule-35b-deadline": any(d.id == "rule-35b-one-year" for d in dls),
        "immigration-consequences": matter.client.us_citizen is False,
        "review-agents-reports": any(x.agents_report is not None and x.agents_report != "reviewed"
                                     for x in coop.sessions),
        "confirm-citizenship": matter.client.us_citizen is None,
        "safety-valve-partial": sv.offense_covered and sv.eligible is not False and before_sentence
        and sv.remaining_minimum_months > 0,
        "safety-valve-weapon-conflict": bool(sv.conflicts) and before_sentence,
        "attorney-proffer-first": coop.status in ("considering", "proffer-scheduled")
        or (coop.proffer_date is not None and before_sentence),
        "charge-bargaining": charge_bargaining(matter)["any"] and coop.status != "declined",
        "disclosure-information-conflict": before_sentence
        and any(i["disclosure_conflict"] for i in information_status(matter)),
    }
    return [k for k, v in triggers.items() if v]


# --- facts read for the memo and the checklist ---------------------------------------------

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
    on a prior "serious drug felony", 21 U.S.C. § 802(57))."""
    before = matter.case.stage != "sentenced"
    guns = [c for c in matter.charges if before and _is_924c(c) and c.mandatory_minimum_months]
    gun = [c.statute for c in guns]
    gun_months = sum(c.mandatory_minimum_months for c in guns)
    history = matter.criminal_history
    drug_priors = [p.description for p in (history.prior_sentences if history and before else [])
                   if p.points == 3 and p.description
                   and any(w in p.description.lower() for w in _DRUG_WORDS)]
    drug_mins = [c.mandatory_minimum_months for c in matter.charges
                 if _covered(c) and c.mandatory_minimum_months in (60, 120)]
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


def f1_plain(c: Criterion, matter: Matter) -> str:
    """The prior-record test in words a client reads (no "(A)" or point arithmetic)."""
    history = matter.criminal_history
    if history is None:
        return ""
    priors = history.prior_sentences
    if c.met is True:
        return ("On your record as we know it, none of the three limits is crossed"
                + (": the minor offenses that count only 1 point are left out of the count"
                   if any(p.points == 1 for p in priors) else "") + ".")
    if c.met is False:
        parts = []
        if any(p.points == 3 for p in priors):
            parts.append("you have an earlier sentence of more than 13 months")
        if any(p.points == 2 and p.violent is True for p in priors):
            parts.append("an earlier 2-point sentence was for a violent offense")
        counted = sum(p.points for p in priors if p.points in (2, 3)) + history.status_points
        if counted > 4:
            parts.append("your record adds up to more than 4 points, not counting minor offenses")
        return ("The record closes the safety valve: " + "; ".join(parts) + "."
                if parts else "")
    return ""


def interpreter_needed(matter: Matter) -> bool:
    lang = matter.client.language
    return bool(lang) and lang.strip().lower() not in ("english", "en", "eng")


PRIORITY_ORDER = {"high": 0, "medium": 1, "low": 2}


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


def render_item(item_id: str, context: dict) -> ChecklistItem:
    t = checklist_texts()[item_id]
    where = f"checklist item {item_id}"
    return ChecklistItem(
        id=item_id,
        priority=render_text(str(t["priority"]), context, where).strip(),
        point=" ".join(render_text(t["point"], context, where).split()),
        why=" ".join(render_text(t["why"], context, where).split()),
        cites=list(t.get("cites") or []),
        verify=list(t.get("verify") or []),
    )


def path_item_ids(matter: Matter, path: str) -> list[str]:
    """Checklist items the strategy's path adds (beyond those the facts trigger)."""
    ids = []
    if path == "hold" and matter.cooperation.proffer_date:
        ids.append("adjourn-meeting")
    if path == "declined" and matter.case.stage != "sentenced":
        ids.append("sentencing-advocacy")
    return ids


def path_items(matter: Matter, analysis: Analysis, path: str) -> list[ChecklistItem]:
    context = {"matter": matter_data(matter), "analysis": analysis.context()}
    return [render_item(i, context) for i in path_item_ids(matter, path)]


# The Eleventh Circuit's districts (28 U.S.C. § 41): Alabama, Florida, Georgia.
_ELEVENTH_CIRCUIT_STATES = ("ala", "fla", "ga")


def in_eleventh_circuit(district: str | None) -> bool:
    key = "".join(ch for ch in (district or "").lower() if ch.isalpha())
    return any(key.endswith(st) for st in _ELEVENTH_CIRCUIT_STATES)


def rothstein_cite(district: str | None) -> str:
    """United States v. Rothstein (11th Cir. 2019): binding only in the Eleventh Circuit. Its
    reporter citation was not confirmed, so it is cited by docket number with a flag."""
    where = ("" if in_eleventh_circuit(district)
             else "; an Eleventh Circuit case, persuasive only in this district")
    return ("(United States v. Rothstein, No. 18-11796 (11th Cir. Sept. 30, 2019) (published); "
            "reporter citation not confirmed" + where + ")")


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
