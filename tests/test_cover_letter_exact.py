"""The cover letter says exactly how far the enclosed drafts depart from the library's standard
wording, for every demo matter: the count and the paragraphs it names are derived here from the
drafts' own text (each paragraph as drafted against the Office's wording of its type, rendered
whole), never typed. Counsel's own draft never volunteers the Office's waiver of an
independent-source (Kastigar) hearing, while the review still reads that waiver in an Office's
letter. The proffer agreement has no breach paragraph (breach belongs to cooperation terms), and
the letter says where a false statement is dealt with instead."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from conftest import REPO
from drafter.draft.packet import build
from drafter.environment import render_text
from drafter.law.plan import plan_for_path
from drafter.review.review import review_letter
from test_legal_corrections import docx_text

DATE = dt.date(2026, 12, 1)
MATTERS = sorted((REPO / "matters").glob("*.yaml"))
WORDS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen".split()
WAIVER = "will not seek a hearing"


def departures(plan, document: str) -> list[int]:
    """The paragraphs of ``document`` whose drafted text is not the Office's wording of their type
    (rendered whole, office-only parts included)."""
    out = []
    office = dict(plan.context, office_wording=True)
    for number, choice in enumerate(plan.choices_for(document), start=1):
        t = plan.library.types[choice.type]
        standard = t.variants.get("government-standard")
        if standard is None:
            continue
        drafted = render_text(t.variants[choice.variant].text, plan.context, "test")
        if " ".join(drafted.split()) != " ".join(render_text(standard.text, office, "test").split()):
            out.append(number)
    return out


@pytest.fixture(scope="module", params=MATTERS, ids=[p.stem for p in MATTERS])
def packet(request):
    plan = plan_for_path(request.param)
    files, _ = build(plan, DATE)
    return plan, {f.path: docx_text(f.data) for f in files if f.path.endswith(".docx")}


def test_the_letter_counts_and_names_every_departure(packet):
    plan, texts = packet
    if "cover-letter.docx" not in texts:
        pytest.skip("no cover letter in this packet")
    letter = texts["cover-letter.docx"]
    enclosed = [d for d in ("proffer-agreement", "cooperation-terms")
                if d in plan.documents and plan.audience(d) == "external"]
    found = {d: departures(plan, d) for d in enclosed}
    total = sum(len(v) for v in found.values())
    named = [int(n) for n in re.findall(r"¶ (\d+)\) — ", letter)]
    assert sorted(named) == sorted(n for v in found.values() for n in v)
    if total:
        assert re.search(rf"(?:except|departs? from them) in {WORDS[total]} paragraphs?\b", letter), letter[:600]
        omitted = sum(1 for d in enclosed for n, c in enumerate(plan.choices_for(d), start=1)
                      if n in found[d] and plan.is_standard(c))
        if omitted and omitted != total:
            assert (f"other wording in {WORDS[total - omitted]}, part of the common text left out in "
                    f"{WORDS[omitted]})") in letter
    else:
        assert "without change" in letter


def test_counsel_never_proposes_the_hearing_waiver(packet):
    _, texts = packet
    for name, body in texts.items():
        assert WAIVER not in body, name


def test_the_office_wording_keeps_the_waiver_for_the_review(tmp_path):
    plan = plan_for_path(REPO / "matters" / "sentenced-with-minimum.yaml")
    t = plan.library.types["derivative-use"]
    office = render_text(t.variants["government-standard"].text, dict(plan.context, office_wording=True), "test")
    drafted = render_text(t.variants["government-standard"].text, plan.context, "test")
    assert WAIVER in office and WAIVER not in drafted
    assert t.variants["government-standard"].office_only
    # an Office's letter that waives the Kastigar hearing is still read as the unrestricted form
    review = review_letter(REPO / "tests" / "letters" / "fraud-section-proffer.txt")
    assert ("derivative-use", "unrestricted") in {(f.type, f.variant) for f in review.found}


def test_the_letter_says_where_a_false_statement_is_dealt_with(packet):
    plan, texts = packet
    if "cover-letter.docx" not in texts or "proffer-agreement" not in plan.documents \
            or plan.audience("proffer-agreement") != "external":
        pytest.skip("no proffer agreement enclosed")
    types = [c.type for c in plan.choices_for("proffer-agreement")]
    assert "breach" not in types and "breach-determination" not in types    # the contract's place
    number = types.index("false-statement-exception") + 1
    letter = texts["cover-letter.docx"]
    assert ("no separate paragraph on breach: what follows from a false statement at the meeting is set "
            f"out in ¶ {number}") in letter
    assert texts["proffer-agreement.docx"].count("False Statements, Perjury and Obstruction.") == 1


def test_matters_exist():
    assert Path(REPO / "matters" / "convicted-trial.yaml") in MATTERS
