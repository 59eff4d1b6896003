"""A sentenced client's asks read as the posture does (src/drafter/law/postures.yaml), the
direct-use bar names the proceedings that can still reach the sentence, and the checklist says
when the agreements were drafted without the Office's own letter. Negative controls: a client
before a plea keeps the pre-plea asks, counsel's own choice is never dropped, and a sentenced
client who is not in custody keeps the flight ask."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from conftest import REPO, matter_variant
from drafter.cli import main
from drafter.law import posture
from drafter.law.clauses import load_library

DATE = "2026-12-01"
SENTENCED = REPO / "matters" / "sentenced-with-minimum.yaml"
PRE_PLEA = REPO / "matters" / "demo.yaml"
# words of asks that only make sense before a plea or a trial
PRE_PLEA_WORDS = ("jury's presence", "bail and sentencing", "detention hearing",
                  "repeats the information to the probation officer", "plea decision",
                  "intent to avoid prosecution", "keep Rule 410 and Rule 11(f) in force")


def text_of(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        parts += [c.text for row in t.rows for c in row.cells]
    return "\n".join(parts).replace("\u00a0", " ").replace("’", "'")


def analysis(path: Path) -> dict:
    r = CliRunner().invoke(main, ["analyze", str(path), "--json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def packet(matter: Path, out: Path, *extra: str) -> Path:
    r = CliRunner().invoke(main, ["packet", str(matter), "-o", str(out), "--draft-date", DATE, *extra])
    assert r.exit_code == 0, r.output
    return out


def variant_matter(tmp_path: Path, change) -> Path:
    return matter_variant(SENTENCED, tmp_path, change)


@pytest.fixture(scope="module")
def sentenced(tmp_path_factory):
    return packet(SENTENCED, tmp_path_factory.mktemp("sentenced-asks") / "p")


@pytest.fixture(scope="module")
def pre_plea(tmp_path_factory):
    return packet(PRE_PLEA, tmp_path_factory.mktemp("pre-plea-asks") / "p")


def test_every_posture_rule_names_a_clause_and_either_drops_or_rewrites():
    library = load_library()
    for entry in posture.rules():
        assert entry["type"] in library.types, entry["type"]
        assert entry["when"]
        texts = {"reason", "ask", "why", "fallback", "cites", "verify"} & set(entry)
        assert bool(entry.get("drop")) != bool(texts), entry["type"]
        assert set(entry) <= {"type", "when", "drop"} | texts, entry["type"]


def test_sentenced_checklist_has_no_pre_plea_ask(sentenced):
    checklist = (sentenced / "checklist.md").read_text(encoding="utf-8").replace("’", "'")
    for words in PRE_PLEA_WORDS:
        assert words not in checklist, words
    a = analysis(SENTENCED)
    ids = [i["id"] for i in a["checklist"]]
    assert "clause:fugitive-exception" not in ids       # in custody, nothing pending to flee
    assert "clause:rule-410-waiver" not in ids          # a debriefing after sentencing is no plea talk
    asked = {x["type"] for x in a["strategy"]["asks"]}
    assert not {"fugitive-exception", "rule-410-waiver"} & asked
    clauses = {c["type"]: c for c in a["clauses"]}
    assert clauses["rule-410-waiver"]["standard"] and clauses["rule-410-waiver"]["proposed"] == "government-standard"
    assert "Not an ask at this stage" in clauses["fugitive-exception"]["reason"]


def test_sentenced_asks_are_rewritten_for_a_new_case_a_retrial_and_later_hearings(sentenced):
    a = analysis(SENTENCED)
    items = {i["id"]: i for i in a["checklist"]}
    rebuttal = items["clause:rebuttal-use"]
    assert "later prosecution" in rebuttal["point"] and "retrial" in rebuttal["point"]
    assert "not a plea discussion" in rebuttal["why"]
    impeachment = items["clause:impeachment-use"]
    assert "allocution" in impeachment["point"] and "supervised-release hearing" in impeachment["point"]
    assert "Rule 35(b) year" in items["clause:not-cooperation-agreement"]["why"]
    assert "follow-up" in items["clause:scope-integration"]["why"]


def test_sentenced_direct_use_bar_names_the_proceedings_still_to_come(sentenced):
    a = analysis(SENTENCED)
    must = {x["type"]: x for x in a["strategy"]["asks"] if x["tier"] == "must"}
    assert must["direct-use-bar"]["variant"] == "after-sentence"
    # after sentencing most help is follow-up: its coverage is in the draft, and the memo says so
    assert must["scope-integration"]["variant"] == "defense-proposed"
    item = next(i for i in a["checklist"] if i["id"] == "clause:direct-use-bar")
    assert "USSG § 1B1.8" in item["cites"] and "18 U.S.C. § 3582(c)" in item["cites"]
    assert any("1B1.10" in v for v in item["verify"])        # what the tool could not confirm
    agreement = text_of(sentenced / "proffer-agreement.docx")
    for words in ("resentencing", "28 U.S.C. § 2255", "18 U.S.C. § 3582(c), including § 3582(c)(1)(A) and "
                  "§ 3582(c)(2)", "revoke or modify the Client's supervised release", "probation officer",
                  "oppose a reduction", "Fed. R. Crim. P. 35(b) is governed instead"):
        assert words in agreement, words
    letter = text_of(sentenced / "cover-letter.docx")
    # four paragraphs reworded, and the derivative-use paragraph without the hearing waiver counsel
    # never proposes (test_cover_letter_exact.py derives the count from the drafts)
    assert ("departs from them in five paragraphs (other wording in four, part of the common text left out in one)"
            in letter and "No Direct Use (¶ 3)" in letter and "Derivative Use (¶ 6)" in letter)
    assert "Not a Cooperation Agreement (¶ 1)" in letter and "USSG § 1B1.8" in letter
    assert "3582(c)" in letter and "VERIFY" not in letter and "1B1.10" not in letter
    with zipfile.ZipFile(sentenced / "cover-letter.review.docx") as z:
        comments = z.read("word/comments.xml").decode("utf-8")
    assert "Rule 35(b) Motion: " in comments and "Safety Valve Relief" not in comments   # the draft's heading
    memo = text_of(sentenced / "client-memo.docx")
    assert "any later hearing that could change your sentence" in memo
    assert "those later contacts get the same protection" in memo
    assert "VERIFY" not in memo
    prep = text_of(sentenced / "proffer-prep.docx")
    assert "revocation of supervised release" in prep


def test_pre_plea_client_keeps_the_pre_plea_asks(pre_plea):
    checklist = (pre_plea / "checklist.md").read_text(encoding="utf-8").replace("’", "'")
    assert "jury's presence" in checklist
    a = analysis(PRE_PLEA)
    ids = [i["id"] for i in a["checklist"]]
    assert "clause:rule-410-waiver" in ids and "clause:fugitive-exception" in ids
    assert {c["type"]: c["variant"] for c in a["clauses"]}["direct-use-bar"] != "after-sentence"
    agreement = text_of(pre_plea / "proffer-agreement.docx")
    assert "3582" not in agreement and "resentencing" not in agreement
    memo = text_of(pre_plea / "client-memo.docx")
    assert "any later hearing that could change your sentence" not in memo


def test_counsel_choice_is_never_dropped(tmp_path):
    matter = variant_matter(tmp_path, lambda d: d.setdefault("negotiation", {}).setdefault(
        "variants", {}).update({"rule-410-waiver": "defense-proposed"}))
    a = analysis(matter)
    must = {x["type"]: x["variant"] for x in a["strategy"]["asks"] if x["tier"] == "must"}
    assert must["rule-410-waiver"] == "defense-proposed"


def test_sentenced_client_not_in_custody_keeps_the_flight_ask(tmp_path):
    matter = variant_matter(tmp_path, lambda d: d["client"].update(in_custody=False))
    ids = [i["id"] for i in analysis(matter)["checklist"]]
    assert "clause:fugitive-exception" in ids
    assert "clause:rule-410-waiver" not in ids


def test_missing_facts_say_the_office_form_is_not_in_hand(sentenced, pre_plea):
    for out, name in ((sentenced, SENTENCED.name), (pre_plea, PRE_PLEA.name)):
        md = (out / "checklist.md").read_text(encoding="utf-8").replace("’", "'")
        section = md.split("## Missing facts", 1)[1].split("##", 1)[0]
        assert "The Office's own proffer letter: not in hand" in section
        assert "counsel's own proposal" in section
        assert f"“drafter packet {name} --base LETTER”" in section
        assert "None." not in section
        docx = text_of(out / "checklist.docx")
        assert "The Office's own proffer letter: not in hand" in docx
    # never in what the prosecutor or the client reads
    for doc in ("cover-letter.docx", "proffer-agreement.docx", "client-memo.docx"):
        assert "not in hand" not in text_of(sentenced / doc)


def test_missing_facts_drop_the_office_form_once_it_is_the_base(tmp_path):
    out = packet(SENTENCED, tmp_path / "b", "--base", str(REPO / "tests" / "letters" / "district-proffer.txt"))
    md = (out / "checklist.md").read_text(encoding="utf-8")
    assert "not in hand" not in md
    with zipfile.ZipFile(out / "proffer-agreement.review.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "3582(c)" in xml and "<w:ins " in xml      # the after-sentencing ask, tracked in the Office's words


def test_no_agreement_no_office_form_line(tmp_path):
    out = packet(REPO / "matters" / "sentenced-cooperating.yaml", tmp_path / "c")
    md = (out / "checklist.md").read_text(encoding="utf-8")
    assert "not in hand" not in md
