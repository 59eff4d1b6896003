"""Findings of the second cold read of the example packets (defense and prosecution eyes), pinned."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from drafter.cli import main
from drafter.law.clauses import load_library

REPO = Path(__file__).resolve().parents[1]


def text_of(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs).replace("\u00a0", " ")


@pytest.fixture(scope="module")
def packets(tmp_path_factory):
    out = tmp_path_factory.mktemp("second-read")
    for name in ("sentenced-with-minimum", "minimum-cooperating", "demo"):
        r = CliRunner().invoke(main, ["packet", str(REPO / "matters" / f"{name}.yaml"), "-o",
                                      str(out / name), "--draft-date", "2026-12-01"])
        assert r.exit_code == 0, r.output
    return out


def test_rule_35b_debrief_paragraph_overrides_the_standard_rebuttal_and_impeachment(packets):
    """The one changed paragraph is not cancelled by the standard ¶¶ 7-8 it sits beside."""
    agreement = text_of(packets / "sentenced-with-minimum" / "proffer-agreement.docx")
    para = agreement.split("Rule 35(b) Motion.")[1].split("\n")[0]
    assert "Notwithstanding any other paragraph of this agreement" in para
    assert "extent of the reduction" in para
    memo = text_of(packets / "sentenced-with-minimum" / "client-memo.docx")
    assert "I will propose terms" in memo and "I have proposed terms" not in memo
    assert "even when I argue for a larger reduction" in memo


def test_post_sentencing_ask_is_labelled_by_its_own_heading_without_the_safety_valve_fallback(packets):
    checklist = (packets / "sentenced-with-minimum" / "checklist.md").read_text(encoding="utf-8")
    line = next(x for x in checklist.splitlines() if "clause:safety-valve-use" in x)
    assert "(Rule 35(b) Motion)" in line and "Safety Valve Relief" not in line
    assert "statutory no-enhancement bar" not in checklist


def test_good_faith_review_reaches_a_breach_claimed_to_withhold_the_motion(packets):
    terms = text_of(packets / "minimum-cooperating" / "cooperation-terms.docx")
    assert "relies on a claimed breach" in terms and "preponderance of the evidence" in terms
    # the must ask's point speaks of the wording the draft carries, not of a stronger form
    checklist = (packets / "minimum-cooperating" / "checklist.md").read_text(encoding="utf-8")
    line = next(x for x in checklist.splitlines() if "clause:substantial-assistance-motion" in x)
    assert "Propose this wording" in line and "Accept if the government" not in line


def test_safety_valve_use_limit_never_reads_as_a_permission():
    text = load_library().get("safety-valve-use/defense-proposed").text
    item = next(p for p in text.split("\n\n") if p.strip().startswith("(c)"))
    assert item.strip().startswith("(c) Nothing in this paragraph permits a use that another paragraph")
    assert "unless the information concerns a violent offense" not in item


def test_checklist_minimum_line_names_the_safety_valve_when_it_is_open(packets):
    checklist = text_of(packets / "demo" / "checklist.docx")
    assert "the safety valve would lift it; otherwise only a government motion under 18 U.S.C. § 3553(e)" in checklist


def test_memo_does_not_promise_that_statements_cannot_touch_the_sentence(packets):
    memo = text_of(packets / "minimum-cooperating" / "client-memo.docx")
    assert "or to set your sentence" not in memo
    assert "the judge and the probation officer may still learn what you said" in memo


def test_provisional_rule_35b_item_carries_the_weekend_warning():
    import json
    r = CliRunner().invoke(main, ["analyze", str(REPO / "matters" / "minimum-cooperating.yaml"), "--json"])
    item = next(i for i in json.loads(r.stdout)["checklist"] if i["id"] == "rule-35b-deadline")
    assert "falls on a Sunday" in item["point"] and "April 14, 2028" in item["point"]


def test_a_client_name_with_a_backslash_reaches_the_cover_letter_literally(tmp_path):
    """Found by the property test: a name used as a regex replacement crashed the cover letter."""
    import yaml

    data = yaml.safe_load((REPO / "matters" / "demo.yaml").read_text(encoding="utf-8"))
    data["client"]["name"] = "Ana \\1 Ruiz\\"
    data["client"].pop("salutation", None)
    data["client"].pop("aka", None)
    matter = tmp_path / "m.yaml"
    matter.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    r = CliRunner().invoke(main, ["packet", str(matter), "-o", str(tmp_path / "out"), "--draft-date", "2026-12-01"])
    assert r.exit_code == 0, r.output
    assert "Ana \\1 Ruiz\\" in text_of(tmp_path / "out" / "cover-letter.docx")
