import pytest

from conftest import DELETE, REPO
from drafter.errors import DataError
from drafter.model.matter import consecutive_by_law, load_matter, parse_statute


def problems(path):
    with pytest.raises(DataError) as e:
        load_matter(path)
    return [str(p) for p in e.value.problems]


def test_demo_matter_loads():
    m = load_matter(REPO / "matters" / "demo.yaml")
    assert m.id == "2026-0142"
    assert m.client.name == "Marco A. Rivera"


@pytest.mark.parametrize("text,expected", [
    ("21 U.S.C. § 841(a)(1)", (21, "841", "(a)(1)")),
    ("21 USC 846", (21, "846", "")),
    ("46 U.S.C. § 70503(a)(1)", (46, "70503", "(a)(1)")),
    ("18 U.S.C. §924(c)(1)(A)(i)", (18, "924", "(c)(1)(A)(i)")),
    ("18 U.S.C. § 1028A(a)(1)", (18, "1028A", "(a)(1)")),
    ("21 U.S.C. Sec. 841", (21, "841", "")),
    ("21 U.S.C. §§ 841(a)(1), (b)(1)(A)", (21, "841", "(a)(1)")),
    ("Title 21, United States Code, Section 846", (21, "846", "")),
    ("Title 18, United States Code, Sections 924(c)(1)(A)(i)", (18, "924", "(c)(1)(A)(i)")),
    ("21 U.S.C.A. § 963", (21, "963", "")),
])
def test_statutes_parse(text, expected):
    assert parse_statute(text) == expected


def test_consecutive_defaults():
    assert consecutive_by_law(18, "924", "(c)(1)(A)")
    assert consecutive_by_law(18, "1028A", "")
    assert not consecutive_by_law(18, "924", "(a)(1)")
    assert not consecutive_by_law(21, "846", "")


def test_misspelled_key_names_file_line_and_suggestion(make_matter):
    text = (REPO / "matters" / "demo.yaml").read_text(encoding="utf-8").replace("  salutation:", "  salutaton:")
    path = make_matter(text=text)
    lines = text.splitlines()
    line = next(i for i, text_line in enumerate(lines, 1) if "salutaton" in text_line)
    assert problems(path) == [f"{path}:{line}: client.salutaton: unknown key; did you mean 'salutation'?"]


def test_every_problem_is_reported_at_once(make_matter):
    path = make_matter({"case": {"stage": "chargd", "sentencing_date": "2027-02-30"},
                        "charges": [{"statute": "nonsense", "mandatory_minimum_months": -1}],
                        "cooperation": {"status": "maybe"}})
    found = problems(path)
    keys = [p.split(": ")[1] for p in found]
    assert "case.stage" in keys and "charges[0].statute" in keys
    assert "charges[0].mandatory_minimum_months" in keys and "cooperation.status" in keys
    assert all(p.startswith(f"{path}:") for p in found)


def test_impossible_date_in_yaml_is_reported_with_its_line(make_matter):
    path = make_matter(text=(REPO / "matters" / "demo.yaml").read_text(encoding="utf-8")
                       .replace("proffer_date: 2027-01-12", "proffer_date: 2027-02-30"))
    [p] = problems(path)
    assert "cooperation.proffer_date" in p and "not a real date" in p


def test_notepad_file_with_bom_and_crlf_loads(tmp_path):
    text = (REPO / "matters" / "demo.yaml").read_text(encoding="utf-8")
    path = tmp_path / "notepad.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert load_matter(path).client.name == "Marco A. Rivera"


def test_utf16_file_loads(tmp_path):
    text = (REPO / "matters" / "demo.yaml").read_text(encoding="utf-8")
    path = tmp_path / "utf16.yaml"
    path.write_bytes(text.encode("utf-16"))
    assert load_matter(path).id == "2026-0142"


@pytest.mark.parametrize("points", [0, 4, "two"])
def test_prior_sentence_points_must_be_1_to_3(make_matter, points):
    path = make_matter({"criminal_history": {"prior_sentences": [{"points": points}]}})
    [p] = problems(path)
    assert "criminal_history.prior_sentences[0].points" in p


def test_dangerous_yaml_tags_are_refused(make_matter, tmp_path):
    marker = tmp_path / "pwned"
    text = ("format: 1\nid: X\nclient:\n  name: !!python/object/apply:os.system "
            f"['touch {marker}']\n")
    path = make_matter(text=text)
    found = problems(path)
    assert any("tag" in p and ":4:" in p for p in found)
    assert not marker.exists()


def test_alias_bomb_is_refused(make_matter):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    path = make_matter(text="\n".join(lines) + "\n")
    assert any("too many values" in p for p in problems(path))


@pytest.mark.parametrize("bad_id", ["../etc", "a/b", "a b", ".."])
def test_ids_that_could_escape_a_folder_are_refused(make_matter, bad_id):
    path = make_matter({"id": bad_id})
    assert any("id:" in p for p in problems(path))


def test_unknown_clause_type_in_negotiation(make_matter):
    path = make_matter({"negotiation": {"variants": {"rebutal-use": "impeachment-only"}, "exclude": ["polygrph"]}})
    found = problems(path)
    assert any("did you mean 'rebuttal-use'" in p for p in found)
    assert any("did you mean 'polygraph'" in p for p in found)


def test_missing_required_keys(make_matter):
    path = make_matter({"client": DELETE, "government": {"prosecutor": DELETE}})
    found = problems(path)
    assert any("client: this key is required" in p for p in found)
    assert any("government.prosecutor: this key is required" in p for p in found)


def test_text_reaches_the_model_literally(make_matter):
    name = "José Núñez & <Sons> \"Q\" {{ 7*7 }}"
    m = load_matter(make_matter({"client": {"name": name}}))
    assert m.client.name == name


def test_empty_and_list_files(make_matter):
    assert "empty" in problems(make_matter(text=""))[0]
    assert "not a list" in problems(make_matter(text="- a\n- b\n"))[0]


def test_empty_list_keys_mean_none(make_matter):
    text = (REPO / "matters" / "demo.yaml").read_text(encoding="utf-8")
    text = text.replace("  agents:\n    - name: Dana K. Ortiz\n      agency: DEA\n    - name: Luis Ferrer\n"
                        "      agency: HSI\n", "  agents:\n")
    assert "  agents:\n\ncharges:" in text
    m = load_matter(make_matter(text=text))
    assert m.government.agents == []
