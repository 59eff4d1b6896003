"""A sentenced client's packet is one plan (cold read 15, defense): the after-sentence direct-use
paragraph prevails over the impeachment and rebuttal paragraphs at the hearings that can still
change the sentence, the memo, outline and cover letter say exactly that, nothing is said before
the agreement is signed, the agreement is a USSG § 1B1.8 agreement, the Rule 35(b) paragraph
describes the help and not the client's admissions, and the memo never leans on Rule 35(b)(2).
Each finding has a control: a client who has not been sentenced (demo.yaml) keeps the pre-plea
wording."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from conftest import REPO
from drafter.draft.packet import build
from drafter.law.plan import plan_for_path
from test_legal_corrections import docx_text

DATE = dt.date(2026, 12, 1)
SENTENCED = REPO / "matters" / "sentenced-with-minimum.yaml"
DEMO = REPO / "matters" / "demo.yaml"


def _build(path):
    plan = plan_for_path(path)
    files, _ = build(plan, DATE)
    return plan, {f.path: f for f in files}


@pytest.fixture(scope="module")
def sentenced():
    return _build(SENTENCED)


@pytest.fixture(scope="module")
def demo():
    return _build(DEMO)


def text(packet, name):
    return docx_text(packet[1][name].data)


def paragraph(agreement: str, heading: str, following: str) -> str:
    """The agreement's paragraph from ``heading`` up to the next paragraph's heading (the text is
    flattened to one line, quotes straightened)."""
    start = agreement.index(heading)
    return agreement[start:agreement.index(following, start)]


# --- 1. the after-sentence paragraph prevails, and every document says what it says ----------

def test_after_sentence_bar_prevails_over_impeachment_and_rebuttal(sentenced, demo):
    agreement = text(sentenced, "proffer-agreement.docx")
    bar = paragraph(agreement, "No Direct Use.", "False Statements, Perjury")
    assert ("Notwithstanding the paragraphs of this agreement on impeachment and rebuttal use, in any of "
            "those proceedings, and at a sentencing of the Client in another case, the Office may offer a "
            "statement the Client made at the Meeting against the Client only to rebut a statement the "
            "Client makes in that proceeding which is inconsistent with it.") in bar
    # the cap of five changed paragraphs holds: the limit rides on the direct-use ask itself
    must = [a for a in sentenced[0].strategy.asks if a.tier == "must"]
    assert len(must) <= 5 and "rebuttal-use" not in {a.type for a in must}
    # control: before a plea the direct-use paragraph carries no such limit
    assert "on impeachment and rebuttal use" not in text(demo, "proffer-agreement.docx")


def test_memo_outline_and_letter_describe_the_draft_as_written(sentenced, demo):
    memo = text(sentenced, "client-memo.docx")
    # the old memo promised a contradiction requirement the draft's rebuttal paragraph lacks
    assert "if something said for you contradicts them" not in memo
    assert "could be used against you only to answer something you yourself say there" in memo
    assert "even if nothing offered for you contradicts what you said" in memo
    assert "or to show that something you said at the meeting was a lie" in memo     # ¶ 9's second limb
    prep = text(sentenced, "proffer-prep.docx")
    assert "the Office's broader" not in prep                  # counsel's own draft, no Office letter
    assert "prevails over the impeachment and rebuttal paragraphs" in prep
    assert "the wording requires no contradiction" in prep
    letter = text(sentenced, "cover-letter.docx")
    assert "notwithstanding the impeachment and rebuttal paragraphs" in letter
    assert "showing that a statement made at the meeting was knowingly false" in letter
    # control: the pre-plea memo keeps its own account of the terms
    assert "could be used against you only to answer something you yourself say there" not in \
        text(demo, "client-memo.docx")


# --- 2. one plan for the meeting date: signed first, nothing said before ---------------------

def test_every_document_has_the_agreement_signed_before_anything_is_said(sentenced, demo):
    item = next(i for i in sentenced[0].checklist if i.id == "attorney-proffer-first")
    assert "go ahead with an attorney proffer" not in item.point
    assert "signed by everyone before it begins" in item.point and "strictly hypothetical" in item.point
    assert "801(d)(2)" in item.why and "not a plea" in item.why
    assert "Nothing will be said, by you or by me for you, until that agreement is signed" in \
        text(sentenced, "client-memo.docx")
    prep = text(sentenced, "proffer-prep.docx")
    assert "Have the agreement signed before any question is asked" in prep
    assert "Until it is signed nothing is said, by the client or by counsel" in prep
    assert "Until it is signed nothing is said" not in text(demo, "proffer-prep.docx")      # control
    assert "signed by all parties before the meeting begins" in text(sentenced, "cover-letter.docx")
    # control: before a plea the advice stays the reverse proffer, and the letter asks nothing of it
    control = next(i for i in demo[0].checklist if i.id == "attorney-proffer-first")
    assert "reverse proffer" in control.point and "strictly hypothetical" not in control.point
    assert "hypothetical terms only" not in text(demo, "cover-letter.docx")


# --- 3. USSG § 1B1.8, and what the Office tells the Rule 35(b) judge --------------------------

def test_the_debriefing_letter_is_a_1b1_8_agreement_and_the_motion_describes_the_help(sentenced, demo):
    agreement = text(sentenced, "proffer-agreement.docx")
    first = paragraph(agreement, "Not a Cooperation Agreement.", "Truthful Answers.")
    assert "This agreement is not a cooperation agreement" in first
    assert ("For purposes of USSG § 1B1.8, however, it is an agreement under which the Client agrees to "
            "provide information about the unlawful activities of others") in first
    assert "in determining any guideline range applicable to the Client, except as this agreement provides" in first
    motion = paragraph(agreement, "Rule 35(b) Motion.", "Waiver of Rule 410")
    assert "may describe the Client's statements to the Court" not in motion
    assert "the nature and extent of the assistance the Client has provided" in motion
    assert "the information the Client gave about others" in motion
    assert ("will not offer the Court, as part of that description, the Client's statements about the "
            "Client's own conduct") in motion
    # the attorney learns what could not be confirmed; the prosecutor's copy carries no flag
    item = next(i for i in sentenced[0].checklist if i.id == "clause:safety-valve-use")
    assert any("App. Note 1" in v for v in item.verify)
    assert "VERIFY" not in agreement
    # control: before a plea ¶ 1 keeps its own wording, with no § 1B1.8 sentence
    assert "For purposes of USSG § 1B1.8" not in text(demo, "proffer-agreement.docx")
    assert "the draft nonetheless treats it as an agreement to give information about others" in \
        text(sentenced, "proffer-prep.docx")


# --- 4. the memo never leans on Rule 35(b)(2), and tells the client what testifying means ----

def test_memo_keeps_the_deadline_as_the_plan_and_explains_testimony(sentenced, make_matter):
    memo = text(sentenced, "client-memo.docx")
    assert "unless one of the later-motion situations clearly applies" not in memo
    assert "I will not count on the later-motion situations above" in memo
    assert "Testifying." in memo and "hand over the written record of what you said" in memo
    assert "the benefit you hope for or received" in memo
    assert "lying under oath or obstructing justice" in memo
    # control: a sentenced client who will not testify is not told about testifying
    data = yaml.safe_load(SENTENCED.read_text(encoding="utf-8"))
    data["cooperation"]["willing_to_testify"] = False
    path = make_matter(text=yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    other = text(_build(path), "client-memo.docx")
    assert "Testifying." not in other and "You have told me you will not testify" in other


# --- after the lead's read of the packet: one instruction on the memo, no concession in the letter --

def test_the_memo_gives_one_instruction_on_keeping_it_and_the_letter_concedes_no_law(sentenced, tmp_path):
    memo = text(sentenced, "client-memo.docx")
    # a client in custody who fears for his safety: counsel keeps the copy, said once, at the top
    assert memo.count("keep the copy") == 1 and "Please keep this memo to yourself" not in memo
    assert "not a plea discussion" not in text(sentenced, "cover-letter.docx")      # for the AUSA: no concession
    # control: a sentenced client at no risk keeps his memo, and is told to keep it to himself
    data = yaml.safe_load(SENTENCED.read_text(encoding="utf-8"))
    data["cooperation"]["safety_concerns"] = "none"
    safe = tmp_path / "sentenced-safe.yaml"
    safe.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    memo = text(_build(safe), "client-memo.docx")
    assert "Please keep this memo to yourself" in memo and "keep the copy" not in memo
