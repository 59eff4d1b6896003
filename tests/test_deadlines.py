"""The letter's own deadline to sign or accept it, checked against the day of the review.

A deadline that has passed, or falls within a week, is a warning in the report and the first item
of the checklist; the counter-draft never changes the date. The day of the review is given
(``--date``), so a review of the same letter on the same day always reads the same.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from drafter.cli import main
from drafter.docx.letters import read_letter
from drafter.review.counterdraft import write_outputs
from drafter.review.deadlines import SOON_DAYS, find_deadlines
from drafter.review.review import review_letter
from test_review import document_xml, resolve

HERE = Path(__file__).resolve().parent / "letters"
BASE = (HERE / "edny-proffer.txt").read_text(encoding="utf-8")


def letter_with(tmp_path: Path, sentence: str) -> Path:
    path = tmp_path / "proffer.txt"
    path.write_text(BASE.replace("12.\tBy signing", "12.\t" + sentence + "\n\n13.\tBy signing", 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("sentence", [
    "Please have your client sign this letter and return it to me no later than March 3, 2025.",
    "This letter must be signed and returned by March 3, 2025.",
    "This offer expires on March 3, 2025.",
    "If this letter is not accepted by 5:00 p.m. on Monday, March 3, 2025, the offer will be withdrawn.",
    "Please sign and return the enclosed copy on or before 3 March 2025.",
    "The signed letter must be returned to this Office by 03/03/2025.",
])
def test_the_ways_a_letter_sets_its_deadline(tmp_path, sentence):
    found = find_deadlines(read_letter(letter_with(tmp_path, sentence)))
    assert [d.date for d in found] == [dt.date(2025, 3, 3)], sentence


@pytest.mark.parametrize("sentence", [
    "The meeting will take place at this Office on March 3, 2025, at 10:00 a.m.",
    "Your client will pay restitution of $5,000 on or before March 3, 2025.",
    "Your client arrives no earlier than March 1, 2025 and departs no later than March 3, 2025.",
    "Your client was charged by complaint filed on March 3, 2025, after the Court accepted the plea.",
])
def test_other_dates_are_no_deadline(tmp_path, sentence):
    assert find_deadlines(read_letter(letter_with(tmp_path, sentence))) == [], sentence


SIGN_BY = "Please have your client sign this letter and return it to me no later than March 3, 2025."


def test_a_passed_deadline_is_flagged_first(tmp_path):
    review = review_letter(letter_with(tmp_path, SIGN_BY), today=dt.date(2025, 3, 10))
    notes = [w for w in review.warnings if "deadline to sign" in w]
    assert len(notes) == 1
    assert "March 3, 2025" in notes[0] and "passed 7 days before this review" in notes[0]
    assert "Paragraph 12" in notes[0]
    first = review.checklist[0]
    assert first.id == "review:deadline" and first.priority == "high" and "March 3, 2025" in first.point
    assert "[VERIFY]" not in first.point


def test_a_deadline_within_the_window_is_flagged_and_a_later_one_is_not(tmp_path):
    path = letter_with(tmp_path, SIGN_BY)
    soon = review_letter(path, today=dt.date(2025, 3, 3) - dt.timedelta(days=SOON_DAYS))
    assert any(f"falls {SOON_DAYS} days after this review" in w for w in soon.warnings)
    today = review_letter(path, today=dt.date(2025, 3, 3))
    assert any("is the day of this review" in w for w in today.warnings)
    later = review_letter(path, today=dt.date(2025, 3, 3) - dt.timedelta(days=SOON_DAYS + 1))
    assert not any("deadline" in w for w in later.warnings)
    assert all(i.id != "review:deadline" for i in later.checklist)


def test_the_report_flags_it_and_the_redline_keeps_the_date(tmp_path):
    path = letter_with(tmp_path, SIGN_BY)
    review = review_letter(path, today=dt.date(2025, 4, 1))
    write_outputs(review, tmp_path / "out", dt.date(2025, 4, 1), force=True)
    md = (tmp_path / "out" / "proffer.review.md").read_text(encoding="utf-8")
    assert "deadline to sign or accept it, March 3, 2025" in md
    assert "Deadline to sign or accept" in md                        # the checklist's item
    root = document_xml(tmp_path / "out" / "proffer.counter.docx")
    accepted = resolve(root, accept=True)
    assert any(SIGN_BY in p for p in accepted)                      # the Office's date as it wrote it


def test_same_day_same_review_and_the_day_is_injectable(tmp_path):
    path = letter_with(tmp_path, SIGN_BY)
    runner = CliRunner()

    def run(day: str) -> dict:
        result = runner.invoke(main, ["review", str(path), "--json", "--date", day])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    before, again, after = run("2025-02-01"), run("2025-02-01"), run("2025-03-04")
    assert before == again
    assert not any("deadline" in w for w in before["warnings"])
    assert any("passed 1 day before this review" in w for w in after["warnings"])
    assert after["checklist"][0]["id"] == "review:deadline"


def test_a_whole_letters_deadline(tmp_path):
    """Set A's antitrust letter asks for the signed acknowledgment back "before March 24, 2026"."""
    path = HERE / "whole" / "08-antitrust-immunity-szymanski.txt"
    assert [d.date for d in find_deadlines(read_letter(path))] == [dt.date(2026, 3, 24)]
    review = review_letter(path, today=dt.date(2026, 3, 20))
    assert any("falls 4 days after this review" in w for w in review.warnings)
    # the letter's own words, "Ms." as it writes it, and the date quoted whole
    note = next(w for w in review.warnings if "deadline" in w)
    assert "\u2024" not in note and "If Ms. Szymanski" in note
    assert "before March 24, 2026" in note


# --- the day the letter sets for its meeting -----------------------------------------------------------------

from drafter.review.deadlines import find_meetings  # noqa: E402

PETTIGREW = HERE / "whole" / "02-edva-proffer-pettigrew.txt"


@pytest.mark.parametrize("sentence", [
    "The meeting will take place at this Office on March 3, 2025, at 10:00 a.m.",
    "The interview is scheduled for Monday, March 3, 2025.",
    "This letter covers only what your client says on March 3, 2025.",
])
def test_the_ways_a_letter_sets_its_meeting_day(tmp_path, sentence):
    assert [d.date for d in find_meetings(read_letter(letter_with(tmp_path, sentence)))] == [dt.date(2025, 3, 3)]


@pytest.mark.parametrize("sentence", [
    "Your client was interviewed by agents on March 3, 2025, without counsel.",
    "The Office will not charge the conduct he described in his proffer sessions of March 1 and March 3, 2025.",
    "The Office will not prosecute any bid rigging between January 1, 2014 and the date of this letter.",
    "Your client will pay restitution at the meeting on March 3, 2025.",
])
def test_a_date_the_letter_only_recounts_is_no_meeting_day(tmp_path, sentence):
    assert find_meetings(read_letter(letter_with(tmp_path, sentence))) == [], sentence


def test_a_meeting_day_that_has_passed_is_flagged_once_and_left_in_the_letter():
    review = review_letter(PETTIGREW, today=dt.date(2026, 12, 2))
    notes = [w for w in review.warnings if "sets for the meeting" in w]
    assert len(notes) == 1 and "November 5, 2026" in notes[0] and "passed 27 days before this review" in notes[0]
    assert review.checklist[0].title == "Meeting date has passed" and review.checklist[0].priority == "high"


def test_a_meeting_day_still_ahead_is_not_flagged():
    review = review_letter(PETTIGREW, today=dt.date(2026, 11, 1))
    assert not [w for w in review.warnings if "sets for the meeting" in w]
    assert all(item.title != "Meeting date has passed" for item in review.checklist)
