"""drafter new: the guided interview, driven from standard input."""

from __future__ import annotations

import datetime as dt
import stat

import pytest
import yaml
from click.testing import CliRunner

from drafter.cli import main
from drafter.cli.interview import (
    END,
    Interview,
    choices,
    matter_text,
    questions,
    read_choice,
    read_date,
    read_months,
    read_points,
    read_statute,
    read_yesno,
)
from drafter.errors import DrafterError
from drafter.model.matter import Concern, Stage, Status, load_matter
from drafter.model.schema import SCHEMA_FILE, key_docs, schema_text

# A whole matter, one answer per line, in the order the interview asks.
FULL = [
    "2026-0150",                  # matter number
    "José Núñez",                 # client name
    "Mr. Núñez",                  # salutation
    "Spanish",                    # language
    "yes",                        # in custody
    "no",                         # U.S. citizen
    "S.D. Fla.",                  # district
    "United States District Court for the Southern District of Florida",
    "1:26-cr-20999",              # case number
    "Hon. Elena M. Castillo",     # judge
    "sentenced",                  # stage
    "2026-10-01",                 # sentencing date (asked because sentenced)
    "United States Attorney's Office for the Southern District of Florida",
    "Jordan T. Whitfield",        # prosecutor
    "",                           # title: blank = AUSA
    "jordan.whitfield@example.gov",
    "Dana K. Ortiz",              # agent 1
    "DEA",
    "",                           # no more agents
    "21 U.S.C. § 846",            # charge 1
    "Conspiracy to possess with intent to distribute cocaine",
    "120",
    "18 U.S.C. § 924(c)(1)(A)",   # charge 2
    "Possessing a firearm in furtherance of a drug trafficking crime",
    "60",
    "",                           # no more charges
    "yes",                        # criminal history known
    "2015 Fla. possession of cocaine, 9 months jail",
    "2",
    "no",
    "",                           # no more prior sentences
    "no", "yes", "no", "no", "no",  # offense facts
    "cooperating",
    "2026-09-01",
    "United States Attorney's Office, Miami",
    "yes",                        # has information
    "Identities of the supplier's couriers",
    "no",
    "The stash house in Hialeah",
    "unknown",
    "",                           # no more information
    "yes",                        # uncharged conduct
    "yes",                        # willing to testify
    "high",
    "Mother and sisters live in Barranquilla",
    "no",                         # own conduct disclosed
]

# Only what is required; every optional fact answered unknown or left blank.
MINIMAL = [
    "T-100", "Test Client", "", "", "unknown", "",
    "S.D. Fla.", "", "", "unknown", "investigation",
    "United States Attorney's Office for the Southern District of Florida", "Pat Prosecutor",
    "", "unknown",
    "",                           # no agents
    "",                           # no charges
    "unknown",                    # criminal history not known
    "unknown", "", "?", "unknown", "",  # offense facts
    "considering", "", "unknown",
    "unknown",                    # information: not known
    "", "unknown", "", "",
]


def answers(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def new(tmp_path, lines, *args, name="m.yaml"):
    target = tmp_path / name if name else tmp_path
    result = CliRunner().invoke(main, ["new", str(target), *args], input=answers(lines))
    return result, target


def test_interview_from_stdin_writes_a_matter_that_drafter_check_accepts(tmp_path):
    result, path = new(tmp_path, FULL)
    assert result.exit_code == 0, result.output
    check = CliRunner().invoke(main, ["check", str(path)])
    assert check.exit_code == 0, check.output
    m = load_matter(path)
    assert m.id == "2026-0150" and m.client.name == "José Núñez"
    assert m.client.in_custody is True and m.client.us_citizen is False
    assert m.case.sentencing_date == dt.date(2026, 10, 1)
    assert m.government.prosecutor.title == "Assistant United States Attorney"
    assert [a.agency for a in m.government.agents] == ["DEA"]
    assert [c.mandatory_minimum_months for c in m.charges] == [120, 60]
    assert m.charges[1].runs_consecutively
    assert [p.points for p in m.criminal_history.prior_sentences] == [2]
    assert m.offense.weapon is True and m.offense.violence_or_threats is False
    assert [i.known_to_government for i in m.cooperation.information] == [False, "unknown"]
    assert m.cooperation.safety_concerns == "high"
    assert m.cooperation.safety_notes.startswith("Mother")
    assert f"Wrote {path}" in result.output


def test_written_file_starts_with_the_schema_line_and_keeps_the_spec_order(tmp_path):
    result, path = new(tmp_path, FULL)
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={SCHEMA_FILE}"
    assert (tmp_path / SCHEMA_FILE).read_text(encoding="utf-8") == schema_text()
    data = yaml.safe_load(text)
    assert list(data) == ["format", "id", "client", "case", "government", "charges",
                          "criminal_history", "offense", "cooperation"]
    assert list(data["client"]) == ["name", "salutation", "language", "in_custody", "us_citizen"]
    assert list(data["cooperation"])[:3] == ["status", "proffer_date", "proffer_location"]
    assert "\n  - statute: 21 U.S.C. § 846\n" in text  # list items indented, Unicode kept
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_written_file_validates_against_the_json_schema(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    result, path = new(tmp_path, FULL)
    assert result.exit_code == 0, result.output
    schema = yaml.safe_load((tmp_path / SCHEMA_FILE).read_text(encoding="utf-8"))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["case"]["sentencing_date"] = data["case"]["sentencing_date"].isoformat()
    data["cooperation"]["proffer_date"] = data["cooperation"]["proffer_date"].isoformat()
    jsonschema.validate(data, schema)


def test_unknown_answers_leave_keys_out(tmp_path):
    result, path = new(tmp_path, MINIMAL)
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["client"] == {"name": "Test Client"}
    assert data["case"] == {"district": "S.D. Fla.", "stage": "investigation"}
    assert data["government"]["prosecutor"] == {"name": "Pat Prosecutor"}
    assert "agents" not in data["government"]
    assert data["charges"] == []
    for absent in ("criminal_history", "offense", "defense", "negotiation"):
        assert absent not in data
    assert data["cooperation"] == {"status": "considering"}
    text = path.read_text(encoding="utf-8")
    assert "false" not in text and "null" not in text and "unknown:" not in text
    m = load_matter(path)
    assert m.criminal_history is None and m.offense.weapon is None
    assert m.cooperation.information is None and m.client.in_custody is None
    assert "Left out as unknown" in result.output and "client.in_custody" in result.output
    assert CliRunner().invoke(main, ["check", str(path)]).exit_code == 0


def test_no_answers_are_recorded_as_empty_lists(tmp_path):
    lines = list(MINIMAL)
    lines[17] = "yes"                          # criminal history known ...
    lines[18:18] = [""]                        # ... and no prior sentence scores
    lines[lines.index("considering") + 3] = "no"  # no information to offer
    result, path = new(tmp_path, lines)
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["criminal_history"] == {"prior_sentences": []}
    assert data["cooperation"]["information"] == []


def test_bad_answers_are_asked_again_with_the_reason(tmp_path):
    lines = list(FULL)
    lines[0:1] = ["2026 0150", "2026-0150"]                  # a space in the matter number
    i = lines.index("sentenced")
    lines[i:i + 2] = ["sentnced", "sentenced", "2026-02-30", "10/01/2026", "2026-10-01"]
    i = lines.index("21 U.S.C. § 846")
    lines[i:i + 1] = ["section 846", "21 U.S.C. § 846"]
    i = lines.index("120")
    lines[i:i + 1] = ["ten years", "-5", "120"]
    i = lines.index("2015 Fla. possession of cocaine, 9 months jail")
    lines[i + 1:i + 2] = ["4", "two", "2"]
    i = lines.index("high")
    lines[i:i + 1] = ["unknown", "hi"]                      # "hi" is a unique start of "high"
    result, path = new(tmp_path, lines)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "use letters, digits" in out
    assert "answer one of: investigation, charged" in out
    assert "2026-02-30 is not a real date" in out
    assert "write the date as YYYY-MM-DD" in out
    assert "cannot read the statute 'section 846'" in out
    assert "whole number of months" in out
    assert "1, 2 or 3 points" in out
    assert "'unknown' cannot be recorded here" in out
    m = load_matter(path)
    assert m.case.stage == "sentenced" and m.cooperation.safety_concerns == "high"


def test_required_facts_refuse_unknown_and_blank(tmp_path):
    lines = list(MINIMAL)
    lines[1:2] = ["unknown", "", "Test Client"]
    result, path = new(tmp_path, lines)
    assert result.exit_code == 0, result.output
    assert result.output.count("an answer is needed here") == 2


def test_end_of_input_stops_the_interview_and_writes_nothing(tmp_path):
    result, path = new(tmp_path, FULL[:10])
    assert result.exit_code == 1
    assert "interview ended early" in result.output
    assert "Traceback" not in result.output
    assert not path.exists() and not (tmp_path / SCHEMA_FILE).exists()


def test_empty_input_stops_at_once(tmp_path):
    result = CliRunner().invoke(main, ["new", str(tmp_path / "m.yaml")], input="")
    assert result.exit_code == 1 and "interview ended early" in result.output


def test_existing_file_is_not_overwritten_without_force(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("mine\n", encoding="utf-8")
    result, _ = new(tmp_path, FULL)
    assert result.exit_code == 1
    assert "already exists" in result.output and "--force" in result.output
    assert path.read_text(encoding="utf-8") == "mine\n"
    result, _ = new(tmp_path, FULL, "--force")
    assert result.exit_code == 0, result.output
    assert load_matter(path).id == "2026-0150"


def test_folder_target_names_the_file_after_the_matter_number(tmp_path):
    folder = tmp_path / "matters"
    result, _ = new(folder, FULL, name=None)
    assert result.exit_code == 0, result.output
    assert load_matter(folder / "2026-0150.yaml").id == "2026-0150"
    assert (folder / SCHEMA_FILE).is_file()
    # the same number again: asked for another one instead of overwriting
    lines = list(FULL)
    lines[0:1] = ["2026-0150", "2026-0151"]
    result, _ = new(folder, lines, name=None)
    assert result.exit_code == 0, result.output
    assert "already exists; use another matter number" in result.output
    assert (folder / "2026-0151.yaml").is_file()


def test_an_existing_schema_file_is_kept(tmp_path):
    (tmp_path / SCHEMA_FILE).write_text("{}", encoding="utf-8")
    result, path = new(tmp_path, FULL)
    assert result.exit_code == 0, result.output
    assert (tmp_path / SCHEMA_FILE).read_text(encoding="utf-8") == "{}"


def test_default_target_is_the_matters_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "matters").mkdir()
    result = CliRunner().invoke(main, ["new"], input=answers(MINIMAL))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "matters" / "T-100.yaml").is_file()


def test_not_a_yaml_file_is_a_usage_error(tmp_path):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["new", str(tmp_path / "notes.txt")], input="")
    assert result.exit_code == 2


# --- the pieces -----------------------------------------------------------------------

def scripted(lines):
    """An Interview whose answers come from a list, and whose output is collected."""
    out: list[str] = []
    feed = iter(lines)

    def prompt(label):
        out.append(label)
        try:
            return next(feed)
        except StopIteration:
            raise DrafterError("interview ended early") from None

    return Interview(prompt=prompt, echo=out.append), out


def test_interview_builds_plain_data_without_a_terminal():
    interview, out = scripted(MINIMAL)
    data = interview.run()
    assert data["id"] == "T-100" and data["format"] == 1
    assert "criminal_history" in interview.unknown
    assert "offense.weapon" in interview.unknown
    assert any("Is the client in custody? [yes/no/unknown]" == line for line in out)


def test_list_items_record_unknowns_with_their_index():
    lines = list(FULL)
    i = lines.index("DEA")
    lines[i] = "unknown"
    interview, _ = scripted(lines)
    interview.run()
    assert "government.agents[0].agency" in interview.unknown
    assert "cooperation.information[1].known_to_government" in interview.unknown


def test_matter_text_round_trips_tricky_text():
    data = {"format": 1, "id": "2026-01-12", "client": {"name": "Ann \"Q\" O'Neil: {{ 7*7 }} #1"},
            "case": {"district": "yes", "stage": "charged"}}
    text = matter_text(data, SCHEMA_FILE, dt.date(2026, 11, 27))
    loaded = yaml.safe_load(text)
    assert loaded["id"] == "2026-01-12"  # quoted, so it stays text and not a date
    assert loaded["client"]["name"] == data["client"]["name"]
    assert loaded["case"]["district"] == "yes"


@pytest.mark.parametrize("raw,value", [
    ("2027-01-12", dt.date(2027, 1, 12)),
])
def test_read_date(raw, value):
    assert read_date(raw) == value


@pytest.mark.parametrize("raw", ["2027-02-30", "2027-1-12", "20270112", "12/01/2027", "1027-01-12"])
def test_read_date_refuses(raw):
    with pytest.raises(ValueError):
        read_date(raw)


def test_small_readers():
    assert read_yesno("Y") is True and read_yesno("no") is False
    assert read_months("0") == 0 and read_months("240") == 240
    assert read_points("3") == 3
    assert read_statute("21 USC 846") == "21 USC 846"
    assert read_choice("Proffer-S", choices("cooperation.status")) == "proffer-scheduled"
    for bad, reader in (("maybe", read_yesno), ("1.5", read_months), ("0", read_points),
                        ("21 CFR 1308", read_statute)):
        with pytest.raises(ValueError):
            reader(bad)
    with pytest.raises(ValueError):
        read_choice("pro", choices("cooperation.status"))  # proffer-scheduled or proffered?


def test_choices_come_from_the_model():
    from typing import get_args

    assert choices("case.stage") == list(get_args(Stage))
    assert choices("cooperation.status") == list(get_args(Status))
    assert choices("cooperation.safety_concerns") == list(get_args(Concern))


def test_every_question_fills_a_documented_key():
    docs = key_docs()
    for key, q in questions().items():
        assert key in docs, key
        assert q.kind in ("text", "id", "email", "date", "yesno", "choice", "months", "statute", "district",
                          "points"), key
        assert q.explanation, key


def test_end_marker_is_not_a_value():
    """A blank first answer of a list item ends the list (END), and never becomes a value: not
    None, not an item, not a blank that a later question reads as "left out"."""
    interview, _ = scripted([])
    q = questions()["charges[].statute"]
    assert interview.answer(q, "", ends_list=True) is END
    assert END is not None and not isinstance(END, (str, dict))
    with pytest.raises(ValueError, match="leave it blank when there are no more"):
        interview.answer(q, "unknown", ends_list=True)         # "unknown" does not end a list
    # the list stops at the blank answer and holds only the items answered before it
    interview, _ = scripted(["21 U.S.C. § 841(a)(1)", "Possession with intent", "120", ""])
    charges = interview.items("charges", ["statute", "description", "mandatory_minimum_months"])
    assert charges == [{"statute": "21 U.S.C. § 841(a)(1)", "description": "Possession with intent",
                        "mandatory_minimum_months": 120}]
    assert all(END not in item.values() for item in charges)
    interview, _ = scripted([""])
    assert interview.items("charges", ["statute", "description", "mandatory_minimum_months"]) == []


class _Terminal:
    """Standard input that says it is a terminal."""

    def isatty(self):
        return True


def test_ctrl_c_or_ctrl_d_at_a_terminal_ends_the_interview(monkeypatch):
    import click

    from drafter.cli import interview

    def aborted(*args, **kwargs):
        raise click.exceptions.Abort()

    monkeypatch.setattr(interview.sys, "stdin", _Terminal())
    monkeypatch.setattr(interview.click, "prompt", aborted)
    with pytest.raises(DrafterError, match="interview ended early"):
        interview.click_prompt("Matter number")


def test_a_terminal_answer_comes_through_click(monkeypatch):
    from drafter.cli import interview

    monkeypatch.setattr(interview.sys, "stdin", _Terminal())
    monkeypatch.setattr(interview.click, "prompt", lambda text, **kw: f"answer to {text}")
    assert interview.click_prompt("Judge") == "answer to Judge"
