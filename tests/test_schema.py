"""drafter schema: the matter format as JSON Schema, generated from the Matter model."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
import yaml
from click.testing import CliRunner

jsonschema = pytest.importorskip("jsonschema")

# after the importorskip: without jsonschema the module is skipped before anything else loads
from conftest import BASE, REPO  # noqa: E402
from drafter.cli import main  # noqa: E402
from drafter.errors import DataError  # noqa: E402
from drafter.model.matter import Matter, load_matter  # noqa: E402
from drafter.model.schema import DRAFT, key_docs, matter_schema, schema_text  # noqa: E402

EXAMPLES = sorted((REPO / "matters").glob("*.yaml"))


def plain(value):
    """YAML data as JSON sees it: dates become ISO strings."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def validator():
    schema = matter_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def errors(validator, data) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def test_schema_is_draft_2020_12():
    schema = matter_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema" == DRAFT
    assert "$defs" not in schema and "$ref" not in json.dumps(schema)


def test_there_are_example_matters():
    assert EXAMPLES, "no example matters in matters/"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_matter_validates(validator, path):
    data = plain(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert errors(validator, data) == []


@pytest.mark.parametrize("where,key", [
    ((), "colour"),
    (("client",), "nmae"),
    (("case",), "sentencing"),
    (("government", "prosecutor"), "phone"),
    (("offense",), "firearm"),
    (("cooperation",), "proffer"),
])
def test_unknown_key_is_rejected(validator, where, key):
    data = plain(yaml.safe_load((REPO / "matters" / "demo.yaml").read_text(encoding="utf-8")))
    node = data
    for part in where:
        node = node[part]
    node[key] = "x"
    found = errors(validator, data)
    assert found and any("Additional properties" in e for e in found), found


def test_unknown_key_in_a_list_item_is_rejected(validator):
    data = copy.deepcopy(BASE)
    data["charges"][0]["statue"] = "21 U.S.C. § 846"
    assert errors(validator, data)


def objects(node, path=""):
    """Every object schema (one with properties) in the tree, with where it is."""
    if isinstance(node, dict):
        if "properties" in node:
            yield path, node
        for key, value in node.items():
            yield from objects(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from objects(value, f"{path}/{i}")


def test_additional_properties_false_everywhere():
    found = list(objects(matter_schema()))
    assert len(found) >= 15
    for path, node in found:
        assert node.get("additionalProperties") is False, path


def properties(node, path=""):
    """(dotted key path, schema) of every key, with [] for list items."""
    for branch in node.get("anyOf", []):
        yield from properties(branch, path)
    for key, sub in node.get("properties", {}).items():
        dotted = f"{path}.{key}" if path else key
        yield dotted, sub
        yield from properties(sub, dotted)
    if isinstance(node.get("items"), dict):
        yield from properties(node["items"], path + "[]")


def test_every_key_has_a_title_and_description():
    keys = dict(properties(matter_schema()))
    assert "charges[].statute" in keys and "cooperation.information[].subject" in keys
    for path, sub in keys.items():
        assert sub.get("title"), path
        assert sub.get("description"), path


def test_key_descriptions_name_only_real_keys():
    real = {path for path, _ in properties(matter_schema())}
    items = {p.rsplit("[]", 1)[0] + "[]" for p in real if "[]" in p}
    assert set(key_docs()) - real - items == set()


def test_dates_are_strings_of_format_date(validator):
    date = dict(properties(matter_schema()))["case.sentencing_date"]
    assert {"type": "string", "format": "date"} in date["anyOf"]
    data = copy.deepcopy(BASE)
    data["case"]["sentencing_date"] = "2027-03-15"
    assert errors(validator, data) == []
    data["case"]["sentencing_date"] = "2027-02-30"
    assert errors(validator, data)


@pytest.mark.parametrize("value,ok", [
    (True, True), (False, True), ("unknown", True), ("maybe", False), (None, False), (0, False),
])
def test_known_to_government_is_true_false_or_unknown(validator, value, ok):
    sub = dict(properties(matter_schema()))["cooperation.information[].known_to_government"]
    assert sub["enum"] == [True, False, "unknown"]
    data = copy.deepcopy(BASE)
    data["cooperation"]["information"] = [{"subject": "couriers", "known_to_government": value}]
    assert (errors(validator, data) == []) is ok


@pytest.mark.parametrize("change", [
    {"case": {"district": "S.D. Fla.", "stage": "arraigned"}},
    {"format": 2},
    {"id": "2026/0142"},
    {"client": {"name": "A", "in_custody": "yes"}},
    {"charges": [{"statute": "21 U.S.C. § 846", "mandatory_minimum_months": -1}]},
    {"charges": [{"statute": "section 846"}]},
    {"criminal_history": {"prior_sentences": [{"points": 4}]}},
    {"cooperation": {"status": "considering", "safety_concerns": "low"}},
    {"negotiation": {"exclude": ["polygraf"]}},
    {"negotiation": {"variants": {"rebutal-use": "impeachment-only"}}},
])
def test_schema_and_loader_both_reject(validator, make_matter, change):
    data = {**copy.deepcopy(BASE), **change}
    assert errors(validator, data), change
    with pytest.raises(DataError):
        load_matter(make_matter(data))


@pytest.mark.parametrize("change", [
    {},
    {"client": {"name": "José Núñez", "salutation": None, "language": "Spanish"}},
    {"defense": {"attorney": {"name": "Alex Counsel", "bar_number": 123456}}},
    {"criminal_history": {"prior_sentences": []}},
    {"cooperation": {"status": "cooperating", "information": [], "proffer_date": "2027-01-10"}},
    {"negotiation": {"variants": {"rebuttal-use": "impeachment-only"}, "exclude": ["polygraph"]}},
])
def test_schema_and_loader_both_accept(validator, make_matter, change):
    data = {**copy.deepcopy(BASE), **change}
    assert errors(validator, data) == []
    load_matter(make_matter(data))


def test_schema_follows_the_model():
    """A key added to the model appears in the schema without touching schema.py."""
    schema_keys = {path for path, _ in properties(matter_schema()) if "." not in path}
    assert schema_keys == set(Matter.model_fields)


def test_cli_prints_the_schema():
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == matter_schema()


def test_cli_writes_the_schema_to_a_file(tmp_path):
    out = tmp_path / "matter.schema.json"
    result = CliRunner().invoke(main, ["schema", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == schema_text()
