"""The cold-read findings on the client memo and the checklist, pinned per matter."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import REPO
from drafter.draft.packet import build
from drafter.environment import second_person
from drafter.law.plan import plan_for_path
from test_legal_corrections import docx_text

DATE = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def packets():
    cache = {}

    def get(name):
        if name not in cache:
            plan = plan_for_path(REPO / "matters" / f"{name}.yaml")
            files, _ = build(plan, DATE)
            cache[name] = (plan, {f.path: f for f in files})
        return cache[name]
    return get


def memo(packets, name):
    return docx_text(packets(name)[1]["client-memo.docx"].data)


def checklist_ids(packets, name):
    return {i.id for i in packets(name)[0].checklist}


def test_demo_use_limit_and_meeting(packets):
    text = memo(packets, "demo")
    assert "does not stop the government from bringing new charges" in text
    assert "can serve as that account" not in text
    assert "should not be treated as that account until the written terms" in text
    assert "reverse proffer" in text
    assert "Barranquilla" not in text          # safety notes paraphrased, never quoted
    plan = packets("demo")[0]
    item = next(i for i in plan.checklist if i.id == "attorney-proffer-first")
    assert "January 12, 2027" in item.point and item.priority == "high"


def test_declined_memo_and_checklist(packets):
    text = memo(packets, "declined")
    assert "This memo is about whether to cooperate" not in text
    assert "The leadership question is not settled" in text and "USSG § 3B1.1" in text
    assert "could open again" in text and "is not cooperation" in text
    assert "USSG § 3E1.1" in text and "third level" in text
    ids = checklist_ids(packets, "declined")
    assert "sentencing-advocacy" in ids
    plan = packets("declined")[0]
    t = next(i for i in plan.checklist if i.id == "testimony-unwilling")
    assert "say so before any proffer" not in t.point and t.priority == "low"


def test_minimum_cooperating(packets):
    plan, files = packets("minimum-cooperating")
    text = memo(packets, "minimum-cooperating")
    assert "whether to cooperate" not in text and "You are already helping" in text
    assert "The first step" not in text
    assert "11(d)(1)" in text and "11(d)(2)(A)" in text
    assert "§ 851" in text and "180 months" in text and "924(c)" in text
    assert "April 17, 2028" not in text and "April 16, 2027" in text
    assert "probably new to the government" not in text
    ids = checklist_ids(packets, "minimum-cooperating")
    assert {"charge-bargaining", "disclosure-information-conflict", "rule-35b-deadline"} <= ids
    # the JSON contract keeps the deadline; the calendar carries the sentencing, not the guess
    assert any(d["id"] == "rule-35b-one-year" for d in plan.analysis.to_json()["deadlines"])
    ics = files["deadlines.ics"].data.decode()
    assert "20270416" in ics and "20280416" not in ics


def test_sentenced_cooperating(packets):
    text = memo(packets, "sentenced-cooperating")
    assert "Help already given" in text
    assert "September 15, 2026" in text and "Shell accounts used to move the proceeds" in text
    assert "What you know appears to be new" not in text
    assert "probably new to the government" not in text
    assert "March 19, 2027" in text and "Saturday" in text
    assert "until one year or more after sentencing" in text


def test_sentenced_with_minimum_explains_debriefing(packets):
    text = memo(packets, "sentenced-with-minimum")
    assert "The debriefing on January 26, 2027" in text
    assert "Leads." in text and "If you later say something different." in text
    assert "housed at the same facility" not in text


def test_uncharged_hold(packets):
    plan, files = packets("uncharged-safety")
    text = memo(packets, "uncharged-safety")
    assert "We are asking" not in text and "If we go ahead, I would ask" in text
    assert "waiting has a real cost" in text
    assert 'points marked "unknown" above' not in text.replace("\u201c", '"').replace("\u201d", '"')
    assert "separation in custody" not in text and "in custody" not in text
    assert "adjourn-meeting" in checklist_ids(packets, "uncharged-safety")
    prep = docx_text(files["proffer-prep.docx"].data)
    assert "in custody" not in prep and "jail" not in prep
    md = files["checklist.md"].data.decode()
    assert "United States v." not in md.splitlines()[1]
    assert "separation in custody" not in md


def test_safety_valve_open(packets):
    text = memo(packets, "safety-valve-open")
    assert "USSG § 3B1.2" in text and "§ 2D1.1(a)(5)" in text
    assert "written statement" in text
    assert "recruited her" not in text and "recruited you" in text
    assert "co-defendants" not in text
    plan = packets("safety-valve-open")[0]
    pr = {i.id: i.priority for i in plan.checklist}
    assert pr["seek-3553e-motion"] == "low" and pr["testimony-unwilling"] == "low"
    import io
    import zipfile

    review = zipfile.ZipFile(io.BytesIO(packets("safety-valve-open")[1]["client-memo.review.docx"].data))
    assert "[VERIFY] practice varies" in review.read("word/comments.xml").decode()


def test_plain_f1_reason(packets):
    text = memo(packets, "demo")
    assert "counted under (A)" not in text and "each alone disqualifies" not in text


def test_checklist_dates_and_missing_facts(packets):
    _, files = packets("demo")
    md = files["checklist.md"].data.decode()
    dates = md.split("## Deadlines and dates")[1].split("##")[0]
    assert "2027-01-12" in dates and "None computed" not in dates
    missing = md.split("## Missing facts")[1].split("##")[0]
    assert "(f)(5) disclosure has not been made" in missing


def test_rothstein_is_persuasive_outside_the_eleventh_circuit(packets):
    plan = packets("sentenced-with-minimum")[0]     # W.D. Tex., Fifth Circuit
    flag = next(v for v in plan.analysis.verify if "Rothstein" in v)
    assert "persuasive only" in flag and "reporter citation not confirmed" in flag
    plan = packets("sentenced-cooperating")[0]       # N.D. Ga., Eleventh Circuit
    flag = next(v for v in plan.analysis.verify if "Rothstein" in v)
    assert "persuasive only" not in flag


def test_second_person():
    assert second_person("The person who recruited her at the port", None) == \
        "The person who recruited you at the port"
    assert second_person("Her car and his couriers", "she") == "Your car and his couriers"
    assert second_person("paid them", "they") == "paid them"
