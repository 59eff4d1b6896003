"""The firm profile: found upwards from the matter, validated like a matter, used by every draft."""


import pytest
from click.testing import CliRunner
from docx import Document

from drafter.cli import main
from drafter.errors import DataError
from drafter.workspace import find, for_matter, load

from conftest import REPO

PROFILE = """\
firm:
  name: Okafor & Lindqvist LLP
  address: [200 South Biscayne Blvd., Suite 2500, "Miami, FL 33131"]
  phone: (305) 555-0199
  email: office@okafor-lindqvist.example
attorney:
  name: Adaeze Okafor
  bar_number: "765432"
  email: aokafor@okafor-lindqvist.example
  phone: (305) 555-0198
drafts:
  mark: "CONFIDENTIAL DRAFT — NOT FOR FILING"
"""


def text(path):
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for s in doc.sections:
        parts += [p.text for p in s.header.paragraphs]
    return "\n".join(parts)


@pytest.fixture
def firm(tmp_path):
    (tmp_path / "drafter.yaml").write_text(PROFILE, encoding="utf-8")
    matters = tmp_path / "clients" / "rivera"
    matters.mkdir(parents=True)
    (matters / "m.yaml").write_bytes((REPO / "matters" / "demo.yaml").read_bytes())
    return tmp_path


def test_found_from_the_matter_folder_upwards(firm):
    assert find(firm / "clients" / "rivera" / "m.yaml") == firm / "drafter.yaml"
    ws = for_matter(firm / "clients" / "rivera" / "m.yaml")
    assert not ws.demo and ws.mark == "CONFIDENTIAL DRAFT — NOT FOR FILING"


def test_every_draft_uses_the_firm_profile(firm, tmp_path):
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["packet", str(firm / "clients" / "rivera" / "m.yaml"), "-o", str(out),
                                  "--draft-date", "2026-11-27"])
    assert r.exit_code == 0, r.output
    assert str(firm / "drafter.yaml") in r.output
    letter = text(out / "cover-letter.docx")
    assert "Okafor & Lindqvist LLP" in letter and "Adaeze Okafor" in letter
    assert "CONFIDENTIAL DRAFT — NOT FOR FILING" in letter
    assert "demo firm" not in letter.lower()


def test_the_matters_defense_attorney_overrides_the_profile(firm, tmp_path):
    matter = firm / "clients" / "rivera" / "m.yaml"
    matter.write_text(matter.read_text(encoding="utf-8") + (
        "\ndefense:\n  attorney:\n    name: Pedro Salas\n    bar_number: \"111222\"\n"
        "    email: psalas@okafor-lindqvist.example\n"), encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["packet", str(matter), "-o", str(out), "--draft-date", "2026-11-27",
                                  "--only", "cover-letter"])
    assert r.exit_code == 0, r.output
    letter = text(out / "cover-letter.docx")
    assert "Pedro Salas" in letter and "Adaeze Okafor" not in letter


def test_bundled_demo_firm_is_marked_on_the_drafts(tmp_path):
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["packet", str(REPO / "matters" / "demo.yaml"), "-o", str(out),
                                  "--draft-date", "2026-11-27", "--only", "cover-letter"])
    assert "bundled demo firm" in r.output
    assert "bundled example" in text(out / "cover-letter.docx")


def test_workspace_errors_name_file_line_and_key(tmp_path):
    (tmp_path / "drafter.yaml").write_text(PROFILE.replace("  phone: (305) 555-0199", "  fone: x"), encoding="utf-8")
    with pytest.raises(DataError) as e:
        load(tmp_path / "drafter.yaml")
    assert f"{tmp_path / 'drafter.yaml'}:4: firm.fone: unknown key; did you mean 'phone'?" in str(e.value)
