"""The safety valve, 18 U.S.C. § 3553(f) as amended by the First Step Act of 2018: which
offenses it covers, each of its five criteria applied to the facts, and what it leaves of the
mandatory minimum."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.matter import Matter
from .minimum import minimum_over

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


def covered_offense(charge) -> bool:
    return (charge.title, charge.section) in SAFETY_VALVE_OFFENSES


def is_924c(charge) -> bool:
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
    covered = [c.statute for c in matter.charges if covered_offense(c)]
    uncovered_min = [c.statute for c in matter.charges
                     if not covered_offense(c) and c.mandatory_minimum_months]
    # The safety valve lifts only the minimums of covered counts (§ 3553(f) names the offenses).
    remaining, _ = minimum_over([c for c in matter.charges if not covered_offense(c)])
    o = matter.offense
    f1 = _f1(matter)
    f2 = _any_true_else_unknown(
        {"offense.violence_or_threats": o.violence_or_threats, "offense.weapon": o.weapon},
        {"offense.violence_or_threats": "used violence or credible threats of violence",
         "offense.weapon": "possessed a firearm or dangerous weapon (or induced another to)"},
        "18 U.S.C. § 3553(f)(2)", "no violence, threats or weapon")
    conflicts = []
    gun_counts = [c.statute for c in matter.charges if is_924c(c)]
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
