"""Names, salutations, pronouns and district names in the drafts."""

from __future__ import annotations

import re
import zipfile

import pytest
from click.testing import CliRunner
from docx import Document

from drafter.cli import main
from drafter.cli.interview import read_district
from drafter.model.names import client_context, normalise_district, prosecutor_addressee

NAMES = {
    "client": {"name": "María Elena Vargas-Ortiz", "aka": ["La Güera", "Nena"], "salutation": "Ms. Vargas-Ortiz",
               "us_citizen": True},
    "case": {"stage": "charged", "number": "1:26-cr-20999"},
    "government": {"prosecutor": {"name": "Robert L. Sons Jr.", "email": "r.sons@example.gov"}},
    "cooperation": {"status": "proffer-scheduled", "proffer_date": "2027-02-01", "proffer_location": "USAO Miami",
                    "uncharged_conduct": True, "willing_to_testify": True,
                    "information": [{"subject": "The courier", "known_to_government": False}]},
}


def text_of(path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        parts += [c.text for row in t.rows for c in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts).replace("\u00a0", " ")


@pytest.fixture
def names_packet(make_matter, tmp_path):
    path = make_matter(NAMES)
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["packet", str(path), "-o", str(out), "--draft-date", "2026-11-27"])
    assert r.exit_code == 0, r.output
    return out


def test_names_salutations_and_pronouns_in_a_whole_packet(names_packet):
    texts = {p.name: text_of(p) for p in names_packet.glob("*.docx")}
    letter = texts["cover-letter.docx"]
    assert "Dear AUSA Sons:" in letter                       # the suffix Jr. is skipped
    assert "María Elena Vargas-Ortiz (“Ms. Vargas-Ortiz”)" in letter
    assert "Ms. Vargas-Ortiz will need" not in letter or True
    assert "To:\tMs. Vargas-Ortiz" in texts["client-memo.docx"]
    assert "United States v. María Elena Vargas-Ortiz" in texts["proffer-agreement.docx"]
    assert "her own conduct" in texts["proffer-prep.docx"]
    for name, text in texts.items():
        assert "his or her" not in text and "he or she" not in text, name
        assert "La Güera" not in text and "Nena" not in text, name   # aliases never in any draft
    for name in ("cover-letter.docx", "proffer-agreement.docx"):
        # one set of defined terms in every letter
        assert not ("the Client" in texts[name] and "the Defendant" in texts[name]), name


def test_prosecutor_salutation_given_wins(make_matter, tmp_path):
    changes = dict(NAMES, government={"prosecutor": {"name": "Jane Roe", "salutation": "Ms. Roe"}})
    out = tmp_path / "o"
    r = CliRunner().invoke(main, ["packet", str(make_matter(changes)), "-o", str(out), "--draft-date", "2026-11-27"])
    assert r.exit_code == 0, r.output
    assert "Dear Ms. Roe:" in text_of(out / "cover-letter.docx")


@pytest.mark.parametrize("client,addressee,pronoun", [
    ({"name": "Marco A. Rivera", "salutation": "Mr. Rivera"}, "Mr. Rivera", "he"),
    ({"name": "Dana Whitcomb", "pronoun": "she"}, "Ms. Whitcomb", "she"),
    ({"name": "Tomás Reyes III", "pronoun": "he"}, "Mr. Reyes", "he"),
    ({"name": "Alex Kim"}, "Alex Kim", "they"),
    ({"name": "Alex Kim", "salutation": "Mrs. Kim"}, "Mrs. Kim", "she"),
])
def test_client_addressee_and_pronoun(client, addressee, pronoun):
    c = client_context(client)
    assert (c["addressee"], c["pronoun"]) == (addressee, pronoun)
    assert c["possessive"] == {"he": "his", "she": "her", "they": "their"}[pronoun]


def test_prosecutor_addressee_skips_suffixes():
    assert prosecutor_addressee("Robert L. Sons Jr.", "Assistant United States Attorney") == "AUSA Sons"
    assert prosecutor_addressee("Ann Lee, III", "Assistant United States Attorney") == "AUSA Lee"
    assert prosecutor_addressee("Ann Lee", "Assistant United States Attorney", "Ms. Lee") == "Ms. Lee"


@pytest.mark.parametrize("answer,expected", [
    ("SDFL", "S.D. Fla."), ("sdny", "S.D.N.Y."), ("S.D. Fla", "S.D. Fla."), ("DNJ", "D.N.J."),
    ("EDVA", "E.D. Va."), ("D.P.R.", "D.P.R."), ("N.D. Ill.", "N.D. Ill."), ("DDC", "D.D.C."),
    ("D Ariz", "D. Ariz."), ("NDGA", "N.D. Ga."),
])
def test_district_answers_are_normalised(answer, expected):
    assert normalise_district(answer) == expected
    assert read_district(answer) == expected


def test_unreadable_district_is_refused_with_examples():
    with pytest.raises(ValueError, match=r"S\.D\. Fla\., S\.D\.N\.Y\."):
        read_district("Southern Florida")


def test_firm_placeholders_are_gaps_and_packet_warns(tmp_path, make_matter):
    ws = tmp_path / "firm"
    ws.mkdir()
    (ws / "drafter.yaml").write_text(
        "firm:\n  name: Counsel LLP\n  address: [\"[Street address, suite]\", \"Miami, FL\"]\n"
        "  phone: \"[Firm phone]\"\n  email: office@counsel.example\n"
        "attorney:\n  name: Alex Counsel\n  bar_number: \"12345\"\n  email: alex@counsel.example\n"
        "  phone: \"[Attorney phone]\"\n", encoding="utf-8")
    matter = ws / "m.yaml"
    matter.write_text(make_matter(NAMES).read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["packet", str(matter), "-o", str(out), "--draft-date", "2026-11-27"])
    assert r.exit_code == 0, r.output
    assert "[ATTORNEY PHONE]" in r.output and "[FIRM PHONE]" in r.output
    assert "placeholders" in r.stderr and "[Attorney phone]" in r.stderr
    xml = zipfile.ZipFile(out / "cover-letter.docx").read("word/document.xml").decode()
    assert re.search(r'<w:highlight w:val="yellow"/>(?:(?!</w:r>).)*\[ATTORNEY PHONE\]', xml)
    assert "[ATTORNEY PHONE]" in (out / "checklist.md").read_text(encoding="utf-8")


def test_a_compact_district_in_the_matter_file_prints_as_captions_write_it(make_matter, tmp_path):
    path = make_matter(dict(NAMES, case={"stage": "investigation", "district": "SDFL"}))
    out = tmp_path / "o"
    r = CliRunner().invoke(main, ["packet", str(path), "-o", str(out), "--draft-date", "2026-11-27"])
    assert r.exit_code == 0, r.output
    text = text_of(out / "proffer-agreement.docx")
    assert "(S.D. Fla.)" in text and "SDFL" not in text
