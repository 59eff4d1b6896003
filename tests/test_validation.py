"""One loop turns pydantic's errors into FILE:LINE: key: message problems for every file drafter
validates (matter, workspace, clause files, a clause file's variants)."""

import pytest

from drafter.errors import DataError
from drafter.law.clauses import load_library
from drafter.model import yamlfile
from drafter.model.matter import Matter, validate
from drafter.model.workspace import load


def messages(excinfo) -> list[str]:
    return [str(p) for p in excinfo.value.problems]


def test_a_value_the_loader_refused_is_reported_once_in_a_clause_variant(tmp_path):
    house = tmp_path / "house"
    house.mkdir()
    (house / "rebuttal-use.yaml").write_text(
        "variants:\n  impeachment-only:\n    text: !!binary aGVsbG8=\n    tittle: x\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        load_library(house)
    at_text = [m for m in messages(e) if "variants.impeachment-only.text" in m]
    assert len(at_text) == 1 and "is not allowed (drafter reads plain data only)" in at_text[0]
    assert any(m.endswith("rebuttal-use.yaml:4: variants.impeachment-only.tittle: unknown key; "
                          "did you mean 'title'?") for m in messages(e))


def test_a_value_the_loader_refused_is_reported_once_in_a_matter_and_a_workspace(tmp_path):
    doc = yamlfile.load_text("format: 1\nid: x\nclient:\n  name: !!binary aGVsbG8=\n", "m.yaml")
    with pytest.raises(DataError) as e:
        validate(doc)
    assert [m for m in messages(e) if "client.name" in m] == [
        "m.yaml:4: client.name: the tag tag:yaml.org,2002:binary is not allowed (drafter reads plain data only)"]
    ws = tmp_path / "drafter.yaml"
    ws.write_text("firm:\n  name: !!binary aGVsbG8=\n  fone: 1\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        load(ws)
    assert [m for m in messages(e) if "firm.name" in m] == [
        f"{ws}:2: firm.name: the tag tag:yaml.org,2002:binary is not allowed (drafter reads plain data only)"]
    assert f"{ws}:3: firm.fone: unknown key; did you mean 'phone'?" in messages(e)


def test_the_matter_records_are_reexported_from_the_matter_module():
    from drafter.model import matter_model

    assert Matter is matter_model.Matter
