"""A client found guilty and awaiting sentence (case.stage: convicted) gets one plan in every
document: the sentencing is what is at stake, so the first must ask is the bar on using the
statements there (the guideline range, USSG § 1B1.8, the obstruction adjustment and acceptance
credit named) prevailing over rebuttal at that hearing; the plea-statement waiver is no ask; the
memo, outline, checklist and cover letter say the same, and after a trial at which the client
testified they say plainly what contradicting that testimony risks. Controls: a client before a
plea keeps the pre-plea asks, a sentenced client keeps the after-sentence bar, a plea conviction
speaks of plea withdrawal and not of trial testimony, a client who did not testify is not warned
about it, a client in custody is not told about release."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import REPO, matter_variant
from drafter.draft.packet import build
from drafter.law.plan import plan_for_path
from test_legal_corrections import docx_text

DATE = dt.date(2026, 12, 1)
CONVICTED = REPO / "matters" / "convicted-trial.yaml"
DEMO = REPO / "matters" / "demo.yaml"
SENTENCED = REPO / "matters" / "sentenced-with-minimum.yaml"
CLIENT_AND_AUSA = ("client-memo.docx", "cover-letter.docx", "proffer-agreement.docx")


def _build(path):
    plan = plan_for_path(path)
    files, _ = build(plan, DATE)
    return plan, {f.path: f for f in files}


def text(packet, name):
    return docx_text(packet[1][name].data)


def variant(tmp_path, change, base=CONVICTED):
    return matter_variant(base, tmp_path, change)


@pytest.fixture(scope="module")
def convicted():
    return _build(CONVICTED)


@pytest.fixture(scope="module")
def demo():
    return _build(DEMO)


# --- the asks ------------------------------------------------------------------------------

def test_the_sentencing_bar_is_the_first_must_ask_and_the_410_waiver_no_ask(convicted, demo):
    plan = convicted[0]
    must = {a.type: a for a in plan.strategy.must}
    assert must["direct-use-bar"].variant == "before-sentence"
    assert must["not-cooperation-agreement"].variant == "before-sentence"
    from drafter.law.strategy import must_table
    first = next(e for e in must_table() if e["type"] == "direct-use-bar")
    assert "convicted" in first["when"] and must_table()[0] is first     # first in the table
    ids = [i.id for i in plan.checklist]
    assert "clause:rule-410-waiver" not in ids
    assert plan.strategy.ask_for("rule-410-waiver") is None
    choice = next(c for c in plan.choices if c.type == "rule-410-waiver")
    assert "Not an ask at this stage" in choice.reason and plan.is_standard(choice)
    # released pending sentence: the flight ask stays on the checklist, with the release statute
    item = next(i for i in plan.checklist if i.id == "clause:fugitive-exception")
    assert "3143(a)" in " ".join(item.cites) and "released pending sentence" in item.why
    # the rebuttal and impeachment paragraphs move with the sentencing bar (no paragraph of the
    # draft contradicts it), so they are part of that ask, not a trade ask of their own
    assert "clause:rebuttal-use" not in ids
    bar = next(i for i in plan.checklist if i.id == "clause:direct-use-bar")
    assert "¶ 8 (Rebuttal Use)" in bar.point and "¶ 7 (Impeachment)" in bar.point
    # controls: before a plea the 410 waiver is an ask and the bar is the pre-plea one
    assert "clause:rule-410-waiver" in [i.id for i in demo[0].checklist]
    assert next(c for c in demo[0].choices if c.type == "direct-use-bar").variant == "defense-proposed"


def test_the_reasons_name_the_sentencing_and_the_trial_testimony(convicted, tmp_path):
    reasons = " ".join(convicted[0].strategy.reasons)
    assert "found guilty at trial" in reasons and "March 18, 2027" in reasons
    assert "USSG § 3C1.1" in reasons and "18 U.S.C. § 1001" in reasons and "Rule 35(b)" in reasons
    assert "not available for these offenses" in reasons         # fraud: no safety valve to speak of
    plea = _build(variant(tmp_path, lambda d: d["case"].update(conviction="plea", testified_at_trial=None)))
    reasons = " ".join(plea[0].strategy.reasons)
    assert "11(d)(2)(B)" in reasons and "3C1.1" not in reasons


def test_no_charge_bargaining_after_a_conviction(tmp_path):
    def drug(d):
        d["charges"] = [{"statute": "21 U.S.C. § 841(a)(1)", "mandatory_minimum_months": 60},
                        {"statute": "18 U.S.C. § 924(c)", "mandatory_minimum_months": 60}]
        d["criminal_history"] = {"prior_sentences": [
            {"description": "2016 Va. distribution of cocaine", "points": 3, "violent": False}]}
    path = variant(tmp_path, drug)
    plan = plan_for_path(path)
    assert not plan.analysis.bargaining["any"]
    assert "charge-bargaining" not in [i.id for i in plan.checklist]
    # control: the same charges before a plea are worth negotiating
    control = plan_for_path(variant(tmp_path, lambda d: (drug(d), d["case"].update(stage="charged"))))
    assert control.analysis.bargaining["any"]


# --- one plan in every document ----------------------------------------------------------

def test_agreement_bars_use_at_the_sentencing_and_prevails_over_rebuttal(convicted, demo):
    agreement = text(convicted, "proffer-agreement.docx")
    for words in ("at any sentencing or resentencing in this case",
                  "obstruction of justice under USSG § 3C1.1", "acceptance of responsibility under USSG § 3E1.1",
                  "Notwithstanding the paragraphs of this agreement on impeachment and rebuttal use, at any "
                  "such sentencing", "For purposes of USSG § 1B1.8", "detention or release pending sentence"):
        assert words in agreement, words
    assert "3C1.1" not in text(demo, "proffer-agreement.docx")                        # control


def test_memo_outline_checklist_and_letter_follow_the_same_plan(convicted):
    memo = text(convicted, "client-memo.docx")
    assert "What is at stake now is your sentence" in memo
    assert "Your trial testimony. You testified at trial" in memo
    assert "obstruction of justice (USSG § 3C1.1)" in memo and "18 U.S.C. § 1001" in memo
    assert "nothing you say be used to calculate your guideline range" in memo
    assert "Your release." in memo                                  # released pending sentence
    assert "Pleading guilty without cooperating" not in memo and "Going to trial." not in memo
    assert "This can make it very hard to defend the case at trial" not in memo
    prep = text(convicted, "proffer-prep.docx")
    assert "The client's trial testimony" in prep and "Dunnigan" in prep and "1623(d)" in prep
    assert "Release pending sentence" in prep and "3143(a)" in prep
    assert "Until it is signed nothing is said" in prep
    item = next(i for i in convicted[0].checklist if i.id == "trial-testimony-exposure")
    assert "transcript" in item.point and any("1623(d)" in v for v in item.verify)
    proffer = next(i for i in convicted[0].checklist if i.id == "attorney-proffer-first")
    assert "strictly hypothetical" in proffer.point and "reverse proffer adds little" in proffer.point.lower()
    letter = text(convicted, "cover-letter.docx")
    assert "No Direct Use (¶ 3)" in letter and "sentencing is set for March 18, 2027" in letter
    assert "signed by all parties before the meeting begins" in letter
    assert "plea discussions within Federal Rule of Evidence 410" not in letter
    for name in CLIENT_AND_AUSA:                               # flags stay in counsel's copies
        assert "VERIFY" not in text(convicted, name), name
        assert "Gaye" not in text(convicted, name), name


def test_plea_conviction_speaks_of_withdrawal_not_of_trial_testimony(tmp_path):
    path = variant(tmp_path, lambda d: d["case"].update(conviction="plea", testified_at_trial=None))
    packet = _build(path)
    memo = text(packet, "client-memo.docx")
    assert "Your guilty plea." in memo and "fair and just reason" in memo and "11(d)(2)(B)" in memo
    assert "Your trial testimony" not in memo and "3C1.1" not in memo.split("What cooperating means")[0]
    assert "trial-testimony-exposure" not in [i.id for i in packet[0].checklist]
    prep = text(packet, "proffer-prep.docx")
    assert "The client's trial testimony" not in prep and "fair and just reason" in prep
    assert packet[0].strategy.ask_for("direct-use-bar").variant == "before-sentence"


def test_a_client_who_did_not_testify_is_not_warned_about_it(tmp_path):
    packet = _build(variant(tmp_path, lambda d: d["case"].update(testified_at_trial=False)))
    memo = text(packet, "client-memo.docx")
    assert "You did not testify at trial" in memo and "line by line" not in memo
    assert "trial-testimony-exposure" not in [i.id for i in packet[0].checklist]


def test_a_client_in_custody_keeps_the_flight_paragraph_but_hears_nothing_of_release(tmp_path):
    packet = _build(variant(tmp_path, lambda d: d["client"].update(in_custody=True)))
    assert "Your release." not in text(packet, "client-memo.docx")
    assert "Release pending sentence" not in text(packet, "proffer-prep.docx")
    choice = next(c for c in packet[0].choices if c.type == "fugitive-exception")
    assert "Not an ask at this stage" not in choice.reason         # only a sentenced client drops it


def test_sentenced_client_keeps_the_after_sentence_bar():
    plan = plan_for_path(SENTENCED)
    assert plan.strategy.ask_for("direct-use-bar").variant == "after-sentence"
    assert "trial-testimony-exposure" not in [i.id for i in plan.checklist]


def test_a_client_who_declines_hears_of_the_sentencing_not_of_meeting_terms(tmp_path):
    packet = _build(variant(tmp_path, lambda d: d["cooperation"].update(status="declined")))
    assert packet[0].strategy.path == "declined" and "proffer-agreement.docx" not in packet[1]
    memo = text(packet, "client-memo.docx")
    assert "not part of plea talks" not in memo and "would matter only if there were ever a new trial" not in memo
    assert "can decide that from the trial record alone" in memo and "USSG § 3C1.1" in memo
    assert "Your release." not in memo                                    # no meeting, no flight clause
    assert "trial-testimony-exposure" not in [i.id for i in packet[0].checklist]
    # the memo does not tell a convicted client about pleading guilty
    assert "If you plead guilty and accept responsibility" not in memo


def test_conviction_left_unknown_still_builds_one_plan(tmp_path):
    def unknown(d):
        d["case"].pop("conviction")
        d["case"].pop("testified_at_trial")
    packet = _build(variant(tmp_path, unknown))
    memo = text(packet, "client-memo.docx")
    assert "Your trial testimony" not in memo and "Your guilty plea" not in memo
    assert packet[0].strategy.ask_for("direct-use-bar").variant == "before-sentence"
    assert "found guilty;" in " ".join(packet[0].strategy.reasons)


def test_cooperation_terms_after_a_trial_speak_of_no_plea(tmp_path):
    packet = _build(variant(tmp_path, lambda d: d["cooperation"].update(status="cooperating")))
    terms = text(packet, "cooperation-terms.docx")
    assert "proposed for the cooperation agreement" in terms and "found guilty at trial" in terms
    assert not re.search(r"\bplea|\bplead", terms, re.I), terms
    assert "cooperation provisions for the cooperation agreement" in text(packet, "cover-letter.docx")
    # control: convicted on a plea, the plea terms stay (withdrawal only for a fair and just reason)
    plea = _build(variant(tmp_path, lambda d: (d["cooperation"].update(status="cooperating"),
                                              d["case"].update(conviction="plea", testified_at_trial=None))))
    terms = text(plea, "cooperation-terms.docx")
    assert "Withdrawal of the Plea." in terms and "guilty plea" in terms
    # control: before a plea the provisions are for the plea agreement
    control = _build(REPO / "matters" / "minimum-cooperating.yaml")
    assert "proposed for the plea agreement" in text(control, "cooperation-terms.docx")
