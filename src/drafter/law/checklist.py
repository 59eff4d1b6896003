"""The checklist items the facts (and the strategy's path) trigger, their wording from
``checklist.yaml`` rendered against the matter and its analysis."""

from __future__ import annotations

import functools
from importlib import resources
from typing import TYPE_CHECKING

from ..environment import render_text
from ..model import yamlfile
from ..model.matter import Matter, matter_data
from .checklist_items import AskItem, ChecklistItem, ReviewItem, priority_for  # noqa: F401  (re-exported)
from .deadlines import Deadline
from .facts import charge_bargaining, information_status, interpreter_needed
from .safety_valve import SafetyValve

if TYPE_CHECKING:
    from .analysis import Analysis


PRIORITY_ORDER = {"high": 0, "medium": 1, "low": 2}


@functools.lru_cache(maxsize=1)
def checklist_texts() -> dict[str, dict]:
    text = resources.files("drafter.law").joinpath("checklist.yaml").read_text(encoding="utf-8")
    return yamlfile.safe_load(text)


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
        "information-already-known": bool(info and all(i.known_to_government is True for i in info)),
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
        "trial-testimony-exposure": matter.case.stage == "convicted" and matter.case.conviction == "trial"
        and matter.case.testified_at_trial is not False and coop.status != "declined",
        "disclosure-information-conflict": before_sentence
        and any(i["disclosure_conflict"] for i in information_status(matter)),
    }
    return [k for k, v in triggers.items() if v]


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
