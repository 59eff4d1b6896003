"""cooperation.sessions: validation, the Rule 35(b) request, the proffer-prep outline, the
logged derivative-use schedule and the review-agents-reports checklist item."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from drafter.cli import main
from drafter.docx.letters import read_letter
from drafter.draft.packet import build
from drafter.errors import DataError
from drafter.law.analysis import analyze
from drafter.law.plan import plan_for_path
from drafter.model.matter import load_matter

NOTE_1 = "Client shaky on the Doral dates; 302 wrong on amounts"
NOTE_2 = "Do not mention the cousin"
SESSIONS = [
    {"date": "2027-05-04", "place": "USAO Miami", "attendees": ["AUSA Whitfield", "SA Ortiz (DEA)"],
     "subjects": ["Courier routes through Port Everglades", "The Doral remitter"],
     "agents_report": "reviewed", "notes": NOTE_1},
    {"date": "2027-07-19", "place": "USAO Miami", "subjects": ["Stash houses in Hialeah"],
     "agents_report": "requested", "notes": NOTE_2},
]
SENTENCED = {"case": {"stage": "sentenced", "sentencing_date": "2027-03-01", "number": "1:26-cr-20001"},
             "cooperation": {"status": "cooperating", "sessions": SESSIONS}}
DATE = dt.date(2027, 9, 1)


def texts(files) -> dict[str, str]:
    import io
    import tempfile
    from pathlib import Path

    out = {}
    with tempfile.TemporaryDirectory() as d:
        for f in files:
            if f.path.endswith(".docx"):
                p = Path(d) / f.path
                p.write_bytes(f.data)
                out[f.path] = read_letter(p).text
            else:
                out[f.path] = io.BytesIO(f.data).getvalue().decode("utf-8", "replace")
    return out


def test_sessions_load_and_bad_values_name_file_and_line(make_matter):
    m = load_matter(make_matter({"cooperation": {"status": "cooperating", "sessions": SESSIONS}}))
    assert [s.date for s in m.cooperation.sessions] == [dt.date(2027, 5, 4), dt.date(2027, 7, 19)]
    assert m.cooperation.sessions[1].attendees == []
    bad = [{"date": "2027-13-01", "agents_report": "recieved", "subject": ["x"]}, {"place": "USAO"}]
    path = make_matter({"cooperation": {"status": "cooperating", "sessions": bad}})
    with pytest.raises(DataError) as e:
        load_matter(path)
    msg = str(e.value)
    assert f"{path}:" in msg
    assert "cooperation.sessions[0].date" in msg or "cooperation.sessions.0.date" in msg
    assert "'recieved' is not allowed" in msg
    assert "did you mean 'subjects'" in msg
    assert "this key is required" in msg          # the second session has no date
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output


@pytest.mark.parametrize("reports, expected", [
    (["reviewed", "requested"], True), (["reviewed", "reviewed"], False),
    (["received"], True), (["not-requested"], True), ([None], False), ([], False)])
def test_review_agents_reports_trigger(make_matter, reports, expected):
    sessions = [{"date": "2027-05-04"} | ({"agents_report": r} if r else {}) for r in reports]
    m = load_matter(make_matter({"cooperation": {"status": "cooperating", "sessions": sessions}}))
    ids = [i.id for i in analyze(m).checklist]
    assert ("review-agents-reports" in ids) is expected


def test_rule_35b_request_names_both_sessions(make_matter):
    plan = plan_for_path(make_matter(SENTENCED))
    files, gaps = build(plan, DATE, ["rule-35b-request"])
    t = texts(files)
    for name in ("rule-35b-request.docx", "rule-35b-request.review.docx"):
        text = t[name]
        for date in ("May 4, 2027", "July 19, 2027"):
            assert date in text
        for subject in ("Courier routes through Port Everglades", "Stash houses in Hialeah"):
            assert subject in text
        assert "the Doral remitter" in text         # a second subject continues the sentence
        assert "SUMMARY OF ASSISTANCE" not in text
        assert NOTE_1 not in text and NOTE_2 not in text and "302" not in text
    assert "SUMMARY OF ASSISTANCE AFTER SENTENCING" not in gaps


def test_rule_35b_request_keeps_the_blank_without_sessions_after_sentencing(make_matter):
    before = [dict(SESSIONS[0], date="2027-01-10")]
    plan = plan_for_path(make_matter({**SENTENCED, "cooperation": {"status": "cooperating", "sessions": before}}))
    files, gaps = build(plan, DATE, ["rule-35b-request"])
    text = texts(files)["rule-35b-request.docx"]
    assert "SUMMARY OF ASSISTANCE AFTER SENTENCING" in gaps     # no help after sentencing is recorded
    assert "Before sentencing" in text and "January 10, 2027" in text and NOTE_1 not in text


def test_future_sessions_are_not_claimed_as_assistance(make_matter):
    plan = plan_for_path(make_matter(SENTENCED))
    files, _ = build(plan, dt.date(2027, 6, 1), ["rule-35b-request"])
    text = texts(files)["rule-35b-request.docx"]
    assert "May 4, 2027" in text and "July 19, 2027" not in text


def test_proffer_prep_lists_subjects_already_covered(make_matter):
    plan = plan_for_path(make_matter({"cooperation": {"status": "proffered", "proffer_date": "2027-09-20",
                                                      "proffer_location": "USAO Miami", "sessions": SESSIONS}}))
    files, _ = build(plan, DATE, ["proffer-prep"])
    text = texts(files)["proffer-prep.docx"]
    assert "Sessions already held" in text
    assert "Courier routes through Port Everglades; The Doral remitter; Stash houses in Hialeah" in text
    assert NOTE_1 in text                                  # internal outline: counsel's notes stay
    assert "requested, not yet received" in text


def test_logged_derivative_use_carries_the_dated_schedule(make_matter):
    plan = plan_for_path(make_matter({"cooperation": {"status": "proffered", "sessions": SESSIONS},
                                      "negotiation": {"variants": {"derivative-use": "logged"}}}))
    files, _ = build(plan, DATE, ["proffer-agreement"])
    text = texts(files)["proffer-agreement.docx"]
    assert "May 4, 2027 (Courier routes through Port Everglades; The Doral remitter); July 19, 2027" in text
    assert "not counted as evidence the Office held independently" in text
    assert NOTE_1 not in text and NOTE_2 not in text


def test_no_external_document_carries_session_notes(make_matter):
    for changes in (SENTENCED, {"cooperation": {"status": "proffered", "sessions": SESSIONS}}):
        plan = plan_for_path(make_matter(changes))
        files, _ = build(plan, DATE)
        for f in files:
            if f.audience != "external":
                continue
            text = texts([f])[f.path]
            assert NOTE_1 not in text and NOTE_2 not in text, f.path


def test_session_text_reaches_the_drafts_literally(make_matter):
    tricky = [{"date": "2027-05-04", "place": "Room <7> & annex", "subjects": ["{{ 7*7 }} and José's 'ledger'"]}]
    plan = plan_for_path(make_matter({**SENTENCED, "cooperation": {"status": "cooperating", "sessions": tricky},
                                      "negotiation": {"variants": {"derivative-use": "logged"}}}))
    files, _ = build(plan, DATE, ["rule-35b-request"])
    text = texts(files)["rule-35b-request.docx"]
    assert "Room <7> & annex" in text and "{{ 7*7 }} and José" in text and "49" not in text
    plan = plan_for_path(make_matter({"cooperation": {"status": "proffered", "sessions": tricky},
                                      "negotiation": {"variants": {"derivative-use": "logged"}}}))
    files, _ = build(plan, DATE, ["proffer-agreement"])
    text = texts(files)["proffer-agreement.docx"]
    assert "May 4, 2027 ({{ 7*7 }} and José" in text


def test_clause_and_template_context_never_holds_notes(make_matter):
    plan = plan_for_path(make_matter(SENTENCED))
    assert all("notes" not in s for s in plan.context["cooperation"]["sessions"])
    assert all("notes" not in s for s in plan.context["matter"]["cooperation"]["sessions"])
    assert load_matter(make_matter(SENTENCED)).cooperation.sessions[0].notes == NOTE_1
