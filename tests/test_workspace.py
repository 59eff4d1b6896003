"""The firm profile: found upwards from the matter, validated like a matter, used by every draft."""


import pytest
from click.testing import CliRunner
from docx import Document

from conftest import REPO
from drafter.cli import main
from drafter.errors import DataError
from drafter.model.workspace import find, for_matter, load

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


# --- issue 16, item 6: a planted profile is never trusted ---------------------------------

HOSTILE = "firm:\n  name: Planted Profile LLP\nattorney:\n  name: Mallory\n"


def _matter_in(folder):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "m.yaml").write_bytes((REPO / "matters" / "demo.yaml").read_bytes())
    return folder / "m.yaml"


def test_the_search_stops_at_a_repository_root(tmp_path):
    (tmp_path / "drafter.yaml").write_text(HOSTILE, encoding="utf-8")
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    matter = _matter_in(tmp_path / "repo" / "cases")
    assert find(matter) is None and for_matter(matter).demo


def test_the_search_stops_at_home_and_at_a_marker(tmp_path, monkeypatch):
    (tmp_path / "drafter.yaml").write_text(HOSTILE, encoding="utf-8")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert find(_matter_in(tmp_path / "home" / "cases")) is None
    (tmp_path / "shared" / ".drafter-root").parent.mkdir()
    (tmp_path / "shared" / ".drafter-root").write_text("")
    assert find(_matter_in(tmp_path / "shared" / "cases")) is None


def test_the_search_never_enters_a_folder_others_can_write(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "drafter.yaml").write_text(HOSTILE, encoding="utf-8")
    shared.chmod(0o1777)
    matter = _matter_in(shared / "case")
    (shared / "case").chmod(0o700)
    assert find(matter) is None


def test_a_profile_others_can_write_is_refused(tmp_path):
    (tmp_path / "drafter.yaml").write_text(HOSTILE, encoding="utf-8")
    (tmp_path / "drafter.yaml").chmod(0o664)
    matter = _matter_in(tmp_path / "case")
    r = CliRunner().invoke(main, ["packet", str(matter), "-o", str(tmp_path / "out")])
    assert r.exit_code == 1 and "others may change this workspace file" in r.output
    assert "Traceback" not in r.output and not (tmp_path / "out").exists()


def test_a_profile_owned_by_another_user_is_refused(tmp_path):
    import os

    if not hasattr(os, "getuid") or os.getuid() != 0:
        pytest.skip("needs root to give a file away")
    (tmp_path / "drafter.yaml").write_text(HOSTILE, encoding="utf-8")
    os.chown(tmp_path / "drafter.yaml", 54321, 54321)
    matter = _matter_in(tmp_path / "case")
    with pytest.raises(DataError) as e:
        for_matter(matter)
    assert "belongs to another user (uid 54321)" in str(e.value)


def test_every_run_names_the_profile_it_used(firm, tmp_path):
    letter = REPO / "tests" / "letters"
    sample = next(p for p in sorted(letter.glob("*")) if p.suffix in (".txt", ".docx"))
    (firm / "clients" / "rivera" / sample.name).write_bytes(sample.read_bytes())
    r = CliRunner().invoke(main, ["review", str(firm / "clients" / "rivera" / sample.name)])
    assert r.exit_code == 0, r.output
    assert str(firm / "drafter.yaml") in r.stderr
