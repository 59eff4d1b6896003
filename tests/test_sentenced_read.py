"""Findings of a cold read of a sentenced client's debriefing packet (a senior defense lawyer's
eyes), pinned: every document speaks to a client already sentenced, and none promises what
counsel cannot deliver."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from drafter.cli import main

REPO = Path(__file__).resolve().parents[1]


def text_of(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs).replace("\u00a0", " ")


@pytest.fixture(scope="module")
def packet(tmp_path_factory):
    out = tmp_path_factory.mktemp("sentenced-read") / "p"
    r = CliRunner().invoke(main, ["packet", str(REPO / "matters" / "sentenced-with-minimum.yaml"), "-o",
                                  str(out), "--draft-date", "2026-12-01"])
    assert r.exit_code == 0, r.output
    return out


def test_memo_promises_to_press_for_a_motion_not_to_obtain_one(packet):
    memo = text_of(packet / "client-memo.docx")
    assert "make sure a motion is filed" not in memo
    assert "press in writing, well before" in memo
    assert "Only the prosecutor can ask" in memo


def test_memo_says_whom_the_promise_binds_and_what_rebuttal_reaches(packet):
    memo = text_of(packet / "client-memo.docx")
    assert "by the prosecutor’s office that signs the agreement" in memo
    assert "binds only that office" in memo
    # the standard rebuttal clause needs no testimony: the memo must not suggest it does
    assert "even if you never testify" in memo


def test_memo_states_no_discussion_the_matter_does_not_record(packet):
    memo = text_of(packet / "client-memo.docx")
    assert "which we have discussed" not in memo


def test_memo_for_a_client_in_danger_in_custody_is_kept_by_counsel_and_calls_are_legal_calls(packet):
    memo = text_of(packet / "client-memo.docx")
    assert "keep the copy" in memo
    assert "call me at" not in memo          # ordinary prison calls are recorded
    assert "legal call" in memo


def test_checklist_keeps_the_debriefing_instead_of_moving_it_after_sentencing(packet):
    checklist = (packet / "checklist.md").read_text(encoding="utf-8")
    assert "reverse proffer" not in checklist
    assert "ask to move the meeting" not in checklist
    assert "Keep the debriefing set for January 26, 2027" in checklist


def test_cover_letter_names_the_rule_35b_purpose_and_year_and_no_debrief_inside_the_facility(packet):
    letter = text_of(packet / "cover-letter.docx")
    assert "with a view to a motion under Federal Rule of Criminal Procedure 35(b)" in letter
    assert "ends on June 4, 2027" in letter
    assert "take place at the facility" not in letter


def test_agreement_and_outline_drop_pre_plea_language(packet):
    agreement = text_of(packet / "proffer-agreement.docx")
    assert "disposition of any charge" not in agreement
    prep = text_of(packet / "proffer-prep.docx")
    assert "only if there is ever a new trial" not in prep
    assert "new prosecution for other conduct" in prep
    assert "the agreement is the only protection" in prep


def test_a_client_before_sentencing_keeps_the_pre_plea_advice(tmp_path):
    out = tmp_path / "demo"
    r = CliRunner().invoke(main, ["packet", str(REPO / "matters" / "demo.yaml"), "-o", str(out),
                                  "--draft-date", "2026-12-01"])
    assert r.exit_code == 0, r.output
    agreement = text_of(out / "proffer-agreement.docx")
    assert "disposition of any charge" in agreement
    prep = text_of(out / "proffer-prep.docx")
    assert "Mezzanatto" in prep
