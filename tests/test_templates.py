"""The committed Word templates are exactly what their readable sources build."""

import importlib.util
import sys

from conftest import REPO


def load_builder():
    spec = importlib.util.spec_from_file_location("build_templates", REPO / "tools" / "build_templates.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses in the builder look their module up here
    spec.loader.exec_module(mod)
    return mod


def test_templates_match_their_sources():
    builder = load_builder()
    for name in builder.DOCUMENTS:
        committed = (REPO / "templates" / f"{name}.docx").read_bytes()
        assert builder.build(name) == committed, (
            f"templates/{name}.docx is out of date: run `make templates`")


def test_every_document_has_a_template():
    from drafter.documents import DOCUMENTS

    builder = load_builder()
    assert set(builder.DOCUMENTS) == set(DOCUMENTS)
